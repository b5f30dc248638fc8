// The portable backend's 256-bit modular arithmetic (an internal header) against GMP, for every modulus it
// uses: the special-form reductions of the three field primes and Montgomery for the group orders.
#include <gmp.h>
#include <catch2/catch.hpp>

#include "../src/crypto/portable/modular.hpp"
#include "crypto_test_support.hpp"

using namespace neo::vm::crypto::detail;

namespace {

class Mpz {
 public:
  Mpz() { mpz_init(v_); }
  explicit Mpz(const U256& a) : Mpz() { mpz_import(v_, 8, -1, sizeof(std::uint32_t), 0, 0, a.limb); }
  ~Mpz() { mpz_clear(v_); }
  Mpz(const Mpz&) = delete;
  Mpz& operator=(const Mpz&) = delete;
  mpz_t& get() { return v_; }
  U256 to_u256() const {
    U256 r{};
    REQUIRE(mpz_sizeinbase(v_, 2) <= 256);
    mpz_export(r.limb, nullptr, -1, sizeof(std::uint32_t), 0, 0, v_);
    return r;
  }

 private:
  mpz_t v_;
};

U256 random_u256(std::mt19937_64& rng) {
  U256 r{};
  for (auto& l : r.limb) l = static_cast<std::uint32_t>(rng());
  // Bias towards the edges: all-ones and all-zero limbs exercise carries and the final subtractions.
  const auto shape = rng() % 8;
  if (shape == 0)
    for (auto& l : r.limb) l = rng() % 2 == 0 ? 0xffffffffu : l;
  if (shape == 1)
    for (auto& l : r.limb) l = rng() % 2 == 0 ? 0u : l;
  return r;
}

U256 random_below(std::mt19937_64& rng, const U256& m) {
  for (;;) {
    U256 r = random_u256(rng);
    if (rng() % 4 == 0) {  // near m
      sub(r, m, u256_from_u32(static_cast<std::uint32_t>(1 + rng() % 5)));
    }
    if (less(r, m)) return r;
  }
}

U256 expected_mul(const U256& a, const U256& b, const U256& m) {
  Mpz x(a), y(b), mod(m), r;
  mpz_mul(r.get(), x.get(), y.get());
  mpz_mod(r.get(), r.get(), mod.get());
  return r.to_u256();
}

void check_modulus(const Modulus& mod, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const U256 m = mod.m;
  for (int i = 0; i < 3000; ++i) {
    const U256 a = random_below(rng, m);
    const U256 b = random_below(rng, m);
    const U256 am = to_montgomery(a, mod);
    const U256 bm = to_montgomery(b, mod);
    REQUIRE(less(am, m));
    REQUIRE(equal(from_montgomery(am, mod), a));
    const U256 product = from_montgomery(mont_mul(am, bm, mod), mod);
    REQUIRE(equal(product, expected_mul(a, b, m)));
    REQUIRE(equal(from_montgomery(mont_sqr(am, mod), mod), expected_mul(a, a, m)));
    // reduce() takes any 256-bit value.
    const U256 x = random_u256(rng);
    REQUIRE(equal(reduce(x, mod), expected_mul(x, u256_from_u32(1), m)));
    // add/sub modulo m.
    Mpz ga(a), gb(b), gm(m), r;
    mpz_add(r.get(), ga.get(), gb.get());
    mpz_mod(r.get(), r.get(), gm.get());
    REQUIRE(equal(add_mod(a, b, mod), r.to_u256()));
    mpz_sub(r.get(), ga.get(), gb.get());
    mpz_mod(r.get(), r.get(), gm.get());
    REQUIRE(equal(sub_mod(a, b, mod), r.to_u256()));
  }
  for (int i = 0; i < 20; ++i) {
    const U256 a = random_below(rng, m);
    if (is_zero(a)) continue;
    const U256 inverse = from_montgomery(mont_inv(to_montgomery(a, mod), mod), mod);
    REQUIRE(equal(expected_mul(a, inverse, m), u256_from_u32(1)));
  }
  // Edge values.
  U256 m_minus_1{};
  sub(m_minus_1, m, u256_from_u32(1));
  U256 all_ones{};
  for (auto& l : all_ones.limb) l = 0xffffffffu;
  const U256 m1 = to_montgomery(m_minus_1, mod);
  REQUIRE(equal(from_montgomery(mont_mul(m1, m1, mod), mod), u256_from_u32(1)));
  REQUIRE(equal(from_montgomery(mont_sqr(m1, mod), mod), u256_from_u32(1)));
  REQUIRE(is_zero(reduce(m, mod)));
  REQUIRE(equal(reduce(all_ones, mod), expected_mul(all_ones, u256_from_u32(1), m)));
  REQUIRE(is_zero(mont_mul(kZero, m1, mod)));
}

}  // namespace

TEST_CASE("modular arithmetic matches GMP for every modulus of the portable backend", "[crypto][modular]") {
  SECTION("secp256k1 field (special reduction)") {
    check_modulus(make_modulus(u256_hex("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f"),
                               Reduction::kSecp256k1),
                  1);
  }
  SECTION("P-256 field (FIPS 186-4 reduction)") {
    check_modulus(make_modulus(u256_hex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"),
                               Reduction::kP256),
                  2);
  }
  SECTION("2^255 - 19 (special reduction)") {
    check_modulus(make_modulus(u256_hex("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed"),
                               Reduction::kP25519),
                  3);
  }
  SECTION("group orders (Montgomery)") {
    check_modulus(make_modulus(u256_hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")),
                  4);
    check_modulus(make_modulus(u256_hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")),
                  5);
    check_modulus(make_modulus(u256_hex("1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed")),
                  6);
  }
}

TEST_CASE("width-5 NAF digits reconstruct the scalar", "[crypto][modular]") {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 500; ++i) {
    const U256 k = random_u256(rng);
    std::int8_t digits[257] = {};
    const int length = wnaf(k, 5, digits);
    REQUIRE(length <= 257);
    Mpz sum, term;
    int last_nonzero = -100;
    for (int d = length - 1; d >= 0; --d) {
      mpz_mul_2exp(sum.get(), sum.get(), 1);
      if (digits[d] != 0) {
        REQUIRE((digits[d] % 2 != 0));
        REQUIRE(digits[d] < 16);
        REQUIRE(digits[d] > -16);
        if (last_nonzero >= 0) REQUIRE(last_nonzero - d >= 5);
        last_nonzero = d;
        if (digits[d] > 0)
          mpz_add_ui(sum.get(), sum.get(), static_cast<unsigned long>(digits[d]));
        else
          mpz_sub_ui(sum.get(), sum.get(), static_cast<unsigned long>(-digits[d]));
      }
    }
    REQUIRE(equal(sum.to_u256(), k));
  }
}
