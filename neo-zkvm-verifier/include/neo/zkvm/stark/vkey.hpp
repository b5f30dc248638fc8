// The verifying key of a multi-table STARK: what a verifier must know in advance about the chip set.
//
//   * the FRI parameters;
//   * per chip (in chip order): the digest of its constraint system (air::ConstraintSystem::digest: name,
//     widths, number of public values, every constraint and interaction), its preprocessed width and the
//     log2 height of its preprocessed table (0 when it has none);
//   * the root of the commitment to all preprocessed tables (one mixed-matrix tree over their LDEs, chip
//     order; all zero when no chip has one).
// vkey_hash = Poseidon2 hash (neo/zkvm/hash/poseidon2.hpp, length-tagged sponge) of the element encoding
// given in docs/stark.md; the transcript starts from it, and a proof carries the hash it was made for.
//
// Portable (verifier).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "neo/zkvm/air/builder.hpp"
#include "neo/zkvm/fri/params.hpp"
#include "neo/zkvm/merkle/merkle.hpp"

namespace neo::zkvm::stark {

using field::BabyBear;
using field::BabyBear4;
using merkle::Digest;

inline constexpr std::uint32_t kStarkProtocolVersion = 1;
inline constexpr std::string_view kStarkDomainSeparator = "neo-zkvm multi-table stark";
inline constexpr std::uint8_t kVkeyEncodingVersion = 1;
inline constexpr std::array<std::uint8_t, 4> kVkeyMagic = {'N', 'V', 'K', 'Y'};

struct ChipKey {
  Digest constraints_digest{};
  std::uint32_t preprocessed_width = 0;
  std::uint32_t preprocessed_log_height = 0;  // 0 when preprocessed_width == 0
  friend bool operator==(const ChipKey&, const ChipKey&) = default;
};

struct VerifyingKey {
  fri::FriParams fri;
  std::vector<ChipKey> chips;
  Digest preprocessed_root{};

  bool has_preprocessed() const noexcept {
    for (const ChipKey& c : chips)
      if (c.preprocessed_width != 0) return true;
    return false;
  }
  Digest hash() const noexcept;
  friend bool operator==(const VerifyingKey&, const VerifyingKey&) = default;
};

// Whether the key describes exactly these constraint systems (count, digests, preprocessed widths) with
// valid parameters. The verifier runs this first.
bool vkey_matches(const VerifyingKey& vkey, std::span<const air::ConstraintSystem> systems) noexcept;

// "NVKY" | u8 version | fri params (4 x u32) | u32 chip count | per chip: digest, u32 preprocessed width,
// u32 preprocessed log height | preprocessed root. Strict (codec.hpp rules).
std::vector<std::uint8_t> encode(const VerifyingKey& vkey);
std::optional<VerifyingKey> decode_vkey(std::span<const std::uint8_t> bytes);

}  // namespace neo::zkvm::stark
