// Facts shared by the assembler and the disassembler: how each opcode's operand is written in assembly, the
// StackItemType names, and small text helpers (the core may not use iostreams or std::to_string).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "neo/vm/opcode.hpp"

namespace neo::vm::assembly::detail {

// The assembly syntax of an opcode's operand.
enum class OperandKind : std::uint8_t {
  None,
  Integer,   // PUSHINT8..PUSHINT256: a signed integer of the opcode's width
  Data,      // PUSHDATA1/2/4: a string or hex literal
  Target8,   // JMP.., CALL, ENDTRY: one label or signed 8-bit offset
  Target32,  // JMP_L.., CALL_L, ENDTRY_L, PUSHA: one label or signed 32-bit offset
  Try8,      // TRY: catch and finally, each a label or an offset (0 = none)
  Try32,     // TRY_L
  U8,        // INITSSLOT and the slot index of LDSFLD/STSFLD/LDLOC/STLOC/LDARG/STARG
  U8Pair,    // INITSLOT locals, arguments
  U16,       // CALLT token index
  Syscall,   // service name or 32-bit id
  Type,      // NEWARRAY_T, ISTYPE, CONVERT: a StackItemType name or number
};

constexpr OperandKind operand_kind(OpCode op) noexcept {
  switch (op) {
    case OpCode::PUSHINT8:
    case OpCode::PUSHINT16:
    case OpCode::PUSHINT32:
    case OpCode::PUSHINT64:
    case OpCode::PUSHINT128:
    case OpCode::PUSHINT256:
      return OperandKind::Integer;
    case OpCode::PUSHDATA1:
    case OpCode::PUSHDATA2:
    case OpCode::PUSHDATA4:
      return OperandKind::Data;
    case OpCode::JMP:
    case OpCode::JMPIF:
    case OpCode::JMPIFNOT:
    case OpCode::JMPEQ:
    case OpCode::JMPNE:
    case OpCode::JMPGT:
    case OpCode::JMPGE:
    case OpCode::JMPLT:
    case OpCode::JMPLE:
    case OpCode::CALL:
    case OpCode::ENDTRY:
      return OperandKind::Target8;
    case OpCode::JMP_L:
    case OpCode::JMPIF_L:
    case OpCode::JMPIFNOT_L:
    case OpCode::JMPEQ_L:
    case OpCode::JMPNE_L:
    case OpCode::JMPGT_L:
    case OpCode::JMPGE_L:
    case OpCode::JMPLT_L:
    case OpCode::JMPLE_L:
    case OpCode::CALL_L:
    case OpCode::ENDTRY_L:
    case OpCode::PUSHA:
      return OperandKind::Target32;
    case OpCode::TRY:
      return OperandKind::Try8;
    case OpCode::TRY_L:
      return OperandKind::Try32;
    case OpCode::INITSSLOT:
    case OpCode::LDSFLD:
    case OpCode::STSFLD:
    case OpCode::LDLOC:
    case OpCode::STLOC:
    case OpCode::LDARG:
    case OpCode::STARG:
      return OperandKind::U8;
    case OpCode::INITSLOT:
      return OperandKind::U8Pair;
    case OpCode::CALLT:
      return OperandKind::U16;
    case OpCode::SYSCALL:
      return OperandKind::Syscall;
    case OpCode::NEWARRAY_T:
    case OpCode::ISTYPE:
    case OpCode::CONVERT:
      return OperandKind::Type;
    default:
      return OperandKind::None;
  }
}

// Every short jump/call/try opcode is immediately followed by its 4-byte-offset (_L) twin.
constexpr bool has_long_form(OpCode op) noexcept {
  const OperandKind kind = operand_kind(op);
  return (kind == OperandKind::Target8 || kind == OperandKind::Try8);
}
constexpr OpCode long_form(OpCode op) noexcept {
  return static_cast<OpCode>(static_cast<std::uint8_t>(op) + 1);
}

struct StackItemTypeName {
  std::string_view name;
  std::uint8_t value;
};

inline constexpr std::array<StackItemTypeName, 10> kStackItemTypeNames = {{
    {"Any", 0x00},
    {"Pointer", 0x10},
    {"Boolean", 0x20},
    {"Integer", 0x21},
    {"ByteString", 0x28},
    {"Buffer", 0x30},
    {"Array", 0x40},
    {"Struct", 0x41},
    {"Map", 0x48},
    {"InteropInterface", 0x60},
}};

// CallFlags of Neo N3 as written in `.token` lines. The combined names come first so that the disassembler
// prints a value by its own name when it has one.
struct CallFlagName {
  std::string_view name;
  std::uint8_t value;
};

inline constexpr std::uint8_t kCallFlagsAll = 0x0F;

inline constexpr std::array<CallFlagName, 8> kCallFlagNames = {{
    {"None", 0x00},
    {"All", 0x0F},
    {"States", 0x03},
    {"ReadOnly", 0x05},
    {"ReadStates", 0x01},
    {"WriteStates", 0x02},
    {"AllowCall", 0x04},
    {"AllowNotify", 0x08},
}};

constexpr char ascii_upper(char c) noexcept { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

constexpr bool equals_ignore_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_upper(a[i]) != ascii_upper(b[i])) return false;
  }
  return true;
}

inline void append_unsigned(std::string& out, std::uint64_t value) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (n > 0) out += digits[--n];
}

inline void append_signed(std::string& out, std::int64_t value) {
  if (value < 0) {
    out += '-';
    append_unsigned(out, 0 - static_cast<std::uint64_t>(value));
  } else {
    append_unsigned(out, static_cast<std::uint64_t>(value));
  }
}

// Lower-case hex of `value`, at least `min_digits` digits, no prefix.
inline void append_hex(std::string& out, std::uint64_t value, int min_digits) {
  constexpr char kDigits[] = "0123456789abcdef";
  char digits[16];
  int n = 0;
  do {
    digits[n++] = kDigits[value & 15];
    value >>= 4;
  } while (value != 0);
  while (n < min_digits && n < 16) digits[n++] = '0';
  while (n > 0) out += digits[--n];
}

}  // namespace neo::vm::assembly::detail
