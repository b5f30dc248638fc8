// The interpreter: one switch-dispatched loop over the opcode byte, with every fault reported as a value.
#include "neo/vm/engine.hpp"

#include <algorithm>
#include <cstring>

#include "engine_internal.hpp"

namespace neo::vm {

const char* vm_state_name(VMState state) noexcept {
  switch (state) {
    case VMState::None:
      return "NONE";
    case VMState::Halt:
      return "HALT";
    case VMState::Fault:
      return "FAULT";
    case VMState::Break:
      return "BREAK";
  }
  return "UNKNOWN";
}

// -----------------------------------------------------------------------------------------------------------
// Engine: construction, reference counting, contexts
// -----------------------------------------------------------------------------------------------------------

namespace {

void destroy_compound(CompoundObject* obj) {
  if (obj->type == StackItemType::Map) {
    delete static_cast<MapObject*>(obj);
  } else {
    delete static_cast<ArrayObject*>(obj);
  }
}

void mark_from(const StackItem& root, std::vector<CompoundObject*>& pending) {
  if (!root.is_compound() || root.compound_object()->gc_mark) return;
  root.compound_object()->gc_mark = true;
  pending.push_back(root.compound_object());
}

}  // namespace

Engine::Engine(const ExecutionEngineLimits& limits) noexcept : limits_(limits) { set_exec_fee_factor(30); }

Engine::~Engine() {
  // Drop every stack / slot handle first, then free the arena (compounds may reference each other in cycles).
  contexts_.clear();
  shared_states_.clear();
  slots_.clear();
  result_stack_.clear();
  uncaught_ = StackItem();
  for (CompoundObject* obj : arena_) {
    if (obj->type == StackItemType::Map) {
      static_cast<MapObject*>(obj)->clear();
    } else {
      static_cast<ArrayObject*>(obj)->items.clear();
    }
  }
  for (CompoundObject* obj : arena_) destroy_compound(obj);
}

namespace {

// Instruction sizes of the opcodes whose operand has a fixed size (opcode byte + operand); 0 for length-
// prefixed operands and undefined opcodes.
constexpr std::array<std::uint8_t, 256> make_fixed_instruction_sizes() noexcept {
  std::array<std::uint8_t, 256> sizes{};
  for (std::size_t i = 0; i < 256; ++i) {
    if (kOpCodeTable[i].defined && kOpCodeTable[i].size_prefix == 0)
      sizes[i] = static_cast<std::uint8_t>(1 + kOpCodeTable[i].operand_size);
  }
  return sizes;
}
constexpr std::array<std::uint8_t, 256> kFixedInstructionSize = make_fixed_instruction_sizes();
static_assert(kFixedInstructionSize[static_cast<std::uint8_t>(OpCode::PUSHINT256)] == 33, "fits 6 bits");

}  // namespace

void Engine::set_exec_fee_factor(std::uint32_t factor) noexcept {
  // Hosts set the factor right after construction, usually to the default the constructor already applied:
  // the table is only ever filled for exec_fee_factor_, so a table filled for the same factor is kept (2,000
  // guest cycles per run). PUSH0's entry is 0 in a fresh table and never 0 once filled (its size bits).
  const auto push0 = static_cast<std::uint8_t>(OpCode::PUSH0);
  if (factor == exec_fee_factor_ && fast_decode_[push0] != 0) return;
  exec_fee_factor_ = factor;
  for (std::size_t i = 0; i < 256; ++i) {
    const std::uint64_t fee = static_cast<std::uint64_t>(kOpCodeTable[i].price) * factor;
    fast_decode_[i] = fee < (1u << 26) ? static_cast<std::uint32_t>(fee << 6) | kFixedInstructionSize[i] : 0u;
  }
}

bool Engine::add_gas(std::uint64_t amount) noexcept {
  gas_consumed_ += amount;
  if (gas_consumed_ > gas_limit_) return fault("Insufficient GAS.");
  return true;
}

ArrayObject* Engine::new_array(StackItemType type) {
  auto* obj = new ArrayObject(type);
  arena_.push_back(obj);
  return obj;
}

MapObject* Engine::new_map() {
  auto* obj = new MapObject();
  arena_.push_back(obj);
  return obj;
}

std::size_t Engine::collect_garbage() {
  std::vector<CompoundObject*> pending;
  for (const auto& shared : shared_states_) {
    for (const StackItem& item : shared->evaluation_stack) mark_from(item, pending);
    for (const StackItem& item : shared->static_fields) mark_from(item, pending);
  }
  for (const StackItem& item : slots_) mark_from(item, pending);
  for (const StackItem& item : result_stack_) mark_from(item, pending);
  mark_from(uncaught_, pending);
  while (!pending.empty()) {
    CompoundObject* obj = pending.back();
    pending.pop_back();
    if (obj->type == StackItemType::Map) {
      for (const MapEntry& entry : static_cast<MapObject*>(obj)->entries) mark_from(entry.value, pending);
    } else {
      for (const StackItem& child : static_cast<ArrayObject*>(obj)->items) mark_from(child, pending);
    }
  }
  std::size_t kept = 0;
  std::vector<CompoundObject*> garbage;
  for (CompoundObject* obj : arena_) {
    if (obj->gc_mark) {
      obj->gc_mark = false;
      arena_[kept++] = obj;
    } else {
      garbage.push_back(obj);
    }
  }
  arena_.resize(kept);
  // Unreachable objects may point at each other: empty them all before deleting any.
  for (CompoundObject* obj : garbage) {
    if (obj->type == StackItemType::Map) {
      static_cast<MapObject*>(obj)->clear();
    } else {
      static_cast<ArrayObject*>(obj)->items.clear();
    }
  }
  for (CompoundObject* obj : garbage) destroy_compound(obj);
  return garbage.size();
}

bool Engine::fault(std::string_view reason) noexcept {
  state_ = VMState::Fault;
  fault_reason_len_ = std::min(reason.size(), fault_reason_.size());
  std::memcpy(fault_reason_.data(), reason.data(), fault_reason_len_);
  return false;
}

// N3 reference counter v2: the global count moves by one per reference; a compound's children are counted
// while the compound itself is referenced (0 -> 1 adds them, 1 -> 0 removes them). add_ref / remove_ref are
// inline in engine.hpp.
void Engine::add_compound_ref(CompoundObject* obj) noexcept {
  if (++obj->stack_refs != 1) return;
  if (obj->type == StackItemType::Map) {
    for (const MapEntry& e : static_cast<MapObject*>(obj)->entries) {
      add_ref(e.key);
      add_ref(e.value);
    }
  } else {
    for (const StackItem& child : static_cast<ArrayObject*>(obj)->items) add_ref(child);
  }
}

void Engine::remove_compound_ref(CompoundObject* obj) noexcept {
  // An unreferenced compound (reachable only through a cycle being torn down) is skipped entirely, so cyclic
  // graphs cannot drive the count negative (neo-vm#580 / neo-go#4312).
  if (obj->stack_refs <= 0) return;
  --refs_;
  if (--obj->stack_refs != 0) return;
  if (obj->type == StackItemType::Map) {
    for (const MapEntry& e : static_cast<MapObject*>(obj)->entries) {
      remove_ref(e.key);
      remove_ref(e.value);
    }
  } else {
    for (const StackItem& child : static_cast<ArrayObject*>(obj)->items) remove_ref(child);
  }
}

void Engine::push(StackItem item) {
  if (contexts_.empty()) {
    add_ref(item);
    result_stack_.push_back(std::move(item));
    return;
  }
  add_ref(item);
  contexts_.back().evaluation_stack().push_back(std::move(item));
}

bool Engine::pop(StackItem& out) {
  if (contexts_.empty() || contexts_.back().evaluation_stack().empty())
    return fault("The evaluation stack is empty.");
  auto& st = contexts_.back().evaluation_stack();
  out = std::move(st.back());
  st.pop_back();
  remove_ref(out);
  return true;
}

bool Engine::peek(std::size_t index_from_top, StackItem& out) {
  if (contexts_.empty()) return fault("No execution context.");
  auto& st = contexts_.back().evaluation_stack();
  if (index_from_top >= st.size()) return fault("Peek out of bounds.");
  out = st[st.size() - 1 - index_from_top];
  return true;
}

bool Engine::load_context(SharedContextState* shared, std::int32_t rvcount, std::uint32_t position) {
  if (contexts_.size() >= limits_.max_invocation_stack_size) {
    detail::Message m;
    m << "MaxInvocationStackSize exceed: " << static_cast<std::int64_t>(contexts_.size());
    return fault(m.view());
  }
  if (position > shared->script->size()) {
    detail::Message m;
    m << "Out of script bounds: " << static_cast<std::int64_t>(position) << "/"
      << static_cast<std::int64_t>(shared->script->size());
    return fault(m.view());
  }
  ExecutionContext ctx;
  ctx.shared = shared;
  ctx.instruction_pointer = position;
  ctx.rvcount = rvcount;
  ctx.slot_base = static_cast<std::uint32_t>(slots_.size());
  ctx.locals_offset = ctx.args_offset = ctx.slot_base;
  contexts_.push_back(std::move(ctx));
  return true;
}

bool Engine::load_script(std::span<const std::uint8_t> script, std::int32_t rvcount,
                         std::uint32_t initial_position) {
  if (rvcount < -1 || rvcount > 65535) return fault("rvcount out of range.");
  scripts_.push_back(std::make_unique<Script>(script));
  auto shared = std::make_unique<SharedContextState>();
  shared->script = scripts_.back().get();
  shared->evaluation_stack.reserve(32);
  SharedContextState* raw = shared.get();
  shared_states_.push_back(std::move(shared));
  return load_context(raw, rvcount, initial_position);
}

bool Engine::call(std::uint32_t position) {
  if (contexts_.empty()) return fault("No execution context.");
  return load_context(contexts_.back().shared, 0, position);
}

void Engine::context_unloaded(ExecutionContext& ctx) {
  const SharedContextState* next_shared =
      contexts_.size() >= 2 ? contexts_[contexts_.size() - 2].shared : nullptr;
  if (ctx.shared != next_shared) {
    // The last context of this script is gone: its static fields and evaluation stack are unreachable.
    if (ctx.shared->has_static_fields) {
      for (const StackItem& item : ctx.shared->static_fields) remove_ref(item);
      ctx.shared->static_fields.clear();
      ctx.shared->has_static_fields = false;
    }
    for (const StackItem& item : ctx.shared->evaluation_stack) remove_ref(item);
    ctx.shared->evaluation_stack.clear();
  }
  for (std::uint32_t i = 0; i < ctx.locals_count; ++i) remove_ref(slots_[ctx.locals_offset + i]);
  for (std::uint32_t i = 0; i < ctx.args_count; ++i) remove_ref(slots_[ctx.args_offset + i]);
  slots_.resize(ctx.slot_base);
}

void Engine::pop_context() {
  context_unloaded(contexts_.back());
  contexts_.pop_back();
}

bool Engine::execute_ret() {
  ExecutionContext& ctx = contexts_.back();
  std::vector<StackItem>& source = ctx.evaluation_stack();
  std::vector<StackItem>& target =
      contexts_.size() == 1 ? result_stack_ : contexts_[contexts_.size() - 2].evaluation_stack();
  std::uint32_t returned = 0;
  if (&source != &target) {
    if (ctx.rvcount >= 0 && source.size() != static_cast<std::size_t>(ctx.rvcount)) {
      detail::Message m;
      m << "Return value count mismatch: expected " << static_cast<std::int64_t>(ctx.rvcount) << ", but got "
        << static_cast<std::int64_t>(source.size()) << " items on the evaluation stack";
      return fault(m.view());
    }
    // The items move to the caller's stack: their references are transferred, not recounted.
    for (StackItem& item : source) target.push_back(std::move(item));
    returned = static_cast<std::uint32_t>(source.size());
    source.clear();
  }
  const bool halt = contexts_.size() == 1;
  const SharedContextState* unloaded = ctx.shared;
  pop_context();
  if (halt) state_ = VMState::Halt;
  if (unloaded_handler_ != nullptr) return unloaded_handler_(unloaded_host_, *this, unloaded, returned);
  return true;
}

bool Engine::execute_throw(StackItem exception) {
  uncaught_ = std::move(exception);
  has_uncaught_ = true;
  std::size_t unwind = 0;
  for (std::size_t i = contexts_.size(); i-- > 0;) {
    ExecutionContext* ctx = &contexts_[i];
    while (!ctx->try_stack.empty()) {
      ExceptionHandlingContext& t = ctx->try_stack.back();
      if (t.state == ExceptionHandlingState::Finally ||
          (t.state == ExceptionHandlingState::Catch && !t.has_finally())) {
        ctx->try_stack.pop_back();
        continue;
      }
      for (std::size_t k = 0; k < unwind; ++k) {
        const SharedContextState* unloaded = contexts_.back().shared;
        pop_context();
        if (unloaded_handler_ != nullptr && !unloaded_handler_(unloaded_host_, *this, unloaded, 0))
          return false;
      }
      ctx = &contexts_.back();
      ExceptionHandlingContext& handler = ctx->try_stack.back();
      std::int32_t target;
      if (handler.state == ExceptionHandlingState::Try && handler.has_catch()) {
        handler.state = ExceptionHandlingState::Catch;
        StackItem ex = std::move(uncaught_);
        uncaught_ = StackItem();
        has_uncaught_ = false;
        add_ref(ex);
        ctx->evaluation_stack().push_back(std::move(ex));
        target = handler.catch_pointer;
      } else {
        handler.state = ExceptionHandlingState::Finally;
        target = handler.finally_pointer;
      }
      if (target < 0 || static_cast<std::uint32_t>(target) > ctx->script().size()) {
        detail::Message m;
        m << "Out of script bounds: " << static_cast<std::int64_t>(target);
        return fault(m.view());
      }
      ctx->instruction_pointer = static_cast<std::uint32_t>(target);
      return true;
    }
    ++unwind;
  }
  detail::Message m;
  m << "An unhandled exception was thrown.";
  if (uncaught_.type() == StackItemType::ByteString) {
    const auto bytes = uncaught_.raw_bytes();
    m << " " << std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  } else {
    m << " (" << stack_item_type_name(uncaught_.type()) << ")";
  }
  return fault(m.view());
}

bool Engine::throw_exception(std::string_view message) {
  return execute_throw(StackItem::byte_string(
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(message.data()), message.size())));
}

void Engine::add_breakpoint(const Script* script, std::uint32_t position) {
  breakpoints_.push_back(Breakpoint{script, position});
}

bool Engine::remove_breakpoint(const Script* script, std::uint32_t position) noexcept {
  for (std::size_t i = 0; i < breakpoints_.size(); ++i) {
    if (breakpoints_[i].script == script && breakpoints_[i].position == position) {
      breakpoints_.erase(breakpoints_.begin() + static_cast<std::ptrdiff_t>(i));
      return true;
    }
  }
  return false;
}

bool Engine::is_breakpoint() const noexcept {
  if (contexts_.empty()) return false;
  const ExecutionContext& ctx = contexts_.back();
  for (const Breakpoint& b : breakpoints_) {
    if (b.script == ctx.shared->script && b.position == ctx.instruction_pointer) return true;
  }
  return false;
}

}  // namespace neo::vm
