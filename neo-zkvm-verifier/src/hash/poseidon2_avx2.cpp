// AVX2 Poseidon2 kernel: 8 independent states at once, lane j of vector i holding element i of state j.
// The rounds repeat the portable code's operations lane by lane, so results are bit-identical to permute().
#include "poseidon2_kernels.hpp"

#if defined(__x86_64__)

#include <cstdint>

#include "../field/simd_x86.hpp"

namespace neo::zkvm::hash::detail {
namespace {

using field::BabyBear;
using namespace field::simd;
using Vec = __m256i;
constexpr std::size_t kLanes = kAvx2States;

NEO_TARGET_AVX2 Vec vadd(Vec a, Vec b) { return avx2_add(a, b); }
NEO_TARGET_AVX2 Vec vmul(Vec a, Vec b) { return avx2_mul(a, b); }
NEO_TARGET_AVX2 Vec vbroadcast(BabyBear x) { return avx2_broadcast(x); }

NEO_TARGET_AVX2 Vec sbox(Vec x) {
  const Vec x2 = vmul(x, x);
  const Vec x3 = vmul(x2, x);
  return vmul(vmul(x3, x3), x);
}

NEO_TARGET_AVX2 void apply_m4(Vec* x) {
  const Vec t01 = vadd(x[0], x[1]);
  const Vec t23 = vadd(x[2], x[3]);
  const Vec t0123 = vadd(t01, t23);
  const Vec t01123 = vadd(t0123, x[1]);
  const Vec t01233 = vadd(t0123, x[3]);
  const Vec y3 = vadd(t01233, vadd(x[0], x[0]));
  const Vec y1 = vadd(t01123, vadd(x[2], x[2]));
  const Vec y0 = vadd(t01123, t01);
  const Vec y2 = vadd(t01233, t23);
  x[0] = y0;
  x[1] = y1;
  x[2] = y2;
  x[3] = y3;
}

NEO_TARGET_AVX2 void external_layer(Vec* s) {
  for (std::size_t b = 0; b < 16; b += 4) apply_m4(s + b);
  for (std::size_t i = 0; i < 4; ++i) {
    const Vec column = vadd(vadd(vadd(s[i], s[i + 4]), s[i + 8]), s[i + 12]);
    for (std::size_t b = 0; b < 16; b += 4) s[b + i] = vadd(s[b + i], column);
  }
}

NEO_TARGET_AVX2 void external_round(Vec* s, const std::array<BabyBear, 16>& rc) {
  for (std::size_t i = 0; i < 16; ++i) s[i] = sbox(vadd(s[i], vbroadcast(rc[i])));
  external_layer(s);
}

__attribute__((target("avx2"))) void permute_group(Poseidon2BabyBear16::State* states,
                                                      const Poseidon2FieldConstants& c) noexcept {
  // Transpose in through a buffer: lanes[i][j] = element i of state j.
  alignas(32) std::uint32_t lanes[16][kLanes];
  for (std::size_t j = 0; j < kLanes; ++j) {
    for (std::size_t i = 0; i < 16; ++i) lanes[i][j] = states[j][i].monty();
  }
  Vec s[16];
  for (std::size_t i = 0; i < 16; ++i) s[i] = avx2_load(reinterpret_cast<const BabyBear*>(lanes[i]));

  external_layer(s);
  for (const auto& rc : c.external_initial) external_round(s, rc);
  Vec diag[16];
  for (std::size_t i = 0; i < 16; ++i) diag[i] = vbroadcast(c.internal_diag[i]);
  for (const BabyBear rc : c.internal) {
    s[0] = sbox(vadd(s[0], vbroadcast(rc)));
    Vec sum = s[0];
    for (std::size_t i = 1; i < 16; ++i) sum = vadd(sum, s[i]);
    for (std::size_t i = 0; i < 16; ++i) s[i] = vadd(sum, vmul(diag[i], s[i]));
  }
  for (const auto& rc : c.external_terminal) external_round(s, rc);

  for (std::size_t i = 0; i < 16; ++i) avx2_store(reinterpret_cast<BabyBear*>(lanes[i]), s[i]);
  for (std::size_t j = 0; j < kLanes; ++j) {
    for (std::size_t i = 0; i < 16; ++i) states[j][i] = BabyBear::from_monty(lanes[i][j]);
  }
}

void permute_many_avx2(Poseidon2BabyBear16::State* states, std::size_t count,
                         const Poseidon2FieldConstants& constants) noexcept {
  for (std::size_t first = 0; first + kLanes <= count; first += kLanes) permute_group(states + first, constants);
}

}  // namespace

PermuteManyKernel poseidon2_avx2_kernel() noexcept { return permute_many_avx2; }

}  // namespace neo::zkvm::hash::detail

#else

namespace neo::zkvm::hash::detail {
PermuteManyKernel poseidon2_avx2_kernel() noexcept { return nullptr; }
}  // namespace neo::zkvm::hash::detail

#endif
