// The CPU chip's constraints (see cpu.hpp for the row's story).
#include "neo/zkvm/circuit/cpu.hpp"

#include <vector>

namespace neo::zkvm::circuit {

void CpuChip::eval(air::AirBuilder& b) const {
  using C = CpuCols;
  using PV = CpuPublicValues;
  const auto col = [&](std::size_t c) { return b.main(c); };
  const auto flag = [&](ProgramFlag f) { return b.main(C::flag(f)); };
  const auto tuple = [&](std::size_t field) { return b.main(C::kProgram + field); };

  const Expr is_real = col(C::kIsReal);
  const Expr next_is_real = b.main_next(C::kIsReal);
  const Expr pc = col(C::kPc);
  const Expr next_pc = col(C::kNextPc);
  const Expr ts = col(C::kTs);
  const Word imm = word_at(b, C::kProgram + ProgramTupleCols::kImm);
  const Word aux = word_at(b, C::kProgram + ProgramTupleCols::kAux);
  const Expr target = tuple(ProgramTupleCols::kTarget);
  const Word rs1 = word_at(b, C::kRs1Value);
  const Word rs2 = word_at(b, C::kRs2Value);
  const Word rd_prev = word_at(b, C::kRdPrev);
  const Word rd_value = word_at(b, C::kRdValue);
  const Word res = word_at(b, C::kRes);
  const Word alu_out = word_at(b, C::kAluOut);
  const Word operand_c = word_at(b, C::kOperandC);
  const Expr taken = col(C::kTaken);
  const Expr jalr_lsb = col(C::kJalrLsb);
  const Expr ecall_writes = col(C::kEcallWrites);
  const Expr is_halt = col(C::kIsHalt);
  const Expr is_last_real = col(C::kIsLastReal);

  const Expr uses_alu = flag(ProgramFlag::kUsesAlu);
  const Expr imm_operand = flag(ProgramFlag::kImmOperand);
  const Expr branch = flag(ProgramFlag::kBranch);
  const Expr branch_negate = flag(ProgramFlag::kBranchNegate);
  const Expr jal = flag(ProgramFlag::kJal);
  const Expr jalr = flag(ProgramFlag::kJalr);
  const Expr mem = flag(ProgramFlag::kMem);
  const Expr ecall = flag(ProgramFlag::kEcall);
  const Expr reads_rs1 = flag(ProgramFlag::kReadsRs1);
  const Expr reads_rs2 = flag(ProgramFlag::kReadsRs2);
  const Expr writes_rd = flag(ProgramFlag::kWritesRd);
  const Expr rd_is_zero = flag(ProgramFlag::kRdIsZero);
  const Expr rd_write = writes_rd + ecall_writes;

  // --- Row kinds. The flags are authenticated by the Program lookup on real rows; on padding rows every flag
  // that drives an interaction must be 0 so that they send nothing.
  b.assert_bool(is_real, "is_real boolean");
  for (std::size_t f = 0; f < kProgramFlagCount; ++f) {
    // Boolean on every row by a constraint of the chip itself, not only by the Program lookup: the flags are
    // multiplicities, and LogUp needs them bounded before any bus can be trusted (analysis.hpp).
    b.assert_bool(col(C::flag(static_cast<ProgramFlag>(f))), "flag boolean");
    b.when(Expr(1) - is_real).assert_zero(col(C::flag(static_cast<ProgramFlag>(f))), "padding flag");
  }
  b.assert_bool(ecall_writes, "ecall_writes boolean");
  b.assert_bool(rd_write, "rd written at most once");  // a multiplicity: bounded by 1 (analysis.hpp)
  b.when(Expr(1) - ecall).assert_zero(ecall_writes, "only an ecall writes a0 by itself");
  b.when(Expr(1) - ecall).assert_zero(is_halt, "only an ecall halts");
  b.assert_bool(is_halt, "is_halt boolean");  // the SYSCALL bus's contract: the CPU proves it
  b.assert_bool(taken, "taken boolean");
  b.assert_bool(jalr_lsb, "jalr lsb boolean");

  // --- The instruction: one lookup per real row.
  std::vector<Expr> program_tuple;
  for (std::size_t i = 0; i < ProgramTupleCols::kWidth; ++i) program_tuple.push_back(tuple(i));
  b.send(bus_id(Bus::kProgram), program_tuple, is_real, "fetch");

  // --- Registers: rs1 at ts, rs2 at ts + 1, rd at ts + 3 (x0 gets 0).
  eval_access(b, tuple(ProgramTupleCols::kRs1), rs1, rs1, ts, C::access(C::kRs1Access), reads_rs1, "rs1");
  eval_access(b, tuple(ProgramTupleCols::kRs2), rs2, rs2, ts + 1, C::access(C::kRs2Access), reads_rs2, "rs2");
  eval_access(b, tuple(ProgramTupleCols::kRd), rd_prev, rd_value, ts + 3, C::access(C::kRdAccess), rd_write,
              "rd");
  // rd = result, or 0 for x0. Two constraints (not one with res - rd_is_zero * res) so that the range check
  // of the contracts sees rd's bytes as copies of the result's (air/contracts.hpp).
  for (std::size_t i = 0; i < 4; ++i) {
    b.when(rd_write * rd_is_zero).assert_zero(rd_value[i], "x0 is written 0");
    b.when(rd_write - rd_write * rd_is_zero).assert_eq(rd_value[i], res[i], "rd = result");
  }
  // Every instruction that writes rd has a result of one kind (the Program table decodes it so; stated here
  // so that rd's bytes are proven by the chip itself): the ALU's, a static value, or a load's.
  b.assert_zero(
      writes_rd * (Expr(1) - flag(ProgramFlag::kAluResult) - flag(ProgramFlag::kStaticResult) - mem),
      "a written rd has a result");
  b.assert_zero(flag(ProgramFlag::kAluResult) * (Expr(1) - uses_alu), "an ALU result comes from the ALU");
  // The ALU's operands are registers read here or the immediate, whose bytes the MEMORY and PROGRAM buses
  // guarantee (the ALU bus's contract makes the CPU prove them).
  b.assert_zero(uses_alu * (Expr(1) - reads_rs1), "the ALU's b is rs1");
  b.assert_zero(uses_alu * (Expr(1) - imm_operand) * (Expr(1) - reads_rs2), "the ALU's c is rs2 or imm");
  b.assert_zero(mem * (Expr(1) - uses_alu), "a load/store address is an ALU sum");
  // A register that is not read is 0, so what is sent of it (a load's unused store data) is bytes too.
  for (std::size_t i = 0; i < 4; ++i) {
    b.when(Expr(1) - reads_rs1).assert_zero(rs1[i], "rs1 not read");
    b.when(Expr(1) - reads_rs2).assert_zero(rs2[i], "rs2 not read");
  }

  // --- Operands and results.
  for (std::size_t i = 0; i < 4; ++i) {
    b.when(imm_operand).assert_eq(operand_c[i], imm[i], "c = imm");
    b.when(uses_alu * (Expr(1) - imm_operand)).assert_eq(operand_c[i], rs2[i], "c = rs2");
    b.when(flag(ProgramFlag::kAluResult)).assert_eq(res[i], alu_out[i], "result = alu");
    b.when(flag(ProgramFlag::kStaticResult)).assert_eq(res[i], aux[i], "result = static value");
  }
  b.send(bus_id(Bus::kAlu),
         {tuple(ProgramTupleCols::kAluOp), alu_out[0], alu_out[1], alu_out[2], alu_out[3], rs1[0], rs1[1],
          rs1[2], rs1[3], operand_c[0], operand_c[1], operand_c[2], operand_c[3]},
         uses_alu, "alu");
  b.send(bus_id(Bus::kMemInstr),
         {tuple(ProgramTupleCols::kMemOp), alu_out[0], alu_out[1], alu_out[2], alu_out[3], rs2[0], rs2[1],
          rs2[2], rs2[3], res[0], res[1], res[2], res[3], ts},
         mem, "load/store");
  b.send(bus_id(Bus::kSyscall),
         {ts, rs1[0], rs1[1], rs1[2], rs1[3], rs2[0], rs2[1], rs2[2], rs2[3], res[0], res[1], res[2], res[3],
          ecall_writes, is_halt},
         ecall, "ecall");

  // --- Control flow.
  const Expr jump = branch + jal + jalr;
  b.when(is_real - jump).assert_eq(next_pc, pc + 4 - is_halt * 4, "next pc = pc + 4 (HALT: pc)");
  b.when(branch).assert_eq(taken, alu_out[0] + branch_negate - branch_negate * alu_out[0] * 2, "taken");
  b.when(branch).assert_eq(next_pc, pc + 4 + taken * (target - pc - 4), "branch target");
  b.when(jal).assert_eq(next_pc, target, "jal target");
  b.when(jalr).assert_eq(next_pc, pack_word(alu_out) - jalr_lsb, "jalr target");
  // The JALR target is below kMaxCodeAddress, so its field value is the address itself.
  send_byte(b, ByteOp::kLtu, alu_out[3], Expr(kMaxCodeAddress >> 24), 1, 0, jalr, "jalr target bound");

  // --- Rows chain: real rows first, pc and ts continue, HALT ends the execution.
  b.when_transition().assert_zero((Expr(1) - is_real) * next_is_real, "padding only at the end");
  b.when_transition().assert_zero(next_is_real * (b.main_next(C::kPc) - next_pc), "pc chain");
  b.when_transition().assert_zero(next_is_real * (b.main_next(C::kTs) - ts - 4), "ts chain");
  b.when_transition().assert_zero(is_halt * next_is_real, "HALT is the last instruction");
  b.when_first_row().assert_one(is_real, "at least one instruction");
  b.when_first_row().assert_eq(pc, b.public_value(PV::kStartPc), "start pc");
  b.when_first_row().assert_eq(ts, b.public_value(PV::kStartTs), "start ts");
  b.when_transition().assert_eq(is_last_real, is_real * (Expr(1) - next_is_real), "last real row");
  b.when_last_row().assert_eq(is_last_real, is_real, "last real row (full trace)");
  b.when(is_last_real).assert_eq(next_pc, b.public_value(PV::kEndPc), "end pc");
  b.when(is_last_real).assert_eq(ts + 4, b.public_value(PV::kEndTs), "end ts");
  b.when(is_last_real).assert_eq(is_halt, b.public_value(PV::kHalted), "halted");
  for (std::size_t i = 0; i < 4; ++i) {
    b.when(is_last_real).assert_eq(rs2[i], b.public_value(PV::kExitCode + i), "exit code");
  }
}

}  // namespace neo::zkvm::circuit
