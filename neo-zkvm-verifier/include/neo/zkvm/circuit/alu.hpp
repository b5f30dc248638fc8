// The ALU chips. Each receives ALU (op, a, b, c) tuples (a = op(b, c), words as 4 bytes) for its operations,
// one row per operation, with one boolean selector column per operation (is_real = their sum). Inputs b and c
// are bytes already (register values and immediates are range-checked where they are made); every output
// byte is proven to be a byte here.
//
// Portable (verifier).
#pragma once

#include <cstddef>
#include <string_view>

#include "neo/zkvm/air/builder.hpp"

namespace neo::zkvm::circuit {

// ADD / SUB: byte-wise addition with boolean carries; SUB as a = b - c <=> a + c = b.
struct AddSubCols {
  static constexpr std::size_t kIsAdd = 0;
  static constexpr std::size_t kIsSub = 1;
  static constexpr std::size_t kA = 2;
  static constexpr std::size_t kB = 6;
  static constexpr std::size_t kC = 10;
  static constexpr std::size_t kCarry = 14;  // 4 carries out of each byte
  static constexpr std::size_t kWidth = 18;
};
struct AddSubChip {
  std::string_view name() const noexcept { return "AddSub"; }
  std::size_t main_width() const noexcept { return AddSubCols::kWidth; }
  void eval(air::AirBuilder& b) const;
};

// XOR / OR / AND: one byte-table lookup per byte.
struct BitwiseCols {
  static constexpr std::size_t kIsXor = 0;
  static constexpr std::size_t kIsOr = 1;
  static constexpr std::size_t kIsAnd = 2;
  static constexpr std::size_t kA = 3;
  static constexpr std::size_t kB = 7;
  static constexpr std::size_t kC = 11;
  static constexpr std::size_t kWidth = 15;
};
struct BitwiseChip {
  std::string_view name() const noexcept { return "Bitwise"; }
  std::size_t main_width() const noexcept { return BitwiseCols::kWidth; }
  void eval(air::AirBuilder& b) const;
};

// SLT / SLTU / EQ (a = [r, 0, 0, 0]): the most significant differing byte is selected (one-hot, or none
// when equal), proven different through an inverse, compared with an LTU lookup; SLT overrides the answer
// with the sign bits when they differ.
struct LtCols {
  static constexpr std::size_t kIsSlt = 0;
  static constexpr std::size_t kIsSltu = 1;
  static constexpr std::size_t kIsEq = 2;
  static constexpr std::size_t kResult = 3;
  static constexpr std::size_t kB = 4;
  static constexpr std::size_t kC = 8;
  static constexpr std::size_t kDiffSel = 12;  // 4: byte k is the most significant differing byte
  static constexpr std::size_t kBTop = 16;     // the selected bytes
  static constexpr std::size_t kCTop = 17;
  static constexpr std::size_t kDiffInv = 18;  // (b_top - c_top)^-1 when a byte differs
  static constexpr std::size_t kTopLtu = 19;   // b_top < c_top
  static constexpr std::size_t kMsbB = 20;
  static constexpr std::size_t kMsbC = 21;
  static constexpr std::size_t kSignsDiffer = 22;
  static constexpr std::size_t kWidth = 23;
};
struct LtChip {
  std::string_view name() const noexcept { return "Lt"; }
  std::size_t main_width() const noexcept { return LtCols::kWidth; }
  void eval(air::AirBuilder& b) const;
};

// SLL / SRL / SRA. shamt = c mod 32 = 8 byte_shift + bit_shift, from the five bits of c[0]. Each byte of b
// is split by a SHR lookup (SLL: at 8 - bit_shift, SRx: at bit_shift) into a part that stays in the byte and
// a part carried into the neighbour; x = the bit-shifted word; then a = x shifted by whole bytes (one-hot),
// filled with zeros or, for SRA, the sign.
struct ShiftCols {
  static constexpr std::size_t kIsSll = 0;
  static constexpr std::size_t kIsSrl = 1;
  static constexpr std::size_t kIsSra = 2;
  static constexpr std::size_t kA = 3;
  static constexpr std::size_t kB = 7;
  static constexpr std::size_t kC = 11;
  static constexpr std::size_t kShamtBits = 15;   // 5 bits of c[0]
  static constexpr std::size_t kShamtUpper = 20;  // c[0] >> 5
  static constexpr std::size_t kBitMul = 21;      // 2^bit_shift
  static constexpr std::size_t kCarryMul = 22;    // 2^(8 - bit_shift)
  static constexpr std::size_t kShrAmount = 23;   // the SHR lookup's y
  static constexpr std::size_t kShrHigh = 24;     // 4: b_i >> y
  static constexpr std::size_t kShrLow = 28;      // 4: b_i & (2^y - 1)
  static constexpr std::size_t kBitShifted = 32;  // 4: x
  static constexpr std::size_t kByteShift = 36;   // 4: one-hot byte_shift
  static constexpr std::size_t kSign = 40;        // msb of b (SRA)
  static constexpr std::size_t kFill = 41;        // 255 * sign for SRA, else 0
  static constexpr std::size_t kWidth = 42;
};
struct ShiftChip {
  std::string_view name() const noexcept { return "Shift"; }
  std::size_t main_width() const noexcept { return ShiftCols::kWidth; }
  void eval(air::AirBuilder& b) const;
};

// MUL / MULH / MULHSU / MULHU: the 64-bit product of the (sign- or zero-) extended operands as 8 bytes, by
// schoolbook convolution of bytes with carries (each carry < 2^16, range-checked); MUL returns the low
// word, the MULH* the high word.
struct MulCols {
  static constexpr std::size_t kIsMul = 0;
  static constexpr std::size_t kIsMulh = 1;
  static constexpr std::size_t kIsMulhsu = 2;
  static constexpr std::size_t kIsMulhu = 3;
  static constexpr std::size_t kA = 4;
  static constexpr std::size_t kB = 8;
  static constexpr std::size_t kC = 12;
  static constexpr std::size_t kProduct = 16;  // 8 bytes
  static constexpr std::size_t kCarry = 24;    // 8 carries
  static constexpr std::size_t kMsbB = 32;
  static constexpr std::size_t kMsbC = 33;
  static constexpr std::size_t kExtB = 34;  // 255 when b is negative and signed, else 0
  static constexpr std::size_t kExtC = 35;
  static constexpr std::size_t kWidth = 36;
};
struct MulChip {
  std::string_view name() const noexcept { return "Mul"; }
  std::size_t main_width() const noexcept { return MulCols::kWidth; }
  void eval(air::AirBuilder& b) const;
};

}  // namespace neo::zkvm::circuit
