// Google Benchmark: the Neo N3 interpreter on four workloads, reported as executed opcodes per second.
//   counting loop  - INITSLOT, then LDLOC0 DEC DUP STLOC0 JMPIF (~1M opcodes), the ">= 50M opcodes/s" target
//   arithmetic     - a modular multiply-accumulate loop on small integers plus a 200-bit integer chain
//   array/map      - APPEND / SETITEM / PICKITEM / HASKEY on an array and a map
//   calls          - CALL into a function with INITSLOT arguments and a return value
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "neo/vm/engine.hpp"
#include "neo/vm/script_builder.hpp"

using neo::vm::Engine;
using neo::vm::OpCode;
using neo::vm::ScriptBuilder;
using neo::vm::VMState;

namespace {

// Loop skeleton: local 0 counts down from `iterations`; `body` is emitted once per iteration.
template <class Body>
std::vector<std::uint8_t> counted_loop(std::int32_t iterations, std::uint8_t locals, Body body) {
  ScriptBuilder sb;
  sb.emit_u8x2(OpCode::INITSLOT, locals, 0);
  // every local but the counter starts at 1
  for (std::uint8_t i = 1; i < locals; ++i) sb.emit_push(1).emit_u8(OpCode::STLOC, i);
  sb.emit_push(iterations).emit(OpCode::STLOC0);
  const std::uint32_t loop = sb.position();
  body(sb);
  sb.emit(OpCode::LDLOC0).emit(OpCode::DEC).emit(OpCode::DUP).emit(OpCode::STLOC0);
  const std::uint32_t back = sb.position();
  sb.emit_i32(OpCode::JMPIF_L, static_cast<std::int32_t>(loop) - static_cast<std::int32_t>(back));
  sb.emit(OpCode::RET);
  return sb.bytes();
}

void run_script(benchmark::State& state, const std::vector<std::uint8_t>& script) {
  std::uint64_t total_ops = 0;
  for (auto _ : state) {
    Engine engine;
    engine.load_script(script);
    if (engine.execute() != VMState::Halt) {
      state.SkipWithError("script did not HALT");
      return;
    }
    total_ops += engine.instructions_executed();
    benchmark::DoNotOptimize(engine.result_stack().size());
  }
  state.counters["opcodes/s"] =
      benchmark::Counter(static_cast<double>(total_ops), benchmark::Counter::kIsRate);
  state.counters["opcodes"] =
      benchmark::Counter(static_cast<double>(total_ops), benchmark::Counter::kAvgIterations);
}

void BM_CountingLoop(benchmark::State& state) {
  // 5 opcodes per iteration: 200'000 iterations ~ 1M opcodes.
  static const auto script = [] {
    ScriptBuilder sb;
    sb.emit_u8x2(OpCode::INITSLOT, 1, 0).emit_push(200000).emit(OpCode::STLOC0);
    const std::uint32_t loop = sb.position();
    sb.emit(OpCode::LDLOC0).emit(OpCode::DEC).emit(OpCode::DUP).emit(OpCode::STLOC0);
    sb.emit_jump(OpCode::JMPIF, loop);
    sb.emit(OpCode::RET);
    return sb.bytes();
  }();
  run_script(state, script);
}
BENCHMARK(BM_CountingLoop)->Unit(benchmark::kMillisecond);

void BM_Arithmetic(benchmark::State& state) {
  static const auto script = counted_loop(20000, 3, [](ScriptBuilder& sb) {
    // acc = (acc * 31 + i) % 1000003
    sb.emit(OpCode::LDLOC1).emit_push(31).emit(OpCode::MUL).emit(OpCode::LDLOC0).emit(OpCode::ADD);
    sb.emit_push(1000003).emit(OpCode::MOD).emit(OpCode::STLOC1);
    // big = (big * 3 + acc) mod 2^200 via AND with a mask: exercises the 256-bit path
    sb.emit(OpCode::LDLOC2).emit_push(3).emit(OpCode::MUL).emit(OpCode::LDLOC1).emit(OpCode::ADD);
    sb.emit_push(1).emit_push(200).emit(OpCode::SHL).emit(OpCode::DEC).emit(OpCode::AND).emit(OpCode::STLOC2);
  });
  run_script(state, script);
}
BENCHMARK(BM_Arithmetic)->Unit(benchmark::kMillisecond);

void BM_ArrayMap(benchmark::State& state) {
  static const auto script = [] {
    ScriptBuilder sb;
    // locals: 0 counter, 1 array, 2 map
    sb.emit_u8x2(OpCode::INITSLOT, 3, 0);
    sb.emit(OpCode::NEWARRAY0).emit(OpCode::STLOC1).emit(OpCode::NEWMAP).emit(OpCode::STLOC2);
    sb.emit_push(10000).emit(OpCode::STLOC0);
    const std::uint32_t loop = sb.position();
    // map[i & 63] = i
    sb.emit(OpCode::LDLOC2).emit(OpCode::LDLOC0).emit_push(63).emit(OpCode::AND).emit(OpCode::LDLOC0);
    sb.emit(OpCode::SETITEM);
    // array.append(map[i & 63]) while the array is short, otherwise array[i & 31] = i
    sb.emit(OpCode::LDLOC1).emit(OpCode::SIZE).emit_push(32);
    const std::uint32_t branch = sb.position();
    sb.emit_u8(OpCode::JMPGE, 0);
    sb.emit(OpCode::LDLOC1).emit(OpCode::LDLOC2).emit(OpCode::LDLOC0).emit_push(63).emit(OpCode::AND);
    sb.emit(OpCode::PICKITEM).emit(OpCode::APPEND);
    const std::uint32_t skip = sb.position();
    sb.emit_u8(OpCode::JMP, 0);
    sb.patch_jump(branch, sb.position());
    sb.emit(OpCode::LDLOC1).emit(OpCode::LDLOC0).emit_push(31).emit(OpCode::AND).emit(OpCode::LDLOC0);
    sb.emit(OpCode::SETITEM);
    sb.patch_jump(skip, sb.position());
    // HASKEY on the map
    sb.emit(OpCode::LDLOC2).emit(OpCode::LDLOC0).emit(OpCode::HASKEY).emit(OpCode::DROP);
    sb.emit(OpCode::LDLOC0).emit(OpCode::DEC).emit(OpCode::DUP).emit(OpCode::STLOC0);
    const std::uint32_t back = sb.position();
    sb.emit_i32(OpCode::JMPIF_L, static_cast<std::int32_t>(loop) - static_cast<std::int32_t>(back));
    sb.emit(OpCode::RET);
    return sb.bytes();
  }();
  run_script(state, script);
}
BENCHMARK(BM_ArrayMap)->Unit(benchmark::kMillisecond);

void BM_Calls(benchmark::State& state) {
  static const auto script = [] {
    ScriptBuilder sb;
    sb.emit_u8x2(OpCode::INITSLOT, 2, 0)
        .emit_push(0)
        .emit(OpCode::STLOC1)
        .emit_push(20000)
        .emit(OpCode::STLOC0);
    const std::uint32_t loop = sb.position();
    // local1 = f(local1, local0) where f(a, b) = a + b
    sb.emit(OpCode::LDLOC0).emit(OpCode::LDLOC1);
    const std::uint32_t call = sb.position();
    sb.emit_i32(OpCode::CALL_L, 0);
    sb.emit(OpCode::STLOC1);
    sb.emit(OpCode::LDLOC0).emit(OpCode::DEC).emit(OpCode::DUP).emit(OpCode::STLOC0);
    sb.emit_jump(OpCode::JMPIF, loop);
    sb.emit(OpCode::RET);
    const std::uint32_t function = sb.position();
    sb.emit_u8x2(OpCode::INITSLOT, 0, 2).emit(OpCode::LDARG0).emit(OpCode::LDARG1).emit(OpCode::ADD);
    sb.emit(OpCode::RET);
    std::vector<std::uint8_t> bytes = sb.bytes();
    const std::int32_t offset = static_cast<std::int32_t>(function) - static_cast<std::int32_t>(call);
    for (int i = 0; i < 4; ++i)
      bytes[call + 1 + i] = static_cast<std::uint8_t>(static_cast<std::uint32_t>(offset) >> (8 * i));
    return bytes;
  }();
  run_script(state, script);
}
BENCHMARK(BM_Calls)->Unit(benchmark::kMillisecond);

}  // namespace
