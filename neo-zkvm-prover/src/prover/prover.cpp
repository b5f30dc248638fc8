#include "neo/zkvm/prover/prover.hpp"

#include "neo/zkvm/rv32/executor.hpp"

namespace neo::zkvm {

std::optional<Prover> Prover::create(std::span<const std::uint8_t> guest_elf, std::string& error) {
  rv32::ElfLoadResult loaded = rv32::load_elf(guest_elf);
  if (!loaded) {
    error = "the guest program is not a loadable rv32im ELF: " + loaded.error().message;
    return std::nullopt;
  }
  return Prover(std::move(loaded).image(), program_digest(guest_elf));
}

ProveResult Prover::prove(const guest::ProofInput& input, const ProverOptions& options) const {
  auto progress = [&options](std::string_view stage, double fraction) {
    if (options.progress) options.progress(stage, fraction);
  };
  if (options.mode == ProofMode::Stark) {
    return {std::nullopt, "stark mode is not available in this build yet: the rv32im circuit is pending "
                          "(use --mode mock or --mode execute)"};
  }

  progress("execute guest", 0.0);
  rv32::ExecutorOptions exec;
  exec.max_cycles = options.max_cycles;
  exec.private_input = guest::encode(input);
  const rv32::ExecutionResult run = rv32::execute(image_, std::move(exec));
  progress("execute guest", 1.0);

  if (!run.success()) {
    const std::string stderr_text(run.stderr_bytes.begin(), run.stderr_bytes.end());
    if (run.trap) return {std::nullopt, "the guest trapped: " + rv32::describe(*run.trap)};
    if (run.status == rv32::ExitStatus::kCycleLimit) {
      return {std::nullopt, "the guest did not halt within " + std::to_string(options.max_cycles) + " cycles"};
    }
    return {std::nullopt, "the guest exited with code " + std::to_string(run.exit_code) +
                              (stderr_text.empty() ? std::string() : ": " + stderr_text)};
  }
  // The prover trusts nothing the guest says about itself: check what a verifier would check.
  if (!run.public_values_match_digest()) {
    return {std::nullopt, "the guest's committed digest is not the SHA-256 of its public values"};
  }
  const auto pub = guest::decode_public_inputs(run.public_values);
  if (!pub.ok()) return {std::nullopt, "the guest's public values are not valid public inputs: " + pub.error};
  const auto output = guest::decode_proof_output(run.stdout_bytes);
  if (!output.ok()) return {std::nullopt, "the guest's output is not a valid ProofOutput: " + output.error};

  NeoProof proof;
  proof.mode = options.mode;
  proof.output = *output.value;
  proof.public_inputs = *pub.value;
  for (std::size_t i = 0; i < run.committed_digest.size(); ++i) {
    for (int b = 0; b < 4; ++b) proof.committed_digest[4 * i + b] = static_cast<std::uint8_t>(run.committed_digest[i] >> (8 * b));
  }
  proof.vkey_hash = vkey_hash_;
  proof.guest_cycles = run.cycles;
  if (options.mode == ProofMode::Mock) {
    const auto seal = mock_seal(proof);
    proof.proof.assign(seal.begin(), seal.end());
  }
  return {std::move(proof), {}};
}

}  // namespace neo::zkvm
