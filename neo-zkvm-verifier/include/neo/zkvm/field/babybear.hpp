// BabyBear prime field p = 15 * 2^27 + 1 = 0x78000001, elements kept in 32-bit Montgomery form (R = 2^32).
//
// Portable by design: this header runs in the verifier, which may itself run inside the rv32im guest, so it
// uses only 32x32->64-bit products (no __int128), no exceptions and no out-of-line library calls. Every
// element is stored reduced (0 <= raw < p), so equality is a plain comparison of the stored words and
// vectorised kernels can reproduce the scalar results bit for bit.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

namespace neo::zkvm::field {

class BabyBear {
 public:
  static constexpr std::uint32_t kModulus = 0x78000001u;  // 2^31 - 2^27 + 1
  static constexpr unsigned kTwoAdicity = 27;             // p - 1 = 15 * 2^27
  static constexpr std::uint32_t kGenerator = 31;         // generates the multiplicative group

  // Montgomery constants. kMontyMu = p^-1 mod 2^32 (so q*p matches the low word of a product; see reduce()).
  static constexpr std::uint32_t kMontyMu = 0x88000001u;
  static constexpr std::uint32_t kMontyR = static_cast<std::uint32_t>((std::uint64_t{1} << 32) % kModulus);
  // 2^64 mod p, computed as (2^32 mod p)^2 mod p at compile time only.
  static constexpr std::uint32_t kMontyR2 =
      static_cast<std::uint32_t>((std::uint64_t{kMontyR} * kMontyR) % kModulus);

  constexpr BabyBear() noexcept = default;

  // Any 32-bit value; reduced mod p (so 2^32-1 maps to (2^32-1) mod p).
  static constexpr BabyBear from_u32(std::uint32_t value) noexcept {
    return from_monty(reduce(std::uint64_t{value} * kMontyR2));
  }
  // Same as from_u32; the name states the caller's intent that value < p already.
  static constexpr BabyBear from_canonical(std::uint32_t value) noexcept { return from_u32(value); }
  // 64-bit values are reduced mod p: split into 32-bit halves, hi * 2^32 + lo.
  static constexpr BabyBear from_u64(std::uint64_t value) noexcept {
    const BabyBear hi = from_u32(static_cast<std::uint32_t>(value >> 32));
    const BabyBear lo = from_u32(static_cast<std::uint32_t>(value));
    // hi * 2^32 = hi * R: in Montgomery form that is raw(hi) * R2 reduced once.
    return from_monty(reduce(std::uint64_t{hi.raw_} * kMontyR2)) + lo;
  }
  // Interprets raw as an already-reduced Montgomery word (raw < p is the caller's obligation).
  static constexpr BabyBear from_monty(std::uint32_t raw) noexcept {
    BabyBear x;
    x.raw_ = raw;
    return x;
  }

  static constexpr BabyBear zero() noexcept { return BabyBear{}; }
  static constexpr BabyBear one() noexcept { return from_monty(kMontyR); }
  static constexpr BabyBear two() noexcept { return from_u32(2); }

  constexpr std::uint32_t to_canonical() const noexcept { return reduce(raw_); }
  constexpr std::uint32_t monty() const noexcept { return raw_; }
  constexpr bool is_zero() const noexcept { return raw_ == 0; }

  // Montgomery reduction of x < p * 2^32: returns x * 2^-32 mod p, fully reduced.
  // q = lo(x) * p^-1 makes q*p agree with x in the low word, so (x - q*p) / 2^32 = hi(x) - hi(q*p), which
  // lies in (-p, p); one conditional add of p finishes. This form needs only 32x32->64 products.
  static constexpr std::uint32_t reduce(std::uint64_t x) noexcept {
    const std::uint32_t q = static_cast<std::uint32_t>(x) * kMontyMu;
    const std::uint32_t qp_hi = static_cast<std::uint32_t>((std::uint64_t{q} * kModulus) >> 32);
    const std::uint32_t x_hi = static_cast<std::uint32_t>(x >> 32);
    const std::uint32_t diff = x_hi - qp_hi;
    return x_hi < qp_hi ? diff + kModulus : diff;
  }

  friend constexpr BabyBear operator+(BabyBear a, BabyBear b) noexcept {
    const std::uint32_t sum = a.raw_ + b.raw_;  // < 2p < 2^32
    return from_monty(sum >= kModulus ? sum - kModulus : sum);
  }
  friend constexpr BabyBear operator-(BabyBear a, BabyBear b) noexcept {
    const std::uint32_t diff = a.raw_ - b.raw_;
    return from_monty(a.raw_ < b.raw_ ? diff + kModulus : diff);
  }
  friend constexpr BabyBear operator*(BabyBear a, BabyBear b) noexcept {
    return from_monty(reduce(std::uint64_t{a.raw_} * b.raw_));
  }
  constexpr BabyBear operator-() const noexcept { return from_monty(raw_ == 0 ? 0 : kModulus - raw_); }
  constexpr BabyBear& operator+=(BabyBear b) noexcept { return *this = *this + b; }
  constexpr BabyBear& operator-=(BabyBear b) noexcept { return *this = *this - b; }
  constexpr BabyBear& operator*=(BabyBear b) noexcept { return *this = *this * b; }
  friend constexpr bool operator==(BabyBear a, BabyBear b) noexcept { return a.raw_ == b.raw_; }

  constexpr BabyBear square() const noexcept { return *this * *this; }
  constexpr BabyBear doubled() const noexcept { return *this + *this; }

  constexpr BabyBear pow(std::uint64_t exponent) const noexcept {
    BabyBear result = one();
    BabyBear base = *this;
    while (exponent != 0) {
      if ((exponent & 1) != 0) result *= base;
      base = base.square();
      exponent >>= 1;
    }
    return result;
  }

  // Multiplicative inverse by Fermat (x^(p-2)). The inverse of zero is defined as zero: callers for whom a
  // zero denominator matters (the verifier) must test is_zero() first.
  constexpr BabyBear inverse() const noexcept { return pow(kModulus - 2); }

  // Generator of the multiplicative subgroup of order 2^bits, for bits <= 27 (bits > 27 yields zero, which is
  // never a valid root, so a caller's mistake cannot pass silently as a root of unity).
  static constexpr BabyBear two_adic_generator(unsigned bits) noexcept;

 private:
  std::uint32_t raw_ = 0;
};

// Vector kernels and hashing treat arrays of BabyBear as arrays of 32-bit Montgomery words.
static_assert(sizeof(BabyBear) == sizeof(std::uint32_t));
static_assert(std::is_trivially_copyable_v<BabyBear> && std::is_standard_layout_v<BabyBear>);

namespace detail {
// TWO_ADIC_GENERATORS[k] = 31^((p-1)/2^27) squared (27-k) times; computed once at compile time.
inline constexpr std::array<BabyBear, BabyBear::kTwoAdicity + 1> kBabyBearTwoAdicGenerators = [] {
  std::array<BabyBear, BabyBear::kTwoAdicity + 1> table{};
  BabyBear g =
      BabyBear::from_u32(BabyBear::kGenerator).pow((BabyBear::kModulus - 1) >> BabyBear::kTwoAdicity);
  for (unsigned k = BabyBear::kTwoAdicity + 1; k-- > 0;) {
    table[k] = g;
    g = g.square();
  }
  return table;
}();
}  // namespace detail

constexpr BabyBear BabyBear::two_adic_generator(unsigned bits) noexcept {
  return bits <= kTwoAdicity ? detail::kBabyBearTwoAdicGenerators[bits] : BabyBear::zero();
}

// What batch inversion needs from a field type (BabyBear and its extensions satisfy it).
template <typename F>
concept InvertibleField = requires(F a, F b) {
  { a* b } -> std::convertible_to<F>;
  { a.inverse() } -> std::convertible_to<F>;
  { a.is_zero() } -> std::convertible_to<bool>;
  { F::one() } -> std::convertible_to<F>;
};

// Montgomery's trick: out[i] = in[i]^-1 with one field inversion and 3(n-1) multiplications. Zero entries map
// to zero and do not poison the others (they are skipped in the running product). in and out must have the
// same size and must not overlap (out doubles as the prefix-product buffer); use batch_inverse_in_place
// otherwise.
template <InvertibleField F>
constexpr void batch_inverse(std::span<const F> in, std::span<F> out) noexcept {
  if (in.size() != out.size()) __builtin_trap();  // a caller bug; no exceptions in portable code
  F running = F::one();
  for (std::size_t i = 0; i < in.size(); ++i) {
    out[i] = running;  // product of the non-zero in[0..i)
    if (!in[i].is_zero()) running = running * in[i];
  }
  F inv = running.inverse();  // inverse of the product of all non-zero entries
  for (std::size_t i = in.size(); i-- > 0;) {
    if (in[i].is_zero()) {
      out[i] = F{};
      continue;
    }
    const F prefix = out[i];
    out[i] = inv * prefix;
    inv = inv * in[i];
  }
}

template <InvertibleField F>
void batch_inverse_in_place(std::span<F> values) noexcept {
  std::vector<F> copy(values.begin(), values.end());
  batch_inverse(std::span<const F>(copy), values);
}

}  // namespace neo::zkvm::field
