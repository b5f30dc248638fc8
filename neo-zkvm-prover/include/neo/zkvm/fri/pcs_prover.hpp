// DEEP batched opening, prover side (protocol in neo/zkvm/fri/pcs.hpp of the verifier package, included
// here): commits trace matrices through their low-degree extensions and opens them at out-of-domain points
// with one FRI proof.
#pragma once

#include <span>
#include <vector>

#include "neo/zkvm/challenger/challenger.hpp"
#include "neo/zkvm/fri/params.hpp"
#include "neo/zkvm/fri/pcs.hpp"
#include "neo/zkvm/fri/proof.hpp"
#include "neo/zkvm/merkle/tree.hpp"

namespace neo::zkvm::fri {

// Commits trace matrices (each: row i holds the columns' values at omega_n^i, natural order, n a power of
// two) through their LDEs on kLdeShift * K, |K| = n * 2^log_blowup, in bit-reversed order.
merkle::MerkleTree commit_traces(const FriParams& params, std::vector<merkle::RowMajorMatrix> traces);

// values[t][m][p][c]: column c of matrix m of input t at points[t][m][p].
using OpenedValues = std::vector<std::vector<std::vector<std::vector<BabyBear4>>>>;

struct PcsOpening {
  OpenedValues values;
  FriProof proof;
};

// Opens the committed LDE matrices of `inputs` at points[t][m] (a list of points per matrix, possibly empty;
// points must lie outside the LDE domain — a caller draws them from the transcript), on the transcript
// `challenger`. The claimed values are computed here (barycentric evaluation on the LDE).
PcsOpening open_pcs(const FriParams& params, std::span<const merkle::MerkleTree* const> inputs,
                    const std::vector<std::vector<std::vector<BabyBear4>>>& points,
                    challenger::Challenger& challenger);

// The claimed values an honest prover sends: each column's interpolant at each point (barycentric
// evaluation on the LDE).
OpenedValues evaluate_openings(std::span<const merkle::MerkleTree* const> inputs,
                               const std::vector<std::vector<std::vector<BabyBear4>>>& points);

// evaluate_openings for trees built by commit_traces (or holding such LDEs): every column is the LDE, with
// blowup 2^params.log_blowup, of a polynomial of degree < height / 2^log_blowup, so its interpolant is
// evaluated from the first height / 2^log_blowup rows of the bit-reversed LDE alone (the coset kLdeShift * H
// of the trace domain): the same values as evaluate_openings at 1 / 2^log_blowup of the work.
OpenedValues evaluate_trace_openings(const FriParams& params, std::span<const merkle::MerkleTree* const> inputs,
                                     const std::vector<std::vector<std::vector<BabyBear4>>>& points);

// open_pcs with the claimed values given instead of computed: the hook through which soundness tests make
// the prover lie about values (the verifier must then reject). Values whose shape does not match traps.
PcsOpening open_pcs_with_values(const FriParams& params, std::span<const merkle::MerkleTree* const> inputs,
                                const std::vector<std::vector<std::vector<BabyBear4>>>& points,
                                OpenedValues values, challenger::Challenger& challenger);

// The verifier's claims for an opening (what the AIR verifier rebuilds from its proof).
std::vector<PcsClaim> pcs_claims(std::span<const merkle::MerkleTree* const> inputs,
                                 const std::vector<std::vector<std::vector<BabyBear4>>>& points,
                                 const OpenedValues& values);

}  // namespace neo::zkvm::fri
