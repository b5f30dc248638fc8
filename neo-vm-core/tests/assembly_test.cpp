// Tests of the Neo assembly language: assembler, disassembler, the interop service table, and the round trip
// disassemble -> assemble over the neo-vm conformance scripts and over random well-formed scripts.
#include <gmp.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "neo/vm/assembly/assembler.hpp"
#include "neo/vm/assembly/disassembler.hpp"
#include "neo/vm/assembly/syscalls.hpp"
#include "neo/vm/opcode.hpp"
#include "vm_test_util.hpp"

using namespace neo::vm;
using namespace neo::vm::assembly;
using Bytes = std::vector<std::uint8_t>;

namespace {

Bytes bytes(std::initializer_list<int> values) {
  Bytes out;
  for (const int v : values) out.push_back(static_cast<std::uint8_t>(v));
  return out;
}

std::string errors_text(const AssembleResult& r) {
  std::string out;
  for (const auto& e : r.errors) out += e.to_string() + "\n";
  return out;
}

Bytes assemble_ok(const std::string& source) {
  const AssembleResult r = assemble(source);
  INFO("source:\n" << source << "\nerrors:\n" << errors_text(r));
  REQUIRE(r.ok());
  return r.script;
}

// The first diagnostic of a source that must not assemble.
Diagnostic assemble_error(const std::string& source) {
  const AssembleResult r = assemble(source);
  INFO("source:\n" << source);
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.script.empty());
  return r.errors.front();
}

std::string hex(const Bytes& b) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (const std::uint8_t x : b) {
    s += digits[x >> 4];
    s += digits[x & 15];
  }
  return s;
}

Bytes from_hex(std::string_view s) {
  Bytes out;
  for (std::size_t i = 0; i + 1 < s.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoul(std::string(s.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

std::string disassemble_ok(const Bytes& script, const DisassembleOptions& options = {}) {
  const DisassembleResult r = disassemble(script, options);
  INFO("script: " << hex(script) << "\nerror: " << r.error.message);
  REQUIRE(r.ok());
  return r.text;
}

// disassemble -> assemble gives the same bytes, with and without offset comments, and the listing is stable.
void check_round_trip(const Bytes& script) {
  const std::string text = disassemble_ok(script);
  const AssembleResult again = assemble(text);
  INFO("script: " << hex(script) << "\nlisting:\n" << text << "\nerrors:\n" << errors_text(again));
  REQUIRE(again.ok());
  REQUIRE(hex(again.script) == hex(script));
  DisassembleOptions with_offsets;
  with_offsets.offsets = true;
  const AssembleResult commented = assemble(disassemble_ok(script, with_offsets));
  REQUIRE(commented.ok());
  REQUIRE(commented.script == script);
}

std::optional<std::filesystem::path> shared_dir() {
  if (const char* env = std::getenv("NEO_SHARED_DIR"); env != nullptr && *env != '\0') {
    if (std::filesystem::is_directory(env)) return std::filesystem::path(env);
    return std::nullopt;
  }
  const std::filesystem::path repo_root = std::filesystem::path(__FILE__).parent_path() / ".." / "..";
  for (const auto& candidate : {repo_root / ".." / "shared", std::filesystem::path("../shared")}) {
    if (std::filesystem::is_directory(candidate)) return candidate;
  }
  return std::nullopt;
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string col;
  while (std::getline(ss, col, sep)) out.push_back(col);
  return out;
}

}  // namespace

// ---- the interop service table
// -----------------------------------------------------------------------------

TEST_CASE("syscall ids follow the SHA-256 rule", "[asm][syscall]") {
  for (const SyscallDescriptor& d : kSyscalls) {
    INFO(d.name);
    CHECK(syscall_id(d.name) == d.id);
    CHECK(find_syscall(d.name) == &d);
    CHECK(find_syscall(d.id) == &d);
  }
  CHECK(syscall_id("System.Runtime.Log") == 0x9647e7cfu);
  CHECK(find_syscall("System.Runtime.log") == nullptr);
  CHECK(find_syscall(0x12345678u) == nullptr);
}

TEST_CASE("syscalls.def matches shared/neo/syscalls.tsv", "[asm][syscall]") {
  const auto dir = shared_dir();
  std::ifstream in(dir ? *dir / "neo" / "syscalls.tsv" : std::filesystem::path());
  if (!dir || !in) {
    WARN("SKIPPED: neo/syscalls.tsv not found (set NEO_SHARED_DIR to the shared/ folder)");
    return;
  }
  std::string line;
  std::getline(in, line);  // header
  const auto header = split(line, '\t');
  REQUIRE(header.size() >= 7);
  CHECK(header[0] == "name");
  CHECK(header[1] == "hash_uint32_le");
  CHECK(header[3] == "fixed_price");
  CHECK(header[5] == "call_flags");
  CHECK(header[6] == "hardfork");
  std::size_t rows = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto cols = split(line, '\t');
    REQUIRE(cols.size() >= 7);
    INFO(cols[0]);
    ++rows;
    const SyscallDescriptor* d = find_syscall(cols[0]);
    REQUIRE(d != nullptr);
    CHECK(d->id == static_cast<std::uint32_t>(std::stoul(cols[1], nullptr, 16)));
    CHECK(hex(Bytes{static_cast<std::uint8_t>(d->id), static_cast<std::uint8_t>(d->id >> 8),
                    static_cast<std::uint8_t>(d->id >> 16), static_cast<std::uint8_t>(d->id >> 24)}) ==
          cols[2]);
    CHECK(d->price == std::stoul(cols[3]));
    std::uint8_t flags = 0;
    for (std::string name : split(cols[5], '|')) {
      name.erase(std::remove(name.begin(), name.end(), ' '), name.end());
      if (name == "CallFlags.None") continue;
      if (name == "CallFlags.ReadStates")
        flags |= 0x01;
      else if (name == "CallFlags.WriteStates")
        flags |= 0x02;
      else if (name == "CallFlags.AllowCall")
        flags |= 0x04;
      else if (name == "CallFlags.AllowNotify")
        flags |= 0x08;
      else if (name == "CallFlags.States")
        flags |= 0x03;
      else
        FAIL("unknown call flag " << name);
    }
    CHECK(d->call_flags == flags);
    const std::string hardfork = cols[6].empty() ? "None" : cols[6].substr(cols[6].find('.') + 1);
    CHECK(d->hardfork == hardfork);
  }
  CHECK(rows == kSyscalls.size());
}

// ---- assembler: instructions and literals
// ------------------------------------------------------------------

TEST_CASE("assembler: plain instructions, case, comments, blank lines", "[asm]") {
  CHECK(assemble_ok("") == Bytes{});
  CHECK(assemble_ok("\n\n  ; only a comment\n# another\n") == Bytes{});
  CHECK(assemble_ok("PUSH1\npush2 ; two\r\n  Add # sum\nRET") == bytes({0x11, 0x12, 0x9E, 0x40}));
  CHECK(assemble_ok("NOP") == bytes({0x21}));
  CHECK(assemble_ok("pushnull\nPUSHT\nPUSHF\nPUSHM1\nPUSH16") == bytes({0x0B, 0x08, 0x09, 0x0F, 0x20}));
  // Every defined opcode without an operand assembles to its byte by name, in any case.
  for (int b = 0; b < 256; ++b) {
    const OpCodeInfo& info = opcode_info(static_cast<std::uint8_t>(b));
    if (!info.defined || info.operand_size != 0 || info.size_prefix != 0) continue;
    std::string lower(info.name);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK(assemble_ok(std::string(info.name)) == bytes({b}));
    CHECK(assemble_ok(lower) == bytes({b}));
  }
}

TEST_CASE("assembler: PUSHINT picks the smallest form", "[asm][int]") {
  CHECK(assemble_ok("PUSHINT -1") == bytes({0x0F}));
  CHECK(assemble_ok("PUSHINT 0") == bytes({0x10}));
  CHECK(assemble_ok("PUSHINT 16") == bytes({0x20}));
  CHECK(assemble_ok("PUSHINT 17") == bytes({0x00, 0x11}));
  CHECK(assemble_ok("PUSHINT -2") == bytes({0x00, 0xFE}));
  CHECK(assemble_ok("PUSHINT 127") == bytes({0x00, 0x7F}));
  CHECK(assemble_ok("PUSHINT 128") == bytes({0x01, 0x80, 0x00}));
  CHECK(assemble_ok("PUSHINT -128") == bytes({0x00, 0x80}));
  CHECK(assemble_ok("PUSHINT -129") == bytes({0x01, 0x7F, 0xFF}));
  CHECK(assemble_ok("PUSHINT 0x8000") == bytes({0x02, 0x00, 0x80, 0x00, 0x00}));
  CHECK(assemble_ok("PUSHINT 1_000_000") == bytes({0x02, 0x40, 0x42, 0x0F, 0x00}));
  CHECK(assemble_ok("PUSHINT -0x10") == bytes({0x00, 0xF0}));
  CHECK(assemble_ok("PUSHINT +5") == bytes({0x15}));
  CHECK(assemble_ok("PUSHINT 9223372036854775807") ==
        bytes({0x03, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}));
  CHECK(assemble_ok("PUSHINT 9223372036854775808").front() == 0x04);
  // 2^255 - 1 and -2^255, in decimal and hex.
  const std::string max256 = "57896044618658097711785492504343953926634992332820282019728792003956564819967";
  Bytes expect_max = {0x05};
  for (int i = 0; i < 31; ++i) expect_max.push_back(0xFF);
  expect_max.push_back(0x7F);
  CHECK(assemble_ok("PUSHINT " + max256) == expect_max);
  CHECK(assemble_ok("PUSHINT 0x7" + std::string(63, 'f')) == expect_max);
  Bytes expect_min = {0x05};
  for (int i = 0; i < 31; ++i) expect_min.push_back(0x00);
  expect_min.push_back(0x80);
  CHECK(
      assemble_ok("PUSHINT -57896044618658097711785492504343953926634992332820282019728792003956564819968") ==
      expect_min);
  CHECK(assemble_ok("PUSHINT -0x8" + std::string(63, '0')) == expect_min);
  CHECK(assemble_ok("PUSHINT 0x0000000000000000000000000000000000000000000000000000000000000000000001") ==
        bytes({0x11}));

  const Diagnostic over =
      assemble_error("PUSHINT 57896044618658097711785492504343953926634992332820282019728792003956564819968");
  CHECK(over.line == 1);
  CHECK(over.column == 9);
  CHECK(over.message.find("out of range") != std::string::npos);
  CHECK(assemble_error("PUSHINT 0x8" + std::string(63, '0')).message.find("out of range") !=
        std::string::npos);
  CHECK(assemble_error("PUSHINT 12a").message.find("malformed integer") != std::string::npos);
  CHECK(assemble_error("PUSHINT 0x").message.find("malformed integer") != std::string::npos);
  CHECK(assemble_error("PUSHINT 1__0").message.find("malformed integer") != std::string::npos);
  CHECK(assemble_error("PUSHINT \"5\"").message.find("expected an integer") != std::string::npos);
}

TEST_CASE("assembler: PUSHINT agrees with GMP on random values of every width", "[asm][int]") {
  std::mt19937_64 rng(20261124);
  mpz_t v, lo, hi;
  mpz_inits(v, lo, hi, nullptr);
  for (int iter = 0; iter < 2000; ++iter) {
    const unsigned bits = 1 + static_cast<unsigned>(rng() % 255);
    mpz_set_ui(v, 0);
    for (unsigned i = 0; i < bits; ++i) {
      mpz_mul_2exp(v, v, 1);
      if (rng() & 1) mpz_add_ui(v, v, 1);
    }
    if (rng() & 1) mpz_neg(v, v);
    char* text = mpz_get_str(nullptr, 10, v);
    const std::string decimal(text);
    free(text);
    const Bytes script = assemble_ok("PUSHINT " + decimal);
    INFO(decimal);
    // Expected form: PUSHM1..PUSH16, else the smallest width n with -2^(8n-1) <= v < 2^(8n-1).
    if (mpz_cmp_si(v, -1) >= 0 && mpz_cmp_si(v, 16) <= 0) {
      REQUIRE(script.size() == 1);
      CHECK(static_cast<int>(script[0]) == 0x10 + static_cast<int>(mpz_get_si(v)));
      continue;
    }
    std::size_t width = 0;
    int form = 0;
    for (const std::size_t n : {1u, 2u, 4u, 8u, 16u, 32u}) {
      mpz_ui_pow_ui(hi, 2, static_cast<unsigned long>(8 * n - 1));
      mpz_neg(lo, hi);
      if (mpz_cmp(v, lo) >= 0 && mpz_cmp(v, hi) < 0) {
        width = n;
        break;
      }
      ++form;
    }
    REQUIRE(width != 0);
    REQUIRE(script.size() == 1 + width);
    CHECK(static_cast<int>(script[0]) == form);
    // The operand is v in two's complement: reading it back through GMP gives v again.
    mpz_t back;
    mpz_init(back);
    mpz_import(back, width, -1, 1, 0, 0, script.data() + 1);
    if (script.back() & 0x80) {
      mpz_ui_pow_ui(hi, 2, static_cast<unsigned long>(8 * width));
      mpz_sub(back, back, hi);
    }
    CHECK(mpz_cmp(back, v) == 0);
    mpz_clear(back);
    // The disassembler prints the same decimal value.
    CHECK(disassemble_ok(script).find(" " + decimal + "\n") != std::string::npos);
  }
  mpz_clears(v, lo, hi, nullptr);
}

TEST_CASE("assembler: explicit PUSHINTn", "[asm][int]") {
  CHECK(assemble_ok("PUSHINT32 5") == bytes({0x02, 0x05, 0x00, 0x00, 0x00}));
  CHECK(assemble_ok("PUSHINT8 -1") == bytes({0x00, 0xFF}));
  CHECK(assemble_ok("PUSHINT16 0") == bytes({0x01, 0x00, 0x00}));
  CHECK(assemble_ok("PUSHINT64 -2") == bytes({0x03, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}));
  CHECK(assemble_ok("pushint128 1").size() == 17);
  Bytes all_ones(33, 0xFF);
  all_ones[0] = 0x05;
  CHECK(assemble_ok("PUSHINT256 -1") == all_ones);
  const Diagnostic d = assemble_error("  PUSHINT8 128");
  CHECK(d.line == 1);
  CHECK(d.column == 12);
  CHECK(d.message.find("does not fit in PUSHINT8") != std::string::npos);
  CHECK(assemble_error("PUSHINT16 32768").message.find("signed 16-bit") != std::string::npos);
  CHECK(assemble_error("PUSHINT8 0xFF").message.find("does not fit") != std::string::npos);
  CHECK(assemble_error("PUSHINT8").message.find("takes 1 operand") != std::string::npos);
}

TEST_CASE("assembler: PUSHDATA with strings and hex", "[asm][data]") {
  CHECK(assemble_ok("PUSHDATA \"hello\"") == bytes({0x0C, 0x05, 'h', 'e', 'l', 'l', 'o'}));
  CHECK(assemble_ok("PUSHDATA1 0x0102") == bytes({0x0C, 0x02, 0x01, 0x02}));
  CHECK(assemble_ok("PUSHDATA \"\"") == bytes({0x0C, 0x00}));
  CHECK(assemble_ok("PUSHDATA 0x") == bytes({0x0C, 0x00}));
  CHECK(assemble_ok("PUSHDATA2 \"ab\"") == bytes({0x0D, 0x02, 0x00, 'a', 'b'}));
  CHECK(assemble_ok("PUSHDATA4 0xFF") == bytes({0x0E, 0x01, 0x00, 0x00, 0x00, 0xFF}));
  CHECK(assemble_ok(R"(PUSHDATA "a\nb\tc\\d\"e\x00\x7Fz\r\0'")") ==
        bytes({0x0C, 15, 'a', '\n', 'b', '\t', 'c', '\\', 'd', '"', 'e', 0x00, 0x7F, 'z', '\r', 0x00, '\''}));
  // ';' and '#' inside a string are data, not comments; UTF-8 passes through.
  CHECK(assemble_ok("PUSHDATA \"a;b#c\" ; comment") == bytes({0x0C, 5, 'a', ';', 'b', '#', 'c'}));
  CHECK(assemble_ok("PUSHDATA \"\xC3\xA9\"") == bytes({0x0C, 2, 0xC3, 0xA9}));

  // Length decides the form.
  const auto data_of = [](std::size_t n) { return "PUSHDATA 0x" + std::string(2 * n, 'a'); };
  CHECK(assemble_ok(data_of(255))[0] == 0x0C);
  const Bytes two = assemble_ok(data_of(256));
  CHECK(two[0] == 0x0D);
  CHECK(two[1] == 0x00);
  CHECK(two[2] == 0x01);
  CHECK(two.size() == 3 + 256);
  CHECK(assemble_ok(data_of(65535))[0] == 0x0D);
  const Bytes four = assemble_ok(data_of(65536));
  CHECK(bytes({four[0], four[1], four[2], four[3], four[4]}) == bytes({0x0E, 0x00, 0x00, 0x01, 0x00}));
  CHECK(assemble_error("PUSHDATA1 0x" + std::string(512, '0')).message.find("does not fit in PUSHDATA1") !=
        std::string::npos);

  CHECK(assemble_error("PUSHDATA \"abc").message == "unterminated string literal");
  const Diagnostic bad_escape = assemble_error("PUSHDATA \"ab\\qc\"");
  CHECK(bad_escape.column == 13);
  CHECK(bad_escape.message.find("invalid escape") != std::string::npos);
  CHECK(assemble_error("PUSHDATA \"\\x4\"").message.find("two hex digits") != std::string::npos);
  CHECK(assemble_error("PUSHDATA 0x123").message.find("odd number") != std::string::npos);
  const Diagnostic bad_digit = assemble_error("PUSHDATA 0x12zz");
  CHECK(bad_digit.column == 14);
  CHECK(assemble_error("PUSHDATA hello").message.find("expected a string literal") != std::string::npos);
}

TEST_CASE("assembler: slots, tokens, types and syscalls", "[asm]") {
  CHECK(assemble_ok("INITSLOT 2, 1") == bytes({0x57, 0x02, 0x01}));
  CHECK(assemble_ok("INITSLOT 2 1") == bytes({0x57, 0x02, 0x01}));
  CHECK(assemble_ok("INITSSLOT 255") == bytes({0x56, 0xFF}));
  CHECK(assemble_ok("LDLOC 7\nSTLOC 0x10\nLDARG 0\nSTARG 3\nLDSFLD 9\nSTSFLD 8") ==
        bytes({0x6F, 7, 0x77, 0x10, 0x7F, 0, 0x87, 3, 0x5F, 9, 0x67, 8}));
  CHECK(assemble_ok("CALLT 0x1234") == bytes({0x37, 0x34, 0x12}));
  CHECK(assemble_ok("CALLT 65535") == bytes({0x37, 0xFF, 0xFF}));
  CHECK(assemble_ok("CONVERT Integer\nISTYPE bytestring\nNEWARRAY_T Array\nCONVERT 0x28\nISTYPE 7") ==
        bytes({0xDB, 0x21, 0xD9, 0x28, 0xC4, 0x40, 0xDB, 0x28, 0xD9, 0x07}));
  CHECK(assemble_ok("SYSCALL System.Runtime.Log") == bytes({0x41, 0xCF, 0xE7, 0x47, 0x96}));
  CHECK(assemble_ok("SYSCALL 0x12345678") == bytes({0x41, 0x78, 0x56, 0x34, 0x12}));
  CHECK(assemble_ok("syscall System.Storage.Local.Put") == bytes({0x41, 0x39, 0x0C, 0xE3, 0x0A}));
  for (const SyscallDescriptor& d : kSyscalls) {
    const Bytes script = assemble_ok("SYSCALL " + std::string(d.name));
    CHECK(script == bytes({0x41, static_cast<int>(d.id & 0xFF), static_cast<int>((d.id >> 8) & 0xFF),
                           static_cast<int>((d.id >> 16) & 0xFF), static_cast<int>(d.id >> 24)}));
  }

  const Diagnostic unknown = assemble_error("\n  SYSCALL System.Runtime.Foo");
  CHECK(unknown.line == 2);
  CHECK(unknown.column == 11);
  CHECK(unknown.message.find("unknown interop service 'System.Runtime.Foo'") != std::string::npos);
  CHECK(assemble_error("SYSCALL system.runtime.log").message.find("did you mean 'System.Runtime.Log'") !=
        std::string::npos);
  CHECK(assemble_error("SYSCALL 0x100000000").message.find("out of range") != std::string::npos);
  CHECK(assemble_error("SYSCALL -1").message.find("out of range") != std::string::npos);
  CHECK(assemble_error("LDLOC 256").message.find("out of range 0..255") != std::string::npos);
  CHECK(assemble_error("CALLT 65536").message.find("out of range 0..65535") != std::string::npos);
  CHECK(assemble_error("CONVERT Strin").message.find("unknown stack item type 'Strin'") != std::string::npos);
  CHECK(assemble_error("INITSLOT 1").message.find("takes 2 operands") != std::string::npos);
  CHECK(assemble_error("RET 1").message.find("'RET' takes no operand") != std::string::npos);
}

TEST_CASE("assembler: syntax errors carry line and column", "[asm][errors]") {
  Diagnostic d = assemble_error("PUSH1\n  FOO 3\n");
  CHECK(d.line == 2);
  CHECK(d.column == 3);
  CHECK(d.message == "unknown instruction 'FOO'");
  CHECK(d.to_string() == "2:3: unknown instruction 'FOO'");
  d = assemble_error("INITSLOT 1,, 2");
  CHECK(d.column == 12);
  CHECK(d.message == "unexpected ','");
  CHECK(assemble_error("INITSLOT 1, 2,").message == "unexpected ','");
  CHECK(assemble_error("INITSLOT ,1 2").message == "unexpected ','");
  CHECK(assemble_error("NOP x: NOP").message.find("unexpected ':'") != std::string::npos);
  CHECK(assemble_error("9lives: NOP").message.find("invalid label name") != std::string::npos);
  CHECK(assemble_error("\"str\"").message.find("expected an instruction") != std::string::npos);
  // All errors are reported, in source order.
  const AssembleResult r =
      assemble("FOO\nPUSH1\nJMP nowhere\nPUSHINT8 1000\nBAR\nok: PUSHDATA \"x\nJMP ok\n");
  REQUIRE(r.errors.size() == 5);
  CHECK(r.errors[0].to_string() == "1:1: unknown instruction 'FOO'");
  CHECK(r.errors[1].to_string() == "3:5: undefined label 'nowhere'");
  CHECK(r.errors[2].line == 4);
  CHECK(r.errors[3].line == 5);
  CHECK(r.errors[4].to_string() == "6:14: unterminated string literal");  // and 'ok' is still defined
  // The number of diagnostics is bounded.
  std::string many;
  for (int i = 0; i < 500; ++i) many += "FOO\n";
  CHECK(assemble(many).errors.size() == kMaxDiagnostics);
  // Undefined labels are found once the whole source is read.
  const AssembleResult undefined = assemble("JMP nowhere\nCALL also_nowhere\n");
  REQUIRE(undefined.errors.size() == 2);
  CHECK(undefined.errors[0].to_string() == "1:5: undefined label 'nowhere'");
  CHECK(undefined.errors[1].to_string() == "2:6: undefined label 'also_nowhere'");
  const Diagnostic dup = assemble_error("a: NOP\nb: NOP\n  a: NOP");
  CHECK(dup.line == 3);
  CHECK(dup.column == 3);
  CHECK(dup.message == "label 'a' is already defined on line 1");
}

// ---- assembler: labels and jump sizing
// ---------------------------------------------------------------------

TEST_CASE("assembler: labels on jumps, calls, PUSHA, TRY, ENDTRY", "[asm][labels]") {
  // Backward and forward short jumps; offsets are relative to the jump instruction.
  CHECK(assemble_ok("loop: NOP\nJMP loop") == bytes({0x21, 0x22, 0xFF}));
  CHECK(assemble_ok("JMPIF done\nNOP\ndone:\nRET") == bytes({0x24, 0x03, 0x21, 0x40}));
  CHECK(assemble_ok("self: JMP self") == bytes({0x22, 0x00}));
  // A label may stand alone, share a line, or mark the end of the script.
  CHECK(assemble_ok("JMP end\nend:") == bytes({0x22, 0x02}));
  CHECK(assemble_ok("a: b:\nc: JMPEQ a\nJMPNE b\nJMPGT c") == bytes({0x28, 0x00, 0x2A, 0xFE, 0x2C, 0xFC}));
  CHECK(assemble_ok("x.y_1: JMPGE x.y_1\nJMPLT x.y_1\nJMPLE x.y_1\nJMPIFNOT x.y_1") ==
        bytes({0x2E, 0x00, 0x30, 0xFE, 0x32, 0xFC, 0x26, 0xFA}));
  CHECK(assemble_ok("CALL f\nRET\nf: RET") == bytes({0x34, 0x03, 0x40, 0x40}));
  CHECK(assemble_ok("CALL_L f\nf: RET") == bytes({0x35, 0x05, 0x00, 0x00, 0x00, 0x40}));
  CHECK(assemble_ok("PUSHA f\nCALLA\nf: RET") == bytes({0x0A, 0x06, 0x00, 0x00, 0x00, 0x36, 0x40}));
  CHECK(assemble_ok("start: PUSHA start") == bytes({0x0A, 0x00, 0x00, 0x00, 0x00}));
  // TRY catch, finally: 0 means none; ENDTRY jumps past the handlers.
  CHECK(assemble_ok("TRY catch, 0\nENDTRY out\ncatch: ENDTRY out\nout: RET") ==
        bytes({0x3B, 0x05, 0x00, 0x3D, 0x04, 0x3D, 0x02, 0x40}));
  CHECK(assemble_ok("TRY 0, fin\nENDTRY out\nfin: ENDFINALLY\nout: RET") ==
        bytes({0x3B, 0x00, 0x05, 0x3D, 0x03, 0x3F, 0x40}));
  CHECK(assemble_ok("TRY_L c, f\nc: NOP\nf: ENDFINALLY") ==
        bytes({0x3C, 0x09, 0x00, 0x00, 0x00, 0x0A, 0x00, 0x00, 0x00, 0x21, 0x3F}));
  CHECK(assemble_ok("ENDTRY_L out\nout:") == bytes({0x3E, 0x05, 0x00, 0x00, 0x00}));
  // Explicit numeric offsets.
  CHECK(assemble_ok("JMP 0") == bytes({0x22, 0x00}));
  CHECK(assemble_ok("JMP -3") == bytes({0x22, 0xFD}));
  CHECK(assemble_ok("JMP_L 2") == bytes({0x23, 0x02, 0x00, 0x00, 0x00}));
  CHECK(assemble_ok("JMP_L -70000") == bytes({0x23, 0x90, 0xEE, 0xFE, 0xFF}));
  CHECK(assemble_ok("TRY 3, 0") == bytes({0x3B, 0x03, 0x00}));
  CHECK(assemble_ok("PUSHA -1") == bytes({0x0A, 0xFF, 0xFF, 0xFF, 0xFF}));
  // A numeric offset that needs more than a byte widens the short mnemonic, like a label does.
  CHECK(assemble_ok("JMP 300") == bytes({0x23, 0x2C, 0x01, 0x00, 0x00}));
  CHECK(assemble_ok("TRY 200, 0") == bytes({0x3C, 0xC8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}));

  CHECK(assemble_error("t: TRY t, 0").message.find("offset 0 means 'none'") != std::string::npos);
  CHECK(assemble_error("TRY c\nc: RET").message.find("takes 2 operands") != std::string::npos);
  CHECK(assemble_error("JMP \"x\"").message.find("expected a label or an offset") != std::string::npos);
  CHECK(assemble_error("JMP_L 2147483648").message.find("out of range") != std::string::npos);
  CHECK(assemble_error("JMP l@bel").message.find("invalid label name") != std::string::npos);
}

namespace {
std::string nops(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += "NOP\n";
  return s;
}
}  // namespace

TEST_CASE("assembler: short or long jump form by offset, to a fixed point", "[asm][labels]") {
  // Forward: JMP at 0 reaches 2 + n; the short form holds offsets up to 127.
  Bytes s = assemble_ok("JMP end\n" + nops(125) + "end: RET");
  CHECK(s[0] == 0x22);
  CHECK(s[1] == 127);
  s = assemble_ok("JMP end\n" + nops(126) + "end: RET");
  CHECK(bytes({s[0], s[1], s[2], s[3], s[4]}) == bytes({0x23, 131, 0, 0, 0}));
  // Backward: -128 still fits.
  s = assemble_ok("top:\n" + nops(128) + "JMP top");
  CHECK(bytes({s[128], s[129]}) == bytes({0x22, 0x80}));
  s = assemble_ok("top:\n" + nops(129) + "JMP top");
  CHECK(bytes({s[129], s[130], s[131], s[132], s[133]}) == bytes({0x23, 0x7F, 0xFF, 0xFF, 0xFF}));
  // Forcing the long form with _L even when short would do.
  s = assemble_ok("JMP_L end\nend:");
  CHECK(s == bytes({0x23, 0x05, 0x00, 0x00, 0x00}));
  // Cascade: the second jump grows (+3 bytes) and that pushes the first out of byte range.
  // JMP a at 0 -> a = 2 + 2 + 122 + (second jump) ... first fits only while the second is short.
  s = assemble_ok("JMP a\nJMP b\n" + nops(122) + "a: NOP\n" + nops(2) + "b: RET");
  // Second: from 2 to b = 2 + 2 + 122 + 1 + 2 = 129 -> offset 127: short. First: 0 -> 126: short.
  CHECK(s[0] == 0x22);
  CHECK(s[2] == 0x22);
  s = assemble_ok("JMP a\nJMP b\n" + nops(122) + "a: NOP\n" + nops(3) + "b: RET");
  // Second now needs 128 -> long (+3), which moves a to 129 -> the first must grow too.
  CHECK(s[0] == 0x23);
  CHECK(s[5] == 0x23);
  CHECK(s.size() == 5 + 5 + 122 + 1 + 3 + 1);
  // TRY grows when either target is far.
  s = assemble_ok("TRY c, 0\n" + nops(200) + "c: RET");
  CHECK(s[0] == 0x3C);
  s = assemble_ok("TRY c, f\nc: NOP\n" + nops(130) + "f: ENDFINALLY");
  CHECK(s[0] == 0x3C);
  CHECK(bytes({s[1], s[5]}) == bytes({9, 10 + 130}));
  // A long chain of jumps over growing bodies converges.
  std::string chain;
  for (int i = 0; i < 60; ++i) chain += "JMP l" + std::to_string(i) + "\n";
  for (int i = 0; i < 60; ++i) chain += "l" + std::to_string(i) + ": NOP\n";
  s = assemble_ok(chain);
  const std::string listing = disassemble_ok(s);
  CHECK(assemble_ok(listing) == s);
}

TEST_CASE("assembler: assembled programs run on the VM", "[asm][vm]") {
  // sum = 0; for i = 10 down to 1: sum += i  -> 55
  const Bytes loop = assemble_ok(R"(
      INITSLOT 2, 0        ; locals: sum, i
      PUSH0
      STLOC0
      PUSHINT 10
      STLOC1
    loop:
      LDLOC0
      LDLOC1
      ADD
      STLOC0
      LDLOC1
      DEC
      DUP
      STLOC1
      JMPIF loop
      LDLOC0
      RET
  )");
  auto run = test::run(loop);
  REQUIRE(run.state == VMState::Halt);
  CHECK(run.top_int() == 55);

  // A far jump (long form) over a large PUSHDATA, a call, and a caught exception.
  const Bytes program = assemble_ok(R"(
      CALL f
      JMP past
      PUSHDATA 0x)" + std::string(600, 'e') +
                                    R"(
    past:
      TRY handler, 0
      PUSHDATA "boom"
      THROW
    handler:
      DROP
      ENDTRY done
    done:
      PUSHINT 1000000000000
      ADD
      RET
    f:
      PUSHINT -7
      RET
  )");
  CHECK(program[0] == 0x35);  // CALL became CALL_L
  CHECK(program[5] == 0x23);  // JMP became JMP_L
  auto run2 = test::run(program);
  REQUIRE(run2.state == VMState::Halt);
  CHECK(run2.top_int() == 1000000000000 - 7);
}

// ---- disassembler
// ------------------------------------------------------------------------------------------

TEST_CASE("disassembler: listing format", "[asm][disasm]") {
  const Bytes script = assemble_ok(R"(
      INITSLOT 1, 2
      PUSHDATA1 "hi \"there\" \\"
      PUSHDATA1 0x00ff
      PUSHINT16 -300
      SYSCALL System.Runtime.Log
      SYSCALL 0xdeadbeef
    top:
      CONVERT ByteString
      ISTYPE 0x07
      CALLT 3
      TRY catch, 0
      JMP_L top
    catch:
      ENDTRY top
      PUSHA end
      RET
    end:
  )");
  const std::string expected =
      "  INITSLOT 1, 2\n"
      "  PUSHDATA1 \"hi \\\"there\\\" \\\\\"\n"
      "  PUSHDATA1 0x00ff\n"
      "  PUSHINT16 -300\n"
      "  SYSCALL System.Runtime.Log\n"
      "  SYSCALL 0xdeadbeef\n"
      "L0001:\n"
      "  CONVERT ByteString\n"
      "  ISTYPE 0x07\n"
      "  CALLT 3\n"
      "  TRY L0002, 0\n"
      "  JMP_L L0001\n"
      "L0002:\n"
      "  ENDTRY L0001\n"
      "  PUSHA L0003\n"
      "  RET\n"
      "L0003:\n";
  CHECK(disassemble_ok(script) == expected);
  CHECK(assemble_ok(expected) == script);

  DisassembleOptions options;
  options.offsets = true;
  options.indent = 4;
  const std::string with_offsets = disassemble_ok(bytes({0x11, 0x22, 0xFF}), options);
  CHECK(with_offsets ==
        "L0001:\n"
        "    PUSH1                               ; 0x0000\n"
        "    JMP L0001                           ; 0x0001\n");
  CHECK(disassemble_ok({}) == "");
  // A non-printable byte makes the whole operand hex; an empty operand is "".
  CHECK(disassemble_ok(bytes({0x0C, 0x02, 'a', '\n'})) == "  PUSHDATA1 0x610a\n");
  CHECK(disassemble_ok(bytes({0x0C, 0x00})) == "  PUSHDATA1 \"\"\n");
  // Stack item types by name when defined.
  CHECK(disassemble_ok(bytes({0xC4, 0x48, 0xD9, 0x60, 0xDB, 0x00})) ==
        "  NEWARRAY_T Map\n  ISTYPE InteropInterface\n  CONVERT Any\n");
}

TEST_CASE("disassembler: label numbering widens past 9999 labels", "[asm][disasm]") {
  Bytes script;
  for (int i = 0; i < 10000; ++i) {
    script.push_back(0x22);  // JMP +2: a label at every other instruction
    script.push_back(0x02);
  }
  const std::string text = disassemble_ok(script);
  CHECK(text.find("L00001:\n") != std::string::npos);
  CHECK(text.find("L10000:\n") != std::string::npos);
  CHECK(assemble_ok(text) == script);
}

TEST_CASE("disassembler: malformed bytecode is reported with its offset", "[asm][disasm]") {
  const auto error_of = [](const Bytes& script) {
    const DisassembleResult r = disassemble(script);
    REQUIRE_FALSE(r.ok());
    CHECK(r.text.empty());
    return r.error;
  };
  DisassembleError e = error_of(bytes({0x11, 0x0C, 0x05, 'a'}));
  CHECK(e.offset == 1);
  CHECK(e.message == "truncated operand of PUSHDATA1 (the script ends at 0x0004) at offset 0x0001");
  e = error_of(bytes({0x11, 0x11, 0x02, 0x01}));
  CHECK(e.offset == 2);
  CHECK(e.message.find("truncated operand of PUSHINT32") != std::string::npos);
  e = error_of(bytes({0x21, 0x0D, 0x01}));
  CHECK(e.offset == 1);
  e = error_of(bytes({0x21, 0x21, 0xFF}));
  CHECK(e.offset == 2);
  CHECK(e.message == "undefined opcode 0xff at offset 0x0002");
  e = error_of(bytes({0x21, 0x22, 0x10}));
  CHECK(e.offset == 1);
  CHECK(e.message == "JMP at offset 0x0001: target 0x0011 is past the end of the script (0x0003)");
  DisassembleOptions offsets;
  offsets.offsets = true;
  CHECK(disassemble_ok(bytes({0x0C, 0x01, 0x00, 0x22, 0xFE}), offsets) ==
        "  PUSHDATA1 0x00                        ; 0x0000\n"
        "  JMP -2                                ; 0x0003 target inside an instruction\n");
  e = error_of(bytes({0x21, 0x22, 0xFE}));
  CHECK(e.message == "JMP at offset 0x0001: target -1 is before the start of the script");
  // A target inside an instruction is an error only when strict; otherwise it keeps its numeric offset.
  DisassembleOptions strict;
  strict.strict = true;
  const Bytes inner = bytes({0x0C, 0x01, 0x00, 0x22, 0xFE, 0x3B, 0xFD, 0x00});
  const DisassembleResult strict_result = disassemble(inner, strict);
  REQUIRE_FALSE(strict_result.ok());
  CHECK(strict_result.error.offset == 3);
  CHECK(strict_result.error.message == "JMP at offset 0x0003: target 0x0001 is inside an instruction");
  CHECK(disassemble_ok(inner) ==
        "  PUSHDATA1 0x00\n"
        "  JMP -2                                ; target inside an instruction\n"
        "  TRY -3, 0                             ; target inside an instruction\n");
  check_round_trip(inner);
  e = error_of(bytes({0x3B, 0x00, 0x09}));
  CHECK(e.message.find("TRY at offset 0x0000: target 0x0009") != std::string::npos);
  e = error_of(bytes({0x0A, 0x00, 0x00, 0x00, 0x80}));
  CHECK(e.message.find("PUSHA") != std::string::npos);
  // The end of the script is a legal target.
  CHECK(disassemble_ok(bytes({0x22, 0x02})) == "  JMP L0001\nL0001:\n");
}

// ---- round trips
// -------------------------------------------------------------------------------------------

TEST_CASE("round trip: every neo-vm conformance script that decodes", "[asm][roundtrip]") {
  const auto dir = shared_dir();
  if (!dir || !std::filesystem::is_directory(*dir / "conformance" / "neo-vm")) {
    WARN("SKIPPED: conformance/neo-vm not found (set NEO_SHARED_DIR to the shared/ folder)");
    return;
  }
  std::size_t files = 0, scripts = 0, decoded = 0, malformed = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(*dir / "conformance" / "neo-vm")) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    std::ifstream in(entry.path());
    const nlohmann::json doc = nlohmann::json::parse(in);
    for (const auto& test : doc.at("tests")) {
      Bytes script;
      bool known = true;
      for (const auto& token : test.at("script")) {
        const std::string t = token.get<std::string>();
        if (t.rfind("0x", 0) == 0 || t.rfind("0X", 0) == 0) {
          const Bytes b = from_hex(t.substr(2));
          script.insert(script.end(), b.begin(), b.end());
        } else {
          std::string upper = t;
          for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
          const auto op = opcode_from_name(upper);
          if (!op) {
            known = false;
            break;
          }
          script.push_back(static_cast<std::uint8_t>(*op));
        }
      }
      if (!known) continue;
      ++scripts;
      INFO(entry.path().string() << ": " << test.value("name", ""));
      const DisassembleResult r = disassemble(script);
      if (!r.ok()) {
        ++malformed;
        if (std::getenv("NEO_ASM_VERBOSE")) WARN(hex(script) << ": " << r.error.message);
        CHECK(r.error.offset < script.size());
        CHECK_FALSE(r.error.message.empty());
        continue;
      }
      ++decoded;
      check_round_trip(script);
    }
  }
  WARN("conformance: " << files << " files, " << scripts << " scripts, " << decoded << " round-tripped, "
                       << malformed << " malformed (reported)");
  CHECK(files >= 100);
  CHECK(decoded >= scripts * 9 / 10);
}

namespace {

// A random well-formed script: random defined opcodes with random operands, every jump/call/try/PUSHA aimed
// at a random instruction boundary (or the end) within its offset range.
Bytes random_script(std::mt19937_64& rng, std::size_t count) {
  std::vector<std::uint8_t> defined;
  for (int b = 0; b < 256; ++b) {
    if (is_defined_opcode(static_cast<std::uint8_t>(b))) defined.push_back(static_cast<std::uint8_t>(b));
  }
  struct Pending {
    std::uint8_t op;
    Bytes operand;
    std::uint32_t position;
  };
  std::vector<Pending> list;
  std::uint32_t position = 0;
  for (std::size_t i = 0; i < count; ++i) {
    Pending p{defined[rng() % defined.size()], {}, position};
    const OpCodeInfo& info = opcode_info(p.op);
    if (info.size_prefix != 0) {
      std::size_t len = rng() % 8 == 0 ? 200 + rng() % 400 : rng() % 40;
      if (info.size_prefix == 1) len = std::min<std::size_t>(len, 255);
      const bool text = rng() % 2 == 0;
      for (std::size_t k = 0; k < info.size_prefix; ++k)
        p.operand.push_back(static_cast<std::uint8_t>(len >> (8 * k)));
      for (std::size_t k = 0; k < len; ++k) {
        p.operand.push_back(text ? static_cast<std::uint8_t>(0x20 + rng() % 95)
                                 : static_cast<std::uint8_t>(rng()));
      }
    } else {
      for (std::size_t k = 0; k < info.operand_size; ++k)
        p.operand.push_back(static_cast<std::uint8_t>(rng()));
    }
    position += 1 + static_cast<std::uint32_t>(p.operand.size());
    list.push_back(std::move(p));
  }
  std::vector<std::uint32_t> boundaries;
  for (const auto& p : list) boundaries.push_back(p.position);
  boundaries.push_back(position);
  const auto pick = [&](std::uint32_t from, bool wide) -> std::int32_t {
    std::vector<std::uint32_t> candidates;
    for (const std::uint32_t b : boundaries) {
      const std::int64_t rel = static_cast<std::int64_t>(b) - from;
      if (wide || (rel >= -128 && rel <= 127)) candidates.push_back(b);
    }
    return static_cast<std::int32_t>(static_cast<std::int64_t>(candidates[rng() % candidates.size()]) - from);
  };
  const auto put = [](Bytes& out, std::size_t at, std::int32_t v, std::size_t width) {
    for (std::size_t k = 0; k < width; ++k)
      out[at + k] = static_cast<std::uint8_t>(static_cast<std::uint32_t>(v) >> (8 * k));
  };
  for (auto& p : list) {
    const OpCode op = static_cast<OpCode>(p.op);
    const std::size_t width = opcode_info(op).operand_size;
    switch (op) {
      case OpCode::TRY:
      case OpCode::TRY_L:
        for (std::size_t k = 0; k < 2; ++k) {
          put(p.operand, k * width / 2, rng() % 4 == 0 ? 0 : pick(p.position, width == 8), width / 2);
        }
        break;
      case OpCode::PUSHA:
        put(p.operand, 0, pick(p.position, true), 4);
        break;
      default: {
        const auto code = static_cast<std::uint8_t>(op);
        const bool jump = (code >= 0x22 && code <= 0x35) || op == OpCode::ENDTRY || op == OpCode::ENDTRY_L;
        if (jump) put(p.operand, 0, pick(p.position, width == 4), width);
      }
    }
  }
  Bytes script;
  for (const auto& p : list) {
    script.push_back(p.op);
    script.insert(script.end(), p.operand.begin(), p.operand.end());
  }
  return script;
}

}  // namespace

TEST_CASE("round trip: random well-formed scripts", "[asm][roundtrip]") {
  std::mt19937_64 rng(0x5eed);
  for (int iter = 0; iter < 300; ++iter) {
    const Bytes script = random_script(rng, 1 + rng() % 120);
    check_round_trip(script);
    // The listing of the reassembled script is the listing itself.
    const std::string text = disassemble_ok(script);
    CHECK(disassemble_ok(assemble_ok(text)) == text);
  }
}

TEST_CASE("round trip: every opcode with every interesting operand", "[asm][roundtrip]") {
  for (int b = 0; b < 256; ++b) {
    const OpCodeInfo& info = opcode_info(static_cast<std::uint8_t>(b));
    if (!info.defined) continue;
    INFO(info.name);
    for (const int fill : {0x00, 0x01, 0x7F, 0x80, 0xFF}) {
      Bytes script = {static_cast<std::uint8_t>(b)};
      if (info.size_prefix != 0) {
        script.push_back(2);
        for (int k = 1; k < info.size_prefix; ++k) script.push_back(0);
        script.push_back(static_cast<std::uint8_t>(fill));
        script.push_back(static_cast<std::uint8_t>(fill));
      } else {
        for (int k = 0; k < info.operand_size; ++k) script.push_back(static_cast<std::uint8_t>(fill));
      }
      const DisassembleResult r = disassemble(script);
      if (!r.ok()) continue;  // jumps with these offsets leave the script; covered elsewhere
      check_round_trip(script);
    }
  }
}

// ---- method tokens: .token and CALLT by name
// ----------------------------------------------------------------

namespace {

app::MethodToken method_token(std::string_view method, std::uint16_t parameters, bool returns,
                              std::uint8_t flags, std::uint8_t hash_seed) {
  app::MethodToken t;
  for (std::size_t i = 0; i < t.hash.size(); ++i) t.hash[i] = static_cast<std::uint8_t>(hash_seed + i);
  t.method.assign(method.begin(), method.end());
  t.parameters_count = parameters;
  t.has_return_value = returns;
  t.call_flags = flags;
  return t;
}

// disassemble(script, tokens) -> assemble gives back the script and the tokens, and the listing is stable.
void check_token_round_trip(const Bytes& script, const std::vector<app::MethodToken>& tokens) {
  DisassembleOptions options;
  options.tokens = tokens;
  const std::string text = disassemble_ok(script, options);
  const AssembleResult again = assemble(text);
  INFO("listing:\n" << text << "\nerrors:\n" << errors_text(again));
  REQUIRE(again.ok());
  CHECK(again.script == script);
  CHECK(again.tokens == tokens);
  REQUIRE(again.token_names.size() == tokens.size());
  options.tokens = again.tokens;
  CHECK(disassemble_ok(again.script, options) == text);
}

}  // namespace

TEST_CASE("assembler: .token declarations and CALLT by name", "[asm][token]") {
  const AssembleResult r = assemble(R"(
      CALLT sha                   ; used before its declaration
      CALLT itoa
      CALLT 7                     ; a numeric index is still taken as written
  .token itoa 0xacce6fd80d44e1796aa0c2c625e9e4e0ce39efc0 itoa 1 return All
  .token sha  0x726cb6e0cd8628a1350a611384688911ab75f51b "sha256", 1, RETURN, readstates|AllowCall
  .token put  0x0000000000000000000000000000000000000001 put 3 void 0x0b
  .token none 0xffffffffffffffffffffffffffffffffffffffff "" 65535 void None
      RET
  )");
  INFO(errors_text(r));
  REQUIRE(r.ok());
  CHECK(r.script == bytes({0x37, 0x01, 0x00, 0x37, 0x00, 0x00, 0x37, 0x07, 0x00, 0x40}));
  REQUIRE(r.tokens.size() == 4);
  CHECK(r.token_names == std::vector<std::string>{"itoa", "sha", "put", "none"});
  // The hash is written as Neo prints it (big-endian) and stored little-endian.
  CHECK(hex(Bytes(r.tokens[0].hash.begin(), r.tokens[0].hash.end())) ==
        "c0ef39cee0e4e925c6c2a06a79e1440dd86fceac");
  CHECK(std::string(r.tokens[0].method.begin(), r.tokens[0].method.end()) == "itoa");
  CHECK(r.tokens[0].parameters_count == 1);
  CHECK(r.tokens[0].has_return_value);
  CHECK(r.tokens[0].call_flags == 0x0F);
  CHECK(std::string(r.tokens[1].method.begin(), r.tokens[1].method.end()) == "sha256");
  CHECK(r.tokens[1].call_flags == 0x05);
  CHECK(r.tokens[1].has_return_value);
  CHECK(r.tokens[2].hash[0] == 0x01);
  CHECK_FALSE(r.tokens[2].has_return_value);
  CHECK(r.tokens[2].call_flags == 0x0B);
  CHECK(r.tokens[3].method.empty());
  CHECK(r.tokens[3].parameters_count == 65535);
  CHECK(r.tokens[3].call_flags == 0);

  // The tokens fill a NEF that parses back.
  app::NefFile nef;
  nef.tokens = r.tokens;
  nef.script = r.script;
  app::NefFile back;
  app::NefParseError nef_error;
  REQUIRE(app::parse_nef(app::write_nef(nef), back, nef_error));
  CHECK(back.tokens == r.tokens);
}

TEST_CASE("assembler: .token errors", "[asm][token][errors]") {
  const std::string hash = " 0xacce6fd80d44e1796aa0c2c625e9e4e0ce39efc0 ";
  const auto message = [](const std::string& source) { return assemble_error(source).to_string(); };
  CHECK_THAT(message("CALLT nowhere"), Catch::Contains("1:7: undefined token 'nowhere'"));
  CHECK_THAT(message(".token a" + hash + "m 1 return All\n.token a" + hash + "m 1 return All"),
             Catch::Contains("2:8: token 'a' is already declared on line 1"));
  CHECK_THAT(message(".tokens a" + hash + "m 1 return All"), Catch::Contains("unknown directive '.tokens'"));
  CHECK_THAT(message("x: .token a" + hash + "m 1 return All"),
             Catch::Contains("a directive cannot follow a label"));
  CHECK_THAT(message(".token a" + hash + "m 1 return"), Catch::Contains("takes 6 operands"));
  CHECK_THAT(message(".token 1a" + hash + "m 1 return All"), Catch::Contains("invalid token name '1a'"));
  CHECK_THAT(message(".token a 0xacce6f m 1 return All"), Catch::Contains("40 hex digits"));
  CHECK_THAT(message(".token a 0xacce6fd80d44e1796aa0c2c625e9e4e0ce39efcg m 1 return All"),
             Catch::Contains("40 hex digits"));
  CHECK_THAT(message(".token a" + hash + "_m 1 return All"), Catch::Contains("starts with '_'"));
  CHECK_THAT(message(".token a" + hash + "\"" + std::string(33, 'x') + "\" 1 return All"),
             Catch::Contains("longer than 32 bytes"));
  CHECK_THAT(message(".token a" + hash + "\"\\xff\" 1 return All"), Catch::Contains("not valid UTF-8"));
  CHECK_THAT(message(".token a" + hash + "m 65536 return All"), Catch::Contains("out of range 0..65535"));
  CHECK_THAT(message(".token a" + hash + "m 1 returns All"), Catch::Contains("expected 'return' or 'void'"));
  CHECK_THAT(message(".token a" + hash + "m 1 void 16"), Catch::Contains("out of range 0..15"));
  CHECK_THAT(message(".token a" + hash + "m 1 void All|Everything"),
             Catch::Contains("unknown call flag 'Everything'"));
  CHECK_THAT(message("CALLT \"name\""), Catch::Contains("found a string literal"));
  std::string many;
  for (int i = 0; i < 129; ++i) many += ".token t" + std::to_string(i) + hash + "m 0 void None\n";
  CHECK_THAT(message(many), Catch::Contains("129:1: too many method tokens"));
  // Every error is reported, and a failed source carries no tokens.
  const AssembleResult r = assemble(".token a" + hash + "m 1 return All\nCALLT b\nCALLT c\n");
  CHECK(r.errors.size() == 2);
  CHECK(r.tokens.empty());
  CHECK(r.token_names.empty());
}

TEST_CASE("disassembler: .token lines and CALLT by name", "[asm][token][disasm]") {
  std::vector<app::MethodToken> tokens = {
      method_token("itoa", 1, true, 0x0F, 0x10),
      method_token("itoa", 2, false, 0x05, 0x20),      // same method twice: the second name is made unique
      method_token("get value", 0, true, 0x0B, 0x30),  // not a name: printed as a string, named "token"
      method_token("", 3, false, 0x00, 0x40),
  };
  const Bytes script =
      bytes({0x37, 0x00, 0x00, 0x37, 0x01, 0x00, 0x37, 0x02, 0x00, 0x37, 0x03, 0x00, 0x37, 0x04, 0x00, 0x40});
  DisassembleOptions options;
  options.tokens = tokens;
  const std::string text = disassemble_ok(script, options);
  CHECK_THAT(text, Catch::StartsWith(".token itoa 0x232221201f1e1d1c1b1a191817161514131211"));
  CHECK_THAT(text, Catch::Contains(".token itoa_1 0x") && Catch::Contains(" itoa 2 void ReadOnly\n"));
  CHECK_THAT(text, Catch::Contains(".token token 0x") &&
                       Catch::Contains(" \"get value\" 0 return ReadStates|WriteStates|AllowNotify\n"));
  CHECK_THAT(text, Catch::Contains(".token token_3 0x") && Catch::Contains(" \"\" 3 void None\n"));
  CHECK_THAT(text, Catch::EndsWith(
                       "  CALLT itoa\n  CALLT itoa_1\n  CALLT token\n  CALLT token_3\n  CALLT 4\n  RET\n"));
  check_token_round_trip(script, tokens);

  // Methods with bytes a name cannot hold, and every call flag value.
  std::vector<app::MethodToken> odd;
  odd.push_back(method_token("a\"b\\c", 0, false, 0, 1));
  odd.push_back(method_token("\xc3\xa9t\xc3\xa9", 0, false, 1, 2));
  odd.push_back(method_token("12", 0, false, 2, 3));
  odd.push_back(method_token("token", 0, false, 3, 4));
  for (std::uint8_t flags = 0; flags <= 0x0F; ++flags)
    odd.push_back(method_token("f", 9, true, flags, flags));
  check_token_round_trip(bytes({0x37, 0x00, 0x00, 0x37, 0x03, 0x00, 0x37, 0x13, 0x00}), odd);

  // Tokens that no NEF (and so no .token line) can hold are refused.
  const auto refused = [&](const app::MethodToken& bad) {
    DisassembleOptions o;
    const std::vector<app::MethodToken> list = {bad};
    o.tokens = list;
    return disassemble(script, o);
  };
  CHECK_THAT(refused(method_token("_x", 0, false, 0, 0)).error.message, Catch::Contains("starts with '_'"));
  CHECK_THAT(refused(method_token(std::string(33, 'x'), 0, false, 0, 0)).error.message,
             Catch::Contains("longer than 32"));
  CHECK_THAT(refused(method_token("\xff", 0, false, 0, 0)).error.message, Catch::Contains("UTF-8"));
  CHECK_THAT(refused(method_token("x", 0, false, 0x10, 0)).error.message, Catch::Contains("call flags"));
  CHECK_FALSE(refused(method_token("x", 0, false, 0x10, 0)).ok());

  // A NEF: its tokens and its script.
  app::NefFile nef;
  nef.tokens = tokens;
  nef.script = script;
  const DisassembleResult from_nef = disassemble_nef(nef);
  REQUIRE(from_nef.ok());
  CHECK(from_nef.text == text);
}

TEST_CASE("round trip: random scripts with random method tokens", "[asm][token][roundtrip]") {
  std::mt19937_64 rng(0x70c3);
  const std::string_view names[] = {"itoa", "sha256", "transfer", "balanceOf", "itoa", "a.b", "x y", ""};
  for (int iter = 0; iter < 200; ++iter) {
    std::vector<app::MethodToken> tokens(rng() % 6);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      tokens[i] =
          method_token(names[rng() % std::size(names)], static_cast<std::uint16_t>(rng()), (rng() & 1) != 0,
                       static_cast<std::uint8_t>(rng() % 16), static_cast<std::uint8_t>(rng()));
    }
    Bytes script = random_script(rng, 1 + rng() % 60);
    // Some CALLTs inside and outside the token list.
    for (int k = 0; k < 3; ++k) {
      script.push_back(0x37);
      script.push_back(static_cast<std::uint8_t>(rng() % 8));
      script.push_back(0);
    }
    check_token_round_trip(script, tokens);
  }
}
