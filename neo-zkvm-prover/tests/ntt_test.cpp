// NTT, inverse NTT, coset transforms and coset LDE against a naive O(n^2) DFT and direct polynomial
// evaluation.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <vector>

#include "../src/ntt/ntt_kernels.hpp"  // white-box: the vector small-stage kernels
#include "neo/zkvm/field/poly.hpp"
#include "neo/zkvm/ntt/ntt.hpp"

using neo::zkvm::field::BabyBear;
using neo::zkvm::field::BabyBear4;
namespace ntt = neo::zkvm::ntt;
namespace field = neo::zkvm::field;

namespace {

std::vector<BabyBear> random_elements(std::mt19937_64& rng, std::size_t n) {
  std::vector<BabyBear> v(n);
  for (auto& x : v) x = BabyBear::from_u32(static_cast<std::uint32_t>(rng() % BabyBear::kModulus));
  return v;
}

// Naive DFT of each column of a row-major matrix: out[r][c] = sum_i in[i][c] * (shift * omega^r)^i.
std::vector<BabyBear> naive_evaluate(const std::vector<BabyBear>& coefficients, std::size_t width,
                                     std::size_t points, BabyBear shift) {
  const std::size_t n = coefficients.size() / width;
  const BabyBear omega = BabyBear::two_adic_generator(ntt::log2_exact(points));
  std::vector<BabyBear> out(points * width);
  BabyBear x = shift;
  for (std::size_t r = 0; r < points; ++r) {
    for (std::size_t c = 0; c < width; ++c) {
      BabyBear sum, power = BabyBear::one();
      for (std::size_t i = 0; i < n; ++i) {
        sum += coefficients[i * width + c] * power;
        power *= x;
      }
      out[r * width + c] = sum;
    }
    x *= omega;
  }
  return out;
}

}  // namespace

TEST_CASE("ntt: helpers", "[ntt]") {
  REQUIRE(ntt::log2_exact(1) == 0);
  REQUIRE(ntt::log2_exact(1u << 20) == 20);
  REQUIRE(ntt::reverse_bits(0b0001, 4) == 0b1000);
  REQUIRE(ntt::reverse_bits(0b0110, 4) == 0b0110);
  REQUIRE(ntt::reverse_bits(0b1011, 4) == 0b1101);
  REQUIRE(ntt::reverse_bits(5, 0) == 0);
  REQUIRE(ntt::reverse_bits(1, 27) == (std::size_t{1} << 26));
  std::vector<BabyBear> rows(8 * 2);
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = BabyBear::from_u32(static_cast<std::uint32_t>(i));
  auto permuted = rows;
  ntt::bit_reverse_rows(permuted, 2);
  for (std::size_t i = 0; i < 8; ++i) {
    REQUIRE(permuted[2 * i] == rows[2 * ntt::reverse_bits(i, 3)]);
    REQUIRE(permuted[2 * i + 1] == rows[2 * ntt::reverse_bits(i, 3) + 1]);
  }
}

TEST_CASE("ntt: forward and inverse match the naive DFT", "[ntt]") {
  std::mt19937_64 rng(51);
  for (unsigned log_n : {0u, 1u, 2u, 3u, 4u, 5u, 8u, 10u}) {
    for (std::size_t width : {1u, 3u, 8u, 16u, 17u}) {
      INFO("log_n = " << log_n << ", width = " << width);
      const std::size_t n = std::size_t{1} << log_n;
      const auto coefficients = random_elements(rng, n * width);
      const auto expect = naive_evaluate(coefficients, width, n, BabyBear::one());
      auto values = coefficients;
      if (width == 1) {
        ntt::ntt(values);
      } else {
        ntt::ntt_batch(values, width);
      }
      REQUIRE(values == expect);
      if (width == 1) {
        ntt::intt(values);
      } else {
        ntt::intt_batch(values, width);
      }
      REQUIRE(values == coefficients);
    }
  }
}

TEST_CASE("ntt: large transforms round-trip and agree with spot evaluations", "[ntt]") {
  std::mt19937_64 rng(52);
  for (auto [log_n, width] : {std::pair{16u, std::size_t{1}}, std::pair{13u, std::size_t{24}}}) {
    const std::size_t n = std::size_t{1} << log_n;
    const auto coefficients = random_elements(rng, n * width);
    auto values = coefficients;
    ntt::ntt_batch(values, width);
    // Spot-check a few rows against direct evaluation (Horner at the base point omega^r).
    const BabyBear omega = BabyBear::two_adic_generator(log_n);
    for (std::size_t r : {std::size_t{0}, std::size_t{1}, n / 3, n - 1}) {
      for (std::size_t c = 0; c < width; c += 7) {
        BabyBear acc;
        const BabyBear x = omega.pow(r);
        for (std::size_t i = n; i-- > 0;) acc = acc * x + coefficients[i * width + c];
        REQUIRE(values[r * width + c] == acc);
      }
    }
    ntt::intt_batch(values, width);
    REQUIRE(values == coefficients);
  }
}

TEST_CASE("ntt: coset transforms", "[ntt]") {
  std::mt19937_64 rng(53);
  const BabyBear shift = BabyBear::from_u32(BabyBear::kGenerator);
  for (unsigned log_n : {0u, 3u, 7u}) {
    const std::size_t n = std::size_t{1} << log_n, width = 5;
    const auto coefficients = random_elements(rng, n * width);
    auto values = coefficients;
    ntt::coset_ntt_batch(values, width, shift);
    REQUIRE(values == naive_evaluate(coefficients, width, n, shift));
    ntt::coset_intt_batch(values, width, shift);
    REQUIRE(values == coefficients);
  }
}

TEST_CASE("ntt: coset low-degree extension", "[ntt]") {
  std::mt19937_64 rng(54);
  const BabyBear shift = BabyBear::from_u32(BabyBear::kGenerator);
  for (unsigned log_n : {0u, 2u, 6u}) {
    for (unsigned log_blowup : {1u, 2u}) {
      const std::size_t n = std::size_t{1} << log_n, width = 4;
      const auto coefficients = random_elements(rng, n * width);
      const auto trace = naive_evaluate(coefficients, width, n, BabyBear::one());  // values on H
      const auto lde = ntt::coset_lde_batch(trace, width, log_blowup, shift);
      REQUIRE(lde == naive_evaluate(coefficients, width, n << log_blowup, shift));
    }
  }
  // Large: the LDE and the trace describe the same polynomials (checked at an extension point), and the LDE
  // has degree < n (its coset iNTT has zero upper coefficients).
  const unsigned log_n = 14;
  const std::size_t n = std::size_t{1} << log_n, width = 3;
  const auto trace = random_elements(rng, n * width);
  auto lde = ntt::coset_lde_batch(trace, width, 1, shift);
  const BabyBear4 z(BabyBear::from_u32(7), BabyBear::from_u32(11), BabyBear::from_u32(13),
                    BabyBear::from_u32(17));
  std::vector<BabyBear4> from_trace(width), from_lde(width);
  field::evaluate_on_coset(trace, width, BabyBear::one(), z, field::EvaluationOrder::kNatural, from_trace);
  field::evaluate_on_coset(lde, width, shift, z, field::EvaluationOrder::kNatural, from_lde);
  REQUIRE(from_trace == from_lde);
  ntt::coset_intt_batch(lde, width, shift);
  for (std::size_t i = n * width; i < lde.size(); ++i) REQUIRE(lde[i].is_zero());
}

TEST_CASE("ntt: small-stage kernels are bit-identical to scalar butterflies", "[ntt][packed]") {
  namespace detail = neo::zkvm::ntt::detail;
  std::mt19937_64 rng(55);
  // Twiddle table for stages h <= 8 (tw[h + j] = omega_{2h}^j).
  std::vector<BabyBear> tw(16);
  for (std::size_t h = 1; h <= 8; h *= 2) {
    const BabyBear w = BabyBear::two_adic_generator(ntt::log2_exact(2 * h));
    for (std::size_t j = 0; j < h; ++j) tw[h + j] = w.pow(j);
  }
  const std::size_t n = 1024;
  const auto input = random_elements(rng, n);
  for (int variant : {0, 1, 2}) {
    const detail::SmallStages kernel = detail::small_stages_variant(variant);
    if (kernel.run == nullptr) {
      WARN("SKIPPED small-stage variant " << variant << ": CPU feature not available");
      continue;
    }
    INFO("variant " << variant);
    auto expect = input;
    for (std::size_t h = 1; h < (std::size_t{1} << kernel.log_group); h *= 2) {
      for (std::size_t k = 0; k < n; k += 2 * h) {
        for (std::size_t j = 0; j < h; ++j) {
          const BabyBear t = expect[k + j + h] * tw[h + j];
          expect[k + j + h] = expect[k + j] - t;
          expect[k + j] = expect[k + j] + t;
        }
      }
    }
    auto got = input;
    kernel.run(got.data(), n, tw.data());
    REQUIRE(got == expect);
    // DIF stages h = group/2, ..., 1: d = lo - hi; lo = lo + hi; hi = d * w.
    auto expect_dif = input;
    for (std::size_t h = (std::size_t{1} << kernel.log_group) / 2; h >= 1; h /= 2) {
      for (std::size_t k = 0; k < n; k += 2 * h) {
        for (std::size_t j = 0; j < h; ++j) {
          const BabyBear d = expect_dif[k + j] - expect_dif[k + j + h];
          expect_dif[k + j] = expect_dif[k + j] + expect_dif[k + j + h];
          expect_dif[k + j + h] = d * tw[h + j];
        }
      }
    }
    auto got_dif = input;
    kernel.run_dif(got_dif.data(), n, tw.data());
    REQUIRE(got_dif == expect_dif);
  }
  REQUIRE(detail::best_small_stages().run != nullptr);
}

TEST_CASE("ntt: bit-reversed outputs (DIF) equal the permuted natural outputs", "[ntt]") {
  std::mt19937_64 rng(56);
  const BabyBear shift = BabyBear::from_u32(BabyBear::kGenerator);
  for (unsigned log_n : {0u, 1u, 3u, 4u, 5u, 9u, 15u}) {
    for (std::size_t width : {1u, 2u, 16u, 20u}) {
      if (log_n == 15 && width > 2) continue;
      INFO("log_n = " << log_n << ", width = " << width);
      const std::size_t n = std::size_t{1} << log_n;
      const auto coefficients = random_elements(rng, n * width);
      auto natural = coefficients;
      ntt::ntt_batch(natural, width);
      ntt::bit_reverse_rows(natural, width);
      auto reversed = coefficients;
      ntt::ntt_batch_bit_reversed_output(reversed, width);
      REQUIRE(reversed == natural);

      for (unsigned log_blowup : {0u, 1u, 3u}) {
        auto lde_natural =
            ntt::coset_lde_batch(natural, width, log_blowup, shift);  // any values on H will do
        const auto lde_reversed =
            ntt::coset_lde_batch(natural, width, log_blowup, shift, ntt::EvaluationOrder::kBitReversed);
        ntt::bit_reverse_rows(lde_natural, width);
        REQUIRE(lde_reversed == lde_natural);
      }
    }
  }
}

TEST_CASE("ntt: parallel coset evaluation equals the verifier's barycentric evaluation", "[ntt][poly]") {
  std::mt19937_64 rng(57);
  const BabyBear shift = BabyBear::from_u32(BabyBear::kGenerator);
  for (unsigned log_n : {0u, 4u, 13u}) {
    for (std::size_t width : {1u, 9u}) {
      const std::size_t n = std::size_t{1} << log_n;
      const auto matrix = random_elements(rng, n * width);
      const BabyBear4 z(BabyBear::from_u32(static_cast<std::uint32_t>(rng() % BabyBear::kModulus)),
                        BabyBear::from_u32(3), BabyBear::from_u32(5), BabyBear::from_u32(7));
      for (auto order : {field::EvaluationOrder::kNatural, field::EvaluationOrder::kBitReversed}) {
        std::vector<BabyBear4> expect(width), got(width);
        field::evaluate_on_coset(matrix, width, shift, z, order, expect);
        ntt::evaluate_on_coset_batch(matrix, width, shift, z, order, got);
        REQUIRE(got == expect);
      }
      // A point of the coset returns the stored row.
      std::vector<BabyBear4> on_coset(width);
      const BabyBear x = shift * BabyBear::two_adic_generator(log_n).pow(n / 2);
      ntt::evaluate_on_coset_batch(matrix, width, shift, BabyBear4(x), field::EvaluationOrder::kNatural,
                                   on_coset);
      for (std::size_t c = 0; c < width; ++c) REQUIRE(on_coset[c] == BabyBear4(matrix[(n / 2) * width + c]));
    }
  }
}
