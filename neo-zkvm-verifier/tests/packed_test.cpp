// Every vector backend of packed.hpp against the portable backend on random data, including lengths that
// leave a scalar tail and the boundary values 0 and p - 1. A backend the CPU lacks is skipped with a message.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "neo/zkvm/field/packed.hpp"
#include "stark_test_support.hpp"

using neo::zkvm::field::BabyBear;
namespace packed = neo::zkvm::field::packed;
using neo::zkvm::test_support::FieldRng;
using packed::Backend;

namespace {

std::vector<BabyBear> random_vector(FieldRng& rng, std::size_t n) {
  std::vector<BabyBear> v(n);
  for (auto& x : v) x = rng.element();
  // Boundary values appear in every vector long enough to hold them.
  if (n > 3) {
    v[0] = BabyBear::zero();
    v[1] = -BabyBear::one();
    v[n - 1] = -BabyBear::one();
  }
  return v;
}

std::vector<Backend> vector_backends() {
  std::vector<Backend> backends;
  for (Backend b : {Backend::kAvx2, Backend::kAvx512}) {
    if (packed::backend_available(b)) {
      backends.push_back(b);
    } else {
      WARN("SKIPPED backend " << std::string(packed::backend_name(b))
                              << ": not built for or not supported by this CPU");
    }
  }
  return backends;
}

}  // namespace

TEST_CASE("packed: portable backend computes element-wise field operations", "[field][packed]") {
  FieldRng rng(21);
  const std::size_t n = 37;
  const auto a = random_vector(rng, n), b = random_vector(rng, n);
  std::vector<BabyBear> out(n);
  packed::add(Backend::kPortable, out, a, b);
  for (std::size_t i = 0; i < n; ++i) REQUIRE(out[i] == a[i] + b[i]);
  packed::sub(Backend::kPortable, out, a, b);
  for (std::size_t i = 0; i < n; ++i) REQUIRE(out[i] == a[i] - b[i]);
  packed::mul(Backend::kPortable, out, a, b);
  for (std::size_t i = 0; i < n; ++i) REQUIRE(out[i] == a[i] * b[i]);
  packed::mul_scalar(Backend::kPortable, out, a, b[5]);
  for (std::size_t i = 0; i < n; ++i) REQUIRE(out[i] == a[i] * b[5]);
  auto lo = a, hi = b;
  packed::butterfly_scalar(Backend::kPortable, lo, hi, b[3]);
  for (std::size_t i = 0; i < n; ++i) {
    REQUIRE(lo[i] == a[i] + b[i] * b[3]);
    REQUIRE(hi[i] == a[i] - b[i] * b[3]);
  }
  lo = a, hi = b;
  packed::butterfly_rows(Backend::kPortable, lo, hi, 1, a);  // width 1: one twiddle per element
  for (std::size_t i = 0; i < n; ++i) {
    REQUIRE(lo[i] == a[i] + b[i] * a[i]);
    REQUIRE(hi[i] == a[i] - b[i] * a[i]);
  }
  lo = a, hi = b;
  packed::butterfly_dif_vector(Backend::kPortable, lo, hi, a);
  for (std::size_t i = 0; i < n; ++i) {
    REQUIRE(lo[i] == a[i] + b[i]);
    REQUIRE(hi[i] == (a[i] - b[i]) * a[i]);
  }
  REQUIRE(packed::backend_available(Backend::kPortable));
  REQUIRE(packed::backend_available(packed::best_backend()));
}

TEST_CASE("packed: vector backends are bit-identical to portable", "[field][packed]") {
  FieldRng rng(22);
  INFO("best backend: " << std::string(packed::backend_name(packed::best_backend())));
  for (Backend backend : vector_backends()) {
    INFO("backend " << std::string(packed::backend_name(backend)));
    for (std::size_t n : {0u, 1u, 7u, 8u, 15u, 16u, 17u, 33u, 1000u, 4099u}) {
      INFO("n = " << n);
      const auto a = random_vector(rng, n), b = random_vector(rng, n), w = random_vector(rng, n);
      const BabyBear s = rng.element();
      std::vector<BabyBear> expect(n), got(n);

      packed::add(Backend::kPortable, expect, a, b);
      packed::add(backend, got, a, b);
      REQUIRE(got == expect);
      packed::sub(Backend::kPortable, expect, a, b);
      packed::sub(backend, got, a, b);
      REQUIRE(got == expect);
      packed::mul(Backend::kPortable, expect, a, b);
      packed::mul(backend, got, a, b);
      REQUIRE(got == expect);
      packed::mul_scalar(Backend::kPortable, expect, a, s);
      packed::mul_scalar(backend, got, a, s);
      REQUIRE(got == expect);

      auto lo_expect = a, hi_expect = b, lo_got = a, hi_got = b;
      packed::butterfly_scalar(Backend::kPortable, lo_expect, hi_expect, s);
      packed::butterfly_scalar(backend, lo_got, hi_got, s);
      REQUIRE(lo_got == lo_expect);
      REQUIRE(hi_got == hi_expect);
      lo_expect = a, hi_expect = b, lo_got = a, hi_got = b;
      packed::butterfly_vector(Backend::kPortable, lo_expect, hi_expect, w);
      packed::butterfly_vector(backend, lo_got, hi_got, w);
      REQUIRE(lo_got == lo_expect);
      REQUIRE(hi_got == hi_expect);

      lo_expect = a, hi_expect = b, lo_got = a, hi_got = b;
      packed::butterfly_dif_scalar(Backend::kPortable, lo_expect, hi_expect, s);
      packed::butterfly_dif_scalar(backend, lo_got, hi_got, s);
      REQUIRE(lo_got == lo_expect);
      REQUIRE(hi_got == hi_expect);
      lo_expect = a, hi_expect = b, lo_got = a, hi_got = b;
      packed::butterfly_dif_vector(Backend::kPortable, lo_expect, hi_expect, w);
      packed::butterfly_dif_vector(backend, lo_got, hi_got, w);
      REQUIRE(lo_got == lo_expect);
      REQUIRE(hi_got == hi_expect);

      // Row forms: n = rows * width for a few widths dividing n.
      for (std::size_t width : {std::size_t{1}, std::size_t{3}, std::size_t{8}, std::size_t{17}}) {
        if (n == 0 || n % width != 0) continue;
        const std::span<const BabyBear> row_twiddles(w.data(), n / width);
        lo_expect = a, hi_expect = b, lo_got = a, hi_got = b;
        packed::butterfly_rows(Backend::kPortable, lo_expect, hi_expect, width, row_twiddles);
        packed::butterfly_rows(backend, lo_got, hi_got, width, row_twiddles);
        REQUIRE(lo_got == lo_expect);
        REQUIRE(hi_got == hi_expect);
        lo_expect = a, hi_expect = b, lo_got = a, hi_got = b;
        packed::butterfly_dif_rows(Backend::kPortable, lo_expect, hi_expect, width, row_twiddles);
        packed::butterfly_dif_rows(backend, lo_got, hi_got, width, row_twiddles);
        REQUIRE(lo_got == lo_expect);
        REQUIRE(hi_got == hi_expect);
      }

      // In place (out aliases a).
      auto in_place = a;
      packed::mul(backend, in_place, in_place, b);
      packed::mul(Backend::kPortable, expect, a, b);
      REQUIRE(in_place == expect);
    }
  }
}

TEST_CASE("packed: all-pairs of boundary values agree across backends", "[field][packed]") {
  // Every combination of values near 0, p/2 and p - 1 in both operands: the correction steps are exercised.
  std::vector<BabyBear> edge;
  for (std::uint32_t v : {0u, 1u, 2u, BabyBear::kModulus / 2, BabyBear::kModulus / 2 + 1,
                          BabyBear::kModulus - 2, BabyBear::kModulus - 1, 0x40000000u, 0x08000000u}) {
    edge.push_back(BabyBear::from_canonical(v));
    edge.push_back(BabyBear::from_monty(v % BabyBear::kModulus));  // raw Montgomery words at the edges too
  }
  std::vector<BabyBear> a, b;
  for (auto x : edge) {
    for (auto y : edge) {
      a.push_back(x);
      b.push_back(y);
    }
  }
  std::vector<BabyBear> expect(a.size()), got(a.size());
  for (Backend backend : vector_backends()) {
    packed::add(Backend::kPortable, expect, a, b);
    packed::add(backend, got, a, b);
    REQUIRE(got == expect);
    packed::sub(Backend::kPortable, expect, a, b);
    packed::sub(backend, got, a, b);
    REQUIRE(got == expect);
    packed::mul(Backend::kPortable, expect, a, b);
    packed::mul(backend, got, a, b);
    REQUIRE(got == expect);
  }
  // The dispatched entry points agree too.
  packed::mul(got, a, b);
  packed::mul(Backend::kPortable, expect, a, b);
  REQUIRE(got == expect);
}
