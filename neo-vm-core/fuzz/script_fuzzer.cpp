// libFuzzer harness: runs arbitrary bytes as a Neo N3 script under a small gas limit.
//
// Build (clang): clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-exceptions -fno-rtti
//   -Ineo-vm-core/include neo-vm-core/fuzz/script_fuzzer.cpp neo-vm-core/src/*.cpp -o script_fuzzer
//
// Invariants checked on every input: execution ends in HALT or FAULT (never stays NONE/BREAK, never crashes),
// the reference count never goes negative nor above MaxStackSize after HALT, a FAULT carries a reason, and
// gas consumed never exceeds the limit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "neo/vm/engine.hpp"

namespace {

neo::vm::InteropObject g_object;

// Mirrors the conformance test engine: one service that pushes an interop object, one that throws.
bool fuzz_syscall(void*, neo::vm::Engine& engine, std::uint32_t id) {
  if (id == 0x77777777u) {
    engine.push(neo::vm::StackItem::interop(&g_object));
    return true;
  }
  if (id == 0xaddeaddeu) {
    engine.throw_exception("error");
    return true;
  }
  return false;
}

constexpr std::uint64_t kGasLimit = 2'000'000;  // ~ 66k cheap opcodes at the default fee factor of 30

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  neo::vm::Engine engine;
  engine.set_gas_limit(kGasLimit);
  engine.set_syscall_handler(&fuzz_syscall, nullptr);
  engine.set_gc_threshold(64);  // the harness holds no compound items, so collection is always allowed
  if (!engine.load_script(std::span<const std::uint8_t>(data, size))) return 0;
  const neo::vm::VMState state = engine.execute();
  if (state != neo::vm::VMState::Halt && state != neo::vm::VMState::Fault) std::abort();
  if (state == neo::vm::VMState::Fault && engine.fault_reason().empty()) std::abort();
  if (engine.reference_count() < 0) std::abort();
  if (state == neo::vm::VMState::Halt &&
      engine.reference_count() > static_cast<std::int32_t>(engine.limits().max_stack_size))
    std::abort();
  if (engine.gas_consumed() > kGasLimit + 32768ull * 30) std::abort();  // at most one opcode past the limit
  return 0;
}
