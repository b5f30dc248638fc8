// The fast loop (Engine::run without a tracer or breakpoints) against the general step path (run with a
// VectorTrace, and step_into), on scripts that exercise each inline handler, each of its fall-backs to the
// general interpreter, and the per-burst bookkeeping (gas, step count, MaxStackSize, collection, max_steps).
// Both paths must end in exactly the same engine state.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "neo/vm/assembly/assembler.hpp"
#include "neo/vm/engine.hpp"

using namespace neo::vm;

namespace {

enum class Driver { kFast, kTraced, kStepInto };

struct Setup {
  std::uint64_t gas_limit = 0;
  std::size_t gc_threshold = 0;
  std::vector<std::int64_t> arguments;  // pushed in order (the last one ends on top)
};

// Canonical text of an item (recursive for compounds, with a depth bound for cycles).
std::string describe(const StackItem& item, int depth = 0) {
  std::string out = stack_item_type_name(item.type());
  if (depth > 4) return out + "(...)";
  switch (item.type()) {
    case StackItemType::Boolean:
      return out + (item.boolean_value() ? " true" : " false");
    case StackItemType::Integer: {
      Integer v;
      REQUIRE(get_integer(item, v));
      std::array<char, 80> text{};
      return out + " " + std::string(text.data(), v.to_decimal(std::span<char, 80>(text)));
    }
    case StackItemType::ByteString:
    case StackItemType::Buffer: {
      const auto bytes = item.raw_bytes();
      return out + " " + std::string(bytes.begin(), bytes.end());
    }
    case StackItemType::Array:
    case StackItemType::Struct: {
      out += " [";
      for (const StackItem& child : item.array_object()->items) out += describe(child, depth + 1) + ", ";
      return out + "] refs " + std::to_string(item.compound_object()->stack_refs);
    }
    case StackItemType::Map: {
      out += " {";
      for (const MapEntry& e : item.map_object()->entries)
        out += describe(e.key, depth + 1) + ": " + describe(e.value, depth + 1) + ", ";
      return out + "} refs " + std::to_string(item.compound_object()->stack_refs);
    }
    default:
      return out;
  }
}

// Everything observable about an engine after a run.
std::string snapshot(const Engine& e) {
  std::string s = std::string(vm_state_name(e.state())) + " '" + std::string(e.fault_reason()) + "'";
  s += " gas " + std::to_string(e.gas_consumed());
  s += " steps " + std::to_string(e.instructions_executed());
  s += " refs " + std::to_string(e.reference_count());
  s += " depth " + std::to_string(e.invocation_depth());
  s += " compounds " + std::to_string(e.compound_objects());
  s += " result [";
  for (const StackItem& item : e.result_stack()) s += describe(item) + "; ";
  s += "]";
  if (e.invocation_depth() > 0) {
    const ExecutionContext& ctx = e.context(0);
    s += " ip " + std::to_string(ctx.instruction_pointer) + " stack [";
    for (const StackItem& item : ctx.evaluation_stack()) s += describe(item) + "; ";
    s += "] locals [";
    for (const StackItem& item : e.locals(ctx)) s += describe(item) + "; ";
    s += "]";
  }
  return s;
}

std::vector<std::uint8_t> assemble_or_fail(const std::string& source) {
  const auto result = assembly::assemble(source);
  INFO(source);
  REQUIRE(result.ok());
  return result.script;
}

std::string run_with(Driver driver, const std::vector<std::uint8_t>& script, const Setup& setup,
                     std::uint64_t max_steps = UINT64_MAX) {
  Engine e;
  e.set_gas_limit(setup.gas_limit);
  e.set_gc_threshold(setup.gc_threshold);
  REQUIRE(e.load_script(script));
  for (const std::int64_t arg : setup.arguments) e.push(StackItem::integer(arg));
  switch (driver) {
    case Driver::kFast: {
      NoTrace tracer;
      e.run(tracer, max_steps);
      break;
    }
    case Driver::kTraced: {
      VectorTrace tracer;
      e.run(tracer, max_steps);
      REQUIRE(tracer.records.size() == e.instructions_executed());
      break;
    }
    case Driver::kStepInto:
      for (std::uint64_t i = 0; i < max_steps && e.state() != VMState::Halt && e.state() != VMState::Fault;
           ++i) {
        e.step_into();
      }
      break;
  }
  return snapshot(e);
}

// Runs a script three ways and requires identical end states; returns the fast path's.
std::string check_same_bytes(const std::vector<std::uint8_t>& script, const Setup& setup = {},
                             std::uint64_t max_steps = UINT64_MAX) {
  const std::string fast = run_with(Driver::kFast, script, setup, max_steps);
  CHECK(fast == run_with(Driver::kTraced, script, setup, max_steps));
  if (max_steps == UINT64_MAX) CHECK(fast == run_with(Driver::kStepInto, script, setup, max_steps));
  return fast;
}

std::string check_same(const std::string& source, const Setup& setup = {},
                       std::uint64_t max_steps = UINT64_MAX) {
  INFO(source);
  return check_same_bytes(assemble_or_fail(source), setup, max_steps);
}

const std::string kCountingLoop = R"(
        INITSLOT 1 1
        LDARG0
        STLOC0
loop:   LDLOC0
        DEC
        DUP
        STLOC0
        JMPIF loop
        RET
)";

}  // namespace

TEST_CASE("fast path: the counting loop ends as the general path does", "[vm][fast]") {
  Setup setup;
  setup.arguments = {1000};
  const std::string end = check_same(kCountingLoop, setup);
  CHECK(end.rfind("HALT", 0) == 0);
  CHECK(end.find("steps 5004 ") != std::string::npos);  // INITSLOT LDARG0 STLOC0, 1000 x 5, RET
}

TEST_CASE("fast path: running out of gas at every possible instruction", "[vm][fast][gas]") {
  Setup setup;
  setup.arguments = {20};
  // Each limit stops the loop at a different instruction (fees of 1, 2 or more units x 30).
  for (std::uint64_t limit = 30; limit < 3000; limit += 30) {
    setup.gas_limit = limit;
    const std::string end = check_same(kCountingLoop, setup);
    CHECK(end.rfind("FAULT 'Insufficient GAS.'", 0) == 0);
  }
}

TEST_CASE("fast path: max_steps stops mid-run exactly where the general path does", "[vm][fast]") {
  Setup setup;
  setup.arguments = {50};
  for (const std::uint64_t steps : {0ull, 1ull, 2ull, 3ull, 7ull, 100ull, 251ull, 252ull, 253ull, 254ull}) {
    check_same(kCountingLoop, setup, steps);
  }
}

TEST_CASE("fast path: pushes past the stack vector's capacity and past MaxStackSize", "[vm][fast][limits]") {
  // 3000 pushes: the vector grows through exec() many times, then the reference count passes 2048.
  const std::string end = check_same(R"(
        INITSLOT 1 0
        PUSHINT 3000
        STLOC0
loop:   PUSH5
        PUSHT
        DROP
        LDLOC0
        DEC
        DUP
        STLOC0
        JMPIF loop
        RET
)");
  CHECK(end.rfind("FAULT 'MaxStackSize exceed", 0) == 0);
}

TEST_CASE("fast path: small-integer arithmetic, comparisons and their overflow fall-backs", "[vm][fast]") {
  const std::string end = check_same(R"(
        PUSHINT 9223372036854775807
        INC                 ; past int64: a big integer
        DEC
        PUSHINT -9223372036854775808
        DEC
        ADD
        PUSHINT 4611686018427387904
        DUP
        ADD                 ; overflows int64
        PUSHINT 3037000500
        DUP
        MUL                 ; overflows int64
        PUSH7
        PUSH3
        SUB
        PUSH5
        MUL
        PUSH12
        AND
        PUSH3
        OR
        PUSH6
        XOR
        PUSH4
        MIN
        PUSHM1
        MAX
        PUSH2
        NUMEQUAL
        PUSH2
        PUSH3
        NUMNOTEQUAL
        PUSH2
        PUSH3
        LT
        PUSH3
        PUSH3
        LE
        PUSH4
        PUSH3
        GT
        PUSH3
        PUSH4
        GE
        PUSH0
        NOT
        PUSHF
        NOT
        PUSH5
        NZ
        PUSH0
        NZ
        PUSHNULL
        NOT                 ; Null converts to false: the general path
        PUSHINT 100000000000000000000
        NZ                  ; a big integer: the general path
        PUSHDATA1 "x"
        PUSH1
        LT                  ; a ByteString operand: the general path
        PUSHNULL
        PUSH1
        ADD                 ; faults in the general path
)");
  CHECK(end.rfind("FAULT 'Can not convert to an integer: unexpected type Null'", 0) == 0);
  CHECK(end.find("steps 62 ") != std::string::npos);
}

TEST_CASE("fast path: jumps, conditional jumps and their out-of-range targets", "[vm][fast][control]") {
  check_same(R"(
        PUSH1
        PUSH2
        JMPLT a
        PUSH9
a:      PUSH2
        PUSH2
        JMPEQ_L b
        PUSH9
b:      PUSH3
        PUSH2
        JMPGT c
        PUSH9
c:      PUSH3
        PUSH3
        JMPGE d
        PUSH9
d:      PUSH3
        PUSH4
        JMPLE e
        PUSH9
e:      PUSH3
        PUSH4
        JMPNE f
        PUSH9
f:      PUSHT
        JMPIFNOT g
        PUSH0
        JMPIF g
        PUSHINT 100000000000000000000
        JMPIF g             ; a big integer condition: the general path
        PUSH8
g:      PUSH1
        JMPIF_L h
        PUSH9
h:      NOP
        PUSH1
        PUSH2
        JMPEQ h             ; not taken
        RET
)");
  // A taken jump outside the script faults after the general path pops the operands (PUSH5, operands, the
  // jump, RET).
  const std::vector<std::vector<std::uint8_t>> jumps = {
      {0x22, 100},                                 // JMP +100
      {0x23, 0x9C, 0xFF, 0xFF, 0xFF},              // JMP_L -100
      {0x08, 0x24, 50},                            // PUSHT JMPIF +50
      {0x10, 0x27, 50, 0, 0, 0},                   // PUSH0 JMPIFNOT_L +50
      {0x11, 0x11, 0x28, 60},                      // PUSH1 PUSH1 JMPEQ +60
      {0x11, 0x12, 0x31, 0xC4, 0xFF, 0xFF, 0xFF},  // PUSH1 PUSH2 JMPLT_L -60
      {0x11, 0x12, 0x30, 3},                       // PUSH1 PUSH2 JMPLT +3: the end of the script
  };
  for (const auto& jump : jumps) {
    std::vector<std::uint8_t> script{0x15};
    script.insert(script.end(), jump.begin(), jump.end());
    script.push_back(0x40);
    const std::string end = check_same_bytes(script);
    CHECK(end.rfind("FAULT 'Jump out of range", 0) == 0);
  }
}

TEST_CASE("fast path: slots, static fields and their faults", "[vm][fast][slots]") {
  const std::string end = check_same(R"(
        INITSSLOT 2
        INITSLOT 8 2
        LDARG1
        LDARG0
        STARG1
        STARG0
        LDARG0
        LDARG1
        STARG 0
        LDARG 1
        STLOC 7
        PUSH6
        STSFLD1
        LDSFLD1
        STSFLD 0
        LDSFLD 0
        STLOC6
        LDLOC6
        LDLOC 7
        PUSH1
        STLOC0
        LDLOC0
        STLOC1
        LDLOC1
        STLOC2
        LDLOC2
        STLOC3
        LDLOC3
        STLOC4
        LDLOC4
        STLOC5
        LDLOC5
        LDLOC 5
        NEWARRAY0
        DUP
        STLOC0              ; an array in a slot and on the stack
        STLOC1              ; replaces the array's reference
        LDLOC 8             ; out of range: faults in the general path
)",
                                     Setup{0, 0, {11, 22}});
  CHECK(end.rfind("FAULT 'Index out of range when loading from slot: 8'", 0) == 0);
  check_same("LDSFLD0\n");  // no static fields
  check_same("STLOC0\n");   // no locals
  check_same("INITSLOT 1 0\nINITSLOT 1 0\n");
  check_same("INITSLOT 0 0\n");
  check_same("PUSH1\nINITSLOT 0 2\n");
}

TEST_CASE("fast path: stack operations on primitives and compounds", "[vm][fast]") {
  const std::string end = check_same(R"(
        PUSH1
        PUSH2
        SWAP
        OVER
        NIP
        DUP
        DROP                ; [2, 2]
        NEWARRAY0
        PUSH3
        SWAP                ; the second item is a compound referenced once: the general path
        DUP
        PUSH4
        SWAP                ; the second item is a compound referenced twice: in place
        NIP
        PUSHDATA1 "neo"
        OVER
        DROP
        SWAP
        NIP                 ; [2, 2, 3, A, A]
        DROP
        DROP
        DROP
        DROP
        DROP
        DROP                ; one too many: faults in the general path
)");
  CHECK(end.rfind("FAULT 'The evaluation stack is empty", 0) == 0);
  CHECK(end.find("steps 25 ") != std::string::npos);
  check_same("PUSH1\nSWAP\n");
  check_same("NIP\n");
  check_same("OVER\n");
}

TEST_CASE("fast path: array items, sizes and their fall-backs", "[vm][fast][compound]") {
  const std::string end = check_same(R"(
        INITSLOT 2 0
        PUSH3
        NEWARRAY
        STLOC0
        LDLOC0
        PUSH1
        PUSH7
        SETITEM
        LDLOC0
        PUSH2
        NEWARRAY0
        SETITEM             ; an array value
        LDLOC0
        PUSH0
        NEWSTRUCT0
        SETITEM             ; a struct value (cloned): the general path
        LDLOC0
        PUSH2
        PICKITEM
        PUSH5
        APPEND
        LDLOC0
        PUSH2
        PICKITEM
        SIZE
        LDLOC0
        SIZE
        PUSHDATA1 "abcdef"
        SIZE
        PUSH4
        NEWBUFFER
        SIZE
        NEWMAP
        DUP
        PUSH1
        PUSH2
        SETITEM             ; a map: the general path
        SIZE
        PUSH5
        SIZE                ; an Integer: the general path
        LDLOC0
        PUSH1
        PICKITEM
        STLOC1
        LDLOC0
        PUSH3
        PICKITEM            ; out of range: the general path raises it
)");
  CHECK(end.rfind("FAULT 'An unhandled exception was thrown. The index of VMArray is out of range, 3/[0, 3).",
                  0) == 0);
  // Negative indexes fall back too.
  check_same("PUSH1\nPUSH2\nPUSH2\nPACK\nDUP\nPUSHM1\nPUSH0\nSETITEM\n");
  check_same("PUSH1\nPUSH2\nPUSH2\nPACK\nDUP\nPUSHM1\nPICKITEM\n");
}

TEST_CASE("fast path: PUSHDATA1, calls, the implicit RET and automatic collection", "[vm][fast][control]") {
  const std::string calls = R"(
        INITSLOT 1 1
        LDARG0
        STLOC0
loop:   PUSHDATA1 "abc"
        PUSHDATA1 0x0102
        CAT
        PUSH3
        LDLOC0
        CALL add
        DROP
        NEWARRAY0
        DROP
        DROP
        LDLOC0
        DEC
        DUP
        STLOC0
        JMPIF loop
        PUSH1
        PUSHDATA1 ""
        CALL add
        JMP end
add:    INITSLOT 0 2
        LDARG0
        LDARG1
        ADD
        RET
end:    NOP
)";  // the script ends through the implicit RET past its last instruction
  const std::string end = check_same(calls, Setup{0, 0, {40}});
  CHECK(end.rfind("HALT", 0) == 0);
  check_same(calls, Setup{0, 3, {40}});
  check_same(calls, Setup{0, 1, {40}});
  // Truncated PUSHDATA1 operands: the general path reports them.
  check_same_bytes({0x0C});
  check_same_bytes({0x0C, 0x05, 0x01});
}
