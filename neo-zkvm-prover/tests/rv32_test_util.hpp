// Helpers shared by the rv32_*_test.cpp files: build a program with the Assembler, run it, look at registers.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "neo/guest/abi.hpp"
#include "neo/zkvm/rv32/assembler.hpp"
#include "neo/zkvm/rv32/executor.hpp"

namespace neo::zkvm::rv32::test {

namespace abi = neo::guest::abi;
namespace enc = neo::zkvm::rv32::encode;

// Base of a read-write data segment the tests use (well away from the code at kMemoryStart).
inline constexpr std::uint32_t kDataBase = 0x0002'0000u;

// Runs the assembled program in execute mode, and also in recording mode, checking that both modes agree on
// everything they report (the recording policy must not change the machine's behaviour).
inline ExecutionResult run(const Assembler& a, ExecutorOptions options = {},
                           const std::vector<ElfSegmentSpec>& extra = {}) {
  const ProgramImage image = a.image(extra);
  ExecutionResult fast = execute(image, options);
  RecordedExecution recorded = execute_recording(image, options);
  const ExecutionResult& slow = recorded.result;
  if (fast.status != slow.status || fast.cycles != slow.cycles || fast.pc != slow.pc ||
      fast.registers != slow.registers || fast.exit_code != slow.exit_code || fast.trap != slow.trap ||
      fast.stdout_bytes != slow.stdout_bytes || fast.public_values != slow.public_values ||
      fast.committed_digest != slow.committed_digest || recorded.record.cpu.size() != fast.cycles) {
    fast.status = ExitStatus::kRunning;  // makes the caller's status check fail loudly
  }
  return fast;
}

// Sets a1, a2 to the operands, runs `insn` (which must write a0 from a1/a2) and halts: returns a0, or nothing
// if the program did not halt.
inline std::optional<std::uint32_t> binary_op(std::uint32_t insn, std::uint32_t lhs, std::uint32_t rhs) {
  Assembler a;
  a.li(reg::a1, lhs).li(reg::a2, rhs).emit(insn);
  a.emit(enc::addi(reg::t0, reg::zero, 0)).emit(enc::ecall());  // HALT with exit code = a0
  const ExecutionResult r = run(a);
  if (!r.halted()) return std::nullopt;
  return r.registers[reg::a0];
}

}  // namespace neo::zkvm::rv32::test
