// The Prover: runs a Neo ProofInput through the Neo guest ELF in the RV32IM executor and packages the result
// as a NeoProof in the requested mode. Errors are values; nothing falls back to a weaker mode.
//
// Stark mode proves the run with the machine STARK (neo/zkvm/machine/prover.hpp). Its proving key is built
// from the guest once per Prover (and shared by its copies), on the first stark proof or when prepare_stark()
// asks for it: building it costs about as much as computing the verifying key, so execute and mock proofs
// never pay for it.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "neo/guest/proof_io.hpp"
#include "neo/zkvm/fri/params.hpp"
#include "neo/zkvm/machine/proof.hpp"
#include "neo/zkvm/rv32/elf.hpp"
#include "neo/zkvm/verifier/proof.hpp"

namespace neo::zkvm {

// Called as work advances: a stage name and the fraction of that stage done (0..1).
using ProgressCallback = std::function<void(std::string_view stage, double fraction)>;

struct ProverOptions {
  ProofMode mode = ProofMode::Mock;
  // Execute and mock: the executor's limit. Stark: capped at machine::kMaxCycles (what the circuit can
  // prove).
  std::uint64_t max_cycles = std::uint64_t{1} << 32;
  // Stark: shards of at most 2^log_shard_cycles cycles (machine::kMinLogShardCycles..kMaxLogShardCycles).
  unsigned log_shard_cycles = machine::kDefaultLogShardCycles;
  ProgressCallback progress;
};

struct ProveResult {
  std::optional<NeoProof> proof;
  std::string error;       // when there is no proof: what went wrong
  std::size_t shards = 0;  // stark: how many shards the proof has
  bool ok() const noexcept { return proof.has_value(); }
};

class Prover {
 public:
  // The guest program: the Neo guest ELF's bytes. Fails (error set) if it is not a loadable guest. Stark
  // proofs use `stark_params` (the standard FRI parameters unless a test asks otherwise).
  static std::optional<Prover> create(std::span<const std::uint8_t> guest_elf, std::string& error,
                                      const fri::FriParams& stark_params = fri::FriParams::standard());

  ProveResult prove(const guest::ProofInput& input, const ProverOptions& options) const;

  // Builds the stark proving key now (otherwise the first stark proof does). False, with error set, when the
  // circuit cannot represent the guest.
  bool prepare_stark(std::string& error) const;
  // The stark machine verifying key of the guest (builds the proving key if needed); nullptr with error set
  // when it cannot be built.
  const machine::MachineVerifyingKey* stark_verifying_key(std::string& error) const;

  // The vkey hash a verifier must expect for proofs of `mode` from this prover: the program digest
  // (program_digest of the ELF) for execute and mock files, digest_bytes of the machine verifying key's hash
  // for stark proofs (nullopt, error set, when the stark key cannot be built).
  std::optional<std::array<std::uint8_t, 32>> vkey_hash(ProofMode mode, std::string& error) const;
  // The program digest: the vkey hash of execute and mock files.
  const std::array<std::uint8_t, 32>& program_digest() const noexcept { return program_digest_; }

 private:
  struct StarkState;  // the lazily built proving key

  Prover(rv32::ProgramImage image, std::array<std::uint8_t, 32> program_digest, const fri::FriParams& params);
  const StarkState& stark_state() const;

  rv32::ProgramImage image_;
  std::array<std::uint8_t, 32> program_digest_;
  std::shared_ptr<StarkState> stark_;
};

}  // namespace neo::zkvm
