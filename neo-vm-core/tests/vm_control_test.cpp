#include <catch2/catch.hpp>

#include <numeric>

#include "vm_test_util.hpp"

using namespace neo::vm;
using neo::vm::test::run;

TEST_CASE("jumps: conditional, backwards and out of range", "[vm][control]") {
  SECTION("JMPIFNOT skips when false") {
    ScriptBuilder sb;
    sb.emit(OpCode::PUSHF);
    const auto at = sb.position();
    sb.emit_u8(OpCode::JMPIFNOT, 0).emit(OpCode::PUSH1);
    sb.patch_jump(at, sb.position());
    sb.emit(OpCode::PUSH2);
    auto r = run(sb);
    REQUIRE(r.state == VMState::Halt);
    REQUIRE(r.result().size() == 1);
    CHECK(r.top_int() == 2);
  }
  SECTION("JMPLT_L compares x1 < x2") {
    ScriptBuilder sb;
    sb.emit(OpCode::PUSH1).emit(OpCode::PUSH2);
    sb.emit_i32(OpCode::JMPLT_L, 6);  // from 2 to 8, over the PUSH3
    sb.emit(OpCode::PUSH3).emit(OpCode::PUSH4);
    auto r = run(sb);
    REQUIRE(r.state == VMState::Halt);
    REQUIRE(r.result().size() == 1);
    CHECK(r.top_int() == 4);
  }
  SECTION("a jump to the end of the script faults (target must be < length)") {
    ScriptBuilder sb;
    sb.emit_u8(OpCode::JMP, 2);
    auto r = run(sb);
    CHECK(r.state == VMState::Fault);
    CHECK(r.reason().find("Jump out of range") != std::string::npos);
  }
  SECTION("a negative jump target faults") {
    ScriptBuilder sb;
    sb.emit(OpCode::NOP).emit_u8(OpCode::JMP, static_cast<std::uint8_t>(-5));
    CHECK(run(sb).state == VMState::Fault);
  }
}

TEST_CASE("CALL shares the evaluation stack and RET returns", "[vm][control]") {
  ScriptBuilder sb;
  sb.emit(OpCode::PUSH5);
  const auto call = sb.position();
  sb.emit_u8(OpCode::CALL, 0).emit(OpCode::RET);
  sb.patch_jump(call, sb.position());
  sb.emit(OpCode::INC).emit(OpCode::RET);
  auto r = run(sb);
  REQUIRE(r.state == VMState::Halt);
  CHECK(r.top_int() == 6);
}

TEST_CASE("CALLA calls a pointer pushed by PUSHA", "[vm][control]") {
  ScriptBuilder sb;
  sb.emit_i32(OpCode::PUSHA, 7).emit(OpCode::CALLA).emit(OpCode::RET);  // PUSHA(5) CALLA(1) RET(1) -> 7
  sb.emit(OpCode::PUSH9).emit(OpCode::RET);
  auto r = run(sb);
  REQUIRE(r.state == VMState::Halt);
  CHECK(r.top_int() == 9);

  ScriptBuilder bad;
  bad.emit_i32(OpCode::PUSHA, 100);
  CHECK(run(bad).state == VMState::Fault);
  ScriptBuilder not_pointer;
  not_pointer.emit(OpCode::PUSH1).emit(OpCode::CALLA);
  CHECK(run(not_pointer).state == VMState::Fault);
}

TEST_CASE("unbounded recursion hits MaxInvocationStackSize", "[vm][control][limits]") {
  ScriptBuilder sb;
  sb.emit_u8(OpCode::CALL, 0);  // calls itself forever
  auto r = run(sb);
  CHECK(r.state == VMState::Fault);
  CHECK(r.reason().find("MaxInvocationStackSize") != std::string::npos);
  ExecutionEngineLimits small;
  small.max_invocation_stack_size = 8;
  Engine e(small);
  e.load_script(sb.bytes());
  CHECK(e.execute() == VMState::Fault);
  CHECK(e.instructions_executed() == 8);  // 7 successful calls, the 8th faults
}

TEST_CASE("TRY/CATCH catches THROW and pushes the exception", "[vm][control][exceptions]") {
  // TRY catch=+5 ; PUSH1 THROW ENDTRY(skip) ; catch: DROP PUSH7 ENDTRY ; end
  ScriptBuilder sb;
  sb.emit_u8x2(OpCode::TRY, 5, 0);                  // 0..2, catch at 5
  sb.emit_push_string("boom").emit(OpCode::THROW);  // 3..9
  sb.emit(OpCode::DROP).emit(OpCode::PUSH7).emit_u8(OpCode::ENDTRY, 2);
  std::vector<std::uint8_t> bytes = sb.bytes();
  bytes[1] = 10;  // the catch block starts after THROW (position 10)
  auto r = run(bytes);
  REQUIRE(r.state == VMState::Halt);
  REQUIRE(r.result().size() == 1);
  CHECK(r.top_int() == 7);
  CHECK(r.engine->reference_count() == 1);
}

TEST_CASE("an uncaught exception faults with a readable reason", "[vm][control][exceptions]") {
  ScriptBuilder sb;
  sb.emit_push_string("custom failure").emit(OpCode::THROW);
  auto r = run(sb);
  CHECK(r.state == VMState::Fault);
  CHECK(r.reason() == "An unhandled exception was thrown. custom failure");
}

TEST_CASE("TRY/FINALLY runs the finally block then rethrows", "[vm][control][exceptions]") {
  // INITSSLOT 1; TRY finally=+? ; PUSH1 THROW ; finally: PUSH5 STSFLD0 ENDFINALLY
  ScriptBuilder sb;
  sb.emit_u8(OpCode::INITSSLOT, 1);                                       // 0..1
  sb.emit_u8x2(OpCode::TRY, 0, 5);                                        // 2..4, finally at 7
  sb.emit(OpCode::PUSH1).emit(OpCode::THROW);                             // 5, 6
  sb.emit(OpCode::PUSH5).emit(OpCode::STSFLD0).emit(OpCode::ENDFINALLY);  // 7, 8, 9
  Engine e;
  e.load_script(sb.bytes());
  CHECK(e.execute() == VMState::Fault);
  CHECK(e.instructions_executed() == 7);  // the finally block ran before the rethrow faulted
}

TEST_CASE("engine errors are catchable only when the limits allow it", "[vm][control][exceptions]") {
  // TRY catch ; NEWARRAY0 PUSH3 PICKITEM (out of range) ; catch: DROP PUSH8
  ScriptBuilder sb;
  sb.emit_u8x2(OpCode::TRY, 6, 0);                                        // 0..2, catch at 6
  sb.emit(OpCode::NEWARRAY0).emit(OpCode::PUSH3).emit(OpCode::PICKITEM);  // 3, 4, 5
  sb.emit(OpCode::DROP).emit(OpCode::PUSH8).emit_u8(OpCode::ENDTRY, 2);   // 6, 7, 8..9
  auto caught = run(sb);
  REQUIRE(caught.state == VMState::Halt);
  CHECK(caught.top_int() == 8);

  ExecutionEngineLimits strict;
  strict.catch_engine_exceptions = false;
  auto r = run(sb, strict);
  CHECK(r.state == VMState::Fault);
  CHECK(r.reason().find("out of range") != std::string::npos);
}

TEST_CASE("ABORT, ABORTMSG and ASSERT cannot be caught", "[vm][control][exceptions]") {
  for (const OpCode op : {OpCode::ABORT, OpCode::ASSERT}) {
    ScriptBuilder sb;
    sb.emit_u8x2(OpCode::TRY, 5, 0).emit(OpCode::PUSHF).emit(op).emit(OpCode::NOP);
    auto r = run(sb);
    CHECK(r.state == VMState::Fault);
  }
  ScriptBuilder msg;
  msg.emit(OpCode::PUSHF).emit_push_string("nope").emit(OpCode::ASSERTMSG);
  auto r = run(msg);
  CHECK(r.state == VMState::Fault);
  CHECK(r.reason() == "ASSERTMSG is executed with false result. Reason: nope");
  ScriptBuilder pass;
  pass.emit(OpCode::PUSHT).emit_push_string("fine").emit(OpCode::ASSERTMSG).emit(OpCode::PUSH1);
  CHECK(run(pass).state == VMState::Halt);
}

TEST_CASE("TRY nesting is limited by MaxTryNestingDepth", "[vm][control][limits]") {
  auto nested = [](int depth) {
    ScriptBuilder sb;
    for (int i = 0; i < depth; ++i) sb.emit_u8x2(OpCode::TRY, 0, 0x7F);
    return sb;
  };
  CHECK(run(nested(16)).state == VMState::Halt);
  auto r = run(nested(17));
  CHECK(r.state == VMState::Fault);
  CHECK(r.reason() == "MaxTryNestingDepth exceed.");
  ScriptBuilder zero;
  zero.emit_u8x2(OpCode::TRY, 0, 0);
  CHECK(run(zero).state == VMState::Fault);
  ScriptBuilder orphan;
  orphan.emit_u8(OpCode::ENDTRY, 2);
  CHECK(run(orphan).state == VMState::Fault);
}

namespace {

bool push_answer(void* host, Engine& engine, std::uint32_t id) {
  *static_cast<int*>(host) += 1;
  if (id != 0x01020304u) return false;
  engine.push(StackItem::integer(std::int64_t{42}));
  return true;
}

bool callt_token(void*, Engine& engine, std::uint16_t token) {
  engine.push(StackItem::integer(static_cast<std::int64_t>(token)));
  return true;
}

}  // namespace

TEST_CASE("SYSCALL and CALLT go through the host hooks", "[vm][control][interop]") {
  int calls = 0;
  ScriptBuilder sb;
  sb.emit_syscall(0x01020304u);
  Engine e;
  e.set_syscall_handler(&push_answer, &calls);
  e.load_script(sb.bytes());
  REQUIRE(e.execute() == VMState::Halt);
  CHECK(calls == 1);
  CHECK(test::integer_text(e.result_stack().back()) == "42");

  ScriptBuilder unknown;
  unknown.emit_syscall(0x0BADu);
  Engine e2;
  e2.set_syscall_handler(&push_answer, &calls);
  e2.load_script(unknown.bytes());
  CHECK(e2.execute() == VMState::Fault);
  CHECK(std::string(e2.fault_reason()) == "Syscall not found: 2989");

  ScriptBuilder no_hook;
  no_hook.emit_syscall(1);
  CHECK(run(no_hook).state == VMState::Fault);

  std::vector<std::uint8_t> callt{static_cast<std::uint8_t>(OpCode::CALLT), 0x34, 0x12};
  CHECK(run(callt).state == VMState::Fault);
  Engine e3;
  e3.set_callt_handler(&callt_token, nullptr);
  e3.load_script(callt);
  REQUIRE(e3.execute() == VMState::Halt);
  CHECK(test::integer_text(e3.result_stack().back()) == "4660");
}

TEST_CASE("RET checks the return value count of a loaded script", "[vm][control]") {
  ScriptBuilder sb;
  sb.emit(OpCode::PUSH1).emit(OpCode::PUSH2);
  Engine ok;
  ok.load_script(sb.bytes(), 2);
  CHECK(ok.execute() == VMState::Halt);
  Engine bad;
  bad.load_script(sb.bytes(), 1);
  CHECK(bad.execute() == VMState::Fault);
}

TEST_CASE("gas is charged per opcode times the exec fee factor", "[vm][gas]") {
  ScriptBuilder sb;
  sb.emit(OpCode::PUSH1).emit(OpCode::PUSH2).emit(OpCode::ADD);  // 1 + 1 + 8, then the implicit RET (0)
  Engine e;
  e.load_script(sb.bytes());
  REQUIRE(e.execute() == VMState::Halt);
  CHECK(e.gas_consumed() == (1 + 1 + 8) * 30);

  Engine cheap;
  cheap.set_exec_fee_factor(1);
  cheap.load_script(sb.bytes());
  REQUIRE(cheap.execute() == VMState::Halt);
  CHECK(cheap.gas_consumed() == 10);

  Engine limited;
  limited.set_gas_limit(9 * 30);
  limited.load_script(sb.bytes());
  CHECK(limited.execute() == VMState::Fault);
  CHECK(std::string(limited.fault_reason()) == "Insufficient GAS.");
  CHECK(limited.result_stack().empty());
}

TEST_CASE("the opt-in trace records every step", "[vm][trace]") {
  ScriptBuilder sb;
  sb.emit(OpCode::PUSH1).emit(OpCode::PUSH2).emit(OpCode::ADD);
  Engine e;
  e.load_script(sb.bytes());
  VectorTrace trace;
  REQUIRE(e.run(trace) == VMState::Halt);
  REQUIRE(trace.records.size() == 4);  // including the implicit RET
  CHECK(trace.records[0].opcode == OpCode::PUSH1);
  CHECK(trace.records[2].opcode == OpCode::ADD);
  CHECK(trace.records[2].ip == 2);
  CHECK(trace.records[2].stack_depth == 2);
  CHECK(trace.records[2].gas_consumed == 10 * 30);
  CHECK(trace.records[3].opcode == OpCode::RET);
  CHECK(trace.records[3].step == 3);
  CHECK(e.instructions_executed() == 4);
}

TEST_CASE("debugger stepping: into, over, out and breakpoints", "[vm][debugger]") {
  ScriptBuilder sb;
  const auto call = sb.position();
  sb.emit_u8(OpCode::CALL, 0).emit(OpCode::PUSH3).emit(OpCode::RET);
  sb.patch_jump(call, sb.position());
  sb.emit(OpCode::PUSH1).emit(OpCode::PUSH2).emit(OpCode::RET);  // at 4
  {
    Engine e;
    e.load_script(sb.bytes());
    CHECK(e.state() == VMState::Break);
    CHECK(e.step_into() == VMState::Break);
    CHECK(e.invocation_depth() == 2);
    CHECK(e.current_context()->instruction_pointer == 4);
    CHECK(e.step_out() == VMState::Break);
    CHECK(e.invocation_depth() == 1);
    CHECK(e.current_context()->instruction_pointer == 2);
    CHECK(e.execute() == VMState::Halt);
    CHECK(e.result_stack().size() == 3);
  }
  {
    Engine e;
    e.load_script(sb.bytes());
    CHECK(e.step_over() == VMState::Break);  // runs the whole call
    CHECK(e.invocation_depth() == 1);
    CHECK(e.current_context()->instruction_pointer == 2);
  }
  {
    Engine e;
    e.load_script(sb.bytes());
    e.add_breakpoint(&e.current_context()->script(), 5);
    CHECK(e.execute() == VMState::Break);
    CHECK(e.current_context()->instruction_pointer == 5);
    CHECK(e.remove_breakpoint(&e.current_context()->script(), 5));
    CHECK(e.execute() == VMState::Halt);
  }
}
