// JSON parser and writer with JToken semantics (see json.hpp for the rules and where they come from).
#include "neo/vm/json.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

namespace neo::vm::json {

namespace {

// The smallest decimal magnitude that rounds to infinity in IEEE binary64 (round to nearest, ties to even):
// 2^1024 - 2^970, halfway between DBL_MAX and 2^1024 (DBL_MAX's significand is odd, so the tie goes up).
// 309 digits; a literal is out of range when its value is >= this.
constexpr std::string_view kDoubleOverflowDigits =
    "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096"
    "330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730"
    "270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497"
    "792";

// A number literal reduced to significant digits and a decimal exponent: value = 0.digits x 10^exponent, the
// digits without leading or trailing zeros (empty for zero).
struct Decimal {
  bool negative = false;
  std::string_view integer_part;    // digits before '.'
  std::string_view fraction_part;   // digits after '.', possibly empty
  std::int64_t exponent_value = 0;  // the e/E part, clamped to +-10^9 (far beyond any meaningful range)
};

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Matches the JSON number grammar on the whole of `s`.
bool split_number(std::string_view s, Decimal& d) noexcept {
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') {
    d.negative = true;
    ++i;
  }
  const std::size_t int_begin = i;
  if (i >= s.size() || !is_digit(s[i])) return false;
  if (s[i] == '0') {
    ++i;
  } else {
    while (i < s.size() && is_digit(s[i])) ++i;
  }
  d.integer_part = s.substr(int_begin, i - int_begin);
  if (i < s.size() && s[i] == '.') {
    ++i;
    const std::size_t frac_begin = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == frac_begin) return false;
    d.fraction_part = s.substr(frac_begin, i - frac_begin);
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
      exp_negative = s[i] == '-';
      ++i;
    }
    const std::size_t exp_begin = i;
    std::int64_t e = 0;
    while (i < s.size() && is_digit(s[i])) {
      if (e < 1000000000) e = e * 10 + (s[i] - '0');
      ++i;
    }
    if (i == exp_begin) return false;
    d.exponent_value = exp_negative ? -e : e;
  }
  return i == s.size();
}

// Significant digits (no leading / trailing zeros) into `digits` and the exponent E with value =
// 0.digits x 10^E. Returns false for zero (digits empty).
bool significant_digits(const Decimal& d, std::vector<char>& digits, std::int64_t& point) {
  digits.clear();
  std::int64_t position = static_cast<std::int64_t>(d.integer_part.size());  // digits before the point
  bool leading = true;
  auto take = [&](char c) {
    if (leading && c == '0') {
      --position;
      return;
    }
    leading = false;
    digits.push_back(c);
  };
  for (const char c : d.integer_part) take(c);
  for (const char c : d.fraction_part) take(c);
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  if (digits.empty()) return false;
  point = position + d.exponent_value;
  return true;
}

bool overflows_double(const Decimal& d) {
  std::vector<char> digits;
  std::int64_t point = 0;
  if (!significant_digits(d, digits, point)) return false;
  const auto limit_digits = static_cast<std::int64_t>(kDoubleOverflowDigits.size());
  if (point != limit_digits) return point > limit_digits;
  // Same number of integer digits: compare digit strings (missing digits are zeros).
  for (std::size_t i = 0; i < kDoubleOverflowDigits.size(); ++i) {
    const char c = i < digits.size() ? digits[i] : '0';
    if (c != kDoubleOverflowDigits[i]) return c > kDoubleOverflowDigits[i];
  }
  return true;  // equal to the threshold (further digits only make it larger)
}

// The integer digits (no sign, no leading zeros, "0" for zero) of an integral literal; false when not
// integral or longer than max_digits.
bool integral_digits(std::string_view literal, std::size_t max_digits, bool& negative,
                     std::vector<char>& out) {
  Decimal d;
  if (!split_number(literal, d)) return false;
  negative = d.negative;
  std::vector<char> digits;
  std::int64_t point = 0;
  out.clear();
  if (!significant_digits(d, digits, point)) {
    out.push_back('0');
    negative = false;
    return true;
  }
  if (point < static_cast<std::int64_t>(digits.size())) return false;  // a fractional part remains
  if (point > static_cast<std::int64_t>(max_digits)) return false;
  out = std::move(digits);
  out.resize(static_cast<std::size_t>(point), '0');
  return true;
}

// --- UTF-8 ----------------------------------------------------------------------------------------------

// Decodes one code point at s[i]; returns its length (1..4) or 0 when the sequence is not strict UTF-8.
std::size_t decode_utf8(const std::uint8_t* s, std::size_t n, std::uint32_t& cp) noexcept {
  const std::uint8_t b0 = s[0];
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len;
  std::uint32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1Fu;
    min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0Fu;
    min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07u;
    min = 0x10000;
  } else {
    return 0;
  }
  if (n < len) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((s[k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[k] & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

void append_utf8(std::uint32_t cp, std::vector<char>& out) {
  auto put = [&](std::uint32_t b) { out.push_back(static_cast<char>(static_cast<std::uint8_t>(b))); };
  if (cp < 0x80) {
    put(cp);
  } else if (cp < 0x800) {
    put(0xC0 | (cp >> 6));
    put(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    put(0xE0 | (cp >> 12));
    put(0x80 | ((cp >> 6) & 0x3F));
    put(0x80 | (cp & 0x3F));
  } else {
    put(0xF0 | (cp >> 18));
    put(0x80 | ((cp >> 12) & 0x3F));
    put(0x80 | ((cp >> 6) & 0x3F));
    put(0x80 | (cp & 0x3F));
  }
}

// --- parser ---------------------------------------------------------------------------------------------

class Parser {
 public:
  Parser(std::span<const std::uint8_t> text, const ParseOptions& options) noexcept
      : s_(text.data()), n_(text.size()), options_(options) {
    max_depth_ = options.max_depth == 0 ? kDefaultMaxDepth : options.max_depth;
  }

  bool run(Value& out, Error& error) {
    bool ok = skip_space() && parse_value(out, 0);
    if (ok) {
      ok = skip_space();
      if (ok && pos_ < n_) fail(ErrorCode::TrailingCharacters, pos_);
      ok = ok && pos_ >= n_;
    }
    error = error_;
    return ok;
  }

 private:
  bool fail(ErrorCode code, std::size_t at) noexcept {
    if (error_.code == ErrorCode::None) {
      error_.code = code;
      error_.offset = at;
    }
    return false;
  }

  // Whitespace and, with skip_comments, comments.
  bool skip_space() noexcept {
    for (;;) {
      while (pos_ < n_ && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
        ++pos_;
      if (pos_ >= n_ || s_[pos_] != '/') return true;
      if (!options_.skip_comments) return fail(ErrorCode::CommentNotAllowed, pos_);
      if (!skip_comment()) return false;
    }
  }

  bool skip_comment() noexcept {
    const std::size_t start = pos_;
    if (pos_ + 1 >= n_) return fail(ErrorCode::InvalidComment, start);
    if (s_[pos_ + 1] == '/') {
      pos_ += 2;
      while (pos_ < n_ && s_[pos_] != '\n' && s_[pos_] != '\r') {
        std::uint32_t cp = 0;
        const std::size_t len = decode_utf8(s_ + pos_, n_ - pos_, cp);
        if (len == 0) return fail(ErrorCode::InvalidUtf8, pos_);
        // Utf8JsonReader treats U+2028 / U+2029 inside a single-line comment as an error.
        if (cp == 0x2028 || cp == 0x2029) return fail(ErrorCode::InvalidComment, pos_);
        pos_ += len;
      }
      return true;
    }
    if (s_[pos_ + 1] == '*') {
      pos_ += 2;
      while (pos_ + 1 < n_) {
        if (s_[pos_] == '*' && s_[pos_ + 1] == '/') {
          pos_ += 2;
          return true;
        }
        std::uint32_t cp = 0;
        const std::size_t len = decode_utf8(s_ + pos_, n_ - pos_, cp);
        if (len == 0) return fail(ErrorCode::InvalidUtf8, pos_);
        pos_ += len;
      }
      return fail(ErrorCode::InvalidComment, start);
    }
    return fail(ErrorCode::UnexpectedCharacter, start);
  }

  bool expect_literal(std::string_view word) noexcept {
    for (std::size_t k = 0; k < word.size(); ++k) {
      if (pos_ + k >= n_) return fail(ErrorCode::UnexpectedEnd, n_);
      if (s_[pos_ + k] != static_cast<std::uint8_t>(word[k]))
        return fail(ErrorCode::UnexpectedCharacter, pos_ + k);
    }
    pos_ += word.size();
    return check_delimiter();
  }

  // After a literal or number: the next byte must end the token.
  bool check_delimiter() noexcept {
    if (pos_ >= n_) return true;
    switch (s_[pos_]) {
      case ' ':
      case '\t':
      case '\n':
      case '\r':
      case ',':
      case ']':
      case '}':
      case '/':
        return true;
      default:
        return fail(ErrorCode::UnexpectedCharacter, pos_);
    }
  }

  bool parse_value(Value& out, std::uint32_t depth) {
    if (pos_ >= n_) return fail(ErrorCode::UnexpectedEnd, n_);
    const std::uint8_t c = s_[pos_];
    switch (c) {
      case 'n':
        out = Value();
        return expect_literal("null");
      case 't':
        out = Value::from_bool(true);
        return expect_literal("true");
      case 'f':
        out = Value::from_bool(false);
        return expect_literal("false");
      case '"':
        out = Value();
        out.type = Type::String;
        return parse_string(out.text);
      case '[':
        return parse_array(out, depth);
      case '{':
        return parse_object(out, depth);
      default:
        if (c == '-' || is_digit(static_cast<char>(c))) return parse_number(out);
        return fail(ErrorCode::UnexpectedCharacter, pos_);
    }
  }

  bool parse_number(Value& out) {
    const std::size_t start = pos_;
    std::size_t i = pos_;
    auto digit_at = [&](std::size_t k) { return k < n_ && is_digit(static_cast<char>(s_[k])); };
    // Points at the byte that breaks the grammar, or at the end when the text stops inside the number.
    auto bad = [&](std::size_t k) {
      return k >= n_ ? fail(ErrorCode::UnexpectedEnd, n_) : fail(ErrorCode::InvalidNumber, k);
    };
    if (s_[i] == '-') ++i;
    if (!digit_at(i)) return bad(i);
    if (s_[i] == '0') {
      ++i;
    } else {
      while (digit_at(i)) ++i;
    }
    if (i < n_ && s_[i] == '.') {
      ++i;
      if (!digit_at(i)) return bad(i);
      while (digit_at(i)) ++i;
    }
    if (i < n_ && (s_[i] == 'e' || s_[i] == 'E')) {
      ++i;
      if (i < n_ && (s_[i] == '+' || s_[i] == '-')) ++i;
      if (!digit_at(i)) return bad(i);
      while (digit_at(i)) ++i;
    }
    const std::string_view literal(reinterpret_cast<const char*>(s_ + start), i - start);
    Decimal d;
    split_number(literal, d);  // cannot fail: the scan above matched the same grammar
    if (overflows_double(d)) return fail(ErrorCode::NumberOutOfRange, start);
    pos_ = i;
    out = Value();
    out.type = Type::Number;
    out.text.assign(literal.begin(), literal.end());
    if (pos_ < n_ &&
        (s_[pos_] == '.' || s_[pos_] == 'e' || s_[pos_] == 'E' || is_digit(static_cast<char>(s_[pos_]))))
      return fail(ErrorCode::InvalidNumber, pos_);
    return check_delimiter();
  }

  static int hex_value(std::uint8_t c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool read_hex4(std::uint32_t& v) noexcept {
    v = 0;
    for (int k = 0; k < 4; ++k) {
      if (pos_ >= n_) return fail(ErrorCode::UnexpectedEnd, n_);
      const int h = hex_value(s_[pos_]);
      if (h < 0) return fail(ErrorCode::InvalidEscape, pos_);
      v = (v << 4) | static_cast<std::uint32_t>(h);
      ++pos_;
    }
    return true;
  }

  // Precondition: s_[pos_] == '"'. Decodes into out.
  bool parse_string(std::vector<char>& out) {
    out.clear();
    ++pos_;
    for (;;) {
      if (pos_ >= n_) return fail(ErrorCode::UnexpectedEnd, n_);
      const std::uint8_t c = s_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return fail(ErrorCode::ControlCharacter, pos_);
      if (c == '\\') {
        const std::size_t escape_at = pos_;
        ++pos_;
        if (pos_ >= n_) return fail(ErrorCode::UnexpectedEnd, n_);
        const std::uint8_t e = s_[pos_++];
        switch (e) {
          case '"':
            out.push_back('"');
            break;
          case '\\':
            out.push_back('\\');
            break;
          case '/':
            out.push_back('/');
            break;
          case 'b':
            out.push_back('\b');
            break;
          case 'f':
            out.push_back('\f');
            break;
          case 'n':
            out.push_back('\n');
            break;
          case 'r':
            out.push_back('\r');
            break;
          case 't':
            out.push_back('\t');
            break;
          case 'u': {
            std::uint32_t unit = 0;
            if (!read_hex4(unit)) return false;
            if (unit >= 0xDC00 && unit <= 0xDFFF) return fail(ErrorCode::InvalidSurrogate, escape_at);
            if (unit >= 0xD800 && unit <= 0xDBFF) {
              // A high surrogate must be followed by an escaped low surrogate.
              if (pos_ + 1 >= n_ || s_[pos_] != '\\' || s_[pos_ + 1] != 'u')
                return fail(ErrorCode::InvalidSurrogate, escape_at);
              pos_ += 2;
              std::uint32_t low = 0;
              if (!read_hex4(low)) return false;
              if (low < 0xDC00 || low > 0xDFFF) return fail(ErrorCode::InvalidSurrogate, escape_at);
              unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            }
            append_utf8(unit, out);
            break;
          }
          default:
            return fail(ErrorCode::InvalidEscape, escape_at);
        }
        continue;
      }
      std::uint32_t cp = 0;
      const std::size_t len = decode_utf8(s_ + pos_, n_ - pos_, cp);
      if (len == 0) return fail(ErrorCode::InvalidUtf8, pos_);
      out.insert(out.end(), reinterpret_cast<const char*>(s_ + pos_),
                 reinterpret_cast<const char*>(s_ + pos_ + len));
      pos_ += len;
    }
  }

  bool parse_array(Value& out, std::uint32_t depth) {
    if (depth >= max_depth_) return fail(ErrorCode::DepthExceeded, pos_);
    out = Value::array();
    ++pos_;
    if (!skip_space()) return false;
    if (pos_ < n_ && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    for (;;) {
      out.items.emplace_back();
      if (!parse_value(out.items.back(), depth + 1) || !skip_space()) return false;
      if (pos_ >= n_) return fail(ErrorCode::UnexpectedEnd, n_);
      if (s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      if (s_[pos_] != ',') return fail(ErrorCode::UnexpectedCharacter, pos_);
      ++pos_;
      if (!skip_space()) return false;
      // No trailing comma (AllowTrailingCommas = false).
      if (pos_ < n_ && s_[pos_] == ']') return fail(ErrorCode::UnexpectedCharacter, pos_);
    }
  }

  bool parse_object(Value& out, std::uint32_t depth) {
    if (depth >= max_depth_) return fail(ErrorCode::DepthExceeded, pos_);
    out = Value::object();
    ++pos_;
    if (!skip_space()) return false;
    if (pos_ < n_ && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    std::vector<char> name;
    for (;;) {
      if (pos_ >= n_) return fail(ErrorCode::UnexpectedEnd, n_);
      if (s_[pos_] != '"') return fail(ErrorCode::UnexpectedCharacter, pos_);
      const std::size_t name_at = pos_;
      if (!parse_string(name)) return false;
      if (out.find(std::string_view(name.data(), name.size())) != nullptr)
        return fail(ErrorCode::DuplicateKey, name_at);
      if (!skip_space()) return false;
      if (pos_ >= n_) return fail(ErrorCode::UnexpectedEnd, n_);
      if (s_[pos_] != ':') return fail(ErrorCode::UnexpectedCharacter, pos_);
      ++pos_;
      if (!skip_space()) return false;
      out.members.emplace_back();
      out.members.back().name = std::move(name);
      name = {};
      if (!parse_value(out.members.back().value, depth + 1) || !skip_space()) return false;
      if (pos_ >= n_) return fail(ErrorCode::UnexpectedEnd, n_);
      if (s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      if (s_[pos_] != ',') return fail(ErrorCode::UnexpectedCharacter, pos_);
      ++pos_;
      if (!skip_space()) return false;
    }
  }

  const std::uint8_t* s_;
  std::size_t n_;
  std::size_t pos_ = 0;
  ParseOptions options_;
  std::uint32_t max_depth_ = kDefaultMaxDepth;
  Error error_{};
};

// --- writer ---------------------------------------------------------------------------------------------

void append(std::vector<char>& out, std::string_view s) { out.insert(out.end(), s.begin(), s.end()); }

void append_u_escape(std::uint32_t unit, std::vector<char>& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out.push_back('\\');
  out.push_back('u');
  for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kHex[(unit >> shift) & 0xF]);
}

}  // namespace

// --- Value ----------------------------------------------------------------------------------------------

Value Value::null() { return Value(); }

Value Value::from_bool(bool v) {
  Value out;
  out.type = Type::Boolean;
  out.boolean = v;
  return out;
}

Value Value::from_int64(std::int64_t v) {
  Value out;
  out.type = Type::Number;
  // Digits of the magnitude, computed on the unsigned value so that INT64_MIN works.
  std::uint64_t magnitude = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  char digits[20];
  std::size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (v < 0) out.text.push_back('-');
  while (n > 0) out.text.push_back(digits[--n]);
  return out;
}

bool Value::from_number_text(std::string_view literal, Value& out) {
  Decimal d;
  if (!split_number(literal, d)) return false;
  out = Value();
  out.type = Type::Number;
  out.text.assign(literal.begin(), literal.end());
  return true;
}

Value Value::from_string(std::string_view utf8) {
  Value out;
  out.type = Type::String;
  out.text.assign(utf8.begin(), utf8.end());
  return out;
}

Value Value::array() {
  Value out;
  out.type = Type::Array;
  return out;
}

Value Value::object() {
  Value out;
  out.type = Type::Object;
  return out;
}

const Value* Value::find(std::string_view name) const noexcept {
  for (const Member& m : members)
    if (m.name_view() == name) return &m.value;
  return nullptr;
}

Value* Value::find(std::string_view name) noexcept {
  for (Member& m : members)
    if (m.name_view() == name) return &m.value;
  return nullptr;
}

bool Value::add(std::string_view name, Value value) {
  if (find(name) != nullptr) return false;
  members.emplace_back();
  members.back().name.assign(name.begin(), name.end());
  members.back().value = std::move(value);
  return true;
}

bool Value::is_integral() const noexcept {
  if (type != Type::Number) return false;
  Decimal d;
  if (!split_number(number_text(), d)) return false;
  std::vector<char> digits;
  std::int64_t point = 0;
  if (!significant_digits(d, digits, point)) return true;
  return point >= static_cast<std::int64_t>(digits.size());
}

std::optional<std::int64_t> Value::as_int64() const noexcept {
  if (type != Type::Number) return std::nullopt;
  bool negative = false;
  std::vector<char> digits;
  if (!integral_digits(number_text(), 19, negative, digits)) return std::nullopt;
  std::uint64_t magnitude = 0;
  for (const char c : digits) {
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (magnitude > (UINT64_MAX - digit) / 10) return std::nullopt;
    magnitude = magnitude * 10 + digit;
  }
  if (negative) {
    if (magnitude > static_cast<std::uint64_t>(INT64_MAX) + 1) return std::nullopt;
    return static_cast<std::int64_t>(0 - magnitude);
  }
  if (magnitude > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<std::int64_t>(magnitude);
}

bool Value::as_integer(Integer& out) const noexcept {
  if (type != Type::Number) return false;
  bool negative = false;
  std::vector<char> digits;
  // 2^255 has 78 digits; anything longer is out of range.
  if (!integral_digits(number_text(), 78, negative, digits)) return false;
  if (negative) digits.insert(digits.begin(), '-');
  return Integer::from_decimal(digits.data(), digits.size(), out);
}

// --- errors ---------------------------------------------------------------------------------------------

std::string_view error_message(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::None:
      return "no error";
    case ErrorCode::UnexpectedEnd:
      return "Unexpected end of JSON text";
    case ErrorCode::UnexpectedCharacter:
      return "Unexpected character";
    case ErrorCode::TrailingCharacters:
      return "Unexpected data after the JSON value";
    case ErrorCode::InvalidNumber:
      return "Invalid number";
    case ErrorCode::NumberOutOfRange:
      return "Number is not finite as a double";
    case ErrorCode::InvalidEscape:
      return "Invalid escape sequence";
    case ErrorCode::InvalidUtf8:
      return "Invalid UTF-8";
    case ErrorCode::ControlCharacter:
      return "Control character in string";
    case ErrorCode::InvalidSurrogate:
      return "Invalid UTF-16 surrogate escape";
    case ErrorCode::DepthExceeded:
      return "Maximum nesting depth exceeded";
    case ErrorCode::DuplicateKey:
      return "Duplicate property name";
    case ErrorCode::CommentNotAllowed:
      return "Comments are not allowed";
    case ErrorCode::InvalidComment:
      return "Invalid comment";
  }
  return "unknown error";
}

// --- parse / write --------------------------------------------------------------------------------------

bool parse(std::span<const std::uint8_t> text, Value& out, Error& error, const ParseOptions& options) {
  error = Error{};
  Parser parser(text, options);
  return parser.run(out, error);
}

bool parse(std::string_view text, Value& out, Error& error, const ParseOptions& options) {
  return parse(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()),
               out, error, options);
}

bool is_valid_utf8(std::span<const std::uint8_t> bytes) noexcept {
  std::size_t i = 0;
  while (i < bytes.size()) {
    if (bytes[i] < 0x80) {
      ++i;
      continue;
    }
    std::uint32_t cp = 0;
    const std::size_t len = decode_utf8(bytes.data() + i, bytes.size() - i, cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

bool write_string(std::string_view utf8, std::vector<char>& out) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const std::size_t n = utf8.size();
  out.push_back('"');
  std::size_t i = 0;
  while (i < n) {
    const std::uint8_t c = s[i];
    if (c < 0x80) {
      switch (c) {
        case '\\':
          append(out, "\\\\");
          break;
        case '\b':
          append(out, "\\b");
          break;
        case '\f':
          append(out, "\\f");
          break;
        case '\n':
          append(out, "\\n");
          break;
        case '\r':
          append(out, "\\r");
          break;
        case '\t':
          append(out, "\\t");
          break;
        case '"':
        case '&':
        case '\'':
        case '+':
        case '<':
        case '>':
        case '`':
          append_u_escape(c, out);
          break;
        default:
          if (c < 0x20 || c == 0x7F) {
            append_u_escape(c, out);
          } else {
            out.push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    std::uint32_t cp = 0;
    const std::size_t len = decode_utf8(s + i, n - i, cp);
    if (len == 0) return false;
    if (cp >= 0x10000) {
      const std::uint32_t v = cp - 0x10000;
      append_u_escape(0xD800 + (v >> 10), out);
      append_u_escape(0xDC00 + (v & 0x3FF), out);
    } else {
      append_u_escape(cp, out);
    }
    i += len;
  }
  out.push_back('"');
  return true;
}

void write(const Value& value, std::vector<char>& out) {
  switch (value.type) {
    case Type::Null:
      append(out, "null");
      return;
    case Type::Boolean:
      append(out, value.boolean ? "true" : "false");
      return;
    case Type::Number:
      append(out, value.number_text());
      return;
    case Type::String: {
      const std::size_t mark = out.size();
      if (!write_string(value.string(), out)) {
        // Values built from parsed text are valid; an invalid one from a host is written with every byte
        // escaped so that the output stays valid JSON.
        out.resize(mark);
        out.push_back('"');
        for (const char c : value.text) append_u_escape(static_cast<std::uint8_t>(c), out);
        out.push_back('"');
      }
      return;
    }
    case Type::Array: {
      out.push_back('[');
      bool first = true;
      for (const Value& item : value.items) {
        if (!first) out.push_back(',');
        first = false;
        write(item, out);
      }
      out.push_back(']');
      return;
    }
    case Type::Object: {
      out.push_back('{');
      bool first = true;
      for (const Member& m : value.members) {
        if (!first) out.push_back(',');
        first = false;
        write(Value::from_string(m.name_view()), out);
        out.push_back(':');
        write(m.value, out);
      }
      out.push_back('}');
      return;
    }
  }
}

std::vector<char> write(const Value& value) {
  std::vector<char> out;
  write(value, out);
  return out;
}

}  // namespace neo::vm::json
