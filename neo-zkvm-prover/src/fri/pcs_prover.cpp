// DEEP batched opening, prover side.
#include "neo/zkvm/fri/pcs_prover.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <map>

#include "neo/zkvm/fri/prover.hpp"
#include "neo/zkvm/ntt/ntt.hpp"

#include "../air/lazy_accumulate.hpp"

namespace neo::zkvm::fri {
namespace {

constexpr std::size_t kGrain = 4096;

// The LDE points kLdeShift * omega_h^reverse_bits(r, log h), r = 0..h-1.
std::vector<BabyBear> lde_points(unsigned log_h) {
  const std::size_t h = std::size_t{1} << log_h;
  const BabyBear omega = BabyBear::two_adic_generator(log_h);
  std::vector<BabyBear> natural(h);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, h, kGrain),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      BabyBear x = kLdeShift * omega.pow(r.begin());
                      for (std::size_t i = r.begin(); i < r.end(); ++i) {
                        natural[i] = x;
                        x *= omega;
                      }
                    });
  std::vector<BabyBear> out(h);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, h, kGrain),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t i = r.begin(); i < r.end(); ++i)
                        out[i] = natural[ntt::reverse_bits(i, log_h)];
                    });
  return out;
}

}  // namespace

merkle::MerkleTree commit_traces(const FriParams& params, std::vector<merkle::RowMajorMatrix> traces) {
  std::vector<merkle::RowMajorMatrix> ldes(traces.size());
  for (std::size_t i = 0; i < traces.size(); ++i) {
    ldes[i].width = traces[i].width;
    ldes[i].values = ntt::coset_lde_batch(traces[i].values, traces[i].width, params.log_blowup, kLdeShift,
                                          ntt::EvaluationOrder::kBitReversed);
    traces[i].values = {};  // release the trace as soon as its LDE exists
  }
  return merkle::MerkleTree(std::move(ldes));
}

std::vector<PcsClaim> pcs_claims(std::span<const merkle::MerkleTree* const> inputs,
                                 const std::vector<std::vector<std::vector<BabyBear4>>>& points,
                                 const OpenedValues& values) {
  std::vector<PcsClaim> claims;
  for (std::size_t t = 0; t < inputs.size(); ++t) {
    claims.push_back(PcsClaim{committed_batch(*inputs[t]), points[t], values[t]});
  }
  return claims;
}

namespace {

// The claimed values, each interpolant evaluated from the first height >> log_blowup rows of its matrix.
OpenedValues evaluate_from_prefix(std::span<const merkle::MerkleTree* const> inputs,
                                  const std::vector<std::vector<std::vector<BabyBear4>>>& points,
                                  unsigned log_blowup) {
  if (points.size() != inputs.size()) __builtin_trap();
  OpenedValues values(inputs.size());
  for (std::size_t t = 0; t < inputs.size(); ++t) {
    const auto& matrices = inputs[t]->matrices();
    if (points[t].size() != matrices.size()) __builtin_trap();
    values[t].resize(matrices.size());
    for (std::size_t m = 0; m < matrices.size(); ++m) {
      const std::size_t rows = matrices[m].height() >> log_blowup;
      if (rows == 0) __builtin_trap();
      const std::span<const BabyBear> prefix(matrices[m].values.data(), rows * matrices[m].width);
      for (const BabyBear4& z : points[t][m]) {
        std::vector<BabyBear4> column_values(matrices[m].width);
        ntt::evaluate_on_coset_batch(prefix, matrices[m].width, kLdeShift, z, ntt::EvaluationOrder::kBitReversed,
                                     column_values);
        values[t][m].push_back(std::move(column_values));
      }
    }
  }
  return values;
}

}  // namespace

OpenedValues evaluate_trace_openings(const FriParams& params, std::span<const merkle::MerkleTree* const> inputs,
                                     const std::vector<std::vector<std::vector<BabyBear4>>>& points) {
  return evaluate_from_prefix(inputs, points, params.log_blowup);
}

OpenedValues evaluate_openings(std::span<const merkle::MerkleTree* const> inputs,
                               const std::vector<std::vector<std::vector<BabyBear4>>>& points) {
  return evaluate_from_prefix(inputs, points, 0);
}

PcsOpening open_pcs(const FriParams& params, std::span<const merkle::MerkleTree* const> inputs,
                    const std::vector<std::vector<std::vector<BabyBear4>>>& points,
                    challenger::Challenger& challenger) {
  return open_pcs_with_values(params, inputs, points, evaluate_openings(inputs, points), challenger);
}

PcsOpening open_pcs_with_values(const FriParams& params, std::span<const merkle::MerkleTree* const> inputs,
                                const std::vector<std::vector<std::vector<BabyBear4>>>& points,
                                OpenedValues values, challenger::Challenger& challenger) {
  if (points.size() != inputs.size() || values.size() != inputs.size()) __builtin_trap();
  for (std::size_t t = 0; t < inputs.size(); ++t) {
    const auto& matrices = inputs[t]->matrices();
    if (points[t].size() != matrices.size() || values[t].size() != matrices.size()) __builtin_trap();
    for (std::size_t m = 0; m < matrices.size(); ++m) {
      if (values[t][m].size() != points[t][m].size()) __builtin_trap();
      for (const auto& column_values : values[t][m]) {
        if (column_values.size() != matrices[m].width) __builtin_trap();
      }
    }
  }
  PcsOpening opening;
  opening.values = std::move(values);
  const std::vector<PcsClaim> claims = pcs_claims(inputs, points, opening.values);
  std::vector<CommittedBatch> batches;
  for (const PcsClaim& claim : claims) batches.push_back(claim.batch);
  LdtShape shape;
  if (analyze_ldt_shape(params, batches, shape) != FriError::kOk) __builtin_trap();

  observe_inputs(challenger, batches);
  observe_claims(challenger, claims);
  const BabyBear4 alpha = challenger.sample_ext();

  // R_h(x) = sum over (matrix, point) of alpha^k_{m,p} * (D_m(x) - V_{m,p}) / (x - z), where
  // D_m(x) = sum_c alpha^c M[x][c] and V_{m,p} = sum_c alpha^c v_{m,p,c}: the terms' weights alpha^(k + c).
  std::vector<std::vector<BabyBear4>> reduced(shape.log_max_height + 1);
  // The terms sharing a height and a point share their denominator x - z: per such group, the numerators
  // sum_{m,p} alpha^k_{m,p} * (D_m(x) - V_{m,p}) are summed first (as sum alpha^k D_m(x) minus the constant
  // sum alpha^k V_{m,p}), then divided once, with one batch inversion per group rather than per term.
  struct Group {
    unsigned log_h;
    BabyBear4 z;
    std::vector<BabyBear4> numerator;  // sum of alpha^k D_m(x) per row
    BabyBear4 constant;                // sum of alpha^k V_{m,p}
  };
  std::vector<Group> groups;
  BabyBear4 alpha_power = BabyBear4::one();
  for (std::size_t t = 0; t < inputs.size(); ++t) {
    const auto& matrices = inputs[t]->matrices();
    for (std::size_t m = 0; m < matrices.size(); ++m) {
      const merkle::RowMajorMatrix& matrix = matrices[m];
      if (points[t][m].empty()) continue;
      const std::size_t h = matrix.height();
      const unsigned log_h = ntt::log2_exact(h);

      std::vector<BabyBear4> column_weights(matrix.width);
      BabyBear4 w = BabyBear4::one();
      for (BabyBear4& cw : column_weights) {
        cw = w;
        w *= alpha;
      }
      const BabyBear4 alpha_width = w;  // alpha^width: the weight step from one point to the next
      // D_m on every row: a dot product with one reduction per coefficient (lazy_accumulate.hpp).
      const air::detail::RowWeights row_weights(column_weights);
      std::vector<BabyBear4> combined(h);
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, h, kGrain),
                        [&](const tbb::blocked_range<std::size_t>& r) {
                          for (std::size_t i = r.begin(); i < r.end(); ++i)
                            combined[i] = row_weights.dot(matrix.values.data() + i * matrix.width);
                        });

      for (std::size_t p = 0; p < points[t][m].size(); ++p) {
        const BabyBear4 z = points[t][m][p];
        BabyBear4 claimed;
        for (std::size_t c = 0; c < matrix.width; ++c)
          claimed += column_weights[c] * opening.values[t][m][p][c];
        const BabyBear4 weight = alpha_power;
        auto group = std::find_if(groups.begin(), groups.end(),
                                  [&](const Group& g) { return g.log_h == log_h && g.z == z; });
        if (group == groups.end()) {
          groups.push_back(Group{log_h, z, std::vector<BabyBear4>(h), BabyBear4::zero()});
          group = groups.end() - 1;
        }
        group->constant += weight * claimed;
        std::vector<BabyBear4>& numerator = group->numerator;
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, h, kGrain),
                          [&](const tbb::blocked_range<std::size_t>& r) {
                            for (std::size_t i = r.begin(); i < r.end(); ++i) numerator[i] += weight * combined[i];
                          });
        alpha_power *= alpha_width;
      }
    }
  }
  std::map<unsigned, std::vector<BabyBear>> points_by_height;
  for (Group& group : groups) {
    const std::size_t h = std::size_t{1} << group.log_h;
    auto [it, inserted] = points_by_height.try_emplace(group.log_h);
    if (inserted) it->second = lde_points(group.log_h);
    const std::vector<BabyBear>& xs = it->second;
    std::vector<BabyBear4>& target = reduced[group.log_h];
    if (target.empty()) target.assign(h, BabyBear4::zero());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, h, kGrain), [&](const tbb::blocked_range<std::size_t>& r) {
      std::vector<BabyBear4> denominators(r.size());
      std::vector<BabyBear4> inverses(r.size());
      for (std::size_t i = r.begin(); i < r.end(); ++i) denominators[i - r.begin()] = BabyBear4(xs[i]) - group.z;
      field::batch_inverse(std::span<const BabyBear4>(denominators), std::span<BabyBear4>(inverses));
      for (std::size_t i = r.begin(); i < r.end(); ++i)
        target[i] += (group.numerator[i] - group.constant) * inverses[i - r.begin()];
    });
    group.numerator = {};
  }
  // Heights with no opened matrix still take part (their R_h is absent); the FRI core needs the tallest one.
  if (reduced[shape.log_max_height].empty())
    reduced[shape.log_max_height].assign(std::size_t{1} << shape.log_max_height, BabyBear4::zero());

  const std::vector<std::size_t> indices =
      prove_commit_phase(params, shape, std::move(reduced), challenger, opening.proof);
  open_inputs(shape, inputs, indices, opening.proof);
  return opening;
}

}  // namespace neo::zkvm::fri
