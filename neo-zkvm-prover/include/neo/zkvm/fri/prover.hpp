// FRI batched low-degree test, prover side (protocol in neo/zkvm/fri/verifier.hpp of the verifier package).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "neo/zkvm/challenger/challenger.hpp"
#include "neo/zkvm/fri/params.hpp"
#include "neo/zkvm/fri/proof.hpp"
#include "neo/zkvm/fri/verifier.hpp"
#include "neo/zkvm/merkle/tree.hpp"

namespace neo::zkvm::fri {

// The verifier's view of a prover tree.
CommittedBatch committed_batch(const merkle::MerkleTree& tree);

// Steps 3 to 6 of the protocol from the reduced polynomials (reduced[log h]: the values of R_h in
// bit-reversed order, empty where no input has height h): fills the proof's layer roots, final polynomial,
// nonce and the folding steps of every query, and returns the query indices. Shared by the low-degree test
// and the DEEP opening (pcs.hpp).
std::vector<std::size_t> prove_commit_phase(const FriParams& params, const LdtShape& shape,
                                            std::vector<std::vector<BabyBear4>> reduced,
                                            challenger::Challenger& challenger, FriProof& proof);
// Appends to every query of `proof` the batched openings of the input trees at its index.
void open_inputs(const LdtShape& shape, std::span<const merkle::MerkleTree* const> inputs,
                 std::span<const std::size_t> indices, FriProof& proof);

// Proves that every column of every matrix of the input trees (evaluations in bit-reversed order over a
// two-adic domain, or a coset of one) has degree < height / 2^log_blowup, on the transcript `challenger`.
// The prover does not check the degrees itself: a column of too high degree yields a proof that the verifier
// rejects (the soundness tests rely on this). Parameters or input shapes that verify_ldt would reject are a
// caller bug and trap.
FriProof prove_ldt(const FriParams& params, std::span<const merkle::MerkleTree* const> inputs,
                   challenger::Challenger& challenger);

}  // namespace neo::zkvm::fri
