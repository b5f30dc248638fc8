// DEEP batched opening, verifier side (protocol in neo/zkvm/fri/pcs.hpp).
#include "neo/zkvm/fri/pcs.hpp"

namespace neo::zkvm::fri {
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

bool claims_match_shape(std::span<const PcsClaim> claims) noexcept {
  for (const PcsClaim& claim : claims) {
    const auto& dims = claim.batch.dims;
    if (claim.points.size() != dims.size() || claim.values.size() != dims.size()) return false;
    for (std::size_t m = 0; m < dims.size(); ++m) {
      if (claim.values[m].size() != claim.points[m].size()) return false;
      for (const auto& column_values : claim.values[m]) {
        if (column_values.size() != dims[m].width) return false;
      }
    }
  }
  return true;
}

}  // namespace

void observe_claims(challenger::Challenger& challenger, std::span<const PcsClaim> claims) noexcept {
  for (const PcsClaim& claim : claims) {
    for (std::size_t m = 0; m < claim.points.size(); ++m) {
      for (std::size_t p = 0; p < claim.points[m].size(); ++p) {
        challenger.observe(claim.points[m][p]);
        for (const BabyBear4& v : claim.values[m][p]) challenger.observe(v);
      }
    }
  }
}

FriError verify_pcs(const FriParams& params, std::span<const PcsClaim> claims, const FriProof& proof,
                    challenger::Challenger& challenger) noexcept {
  std::vector<CommittedBatch> batches;
  batches.reserve(claims.size());
  for (const PcsClaim& claim : claims) batches.push_back(claim.batch);
  LdtShape shape;
  if (const FriError e = analyze_ldt_shape(params, batches, shape); e != FriError::kOk) return e;
  if (!claims_match_shape(claims)) return FriError::kBadClaimShape;
  if (proof.commit_roots.size() != shape.num_layers) return FriError::kWrongCommitCount;

  observe_inputs(challenger, batches);
  observe_claims(challenger, claims);
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
    if (query.input_openings.size() != claims.size()) return FriError::kWrongInputOpeningCount;
    for (std::size_t h = 0; h <= shape.log_max_height; ++h) {
      reduced[h] = BabyBear4::zero();
      has_height[h] = false;
    }
    BabyBear4 alpha_power = BabyBear4::one();
    for (std::size_t t = 0; t < claims.size(); ++t) {
      const PcsClaim& claim = claims[t];
      const unsigned log_tree = shape.input_log_max_heights[t];
      const std::size_t tree_index = index >> (shape.log_max_height - log_tree);
      const merkle::BatchOpening& opening = query.input_openings[t];
      if (merkle::verify_batch(claim.batch.root, claim.batch.dims, tree_index, opening) !=
          merkle::MerkleError::kOk) {
        return FriError::kInputOpeningInvalid;
      }
      for (std::size_t m = 0; m < claim.batch.dims.size(); ++m) {
        const unsigned log_h = log2_of_power_of_two(claim.batch.dims[m].height);
        has_height[log_h] = true;
        const std::size_t row_index = tree_index >> (log_tree - log_h);
        const BabyBear x =
            kLdeShift * BabyBear::two_adic_generator(log_h).pow(reverse_bits(row_index, log_h));
        const std::vector<BabyBear>& row = opening.rows[m];
        for (std::size_t p = 0; p < claim.points[m].size(); ++p) {
          const BabyBear4 denominator = BabyBear4(x) - claim.points[m][p];
          if (denominator.is_zero()) return FriError::kPointOnDomain;
          BabyBear4 numerator = BabyBear4::zero();
          for (std::size_t c = 0; c < row.size(); ++c) {
            numerator += alpha_power * (BabyBear4(row[c]) - claim.values[m][p][c]);
            alpha_power *= alpha;
          }
          reduced[log_h] += numerator * denominator.inverse();
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
