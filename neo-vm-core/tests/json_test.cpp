// Tests of the portable JSON parser / writer (neo/vm/json.hpp) against JToken.Parse's rules.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "neo/vm/json.hpp"

namespace json = neo::vm::json;
using json::ErrorCode;
using json::Type;
using json::Value;

namespace {

std::string as_string(const std::vector<char>& v) { return std::string(v.begin(), v.end()); }

Value parse_ok(std::string_view text, const json::ParseOptions& options = {}) {
  Value v;
  json::Error e;
  INFO("text: " << text);
  const bool ok = json::parse(text, v, e, options);
  INFO("error: " << e.message() << " at " << e.offset);
  REQUIRE(ok);
  return v;
}

json::Error parse_fail(std::string_view text, const json::ParseOptions& options = {}) {
  Value v;
  json::Error e;
  INFO("text: " << text);
  REQUIRE_FALSE(json::parse(text, v, e, options));
  REQUIRE(e.code != ErrorCode::None);
  REQUIRE(e.offset <= text.size());
  return e;
}

std::string nest(std::size_t depth, std::string_view open, std::string_view inner, std::string_view close) {
  std::string s;
  for (std::size_t i = 0; i < depth; ++i) s += open;
  s += inner;
  for (std::size_t i = 0; i < depth; ++i) s += close;
  return s;
}

}  // namespace

TEST_CASE("json: scalars", "[json]") {
  CHECK(parse_ok("null").is_null());
  CHECK(parse_ok(" true ").boolean);
  CHECK_FALSE(parse_ok("false").boolean);
  CHECK(parse_ok("\t\r\n 12 \n").number_text() == "12");
  CHECK(parse_ok("-0.5e+10").number_text() == "-0.5e+10");
  CHECK(parse_ok("\"a\\u00e9\\n\"").string() == "a\xC3\xA9\n");
  CHECK(parse_ok("\"\\ud83d\\ude00\"").string() == "\xF0\x9F\x98\x80");
  CHECK(parse_ok("\"\\\"\\\\\\/\\b\\f\\r\\t\"").string() == "\"\\/\b\f\r\t");
  CHECK(parse_ok("\"\xE2\x82\xAC\"").string() == "\xE2\x82\xAC");  // raw UTF-8 kept
}

TEST_CASE("json: containers keep order and reject duplicate names", "[json]") {
  const Value v = parse_ok(R"({"b":1,"a":[true,null,{"x":"y"}],"c":{}})");
  REQUIRE(v.is_object());
  REQUIRE(v.members.size() == 3);
  CHECK(v.members[0].name_view() == "b");
  CHECK(v.members[1].name_view() == "a");
  CHECK(v.members[2].name_view() == "c");
  const Value* a = v.find("a");
  REQUIRE(a != nullptr);
  REQUIRE(a->items.size() == 3);
  CHECK(a->items[2].find("x")->string() == "y");
  CHECK(v.find("zz") == nullptr);

  const json::Error dup = parse_fail(R"({"a":1, "a":2})");
  CHECK(dup.code == ErrorCode::DuplicateKey);
  CHECK(dup.offset == 8);
  // Names compare after unescaping, as the reference compares strings.
  CHECK(parse_fail(R"({"a":1,"\u0061":2})").code == ErrorCode::DuplicateKey);
  // The same name in different objects is fine.
  CHECK(parse_ok(R"({"a":{"a":1}})").find("a")->find("a")->number_text() == "1");
}

TEST_CASE("json: grammar errors carry offsets", "[json]") {
  CHECK(parse_fail("").code == ErrorCode::UnexpectedEnd);
  CHECK(parse_fail("   ").code == ErrorCode::UnexpectedEnd);
  CHECK(parse_fail("[1,]").code == ErrorCode::UnexpectedCharacter);
  CHECK(parse_fail("[1,]").offset == 3);
  CHECK(parse_fail("{\"a\":1,}").code == ErrorCode::UnexpectedCharacter);
  CHECK(parse_fail("[1 2]").offset == 3);
  CHECK(parse_fail("{\"a\" 1}").offset == 5);
  CHECK(parse_fail("{a:1}").offset == 1);
  CHECK(parse_fail("1 2").code == ErrorCode::TrailingCharacters);
  CHECK(parse_fail("1 2").offset == 2);
  CHECK(parse_fail("nul").code == ErrorCode::UnexpectedEnd);
  CHECK(parse_fail("nulx").offset == 3);
  CHECK(parse_fail("truex").offset == 4);
  CHECK(parse_fail("[").code == ErrorCode::UnexpectedEnd);
  CHECK(parse_fail("\"abc").code == ErrorCode::UnexpectedEnd);
  CHECK(parse_fail("'a'").code == ErrorCode::UnexpectedCharacter);
  CHECK(parse_fail("\xEF\xBB\xBF"
                   "1")
            .offset == 0);  // no byte order mark
  CHECK(parse_fail("[1]]").code == ErrorCode::TrailingCharacters);
}

TEST_CASE("json: numbers follow the RFC grammar", "[json]") {
  for (const char* good : {"0", "-0", "1", "-1", "10", "0.0", "1.25", "1e5", "1E5", "1e+5", "1e-5",
                           "-12.5E-3", "123456789012345678901234567890"}) {
    const Value v = parse_ok(good);
    CHECK(v.is_number());
    CHECK(v.number_text() == good);
  }
  for (const char* bad : {"01", "-", "+1", "1.", ".5", "1e", "1e+", "--1", "1.e5", "0x10", "1ee5", "-a",
                          "1.5.5", "NaN", "Infinity", "-Infinity", "00"}) {
    INFO(bad);
    const json::Error e = parse_fail(bad);
    CHECK((e.code == ErrorCode::InvalidNumber || e.code == ErrorCode::UnexpectedEnd ||
           e.code == ErrorCode::UnexpectedCharacter));
  }
  CHECK(parse_fail("01").offset == 1);
  CHECK(parse_fail("1.x").offset == 2);
  CHECK(parse_fail("1.").code == ErrorCode::UnexpectedEnd);
}

TEST_CASE("json: numbers that round to infinity as doubles are rejected", "[json]") {
  CHECK(parse_fail("1e309").code == ErrorCode::NumberOutOfRange);
  CHECK(parse_fail("-1e400").code == ErrorCode::NumberOutOfRange);
  CHECK(parse_fail("1e999999999999999999").code == ErrorCode::NumberOutOfRange);
  CHECK(parse_ok("1e308").is_number());
  CHECK(parse_ok("1.7976931348623157e308").is_number());  // DBL_MAX
  // Just below and at the rounding threshold 2^1024 - 2^970.
  CHECK(parse_ok("1.7976931348623158079e308").is_number());
  CHECK(parse_fail("1.797693134862315807937289714053034150799341327100378269361737789804449682927647509466490"
                   "17977587207096330286416692887910946555547851940402630657488671505820681908902000708383676"
                   "27385484581771153176447573027006985557136695962284291481986083493647529271907416844436551"
                   "0704342711559699508093042880177904174497792e308")
            .code == ErrorCode::NumberOutOfRange);
  CHECK(parse_fail("1.7976931348623159e308").code == ErrorCode::NumberOutOfRange);
  CHECK(parse_ok("1e-400").is_number());  // underflows to zero: finite
  CHECK(parse_ok("0e999999").is_number());
}

TEST_CASE("json: integral values", "[json]") {
  struct Case {
    const char* text;
    bool integral;
    std::int64_t value;
  };
  for (const Case& c : {Case{"0", true, 0}, Case{"-0", true, 0}, Case{"1.0", true, 1},
                        Case{"1e3", true, 1000}, Case{"1.5e1", true, 15}, Case{"-2.50e1", true, -25},
                        Case{"1500e-2", true, 15}, Case{"0.000e5", true, 0}, Case{"1.5", false, 0},
                        Case{"1e-1", false, 0}, Case{"9223372036854775807", true, INT64_MAX},
                        Case{"-9223372036854775808", true, INT64_MIN}, Case{"12.0000001", false, 0}}) {
    INFO(c.text);
    const Value v = parse_ok(c.text);
    CHECK(v.is_integral() == c.integral);
    const auto i = v.as_int64();
    CHECK(i.has_value() == c.integral);
    if (i) CHECK(*i == c.value);
  }
  CHECK_FALSE(parse_ok("9223372036854775808").as_int64().has_value());
  CHECK_FALSE(parse_ok("-9223372036854775809").as_int64().has_value());
  CHECK_FALSE(parse_ok("1e19").as_int64().has_value());
  CHECK(parse_ok("1e18").as_int64() == 1000000000000000000);

  neo::vm::Integer big;
  REQUIRE(parse_ok("1e70").as_integer(big));
  std::array<char, 80> buf{};
  CHECK(std::string_view(buf.data(), big.to_decimal(buf)) == "1" + std::string(70, '0'));
  REQUIRE(parse_ok("-57896044618658097711785492504343953926634992332820282019728792003956564819968")
              .as_integer(big));
  CHECK(big.is_negative());
  CHECK_FALSE(parse_ok("57896044618658097711785492504343953926634992332820282019728792003956564819968")
                  .as_integer(big));  // 2^255
  CHECK_FALSE(parse_ok("1e80").as_integer(big));
  CHECK_FALSE(parse_ok("0.5").as_integer(big));
  CHECK_FALSE(parse_ok("\"1\"").is_integral());
}

TEST_CASE("json: strings are validated", "[json]") {
  CHECK(parse_fail("\"a\x01\"").code == ErrorCode::ControlCharacter);
  CHECK(parse_fail("\"a\nb\"").code == ErrorCode::ControlCharacter);
  CHECK(parse_fail("\"\\x\"").code == ErrorCode::InvalidEscape);
  CHECK(parse_fail("\"\\u12g4\"").code == ErrorCode::InvalidEscape);
  CHECK(parse_fail("\"\\ud800\"").code == ErrorCode::InvalidSurrogate);
  CHECK(parse_fail("\"\\udc00\"").code == ErrorCode::InvalidSurrogate);
  CHECK(parse_fail("\"\\ud800\\u0041\"").code == ErrorCode::InvalidSurrogate);
  CHECK(parse_fail("\"\xC0\xAF\"").code == ErrorCode::InvalidUtf8);          // overlong
  CHECK(parse_fail("\"\xED\xA0\x80\"").code == ErrorCode::InvalidUtf8);      // encoded surrogate
  CHECK(parse_fail("\"\xF4\x90\x80\x80\"").code == ErrorCode::InvalidUtf8);  // above U+10FFFF
  CHECK(parse_fail("\"\x80\"").code == ErrorCode::InvalidUtf8);
  CHECK(parse_fail("\"\xE2\x82\"").code == ErrorCode::InvalidUtf8);
  CHECK(parse_fail("\"\xE2\x82\"").offset == 1);
  CHECK(parse_fail("{\"\xFF\":1}").code == ErrorCode::InvalidUtf8);
  CHECK(parse_fail("\xC3\xA9").code == ErrorCode::UnexpectedCharacter);
}

TEST_CASE("json: comments are skipped as CommentHandling.Skip does", "[json]") {
  const Value v = parse_ok("/* head */ [1, // one\n 2 /* two */] // tail");
  REQUIRE(v.items.size() == 2);
  CHECK(v.items[1].number_text() == "2");
  CHECK(parse_ok("{\"a\"/*x*/:/*y*/1}").find("a") != nullptr);
  CHECK(parse_fail("[1 /* open").code == ErrorCode::InvalidComment);
  CHECK(parse_fail("/").code == ErrorCode::InvalidComment);
  CHECK(parse_fail("1 /x").code == ErrorCode::UnexpectedCharacter);
  json::ParseOptions strict;
  strict.skip_comments = false;
  CHECK(parse_fail("[1] // c", strict).code == ErrorCode::CommentNotAllowed);
  CHECK(parse_fail("[1] // c", strict).offset == 4);
}

TEST_CASE("json: nesting depth limit", "[json]") {
  CHECK(parse_ok(nest(64, "[", "1", "]")).is_array());
  const json::Error e = parse_fail(nest(65, "[", "1", "]"));
  CHECK(e.code == ErrorCode::DepthExceeded);
  CHECK(e.offset == 64);
  json::ParseOptions ten;
  ten.max_depth = 10;
  CHECK(parse_ok(nest(10, "{\"a\":", "[]", "}").substr(0), {}).is_object());
  CHECK(parse_ok(nest(9, "[", "{}", "]"), ten).is_array());
  CHECK(parse_fail(nest(10, "[", "{}", "]"), ten).code == ErrorCode::DepthExceeded);
  CHECK(parse_ok(nest(10, "[", "1", "]"), ten).is_array());
  // 0 means the default (JsonReaderOptions.MaxDepth).
  json::ParseOptions zero;
  zero.max_depth = 0;
  CHECK(parse_ok(nest(64, "[", "1", "]"), zero).is_array());
  CHECK(parse_fail(nest(65, "[", "1", "]"), zero).code == ErrorCode::DepthExceeded);
  // Scalars do not count.
  json::ParseOptions one;
  one.max_depth = 1;
  CHECK(parse_ok("[1,\"a\",null]", one).items.size() == 3);
  CHECK(parse_fail("[[]]", one).code == ErrorCode::DepthExceeded);
}

TEST_CASE("json: writer escapes as System.Text.Json's default encoder", "[json]") {
  CHECK(as_string(json::write(parse_ok(" [ 1 , true , null , { \"a\" : \"b\" } ] "))) ==
        R"([1,true,null,{"a":"b"}])");
  CHECK(as_string(json::write(Value::from_string("a\"b\\c\n\t\b\f\r"))) ==
        "\"a\\u0022b\\\\c\\n\\t\\b\\f\\r\"");
  CHECK(as_string(json::write(Value::from_string("<&'+`>"))) == R"("\u003C\u0026\u0027\u002B\u0060\u003E")");
  CHECK(as_string(json::write(Value::from_string(std::string_view("\x00\x1f\x7f", 3)))) ==
        R"("\u0000\u001F\u007F")");
  CHECK(as_string(json::write(Value::from_string("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"))) ==
        R"("\u00E9\u20AC\uD83D\uDE00")");
  CHECK(as_string(json::write(Value::from_string("/ ~"))) == "\"/ ~\"");
  std::vector<char> out;
  CHECK_FALSE(json::write_string("\xFF", out));
  Value obj = Value::object();
  CHECK(obj.add("k\xC3\xA9", Value::from_int64(-42)));
  CHECK_FALSE(obj.add("k\xC3\xA9", Value::null()));
  CHECK(obj.add("n", Value::from_int64(INT64_MIN)));
  CHECK(as_string(json::write(obj)) == R"({"k\u00E9":-42,"n":-9223372036854775808})");
  Value num;
  CHECK(Value::from_number_text("1.5e-3", num));
  CHECK_FALSE(Value::from_number_text("1.", num));
  CHECK(num.number_text() == "1.5e-3");
}

TEST_CASE("json: parse(write(v)) == v, and agreement with nlohmann on valid documents", "[json]") {
  std::mt19937 rng(1234);
  // Random documents built with nlohmann, dumped, parsed by both, compared through our writer.
  auto random_value = [&](auto&& self, int depth) -> nlohmann::ordered_json {
    const int kind = static_cast<int>(rng() % (depth > 4 ? 4 : 6));
    switch (kind) {
      case 0:
        return nullptr;
      case 1:
        return (rng() & 1) != 0;
      case 2:
        return static_cast<std::int64_t>(rng()) - 2147483648LL;
      case 3: {
        std::string s;
        const int len = static_cast<int>(rng() % 6);
        static const char* pieces[] = {"a", "\"", "\\", "\n", "\xC3\xA9", "\xF0\x9F\x98\x80", "<", "\x01"};
        for (int i = 0; i < len; ++i) s += pieces[rng() % 8];
        return s;
      }
      case 4: {
        nlohmann::ordered_json a = nlohmann::ordered_json::array();
        const int n = static_cast<int>(rng() % 4);
        for (int i = 0; i < n; ++i) a.push_back(self(self, depth + 1));
        return a;
      }
      default: {
        nlohmann::ordered_json o = nlohmann::ordered_json::object();
        const int n = static_cast<int>(rng() % 4);
        for (int i = 0; i < n; ++i) o["k" + std::to_string(rng() % 5)] = self(self, depth + 1);
        return o;
      }
    }
  };
  for (int round = 0; round < 300; ++round) {
    const nlohmann::ordered_json doc = random_value(random_value, 0);
    const std::string text = doc.dump(round % 2 == 0 ? -1 : 2);
    INFO(text);
    const Value ours = parse_ok(text);
    const std::string written = as_string(json::write(ours));
    // Our output is valid JSON meaning the same document.
    CHECK(nlohmann::ordered_json::parse(written) == doc);
    // And a fixed point of parse / write.
    CHECK(as_string(json::write(parse_ok(written))) == written);
  }
}

TEST_CASE("json: utf8 validation", "[json]") {
  auto valid = [](std::string_view s) {
    return json::is_valid_utf8({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
  };
  CHECK(valid(""));
  CHECK(valid("abc\xC3\xA9\xEF\xBF\xBF\xF4\x8F\xBF\xBF"));
  CHECK_FALSE(valid("\xE0\x80\x80"));
  CHECK_FALSE(valid("\xF8\x88\x80\x80\x80"));
  CHECK_FALSE(valid("\xC3"));
  CHECK_FALSE(valid("\xED\xBF\xBF"));
}
