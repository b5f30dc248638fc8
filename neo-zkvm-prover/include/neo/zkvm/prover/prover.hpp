// The Prover: runs a Neo ProofInput through the Neo guest ELF in the RV32IM executor and packages the result
// as a NeoProof in the requested mode. Errors are values; nothing falls back to a weaker mode.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "neo/guest/proof_io.hpp"
#include "neo/zkvm/rv32/elf.hpp"
#include "neo/zkvm/verifier/proof.hpp"

namespace neo::zkvm {

// Called as work advances: a stage name and the fraction of that stage done (0..1).
using ProgressCallback = std::function<void(std::string_view stage, double fraction)>;

struct ProverOptions {
  ProofMode mode = ProofMode::Mock;
  std::uint64_t max_cycles = std::uint64_t{1} << 32;
  ProgressCallback progress;
};

struct ProveResult {
  std::optional<NeoProof> proof;
  std::string error;  // when there is no proof: what went wrong
  bool ok() const noexcept { return proof.has_value(); }
};

class Prover {
 public:
  // The guest program: the Neo guest ELF's bytes. Fails (error set) if it is not a loadable guest.
  static std::optional<Prover> create(std::span<const std::uint8_t> guest_elf, std::string& error);

  ProveResult prove(const guest::ProofInput& input, const ProverOptions& options) const;

  // The hash a verifier must expect for proofs from this prover (see program_digest).
  const std::array<std::uint8_t, 32>& vkey_hash() const noexcept { return vkey_hash_; }

 private:
  Prover(rv32::ProgramImage image, std::array<std::uint8_t, 32> vkey_hash)
      : image_(std::move(image)), vkey_hash_(vkey_hash) {}

  rv32::ProgramImage image_;
  std::array<std::uint8_t, 32> vkey_hash_;
};

}  // namespace neo::zkvm
