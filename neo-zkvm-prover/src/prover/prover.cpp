#include "neo/zkvm/prover/prover.hpp"

#include <algorithm>
#include <mutex>

#include "neo/zkvm/machine/prover.hpp"
#include "neo/zkvm/rv32/executor.hpp"

namespace neo::zkvm {

struct Prover::StarkState {
  explicit StarkState(const fri::FriParams& p) : params(p) {}
  fri::FriParams params;
  std::once_flag once;
  std::optional<machine::MachineProvingKey> key;
  std::string error;  // why there is no key
};

namespace {

// Why a run that did not halt with exit code 0 cannot be proven, in the user's words.
std::string execution_failure(const rv32::ExecutionResult& run, std::uint64_t max_cycles) {
  if (run.trap) return "the guest trapped: " + rv32::describe(*run.trap);
  if (run.status == rv32::ExitStatus::kCycleLimit) {
    return "the guest did not halt within " + std::to_string(max_cycles) + " cycles";
  }
  const std::string stderr_text(run.stderr_bytes.begin(), run.stderr_bytes.end());
  return "the guest exited with code " + std::to_string(run.exit_code) +
         (stderr_text.empty() ? std::string() : ": " + stderr_text);
}

// The NeoProof fields every mode shares, from a run that halted with exit code 0. The prover trusts nothing
// the guest says about itself: it checks what a verifier would check.
ProveResult package(const rv32::ExecutionResult& run, ProofMode mode,
                    const std::array<std::uint8_t, 32>& vkey_hash) {
  if (!run.public_values_match_digest()) {
    return {std::nullopt, "the guest's committed digest is not the SHA-256 of its public values", 0};
  }
  const auto pub = guest::decode_public_inputs(run.public_values);
  if (!pub.ok())
    return {std::nullopt, "the guest's public values are not valid public inputs: " + pub.error, 0};
  const auto output = guest::decode_proof_output(run.stdout_bytes);
  if (!output.ok())
    return {std::nullopt, "the guest's output is not a valid ProofOutput: " + output.error, 0};

  NeoProof proof;
  proof.mode = mode;
  proof.output = *output.value;
  proof.public_inputs = *pub.value;
  for (std::size_t i = 0; i < run.committed_digest.size(); ++i) {
    for (std::size_t b = 0; b < 4; ++b) {
      proof.committed_digest[4 * i + b] = static_cast<std::uint8_t>(run.committed_digest[i] >> (8 * b));
    }
  }
  proof.vkey_hash = vkey_hash;
  proof.guest_cycles = run.cycles;
  return {std::move(proof), {}, 0};
}

}  // namespace

Prover::Prover(rv32::ProgramImage image, std::array<std::uint8_t, 32> program_digest,
               const fri::FriParams& params)
    : image_(std::move(image)),
      program_digest_(program_digest),
      stark_(std::make_shared<StarkState>(params)) {}

std::optional<Prover> Prover::create(std::span<const std::uint8_t> guest_elf, std::string& error,
                                     const fri::FriParams& stark_params) {
  rv32::ElfLoadResult loaded = rv32::load_elf(guest_elf);
  if (!loaded) {
    error = "the guest program is not a loadable rv32im ELF: " + loaded.error().message;
    return std::nullopt;
  }
  return Prover(std::move(loaded).image(), zkvm::program_digest(guest_elf), stark_params);
}

const Prover::StarkState& Prover::stark_state() const {
  // Copies of a Prover share the state, and concurrent first stark proofs build the key once.
  std::call_once(stark_->once, [this] {
    machine::MachineSetupResult setup = machine::setup(image_, stark_->params);
    stark_->key = std::move(setup.key);
    if (!stark_->key) stark_->error = "the stark proving key cannot be built for the guest: " + setup.error;
  });
  return *stark_;
}

bool Prover::prepare_stark(std::string& error) const {
  const StarkState& state = stark_state();
  if (!state.key) error = state.error;
  return state.key.has_value();
}

const machine::MachineVerifyingKey* Prover::stark_verifying_key(std::string& error) const {
  const StarkState& state = stark_state();
  if (!state.key) {
    error = state.error;
    return nullptr;
  }
  return &state.key->vkey;
}

std::optional<std::array<std::uint8_t, 32>> Prover::vkey_hash(ProofMode mode, std::string& error) const {
  if (mode != ProofMode::Stark) return program_digest_;
  const machine::MachineVerifyingKey* vkey = stark_verifying_key(error);
  if (vkey == nullptr) return std::nullopt;
  return machine::digest_bytes(vkey->hash());
}

ProveResult Prover::prove(const guest::ProofInput& input, const ProverOptions& options) const {
  auto progress = [&options](std::string_view stage, double fraction) {
    if (options.progress) options.progress(stage, fraction);
  };

  if (options.mode == ProofMode::Stark) {
    if (options.log_shard_cycles < machine::kMinLogShardCycles ||
        options.log_shard_cycles > machine::kMaxLogShardCycles) {
      return {std::nullopt,
              "the shard size 2^" + std::to_string(options.log_shard_cycles) + " is outside 2^" +
                  std::to_string(machine::kMinLogShardCycles) + "..2^" +
                  std::to_string(machine::kMaxLogShardCycles),
              0};
    }
    progress("stark setup", 0.0);
    const StarkState& state = stark_state();
    progress("stark setup", 1.0);
    if (!state.key) return {std::nullopt, state.error, 0};

    machine::MachineProverOptions machine_options;
    machine_options.log_shard_cycles = options.log_shard_cycles;
    machine_options.max_cycles = std::min(options.max_cycles, machine::kMaxCycles);
    machine_options.progress = options.progress;
    machine::MachineProveResult proven = machine::prove(*state.key, guest::encode(input), machine_options);
    const rv32::ExecutionResult& run = proven.execution;
    // A run that did not halt with 0 is reported as the execute and mock modes report it; anything else that
    // kept the machine prover from a proof is its own error.
    if (run.status != rv32::ExitStatus::kRunning && !run.success()) {
      return {std::nullopt, execution_failure(run, machine_options.max_cycles), 0};
    }
    if (!proven.ok()) return {std::nullopt, "the stark prover failed: " + proven.error, 0};

    ProveResult result = package(run, ProofMode::Stark, machine::digest_bytes(state.key->vkey.hash()));
    if (!result.ok()) return result;
    // The statement the STARK proves is about exactly these public values; a prover that disagreed with the
    // executor about them would be a bug, caught here rather than by every verifier.
    if (proven.proof->public_values != run.public_values) {
      return {std::nullopt, "the stark proof's public values differ from the execution's", 0};
    }
    result.proof->proof = machine::encode(*proven.proof);
    result.shards = proven.shards;
    return result;
  }

  progress("execute guest", 0.0);
  rv32::ExecutorOptions exec;
  exec.max_cycles = options.max_cycles;
  exec.private_input = guest::encode(input);
  const rv32::ExecutionResult run = rv32::execute(image_, std::move(exec));
  progress("execute guest", 1.0);
  if (!run.success()) return {std::nullopt, execution_failure(run, options.max_cycles), 0};

  ProveResult result = package(run, options.mode, program_digest_);
  if (result.ok() && options.mode == ProofMode::Mock) {
    const auto seal = mock_seal(*result.proof);
    result.proof->proof.assign(seal.begin(), seal.end());
  }
  return result;
}

}  // namespace neo::zkvm
