// What the executor's recording mode produces for the prover: one event per executed instruction plus the
// memory-argument bookkeeping (first-touch values and final values with timestamps).
//
// Timestamps. Instruction number c (0-based) owns the four timestamps 4c+4 .. 4c+7: rs1 is read at 4c+4,
// rs2 at 4c+5, memory (and, for ECALL, a1/a2 and every syscall memory access) at 4c+6, rd is written at
// 4c+7. Timestamp 0 is the initial state, so every access's timestamp is strictly greater than the timestamp
// of the previous access to the same address, which is what offline memory checking proves.
//
// Addresses. Registers are addresses 0..31 (x0 reads 0 and a write to it is discarded, still recorded with
// value 0); guest memory words are their byte address (4-aligned, >= abi::kMemoryStart), so the two never
// collide. Memory is word-granular: a byte or halfword load/store accesses its whole aligned word, and the
// record holds the word before and after.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "neo/zkvm/rv32/elf.hpp"
#include "neo/zkvm/rv32/instruction.hpp"

namespace neo::zkvm::rv32 {

inline constexpr std::uint64_t kTimestampsPerCycle = 4;
inline constexpr std::uint64_t kRs1TimestampOffset = 0;
inline constexpr std::uint64_t kRs2TimestampOffset = 1;
inline constexpr std::uint64_t kMemoryTimestampOffset = 2;
inline constexpr std::uint64_t kRdTimestampOffset = 3;

// First timestamp of instruction number `cycle`.
constexpr std::uint64_t timestamp_of_cycle(std::uint64_t cycle) noexcept {
  return kTimestampsPerCycle * (cycle + 1);
}

// One access to a register (addr 0..31) or to a memory word. For a read, value == prev_value.
struct MemoryAccess {
  std::uint32_t addr = 0;
  std::uint32_t value = 0;           // value after the access
  std::uint32_t prev_value = 0;      // value before the access
  std::uint64_t prev_timestamp = 0;  // timestamp of the previous access to addr (0: never accessed before)

  friend bool operator==(const MemoryAccess&, const MemoryAccess&) = default;
};

// Which accesses of a CpuEvent are meaningful.
inline constexpr std::uint8_t kAccessRs1 = 0x1;
inline constexpr std::uint8_t kAccessRs2 = 0x2;
inline constexpr std::uint8_t kAccessRd = 0x4;
inline constexpr std::uint8_t kAccessMemory = 0x8;

// One executed instruction. For ECALL: rs1 is the read of t0 (x5, the syscall id), rs2 the read of a0 (x10),
// rd the write of a0 (only HINT_LEN writes it); the reads of a1/a2 and the memory the syscall touches are in
// the SyscallEvent with the same cycle.
struct CpuEvent {
  std::uint64_t cycle = 0;  // instruction number; its timestamps are timestamp_of_cycle(cycle) + offset
  std::uint32_t pc = 0;
  std::uint32_t next_pc = 0;  // for the HALT ecall: its own pc (the machine stops there)
  std::uint32_t instruction = 0;
  Opcode opcode = Opcode::kIllegal;
  std::uint8_t accesses = 0;  // kAccess* bits
  MemoryAccess rs1, rs2, rd, memory;
};

// One ECALL. Arguments are the values of a0..a2 at the ecall; `result` is what was written to a0 (HINT_LEN
// only). The memory words the syscall read (WRITE) or wrote (HINT_READ) are
// ExecutionRecord::syscall_memory[first_memory_access, first_memory_access + memory_access_count), each word
// accessed once, in increasing address order.
struct SyscallEvent {
  std::uint64_t cycle = 0;
  std::uint32_t syscall = 0;
  std::array<std::uint32_t, 3> args{};
  std::uint32_t result = 0;
  // HINT_LEN and HINT_READ: the bytes left in the private input before the call (the circuit's private-input
  // cell, docs/circuit.md §4).
  std::uint64_t hint_remaining = 0;
  MemoryAccess a1, a2;  // the register reads of x11 and x12
  std::size_t first_memory_access = 0;
  std::size_t memory_access_count = 0;
};

// Final state of one touched address (memory-finalize).
struct FinalWord {
  std::uint32_t addr = 0;
  std::uint32_t value = 0;
  std::uint64_t timestamp = 0;  // timestamp of the last access

  friend bool operator==(const FinalWord&, const FinalWord&) = default;
};

// The record of one recorded stretch of execution (all of it, or one shard when recording in chunks).
struct ExecutionRecord {
  std::vector<CpuEvent> cpu;
  std::vector<SyscallEvent> syscalls;
  std::vector<MemoryAccess> syscall_memory;
  // Memory words touched for the first time in this stretch, with their value before that first access (the
  // ELF image's word or 0), in the order they were first touched.
  std::vector<MemoryWord> memory_init;

  // Filled by Executor::finalize_record() once the machine has stopped: every memory word ever touched,
  // sorted by address, with its final value and the timestamp of its last access; and the 32 registers (addr
  // = index; initial values are 0 except x2 = abi::kStackTop, at timestamp 0).
  std::vector<FinalWord> memory_final;
  std::vector<FinalWord> registers_final;

  void clear() {
    cpu.clear();
    syscalls.clear();
    syscall_memory.clear();
    memory_init.clear();
    memory_final.clear();
    registers_final.clear();
  }
};

}  // namespace neo::zkvm::rv32
