// The interpreter loop: fetch, decode, charge gas, trace (compile-time policy), dispatch through one switch.
//
// Every handler returns false after recording a fault (Engine::fault) or after raising a VM exception that
// nobody catches. Catchable engine errors (the reference's CatchableException) go through execute_throw.
#include <algorithm>
#include <cstring>

#include "engine_internal.hpp"
#include "neo/vm/engine.hpp"

namespace neo::vm {

using detail::Message;
using detail::read_i32;
using detail::read_i64;
using detail::read_u16;
using detail::read_u32;

struct Interpreter {
  using Stack = std::vector<StackItem>;

  // ---- stack primitives
  // -----------------------------------------------------------------------------------------
  static bool underflow(Engine& e) {
    return e.fault("The evaluation stack is empty or too small for the operation.");
  }

  static bool pop(Engine& e, Stack& st, StackItem& out) {
    if (st.empty()) return underflow(e);
    out = std::move(st.back());
    st.pop_back();
    e.remove_ref(out);
    return true;
  }
  // Pops without touching the reference count: the reference is transferred to wherever the item goes next.
  static bool pop_no_ref(Engine& e, Stack& st, StackItem& out) {
    if (st.empty()) return underflow(e);
    out = std::move(st.back());
    st.pop_back();
    return true;
  }
  static void push(Engine& e, Stack& st, StackItem item) {
    e.add_ref(item);
    st.push_back(std::move(item));
  }
  static void push_int(Engine& e, Stack& st, std::int64_t v) {
    ++e.refs_;
    st.push_back(StackItem::integer(v));
  }
  static void push_bool(Engine& e, Stack& st, bool v) {
    ++e.refs_;
    st.push_back(StackItem::boolean(v));
  }
  static void push_integer(Engine& e, Stack& st, const Integer& v) {
    ++e.refs_;
    st.push_back(StackItem::integer(v));
  }

  static bool type_error(Engine& e, const char* what, const StackItem& item) {
    Message m;
    m << what << ": unexpected type " << stack_item_type_name(item.type());
    return e.fault(m.view());
  }

  static bool pop_integer(Engine& e, Stack& st, Integer& out) {
    StackItem x;
    if (!pop(e, st, x)) return false;
    if (!get_integer(x, out)) return type_error(e, "Can not convert to an integer", x);
    return true;
  }

  // (int)BigInteger in the reference: values outside int32 throw.
  static bool pop_int32(Engine& e, Stack& st, std::int32_t& out) {
    if (st.empty()) return underflow(e);
    const StackItem& top = st.back();
    if (top.is_small_integer()) {
      const std::int64_t v = top.small_integer();
      st.pop_back();
      --e.refs_;
      if (v < INT32_MIN || v > INT32_MAX)
        return e.fault("Value was either too large or too small for an Int32.");
      out = static_cast<std::int32_t>(v);
      return true;
    }
    Integer v;
    if (!pop_integer(e, st, v)) return false;
    if (!v.fits_int64() || v.to_int64() < INT32_MIN || v.to_int64() > INT32_MAX)
      return e.fault("Value was either too large or too small for an Int32.");
    out = static_cast<std::int32_t>(v.to_int64());
    return true;
  }

  static bool pop_bool(Engine& e, Stack& st, bool& out) {
    if (st.empty()) return underflow(e);
    StackItem x;
    pop(e, st, x);
    if (!get_boolean(x, out)) return type_error(e, "Can not convert to a boolean", x);
    return true;
  }

  static bool pop_primitive(Engine& e, Stack& st, StackItem& out) {
    if (!pop(e, st, out)) return false;
    if (!out.is_primitive()) return type_error(e, "A primitive type was expected", out);
    return true;
  }

  static bool check_map_key(Engine& e, const StackItem& key) {
    const std::uint32_t size = primitive_size(key);
    if (size > ExecutionEngineLimits::kMaxMapKeySize) {
      Message m;
      m << "MaxKeySize exceed: " << static_cast<std::int64_t>(size);
      return e.fault(m.view());
    }
    return true;
  }

  static MapEntry* map_find(MapObject* map, const StackItem& key) { return map->find(key); }

  static bool check_item_size(Engine& e, std::int64_t size) {
    if (size < 0 || size > static_cast<std::int64_t>(e.limits_.max_item_size)) {
      Message m;
      m << "MaxItemSize exceed: " << size;
      return e.fault(m.view());
    }
    return true;
  }

  static bool check_shift(Engine& e, std::int32_t shift) {
    if (shift < 0 || shift > static_cast<std::int32_t>(e.limits_.max_shift)) {
      Message m;
      m << "Invalid shift value: " << static_cast<std::int64_t>(shift);
      return e.fault(m.view());
    }
    return true;
  }

  // A catchable engine error (CatchableException): a VM exception when the limits allow it, otherwise a
  // fault.
  static bool catchable(Engine& e, std::string_view message) {
    if (!e.limits_.catch_engine_exceptions) return e.fault(message);
    return e.throw_exception(message);
  }

  // Removes the item `index` places below the top (EvaluationStack.Remove).
  static bool remove_at(Engine& e, Stack& st, std::int64_t index, StackItem& out) {
    if (index < 0 || static_cast<std::uint64_t>(index) >= st.size())
      return e.fault("Index out of range of the evaluation stack.");
    const std::size_t pos = st.size() - 1 - static_cast<std::size_t>(index);
    out = std::move(st[pos]);
    st.erase(st.begin() + static_cast<std::ptrdiff_t>(pos));
    e.remove_ref(out);
    return true;
  }

  static bool reverse_top(Engine& e, Stack& st, std::int64_t n) {
    if (n < 0 || static_cast<std::uint64_t>(n) > st.size())
      return e.fault("Invalid count for the evaluation stack reverse.");
    if (n <= 1) return true;
    std::reverse(st.end() - static_cast<std::ptrdiff_t>(n), st.end());
    return true;
  }

  // ---- compound helpers
  // --------------------------------------------------------------------------------------------
  // Struct.Clone: breadth-first copy of nested structs, at most MaxStackSize - 1 sub-items.
  static bool clone_struct(Engine& e, ArrayObject* source, StackItem& out) {
    std::int64_t budget = static_cast<std::int64_t>(e.limits_.max_stack_size) - 1;
    ArrayObject* result = e.new_array(StackItemType::Struct);
    std::vector<std::pair<ArrayObject*, ArrayObject*>> queue;
    queue.emplace_back(result, source);
    for (std::size_t head = 0; head < queue.size(); ++head) {
      ArrayObject* dst = queue[head].first;
      ArrayObject* src = queue[head].second;
      dst->items.reserve(src->items.size());
      for (const StackItem& item : src->items) {
        if (--budget < 0) return e.fault("Beyond struct subitem clone limits!");
        if (item.type() == StackItemType::Struct) {
          ArrayObject* child = e.new_array(StackItemType::Struct);
          dst->items.push_back(StackItem::compound(child));
          queue.emplace_back(child, item.array_object());
        } else {
          dst->items.push_back(item);
        }
      }
    }
    out = StackItem::compound(result);
    return true;
  }

  // ByteString.Equals(other, ref limits): charges max(size_a, size_b) (at least 1) against the comparable
  // budget.
  static int byte_string_equals(Engine& e, const StackItem& a, const StackItem& b, std::uint32_t& budget) {
    const auto x = a.raw_bytes();
    if (x.size() > budget || budget == 0) {
      e.fault("The operand exceeds the maximum comparable size.");
      return -1;
    }
    std::uint32_t charged = 1;
    int result;
    if (b.type() != StackItemType::ByteString) {
      result = 0;
    } else {
      const auto y = b.raw_bytes();
      charged = std::max<std::uint32_t>(static_cast<std::uint32_t>(std::max(x.size(), y.size())), 1);
      if (a.same_as(b)) {
        result = 1;
      } else if (y.size() > budget) {
        e.fault("The operand exceeds the maximum comparable size.");
        return -1;
      } else {
        result = x.size() == y.size() && (x.empty() || std::memcmp(x.data(), y.data(), x.size()) == 0);
      }
    }
    budget -= std::min(budget, charged);
    return result;
  }

  // StackItem.Equals(other) for everything but ByteString and Struct (which need limits).
  static bool plain_equals(const StackItem& a, const StackItem& b) {
    if (a.type() != b.type()) return false;
    switch (a.type()) {
      case StackItemType::Any:
        return true;
      case StackItemType::Boolean:
        return a.boolean_value() == b.boolean_value();
      case StackItemType::Integer:
      case StackItemType::ByteString:
        return map_key_equals(a, b);
      case StackItemType::Pointer:
        return a.pointer_script() == b.pointer_script() && a.pointer_position() == b.pointer_position();
      case StackItemType::InteropInterface:
        return a.interop_object() == b.interop_object();
      default:  // Buffer, Array, Struct, Map: reference equality
        return a.same_as(b);
    }
  }

  static int struct_equals(Engine& e, const StackItem& a0, const StackItem& b0) {
    if (b0.type() != StackItemType::Struct) return 0;
    std::vector<const StackItem*> s1{&a0}, s2{&b0};
    std::uint32_t count = e.limits_.max_stack_size;
    std::uint32_t budget = e.limits_.max_comparable_size;
    while (!s1.empty()) {
      if (count-- == 0) {
        e.fault("Too many struct items to compare.");
        return -1;
      }
      const StackItem* a = s1.back();
      const StackItem* b = s2.back();
      s1.pop_back();
      s2.pop_back();
      if (a->type() == StackItemType::ByteString) {
        const int r = byte_string_equals(e, *a, *b, budget);
        if (r != 1) return r;
      } else {
        if (budget == 0) {
          e.fault("The operand exceeds the maximum comparable size.");
          return -1;
        }
        budget -= 1;
        if (a->type() == StackItemType::Struct) {
          if (a->same_as(*b)) continue;
          if (b->type() != StackItemType::Struct) return 0;
          const auto& ia = a->array_object()->items;
          const auto& ib = b->array_object()->items;
          if (ia.size() != ib.size()) return 0;
          for (const StackItem& x : ia) s1.push_back(&x);
          for (const StackItem& x : ib) s2.push_back(&x);
        } else if (!plain_equals(*a, *b)) {
          return 0;
        }
      }
    }
    return 1;
  }

  // StackItem.Equals(other, limits): -1 on fault.
  static int equals(Engine& e, const StackItem& a, const StackItem& b) {
    if (a.type() == StackItemType::ByteString) {
      std::uint32_t budget = e.limits_.max_comparable_size;
      return byte_string_equals(e, a, b, budget);
    }
    if (a.type() == StackItemType::Struct) return struct_equals(e, a, b);
    return plain_equals(a, b) ? 1 : 0;
  }

  // StackItem.ConvertTo.
  static bool convert(Engine& e, const StackItem& x, std::uint8_t type_byte, StackItem& out) {
    const auto type = static_cast<StackItemType>(type_byte);
    if (x.is_null()) {
      if (type == StackItemType::Any || !is_defined_stack_item_type(type_byte))
        return convert_error(e, x, type_byte);
      out = x;
      return true;
    }
    if (type == x.type()) {
      out = x;
      return true;
    }
    switch (x.type()) {
      case StackItemType::Boolean:
      case StackItemType::Integer:
      case StackItemType::ByteString: {
        if (type == StackItemType::Integer) {
          Integer v;
          if (!get_integer(x, v)) return convert_error(e, x, type_byte);
          out = StackItem::integer(v);
          return true;
        }
        if (type == StackItemType::ByteString || type == StackItemType::Buffer) {
          ByteScratch scratch;
          std::span<const std::uint8_t> bytes;
          get_span(x, scratch, bytes);
          out = type == StackItemType::ByteString ? StackItem::byte_string(bytes) : StackItem::buffer(bytes);
          return true;
        }
        break;
      }
      case StackItemType::Buffer: {
        const auto bytes = x.raw_bytes();
        if (type == StackItemType::Integer) {
          Integer v;
          if (bytes.size() > Integer::kMaxSize || !Integer::from_le_bytes(bytes, v))
            return convert_error(e, x, type_byte);
          out = StackItem::integer(v);
          return true;
        }
        if (type == StackItemType::ByteString) {
          out = StackItem::byte_string(bytes);
          return true;
        }
        break;
      }
      case StackItemType::Array:
      case StackItemType::Struct: {
        if ((x.type() == StackItemType::Array && type == StackItemType::Struct) ||
            (x.type() == StackItemType::Struct && type == StackItemType::Array)) {
          ArrayObject* copy = e.new_array(type);
          copy->items = x.array_object()->items;
          out = StackItem::compound(copy);
          return true;
        }
        break;
      }
      default:
        break;
    }
    if (type == StackItemType::Boolean) {
      bool b;
      if (!get_boolean(x, b)) return convert_error(e, x, type_byte);
      out = StackItem::boolean(b);
      return true;
    }
    return convert_error(e, x, type_byte);
  }

  static bool convert_error(Engine& e, const StackItem& x, std::uint8_t type_byte) {
    Message m;
    m << "Can not convert " << stack_item_type_name(x.type()) << " to type 0x";
    const char hex[] = "0123456789ABCDEF";
    const char digits[2] = {hex[type_byte >> 4], hex[type_byte & 15]};
    m << std::string_view(digits, 2);
    return e.fault(m.view());
  }

  static bool jump(Engine& e, ExecutionContext& ctx, std::int64_t target) {
    if (target < 0 || target >= static_cast<std::int64_t>(ctx.script().size())) {
      Message m;
      m << "Jump out of range for position: " << target;
      return e.fault(m.view());
    }
    ctx.instruction_pointer = static_cast<std::uint32_t>(target);
    return true;
  }

  static bool set_ip(Engine& e, ExecutionContext& ctx, std::int64_t target) {
    if (target < 0 || target > static_cast<std::int64_t>(ctx.script().size())) {
      Message m;
      m << "Out of script bounds: " << target << "/" << static_cast<std::int64_t>(ctx.script().size());
      return e.fault(m.view());
    }
    ctx.instruction_pointer = static_cast<std::uint32_t>(target);
    return true;
  }

  static bool execute_try(Engine& e, ExecutionContext& ctx, std::uint32_t ip, std::int32_t catch_offset,
                          std::int32_t finally_offset) {
    if (catch_offset == 0 && finally_offset == 0)
      return e.fault("catchOffset and finallyOffset can't be 0 in a TRY block");
    if (ctx.try_stack.size() >= e.limits_.max_try_nesting_depth) return e.fault("MaxTryNestingDepth exceed.");
    ExceptionHandlingContext t;
    t.catch_pointer = catch_offset == 0 ? -1 : static_cast<std::int32_t>(ip) + catch_offset;
    t.finally_pointer = finally_offset == 0 ? -1 : static_cast<std::int32_t>(ip) + finally_offset;
    ctx.try_stack.push_back(t);
    return true;
  }

  static bool execute_end_try(Engine& e, ExecutionContext& ctx, std::uint32_t ip, std::int32_t end_offset) {
    if (ctx.try_stack.empty()) return e.fault("The corresponding TRY block cannot be found.");
    ExceptionHandlingContext& t = ctx.try_stack.back();
    if (t.state == ExceptionHandlingState::Finally)
      return e.fault("The opcode ENDTRY can't be executed in a FINALLY block.");
    const std::int64_t end = static_cast<std::int64_t>(ip) + end_offset;
    if (t.has_finally()) {
      t.state = ExceptionHandlingState::Finally;
      t.end_pointer = static_cast<std::int32_t>(end);
      return set_ip(e, ctx, t.finally_pointer);
    }
    ctx.try_stack.pop_back();
    return set_ip(e, ctx, end);
  }

  static bool load_slot(Engine& e, Stack& st, const StackItem* slot, std::uint32_t count, bool exists,
                        std::uint32_t index) {
    if (!exists) return e.fault("Slot has not been initialized.");
    if (index >= count) {
      Message m;
      m << "Index out of range when loading from slot: " << static_cast<std::int64_t>(index);
      return e.fault(m.view());
    }
    push(e, st, slot[index]);
    return true;
  }

  static bool store_slot(Engine& e, Stack& st, StackItem* slot, std::uint32_t count, bool exists,
                         std::uint32_t index) {
    if (!exists) return e.fault("Slot has not been initialized.");
    if (index >= count) {
      Message m;
      m << "Index out of range when storing to slot: " << static_cast<std::int64_t>(index);
      return e.fault(m.view());
    }
    StackItem value;
    if (!pop_no_ref(e, st, value)) return false;
    StackItem old = std::move(slot[index]);
    slot[index] = std::move(value);
    e.remove_ref(old);
    return true;
  }

  // Reads the span of a popped item (GetSpan): primitives and Buffer only.
  static bool span_of(Engine& e, const StackItem& x, ByteScratch& scratch,
                      std::span<const std::uint8_t>& out) {
    if (!get_span(x, scratch, out)) return type_error(e, "A byte sequence was expected", x);
    return true;
  }

  static bool index_of(const Integer& key, std::size_t size, std::size_t& index) {
    if (key.is_negative() || !key.fits_int64()) return false;
    const std::int64_t v = key.to_int64();
    if (static_cast<std::uint64_t>(v) >= size) return false;
    index = static_cast<std::size_t>(v);
    return true;
  }

  // noinline: run_fast is flattened and must not absorb the big switch.
  [[gnu::noinline]] static bool exec(Engine& e, std::uint8_t op, std::uint32_t ip,
                                     const std::uint8_t* operand, std::uint32_t operand_len);

  // ---- the fast loop (Engine::run without tracing or breakpoints)
  // ---------------------------------------------------------------------------------------------
  static void run_fast(Engine& e, std::uint64_t max_steps);
  static bool try_fast(Engine& e, ExecutionContext& ctx, Stack& st, std::uint8_t opcode, std::uint32_t ip,
                       const std::uint8_t* operand, std::uint32_t operand_len);
  // What Engine::step does after every executed instruction: automatic collection, the MaxStackSize check.
  static bool fast_load(Engine& e, Stack& st, bool room, const StackItem* slots, std::uint32_t count,
                        std::uint32_t index);
  static bool fast_store(Engine& e, Stack& st, StackItem* slots, std::uint32_t count, std::uint32_t index);
  static bool after_instruction(Engine& e);
  [[gnu::noinline]] static bool stack_size_exceeded(Engine& e);
  [[gnu::noinline]] static void step_general(Engine& e);
};

// -----------------------------------------------------------------------------------------------------------

bool Interpreter::exec(Engine& e, std::uint8_t opcode, std::uint32_t ip, const std::uint8_t* operand,
                       std::uint32_t operand_len) {
  ExecutionContext& ctx = e.contexts_.back();
  Stack& st = ctx.evaluation_stack();
  const auto op = static_cast<OpCode>(opcode);

  // Binary operation on two inline integers without overflow: replace in place (refs: -2 +1).
#define NEO_SMALL_BINARY(EXPR)                                                                          \
  if (st.size() >= 2 && st[st.size() - 1].is_small_integer() && st[st.size() - 2].is_small_integer()) { \
    const std::int64_t b = st[st.size() - 1].small_integer();                                           \
    const std::int64_t a = st[st.size() - 2].small_integer();                                           \
    EXPR                                                                                                \
  }

  switch (op) {
    // ---- constants
    // -----------------------------------------------------------------------------------------------
    case OpCode::PUSHINT8:
      push_int(e, st, static_cast<std::int8_t>(operand[0]));
      return true;
    case OpCode::PUSHINT16:
      push_int(e, st, static_cast<std::int16_t>(read_u16(operand)));
      return true;
    case OpCode::PUSHINT32:
      push_int(e, st, read_i32(operand));
      return true;
    case OpCode::PUSHINT64:
      push_int(e, st, read_i64(operand));
      return true;
    case OpCode::PUSHINT128:
    case OpCode::PUSHINT256: {
      Integer v;
      Integer::from_le_bytes(std::span<const std::uint8_t>(operand, operand_len), v);
      push_integer(e, st, v);
      return true;
    }
    case OpCode::PUSHT:
      push_bool(e, st, true);
      return true;
    case OpCode::PUSHF:
      push_bool(e, st, false);
      return true;
    case OpCode::PUSHA: {
      const std::int64_t target = static_cast<std::int64_t>(ip) + read_i32(operand);
      if (target < 0 || target > static_cast<std::int64_t>(ctx.script().size()))
        return e.fault("Bad pointer address.");
      ++e.refs_;
      st.push_back(StackItem::pointer(ctx.shared->script, static_cast<std::uint32_t>(target)));
      return true;
    }
    case OpCode::PUSHNULL:
      ++e.refs_;
      st.emplace_back();
      return true;
    case OpCode::PUSHDATA1:
    case OpCode::PUSHDATA2:
    case OpCode::PUSHDATA4:
      if (!check_item_size(e, operand_len)) return false;
      ++e.refs_;
      st.push_back(StackItem::byte_string_view(operand, operand_len));
      return true;
    case OpCode::PUSHM1:
    case OpCode::PUSH0:
    case OpCode::PUSH1:
    case OpCode::PUSH2:
    case OpCode::PUSH3:
    case OpCode::PUSH4:
    case OpCode::PUSH5:
    case OpCode::PUSH6:
    case OpCode::PUSH7:
    case OpCode::PUSH8:
    case OpCode::PUSH9:
    case OpCode::PUSH10:
    case OpCode::PUSH11:
    case OpCode::PUSH12:
    case OpCode::PUSH13:
    case OpCode::PUSH14:
    case OpCode::PUSH15:
    case OpCode::PUSH16:
      push_int(e, st, static_cast<std::int64_t>(opcode) - static_cast<std::int64_t>(OpCode::PUSH0));
      return true;

    // ---- flow control
    // --------------------------------------------------------------------------------------------
    case OpCode::NOP:
      return true;
    case OpCode::JMP:
      return jump(e, ctx, static_cast<std::int64_t>(ip) + static_cast<std::int8_t>(operand[0]));
    case OpCode::JMP_L:
      return jump(e, ctx, static_cast<std::int64_t>(ip) + read_i32(operand));
    case OpCode::JMPIF:
    case OpCode::JMPIF_L:
    case OpCode::JMPIFNOT:
    case OpCode::JMPIFNOT_L: {
      bool condition;
      if (!st.empty() && st.back().type() == StackItemType::Boolean) {
        condition = st.back().boolean_value();
        st.pop_back();
        --e.refs_;
      } else if (!st.empty() && st.back().is_small_integer()) {
        condition = st.back().small_integer() != 0;
        st.pop_back();
        --e.refs_;
      } else if (!pop_bool(e, st, condition)) {
        return false;
      }
      const bool want = op == OpCode::JMPIF || op == OpCode::JMPIF_L;
      if (condition != want) return true;
      const std::int64_t offset = (op == OpCode::JMPIF || op == OpCode::JMPIFNOT)
                                      ? static_cast<std::int8_t>(operand[0])
                                      : read_i32(operand);
      return jump(e, ctx, static_cast<std::int64_t>(ip) + offset);
    }
    case OpCode::JMPEQ:
    case OpCode::JMPEQ_L:
    case OpCode::JMPNE:
    case OpCode::JMPNE_L:
    case OpCode::JMPGT:
    case OpCode::JMPGT_L:
    case OpCode::JMPGE:
    case OpCode::JMPGE_L:
    case OpCode::JMPLT:
    case OpCode::JMPLT_L:
    case OpCode::JMPLE:
    case OpCode::JMPLE_L: {
      Integer x2, x1;
      if (!pop_integer(e, st, x2) || !pop_integer(e, st, x1)) return false;
      const int c = Integer::compare(x1, x2);
      bool taken = false;
      const std::uint8_t base =
          static_cast<std::uint8_t>(opcode & ~1u);  // short and _L variants share the test
      switch (static_cast<OpCode>(base)) {
        case OpCode::JMPEQ:
          taken = c == 0;
          break;
        case OpCode::JMPNE:
          taken = c != 0;
          break;
        case OpCode::JMPGT:
          taken = c > 0;
          break;
        case OpCode::JMPGE:
          taken = c >= 0;
          break;
        case OpCode::JMPLT:
          taken = c < 0;
          break;
        default:
          taken = c <= 0;
          break;  // JMPLE
      }
      if (!taken) return true;
      const std::int64_t offset = (opcode & 1u) ? read_i32(operand) : static_cast<std::int8_t>(operand[0]);
      return jump(e, ctx, static_cast<std::int64_t>(ip) + offset);
    }
    case OpCode::CALL:
    case OpCode::CALL_L: {
      const std::int64_t offset =
          op == OpCode::CALL ? static_cast<std::int8_t>(operand[0]) : read_i32(operand);
      const std::int64_t target = static_cast<std::int64_t>(ip) + offset;
      if (target < 0) return e.fault("Out of script bounds.");
      return e.call(static_cast<std::uint32_t>(target));
    }
    case OpCode::CALLA: {
      StackItem x;
      if (!pop(e, st, x)) return false;
      if (x.type() != StackItemType::Pointer) return type_error(e, "CALLA", x);
      if (x.pointer_script() != ctx.shared->script)
        return e.fault("Pointers can't be shared between scripts");
      return e.call(x.pointer_position());
    }
    case OpCode::CALLT: {
      const std::uint16_t token = read_u16(operand);
      if (e.callt_handler_ != nullptr && e.callt_handler_(e.callt_host_, e, token))
        return e.state_ != VMState::Fault;
      if (e.state_ == VMState::Fault) return false;
      Message m;
      m << "Token not found: " << static_cast<std::int64_t>(token);
      return e.fault(m.view());
    }
    case OpCode::ABORT:
      return e.fault("ABORT is executed.");
    case OpCode::ASSERT: {
      bool x;
      if (!pop_bool(e, st, x)) return false;
      if (!x) return e.fault("ASSERT is executed with false result.");
      return true;
    }
    case OpCode::THROW: {
      StackItem x;
      if (!pop(e, st, x)) return false;
      return e.execute_throw(std::move(x));
    }
    case OpCode::TRY:
      return execute_try(e, ctx, ip, static_cast<std::int8_t>(operand[0]),
                         static_cast<std::int8_t>(operand[1]));
    case OpCode::TRY_L:
      return execute_try(e, ctx, ip, read_i32(operand), read_i32(operand + 4));
    case OpCode::ENDTRY:
      return execute_end_try(e, ctx, ip, static_cast<std::int8_t>(operand[0]));
    case OpCode::ENDTRY_L:
      return execute_end_try(e, ctx, ip, read_i32(operand));
    case OpCode::ENDFINALLY: {
      if (ctx.try_stack.empty()) return e.fault("The corresponding TRY block cannot be found.");
      const ExceptionHandlingContext t = ctx.try_stack.back();
      ctx.try_stack.pop_back();
      if (!e.has_uncaught_) return set_ip(e, ctx, t.end_pointer);
      StackItem ex = e.uncaught_;
      return e.execute_throw(std::move(ex));
    }
    case OpCode::RET:
      return e.execute_ret();
    case OpCode::SYSCALL: {
      const std::uint32_t id = read_u32(operand);
      if (e.syscall_handler_ != nullptr && e.syscall_handler_(e.syscall_host_, e, id))
        return e.state_ != VMState::Fault;
      if (e.state_ == VMState::Fault) return false;
      Message m;
      m << "Syscall not found: " << static_cast<std::int64_t>(id);
      return e.fault(m.view());
    }

    // ---- stack
    // ---------------------------------------------------------------------------------------------------
    case OpCode::DEPTH:
      push_int(e, st, static_cast<std::int64_t>(st.size()));
      return true;
    case OpCode::DROP: {
      StackItem x;
      return pop(e, st, x);
    }
    case OpCode::NIP: {
      StackItem x;
      return remove_at(e, st, 1, x);
    }
    case OpCode::XDROP: {
      std::int32_t n;
      if (!pop_int32(e, st, n)) return false;
      if (n < 0) return e.fault("The negative value is invalid for XDROP.");
      StackItem x;
      return remove_at(e, st, n, x);
    }
    case OpCode::CLEAR:
      for (const StackItem& item : st) e.remove_ref(item);
      st.clear();
      return true;
    case OpCode::DUP:
      if (st.empty()) return underflow(e);
      e.add_ref(st.back());
      st.push_back(st.back());
      return true;
    case OpCode::OVER:
      if (st.size() < 2) return underflow(e);
      e.add_ref(st[st.size() - 2]);
      st.push_back(st[st.size() - 2]);
      return true;
    case OpCode::PICK: {
      std::int32_t n;
      if (!pop_int32(e, st, n)) return false;
      if (n < 0) return e.fault("The negative value is invalid for PICK.");
      if (static_cast<std::size_t>(n) >= st.size()) return underflow(e);
      const StackItem x = st[st.size() - 1 - static_cast<std::size_t>(n)];
      push(e, st, x);
      return true;
    }
    case OpCode::TUCK: {
      if (st.size() < 2) return underflow(e);
      const StackItem x = st.back();
      e.add_ref(x);
      st.insert(st.end() - 2, x);
      return true;
    }
    case OpCode::SWAP:
    case OpCode::ROT: {
      StackItem x;
      if (!remove_at(e, st, op == OpCode::SWAP ? 1 : 2, x)) return false;
      push(e, st, std::move(x));
      return true;
    }
    case OpCode::ROLL: {
      std::int32_t n;
      if (!pop_int32(e, st, n)) return false;
      if (n < 0) return e.fault("The negative value is invalid for ROLL.");
      if (n == 0) return true;
      StackItem x;
      if (!remove_at(e, st, n, x)) return false;
      push(e, st, std::move(x));
      return true;
    }
    case OpCode::REVERSE3:
      return reverse_top(e, st, 3);
    case OpCode::REVERSE4:
      return reverse_top(e, st, 4);
    case OpCode::REVERSEN: {
      std::int32_t n;
      if (!pop_int32(e, st, n)) return false;
      return reverse_top(e, st, n);
    }

    // ---- slots
    // ---------------------------------------------------------------------------------------------------
    case OpCode::INITSSLOT: {
      SharedContextState& shared = *ctx.shared;
      if (shared.has_static_fields) return e.fault("INITSSLOT cannot be executed twice.");
      if (operand[0] == 0) return e.fault("The operand is invalid for OpCode INITSSLOT.");
      shared.static_fields.assign(operand[0], StackItem());
      shared.has_static_fields = true;
      e.refs_ += operand[0];
      return true;
    }
    case OpCode::INITSLOT: {
      if (ctx.locals_count > 0 || ctx.args_count > 0) return e.fault("INITSLOT cannot be executed twice.");
      const std::uint32_t locals = operand[0];
      const std::uint32_t args = operand[1];
      if (locals == 0 && args == 0) return e.fault("The operand is invalid for OpCode INITSLOT.");
      if (args > st.size()) return underflow(e);
      std::vector<StackItem>& slots = e.slots_;
      if (locals > 0) {
        ctx.locals_offset = static_cast<std::uint32_t>(slots.size());
        slots.resize(slots.size() + locals);
        ctx.locals_count = locals;
        e.refs_ += static_cast<std::int32_t>(locals);
      }
      if (args > 0) {
        ctx.args_offset = static_cast<std::uint32_t>(slots.size());
        for (std::uint32_t i = 0; i < args; ++i) {
          StackItem x;
          pop_no_ref(e, st, x);  // the stack reference becomes the slot's
          slots.push_back(std::move(x));
        }
        ctx.args_count = args;
      }
      return true;
    }
    case OpCode::LDSFLD0:
    case OpCode::LDSFLD1:
    case OpCode::LDSFLD2:
    case OpCode::LDSFLD3:
    case OpCode::LDSFLD4:
    case OpCode::LDSFLD5:
    case OpCode::LDSFLD6:
    case OpCode::LDSFLD: {
      const std::uint32_t index =
          op == OpCode::LDSFLD ? operand[0] : opcode - static_cast<std::uint8_t>(OpCode::LDSFLD0);
      SharedContextState& shared = *ctx.shared;
      return load_slot(e, st, shared.static_fields.data(),
                       static_cast<std::uint32_t>(shared.static_fields.size()), shared.has_static_fields,
                       index);
    }
    case OpCode::STSFLD0:
    case OpCode::STSFLD1:
    case OpCode::STSFLD2:
    case OpCode::STSFLD3:
    case OpCode::STSFLD4:
    case OpCode::STSFLD5:
    case OpCode::STSFLD6:
    case OpCode::STSFLD: {
      const std::uint32_t index =
          op == OpCode::STSFLD ? operand[0] : opcode - static_cast<std::uint8_t>(OpCode::STSFLD0);
      SharedContextState& shared = *ctx.shared;
      return store_slot(e, st, shared.static_fields.data(),
                        static_cast<std::uint32_t>(shared.static_fields.size()), shared.has_static_fields,
                        index);
    }
    case OpCode::LDLOC0:
    case OpCode::LDLOC1:
    case OpCode::LDLOC2:
    case OpCode::LDLOC3:
    case OpCode::LDLOC4:
    case OpCode::LDLOC5:
    case OpCode::LDLOC6:
    case OpCode::LDLOC: {
      const std::uint32_t index =
          op == OpCode::LDLOC ? operand[0] : opcode - static_cast<std::uint8_t>(OpCode::LDLOC0);
      return load_slot(e, st, e.slots_.data() + ctx.locals_offset, ctx.locals_count, ctx.locals_count > 0,
                       index);
    }
    case OpCode::STLOC0:
    case OpCode::STLOC1:
    case OpCode::STLOC2:
    case OpCode::STLOC3:
    case OpCode::STLOC4:
    case OpCode::STLOC5:
    case OpCode::STLOC6:
    case OpCode::STLOC: {
      const std::uint32_t index =
          op == OpCode::STLOC ? operand[0] : opcode - static_cast<std::uint8_t>(OpCode::STLOC0);
      return store_slot(e, st, e.slots_.data() + ctx.locals_offset, ctx.locals_count, ctx.locals_count > 0,
                        index);
    }
    case OpCode::LDARG0:
    case OpCode::LDARG1:
    case OpCode::LDARG2:
    case OpCode::LDARG3:
    case OpCode::LDARG4:
    case OpCode::LDARG5:
    case OpCode::LDARG6:
    case OpCode::LDARG: {
      const std::uint32_t index =
          op == OpCode::LDARG ? operand[0] : opcode - static_cast<std::uint8_t>(OpCode::LDARG0);
      return load_slot(e, st, e.slots_.data() + ctx.args_offset, ctx.args_count, ctx.args_count > 0, index);
    }
    case OpCode::STARG0:
    case OpCode::STARG1:
    case OpCode::STARG2:
    case OpCode::STARG3:
    case OpCode::STARG4:
    case OpCode::STARG5:
    case OpCode::STARG6:
    case OpCode::STARG: {
      const std::uint32_t index =
          op == OpCode::STARG ? operand[0] : opcode - static_cast<std::uint8_t>(OpCode::STARG0);
      return store_slot(e, st, e.slots_.data() + ctx.args_offset, ctx.args_count, ctx.args_count > 0, index);
    }

    // ---- splice
    // --------------------------------------------------------------------------------------------------
    case OpCode::NEWBUFFER: {
      std::int32_t length;
      if (!pop_int32(e, st, length)) return false;
      if (!check_item_size(e, length)) return false;
      push(e, st, StackItem::buffer(static_cast<std::uint32_t>(length)));
      return true;
    }
    case OpCode::MEMCPY: {
      std::int32_t count, si, di;
      if (!pop_int32(e, st, count)) return false;
      if (count < 0) return e.fault("The count can not be negative for MEMCPY.");
      if (!pop_int32(e, st, si)) return false;
      if (si < 0) return e.fault("The source index can not be negative for MEMCPY.");
      StackItem src_item;
      if (!pop(e, st, src_item)) return false;
      ByteScratch scratch;
      std::span<const std::uint8_t> src;
      if (!span_of(e, src_item, scratch, src)) return false;
      if (static_cast<std::int64_t>(si) + count > static_cast<std::int64_t>(src.size()))
        return e.fault("The source range is out of bounds for MEMCPY.");
      if (!pop_int32(e, st, di)) return false;
      if (di < 0) return e.fault("The destination index can not be negative for MEMCPY.");
      StackItem dst;
      if (!pop(e, st, dst)) return false;
      if (dst.type() != StackItemType::Buffer) return type_error(e, "MEMCPY destination", dst);
      BytesBlock* block = dst.buffer_block();
      if (static_cast<std::int64_t>(di) + count > static_cast<std::int64_t>(block->size))
        return e.fault("The destination range is out of bounds for MEMCPY.");
      if (count > 0) std::memmove(block->data() + di, src.data() + si, static_cast<std::size_t>(count));
      return true;
    }
    case OpCode::CAT: {
      StackItem a, b;
      if (!pop(e, st, b)) return false;
      ByteScratch sb, sa;
      std::span<const std::uint8_t> x2, x1;
      if (!span_of(e, b, sb, x2)) return false;
      if (!pop(e, st, a)) return false;
      if (!span_of(e, a, sa, x1)) return false;
      const std::int64_t length = static_cast<std::int64_t>(x1.size()) + static_cast<std::int64_t>(x2.size());
      if (!check_item_size(e, length)) return false;
      StackItem result = StackItem::buffer(static_cast<std::uint32_t>(length));
      BytesBlock* block = result.buffer_block();
      if (!x1.empty()) std::memcpy(block->data(), x1.data(), x1.size());
      if (!x2.empty()) std::memcpy(block->data() + x1.size(), x2.data(), x2.size());
      push(e, st, std::move(result));
      return true;
    }
    case OpCode::SUBSTR: {
      std::int32_t count, index;
      if (!pop_int32(e, st, count)) return false;
      if (count < 0) return e.fault("The count can not be negative for SUBSTR.");
      if (!pop_int32(e, st, index)) return false;
      if (index < 0) return e.fault("The index can not be negative for SUBSTR.");
      StackItem x;
      if (!pop(e, st, x)) return false;
      ByteScratch scratch;
      std::span<const std::uint8_t> bytes;
      if (!span_of(e, x, scratch, bytes)) return false;
      if (static_cast<std::int64_t>(index) + count > static_cast<std::int64_t>(bytes.size()))
        return e.fault("The index and count are out of range for SUBSTR.");
      push(
          e, st,
          StackItem::buffer(bytes.subspan(static_cast<std::size_t>(index), static_cast<std::size_t>(count))));
      return true;
    }
    case OpCode::LEFT:
    case OpCode::RIGHT: {
      std::int32_t count;
      if (!pop_int32(e, st, count)) return false;
      if (count < 0) return e.fault("The count can not be negative.");
      StackItem x;
      if (!pop(e, st, x)) return false;
      ByteScratch scratch;
      std::span<const std::uint8_t> bytes;
      if (!span_of(e, x, scratch, bytes)) return false;
      if (static_cast<std::size_t>(count) > bytes.size()) return e.fault("The count is out of range.");
      const auto part = op == OpCode::LEFT ? bytes.first(static_cast<std::size_t>(count))
                                           : bytes.last(static_cast<std::size_t>(count));
      push(e, st, StackItem::buffer(part));
      return true;
    }

    // ---- bitwise logic
    // -------------------------------------------------------------------------------------------
    case OpCode::INVERT: {
      if (!st.empty() && st.back().is_small_integer()) {
        st.back() = StackItem::integer(~st.back().small_integer());
        return true;
      }
      Integer x;
      if (!pop_integer(e, st, x)) return false;
      push_integer(e, st, Integer::bit_not(x));
      return true;
    }
    case OpCode::AND:
    case OpCode::OR:
    case OpCode::XOR: {
      NEO_SMALL_BINARY({
        const std::int64_t r = op == OpCode::AND ? (a & b) : op == OpCode::OR ? (a | b) : (a ^ b);
        st.pop_back();
        st.back() = StackItem::integer(r);
        --e.refs_;
        return true;
      })
      Integer x2, x1;
      if (!pop_integer(e, st, x2) || !pop_integer(e, st, x1)) return false;
      push_integer(e, st,
                   op == OpCode::AND  ? Integer::bit_and(x1, x2)
                   : op == OpCode::OR ? Integer::bit_or(x1, x2)
                                      : Integer::bit_xor(x1, x2));
      return true;
    }
    case OpCode::EQUAL:
    case OpCode::NOTEQUAL: {
      StackItem x2, x1;
      if (!pop(e, st, x2) || !pop(e, st, x1)) return false;
      const int r = equals(e, x1, x2);
      if (r < 0) return false;
      push_bool(e, st, op == OpCode::EQUAL ? r == 1 : r == 0);
      return true;
    }

    // ---- arithmetic
    // ----------------------------------------------------------------------------------------------
    case OpCode::SIGN:
    case OpCode::ABS:
    case OpCode::NEGATE:
    case OpCode::INC:
    case OpCode::DEC: {
      if (!st.empty() && st.back().is_small_integer()) {
        const std::int64_t x = st.back().small_integer();
        std::int64_t r = 0;
        bool fast = true;
        switch (op) {
          case OpCode::SIGN:
            r = x > 0 ? 1 : (x < 0 ? -1 : 0);
            break;
          case OpCode::ABS:
            fast = x != INT64_MIN;
            r = fast ? (x < 0 ? -x : x) : 0;
            break;
          case OpCode::NEGATE:
            fast = x != INT64_MIN;
            r = fast ? -x : 0;
            break;
          case OpCode::INC:
            fast = !__builtin_add_overflow(x, 1, &r);
            break;
          default:
            fast = !__builtin_sub_overflow(x, 1, &r);
            break;
        }
        if (fast) {
          st.back() = StackItem::integer(r);
          return true;
        }
      }
      Integer x, r;
      if (!pop_integer(e, st, x)) return false;
      bool ok = true;
      switch (op) {
        case OpCode::SIGN:
          r = Integer(x.sign());
          break;
        case OpCode::ABS:
          ok = Integer::abs(x, r);
          break;
        case OpCode::NEGATE:
          ok = Integer::negate(x, r);
          break;
        case OpCode::INC:
          ok = Integer::add(x, Integer(1), r);
          break;
        default:
          ok = Integer::sub(x, Integer(1), r);
          break;
      }
      if (!ok) return e.fault("The integer result exceeds the maximum size of 32 bytes.");
      push_integer(e, st, r);
      return true;
    }
    case OpCode::ADD:
    case OpCode::SUB:
    case OpCode::MUL: {
      NEO_SMALL_BINARY({
        std::int64_t r;
        const bool overflow = op == OpCode::ADD   ? __builtin_add_overflow(a, b, &r)
                              : op == OpCode::SUB ? __builtin_sub_overflow(a, b, &r)
                                                  : __builtin_mul_overflow(a, b, &r);
        if (!overflow) {
          st.pop_back();
          st.back() = StackItem::integer(r);
          --e.refs_;
          return true;
        }
      })
      Integer x2, x1, r;
      if (!pop_integer(e, st, x2) || !pop_integer(e, st, x1)) return false;
      const bool ok = op == OpCode::ADD   ? Integer::add(x1, x2, r)
                      : op == OpCode::SUB ? Integer::sub(x1, x2, r)
                                          : Integer::mul(x1, x2, r);
      if (!ok) return e.fault("The integer result exceeds the maximum size of 32 bytes.");
      push_integer(e, st, r);
      return true;
    }
    case OpCode::DIV:
    case OpCode::MOD: {
      // 64-bit division needs libgcc helpers (__divdi3) on 32-bit targets, which the guest does not link:
      // the inline fast path is for 64-bit hosts only.
      if constexpr (sizeof(void*) == 8)
        NEO_SMALL_BINARY({
          if (b != 0 && !(a == INT64_MIN && b == -1)) {
            const std::int64_t r = op == OpCode::DIV ? a / b : a % b;
            st.pop_back();
            st.back() = StackItem::integer(r);
            --e.refs_;
            return true;
          }
        })
      Integer x2, x1, r;
      if (!pop_integer(e, st, x2) || !pop_integer(e, st, x1)) return false;
      if (x2.is_zero()) return e.fault("Attempted to divide by zero.");
      const bool ok = op == OpCode::DIV ? Integer::div(x1, x2, r) : Integer::mod(x1, x2, r);
      if (!ok) return e.fault("The integer result exceeds the maximum size of 32 bytes.");
      push_integer(e, st, r);
      return true;
    }
    case OpCode::POW: {
      std::int32_t exponent;
      if (!pop_int32(e, st, exponent)) return false;
      if (!check_shift(e, exponent)) return false;
      Integer value, r;
      if (!pop_integer(e, st, value)) return false;
      if (!Integer::pow(value, static_cast<std::uint32_t>(exponent), r))
        return e.fault("The integer result exceeds the maximum size of 32 bytes.");
      push_integer(e, st, r);
      return true;
    }
    case OpCode::SQRT: {
      Integer x, r;
      if (!pop_integer(e, st, x)) return false;
      if (!Integer::sqrt(x, r)) return e.fault("value can not be negative");
      push_integer(e, st, r);
      return true;
    }
    case OpCode::MODMUL: {
      Integer m, x2, x1, r;
      if (!pop_integer(e, st, m) || !pop_integer(e, st, x2) || !pop_integer(e, st, x1)) return false;
      if (!Integer::modmul(x1, x2, m, r)) return e.fault("Attempted to divide by zero.");
      push_integer(e, st, r);
      return true;
    }
    case OpCode::MODPOW: {
      Integer m, exponent, value, r;
      if (!pop_integer(e, st, m) || !pop_integer(e, st, exponent) || !pop_integer(e, st, value)) return false;
      if (!Integer::modpow(value, exponent, m, r)) return e.fault("Invalid MODPOW operands.");
      push_integer(e, st, r);
      return true;
    }
    case OpCode::SHL:
    case OpCode::SHR: {
      std::int32_t shift;
      if (!pop_int32(e, st, shift)) return false;
      if (!check_shift(e, shift)) return false;
      Integer x, r;
      if (!pop_integer(e, st, x)) return false;  // converted even for a zero shift, as the reference
      if (shift == 0) {
        r = x;
      } else if (op == OpCode::SHL) {
        if (!Integer::shl(x, static_cast<std::uint32_t>(shift), r))
          return e.fault("The integer result exceeds the maximum size of 32 bytes.");
      } else {
        r = Integer::shr(x, static_cast<std::uint32_t>(shift));
      }
      push_integer(e, st, r);
      return true;
    }
    case OpCode::NOT: {
      bool x;
      if (!pop_bool(e, st, x)) return false;
      push_bool(e, st, !x);
      return true;
    }
    case OpCode::BOOLAND:
    case OpCode::BOOLOR: {
      bool x2, x1;
      if (!pop_bool(e, st, x2) || !pop_bool(e, st, x1)) return false;
      push_bool(e, st, op == OpCode::BOOLAND ? (x1 && x2) : (x1 || x2));
      return true;
    }
    case OpCode::NZ: {
      if (!st.empty() && st.back().is_small_integer()) {
        st.back() = StackItem::boolean(st.back().small_integer() != 0);
        return true;
      }
      Integer x;
      if (!pop_integer(e, st, x)) return false;
      push_bool(e, st, !x.is_zero());
      return true;
    }
    case OpCode::NUMEQUAL:
    case OpCode::NUMNOTEQUAL:
    case OpCode::MIN:
    case OpCode::MAX: {
      NEO_SMALL_BINARY({
        st.pop_back();
        --e.refs_;
        switch (op) {
          case OpCode::NUMEQUAL:
            st.back() = StackItem::boolean(a == b);
            break;
          case OpCode::NUMNOTEQUAL:
            st.back() = StackItem::boolean(a != b);
            break;
          case OpCode::MIN:
            st.back() = StackItem::integer(std::min(a, b));
            break;
          default:
            st.back() = StackItem::integer(std::max(a, b));
            break;
        }
        return true;
      })
      Integer x2, x1;
      if (!pop_integer(e, st, x2) || !pop_integer(e, st, x1)) return false;
      const int c = Integer::compare(x1, x2);
      switch (op) {
        case OpCode::NUMEQUAL:
          push_bool(e, st, c == 0);
          break;
        case OpCode::NUMNOTEQUAL:
          push_bool(e, st, c != 0);
          break;
        case OpCode::MIN:
          push_integer(e, st, c <= 0 ? x1 : x2);
          break;
        default:
          push_integer(e, st, c >= 0 ? x1 : x2);
          break;
      }
      return true;
    }
    case OpCode::LT:
    case OpCode::LE:
    case OpCode::GT:
    case OpCode::GE: {
      NEO_SMALL_BINARY({
        st.pop_back();
        --e.refs_;
        const bool r = op == OpCode::LT   ? a < b
                       : op == OpCode::LE ? a <= b
                       : op == OpCode::GT ? a > b
                                          : a >= b;
        st.back() = StackItem::boolean(r);
        return true;
      })
      StackItem i2, i1;
      if (!pop(e, st, i2) || !pop(e, st, i1)) return false;
      if (i1.is_null() || i2.is_null()) {
        push_bool(e, st, false);
        return true;
      }
      Integer x1, x2;
      if (!get_integer(i1, x1)) return type_error(e, "Can not convert to an integer", i1);
      if (!get_integer(i2, x2)) return type_error(e, "Can not convert to an integer", i2);
      const int c = Integer::compare(x1, x2);
      push_bool(e, st,
                op == OpCode::LT   ? c < 0
                : op == OpCode::LE ? c <= 0
                : op == OpCode::GT ? c > 0
                                   : c >= 0);
      return true;
    }
    case OpCode::WITHIN: {
      Integer b, a, x;
      if (!pop_integer(e, st, b) || !pop_integer(e, st, a) || !pop_integer(e, st, x)) return false;
      push_bool(e, st, Integer::compare(a, x) <= 0 && Integer::compare(x, b) < 0);
      return true;
    }

    // ---- compound types
    // ------------------------------------------------------------------------------------------
    case OpCode::PACKMAP: {
      std::int32_t size;
      if (!pop_int32(e, st, size)) return false;
      if (size < 0 || static_cast<std::uint64_t>(size) * 2 > st.size())
        return e.fault("The map size is out of valid range.");
      MapObject* map = e.new_map();
      for (std::int32_t i = 0; i < size; ++i) {
        StackItem key, value;
        pop_no_ref(e, st, key);
        if (!key.is_primitive()) return type_error(e, "PACKMAP key", key);
        pop_no_ref(e, st, value);
        if (!check_map_key(e, key)) return false;
        if (MapEntry* existing = map_find(map, key)) {
          e.remove_ref(key);
          e.remove_ref(existing->value);
          existing->value = std::move(value);
        } else {
          map->insert(std::move(key), std::move(value));
        }
      }
      map->stack_refs = 1;
      ++e.refs_;
      st.push_back(StackItem::compound(map));
      return true;
    }
    case OpCode::PACKSTRUCT:
    case OpCode::PACK: {
      std::int32_t size;
      if (!pop_int32(e, st, size)) return false;
      if (size < 0 || static_cast<std::size_t>(size) > st.size())
        return e.fault("The array size is out of valid range.");
      ArrayObject* array = e.new_array(op == OpCode::PACK ? StackItemType::Array : StackItemType::Struct);
      array->items.reserve(static_cast<std::size_t>(size));
      for (std::int32_t i = 0; i < size; ++i) {
        array->items.push_back(std::move(st.back()));  // the stack reference becomes the array's
        st.pop_back();
      }
      array->stack_refs = 1;
      ++e.refs_;
      st.push_back(StackItem::compound(array));
      return true;
    }
    case OpCode::UNPACK: {
      StackItem x;
      if (!pop_no_ref(e, st, x)) return false;
      if (!x.is_compound()) {
        e.remove_ref(x);
        return type_error(e, "UNPACK", x);
      }
      CompoundObject* obj = x.compound_object();
      --obj->stack_refs;
      --e.refs_;
      // Still referenced elsewhere: the children gain stack references. Otherwise their references move to
      // the stack.
      const bool referenced = obj->stack_refs > 0;
      std::size_t count;
      if (x.type() == StackItemType::Map) {
        const auto& entries = x.map_object()->entries;
        count = entries.size();
        for (std::size_t i = entries.size(); i-- > 0;) {
          if (referenced) {
            push(e, st, entries[i].value);
            push(e, st, entries[i].key);
          } else {
            st.push_back(entries[i].value);
            st.push_back(entries[i].key);
          }
        }
      } else {
        const auto& items = x.array_object()->items;
        count = items.size();
        for (std::size_t i = items.size(); i-- > 0;) {
          if (referenced) {
            push(e, st, items[i]);
          } else {
            st.push_back(items[i]);
          }
        }
      }
      push_int(e, st, static_cast<std::int64_t>(count));
      return true;
    }
    case OpCode::NEWARRAY0:
    case OpCode::NEWSTRUCT0:
      push(e, st,
           StackItem::compound(
               e.new_array(op == OpCode::NEWARRAY0 ? StackItemType::Array : StackItemType::Struct)));
      return true;
    case OpCode::NEWARRAY:
    case OpCode::NEWARRAY_T:
    case OpCode::NEWSTRUCT: {
      std::int32_t n;
      if (!pop_int32(e, st, n)) return false;
      if (n < 0 || static_cast<std::uint32_t>(n) > e.limits_.max_stack_size)
        return e.fault("The array size is out of valid range.");
      StackItem fill;
      if (op == OpCode::NEWARRAY_T) {
        const std::uint8_t t = operand[0];
        if (!is_defined_stack_item_type(t)) return e.fault("Invalid type for NEWARRAY_T.");
        if (t == static_cast<std::uint8_t>(StackItemType::Boolean)) fill = StackItem::boolean(false);
        if (t == static_cast<std::uint8_t>(StackItemType::Integer))
          fill = StackItem::integer(std::int64_t{0});
        if (t == static_cast<std::uint8_t>(StackItemType::ByteString))
          fill = StackItem::byte_string_view(nullptr, 0);
      }
      ArrayObject* array =
          e.new_array(op == OpCode::NEWSTRUCT ? StackItemType::Struct : StackItemType::Array);
      array->items.assign(static_cast<std::size_t>(n), fill);
      array->stack_refs = 1;
      e.refs_ += n + 1;
      st.push_back(StackItem::compound(array));
      return true;
    }
    case OpCode::NEWMAP:
      push(e, st, StackItem::compound(e.new_map()));
      return true;
    case OpCode::SIZE: {
      StackItem x;
      if (!pop(e, st, x)) return false;
      if (x.type() == StackItemType::Map) {
        push_int(e, st, static_cast<std::int64_t>(x.map_object()->entries.size()));
      } else if (x.is_array_like()) {
        push_int(e, st, static_cast<std::int64_t>(x.array_object()->items.size()));
      } else if (x.is_primitive() || x.type() == StackItemType::Buffer) {
        push_int(e, st, primitive_size(x));
      } else {
        return type_error(e, "SIZE", x);
      }
      return true;
    }
    case OpCode::HASKEY: {
      StackItem key, x;
      if (!pop_primitive(e, st, key)) return false;
      if (!pop(e, st, x)) return false;
      if (x.type() == StackItemType::Map) {
        if (!check_map_key(e, key)) return false;
        push_bool(e, st, map_find(x.map_object(), key) != nullptr);
        return true;
      }
      std::size_t size;
      if (x.is_array_like()) {
        size = x.array_object()->items.size();
      } else if (x.type() == StackItemType::Buffer || x.type() == StackItemType::ByteString) {
        size = x.raw_bytes().size();
      } else {
        return type_error(e, "HASKEY", x);
      }
      Integer index;
      if (!get_integer(key, index)) return type_error(e, "HASKEY index", key);
      if (index.is_negative() ||
          Integer::compare(index, Integer(static_cast<std::int64_t>(e.limits_.max_item_size))) >= 0)
        return e.fault("The index is invalid for HASKEY.");
      push_bool(e, st, index.to_int64() < static_cast<std::int64_t>(size));
      return true;
    }
    case OpCode::KEYS: {
      StackItem x;
      if (!pop(e, st, x)) return false;
      if (x.type() != StackItemType::Map) return type_error(e, "KEYS", x);
      ArrayObject* array = e.new_array();
      for (const MapEntry& entry : x.map_object()->entries) array->items.push_back(entry.key);
      push(e, st, StackItem::compound(array));
      return true;
    }
    case OpCode::VALUES: {
      StackItem x;
      if (!pop(e, st, x)) return false;
      ArrayObject* array = e.new_array();
      auto add_value = [&](const StackItem& v) {
        if (v.type() == StackItemType::Struct) {
          StackItem copy;
          if (!clone_struct(e, v.array_object(), copy)) return false;
          array->items.push_back(std::move(copy));
        } else {
          array->items.push_back(v);
        }
        return true;
      };
      if (x.is_array_like()) {
        for (const StackItem& v : x.array_object()->items)
          if (!add_value(v)) return false;
      } else if (x.type() == StackItemType::Map) {
        for (const MapEntry& entry : x.map_object()->entries)
          if (!add_value(entry.value)) return false;
      } else {
        return type_error(e, "VALUES", x);
      }
      push(e, st, StackItem::compound(array));
      return true;
    }
    case OpCode::PICKITEM: {
      StackItem key, x;
      if (!pop_primitive(e, st, key)) return false;
      if (!pop(e, st, x)) return false;
      if (x.type() == StackItemType::Map) {
        if (!check_map_key(e, key)) return false;
        const MapEntry* entry = map_find(x.map_object(), key);
        if (entry == nullptr) return catchable(e, "Key not found in Map.");
        push(e, st, entry->value);
        return true;
      }
      Integer index_value;
      if (x.is_array_like() || x.is_primitive() || x.type() == StackItemType::Buffer) {
        if (!get_integer(key, index_value)) return type_error(e, "PICKITEM index", key);
      }
      std::size_t index = 0;
      if (x.is_array_like()) {
        const auto& items = x.array_object()->items;
        if (!index_of(index_value, items.size(), index)) {
          Message m;
          m << "The index of VMArray is out of range, " << index_value << "/[0, "
            << static_cast<std::int64_t>(items.size()) << ").";
          return catchable(e, m.view());
        }
        push(e, st, items[index]);
        return true;
      }
      if (x.is_primitive() || x.type() == StackItemType::Buffer) {
        ByteScratch scratch;
        std::span<const std::uint8_t> bytes;
        get_span(x, scratch, bytes);
        if (!index_of(index_value, bytes.size(), index)) {
          Message m;
          m << "The index of " << (x.type() == StackItemType::Buffer ? "Buffer" : "PrimitiveType")
            << " is out of range, " << index_value << "/[0, " << static_cast<std::int64_t>(bytes.size())
            << ").";
          return catchable(e, m.view());
        }
        push_int(e, st, bytes[index]);
        return true;
      }
      return type_error(e, "PICKITEM", x);
    }
    case OpCode::APPEND: {
      StackItem item, x;
      if (!pop(e, st, item)) return false;
      if (!pop(e, st, x)) return false;
      if (!x.is_array_like()) return type_error(e, "APPEND", x);
      ArrayObject* array = x.array_object();
      if (array->read_only) return e.fault("The array is readonly, can not add item.");
      if (item.type() == StackItemType::Struct) {
        StackItem copy;
        if (!clone_struct(e, item.array_object(), copy)) return false;
        item = std::move(copy);
      }
      array->items.push_back(item);
      if (array->stack_refs > 0) e.add_ref(item);
      return true;
    }
    case OpCode::SETITEM: {
      StackItem value, key, x;
      if (!pop_no_ref(e, st, value)) return false;
      if (value.type() == StackItemType::Struct) {
        e.remove_ref(value);
        StackItem copy;
        if (!clone_struct(e, value.array_object(), copy)) return false;
        value = std::move(copy);
        e.add_ref(value);
      }
      if (!pop_primitive(e, st, key)) return false;
      if (!pop(e, st, x)) return false;
      if (x.is_array_like()) {
        ArrayObject* array = x.array_object();
        Integer index_value;
        if (!get_integer(key, index_value)) return type_error(e, "SETITEM index", key);
        std::size_t index;
        if (!index_of(index_value, array->items.size(), index)) {
          e.remove_ref(value);
          Message m;
          m << "The index of VMArray is out of range, " << index_value << "/[0, "
            << static_cast<std::int64_t>(array->items.size()) << ").";
          return catchable(e, m.view());
        }
        if (array->read_only) return e.fault("The object is readonly.");
        StackItem old = std::move(array->items[index]);
        array->items[index] = value;
        if (array->stack_refs > 0) {
          e.remove_ref(old);
        } else {
          e.remove_ref(value);
        }
        return true;
      }
      if (x.type() == StackItemType::Map) {
        MapObject* map = x.map_object();
        if (!check_map_key(e, key)) return false;
        MapEntry* entry = map_find(map, key);
        if (map->stack_refs > 0) {
          if (entry != nullptr) {
            e.remove_ref(entry->value);
          } else {
            e.add_ref(key);
          }
        } else {
          e.remove_ref(value);
        }
        if (entry != nullptr) {
          entry->value = std::move(value);
        } else {
          map->insert(std::move(key), std::move(value));
        }
        return true;
      }
      if (x.type() == StackItemType::Buffer) {
        e.remove_ref(value);
        BytesBlock* block = x.buffer_block();
        Integer index_value;
        if (!get_integer(key, index_value)) return type_error(e, "SETITEM index", key);
        std::size_t index;
        if (!index_of(index_value, block->size, index)) {
          Message m;
          m << "The index of Buffer is out of range, " << index_value << "/[0, "
            << static_cast<std::int64_t>(block->size) << ").";
          return catchable(e, m.view());
        }
        if (!value.is_primitive())
          return e.fault("Only primitive type values can be set in Buffer in SETITEM.");
        Integer byte_value;
        if (!get_integer(value, byte_value)) return type_error(e, "SETITEM value", value);
        if (Integer::compare(byte_value, Integer(-128)) < 0 || Integer::compare(byte_value, Integer(255)) > 0)
          return e.fault("Overflow in SETITEM, the value is not a byte type.");
        block->data()[index] = static_cast<std::uint8_t>(byte_value.to_int64());
        return true;
      }
      e.remove_ref(value);
      return type_error(e, "SETITEM", x);
    }
    case OpCode::REVERSEITEMS: {
      StackItem x;
      if (!pop(e, st, x)) return false;
      if (x.is_array_like()) {
        ArrayObject* array = x.array_object();
        if (array->read_only) return e.fault("The array is readonly, can not reverse.");
        std::reverse(array->items.begin(), array->items.end());
      } else if (x.type() == StackItemType::Buffer) {
        BytesBlock* block = x.buffer_block();
        std::reverse(block->data(), block->data() + block->size);
      } else {
        return type_error(e, "REVERSEITEMS", x);
      }
      return true;
    }
    case OpCode::REMOVE: {
      StackItem key, x;
      if (!pop_primitive(e, st, key)) return false;
      if (!pop(e, st, x)) return false;
      if (x.is_array_like()) {
        ArrayObject* array = x.array_object();
        Integer index_value;
        if (!get_integer(key, index_value)) return type_error(e, "REMOVE index", key);
        std::size_t index;
        if (!index_of(index_value, array->items.size(), index))
          return e.fault("The index of VMArray is out of range.");
        if (array->read_only) return e.fault("The array is readonly, can not remove item.");
        StackItem item = std::move(array->items[index]);
        array->items.erase(array->items.begin() + static_cast<std::ptrdiff_t>(index));
        if (array->stack_refs > 0) e.remove_ref(item);
        return true;
      }
      if (x.type() == StackItemType::Map) {
        MapObject* map = x.map_object();
        if (!check_map_key(e, key)) return false;
        const std::size_t i = map->find_index(key);
        if (i < map->entries.size()) {
          StackItem old = std::move(map->entries[i].value);
          map->erase_at(i);
          if (map->stack_refs > 0) {
            e.remove_ref(key);
            e.remove_ref(old);
          }
        }
        return true;
      }
      return type_error(e, "REMOVE", x);
    }
    case OpCode::CLEARITEMS: {
      StackItem x;
      if (!pop(e, st, x)) return false;
      if (!x.is_compound()) return type_error(e, "CLEARITEMS", x);
      CompoundObject* obj = x.compound_object();
      // Snapshot, clear, then release: a self-referencing compound must be empty before its last reference
      // goes.
      std::vector<StackItem> released;
      if (x.type() == StackItemType::Map) {
        MapObject* map = x.map_object();
        released.reserve(map->entries.size() * 2);
        for (MapEntry& entry : map->entries) {
          released.push_back(std::move(entry.key));
          released.push_back(std::move(entry.value));
        }
        map->clear();
      } else {
        ArrayObject* array = x.array_object();
        if (array->read_only) return e.fault("The array is readonly, can not clear.");
        released = std::move(array->items);
        array->items.clear();
      }
      if (obj->stack_refs > 0) {
        for (const StackItem& item : released) e.remove_ref(item);
      }
      return true;
    }
    case OpCode::POPITEM: {
      StackItem x;
      if (!pop(e, st, x)) return false;
      if (!x.is_array_like()) return type_error(e, "POPITEM", x);
      ArrayObject* array = x.array_object();
      if (array->items.empty()) return e.fault("POPITEM on an empty array.");
      if (array->read_only) return e.fault("The array is readonly, can not remove item.");
      StackItem item = std::move(array->items.back());
      array->items.pop_back();
      push(e, st, item);
      if (array->stack_refs > 0) e.remove_ref(item);
      return true;
    }

    // ---- types
    // ---------------------------------------------------------------------------------------------------
    case OpCode::ISNULL: {
      StackItem x;
      if (!pop(e, st, x)) return false;
      push_bool(e, st, x.is_null());
      return true;
    }
    case OpCode::ISTYPE: {
      const std::uint8_t t = operand[0];
      if (t == static_cast<std::uint8_t>(StackItemType::Any) || !is_defined_stack_item_type(t))
        return e.fault("Invalid type for ISTYPE.");
      StackItem x;
      if (!pop(e, st, x)) return false;
      push_bool(e, st, static_cast<std::uint8_t>(x.type()) == t);
      return true;
    }
    case OpCode::CONVERT: {
      StackItem x, r;
      if (!pop(e, st, x)) return false;
      if (!convert(e, x, operand[0], r)) return false;
      push(e, st, std::move(r));
      return true;
    }
    case OpCode::ABORTMSG:
    case OpCode::ASSERTMSG: {
      StackItem msg_item;
      if (!pop(e, st, msg_item)) return false;
      ByteScratch scratch;
      std::span<const std::uint8_t> text;
      if (!span_of(e, msg_item, scratch, text)) return false;
      const std::string_view reason(reinterpret_cast<const char*>(text.data()), text.size());
      Message m;
      if (op == OpCode::ABORTMSG) {
        m << "ABORTMSG is executed. Reason: " << reason;
        return e.fault(m.view());
      }
      bool x;
      if (!pop_bool(e, st, x)) return false;
      if (x) return true;
      m << "ASSERTMSG is executed with false result. Reason: " << reason;
      return e.fault(m.view());
    }
  }
#undef NEO_SMALL_BINARY
  return e.fault("Invalid opcode.");
}

// -----------------------------------------------------------------------------------------------------------
// The fast loop
//
// Engine::step decodes through the general decoder and dispatches through exec(), whose one large switch
// saves and restores every callee-saved register on each call. On rv32, where proving cost is counted in
// executed instructions, that overhead dwarfs the work of an LDLOC or an ADD. run_fast decodes an instruction
// and its fee with one lookup in Engine::fast_decode_ and handles the opcodes that dominate scripts
// (constants, slots, jumps, small-integer arithmetic and comparisons, array items) inline, each in its common
// case only: whenever a precondition does not hold (an unexpected type, a big integer, a full stack vector,
// an index or a jump target out of range) it leaves everything untouched and hands the instruction to exec(),
// so every fault and every rare case keeps its single implementation there.
// -----------------------------------------------------------------------------------------------------------

namespace {

// Whether one stack reference to `item` can be dropped without the v2 counter cascading into children:
// always for non-compounds, and for compounds that something else still references.
inline bool drops_without_cascade(const StackItem& item) noexcept {
  return !item.is_compound() || item.compound_object()->stack_refs > 1;
}

// The signed 8-bit or 32-bit jump offset of a short / _L jump.
inline std::int64_t jump_offset(bool long_form, const std::uint8_t* operand) noexcept {
  return long_form ? read_i32(operand) : static_cast<std::int8_t>(operand[0]);
}

}  // namespace

bool Interpreter::stack_size_exceeded(Engine& e) {
  Message m;
  m << "MaxStackSize exceed: " << static_cast<std::int64_t>(e.refs_) << "/"
    << static_cast<std::int64_t>(e.limits_.max_stack_size);
  return e.fault(m.view());
}

inline bool Interpreter::after_instruction(Engine& e) {
  if (e.gc_next_ != 0 && e.arena_.size() >= e.gc_next_) {
    e.collect_garbage();
    e.gc_next_ = std::max(e.gc_threshold_, e.arena_.size() * 2);
  }
  if (e.refs_ > static_cast<std::int32_t>(e.limits_.max_stack_size)) return stack_size_exceeded(e);
  return true;
}

// LDLOC / LDARG / LDSFLD in their common case: a slot that exists, a stack vector with room.
[[gnu::always_inline]] inline bool Interpreter::fast_load(Engine& e, Stack& st, bool room,
                                                          const StackItem* slots, std::uint32_t count,
                                                          std::uint32_t index) {
  if (index >= count || !room) return false;  // count is 0 for a slot that does not exist
  const StackItem& item = slots[index];
  e.add_ref(item);
  st.push_back(item);
  return true;
}

// STLOC / STARG / STSFLD in their common case, as store_slot: the stack reference becomes the slot's.
[[gnu::always_inline]] inline bool Interpreter::fast_store(Engine& e, Stack& st, StackItem* slots,
                                                           std::uint32_t count, std::uint32_t index) {
  if (index >= count || st.empty()) return false;
  StackItem& slot = slots[index];
  const StackItem old = std::move(slot);
  slot = std::move(st.back());
  st.pop_back();
  e.remove_ref(old);
  return true;
}

// Returns true when the instruction was executed (it never faults here), false when exec() must run it.
// Gas, the step count and the next instruction pointer are already set.
[[gnu::always_inline]] inline bool Interpreter::try_fast(Engine& e, ExecutionContext& ctx, Stack& st,
                                                         std::uint8_t opcode, std::uint32_t ip,
                                                         const std::uint8_t* operand,
                                                         std::uint32_t operand_len) {
  const std::size_t depth = st.size();
  const bool room = depth < st.capacity();  // a push cannot reallocate (exec() grows the vector)
  const auto op = static_cast<OpCode>(opcode);
  switch (op) {
    // ---- constants
    case OpCode::PUSHINT8:
      if (!room) return false;
      push_int(e, st, static_cast<std::int8_t>(operand[0]));
      return true;
    case OpCode::PUSHINT16:
      if (!room) return false;
      push_int(e, st, static_cast<std::int16_t>(read_u16(operand)));
      return true;
    case OpCode::PUSHINT32:
      if (!room) return false;
      push_int(e, st, read_i32(operand));
      return true;
    case OpCode::PUSHINT64:
      if (!room) return false;
      push_int(e, st, read_i64(operand));
      return true;
    case OpCode::PUSHT:
    case OpCode::PUSHF:
      if (!room) return false;
      push_bool(e, st, op == OpCode::PUSHT);
      return true;
    case OpCode::PUSHNULL:
      if (!room) return false;
      ++e.refs_;
      st.emplace_back();
      return true;
    case OpCode::PUSHDATA1:  // a view of the script bytes, as exec()
      if (!room || operand_len > e.limits_.max_item_size) return false;
      ++e.refs_;
      st.push_back(StackItem::byte_string_view(operand, operand_len));
      return true;
    case OpCode::PUSHM1:
    case OpCode::PUSH0:
    case OpCode::PUSH1:
    case OpCode::PUSH2:
    case OpCode::PUSH3:
    case OpCode::PUSH4:
    case OpCode::PUSH5:
    case OpCode::PUSH6:
    case OpCode::PUSH7:
    case OpCode::PUSH8:
    case OpCode::PUSH9:
    case OpCode::PUSH10:
    case OpCode::PUSH11:
    case OpCode::PUSH12:
    case OpCode::PUSH13:
    case OpCode::PUSH14:
    case OpCode::PUSH15:
    case OpCode::PUSH16:
      if (!room) return false;
      push_int(e, st, static_cast<std::int32_t>(opcode) - static_cast<std::int32_t>(OpCode::PUSH0));
      return true;

    // ---- flow control
    case OpCode::NOP:
      return true;
    case OpCode::JMP:
    case OpCode::JMP_L: {
      const std::int64_t target = static_cast<std::int64_t>(ip) + jump_offset(op == OpCode::JMP_L, operand);
      if (target < 0 || target >= static_cast<std::int64_t>(ctx.script().size())) return false;
      ctx.instruction_pointer = static_cast<std::uint32_t>(target);
      return true;
    }
    case OpCode::JMPIF:
    case OpCode::JMPIF_L:
    case OpCode::JMPIFNOT:
    case OpCode::JMPIFNOT_L: {
      if (depth == 0) return false;
      const StackItem& top = st.back();
      bool condition;
      if (top.type() == StackItemType::Boolean) {
        condition = top.boolean_value();
      } else if (top.is_small_integer()) {
        condition = top.small_integer() != 0;
      } else {
        return false;
      }
      if (condition == (op == OpCode::JMPIF || op == OpCode::JMPIF_L)) {
        const std::int64_t target = static_cast<std::int64_t>(ip) +
                                    jump_offset(op == OpCode::JMPIF_L || op == OpCode::JMPIFNOT_L, operand);
        if (target < 0 || target >= static_cast<std::int64_t>(ctx.script().size())) return false;
        ctx.instruction_pointer = static_cast<std::uint32_t>(target);
      }
      st.pop_back();
      --e.refs_;
      return true;
    }
    case OpCode::JMPEQ:
    case OpCode::JMPEQ_L:
    case OpCode::JMPNE:
    case OpCode::JMPNE_L:
    case OpCode::JMPGT:
    case OpCode::JMPGT_L:
    case OpCode::JMPGE:
    case OpCode::JMPGE_L:
    case OpCode::JMPLT:
    case OpCode::JMPLT_L:
    case OpCode::JMPLE:
    case OpCode::JMPLE_L: {
      if (depth < 2 || !st[depth - 1].is_small_integer() || !st[depth - 2].is_small_integer()) return false;
      const std::int64_t x1 = st[depth - 2].small_integer(), x2 = st[depth - 1].small_integer();
      bool taken;
      switch (static_cast<OpCode>(opcode & ~1u)) {  // short and _L variants share the test
        case OpCode::JMPEQ:
          taken = x1 == x2;
          break;
        case OpCode::JMPNE:
          taken = x1 != x2;
          break;
        case OpCode::JMPGT:
          taken = x1 > x2;
          break;
        case OpCode::JMPGE:
          taken = x1 >= x2;
          break;
        case OpCode::JMPLT:
          taken = x1 < x2;
          break;
        default:  // JMPLE
          taken = x1 <= x2;
          break;
      }
      if (taken) {
        const std::int64_t target = static_cast<std::int64_t>(ip) + jump_offset((opcode & 1u) != 0, operand);
        if (target < 0 || target >= static_cast<std::int64_t>(ctx.script().size())) return false;
        ctx.instruction_pointer = static_cast<std::uint32_t>(target);
      }
      st.pop_back();
      st.pop_back();
      e.refs_ -= 2;
      return true;
    }

    // ---- stack
    case OpCode::DUP:
      if (depth == 0 || !room) return false;
      e.add_ref(st.back());
      st.push_back(st.back());
      return true;
    case OpCode::OVER:
      if (depth < 2 || !room) return false;
      e.add_ref(st[depth - 2]);
      st.push_back(st[depth - 2]);
      return true;
    case OpCode::DROP: {
      if (depth == 0) return false;
      const StackItem x = std::move(st.back());
      st.pop_back();
      e.remove_ref(x);
      return true;
    }
    case OpCode::NIP: {
      if (depth < 2) return false;
      const StackItem x = std::move(st[depth - 2]);
      st[depth - 2] = std::move(st[depth - 1]);
      st.pop_back();
      e.remove_ref(x);
      return true;
    }
    case OpCode::SWAP:
      // exec() removes the second item and pushes it back: with no cascade the counts end as they were.
      if (depth < 2 || !drops_without_cascade(st[depth - 2])) return false;
      std::swap(st[depth - 1], st[depth - 2]);
      return true;

    // ---- slots
    case OpCode::INITSLOT: {
      const std::uint32_t locals = operand[0];
      const std::uint32_t args = operand[1];
      if (ctx.locals_count > 0 || ctx.args_count > 0 || (locals == 0 && args == 0) || args > depth)
        return false;
      std::vector<StackItem>& slots = e.slots_;
      if (locals > 0) {
        ctx.locals_offset = static_cast<std::uint32_t>(slots.size());
        slots.resize(slots.size() + locals);
        ctx.locals_count = locals;
        e.refs_ += static_cast<std::int32_t>(locals);
      }
      if (args > 0) {
        ctx.args_offset = static_cast<std::uint32_t>(slots.size());
        for (std::uint32_t i = 0; i < args; ++i) {
          slots.push_back(std::move(st.back()));  // the stack reference becomes the slot's
          st.pop_back();
        }
        ctx.args_count = args;
      }
      return true;
    }
    case OpCode::LDLOC0:
    case OpCode::LDLOC1:
    case OpCode::LDLOC2:
    case OpCode::LDLOC3:
    case OpCode::LDLOC4:
    case OpCode::LDLOC5:
    case OpCode::LDLOC6:
      return fast_load(e, st, room, e.slots_.data() + ctx.locals_offset, ctx.locals_count,
                       opcode - static_cast<std::uint8_t>(OpCode::LDLOC0));
    case OpCode::LDLOC:
      return fast_load(e, st, room, e.slots_.data() + ctx.locals_offset, ctx.locals_count, operand[0]);
    case OpCode::LDARG0:
    case OpCode::LDARG1:
    case OpCode::LDARG2:
    case OpCode::LDARG3:
    case OpCode::LDARG4:
    case OpCode::LDARG5:
    case OpCode::LDARG6:
      return fast_load(e, st, room, e.slots_.data() + ctx.args_offset, ctx.args_count,
                       opcode - static_cast<std::uint8_t>(OpCode::LDARG0));
    case OpCode::LDARG:
      return fast_load(e, st, room, e.slots_.data() + ctx.args_offset, ctx.args_count, operand[0]);
    case OpCode::LDSFLD0:
    case OpCode::LDSFLD1:
    case OpCode::LDSFLD2:
    case OpCode::LDSFLD3:
    case OpCode::LDSFLD4:
    case OpCode::LDSFLD5:
    case OpCode::LDSFLD6:
    case OpCode::LDSFLD: {
      // Static fields that were never initialised count as none, as exec() decides from the flag.
      const std::uint32_t index =
          op == OpCode::LDSFLD ? operand[0] : opcode - static_cast<std::uint8_t>(OpCode::LDSFLD0);
      std::vector<StackItem>& fields = ctx.shared->static_fields;
      const auto count = ctx.shared->has_static_fields ? static_cast<std::uint32_t>(fields.size()) : 0u;
      return fast_load(e, st, room, fields.data(), count, index);
    }
    case OpCode::STLOC0:
    case OpCode::STLOC1:
    case OpCode::STLOC2:
    case OpCode::STLOC3:
    case OpCode::STLOC4:
    case OpCode::STLOC5:
    case OpCode::STLOC6:
      return fast_store(e, st, e.slots_.data() + ctx.locals_offset, ctx.locals_count,
                        opcode - static_cast<std::uint8_t>(OpCode::STLOC0));
    case OpCode::STLOC:
      return fast_store(e, st, e.slots_.data() + ctx.locals_offset, ctx.locals_count, operand[0]);
    case OpCode::STARG0:
    case OpCode::STARG1:
    case OpCode::STARG2:
    case OpCode::STARG3:
    case OpCode::STARG4:
    case OpCode::STARG5:
    case OpCode::STARG6:
      return fast_store(e, st, e.slots_.data() + ctx.args_offset, ctx.args_count,
                        opcode - static_cast<std::uint8_t>(OpCode::STARG0));
    case OpCode::STARG:
      return fast_store(e, st, e.slots_.data() + ctx.args_offset, ctx.args_count, operand[0]);
    case OpCode::STSFLD0:
    case OpCode::STSFLD1:
    case OpCode::STSFLD2:
    case OpCode::STSFLD3:
    case OpCode::STSFLD4:
    case OpCode::STSFLD5:
    case OpCode::STSFLD6:
    case OpCode::STSFLD: {
      const std::uint32_t index =
          op == OpCode::STSFLD ? operand[0] : opcode - static_cast<std::uint8_t>(OpCode::STSFLD0);
      std::vector<StackItem>& fields = ctx.shared->static_fields;
      const auto count = ctx.shared->has_static_fields ? static_cast<std::uint32_t>(fields.size()) : 0u;
      return fast_store(e, st, fields.data(), count, index);
    }

    // ---- small-integer arithmetic, logic and comparisons (results replace the operands in place)
    case OpCode::INC:
    case OpCode::DEC: {
      if (depth == 0 || !st.back().is_small_integer()) return false;
      std::int64_t r;
      if (op == OpCode::INC ? __builtin_add_overflow(st.back().small_integer(), 1, &r)
                            : __builtin_sub_overflow(st.back().small_integer(), 1, &r))
        return false;
      st.back() = StackItem::integer(r);
      return true;
    }
    case OpCode::NOT: {
      if (depth == 0) return false;
      StackItem& top = st.back();
      bool x;
      if (top.type() == StackItemType::Boolean) {
        x = top.boolean_value();
      } else if (top.is_small_integer()) {
        x = top.small_integer() != 0;
      } else {
        return false;
      }
      top = StackItem::boolean(!x);
      return true;
    }
    case OpCode::NZ:
      if (depth == 0 || !st.back().is_small_integer()) return false;
      st.back() = StackItem::boolean(st.back().small_integer() != 0);
      return true;
    case OpCode::ADD:
    case OpCode::SUB:
    case OpCode::MUL:
    case OpCode::AND:
    case OpCode::OR:
    case OpCode::XOR:
    case OpCode::NUMEQUAL:
    case OpCode::NUMNOTEQUAL:
    case OpCode::LT:
    case OpCode::LE:
    case OpCode::GT:
    case OpCode::GE:
    case OpCode::MIN:
    case OpCode::MAX: {
      if (depth < 2 || !st[depth - 1].is_small_integer() || !st[depth - 2].is_small_integer()) return false;
      const std::int64_t a = st[depth - 2].small_integer(), b = st[depth - 1].small_integer();
      StackItem result;
      switch (op) {
        case OpCode::ADD:
        case OpCode::SUB:
        case OpCode::MUL: {
          std::int64_t r;
          const bool overflow = op == OpCode::ADD   ? __builtin_add_overflow(a, b, &r)
                                : op == OpCode::SUB ? __builtin_sub_overflow(a, b, &r)
                                                    : __builtin_mul_overflow(a, b, &r);
          if (overflow) return false;
          result = StackItem::integer(r);
          break;
        }
        case OpCode::AND:
          result = StackItem::integer(a & b);
          break;
        case OpCode::OR:
          result = StackItem::integer(a | b);
          break;
        case OpCode::XOR:
          result = StackItem::integer(a ^ b);
          break;
        case OpCode::NUMEQUAL:
          result = StackItem::boolean(a == b);
          break;
        case OpCode::NUMNOTEQUAL:
          result = StackItem::boolean(a != b);
          break;
        case OpCode::LT:
          result = StackItem::boolean(a < b);
          break;
        case OpCode::LE:
          result = StackItem::boolean(a <= b);
          break;
        case OpCode::GT:
          result = StackItem::boolean(a > b);
          break;
        case OpCode::GE:
          result = StackItem::boolean(a >= b);
          break;
        case OpCode::MIN:
          result = StackItem::integer(std::min(a, b));
          break;
        default:  // MAX
          result = StackItem::integer(std::max(a, b));
          break;
      }
      st.pop_back();
      st.back() = std::move(result);
      --e.refs_;
      return true;
    }

    // ---- arrays
    case OpCode::SIZE: {
      if (depth == 0) return false;
      StackItem& x = st.back();
      std::int64_t size;
      if (x.is_array_like() && x.compound_object()->stack_refs > 1) {
        size = static_cast<std::int64_t>(x.array_object()->items.size());
        --x.compound_object()->stack_refs;  // the popped reference; the pushed size takes its count
      } else if (x.type() == StackItemType::ByteString || x.type() == StackItemType::Buffer) {
        size = x.raw_bytes().size();
      } else {
        return false;
      }
      x = StackItem::integer(size);
      return true;
    }
    case OpCode::PICKITEM: {
      if (depth < 2) return false;
      const StackItem& key = st[depth - 1];
      const StackItem& x = st[depth - 2];
      if (!key.is_small_integer() || !x.is_array_like() || x.compound_object()->stack_refs <= 1) return false;
      const std::vector<StackItem>& items = x.array_object()->items;
      const std::int64_t index = key.small_integer();
      if (index < 0 || static_cast<std::uint64_t>(index) >= items.size()) return false;
      StackItem value = items[static_cast<std::size_t>(index)];
      // As exec(): the key's and the array's references go, then the item's comes.
      --x.compound_object()->stack_refs;
      e.refs_ -= 2;
      e.add_ref(value);
      st.pop_back();
      st.back() = std::move(value);
      return true;
    }
    case OpCode::SETITEM: {
      if (depth < 3) return false;
      StackItem& value = st[depth - 1];
      const StackItem& key = st[depth - 2];
      const StackItem& x = st[depth - 3];
      if (value.type() == StackItemType::Struct || !key.is_small_integer() || !x.is_array_like())
        return false;
      ArrayObject* array = x.array_object();
      const std::int64_t index = key.small_integer();
      if (array->stack_refs <= 1 || array->read_only || index < 0 ||
          static_cast<std::uint64_t>(index) >= array->items.size())
        return false;
      // As exec(): the key's and the array's references go, the value's moves into the array, and the
      // replaced item's goes (the array is still referenced).
      --array->stack_refs;
      e.refs_ -= 2;
      const StackItem old = std::move(array->items[static_cast<std::size_t>(index)]);
      array->items[static_cast<std::size_t>(index)] = std::move(value);
      st.resize(depth - 3);
      e.remove_ref(old);
      return true;
    }
    default:
      return false;
  }
}

void Interpreter::step_general(Engine& e) {
  NoTrace tracer;
  e.step(tracer);
}

// Flattened: every helper of the hot paths (vector push_back, StackItem copies and moves, the inline
// reference counting) is inlined here, so a common instruction runs without a call; exec() and the rare paths
// stay out of line.
//
// Instructions of one context run in bursts. Within a burst the context, its script and stack, the gas still
// available (capped to 32 bits) and the step count (a 32-bit counter) are held in locals; the engine's
// 64-bit gas and step counters are written back before anything can read them (exec(), the general step,
// the caller). On rv32 that saves a dozen instructions per Neo instruction.
[[gnu::flatten]] void Interpreter::run_fast(Engine& e, std::uint64_t max_steps) {
  constexpr std::uint32_t kMaxBurst = 1u << 30;
  while (e.state_ == VMState::None && max_steps != 0) {
    if (e.contexts_.empty()) {
      e.state_ = VMState::Halt;
      return;
    }
    if (e.gas_consumed_ > e.gas_limit_) {  // (a limit lowered below the consumption) the general path faults
      step_general(e);
      --max_steps;
      continue;
    }
    ExecutionContext& ctx = e.contexts_.back();
    const Script& script = *ctx.shared->script;
    const std::uint8_t* const code = script.data();
    const std::uint32_t len = script.size();
    Stack& st = ctx.shared->evaluation_stack;
    // A fee above the capped budget ends the burst; the general path then charges it against the real limit.
    const std::uint64_t gas_left = e.gas_limit_ - e.gas_consumed_;
    const std::uint32_t budget = gas_left < UINT32_MAX ? static_cast<std::uint32_t>(gas_left) : UINT32_MAX;
    std::uint32_t budget_left = budget;
    const std::uint32_t burst = max_steps < kMaxBurst ? static_cast<std::uint32_t>(max_steps) : kMaxBurst;
    std::uint32_t executed = 0;
    std::uint32_t ip = 0, operand_len = 0;
    const std::uint8_t* operand = code;
    std::uint8_t opcode = 0;
    bool needs_exec = false;  // the instruction that ended the burst is charged and counted; exec() runs it
    while (executed < burst) {
      ip = ctx.instruction_pointer;
      if (ip >= len) break;  // the implicit RET past the end: the general path
      opcode = code[ip];
      const std::uint32_t entry = e.fast_decode_[opcode];
      std::uint32_t size = entry & 63u;
      const std::uint32_t fee = entry >> 6;
      operand = code + ip + 1;
      operand_len = size - 1;
      if (size == 0) {
        // PUSHDATA1 is the one length-prefixed opcode common enough to decode here. Other prefixes, undefined
        // opcodes and fees too large for the table (like truncated instructions and fees past the budget,
        // below) are decoded, charged and reported by the general path.
        if (opcode != static_cast<std::uint8_t>(OpCode::PUSHDATA1) || entry == 0 || len - ip < 2) break;
        operand = code + ip + 2;
        operand_len = code[ip + 1];
        size = 2 + operand_len;
      }
      if (size > len - ip || fee > budget_left) break;
      budget_left -= fee;
      ++executed;
      ctx.instruction_pointer = ip + size;  // jumps overwrite it
      if (!try_fast(e, ctx, st, opcode, ip, operand, operand_len)) {
        needs_exec = true;
        break;
      }
      if (!after_instruction(e)) break;
    }
    e.gas_consumed_ += budget - budget_left;
    e.steps_ += executed;
    max_steps -= executed;
    if (e.state_ != VMState::None) return;  // the MaxStackSize check faulted
    if (needs_exec) {
      // CALL and RET change the invocation stack (which ends the burst anyway): run them here rather than
      // through exec(), whose frame costs more than the dispatch itself.
      bool ok;
      switch (static_cast<OpCode>(opcode)) {
        case OpCode::RET:
          ok = e.execute_ret();
          break;
        case OpCode::CALL:
        case OpCode::CALL_L: {
          const bool long_form = opcode == static_cast<std::uint8_t>(OpCode::CALL_L);
          const std::int64_t target = static_cast<std::int64_t>(ip) + jump_offset(long_form, operand);
          ok = target < 0 ? e.fault("Out of script bounds.") : e.call(static_cast<std::uint32_t>(target));
          break;
        }
        default:
          ok = exec(e, opcode, ip, operand, operand_len);
          break;
      }
      if (ok) after_instruction(e);
    } else if (executed < burst) {
      step_general(e);
      --max_steps;
    }
  }
}

// -----------------------------------------------------------------------------------------------------------

template <class Tracer>
bool Engine::step(Tracer& tracer) {
  if (contexts_.empty()) {
    state_ = VMState::Halt;
    return false;
  }
  ExecutionContext& ctx = contexts_.back();
  const Script& script = *ctx.shared->script;
  const std::uint8_t* code = script.data();
  const std::uint32_t len = script.size();
  const std::uint32_t ip = ctx.instruction_pointer;
  std::uint8_t opcode = static_cast<std::uint8_t>(OpCode::RET);
  const std::uint8_t* operand = code;
  std::uint32_t operand_len = 0;
  std::uint32_t next = ip;  // past the end the implicit RET does not move the pointer
  if (ip < len) {
    Instruction instruction;
    const DecodeStatus status = decode_instruction(std::span<const std::uint8_t>(code, len), ip, instruction);
    if (status != DecodeStatus::Ok) {
      detail::Message m;
      if (status == DecodeStatus::InvalidOpcode) {
        const char hex[] = "0123456789ABCDEF";
        const char digits[2] = {hex[code[ip] >> 4], hex[code[ip] & 15]};
        m << "Invalid opcode 0x" << std::string_view(digits, 2);
      } else {
        m << "Instruction out of bounds";
      }
      m << " at " << static_cast<std::int64_t>(ip);
      return fault(m.view());
    }
    opcode = static_cast<std::uint8_t>(instruction.opcode);
    operand = instruction.operand;
    operand_len = instruction.operand_size;
    next = ip + instruction.size;
  }
  gas_consumed_ += static_cast<std::uint64_t>(kOpCodeTable[opcode].price) * exec_fee_factor_;
  if (gas_consumed_ > gas_limit_) return fault("Insufficient GAS.");
  if constexpr (Tracer::kEnabled) {
    tracer.on_step(TraceRecord{steps_, ip, static_cast<OpCode>(opcode), gas_consumed_,
                               static_cast<std::uint32_t>(ctx.evaluation_stack().size())});
  }
  ++steps_;
  ctx.instruction_pointer = next;  // jumps, calls and throws overwrite it
  if (!Interpreter::exec(*this, opcode, ip, operand, operand_len)) return false;
  return Interpreter::after_instruction(*this);
}

// -----------------------------------------------------------------------------------------------------------
// Debugger-style drivers (neo-vm Debugger)
// -----------------------------------------------------------------------------------------------------------

void Engine::execute_next() {
  NoTrace tracer;
  step(tracer);
}

VMState Engine::execute() {
  if (state_ == VMState::Break) state_ = VMState::None;
  NoTrace tracer;
  return run(tracer);
}

VMState Engine::step_into() {
  if (state_ == VMState::Halt || state_ == VMState::Fault) return state_;
  execute_next();
  if (state_ == VMState::None) state_ = VMState::Break;
  return state_;
}

VMState Engine::step_over() {
  if (state_ == VMState::Halt || state_ == VMState::Fault) return state_;
  state_ = VMState::None;
  const std::size_t depth = contexts_.size();
  NoTrace tracer;
  do {
    step(tracer);
    if (state_ == VMState::None && !breakpoints_.empty() && is_breakpoint()) state_ = VMState::Break;
  } while (state_ == VMState::None && contexts_.size() > depth);
  if (state_ == VMState::None) state_ = VMState::Break;
  return state_;
}

VMState Engine::step_out() {
  if (state_ == VMState::Break) state_ = VMState::None;
  const std::size_t depth = contexts_.size();
  NoTrace tracer;
  while (state_ == VMState::None && contexts_.size() >= depth) {
    step(tracer);
    if (state_ == VMState::None && !breakpoints_.empty() && is_breakpoint()) state_ = VMState::Break;
  }
  if (state_ == VMState::None) state_ = VMState::Break;
  return state_;
}

template <class Tracer>
VMState Engine::run(Tracer& tracer, std::uint64_t max_steps) {
  if (state_ == VMState::Break) state_ = VMState::None;
  if (breakpoints_.empty()) {
    if constexpr (Tracer::kEnabled) {
      while (state_ == VMState::None && max_steps-- != 0) step(tracer);
    } else {
      Interpreter::run_fast(*this, max_steps);
    }
  } else {
    while (state_ == VMState::None && max_steps-- != 0) {
      step(tracer);
      if (state_ == VMState::None && is_breakpoint()) state_ = VMState::Break;
    }
  }
  return state_;
}

template VMState Engine::run<NoTrace>(NoTrace&, std::uint64_t);
template VMState Engine::run<VectorTrace>(VectorTrace&, std::uint64_t);

}  // namespace neo::vm
