// STARK commitment layer: mixed-matrix Merkle commitment of 2^20 rows x 16 columns, and the FRI low-degree
// test of one polynomial of degree < 2^20 (its LDE of 2^21 values, log_blowup 1) with the standard
// parameters (100 queries, 16 PoW bits): prove (layers, final polynomial, grinding, openings) and verify.
// Full multi-table STARK proofs of a 64-column AIR with degree-3 constraints (test_chips::WideChip: 32
// transition constraints of degree 3 with the selector, 32 row constraints of degree 3) at 2^16 and 2^20
// rows, standard parameters: proving time (trace generation excluded), proof size, verification time.
// Threads: oneTBB's default (all cores); Arg(1) runs the Merkle commit on one thread for the parallel ratio.
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "neo/zkvm/challenger/challenger.hpp"
#include "neo/zkvm/fri/prover.hpp"
#include "neo/zkvm/fri/verifier.hpp"
#include "neo/zkvm/merkle/tree.hpp"
#include "neo/zkvm/ntt/ntt.hpp"
#include "neo/zkvm/stark/prover.hpp"
#include "neo/zkvm/stark/verifier.hpp"
// The wide degree-3 test chip (shared with the prover's tests).
#include "../neo-zkvm-prover/tests/air_test_chips.hpp"

namespace {

using neo::zkvm::challenger::Challenger;
using neo::zkvm::field::BabyBear;
namespace fri = neo::zkvm::fri;
namespace merkle = neo::zkvm::merkle;
namespace ntt = neo::zkvm::ntt;

std::vector<BabyBear> random_elements(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<BabyBear> v(n);
  for (auto& x : v) x = BabyBear::from_u32(static_cast<std::uint32_t>(rng() % BabyBear::kModulus));
  return v;
}

// A Merkle tree over the rows of a 2^20-row matrix. range(0): thread limit (0 = oneTBB default); range(1):
// the width.
void BM_MerkleCommit_2p20(benchmark::State& state) {
  constexpr std::size_t kRows = std::size_t{1} << 20;
  const std::size_t kWidth = static_cast<std::size_t>(state.range(1));
  const std::vector<BabyBear> values = random_elements(kRows * kWidth, 1);
  std::unique_ptr<tbb::global_control> limit;
  if (state.range(0) > 0) {
    limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                  static_cast<std::size_t>(state.range(0)));
  }
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<merkle::RowMajorMatrix> matrices(1);
    matrices[0].values = values;
    matrices[0].width = kWidth;
    state.ResumeTiming();
    const merkle::MerkleTree tree(std::move(matrices));
    benchmark::DoNotOptimize(tree.root());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kRows));
}
BENCHMARK(BM_MerkleCommit_2p20)
    ->ArgsProduct({{0, 1}, {16, 64}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The LDE (bit-reversed, coset 31 * H) of a random polynomial of degree < 2^20, committed.
const merkle::MerkleTree& fri_input() {
  static const merkle::MerkleTree tree = [] {
    constexpr std::size_t kDegreeBound = std::size_t{1} << 20;
    std::vector<BabyBear> values = random_elements(2 * kDegreeBound, 2);
    std::fill(values.begin() + kDegreeBound, values.end(), BabyBear::zero());
    ntt::coset_ntt_batch(values, 1, BabyBear::from_canonical(BabyBear::kGenerator));
    ntt::bit_reverse_rows(values, 1);
    std::vector<merkle::RowMajorMatrix> matrices(1);
    matrices[0].values = std::move(values);
    matrices[0].width = 1;
    return merkle::MerkleTree(std::move(matrices));
  }();
  return tree;
}

Challenger bench_transcript() { return Challenger("neo-zkvm stark bench", 1); }

void BM_FriProve_2p20(benchmark::State& state) {
  const merkle::MerkleTree& input = fri_input();
  const merkle::MerkleTree* inputs[1] = {&input};
  const fri::FriParams params = fri::FriParams::standard();
  for (auto _ : state) {
    Challenger challenger = bench_transcript();
    fri::FriProof proof = fri::prove_ldt(params, inputs, challenger);
    benchmark::DoNotOptimize(proof);
  }
}
BENCHMARK(BM_FriProve_2p20)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_FriVerify_2p20(benchmark::State& state) {
  const merkle::MerkleTree& input = fri_input();
  const merkle::MerkleTree* inputs[1] = {&input};
  const fri::FriParams params = fri::FriParams::standard();
  Challenger prover_transcript = bench_transcript();
  const fri::FriProof proof = fri::prove_ldt(params, inputs, prover_transcript);
  const std::vector<fri::CommittedBatch> batches = {fri::committed_batch(input)};
  const std::size_t proof_bytes = fri::encode(proof).size();
  for (auto _ : state) {
    Challenger challenger = bench_transcript();
    const fri::FriError result = fri::verify_ldt(params, batches, proof, challenger);
    if (result != fri::FriError::kOk) state.SkipWithError("the proof does not verify");
    benchmark::DoNotOptimize(result);
  }
  state.counters["proof_bytes"] = static_cast<double>(proof_bytes);
}
BENCHMARK(BM_FriVerify_2p20)->Unit(benchmark::kMillisecond)->UseRealTime();

// The proving key and trace of the wide chip at 2^log_rows rows (built once per size).
struct WideAir {
  neo::zkvm::stark::ProvingKey key;
  merkle::RowMajorMatrix trace;
};
const WideAir& wide_air(unsigned log_rows) {
  static std::vector<std::unique_ptr<WideAir>> cache(28);
  if (!cache[log_rows]) {
    const neo::zkvm::test_chips::WideChip chip{64};
    neo::zkvm::air::BuildResult built = neo::zkvm::air::build(chip);
    neo::zkvm::stark::SetupResult setup =
        neo::zkvm::stark::setup(fri::FriParams::standard(), {built.system}, {merkle::RowMajorMatrix{}});
    cache[log_rows] =
        std::make_unique<WideAir>(WideAir{std::move(*setup.key), chip.trace(std::size_t{1} << log_rows, 11)});
  }
  return *cache[log_rows];
}

neo::zkvm::stark::ProveResult prove_wide(const WideAir& air) {
  neo::zkvm::stark::ShardInput shard;
  shard.main = {air.trace};
  shard.public_values = {{}};
  return neo::zkvm::stark::prove(air.key, {std::move(shard)}, {.debug_checks = false, .hooks = nullptr});
}

// range(0): log2 rows.
void BM_StarkProve_Wide64(benchmark::State& state) {
  const WideAir& air = wide_air(static_cast<unsigned>(state.range(0)));
  std::size_t proof_bytes = 0;
  for (auto _ : state) {
    const neo::zkvm::stark::ProveResult result = prove_wide(air);
    if (!result.proof) {
      state.SkipWithError(result.error.c_str());
      break;
    }
    proof_bytes = neo::zkvm::stark::encode(*result.proof).size();
  }
  state.counters["proof_bytes"] = static_cast<double>(proof_bytes);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          (std::int64_t{1} << state.range(0)));
}
BENCHMARK(BM_StarkProve_Wide64)
    ->Arg(16)
    ->Arg(20)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

void BM_StarkVerify_Wide64(benchmark::State& state) {
  const WideAir& air = wide_air(static_cast<unsigned>(state.range(0)));
  const neo::zkvm::stark::ProveResult result = prove_wide(air);
  if (!result.proof) {
    state.SkipWithError(result.error.c_str());
    return;
  }
  const std::vector<std::uint8_t> bytes = neo::zkvm::stark::encode(*result.proof);
  for (auto _ : state) {
    const neo::zkvm::stark::VerifyResult v =
        neo::zkvm::stark::verify_bytes(air.key.systems, air.key.vkey, bytes);
    if (!v.ok()) state.SkipWithError("the proof does not verify");
    benchmark::DoNotOptimize(v);
  }
  state.counters["proof_bytes"] = static_cast<double>(bytes.size());
}
BENCHMARK(BM_StarkVerify_Wide64)->Arg(16)->Arg(20)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
