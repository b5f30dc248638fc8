// The multi-table STARK proof object and its canonical, versioned binary encoding.
//
// One proof covers one or more shards of the same chip set. Per shard: the commitments of the main,
// permutation (LogUp) and quotient traces, per chip its trace height, public values, LogUp cumulative sum
// and the values opened at the out-of-domain point zeta (and zeta * omega), and one DEEP/FRI opening proof.
//
// Portable (verifier).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "neo/zkvm/fri/proof.hpp"
#include "neo/zkvm/stark/vkey.hpp"

namespace neo::zkvm::stark {

inline constexpr std::array<std::uint8_t, 4> kStarkProofMagic = {'N', 'S', 'T', 'K'};
inline constexpr std::uint8_t kStarkProofVersion = 1;

struct ChipProof {
  std::uint32_t log_height = 0;
  std::vector<BabyBear> public_values;
  std::optional<BabyBear4> cumulative_sum;  // present iff the chip has interactions
  // Opened values: column c of each trace at zeta (local) and zeta * omega_n (next); the permutation trace
  // as its base columns (4 per extension column); the quotient's 4 * chunks base columns at zeta.
  std::vector<BabyBear4> preprocessed_local, preprocessed_next;
  std::vector<BabyBear4> main_local, main_next;
  std::vector<BabyBear4> permutation_local, permutation_next;
  std::vector<BabyBear4> quotient;
  friend bool operator==(const ChipProof&, const ChipProof&) = default;
};

struct ShardProof {
  Digest main_root{};
  std::optional<Digest> permutation_root;  // present iff some chip has interactions
  Digest quotient_root{};
  std::vector<ChipProof> chips;
  fri::FriProof opening;
  friend bool operator==(const ShardProof&, const ShardProof&) = default;
};

struct StarkProof {
  Digest vkey_hash{};
  std::vector<ShardProof> shards;
  friend bool operator==(const StarkProof&, const StarkProof&) = default;
};

// "NSTK" | u8 version | vkey hash | u32 shard count | per shard: main root | u8 0/1 + permutation root |
// quotient root | u32 chip count | per chip: u32 log height | seq public values | u8 0/1 + ext cumulative sum
// | 7 seqs of ext (preprocessed local, next, main local, next, permutation local, next, quotient) | u32 byte
// length + the FRI proof's own encoding (fri/proof.hpp). Rules of merkle/codec.hpp.
std::vector<std::uint8_t> encode(const StarkProof& proof);

enum class DecodeError : std::uint8_t {
  kOk = 0,
  kBadMagic,
  kBadVersion,
  kMalformed,  // a read ran past the end, a count cannot fit in the remaining bytes, or an element >= p
  kBadFlag,    // a presence flag other than 0 or 1
  kTrailingBytes,
  kBadFriProof,  // the nested FRI proof does not decode
};
std::string_view error_name(DecodeError error) noexcept;

struct DecodedProof {
  std::optional<StarkProof> proof;
  DecodeError error = DecodeError::kOk;
};
DecodedProof decode_stark_proof(std::span<const std::uint8_t> bytes);

}  // namespace neo::zkvm::stark
