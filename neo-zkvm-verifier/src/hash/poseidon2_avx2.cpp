// AVX2 Poseidon2 kernel: 8 independent states at once, lane j of vector i holding element i of state j.
// The rounds repeat the portable code's operations lane by lane, so results are bit-identical to permute().
#include "poseidon2_kernels.hpp"

#if defined(__x86_64__)

#include <cstdint>

#include "neo/zkvm/field/detail/simd_x86.hpp"

namespace neo::zkvm::hash::detail {
namespace {

using field::BabyBear;
using namespace field::simd;
using Vec = __m256i;
constexpr std::size_t kLanes = kAvx2States;

NEO_TARGET_AVX2 Vec vadd(Vec a, Vec b) { return avx2_add(a, b); }
NEO_TARGET_AVX2 Vec vmul(Vec a, Vec b) { return avx2_mul(a, b); }
NEO_TARGET_AVX2 Vec vbroadcast(BabyBear x) { return avx2_broadcast(x); }

NEO_TARGET_AVX2 Vec vsub(Vec a, Vec b) { return avx2_sub(a, b); }

// x * 2^-k for 1 <= k <= 27 without a multiplication. p = 15 * 2^27 + 1, so p^-1 = 1 mod 2^k and
// m = (-x) mod 2^k makes x + m p divisible by 2^k; (x + m p) / 2^k = (x + m) / 2^k + m * 15 * 2^(27-k), all
// in 32 bits, and < 2p, so one conditional subtraction gives the reduced value (the same word a
// multiplication by the Montgomery form of 2^-k yields, since both are the reduced representative).
template <unsigned kShift>
NEO_TARGET_AVX2 Vec vmul_pow2_inverse(Vec x) {
  static_assert(kShift >= 1 && kShift <= 27);
  const __m256i mask = _mm256_set1_epi32(static_cast<int>((1u << kShift) - 1));
  const __m256i p = _mm256_set1_epi32(static_cast<int>(BabyBear::kModulus));
  const __m256i m = _mm256_and_si256(_mm256_sub_epi32(_mm256_setzero_si256(), x), mask);
  const __m256i t = _mm256_srli_epi32(_mm256_add_epi32(x, m), kShift);
  const __m256i u = _mm256_sub_epi32(_mm256_slli_epi32(m, 31 - kShift), _mm256_slli_epi32(m, 27 - kShift));
  const __m256i r = _mm256_add_epi32(t, u);
  return _mm256_min_epu32(r, _mm256_sub_epi32(r, p));
}

// M_I = J + diag(V), V = [-2, 1, 2, 1/2, 3, 4, -1/2, -3, -4, 1/2^8, 1/4, 1/8, 1/2^27, -1/2^8, -1/16,
// -1/2^27]: every V_i is a small integer or a signed power of 1/2, so y_i = sum + V_i x_i needs additions and
// shifts only. (The portable code multiplies by the transcribed V; the tests check both give the same words.)
NEO_TARGET_AVX2 void internal_layer(Vec* s) {
  Vec sum = s[0];
  for (std::size_t i = 1; i < 16; ++i) sum = vadd(sum, s[i]);
  const Vec x2 = vadd(s[2], s[2]);
  const Vec x4_2 = vadd(s[4], s[4]);
  const Vec x5_2 = vadd(s[5], s[5]);
  const Vec x7_2 = vadd(s[7], s[7]);
  const Vec x8_2 = vadd(s[8], s[8]);
  s[0] = vsub(sum, vadd(s[0], s[0]));
  s[1] = vadd(sum, s[1]);
  s[2] = vadd(sum, x2);
  s[3] = vadd(sum, vmul_pow2_inverse<1>(s[3]));
  s[4] = vadd(sum, vadd(x4_2, s[4]));
  s[5] = vadd(sum, vadd(x5_2, x5_2));
  s[6] = vsub(sum, vmul_pow2_inverse<1>(s[6]));
  s[7] = vsub(sum, vadd(x7_2, s[7]));
  s[8] = vsub(sum, vadd(x8_2, x8_2));
  s[9] = vadd(sum, vmul_pow2_inverse<8>(s[9]));
  s[10] = vadd(sum, vmul_pow2_inverse<2>(s[10]));
  s[11] = vadd(sum, vmul_pow2_inverse<3>(s[11]));
  s[12] = vadd(sum, vmul_pow2_inverse<27>(s[12]));
  s[13] = vsub(sum, vmul_pow2_inverse<8>(s[13]));
  s[14] = vsub(sum, vmul_pow2_inverse<4>(s[14]));
  s[15] = vsub(sum, vmul_pow2_inverse<27>(s[15]));
}

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
  for (const BabyBear rc : c.internal) {
    s[0] = sbox(vadd(s[0], vbroadcast(rc)));
    internal_layer(s);
  }
  for (const auto& rc : c.external_terminal) external_round(s, rc);

  for (std::size_t i = 0; i < 16; ++i) avx2_store(reinterpret_cast<BabyBear*>(lanes[i]), s[i]);
  for (std::size_t j = 0; j < kLanes; ++j) {
    for (std::size_t i = 0; i < 16; ++i) states[j][i] = BabyBear::from_monty(lanes[i][j]);
  }
}

void permute_many_avx2(Poseidon2BabyBear16::State* states, std::size_t count,
                       const Poseidon2FieldConstants& constants) noexcept {
  for (std::size_t first = 0; first + kLanes <= count; first += kLanes)
    permute_group(states + first, constants);
}

}  // namespace

PermuteManyKernel poseidon2_avx2_kernel() noexcept { return permute_many_avx2; }

}  // namespace neo::zkvm::hash::detail

#else

namespace neo::zkvm::hash::detail {
PermuteManyKernel poseidon2_avx2_kernel() noexcept { return nullptr; }
}  // namespace neo::zkvm::hash::detail

#endif
