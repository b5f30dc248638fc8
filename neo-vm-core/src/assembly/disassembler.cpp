// The disassembler: decode every instruction with the shared operand decoder, check that every jump, call,
// try and PUSHA target lies inside the script (its end included), name the targets that are instruction
// boundaries L0001.. in address order, then print one instruction per line in the syntax the assembler reads.
// Targets inside an instruction keep their numeric offset, which the assembler takes as written.
#include "neo/vm/assembly/disassembler.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <string_view>
#include <vector>

#include "../app/utf8.hpp"
#include "asm_common.hpp"
#include "neo/vm/assembly/syscalls.hpp"
#include "neo/vm/integer.hpp"
#include "neo/vm/opcode.hpp"

namespace neo::vm::assembly {

namespace {

using detail::OperandKind;

std::int64_t read_signed(const std::uint8_t* p, std::uint32_t size) noexcept {
  if (size == 1) return static_cast<std::int8_t>(p[0]);
  const std::uint32_t v = static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
                          static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
  return static_cast<std::int32_t>(v);
}

std::uint32_t read_unsigned(const std::uint8_t* p, std::uint32_t size) noexcept {
  std::uint32_t v = 0;
  for (std::uint32_t i = 0; i < size; ++i) v |= static_cast<std::uint32_t>(p[i]) << (8 * i);
  return v;
}

// Relative offsets of the targets of `ins` (0, 1 or 2 of them). For TRY, 0 means "no block" and is skipped.
std::size_t target_offsets(const Instruction& ins, std::array<std::int64_t, 2>& out) noexcept {
  switch (detail::operand_kind(ins.opcode)) {
    case OperandKind::Target8:
    case OperandKind::Target32:
      out[0] = read_signed(ins.operand, ins.operand_size);
      return 1;
    case OperandKind::Try8:
    case OperandKind::Try32: {
      const std::uint32_t width = ins.operand_size / 2;
      std::size_t n = 0;
      for (std::uint32_t k = 0; k < 2; ++k) {
        const std::int64_t rel = read_signed(ins.operand + k * width, width);
        if (rel != 0) out[n++] = rel;
      }
      return n;
    }
    default:
      return 0;
  }
}

void append_offset(std::string& out, std::uint64_t offset) {
  out += "0x";
  detail::append_hex(out, offset, 4);
}

constexpr bool is_name_start(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
constexpr bool is_name_char(char c) noexcept {
  return is_name_start(c) || (c >= '0' && c <= '9') || c == '.';
}

// What the assembler takes as a label or token name.
bool is_name(std::string_view s) noexcept {
  return !s.empty() && is_name_start(s[0]) && std::all_of(s.begin(), s.end(), is_name_char);
}

// A string literal the assembler decodes back to exactly `bytes`.
void append_string_literal(std::string& out, std::span<const std::uint8_t> bytes) {
  out += '"';
  for (const std::uint8_t b : bytes) {
    if (b == '"' || b == '\\') {
      out += '\\';
      out += static_cast<char>(b);
    } else if (b >= 0x20 && b <= 0x7E) {
      out += static_cast<char>(b);
    } else {
      out += "\\x";
      detail::append_hex(out, b, 2);
    }
  }
  out += '"';
}

// Token names for the listing: the method name when it is a valid name, else "token"; a name already taken
// gets "_<index>" appended until it is unique.
std::vector<std::string> token_names(std::span<const app::MethodToken> tokens) {
  std::vector<std::string> names;
  names.reserve(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string_view method(tokens[i].method.data(), tokens[i].method.size());
    std::string name(is_name(method) ? method : std::string_view("token"));
    while (std::find(names.begin(), names.end(), name) != names.end()) {
      name += '_';
      detail::append_unsigned(name, i);
    }
    names.push_back(std::move(name));
  }
  return names;
}

// The same limits the assembler enforces (a NEF's): a token that breaks them could not be assembled back.
bool check_token(const app::MethodToken& token, std::size_t index, std::string& message) {
  const char* problem = nullptr;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(token.method.data());
  if (token.method.size() > app::kMethodTokenMaxNameSize) {
    problem = "method name longer than 32 bytes";
  } else if (!token.method.empty() && token.method[0] == '_') {
    problem = "method name starts with '_'";
  } else if (!app::internal::is_strict_utf8(std::span<const std::uint8_t>(bytes, token.method.size()))) {
    problem = "method name is not valid UTF-8";
  } else if ((token.call_flags & ~detail::kCallFlagsAll) != 0) {
    problem = "call flags outside CallFlags.All";
  }
  if (problem == nullptr) return true;
  message = "method token ";
  detail::append_unsigned(message, index);
  message += ": ";
  message += problem;
  return false;
}

void append_call_flags(std::string& out, std::uint8_t flags) {
  for (const auto& f : detail::kCallFlagNames) {
    if (f.value == flags) {
      out += f.name;
      return;
    }
  }
  // No single name: the one-bit flags joined by '|' (the last four entries of the table).
  bool first = true;
  for (std::size_t k = detail::kCallFlagNames.size() - 4; k < detail::kCallFlagNames.size(); ++k) {
    const auto& f = detail::kCallFlagNames[k];
    if ((flags & f.value) == 0) continue;
    if (!first) out += '|';
    out += f.name;
    first = false;
  }
}

// ".token name 0x<hash as Neo prints it> method parameters return|void flags"
void append_token_line(std::string& out, std::string_view name, const app::MethodToken& token) {
  out += ".token ";
  out += name;
  out += " 0x";
  for (std::size_t k = token.hash.size(); k-- > 0;) detail::append_hex(out, token.hash[k], 2);
  out += ' ';
  const std::string_view method(token.method.data(), token.method.size());
  if (is_name(method)) {
    out += method;
  } else {
    append_string_literal(out, std::span<const std::uint8_t>(
                                   reinterpret_cast<const std::uint8_t*>(method.data()), method.size()));
  }
  out += ' ';
  detail::append_unsigned(out, token.parameters_count);
  out += token.has_return_value ? " return " : " void ";
  append_call_flags(out, token.call_flags);
  out += '\n';
}

class Printer {
 public:
  Printer(const std::vector<std::uint32_t>& targets, const std::vector<bool>& starts,
          const DisassembleOptions& options, const std::vector<std::string>& token_names)
      : targets_(targets), starts_(starts), options_(options), token_names_(token_names) {
    std::size_t count = targets.size();
    while (count >= 10) {
      count /= 10;
      ++label_digits_;
    }
    label_digits_ = std::max(label_digits_, 4);
  }

  void label_line(std::string& out, std::uint32_t position) const {
    if (!std::binary_search(targets_.begin(), targets_.end(), position)) return;
    append_label(out, position);
    out += ":\n";
  }

  void instruction_line(std::string& out, const Instruction& ins) {
    const std::size_t line_start = out.size();
    out.append(static_cast<std::size_t>(std::clamp(options_.indent, 0, 64)), ' ');
    out += opcode_name(ins.opcode);
    inner_target_ = false;
    append_operands(out, ins);
    if (options_.offsets || inner_target_) {
      const std::size_t width = out.size() - line_start;
      out.append(width < 40 ? 40 - width : 2, ' ');
      out += ';';
      if (options_.offsets) {
        out += ' ';
        append_offset(out, ins.position);
      }
      if (inner_target_) out += " target inside an instruction";
    }
    out += '\n';
  }

 private:
  void append_label(std::string& out, std::uint32_t position) const {
    const auto it = std::lower_bound(targets_.begin(), targets_.end(), position);
    out += 'L';
    // Numbered from 1 in address order, zero-padded so that listings sort and align.
    const auto number = static_cast<std::uint64_t>(it - targets_.begin()) + 1;
    std::string digits;
    detail::append_unsigned(digits, number);
    if (digits.size() < static_cast<std::size_t>(label_digits_))
      out.append(static_cast<std::size_t>(label_digits_) - digits.size(), '0');
    out += digits;
  }

  void append_target(std::string& out, const Instruction& ins, std::int64_t rel) {
    const auto target = static_cast<std::uint32_t>(static_cast<std::int64_t>(ins.position) + rel);
    if (starts_[target]) {
      append_label(out, target);
      return;
    }
    if (rel > 0) out += '+';
    detail::append_signed(out, rel);
    inner_target_ = true;
  }

  static bool printable(std::span<const std::uint8_t> data) noexcept {
    return std::all_of(data.begin(), data.end(), [](std::uint8_t b) { return b >= 0x20 && b <= 0x7E; });
  }

  static void append_data(std::string& out, std::span<const std::uint8_t> data) {
    if (printable(data)) {
      out += '"';
      for (const std::uint8_t b : data) {
        if (b == '"' || b == '\\') out += '\\';
        out += static_cast<char>(b);
      }
      out += '"';
      return;
    }
    out += "0x";
    for (const std::uint8_t b : data) detail::append_hex(out, b, 2);
  }

  void append_operands(std::string& out, const Instruction& ins) {
    const std::uint8_t* p = ins.operand;
    switch (detail::operand_kind(ins.opcode)) {
      case OperandKind::None:
        return;
      case OperandKind::Integer: {
        Integer value;
        // Widths are 1..32 bytes, so this cannot fail.
        (void)Integer::from_le_bytes(std::span<const std::uint8_t>(p, ins.operand_size), value);
        std::array<char, 80> text{};
        const std::size_t len = value.to_decimal(text);
        out += ' ';
        out.append(text.data(), len);
        return;
      }
      case OperandKind::Data:
        out += ' ';
        append_data(out, std::span<const std::uint8_t>(p, ins.operand_size));
        return;
      case OperandKind::Target8:
      case OperandKind::Target32:
        out += ' ';
        append_target(out, ins, read_signed(p, ins.operand_size));
        return;
      case OperandKind::Try8:
      case OperandKind::Try32: {
        const std::uint32_t width = ins.operand_size / 2;
        for (std::uint32_t k = 0; k < 2; ++k) {
          out += k == 0 ? " " : ", ";
          const std::int64_t rel = read_signed(p + k * width, width);
          if (rel == 0) {
            out += '0';
          } else {
            append_target(out, ins, rel);
          }
        }
        return;
      }
      case OperandKind::U8:
        out += ' ';
        detail::append_unsigned(out, p[0]);
        return;
      case OperandKind::U8Pair:
        out += ' ';
        detail::append_unsigned(out, p[0]);
        out += ", ";
        detail::append_unsigned(out, p[1]);
        return;
      case OperandKind::U16: {
        out += ' ';
        const std::uint32_t index = read_unsigned(p, 2);
        if (index < token_names_.size()) {
          out += token_names_[index];
        } else {
          detail::append_unsigned(out, index);
        }
        return;
      }
      case OperandKind::Syscall: {
        const std::uint32_t id = read_unsigned(p, 4);
        out += ' ';
        if (const SyscallDescriptor* d = find_syscall(id)) {
          out += d->name;
        } else {
          out += "0x";
          detail::append_hex(out, id, 8);
        }
        return;
      }
      case OperandKind::Type: {
        out += ' ';
        for (const auto& t : detail::kStackItemTypeNames) {
          if (t.value == p[0]) {
            out += t.name;
            return;
          }
        }
        out += "0x";
        detail::append_hex(out, p[0], 2);
        return;
      }
    }
  }

  const std::vector<std::uint32_t>& targets_;  // sorted boundary targets: the labels
  const std::vector<bool>& starts_;            // instruction boundaries, and the end of the script
  const DisassembleOptions& options_;
  const std::vector<std::string>& token_names_;  // CALLT i prints token_names_[i] when there is one
  int label_digits_ = 1;
  bool inner_target_ = false;  // the current line has a target inside an instruction
};

DisassembleResult failure(std::uint32_t offset, std::string message) {
  DisassembleResult result;
  result.success = false;
  result.error.offset = offset;
  result.error.message = std::move(message);
  return result;
}

}  // namespace

DisassembleResult disassemble(std::span<const std::uint8_t> script, const DisassembleOptions& options) {
  if (script.size() > 0x7FFFFFFFu) return failure(0, "script larger than 2 GiB");
  if (options.tokens.size() > app::kNefMaxTokens) return failure(0, "more than 128 method tokens");
  for (std::size_t i = 0; i < options.tokens.size(); ++i) {
    std::string message;
    if (!check_token(options.tokens[i], i, message)) return failure(0, std::move(message));
  }
  const auto size = static_cast<std::uint32_t>(script.size());

  // Pass 1: decode, remembering where instructions start.
  std::vector<Instruction> instructions;
  std::vector<bool> starts(static_cast<std::size_t>(size) + 1, false);
  starts[size] = true;  // a jump to the end of the script is legal: execution returns from there
  for (std::uint32_t pos = 0; pos < size;) {
    Instruction ins;
    const DecodeStatus status = decode_instruction(script, pos, ins);
    if (status != DecodeStatus::Ok) {
      std::string message;
      if (status == DecodeStatus::InvalidOpcode) {
        message = "undefined opcode 0x";
        detail::append_hex(message, script[pos], 2);
      } else {
        message = "truncated operand of ";
        message += opcode_info(script[pos]).name;
        message += " (the script ends at ";
        append_offset(message, size);
        message += ')';
      }
      message += " at offset ";
      append_offset(message, pos);
      return failure(pos, std::move(message));
    }
    starts[pos] = true;
    instructions.push_back(ins);
    pos += ins.size;
  }

  // Pass 2: every target must be an instruction boundary inside the script (or its end).
  // Marks rather than a sort: std::sort would need libgcc's __clzsi2 on rv32.
  std::vector<bool> is_target(static_cast<std::size_t>(size) + 1, false);
  for (const Instruction& ins : instructions) {
    std::array<std::int64_t, 2> rel{};
    const std::size_t n = target_offsets(ins, rel);
    for (std::size_t k = 0; k < n; ++k) {
      const std::int64_t target = static_cast<std::int64_t>(ins.position) + rel[k];
      const bool inside = target >= 0 && target <= static_cast<std::int64_t>(size);
      if (!inside || (options.strict && !starts[static_cast<std::size_t>(target)])) {
        std::string message(opcode_name(ins.opcode));
        message += " at offset ";
        append_offset(message, ins.position);
        message += ": target ";
        if (target < 0) {
          detail::append_signed(message, target);
          message += " is before the start of the script";
        } else if (target > static_cast<std::int64_t>(size)) {
          append_offset(message, static_cast<std::uint64_t>(target));
          message += " is past the end of the script (";
          append_offset(message, size);
          message += ')';
        } else {
          append_offset(message, static_cast<std::uint64_t>(target));
          message += " is inside an instruction";
        }
        return failure(ins.position, std::move(message));
      }
      if (starts[static_cast<std::size_t>(target)]) is_target[static_cast<std::size_t>(target)] = true;
    }
  }
  std::vector<std::uint32_t> targets;
  for (std::uint32_t pos = 0; pos <= size; ++pos) {
    if (is_target[pos]) targets.push_back(pos);
  }

  // Pass 3: print.
  DisassembleResult result;
  result.success = true;
  const std::vector<std::string> names = token_names(options.tokens);
  for (std::size_t i = 0; i < names.size(); ++i) append_token_line(result.text, names[i], options.tokens[i]);
  Printer printer(targets, starts, options, names);
  for (const Instruction& ins : instructions) {
    printer.label_line(result.text, ins.position);
    printer.instruction_line(result.text, ins);
  }
  printer.label_line(result.text, size);
  return result;
}

DisassembleResult disassemble_nef(const app::NefFile& nef, DisassembleOptions options) {
  options.tokens = nef.tokens;
  return disassemble(nef.script, options);
}

}  // namespace neo::vm::assembly
