// The assembler: lex each line, parse it into an Item (opcode + encoded operand or unresolved targets), bind
// labels, choose short or long forms of the auto-sized jumps by iterating to a fixed point, then encode.
#include "neo/vm/assembly/assembler.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <iterator>
#include <span>

#include "../app/utf8.hpp"
#include "asm_common.hpp"
#include "neo/vm/assembly/syscalls.hpp"
#include "neo/vm/integer.hpp"
#include "neo/vm/opcode.hpp"

namespace neo::vm::assembly {

std::string Diagnostic::to_string() const {
  std::string out;
  detail::append_unsigned(out, line);
  out += ':';
  detail::append_unsigned(out, column);
  out += ": ";
  out += message;
  return out;
}

namespace {

using detail::OperandKind;

struct Token {
  enum class Kind : std::uint8_t { Word, String, Comma, Colon };
  Kind kind = Kind::Word;
  std::uint32_t column = 0;
  std::string_view text;            // as written (a String includes its quotes)
  std::vector<std::uint8_t> bytes;  // the decoded contents of a String
};

// A jump/call/try/PUSHA operand: a label, or a literal offset relative to the instruction.
struct Target {
  std::string_view label;       // empty for a literal offset
  std::int64_t offset = 0;      // the literal offset
  std::size_t label_index = 0;  // into Assembler::labels_, once resolved
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

struct Item {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  OpCode op = OpCode::NOP;  // as written; the short form for auto-sized items until layout says otherwise
  OperandKind kind = OperandKind::None;
  bool auto_size = false;  // written without _L: short if every offset fits a signed byte, else long
  bool is_long = false;
  std::vector<std::uint8_t> operand;  // encoded operand of instructions without targets
  std::array<Target, 2> targets{};
  std::uint8_t target_count = 0;
  std::string_view token_name;  // CALLT by token name: resolved to the index once all .token lines are read
  std::uint32_t token_column = 0;
  std::uint64_t offset = 0;

  std::uint64_t size() const noexcept {
    switch (kind) {
      case OperandKind::Target8:
        return is_long ? 5 : 2;
      case OperandKind::Target32:
        return 5;
      case OperandKind::Try8:
        return is_long ? 9 : 3;
      case OperandKind::Try32:
        return 9;
      default:
        return 1 + operand.size();
    }
  }
};

// A `.token` declaration.
struct TokenDecl {
  std::string_view name;
  app::MethodToken token;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

struct Label {
  std::string_view name;
  std::size_t item_index = 0;  // the label marks the start of this item (items.size() = end of script)
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

constexpr bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
constexpr bool ends_word(char c) noexcept {
  return is_space(c) || c == ',' || c == ':' || c == '"' || c == ';' || c == '#';
}
constexpr bool is_label_start(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
constexpr bool is_label_char(char c) noexcept { return is_label_start(c) || is_digit(c) || c == '.'; }

bool is_label_name(std::string_view s) noexcept {
  if (s.empty() || !is_label_start(s[0])) return false;
  return std::all_of(s.begin(), s.end(), is_label_char);
}

bool has_hex_prefix(std::string_view s) noexcept {
  return s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
}

// A word that is a number rather than a name.
bool looks_numeric(std::string_view s) noexcept {
  return !s.empty() && (is_digit(s[0]) || s[0] == '-' || s[0] == '+');
}

std::string quoted(std::string_view s) {
  std::string out = "'";
  out.append(s.substr(0, 64));
  if (s.size() > 64) out += "...";
  out += '\'';
  return out;
}

class Assembler {
 public:
  explicit Assembler(std::string_view source) : source_(source) {}

  AssembleResult run() {
    std::uint32_t line_no = 0;
    std::size_t start = 0;
    std::vector<Token> tokens;
    while (start <= source_.size() && !full()) {
      std::size_t end = source_.find('\n', start);
      if (end == std::string_view::npos) end = source_.size();
      ++line_no;
      tokens.clear();
      if (lex_line(source_.substr(start, end - start), line_no, tokens)) {
        parse_line(line_no, tokens);
      } else {
        parse_labels(line_no, tokens);  // so that a broken line's label is not also reported as undefined
      }
      start = end + 1;
    }
    AssembleResult result;
    // Labels are bound even after syntax errors, to report undefined and duplicate labels in the same pass.
    if (!full()) bind_labels();
    if (errors_.empty()) layout();
    if (errors_.empty()) encode(result);
    if (errors_.empty()) {
      result.tokens.reserve(tokens_.size());
      result.token_names.reserve(tokens_.size());
      for (TokenDecl& decl : tokens_) {
        result.tokens.push_back(std::move(decl.token));
        result.token_names.emplace_back(decl.name);
      }
    } else {
      result.script.clear();
      result.source_map.clear();
      result.errors = std::move(errors_);
    }
    return result;
  }

 private:
  bool full() const noexcept { return errors_.size() >= kMaxDiagnostics; }

  void error(std::uint32_t line, std::uint32_t column, std::string message) {
    if (full()) return;
    errors_.push_back(Diagnostic{line, column, std::move(message)});
  }

  // ---- lexing -------------------------------------------------------------------------------------------

  bool lex_line(std::string_view line, std::uint32_t line_no, std::vector<Token>& out) {
    std::size_t i = 0;
    while (i < line.size()) {
      const char c = line[i];
      if (is_space(c)) {
        ++i;
        continue;
      }
      if (c == ';' || c == '#') break;  // comment to end of line
      Token token;
      token.column = static_cast<std::uint32_t>(i + 1);
      if (c == ',' || c == ':') {
        token.kind = c == ',' ? Token::Kind::Comma : Token::Kind::Colon;
        token.text = line.substr(i, 1);
        ++i;
      } else if (c == '"') {
        token.kind = Token::Kind::String;
        const std::size_t begin = i;
        if (!lex_string(line, i, line_no, token.bytes)) return false;
        token.text = line.substr(begin, i - begin);
      } else {
        const std::size_t begin = i;
        while (i < line.size() && !ends_word(line[i])) ++i;
        token.kind = Token::Kind::Word;
        token.text = line.substr(begin, i - begin);
      }
      out.push_back(std::move(token));
    }
    return true;
  }

  // Decodes the string literal starting at line[i] == '"'; leaves i after the closing quote.
  bool lex_string(std::string_view line, std::size_t& i, std::uint32_t line_no,
                  std::vector<std::uint8_t>& out) {
    const std::size_t open = i++;
    while (i < line.size()) {
      const char c = line[i];
      if (c == '"') {
        ++i;
        return true;
      }
      if (c != '\\') {
        out.push_back(static_cast<std::uint8_t>(c));
        ++i;
        continue;
      }
      const auto escape_column = static_cast<std::uint32_t>(i + 1);
      if (i + 1 >= line.size()) break;
      const char e = line[i + 1];
      i += 2;
      switch (e) {
        case 'n':
          out.push_back('\n');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case '0':
          out.push_back(0);
          break;
        case '\\':
          out.push_back('\\');
          break;
        case '"':
          out.push_back('"');
          break;
        case '\'':
          out.push_back('\'');
          break;
        case 'x': {
          const int hi = i < line.size() ? hex_value(line[i]) : -1;
          const int lo = i + 1 < line.size() ? hex_value(line[i + 1]) : -1;
          if (hi < 0 || lo < 0) {
            error(line_no, escape_column,
                  "invalid escape in string literal: \\x needs exactly two hex digits");
            return false;
          }
          out.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
          i += 2;
          break;
        }
        default:
          error(line_no, escape_column,
                "invalid escape " + quoted(line.substr(i - 2, 2)) +
                    " in string literal (use \\n \\t \\r \\0 \\\\ \\\" \\' or \\xHH)");
          return false;
      }
    }
    error(line_no, static_cast<std::uint32_t>(open + 1), "unterminated string literal");
    return false;
  }

  // ---- parsing ------------------------------------------------------------------------------------------

  // Defines the "name:" labels at the start of a line; returns the index of the first other token, or
  // tokens.size() + 1 after an invalid label name.
  std::size_t parse_labels(std::uint32_t line_no, const std::vector<Token>& tokens) {
    std::size_t t = 0;
    while (t + 1 < tokens.size() && tokens[t].kind == Token::Kind::Word &&
           tokens[t + 1].kind == Token::Kind::Colon) {
      const Token& name = tokens[t];
      if (!is_label_name(name.text)) {
        error(line_no, name.column,
              "invalid label name " + quoted(name.text) +
                  " (a label starts with a letter or '_' and continues with letters, digits, '_' or '.')");
        return tokens.size() + 1;
      }
      labels_.push_back(Label{name.text, items_.size(), line_no, name.column});
      t += 2;
    }
    return t;
  }

  // Any number of label definitions, then at most one instruction.
  void parse_line(std::uint32_t line_no, const std::vector<Token>& tokens) {
    const std::size_t t = parse_labels(line_no, tokens);
    if (t >= tokens.size()) return;
    const Token& mnemonic = tokens[t];
    const bool directive = mnemonic.kind == Token::Kind::Word && mnemonic.text.starts_with('.');
    if (directive && t > 0) {
      // A label names an instruction offset; a directive has none.
      error(line_no, mnemonic.column, "a directive cannot follow a label on its line");
      return;
    }
    if (mnemonic.kind != Token::Kind::Word) {
      error(line_no, mnemonic.column, "expected an instruction, found " + quoted(mnemonic.text));
      return;
    }
    // Operands: separated by whitespace and/or single commas.
    std::vector<const Token*> operands;
    bool comma_allowed = false;
    for (std::size_t k = t + 1; k < tokens.size(); ++k) {
      const Token& tok = tokens[k];
      if (tok.kind == Token::Kind::Comma) {
        if (!comma_allowed || k + 1 == tokens.size()) {
          error(line_no, tok.column, "unexpected ','");
          return;
        }
        comma_allowed = false;
        continue;
      }
      if (tok.kind == Token::Kind::Colon) {
        error(line_no, tok.column,
              "unexpected ':' (a label definition must come before the instruction on its line)");
        return;
      }
      operands.push_back(&tok);
      comma_allowed = true;
    }
    if (directive) {
      parse_directive(line_no, mnemonic, operands);
    } else {
      parse_instruction(line_no, mnemonic, operands);
    }
  }

  bool expect_operands(std::uint32_t line_no, const Token& mnemonic, std::span<const Token* const> operands,
                       std::size_t expected, const char* what) {
    if (operands.size() == expected) return true;
    std::string message = quoted(mnemonic.text);
    if (expected == 0) {
      message += " takes no operand";
    } else {
      message += " takes ";
      detail::append_unsigned(message, expected);
      message += expected == 1 ? " operand (" : " operands (";
      message += what;
      message += ')';
    }
    message += ", found ";
    detail::append_unsigned(message, operands.size());
    const std::uint32_t column = operands.size() > expected ? operands[expected]->column : mnemonic.column;
    error(line_no, column, std::move(message));
    return false;
  }

  void parse_instruction(std::uint32_t line_no, const Token& mnemonic,
                         std::span<const Token* const> operands) {
    char upper[24];
    const std::string_view text = mnemonic.text;
    std::size_t n = 0;
    if (text.size() < sizeof upper) {
      for (const char c : text) upper[n++] = detail::ascii_upper(c);
    }
    const std::string_view name(upper, n);

    Item item;
    item.line = line_no;
    item.column = mnemonic.column;

    if (name == "PUSHINT") {
      if (!expect_operands(line_no, mnemonic, operands, 1, "an integer")) return;
      Integer value;
      if (!parse_integer(line_no, *operands[0], value)) return;
      encode_pushint(item, value);
      items_.push_back(std::move(item));
      return;
    }
    if (name == "PUSHDATA") {
      if (!expect_operands(line_no, mnemonic, operands, 1, "a string or hex literal")) return;
      std::vector<std::uint8_t> data;
      if (!parse_data(line_no, *operands[0], data)) return;
      const OpCode op = data.size() < 0x100     ? OpCode::PUSHDATA1
                        : data.size() < 0x10000 ? OpCode::PUSHDATA2
                                                : OpCode::PUSHDATA4;
      if (!encode_pushdata(line_no, *operands[0], op, data, item)) return;
      items_.push_back(std::move(item));
      return;
    }

    const std::optional<OpCode> op = n == 0 ? std::nullopt : opcode_from_name(name);
    if (!op) {
      error(line_no, mnemonic.column, "unknown instruction " + quoted(text));
      return;
    }
    item.op = *op;
    item.kind = detail::operand_kind(*op);
    switch (item.kind) {
      case OperandKind::None:
        if (!expect_operands(line_no, mnemonic, operands, 0, "")) return;
        break;
      case OperandKind::Integer: {
        if (!expect_operands(line_no, mnemonic, operands, 1, "an integer")) return;
        Integer value;
        if (!parse_integer(line_no, *operands[0], value)) return;
        const std::size_t width = opcode_info(*op).operand_size;
        if (value.byte_length() > width) {
          std::string message =
              "value " + quoted(operands[0]->text) + " does not fit in " + std::string(text) + " (signed ";
          detail::append_unsigned(message, width * 8);
          message += "-bit); write PUSHINT to pick the smallest form";
          error(line_no, operands[0]->column, std::move(message));
          return;
        }
        append_integer(item.operand, value, width);
        break;
      }
      case OperandKind::Data: {
        if (!expect_operands(line_no, mnemonic, operands, 1, "a string or hex literal")) return;
        std::vector<std::uint8_t> data;
        if (!parse_data(line_no, *operands[0], data)) return;
        if (!encode_pushdata(line_no, *operands[0], *op, data, item)) return;
        break;
      }
      case OperandKind::Target8:
      case OperandKind::Target32:
        if (!expect_operands(line_no, mnemonic, operands, 1, "a label or an offset")) return;
        if (!parse_target(line_no, *operands[0], item.targets[0])) return;
        item.target_count = 1;
        item.auto_size = item.kind == OperandKind::Target8;
        break;
      case OperandKind::Try8:
      case OperandKind::Try32:
        if (!expect_operands(line_no, mnemonic, operands, 2,
                             "catch and finally: a label, an offset or 0 for none"))
          return;
        if (!parse_target(line_no, *operands[0], item.targets[0])) return;
        if (!parse_target(line_no, *operands[1], item.targets[1])) return;
        item.target_count = 2;
        item.auto_size = item.kind == OperandKind::Try8;
        break;
      case OperandKind::U8: {
        if (!expect_operands(line_no, mnemonic, operands, 1, "an index 0..255")) return;
        std::int64_t v = 0;
        if (!parse_small(line_no, *operands[0], 0, 255, v)) return;
        item.operand.push_back(static_cast<std::uint8_t>(v));
        break;
      }
      case OperandKind::U8Pair: {
        if (!expect_operands(line_no, mnemonic, operands, 2, "locals and arguments, each 0..255")) return;
        std::int64_t locals = 0, arguments = 0;
        if (!parse_small(line_no, *operands[0], 0, 255, locals)) return;
        if (!parse_small(line_no, *operands[1], 0, 255, arguments)) return;
        item.operand.push_back(static_cast<std::uint8_t>(locals));
        item.operand.push_back(static_cast<std::uint8_t>(arguments));
        break;
      }
      case OperandKind::U16: {
        if (!expect_operands(line_no, mnemonic, operands, 1, "a token name or a method token index 0..65535"))
          return;
        const Token& operand = *operands[0];
        if (!expect_word(line_no, operand, "a token name or a method token index")) return;
        if (looks_numeric(operand.text)) {
          std::int64_t v = 0;
          if (!parse_small(line_no, operand, 0, 0xFFFF, v)) return;
          append_le(item.operand, static_cast<std::uint64_t>(v), 2);
        } else {
          if (!is_label_name(operand.text)) {
            error(line_no, operand.column, "invalid token name " + quoted(operand.text));
            return;
          }
          // Tokens may be declared after their use; bind_labels() writes the index.
          item.token_name = operand.text;
          item.token_column = operand.column;
          item.operand.assign(2, 0);
        }
        break;
      }
      case OperandKind::Syscall: {
        if (!expect_operands(line_no, mnemonic, operands, 1, "a service name or a 32-bit id")) return;
        std::uint32_t id = 0;
        if (!parse_syscall(line_no, *operands[0], id)) return;
        append_le(item.operand, id, 4);
        break;
      }
      case OperandKind::Type: {
        if (!expect_operands(line_no, mnemonic, operands, 1, "a stack item type name or number")) return;
        std::uint8_t type = 0;
        if (!parse_type(line_no, *operands[0], type)) return;
        item.operand.push_back(type);
        break;
      }
    }
    items_.push_back(std::move(item));
  }

  // ---- directives -------------------------------------------------------------------------------------

  void parse_directive(std::uint32_t line_no, const Token& directive,
                       std::span<const Token* const> operands) {
    if (directive.text != ".token") {
      error(line_no, directive.column, "unknown directive " + quoted(directive.text) + " (expected .token)");
      return;
    }
    if (!expect_operands(line_no, directive, operands, 6,
                         "name, contract hash, method, parameter count, return or void, call flags"))
      return;
    TokenDecl decl;
    decl.line = line_no;
    decl.column = directive.column;
    const Token& name = *operands[0];
    if (!expect_word(line_no, name, "a token name") || !is_label_name(name.text)) {
      if (name.kind == Token::Kind::Word) {
        error(line_no, name.column,
              "invalid token name " + quoted(name.text) +
                  " (a name starts with a letter or '_' and continues with letters, digits, '_' or '.')");
      }
      return;
    }
    decl.name = name.text;
    decl.column = name.column;
    if (!parse_hash(line_no, *operands[1], decl.token.hash)) return;
    if (!parse_method(line_no, *operands[2], decl.token.method)) return;
    std::int64_t parameters = 0;
    if (!parse_small(line_no, *operands[3], 0, 0xFFFF, parameters)) return;
    decl.token.parameters_count = static_cast<std::uint16_t>(parameters);
    const Token& returns = *operands[4];
    if (returns.kind == Token::Kind::Word && detail::equals_ignore_case(returns.text, "return")) {
      decl.token.has_return_value = true;
    } else if (returns.kind == Token::Kind::Word && detail::equals_ignore_case(returns.text, "void")) {
      decl.token.has_return_value = false;
    } else {
      error(line_no, returns.column, "expected 'return' or 'void', found " + quoted(returns.text));
      return;
    }
    if (!parse_call_flags(line_no, *operands[5], decl.token.call_flags)) return;
    if (tokens_.size() == app::kNefMaxTokens) {
      error(line_no, directive.column, "too many method tokens (a NEF holds at most 128)");
      return;
    }
    tokens_.push_back(std::move(decl));
  }

  // A UInt160 as Neo prints it: 0x and 40 hex digits, most significant byte first (the reverse of its
  // little-endian storage order).
  bool parse_hash(std::uint32_t line_no, const Token& tok, UInt160& out) {
    if (!expect_word(line_no, tok, "a contract hash")) return false;
    const std::string_view s = tok.text;
    bool ok = has_hex_prefix(s) && s.size() == 2 + 2 * out.size();
    for (std::size_t i = 2; ok && i < s.size(); ++i) ok = hex_value(s[i]) >= 0;
    if (!ok) {
      error(line_no, tok.column,
            "expected a contract hash (0x and 40 hex digits, as Neo prints it), found " + quoted(s));
      return false;
    }
    for (std::size_t k = 0; k < out.size(); ++k) {
      const std::size_t at = 2 + 2 * (out.size() - 1 - k);
      out[k] = static_cast<std::uint8_t>(hex_value(s[at]) << 4 | hex_value(s[at + 1]));
    }
    return true;
  }

  // A word, or a string literal for names a word cannot spell; NEF rules: at most 32 bytes of strict UTF-8,
  // not starting with '_'.
  bool parse_method(std::uint32_t line_no, const Token& tok, app::Text& out) {
    std::span<const std::uint8_t> bytes;
    if (tok.kind == Token::Kind::String) {
      bytes = tok.bytes;
    } else {
      bytes = std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(tok.text.data()),
                                            tok.text.size());
    }
    if (bytes.size() > app::kMethodTokenMaxNameSize) {
      error(line_no, tok.column, "method name " + quoted(tok.text) + " is longer than 32 bytes");
      return false;
    }
    if (!bytes.empty() && bytes[0] == '_') {
      error(line_no, tok.column,
            "method name " + quoted(tok.text) + " starts with '_' (not callable by token)");
      return false;
    }
    if (!app::internal::is_strict_utf8(bytes)) {
      error(line_no, tok.column, "method name " + quoted(tok.text) + " is not valid UTF-8");
      return false;
    }
    out.assign(bytes.begin(), bytes.end());
    return true;
  }

  // A number 0..15, or CallFlags names joined by '|' (no spaces): None ReadStates WriteStates AllowCall
  // AllowNotify States ReadOnly All.
  bool parse_call_flags(std::uint32_t line_no, const Token& tok, std::uint8_t& out) {
    if (!expect_word(line_no, tok, "call flags")) return false;
    if (looks_numeric(tok.text)) {
      std::int64_t v = 0;
      if (!parse_small(line_no, tok, 0, detail::kCallFlagsAll, v)) return false;
      out = static_cast<std::uint8_t>(v);
      return true;
    }
    std::string_view rest = tok.text;
    out = 0;
    for (;;) {
      const std::size_t bar = rest.find('|');
      const std::string_view part = rest.substr(0, bar);
      const auto found =
          std::find_if(detail::kCallFlagNames.begin(), detail::kCallFlagNames.end(),
                       [part](const auto& f) { return detail::equals_ignore_case(f.name, part); });
      if (found == detail::kCallFlagNames.end()) {
        std::string message = "unknown call flag " + quoted(part) + " (expected";
        for (const auto& f : detail::kCallFlagNames) {
          message += ' ';
          message += f.name;
        }
        message += " joined by '|', or a number 0..15)";
        error(line_no, tok.column, std::move(message));
        return false;
      }
      out = static_cast<std::uint8_t>(out | found->value);
      if (bar == std::string_view::npos) return true;
      rest.remove_prefix(bar + 1);
    }
  }

  // ---- operands -----------------------------------------------------------------------------------------

  bool expect_word(std::uint32_t line_no, const Token& tok, const char* what) {
    if (tok.kind == Token::Kind::Word) return true;
    error(line_no, tok.column, std::string("expected ") + what + ", found a string literal");
    return false;
  }

  // Decimal or 0x hex, optional sign, '_' between digits; range: 256-bit two's complement.
  bool parse_integer(std::uint32_t line_no, const Token& tok, Integer& out) {
    if (!expect_word(line_no, tok, "an integer")) return false;
    std::string_view s = tok.text;
    bool negative = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
      negative = s[0] == '-';
      s.remove_prefix(1);
    }
    const bool hex = has_hex_prefix(s);
    if (hex) s.remove_prefix(2);
    // Digits without separators and leading zeros; a separator may only follow a digit.
    char digits[80];
    std::size_t count = 0;
    bool seen_digit = false, too_long = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const char c = s[i];
      if (c == '_' && i > 0 && s[i - 1] != '_' && i + 1 < s.size()) continue;
      if (hex ? hex_value(c) < 0 : !is_digit(c)) {
        error(line_no, tok.column, "malformed integer literal " + quoted(tok.text));
        return false;
      }
      seen_digit = true;
      if (count == 0 && c == '0') continue;
      if (count == sizeof digits) {
        too_long = true;
      } else {
        digits[count++] = c;
      }
    }
    if (!seen_digit) {
      error(line_no, tok.column, "malformed integer literal " + quoted(tok.text));
      return false;
    }
    bool in_range = !too_long;
    if (in_range && hex) {
      // Magnitude as 32 little-endian bytes; values from 2^255 up only fit as -2^255 exactly.
      std::array<std::uint8_t, Integer::kMaxSize> magnitude{};
      if (count > 64) {
        in_range = false;
      } else {
        for (std::size_t k = 0; k < count; ++k) {
          const auto nibble = static_cast<std::uint8_t>(hex_value(digits[count - 1 - k]));
          magnitude[k / 2] |= static_cast<std::uint8_t>(nibble << (4 * (k % 2)));
        }
        const bool top_bit = (magnitude[31] & 0x80) != 0;
        const bool is_min = magnitude[31] == 0x80 && std::all_of(magnitude.begin(), magnitude.end() - 1,
                                                                 [](std::uint8_t b) { return b == 0; });
        if (top_bit && !(negative && is_min)) {
          in_range = false;
        } else if (!Integer::from_le_bytes(magnitude, out)) {
          in_range = false;
        } else if (negative && !top_bit) {
          in_range = Integer::negate(Integer(out), out);
        }
      }
    } else if (in_range) {
      char text[81];
      std::size_t len = 0;
      if (negative) text[len++] = '-';
      if (count == 0) text[len++] = '0';
      for (std::size_t k = 0; k < count; ++k) text[len++] = digits[k];
      in_range = Integer::from_decimal(text, len, out);
    }
    if (!in_range) {
      error(line_no, tok.column,
            "integer literal " + quoted(tok.text) + " is out of range (256-bit two's complement)");
      return false;
    }
    return true;
  }

  bool parse_small(std::uint32_t line_no, const Token& tok, std::int64_t min, std::int64_t max,
                   std::int64_t& out) {
    Integer value;
    if (!parse_integer(line_no, tok, value)) return false;
    if (!value.fits_int64() || value.to_int64() < min || value.to_int64() > max) {
      std::string message = "value " + quoted(tok.text) + " is out of range ";
      detail::append_signed(message, min);
      message += "..";
      detail::append_signed(message, max);
      error(line_no, tok.column, std::move(message));
      return false;
    }
    out = value.to_int64();
    return true;
  }

  bool parse_data(std::uint32_t line_no, const Token& tok, std::vector<std::uint8_t>& out) {
    if (tok.kind == Token::Kind::String) {
      out = tok.bytes;
      return true;
    }
    const std::string_view s = tok.text;
    if (!has_hex_prefix(s)) {
      error(line_no, tok.column, "expected a string literal \"...\" or hex bytes 0x..., found " + quoted(s));
      return false;
    }
    const std::string_view digits = s.substr(2);
    if (digits.size() % 2 != 0) {
      error(line_no, tok.column, "hex literal " + quoted(s) + " has an odd number of digits");
      return false;
    }
    for (std::size_t i = 0; i < digits.size(); i += 2) {
      const int hi = hex_value(digits[i]), lo = hex_value(digits[i + 1]);
      if (hi < 0 || lo < 0) {
        error(line_no, static_cast<std::uint32_t>(tok.column + 2 + i + (hi < 0 ? 0 : 1)),
              "invalid hex digit in " + quoted(s));
        return false;
      }
      out.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
    }
    return true;
  }

  bool parse_target(std::uint32_t line_no, const Token& tok, Target& out) {
    if (!expect_word(line_no, tok, "a label or an offset")) return false;
    out.line = line_no;
    out.column = tok.column;
    if (looks_numeric(tok.text)) {
      // A short mnemonic widens when its offset does not fit a byte, so both forms accept 32-bit offsets.
      return parse_small(line_no, tok, INT32_MIN, INT32_MAX, out.offset);
    }
    if (!is_label_name(tok.text)) {
      error(line_no, tok.column, "invalid label name " + quoted(tok.text));
      return false;
    }
    out.label = tok.text;
    return true;
  }

  bool parse_syscall(std::uint32_t line_no, const Token& tok, std::uint32_t& out) {
    if (!expect_word(line_no, tok, "a service name or a 32-bit id")) return false;
    if (looks_numeric(tok.text)) {
      std::int64_t v = 0;
      if (!parse_small(line_no, tok, 0, 0xFFFFFFFF, v)) return false;
      out = static_cast<std::uint32_t>(v);
      return true;
    }
    if (const SyscallDescriptor* d = find_syscall(tok.text)) {
      out = d->id;
      return true;
    }
    std::string message = "unknown interop service " + quoted(tok.text);
    for (const SyscallDescriptor& d : kSyscalls) {
      if (detail::equals_ignore_case(d.name, tok.text)) {
        message += " (service names are case-sensitive: did you mean '" + std::string(d.name) + "'?)";
        error(line_no, tok.column, std::move(message));
        return false;
      }
    }
    message += " (not one of the 41 Neo N3 services; write SYSCALL 0x12345678 for a raw id)";
    error(line_no, tok.column, std::move(message));
    return false;
  }

  bool parse_type(std::uint32_t line_no, const Token& tok, std::uint8_t& out) {
    if (!expect_word(line_no, tok, "a stack item type")) return false;
    if (looks_numeric(tok.text)) {
      std::int64_t v = 0;
      if (!parse_small(line_no, tok, 0, 255, v)) return false;
      out = static_cast<std::uint8_t>(v);
      return true;
    }
    for (const auto& t : detail::kStackItemTypeNames) {
      if (detail::equals_ignore_case(t.name, tok.text)) {
        out = t.value;
        return true;
      }
    }
    std::string message = "unknown stack item type " + quoted(tok.text) + " (expected one of";
    for (const auto& t : detail::kStackItemTypeNames) {
      message += ' ';
      message += t.name;
    }
    message += ", or a number 0..255)";
    error(line_no, tok.column, std::move(message));
    return false;
  }

  // ---- encoding helpers ---------------------------------------------------------------------------------

  static void append_le(std::vector<std::uint8_t>& out, std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }

  // Two's complement of `value` in exactly `width` bytes (precondition: value.byte_length() <= width).
  static void append_integer(std::vector<std::uint8_t>& out, const Integer& value, std::size_t width) {
    std::array<std::uint8_t, Integer::kMaxSize> bytes{};
    const std::size_t len = value.to_le_bytes(bytes);
    const std::uint8_t fill = value.is_negative() ? 0xFF : 0x00;
    for (std::size_t i = 0; i < width; ++i) out.push_back(i < len ? bytes[i] : fill);
  }

  static void encode_pushint(Item& item, const Integer& value) {
    item.kind = OperandKind::Integer;
    if (value.fits_int64() && value.to_int64() >= -1 && value.to_int64() <= 16) {
      item.op = static_cast<OpCode>(static_cast<std::int64_t>(OpCode::PUSH0) + value.to_int64());
      item.kind = OperandKind::None;
      return;
    }
    static constexpr OpCode kForms[] = {OpCode::PUSHINT8,  OpCode::PUSHINT16,  OpCode::PUSHINT32,
                                        OpCode::PUSHINT64, OpCode::PUSHINT128, OpCode::PUSHINT256};
    const std::size_t len = value.byte_length();
    for (const OpCode form : kForms) {
      const std::size_t width = opcode_info(form).operand_size;
      if (len <= width) {
        item.op = form;
        append_integer(item.operand, value, width);
        return;
      }
    }
  }

  bool encode_pushdata(std::uint32_t line_no, const Token& tok, OpCode op,
                       const std::vector<std::uint8_t>& data, Item& item) {
    const int prefix = opcode_info(op).size_prefix;
    const std::uint64_t max = prefix == 1 ? 0xFF : prefix == 2 ? 0xFFFF : 0xFFFFFFFF;
    if (data.size() > max) {
      std::string message = "data of ";
      detail::append_unsigned(message, data.size());
      message += " bytes does not fit in ";
      message += opcode_name(op);
      message += " (at most ";
      detail::append_unsigned(message, max);
      message += "); write PUSHDATA to pick the form";
      error(line_no, tok.column, std::move(message));
      return false;
    }
    item.op = op;
    item.kind = OperandKind::Data;
    append_le(item.operand, data.size(), prefix);
    item.operand.insert(item.operand.end(), data.begin(), data.end());
    return true;
  }

  // ---- labels, layout, encoding ------------------------------------------------------------------------

  // Sorting uses heaps: std::sort and std::stable_sort pull in libgcc's __clzsi2 or std::nothrow on rv32.
  template <typename T, typename Less>
  static void heap_sort(std::vector<T>& v, Less less) {
    std::make_heap(v.begin(), v.end(), less);
    std::sort_heap(v.begin(), v.end(), less);
  }

  void bind_labels() {
    // (name, line, column) is a total order: no two definitions share a position.
    heap_sort(labels_, [](const Label& a, const Label& b) {
      if (a.name != b.name) return a.name < b.name;
      return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    std::vector<Diagnostic> parse_errors = std::move(errors_);
    errors_.clear();
    for (std::size_t i = 1; i < labels_.size(); ++i) {
      if (labels_[i].name == labels_[i - 1].name) {
        std::string message = "label " + quoted(labels_[i].name) + " is already defined on line ";
        detail::append_unsigned(message, labels_[i - 1].line);
        error(labels_[i].line, labels_[i].column, std::move(message));
      }
    }
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (tokens_[j].name != tokens_[i].name) continue;
        std::string message = "token " + quoted(tokens_[i].name) + " is already declared on line ";
        detail::append_unsigned(message, tokens_[j].line);
        error(tokens_[i].line, tokens_[i].column, std::move(message));
        break;
      }
    }
    for (Item& item : items_) {
      if (!item.token_name.empty()) {
        const auto it = std::find_if(tokens_.begin(), tokens_.end(),
                                     [&item](const TokenDecl& d) { return d.name == item.token_name; });
        if (it == tokens_.end()) {
          error(item.line, item.token_column,
                "undefined token " + quoted(item.token_name) + " (declare it with .token)");
        } else {
          const auto index = static_cast<std::uint64_t>(it - tokens_.begin());
          item.operand.clear();
          append_le(item.operand, index, 2);
        }
      }
      for (std::size_t k = 0; k < item.target_count; ++k) {
        Target& target = item.targets[k];
        if (target.label.empty()) continue;
        const auto it = std::lower_bound(labels_.begin(), labels_.end(), target.label,
                                         [](const Label& l, std::string_view name) { return l.name < name; });
        if (it == labels_.end() || it->name != target.label) {
          error(target.line, target.column, "undefined label " + quoted(target.label));
          continue;
        }
        target.label_index = static_cast<std::size_t>(it - labels_.begin());
      }
    }
    // Report everything in source order: parse errors already are; label errors came in label order.
    const auto by_position = [](const Diagnostic& a, const Diagnostic& b) {
      return a.line != b.line ? a.line < b.line : a.column < b.column;
    };
    heap_sort(errors_, by_position);
    std::vector<Diagnostic> merged;
    merged.reserve(parse_errors.size() + errors_.size());
    std::merge(std::make_move_iterator(parse_errors.begin()), std::make_move_iterator(parse_errors.end()),
               std::make_move_iterator(errors_.begin()), std::make_move_iterator(errors_.end()),
               std::back_inserter(merged), by_position);
    if (merged.size() > kMaxDiagnostics) merged.resize(kMaxDiagnostics);
    errors_ = std::move(merged);
  }

  std::uint64_t label_position(std::size_t label_index) const noexcept {
    const std::size_t index = labels_[label_index].item_index;
    return index < items_.size() ? items_[index].offset : end_;
  }

  std::int64_t relative(const Item& item, const Target& target) const noexcept {
    if (target.label.empty()) return target.offset;
    return static_cast<std::int64_t>(label_position(target.label_index)) -
           static_cast<std::int64_t>(item.offset);
  }

  void assign_offsets() noexcept {
    std::uint64_t offset = 0;
    for (Item& item : items_) {
      item.offset = offset;
      offset += item.size();
    }
    end_ = offset;
  }

  // Every auto-sized item starts short and only ever grows, so this reaches the least fixed point: a jump
  // becomes long only when its offset cannot fit a byte with all others as short as they can be.
  void layout() {
    for (;;) {
      assign_offsets();
      bool changed = false;
      for (Item& item : items_) {
        if (!item.auto_size || item.is_long) continue;
        for (std::size_t k = 0; k < item.target_count; ++k) {
          const std::int64_t rel = relative(item, item.targets[k]);
          if (rel < INT8_MIN || rel > INT8_MAX) {
            item.is_long = true;
            changed = true;
            break;
          }
        }
      }
      if (!changed) break;
    }
    if (end_ > 0xFFFFFFFFu) error(1, 1, "the script exceeds 4 GiB");
  }

  void encode(AssembleResult& result) {
    result.script.reserve(static_cast<std::size_t>(end_));
    result.source_map.reserve(items_.size());
    for (const Item& item : items_) {
      result.source_map.push_back(SourceMapEntry{static_cast<std::uint32_t>(item.offset), item.line});
      const OpCode op = item.auto_size && item.is_long ? detail::long_form(item.op) : item.op;
      result.script.push_back(static_cast<std::uint8_t>(op));
      if (item.target_count == 0) {
        result.script.insert(result.script.end(), item.operand.begin(), item.operand.end());
        continue;
      }
      const bool wide = opcode_info(op).operand_size / item.target_count == 4;
      const bool is_try = item.kind == OperandKind::Try8 || item.kind == OperandKind::Try32;
      for (std::size_t k = 0; k < item.target_count; ++k) {
        const Target& target = item.targets[k];
        const std::int64_t rel = relative(item, target);
        if (is_try && rel == 0 && !target.label.empty()) {
          error(target.line, target.column,
                "label " + quoted(target.label) + " is the TRY instruction itself: offset 0 means 'none'");
          continue;
        }
        if (wide ? (rel < INT32_MIN || rel > INT32_MAX) : (rel < INT8_MIN || rel > INT8_MAX)) {
          error(target.line, target.column, "offset out of range for " + std::string(opcode_name(op)));
          continue;
        }
        append_le(result.script, static_cast<std::uint64_t>(rel), wide ? 4 : 1);
      }
    }
  }

  std::string_view source_;
  std::vector<Item> items_;
  std::vector<Label> labels_;
  std::vector<TokenDecl> tokens_;
  std::vector<Diagnostic> errors_;
  std::uint64_t end_ = 0;
};

}  // namespace

AssembleResult assemble(std::string_view source) { return Assembler(source).run(); }

}  // namespace neo::vm::assembly
