// StdLib through native::invoke: known vectors for every method, fault paths and input limits; and the
// native contract table against ../shared/neo/native_contracts.tsv and native_methods.tsv.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "crypto_test_support.hpp"
#include "native_test_util.hpp"
#include "neo/vm/app/binary_serializer.hpp"

using namespace neo::vm;
using namespace neo::vm::app;
using namespace neo::vm::app::native;
using namespace neo::vm::app::native::test;
using app::test::from_hex;
using app::test::to_hex;

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (const char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

std::string trim(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

std::vector<std::string> array_texts(const Invocation& inv) {
  std::vector<std::string> out;
  if (inv.result.type() != StackItemType::Array) return {"<not an array>"};
  for (const StackItem& item : inv.result.array_object()->items) {
    ByteScratch scratch;
    std::span<const std::uint8_t> b;
    REQUIRE(get_span(item, scratch, b));
    out.emplace_back(b.begin(), b.end());
  }
  return out;
}

std::string big(std::size_t n, char c) { return std::string(n, c); }

}  // namespace

// --- table ------------------------------------------------------------------------------------------------

TEST_CASE("native: every contract hash is GetContractHash(zero sender, 0, name)", "[native]") {
  REQUIRE(contracts().size() == 11);
  for (const NativeContract& c : contracts()) {
    // ABORT; PUSHDATA1 20 zero bytes; PUSH0 (checksum 0); PUSHDATA1 name
    std::vector<std::uint8_t> script = {0x38, 0x0C, 20};
    script.insert(script.end(), 20, 0);
    script.push_back(0x10);
    script.push_back(0x0C);
    script.push_back(static_cast<std::uint8_t>(c.name.size()));
    script.insert(script.end(), c.name.begin(), c.name.end());
    INFO(c.name);
    CHECK(app::test::hash160(script) == c.hash);
    CHECK(find(c.hash) == &c);
    CHECK(find_by_name(c.name) == &c);
  }
  CHECK(find_by_name("StdLib")->id == -2);
  CHECK(find_by_name("CryptoLib")->id == -3);
  CHECK(find_by_name("Nothing") == nullptr);
  CHECK(find(UInt160{}) == nullptr);
}

TEST_CASE("native: methods are in manifest order with consistent metadata", "[native]") {
  for (const NativeContract& c : contracts()) {
    for (std::size_t i = 0; i < c.methods.size(); ++i) {
      const NativeMethod& m = c.methods[i];
      INFO(c.name << "." << m.name);
      CHECK(m.parameters.size() == m.parameter_count);
      CHECK(m.has_return == (m.return_type != ParameterType::Void));
      CHECK(m.safe);
      CHECK(m.required_call_flags == call_flags::kNone);
      CHECK(method_index(c, m) == i);
      if (i > 0) {
        const NativeMethod& p = c.methods[i - 1];
        CHECK((p.name < m.name || (p.name == m.name && p.parameter_count < m.parameter_count)));
      }
    }
  }
  const NativeContract& std_lib = *find_by_name("StdLib");
  CHECK(find_method(std_lib, "memorySearch", 3)->parameter_count == 3);
  CHECK(find_method(std_lib, "memorySearch", -1)->parameter_count == 2);
  CHECK(find_method(std_lib, "memorySearch", 5) == nullptr);
  CHECK(find_method(std_lib, "nope", -1) == nullptr);
}

TEST_CASE("native: the table matches native_contracts.tsv and native_methods.tsv", "[native]") {
  const auto dir = crypto::test::shared_dir();
  std::ifstream contracts_tsv(dir ? *dir / "neo" / "native_contracts.tsv" : std::filesystem::path());
  std::ifstream methods_tsv(dir ? *dir / "neo" / "native_methods.tsv" : std::filesystem::path());
  if (!contracts_tsv || !methods_tsv) {
    WARN(
        "SKIPPED: neo/native_contracts.tsv or native_methods.tsv not found (set NEO_SHARED_DIR to the "
        "shared/ "
        "folder)");
    return;
  }
  std::string line;
  std::getline(contracts_tsv, line);  // header
  std::size_t rows = 0;
  while (std::getline(contracts_tsv, line)) {
    if (trim(line).empty()) continue;
    const auto f = split(line, '\t');
    REQUIRE(f.size() >= 3);
    const NativeContract* c = find_by_name(f[0]);
    INFO(f[0]);
    REQUIRE(c != nullptr);
    CHECK(c->id == std::stoi(f[1]));
    UInt160 reversed = c->hash;
    std::reverse(reversed.begin(), reversed.end());
    CHECK("0x" + to_hex(reversed) == trim(f[2]));
    ++rows;
  }
  CHECK(rows >= 10);

  std::getline(methods_tsv, line);  // header
  std::size_t checked = 0;
  std::vector<std::pair<std::string, const NativeMethod*>> seen;
  while (std::getline(methods_tsv, line)) {
    if (trim(line).empty()) continue;
    const auto f = split(line, '\t');
    REQUIRE(f.size() >= 8);
    if (!trim(f[7]).empty()) continue;  // deprecated_in: replaced by a newer version (all hardforks are on)
    const NativeContract* c = find_by_name(f[0]);
    INFO(line);
    REQUIRE(c != nullptr);
    const std::string name = trim(split(f[1], ' ')[0]);
    const auto params = trim(f[2]).empty() ? std::vector<std::string>{} : split(f[2], ',');
    const NativeMethod* m = find_method(*c, name, static_cast<std::int32_t>(params.size()));
    REQUIRE(m != nullptr);
    CHECK(m->cpu_fee == std::stoull(f[5]));
    CHECK(m->storage_fee == 0);
    const std::string returns = split(trim(f[3]), '|')[0];
    CHECK(parameter_type_name(m->return_type) == returns);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const auto name_type = split(trim(params[i]), ':');
      CHECK(m->parameters[i].name == name_type[0]);
      if (name_type.size() > 1) {
        const std::string type = split(name_type[1], '(')[0];
        CHECK(parameter_type_name(m->parameters[i].type) == type);
      }
    }
    seen.emplace_back(f[0], m);
    ++checked;
  }
  CHECK(checked >= 30);
  // And nothing in the table that the TSV does not list.
  for (const NativeContract& c : contracts())
    for (const NativeMethod& m : c.methods) {
      INFO(c.name << "." << m.name << "/" << static_cast<int>(m.parameter_count));
      CHECK(std::count(seen.begin(), seen.end(), std::make_pair(std::string(c.name), &m)) == 1);
    }
}

TEST_CASE("native: unsupported contracts and methods fault naming them", "[native]") {
  NativeMethod balance_of;
  balance_of.name = "balanceOf";
  balance_of.parameter_count = 1;
  auto app = new_engine();
  StackItem result;
  const StackItem args[] = {StackItem::null()};
  CHECK_FALSE(invoke(*app, *find_by_name("NeoToken"), balance_of, args, result));
  CHECK(app->engine().fault_reason() == "NeoToken.balanceOf is not supported");

  Invocation bls = call("CryptoLib", "bls12381Add", {StackItem::null(), StackItem::null()});
  CHECK_FALSE(bls.ok);
  CHECK(bls.reason == "CryptoLib.bls12381Add is not supported");

  // A wrong argument count is the caller's bug, reported as such.
  auto app2 = new_engine();
  const NativeContract& std_lib = *find_by_name("StdLib");
  CHECK_FALSE(invoke(*app2, std_lib, *find_method(std_lib, "itoa", 1), {}, result));
  CHECK(app2->engine().fault_reason() == "StdLib.itoa: expects 1 arguments, got 0");
}

// --- serialize / deserialize --------------------------------------------------------------------------

TEST_CASE("stdlib: serialize and deserialize", "[native][stdlib]") {
  CHECK(to_hex(stdlib("serialize", {num(256)}).bytes()) ==
        "2102"
        "0001");
  CHECK(to_hex(stdlib("serialize", {StackItem::boolean(true)}).bytes()) == "2001");
  CHECK(to_hex(stdlib("serialize", {str("ab")}).bytes()) == "28026162");
  CHECK(to_hex(stdlib("serialize", {StackItem::null()}).bytes()) == "00");

  Invocation inv;
  inv.app = new_engine();
  ArrayObject* array = inv.engine().new_array();
  array->items = {num(1), str("x")};
  MapObject* map = inv.engine().new_map();
  map->insert(str("k"), StackItem::compound(array));
  run(inv, "StdLib", "serialize", {StackItem::compound(map)});
  REQUIRE(inv.ok);
  CHECK(to_hex(inv.bytes()) ==
        "4801"
        "28016b"
        "4002"
        "210101"
        "280178");

  const std::vector<std::uint8_t> encoded = inv.bytes();
  run(inv, "StdLib", "deserialize", {bytes(encoded)});
  REQUIRE(inv.ok);
  REQUIRE(inv.result.type() == StackItemType::Map);
  REQUIRE(inv.result.map_object()->entries.size() == 1);
  const StackItem& value = inv.result.map_object()->entries[0].value;
  REQUIRE(value.type() == StackItemType::Array);
  CHECK(value.array_object()->items.size() == 2);

  CHECK(stdlib("deserialize", {bytes(from_hex("2105"))}).ok == false);  // truncated
  CHECK(stdlib("deserialize", {bytes(from_hex("ff"))}).ok == false);    // unknown type
  CHECK(stdlib("deserialize", {StackItem::null()}).ok == false);
  CHECK(stdlib("deserialize", {bytes(from_hex("21020001ff"))}).integer() == 256);  // trailing bytes ignored

  // A pointer or an interop item cannot be serialized.
  StorageContext context(1, false);
  Invocation bad = stdlib("serialize", {StackItem::interop(&context)});
  CHECK_FALSE(bad.ok);
  CHECK(bad.reason == "StdLib.serialize: the item cannot be serialized");
  // Larger than MaxItemSize.
  const std::vector<std::uint8_t> huge(65535 * 2, 1);
  CHECK_FALSE(stdlib("serialize", {StackItem::byte_string(huge)}).ok);
}

// --- JSON ---------------------------------------------------------------------------------------------

TEST_CASE("stdlib: jsonSerialize", "[native][stdlib]") {
  Invocation inv;
  inv.app = new_engine();
  MapObject* map = inv.engine().new_map();
  map->insert(str("k"), num(-5));
  map->insert(str("<b>"), StackItem::buffer(std::vector<std::uint8_t>{'h', 'i'}));
  ArrayObject* array = inv.engine().new_array(StackItemType::Struct);
  array->items = {num(1), str("a\"\xC3\xA9"), StackItem::boolean(true), StackItem::null(),
                  StackItem::compound(map)};
  run(inv, "StdLib", "jsonSerialize", {StackItem::compound(array)});
  REQUIRE(inv.ok);
  CHECK(inv.text() == R"([1,"a\u0022\u00E9",true,null,{"k":-5,"\u003Cb\u003E":"hi"}])");

  // Integers are written as doubles: exponent form from 10^15, and at most 2^53 - 1 in magnitude.
  CHECK(stdlib("jsonSerialize", {num(999999999999999)}).text() == "999999999999999");
  CHECK(stdlib("jsonSerialize", {num(1000000000000000)}).text() == "1E+15");
  CHECK(stdlib("jsonSerialize", {num(-1200000000000000)}).text() == "-1.2E+15");
  CHECK(stdlib("jsonSerialize", {num(9007199254740991)}).text() == "9.007199254740991E+15");
  CHECK(stdlib("jsonSerialize", {num(-9007199254740991)}).text() == "-9.007199254740991E+15");
  CHECK_FALSE(stdlib("jsonSerialize", {num(9007199254740992)}).ok);
  CHECK_FALSE(stdlib("jsonSerialize", {num(-9007199254740992)}).ok);
  CHECK(stdlib("jsonSerialize", {StackItem::boolean(false)}).text() == "false");
  CHECK(stdlib("jsonSerialize", {str("")}).text() == "\"\"");

  // Invalid UTF-8, non-ByteString keys, pointers and interop items fault.
  CHECK_FALSE(stdlib("jsonSerialize", {str("\xFF")}).ok);
  Invocation keys;
  keys.app = new_engine();
  MapObject* int_keys = keys.engine().new_map();
  int_keys->insert(num(1), num(2));
  run(keys, "StdLib", "jsonSerialize", {StackItem::compound(int_keys)});
  CHECK_FALSE(keys.ok);
  CHECK(keys.reason == "StdLib.jsonSerialize: Key is not a ByteString");
  StorageContext context(1, false);
  CHECK_FALSE(stdlib("jsonSerialize", {StackItem::interop(&context)}).ok);

  // The output is limited to MaxItemSize; a cyclic array runs into the depth limit.
  CHECK_FALSE(
      stdlib("jsonSerialize", {StackItem::byte_string(std::vector<std::uint8_t>(65535 * 2 - 1, 'a'))}).ok);
  CHECK(stdlib("jsonSerialize", {StackItem::byte_string(std::vector<std::uint8_t>(65535 * 2 - 2, 'a'))}).ok);
  Invocation cycle;
  cycle.app = new_engine();
  ArrayObject* self = cycle.engine().new_array();
  self->items.push_back(StackItem::compound(self));
  run(cycle, "StdLib", "jsonSerialize", {StackItem::compound(self)});
  CHECK_FALSE(cycle.ok);
  Invocation deep;
  deep.app = new_engine();
  StackItem nested = num(0);
  for (int i = 0; i < 1000; ++i) {
    ArrayObject* a = deep.engine().new_array();
    a->items.push_back(nested);
    nested = StackItem::compound(a);
  }
  run(deep, "StdLib", "jsonSerialize", {nested});
  CHECK(deep.ok);
  ArrayObject* a = deep.engine().new_array();
  a->items.push_back(nested);
  run(deep, "StdLib", "jsonSerialize", {StackItem::compound(a)});
  CHECK_FALSE(deep.ok);
}

TEST_CASE("stdlib: jsonDeserialize", "[native][stdlib]") {
  Invocation inv =
      stdlib("jsonDeserialize", {str(R"({"a":[1,-2,{"b":null}],"c":"x\u00e9","d":true,"e":1e3})")});
  REQUIRE(inv.ok);
  REQUIRE(inv.result.type() == StackItemType::Map);
  const auto& entries = inv.result.map_object()->entries;
  REQUIRE(entries.size() == 4);
  ByteScratch scratch;
  std::span<const std::uint8_t> key;
  REQUIRE(get_span(entries[0].key, scratch, key));
  CHECK(std::string(key.begin(), key.end()) == "a");
  CHECK(entries[0].key.type() == StackItemType::ByteString);
  REQUIRE(entries[0].value.type() == StackItemType::Array);
  CHECK(entries[0].value.array_object()->items.size() == 3);
  CHECK(entries[0].value.array_object()->items[1].small_integer() == -2);
  std::span<const std::uint8_t> text;
  REQUIRE(get_span(entries[1].value, scratch, text));
  CHECK(std::string(text.begin(), text.end()) == "x\xC3\xA9");
  CHECK(entries[2].value.type() == StackItemType::Boolean);
  CHECK(entries[3].value.small_integer() == 1000);

  CHECK(stdlib("jsonDeserialize", {str("null")}).result.is_null());
  CHECK(stdlib("jsonDeserialize", {str("-0")}).integer() == 0);
  CHECK(stdlib("jsonDeserialize", {str("9007199254740991")}).integer() == 9007199254740991);
  CHECK(stdlib("jsonDeserialize", {str("2.5e1")}).integer() == 25);
  // 10^20 goes through a double exactly (BigInteger.Parse("1E+20")).
  Integer v;
  REQUIRE(get_integer(stdlib("jsonDeserialize", {str("1e20")}).result, v));
  std::array<char, 80> digits{};
  CHECK(std::string(digits.data(), v.to_decimal(digits)) == "100000000000000000000");

  for (const char* bad :
       {"1.5", "1e-1", "[1,]", "{\"a\":1,\"a\":2}", "", "nul", "1 2", "\"\\ud800\"", "1e400",
        "1e100" /* beyond Integer */, "12345678901234567890" /* rounded by a double */}) {
    INFO(bad);
    CHECK_FALSE(stdlib("jsonDeserialize", {str(bad)}).ok);
  }
  CHECK(stdlib("jsonDeserialize", {str("1.5")}).reason ==
        "StdLib.jsonDeserialize: Decimal value is not allowed");
  CHECK(stdlib("jsonDeserialize", {str("[1,]")}).reason ==
        "StdLib.jsonDeserialize: Unexpected character at byte 3");

  // Depth 10 (JToken.Parse(json, 10)).
  const std::string ten = std::string(10, '[') + std::string(10, ']');
  const std::string eleven = std::string(11, '[') + std::string(11, ']');
  CHECK(stdlib("jsonDeserialize", {str(ten)}).ok);
  CHECK_FALSE(stdlib("jsonDeserialize", {str(eleven)}).ok);
  // Map keys are limited to 64 bytes.
  CHECK(stdlib("jsonDeserialize", {str("{\"" + big(64, 'k') + "\":1}")}).ok);
  CHECK_FALSE(stdlib("jsonDeserialize", {str("{\"" + big(65, 'k') + "\":1}")}).ok);
  // MaxStackSize (2048) bounds the tokens plus the object members.
  auto nulls = [](std::size_t n) {
    std::string s = "[";
    for (std::size_t i = 0; i < n; ++i) s += i == 0 ? "null" : ",null";
    return s + "]";
  };
  CHECK(stdlib("jsonDeserialize", {str(nulls(2047))}).ok);
  Invocation over = stdlib("jsonDeserialize", {str(nulls(2048))});
  CHECK_FALSE(over.ok);
  CHECK(over.reason == "StdLib.jsonDeserialize: Max stack size reached");
  // Comments are skipped as JToken.Parse does.
  CHECK(stdlib("jsonDeserialize", {str("/*c*/ 7 // end")}).integer() == 7);
  CHECK_FALSE(stdlib("jsonDeserialize", {StackItem::null()}).ok);
}

// --- itoa / atoi --------------------------------------------------------------------------------------

TEST_CASE("stdlib: itoa", "[native][stdlib]") {
  CHECK(stdlib("itoa", {num(0)}).text() == "0");
  CHECK(stdlib("itoa", {num(-12345)}).text() == "-12345");
  CHECK(stdlib("itoa", {num(12345), num(10)}).text() == "12345");
  struct Hex {
    std::int64_t value;
    const char* text;
  };
  for (const Hex& h : {Hex{0, "0"}, Hex{1, "1"}, Hex{10, "0a"}, Hex{15, "0f"}, Hex{16, "10"}, Hex{127, "7f"},
                       Hex{128, "080"}, Hex{255, "0ff"}, Hex{-1, "f"}, Hex{-8, "8"}, Hex{-9, "f7"},
                       Hex{-128, "80"}, Hex{-129, "f7f"}, Hex{-255, "f01"}, Hex{-256, "f00"},
                       Hex{4096, "1000"}, Hex{INT64_MIN, "8000000000000000"}}) {
    INFO(h.value);
    CHECK(stdlib("itoa", {num(h.value), num(16)}).text() == h.text);
  }
  Integer two_255_minus_1;
  REQUIRE(Integer::from_decimal(
      "57896044618658097711785492504343953926634992332820282019728792003956564819967", 77, two_255_minus_1));
  CHECK(stdlib("itoa", {StackItem::integer(two_255_minus_1), num(16)}).text() == "7" + big(63, 'f'));
  CHECK(stdlib("itoa", {StackItem::integer(two_255_minus_1)}).text() ==
        "57896044618658097711785492504343953926634992332820282019728792003956564819967");
  CHECK(stdlib("itoa", {StackItem::boolean(true), num(10)}).text() == "1");
  CHECK(stdlib("itoa", {str("\x01\x01"), num(10)}).text() == "257");  // ByteString converts to Integer
  for (const std::int64_t base :
       {std::int64_t{2}, std::int64_t{8}, std::int64_t{0}, std::int64_t{-10}, std::int64_t{4294967306}}) {
    INFO(base);
    CHECK_FALSE(stdlib("itoa", {num(1), num(base)}).ok);
  }
  CHECK(stdlib("itoa", {num(1), num(2)}).reason == "StdLib.itoa: base must be 10 or 16");
  CHECK_FALSE(stdlib("itoa", {StackItem::null()}).ok);
}

TEST_CASE("stdlib: atoi", "[native][stdlib]") {
  struct Case {
    const char* text;
    std::int64_t base;
    std::int64_t value;
  };
  for (const Case& c : {Case{"0", 10, 0}, Case{"-0", 10, 0}, Case{"+12", 10, 12}, Case{"-12345", 10, -12345},
                        Case{"007", 10, 7}, Case{"9223372036854775807", 10, INT64_MAX}, Case{"ff", 16, -1},
                        Case{"0ff", 16, 255}, Case{"FF", 16, -1}, Case{"80", 16, -128}, Case{"7f", 16, 127},
                        Case{"8", 16, -8}, Case{"f7f", 16, -129}, Case{"0", 16, 0}, Case{"000000001", 16, 1},
                        Case{"ffffffffffffffffffffffff80", 16, -128}}) {
    INFO(c.text << " base " << c.base);
    Invocation inv = stdlib("atoi", {str(c.text), num(c.base)});
    REQUIRE(inv.ok);
    CHECK(inv.integer() == c.value);
  }
  CHECK(stdlib("atoi", {str("42")}).integer() == 42);
  // .NET's parser accepts trailing NUL characters.
  CHECK(stdlib("atoi", {str(std::string_view("12\0\0", 4))}).integer() == 12);
  // A long input of redundant digits still fits.
  CHECK(stdlib("atoi", {str(big(1023, '0') + "1")}).integer() == 1);
  CHECK(stdlib("atoi", {str(big(1024, 'f')), num(16)}).integer() == -1);
  for (const char* bad :
       {"", " 1", "1 ", "1a", "0x10", "--1", "+", "1.0", "1e3", "\xD9\xA1" /* Arabic-Indic 1 */}) {
    INFO(bad);
    CHECK_FALSE(stdlib("atoi", {str(bad), num(10)}).ok);
  }
  for (const char* bad : {"", "-1", "+1", "0x1", "g", " f"}) {
    INFO(bad);
    CHECK_FALSE(stdlib("atoi", {str(bad), num(16)}).ok);
  }
  // Range of Integer: [-2^255, 2^255 - 1].
  CHECK(
      stdlib("atoi", {str("-57896044618658097711785492504343953926634992332820282019728792003956564819968")})
          .ok);
  CHECK_FALSE(
      stdlib("atoi", {str("57896044618658097711785492504343953926634992332820282019728792003956564819968")})
          .ok);
  CHECK(stdlib("atoi", {str("8" + big(63, '0')), num(16)}).ok);         // -2^255
  CHECK_FALSE(stdlib("atoi", {str("08" + big(63, '0')), num(16)}).ok);  // 2^255
  CHECK_FALSE(stdlib("atoi", {str("1"), num(2)}).ok);
  // MaxLength 1024 and strict UTF-8.
  CHECK_FALSE(stdlib("atoi", {str(big(1025, '1'))}).ok);
  CHECK(stdlib("atoi", {str(big(1025, '1'))}).reason == "StdLib.atoi: value is longer than 1024 bytes");
  CHECK_FALSE(stdlib("atoi", {str("\xFF")}).ok);
  CHECK(stdlib("atoi", {str("\xFF")}).reason == "StdLib.atoi: value is not valid UTF-8");
  CHECK_FALSE(stdlib("atoi", {StackItem::null()}).ok);
}

// --- encodings ----------------------------------------------------------------------------------------

TEST_CASE("stdlib: base64", "[native][stdlib]") {
  // RFC 4648 section 10.
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    INFO(plain);
    CHECK(stdlib("base64Encode", {str(plain)}).text() == encoded);
    CHECK(stdlib("base64Decode", {str(encoded)}).text() == plain);
  }
  CHECK(stdlib("base64Encode", {bytes({0xFB, 0xFF})}).text() == "+/8=");
  CHECK(to_hex(stdlib("base64Decode", {str("+/8=")}).bytes()) == "fbff");
  // Whitespace is ignored anywhere; padding only at the end.
  CHECK(stdlib("base64Decode", {str(" Zm9v\r\nYmFy\t")}).text() == "foobar");
  CHECK(stdlib("base64Decode", {str("Zm8 =")}).text() == "fo");
  for (const char* bad : {"Zm9", "Zg=", "Z===", "Zm9v=", "Zg==Zg==", "Zm-v", "Zm_v", "====", "Zm9v\x01"}) {
    INFO(bad);
    CHECK_FALSE(stdlib("base64Decode", {str(bad)}).ok);
  }
  CHECK(stdlib("base64Encode", {bytes(std::vector<std::uint8_t>(1024, 7))}).ok);
  CHECK_FALSE(stdlib("base64Encode", {bytes(std::vector<std::uint8_t>(1025, 7))}).ok);
  CHECK_FALSE(stdlib("base64Decode", {str(big(1028, 'A'))}).ok);
  CHECK(stdlib("base64Decode", {str(big(1024, 'A'))}).bytes().size() == 768);
}

TEST_CASE("stdlib: base64Url", "[native][stdlib]") {
  // Encodes the UTF-8 bytes of a string, URL alphabet, no padding (Base64UrlEncoder.Encode).
  CHECK(stdlib("base64UrlEncode", {str("\xC3\xBF\xC3\xBF?>")}).text() == "w7_Dvz8-");
  CHECK(stdlib("base64UrlEncode", {str("foob")}).text() == "Zm9vYg");
  CHECK(stdlib("base64UrlEncode", {str("")}).text() == "");
  CHECK(stdlib("base64UrlDecode", {str("w7_Dvz8-")}).text() == "\xC3\xBF\xC3\xBF?>");
  CHECK(stdlib("base64UrlDecode", {str("Zm9vYg")}).text() == "foob");
  CHECK(stdlib("base64UrlDecode", {str("Zm9vYg==")}).text() == "foob");
  // The decoded bytes are read as UTF-8 with replacement characters.
  CHECK(stdlib("base64UrlDecode", {str("_w")}).text() == "\xEF\xBF\xBD");
  CHECK(stdlib("base64UrlDecode", {str("YeKC")}).text() == "a\xEF\xBF\xBD");  // truncated euro sign
  for (const char* bad : {"Z", "Zm9vY", "Zm9v+g", "Zm/v", "Zm9v YQ"}) {
    INFO(bad);
    CHECK_FALSE(stdlib("base64UrlDecode", {str(bad)}).ok);
  }
  CHECK_FALSE(stdlib("base64UrlEncode", {str("\xFF")}).ok);
  CHECK_FALSE(stdlib("base64UrlEncode", {str(big(1025, 'a'))}).ok);
}

TEST_CASE("stdlib: base58 and base58Check", "[native][stdlib]") {
  CHECK(stdlib("base58Encode", {str("hello world")}).text() == "StV1DL6CwTryKyV");
  CHECK(stdlib("base58Encode", {bytes({0, 0, 1})}).text() == "112");
  CHECK(stdlib("base58Encode", {bytes({})}).text() == "");
  CHECK(stdlib("base58Encode", {bytes(from_hex("00eb15231dfceb60925886b67d065299925915aeb172c06647"))})
            .text() == "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L");
  CHECK(stdlib("base58Decode", {str("StV1DL6CwTryKyV")}).text() == "hello world");
  CHECK(to_hex(stdlib("base58Decode", {str("112")}).bytes()) == "000001");
  CHECK(to_hex(stdlib("base58Decode", {str("1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L")}).bytes()) ==
        "00eb15231dfceb60925886b67d065299925915aeb172c06647");
  for (const char* bad : {"0", "O", "I", "l", "ab c", "+"}) {
    INFO(bad);
    CHECK_FALSE(stdlib("base58Decode", {str(bad)}).ok);
  }
  // An N3 address: version 0x17 and a script hash.
  std::vector<std::uint8_t> payload = {0x17};
  for (std::uint8_t i = 0; i < 20; ++i) payload.push_back(i);
  CHECK(stdlib("base58CheckEncode", {bytes(payload)}).text() == "AFmtrXSFfVhd8wGYdLNkkJuWaHfDJo9afu");
  CHECK(stdlib("base58CheckDecode", {str("AFmtrXSFfVhd8wGYdLNkkJuWaHfDJo9afu")}).bytes() == payload);
  CHECK(stdlib("base58CheckEncode", {bytes({})}).text() == "3QJmnh");
  CHECK(stdlib("base58CheckDecode", {str("3QJmnh")}).bytes().empty());
  CHECK_FALSE(stdlib("base58CheckDecode", {str("AFmtrXSFfVhd8wGYdLNkkJuWaHfDJo9afv")}).ok);  // checksum
  CHECK_FALSE(stdlib("base58CheckDecode", {str("1")}).ok);                                   // too short
  CHECK_FALSE(stdlib("base58Encode", {bytes(std::vector<std::uint8_t>(1025, 1))}).ok);
  CHECK(stdlib("base58Encode", {bytes(std::vector<std::uint8_t>(1024, 0xFF))}).ok);
  CHECK_FALSE(stdlib("base58Decode", {str(big(1025, '2'))}).ok);
  CHECK_FALSE(stdlib("base58CheckEncode", {bytes(std::vector<std::uint8_t>(1025, 1))}).ok);
  CHECK_FALSE(stdlib("base58CheckDecode", {str(big(1025, '2'))}).ok);
}

TEST_CASE("stdlib: hexEncode and hexDecode", "[native][stdlib]") {
  CHECK(stdlib("hexEncode", {bytes({0x00, 0x0A, 0xBC, 0xFF})}).text() == "000abcff");
  CHECK(stdlib("hexEncode", {bytes({})}).text() == "");
  CHECK(to_hex(stdlib("hexDecode", {str("000AbCff")}).bytes()) == "000abcff");
  CHECK(stdlib("hexDecode", {str("")}).bytes().empty());
  for (const char* bad : {"abc", "zz", "0x00", " 00", "0g"}) {
    INFO(bad);
    CHECK_FALSE(stdlib("hexDecode", {str(bad)}).ok);
  }
  CHECK(stdlib("hexEncode", {bytes(std::vector<std::uint8_t>(1024, 1))}).ok);
  CHECK_FALSE(stdlib("hexEncode", {bytes(std::vector<std::uint8_t>(1025, 1))}).ok);
  CHECK(stdlib("hexDecode", {str(big(1024, 'a'))}).ok);
  CHECK_FALSE(stdlib("hexDecode", {str(big(1026, 'a'))}).ok);
}

// --- memory and strings -------------------------------------------------------------------------------

TEST_CASE("stdlib: memoryCompare", "[native][stdlib]") {
  CHECK(stdlib("memoryCompare", {str("abc"), str("abd")}).integer() == -1);
  CHECK(stdlib("memoryCompare", {str("abd"), str("abc")}).integer() == 1);
  CHECK(stdlib("memoryCompare", {str("abc"), str("ab")}).integer() == 1);
  CHECK(stdlib("memoryCompare", {str("ab"), str("abc")}).integer() == -1);
  CHECK(stdlib("memoryCompare", {str("abc"), str("abc")}).integer() == 0);
  CHECK(stdlib("memoryCompare", {str(""), str("")}).integer() == 0);
  CHECK(stdlib("memoryCompare", {bytes({0x80}), bytes({0x7F})}).integer() == 1);  // unsigned bytes
  CHECK(stdlib("memoryCompare", {num(1), StackItem::boolean(true)}).integer() == 0);
  CHECK_FALSE(stdlib("memoryCompare", {str(big(1025, 'a')), str("")}).ok);
  CHECK_FALSE(stdlib("memoryCompare", {str(""), str(big(1025, 'a'))}).ok);
  CHECK_FALSE(stdlib("memoryCompare", {StackItem::null(), str("")}).ok);
}

TEST_CASE("stdlib: memorySearch", "[native][stdlib]") {
  CHECK(stdlib("memorySearch", {str("abcabc"), str("c")}).integer() == 2);
  CHECK(stdlib("memorySearch", {str("abcabc"), str("x")}).integer() == -1);
  CHECK(stdlib("memorySearch", {str("abcabc"), str("")}).integer() == 0);
  CHECK(stdlib("memorySearch", {str("abcabc"), str("c"), num(3)}).integer() == 5);
  CHECK(stdlib("memorySearch", {str("abcabc"), str("c"), num(6)}).integer() == -1);
  CHECK(stdlib("memorySearch", {str("abcabc"), str(""), num(4)}).integer() == 4);
  CHECK(stdlib("memorySearch", {str("abcabc"), str("c"), num(6), StackItem::boolean(true)}).integer() == 5);
  CHECK(stdlib("memorySearch", {str("abcabc"), str("c"), num(5), StackItem::boolean(true)}).integer() == 2);
  CHECK(stdlib("memorySearch", {str("abcabc"), str("c"), num(2), StackItem::boolean(true)}).integer() == -1);
  CHECK(stdlib("memorySearch", {str("abcabc"), str("bc"), num(3), StackItem::boolean(true)}).integer() == 1);
  CHECK(stdlib("memorySearch", {str("abcabc"), str(""), num(4), StackItem::boolean(true)}).integer() == 4);
  CHECK(stdlib("memorySearch", {str("abcabc"), str("c"), num(3), StackItem::boolean(false)}).integer() == 5);
  CHECK(stdlib("memorySearch", {str("abc"), str("abcd")}).integer() == -1);
  CHECK_FALSE(stdlib("memorySearch", {str("abc"), str("c"), num(4)}).ok);
  CHECK_FALSE(stdlib("memorySearch", {str("abc"), str("c"), num(-1)}).ok);
  CHECK_FALSE(stdlib("memorySearch", {str("abc"), str("c"), num(-1), StackItem::boolean(true)}).ok);
  CHECK_FALSE(stdlib("memorySearch", {str("abc"), str("c"), num(4294967296)}).ok);
  CHECK_FALSE(stdlib("memorySearch", {str("abc"), StackItem::null()}).ok);
  CHECK_FALSE(stdlib("memorySearch", {str(big(1025, 'a')), str("a")}).ok);
  // The value has no length limit.
  CHECK(stdlib("memorySearch", {str("a"), str(big(2000, 'a'))}).integer() == -1);
}

TEST_CASE("stdlib: stringSplit", "[native][stdlib]") {
  using V = std::vector<std::string>;
  CHECK(array_texts(stdlib("stringSplit", {str("a,b,,c"), str(",")})) == V{"a", "b", "", "c"});
  CHECK(array_texts(stdlib("stringSplit", {str("a,b,,c"), str(","), StackItem::boolean(true)})) ==
        V{"a", "b", "c"});
  CHECK(array_texts(stdlib("stringSplit", {str(",a,"), str(",")})) == V{"", "a", ""});
  CHECK(array_texts(stdlib("stringSplit", {str(",a,"), str(","), StackItem::boolean(true)})) == V{"a"});
  CHECK(array_texts(stdlib("stringSplit", {str(""), str(",")})) == V{""});
  CHECK(array_texts(stdlib("stringSplit", {str(""), str(","), StackItem::boolean(true)})).empty());
  CHECK(array_texts(stdlib("stringSplit", {str("abc"), str("")})) == V{"abc"});
  CHECK(array_texts(stdlib("stringSplit", {str(""), str(""), StackItem::boolean(true)})).empty());
  CHECK(array_texts(stdlib("stringSplit", {str("a--b---c"), str("--")})) == V{"a", "b", "-c"});
  CHECK(array_texts(stdlib("stringSplit", {str("x\xC3\xA9y\xC3\xA9"), str("\xC3\xA9")})) == V{"x", "y", ""});
  CHECK_FALSE(stdlib("stringSplit", {str("abc"), StackItem::null()}).ok);
  CHECK_FALSE(stdlib("stringSplit", {str(big(1025, 'a')), str(",")}).ok);
  CHECK_FALSE(stdlib("stringSplit", {str("a\xFF"), str(",")}).ok);
}

TEST_CASE("stdlib: strLen counts text elements", "[native][stdlib]") {
  // Expected counts from the Python `regex` module's \X (UAX #29 extended grapheme clusters).
  const std::pair<const char*, std::int64_t> vectors[] = {
      {"", 0},
      {"abc", 3},
      {"\xF0\x9F\xA6\x86", 1},                                  // duck
      {"a\xCC\x83", 1},                                         // a + combining tilde
      {"\xF0\x9F\x87\xBA\xF0\x9F\x87\xB8\xF0\x9F\x87\xAC", 2},  // flag + lone regional indicator
      {"\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7", 1},  // family (ZWJ)
      {"\r\n", 1},
      {"\n\r", 2},
      {"\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7", 1},              // Devanagari conjunct (GB9c)
      {"\xE0\xA4\x95\xE0\xA5\x8D\xE2\x80\x8D\xE0\xA4\xB7", 1},  // with ZWJ
      {"\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8", 1},              // Hangul L V T
      {"e\xCC\x81\xCC\x82x", 2},
      {"\xF0\x9F\x8F\xB3\xEF\xB8\x8F\xE2\x80\x8D\xF0\x9F\x8C\x88x", 2},  // rainbow flag + x
      {"\xD8\x80"
       "a",
       1},  // Prepend
      {"a\xE2\x80\x8D"
       "b",
       2},
      {"\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", 1},  // emoji + skin tone
      {"\xE0\xB8\x81\xE0\xB8\xB3", 1},          // Thai SARA AM (SpacingMark)
  };
  for (const auto& [text, count] : vectors) {
    INFO(to_hex(std::string_view(text)));
    CHECK(stdlib("strLen", {str(text)}).integer() == count);
  }
  CHECK(stdlib("strLen", {str(big(1024, 'a'))}).integer() == 1024);
  CHECK_FALSE(stdlib("strLen", {str(big(1025, 'a'))}).ok);
  CHECK_FALSE(stdlib("strLen", {str("\xC3")}).ok);
}

TEST_CASE("stdlib: strLen agrees with UAX #29 on mixed random text", "[native][stdlib]") {
  // Random strings over CR, LF, controls, combining and spacing marks, ZWJ, Prepend, regional indicators,
  // emoji with modifiers and VS16, Hangul jamo and syllables, Devanagari conjuncts; the counts come from the
  // Python `regex` module's \X.
  const std::pair<const char*, std::int64_t> vectors[] = {
      {"\x0d\xe2\x9d\xa4\xe0\xa5\x8d\xf0\x9f\x91\xa9\xe0\xa5\x8d\xf0\x9f\x87\xa8\x0d\xea\xb0\x80\xe2\x9d\xa4",
       7},
      {"\xe1\x84\x80\x61\x62\x0a\xf0\x9f\x91\xa9\xe1\x85\xa1\xe0\xa4\xb7", 7},
      {"\xc3\xa9\xe2\x9d\xa4\x0d\xe1\x86\xa8", 4},
      {"\xe0\xa5\x8d\xea\xb0\x81\xe1\x84\x80\xe3\x81\x82\xf0\x9f\x8f\xbd\xe2\x80\x8d", 4},
      {"\xe0\xa4\x83\xd8\x80\xe1\x84\x80\xc3\xa9\xe1\x84\x80\xe0\xa4\xbf\xc3\xa9\xe0\xa4\xbf", 5},
      {"\xe2\x80\x8d\xea\xb0\x81\xe0\xa4\xbf\xe1\x84\x80\xf0\x9f\x87\xa8\xf0\x9f\x87\xa6\xea\xb0\x80\x01\xd8"
       "\x80",
       7},
      {"\xc3\xa9\xe1\x86\xa8\xea\xb0\x80\xcc\x80\x01\xf0\x9f\x87\xa8\x01", 6},
      {"\xe0\xa4\x95\xe0\xb8\xb3\xe0\xa4\xb7\xe1\x86\xa8\xef\xb8\x8f", 3},
      {"\xf0\x9f\x8f\xbd\xe2\x9d\xa4", 2},
      {"\xf0\x9f\x87\xa6\xcc\x80\xe0\xb8\xb3", 1},
      {"\xc3\xa9\x0d\xea\xb0\x81\xef\xb8\x8f\xe0\xa4\x83\xe1\x84\x80", 4},
      {"\xe1\x85\xa1\xf0\x9f\x87\xa8\xe0\xa5\x8d\xe0\xa4\xbf\xcc\x80\xf0\x9f\x98\x80\xf0\x9f\x8f\xbd", 3},
      {"\xe0\xa4\xbf\xf0\x9f\x87\xa6\x61\x01", 4},
      {"\xef\xb8\x8f", 1},
      {"\xea\xb0\x81\xcc\x80\xe1\x84\x80\xcc\x80\xf0\x9f\x87\xa8\x61\xf0\x9f\x91\xa9", 5},
      {"\xf0\x9f\x8f\xbd", 1},
      {"\x01", 1},
      {"\x0a\x61\xe0\xa4\xb7\xea\xb0\x80\x62", 5},
      {"\xea\xb0\x80", 1},
      {"\xcc\x80", 1},
      {"\xe0\xb8\xb3\xe1\x85\xa1\xe2\x9d\xa4", 3},
      {"\x0d\x61\xf0\x9f\x8f\xbd\xe2\x80\x8d", 2},
      {"\xe1\x86\xa8\x61\xcc\x80\xe2\x80\x8d\x0a", 3},
      {"\xf0\x9f\x91\xa9\x62\xe0\xa4\xb7", 3},
      {"\xf0\x9f\x91\xa9\xd8\x80\xe2\x80\x8d\xe2\x80\x8d\xe0\xa4\xb7\xf0\x9f\x91\xa9\xea\xb0\x81", 5},
      {"\xf0\x9f\x98\x80\xd8\x80\xe3\x81\x82\x01", 3},
      {"\xe0\xa5\x8d", 1},
      {"\xc3\xa9\xe0\xb8\xb3", 1},
      {"\xf0\x9f\x98\x80\xd8\x80\xe0\xa4\xbf\xe1\x84\x80\xc3\xa9", 4},
      {"\xf0\x9f\x98\x80", 1},
      {"\xf0\x9f\x87\xa8\xe0\xa4\x95\xe0\xa4\x83\xf0\x9f\x87\xa8\xe1\x84\x80\xe0\xa4\xbf\x0a", 5},
      {"\x62\xef\xb8\x8f\xe1\x84\x80\xe1\x86\xa8\xc3\xa9\x61\xe0\xa4\xbf", 5},
      {"\xef\xb8\x8f\xcc\x80\xcc\x80\xe0\xa4\x83\xe2\x9d\xa4\xe0\xa5\x8d", 2},
      {"\xef\xb8\x8f\xe0\xa4\xb7\xea\xb0\x80\x0d\xf0\x9f\x98\x80\xe2\x80\x8d\xe1\x86\xa8\x62", 7},
      {"\xe3\x81\x82\xd8\x80\xe0\xa4\x95\xd8\x80\xe3\x81\x82\xe1\x85\xa1\xe0\xa4\x83\xf0\x9f\x91\xa9", 5},
      {"\xe0\xa4\xb7\xf0\x9f\x98\x80\xe0\xa4\x83\xe0\xa4\x83\x62\xe0\xa4\xb7\xe1\x85\xa1\x62\xe0\xa4\xb7", 7},
      {"\xf0\x9f\x8f\xbd\xe1\x85\xa1\xe0\xb8\xb3\xf0\x9f\x87\xa8\x62\x0a\xf0\x9f\x87\xa8\xd8\x80\xf0\x9f\x98"
       "\x80",
       7},
      {"\x0a\xe2\x80\x8d\xe0\xb8\xb3\xf0\x9f\x91\xa9", 3},
      {"\xe0\xb8\xb3\xe2\x80\x8d\x0a", 2},
      {"\xf0\x9f\x98\x80\xe2\x9d\xa4\x61\xcc\x80\xe2\x9d\xa4", 4},
      {"\xe3\x81\x82\xe3\x81\x82\xd8\x80\xe1\x84\x80", 3},
      {"\xe0\xa4\xb7\xf0\x9f\x87\xa6\xf0\x9f\x87\xa6\xea\xb0\x81", 3},
      {"\xf0\x9f\x98\x80\xef\xb8\x8f\xe1\x85\xa1\xf0\x9f\x87\xa8\xe2\x80\x8d\xe0\xa4\xbf", 3},
      {"\xf0\x9f\x8f\xbd\xe0\xa4\x83", 1},
      {"\xe0\xa4\xb7\xf0\x9f\x87\xa6", 2},
      {"\xc3\xa9\xc3\xa9", 2},
      {"\x01\xd8\x80", 2},
      {"\xcc\x80\x62\xf0\x9f\x87\xa6\xe3\x81\x82", 4},
  };
  for (const auto& [text, count] : vectors) {
    INFO(to_hex(std::string_view(text)));
    CHECK(stdlib("strLen", {str(text)}).integer() == count);
  }
}
