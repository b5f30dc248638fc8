// NEF3 reader and writer: layout, round trips, and one test per malformed field (each names its field).
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "neo/vm/app/nef.hpp"
#include "neo/vm/crypto/sha256.hpp"

namespace {

using namespace neo::vm;
using namespace neo::vm::app;

Text text(std::string_view s) { return Text(s.begin(), s.end()); }

NefFile sample_nef() {
  NefFile nef;
  nef.compiler = text("neo-zkvm-test 1.0");
  nef.source = text("https://example.invalid/token.neoasm");
  MethodToken t1;
  for (std::size_t i = 0; i < t1.hash.size(); ++i) t1.hash[i] = static_cast<std::uint8_t>(0xC0 + i);
  t1.method = text("itoa");
  t1.parameters_count = 1;
  t1.has_return_value = true;
  t1.call_flags = 0x00;
  MethodToken t2;
  t2.hash.fill(0x11);
  t2.method = text("transfer");
  t2.parameters_count = 4;
  t2.has_return_value = false;
  t2.call_flags = 0x0F;
  nef.tokens = {t1, t2};
  nef.script = {0x11, 0x12, 0x9E, 0x40};  // PUSH1 PUSH2 ADD RET
  return nef;
}

// The checksum computed here from the bytes, independently of nef_checksum's re-serialization.
std::uint32_t raw_checksum(const std::vector<std::uint8_t>& file) {
  const auto inner = crypto::sha256(std::span<const std::uint8_t>(file.data(), file.size() - 4));
  const auto outer = crypto::sha256(inner);
  return static_cast<std::uint32_t>(outer[0] | outer[1] << 8 | outer[2] << 16) |
         static_cast<std::uint32_t>(outer[3]) << 24;
}

void fix_checksum(std::vector<std::uint8_t>& file) {
  const std::uint32_t c = raw_checksum(file);
  for (int i = 0; i < 4; ++i)
    file[file.size() - 4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(c >> (8 * i));
}

NefParseError parse_error(const std::vector<std::uint8_t>& file) {
  NefFile out;
  NefParseError error;
  const bool ok = parse_nef(file, out, error);
  CHECK_FALSE(ok);
  return error;
}

// Offsets in the sample file (see the layout in nef.hpp).
constexpr std::size_t kCompilerAt = 4;
constexpr std::size_t kSourceAt = 68;

std::size_t tokens_at(const NefFile& nef) { return kSourceAt + 1 + nef.source.size() + 1; }

}  // namespace

TEST_CASE("NEF3 layout matches the format notes byte for byte", "[app][nef]") {
  const NefFile nef = sample_nef();
  const std::vector<std::uint8_t> file = write_nef(nef);

  std::vector<std::uint8_t> expected = {'N', 'E', 'F', '3'};
  for (std::size_t i = 0; i < 64; ++i)
    expected.push_back(i < nef.compiler.size() ? static_cast<std::uint8_t>(nef.compiler[i]) : 0);
  expected.push_back(static_cast<std::uint8_t>(nef.source.size()));
  expected.insert(expected.end(), nef.source.begin(), nef.source.end());
  expected.push_back(0);  // reserved
  expected.push_back(2);  // token count
  for (const MethodToken& t : nef.tokens) {
    expected.insert(expected.end(), t.hash.begin(), t.hash.end());
    expected.push_back(static_cast<std::uint8_t>(t.method.size()));
    expected.insert(expected.end(), t.method.begin(), t.method.end());
    expected.push_back(static_cast<std::uint8_t>(t.parameters_count));
    expected.push_back(0);
    expected.push_back(t.has_return_value ? 1 : 0);
    expected.push_back(t.call_flags);
  }
  expected.push_back(0);
  expected.push_back(0);  // reserved u16
  expected.push_back(4);
  expected.insert(expected.end(), nef.script.begin(), nef.script.end());
  expected.resize(expected.size() + 4);
  fix_checksum(expected);
  CHECK(file == expected);
  CHECK(nef_checksum(nef) == raw_checksum(file));
}

TEST_CASE("NEF3 size of the reference's unit-test file is 81 bytes", "[app][nef]") {
  // UT_NefFile: a 32-space compiler, empty source, no tokens, script 01 02 03.
  NefFile nef;
  nef.compiler = text(std::string(32, ' '));
  nef.script = {0x01, 0x02, 0x03};
  const std::vector<std::uint8_t> file = write_nef(nef);
  CHECK(file.size() == 81);
  NefFile back;
  NefParseError error;
  REQUIRE(parse_nef(file, back, error));
  CHECK(back.compiler == nef.compiler);
  CHECK(back.source.empty());
  CHECK(back.tokens.empty());
  CHECK(back.script == nef.script);
}

TEST_CASE("NEF3 round trips", "[app][nef]") {
  NefFile nef = sample_nef();
  SECTION("sample") {}
  SECTION("64-byte compiler, 256-byte source, 128 tokens, long script") {
    nef.compiler = text(std::string(64, 'c'));
    nef.source = text(std::string(256, 's'));
    nef.tokens.resize(128, nef.tokens[0]);
    nef.tokens[127].method = text(std::string(32, 'm'));
    nef.script.assign(70000, 0x21);  // NOPs: a var-int of the 0xFE form
  }
  SECTION("UTF-8 text") {
    nef.compiler = text("comp\xC3\xA9");
    nef.source = text("\xF0\x9F\x98\x80");
    nef.tokens[0].method = text("\xE2\x82\xAC");
  }
  NefParseError error;
  REQUIRE(validate_nef(nef, error));
  const std::vector<std::uint8_t> file = write_nef(nef);
  NefFile back;
  REQUIRE(parse_nef(file, back, error));
  CHECK(error.code == NefError::kNone);
  nef.checksum = raw_checksum(file);
  CHECK(back == nef);
  CHECK(write_nef(back) == file);
}

TEST_CASE("NEF3 rejects every truncation", "[app][nef]") {
  const std::vector<std::uint8_t> file = write_nef(sample_nef());
  for (std::size_t n = 0; n < file.size(); ++n) {
    const std::vector<std::uint8_t> cut(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(n));
    const NefParseError e = parse_error(cut);
    INFO("length " << n);
    CHECK(e.code == NefError::kTruncated);
    CHECK(e.offset <= n);
    CHECK(std::strlen(e.field) > 0);
  }
}

TEST_CASE("NEF3 malformed fields are named", "[app][nef]") {
  const NefFile nef = sample_nef();
  std::vector<std::uint8_t> file = write_nef(nef);
  const std::size_t tokens = tokens_at(nef);
  const std::size_t token0 = tokens + 1;
  const std::size_t method0 = token0 + 20;
  const std::size_t params0 = method0 + 1 + nef.tokens[0].method.size();
  const std::size_t return0 = params0 + 2;
  const std::size_t flags0 = return0 + 1;
  const std::size_t token1 = flags0 + 1;
  const std::size_t reserved2 = token1 + 20 + 1 + nef.tokens[1].method.size() + 2 + 1 + 1;
  const std::size_t script = reserved2 + 2;
  REQUIRE(file[script] == 4);

  NefError code{};
  std::string field;
  std::size_t offset = 0;
  SECTION("magic") {
    file[3] = '2';
    code = NefError::kBadMagic, field = "magic", offset = 0;
  }
  SECTION("compiler padding after the first NUL") {
    file[kCompilerAt + 63] = 'x';
    code = NefError::kBadPadding, field = "compiler", offset = kCompilerAt + 63;
  }
  SECTION("compiler UTF-8") {
    file[kCompilerAt] = 0xC0;  // overlong lead byte
    code = NefError::kBadUtf8, field = "compiler", offset = kCompilerAt;
  }
  SECTION("source UTF-8") {
    file[kSourceAt + 1] = 0xFF;
    code = NefError::kBadUtf8, field = "source", offset = kSourceAt;
  }
  SECTION("reserved byte") {
    file[tokens - 1] = 1;
    code = NefError::kReservedNotZero, field = "reserved", offset = tokens - 1;
  }
  SECTION("token count above 128") {
    file[tokens] = 129;
    code = NefError::kTooLong, field = "tokens", offset = tokens;
  }
  SECTION("token method starting with '_'") {
    file[method0 + 1] = '_';
    code = NefError::kBadMethodName, field = "tokens[].method", offset = method0;
  }
  SECTION("token method UTF-8") {
    file[method0 + 1] = 0x80;
    code = NefError::kBadUtf8, field = "tokens[].method", offset = method0;
  }
  SECTION("token method longer than 32") {
    file[method0] = 33;
    code = NefError::kTooLong, field = "tokens[].method", offset = method0;
  }
  SECTION("token has-return-value not a boolean") {
    file[return0] = 2;
    code = NefError::kBadBoolean, field = "tokens[].has_return_value", offset = return0;
  }
  SECTION("token call flags outside All") {
    file[flags0] = 0x10;
    code = NefError::kBadCallFlags, field = "tokens[].call_flags", offset = flags0;
  }
  SECTION("reserved u16") {
    file[reserved2 + 1] = 1;
    code = NefError::kReservedNotZero, field = "reserved2", offset = reserved2;
  }
  SECTION("empty script") {
    file.erase(file.begin() + static_cast<std::ptrdiff_t>(script + 1),
               file.begin() + static_cast<std::ptrdiff_t>(script + 5));
    file[script] = 0;
    code = NefError::kEmptyScript, field = "script", offset = script;
  }
  SECTION("script longer than MaxItemSize") {
    file[script] = 0xFE;  // 0xFE + u32 length 131071
    const std::uint8_t len[4] = {0xFF, 0xFF, 0x01, 0x00};
    file.insert(file.begin() + static_cast<std::ptrdiff_t>(script + 1), len, len + 4);
    code = NefError::kTooLong, field = "script", offset = script;
  }
  SECTION("checksum") {
    file.back() ^= 1;
    code = NefError::kBadChecksum, field = "checksum", offset = file.size() - 4;
  }
  SECTION("bytes after the checksum") {
    file.push_back(0);
    code = NefError::kTrailingBytes, field = "file", offset = file.size() - 1;
  }
  if (code != NefError::kBadChecksum && code != NefError::kTrailingBytes) fix_checksum(file);
  const NefParseError e = parse_error(file);
  CHECK(e.code == code);
  CHECK(std::string(e.field) == field);
  CHECK(e.offset == offset);
  CHECK(std::string(nef_error_name(e.code)).size() > 0);
}

TEST_CASE("NEF3 token errors carry the token index", "[app][nef]") {
  NefFile nef = sample_nef();
  nef.tokens[1].call_flags = 0x0F;
  std::vector<std::uint8_t> file = write_nef(nef);
  file[file.size() - 4 - 1 - 4 - 2 - 1] = 0x40;  // token 1's call flags (before reserved2, script, checksum)
  fix_checksum(file);
  const NefParseError e = parse_error(file);
  CHECK(e.code == NefError::kBadCallFlags);
  CHECK(e.token == 1);
}

TEST_CASE("NEF3 checksum is over the canonical encoding, as the reference computes it", "[app][nef]") {
  // Source length written as 0xFD 0x00 0x00 (a 3-byte var-int for 0): the reference re-serializes with the
  // 1-byte form before hashing, so even a checksum over the file's own bytes does not match.
  NefFile nef = sample_nef();
  nef.source.clear();
  std::vector<std::uint8_t> file = write_nef(nef);
  const std::uint8_t wide[2] = {0x00, 0x00};
  file[kSourceAt] = 0xFD;
  file.insert(file.begin() + static_cast<std::ptrdiff_t>(kSourceAt + 1), wide, wide + 2);
  fix_checksum(file);
  const NefParseError e = parse_error(file);
  CHECK(e.code == NefError::kBadChecksum);
}

TEST_CASE("NEF3 file larger than MaxItemSize", "[app][nef]") {
  NefFile nef = sample_nef();
  nef.script.assign(kNefMaxScriptSize, 0x21);  // the script alone is at the limit, the file above it
  const std::vector<std::uint8_t> file = write_nef(nef);
  const NefParseError e = parse_error(file);
  CHECK(e.code == NefError::kFileTooLarge);
}

TEST_CASE("NEF3 validate_nef checks the writer's input", "[app][nef]") {
  NefParseError e;
  NefFile nef = sample_nef();
  CHECK(validate_nef(nef, e));
  nef.compiler = text(std::string(65, 'c'));
  CHECK_FALSE(validate_nef(nef, e));
  CHECK(std::string(e.field) == "compiler");
  nef = sample_nef();
  nef.tokens[1].method = text("_private");
  CHECK_FALSE(validate_nef(nef, e));
  CHECK(e.code == NefError::kBadMethodName);
  CHECK(e.token == 1);
  nef = sample_nef();
  nef.script.clear();
  CHECK_FALSE(validate_nef(nef, e));
  CHECK(e.code == NefError::kEmptyScript);
}
