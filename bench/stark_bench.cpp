// STARK commitment layer: mixed-matrix Merkle commitment of 2^20 rows x 16 columns, and the FRI low-degree
// test of one polynomial of degree < 2^20 (its LDE of 2^21 values, log_blowup 1) with the standard
// parameters (100 queries, 16 PoW bits): prove (layers, final polynomial, grinding, openings) and verify.
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

// range(0): thread limit (0 = oneTBB default).
void BM_MerkleCommit_2p20x16(benchmark::State& state) {
  constexpr std::size_t kRows = std::size_t{1} << 20;
  constexpr std::size_t kWidth = 16;
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
BENCHMARK(BM_MerkleCommit_2p20x16)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

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

}  // namespace
