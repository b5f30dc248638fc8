// The machine prover (machine/prover.hpp): execute, cut into shards, trace, prove.
#include "neo/zkvm/machine/prover.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "neo/zkvm/circuit/chips.hpp"
#include "neo/zkvm/circuit/trace.hpp"

namespace neo::zkvm::machine {
namespace {

const circuit::CircuitBuild& circuit_build() {
  static const circuit::CircuitBuild built = circuit::build_circuit();
  return built;
}

}  // namespace

std::vector<std::uint64_t> plan_shards(std::uint64_t cycles, unsigned log_max_shard_cycles) {
  const std::uint64_t max = std::uint64_t{1} << log_max_shard_cycles;
  std::vector<std::uint64_t> sizes;
  for (std::uint64_t left = cycles; left > 0; left -= std::min(left, max))
    sizes.push_back(std::min(left, max));
  return sizes;
}

MachineSetupResult setup(rv32::ProgramImage image, const fri::FriParams& params) {
  MachineSetupResult out;
  if (!fri::params_valid(params)) {
    out.error = "invalid FRI parameters";
    return out;
  }
  const circuit::CircuitBuild& circuit = circuit_build();
  if (!circuit.ok()) {
    out.error = "the circuit's chip set does not build: " + std::string(circuit.error.label);
    return out;
  }
  std::vector<merkle::RowMajorMatrix> tables;
  if (std::string error = circuit::preprocessed_tables(image, tables); !error.empty()) {
    out.error = "the program cannot be proven: " + error;
    return out;
  }
  stark::SetupResult stark_setup = stark::setup(params, circuit.systems, std::move(tables));
  if (!stark_setup.key) {
    out.error = "STARK setup failed: " + stark_setup.error;
    return out;
  }
  MachineProvingKey key{std::move(image), std::move(*stark_setup.key), {}};
  key.vkey.stark = key.stark.vkey;
  key.vkey.entry_pc = key.image.entry;
  out.key = std::move(key);
  return out;
}

MachineVkeyResult verifying_key(const rv32::ProgramImage& image, const fri::FriParams& params) {
  MachineSetupResult setup_result = setup(image, params);
  MachineVkeyResult out;
  if (!setup_result.key) {
    out.error = std::move(setup_result.error);
    return out;
  }
  out.vkey = std::move(setup_result.key->vkey);
  return out;
}

MachineProveResult prove(const MachineProvingKey& key, std::vector<std::uint8_t> private_input,
                         const MachineProverOptions& options) {
  MachineProveResult out;
  auto progress = [&options](std::string_view stage, double fraction) {
    if (options.progress) options.progress(stage, fraction);
  };
  if (options.log_shard_cycles < kMinLogShardCycles || options.log_shard_cycles > kMaxLogShardCycles) {
    out.error = "the shard size must be 2^" + std::to_string(kMinLogShardCycles) + " to 2^" +
                std::to_string(kMaxLogShardCycles) + " cycles";
    return out;
  }
  if (options.max_cycles > kMaxCycles) {
    out.error = "at most " + std::to_string(kMaxCycles) + " cycles can be proven";
    return out;
  }

  progress("execute", 0.0);
  rv32::ExecutorOptions exec;
  exec.max_cycles = options.max_cycles;
  exec.private_input = std::move(private_input);
  rv32::RecordedExecution run = rv32::execute_recording(key.image, std::move(exec));
  out.execution = run.result;
  progress("execute", 1.0);
  const rv32::ExecutionResult& result = run.result;
  if (result.trap) {
    out.error = "the guest trapped: " + rv32::describe(*result.trap);
    return out;
  }
  if (result.status == rv32::ExitStatus::kCycleLimit) {
    out.error = "the guest did not halt within " + std::to_string(options.max_cycles) + " cycles";
    return out;
  }
  if (!result.success()) {
    const std::string stderr_text(result.stderr_bytes.begin(), result.stderr_bytes.end());
    out.error = "the guest exited with code " + std::to_string(result.exit_code) +
                (stderr_text.empty() ? std::string() : ": " + stderr_text);
    return out;
  }
  if (!result.public_values_match_digest()) {
    out.error =
        "the guest did not commit SHA-256 of its public values (all 8 digest words), so no proof "
        "of its public values can exist";
    return out;
  }

  // The record stays alive while proving: each shard's traces are generated from it when the STARK prover
  // asks for them (twice for a shard it does not keep, see resident_shards), so that no more than about
  // resident_shards shards' traces and trees are ever in memory.
  progress("trace", 0.0);
  const std::vector<std::uint64_t> plan = plan_shards(run.record.cpu.size(), options.log_shard_cycles);
  if (plan.size() > kMaxShards) {
    out.error = std::to_string(plan.size()) + " shards of 2^" + std::to_string(options.log_shard_cycles) +
                " cycles: a proof may have at most " + std::to_string(kMaxShards) + " (use larger shards)";
    return out;
  }
  const circuit::ShardTraceGenerator generator(key.image, run.record, result, plan);
  if (!generator.ok()) {
    out.error = "trace generation: " + generator.error();
    return out;
  }
  out.shards = plan.size();
  progress("trace", 1.0);

  progress("prove", 0.0);
  // Shards are traced one at a time, in the prover's thread: generating the next shard in the background
  // while the current one is committed was tried, and on 2 cores it was no faster and raised the peak by
  // about 35% (4 shards of 2^16 cycles: 245 MB -> 341 MB).
  std::string trace_error;
  const stark::ShardSource source = [&](std::size_t shard,
                                        std::string& error) -> std::optional<stark::ShardInput> {
    circuit::ShardTraces traces;
    if (std::string e = generator.generate(shard, traces); !e.empty()) {
      trace_error = e;
      error = "trace generation: " + e;
      return std::nullopt;
    }
    return stark::ShardInput{std::move(traces.main), std::move(traces.public_values)};
  };
  stark::ProverOptions stark_options;
  stark_options.debug_checks = options.debug_checks;
  stark_options.hooks = options.hooks;
  stark_options.resident_shards = options.resident_shards;
  stark::ProveResult proven = stark::prove(key.stark, plan.size(), source, stark_options);
  if (!trace_error.empty()) {
    out.error = "trace generation: " + trace_error;
    return out;
  }
  if (!proven.proof) {
    out.error = "STARK prover: " + proven.error;
    return out;
  }
  progress("prove", 1.0);
  MachineProof proof;
  proof.vkey_hash = key.vkey.hash();
  proof.public_values = result.public_values;
  proof.stark = std::move(*proven.proof);
  out.proof = std::move(proof);
  return out;
}

}  // namespace neo::zkvm::machine
