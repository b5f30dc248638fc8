// Internal header, x86-64 only, for the SIMD translation units of this and later packages (never include
// it from portable code): BabyBear arithmetic on AVX2 (8 lanes) and AVX-512 (16 lanes) registers of
// Montgomery words.
//
// Each lane follows exactly the scalar algorithm of BabyBear (same reduction, same final correction), which
// is what makes the vector backends bit-identical to the portable one. The functions carry function-level
// target attributes, so no translation unit needs -mavx2 / -mavx512f, and only code that was dispatched after
// a CPU check ever calls them.
#pragma once

#if defined(__x86_64__)

// GCC 12 reports -W(maybe-)uninitialized inside its own AVX-512 intrinsics (the _mm512_undefined_epi32()
// pass-through operand, GCC bug 105593, fixed in GCC 13). The SIMD translation units that include this header
// silence both; no code of ours relies on an uninitialized value.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"

#include <immintrin.h>

#include <cstdint>

#include "neo/zkvm/field/babybear.hpp"

#define NEO_TARGET_AVX2 __attribute__((target("avx2"), always_inline)) inline
#define NEO_TARGET_AVX512 __attribute__((target("avx512f"), always_inline)) inline

namespace neo::zkvm::field::simd {

// ---- AVX2: 8 x u32 ----

NEO_TARGET_AVX2 __m256i avx2_load(const BabyBear* p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}
NEO_TARGET_AVX2 void avx2_store(BabyBear* p, __m256i v) {
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v);
}
NEO_TARGET_AVX2 __m256i avx2_broadcast(BabyBear x) { return _mm256_set1_epi32(static_cast<int>(x.monty())); }

// a + b mod p: the wrapped value t - p is smaller than t exactly when t >= p (t < 2p < 2^32).
NEO_TARGET_AVX2 __m256i avx2_add(__m256i a, __m256i b) {
  const __m256i p = _mm256_set1_epi32(static_cast<int>(BabyBear::kModulus));
  const __m256i t = _mm256_add_epi32(a, b);
  return _mm256_min_epu32(t, _mm256_sub_epi32(t, p));
}
// a - b mod p: when a < b the difference wraps above 2^32 - p > p, and t + p is the reduced value.
NEO_TARGET_AVX2 __m256i avx2_sub(__m256i a, __m256i b) {
  const __m256i p = _mm256_set1_epi32(static_cast<int>(BabyBear::kModulus));
  const __m256i t = _mm256_sub_epi32(a, b);
  return _mm256_min_epu32(t, _mm256_add_epi32(t, p));
}
// Montgomery product, lane-wise the same as BabyBear::reduce(a * b): even and odd lanes go through separate
// 32x32->64 multiplies, then the high words are merged and corrected.
NEO_TARGET_AVX2 __m256i avx2_mul(__m256i a, __m256i b) {
  const __m256i p = _mm256_set1_epi32(static_cast<int>(BabyBear::kModulus));
  const __m256i mu = _mm256_set1_epi32(static_cast<int>(BabyBear::kMontyMu));
  const __m256i prod_even = _mm256_mul_epu32(a, b);
  const __m256i prod_odd = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), _mm256_srli_epi64(b, 32));
  const __m256i q_even = _mm256_mul_epu32(prod_even, mu);
  const __m256i q_odd = _mm256_mul_epu32(prod_odd, mu);
  const __m256i qp_even = _mm256_mul_epu32(q_even, p);
  const __m256i qp_odd = _mm256_mul_epu32(q_odd, p);
  const __m256i prod_hi = _mm256_blend_epi32(_mm256_srli_epi64(prod_even, 32), prod_odd, 0xAA);
  const __m256i qp_hi = _mm256_blend_epi32(_mm256_srli_epi64(qp_even, 32), qp_odd, 0xAA);
  const __m256i t = _mm256_sub_epi32(prod_hi, qp_hi);
  return _mm256_min_epu32(t, _mm256_add_epi32(t, p));
}

// ---- AVX-512: 16 x u32 ----

NEO_TARGET_AVX512 __m512i avx512_load(const BabyBear* p) { return _mm512_loadu_si512(p); }
NEO_TARGET_AVX512 void avx512_store(BabyBear* p, __m512i v) { _mm512_storeu_si512(p, v); }
NEO_TARGET_AVX512 __m512i avx512_broadcast(BabyBear x) {
  return _mm512_set1_epi32(static_cast<int>(x.monty()));
}

NEO_TARGET_AVX512 __m512i avx512_add(__m512i a, __m512i b) {
  const __m512i p = _mm512_set1_epi32(static_cast<int>(BabyBear::kModulus));
  const __m512i t = _mm512_add_epi32(a, b);
  return _mm512_min_epu32(t, _mm512_sub_epi32(t, p));
}
NEO_TARGET_AVX512 __m512i avx512_sub(__m512i a, __m512i b) {
  const __m512i p = _mm512_set1_epi32(static_cast<int>(BabyBear::kModulus));
  const __m512i t = _mm512_sub_epi32(a, b);
  return _mm512_min_epu32(t, _mm512_add_epi32(t, p));
}
NEO_TARGET_AVX512 __m512i avx512_mul(__m512i a, __m512i b) {
  const __m512i p = _mm512_set1_epi32(static_cast<int>(BabyBear::kModulus));
  const __m512i mu = _mm512_set1_epi32(static_cast<int>(BabyBear::kMontyMu));
  const __m512i prod_even = _mm512_mul_epu32(a, b);
  const __m512i prod_odd = _mm512_mul_epu32(_mm512_srli_epi64(a, 32), _mm512_srli_epi64(b, 32));
  const __m512i q_even = _mm512_mul_epu32(prod_even, mu);
  const __m512i q_odd = _mm512_mul_epu32(prod_odd, mu);
  const __m512i qp_even = _mm512_mul_epu32(q_even, p);
  const __m512i qp_odd = _mm512_mul_epu32(q_odd, p);
  const __mmask16 odd_lanes = 0xAAAA;
  const __m512i prod_hi = _mm512_mask_blend_epi32(odd_lanes, _mm512_srli_epi64(prod_even, 32), prod_odd);
  const __m512i qp_hi = _mm512_mask_blend_epi32(odd_lanes, _mm512_srli_epi64(qp_even, 32), qp_odd);
  const __m512i t = _mm512_sub_epi32(prod_hi, qp_hi);
  return _mm512_min_epu32(t, _mm512_add_epi32(t, p));
}

}  // namespace neo::zkvm::field::simd

#endif  // __x86_64__
