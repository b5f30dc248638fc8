// The multi-table STARK prover (protocol in docs/stark.md; verifier in neo/zkvm/stark/verifier.hpp).
//
// setup() builds the proving key of a chip set: the chips' constraint systems, the commitment to their
// preprocessed tables and the verifying key. prove() proves one or more shards (instances of the chip set,
// each with its own main traces and public values, given at once or one at a time by a ShardSource, so
// that peak memory need not grow with the number of shards) in phases:
//   1. every shard's main traces are committed and observed (with their heights and public values);
//   2. the LogUp challenges alpha, beta are drawn once, for all shards;
//   3. per shard, on its own fork of the transcript: permutation traces (running sums), the constraint
//      challenge, the quotient, the out-of-domain point zeta and one DEEP/FRI opening of all its matrices.
// The cumulative sums of all chips of all shards must add up to zero.
//
// Debug checks (on by default in builds without NDEBUG): every constraint on every row of a shard is checked
// before its traces are committed, and the bus balance over all shards before the LogUp challenges are
// drawn; a failure is reported with the chip, constraint and row. Tests switch them off and use ProverHooks
// to play a cheating prover, so that the verifier is what must reject.
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

// The most shards whose traces and main trees are held at once, by default: four. The rv32im circuit's
// working set is about 120 MB per 2^16-cycle shard, so about 2 GB per 2^20-cycle shard: a proof of up to 4
// shards (2^22 cycles at the default shard size) is proven without recomputing anything in about 8 GB, and a
// longer one stays at that peak whatever its length, each shard beyond the first three being traced and its
// main traces committed twice. Measured on 4 shards of 2^16 cycles (2 cores): keeping one shard, peak 258 MB
// instead of 581 MB with every shard kept, for about 25% more proving time.
inline constexpr std::size_t kDefaultResidentShards = 4;

struct ProverOptions {
  bool debug_checks = kDebugChecksByDefault;
  const ProverHooks* hooks = nullptr;
  // Memory versus work. When the proof has at most this many shards, every shard is taken from its source
  // once and its main trees are kept from phase 1 to phase 3. Otherwise phase 1 keeps only the first
  // resident_shards - 1 shards' trees (about resident_shards shards are then in memory at once: those kept
  // and the one being worked on); phase 3 asks the source for each other shard again and recommits its main
  // traces, which must give the same root as in phase 1. 0: every shard is recomputed, even a single one.
  // The proof is the same whatever the setting; only when things are computed changes.
  std::size_t resident_shards = kDefaultResidentShards;
};

struct ProveResult {
  std::optional<StarkProof> proof;
  std::string error;  // input shape errors and debug-check failures
};

ProveResult prove(const ProvingKey& key, std::vector<ShardInput> shards, const ProverOptions& options = {});

// How many shards phase 1 keeps for phase 3 under resident_shards (all when they fit, else
// resident_shards - 1): a source is asked for shards 0..num_shards-1, then again for kept..num_shards-1.
std::size_t shards_kept(std::size_t num_shards, std::size_t resident_shards) noexcept;

// Hands out shard `shard`'s traces, or sets `error` and returns nothing. It may be asked for a shard twice
// (see ProverOptions::resident_shards), in phase 1 and again in phase 3, and must then give the same traces
// (the prover checks that the recommitted main root and the public values are unchanged). Shards are
// asked for in increasing order within each phase.
using ShardSource = std::function<std::optional<ShardInput>(std::size_t shard, std::string& error)>;

// The same proof as prove() of the shards 0..num_shards-1 that `source` gives, without holding all of them:
// the hooks and debug checks apply to each shard as it is taken from the source (the hooks again, the same
// way, when it is taken a second time).
ProveResult prove(const ProvingKey& key, std::size_t num_shards, const ShardSource& source,
                  const ProverOptions& options = {});

// The debug checks on their own (no commitment): every constraint of every row of every shard, then the
// bus balance over all shards. Returns an empty string when all hold.
std::string check_witness(const ProvingKey& key, const std::vector<ShardInput>& shards);

}  // namespace neo::zkvm::stark
