// FRI batched low-degree test: honest proofs verify (one and several commitments, mixed heights, standard
// and test parameters); a cheating prover — a column of too high degree, tampered commitments, opened
// values, final polynomial, proof-of-work nonce, or any flipped byte of the serialized proof — is rejected.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <vector>

#include "neo/zkvm/challenger/challenger.hpp"
#include "neo/zkvm/fri/grinding.hpp"
#include "neo/zkvm/fri/prover.hpp"
#include "neo/zkvm/fri/verifier.hpp"
#include "neo/zkvm/merkle/tree.hpp"
#include "neo/zkvm/ntt/ntt.hpp"

using neo::zkvm::challenger::Challenger;
using neo::zkvm::field::BabyBear;
using neo::zkvm::field::BabyBear4;
namespace fri = neo::zkvm::fri;
namespace merkle = neo::zkvm::merkle;
namespace ntt = neo::zkvm::ntt;

namespace {

constexpr std::uint32_t kProtocolVersion = 1;
Challenger transcript() { return Challenger("neo-zkvm fri test", kProtocolVersion); }

BabyBear random_element(std::mt19937_64& rng) {
  return BabyBear::from_canonical(static_cast<std::uint32_t>(rng() % BabyBear::kModulus));
}

// A matrix of 2^log_height rows: column c holds, in bit-reversed order, the evaluations on the coset
// 31 * H of a random polynomial of degree exactly degrees[c] (its top coefficient is non-zero).
merkle::RowMajorMatrix evaluations(std::mt19937_64& rng, unsigned log_height,
                                   const std::vector<std::size_t>& degrees) {
  const std::size_t height = std::size_t{1} << log_height;
  const std::size_t width = degrees.size();
  merkle::RowMajorMatrix m;
  m.width = width;
  m.values.assign(height * width, BabyBear::zero());
  for (std::size_t c = 0; c < width; ++c) {
    REQUIRE(degrees[c] < height);
    for (std::size_t i = 0; i <= degrees[c]; ++i) m.values[i * width + c] = random_element(rng);
    if (m.values[degrees[c] * width + c].is_zero()) m.values[degrees[c] * width + c] = BabyBear::one();
  }
  ntt::coset_ntt_batch(m.values, width, BabyBear::from_canonical(BabyBear::kGenerator));
  ntt::bit_reverse_rows(m.values, width);
  return m;
}

// Every column at the largest degree the parameters allow: height / blowup - 1.
merkle::RowMajorMatrix low_degree(std::mt19937_64& rng, unsigned log_height, std::size_t width,
                                  unsigned log_blowup) {
  return evaluations(rng, log_height,
                     std::vector<std::size_t>(width, (std::size_t{1} << (log_height - log_blowup)) - 1));
}

struct Instance {
  std::vector<merkle::MerkleTree> trees;
  std::vector<fri::CommittedBatch> batches() const {
    std::vector<fri::CommittedBatch> out;
    for (const auto& t : trees) out.push_back(fri::committed_batch(t));
    return out;
  }
  fri::FriProof prove(const fri::FriParams& params) const {
    std::vector<const merkle::MerkleTree*> inputs;
    for (const auto& t : trees) inputs.push_back(&t);
    Challenger challenger = transcript();
    return fri::prove_ldt(params, inputs, challenger);
  }
};

fri::FriError verify(const fri::FriParams& params, const std::vector<fri::CommittedBatch>& batches,
                     const fri::FriProof& proof) {
  Challenger challenger = transcript();
  return fri::verify_ldt(params, batches, proof, challenger);
}

// Two commitments, mixed heights in each; the tallest has 2^log_max rows.
Instance mixed_instance(std::mt19937_64& rng, const fri::FriParams& params, unsigned log_max) {
  const unsigned b = params.log_blowup;
  Instance inst;
  std::vector<merkle::RowMajorMatrix> first;
  first.push_back(low_degree(rng, log_max, 2, b));
  first.push_back(low_degree(rng, log_max - 2, 1, b));
  first.push_back(low_degree(rng, log_max - 4, 3, b));
  first.push_back(low_degree(rng, log_max, 1, b));
  std::vector<merkle::RowMajorMatrix> second;
  second.push_back(low_degree(rng, log_max - 1, 2, b));
  second.push_back(low_degree(rng, log_max - 4, 1, b));
  inst.trees.emplace_back(std::move(first));
  inst.trees.emplace_back(std::move(second));
  return inst;
}

}  // namespace

TEST_CASE("fri: grinding finds the smallest valid nonce and the check accepts only valid ones",
          "[fri][pow]") {
  Challenger base = transcript();
  base.observe(BabyBear::from_canonical(7));
  for (const unsigned bits : {0u, 1u, 8u, 12u}) {
    const auto nonce = fri::grind(base, bits);
    REQUIRE(nonce);
    Challenger check = base;
    CHECK(check.check_witness(bits, *nonce));
    // It is the smallest: every smaller nonce fails.
    for (std::uint32_t n = 0; n < nonce->to_canonical(); ++n) {
      Challenger trial = base;
      CHECK_FALSE(trial.check_witness(bits, BabyBear::from_canonical(n)));
    }
    // Deterministic.
    CHECK(fri::grind(base, bits) == nonce);
  }
  // 16 bits, the default: found and checked; the next nonces are (almost all) rejected.
  const auto nonce = fri::grind(base, 16);
  REQUIRE(nonce);
  Challenger check = base;
  CHECK(check.check_witness(16, *nonce));
  int accepted = 0;
  for (std::uint32_t d = 1; d <= 64; ++d) {
    Challenger trial = base;
    accepted += trial.check_witness(16, *nonce + BabyBear::from_canonical(d)) ? 1 : 0;
  }
  CHECK(accepted <= 1);
  CHECK_FALSE(fri::grind(base, 28));
}

TEST_CASE("fri: honest proofs verify", "[fri]") {
  std::mt19937_64 rng(100);
  SECTION("one matrix, test parameters") {
    const fri::FriParams params = fri::FriParams::insecure_for_tests();
    Instance inst;
    std::vector<merkle::RowMajorMatrix> ms;
    ms.push_back(low_degree(rng, 8, 3, params.log_blowup));
    inst.trees.emplace_back(std::move(ms));
    const fri::FriProof proof = inst.prove(params);
    CHECK(proof.commit_roots.size() == 8 - 4);
    CHECK(proof.final_poly.size() == 4);
    CHECK(verify(params, inst.batches(), proof) == fri::FriError::kOk);
    const auto decoded = fri::decode_fri_proof(fri::encode(proof));
    REQUIRE(decoded);
    CHECK(*decoded == proof);
    CHECK(verify(params, inst.batches(), *decoded) == fri::FriError::kOk);
  }
  SECTION("two commitments with mixed heights, test parameters") {
    const fri::FriParams params = fri::FriParams::insecure_for_tests();
    const Instance inst = mixed_instance(rng, params, 9);
    CHECK(verify(params, inst.batches(), inst.prove(params)) == fri::FriError::kOk);
  }
  SECTION("standard parameters (100 queries, 16 PoW bits)") {
    const fri::FriParams params = fri::FriParams::standard();
    const Instance inst = mixed_instance(rng, params, 7);
    const fri::FriProof proof = inst.prove(params);
    CHECK(proof.queries.size() == 100);
    CHECK(proof.commit_roots.size() == 7 - 1);  // down to 2 values: a constant final polynomial, blowup 2
    CHECK(verify(params, inst.batches(), proof) == fri::FriError::kOk);
  }
  SECTION("no folding layer: the inputs are as small as the final domain") {
    const fri::FriParams params = fri::FriParams::insecure_for_tests();
    Instance inst;
    std::vector<merkle::RowMajorMatrix> ms;
    ms.push_back(low_degree(rng, 4, 2, params.log_blowup));
    inst.trees.emplace_back(std::move(ms));
    const fri::FriProof proof = inst.prove(params);
    CHECK(proof.commit_roots.empty());
    CHECK(verify(params, inst.batches(), proof) == fri::FriError::kOk);
  }
  SECTION("a final polynomial of length 1 with blowup 8") {
    const fri::FriParams params{.log_blowup = 3, .num_queries = 12, .pow_bits = 2, .log_final_poly_len = 0};
    Instance inst;
    std::vector<merkle::RowMajorMatrix> ms;
    ms.push_back(low_degree(rng, 10, 2, params.log_blowup));
    ms.push_back(low_degree(rng, 5, 2, params.log_blowup));
    inst.trees.emplace_back(std::move(ms));
    CHECK(verify(params, inst.batches(), inst.prove(params)) == fri::FriError::kOk);
  }
}

TEST_CASE("fri: a column of too high degree is rejected (many seeds)", "[fri][soundness]") {
  const fri::FriParams params = fri::FriParams::insecure_for_tests();
  const unsigned b = params.log_blowup;
  int rejected = 0;
  int runs = 0;
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    std::mt19937_64 rng(1000 + seed);
    const unsigned log_h = 7 + static_cast<unsigned>(seed % 3);
    const std::size_t bound = std::size_t{1} << (log_h - b);  // allowed degrees: < bound
    Instance inst;
    std::vector<merkle::RowMajorMatrix> ms;
    const unsigned variant = static_cast<unsigned>(seed % 4);
    if (variant == 0) {
      // The smallest violation: degree exactly the bound, in one column of several.
      ms.push_back(evaluations(rng, log_h, {bound - 1, bound, bound - 1}));
    } else if (variant == 1) {
      // Arbitrary values (degree up to height - 1).
      ms.push_back(evaluations(rng, log_h, {bound - 1, (std::size_t{1} << log_h) - 1}));
    } else if (variant == 2) {
      // The violation in a smaller, injected matrix (rolled in at a later folding layer).
      ms.push_back(low_degree(rng, log_h, 2, b));
      ms.push_back(evaluations(rng, log_h - 2, {(bound >> 2) - 1, bound >> 2}));
    } else {
      // Twice the allowed degree.
      ms.push_back(evaluations(rng, log_h, {2 * bound - 1}));
    }
    inst.trees.emplace_back(std::move(ms));
    const fri::FriError result = verify(params, inst.batches(), inst.prove(params));
    INFO("seed " << seed << ": " << fri::error_name(result));
    CHECK(result != fri::FriError::kOk);
    rejected += result != fri::FriError::kOk ? 1 : 0;
    ++runs;
  }
  CHECK(rejected == runs);
}

TEST_CASE("fri: tampered proofs and commitments are rejected", "[fri][soundness]") {
  std::mt19937_64 rng(200);
  const fri::FriParams params = fri::FriParams::insecure_for_tests();
  const Instance inst = mixed_instance(rng, params, 8);
  const auto batches = inst.batches();
  const fri::FriProof proof = inst.prove(params);
  REQUIRE(verify(params, batches, proof) == fri::FriError::kOk);
  const BabyBear one = BabyBear::one();
  const BabyBear4 ext_one = BabyBear4::one();

  SECTION("input commitment") {
    for (std::size_t t = 0; t < batches.size(); ++t) {
      auto bad = batches;
      bad[t].root[3] += one;
      CHECK(verify(params, bad, proof) != fri::FriError::kOk);
    }
  }
  SECTION("claimed input shape") {
    auto bad = batches;
    bad[0].dims[0].width += 1;
    CHECK(verify(params, bad, proof) != fri::FriError::kOk);
    bad = batches;
    std::swap(bad[0].dims[0], bad[0].dims[3]);  // widths 2 and 1 of the two tallest matrices
    CHECK(verify(params, bad, proof) != fri::FriError::kOk);
  }
  SECTION("opened input values and paths") {
    for (std::size_t q = 0; q < proof.queries.size(); q += 7) {
      for (std::size_t t = 0; t < batches.size(); ++t) {
        auto bad = proof;
        bad.queries[q].input_openings[t].rows.back().front() += one;
        CHECK(verify(params, batches, bad) == fri::FriError::kInputOpeningInvalid);
        bad = proof;
        bad.queries[q].input_openings[t].siblings.front()[0] += one;
        CHECK(verify(params, batches, bad) == fri::FriError::kInputOpeningInvalid);
      }
    }
  }
  SECTION("layer commitments, sibling values and layer paths") {
    for (std::size_t layer = 0; layer < proof.commit_roots.size(); ++layer) {
      auto bad = proof;
      bad.commit_roots[layer][0] += one;
      CHECK(verify(params, batches, bad) != fri::FriError::kOk);
      bad = proof;
      bad.queries[1].steps[layer].sibling_value += ext_one;
      CHECK(verify(params, batches, bad) == fri::FriError::kLayerOpeningInvalid);
      bad = proof;
      bad.queries[2].steps[layer].siblings.back()[7] += one;
      CHECK(verify(params, batches, bad) == fri::FriError::kLayerOpeningInvalid);
    }
  }
  SECTION("final polynomial") {
    for (std::size_t i = 0; i < proof.final_poly.size(); ++i) {
      auto bad = proof;
      bad.final_poly[i] += ext_one;
      CHECK(verify(params, batches, bad) != fri::FriError::kOk);
    }
    auto longer = proof;
    longer.final_poly.push_back(BabyBear4::zero());
    CHECK(verify(params, batches, longer) == fri::FriError::kWrongFinalPolyLength);
  }
  SECTION("proof-of-work nonce") {
    int rejected = 0;
    for (std::uint32_t d = 1; d <= 32; ++d) {
      auto bad = proof;
      bad.pow_nonce += BabyBear::from_canonical(d);
      rejected += verify(params, batches, bad) != fri::FriError::kOk ? 1 : 0;
    }
    CHECK(rejected == 32);
    // A nonce that fails the PoW check is reported as such.
    for (std::uint32_t d = 1;; ++d) {
      auto bad = proof;
      bad.pow_nonce += BabyBear::from_canonical(d);
      const fri::FriError e = verify(params, batches, bad);
      if (e == fri::FriError::kPowFailed) break;
      REQUIRE(d < 1000);
    }
  }
  SECTION("structure: queries, steps, openings") {
    auto bad = proof;
    bad.queries.pop_back();
    CHECK(verify(params, batches, bad) == fri::FriError::kWrongQueryCount);
    bad = proof;
    bad.queries[0].steps.pop_back();
    CHECK(verify(params, batches, bad) == fri::FriError::kWrongStepCount);
    bad = proof;
    bad.queries[0].input_openings.pop_back();
    CHECK(verify(params, batches, bad) == fri::FriError::kWrongInputOpeningCount);
    // Two queries swapped: each answers the other's index.
    bad = proof;
    std::swap(bad.queries[0], bad.queries[1]);
    CHECK(verify(params, batches, bad) != fri::FriError::kOk);
  }
  SECTION("another transcript") {
    Challenger other("neo-zkvm fri test", kProtocolVersion + 1);
    CHECK(fri::verify_ldt(params, batches, proof, other) != fri::FriError::kOk);
    fri::FriParams more_queries = params;
    more_queries.num_queries += 1;
    CHECK(verify(more_queries, batches, proof) == fri::FriError::kWrongQueryCount);
  }
}

TEST_CASE("fri: every flipped byte of a serialized proof is rejected", "[fri][soundness]") {
  std::mt19937_64 rng(300);
  const fri::FriParams params{.log_blowup = 2, .num_queries = 4, .pow_bits = 2, .log_final_poly_len = 1};
  Instance inst;
  std::vector<merkle::RowMajorMatrix> ms;
  ms.push_back(low_degree(rng, 6, 2, params.log_blowup));
  ms.push_back(low_degree(rng, 4, 1, params.log_blowup));
  inst.trees.emplace_back(std::move(ms));
  const auto batches = inst.batches();
  const std::vector<std::uint8_t> bytes = fri::encode(inst.prove(params));
  {
    const auto decoded = fri::decode_fri_proof(bytes);
    REQUIRE(decoded);
    REQUIRE(verify(params, batches, *decoded) == fri::FriError::kOk);
  }
  std::size_t accepted = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    for (const std::uint8_t mask : {std::uint8_t{0x01}, std::uint8_t{0x80}}) {
      auto bad = bytes;
      bad[i] ^= mask;
      const auto decoded = fri::decode_fri_proof(bad);
      if (decoded && verify(params, batches, *decoded) == fri::FriError::kOk) {
        ++accepted;
        UNSCOPED_INFO("accepted flip at byte " << i << " mask " << int{mask});
      }
    }
  }
  INFO("proof of " << bytes.size() << " bytes");
  CHECK(accepted == 0);
}
