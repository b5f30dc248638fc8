// AVX2 backend of packed.hpp (8 lanes). Compiled on x86-64 only; the dispatcher calls it after a CPU check.
#include "packed_kernels.hpp"

#if defined(__x86_64__)

#include "neo/zkvm/field/detail/simd_x86.hpp"

namespace neo::zkvm::field::packed::detail {
namespace {

using namespace neo::zkvm::field::simd;
constexpr std::size_t kLanes = 8;

__attribute__((target("avx2"))) void add_avx2(BabyBear* out, const BabyBear* a, const BabyBear* b,
                                              std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) avx2_store(out + i, avx2_add(avx2_load(a + i), avx2_load(b + i)));
  add_tail(out, a, b, i, n);
}
__attribute__((target("avx2"))) void sub_avx2(BabyBear* out, const BabyBear* a, const BabyBear* b,
                                              std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) avx2_store(out + i, avx2_sub(avx2_load(a + i), avx2_load(b + i)));
  sub_tail(out, a, b, i, n);
}
__attribute__((target("avx2"))) void mul_avx2(BabyBear* out, const BabyBear* a, const BabyBear* b,
                                              std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) avx2_store(out + i, avx2_mul(avx2_load(a + i), avx2_load(b + i)));
  mul_tail(out, a, b, i, n);
}
__attribute__((target("avx2"))) void mul_scalar_avx2(BabyBear* out, const BabyBear* a, BabyBear s,
                                                     std::size_t n) noexcept {
  const __m256i sv = avx2_broadcast(s);
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) avx2_store(out + i, avx2_mul(avx2_load(a + i), sv));
  mul_scalar_tail(out, a, s, i, n);
}
__attribute__((target("avx2"))) void butterfly_scalar_avx2(BabyBear* lo, BabyBear* hi, BabyBear w,
                                                           std::size_t n) noexcept {
  const __m256i wv = avx2_broadcast(w);
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    const __m256i l = avx2_load(lo + i);
    const __m256i t = avx2_mul(avx2_load(hi + i), wv);
    avx2_store(hi + i, avx2_sub(l, t));
    avx2_store(lo + i, avx2_add(l, t));
  }
  butterfly_scalar_tail(lo, hi, w, i, n);
}
__attribute__((target("avx2"))) void butterfly_vector_avx2(BabyBear* lo, BabyBear* hi, const BabyBear* w,
                                                           std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    const __m256i l = avx2_load(lo + i);
    const __m256i t = avx2_mul(avx2_load(hi + i), avx2_load(w + i));
    avx2_store(hi + i, avx2_sub(l, t));
    avx2_store(lo + i, avx2_add(l, t));
  }
  butterfly_vector_tail(lo, hi, w, i, n);
}

__attribute__((target("avx2"))) void butterfly_dif_scalar_avx2(BabyBear* lo, BabyBear* hi, BabyBear w,
                                                               std::size_t n) noexcept {
  const __m256i wv = avx2_broadcast(w);
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    const __m256i l = avx2_load(lo + i);
    const __m256i h = avx2_load(hi + i);
    avx2_store(lo + i, avx2_add(l, h));
    avx2_store(hi + i, avx2_mul(avx2_sub(l, h), wv));
  }
  butterfly_dif_scalar_tail(lo, hi, w, i, n);
}
__attribute__((target("avx2"))) void butterfly_dif_vector_avx2(BabyBear* lo, BabyBear* hi, const BabyBear* w,
                                                               std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    const __m256i l = avx2_load(lo + i);
    const __m256i h = avx2_load(hi + i);
    avx2_store(lo + i, avx2_add(l, h));
    avx2_store(hi + i, avx2_mul(avx2_sub(l, h), avx2_load(w + i)));
  }
  butterfly_dif_vector_tail(lo, hi, w, i, n);
}

__attribute__((target("avx2"))) void butterfly_rows_avx2(BabyBear* lo, BabyBear* hi, std::size_t width,
                                                         const BabyBear* w, std::size_t count) noexcept {
  for (std::size_t j = 0; j < count; ++j) butterfly_scalar_avx2(lo + j * width, hi + j * width, w[j], width);
}
__attribute__((target("avx2"))) void butterfly_dif_rows_avx2(BabyBear* lo, BabyBear* hi, std::size_t width,
                                                             const BabyBear* w, std::size_t count) noexcept {
  for (std::size_t j = 0; j < count; ++j) {
    butterfly_dif_scalar_avx2(lo + j * width, hi + j * width, w[j], width);
  }
}

constexpr Kernels kAvx2Kernels{add_avx2,
                               sub_avx2,
                               mul_avx2,
                               mul_scalar_avx2,
                               butterfly_scalar_avx2,
                               butterfly_vector_avx2,
                               butterfly_dif_scalar_avx2,
                               butterfly_dif_vector_avx2,
                               butterfly_rows_avx2,
                               butterfly_dif_rows_avx2};

}  // namespace

const Kernels* avx2_kernels() noexcept { return &kAvx2Kernels; }

}  // namespace neo::zkvm::field::packed::detail

#else

namespace neo::zkvm::field::packed::detail {
const Kernels* avx2_kernels() noexcept { return nullptr; }
}  // namespace neo::zkvm::field::packed::detail

#endif
