// The Syscall chip: one row per ECALL. The id (t0, read by the CPU) selects HALT / WRITE / HINT_LEN /
// HINT_READ / COMMIT; a1 and a2 are read here at ts + 2 (as the executor records them). HALT reports itself
// to the CPU (which makes it the last instruction and exports the exit code); HINT_LEN returns a witness
// length (range-checked bytes) written to a0; COMMIT binds a1 to digest word a0 (0..7) of the public values;
// WRITE checks fd in {1, 2, 3}. Running flags record which digest words were committed; their last-row
// values are public (the verifier requires all 8).
//
// Not yet in the circuit: the memory a WRITE reads and a HINT_READ writes. Until the syscall-memory chip
// exists, WRITE and HINT_READ are constrained to length 0 (a guest that uses them with data cannot be proven
// yet).
//
// Public values: the 8 digest words as 32 bytes (word i = bytes 4i..4i+3), then 8 committed flags.
//
// Portable (verifier).
#pragma once

#include <cstddef>
#include <string_view>

#include "neo/zkvm/air/builder.hpp"
#include "neo/zkvm/circuit/access.hpp"

namespace neo::zkvm::circuit {

struct SyscallCols {
  static constexpr std::size_t kIsHalt = 0;  // 5 selectors in syscall-id order
  static constexpr std::size_t kIsWrite = 1;
  static constexpr std::size_t kIsHintLen = 2;
  static constexpr std::size_t kIsHintRead = 3;
  static constexpr std::size_t kIsCommit = 4;
  static constexpr std::size_t kTs = 5;
  static constexpr std::size_t kId = 6;       // 4 bytes (t0)
  static constexpr std::size_t kA0 = 10;      // 4 bytes
  static constexpr std::size_t kResult = 14;  // 4 bytes
  static constexpr std::size_t kA1 = 18;      // 4 bytes
  static constexpr std::size_t kA1Access = 22;
  static constexpr std::size_t kA2 = 25;  // 4 bytes
  static constexpr std::size_t kA2Access = 29;
  static constexpr std::size_t kCommitSel = 32;   // 8: one-hot digest index
  static constexpr std::size_t kFdProduct = 40;   // (fd - 1)(fd - 2)
  static constexpr std::size_t kCommitSeen = 41;  // 8: digest word k committed on this row or before
  static constexpr std::size_t kWidth = 49;
};

struct SyscallPublicValues {
  static constexpr std::size_t kDigest = 0;      // 32 bytes
  static constexpr std::size_t kCommitted = 32;  // 8 flags: digest word k was committed at least once
  static constexpr std::size_t kCount = 40;
};

struct SyscallChip {
  std::string_view name() const noexcept { return "Syscall"; }
  std::size_t main_width() const noexcept { return SyscallCols::kWidth; }
  std::size_t num_public_values() const noexcept { return SyscallPublicValues::kCount; }
  void eval(air::AirBuilder& b) const;
};

}  // namespace neo::zkvm::circuit
