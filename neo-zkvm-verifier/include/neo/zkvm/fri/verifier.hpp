// FRI as a batched low-degree test (LDT), verifier side, over committed matrices of BabyBear evaluations.
//
// What is proven: every column of every committed matrix, a matrix of height h holding evaluations in
// bit-reversed order over a two-adic domain of size h, agrees with a polynomial of degree < h / 2^log_blowup
// (up to the proximity FRI guarantees). The domain may be a coset s*H of the subgroup H: the values are then
// those of g(X) = f(sX) on H, which has the same degree, so FRI itself works on H and never needs s (the
// callers choose s outside the trace domain).
//
// Protocol (prover and verifier run the same transcript on a Challenger):
//   1. observe every input root and its shape (count, then height and width of each matrix, as u32);
//   2. alpha = sample_ext(); column number c (counted over all inputs, matrices and columns in order) gets
//      weight alpha^c, and the reduced polynomial of height h is R_h = sum over columns of height h of
//      alpha^c * column;
//   3. F = R_{max height}; while F has more than 2^(log_final_poly_len + log_blowup) values: commit the layer
//      (a Merkle tree whose leaf j is the row [F(x_2j), F(x_2j+1)] of two extension elements as 8 base
//      elements; x_2j+1 = -x_2j in bit-reversed order), observe its root, beta = sample_ext(), fold
//      F'(x^2) = (F(x) + F(-x)) / 2 + beta * (F(x) - F(-x)) / (2x), and then, if inputs of the new height
//      exist, F' += beta^2 * R_height;
//   4. the final F is interpolated; its 2^log_final_poly_len coefficients are sent and observed (the
//      higher ones must vanish: that is what the verifier's final check enforces);
//   5. proof of work: Challenger::check_witness(pow_bits, nonce);
//   6. num_queries indices, each sample_bits(log2 max height); per index: batched openings of every input
//      tree (at the index shifted down to the tree's own height) and one step per layer.
// The verifier recomputes each query's reduced values from the opened rows, folds them along the layers
// (checking each layer's Merkle path) and compares the result with the final polynomial at the query point.
//
// Shape rules for the inputs: each input's shape is valid for merkle::analyze_shape and every height is at
// least 2^(log_final_poly_len + log_blowup).
//
// Portable (verifier): no exceptions, errors as values.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "neo/zkvm/challenger/challenger.hpp"
#include "neo/zkvm/fri/params.hpp"
#include "neo/zkvm/fri/proof.hpp"
#include "neo/zkvm/merkle/merkle.hpp"

namespace neo::zkvm::fri {

// A commitment the verifier knows: its root and the shape of its matrices.
struct CommittedBatch {
  merkle::Digest root;
  std::vector<merkle::MatrixDims> dims;
};

enum class FriError : std::uint8_t {
  kOk = 0,
  kBadParams,
  kBadInputShape,
  kWrongCommitCount,
  kWrongFinalPolyLength,
  kPowFailed,
  kWrongQueryCount,
  kWrongInputOpeningCount,
  kInputOpeningInvalid,
  kWrongStepCount,
  kLayerOpeningInvalid,
  kFinalPolyMismatch,
  kBadClaimShape,  // DEEP opening (pcs.hpp): points or values do not match the committed shape
  kPointOnDomain,  // DEEP opening: an opening point lies on the LDE domain
};
std::string_view error_name(FriError error) noexcept;

// Steps 1-2 and the shape facts shared with the prover.
struct LdtShape {
  unsigned log_max_height = 0;
  unsigned num_layers = 0;
  std::vector<unsigned> input_log_max_heights;  // per input
};
// Validates params and input shapes (the rules above); kOk fills `shape`.
FriError analyze_ldt_shape(const FriParams& params, std::span<const CommittedBatch> inputs,
                           LdtShape& shape) noexcept;

// Observes the inputs (step 1 of the protocol). Shared with the prover so both transcripts match.
void observe_inputs(challenger::Challenger& challenger, std::span<const CommittedBatch> inputs) noexcept;

// x^-1 for the pair {x, -x} whose even member is row `pair_index` of a layer of 2^log_n values in
// bit-reversed order: x = omega_{2^log_n}^reverse_bits(pair_index, log_n - 1).
BabyBear fold_point_inverse(unsigned log_n, std::size_t pair_index) noexcept;
// (v0 + v1)/2 + beta (v0 - v1) x^-1 / 2.
BabyBear4 fold_pair(const BabyBear4& v0, const BabyBear4& v1, const BabyBear4& beta,
                    BabyBear x_inverse) noexcept;

// The FRI core after the reduction (steps 3 to 6), shared by the low-degree test and the DEEP opening
// (pcs.hpp): the betas and the query indices the transcript gives.
struct CommitPhaseTranscript {
  std::vector<BabyBear4> betas;
  std::vector<std::size_t> query_indices;
};
// Checks the proof's lengths against params and shape, then runs steps 3 to 6 on the transcript (observing
// the layer roots and the final polynomial, checking the proof of work, drawing the indices).
FriError verify_commit_phase(const FriParams& params, const LdtShape& shape, const FriProof& proof,
                             challenger::Challenger& challenger, CommitPhaseTranscript& out) noexcept;
// Folds query q from its reduced values (reduced[log h] for every log height h with has_height[log h]) along
// the layers, checking each layer's opening, and compares with the final polynomial.
FriError verify_query_folding(const LdtShape& shape, const FriProof& proof,
                              const CommitPhaseTranscript& transcript, std::size_t q,
                              std::span<const BabyBear4> reduced,
                              const std::vector<bool>& has_height) noexcept;

// Runs the verifier on the transcript `challenger` (which must be in the same state as the prover's when it
// started the LDT).
FriError verify_ldt(const FriParams& params, std::span<const CommittedBatch> inputs, const FriProof& proof,
                    challenger::Challenger& challenger) noexcept;

}  // namespace neo::zkvm::fri
