// The kernels of lazy_accumulate.hpp: portable, and AVX-512 behind the field package's run-time dispatch.
#include "lazy_accumulate.hpp"

#include "neo/zkvm/field/packed.hpp"

#if defined(__x86_64__)
#include "neo/zkvm/field/detail/simd_x86.hpp"
#endif

namespace neo::zkvm::air::detail {
namespace {

#if defined(__x86_64__)
NEO_TARGET_AVX512 void lazy_step_avx512(std::uint64_t* a, __m512i values, __m512i gk, __m512i bound) {
  __m512i x = _mm512_add_epi64(_mm512_loadu_si512(a), _mm512_mul_epu32(values, gk));
  x = _mm512_min_epu64(x, _mm512_sub_epi64(x, bound));  // x - bound wraps above x when x < bound
  _mm512_storeu_si512(a, x);
}

// Eight rows at a time (count a multiple of 8): the 32-bit words widened to 64-bit lanes, one 32x32->64
// product per lane and coefficient.
__attribute__((target("avx512f"))) void accumulate4_avx512_kernel(std::uint64_t* acc, std::size_t stride,
                                                                  const BabyBear* c, const BabyBear4& g,
                                                                  std::size_t count) noexcept {
  const __m512i bound = _mm512_set1_epi64(static_cast<long long>(kLazyBound));
  const __m512i g0 = _mm512_set1_epi64(g[0].monty());
  const __m512i g1 = _mm512_set1_epi64(g[1].monty());
  const __m512i g2 = _mm512_set1_epi64(g[2].monty());
  const __m512i g3 = _mm512_set1_epi64(g[3].monty());
  for (std::size_t r = 0; r < count; r += 8) {
    const __m512i values = _mm512_cvtepu32_epi64(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(c + r)));
    lazy_step_avx512(acc + r, values, g0, bound);
    lazy_step_avx512(acc + stride + r, values, g1, bound);
    lazy_step_avx512(acc + 2 * stride + r, values, g2, bound);
    lazy_step_avx512(acc + 3 * stride + r, values, g3, bound);
  }
}

// Columns eight at a time, one lazy sum per lane and coefficient; the tail through a masked load (masked-out
// lanes are not read). Each lane is then Montgomery-reduced (< p) and the eight lanes added as integers
// (< 8p): reduced mod p that is the Montgomery word of the sum, since reduction is linear mod p.
NEO_TARGET_AVX512 __m512i reduce_lanes_avx512(__m512i x) {
  const __m512i p = _mm512_set1_epi64(BabyBear::kModulus);
  const __m512i mu = _mm512_set1_epi64(BabyBear::kMontyMu);
  const __m512i q = _mm512_mul_epu32(x, mu);  // low 32 bits: lo(x) * mu mod 2^32
  const __m512i qp = _mm512_mul_epu32(q, p);  // uses the low 32 bits of q
  const __m512i t = _mm512_sub_epi64(_mm512_srli_epi64(x, 32), _mm512_srli_epi64(qp, 32));
  return _mm512_min_epu64(t, _mm512_add_epi64(t, p));  // t + p wraps below t exactly when t < 0
}

__attribute__((target("avx512f"))) BabyBear4 dot_avx512_kernel(const std::uint64_t* lanes, std::size_t padded,
                                                               const BabyBear* row,
                                                               std::size_t width) noexcept {
  const __m512i bound = _mm512_set1_epi64(static_cast<long long>(kLazyBound));
  __m512i acc[4] = {_mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512(),
                    _mm512_setzero_si512()};
  for (std::size_t c = 0; c < width; c += 8) {
    const std::size_t left = width - c;
    __m256i words;
    if (left >= 8) {
      words = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + c));
    } else {
      const __mmask16 mask = static_cast<__mmask16>((1u << left) - 1);
      words = _mm512_castsi512_si256(_mm512_maskz_loadu_epi32(mask, row + c));
    }
    const __m512i values = _mm512_cvtepu32_epi64(words);
    for (std::size_t k = 0; k < 4; ++k) {
      __m512i x =
          _mm512_add_epi64(acc[k], _mm512_mul_epu32(values, _mm512_loadu_si512(lanes + k * padded + c)));
      acc[k] = _mm512_min_epu64(x, _mm512_sub_epi64(x, bound));
    }
  }
  BabyBear out[4];
  for (std::size_t k = 0; k < 4; ++k) {
    const auto sum = static_cast<std::uint64_t>(_mm512_reduce_add_epi64(reduce_lanes_avx512(acc[k])));
    out[k] = BabyBear::from_monty(static_cast<std::uint32_t>(sum % BabyBear::kModulus));
  }
  return BabyBear4(out[0], out[1], out[2], out[3]);
}
#endif

}  // namespace

RowWeights::RowWeights(std::span<const BabyBear4> weights)
    : width_(weights.size()), padded_((weights.size() + 7) / 8 * 8), lanes_(4 * padded_, 0) {
  for (std::size_t k = 0; k < 4; ++k)
    for (std::size_t c = 0; c < width_; ++c) lanes_[k * padded_ + c] = weights[c][k].monty();
}

BabyBear4 RowWeights::dot(const BabyBear* row) const noexcept {
#if defined(__x86_64__)
  if (lazy_avx512()) return dot_avx512_kernel(lanes_.data(), padded_, row, width_);
#endif
  return dot_portable(row);
}

#if defined(__x86_64__)
BabyBear4 RowWeights::dot_avx512(const BabyBear* row) const noexcept {
  if (!lazy_avx512_available()) __builtin_trap();  // a caller bug: this CPU cannot run it
  return dot_avx512_kernel(lanes_.data(), padded_, row, width_);
}
#endif

BabyBear4 RowWeights::dot_portable(const BabyBear* row) const noexcept {
  std::uint64_t acc[4] = {0, 0, 0, 0};
  for (std::size_t c = 0; c < width_; ++c) {
    const std::uint64_t v = row[c].monty();
    for (std::size_t k = 0; k < 4; ++k) acc[k] = lazy_add(acc[k], lanes_[k * padded_ + c] * v);
  }
  return BabyBear4(lazy_finish(acc[0]), lazy_finish(acc[1]), lazy_finish(acc[2]), lazy_finish(acc[3]));
}

bool lazy_avx512() noexcept {
#if defined(__x86_64__)
  static const bool use = field::packed::best_backend() == field::packed::Backend::kAvx512;
  return use;
#else
  return false;
#endif
}

bool lazy_avx512_available() noexcept {
#if defined(__x86_64__)
  static const bool available = field::packed::backend_available(field::packed::Backend::kAvx512);
  return available;
#else
  return false;
#endif
}

void lazy_accumulate4_portable(std::uint64_t* acc, std::size_t stride, const BabyBear* c, const BabyBear4& g,
                               std::size_t count) noexcept {
  for (std::size_t k = 0; k < 4; ++k) {
    const std::uint64_t gk = g[k].monty();
    std::uint64_t* a = acc + k * stride;
    for (std::size_t r = 0; r < count; ++r) a[r] = lazy_add(a[r], gk * c[r].monty());
  }
}

#if defined(__x86_64__)
void lazy_accumulate4_avx512(std::uint64_t* acc, std::size_t stride, const BabyBear* c, const BabyBear4& g,
                             std::size_t count) noexcept {
  // Caller bugs: the kernel has no tail loop, and needs a CPU with AVX-512.
  if (count % 8 != 0 || !lazy_avx512_available()) __builtin_trap();
  accumulate4_avx512_kernel(acc, stride, c, g, count);
}
#endif

void lazy_accumulate4(std::uint64_t* acc, std::size_t stride, const BabyBear* c, const BabyBear4& g,
                      std::size_t count) noexcept {
#if defined(__x86_64__)
  if (lazy_avx512()) {
    const std::size_t vectorised = count / 8 * 8;
    accumulate4_avx512_kernel(acc, stride, c, g, vectorised);
    if (vectorised == count) return;
    acc += vectorised;
    c += vectorised;
    count -= vectorised;
  }
#endif
  lazy_accumulate4_portable(acc, stride, c, g, count);
}

}  // namespace neo::zkvm::air::detail
