// Bulk BabyBear arithmetic over spans with run-time dispatch: AVX-512, AVX2 or the portable scalar loop.
//
// Every backend produces bit-identical results (all elements stay fully reduced Montgomery words), so which
// one ran never changes a proof. On non-x86 targets (the rv32im guest included) only the portable backend
// exists. Output spans may alias an input span exactly (out == a is fine); partial overlaps are not
// supported.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "neo/zkvm/field/babybear.hpp"

namespace neo::zkvm::field::packed {

enum class Backend { kPortable, kAvx2, kAvx512 };

// The fastest backend this CPU supports (detected once).
Backend best_backend() noexcept;
// Whether this build contains the backend and this CPU can run it.
bool backend_available(Backend backend) noexcept;
std::string_view backend_name(Backend backend) noexcept;

// out[i] = a[i] op b[i]. All spans must have the same size (a mismatch is a caller bug and traps).
void add(std::span<BabyBear> out, std::span<const BabyBear> a, std::span<const BabyBear> b) noexcept;
void sub(std::span<BabyBear> out, std::span<const BabyBear> a, std::span<const BabyBear> b) noexcept;
void mul(std::span<BabyBear> out, std::span<const BabyBear> a, std::span<const BabyBear> b) noexcept;
// out[i] = a[i] * s.
void mul_scalar(std::span<BabyBear> out, std::span<const BabyBear> a, BabyBear s) noexcept;
// Radix-2 DIT butterfly on two rows with one twiddle: t = hi[i] * w; hi[i] = lo[i] - t; lo[i] = lo[i] + t.
void butterfly_scalar(std::span<BabyBear> lo, std::span<BabyBear> hi, BabyBear twiddle) noexcept;
// The same butterfly with one twiddle per element: t = hi[i] * w[i].
void butterfly_vector(std::span<BabyBear> lo, std::span<BabyBear> hi,
                      std::span<const BabyBear> twiddles) noexcept;
// Radix-2 DIF (Gentleman-Sande) butterfly: d = lo[i] - hi[i]; lo[i] = lo[i] + hi[i]; hi[i] = d * w.
void butterfly_dif_scalar(std::span<BabyBear> lo, std::span<BabyBear> hi, BabyBear twiddle) noexcept;
void butterfly_dif_vector(std::span<BabyBear> lo, std::span<BabyBear> hi,
                          std::span<const BabyBear> twiddles) noexcept;

// Butterflies on `twiddles.size()` consecutive row pairs of width `width` in one call: row pair j is
// lo[j*width .. (j+1)*width) and hi[j*width ..), with twiddle twiddles[j] (DIT or DIF form as above).
// lo.size() == hi.size() == width * twiddles.size(). One call per block instead of one per row keeps the
// dispatch cost out of the NTT's inner loop.
void butterfly_rows(std::span<BabyBear> lo, std::span<BabyBear> hi, std::size_t width,
                    std::span<const BabyBear> twiddles) noexcept;
void butterfly_dif_rows(std::span<BabyBear> lo, std::span<BabyBear> hi, std::size_t width,
                        std::span<const BabyBear> twiddles) noexcept;

// The same operations on an explicitly chosen backend (tests and benchmarks). Choosing a backend that is not
// available traps.
void add(Backend backend, std::span<BabyBear> out, std::span<const BabyBear> a,
         std::span<const BabyBear> b) noexcept;
void sub(Backend backend, std::span<BabyBear> out, std::span<const BabyBear> a,
         std::span<const BabyBear> b) noexcept;
void mul(Backend backend, std::span<BabyBear> out, std::span<const BabyBear> a,
         std::span<const BabyBear> b) noexcept;
void mul_scalar(Backend backend, std::span<BabyBear> out, std::span<const BabyBear> a, BabyBear s) noexcept;
void butterfly_scalar(Backend backend, std::span<BabyBear> lo, std::span<BabyBear> hi,
                      BabyBear twiddle) noexcept;
void butterfly_vector(Backend backend, std::span<BabyBear> lo, std::span<BabyBear> hi,
                      std::span<const BabyBear> twiddles) noexcept;
void butterfly_dif_scalar(Backend backend, std::span<BabyBear> lo, std::span<BabyBear> hi,
                          BabyBear twiddle) noexcept;
void butterfly_dif_vector(Backend backend, std::span<BabyBear> lo, std::span<BabyBear> hi,
                          std::span<const BabyBear> twiddles) noexcept;

void butterfly_rows(Backend backend, std::span<BabyBear> lo, std::span<BabyBear> hi, std::size_t width,
                    std::span<const BabyBear> twiddles) noexcept;
void butterfly_dif_rows(Backend backend, std::span<BabyBear> lo, std::span<BabyBear> hi, std::size_t width,
                        std::span<const BabyBear> twiddles) noexcept;

}  // namespace neo::zkvm::field::packed
