// Private header: the table of bulk kernels that each backend of packed.hpp provides.
#pragma once

#include <cstddef>

#include "neo/zkvm/field/babybear.hpp"

namespace neo::zkvm::field::packed::detail {

struct Kernels {
  void (*add)(BabyBear* out, const BabyBear* a, const BabyBear* b, std::size_t n) noexcept;
  void (*sub)(BabyBear* out, const BabyBear* a, const BabyBear* b, std::size_t n) noexcept;
  void (*mul)(BabyBear* out, const BabyBear* a, const BabyBear* b, std::size_t n) noexcept;
  void (*mul_scalar)(BabyBear* out, const BabyBear* a, BabyBear s, std::size_t n) noexcept;
  void (*butterfly_scalar)(BabyBear* lo, BabyBear* hi, BabyBear twiddle, std::size_t n) noexcept;
  void (*butterfly_vector)(BabyBear* lo, BabyBear* hi, const BabyBear* twiddles, std::size_t n) noexcept;
  void (*butterfly_dif_scalar)(BabyBear* lo, BabyBear* hi, BabyBear twiddle, std::size_t n) noexcept;
  void (*butterfly_dif_vector)(BabyBear* lo, BabyBear* hi, const BabyBear* twiddles, std::size_t n) noexcept;
  // count row pairs (lo + j * width, hi + j * width) with twiddle twiddles[j].
  void (*butterfly_rows)(BabyBear* lo, BabyBear* hi, std::size_t width, const BabyBear* twiddles,
                         std::size_t count) noexcept;
  void (*butterfly_dif_rows)(BabyBear* lo, BabyBear* hi, std::size_t width, const BabyBear* twiddles,
                             std::size_t count) noexcept;
};

// Scalar loops; also used by the vector backends for the tail that does not fill a register.
inline void add_tail(BabyBear* out, const BabyBear* a, const BabyBear* b, std::size_t i,
                     std::size_t n) noexcept {
  for (; i < n; ++i) out[i] = a[i] + b[i];
}
inline void sub_tail(BabyBear* out, const BabyBear* a, const BabyBear* b, std::size_t i,
                     std::size_t n) noexcept {
  for (; i < n; ++i) out[i] = a[i] - b[i];
}
inline void mul_tail(BabyBear* out, const BabyBear* a, const BabyBear* b, std::size_t i,
                     std::size_t n) noexcept {
  for (; i < n; ++i) out[i] = a[i] * b[i];
}
inline void mul_scalar_tail(BabyBear* out, const BabyBear* a, BabyBear s, std::size_t i,
                            std::size_t n) noexcept {
  for (; i < n; ++i) out[i] = a[i] * s;
}
inline void butterfly_scalar_tail(BabyBear* lo, BabyBear* hi, BabyBear w, std::size_t i,
                                  std::size_t n) noexcept {
  for (; i < n; ++i) {
    const BabyBear t = hi[i] * w;
    hi[i] = lo[i] - t;
    lo[i] = lo[i] + t;
  }
}
inline void butterfly_vector_tail(BabyBear* lo, BabyBear* hi, const BabyBear* w, std::size_t i,
                                  std::size_t n) noexcept {
  for (; i < n; ++i) {
    const BabyBear t = hi[i] * w[i];
    hi[i] = lo[i] - t;
    lo[i] = lo[i] + t;
  }
}

inline void butterfly_dif_scalar_tail(BabyBear* lo, BabyBear* hi, BabyBear w, std::size_t i,
                                      std::size_t n) noexcept {
  for (; i < n; ++i) {
    const BabyBear d = lo[i] - hi[i];
    lo[i] = lo[i] + hi[i];
    hi[i] = d * w;
  }
}
inline void butterfly_dif_vector_tail(BabyBear* lo, BabyBear* hi, const BabyBear* w, std::size_t i,
                                      std::size_t n) noexcept {
  for (; i < n; ++i) {
    const BabyBear d = lo[i] - hi[i];
    lo[i] = lo[i] + hi[i];
    hi[i] = d * w[i];
  }
}

const Kernels& portable_kernels() noexcept;
// nullptr when the build does not contain the backend (non-x86); CPU support is checked by the dispatcher.
const Kernels* avx2_kernels() noexcept;
const Kernels* avx512_kernels() noexcept;

}  // namespace neo::zkvm::field::packed::detail
