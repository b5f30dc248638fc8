// Quartic extension BabyBear4 = F[x]/(x^4 - 11): products against a naive polynomial product, field axioms,
// inverse, Frobenius and the shared two-adic extension data.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <vector>

#include "neo/zkvm/field/extension.hpp"
#include "stark_test_support.hpp"

using neo::zkvm::field::BabyBear;
using neo::zkvm::field::BabyBear4;
using neo::zkvm::test_support::FieldRng;

namespace {

constexpr std::uint64_t kP = BabyBear::kModulus;

// Naive oracle on canonical integers: full product of degree 6, then x^4 -> 11.
std::array<std::uint64_t, 4> naive_mul(const BabyBear4& a, const BabyBear4& b) {
  std::array<std::uint64_t, 7> full{};
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) {
      full[i + j] = (full[i + j] + std::uint64_t{a[i].to_canonical()} * b[j].to_canonical()) % kP;
    }
  }
  std::array<std::uint64_t, 4> out{};
  for (int k = 0; k < 4; ++k) out[k] = full[k];
  for (int k = 4; k < 7; ++k) out[k - 4] = (out[k - 4] + 11 * full[k]) % kP;
  return out;
}

std::array<std::uint64_t, 4> canonical(const BabyBear4& a) {
  return {a[0].to_canonical(), a[1].to_canonical(), a[2].to_canonical(), a[3].to_canonical()};
}

}  // namespace

TEST_CASE("BabyBear4 multiplication matches a naive polynomial product", "[field][extension]") {
  FieldRng rng(11);
  const BabyBear m1 = -BabyBear::one();
  const BabyBear4 extremes(m1, m1, m1, m1);
  REQUIRE(canonical(extremes * extremes) == naive_mul(extremes, extremes));
  for (int i = 0; i < 5000; ++i) {
    const BabyBear4 a = rng.ext(), b = rng.ext();
    REQUIRE(canonical(a * b) == naive_mul(a, b));
  }
  // x^4 = 11.
  REQUIRE(BabyBear4::x().pow(4) == BabyBear4(BabyBear::from_u32(11)));
}

TEST_CASE("BabyBear4 field axioms", "[field][extension]") {
  FieldRng rng(12);
  for (int i = 0; i < 1000; ++i) {
    const BabyBear4 a = rng.ext(), b = rng.ext(), c = rng.ext();
    const BabyBear s = rng.element();
    REQUIRE(a + b == b + a);
    REQUIRE(a * b == b * a);
    REQUIRE((a * b) * c == a * (b * c));
    REQUIRE(a * (b + c) == a * b + a * c);
    REQUIRE(a - b == a + (-b));
    REQUIRE(a * BabyBear4::one() == a);
    REQUIRE(a + BabyBear4::zero() == a);
    REQUIRE(a.square() == a * a);
    REQUIRE(a * s == a * BabyBear4(s));  // embedding is compatible with the scalar product
    REQUIRE(a + s == a + BabyBear4(s));
    REQUIRE(a - s == a - BabyBear4(s));
  }
  // The embedding is a ring homomorphism.
  const BabyBear u = rng.element(), v = rng.element();
  REQUIRE(BabyBear4(u) * BabyBear4(v) == BabyBear4(u * v));
  REQUIRE(BabyBear4(u) + BabyBear4(v) == BabyBear4(u + v));
  REQUIRE(BabyBear4(u).is_base());
}

TEST_CASE("BabyBear4 inverse", "[field][extension]") {
  FieldRng rng(13);
  for (int i = 0; i < 2000; ++i) {
    const BabyBear4 a = rng.ext();
    if (a.is_zero()) continue;
    REQUIRE(a * a.inverse() == BabyBear4::one());
  }
  // Sparse elements exercise the zero coefficients of the norm computation.
  for (int k = 0; k < 4; ++k) {
    std::array<BabyBear, 4> c{};
    c[k] = rng.element();
    const BabyBear4 a = BabyBear4::from_coefficients(c);
    REQUIRE(a * a.inverse() == BabyBear4::one());
  }
  const BabyBear s = BabyBear::from_u32(987654321);
  REQUIRE(BabyBear4(s).inverse() == BabyBear4(s.inverse()));
  REQUIRE(BabyBear4::zero().inverse() == BabyBear4::zero());
  // Batch inversion works for the extension too.
  std::vector<BabyBear4> values(50);
  for (auto& v : values) v = rng.ext();
  values[7] = BabyBear4::zero();
  std::vector<BabyBear4> inverses(values.size());
  neo::zkvm::field::batch_inverse(std::span<const BabyBear4>(values), std::span<BabyBear4>(inverses));
  for (std::size_t i = 0; i < values.size(); ++i) REQUIRE(inverses[i] == values[i].inverse());
}

TEST_CASE("BabyBear4 Frobenius is x -> x^p", "[field][extension]") {
  FieldRng rng(14);
  for (int i = 0; i < 50; ++i) {
    const BabyBear4 a = rng.ext(), b = rng.ext();
    REQUIRE(a.frobenius() == a.pow(kP));
    REQUIRE((a * b).frobenius() == a.frobenius() * b.frobenius());
    REQUIRE(a.frobenius().frobenius().frobenius().frobenius() == a);
    // The norm a * a^p * a^p^2 * a^p^3 lies in the base field.
    const BabyBear4 f1 = a.frobenius(), f2 = f1.frobenius(), f3 = f2.frobenius();
    REQUIRE((a * f1 * f2 * f3).is_base());
  }
  const BabyBear s = rng.element();
  REQUIRE(BabyBear4(s).frobenius() == BabyBear4(s));
}

TEST_CASE("BabyBear4 two-adic extension data from the shared file", "[field][extension]") {
  // Values transcribed from conformance/babybear (Plonky3 BinomialExtensionData<4>): EXT_TWO_ADICITY = 29,
  // generators of order 2^28 and 2^29. The group of the extension has order p^4 - 1, divisible by 2^29.
  const BabyBear4 g28 = BabyBear4::from_canonical(0, 0, 1996171314, 0);
  const BabyBear4 g29 = BabyBear4::from_canonical(0, 0, 0, 124907976);
  const BabyBear4 minus_one(-BabyBear::one());
  REQUIRE(g28.pow(std::uint64_t{1} << 27) == minus_one);
  REQUIRE(g28.pow(std::uint64_t{1} << 28) == BabyBear4::one());
  REQUIRE(g29.pow(std::uint64_t{1} << 28) == minus_one);
  REQUIRE(g29.square() == g28);
  // The multiplicative generator [8, 1, 0, 0] = x + 8: not a square (a^((p^4-1)/2) = -1).
  const BabyBear4 gen = BabyBear4::from_canonical(8, 1, 0, 0);
  // (p^4 - 1) / 2 does not fit 64 bits; (p^4-1)/2 = (p-1)/2 * (p+1) * (p^2+1): raise in three steps.
  const BabyBear4 r = gen.pow((kP - 1) / 2).pow(kP + 1).pow(kP * kP + 1);
  REQUIRE(r == minus_one);
}
