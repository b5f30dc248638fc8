#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "neo/vm/opcode.hpp"
#include "vm_test_util.hpp"

using namespace neo::vm;
using neo::vm::test::run;

namespace {

std::string shared_dir() {
  if (const char* env = std::getenv("NEO_SHARED_DIR"); env != nullptr && *env != '\0') return env;
  return "../shared";
}

std::vector<std::vector<std::string>> read_tsv(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (header) {
      header = false;
      continue;
    }
    if (line.empty()) continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    rows.push_back(cols);
  }
  return rows;
}

}  // namespace

TEST_CASE("opcode table matches shared/neo/opcodes.tsv and opcode_prices.tsv", "[vm][opcode]") {
  const auto opcodes = read_tsv(shared_dir() + "/neo/opcodes.tsv");
  const auto prices = read_tsv(shared_dir() + "/neo/opcode_prices.tsv");
  if (opcodes.empty() || prices.empty()) {
    WARN("SKIPPED: " << shared_dir() << "/neo/opcodes.tsv not found (set NEO_SHARED_DIR)");
    return;
  }
  REQUIRE(opcodes.size() == 196);
  for (const auto& row : opcodes) {
    INFO(row[0]);
    const auto byte = static_cast<std::uint8_t>(std::stoul(row[1], nullptr, 16));
    const OpCodeInfo& info = opcode_info(byte);
    CHECK(info.defined);
    CHECK(info.name == row[0]);
    const auto op = opcode_from_name(row[0]);
    REQUIRE(op.has_value());
    CHECK(static_cast<std::uint8_t>(*op) == byte);
    const std::string& operand = row[2];
    if (operand == "0") {
      CHECK(info.operand_size == 0);
      CHECK(info.size_prefix == 0);
    } else if (operand.rfind("size=", 0) == 0) {
      CHECK(info.operand_size == std::stoul(operand.substr(5)));
      CHECK(info.size_prefix == 0);
    } else {
      CHECK(info.size_prefix == std::stoul(operand.substr(7)));
      CHECK(info.operand_size == 0);
    }
  }
  REQUIRE(prices.size() == 196);
  for (const auto& row : prices) {
    INFO(row[0]);
    const auto byte = static_cast<std::uint8_t>(std::stoul(row[1], nullptr, 16));
    CHECK(opcode_info(byte).price == std::stoul(row[2]));
  }
}

TEST_CASE("every undefined opcode byte faults", "[vm][opcode][fault]") {
  std::size_t undefined = 0;
  for (int b = 0; b < 256; ++b) {
    if (is_defined_opcode(static_cast<std::uint8_t>(b))) continue;
    ++undefined;
    auto r = run(std::vector<std::uint8_t>{static_cast<std::uint8_t>(b)});
    INFO("byte " << b);
    CHECK(r.state == VMState::Fault);
    CHECK(r.reason().find("Invalid opcode") != std::string::npos);
  }
  CHECK(undefined == 256 - 196);
}

TEST_CASE("truncated operands fault when reached", "[vm][opcode][fault]") {
  // PUSHINT32 with only two operand bytes
  CHECK(run(std::vector<std::uint8_t>{0x02, 0x01, 0x02}).state == VMState::Fault);
  // PUSHDATA1 without its length prefix
  CHECK(run(std::vector<std::uint8_t>{0x0C}).state == VMState::Fault);
  // PUSHDATA2 announcing 5 bytes, carrying 2
  CHECK(run(std::vector<std::uint8_t>{0x0D, 0x05, 0x00, 0xAA, 0xBB}).state == VMState::Fault);
  // PUSHDATA4 announcing 4 GiB
  CHECK(run(std::vector<std::uint8_t>{0x0E, 0xFF, 0xFF, 0xFF, 0xFF}).state == VMState::Fault);
  // a well-formed PUSHDATA1 runs
  auto ok = run(std::vector<std::uint8_t>{0x0C, 0x02, 0xAA, 0xBB});
  REQUIRE(ok.state == VMState::Halt);
  REQUIRE(ok.result().size() == 1);
  CHECK(ok.result()[0].type() == StackItemType::ByteString);
  CHECK(ok.result()[0].raw_bytes().size() == 2);
}

TEST_CASE("an invalid opcode after a taken jump is never reached", "[vm][opcode]") {
  ScriptBuilder sb;
  sb.emit_u8(OpCode::JMP, 3);  // skip the bad byte
  std::vector<std::uint8_t> bytes = sb.bytes();
  bytes.push_back(0xFF);
  bytes.push_back(static_cast<std::uint8_t>(OpCode::PUSH7));
  auto r = run(bytes);
  REQUIRE(r.state == VMState::Halt);
  CHECK(r.top_int() == 7);
}
