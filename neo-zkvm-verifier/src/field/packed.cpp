// Dispatcher and portable backend of packed.hpp.
#include "neo/zkvm/field/packed.hpp"

#include "packed_kernels.hpp"

namespace neo::zkvm::field::packed {
namespace detail {
namespace {

void add_portable(BabyBear* out, const BabyBear* a, const BabyBear* b, std::size_t n) noexcept {
  add_tail(out, a, b, 0, n);
}
void sub_portable(BabyBear* out, const BabyBear* a, const BabyBear* b, std::size_t n) noexcept {
  sub_tail(out, a, b, 0, n);
}
void mul_portable(BabyBear* out, const BabyBear* a, const BabyBear* b, std::size_t n) noexcept {
  mul_tail(out, a, b, 0, n);
}
void mul_scalar_portable(BabyBear* out, const BabyBear* a, BabyBear s, std::size_t n) noexcept {
  mul_scalar_tail(out, a, s, 0, n);
}
void butterfly_scalar_portable(BabyBear* lo, BabyBear* hi, BabyBear w, std::size_t n) noexcept {
  butterfly_scalar_tail(lo, hi, w, 0, n);
}
void butterfly_vector_portable(BabyBear* lo, BabyBear* hi, const BabyBear* w, std::size_t n) noexcept {
  butterfly_vector_tail(lo, hi, w, 0, n);
}

void butterfly_dif_scalar_portable(BabyBear* lo, BabyBear* hi, BabyBear w, std::size_t n) noexcept {
  butterfly_dif_scalar_tail(lo, hi, w, 0, n);
}
void butterfly_dif_vector_portable(BabyBear* lo, BabyBear* hi, const BabyBear* w, std::size_t n) noexcept {
  butterfly_dif_vector_tail(lo, hi, w, 0, n);
}

void butterfly_rows_portable(BabyBear* lo, BabyBear* hi, std::size_t width, const BabyBear* w,
                             std::size_t count) noexcept {
  for (std::size_t j = 0; j < count; ++j)
    butterfly_scalar_portable(lo + j * width, hi + j * width, w[j], width);
}
void butterfly_dif_rows_portable(BabyBear* lo, BabyBear* hi, std::size_t width, const BabyBear* w,
                                 std::size_t count) noexcept {
  for (std::size_t j = 0; j < count; ++j) {
    butterfly_dif_scalar_portable(lo + j * width, hi + j * width, w[j], width);
  }
}

constexpr Kernels kPortableKernels{add_portable,
                                   sub_portable,
                                   mul_portable,
                                   mul_scalar_portable,
                                   butterfly_scalar_portable,
                                   butterfly_vector_portable,
                                   butterfly_dif_scalar_portable,
                                   butterfly_dif_vector_portable,
                                   butterfly_rows_portable,
                                   butterfly_dif_rows_portable};

}  // namespace

const Kernels& portable_kernels() noexcept { return kPortableKernels; }

}  // namespace detail

namespace {

bool cpu_supports(Backend backend) noexcept {
  switch (backend) {
    case Backend::kPortable:
      return true;
#if defined(__x86_64__)
    case Backend::kAvx2:
      return __builtin_cpu_supports("avx2") != 0;
    case Backend::kAvx512:
      return __builtin_cpu_supports("avx512f") != 0;
#else
    case Backend::kAvx2:
    case Backend::kAvx512:
      return false;
#endif
  }
  return false;
}

const detail::Kernels* compiled_kernels(Backend backend) noexcept {
  switch (backend) {
    case Backend::kPortable:
      return &detail::portable_kernels();
    case Backend::kAvx2:
      return detail::avx2_kernels();
    case Backend::kAvx512:
      return detail::avx512_kernels();
  }
  return nullptr;
}

const detail::Kernels& kernels_for(Backend backend) noexcept {
  if (!backend_available(backend)) __builtin_trap();  // caller asked for a backend it did not check
  return *compiled_kernels(backend);
}

// Detected once on x86 (a function-local static keeps the CPU query out of static-initialisation order
// problems). Elsewhere only the portable backend exists, and no guarded static is needed: the guest has no
// __cxa_guard_* runtime.
const detail::Kernels& best_kernels() noexcept {
#if defined(__x86_64__)
  static const detail::Kernels& kernels = kernels_for(best_backend());
  return kernels;
#else
  return detail::portable_kernels();
#endif
}

void require_same_size(std::size_t a, std::size_t b) noexcept {
  if (a != b) __builtin_trap();
}

}  // namespace

bool backend_available(Backend backend) noexcept {
  return compiled_kernels(backend) != nullptr && cpu_supports(backend);
}

Backend best_backend() noexcept {
#if defined(__x86_64__)
  static const Backend best = backend_available(Backend::kAvx512) ? Backend::kAvx512
                              : backend_available(Backend::kAvx2) ? Backend::kAvx2
                                                                  : Backend::kPortable;
  return best;
#else
  return Backend::kPortable;
#endif
}

std::string_view backend_name(Backend backend) noexcept {
  switch (backend) {
    case Backend::kPortable:
      return "portable";
    case Backend::kAvx2:
      return "avx2";
    case Backend::kAvx512:
      return "avx512";
  }
  return "unknown";
}

namespace {

void run_add(const detail::Kernels& k, std::span<BabyBear> out, std::span<const BabyBear> a,
             std::span<const BabyBear> b) noexcept {
  require_same_size(out.size(), a.size());
  require_same_size(out.size(), b.size());
  k.add(out.data(), a.data(), b.data(), out.size());
}
void run_sub(const detail::Kernels& k, std::span<BabyBear> out, std::span<const BabyBear> a,
             std::span<const BabyBear> b) noexcept {
  require_same_size(out.size(), a.size());
  require_same_size(out.size(), b.size());
  k.sub(out.data(), a.data(), b.data(), out.size());
}
void run_mul(const detail::Kernels& k, std::span<BabyBear> out, std::span<const BabyBear> a,
             std::span<const BabyBear> b) noexcept {
  require_same_size(out.size(), a.size());
  require_same_size(out.size(), b.size());
  k.mul(out.data(), a.data(), b.data(), out.size());
}
void run_mul_scalar(const detail::Kernels& k, std::span<BabyBear> out, std::span<const BabyBear> a,
                    BabyBear s) noexcept {
  require_same_size(out.size(), a.size());
  k.mul_scalar(out.data(), a.data(), s, out.size());
}
void run_butterfly_scalar(const detail::Kernels& k, std::span<BabyBear> lo, std::span<BabyBear> hi,
                          BabyBear w) noexcept {
  require_same_size(lo.size(), hi.size());
  k.butterfly_scalar(lo.data(), hi.data(), w, lo.size());
}
void run_butterfly_vector(const detail::Kernels& k, std::span<BabyBear> lo, std::span<BabyBear> hi,
                          std::span<const BabyBear> w) noexcept {
  require_same_size(lo.size(), hi.size());
  require_same_size(lo.size(), w.size());
  k.butterfly_vector(lo.data(), hi.data(), w.data(), lo.size());
}

void run_butterfly_dif_scalar(const detail::Kernels& k, std::span<BabyBear> lo, std::span<BabyBear> hi,
                              BabyBear w) noexcept {
  require_same_size(lo.size(), hi.size());
  k.butterfly_dif_scalar(lo.data(), hi.data(), w, lo.size());
}
void run_butterfly_dif_vector(const detail::Kernels& k, std::span<BabyBear> lo, std::span<BabyBear> hi,
                              std::span<const BabyBear> w) noexcept {
  require_same_size(lo.size(), hi.size());
  require_same_size(lo.size(), w.size());
  k.butterfly_dif_vector(lo.data(), hi.data(), w.data(), lo.size());
}

void run_butterfly_rows(const detail::Kernels& k, bool dif, std::span<BabyBear> lo, std::span<BabyBear> hi,
                        std::size_t width, std::span<const BabyBear> w) noexcept {
  require_same_size(lo.size(), hi.size());
  require_same_size(lo.size(), width * w.size());
  (dif ? k.butterfly_dif_rows : k.butterfly_rows)(lo.data(), hi.data(), width, w.data(), w.size());
}

}  // namespace

void add(std::span<BabyBear> out, std::span<const BabyBear> a, std::span<const BabyBear> b) noexcept {
  run_add(best_kernels(), out, a, b);
}
void sub(std::span<BabyBear> out, std::span<const BabyBear> a, std::span<const BabyBear> b) noexcept {
  run_sub(best_kernels(), out, a, b);
}
void mul(std::span<BabyBear> out, std::span<const BabyBear> a, std::span<const BabyBear> b) noexcept {
  run_mul(best_kernels(), out, a, b);
}
void mul_scalar(std::span<BabyBear> out, std::span<const BabyBear> a, BabyBear s) noexcept {
  run_mul_scalar(best_kernels(), out, a, s);
}
void butterfly_scalar(std::span<BabyBear> lo, std::span<BabyBear> hi, BabyBear twiddle) noexcept {
  run_butterfly_scalar(best_kernels(), lo, hi, twiddle);
}
void butterfly_vector(std::span<BabyBear> lo, std::span<BabyBear> hi,
                      std::span<const BabyBear> twiddles) noexcept {
  run_butterfly_vector(best_kernels(), lo, hi, twiddles);
}

void add(Backend backend, std::span<BabyBear> out, std::span<const BabyBear> a,
         std::span<const BabyBear> b) noexcept {
  run_add(kernels_for(backend), out, a, b);
}
void sub(Backend backend, std::span<BabyBear> out, std::span<const BabyBear> a,
         std::span<const BabyBear> b) noexcept {
  run_sub(kernels_for(backend), out, a, b);
}
void mul(Backend backend, std::span<BabyBear> out, std::span<const BabyBear> a,
         std::span<const BabyBear> b) noexcept {
  run_mul(kernels_for(backend), out, a, b);
}
void mul_scalar(Backend backend, std::span<BabyBear> out, std::span<const BabyBear> a, BabyBear s) noexcept {
  run_mul_scalar(kernels_for(backend), out, a, s);
}
void butterfly_scalar(Backend backend, std::span<BabyBear> lo, std::span<BabyBear> hi,
                      BabyBear twiddle) noexcept {
  run_butterfly_scalar(kernels_for(backend), lo, hi, twiddle);
}
void butterfly_vector(Backend backend, std::span<BabyBear> lo, std::span<BabyBear> hi,
                      std::span<const BabyBear> twiddles) noexcept {
  run_butterfly_vector(kernels_for(backend), lo, hi, twiddles);
}

void butterfly_dif_scalar(std::span<BabyBear> lo, std::span<BabyBear> hi, BabyBear twiddle) noexcept {
  run_butterfly_dif_scalar(best_kernels(), lo, hi, twiddle);
}
void butterfly_dif_vector(std::span<BabyBear> lo, std::span<BabyBear> hi,
                          std::span<const BabyBear> twiddles) noexcept {
  run_butterfly_dif_vector(best_kernels(), lo, hi, twiddles);
}
void butterfly_dif_scalar(Backend backend, std::span<BabyBear> lo, std::span<BabyBear> hi,
                          BabyBear twiddle) noexcept {
  run_butterfly_dif_scalar(kernels_for(backend), lo, hi, twiddle);
}
void butterfly_dif_vector(Backend backend, std::span<BabyBear> lo, std::span<BabyBear> hi,
                          std::span<const BabyBear> twiddles) noexcept {
  run_butterfly_dif_vector(kernels_for(backend), lo, hi, twiddles);
}

void butterfly_rows(std::span<BabyBear> lo, std::span<BabyBear> hi, std::size_t width,
                    std::span<const BabyBear> twiddles) noexcept {
  run_butterfly_rows(best_kernels(), false, lo, hi, width, twiddles);
}
void butterfly_dif_rows(std::span<BabyBear> lo, std::span<BabyBear> hi, std::size_t width,
                        std::span<const BabyBear> twiddles) noexcept {
  run_butterfly_rows(best_kernels(), true, lo, hi, width, twiddles);
}
void butterfly_rows(Backend backend, std::span<BabyBear> lo, std::span<BabyBear> hi, std::size_t width,
                    std::span<const BabyBear> twiddles) noexcept {
  run_butterfly_rows(kernels_for(backend), false, lo, hi, width, twiddles);
}
void butterfly_dif_rows(Backend backend, std::span<BabyBear> lo, std::span<BabyBear> hi, std::size_t width,
                        std::span<const BabyBear> twiddles) noexcept {
  run_butterfly_rows(kernels_for(backend), true, lo, hi, width, twiddles);
}

}  // namespace neo::zkvm::field::packed
