// FRI batched low-degree test, prover side.
#include "neo/zkvm/fri/prover.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

#include "neo/zkvm/fri/grinding.hpp"
#include "neo/zkvm/ntt/ntt.hpp"

namespace neo::zkvm::fri {
namespace {

constexpr std::size_t kGrain = 4096;

unsigned log2_of(std::size_t n) noexcept {
  unsigned log = 0;
  while ((std::size_t{1} << log) < n) ++log;
  return log;
}

// reduced[r] += sum_c weights[c] * matrix[r][c], parallel over rows.
void accumulate_reduced(const merkle::RowMajorMatrix& matrix, std::span<const BabyBear4> weights,
                        std::vector<BabyBear4>& reduced) {
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, matrix.height(), kGrain),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t row = r.begin(); row < r.end(); ++row) {
                        const auto values = matrix.row(row);
                        BabyBear4 acc = reduced[row];
                        for (std::size_t c = 0; c < values.size(); ++c) acc += weights[c] * values[c];
                        reduced[row] = acc;
                      }
                    });
}

// x^-1 for every pair of a layer of 2^log_n values (see fold_point_inverse).
std::vector<BabyBear> fold_point_inverses(unsigned log_n) {
  const std::size_t half = std::size_t{1} << (log_n - 1);
  const BabyBear omega_inverse = BabyBear::two_adic_generator(log_n).inverse();
  std::vector<BabyBear> natural(half);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, half, kGrain),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      BabyBear x = omega_inverse.pow(r.begin());
                      for (std::size_t i = r.begin(); i < r.end(); ++i) {
                        natural[i] = x;
                        x *= omega_inverse;
                      }
                    });
  std::vector<BabyBear> out(half);
  const unsigned bits = log_n - 1;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, half, kGrain),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t j = r.begin(); j < r.end(); ++j)
                        out[j] = natural[ntt::reverse_bits(j, bits)];
                    });
  return out;
}

// The layer commitment: leaf j = [v(2j), v(2j+1)] as 8 base elements.
std::unique_ptr<merkle::MerkleTree> commit_layer(const std::vector<BabyBear4>& values) {
  merkle::RowMajorMatrix matrix;
  matrix.width = 8;
  matrix.values.resize(values.size() * 4);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, values.size(), kGrain),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t i = r.begin(); i < r.end(); ++i) {
                        const auto& c = values[i].coefficients();
                        std::copy(c.begin(), c.end(), matrix.values.begin() + 4 * i);
                      }
                    });
  std::vector<merkle::RowMajorMatrix> matrices;
  matrices.push_back(std::move(matrix));
  return std::make_unique<merkle::MerkleTree>(std::move(matrices));
}

}  // namespace

CommittedBatch committed_batch(const merkle::MerkleTree& tree) {
  return CommittedBatch{tree.root(), tree.dims()};
}

std::vector<std::size_t> prove_commit_phase(const FriParams& params, const LdtShape& shape,
                                            std::vector<std::vector<BabyBear4>> reduced,
                                            challenger::Challenger& challenger, FriProof& proof) {
  // Step 3: commit and fold layer by layer.
  std::vector<std::unique_ptr<merkle::MerkleTree>> layers;
  std::vector<BabyBear4> current = std::move(reduced[shape.log_max_height]);
  unsigned log_n = shape.log_max_height;
  for (unsigned layer = 0; layer < shape.num_layers; ++layer) {
    layers.push_back(commit_layer(current));
    proof.commit_roots.push_back(layers.back()->root());
    challenger.observe(layers.back()->root());
    const BabyBear4 beta = challenger.sample_ext();
    const BabyBear4 beta_squared = beta.square();
    const std::vector<BabyBear> inverses = fold_point_inverses(log_n);
    const std::vector<BabyBear4>& roll_in = reduced[log_n - 1];
    std::vector<BabyBear4> next(current.size() / 2);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, next.size(), kGrain),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t j = r.begin(); j < r.end(); ++j) {
                          next[j] = fold_pair(current[2 * j], current[2 * j + 1], beta, inverses[j]);
                          if (!roll_in.empty()) next[j] += beta_squared * roll_in[j];
                        }
                      });
    current = std::move(next);
    --log_n;
  }

  // Step 4: interpolate the final layer (bit-reversed order on the subgroup) and send its low coefficients.
  const std::size_t final_size = current.size();
  std::vector<BabyBear> coefficients(final_size * 4);
  for (std::size_t i = 0; i < final_size; ++i) {
    const auto& c = current[ntt::reverse_bits(i, log_n)].coefficients();
    std::copy(c.begin(), c.end(), coefficients.begin() + 4 * i);
  }
  ntt::intt_batch(coefficients, 4);
  const std::size_t final_len = std::size_t{1} << params.log_final_poly_len;
  proof.final_poly.resize(final_len);
  for (std::size_t i = 0; i < final_len; ++i) {
    proof.final_poly[i] = BabyBear4(coefficients[4 * i], coefficients[4 * i + 1], coefficients[4 * i + 2],
                                    coefficients[4 * i + 3]);
    challenger.observe(proof.final_poly[i]);
  }

  // Step 5: proof of work.
  const std::optional<BabyBear> nonce = grind(challenger, params.pow_bits);
  if (!nonce) __builtin_trap();  // impossible for pow_bits <= 24 except with probability < e^-128
  proof.pow_nonce = *nonce;
  if (!challenger.check_witness(params.pow_bits, proof.pow_nonce)) __builtin_trap();

  // Step 6: query indices and the layer openings.
  std::vector<std::size_t> indices(params.num_queries);
  proof.queries.resize(params.num_queries);
  for (std::size_t q = 0; q < params.num_queries; ++q) {
    indices[q] = challenger.sample_bits(shape.log_max_height);
    std::size_t position = indices[q];
    for (const auto& layer : layers) {
      const std::size_t pair_index = position >> 1;
      const auto row = layer->matrices().front().row(pair_index);
      const std::size_t other = (position & 1) ^ 1;
      CommitPhaseStep step;
      step.sibling_value =
          BabyBear4(row[4 * other], row[4 * other + 1], row[4 * other + 2], row[4 * other + 3]);
      step.siblings = layer->open(pair_index).siblings;
      proof.queries[q].steps.push_back(std::move(step));
      position = pair_index;
    }
  }
  return indices;
}

void open_inputs(const LdtShape& shape, std::span<const merkle::MerkleTree* const> inputs,
                 std::span<const std::size_t> indices, FriProof& proof) {
  for (std::size_t q = 0; q < indices.size(); ++q) {
    for (std::size_t t = 0; t < inputs.size(); ++t) {
      proof.queries[q].input_openings.push_back(
          inputs[t]->open(indices[q] >> (shape.log_max_height - shape.input_log_max_heights[t])));
    }
  }
}

FriProof prove_ldt(const FriParams& params, std::span<const merkle::MerkleTree* const> inputs,
                   challenger::Challenger& challenger) {
  std::vector<CommittedBatch> batches;
  batches.reserve(inputs.size());
  for (const merkle::MerkleTree* tree : inputs) batches.push_back(committed_batch(*tree));
  LdtShape shape;
  if (analyze_ldt_shape(params, batches, shape) != FriError::kOk) __builtin_trap();

  // Steps 1-2: observe the inputs, draw alpha, reduce the columns of each height.
  observe_inputs(challenger, batches);
  const BabyBear4 alpha = challenger.sample_ext();
  std::vector<std::vector<BabyBear4>> reduced(shape.log_max_height + 1);
  BabyBear4 alpha_power = BabyBear4::one();
  for (const merkle::MerkleTree* tree : inputs) {
    for (const merkle::RowMajorMatrix& matrix : tree->matrices()) {
      std::vector<BabyBear4> weights(matrix.width);
      for (BabyBear4& w : weights) {
        w = alpha_power;
        alpha_power *= alpha;
      }
      std::vector<BabyBear4>& target = reduced[log2_of(matrix.height())];
      if (target.empty()) target.assign(matrix.height(), BabyBear4::zero());
      accumulate_reduced(matrix, weights, target);
    }
  }

  FriProof proof;
  const std::vector<std::size_t> indices =
      prove_commit_phase(params, shape, std::move(reduced), challenger, proof);
  open_inputs(shape, inputs, indices, proof);
  return proof;
}

}  // namespace neo::zkvm::fri
