// Quartic extension of BabyBear, F[x] / (x^4 - 11). x^4 - 11 is irreducible because 11 is not a square in F
// and 4 | p - 1 (binomial criterion); challenges and out-of-domain points live here (~124 bits).
//
// Portable like babybear.hpp: runs in the verifier and possibly in the guest.
#pragma once

#include <array>
#include <cstdint>

#include "neo/zkvm/field/babybear.hpp"

namespace neo::zkvm::field {

class BabyBear4 {
 public:
  static constexpr std::size_t kDegree = 4;
  static constexpr std::uint32_t kW = 11;  // x^4 = W

  constexpr BabyBear4() noexcept = default;
  // The embedding of the base field.
  constexpr BabyBear4(BabyBear base) noexcept : c_{base, BabyBear{}, BabyBear{}, BabyBear{}} {}  // NOLINT
  constexpr BabyBear4(BabyBear c0, BabyBear c1, BabyBear c2, BabyBear c3) noexcept : c_{c0, c1, c2, c3} {}
  static constexpr BabyBear4 from_coefficients(const std::array<BabyBear, 4>& c) noexcept {
    return BabyBear4(c[0], c[1], c[2], c[3]);
  }
  static constexpr BabyBear4 from_canonical(std::uint32_t c0, std::uint32_t c1, std::uint32_t c2,
                                            std::uint32_t c3) noexcept {
    return BabyBear4(BabyBear::from_canonical(c0), BabyBear::from_canonical(c1), BabyBear::from_canonical(c2),
                     BabyBear::from_canonical(c3));
  }

  static constexpr BabyBear4 zero() noexcept { return BabyBear4{}; }
  static constexpr BabyBear4 one() noexcept { return BabyBear4(BabyBear::one()); }
  // The class of x itself.
  static constexpr BabyBear4 x() noexcept {
    return BabyBear4(BabyBear{}, BabyBear::one(), BabyBear{}, BabyBear{});
  }

  constexpr const std::array<BabyBear, 4>& coefficients() const noexcept { return c_; }
  constexpr BabyBear operator[](std::size_t i) const noexcept { return c_[i]; }
  constexpr bool is_zero() const noexcept {
    return c_[0].is_zero() && c_[1].is_zero() && c_[2].is_zero() && c_[3].is_zero();
  }
  // True when the element lies in the base field (c1 = c2 = c3 = 0).
  constexpr bool is_base() const noexcept { return c_[1].is_zero() && c_[2].is_zero() && c_[3].is_zero(); }

  friend constexpr BabyBear4 operator+(const BabyBear4& a, const BabyBear4& b) noexcept {
    return BabyBear4(a.c_[0] + b.c_[0], a.c_[1] + b.c_[1], a.c_[2] + b.c_[2], a.c_[3] + b.c_[3]);
  }
  friend constexpr BabyBear4 operator-(const BabyBear4& a, const BabyBear4& b) noexcept {
    return BabyBear4(a.c_[0] - b.c_[0], a.c_[1] - b.c_[1], a.c_[2] - b.c_[2], a.c_[3] - b.c_[3]);
  }
  constexpr BabyBear4 operator-() const noexcept { return BabyBear4(-c_[0], -c_[1], -c_[2], -c_[3]); }

  // Schoolbook product with the wrap-around terms pre-multiplied by W. Each output coefficient is a sum of
  // four raw 62-bit products (< 4p^2 < 2 * p * 2^32): one conditional subtraction of p * 2^32 brings it into
  // the input range of one Montgomery reduction, so 16 products need only 7 reductions.
  friend constexpr BabyBear4 operator*(const BabyBear4& a, const BabyBear4& b) noexcept {
    constexpr BabyBear w = BabyBear::from_canonical(kW);
    const BabyBear wb1 = w * b.c_[1];
    const BabyBear wb2 = w * b.c_[2];
    const BabyBear wb3 = w * b.c_[3];
    const auto dot4 = [](BabyBear x0, BabyBear y0, BabyBear x1, BabyBear y1, BabyBear x2, BabyBear y2,
                         BabyBear x3, BabyBear y3) {
      std::uint64_t acc = std::uint64_t{x0.monty()} * y0.monty() + std::uint64_t{x1.monty()} * y1.monty() +
                          std::uint64_t{x2.monty()} * y2.monty() + std::uint64_t{x3.monty()} * y3.monty();
      constexpr std::uint64_t kPShifted = std::uint64_t{BabyBear::kModulus} << 32;
      if (acc >= kPShifted) acc -= kPShifted;
      return BabyBear::from_monty(BabyBear::reduce(acc));
    };
    return BabyBear4(dot4(a.c_[0], b.c_[0], a.c_[1], wb3, a.c_[2], wb2, a.c_[3], wb1),
                     dot4(a.c_[0], b.c_[1], a.c_[1], b.c_[0], a.c_[2], wb3, a.c_[3], wb2),
                     dot4(a.c_[0], b.c_[2], a.c_[1], b.c_[1], a.c_[2], b.c_[0], a.c_[3], wb3),
                     dot4(a.c_[0], b.c_[3], a.c_[1], b.c_[2], a.c_[2], b.c_[1], a.c_[3], b.c_[0]));
  }
  friend constexpr BabyBear4 operator*(const BabyBear4& a, BabyBear b) noexcept {
    return BabyBear4(a.c_[0] * b, a.c_[1] * b, a.c_[2] * b, a.c_[3] * b);
  }
  friend constexpr BabyBear4 operator*(BabyBear b, const BabyBear4& a) noexcept { return a * b; }
  friend constexpr BabyBear4 operator+(const BabyBear4& a, BabyBear b) noexcept {
    return BabyBear4(a.c_[0] + b, a.c_[1], a.c_[2], a.c_[3]);
  }
  friend constexpr BabyBear4 operator-(const BabyBear4& a, BabyBear b) noexcept {
    return BabyBear4(a.c_[0] - b, a.c_[1], a.c_[2], a.c_[3]);
  }
  constexpr BabyBear4& operator+=(const BabyBear4& b) noexcept { return *this = *this + b; }
  constexpr BabyBear4& operator-=(const BabyBear4& b) noexcept { return *this = *this - b; }
  constexpr BabyBear4& operator*=(const BabyBear4& b) noexcept { return *this = *this * b; }
  constexpr BabyBear4& operator*=(BabyBear b) noexcept { return *this = *this * b; }
  friend constexpr bool operator==(const BabyBear4& a, const BabyBear4& b) noexcept { return a.c_ == b.c_; }

  constexpr BabyBear4 square() const noexcept { return *this * *this; }

  constexpr BabyBear4 pow(std::uint64_t exponent) const noexcept {
    BabyBear4 result = one();
    BabyBear4 base = *this;
    while (exponent != 0) {
      if ((exponent & 1) != 0) result *= base;
      base = base.square();
      exponent >>= 1;
    }
    return result;
  }

  // a(x) * a(-x) is even, b0 + b1 x^2; multiplying by b0 - b1 x^2 leaves the base-field norm b0^2 - W b1^2.
  // So a^-1 = a(-x) * (b0 - b1 x^2) / (b0^2 - W b1^2): one base-field inversion. Zero maps to zero.
  constexpr BabyBear4 inverse() const noexcept {
    constexpr BabyBear w = BabyBear::from_canonical(kW);
    const BabyBear4 conj(c_[0], -c_[1], c_[2], -c_[3]);  // a(-x)
    const BabyBear4 even = *this * conj;                 // coefficients 1 and 3 vanish
    const BabyBear b0 = even.c_[0];
    const BabyBear b1 = even.c_[2];
    const BabyBear norm = b0.square() - w * b1.square();
    const BabyBear norm_inv = norm.inverse();
    const BabyBear4 partial(b0 * norm_inv, BabyBear{}, -(b1 * norm_inv), BabyBear{});
    return conj * partial;
  }

  // The Frobenius map a -> a^p: x^p = x * W^((p-1)/4), so coefficient i is scaled by W^(i(p-1)/4).
  constexpr BabyBear4 frobenius() const noexcept {
    constexpr BabyBear z = BabyBear::from_canonical(kW).pow((BabyBear::kModulus - 1) / 4);
    constexpr BabyBear z2 = z * z;
    constexpr BabyBear z3 = z2 * z;
    return BabyBear4(c_[0], c_[1] * z, c_[2] * z2, c_[3] * z3);
  }

 private:
  std::array<BabyBear, 4> c_{};
};

}  // namespace neo::zkvm::field
