// Operation ids used inside the circuit: what travels in the `op` field of the ALU, MEMINSTR and BYTE buses
// and in the Program table. They are the circuit's own numbering (not the rv32 decoder's enum), fixed here
// because the verifying key depends on them.
//
// Portable (verifier).
#pragma once

#include <cstdint>

#include "neo/guest/abi.hpp"

namespace neo::zkvm::circuit {

// ALU operations. I-type instructions use their R-type operation; branches use kEq / kSlt / kSltu; JALR,
// loads and stores use kAdd for their address.
enum class AluOp : std::uint32_t {
  kAdd = 1,
  kSub,
  kXor,
  kOr,
  kAnd,
  kSll,
  kSrl,
  kSra,
  kSlt,
  kSltu,
  kEq,  // a = [b == c, 0, 0, 0]
  kMul,
  kMulh,
  kMulhsu,
  kMulhu,
  kDiv,
  kDivu,
  kRem,
  kRemu,
};

// Loads and stores (MEMINSTR bus). Distinct from the ALU ids so that a Program row's `op` names one thing.
enum class MemOp : std::uint32_t {
  kLb = 32,
  kLh,
  kLw,
  kLbu,
  kLhu,
  kSb,
  kSh,
  kSw,
};

// Byte-table operations (BYTE bus, tuple (op, x, y, z, w)).
enum class ByteOp : std::uint32_t {
  kAnd = 1,  // z = x & y, w = 0
  kOr,       // z = x | y, w = 0
  kXor,      // z = x ^ y, w = 0
  kLtu,      // z = x < y, w = 0
  kMsb,      // y = 0, z = x >> 7, w = 0
  kU8,       // x, y bytes, z = w = 0
  kShr,      // z = x >> y, w = x & (2^y - 1) (y >= 8: z = 0, w = x)
};
inline constexpr std::uint32_t kByteOpCount = 7;

constexpr std::uint32_t op_id(AluOp op) noexcept { return static_cast<std::uint32_t>(op); }
constexpr std::uint32_t op_id(MemOp op) noexcept { return static_cast<std::uint32_t>(op); }
constexpr std::uint32_t op_id(ByteOp op) noexcept { return static_cast<std::uint32_t>(op); }

// Syscall ids as field constants of the Syscall chip (the guest ABI's values).
inline constexpr std::uint32_t kSyscallHalt = static_cast<std::uint32_t>(guest::abi::Syscall::kHalt);
inline constexpr std::uint32_t kSyscallWrite = static_cast<std::uint32_t>(guest::abi::Syscall::kWrite);
inline constexpr std::uint32_t kSyscallHintLen = static_cast<std::uint32_t>(guest::abi::Syscall::kHintLen);
inline constexpr std::uint32_t kSyscallHintRead = static_cast<std::uint32_t>(guest::abi::Syscall::kHintRead);
inline constexpr std::uint32_t kSyscallCommit = static_cast<std::uint32_t>(guest::abi::Syscall::kCommit);
inline constexpr std::uint32_t kDigestWords = guest::abi::kDigestWords;
// ABI registers of an ECALL (docs/guest-abi.md).
inline constexpr std::uint32_t kRegT0 = 5;
inline constexpr std::uint32_t kRegA0 = 10;
inline constexpr std::uint32_t kRegA1 = 11;
inline constexpr std::uint32_t kRegA2 = 12;
// The private-input cell: a MEMORY bus address beside the registers (no instruction can name it) holding the
// number of bytes left in the private input. HINT_LEN reads it, HINT_READ of n bytes lowers it by n (n at
// most what is left); its initial value, the input's length, is a witness (Memory's row for it).
inline constexpr std::uint32_t kHintCell = 32;

}  // namespace neo::zkvm::circuit
