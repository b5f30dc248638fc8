// Proving throughput of the rv32im circuit through the machine prover (neo/zkvm/machine/prover.hpp): a loop
// with a guest-like instruction mix (ALU, shifts and compares, loads and stores of several widths, a
// data-dependent branch, a multiply and a divide per iteration) of 2^16 to 2^22 cycles (range(0) = log2 of
// the cycle budget), executed, cut into shards of 2^20 cycles (the default), traced and proven in one
// multi-shard STARK proof with the standard FRI parameters (log_blowup 1, 100 queries, 16 PoW bits) and the
// prover's debug checks off; then the encoded proof is verified. BM_NeoGuestProve does the same for the Neo
// guest ELF running a Neo script (NEO_GUEST_ELF=<path to neo-guest.elf>; skipped without it).
//
// The iteration time is machine::prove: execution + trace generation + STARK proof (manual time).
// Counters: cycles, shards, cycles_per_s (proven cycles per second, all cores), cycles_per_s_per_core,
// exec_s, trace_s, stark_s (the three stages of machine::prove; each shard is traced inside stark_s, when
// the STARK prover asks for it, so trace_s is only the tables the shards share), setup_s (the proving key, once per program), verify_s
// (decode + machine::verify), proof_bytes, proof_bytes_per_shard, peak_rss_mb (ru_maxrss of the process
// so far: run one size per process, --benchmark_filter=BM_CircuitProve/22, for its own peak).
// Per chip (to stderr, once per size up to 2^20): trace height, preprocessed/main/permutation/quotient
// widths of the first shard.
//
// NEO_BENCH_RESIDENT_SHARDS=<n>: MachineProverOptions::resident_shards (default 4): peak memory against
// re-tracing and re-committing shards.
// NEO_BENCH_PROOF_OUT=<path>: writes the encoded proof to <path>.<log_cycles>, so that prover changes can
// be checked to keep the proof bytes identical.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "neo/zkvm/circuit/chips.hpp"
#include "neo/zkvm/circuit/trace.hpp"
#include "neo/zkvm/fri/params.hpp"
#include "neo/zkvm/rv32/assembler.hpp"
#include "neo/zkvm/rv32/executor.hpp"
#include "neo/zkvm/stark/prover.hpp"
#include "neo/zkvm/stark/verifier.hpp"
#include "neo/zkvm/machine/prover.hpp"
#include "neo/zkvm/machine/verifier.hpp"
#include "neo/zkvm/rv32/elf.hpp"
#include "neo/guest/abi.hpp"
#include "neo/guest/proof_io.hpp"
#include "neo/vm/crypto/sha256.hpp"
#include <string_view>

namespace {

namespace circuit = neo::zkvm::circuit;
namespace fri = neo::zkvm::fri;
namespace rv32 = neo::zkvm::rv32;
namespace stark = neo::zkvm::stark;
namespace machine = neo::zkvm::machine;
namespace enc = neo::zkvm::rv32::encode;
using namespace neo::zkvm::rv32::reg;

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// A read-write data segment the loop loads from and stores to (2 KiB, away from the code).
constexpr std::uint32_t kDataBase = 0x0002'0000u;
constexpr std::uint32_t kDataBytes = 2048;

// The statement's end: SHA-256 of the (empty) public values committed word by word, then HALT with 0.
void emit_commit_and_halt(rv32::Assembler& a) {
  const auto digest = neo::vm::crypto::sha256({});
  for (std::uint32_t k = 0; k < 8; ++k) {
    std::uint32_t word = 0;
    for (std::uint32_t j = 0; j < 4; ++j) word |= std::uint32_t{digest[4 * k + j]} << (8 * j);
    a.li(a0, k).li(a1, word).syscall(neo::guest::abi::Syscall::kCommit);
  }
  a.halt(0);
}

struct Program {
  rv32::ProgramImage image;
  std::uint64_t expected_cycles = 0;
};

// The loop body, in cycles, and the instructions outside it (prologue and HALT), counted below so that the
// total stays at or under the budget and the CPU trace is exactly the budget's power of two.
Program build_program(std::uint64_t cycle_budget) {
  const auto emit_prologue = [](rv32::Assembler& a, std::uint32_t iterations) {
    a.li(s0, kDataBase).li(a1, 0x9E37'79B9u).li(a2, 5).li(s1, 0).li(t0, iterations);
  };
  // Body: 27 instructions, or 26 when the inner branch is taken (it skips one addi).
  const auto emit_loop = [](rv32::Assembler& a) {
    const rv32::Assembler::Label loop = a.new_label();
    const rv32::Assembler::Label skip = a.new_label();
    a.bind(loop);
    a.emit(enc::slli(t2, t0, 2)).emit(enc::andi(t2, t2, 1020)).emit(enc::add(t3, s0, t2));
    a.emit(enc::lw(a3, t3, 0)).emit(enc::add(a3, a3, t0)).emit(enc::xor_(a4, a3, a1));
    a.emit(enc::srli(a5, a4, 3)).emit(enc::sll(a6, a4, a2)).emit(enc::or_(a6, a6, a5));
    a.emit(enc::sltu(a7, a5, a6)).emit(enc::add(s1, s1, a7));
    a.emit(enc::mul(a5, a3, a4)).emit(enc::sub(a6, a5, a3)).emit(enc::sw(a6, t3, 0));
    a.emit(enc::lbu(a7, t3, 1)).emit(enc::sb(a7, t3, 1027)).emit(enc::lhu(a4, t3, 2));
    a.emit(enc::and_(a4, a4, a1)).emit(enc::add(s1, s1, a4)).emit(enc::divu(a5, a3, a2));
    a.emit(enc::slt(a7, a3, s1));
    a.beq(a7, zero, skip);
    a.emit(enc::addi(s1, s1, 1));
    a.bind(skip);
    a.emit(enc::xori(s1, s1, 0x55)).emit(enc::sra(a5, a3, a2)).emit(enc::add(s1, s1, a5));
    a.emit(enc::addi(t0, t0, -1));
    a.bne(t0, zero, loop);
  };
  rv32::Assembler probe;
  emit_prologue(probe, 0x7FFF'FFFFu);  // the widest li, so the count is an upper bound
  const std::uint64_t prologue = probe.finish().size();
  rv32::Assembler body;
  emit_loop(body);
  const std::uint64_t body_len = body.finish().size();
  rv32::Assembler tail;
  emit_commit_and_halt(tail);
  const std::uint64_t halt_len = tail.finish().size();

  const std::uint64_t iterations = (cycle_budget - prologue - halt_len) / body_len;
  rv32::Assembler a;
  emit_prologue(a, static_cast<std::uint32_t>(iterations));
  emit_loop(a);
  emit_commit_and_halt(a);
  std::vector<std::uint8_t> data(kDataBytes);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 37 + 11);
  Program p;
  p.image = a.image({rv32::ElfSegmentSpec{kDataBase, rv32::kSegmentRead | rv32::kSegmentWrite, data, 0}});
  p.expected_cycles = cycle_budget;
  return p;
}

// The single call into trace generation (its interface is being extended for shards; adapt here only).
std::optional<circuit::CircuitTraces> trace_execution(const rv32::ProgramImage& image,
                                                      const rv32::RecordedExecution& run, std::string& error) {
  circuit::TraceResult traced = circuit::generate_traces(image, run.record, run.result);
  error = std::move(traced.error);
  return std::move(traced.traces);
}

const circuit::CircuitBuild& chip_set() {
  static const circuit::CircuitBuild built = circuit::build_circuit();
  return built;
}

void print_chip_shapes(const std::vector<neo::zkvm::air::ConstraintSystem>& systems,
                       const circuit::CircuitTraces& traces, std::uint64_t cycles) {
  std::fprintf(stderr, "rv32im circuit, %llu cycles: per chip (widths in base-field columns)\n",
               static_cast<unsigned long long>(cycles));
  std::fprintf(stderr, "  %-14s %8s %6s %6s %6s %6s %12s\n", "chip", "height", "pre", "main", "perm", "quot",
               "cells(main+perm)");
  std::size_t total_main = 0;
  std::size_t total_perm = 0;
  std::size_t total_cells = 0;
  for (std::size_t c = 0; c < systems.size(); ++c) {
    const auto& sys = systems[c];
    const std::size_t h = traces.main[c].height();
    const std::size_t cells = h * (sys.main_width + sys.permutation_width());
    std::fprintf(stderr, "  %-14.*s %8zu %6zu %6zu %6zu %6zu %12zu\n", static_cast<int>(sys.name.size()),
                 sys.name.data(), h, std::size_t{sys.preprocessed_width}, std::size_t{sys.main_width}, sys.permutation_width(),
                 sys.quotient_width(), cells);
    total_main += sys.main_width;
    total_perm += sys.permutation_width();
    total_cells += cells;
  }
  std::fprintf(stderr, "  %-14s %8s %6s %6zu %6zu %6s %12zu\n", "total", "", "", total_main, total_perm, "",
               total_cells);
}

struct StageTimes {
  double exec_s = 0, trace_s = 0, stark_s = 0;
};

// machine::prove with the stage boundaries its progress callback reports.
machine::MachineProveResult prove_timed(const machine::MachineProvingKey& key, std::vector<std::uint8_t> input,
                                        StageTimes& times) {
  machine::MachineProverOptions options;
  options.debug_checks = false;
  if (const char* resident = std::getenv("NEO_BENCH_RESIDENT_SHARDS"); resident != nullptr) {
    options.resident_shards = std::strtoul(resident, nullptr, 10);
  }
  Clock::time_point stage_start = Clock::now();
  options.progress = [&](std::string_view stage, double fraction) {
    if (fraction == 0.0) {
      stage_start = Clock::now();
      return;
    }
    if (fraction < 1.0) return;
    const double s = seconds_since(stage_start);
    if (stage == "execute") times.exec_s += s;
    if (stage == "trace") times.trace_s += s;
    if (stage == "prove") times.stark_s += s;
  };
  return machine::prove(key, std::move(input), options);
}

// One benchmark body for any program: setup once, then prove and verify per iteration.
void run_machine_benchmark(benchmark::State& state, const rv32::ProgramImage& image,
                           const std::vector<std::uint8_t>& input, const std::string& proof_out_suffix) {
  auto start = Clock::now();
  const machine::MachineSetupResult setup = machine::setup(image);
  const double setup_s = seconds_since(start);
  if (!setup.key) {
    state.SkipWithError(("setup failed: " + setup.error).c_str());
    return;
  }
  StageTimes times;
  double prove_s = 0, verify_s = 0;
  std::uint64_t cycles = 0;
  std::size_t proof_bytes = 0, shards = 0;
  bool first = true;
  for (auto _ : state) {
    start = Clock::now();
    const machine::MachineProveResult proved = prove_timed(*setup.key, input, times);
    const double prove_time = seconds_since(start);
    prove_s += prove_time;
    state.SetIterationTime(prove_time);
    if (!proved.ok()) {
      state.SkipWithError(("prove failed: " + proved.error).c_str());
      return;
    }
    cycles = proved.execution.cycles;
    shards = proved.shards;
    const std::vector<std::uint8_t> bytes = machine::encode(*proved.proof);
    proof_bytes = bytes.size();
    start = Clock::now();
    const machine::MachineVerifyResult verified = machine::verify_bytes(setup.key->vkey, bytes);
    verify_s += seconds_since(start);
    if (!verified.ok()) {
      state.SkipWithError(("the proof does not verify: " + machine::describe(verified)).c_str());
      return;
    }
    if (first) {
      if (const char* out = std::getenv("NEO_BENCH_PROOF_OUT"); out != nullptr) {
        const std::string path = std::string(out) + "." + proof_out_suffix;
        if (std::FILE* f = std::fopen(path.c_str(), "wb"); f != nullptr) {
          std::fwrite(bytes.data(), 1, bytes.size(), f);
          std::fclose(f);
        }
      }
    }
    first = false;
  }
  const double n = static_cast<double>(state.iterations());
  const double c = static_cast<double>(cycles);
  const double cores = static_cast<double>(std::max(1u, std::thread::hardware_concurrency()));
  state.counters["cycles"] = c;
  state.counters["shards"] = static_cast<double>(shards);
  state.counters["cycles_per_s"] = c * n / prove_s;
  state.counters["cycles_per_s_per_core"] = c * n / prove_s / cores;
  state.counters["exec_s"] = times.exec_s / n;
  state.counters["trace_s"] = times.trace_s / n;
  state.counters["stark_s"] = times.stark_s / n;
  state.counters["setup_s"] = setup_s;
  state.counters["verify_s"] = verify_s / n;
  state.counters["proof_bytes"] = static_cast<double>(proof_bytes);
  state.counters["proof_bytes_per_shard"] = static_cast<double>(proof_bytes) / static_cast<double>(shards);
  state.counters["peak_rss_mb"] = peak_rss_mb();
}

void BM_CircuitProve(benchmark::State& state) {
  const unsigned log_cycles = static_cast<unsigned>(state.range(0));
  if (!chip_set().ok()) {
    state.SkipWithError("the circuit does not build");
    return;
  }
  const Program program = build_program(std::uint64_t{1} << log_cycles);
  if (log_cycles <= machine::kDefaultLogShardCycles) {
    // The chip shapes of the (single) shard, from a separate run of the trace generator.
    const rv32::RecordedExecution run = rv32::execute_recording(program.image, {});
    std::string error;
    if (const auto traces = trace_execution(program.image, run, error)) {
      print_chip_shapes(chip_set().systems, *traces, run.result.cycles);
    }
  }
  run_machine_benchmark(state, program.image, {}, std::to_string(log_cycles));
}
BENCHMARK(BM_CircuitProve)
    ->DenseRange(16, 22, 2)
    ->Arg(21)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(1);

// The Neo guest running a Neo script: a loop of range(0) iterations (PUSHINT32 n; loop: DEC DUP JMPIF loop;
// RET), about 1,800 guest cycles per iteration on top of the guest's fixed 66k.
void BM_NeoGuestProve(benchmark::State& state) {
  const char* elf_path = std::getenv("NEO_GUEST_ELF");
  if (elf_path == nullptr) {
    state.SkipWithError("set NEO_GUEST_ELF to the neo-guest.elf the build produced");
    return;
  }
  rv32::ElfLoadResult loaded = rv32::load_elf_file(elf_path);
  if (!loaded) {
    state.SkipWithError(("NEO_GUEST_ELF: " + loaded.error().message).c_str());
    return;
  }
  const auto n = static_cast<std::uint32_t>(state.range(0));
  neo::guest::ProofInput input;
  input.script = {0x02,
                  static_cast<std::uint8_t>(n),
                  static_cast<std::uint8_t>(n >> 8),
                  static_cast<std::uint8_t>(n >> 16),
                  static_cast<std::uint8_t>(n >> 24),
                  0x9D,
                  0x4A,
                  0x24,
                  0xFE,
                  0x40};
  run_machine_benchmark(state, loaded.image(), neo::guest::encode(input), "neo." + std::to_string(n));
}
BENCHMARK(BM_NeoGuestProve)->Arg(1)->Arg(500)->Arg(2000)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(1);

}  // namespace
