// Neo N3 opcodes. Everything here is generated from the X-macro table in opcodes.def, so the enum, the operand
// decoder, the names used by disassembly/JSON and the price table can never disagree.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
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
constexpr const OpCodeInfo& opcode_info(OpCode op) noexcept { return kOpCodeTable[static_cast<std::uint8_t>(op)]; }
constexpr bool is_defined_opcode(std::uint8_t byte) noexcept { return kOpCodeTable[byte].defined; }
constexpr std::string_view opcode_name(OpCode op) noexcept { return opcode_info(op).name; }

// Looks an opcode up by its exact (upper-case) name, e.g. "PUSHDATA1". Linear scan: tools only, not the hot path.
std::optional<OpCode> opcode_from_name(std::string_view name) noexcept;

// Fee units of one execution of `op` (multiply by the engine's exec fee factor for the GAS fee).
constexpr std::uint32_t opcode_price(OpCode op) noexcept { return opcode_info(op).price; }

static_assert(kOpCodeCount == 196, "Neo N3 defines 196 opcodes");
static_assert(static_cast<std::uint8_t>(OpCode::ASSERTMSG) == 0xE1);
static_assert(opcode_info(OpCode::PUSHDATA2).size_prefix == 2);
static_assert(opcode_info(OpCode::TRY_L).operand_size == 8);

}  // namespace neo::vm
