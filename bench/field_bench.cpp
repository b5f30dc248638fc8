// Field, hash and NTT throughput: BabyBear element-wise multiplication per backend (portable / AVX2 /
// AVX-512), Poseidon2 permutations per second (scalar and batched per backend), and NTTs / LDEs of 2^20
// elements. Compare backends within one run (same machine, same load): the ratios are what the figures claim.
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "neo/zkvm/field/babybear.hpp"
#include "neo/zkvm/field/extension.hpp"
#include "neo/zkvm/field/packed.hpp"
#include "neo/zkvm/hash/poseidon2.hpp"
#include "neo/zkvm/ntt/ntt.hpp"

namespace {

using neo::zkvm::field::BabyBear;
using neo::zkvm::field::BabyBear4;
using neo::zkvm::hash::Poseidon2BabyBear16;
namespace packed = neo::zkvm::field::packed;

std::vector<BabyBear> random_elements(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<BabyBear> v(n);
  for (auto& x : v) x = BabyBear::from_u32(static_cast<std::uint32_t>(rng() % BabyBear::kModulus));
  return v;
}

packed::Backend backend_arg(const benchmark::State& state) {
  return static_cast<packed::Backend>(state.range(0));
}

bool require_backend(benchmark::State& state) {
  const packed::Backend backend = backend_arg(state);
  state.SetLabel(std::string(packed::backend_name(backend)));
  if (!packed::backend_available(backend)) {
    state.SkipWithError("backend not available on this CPU");
    return false;
  }
  return true;
}

void backend_args(benchmark::internal::Benchmark* b) {
  for (auto backend : {packed::Backend::kPortable, packed::Backend::kAvx2, packed::Backend::kAvx512}) {
    b->Arg(static_cast<int>(backend));
  }
}

constexpr std::size_t kVectorSize = std::size_t{1} << 20;

void BM_PackedMul(benchmark::State& state) {
  if (!require_backend(state)) return;
  const auto a = random_elements(kVectorSize, 1), b = random_elements(kVectorSize, 2);
  std::vector<BabyBear> out(kVectorSize);
  for (auto _ : state) {
    packed::mul(backend_arg(state), out, a, b);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kVectorSize));
}
BENCHMARK(BM_PackedMul)->Apply(backend_args);

void BM_PackedAdd(benchmark::State& state) {
  if (!require_backend(state)) return;
  const auto a = random_elements(kVectorSize, 3), b = random_elements(kVectorSize, 4);
  std::vector<BabyBear> out(kVectorSize);
  for (auto _ : state) {
    packed::add(backend_arg(state), out, a, b);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kVectorSize));
}
BENCHMARK(BM_PackedAdd)->Apply(backend_args);

// Latency-bound chain of dependent products: the scalar cost of one Montgomery multiplication.
void BM_ScalarMulChain(benchmark::State& state) {
  BabyBear x = BabyBear::from_u32(12345), y = BabyBear::from_u32(678910);
  for (auto _ : state) {
    for (int i = 0; i < 1024; ++i) x = x * y;
    benchmark::DoNotOptimize(x);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 1024));
}
BENCHMARK(BM_ScalarMulChain);

void BM_ExtensionMul(benchmark::State& state) {
  BabyBear4 x(BabyBear::from_u32(1), BabyBear::from_u32(2), BabyBear::from_u32(3), BabyBear::from_u32(4));
  const BabyBear4 y(BabyBear::from_u32(5), BabyBear::from_u32(6), BabyBear::from_u32(7),
                    BabyBear::from_u32(8));
  for (auto _ : state) {
    for (int i = 0; i < 1024; ++i) x = x * y;
    benchmark::DoNotOptimize(x);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 1024));
}
BENCHMARK(BM_ExtensionMul);

void BM_Inverse(benchmark::State& state) {
  BabyBear x = BabyBear::from_u32(987654321);
  for (auto _ : state) {
    x = x.inverse() + BabyBear::one();
    benchmark::DoNotOptimize(x);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Inverse);

void BM_Poseidon2Permute(benchmark::State& state) {
  Poseidon2BabyBear16::State s{};
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = BabyBear::from_u32(static_cast<std::uint32_t>(i));
  for (auto _ : state) {
    Poseidon2BabyBear16::permute(s);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Poseidon2Permute);

void BM_Poseidon2PermuteMany(benchmark::State& state) {
  if (!require_backend(state)) return;
  constexpr std::size_t kStates = 1024;
  std::vector<Poseidon2BabyBear16::State> states(kStates);
  const auto init = random_elements(kStates * 16, 5);
  for (std::size_t i = 0; i < kStates; ++i) std::copy_n(init.begin() + 16 * i, 16, states[i].begin());
  for (auto _ : state) {
    Poseidon2BabyBear16::permute_many(backend_arg(state), states);
    benchmark::DoNotOptimize(states.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kStates));
}
BENCHMARK(BM_Poseidon2PermuteMany)->Apply(backend_args);

// Merkle-leaf style hashing: 2^14 rows of 64 columns (8 permutations per row), best backend, one thread.
void BM_Poseidon2HashRows(benchmark::State& state) {
  constexpr std::size_t kRows = std::size_t{1} << 14, kWidth = 64;
  const auto matrix = random_elements(kRows * kWidth, 6);
  std::vector<Poseidon2BabyBear16::Digest> digests(kRows);
  for (auto _ : state) {
    Poseidon2BabyBear16::hash_rows(matrix, kWidth, digests);
    benchmark::DoNotOptimize(digests.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kRows * kWidth));
}
BENCHMARK(BM_Poseidon2HashRows)->Unit(benchmark::kMillisecond);

// NTTs run on oneTBB; the last argument caps the worker threads (1 or 2 on the 2-core development machine),
// so the parallel speed-up is read off within one run. Real time is the meaningful figure.
void BM_Ntt(benchmark::State& state) {
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(state.range(1)));
  const std::size_t n = std::size_t{1} << state.range(0);
  auto values = random_elements(n, 7);
  for (auto _ : state) {
    neo::zkvm::ntt::ntt(values);
    benchmark::DoNotOptimize(values.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(BM_Ntt)->ArgsProduct({{16, 20}, {1, 2}})->Unit(benchmark::kMillisecond)->UseRealTime();

// 2^20 elements as 2^14 rows x 64 columns or 2^16 rows x 16 columns (trace-like batches).
void BM_NttBatch(benchmark::State& state) {
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(state.range(2)));
  const std::size_t rows = std::size_t{1} << state.range(0), width = static_cast<std::size_t>(state.range(1));
  auto values = random_elements(rows * width, 8);
  for (auto _ : state) {
    neo::zkvm::ntt::ntt_batch(values, width);
    benchmark::DoNotOptimize(values.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows * width));
}
BENCHMARK(BM_NttBatch)
    ->Args({14, 64, 1})
    ->Args({14, 64, 2})
    ->Args({16, 16, 1})
    ->Args({16, 16, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// LDE with blowup 2 of 2^16 rows x 16 columns (2^20 trace elements -> 2^21 LDE elements).
void BM_CosetLde(benchmark::State& state) {
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(state.range(2)));
  const std::size_t rows = std::size_t{1} << state.range(0), width = static_cast<std::size_t>(state.range(1));
  const auto trace = random_elements(rows * width, 9);
  for (auto _ : state) {
    auto lde = neo::zkvm::ntt::coset_lde_batch(trace, width, 1, BabyBear::from_u32(BabyBear::kGenerator));
    benchmark::DoNotOptimize(lde.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows * width));
}
BENCHMARK(BM_CosetLde)->Args({16, 16, 1})->Args({16, 16, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
