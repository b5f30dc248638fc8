// The Byte table: 2^16 preprocessed rows, one per byte pair (x, y) (row = 256 x + y), with the results of
// every ByteOp; one multiplicity column per op plus one for 16-bit range checks (x * 256 + y). It receives
// the BYTE and RANGE16 buses. All rows are real; a multiplicity is free (the preprocessed tuple fixes what
// it may count).
//
// Portable (verifier).
#pragma once

#include <cstddef>
#include <string_view>

#include "neo/zkvm/air/builder.hpp"
#include "neo/zkvm/circuit/opcodes.hpp"

namespace neo::zkvm::circuit {

struct BytePreprocessedCols {
  static constexpr std::size_t kX = 0;
  static constexpr std::size_t kY = 1;
  static constexpr std::size_t kAnd = 2;
  static constexpr std::size_t kOr = 3;
  static constexpr std::size_t kXor = 4;
  static constexpr std::size_t kLtu = 5;
  static constexpr std::size_t kMsb = 6;       // x >> 7
  static constexpr std::size_t kShr = 7;       // x >> y (0 when y >= 8)
  static constexpr std::size_t kShrCarry = 8;  // x & (2^y - 1) (x when y >= 8)
  static constexpr std::size_t kWidth = 9;
};

struct ByteCols {
  // Multiplicity of ByteOp op at column op_id(op) - 1.
  static constexpr std::size_t multiplicity(ByteOp op) noexcept { return op_id(op) - 1; }
  static constexpr std::size_t kRange16 = kByteOpCount;
  static constexpr std::size_t kWidth = kByteOpCount + 1;
};

inline constexpr unsigned kByteTableLogHeight = 16;

struct ByteChip {
  std::string_view name() const noexcept { return "Byte"; }
  std::size_t preprocessed_width() const noexcept { return BytePreprocessedCols::kWidth; }
  std::size_t main_width() const noexcept { return ByteCols::kWidth; }
  void eval(air::AirBuilder& b) const;
};

}  // namespace neo::zkvm::circuit
