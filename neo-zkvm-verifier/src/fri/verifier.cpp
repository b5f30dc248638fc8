// FRI low-degree test, verifier side (protocol in neo/zkvm/fri/verifier.hpp).
#include "neo/zkvm/fri/verifier.hpp"

#include <optional>

#include "neo/zkvm/field/poly.hpp"

namespace neo::zkvm::fri {

std::string_view error_name(FriError error) noexcept {
  switch (error) {
    case FriError::kOk:
      return "ok";
    case FriError::kBadParams:
      return "invalid FRI parameters";
    case FriError::kBadInputShape:
      return "invalid input shape";
    case FriError::kWrongCommitCount:
      return "wrong number of layer commitments";
    case FriError::kWrongFinalPolyLength:
      return "wrong final polynomial length";
    case FriError::kPowFailed:
      return "proof of work failed";
    case FriError::kWrongQueryCount:
      return "wrong number of queries";
    case FriError::kWrongInputOpeningCount:
      return "wrong number of input openings";
    case FriError::kInputOpeningInvalid:
      return "input opening does not verify";
    case FriError::kWrongStepCount:
      return "wrong number of folding steps";
    case FriError::kLayerOpeningInvalid:
      return "layer opening does not verify";
    case FriError::kFinalPolyMismatch:
      return "folded value differs from the final polynomial";
    case FriError::kBadClaimShape:
      return "opening claims do not match the committed shape";
    case FriError::kPointOnDomain:
      return "opening point lies on the evaluation domain";
  }
  return "unknown";
}

namespace {
unsigned log2_of_power_of_two(std::uint32_t n) noexcept {
  unsigned log = 0;
  while ((std::uint32_t{1} << log) < n) ++log;
  return log;
}

std::size_t reverse_bits(std::size_t index, unsigned bits) noexcept {
  std::size_t out = 0;
  for (unsigned b = 0; b < bits; ++b) out |= ((index >> b) & 1u) << (bits - 1 - b);
  return out;
}
}  // namespace

FriError analyze_ldt_shape(const FriParams& params, std::span<const CommittedBatch> inputs,
                           LdtShape& shape) noexcept {
  if (!params_valid(params)) return FriError::kBadParams;
  if (inputs.empty()) return FriError::kBadInputShape;
  const unsigned log_min = params.log_final_poly_len + params.log_blowup;
  shape = LdtShape{};
  shape.input_log_max_heights.reserve(inputs.size());
  for (const CommittedBatch& input : inputs) {
    const std::optional<merkle::Shape> tree = merkle::analyze_shape(input.dims);
    if (!tree) return FriError::kBadInputShape;
    for (const merkle::MatrixDims& d : input.dims) {
      if (log2_of_power_of_two(d.height) < log_min) return FriError::kBadInputShape;
    }
    shape.input_log_max_heights.push_back(tree->log_max_height);
    if (tree->log_max_height > shape.log_max_height) shape.log_max_height = tree->log_max_height;
  }
  shape.num_layers = shape.log_max_height - log_min;
  return FriError::kOk;
}

void observe_inputs(challenger::Challenger& challenger, std::span<const CommittedBatch> inputs) noexcept {
  for (const CommittedBatch& input : inputs) {
    challenger.observe(input.root);
    challenger.observe_u32(static_cast<std::uint32_t>(input.dims.size()));
    for (const merkle::MatrixDims& d : input.dims) {
      challenger.observe_u32(d.height);
      challenger.observe_u32(d.width);
    }
  }
}

BabyBear fold_point_inverse(unsigned log_n, std::size_t pair_index) noexcept {
  const BabyBear omega_inverse = BabyBear::two_adic_generator(log_n).inverse();
  return omega_inverse.pow(reverse_bits(pair_index, log_n - 1));
}

BabyBear4 fold_pair(const BabyBear4& v0, const BabyBear4& v1, const BabyBear4& beta,
                    BabyBear x_inverse) noexcept {
  constexpr BabyBear kHalf = BabyBear::from_canonical((BabyBear::kModulus + 1) / 2);
  return ((v0 + v1) + beta * ((v0 - v1) * x_inverse)) * kHalf;
}

FriError verify_commit_phase(const FriParams& params, const LdtShape& shape, const FriProof& proof,
                             challenger::Challenger& challenger, CommitPhaseTranscript& out) noexcept {
  if (proof.commit_roots.size() != shape.num_layers) return FriError::kWrongCommitCount;
  if (proof.final_poly.size() != (std::size_t{1} << params.log_final_poly_len)) {
    return FriError::kWrongFinalPolyLength;
  }
  if (proof.queries.size() != params.num_queries) return FriError::kWrongQueryCount;
  out.betas.clear();
  out.betas.reserve(shape.num_layers);
  for (const Digest& root : proof.commit_roots) {
    challenger.observe(root);
    out.betas.push_back(challenger.sample_ext());
  }
  for (const BabyBear4& c : proof.final_poly) challenger.observe(c);
  if (!challenger.check_witness(params.pow_bits, proof.pow_nonce)) return FriError::kPowFailed;
  out.query_indices.clear();
  out.query_indices.reserve(params.num_queries);
  for (std::size_t q = 0; q < params.num_queries; ++q) {
    out.query_indices.push_back(challenger.sample_bits(shape.log_max_height));
  }
  return FriError::kOk;
}

FriError verify_query_folding(const LdtShape& shape, const FriProof& proof,
                              const CommitPhaseTranscript& transcript, std::size_t q,
                              std::span<const BabyBear4> reduced,
                              const std::vector<bool>& has_height) noexcept {
  const QueryProof& query = proof.queries[q];
  if (query.steps.size() != shape.num_layers) return FriError::kWrongStepCount;
  BabyBear4 folded = reduced[shape.log_max_height];
  std::size_t position = transcript.query_indices[q];
  unsigned log_n = shape.log_max_height;
  merkle::BatchOpening layer_opening;
  layer_opening.rows.resize(1);
  for (unsigned layer = 0; layer < shape.num_layers; ++layer) {
    const CommitPhaseStep& step = query.steps[layer];
    const std::size_t pair_index = position >> 1;
    const bool odd = (position & 1) != 0;
    const BabyBear4 v0 = odd ? step.sibling_value : folded;
    const BabyBear4 v1 = odd ? folded : step.sibling_value;
    std::vector<BabyBear>& row = layer_opening.rows[0];
    row.clear();
    for (const BabyBear c : v0.coefficients()) row.push_back(c);
    for (const BabyBear c : v1.coefficients()) row.push_back(c);
    layer_opening.siblings = step.siblings;
    const merkle::MatrixDims layer_dims[1] = {{static_cast<std::uint32_t>(std::size_t{1} << (log_n - 1)), 8}};
    if (merkle::verify_batch(proof.commit_roots[layer], layer_dims, pair_index, layer_opening) !=
        merkle::MerkleError::kOk) {
      return FriError::kLayerOpeningInvalid;
    }
    const BabyBear4& beta = transcript.betas[layer];
    folded = fold_pair(v0, v1, beta, fold_point_inverse(log_n, pair_index));
    position = pair_index;
    --log_n;
    if (has_height[log_n]) folded += beta.square() * reduced[log_n];
  }
  // log_n is now log_final_poly_len + log_blowup: the query's point of the final domain, bit-reversed order.
  const BabyBear x = BabyBear::two_adic_generator(log_n).pow(reverse_bits(position, log_n));
  if (field::evaluate_coefficients(std::span<const BabyBear4>(proof.final_poly), BabyBear4(x)) != folded) {
    return FriError::kFinalPolyMismatch;
  }
  return FriError::kOk;
}

FriError verify_ldt(const FriParams& params, std::span<const CommittedBatch> inputs, const FriProof& proof,
                    challenger::Challenger& challenger) noexcept {
  LdtShape shape;
  if (const FriError e = analyze_ldt_shape(params, inputs, shape); e != FriError::kOk) return e;
  // Lengths first, so that nothing is observed for a malformed proof.
  if (proof.commit_roots.size() != shape.num_layers) return FriError::kWrongCommitCount;
  observe_inputs(challenger, inputs);
  const BabyBear4 alpha = challenger.sample_ext();
  CommitPhaseTranscript transcript;
  if (const FriError e = verify_commit_phase(params, shape, proof, challenger, transcript);
      e != FriError::kOk) {
    return e;
  }

  std::vector<BabyBear4> reduced(shape.log_max_height + 1);
  std::vector<bool> has_height(shape.log_max_height + 1);
  for (std::size_t q = 0; q < proof.queries.size(); ++q) {
    const QueryProof& query = proof.queries[q];
    const std::size_t index = transcript.query_indices[q];
    if (query.input_openings.size() != inputs.size()) return FriError::kWrongInputOpeningCount;
    for (std::size_t h = 0; h <= shape.log_max_height; ++h) {
      reduced[h] = BabyBear4::zero();
      has_height[h] = false;
    }
    // Reduced values per height from the opened rows (verify_batch has checked every row's width).
    BabyBear4 alpha_power = BabyBear4::one();
    for (std::size_t t = 0; t < inputs.size(); ++t) {
      const std::size_t tree_index = index >> (shape.log_max_height - shape.input_log_max_heights[t]);
      const merkle::BatchOpening& opening = query.input_openings[t];
      if (merkle::verify_batch(inputs[t].root, inputs[t].dims, tree_index, opening) !=
          merkle::MerkleError::kOk) {
        return FriError::kInputOpeningInvalid;
      }
      for (std::size_t m = 0; m < inputs[t].dims.size(); ++m) {
        const unsigned log_h = log2_of_power_of_two(inputs[t].dims[m].height);
        has_height[log_h] = true;
        for (const BabyBear v : opening.rows[m]) {
          reduced[log_h] += alpha_power * v;
          alpha_power *= alpha;
        }
      }
    }
    if (const FriError e = verify_query_folding(shape, proof, transcript, q, reduced, has_height);
        e != FriError::kOk) {
      return e;
    }
  }
  return FriError::kOk;
}

}  // namespace neo::zkvm::fri
