// The multi-table STARK prover (protocol in docs/stark.md; verifier in neo/zkvm/stark/verifier.hpp).
//
// setup() builds the proving key of a chip set: the chips' constraint systems, the commitment to their
// preprocessed tables and the verifying key. prove() proves one or more shards (instances of the chip set,
// each with its own main traces and public values) in phases:
//   1. every shard's main traces are committed and observed (with their heights and public values);
//   2. the LogUp challenges alpha, beta are drawn once, for all shards;
//   3. per shard, on its own fork of the transcript: permutation traces (running sums), the constraint
//      challenge, the quotient, the out-of-domain point zeta and one DEEP/FRI opening of all its matrices.
// The cumulative sums of all chips of all shards must add up to zero.
//
// Debug checks (on by default in builds without NDEBUG): every constraint on every row and the bus balance
// over all shards are checked on the traces before anything is committed, and a failure is reported with
// the chip, constraint and row. Tests switch them off and use ProverHooks to play a cheating prover, so that
// the verifier is what must reject.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "neo/zkvm/air/builder.hpp"
#include "neo/zkvm/fri/params.hpp"
#include "neo/zkvm/merkle/tree.hpp"
#include "neo/zkvm/stark/proof.hpp"
#include "neo/zkvm/stark/vkey.hpp"

namespace neo::zkvm::stark {

#ifdef NDEBUG
inline constexpr bool kDebugChecksByDefault = false;
#else
inline constexpr bool kDebugChecksByDefault = true;
#endif

struct ProvingKey {
  VerifyingKey vkey;
  std::vector<air::ConstraintSystem> systems;
  // Per chip: its preprocessed table (width 0 when it has none), natural row order.
  std::vector<merkle::RowMajorMatrix> preprocessed;
  // The tree of the preprocessed LDEs (chips with a table, in order); absent when none has one.
  std::optional<merkle::MerkleTree> preprocessed_tree;
};

struct SetupResult {
  std::optional<ProvingKey> key;
  std::string error;
};

// preprocessed[c]: chip c's preprocessed table (width = its preprocessed width, height a power of two), or
// an empty matrix when the chip has none.
SetupResult setup(const fri::FriParams& params, std::vector<air::ConstraintSystem> systems,
                  std::vector<merkle::RowMajorMatrix> preprocessed);

struct ShardInput {
  std::vector<merkle::RowMajorMatrix> main;  // per chip, natural row order, power-of-two height
  std::vector<std::vector<field::BabyBear>> public_values;  // per chip
};

// Cheating-prover hooks for soundness tests (each optional). Called with (shard, chip, ...).
struct ProverHooks {
  // Edits a main trace after generation, before the debug checks and the commitment.
  std::function<void(std::size_t, std::size_t, merkle::RowMajorMatrix&)> edit_main;
  // Replaces public values before anything uses them (the traces were generated for the true ones).
  std::function<void(std::size_t, std::size_t, std::vector<field::BabyBear>&)> forge_public_values;
  // Edits a permutation trace (base columns, 4 per extension column) before its commitment.
  std::function<void(std::size_t, std::size_t, merkle::RowMajorMatrix&)> edit_permutation;
  // Replaces the cumulative sum sent in the proof (the permutation trace keeps the true running sum).
  std::function<void(std::size_t, std::size_t, field::BabyBear4&)> forge_cumulative_sum;
};

struct ProverOptions {
  bool debug_checks = kDebugChecksByDefault;
  const ProverHooks* hooks = nullptr;
};

struct ProveResult {
  std::optional<StarkProof> proof;
  std::string error;  // input shape errors and debug-check failures
};

ProveResult prove(const ProvingKey& key, std::vector<ShardInput> shards, const ProverOptions& options = {});

// The debug checks on their own (no commitment): every constraint of every row of every shard, then the
// bus balance over all shards. Returns an empty string when all hold.
std::string check_witness(const ProvingKey& key, const std::vector<ShardInput>& shards);

}  // namespace neo::zkvm::stark
