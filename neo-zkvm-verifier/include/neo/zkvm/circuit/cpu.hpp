// The CPU chip: one row per executed instruction, in execution order, then padding rows (is_real = 0).
//
// A row looks its instruction up in the Program table (PROGRAM bus: the decoded fields and flags are
// authenticated there), reads rs1 at ts and rs2 at ts + 1, writes rd at ts + 3 (MEMORY bus; a write to x0
// writes 0), sends its operation to an ALU chip (op, alu_out, rs1, c) with c = rs2 or imm, loads/stores to
// MemoryInstr (which accesses memory at ts + 2) and ECALLs to the Syscall chip, and proves its next pc:
// pc + 4, the branch/JAL target, the JALR target (alu_out with bit 0 cleared, below kMaxCodeAddress) or, for
// HALT, its own pc. Consecutive real rows chain pc and ts (ts + 4). Padding rows follow the real ones and
// send nothing.
//
// Public values: start pc, start ts (first row), end pc (the next pc of the last real row), end ts (its
// ts + 4), halted (the last real row is the HALT ecall) and the exit code bytes (a0 at that row).
//
// Portable (verifier).
#pragma once

#include <cstddef>
#include <string_view>

#include "neo/zkvm/air/builder.hpp"
#include "neo/zkvm/circuit/access.hpp"
#include "neo/zkvm/circuit/program.hpp"

namespace neo::zkvm::circuit {

struct CpuCols {
  static constexpr std::size_t kIsReal = 0;
  static constexpr std::size_t kProgram =
      1;  // ProgramTupleCols (pc, ops, rd, rs1, rs2, imm, aux, target, flags)
  static constexpr std::size_t flag(ProgramFlag f) noexcept { return kProgram + ProgramTupleCols::flag(f); }
  static constexpr std::size_t kPc = kProgram + ProgramTupleCols::kPc;
  static constexpr std::size_t kNextPc = kProgram + ProgramTupleCols::kWidth;
  static constexpr std::size_t kTs = kNextPc + 1;  // timestamp of the rs1 read (4 c + 4 for cycle c)
  static constexpr std::size_t kRs1Value = kTs + 1;
  static constexpr std::size_t kRs1Access = kRs1Value + 4;  // AccessCols
  static constexpr std::size_t kRs2Value = kRs1Access + AccessCols::kWidth;
  static constexpr std::size_t kRs2Access = kRs2Value + 4;
  static constexpr std::size_t kRdPrev = kRs2Access + AccessCols::kWidth;
  static constexpr std::size_t kRdValue = kRdPrev + 4;
  static constexpr std::size_t kRdAccess = kRdValue + 4;
  static constexpr std::size_t kRes = kRdAccess + AccessCols::kWidth;  // the instruction's result
  static constexpr std::size_t kAluOut = kRes + 4;                     // what the ALU returned
  static constexpr std::size_t kOperandC = kAluOut + 4;                // rs2 or imm
  static constexpr std::size_t kTaken = kOperandC + 4;                 // branch taken
  static constexpr std::size_t kJalrLsb = kTaken + 1;                  // bit 0 of the JALR sum
  static constexpr std::size_t kEcallWrites = kJalrLsb + 1;            // the ecall writes a0 (HINT_LEN)
  static constexpr std::size_t kIsHalt = kEcallWrites + 1;
  static constexpr std::size_t kIsLastReal = kIsHalt + 1;
  static constexpr std::size_t kWidth = kIsLastReal + 1;

  static constexpr AccessCols access(std::size_t first) noexcept { return {first, first + 1, first + 2}; }
};

struct CpuPublicValues {
  static constexpr std::size_t kStartPc = 0;
  static constexpr std::size_t kStartTs = 1;
  static constexpr std::size_t kEndPc = 2;
  static constexpr std::size_t kEndTs = 3;
  static constexpr std::size_t kHalted = 4;
  static constexpr std::size_t kExitCode = 5;  // 4 bytes
  static constexpr std::size_t kCount = 9;
};

struct CpuChip {
  std::string_view name() const noexcept { return "Cpu"; }
  std::size_t main_width() const noexcept { return CpuCols::kWidth; }
  std::size_t num_public_values() const noexcept { return CpuPublicValues::kCount; }
  void eval(air::AirBuilder& b) const;
};

}  // namespace neo::zkvm::circuit
