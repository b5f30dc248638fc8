// Trace generation for the rv32im circuit (neo/zkvm/circuit/chips.hpp): from a loaded program and a
// recorded execution (Executor recording mode, finalized) to one row-major BabyBear matrix per chip, padded
// to a power of two with inert rows, plus each chip's preprocessed table and public values, for the whole
// execution in one shard or cut into shards (docs/circuit.md §5). Host only.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "neo/zkvm/circuit/chips.hpp"
#include "neo/zkvm/circuit/program.hpp"
#include "neo/zkvm/merkle/tree.hpp"
#include "neo/zkvm/rv32/executor.hpp"

namespace neo::zkvm::circuit {

// Every trace has at least this many rows (so that a chip with no events still has a trace).
inline constexpr std::size_t kMinTraceHeight = 4;

struct CircuitTraces {
  std::vector<merkle::RowMajorMatrix> preprocessed;         // per ChipId; width 0 for chips without a table
  std::vector<merkle::RowMajorMatrix> main;                 // per ChipId
  std::vector<std::vector<field::BabyBear>> public_values;  // per ChipId
};

// The PROGRAM tuple of the instruction word at pc (ProgramTupleCols order, canonical field values), or
// nothing for a word the circuit cannot execute (not RV32IM, EBREAK).
std::optional<std::array<std::uint32_t, ProgramTupleCols::kWidth>> program_tuple(std::uint32_t pc,
                                                                                 std::uint32_t word) noexcept;

// The preprocessed tables (Byte, Program, MemoryImage); they depend only on the program. Empty string on
// success; an error for a program the circuit cannot represent (code at or above kMaxCodeAddress).
std::string preprocessed_tables(const rv32::ProgramImage& image, std::vector<merkle::RowMajorMatrix>& tables);

// One shard's traces: per ChipId its main trace and public values.
struct ShardTraces {
  std::vector<merkle::RowMajorMatrix> main;
  std::vector<std::vector<field::BabyBear>> public_values;
};

struct ShardedTraceResult {
  std::vector<merkle::RowMajorMatrix> preprocessed;  // per ChipId, shared by every shard
  std::vector<ShardTraces> shards;                   // in execution order
  std::string error;
  bool ok() const noexcept { return error.empty(); }
};

// One shard's traces at a time, from a recorded execution cut into shards of the given sizes (which must add
// up to the execution's cycles): what generate_shard_traces gives for shard i, without holding the other
// shards' traces. Everything the shards share (the program's rows, the syscall of each cycle) is computed
// once, here; each shard's rows depend only on its own cycles, since every memory access in the record
// already carries the timestamp of the previous access to its address. The image, record and result are
// referenced, not copied: they must outlive the generator. Host only.
class ShardTraceGenerator {
 public:
  ShardTraceGenerator(const rv32::ProgramImage& image, const rv32::ExecutionRecord& record,
                      const rv32::ExecutionResult& result, std::span<const std::uint64_t> shard_cycles);
  ShardTraceGenerator(ShardTraceGenerator&&) noexcept;
  ShardTraceGenerator& operator=(ShardTraceGenerator&&) noexcept;
  ~ShardTraceGenerator();

  // Empty when the execution and the plan can be traced; otherwise why not (and generate() fails).
  const std::string& error() const noexcept { return error_; }
  bool ok() const noexcept { return error_.empty(); }
  std::size_t shard_count() const noexcept { return shard_count_; }

  // Shard `shard`'s traces into `out`; returns an error (prefixed with the shard when there are several)
  // or an empty string. Deterministic, and safe to call from several threads at once.
  std::string generate(std::size_t shard, ShardTraces& out) const;

 private:
  struct Context;
  std::unique_ptr<Context> context_;
  std::size_t shard_count_ = 0;
  std::string error_;
};

// Cuts the execution every `shard_cycles` cycles (the last shard may be shorter) and generates every shard's
// traces (in parallel). Shard i holds CPU rows for cycles [i * shard_cycles, (i + 1) * shard_cycles) and the
// ALU, memory-instruction and syscall rows they cause, with its own Program and Byte multiplicities; the
// last shard also holds the Memory rows (initialise and finalise every address) and the MemoryImage
// multiplicities, and its `finalizes` public value is 1.
ShardedTraceResult generate_shard_traces(const rv32::ProgramImage& image, const rv32::ExecutionRecord& record,
                                         const rv32::ExecutionResult& result, std::uint64_t shard_cycles);
// The same with the shards' sizes given one by one (they must add up to the execution's cycles).
ShardedTraceResult generate_shard_traces(const rv32::ProgramImage& image, const rv32::ExecutionRecord& record,
                                         const rv32::ExecutionResult& result,
                                         std::span<const std::uint64_t> shard_cycles);

struct TraceResult {
  std::optional<CircuitTraces> traces;
  std::string error;
};

// The whole execution as one shard. `record` must be finalized (Executor::finalize_record) and `result` the run's result. The execution must
// have halted (or stopped at the cycle limit); a trapped run has no traces. Events the circuit does not
// cover yet (syscall memory of WRITE / HINT_READ) give an error naming them.
TraceResult generate_traces(const rv32::ProgramImage& image, const rv32::ExecutionRecord& record,
                            const rv32::ExecutionResult& result);

}  // namespace neo::zkvm::circuit
