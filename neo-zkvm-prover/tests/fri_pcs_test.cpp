// DEEP batched opening (PCS): honest openings at z and z * omega verify and carry the right values; wrong
// values, points or a committed matrix of too high degree are rejected.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <vector>

#include "neo/zkvm/challenger/challenger.hpp"
#include "neo/zkvm/field/poly.hpp"
#include "neo/zkvm/fri/pcs_prover.hpp"
#include "neo/zkvm/fri/prover.hpp"
#include "neo/zkvm/merkle/tree.hpp"
#include "neo/zkvm/ntt/ntt.hpp"

using neo::zkvm::challenger::Challenger;
using neo::zkvm::field::BabyBear;
using neo::zkvm::field::BabyBear4;
namespace field = neo::zkvm::field;
namespace fri = neo::zkvm::fri;
namespace merkle = neo::zkvm::merkle;
namespace ntt = neo::zkvm::ntt;

namespace {

using Points = std::vector<std::vector<std::vector<BabyBear4>>>;

Challenger transcript() { return Challenger("neo-zkvm pcs test", 1); }

merkle::RowMajorMatrix random_matrix(std::mt19937_64& rng, std::size_t height, std::size_t width) {
  merkle::RowMajorMatrix m;
  m.width = width;
  m.values.resize(height * width);
  for (auto& v : m.values)
    v = BabyBear::from_canonical(static_cast<std::uint32_t>(rng() % BabyBear::kModulus));
  return m;
}

struct Setup {
  std::vector<std::vector<merkle::RowMajorMatrix>> traces;  // kept for the reference values
  std::vector<merkle::MerkleTree> trees;
  std::vector<const merkle::MerkleTree*> inputs() const {
    std::vector<const merkle::MerkleTree*> out;
    for (const auto& t : trees) out.push_back(&t);
    return out;
  }
};

Setup make_setup(std::mt19937_64& rng, const fri::FriParams& params) {
  Setup s;
  s.traces = {{random_matrix(rng, 32, 3), random_matrix(rng, 8, 2)}, {random_matrix(rng, 16, 1)}};
  for (const auto& group : s.traces) s.trees.push_back(fri::commit_traces(params, group));
  return s;
}

// The AIR's pattern: z from the transcript after the commitments; each matrix opened at z and z * omega_n.
Points draw_points(const Setup& s, const fri::FriParams& params) {
  Challenger c = transcript();
  for (const auto& t : s.trees) c.observe(t.root());
  const BabyBear4 z = c.sample_ext();
  Points points(s.trees.size());
  for (std::size_t t = 0; t < s.trees.size(); ++t) {
    for (const auto& m : s.trees[t].matrices()) {
      const unsigned log_n = ntt::log2_exact(m.height()) - params.log_blowup;
      points[t].push_back({z, z * BabyBear::two_adic_generator(log_n)});
    }
  }
  return points;
}

fri::FriError verify(const fri::FriParams& params, const std::vector<fri::PcsClaim>& claims,
                     const fri::FriProof& proof) {
  Challenger c = transcript();
  return fri::verify_pcs(params, claims, proof, c);
}

}  // namespace

TEST_CASE("pcs: honest openings verify with the right values", "[fri][pcs]") {
  std::mt19937_64 rng(500);
  for (const fri::FriParams params : {fri::FriParams::insecure_for_tests(), fri::FriParams::standard()}) {
    const Setup s = make_setup(rng, params);
    const Points points = draw_points(s, params);
    Challenger prover = transcript();
    const auto inputs = s.inputs();
    const fri::PcsOpening opening = fri::open_pcs(params, inputs, points, prover);
    // Values against the interpolant of the trace (natural order on the subgroup, shift 1).
    for (std::size_t t = 0; t < s.traces.size(); ++t) {
      for (std::size_t m = 0; m < s.traces[t].size(); ++m) {
        const auto& trace = s.traces[t][m];
        for (std::size_t p = 0; p < points[t][m].size(); ++p) {
          std::vector<BabyBear4> expected(trace.width);
          field::evaluate_on_coset(trace.values, trace.width, BabyBear::one(), points[t][m][p],
                                   field::EvaluationOrder::kNatural, expected);
          CHECK(opening.values[t][m][p] == expected);
        }
      }
    }
    const auto claims = fri::pcs_claims(inputs, points, opening.values);
    CHECK(verify(params, claims, opening.proof) == fri::FriError::kOk);
    const auto decoded = fri::decode_fri_proof(fri::encode(opening.proof));
    REQUIRE(decoded);
    CHECK(verify(params, claims, *decoded) == fri::FriError::kOk);
  }
}

TEST_CASE("pcs: wrong claimed values or points are rejected", "[fri][pcs][soundness]") {
  std::mt19937_64 rng(501);
  const fri::FriParams params = fri::FriParams::insecure_for_tests();
  const Setup s = make_setup(rng, params);
  const Points points = draw_points(s, params);
  Challenger prover = transcript();
  const auto inputs = s.inputs();
  const fri::PcsOpening opening = fri::open_pcs(params, inputs, points, prover);
  const auto claims = fri::pcs_claims(inputs, points, opening.values);
  REQUIRE(verify(params, claims, opening.proof) == fri::FriError::kOk);
  for (std::size_t t = 0; t < claims.size(); ++t) {
    for (std::size_t m = 0; m < claims[t].values.size(); ++m) {
      for (std::size_t p = 0; p < claims[t].values[m].size(); ++p) {
        for (std::size_t c = 0; c < claims[t].values[m][p].size(); ++c) {
          auto bad = claims;
          bad[t].values[m][p][c] += BabyBear4::one();
          CHECK(verify(params, bad, opening.proof) != fri::FriError::kOk);
        }
        auto bad = claims;
        bad[t].points[m][p] += BabyBear4::x();
        CHECK(verify(params, bad, opening.proof) != fri::FriError::kOk);
      }
    }
  }
  auto missing = claims;
  missing[0].values[1].pop_back();
  CHECK(verify(params, missing, opening.proof) == fri::FriError::kBadClaimShape);
  auto narrow = claims;
  narrow[1].values[0][0].pop_back();
  CHECK(verify(params, narrow, opening.proof) == fri::FriError::kBadClaimShape);
}

TEST_CASE("pcs: a prover claiming values of another point is rejected", "[fri][pcs][soundness]") {
  // A cheating prover claims for z the values at z' = z + 1 and runs the protocol on that claim: the
  // quotient (f(X) - f(z')) / (X - z) is not a polynomial, so the low-degree test rejects (many seeds).
  const fri::FriParams params = fri::FriParams::insecure_for_tests();
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    std::mt19937_64 rng(600 + seed);
    const Setup s = make_setup(rng, params);
    Points points = draw_points(s, params);
    Points shifted = points;
    for (auto& per_tree : shifted) {
      for (auto& per_matrix : per_tree) per_matrix[0] += BabyBear4::one();
    }
    const auto inputs = s.inputs();
    // The values of the right polynomials, but at z + 1: claimed for z, with the whole protocol run on them.
    const fri::OpenedValues wrong = fri::evaluate_openings(inputs, shifted);
    Challenger prover = transcript();
    const fri::PcsOpening opening = fri::open_pcs_with_values(params, inputs, points, wrong, prover);
    const auto claims = fri::pcs_claims(inputs, points, opening.values);
    const fri::FriError result = verify(params, claims, opening.proof);
    INFO("seed " << seed << ": " << fri::error_name(result));
    CHECK(result != fri::FriError::kOk);
  }
}

TEST_CASE("pcs: a committed matrix that is not a low-degree extension is rejected", "[fri][pcs][soundness]") {
  const fri::FriParams params = fri::FriParams::insecure_for_tests();
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    std::mt19937_64 rng(700 + seed);
    // Random values on the LDE domain of height 64: degree up to 63 > 64 / 4.
    std::vector<merkle::RowMajorMatrix> ldes;
    ldes.push_back(random_matrix(rng, 64, 2));
    const merkle::MerkleTree tree(std::move(ldes));
    Challenger c = transcript();
    c.observe(tree.root());
    const BabyBear4 z = c.sample_ext();
    const Points points = {{{z, z * BabyBear::two_adic_generator(4)}}};
    const merkle::MerkleTree* inputs[1] = {&tree};
    Challenger prover = transcript();
    const fri::PcsOpening opening = fri::open_pcs(params, inputs, points, prover);
    const auto claims = fri::pcs_claims(inputs, points, opening.values);
    const fri::FriError result = verify(params, claims, opening.proof);
    INFO("seed " << seed << ": " << fri::error_name(result));
    CHECK(result != fri::FriError::kOk);
  }
}
