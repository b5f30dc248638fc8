// AVX-512 backend of packed.hpp (16 lanes). Compiled on x86-64 only; the dispatcher calls it after a CPU
// check.
#include "packed_kernels.hpp"

#if defined(__x86_64__)

#include "neo/zkvm/field/detail/simd_x86.hpp"

namespace neo::zkvm::field::packed::detail {
namespace {

using namespace neo::zkvm::field::simd;
constexpr std::size_t kLanes = 16;

__attribute__((target("avx512f"))) void add_avx512(BabyBear* out, const BabyBear* a, const BabyBear* b,
                                                   std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    avx512_store(out + i, avx512_add(avx512_load(a + i), avx512_load(b + i)));
  add_tail(out, a, b, i, n);
}
__attribute__((target("avx512f"))) void sub_avx512(BabyBear* out, const BabyBear* a, const BabyBear* b,
                                                   std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    avx512_store(out + i, avx512_sub(avx512_load(a + i), avx512_load(b + i)));
  sub_tail(out, a, b, i, n);
}
__attribute__((target("avx512f"))) void mul_avx512(BabyBear* out, const BabyBear* a, const BabyBear* b,
                                                   std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    avx512_store(out + i, avx512_mul(avx512_load(a + i), avx512_load(b + i)));
  mul_tail(out, a, b, i, n);
}
__attribute__((target("avx512f"))) void mul_scalar_avx512(BabyBear* out, const BabyBear* a, BabyBear s,
                                                          std::size_t n) noexcept {
  const __m512i sv = avx512_broadcast(s);
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) avx512_store(out + i, avx512_mul(avx512_load(a + i), sv));
  mul_scalar_tail(out, a, s, i, n);
}
__attribute__((target("avx512f"))) void butterfly_scalar_avx512(BabyBear* lo, BabyBear* hi, BabyBear w,
                                                                std::size_t n) noexcept {
  const __m512i wv = avx512_broadcast(w);
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    const __m512i l = avx512_load(lo + i);
    const __m512i t = avx512_mul(avx512_load(hi + i), wv);
    avx512_store(hi + i, avx512_sub(l, t));
    avx512_store(lo + i, avx512_add(l, t));
  }
  butterfly_scalar_tail(lo, hi, w, i, n);
}
__attribute__((target("avx512f"))) void butterfly_vector_avx512(BabyBear* lo, BabyBear* hi, const BabyBear* w,
                                                                std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    const __m512i l = avx512_load(lo + i);
    const __m512i t = avx512_mul(avx512_load(hi + i), avx512_load(w + i));
    avx512_store(hi + i, avx512_sub(l, t));
    avx512_store(lo + i, avx512_add(l, t));
  }
  butterfly_vector_tail(lo, hi, w, i, n);
}

__attribute__((target("avx512f"))) void butterfly_dif_scalar_avx512(BabyBear* lo, BabyBear* hi, BabyBear w,
                                                                    std::size_t n) noexcept {
  const __m512i wv = avx512_broadcast(w);
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    const __m512i l = avx512_load(lo + i);
    const __m512i h = avx512_load(hi + i);
    avx512_store(lo + i, avx512_add(l, h));
    avx512_store(hi + i, avx512_mul(avx512_sub(l, h), wv));
  }
  butterfly_dif_scalar_tail(lo, hi, w, i, n);
}
__attribute__((target("avx512f"))) void butterfly_dif_vector_avx512(BabyBear* lo, BabyBear* hi,
                                                                    const BabyBear* w,
                                                                    std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    const __m512i l = avx512_load(lo + i);
    const __m512i h = avx512_load(hi + i);
    avx512_store(lo + i, avx512_add(l, h));
    avx512_store(hi + i, avx512_mul(avx512_sub(l, h), avx512_load(w + i)));
  }
  butterfly_dif_vector_tail(lo, hi, w, i, n);
}

__attribute__((target("avx512f"))) void butterfly_rows_avx512(BabyBear* lo, BabyBear* hi, std::size_t width,
                                                              const BabyBear* w, std::size_t count) noexcept {
  for (std::size_t j = 0; j < count; ++j)
    butterfly_scalar_avx512(lo + j * width, hi + j * width, w[j], width);
}
__attribute__((target("avx512f"))) void butterfly_dif_rows_avx512(BabyBear* lo, BabyBear* hi,
                                                                  std::size_t width, const BabyBear* w,
                                                                  std::size_t count) noexcept {
  for (std::size_t j = 0; j < count; ++j) {
    butterfly_dif_scalar_avx512(lo + j * width, hi + j * width, w[j], width);
  }
}

constexpr Kernels kAvx512Kernels{add_avx512,
                                 sub_avx512,
                                 mul_avx512,
                                 mul_scalar_avx512,
                                 butterfly_scalar_avx512,
                                 butterfly_vector_avx512,
                                 butterfly_dif_scalar_avx512,
                                 butterfly_dif_vector_avx512,
                                 butterfly_rows_avx512,
                                 butterfly_dif_rows_avx512};

}  // namespace

const Kernels* avx512_kernels() noexcept { return &kAvx512Kernels; }

}  // namespace neo::zkvm::field::packed::detail

#else

namespace neo::zkvm::field::packed::detail {
const Kernels* avx512_kernels() noexcept { return nullptr; }
}  // namespace neo::zkvm::field::packed::detail

#endif
