// Poseidon2 over BabyBear, width 16 (Plonky3's default instance), with the sponge hasher and the 2-to-1
// compression the commitments and the Fiat-Shamir challenger build on.
//
// Permutation: S-box x^7, 8 external rounds (4 initial + 4 terminal) and 13 internal rounds; external layer
// M_E = circ(2 M4, M4, M4, M4) with M4 = [[2,3,1,1],[1,2,3,1],[1,1,2,3],[3,1,1,2]], internal layer
// M_I = J + diag(V); the order is  x = M_E x;  4 x { x = M_E(sbox(x + rc)) };  13 x { x0 = (x0 + rc)^7;
// x = M_I x };  4 x { x = M_E(sbox(x + rc)) }. It reproduces Plonky3's default_babybear_poseidon2_16 bit for
// bit (known-answer tests in tests/poseidon2_test.cpp).
//
// Sponge (hash): rate 8 (state[0..8)), capacity 8 (state[8..16)), 8-element digests = state[0..8) after
// the last permutation. The length handling is this project's own choice (Plonky3's PaddingFreeSponge has
// none):
//   * the capacity starts as zero except state[15] = n mod p, n = the number of input elements, so inputs of
//     different lengths never share a sponge state (no trailing-zero collisions, no padding needed);
//   * the input is absorbed in chunks of 8 in overwrite mode (state[0..8) := chunk, the last chunk
//     zero-filled if shorter), one permutation after each chunk; an empty input is one permutation of the
//     initial state.
// Compression: compress(l, r) = first 8 elements of permute(l || r), as in Plonky3's TruncatedPermutation.
// hash and compress are not otherwise domain-separated; commitments use them at fixed places of a fixed tree
// shape, so a leaf digest is never read as a node digest.
//
// Portable code: runs in the verifier and possibly in the guest. permute_many may use AVX2/AVX-512 on x86-64
// (run-time dispatch); every path is bit-identical to permute.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>

#include "neo/zkvm/field/babybear.hpp"
#include "neo/zkvm/field/packed.hpp"

namespace neo::zkvm::hash {

// The interface every hash configuration implements, so that the commitment scheme and the challenger are
// written once and a different configuration (e.g. a BN254-friendly one for an outer SNARK) plugs in later.
template <typename H>
concept FieldHash = requires(typename H::State& state, std::span<const typename H::Element> input,
                             const typename H::Digest& digest) {
  typename H::Element;
  typename H::State;   // the permutation state (width H::kWidth)
  typename H::Digest;  // the output of hash() and compress()
  requires std::same_as<decltype(H::kWidth), const std::size_t>;
  requires std::same_as<decltype(H::kRate), const std::size_t>;
  { H::permute(state) }
  noexcept;
  { H::hash(input) }
  noexcept->std::same_as<typename H::Digest>;
  { H::compress(digest, digest) }
  noexcept->std::same_as<typename H::Digest>;
};

// Constants as canonical integers (what the reference data lists) and as field elements (what the permutation
// uses). The arrays are data of this project's source, not read from anywhere at run time.
struct Poseidon2CanonicalConstants {
  std::array<std::array<std::uint32_t, 16>, 4> external_initial;
  std::array<std::uint32_t, 13> internal;
  std::array<std::array<std::uint32_t, 16>, 4> external_terminal;
  std::array<std::uint32_t, 16> internal_diag;  // V of M_I = J + diag(V)
};
struct Poseidon2FieldConstants {
  std::array<std::array<field::BabyBear, 16>, 4> external_initial;
  std::array<field::BabyBear, 13> internal;
  std::array<std::array<field::BabyBear, 16>, 4> external_terminal;
  std::array<field::BabyBear, 16> internal_diag;
};

struct Poseidon2BabyBear16 {
  using Element = field::BabyBear;
  static constexpr std::size_t kWidth = 16;
  static constexpr std::size_t kRate = 8;
  static constexpr std::size_t kCapacity = 8;
  static constexpr std::size_t kDigestSize = 8;
  static constexpr std::size_t kExternalRounds = 8;
  static constexpr std::size_t kInternalRounds = 13;
  using State = std::array<field::BabyBear, kWidth>;
  using Digest = std::array<field::BabyBear, kDigestSize>;

  static const Poseidon2CanonicalConstants& canonical_constants() noexcept;
  static const Poseidon2FieldConstants& field_constants() noexcept;

  // The permutation, portable scalar code.
  static void permute(State& state) noexcept;
  // Permutes each state independently; uses the best vector backend for groups of 8 (AVX2) or 16 (AVX-512)
  // states. Results are identical to calling permute on each.
  static void permute_many(std::span<State> states) noexcept;
  // The same on an explicitly chosen backend (tests, benchmarks); an unavailable backend traps.
  static void permute_many(field::packed::Backend backend, std::span<State> states) noexcept;

  // Sponge hash of a sequence of field elements (see the header comment for the length handling).
  static Digest hash(std::span<const Element> input) noexcept;
  // 2-to-1 compression: first 8 elements of permute(left || right).
  static Digest compress(const Digest& left, const Digest& right) noexcept;

  // Batched forms for the prover: digests[i] = hash(row i) of a row-major matrix of the given width
  // (matrix.size() == width * digests.size()), and out[i] = compress(in[2i], in[2i+1]). They use
  // permute_many.
  static void hash_rows(std::span<const Element> matrix, std::size_t width,
                        std::span<Digest> digests) noexcept;
  static void compress_pairs(std::span<const Digest> in, std::span<Digest> out) noexcept;
};

static_assert(FieldHash<Poseidon2BabyBear16>);

}  // namespace neo::zkvm::hash
