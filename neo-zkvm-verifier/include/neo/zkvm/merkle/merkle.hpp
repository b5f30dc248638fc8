// Mixed-matrix Merkle commitment: one binary tree over the rows of several matrices of BabyBear elements
// whose heights are powers of two, possibly different. The verifier side: the tree shape rules, the batched
// opening proof of one query index and its verification. The prover builds trees with
// neo/zkvm/merkle/tree.hpp (neo-zkvm-prover); both follow the definition below, given in full in
// docs/stark.md.
//
// Definition. Let H = 2^L be the largest height. For a height h, row_h(j) is the concatenation, in matrix
// order, of row j of every matrix of height h (absent if no matrix has height h).
//   level 0 (H leaves):     node_0(i) = hash(row_H(i))
//   level k (H/2^k nodes):  c = compress(node_{k-1}(2j), node_{k-1}(2j+1));
//                           node_k(j) = compress(c, hash(row_{H/2^k}(j)))  if some matrix has height H/2^k,
//                                       c                                  otherwise
//   root = node_L(0).
// hash is the Poseidon2 sponge over all elements of the concatenated row (its length is fixed by the
// shape), compress the 2-to-1 compression. A matrix of height H/2^k is thus "injected" at the level whose
// nodes are as many as its rows, and row j of it sits under node j of that level.
//
// Opening at index i (0 <= i < H): the row (i >> k) of every matrix of height H/2^k, in matrix order, and the
// L sibling digests node_k(s_k xor 1), k = 0..L-1, where s_k = i >> k.
//
// Shape rules: at least one matrix; every height a power of two in [1, 2^27]; every width >= 1. The shape is
// not part of the root: the verifier must know it (it follows from the protocol's public parameters).
//
// Portable (verifier): no exceptions, errors as values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "neo/zkvm/field/babybear.hpp"
#include "neo/zkvm/hash/poseidon2.hpp"
#include "neo/zkvm/merkle/codec.hpp"

namespace neo::zkvm::merkle {

using field::BabyBear;
using Hash = hash::Poseidon2BabyBear16;
using Digest = Hash::Digest;

inline constexpr unsigned kMaxLogHeight = field::BabyBear::kTwoAdicity;
// Version byte of the standalone encoding of a BatchOpening.
inline constexpr std::uint8_t kOpeningEncodingVersion = 1;

struct MatrixDims {
  std::uint32_t height = 0;
  std::uint32_t width = 0;
  friend bool operator==(const MatrixDims&, const MatrixDims&) = default;
};

enum class MerkleError : std::uint8_t {
  kOk = 0,
  kBadShape,         // the shape breaks a rule above
  kIndexOutOfRange,  // index >= the largest height
  kWrongRowCount,    // not one opened row per matrix
  kWrongRowWidth,    // an opened row's length is not its matrix's width
  kWrongPathLength,  // not log2(largest height) siblings
  kRootMismatch,     // the recomputed root differs
};
std::string_view error_name(MerkleError error) noexcept;

// The opening of one query index: rows[m] is the opened row of matrix m (see the definition above).
struct BatchOpening {
  std::vector<std::vector<BabyBear>> rows;
  std::vector<Digest> siblings;
  friend bool operator==(const BatchOpening&, const BatchOpening&) = default;
};

// The derived facts about a valid shape.
struct Shape {
  unsigned log_max_height = 0;
  // width_at_level[k] = sum of the widths of the matrices of height 2^(log_max_height - k), k = 0..L (0 when
  // there are none).
  std::vector<std::uint32_t> width_at_level;
};
// Checks the shape rules; nullopt when broken.
std::optional<Shape> analyze_shape(std::span<const MatrixDims> dims) noexcept;

// Recomputes the root from an opening and compares it with `root`.
MerkleError verify_batch(const Digest& root, std::span<const MatrixDims> dims, std::size_t index,
                         const BatchOpening& opening) noexcept;

// Canonical encoding (see codec.hpp for the rules): u32 row count, each row a sequence of elements, then the
// sequence of sibling digests. The standalone form is prefixed with kOpeningEncodingVersion; the nested form
// (inside larger proofs, which carry their own version) is not.
void write_opening(codec::ByteWriter& writer, const BatchOpening& opening);
BatchOpening read_opening(codec::ByteReader& reader);
std::vector<std::uint8_t> encode_opening(const BatchOpening& opening);
// nullopt on any deviation: wrong version, truncation, trailing bytes, an element >= p.
std::optional<BatchOpening> decode_opening(std::span<const std::uint8_t> bytes);

}  // namespace neo::zkvm::merkle
