// Internal to the prover: sums of products of Montgomery words with one reduction at the end.
//
// A term a * b of two Montgomery words (each < p) is a 64-bit product below p^2 < p 2^32. A running sum of
// such products is kept below p 2^32 by one conditional subtraction of p 2^32 (a multiple of p) per term, so
// BabyBear::reduce of the sum is exactly the Montgomery word of sum a_i * b_i. That replaces a full
// Montgomery multiplication and a modular addition per term with an integer multiply-add and one compare.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "neo/zkvm/field/babybear.hpp"
#include "neo/zkvm/field/extension.hpp"

namespace neo::zkvm::air::detail {

using field::BabyBear;
using field::BabyBear4;

inline constexpr std::uint64_t kLazyBound = std::uint64_t{BabyBear::kModulus} << 32;

inline std::uint64_t lazy_add(std::uint64_t acc, std::uint64_t product) noexcept {
  const std::uint64_t x = acc + product;
  return x >= kLazyBound ? x - kLazyBound : x;
}

inline BabyBear lazy_finish(std::uint64_t acc) noexcept {
  return BabyBear::from_monty(BabyBear::reduce(acc));
}

// Whether the dispatching entry points below use their AVX-512 kernels (the field package's dispatch chose
// AVX-512).
bool lazy_avx512() noexcept;
// Whether this build and CPU can run the AVX-512 variants at all: the only case in which a caller (a test)
// may call the *_avx512 variants directly.
bool lazy_avx512_available() noexcept;

// For k = 0..3 and r < count: acc[k * stride + r] = lazy_add(acc[..], g[k] * c[r]) (as Montgomery words).
// Every acc word must already be below kLazyBound (and stays so). Dispatches on lazy_avx512(): AVX-512 on
// the multiple-of-8 part of count, the portable loop on the rest; both give the same words.
void lazy_accumulate4(std::uint64_t* acc, std::size_t stride, const BabyBear* c, const BabyBear4& g,
                      std::size_t count) noexcept;

// The variants behind lazy_accumulate4, exposed so tests can compare them on any machine. The portable one
// takes any count; the AVX-512 one (x86-64 builds only, callable only when lazy_avx512_available()) takes a
// count that is a multiple of 8 and traps otherwise.
void lazy_accumulate4_portable(std::uint64_t* acc, std::size_t stride, const BabyBear* c, const BabyBear4& g,
                               std::size_t count) noexcept;
#if defined(__x86_64__)
void lazy_accumulate4_avx512(std::uint64_t* acc, std::size_t stride, const BabyBear* c, const BabyBear4& g,
                             std::size_t count) noexcept;
#endif

// Extension weights of a row dot product sum_c w_c * row[c] (w_c in BabyBear4, row in BabyBear): per
// coefficient k, the weights' Montgomery words as 64-bit lanes, zero-padded to a multiple of 8 columns.
class RowWeights {
 public:
  explicit RowWeights(std::span<const BabyBear4> weights);

  // sum_c weights[c] * row[c] for a row of `width` elements (read only up to width). Dispatches on
  // lazy_avx512().
  BabyBear4 dot(const BabyBear* row) const noexcept;

  // The variants behind dot, exposed for tests; dot_avx512 (x86-64 builds only) only when
  // lazy_avx512_available().
  BabyBear4 dot_portable(const BabyBear* row) const noexcept;
#if defined(__x86_64__)
  BabyBear4 dot_avx512(const BabyBear* row) const noexcept;
#endif

 private:
  std::size_t width_;
  std::size_t padded_;
  std::vector<std::uint64_t> lanes_;  // lanes_[k * padded_ + c]
};

}  // namespace neo::zkvm::air::detail
