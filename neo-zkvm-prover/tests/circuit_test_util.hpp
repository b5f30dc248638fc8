// Helpers shared by the circuit_*_test.cpp files: run an assembled program in recording mode, generate the
// circuit's traces and check them with the concrete checker.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "neo/zkvm/circuit/checker.hpp"
#include "neo/zkvm/circuit/chips.hpp"
#include "neo/zkvm/circuit/trace.hpp"
#include "rv32_test_util.hpp"

namespace neo::zkvm::circuit::test {

using rv32::Assembler;

inline const CircuitBuild& chip_set() {
  static const CircuitBuild built = build_circuit();
  return built;
}

struct Traced {
  rv32::RecordedExecution run;
  TraceResult traces;
};

inline Traced trace_program(const Assembler& a, rv32::ExecutorOptions options = {},
                            const std::vector<rv32::ElfSegmentSpec>& extra = {}) {
  const rv32::ProgramImage image = a.image(extra);
  Traced t;
  t.run = rv32::execute_recording(image, options);
  t.traces = generate_traces(image, t.run.record, t.run.result);
  return t;
}

// Runs, traces and checks; fails the test with the checker's message when anything does not hold.
inline CircuitTraces require_valid(const Assembler& a, rv32::ExecutorOptions options = {},
                                   const std::vector<rv32::ElfSegmentSpec>& extra = {}) {
  REQUIRE(chip_set().ok());
  Traced t = trace_program(a, options, extra);
  REQUIRE(t.run.result.halted());
  INFO(t.traces.error);
  REQUIRE(t.traces.traces.has_value());
  const CheckResult check = check_circuit(chip_set().systems, *t.traces.traces);
  INFO(check.message);
  REQUIRE(check.ok());
  return std::move(*t.traces.traces);
}

inline merkle::RowMajorMatrix& main_of(CircuitTraces& t, ChipId id) { return t.main[chip_index(id)]; }

inline field::BabyBear& cell(merkle::RowMajorMatrix& m, std::size_t row, std::size_t column) {
  return m.values[row * m.width + column];
}

inline field::BabyBear fe(std::uint64_t v) { return field::BabyBear::from_u64(v); }

// The first row of `m` whose `column` is 1 (a selector), or m.height() if none.
inline std::size_t first_row_with(const merkle::RowMajorMatrix& m, std::size_t column) {
  for (std::size_t r = 0; r < m.height(); ++r) {
    if (m.values[r * m.width + column] == field::BabyBear::one()) return r;
  }
  return m.height();
}

}  // namespace neo::zkvm::circuit::test
