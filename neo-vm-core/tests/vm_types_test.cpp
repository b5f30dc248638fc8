#include <catch2/catch.hpp>

#include <string>

#include "vm_test_util.hpp"

using namespace neo::vm;
using neo::vm::test::run;

namespace {

std::string bytes_of(const StackItem& item) {
  ByteScratch scratch;
  std::span<const std::uint8_t> span;
  if (!get_span(item, scratch, span)) return "<no bytes>";
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (const auto b : span) {
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return s;
}

ScriptBuilder convert(OpCode push, StackItemType to) {
  ScriptBuilder sb;
  sb.emit(push).emit_u8(OpCode::CONVERT, static_cast<std::uint8_t>(to));
  return sb;
}

}  // namespace

TEST_CASE("CONVERT follows the N3 conversion table", "[vm][types]") {
  SECTION("integer to byte string is minimal little-endian two's complement") {
    ScriptBuilder sb;
    sb.emit_push(-129).emit_u8(OpCode::CONVERT, static_cast<std::uint8_t>(StackItemType::ByteString));
    auto r = run(sb);
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.result()[0].type() == StackItemType::ByteString);
    CHECK(bytes_of(r.result()[0]) == "7fff");
    ScriptBuilder zero;
    zero.emit(OpCode::PUSH0).emit_u8(OpCode::CONVERT, static_cast<std::uint8_t>(StackItemType::ByteString));
    CHECK(bytes_of(run(zero).result()[0]).empty());
  }
  SECTION("byte string to integer and boolean") {
    ScriptBuilder sb;
    const std::uint8_t data[] = {0x00, 0x01};
    sb.emit_push_bytes(data).emit_u8(OpCode::CONVERT, static_cast<std::uint8_t>(StackItemType::Integer));
    auto r = run(sb);
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.top_int() == 256);
    ScriptBuilder b;
    b.emit_push_bytes(data).emit_u8(OpCode::CONVERT, static_cast<std::uint8_t>(StackItemType::Boolean));
    CHECK(run(b).top_bool());
  }
  SECTION("more than 32 bytes cannot become an integer or a boolean") {
    std::vector<std::uint8_t> data(33, 1);
    for (const auto t : {StackItemType::Integer, StackItemType::Boolean}) {
      ScriptBuilder sb;
      sb.emit_push_bytes(data).emit_u8(OpCode::CONVERT, static_cast<std::uint8_t>(t));
      CHECK(run(sb).state == VMState::Fault);
    }
  }
  SECTION("null converts to any defined type as null, but not to Any") {
    auto r = run(convert(OpCode::PUSHNULL, StackItemType::Integer));
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.result()[0].is_null());
    CHECK(run(convert(OpCode::PUSHNULL, StackItemType::Any)).state == VMState::Fault);
    ScriptBuilder undefined;
    undefined.emit(OpCode::PUSHNULL).emit_u8(OpCode::CONVERT, 0x99);
    CHECK(run(undefined).state == VMState::Fault);
  }
  SECTION("compounds: Array <-> Struct shallow, Map only to Boolean") {
    auto a = run(convert(OpCode::NEWARRAY0, StackItemType::Struct));
    REQUIRE(a.state == VMState::Halt);
    CHECK(a.result()[0].type() == StackItemType::Struct);
    CHECK(run(convert(OpCode::NEWMAP, StackItemType::Array)).state == VMState::Fault);
    auto m = run(convert(OpCode::NEWMAP, StackItemType::Boolean));
    REQUIRE(m.state == VMState::Halt);
    CHECK(m.top_bool());
    CHECK(run(convert(OpCode::NEWARRAY0, StackItemType::Integer)).state == VMState::Fault);
  }
  SECTION("ISTYPE rejects Any and undefined types") {
    ScriptBuilder any;
    any.emit(OpCode::PUSH1).emit_u8(OpCode::ISTYPE, 0x00);
    CHECK(run(any).state == VMState::Fault);
    ScriptBuilder ok;
    ok.emit(OpCode::PUSH1).emit_u8(OpCode::ISTYPE, static_cast<std::uint8_t>(StackItemType::Integer));
    CHECK(run(ok).top_bool());
  }
}

TEST_CASE("EQUAL: value types, references, structs and the comparable size limit", "[vm][types][equality]") {
  SECTION("Integer 1 and ByteString 0x01 are different items") {
    ScriptBuilder sb;
    const std::uint8_t one[] = {0x01};
    sb.emit(OpCode::PUSH1).emit_push_bytes(one).emit(OpCode::EQUAL);
    CHECK_FALSE(run(sb).top_bool());
  }
  SECTION("arrays compare by reference, structs by value") {
    ScriptBuilder arrays;
    arrays.emit(OpCode::NEWARRAY0).emit(OpCode::NEWARRAY0).emit(OpCode::EQUAL);
    CHECK_FALSE(run(arrays).top_bool());
    ScriptBuilder structs;
    structs.emit(OpCode::PUSH1).emit(OpCode::PUSH2).emit(OpCode::PUSH2).emit(OpCode::PACKSTRUCT);
    structs.emit(OpCode::PUSH1).emit(OpCode::PUSH2).emit(OpCode::PUSH2).emit(OpCode::PACKSTRUCT);
    structs.emit(OpCode::EQUAL);
    CHECK(run(structs).top_bool());
  }
  SECTION("byte strings beyond MaxComparableSize fault") {
    ExecutionEngineLimits limits;
    limits.max_comparable_size = 4;
    const std::uint8_t small[] = {1, 2, 3, 4};
    const std::uint8_t big[] = {1, 2, 3, 4, 5};
    ScriptBuilder ok;
    ok.emit_push_bytes(small).emit_push_bytes(small).emit(OpCode::EQUAL);
    CHECK(run(ok, limits).top_bool());
    ScriptBuilder bad;
    bad.emit_push_bytes(big).emit_push_bytes(small).emit(OpCode::EQUAL);
    CHECK(run(bad, limits).state == VMState::Fault);
  }
}

TEST_CASE("maps: key rules and insertion order", "[vm][types][map]") {
  SECTION("keys longer than 64 bytes fault") {
    std::vector<std::uint8_t> key(65, 7);
    ScriptBuilder sb;
    sb.emit(OpCode::NEWMAP).emit(OpCode::DUP).emit_push_bytes(key).emit(OpCode::PUSH1).emit(OpCode::SETITEM);
    CHECK(run(sb).state == VMState::Fault);
    key.resize(64);
    ScriptBuilder ok;
    ok.emit(OpCode::NEWMAP).emit(OpCode::DUP).emit_push_bytes(key).emit(OpCode::PUSH1).emit(OpCode::SETITEM);
    CHECK(run(ok).state == VMState::Halt);
  }
  SECTION("buffers cannot be keys") {
    ScriptBuilder sb;
    sb.emit(OpCode::NEWMAP).emit(OpCode::DUP).emit(OpCode::PUSH1).emit(OpCode::NEWBUFFER).emit(OpCode::PUSH1);
    sb.emit(OpCode::SETITEM);
    CHECK(run(sb).state == VMState::Fault);
  }
  SECTION("KEYS keeps insertion order; overwriting keeps the position") {
    ScriptBuilder sb;
    sb.emit(OpCode::NEWMAP);
    for (const int k : {5, 3, 9, 3})
      sb.emit(OpCode::DUP).emit_push(k).emit_push(k * 10).emit(OpCode::SETITEM);
    sb.emit(OpCode::DUP).emit(OpCode::KEYS).emit(OpCode::SWAP).emit(OpCode::SIZE);
    auto r = run(sb);
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.top_int() == 3);
    const auto& keys = r.result()[0].array_object()->items;
    REQUIRE(keys.size() == 3);
    CHECK(test::integer_text(keys[0]) == "5");
    CHECK(test::integer_text(keys[1]) == "3");
    CHECK(test::integer_text(keys[2]) == "9");
  }
  SECTION("missing keys are catchable, PICKITEM returns the value") {
    ScriptBuilder sb;
    sb.emit(OpCode::NEWMAP).emit(OpCode::DUP).emit(OpCode::PUSH1).emit(OpCode::PUSH7).emit(OpCode::SETITEM);
    sb.emit(OpCode::PUSH1).emit(OpCode::PICKITEM);
    CHECK(run(sb).top_int() == 7);
    ScriptBuilder missing;
    missing.emit(OpCode::NEWMAP).emit(OpCode::PUSH1).emit(OpCode::PICKITEM);
    CHECK(run(missing).state == VMState::Fault);
  }
}

TEST_CASE("structs are copied on APPEND / SETITEM, buffers are shared", "[vm][types]") {
  SECTION("struct value semantics") {
    ScriptBuilder sb;
    sb.emit_u8x2(OpCode::INITSLOT, 2, 0);
    sb.emit(OpCode::NEWSTRUCT0).emit(OpCode::STLOC0).emit(OpCode::NEWARRAY0).emit(OpCode::STLOC1);
    sb.emit(OpCode::LDLOC1).emit(OpCode::LDLOC0).emit(OpCode::APPEND);  // the array holds a copy
    sb.emit(OpCode::LDLOC0).emit(OpCode::PUSH1).emit(OpCode::APPEND);   // grow the original
    sb.emit(OpCode::LDLOC1).emit(OpCode::PUSH0).emit(OpCode::PICKITEM).emit(OpCode::SIZE);
    auto r = run(sb);
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.top_int() == 0);
  }
  SECTION("buffer reference semantics") {
    ScriptBuilder sb;
    sb.emit(OpCode::PUSH2).emit(OpCode::NEWBUFFER).emit(OpCode::DUP);
    sb.emit(OpCode::PUSH0).emit_push(0x41).emit(OpCode::SETITEM);
    auto r = run(sb);
    REQUIRE(r.state == VMState::Halt);
    REQUIRE(r.result().size() == 1);
    CHECK(bytes_of(r.result()[0]) == "4100");
  }
  SECTION("buffer bytes must fit in [-128, 255]") {
    ScriptBuilder sb;
    sb.emit(OpCode::PUSH1).emit(OpCode::NEWBUFFER).emit(OpCode::PUSH0).emit_push(256).emit(OpCode::SETITEM);
    CHECK(run(sb).state == VMState::Fault);
  }
  SECTION("struct clones are limited to MaxStackSize - 1 items") {
    // S = [T, T]: the reference count sees T once, the clone copies it twice.
    auto nested = [](int inner) {
      ScriptBuilder sb;
      for (int i = 0; i < inner; ++i) sb.emit(OpCode::PUSH0);
      sb.emit_push(inner)
          .emit(OpCode::PACKSTRUCT)
          .emit(OpCode::DUP)
          .emit(OpCode::PUSH2)
          .emit(OpCode::PACKSTRUCT);
      sb.emit(OpCode::NEWARRAY0).emit(OpCode::SWAP).emit(OpCode::APPEND);
      return sb;
    };
    ExecutionEngineLimits limits;
    limits.max_stack_size = 16;
    CHECK(run(nested(5), limits).state == VMState::Halt);  // 2 + 10 sub-items
    auto r = run(nested(10), limits);                      // 2 + 20 sub-items > 15
    CHECK(r.state == VMState::Fault);
    CHECK(r.reason() == "Beyond struct subitem clone limits!");
  }
}

TEST_CASE("PACK / UNPACK / POPITEM / REMOVE keep the reference count exact", "[vm][types][refs]") {
  ScriptBuilder sb;
  sb.emit(OpCode::PUSH1).emit(OpCode::PUSH2).emit(OpCode::PUSH3).emit(OpCode::PUSH3).emit(OpCode::PACK);
  Engine e;
  e.load_script(sb.bytes());
  for (int i = 0; i < 5; ++i) e.step_into();
  CHECK(e.reference_count() == 4);  // the array and its three items
  ScriptBuilder unpack;
  unpack.emit(OpCode::PUSH1).emit(OpCode::PUSH2).emit(OpCode::PUSH2).emit(OpCode::PACK).emit(OpCode::UNPACK);
  Engine u;
  u.load_script(unpack.bytes());
  for (int i = 0; i < 5; ++i) u.step_into();
  CHECK(u.reference_count() == 3);  // two items and the count
  ScriptBuilder pop;
  pop.emit(OpCode::PUSH1).emit(OpCode::PUSH2).emit(OpCode::PUSH2).emit(OpCode::PACK).emit(OpCode::DUP);
  pop.emit(OpCode::POPITEM);
  Engine p;
  p.load_script(pop.bytes());
  for (int i = 0; i < 6; ++i) p.step_into();
  CHECK(p.reference_count() == 3);  // the array, its remaining item and the popped item
  ScriptBuilder empty;
  empty.emit(OpCode::NEWARRAY0).emit(OpCode::POPITEM);
  CHECK(run(empty).state == VMState::Fault);
}

TEST_CASE("large maps keep order and lookups through the hash index", "[vm][types][map]") {
  // keys 0..99 as integers plus the same values as byte strings (distinct keys), then remove every third.
  ScriptBuilder sb;
  sb.emit(OpCode::NEWMAP);
  for (int k = 0; k < 100; ++k) {
    sb.emit(OpCode::DUP).emit_push(k).emit_push(k * 2).emit(OpCode::SETITEM);
    const std::uint8_t byte_key[] = {static_cast<std::uint8_t>(k)};
    sb.emit(OpCode::DUP).emit_push_bytes(byte_key).emit_push(-k).emit(OpCode::SETITEM);
  }
  for (int k = 0; k < 100; k += 3) sb.emit(OpCode::DUP).emit_push(k).emit(OpCode::REMOVE);
  sb.emit(OpCode::DUP).emit_push(50).emit(OpCode::PUSH7).emit(OpCode::SETITEM);  // overwrite in place
  Engine e;
  e.load_script(sb.bytes());
  REQUIRE(e.execute() == VMState::Halt);
  const MapObject* map = e.result_stack()[0].map_object();
  REQUIRE(map->entries.size() == 200 - 34);
  int removed_seen = 0;
  std::size_t position = 0;
  for (int k = 0; k < 100; ++k) {
    if (k % 3 == 0) {
      ++removed_seen;
    } else {
      REQUIRE(map->entries[position].key.type() == StackItemType::Integer);
      CHECK(test::integer_text(map->entries[position].key) == std::to_string(k));
      CHECK(test::integer_text(map->entries[position].value) == (k == 50 ? "7" : std::to_string(k * 2)));
      ++position;
    }
    CHECK(map->entries[position].key.type() == StackItemType::ByteString);
    CHECK(test::integer_text(map->entries[position].value) == std::to_string(-k));
    ++position;
  }
  CHECK(removed_seen == 34);
  for (int k = 0; k < 100; ++k) {
    const StackItem ikey = StackItem::integer(std::int64_t{k});
    CHECK((const_cast<MapObject*>(map)->find(ikey) == nullptr) == (k % 3 == 0));
    const std::uint8_t byte_key[] = {static_cast<std::uint8_t>(k)};
    CHECK(const_cast<MapObject*>(map)->find(StackItem::byte_string(byte_key)) != nullptr);
  }
}
