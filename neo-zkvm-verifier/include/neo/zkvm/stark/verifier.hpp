// The multi-table STARK verifier (protocol and transcript in docs/stark.md, "Multi-table proofs").
//
// Given the chips' constraint systems, the expected verifying key and a proof, it checks in this order
// (every structural check before any hashing): the key matches the chip set; the proof was made for this key;
// shard and chip counts, heights, public value counts, opened value widths and flags match the chip set; then
// it replays the transcript (vkey hash, per shard the heights, public values and main root; the LogUp
// challenges; per shard on its own fork: permutation root, cumulative sums, the constraint challenge, the
// quotient root, zeta), checks that the cumulative sums of all chips of all shards add up to zero, that every
// chip's constraint combination at zeta equals Z_H(zeta) * quotient(zeta), and the DEEP/FRI opening of all
// committed matrices at zeta and zeta * omega.
//
// Portable (verifier): errors as values.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "neo/zkvm/air/builder.hpp"
#include "neo/zkvm/fri/verifier.hpp"
#include "neo/zkvm/stark/proof.hpp"
#include "neo/zkvm/stark/vkey.hpp"

namespace neo::zkvm::stark {

enum class StarkError : std::uint8_t {
  kOk = 0,
  kMalformed,     // the bytes do not decode (see decode_error)
  kVkeyMismatch,  // the verifying key does not describe this chip set (or has invalid parameters)
  kBusArity,      // a bus is used with two tuple lengths
  kWrongVkey,     // the proof was made for another verifying key
  kNoShards,
  kWrongChipCount,
  kBadHeight,  // outside [log_final_poly_len, 27 - log_blowup], or not the preprocessed height
  kWrongPublicValueCount,
  kWrongOpenedShape,     // opened value widths, permutation root or cumulative sum presence
  kConstraintMismatch,   // constraints at zeta != Z_H(zeta) * quotient(zeta)
  kBusUnbalanced,        // the cumulative sums do not add up to zero
  kOpeningRejected,      // the DEEP/FRI opening (see fri_error)
  kTooManyInteractions,  // a bus's interaction count over all chips and shards could reach p (see `bus`)
};
std::string_view error_name(StarkError error) noexcept;

struct VerifyResult {
  StarkError error = StarkError::kOk;
  std::uint32_t shard = 0;  // where it failed, when it applies
  std::uint32_t chip = 0;
  fri::FriError fri_error = fri::FriError::kOk;
  DecodeError decode_error = DecodeError::kOk;
  std::uint32_t bus = 0;  // kTooManyInteractions: the bus
  bool ok() const noexcept { return error == StarkError::kOk; }
};

// LogUp's multiplicity condition. Per bus, the number of interactions it can carry: the sum over shards and
// chips of the chip's height times the bounds of its non-table interactions on that bus
// (ConstraintSystem::multiplicity_bounds). A proof is sound only if each is below p, so that no tuple's net
// count can wrap around p (p - 1 identical rows would otherwise cancel a row that is not there).
struct BusLoad {
  std::uint32_t bus = 0;
  std::uint64_t interactions = 0;
};
// `log_heights[s][c]` is chip c's log height in shard s. A system whose bounds were not computed (not built
// by air::build) counts as unbounded (UINT64_MAX).
std::vector<BusLoad> bus_loads(std::span<const air::ConstraintSystem> systems,
                               std::span<const std::vector<std::uint32_t>> log_heights);
// The first bus whose load reaches p, if any.
std::optional<BusLoad> overloaded_bus(std::span<const air::ConstraintSystem> systems,
                                      std::span<const std::vector<std::uint32_t>> log_heights);

VerifyResult verify(std::span<const air::ConstraintSystem> systems, const VerifyingKey& vkey,
                    const StarkProof& proof) noexcept;
// Decodes strictly, then verifies.
VerifyResult verify_bytes(std::span<const air::ConstraintSystem> systems, const VerifyingKey& vkey,
                          std::span<const std::uint8_t> bytes) noexcept;

// Pieces shared with the prover, so both run the same transcript.
namespace transcript {
challenger::Challenger start(const Digest& vkey_hash, std::uint32_t num_shards) noexcept;
// Phase 1, per shard: heights, public values, main root.
void observe_shard_main(challenger::Challenger& ch, std::span<const std::uint32_t> log_heights,
                        std::span<const std::vector<BabyBear>> public_values,
                        const Digest& main_root) noexcept;
// zeta: drawn until it lies outside the base field, hence outside every trace subgroup and LDE coset.
BabyBear4 sample_zeta(challenger::Challenger& ch) noexcept;
}  // namespace transcript

}  // namespace neo::zkvm::stark
