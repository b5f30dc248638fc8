#include <catch2/catch.hpp>

#include "vm_test_util.hpp"

using namespace neo::vm;
using neo::vm::test::run;

TEST_CASE("MaxStackSize counts every item on all stacks and slots", "[vm][stack][limits]") {
  auto pushes = [](int n) {
    ScriptBuilder sb;
    for (int i = 0; i < n; ++i) sb.emit(OpCode::PUSH1);
    return sb;
  };
  CHECK(run(pushes(2048)).state == VMState::Halt);
  auto r = run(pushes(2049));
  CHECK(r.state == VMState::Fault);
  CHECK(r.reason().find("MaxStackSize exceed") != std::string::npos);

  // NEWARRAY n counts the array and its n items.
  ScriptBuilder fits;
  fits.emit_push(2047).emit(OpCode::NEWARRAY);
  CHECK(run(fits).state == VMState::Halt);
  ScriptBuilder over;
  over.emit_push(2048).emit(OpCode::NEWARRAY);
  CHECK(run(over).state == VMState::Fault);

  // Slots count too: 2000 locals plus 49 pushes exceed the limit.
  ScriptBuilder slots;
  slots.emit_u8x2(OpCode::INITSLOT, 250, 0);
  for (int i = 0; i < 1799; ++i) slots.emit(OpCode::PUSH0);
  CHECK(run(slots).state == VMState::Fault);

  ExecutionEngineLimits small;
  small.max_stack_size = 4;
  CHECK(run(pushes(4), small).state == VMState::Halt);
  CHECK(run(pushes(5), small).state == VMState::Fault);
}

TEST_CASE("stack manipulation opcodes", "[vm][stack]") {
  SECTION("PICK, ROLL, XDROP, REVERSEN") {
    ScriptBuilder sb;
    sb.emit(OpCode::PUSH1).emit(OpCode::PUSH2).emit(OpCode::PUSH3).emit(OpCode::PUSH4);
    sb.emit(OpCode::PUSH3).emit(OpCode::PICK);      // 1 2 3 4 1
    sb.emit(OpCode::PUSH2).emit(OpCode::ROLL);      // 1 2 4 1 3
    sb.emit(OpCode::PUSH4).emit(OpCode::XDROP);     // 2 4 1 3
    sb.emit(OpCode::PUSH3).emit(OpCode::REVERSEN);  // 2 3 1 4
    auto r = run(sb);
    REQUIRE(r.state == VMState::Halt);
    REQUIRE(r.result().size() == 4);
    CHECK(test::integer_text(r.result()[0]) == "2");
    CHECK(test::integer_text(r.result()[1]) == "3");
    CHECK(test::integer_text(r.result()[2]) == "1");
    CHECK(test::integer_text(r.result()[3]) == "4");
  }
  SECTION("bad indexes fault") {
    for (const OpCode op : {OpCode::PICK, OpCode::ROLL, OpCode::XDROP, OpCode::REVERSEN}) {
      ScriptBuilder neg;
      neg.emit(OpCode::PUSH1).emit(OpCode::PUSHM1).emit(op);
      CHECK(run(neg).state == VMState::Fault);
      ScriptBuilder deep;
      deep.emit(OpCode::PUSH1).emit(OpCode::PUSH5).emit(op);
      CHECK(run(deep).state == VMState::Fault);
    }
    ScriptBuilder tuck;
    tuck.emit(OpCode::PUSH1).emit(OpCode::TUCK);
    CHECK(run(tuck).state == VMState::Fault);
    ScriptBuilder drop;
    drop.emit(OpCode::DROP);
    CHECK(run(drop).state == VMState::Fault);
    ScriptBuilder rev;
    rev.emit(OpCode::PUSH1).emit(OpCode::PUSH2).emit(OpCode::REVERSE3);
    CHECK(run(rev).state == VMState::Fault);
  }
  SECTION("DEPTH, CLEAR, NIP, OVER, SWAP, ROT, TUCK") {
    ScriptBuilder sb;
    sb.emit(OpCode::PUSH1).emit(OpCode::PUSH2).emit(OpCode::PUSH3);
    sb.emit(OpCode::ROT);   // 2 3 1
    sb.emit(OpCode::SWAP);  // 2 1 3
    sb.emit(OpCode::OVER);  // 2 1 3 1
    sb.emit(OpCode::NIP);   // 2 1 1
    sb.emit(OpCode::TUCK);  // 2 1 1 1
    sb.emit(OpCode::DEPTH);
    auto r = run(sb);
    REQUIRE(r.state == VMState::Halt);
    REQUIRE(r.result().size() == 5);
    CHECK(r.top_int() == 4);
    CHECK(test::integer_text(r.result()[0]) == "2");
    ScriptBuilder clear;
    clear.emit(OpCode::PUSH1).emit(OpCode::PUSH2).emit(OpCode::CLEAR).emit(OpCode::DEPTH);
    auto c = run(clear);
    REQUIRE(c.state == VMState::Halt);
    CHECK(c.result().size() == 1);
    CHECK(c.top_int() == 0);
  }
}

TEST_CASE("slots: initialisation rules and argument order", "[vm][slot]") {
  SECTION("arguments are taken from the top of the stack") {
    ScriptBuilder sb;
    sb.emit(OpCode::PUSH1).emit(OpCode::PUSH2).emit_u8x2(OpCode::INITSLOT, 1, 2);
    sb.emit(OpCode::LDARG0).emit(OpCode::LDARG1).emit(OpCode::SUB).emit(OpCode::STLOC0).emit(OpCode::LDLOC0);
    auto r = run(sb);
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.top_int() == 1);  // arg0 = 2, arg1 = 1
  }
  SECTION("faults") {
    ScriptBuilder no_slot;
    no_slot.emit(OpCode::LDLOC0);
    CHECK(run(no_slot).reason() == "Slot has not been initialized.");
    ScriptBuilder twice;
    twice.emit_u8x2(OpCode::INITSLOT, 1, 0).emit_u8x2(OpCode::INITSLOT, 1, 0);
    CHECK(run(twice).state == VMState::Fault);
    ScriptBuilder zero;
    zero.emit_u8x2(OpCode::INITSLOT, 0, 0);
    CHECK(run(zero).state == VMState::Fault);
    ScriptBuilder index;
    index.emit_u8x2(OpCode::INITSLOT, 2, 0).emit(OpCode::LDLOC2);
    CHECK(run(index).state == VMState::Fault);
    ScriptBuilder args;
    args.emit_u8x2(OpCode::INITSLOT, 0, 1);  // no argument on the stack
    CHECK(run(args).state == VMState::Fault);
    ScriptBuilder statics;
    statics.emit_u8(OpCode::INITSSLOT, 1).emit_u8(OpCode::INITSSLOT, 1);
    CHECK(run(statics).state == VMState::Fault);
    ScriptBuilder zero_statics;
    zero_statics.emit_u8(OpCode::INITSSLOT, 0);
    CHECK(run(zero_statics).state == VMState::Fault);
  }
  SECTION("static fields are shared with called functions") {
    ScriptBuilder sb;
    sb.emit_u8(OpCode::INITSSLOT, 1);
    const auto call = sb.position();
    sb.emit_u8(OpCode::CALL, 0).emit(OpCode::LDSFLD0).emit(OpCode::RET);
    sb.patch_jump(call, sb.position());
    sb.emit(OpCode::PUSH9).emit(OpCode::STSFLD0).emit(OpCode::RET);
    auto r = run(sb);
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.top_int() == 9);
  }
}

TEST_CASE("reference counts follow slots and contexts", "[vm][slot][refs]") {
  ScriptBuilder sb;
  sb.emit_u8x2(OpCode::INITSLOT, 2, 0);                                                   // 2 locals: refs 2
  sb.emit(OpCode::NEWARRAY0).emit(OpCode::DUP).emit(OpCode::PUSH5).emit(OpCode::APPEND);  // [5] on stack
  sb.emit(OpCode::STLOC0);  // moves to the slot: refs 2 (array + item) + 1 (other local)
  Engine e;
  e.load_script(sb.bytes());
  for (int i = 0; i < 6; ++i) e.step_into();
  CHECK(e.reference_count() == 3);
  CHECK(e.locals(*e.current_context()).size() == 2);
  CHECK(e.execute() == VMState::Halt);
  CHECK(e.reference_count() == 0);  // slots are released when the context unloads
}

TEST_CASE("garbage collection frees unreachable compounds only", "[vm][gc]") {
  // A loop that allocates an array per iteration and keeps the latest one, nested, in a local.
  ScriptBuilder sb;
  sb.emit_u8x2(OpCode::INITSLOT, 2, 0).emit_push(5000).emit(OpCode::STLOC0);
  const auto loop = sb.position();
  sb.emit(OpCode::NEWARRAY0).emit(OpCode::DUP).emit(OpCode::LDLOC0).emit(OpCode::APPEND);  // [i]
  sb.emit(OpCode::NEWARRAY0).emit(OpCode::DUP).emit(OpCode::ROT).emit(OpCode::APPEND);     // [[i]]
  sb.emit(OpCode::STLOC1);
  sb.emit(OpCode::LDLOC0)
      .emit(OpCode::DEC)
      .emit(OpCode::DUP)
      .emit(OpCode::STLOC0)
      .emit_jump(OpCode::JMPIF, loop);
  sb.emit(OpCode::LDLOC1)
      .emit(OpCode::PUSH0)
      .emit(OpCode::PICKITEM)
      .emit(OpCode::PUSH0)
      .emit(OpCode::PICKITEM);

  Engine unbounded;
  unbounded.load_script(sb.bytes());
  REQUIRE(unbounded.execute() == VMState::Halt);
  CHECK(unbounded.compound_objects() == 10000);

  Engine collected;
  collected.set_gc_threshold(256);
  collected.load_script(sb.bytes());
  REQUIRE(collected.execute() == VMState::Halt);
  CHECK(collected.compound_objects() < 600);
  REQUIRE(collected.result_stack().size() == 1);
  CHECK(test::integer_text(collected.result_stack()[0]) == "1");
  CHECK(collected.reference_count() == unbounded.reference_count());

  // An explicit collection after HALT keeps what the result stack reaches.
  ScriptBuilder keep;
  keep.emit(OpCode::NEWARRAY0)
      .emit(OpCode::NEWARRAY0)
      .emit(OpCode::DROP)
      .emit(OpCode::DUP)
      .emit(OpCode::NEWMAP);
  keep.emit(OpCode::APPEND);
  Engine e;
  e.load_script(keep.bytes());
  REQUIRE(e.execute() == VMState::Halt);
  CHECK(e.compound_objects() == 3);
  CHECK(e.collect_garbage() == 1);  // the dropped array
  CHECK(e.compound_objects() == 2);
  REQUIRE(e.result_stack().size() == 1);
  CHECK(e.result_stack()[0].array_object()->items.size() == 1);
  CHECK(e.result_stack()[0].array_object()->items[0].type() == StackItemType::Map);
}
