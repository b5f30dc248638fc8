// DEEP batched opening: the polynomial commitment scheme (PCS) the AIR prover uses, on top of the FRI core.
//
// A commitment holds matrices of low-degree extensions: a trace column of n values (natural order on the
// subgroup H_n) is the polynomial f of degree < n; its LDE is f on the coset kLdeShift * K, |K| = n *
// 2^log_blowup, in bit-reversed row order (neo/zkvm/fri/pcs_prover.hpp of the prover builds it). To open the
// matrices at out-of-domain points (typically z and z * omega_n), the prover sends the claimed values f_c(z)
// and proves with FRI that every DEEP quotient (f_c(X) - f_c(z)) / (X - z) is a polynomial of degree < n,
// which holds iff the claimed values are right (the quotient has a pole otherwise).
//
// Transcript: observe every input (root and shape, as in the low-degree test); for every input, matrix and
// point, in order: observe the point, then the claimed values of all columns; alpha = sample_ext(); term k
// (counted over inputs, matrices, points and columns in order) gets weight alpha^k, and
//   R_h(x) = sum over the terms of matrices of LDE height h of alpha^k (f_c(x) - f_c(z)) / (x - z)
// at the LDE points x = kLdeShift * omega_h^reverse_bits(row, log h); then steps 3 to 6 of the FRI core
// (verifier.hpp) on these R_h. A point on the LDE domain (x = z at a queried row) is rejected.
//
// Portable (verifier): no exceptions, errors as values.
#pragma once

#include <span>
#include <vector>

#include "neo/zkvm/challenger/challenger.hpp"
#include "neo/zkvm/fri/params.hpp"
#include "neo/zkvm/fri/proof.hpp"
#include "neo/zkvm/fri/verifier.hpp"

namespace neo::zkvm::fri {

// The coset shift of every LDE: the field generator, outside every two-adic subgroup, so the LDE domain is
// disjoint from every trace domain.
inline constexpr BabyBear kLdeShift = BabyBear::from_u32(BabyBear::kGenerator);

// What the verifier checks for one commitment: its root and LDE shape, the points each matrix is opened at
// (points[m]) and the claimed values (values[m][p][c] = column c of matrix m at points[m][p]).
struct PcsClaim {
  CommittedBatch batch;
  std::vector<std::vector<BabyBear4>> points;
  std::vector<std::vector<std::vector<BabyBear4>>> values;
};

// Observes the claimed points and values (the second step of the transcript above).
void observe_claims(challenger::Challenger& challenger, std::span<const PcsClaim> claims) noexcept;

// Verifies the DEEP opening proof `proof` of `claims`. Claims whose points or values do not match the shape
// are rejected with kBadClaimShape, a point on the LDE domain with kPointOnDomain.
FriError verify_pcs(const FriParams& params, std::span<const PcsClaim> claims, const FriProof& proof,
                    challenger::Challenger& challenger) noexcept;

}  // namespace neo::zkvm::fri
