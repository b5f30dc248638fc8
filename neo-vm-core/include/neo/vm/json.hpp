// A portable JSON value tree, parser and writer with the semantics of Neo's JToken (Neo.Json), which
// manifests (ContractManifest.Parse) and StdLib.jsonSerialize / jsonDeserialize rely on. Runs in the rv32im
// guest: no exceptions, no floating point, no std::string / std::map.
//
// Parsing follows JToken.Parse, which drives System.Text.Json's Utf8JsonReader with AllowTrailingCommas =
// false, CommentHandling = Skip and MaxDepth = max_nest (64 by default):
// - RFC 8259 grammar, exactly one value, only whitespace (and comments) after it; no trailing commas.
// - Comments (// to end of line, /* ... */) are skipped wherever whitespace may stand, as
// CommentHandling.Skip
//   does; ParseOptions::skip_comments = false rejects them instead.
// - Nesting: at most max_depth arrays / objects open at once.
// - Strings: UTF-8 validated (no overlongs, no surrogates, nothing above U+10FFFF), control characters below
//   0x20 rejected, escapes \" \\ \/ \b \f \n \r \t \uXXXX; \u escapes of surrogates must form a pair.
//   Values are kept decoded, as UTF-8.
// - Objects keep member order; a repeated member name is an error ("Duplicate property name"), as in
//   JToken.ReadObject.
// - Numbers are kept as their literal text (so no precision is lost and no floating point is needed). The
//   reference turns them into doubles and rejects non-finite ones: literals whose magnitude rounds to
//   infinity in binary64 are rejected here too.
// - No byte order mark.
//
// Writing is compact (no whitespace) and escapes strings as System.Text.Json's default encoder does: '"' as
// \u0022, '\\' as \\, \b \f \n \r \t short forms, other control characters, & ' + < > ` and every non-ASCII
// character as \uXXXX (upper-case hex, UTF-16 surrogate pairs above U+FFFF).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "neo/vm/integer.hpp"

namespace neo::vm::json {

enum class Type : std::uint8_t { Null, Boolean, Number, String, Array, Object };

struct Member;

// One JSON value. Plain data: read the fields that belong to `type`, build values with the factories.
struct Value {
  Type type = Type::Null;
  bool boolean = false;         // Boolean
  std::vector<char> text;       // String: the decoded UTF-8 text; Number: the literal (JSON number grammar)
  std::vector<Value> items;     // Array
  std::vector<Member> members;  // Object, in document order, names unique

  static Value null();
  static Value from_bool(bool v);
  static Value from_int64(std::int64_t v);
  // A Number from a literal; false (out untouched) unless `literal` matches the JSON number grammar.
  static bool from_number_text(std::string_view literal, Value& out);
  static Value from_string(std::string_view utf8);  // the caller guarantees valid UTF-8
  static Value array();
  static Value object();

  bool is_null() const noexcept { return type == Type::Null; }
  bool is_bool() const noexcept { return type == Type::Boolean; }
  bool is_number() const noexcept { return type == Type::Number; }
  bool is_string() const noexcept { return type == Type::String; }
  bool is_array() const noexcept { return type == Type::Array; }
  bool is_object() const noexcept { return type == Type::Object; }

  std::string_view string() const noexcept { return {text.data(), text.size()}; }       // String
  std::string_view number_text() const noexcept { return {text.data(), text.size()}; }  // Number

  // Object members.
  const Value* find(std::string_view name) const noexcept;
  Value* find(std::string_view name) noexcept;
  // Appends a member; false (nothing added) when the name is already there.
  bool add(std::string_view name, Value value);

  // Numbers: whether the literal's value is an integer ("12", "-0", "1.0", "1e3", "1.5e1" are; "1.5", "1e-1"
  // are not). False for other types.
  bool is_integral() const noexcept;
  // The integer value of an integral Number that fits; nothing otherwise.
  std::optional<std::int64_t> as_int64() const noexcept;
  // The same for neo::vm::Integer (256-bit); false when not integral or out of range.
  bool as_integer(Integer& out) const noexcept;
};

struct Member {
  std::vector<char> name;  // UTF-8
  Value value;
  std::string_view name_view() const noexcept { return {name.data(), name.size()}; }
};

enum class ErrorCode : std::uint8_t {
  None,
  UnexpectedEnd,        // the text ended inside a value
  UnexpectedCharacter,  // a byte that cannot start / continue the current token
  TrailingCharacters,   // something other than whitespace after the value
  InvalidNumber,
  NumberOutOfRange,  // magnitude rounds to infinity as a double
  InvalidEscape,
  InvalidUtf8,
  ControlCharacter,  // an unescaped byte below 0x20 in a string
  InvalidSurrogate,  // a \u escape of a lone surrogate
  DepthExceeded,
  DuplicateKey,
  CommentNotAllowed,
  InvalidComment,  // an unterminated /* comment
};

// A short English description of the code ("Duplicate property name", ...).
std::string_view error_message(ErrorCode code) noexcept;

struct Error {
  ErrorCode code = ErrorCode::None;
  std::size_t offset = 0;  // byte offset of the offending byte (the text's length for UnexpectedEnd)
  std::string_view message() const noexcept { return error_message(code); }
};

inline constexpr std::uint32_t kDefaultMaxDepth = 64;

struct ParseOptions {
  std::uint32_t max_depth = kDefaultMaxDepth;  // 0 means the default, as JsonReaderOptions.MaxDepth
  bool skip_comments = true;  // CommentHandling.Skip as JToken.Parse; false: comments are an error
};

// Parses one JSON text. On failure returns false with `error` set (out is then unspecified).
bool parse(std::span<const std::uint8_t> text, Value& out, Error& error, const ParseOptions& options = {});
bool parse(std::string_view text, Value& out, Error& error, const ParseOptions& options = {});

// Appends the compact JSON text of `value` to out. Numbers are written as their literal.
void write(const Value& value, std::vector<char>& out);
std::vector<char> write(const Value& value);
// Appends a JSON string literal (quotes included) for UTF-8 text, escaped as described above. Returns false
// (out unspecified) if `utf8` is not valid UTF-8.
bool write_string(std::string_view utf8, std::vector<char>& out);

// Strict UTF-8 validation (what the reference's StrictUTF8 accepts).
bool is_valid_utf8(std::span<const std::uint8_t> bytes) noexcept;

}  // namespace neo::vm::json
