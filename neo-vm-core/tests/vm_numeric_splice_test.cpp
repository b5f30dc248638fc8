#include <catch2/catch.hpp>

#include <array>
#include <cstring>
#include <string>

#include "vm_test_util.hpp"

using namespace neo::vm;
using neo::vm::test::integer_text;
using neo::vm::test::run;

namespace {

// PUSHINT256 of a decimal value.
ScriptBuilder& push_big(ScriptBuilder& sb, const char* decimal) {
  Integer v;
  REQUIRE(Integer::from_decimal(decimal, std::strlen(decimal), v));
  std::array<std::uint8_t, 32> bytes{};
  const auto& limbs = v.limbs();
  for (std::size_t i = 0; i < 32; ++i) bytes[i] = static_cast<std::uint8_t>(limbs[i / 4] >> (8 * (i % 4)));
  return sb.emit(OpCode::PUSHINT256, bytes);
}

const char* const kMax =
    "57896044618658097711785492504343953926634992332820282019728792003956564819967";  // 2^255-1
const char* const kMin =
    "-57896044618658097711785492504343953926634992332820282019728792003956564819968";  // -2^255

std::string result_of(ScriptBuilder& sb) {
  auto r = run(sb);
  if (r.state != VMState::Halt) return "FAULT: " + r.reason();
  return integer_text(r.result().back());
}

}  // namespace

TEST_CASE("integer arithmetic crosses from 64-bit to 256-bit exactly", "[vm][numeric]") {
  ScriptBuilder add;
  add.emit_push(INT64_MAX).emit(OpCode::INC);
  CHECK(result_of(add) == "9223372036854775808");
  ScriptBuilder mul;
  mul.emit_push(INT64_MIN).emit_push(INT64_MIN).emit(OpCode::MUL);
  CHECK(result_of(mul) == "85070591730234615865843651857942052864");
  ScriptBuilder neg;
  neg.emit_push(INT64_MIN).emit(OpCode::NEGATE);
  CHECK(result_of(neg) == "9223372036854775808");
  ScriptBuilder div;
  div.emit_push(INT64_MIN).emit(OpCode::PUSHM1).emit(OpCode::DIV);
  CHECK(result_of(div) == "9223372036854775808");
  ScriptBuilder back;
  back.emit_push(INT64_MAX).emit(OpCode::INC).emit(OpCode::DEC);
  auto r = run(back);
  REQUIRE(r.state == VMState::Halt);
  CHECK(r.result().back().is_small_integer());  // results are normalized back to the inline form
}

TEST_CASE("results outside [-2^255, 2^255-1] fault", "[vm][numeric][limits]") {
  ScriptBuilder inc;
  push_big(inc, kMax).emit(OpCode::INC);
  CHECK(run(inc).state == VMState::Fault);
  ScriptBuilder dec;
  push_big(dec, kMin).emit(OpCode::DEC);
  CHECK(run(dec).state == VMState::Fault);
  ScriptBuilder negate;
  push_big(negate, kMin).emit(OpCode::NEGATE);
  CHECK(run(negate).state == VMState::Fault);
  ScriptBuilder ok;
  push_big(ok, kMax).emit(OpCode::DEC).emit(OpCode::INC);
  CHECK(result_of(ok) == kMax);
}

TEST_CASE("division, modulo, shifts and powers", "[vm][numeric]") {
  ScriptBuilder div;
  div.emit_push(-7).emit_push(2).emit(OpCode::DIV);
  CHECK(result_of(div) == "-3");
  ScriptBuilder mod;
  mod.emit_push(-7).emit_push(2).emit(OpCode::MOD);
  CHECK(result_of(mod) == "-1");
  ScriptBuilder zero;
  zero.emit_push(1).emit_push(0).emit(OpCode::DIV);
  CHECK(run(zero).state == VMState::Fault);
  ScriptBuilder shl;
  shl.emit_push(1).emit_push(254).emit(OpCode::SHL);
  CHECK(result_of(shl) == "28948022309329048855892746252171976963317496166410141009864396001978282409984");
  ScriptBuilder shl_over;
  shl_over.emit_push(1).emit_push(255).emit(OpCode::SHL);
  CHECK(run(shl_over).state == VMState::Fault);
  ScriptBuilder shift_limit;
  shift_limit.emit_push(0).emit_push(257).emit(OpCode::SHL);
  CHECK(run(shift_limit).reason() == "Invalid shift value: 257");
  ScriptBuilder shr;
  shr.emit_push(-5).emit_push(1).emit(OpCode::SHR);
  CHECK(result_of(shr) == "-3");
  ScriptBuilder pow;
  pow.emit_push(3).emit_push(40).emit(OpCode::POW);
  CHECK(result_of(pow) == "12157665459056928801");
  ScriptBuilder pow_limit;
  pow_limit.emit_push(1).emit_push(257).emit(OpCode::POW);
  CHECK(run(pow_limit).state == VMState::Fault);
  ScriptBuilder sqrt;
  sqrt.emit_push(1000000).emit(OpCode::SQRT);
  CHECK(result_of(sqrt) == "1000");
  ScriptBuilder sqrt_neg;
  sqrt_neg.emit_push(-1).emit(OpCode::SQRT);
  CHECK(run(sqrt_neg).state == VMState::Fault);
  ScriptBuilder modpow;
  modpow.emit_push(3).emit(OpCode::PUSHM1).emit_push(11).emit(OpCode::MODPOW);  // 3^-1 mod 11 = 4
  CHECK(result_of(modpow) == "4");
  ScriptBuilder modmul;
  modmul.emit_push(5).emit_push(6).emit_push(0).emit(OpCode::MODMUL);
  CHECK(run(modmul).state == VMState::Fault);
}

TEST_CASE("comparisons, MIN/MAX/WITHIN and boolean logic", "[vm][numeric]") {
  ScriptBuilder lt_null;
  lt_null.emit(OpCode::PUSHNULL).emit(OpCode::PUSH1).emit(OpCode::LT);
  CHECK_FALSE(run(lt_null).top_bool());
  ScriptBuilder ge;
  ge.emit(OpCode::PUSH2).emit(OpCode::PUSH2).emit(OpCode::GE);
  CHECK(run(ge).top_bool());
  ScriptBuilder within;
  within.emit(OpCode::PUSH5).emit(OpCode::PUSH5).emit(OpCode::PUSH6).emit(OpCode::WITHIN);
  CHECK(run(within).top_bool());
  ScriptBuilder within_hi;
  within_hi.emit(OpCode::PUSH6).emit(OpCode::PUSH5).emit(OpCode::PUSH6).emit(OpCode::WITHIN);
  CHECK_FALSE(run(within_hi).top_bool());
  ScriptBuilder minmax;
  minmax.emit_push(-3).emit_push(4).emit(OpCode::MIN).emit_push(2).emit(OpCode::MAX);
  CHECK(result_of(minmax) == "2");
  ScriptBuilder logic;
  logic.emit(OpCode::PUSH0).emit(OpCode::NOT).emit(OpCode::PUSHNULL).emit(OpCode::BOOLOR);
  CHECK(run(logic).top_bool());
  ScriptBuilder nz;
  nz.emit(OpCode::PUSH0).emit(OpCode::NZ);
  CHECK_FALSE(run(nz).top_bool());
  ScriptBuilder arith_on_array;
  arith_on_array.emit(OpCode::NEWARRAY0).emit(OpCode::INC);
  CHECK(run(arith_on_array).state == VMState::Fault);
  ScriptBuilder bits;
  bits.emit_push(0b1100).emit_push(0b1010).emit(OpCode::XOR).emit(OpCode::INVERT);
  CHECK(result_of(bits) == "-7");
}

TEST_CASE("splice opcodes produce buffers and respect MaxItemSize", "[vm][splice]") {
  ScriptBuilder cat;
  cat.emit_push_string("ab").emit_push_string("cd").emit(OpCode::CAT);
  auto r = run(cat);
  REQUIRE(r.state == VMState::Halt);
  CHECK(r.result()[0].type() == StackItemType::Buffer);
  CHECK(r.result()[0].raw_bytes().size() == 4);

  ExecutionEngineLimits limits;
  limits.max_item_size = 3;
  CHECK(run(cat, limits).state == VMState::Fault);
  ScriptBuilder newbuffer;
  newbuffer.emit_push(4).emit(OpCode::NEWBUFFER);
  CHECK(run(newbuffer, limits).state == VMState::Fault);
  ScriptBuilder negative;
  negative.emit_push(-1).emit(OpCode::NEWBUFFER);
  CHECK(run(negative).state == VMState::Fault);
  ScriptBuilder pushdata;
  pushdata.emit_push_string("abcd");
  CHECK(run(pushdata, limits).state == VMState::Fault);

  ScriptBuilder substr;
  substr.emit_push_string("hello").emit_push(1).emit_push(3).emit(OpCode::SUBSTR);
  auto s = run(substr);
  REQUIRE(s.state == VMState::Halt);
  const auto bytes = s.result()[0].raw_bytes();
  CHECK(std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()) == "ell");
  ScriptBuilder substr_bad;
  substr_bad.emit_push_string("hello").emit_push(3).emit_push(3).emit(OpCode::SUBSTR);
  CHECK(run(substr_bad).state == VMState::Fault);
  ScriptBuilder right;
  right.emit_push_string("hello").emit_push(2).emit(OpCode::RIGHT);
  auto rt = run(right);
  REQUIRE(rt.state == VMState::Halt);
  CHECK(rt.result()[0].raw_bytes()[0] == 'l');
  ScriptBuilder left_bad;
  left_bad.emit_push_string("hi").emit_push(3).emit(OpCode::LEFT);
  CHECK(run(left_bad).state == VMState::Fault);

  // MEMCPY: copy "cd" into a 4-byte buffer at index 1
  ScriptBuilder memcpy_sb;
  memcpy_sb.emit(OpCode::PUSH4).emit(OpCode::NEWBUFFER).emit(OpCode::DUP).emit(OpCode::PUSH1);
  memcpy_sb.emit_push_string("abcd").emit(OpCode::PUSH2).emit(OpCode::PUSH2).emit(OpCode::MEMCPY);
  auto m = run(memcpy_sb);
  REQUIRE(m.state == VMState::Halt);
  const auto buf = m.result()[0].raw_bytes();
  REQUIRE(buf.size() == 4);
  CHECK(buf[0] == 0);
  CHECK(buf[1] == 'c');
  CHECK(buf[2] == 'd');
  CHECK(buf[3] == 0);
  ScriptBuilder memcpy_bad;
  memcpy_bad.emit(OpCode::PUSH2).emit(OpCode::NEWBUFFER).emit(OpCode::PUSH1);
  memcpy_bad.emit_push_string("abcd").emit(OpCode::PUSH0).emit(OpCode::PUSH2).emit(OpCode::MEMCPY);
  CHECK(run(memcpy_bad).state == VMState::Fault);
}

TEST_CASE("push opcodes decode sign-extended little-endian operands", "[vm][push]") {
  auto push = [](OpCode op, std::vector<std::uint8_t> operand) {
    ScriptBuilder sb;
    sb.emit(op, operand);
    auto r = run(sb);
    REQUIRE(r.state == VMState::Halt);
    REQUIRE(r.result().size() == 1);
    return integer_text(r.result()[0]);
  };
  CHECK(push(OpCode::PUSHINT8, {0x80}) == "-128");
  CHECK(push(OpCode::PUSHINT16, {0xFF, 0xFF}) == "-1");
  CHECK(push(OpCode::PUSHINT32, {0x00, 0x00, 0x00, 0x80}) == "-2147483648");
  CHECK(push(OpCode::PUSHINT64, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}) == "9223372036854775807");
  std::vector<std::uint8_t> int128(16, 0x00);
  int128[15] = 0x01;
  CHECK(push(OpCode::PUSHINT128, int128) == "1329227995784915872903807060280344576");  // 2^120
  CHECK(push(OpCode::PUSHINT256, std::vector<std::uint8_t>(32, 0xFF)) == "-1");
  ScriptBuilder consts;
  consts.emit(OpCode::PUSHM1)
      .emit(OpCode::PUSH16)
      .emit(OpCode::PUSHT)
      .emit(OpCode::PUSHF)
      .emit(OpCode::PUSHNULL);
  auto r = run(consts);
  REQUIRE(r.state == VMState::Halt);
  REQUIRE(r.result().size() == 5);
  CHECK(integer_text(r.result()[0]) == "-1");
  CHECK(integer_text(r.result()[1]) == "16");
  CHECK(r.result()[2].type() == StackItemType::Boolean);
  CHECK(r.result()[2].boolean_value());
  CHECK_FALSE(r.result()[3].boolean_value());
  CHECK(r.result()[4].is_null());
  ScriptBuilder data4;
  data4.emit(OpCode::PUSHDATA4, std::vector<std::uint8_t>{3, 0, 0, 0, 'a', 'b', 'c'});
  auto d = run(data4);
  REQUIRE(d.state == VMState::Halt);
  CHECK(d.result()[0].raw_bytes().size() == 3);
}
