// BabyBear base field: arithmetic against naive 64-bit modular arithmetic, inverses, batch inversion, and the
// two-adic generators against the shared conformance file.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "neo/zkvm/field/babybear.hpp"
#include "stark_test_support.hpp"

using neo::zkvm::field::BabyBear;
using neo::zkvm::test_support::FieldRng;

namespace {

constexpr std::uint64_t kP = BabyBear::kModulus;

std::uint32_t naive_pow(std::uint64_t base, std::uint64_t exponent) {
  std::uint64_t result = 1;
  base %= kP;
  while (exponent != 0) {
    if ((exponent & 1) != 0) result = result * base % kP;
    base = base * base % kP;
    exponent >>= 1;
  }
  return static_cast<std::uint32_t>(result);
}

}  // namespace

TEST_CASE("BabyBear constants", "[field][babybear]") {
  STATIC_REQUIRE(BabyBear::kModulus == 15u * (1u << 27) + 1u);
  STATIC_REQUIRE(static_cast<std::uint32_t>(BabyBear::kModulus * BabyBear::kMontyMu) == 1u);
  STATIC_REQUIRE(BabyBear::one().to_canonical() == 1);
  STATIC_REQUIRE(BabyBear::zero().to_canonical() == 0);
  STATIC_REQUIRE((BabyBear::from_u32(5) * BabyBear::from_u32(7)).to_canonical() == 35);  // constexpr works
  REQUIRE(BabyBear::one().monty() == (std::uint64_t{1} << 32) % kP);
}

TEST_CASE("BabyBear conversions round-trip and reduce", "[field][babybear]") {
  FieldRng rng(1);
  for (int i = 0; i < 10000; ++i) {
    const std::uint32_t x = rng.canonical();
    REQUIRE(BabyBear::from_canonical(x).to_canonical() == x);
    const auto raw = static_cast<std::uint32_t>(rng.u64());
    REQUIRE(BabyBear::from_u32(raw).to_canonical() == raw % kP);
    const std::uint64_t wide = rng.u64();
    REQUIRE(BabyBear::from_u64(wide).to_canonical() == wide % kP);
    REQUIRE(BabyBear::from_u32(raw).monty() < kP);
  }
  for (std::uint32_t edge :
       {0u, 1u, BabyBear::kModulus - 1, BabyBear::kModulus, BabyBear::kModulus + 1, 0xffffffffu}) {
    REQUIRE(BabyBear::from_u32(edge).to_canonical() == edge % kP);
  }
  REQUIRE(BabyBear::from_u64(~std::uint64_t{0}).to_canonical() == ~std::uint64_t{0} % kP);
}

TEST_CASE("BabyBear arithmetic matches naive modular arithmetic", "[field][babybear]") {
  FieldRng rng(2);
  std::vector<std::uint32_t> samples = {0,
                                        1,
                                        2,
                                        BabyBear::kModulus - 1,
                                        BabyBear::kModulus - 2,
                                        BabyBear::kModulus / 2,
                                        BabyBear::kModulus / 2 + 1};
  for (int i = 0; i < 200; ++i) samples.push_back(rng.canonical());
  for (std::uint32_t a : samples) {
    for (std::uint32_t b : samples) {
      const BabyBear x = BabyBear::from_canonical(a);
      const BabyBear y = BabyBear::from_canonical(b);
      REQUIRE((x + y).to_canonical() == (std::uint64_t{a} + b) % kP);
      REQUIRE((x - y).to_canonical() == (std::uint64_t{a} + kP - b) % kP);
      REQUIRE((x * y).to_canonical() == std::uint64_t{a} * b % kP);
      REQUIRE((x + y).monty() < kP);
      REQUIRE((x - y).monty() < kP);
      REQUIRE((x * y).monty() < kP);
    }
    const BabyBear x = BabyBear::from_canonical(a);
    REQUIRE((-x).to_canonical() == (kP - a) % kP);
    REQUIRE(x.square().to_canonical() == std::uint64_t{a} * a % kP);
    REQUIRE(x.doubled().to_canonical() == 2 * std::uint64_t{a} % kP);
  }
}

TEST_CASE("BabyBear field axioms on random elements", "[field][babybear]") {
  FieldRng rng(3);
  for (int i = 0; i < 2000; ++i) {
    const BabyBear a = rng.element(), b = rng.element(), c = rng.element();
    REQUIRE(a + b == b + a);
    REQUIRE(a * b == b * a);
    REQUIRE((a + b) + c == a + (b + c));
    REQUIRE((a * b) * c == a * (b * c));
    REQUIRE(a * (b + c) == a * b + a * c);
    REQUIRE(a + BabyBear::zero() == a);
    REQUIRE(a * BabyBear::one() == a);
    REQUIRE(a + (-a) == BabyBear::zero());
    REQUIRE(a - b == a + (-b));
  }
}

TEST_CASE("BabyBear pow and inverse", "[field][babybear]") {
  FieldRng rng(4);
  for (int i = 0; i < 2000; ++i) {
    const std::uint32_t a = rng.canonical();
    const std::uint64_t e = rng.u64();
    REQUIRE(BabyBear::from_canonical(a).pow(e).to_canonical() == naive_pow(a, e));
    if (a == 0) continue;
    const BabyBear x = BabyBear::from_canonical(a);
    REQUIRE(x * x.inverse() == BabyBear::one());
    REQUIRE(std::uint64_t{x.inverse().to_canonical()} * a % kP == 1);
  }
  REQUIRE(BabyBear::one().inverse() == BabyBear::one());
  REQUIRE((-BabyBear::one()).inverse() == -BabyBear::one());
  REQUIRE(BabyBear::zero().inverse() == BabyBear::zero());  // documented convention
  REQUIRE(BabyBear::from_u32(7).pow(0) == BabyBear::one());
  // Fermat: x^(p-1) = 1 for x != 0.
  REQUIRE(BabyBear::from_u32(123456789).pow(kP - 1) == BabyBear::one());
}

TEST_CASE("BabyBear batch inversion", "[field][babybear]") {
  FieldRng rng(5);
  for (std::size_t n : {0u, 1u, 2u, 7u, 64u, 1001u}) {
    std::vector<BabyBear> values(n);
    for (auto& v : values) v = rng.element();
    if (n > 3) {  // zeros anywhere, including first and last, must map to zero without disturbing the rest
      values[0] = BabyBear::zero();
      values[n / 2] = BabyBear::zero();
      values[n - 1] = BabyBear::zero();
    }
    std::vector<BabyBear> inverses(n);
    neo::zkvm::field::batch_inverse(std::span<const BabyBear>(values), std::span<BabyBear>(inverses));
    for (std::size_t i = 0; i < n; ++i) REQUIRE(inverses[i] == values[i].inverse());
    std::vector<BabyBear> in_place = values;
    neo::zkvm::field::batch_inverse_in_place(std::span<BabyBear>(in_place));
    REQUIRE(in_place == inverses);
  }
  std::vector<BabyBear> all_zero(5);
  neo::zkvm::field::batch_inverse_in_place(std::span<BabyBear>(all_zero));
  for (const auto& v : all_zero) REQUIRE(v.is_zero());
}

TEST_CASE("BabyBear two-adic generators have the right orders", "[field][babybear]") {
  STATIC_REQUIRE(BabyBear::two_adic_generator(0) == BabyBear::one());
  STATIC_REQUIRE(BabyBear::two_adic_generator(1) == -BabyBear::one());
  for (unsigned bits = 1; bits <= BabyBear::kTwoAdicity; ++bits) {
    const BabyBear g = BabyBear::two_adic_generator(bits);
    REQUIRE(g.pow(std::uint64_t{1} << bits) == BabyBear::one());
    REQUIRE(g.pow(std::uint64_t{1} << (bits - 1)) == -BabyBear::one());  // order exactly 2^bits
  }
  REQUIRE(BabyBear::two_adic_generator(28).is_zero());
  // 31 generates the whole group: 31^((p-1)/q) != 1 for every prime q | p - 1 = 2^27 * 3 * 5.
  const BabyBear g = BabyBear::from_u32(BabyBear::kGenerator);
  for (std::uint64_t q : {2u, 3u, 5u}) REQUIRE(g.pow((kP - 1) / q) != BabyBear::one());
}

TEST_CASE("BabyBear two-adic generators match the shared conformance file",
          "[field][babybear][conformance]") {
  const auto file = neo::zkvm::test_support::shared_file("conformance/babybear/babybear_two_adic.txt");
  if (!file) {
    WARN("SKIPPED: ../shared/conformance/babybear/babybear_two_adic.txt not found (set NEO_SHARED_DIR)");
    return;
  }
  std::ifstream in(*file);
  REQUIRE(in.good());
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    unsigned k = 0;
    std::string hex;
    std::uint64_t decimal = 0;
    fields >> k >> hex >> decimal;
    REQUIRE(fields);
    REQUIRE(std::stoul(hex, nullptr, 16) == decimal);
    INFO("k = " << k);
    REQUIRE(BabyBear::two_adic_generator(k).to_canonical() == decimal);
    ++rows;
  }
  REQUIRE(rows == 28);
}
