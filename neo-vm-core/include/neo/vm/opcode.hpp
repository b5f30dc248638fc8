// Neo N3 opcodes. Everything here is generated from the X-macro table in opcodes.def, so the enum, the
// operand decoder, the names used by disassembly/JSON and the price table can never disagree.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace neo::vm {

enum class OpCode : std::uint8_t {
#define NEO_VM_OPCODE(name, byte, operand_size, size_prefix, price) name = byte,
#include "neo/vm/opcodes.def"
};

// Static description of one opcode byte. `defined` is false for the 60 unassigned byte values, which fault.
struct OpCodeInfo {
  std::string_view name;
  std::uint8_t operand_size = 0;  // fixed operand bytes
  std::uint8_t size_prefix = 0;   // bytes of the length prefix of a variable operand
  std::uint32_t price = 0;        // fee units (times the exec fee factor)
  bool defined = false;
};

namespace detail {
constexpr std::array<OpCodeInfo, 256> make_opcode_table() noexcept {
  std::array<OpCodeInfo, 256> table{};
#define NEO_VM_OPCODE(name, byte, operand_size, size_prefix, price) \
  table[byte] = OpCodeInfo{#name, operand_size, size_prefix, price, true};
#include "neo/vm/opcodes.def"
  return table;
}
}  // namespace detail

inline constexpr std::array<OpCodeInfo, 256> kOpCodeTable = detail::make_opcode_table();

inline constexpr std::size_t kOpCodeCount = [] {
  std::size_t n = 0;
  for (const auto& info : kOpCodeTable) n += info.defined ? 1 : 0;
  return n;
}();

constexpr const OpCodeInfo& opcode_info(std::uint8_t byte) noexcept { return kOpCodeTable[byte]; }
constexpr const OpCodeInfo& opcode_info(OpCode op) noexcept {
  return kOpCodeTable[static_cast<std::uint8_t>(op)];
}
constexpr bool is_defined_opcode(std::uint8_t byte) noexcept { return kOpCodeTable[byte].defined; }
constexpr std::string_view opcode_name(OpCode op) noexcept { return opcode_info(op).name; }

// Looks an opcode up by its exact (upper-case) name, e.g. "PUSHDATA1". Linear scan: tools only, not the hot
// path.
std::optional<OpCode> opcode_from_name(std::string_view name) noexcept;

// One decoded instruction: the opcode, its operand bytes (after any length prefix) and its total size.
struct Instruction {
  OpCode opcode = OpCode::RET;
  std::uint32_t position = 0;
  const std::uint8_t* operand = nullptr;
  std::uint32_t operand_size = 0;
  std::uint32_t size = 1;  // opcode byte + prefix + operand
};

enum class DecodeStatus : std::uint8_t { Ok, InvalidOpcode, Truncated };

// Decodes the instruction at `position` (< script.size()) using the opcode table: the operand decoder shared
// by the interpreter, disassemblers and tools.
inline DecodeStatus decode_instruction(std::span<const std::uint8_t> script, std::uint32_t position,
                                       Instruction& out) noexcept {
  const std::uint8_t byte = script[position];
  const OpCodeInfo& info = kOpCodeTable[byte];
  if (!info.defined) return DecodeStatus::InvalidOpcode;
  std::uint64_t pos = static_cast<std::uint64_t>(position) + 1;
  std::uint32_t operand_size = info.operand_size;
  if (info.size_prefix != 0) {
    if (pos + info.size_prefix > script.size()) return DecodeStatus::Truncated;
    const std::uint8_t* p = script.data() + pos;
    operand_size = p[0];
    if (info.size_prefix >= 2) operand_size |= static_cast<std::uint32_t>(p[1]) << 8;
    if (info.size_prefix == 4)
      operand_size |= static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
    pos += info.size_prefix;
  }
  if (pos + operand_size > script.size()) return DecodeStatus::Truncated;
  out.opcode = static_cast<OpCode>(byte);
  out.position = position;
  out.operand = script.data() + pos;
  out.operand_size = operand_size;
  out.size = static_cast<std::uint32_t>(pos + operand_size - position);
  return DecodeStatus::Ok;
}

// Fee units of one execution of `op` (multiply by the engine's exec fee factor for the GAS fee).
constexpr std::uint32_t opcode_price(OpCode op) noexcept { return opcode_info(op).price; }

static_assert(kOpCodeCount == 196, "Neo N3 defines 196 opcodes");
static_assert(static_cast<std::uint8_t>(OpCode::ASSERTMSG) == 0xE1);
static_assert(opcode_info(OpCode::PUSHDATA2).size_prefix == 2);
static_assert(opcode_info(OpCode::TRY_L).operand_size == 8);

}  // namespace neo::vm
