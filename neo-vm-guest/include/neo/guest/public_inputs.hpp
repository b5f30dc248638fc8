// The Neo-level public inputs of a proof: what the guest writes to the public-values stream (fd 3), so that
// the proof's committed digest binds them. Section 1 of the proof-system design notes defines them:
//   script_hash  SHA-256 of ProofInput.script (the raw script, or the whole NEF file for a contract call —
//                tokens and all, since they decide what CALLT reaches)
//   input_hash   SHA-256 of the canonical ProofInput encoding
//   output_hash  SHA-256 of the canonical ProofOutput encoding
//   gas_consumed, execution_success (state == HALT), storage roots before and after.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "neo/guest/proof_io.hpp"

namespace neo::guest {

inline constexpr std::uint8_t kPublicInputsVersion = 1;

using Hash256 = std::array<std::uint8_t, 32>;

struct PublicInputs {
  Hash256 script_hash{};
  Hash256 input_hash{};
  Hash256 output_hash{};
  std::uint64_t gas_consumed = 0;
  bool execution_success = false;
  Hash256 storage_root_before{};
  Hash256 storage_root_after{};
  friend bool operator==(const PublicInputs&, const PublicInputs&) = default;
};

// Fixed-size encoding: version (1) | script_hash | input_hash | output_hash | gas_consumed (u64 LE) |
// execution_success (0/1) | storage_root_before | storage_root_after — 170 bytes.
inline constexpr std::size_t kPublicInputsSize = 1 + 32 * 3 + 8 + 1 + 32 * 2;
std::vector<std::uint8_t> encode(const PublicInputs& p);
Decoded<PublicInputs> decode_public_inputs(std::span<const std::uint8_t> bytes);

Hash256 script_hash(const ProofInput& input);
Hash256 input_hash(const ProofInput& input);
Hash256 output_hash(const ProofOutput& output);

// The public inputs of a run, computed from its input and output.
PublicInputs make_public_inputs(const ProofInput& input, const ProofOutput& output);

}  // namespace neo::guest
