// The FRI proof object and its canonical binary encoding.
//
// Portable (verifier).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "neo/zkvm/field/babybear.hpp"
#include "neo/zkvm/field/extension.hpp"
#include "neo/zkvm/merkle/merkle.hpp"

namespace neo::zkvm::fri {

using field::BabyBear;
using field::BabyBear4;
using merkle::Digest;

inline constexpr std::array<std::uint8_t, 4> kFriProofMagic = {'N', 'F', 'R', 'I'};
inline constexpr std::uint8_t kFriProofVersion = 1;

// The opening of one folding layer at one query: the value of the other point of the pair {x, -x} (the
// verifier knows its own value from the previous layer) and the Merkle path of the pair's leaf.
struct CommitPhaseStep {
  BabyBear4 sibling_value;
  std::vector<Digest> siblings;
  friend bool operator==(const CommitPhaseStep&, const CommitPhaseStep&) = default;
};

struct QueryProof {
  // One batched opening per input commitment, in input order.
  std::vector<merkle::BatchOpening> input_openings;
  // One step per folding layer, first layer first.
  std::vector<CommitPhaseStep> steps;
  friend bool operator==(const QueryProof&, const QueryProof&) = default;
};

struct FriProof {
  std::vector<Digest> commit_roots;   // one per folding layer
  std::vector<BabyBear4> final_poly;  // coefficients, lowest degree first
  BabyBear pow_nonce;
  std::vector<QueryProof> queries;
  friend bool operator==(const FriProof&, const FriProof&) = default;
};

// magic "NFRI" | version u8 | roots: seq of digests | final_poly: seq of ext | nonce: element |
// queries: seq of { input openings: seq of merkle openings (nested form) | steps: seq of { ext | seq of
// digests } } — with the rules of neo/zkvm/merkle/codec.hpp.
std::vector<std::uint8_t> encode(const FriProof& proof);
// nullopt on any deviation (wrong magic or version, truncation, trailing bytes, an element >= p). Lengths
// that decode but do not fit the parameters are rejected by the verifier.
std::optional<FriProof> decode_fri_proof(std::span<const std::uint8_t> bytes);

}  // namespace neo::zkvm::fri
