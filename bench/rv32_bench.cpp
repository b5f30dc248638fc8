// RV32IM executor throughput: millions of guest instructions per second (MIPS) on one core, in execute mode
// (cycle counting only) and in recording mode (per-instruction events for the prover, recorded in shards that
// are dropped after each one, as trace generation would consume them). Rates are per CPU second of the
// benchmark thread, so other load on a shared machine does not skew them.
//
// The guest is a hand-encoded CPU-bound loop of 23 instructions per iteration: a xorshift32 step, a Fibonacci
// step, MUL/MULHU accumulation, DIVU/REMU, a load-modify-store into a 1 KiB stack buffer and the loop branch.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <stdexcept>

#include "neo/zkvm/rv32/assembler.hpp"
#include "neo/zkvm/rv32/executor.hpp"

namespace {

using namespace neo::zkvm::rv32;
using namespace neo::zkvm::rv32::reg;
namespace enc = neo::zkvm::rv32::encode;

constexpr std::uint32_t kInstructionsPerIteration = 23;

// Returns the program and the exact number of instructions it executes.
ProgramImage mixed_loop(std::uint32_t iterations, std::uint64_t& instructions) {
  Assembler a;
  a.li(s0, 0x12345678);  // xorshift state
  a.li(s1, 0);           // fib
  a.li(s2, 1);
  a.li(s3, 0);                       // accumulator
  a.emit(enc::addi(s4, sp, -1024));  // buffer base
  a.li(s5, iterations);
  const std::uint64_t prologue = a.finish().size();
  auto loop = a.new_label();
  a.bind(loop);
  const std::size_t loop_start = a.finish().size();
  a.emit(enc::slli(t1, s0, 13)).emit(enc::xor_(s0, s0, t1));
  a.emit(enc::srli(t1, s0, 17)).emit(enc::xor_(s0, s0, t1));
  a.emit(enc::slli(t1, s0, 5)).emit(enc::xor_(s0, s0, t1));
  a.emit(enc::add(t2, s1, s2)).emit(enc::addi(s1, s2, 0)).emit(enc::addi(s2, t2, 0));
  a.emit(enc::mul(t3, s0, s1)).emit(enc::add(s3, s3, t3));
  a.emit(enc::mulhu(t4, s0, s2)).emit(enc::xor_(s3, s3, t4));
  a.emit(enc::divu(t4, s0, s5)).emit(enc::remu(t3, s3, s5));
  a.emit(enc::andi(t5, s0, 1020)).emit(enc::add(t5, t5, s4));
  a.emit(enc::lw(t6, t5, 0)).emit(enc::add(t6, t6, s0)).emit(enc::sw(t6, t5, 0));
  a.emit(enc::add(s3, s3, t4));
  a.emit(enc::addi(s5, s5, -1));
  a.bne(s5, zero, loop);
  const std::size_t body = a.finish().size() - loop_start;
  if (body != kInstructionsPerIteration) throw std::logic_error("rv32_bench: loop body size changed");
  const std::size_t before_halt = a.finish().size();
  a.emit(enc::addi(a0, zero, 0));
  a.li(t0, 0);
  a.emit(enc::ecall());
  const std::uint64_t epilogue = a.finish().size() - before_halt;
  instructions = prologue + std::uint64_t{iterations} * body + epilogue;
  return a.image();
}

constexpr std::uint32_t kIterations = 4'500'000;  // ~103.5M instructions

void BM_ExecuteMode(benchmark::State& state) {
  std::uint64_t instructions = 0;
  const ProgramImage image = mixed_loop(kIterations, instructions);
  std::uint64_t total = 0;
  for (auto _ : state) {
    const ExecutionResult result = execute(image, ExecutorOptions{});
    if (!result.success() || result.cycles != instructions) {
      state.SkipWithError("guest did not halt as expected");
      return;
    }
    total += result.cycles;
    benchmark::DoNotOptimize(result.registers);
  }
  state.counters["guest_instructions"] = static_cast<double>(instructions);
  state.counters["MIPS"] = benchmark::Counter(static_cast<double>(total) / 1e6, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ExecuteMode)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// Recording mode over shards of 2^arg instructions; each shard's record is cleared (capacity kept)
// afterwards.
void BM_RecordingMode(benchmark::State& state) {
  std::uint64_t instructions = 0;
  const std::uint32_t iterations = kIterations / 10;
  const ProgramImage image = mixed_loop(iterations, instructions);
  const std::uint64_t shard = std::uint64_t{1} << state.range(0);
  std::uint64_t total = 0;
  std::uint64_t events = 0;
  ExecutionRecord record;
  for (auto _ : state) {
    Executor executor(image, ExecutorOptions{});
    bool stopped = false;
    while (!stopped) {
      record.clear();
      stopped = executor.run_recording(record, shard);
      events += record.cpu.size();
      benchmark::DoNotOptimize(record.cpu.data());
    }
    if (!executor.result().success() || executor.result().cycles != instructions) {
      state.SkipWithError("guest did not halt as expected");
      return;
    }
    total += executor.result().cycles;
  }
  if (events != total) state.SkipWithError("one event per instruction expected");
  state.counters["guest_instructions"] = static_cast<double>(instructions);
  state.counters["MIPS"] = benchmark::Counter(static_cast<double>(total) / 1e6, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RecordingMode)->Arg(20)->Arg(22)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
