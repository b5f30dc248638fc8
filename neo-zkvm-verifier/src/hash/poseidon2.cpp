// Portable Poseidon2 permutation, sponge and compression, and the dispatch to the vector kernels.
#include "neo/zkvm/hash/poseidon2.hpp"

#include <algorithm>
#include <vector>

#include "poseidon2_kernels.hpp"

namespace neo::zkvm::hash {
namespace {

using field::BabyBear;
using State = Poseidon2BabyBear16::State;
using Digest = Poseidon2BabyBear16::Digest;
namespace packed = field::packed;

inline BabyBear sbox(BabyBear x) noexcept {
  const BabyBear x2 = x * x;
  const BabyBear x3 = x2 * x;
  return x3 * x3 * x;
}

// M4 = [[2,3,1,1],[1,2,3,1],[1,1,2,3],[3,1,1,2]] with 7 additions and 1 doubling per output pair: the shared
// sums t0123 + x1 and t0123 + x3 each feed two outputs.
inline void apply_m4(BabyBear* x) noexcept {
  const BabyBear t01 = x[0] + x[1];
  const BabyBear t23 = x[2] + x[3];
  const BabyBear t0123 = t01 + t23;
  const BabyBear t01123 = t0123 + x[1];
  const BabyBear t01233 = t0123 + x[3];
  const BabyBear y3 = t01233 + x[0].doubled();  // 3x0 + x1 + x2 + 2x3
  const BabyBear y1 = t01123 + x[2].doubled();  // x0 + 2x1 + 3x2 + x3
  const BabyBear y0 = t01123 + t01;             // 2x0 + 3x1 + x2 + x3
  const BabyBear y2 = t01233 + t23;             // x0 + x1 + 2x2 + 3x3
  x[0] = y0;
  x[1] = y1;
  x[2] = y2;
  x[3] = y3;
}

// M_E = circ(2 M4, M4, M4, M4): M4 on each block of 4, then add to each element the sum of the elements with
// the same index in every block.
inline void external_layer(State& s) noexcept {
  for (std::size_t b = 0; b < 16; b += 4) apply_m4(&s[b]);
  for (std::size_t i = 0; i < 4; ++i) {
    const BabyBear column = s[i] + s[i + 4] + s[i + 8] + s[i + 12];
    for (std::size_t b = 0; b < 16; b += 4) s[b + i] += column;
  }
}

// M_I = J + diag(V): y_i = sum(x) + V_i x_i.
inline void internal_layer(State& s, const std::array<BabyBear, 16>& diag) noexcept {
  BabyBear sum = s[0];
  for (std::size_t i = 1; i < 16; ++i) sum += s[i];
  for (std::size_t i = 0; i < 16; ++i) s[i] = sum + diag[i] * s[i];
}

inline void external_round(State& s, const std::array<BabyBear, 16>& rc) noexcept {
  for (std::size_t i = 0; i < 16; ++i) s[i] = sbox(s[i] + rc[i]);
  external_layer(s);
}

void permute_portable(State& s, const Poseidon2FieldConstants& c) noexcept {
  external_layer(s);
  for (const auto& rc : c.external_initial) external_round(s, rc);
  for (const BabyBear rc : c.internal) {
    s[0] = sbox(s[0] + rc);
    internal_layer(s, c.internal_diag);
  }
  for (const auto& rc : c.external_terminal) external_round(s, rc);
}

detail::PermuteManyKernel kernel_for(packed::Backend backend, std::size_t& lanes) noexcept {
  switch (backend) {
    case packed::Backend::kAvx512:
      lanes = detail::kAvx512States;
      return detail::poseidon2_avx512_kernel();
    case packed::Backend::kAvx2:
      lanes = detail::kAvx2States;
      return detail::poseidon2_avx2_kernel();
    case packed::Backend::kPortable:
      break;
  }
  lanes = 1;
  return nullptr;
}

// Initial sponge state: zero, with the input length in the last capacity element.
State sponge_initial_state(std::size_t length) noexcept {
  State s{};
  s[Poseidon2BabyBear16::kWidth - 1] = BabyBear::from_u64(static_cast<std::uint64_t>(length));
  return s;
}

// Overwrite the rate with chunk c of `input` (zero-filled past the end).
void absorb_chunk(State& s, const BabyBear* input, std::size_t length, std::size_t chunk) noexcept {
  const std::size_t begin = chunk * Poseidon2BabyBear16::kRate;
  for (std::size_t i = 0; i < Poseidon2BabyBear16::kRate; ++i) {
    s[i] = begin + i < length ? input[begin + i] : BabyBear::zero();
  }
}

std::size_t chunk_count(std::size_t length) noexcept {
  return length == 0 ? 1 : (length + Poseidon2BabyBear16::kRate - 1) / Poseidon2BabyBear16::kRate;
}

Digest squeeze(const State& s) noexcept {
  Digest d;
  std::copy_n(s.begin(), d.size(), d.begin());
  return d;
}

}  // namespace

void Poseidon2BabyBear16::permute(State& state) noexcept { permute_portable(state, field_constants()); }

void Poseidon2BabyBear16::permute_many(packed::Backend backend, std::span<State> states) noexcept {
  if (!packed::backend_available(backend)) __builtin_trap();
  const Poseidon2FieldConstants& c = field_constants();
  std::size_t lanes = 1;
  const detail::PermuteManyKernel kernel = kernel_for(backend, lanes);
  std::size_t done = 0;
  if (kernel != nullptr) {
    done = states.size() - states.size() % lanes;
    kernel(states.data(), done, c);
  }
  for (std::size_t i = done; i < states.size(); ++i) permute_portable(states[i], c);
}

void Poseidon2BabyBear16::permute_many(std::span<State> states) noexcept {
  permute_many(packed::best_backend(), states);
}

Poseidon2BabyBear16::Digest Poseidon2BabyBear16::hash(std::span<const Element> input) noexcept {
  const Poseidon2FieldConstants& c = field_constants();
  State s = sponge_initial_state(input.size());
  const std::size_t chunks = chunk_count(input.size());
  for (std::size_t k = 0; k < chunks; ++k) {
    absorb_chunk(s, input.data(), input.size(), k);
    permute_portable(s, c);
  }
  return squeeze(s);
}

Poseidon2BabyBear16::Digest Poseidon2BabyBear16::compress(const Digest& left, const Digest& right) noexcept {
  State s;
  std::copy(left.begin(), left.end(), s.begin());
  std::copy(right.begin(), right.end(), s.begin() + kDigestSize);
  permute_portable(s, field_constants());
  return squeeze(s);
}

namespace {
// Rows hashed together: enough states to fill AVX-512 lanes many times over, small enough to stay in L1.
constexpr std::size_t kBatchStates = 64;
}  // namespace

void Poseidon2BabyBear16::hash_rows(std::span<const Element> matrix, std::size_t width,
                                    std::span<Digest> digests) noexcept {
  if (matrix.size() != width * digests.size()) __builtin_trap();
  const std::size_t chunks = chunk_count(width);
  std::array<State, kBatchStates> states;
  for (std::size_t first = 0; first < digests.size(); first += kBatchStates) {
    const std::size_t count = std::min(kBatchStates, digests.size() - first);
    for (std::size_t r = 0; r < count; ++r) states[r] = sponge_initial_state(width);
    for (std::size_t k = 0; k < chunks; ++k) {
      for (std::size_t r = 0; r < count; ++r)
        absorb_chunk(states[r], matrix.data() + (first + r) * width, width, k);
      permute_many(std::span<State>(states.data(), count));
    }
    for (std::size_t r = 0; r < count; ++r) digests[first + r] = squeeze(states[r]);
  }
}

void Poseidon2BabyBear16::compress_pairs(std::span<const Digest> in, std::span<Digest> out) noexcept {
  if (in.size() != 2 * out.size()) __builtin_trap();
  std::array<State, kBatchStates> states;
  for (std::size_t first = 0; first < out.size(); first += kBatchStates) {
    const std::size_t count = std::min(kBatchStates, out.size() - first);
    for (std::size_t r = 0; r < count; ++r) {
      const Digest& left = in[2 * (first + r)];
      const Digest& right = in[2 * (first + r) + 1];
      std::copy(left.begin(), left.end(), states[r].begin());
      std::copy(right.begin(), right.end(), states[r].begin() + kDigestSize);
    }
    permute_many(std::span<State>(states.data(), count));
    for (std::size_t r = 0; r < count; ++r) out[first + r] = squeeze(states[r]);
  }
}

}  // namespace neo::zkvm::hash
