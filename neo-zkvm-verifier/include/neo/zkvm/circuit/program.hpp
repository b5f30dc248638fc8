// The Program table: one preprocessed row per instruction word of the ELF's executable segments (the
// PROGRAM bus tuple, decoded once at setup), and one main column: how many times the CPU executed it.
// Being preprocessed, it is part of the verifying key, which binds a proof to one guest program.
//
// Portable (verifier).
#pragma once

#include <cstddef>
#include <string_view>

#include "neo/zkvm/air/builder.hpp"
#include "neo/zkvm/circuit/buses.hpp"

namespace neo::zkvm::circuit {

// The PROGRAM bus tuple, in bus order. Both the Program table (preprocessed, after kIsReal) and the CPU
// (main) hold these fields in this order, starting at their own offset.
struct ProgramTupleCols {
  static constexpr std::size_t kPc = 0;
  static constexpr std::size_t kAluOp = 1;  // AluOp id sent to the ALU (0 when none)
  static constexpr std::size_t kMemOp = 2;  // MemOp id sent to MemoryInstr (0 when none)
  static constexpr std::size_t kRd = 3;
  static constexpr std::size_t kRs1 = 4;
  static constexpr std::size_t kRs2 = 5;
  static constexpr std::size_t kImm = 6;   // 4 bytes of the sign-extended immediate
  static constexpr std::size_t kAux = 10;  // 4 bytes: LUI imm, AUIPC pc + imm, JAL/JALR pc + 4
  static constexpr std::size_t kTarget =
      14;  // branch/JAL target pc + imm as a field element (1 if outside code)
  static constexpr std::size_t kFlags = 15;  // kProgramFlagCount flags, ProgramFlag order
  static constexpr std::size_t flag(ProgramFlag f) noexcept { return kFlags + static_cast<std::size_t>(f); }
  static constexpr std::size_t kWidth = kFlags + kProgramFlagCount;
};
static_assert(ProgramTupleCols::kWidth == kProgramArity);

struct ProgramPreprocessedCols {
  static constexpr std::size_t kIsReal = 0;
  static constexpr std::size_t kTuple = 1;  // ProgramTupleCols
  static constexpr std::size_t kWidth = kTuple + ProgramTupleCols::kWidth;
};

struct ProgramCols {
  static constexpr std::size_t kMultiplicity = 0;
  static constexpr std::size_t kWidth = 1;
};

struct ProgramChip {
  std::string_view name() const noexcept { return "Program"; }
  std::size_t preprocessed_width() const noexcept { return ProgramPreprocessedCols::kWidth; }
  std::size_t main_width() const noexcept { return ProgramCols::kWidth; }
  void eval(air::AirBuilder& b) const;
};

}  // namespace neo::zkvm::circuit
