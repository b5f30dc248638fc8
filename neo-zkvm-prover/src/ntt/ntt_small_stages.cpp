// The first DIT stages of a single-column NTT on groups of 8 or 16 consecutive values. In the stage loop
// these stages run on pairs that are 1, 2 or 4 elements apart, too short for a vector register; here a whole
// group sits in one register and each stage is one multiplication by a per-lane twiddle vector plus lane
// permutations.
//
// Per stage h and lane i: lo lanes (i & h == 0) become x[i] + w * x[i + h], hi lanes x[i - h] - w * x[i],
// with w = tw[h + (i mod h)]. Computing y = x * W (W = 1 on lo lanes, w on hi lanes) and the partner lanes (i
// XOR h) of x and y gives lo = x + y_partner, hi = x_partner - y: the same field operations as the scalar
// butterfly, so every variant is bit-identical. The DIF stages (h = 4, 2, 1 or 8, 4, 2, 1) work the same way:
// lo = x + x_partner, hi = (x_partner - x) * w, i.e. s = blend(x + x_partner, x_partner - x) and s * W.
#include <array>
#include <cstdint>

#include "neo/zkvm/field/packed.hpp"
#include "ntt_kernels.hpp"

#if defined(__x86_64__)
#include "neo/zkvm/field/detail/simd_x86.hpp"
#endif

namespace neo::zkvm::ntt::detail {
namespace {

using field::BabyBear;

// Portable: the first three stages on groups of 8 with their 5 non-trivial multiplications.
void small_stages_portable(BabyBear* data, std::size_t n, const BabyBear* tw) noexcept {
  const BabyBear w4 = tw[3], w8 = tw[5], w8_2 = tw[6], w8_3 = tw[7];
  for (std::size_t g = 0; g < n; g += 8) {
    BabyBear* x = data + g;
    for (std::size_t k = 0; k < 8; k += 2) {  // h = 1, twiddle 1
      const BabyBear a = x[k], b = x[k + 1];
      x[k] = a + b;
      x[k + 1] = a - b;
    }
    for (std::size_t k = 0; k < 8; k += 4) {  // h = 2, twiddles 1, w4
      const BabyBear a0 = x[k], a1 = x[k + 1], b0 = x[k + 2], b1 = x[k + 3] * w4;
      x[k] = a0 + b0;
      x[k + 2] = a0 - b0;
      x[k + 1] = a1 + b1;
      x[k + 3] = a1 - b1;
    }
    const BabyBear t0 = x[4], t1 = x[5] * w8, t2 = x[6] * w8_2, t3 = x[7] * w8_3;  // h = 4
    const BabyBear a0 = x[0], a1 = x[1], a2 = x[2], a3 = x[3];
    x[0] = a0 + t0;
    x[4] = a0 - t0;
    x[1] = a1 + t1;
    x[5] = a1 - t1;
    x[2] = a2 + t2;
    x[6] = a2 - t2;
    x[3] = a3 + t3;
    x[7] = a3 - t3;
  }
}

// Portable DIF stages h = 4, 2, 1 on groups of 8: d = lo - hi; lo = lo + hi; hi = d * w (w = 1 skipped).
void small_stages_dif_portable(BabyBear* data, std::size_t n, const BabyBear* tw) noexcept {
  for (std::size_t g = 0; g < n; g += 8) {
    BabyBear* x = data + g;
    for (std::size_t h = 4; h >= 1; h /= 2) {
      for (std::size_t k = 0; k < 8; k += 2 * h) {
        for (std::size_t j = 0; j < h; ++j) {
          const BabyBear d = x[k + j] - x[k + j + h];
          x[k + j] = x[k + j] + x[k + j + h];
          x[k + j + h] = j == 0 ? d : d * tw[h + j];
        }
      }
    }
  }
}

// Per-lane twiddles W for stage h on a group of `lanes` values: 1 on lo lanes, tw[h + (i mod h)] on hi lanes.
template <std::size_t kLanes>
std::array<BabyBear, kLanes> stage_twiddles(std::size_t h, const BabyBear* tw) noexcept {
  std::array<BabyBear, kLanes> w{};
  for (std::size_t i = 0; i < kLanes; ++i) w[i] = (i & h) == 0 ? BabyBear::one() : tw[h + (i % h)];
  return w;
}

#if defined(__x86_64__)

using namespace field::simd;

__attribute__((target("avx512f"))) void small_stages_avx512(BabyBear* data, std::size_t n,
                                                            const BabyBear* tw) noexcept {
  constexpr std::size_t kLanes = 16;
  __m512i twiddles[4], partner[4];
  __mmask16 hi_lanes[4];
  for (std::size_t s = 0; s < 4; ++s) {
    const std::size_t h = std::size_t{1} << s;
    const auto w = stage_twiddles<kLanes>(h, tw);
    twiddles[s] = avx512_load(w.data());
    alignas(64) std::array<std::uint32_t, kLanes> idx{};
    std::uint32_t mask = 0;
    for (std::size_t i = 0; i < kLanes; ++i) {
      idx[i] = static_cast<std::uint32_t>(i ^ h);
      if ((i & h) != 0) mask |= 1u << i;
    }
    partner[s] = _mm512_load_si512(idx.data());
    hi_lanes[s] = static_cast<__mmask16>(mask);
  }
  for (std::size_t g = 0; g < n; g += kLanes) {
    __m512i x = avx512_load(data + g);
    for (std::size_t s = 0; s < 4; ++s) {
      const __m512i y = avx512_mul(x, twiddles[s]);
      const __m512i y_partner = _mm512_permutexvar_epi32(partner[s], y);
      const __m512i x_partner = _mm512_permutexvar_epi32(partner[s], x);
      x = _mm512_mask_blend_epi32(hi_lanes[s], avx512_add(x, y_partner), avx512_sub(x_partner, y));
    }
    avx512_store(data + g, x);
  }
}

__attribute__((target("avx512f"))) void small_stages_dif_avx512(BabyBear* data, std::size_t n,
                                                                const BabyBear* tw) noexcept {
  constexpr std::size_t kLanes = 16;
  __m512i twiddles[4], partner[4];
  __mmask16 hi_lanes[4];
  for (std::size_t s = 0; s < 4; ++s) {
    const std::size_t h = std::size_t{1} << s;
    const auto w = stage_twiddles<kLanes>(h, tw);
    twiddles[s] = avx512_load(w.data());
    alignas(64) std::array<std::uint32_t, kLanes> idx{};
    std::uint32_t mask = 0;
    for (std::size_t i = 0; i < kLanes; ++i) {
      idx[i] = static_cast<std::uint32_t>(i ^ h);
      if ((i & h) != 0) mask |= 1u << i;
    }
    partner[s] = _mm512_load_si512(idx.data());
    hi_lanes[s] = static_cast<__mmask16>(mask);
  }
  for (std::size_t g = 0; g < n; g += kLanes) {
    __m512i x = avx512_load(data + g);
    for (std::size_t s = 4; s-- > 0;) {
      const __m512i x_partner = _mm512_permutexvar_epi32(partner[s], x);
      const __m512i sum_or_diff =
          _mm512_mask_blend_epi32(hi_lanes[s], avx512_add(x, x_partner), avx512_sub(x_partner, x));
      x = avx512_mul(sum_or_diff, twiddles[s]);
    }
    avx512_store(data + g, x);
  }
}

__attribute__((target("avx2"))) void small_stages_avx2(BabyBear* data, std::size_t n,
                                                       const BabyBear* tw) noexcept {
  constexpr std::size_t kLanes = 8;
  __m256i twiddles[3], partner[3];
  for (std::size_t s = 0; s < 3; ++s) {
    const std::size_t h = std::size_t{1} << s;
    const auto w = stage_twiddles<kLanes>(h, tw);
    twiddles[s] = avx2_load(w.data());
    alignas(32) std::array<std::uint32_t, kLanes> idx{};
    for (std::size_t i = 0; i < kLanes; ++i) idx[i] = static_cast<std::uint32_t>(i ^ h);
    partner[s] = _mm256_load_si256(reinterpret_cast<const __m256i*>(idx.data()));
  }
  for (std::size_t g = 0; g < n; g += kLanes) {
    __m256i x = avx2_load(data + g);
    // Blend immediates select the hi lanes (i & h != 0) of each stage: 0xAA, 0xCC, 0xF0.
    __m256i y = avx2_mul(x, twiddles[0]);
    x = _mm256_blend_epi32(avx2_add(x, _mm256_permutevar8x32_epi32(y, partner[0])),
                           avx2_sub(_mm256_permutevar8x32_epi32(x, partner[0]), y), 0xAA);
    y = avx2_mul(x, twiddles[1]);
    x = _mm256_blend_epi32(avx2_add(x, _mm256_permutevar8x32_epi32(y, partner[1])),
                           avx2_sub(_mm256_permutevar8x32_epi32(x, partner[1]), y), 0xCC);
    y = avx2_mul(x, twiddles[2]);
    x = _mm256_blend_epi32(avx2_add(x, _mm256_permutevar8x32_epi32(y, partner[2])),
                           avx2_sub(_mm256_permutevar8x32_epi32(x, partner[2]), y), 0xF0);
    avx2_store(data + g, x);
  }
}

__attribute__((target("avx2"))) void small_stages_dif_avx2(BabyBear* data, std::size_t n,
                                                           const BabyBear* tw) noexcept {
  constexpr std::size_t kLanes = 8;
  __m256i twiddles[3], partner[3];
  for (std::size_t s = 0; s < 3; ++s) {
    const std::size_t h = std::size_t{1} << s;
    const auto w = stage_twiddles<kLanes>(h, tw);
    twiddles[s] = avx2_load(w.data());
    alignas(32) std::array<std::uint32_t, kLanes> idx{};
    for (std::size_t i = 0; i < kLanes; ++i) idx[i] = static_cast<std::uint32_t>(i ^ h);
    partner[s] = _mm256_load_si256(reinterpret_cast<const __m256i*>(idx.data()));
  }
  for (std::size_t g = 0; g < n; g += kLanes) {
    __m256i x = avx2_load(data + g);
    __m256i xp = _mm256_permutevar8x32_epi32(x, partner[2]);
    x = avx2_mul(_mm256_blend_epi32(avx2_add(x, xp), avx2_sub(xp, x), 0xF0), twiddles[2]);
    xp = _mm256_permutevar8x32_epi32(x, partner[1]);
    x = avx2_mul(_mm256_blend_epi32(avx2_add(x, xp), avx2_sub(xp, x), 0xCC), twiddles[1]);
    xp = _mm256_permutevar8x32_epi32(x, partner[0]);
    x = avx2_mul(_mm256_blend_epi32(avx2_add(x, xp), avx2_sub(xp, x), 0xAA), twiddles[0]);
    avx2_store(data + g, x);
  }
}

#endif  // __x86_64__

}  // namespace

SmallStages small_stages_variant(int variant) noexcept {
  namespace packed = field::packed;
  switch (variant) {
#if defined(__x86_64__)
    case 2:
      if (packed::backend_available(packed::Backend::kAvx512)) {
        return {4, small_stages_avx512, small_stages_dif_avx512};
      }
      return {4, nullptr, nullptr};
    case 1:
      if (packed::backend_available(packed::Backend::kAvx2))
        return {3, small_stages_avx2, small_stages_dif_avx2};
      return {3, nullptr, nullptr};
#endif
    default:
      return {3, small_stages_portable, small_stages_dif_portable};
  }
}

SmallStages best_small_stages() noexcept {
  for (int variant = 2; variant > 0; --variant) {
    const SmallStages s = small_stages_variant(variant);
    if (s.run != nullptr) return s;
  }
  return small_stages_variant(0);
}

}  // namespace neo::zkvm::ntt::detail
