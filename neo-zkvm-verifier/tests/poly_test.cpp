// Polynomial evaluation at extension points: Horner against a direct power sum, and the barycentric coset
// evaluation against the coefficient form, in natural and bit-reversed order.
#include <catch2/catch.hpp>

#include <vector>

#include "neo/zkvm/field/poly.hpp"
#include "stark_test_support.hpp"

using neo::zkvm::field::BabyBear;
using neo::zkvm::field::BabyBear4;
using neo::zkvm::field::EvaluationOrder;
using neo::zkvm::test_support::FieldRng;
namespace field = neo::zkvm::field;

namespace {

BabyBear evaluate_base(const std::vector<BabyBear>& coefficients, BabyBear x) {
  BabyBear sum, power = BabyBear::one();
  for (const auto& c : coefficients) {
    sum += c * power;
    power *= x;
  }
  return sum;
}

std::size_t reverse(std::size_t i, unsigned bits) {
  std::size_t r = 0;
  for (unsigned b = 0; b < bits; ++b) r |= ((i >> b) & 1) << (bits - 1 - b);
  return r;
}

}  // namespace

TEST_CASE("poly: Horner evaluation equals the power sum", "[field][poly]") {
  FieldRng rng(41);
  for (std::size_t degree : {0u, 1u, 5u, 64u}) {
    std::vector<BabyBear> c(degree);
    for (auto& v : c) v = rng.element();
    const BabyBear4 z = rng.ext();
    BabyBear4 expect, power = BabyBear4::one();
    for (const auto& v : c) {
      expect += power * v;
      power *= z;
    }
    REQUIRE(field::evaluate_coefficients(c, z) == expect);
    std::vector<BabyBear4> lifted(c.begin(), c.end());
    REQUIRE(field::evaluate_coefficients(std::span<const BabyBear4>(lifted), z) == expect);
    // A base point gives the base-field value.
    const BabyBear x = rng.element();
    REQUIRE(field::evaluate_coefficients(c, BabyBear4(x)) == BabyBear4(evaluate_base(c, x)));
  }
}

TEST_CASE("poly: barycentric evaluation on a coset matches the coefficient form", "[field][poly]") {
  FieldRng rng(42);
  const BabyBear shift = BabyBear::from_u32(BabyBear::kGenerator);
  for (unsigned log_n : {0u, 1u, 3u, 6u}) {
    const std::size_t n = std::size_t{1} << log_n;
    const std::size_t width = 3;
    std::vector<std::vector<BabyBear>> columns(width, std::vector<BabyBear>(n));
    for (auto& col : columns) {
      for (auto& v : col) v = rng.element();
    }
    const BabyBear omega = BabyBear::two_adic_generator(log_n);
    std::vector<BabyBear> natural(n * width), reversed(n * width);
    for (std::size_t i = 0; i < n; ++i) {
      const BabyBear x = shift * omega.pow(i);
      for (std::size_t c = 0; c < width; ++c) {
        natural[i * width + c] = evaluate_base(columns[c], x);
        reversed[reverse(i, log_n) * width + c] = natural[i * width + c];
      }
    }
    const BabyBear4 z = rng.ext();
    std::vector<BabyBear4> got_natural(width), got_reversed(width);
    field::evaluate_on_coset(natural, width, shift, z, EvaluationOrder::kNatural, got_natural);
    field::evaluate_on_coset(reversed, width, shift, z, EvaluationOrder::kBitReversed, got_reversed);
    for (std::size_t c = 0; c < width; ++c) {
      const BabyBear4 expect = field::evaluate_coefficients(columns[c], z);
      REQUIRE(got_natural[c] == expect);
      REQUIRE(got_reversed[c] == expect);
    }
    // Single-column form, and a point of the coset itself.
    std::vector<BabyBear> first(n);
    for (std::size_t i = 0; i < n; ++i) first[i] = natural[i * width];
    REQUIRE(field::evaluate_on_coset(first, shift, z) == field::evaluate_coefficients(columns[0], z));
    const std::size_t k = n / 2;
    REQUIRE(field::evaluate_on_coset(first, shift, BabyBear4(shift * omega.pow(k))) == BabyBear4(first[k]));
  }
}
