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

#include "neo/zkvm/air/eval.hpp"
#include "neo/zkvm/circuit/byte.hpp"
#include "neo/zkvm/circuit/cpu.hpp"
#include "neo/zkvm/circuit/program.hpp"

namespace neo::zkvm::circuit::test {

// What a cheating prover does after editing several chips: recount the Byte table's multiplicities from every
// BYTE and RANGE16 lookup the (edited) traces make, so that every lookup of a tuple that IS in the table
// balances. A lookup of a tuple that is not in the table (a non-byte, a wrong result) has no row to be
// counted on; it is left unbalanced, which is what the circuit relies on.
inline void recount_lookups(const std::vector<air::ConstraintSystem>& systems, CircuitTraces& t) {
  auto& byte_table = t.main[chip_index(ChipId::kByte)];
  for (auto& v : byte_table.values) v = field::BabyBear::zero();
  for (std::size_t chip = 0; chip < systems.size(); ++chip) {
    if (chip == chip_index(ChipId::kByte)) continue;
    const air::ConstraintSystem& cs = systems[chip];
    const merkle::RowMajorMatrix& main = t.main[chip];
    const merkle::RowMajorMatrix& pre = t.preprocessed[chip];
    const std::size_t height = main.height();
    std::vector<field::BabyBear> values(cs.nodes.size());
    for (std::size_t r = 0; r < height; ++r) {
      air::RowValues<field::BabyBear> row;
      row.main_local = main.row(r);
      row.main_next = main.row((r + 1) % height);
      if (pre.width != 0) {
        row.preprocessed_local = pre.row(r);
        row.preprocessed_next = pre.row((r + 1) % height);
      }
      row.public_values = t.public_values[chip];
      row.is_first_row = r == 0 ? field::BabyBear::one() : field::BabyBear::zero();
      row.is_last_row = r + 1 == height ? field::BabyBear::one() : field::BabyBear::zero();
      row.is_transition = r + 1 == height ? field::BabyBear::zero() : field::BabyBear::one();
      air::evaluate_nodes<field::BabyBear>(cs.nodes, row, values);
      for (const air::Interaction& in : cs.interactions) {
        const field::BabyBear m = values[in.multiplicity];
        if (m.is_zero() || !in.is_send) continue;
        if (in.bus == bus_id(Bus::kByte)) {
          const std::uint32_t op = values[in.fields[0]].to_canonical();
          const std::uint32_t x = values[in.fields[1]].to_canonical();
          const std::uint32_t y = values[in.fields[2]].to_canonical();
          if (op < 1 || op > kByteOpCount || x > 255 || y > 255) continue;
          cell(byte_table, x * 256 + y, op - 1) += m;
        } else if (in.bus == bus_id(Bus::kRange16)) {
          const std::uint32_t x = values[in.fields[0]].to_canonical();
          if (x < (1u << 16)) cell(byte_table, x, ByteCols::kRange16) += m;
        }
      }
    }
  }
}

// Sets a word's 4 byte columns.
inline void set_word(merkle::RowMajorMatrix& m, std::size_t row, std::size_t column, std::uint32_t word) {
  for (unsigned i = 0; i < 4; ++i) cell(m, row, column + i) = fe((word >> (8 * i)) & 0xFF);
}

}  // namespace neo::zkvm::circuit::test

namespace neo::zkvm::circuit::test {

// The Program table's multiplicities recounted from the CPU rows' fetches, as a cheater who changed an
// instruction would: a fetched tuple that is no row of the (preprocessed) table is left unbalanced.
inline void recount_program(CircuitTraces& t) {
  auto& multiplicity = t.main[chip_index(ChipId::kProgram)];
  const auto& table = t.preprocessed[chip_index(ChipId::kProgram)];
  const auto& cpu = t.main[chip_index(ChipId::kCpu)];
  for (auto& v : multiplicity.values) v = field::BabyBear::zero();
  for (std::size_t r = 0; r < cpu.height(); ++r) {
    if (cpu.row(r)[CpuCols::kIsReal].is_zero()) continue;
    for (std::size_t k = 0; k < table.height(); ++k) {
      const auto row = table.row(k);
      if (row[ProgramPreprocessedCols::kIsReal].is_zero()) continue;
      bool same = true;
      for (std::size_t i = 0; i < ProgramTupleCols::kWidth && same; ++i)
        same = row[ProgramPreprocessedCols::kTuple + i] == cpu.row(r)[CpuCols::kProgram + i];
      if (same) {
        multiplicity.values[k] += field::BabyBear::one();
        break;
      }
    }
  }
}

}  // namespace neo::zkvm::circuit::test

#include "neo/zkvm/stark/prover.hpp"
#include "neo/zkvm/stark/verifier.hpp"

namespace neo::zkvm::circuit::test {

// The STARK verifier's verdict on `forged` traces, proven by a cheating prover under the key of `honest`'s
// preprocessed tables (debug checks off, the forged traces and public values substituted through the
// prover's hooks). False also when the prover cannot make a proof of that shape at all.
inline bool stark_accepts_traces(const CircuitTraces& honest, const CircuitTraces& forged) {
  stark::SetupResult setup =
      stark::setup(fri::FriParams::insecure_for_tests(), chip_set().systems, honest.preprocessed);
  REQUIRE(setup.key.has_value());
  stark::ProverHooks hooks;
  hooks.edit_main = [&](std::size_t, std::size_t chip, merkle::RowMajorMatrix& m) { m = forged.main[chip]; };
  hooks.forge_public_values = [&](std::size_t, std::size_t chip, std::vector<field::BabyBear>& values) {
    values = forged.public_values[chip];
  };
  stark::ProverOptions options;
  options.debug_checks = false;
  options.hooks = &hooks;
  const stark::ProveResult proven =
      stark::prove(*setup.key, {stark::ShardInput{honest.main, honest.public_values}}, options);
  if (!proven.proof) return false;
  return stark::verify(chip_set().systems, setup.key->vkey, *proven.proof).ok();
}

}  // namespace neo::zkvm::circuit::test
