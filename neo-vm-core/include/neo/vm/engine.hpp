// The Neo N3 execution engine: contexts, slots, exception handling, reference counting, gas and tracing.
//
// Semantics follow neo-project/neo-vm (ExecutionEngine + JumpTable) with the v2 (neo-go style) reference
// counter that is the default of the current reference: every item on an evaluation stack, in a slot or in a
// referenced compound counts once; a compound's children count while the compound itself is referenced.
//
// Faults are values: no C++ exceptions. An operation that throws in the reference either faults the engine
// (state Fault with a readable reason) or, for catchable engine errors, raises a VM exception that TRY blocks
// can catch.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "neo/vm/limits.hpp"
#include "neo/vm/opcode.hpp"
#include "neo/vm/stack_item.hpp"

namespace neo::vm {

enum class VMState : std::uint8_t { None = 0, Halt = 1, Fault = 2, Break = 4 };

const char* vm_state_name(VMState state) noexcept;

// An immutable script. The engine owns every script it loads, so PUSHDATA byte strings can view its bytes.
class Script {
 public:
  explicit Script(std::span<const std::uint8_t> bytes) : bytes_(bytes.begin(), bytes.end()) {}
  std::span<const std::uint8_t> bytes() const noexcept { return bytes_; }
  std::uint32_t size() const noexcept { return static_cast<std::uint32_t>(bytes_.size()); }
  const std::uint8_t* data() const noexcept { return bytes_.data(); }

 private:
  std::vector<std::uint8_t> bytes_;
};

enum class ExceptionHandlingState : std::uint8_t { Try, Catch, Finally };

struct ExceptionHandlingContext {
  std::int32_t catch_pointer = -1;    // -1: no catch block
  std::int32_t finally_pointer = -1;  // -1: no finally block
  std::int32_t end_pointer = -1;
  ExceptionHandlingState state = ExceptionHandlingState::Try;
  bool has_catch() const noexcept { return catch_pointer >= 0; }
  bool has_finally() const noexcept { return finally_pointer >= 0; }
};

// State shared between a context and the contexts created from it by CALL (same script, evaluation stack and
// static fields), as the reference's ExecutionContext.SharedStates.
struct SharedContextState {
  const Script* script = nullptr;
  std::vector<StackItem> evaluation_stack;  // bottom first
  std::vector<StackItem> static_fields;
  bool has_static_fields = false;
};

struct ExecutionContext {
  SharedContextState* shared = nullptr;
  std::uint32_t instruction_pointer = 0;
  std::int32_t rvcount = -1;
  // Locals and arguments live in the engine's slot arena (contexts are unloaded last-in first-out).
  std::uint32_t slot_base = 0;
  std::uint32_t locals_offset = 0, locals_count = 0;
  std::uint32_t args_offset = 0, args_count = 0;
  std::vector<ExceptionHandlingContext> try_stack;

  const Script& script() const noexcept { return *shared->script; }
  std::vector<StackItem>& evaluation_stack() const noexcept { return shared->evaluation_stack; }
};

// One record of the opt-in execution trace.
struct TraceRecord {
  std::uint64_t step;  // 0-based index of the executed instruction
  std::uint32_t ip;    // instruction pointer of the instruction
  OpCode opcode;
  std::uint64_t gas_consumed;  // after charging this instruction
  std::uint32_t stack_depth;   // evaluation stack depth before the instruction
};

// Trace policies: a template parameter of Engine::run, so the disabled case compiles to nothing.
struct NoTrace {
  static constexpr bool kEnabled = false;
  void on_step(const TraceRecord&) noexcept {}
};

struct VectorTrace {
  static constexpr bool kEnabled = true;
  std::vector<TraceRecord> records;
  void on_step(const TraceRecord& r) { records.push_back(r); }
};

class Engine;

// Host hooks: plain function pointers plus a context pointer, called only by SYSCALL / CALLT. Return false to
// fault (the engine records "Syscall not found" / "Token not found" unless the hook already faulted or
// threw).
using SyscallHandler = bool (*)(void* host, Engine& engine, std::uint32_t method_id);
using CalltHandler = bool (*)(void* host, Engine& engine, std::uint16_t token);
// Called after a context left the invocation stack, by RET (`returned` = the number of items it returned; the
// current context is then the caller, or none at HALT) or by exception unwinding (`returned` = 0,
// uncaught_exception() set). Hosts use it for what the reference's ContextUnloaded does. Return false to
// fault (the hook should have faulted with a reason).
using ContextUnloadedHandler = bool (*)(void* host, Engine& engine, const SharedContextState* unloaded,
                                        std::uint32_t returned);

class Engine {
 public:
  explicit Engine(const ExecutionEngineLimits& limits = ExecutionEngineLimits{}) noexcept;
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // --- configuration
  // ------------------------------------------------------------------------------------------
  const ExecutionEngineLimits& limits() const noexcept { return limits_; }
  void set_syscall_handler(SyscallHandler handler, void* host) noexcept {
    syscall_handler_ = handler;
    syscall_host_ = host;
  }
  void set_callt_handler(CalltHandler handler, void* host) noexcept {
    callt_handler_ = handler;
    callt_host_ = host;
  }
  void set_context_unloaded_handler(ContextUnloadedHandler handler, void* host) noexcept {
    unloaded_handler_ = handler;
    unloaded_host_ = host;
  }
  // Gas: fee per instruction = opcode price x exec fee factor. gas_limit 0 means unlimited.
  void set_exec_fee_factor(std::uint32_t factor) noexcept;
  std::uint32_t exec_fee_factor() const noexcept { return exec_fee_factor_; }
  void set_gas_limit(std::uint64_t limit) noexcept { gas_limit_ = limit == 0 ? UINT64_MAX : limit; }
  std::uint64_t gas_consumed() const noexcept { return gas_consumed_; }
  // Adds a fee (e.g. a syscall price); faults with "Insufficient GAS" past the limit. Returns false on fault.
  bool add_gas(std::uint64_t amount) noexcept;

  // --- loading
  // ------------------------------------------------------------------------------------------------ Copies
  // the script, creates a context for it and pushes it on the invocation stack. rvcount -1 = any. Returns
  // false (and faults) when the invocation stack is full or the position is outside the script.
  bool load_script(std::span<const std::uint8_t> script, std::int32_t rvcount = -1,
                   std::uint32_t initial_position = 0);

  // --- execution
  // ----------------------------------------------------------------------------------------------
  VMState execute();    // from Break/None until Halt or Fault (or a breakpoint)
  VMState step_into();  // one instruction; Break afterwards unless Halt/Fault
  VMState step_over();  // one instruction, running through calls it makes
  VMState step_out();   // until the current context returns
  void execute_next();  // the reference's ExecuteNext: one instruction, state untouched unless Halt/Fault

  // Runs instructions with a trace policy until the state leaves None or max_steps instructions ran.
  template <class Tracer>
  VMState run(Tracer& tracer, std::uint64_t max_steps = UINT64_MAX);

  void add_breakpoint(const Script* script, std::uint32_t position);
  bool remove_breakpoint(const Script* script, std::uint32_t position) noexcept;

  VMState state() const noexcept { return state_; }
  void set_state(VMState s) noexcept { state_ = s; }
  std::string_view fault_reason() const noexcept { return {fault_reason_.data(), fault_reason_len_}; }
  std::uint64_t instructions_executed() const noexcept { return steps_; }

  // --- inspection
  // ---------------------------------------------------------------------------------------------
  std::size_t invocation_depth() const noexcept { return contexts_.size(); }
  // index 0 = the current (top) context, as the reference enumerates its Stack<ExecutionContext>.
  const ExecutionContext& context(std::size_t index_from_top) const noexcept {
    return contexts_[contexts_.size() - 1 - index_from_top];
  }
  const ExecutionContext* current_context() const noexcept {
    return contexts_.empty() ? nullptr : &contexts_.back();
  }
  std::span<const StackItem> locals(const ExecutionContext& ctx) const noexcept {
    return {slots_.data() + ctx.locals_offset, ctx.locals_count};
  }
  std::span<const StackItem> arguments(const ExecutionContext& ctx) const noexcept {
    return {slots_.data() + ctx.args_offset, ctx.args_count};
  }
  std::span<const StackItem> static_fields(const ExecutionContext& ctx) const noexcept {
    return ctx.shared->static_fields;
  }
  const std::vector<StackItem>& result_stack() const noexcept { return result_stack_; }
  // The reference counter's count (the `refs` figure of the conformance suite).
  std::int32_t reference_count() const noexcept { return refs_; }
  const StackItem* uncaught_exception() const noexcept { return has_uncaught_ ? &uncaught_ : nullptr; }

  // --- host API (for syscall / callt hooks)
  // -------------------------------------------------------------------
  void push(StackItem item);  // counts a reference
  bool pop(StackItem& out);   // false (and fault) on an empty stack
  bool peek(std::size_t index_from_top, StackItem& out);
  // Faults the engine with a reason (uncatchable). Always returns false for `return engine.fault(...)`.
  bool fault(std::string_view reason) noexcept;
  // Raises a catchable VM exception carrying `message` (a ByteString), as the reference's ExecuteThrow.
  bool throw_exception(std::string_view message);
  // New compound objects owned by this engine.
  ArrayObject* new_array(StackItemType type = StackItemType::Array);
  MapObject* new_map();
  // Loads a context for another part of the current script (what CALL does). Returns false on fault.
  bool call(std::uint32_t position);

  // --- memory
  // ---------------------------------------------------------------------------------------------------
  // Compound objects (which may form cycles) live in an engine-owned arena and are freed with the engine.
  // collect_garbage() frees those unreachable from the engine's roots (evaluation stacks, slots, static
  // fields, the result stack and the pending exception) and returns how many were freed. Only call it (or
  // enable the automatic collection) when the host holds no StackItem of its own that refers to a compound.
  std::size_t collect_garbage();
  // Collects automatically after an instruction once the arena holds `threshold` objects (0 = never,
  // default).
  void set_gc_threshold(std::size_t threshold) noexcept { gc_threshold_ = gc_next_ = threshold; }
  std::size_t compound_objects() const noexcept { return arena_.size(); }

 private:
  struct Breakpoint {
    const Script* script;
    std::uint32_t position;
  };

  template <class Tracer>
  bool step(Tracer& tracer);
  void charge_and_execute_one();

  // reference counting (N3 v2)
  void add_ref(const StackItem& item) noexcept;
  void remove_ref(const StackItem& item) noexcept;
  void add_compound_ref(CompoundObject* obj) noexcept;
  void remove_compound_ref(CompoundObject* obj) noexcept;

  bool load_context(SharedContextState* shared, std::int32_t rvcount, std::uint32_t position);
  void context_unloaded(ExecutionContext& ctx);
  void pop_context();
  bool execute_throw(StackItem exception);
  bool execute_ret();
  bool is_breakpoint() const noexcept;

  friend struct Interpreter;

  ExecutionEngineLimits limits_;
  VMState state_ = VMState::Break;
  std::vector<ExecutionContext> contexts_;
  std::vector<std::unique_ptr<Script>> scripts_;
  std::vector<std::unique_ptr<SharedContextState>> shared_states_;
  std::vector<StackItem> slots_;
  std::vector<StackItem> result_stack_;
  std::vector<CompoundObject*> arena_;
  std::vector<Breakpoint> breakpoints_;
  std::int32_t refs_ = 0;
  StackItem uncaught_;
  bool has_uncaught_ = false;

  SyscallHandler syscall_handler_ = nullptr;
  void* syscall_host_ = nullptr;
  CalltHandler callt_handler_ = nullptr;
  void* callt_host_ = nullptr;
  ContextUnloadedHandler unloaded_handler_ = nullptr;
  void* unloaded_host_ = nullptr;

  std::uint32_t exec_fee_factor_ = 30;
  std::uint64_t gas_consumed_ = 0;
  std::uint64_t gas_limit_ = UINT64_MAX;
  // Per opcode, for the interpreter's fast loop: the instruction size when the operand has a fixed size (bits
  // 0-5; 0 for a length-prefixed operand or an undefined opcode) and the fee, price x exec fee factor (bits
  // 6-31). An entry of 0 (a fee too large for 26 bits) sends the opcode to the general path, which computes
  // fees in 64 bits.
  std::array<std::uint32_t, 256> fast_decode_{};
  std::uint64_t steps_ = 0;

  std::size_t gc_threshold_ = 0;
  std::size_t gc_next_ = 0;

  std::array<char, 160> fault_reason_{};
  std::size_t fault_reason_len_ = 0;
};

// The reference counter's per-item steps run on every push and pop: inline, with the compound case (which
// may cascade into children) out of line.
inline void Engine::add_ref(const StackItem& item) noexcept {
  ++refs_;
  if (item.is_compound()) add_compound_ref(item.compound_object());
}

inline void Engine::remove_ref(const StackItem& item) noexcept {
  if (item.is_compound()) {
    remove_compound_ref(item.compound_object());
  } else {
    --refs_;
  }
}

extern template VMState Engine::run<NoTrace>(NoTrace&, std::uint64_t);
extern template VMState Engine::run<VectorTrace>(VectorTrace&, std::uint64_t);

}  // namespace neo::vm
