// The buses of the rv32im circuit (docs/circuit.md §3): ids and tuple arities. Every interaction on a bus
// carries exactly kArity fields (air::check_buses rejects a chip set that mixes arities), in the order given
// here. Words travel as 4 little-endian bytes; memory addresses as one field element (a register index 0..31
// or a word index addr / 4, both below 2^29); timestamps as one field element below 2^29.
//
// Portable (verifier).
#pragma once

#include <cstddef>
#include <cstdint>

namespace neo::zkvm::circuit {

enum class Bus : std::uint32_t {
  // (pc, alu_op, mem_op, rd, rs1, rs2, imm[4], aux[4], target, flags[kProgramFlagCount]): CPU sends one per
  // executed
  // instruction, the Program chip receives with its multiplicity column.
  kProgram = 1,
  // (addr, value[4], timestamp, read_only): every access receives (addr, prev, prev_ts, ro) and sends
  // (addr, new, ts, ro); the memory chip sends (addr, init, 0, ro) and receives (addr, final, final_ts, ro).
  // ro is the word's read-only byte mask (bit j: byte j lies in a segment without PF_W), fixed by the image
  // and carried unchanged by every access: a store or HINT_READ proves it writes no byte of the mask.
  kMemory = 2,
  // (op, a[4], b[4], c[4]) with a = op(b, c): CPU sends, the ALU chips receive.
  kAlu = 3,
  // (op, x, y, z, w): a byte fact (ByteOp), received by the Byte table.
  kByte = 4,
  // (x): x in [0, 2^16), received by the Byte table.
  kRange16 = 5,
  // (op, addr[4], data[4], result[4], ts): a load or store, CPU sends, MemoryInstr receives.
  kMemInstr = 6,
  // (ts, id[4], a0[4], result[4], writes_a0, is_halt): an ECALL, CPU sends, Syscall receives.
  kSyscall = 7,
  // (addr, value[4], read_only): an initial memory word of the ELF image (every word a read-only segment
  // touches among them) or an initial register, sent by the memory chip for every such address, received by
  // the preprocessed MemoryImage table once per row.
  kImage = 8,
  // (ts, word, last_word, start_offset, end_offset, writes): the words of a WRITE (read) or HINT_READ
  // (written)
  // buffer. The Syscall chip sends the first (its ts, the first and last word index, the buffer's first and
  // last byte offsets within their words, HINT_READ or not); each SyscallMemory row receives one and, unless
  // it is the last word, sends the next (word + 1, start offset 0).
  kSyscallMemory = 9,
};

constexpr std::uint32_t bus_id(Bus bus) noexcept { return static_cast<std::uint32_t>(bus); }

// Flags carried by the PROGRAM bus, after the fixed fields (order = ProgramFlag values).
enum class ProgramFlag : std::uint8_t {
  kUsesAlu = 0,   // sends ALU (op, alu_out, rs1, c)
  kImmOperand,    // c = imm (else c = rs2)
  kAluResult,     // res = alu_out
  kStaticResult,  // res = aux (LUI, AUIPC, JAL, JALR: a per-instruction constant)
  kBranch,        // next pc = target when taken, taken = alu_out[0] xor kBranchNegate
  kBranchNegate,
  kJal,    // next pc = target
  kJalr,   // next pc = alu_out with bit 0 cleared
  kMem,    // sends MEMINSTR (op, alu_out, rs2, res, ts)
  kEcall,  // sends SYSCALL
  kReadsRs1,
  kReadsRs2,
  kWritesRd,
  kRdIsZero,  // rd == x0: the written value is 0
  kCount,
};
inline constexpr std::size_t kProgramFlagCount = static_cast<std::size_t>(ProgramFlag::kCount);

inline constexpr std::size_t kProgramArity = 15 + kProgramFlagCount;
inline constexpr std::size_t kMemoryArity = 7;
inline constexpr std::size_t kAluArity = 13;
inline constexpr std::size_t kByteArity = 5;
inline constexpr std::size_t kRange16Arity = 1;
inline constexpr std::size_t kMemInstrArity = 14;
inline constexpr std::size_t kSyscallArity = 15;
inline constexpr std::size_t kImageArity = 6;
inline constexpr std::size_t kSyscallMemoryArity = 6;

// Bounds that the single-element representations rely on (docs/circuit.md §2).
inline constexpr std::uint32_t kTimestampBits = 29;  // every timestamp < 2^29
inline constexpr std::uint32_t kAddressBits = 29;    // every bus address < 2^29
// Code (and every JALR target) lies below this address, so a pc is one field element without aliasing.
inline constexpr std::uint32_t kMaxCodeAddress = 0x7800'0000u;

}  // namespace neo::zkvm::circuit
