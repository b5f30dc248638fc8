// The Syscall chip: one row per ECALL. The id (t0, read by the CPU) selects HALT / WRITE / HINT_LEN /
// HINT_READ / COMMIT; a1 and a2 are read here at ts + 2 (as the executor records them). HALT reports itself
// to the CPU (which makes it the last instruction and exports the exit code); HINT_LEN returns a witness
// length (range-checked bytes) written to a0; COMMIT binds a1 to digest word a0 (0..7) of the public values;
// WRITE checks fd in {1, 2, 3}. Running flags record which digest words were committed; their last-row
// values are public (the verifier requires all 8).
//
// WRITE (a1 = pointer, a2 = length) and HINT_READ (a0 = pointer, a1 = length) with a non-zero length name
// their buffer [p, p + n) to the SyscallMemory chip: the row proves n - 1 + 1 = n and p + (n - 1) = last
// through AddSub (no wrap-around: p, n - 1 and last are below 2^31 by MSB lookups), p >= 2^16, and splits p
// and last into word index and byte offset; it then sends (ts, first word, last word, p's offset, last's
// offset, is HINT_READ) on the SYSCALL_MEMORY bus. Every buffer the executor accepts (inside
// [2^16, 2^31)) satisfies these bounds.
//
// SyscallMemory: one row per word of such a buffer, accessed at the syscall's ts + 2. Rows chain word by
// word from the first word to the last (each receives its tuple and sends the next one unless its word is the
// last word, which an inverse proves). Bytes of the word inside the buffer (a mask from the offsets) may be
// replaced by a HINT_READ (with any byte: the hint is private; written bytes are range-checked); all other
// bytes, and every byte a WRITE reads, keep their value. What a WRITE outputs is not in the circuit: only the
// committed digest binds public values, and the verifier recomputes it.
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
  // The buffer of WRITE / HINT_READ (all zero for other syscalls).
  static constexpr std::size_t kPtr = 49;           // 4 bytes: p
  static constexpr std::size_t kLen = 53;           // 4 bytes: n
  static constexpr std::size_t kLenMinusOne = 57;   // 4 bytes: n - 1 (when n != 0)
  static constexpr std::size_t kLast = 61;          // 4 bytes: p + n - 1, the buffer's last byte
  static constexpr std::size_t kHasData = 65;       // n != 0
  static constexpr std::size_t kLenInverse = 66;    // inverse of the byte sum of n (when n != 0)
  static constexpr std::size_t kStartOffset = 67;   // 4: one-hot p mod 4
  static constexpr std::size_t kStartQuarter = 71;  // (p[0] - p mod 4) / 4
  static constexpr std::size_t kEndOffset = 72;     // 4: one-hot last mod 4
  static constexpr std::size_t kEndQuarter = 76;    // (last[0] - last mod 4) / 4
  // HINT_LEN / HINT_READ: the private-input cell (kHintCell) before and after, and its access.
  static constexpr std::size_t kHintBefore = 77;  // 4 bytes
  static constexpr std::size_t kHintAfter = 81;   // 4 bytes
  static constexpr std::size_t kHintAccess = 85;  // AccessCols
  static constexpr std::size_t kWidth = 88;
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

struct SyscallMemoryCols {
  static constexpr std::size_t kIsReal = 0;
  static constexpr std::size_t kTs = 1;           // the syscall's ts (the access is at ts + 2)
  static constexpr std::size_t kWord = 2;         // word index addr / 4
  static constexpr std::size_t kLastWord = 3;     // the buffer's last word index
  static constexpr std::size_t kStartOffset = 4;  // 4: one-hot offset of the buffer's first byte in this word
  static constexpr std::size_t kEndOffset =
      8;                                      // 4: one-hot offset of the buffer's last byte in the last word
  static constexpr std::size_t kIsLast = 12;  // word == last word
  static constexpr std::size_t kWrites = 13;  // HINT_READ (else WRITE: a read)
  static constexpr std::size_t kGapInverse = 14;  // inverse of word - last word (when not the last)
  static constexpr std::size_t kMask = 15;        // 4: the byte is inside the buffer
  static constexpr std::size_t kPrev = 19;        // 4 bytes
  static constexpr std::size_t kValue = 23;       // 4 bytes
  static constexpr std::size_t kAccess = 27;      // AccessCols
  static constexpr std::size_t kReadOnly = 30;    // 4: the word's read-only byte mask, bit by bit
  static constexpr std::size_t kWidth = 34;
};

struct SyscallMemoryChip {
  std::string_view name() const noexcept { return "SyscallMemory"; }
  std::size_t main_width() const noexcept { return SyscallMemoryCols::kWidth; }
  void eval(air::AirBuilder& b) const;
};

}  // namespace neo::zkvm::circuit
