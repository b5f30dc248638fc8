// StdLib (id -2): serialization, JSON, number / text conversions, encodings and memory helpers, with the
// reference's semantics and limits (MaxInputLength 1024 on the [MaxLength] parameters).
// docs/native-contracts.md lists every rule and the few deliberate differences.
#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "native_internal.hpp"
#include "neo/vm/app/binary_serializer.hpp"
#include "neo/vm/json.hpp"

namespace neo::vm::app::native::detail {

namespace {

using Bytes = std::vector<std::uint8_t>;

StackItem string_item(std::string_view s) {
  return StackItem::byte_string({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
}
StackItem string_item(const std::vector<char>& s) {
  return string_item(std::string_view(s.data(), s.size()));
}

// --- itoa / atoi ----------------------------------------------------------------------------------------

// BigInteger.ToString("x"): the two's-complement bytes in hex, without the redundant leading sign nibbles
// (a leading 0 stays when the next nibble is 8..f for a positive value, a leading f when it is 0..7 for a
// negative one). Zero is "0".
std::vector<char> to_hex_twos_complement(const Integer& v) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::array<std::uint8_t, Integer::kMaxSize> le{};
  const std::size_t n = v.to_le_bytes(le);
  std::vector<char> digits;
  if (n == 0) {
    digits.push_back('0');
    return digits;
  }
  for (std::size_t i = n; i-- > 0;) {
    digits.push_back(kHex[le[i] >> 4]);
    digits.push_back(kHex[le[i] & 15]);
  }
  const char sign = v.is_negative() ? 'f' : '0';
  std::size_t skip = 0;
  while (skip + 1 < digits.size() && digits[skip] == sign) {
    const int next = digits[skip + 1] <= '9' ? digits[skip + 1] - '0' : digits[skip + 1] - 'a' + 10;
    if ((next >= 8) != v.is_negative()) break;
    ++skip;
  }
  digits.erase(digits.begin(), digits.begin() + static_cast<std::ptrdiff_t>(skip));
  return digits;
}

// .NET's number parsing accepts trailing NUL characters after the number.
std::string_view strip_trailing_nuls(std::string_view s) noexcept {
  while (!s.empty() && s.back() == '\0') s.remove_suffix(1);
  return s;
}

// BigInteger.Parse(s, NumberStyles.AllowLeadingSign): [+-]digits, nothing else.
bool parse_decimal(std::string_view s, Integer& out) noexcept {
  s = strip_trailing_nuls(s);
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  for (const char c : s)
    if (c < '0' || c > '9') return false;
  while (s.size() > 1 && s[0] == '0') s.remove_prefix(1);
  if (s.size() > 78) return false;  // beyond 2^255 (78 digits) whatever the digits
  char text[80];
  std::size_t n = 0;
  if (negative) text[n++] = '-';
  std::memcpy(text + n, s.data(), s.size());
  n += s.size();
  return Integer::from_decimal(text, n, out);
}

int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// BigInteger.Parse(s, NumberStyles.AllowHexSpecifier): hex digits only, read as two's complement (a first
// digit of 8..f makes the value negative).
bool parse_hex(std::string_view s, Integer& out) noexcept {
  s = strip_trailing_nuls(s);
  if (s.empty()) return false;
  for (const char c : s)
    if (hex_digit(c) < 0) return false;
  const bool negative = hex_digit(s[0]) >= 8;
  const int sign_nibble = negative ? 15 : 0;
  // Drop redundant sign nibbles so that long but small inputs ("ffff...f") fit.
  while (s.size() > 1 && hex_digit(s[0]) == sign_nibble && (hex_digit(s[1]) >= 8) == negative)
    s.remove_prefix(1);
  if (s.size() > 2 * Integer::kMaxSize) return false;
  std::array<std::uint8_t, Integer::kMaxSize> le{};
  std::size_t nibble = 0;
  for (std::size_t i = s.size(); i-- > 0; ++nibble) {
    const auto d = static_cast<std::uint8_t>(hex_digit(s[i]));
    le[nibble / 2] |= static_cast<std::uint8_t>(nibble % 2 == 0 ? d : d << 4);
  }
  if (negative && nibble % 2 == 1) le[nibble / 2] |= 0xF0;  // sign-extend the half byte
  const std::size_t length = (nibble + 1) / 2;
  return Integer::from_le_bytes(std::span<const std::uint8_t>(le.data(), length), out);
}

// --- base64 ---------------------------------------------------------------------------------------------

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::vector<char> base64_encode(std::span<const std::uint8_t> data, bool url) {
  std::vector<char> out;
  out.reserve((data.size() + 2) / 3 * 4);
  auto sym = [&](std::uint32_t v) {
    char c = kBase64[v & 63];
    if (url && c == '+') c = '-';
    if (url && c == '/') c = '_';
    out.push_back(c);
  };
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8) | data[i + 2];
    sym(v >> 18);
    sym(v >> 12);
    sym(v >> 6);
    sym(v);
  }
  const std::size_t rest = data.size() - i;
  if (rest > 0) {
    std::uint32_t v = std::uint32_t{data[i]} << 16;
    if (rest == 2) v |= std::uint32_t{data[i + 1]} << 8;
    sym(v >> 18);
    sym(v >> 12);
    if (rest == 2) sym(v >> 6);
    if (!url) {
      if (rest == 1) out.push_back('=');
      out.push_back('=');
    }
  }
  return out;
}

int base64_value(char c, bool url) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (!url && c == '+') return 62;
  if (!url && c == '/') return 63;
  if (url && c == '-') return 62;
  if (url && c == '_') return 63;
  return -1;
}

// Decodes symbols (no padding, no whitespace); a count of 1 mod 4 is malformed. Unused low bits of the last
// symbol are ignored, as .NET does.
bool base64_decode_symbols(std::string_view symbols, bool url, Bytes& out) {
  if (symbols.size() % 4 == 1) return false;
  out.clear();
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : symbols) {
    const int v = base64_value(c, url);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>(acc >> bits));
    }
  }
  return true;
}

// Convert.FromBase64String: whitespace (space, tab, CR, LF) is ignored; the rest is a multiple of 4
// characters with at most two '=' at the very end.
bool base64_decode_standard(std::string_view s, Bytes& out) {
  std::vector<char> symbols;
  std::size_t padding = 0;
  for (const char c : s) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    if (padding > 0) return false;  // data after padding
    symbols.push_back(c);
  }
  if (padding > 2 || (symbols.size() + padding) % 4 != 0) return false;
  if (padding > 0 && symbols.size() % 4 == 0) return false;  // "====" style padding of nothing
  return base64_decode_symbols({symbols.data(), symbols.size()}, false, out);
}

// Base64UrlEncoder.Decode: the URL alphabet without padding; a trailing '=' padding up to a multiple of 4
// is tolerated.
bool base64_decode_url(std::string_view s, Bytes& out) {
  std::size_t padding = 0;
  while (!s.empty() && s.back() == '=' && padding < 2) {
    s.remove_suffix(1);
    ++padding;
  }
  if (padding > 0 && (s.size() + padding) % 4 != 0) return false;
  return base64_decode_symbols(s, true, out);
}

// Encoding.UTF8.GetString: invalid sequences become U+FFFD, one per maximal ill-formed subpart.
std::vector<char> utf8_lossy(std::span<const std::uint8_t> bytes) {
  std::vector<char> out;
  std::size_t i = 0;
  const std::size_t n = bytes.size();
  auto replacement = [&] {
    out.push_back(static_cast<char>(0xEF));
    out.push_back(static_cast<char>(0xBF));
    out.push_back(static_cast<char>(0xBD));
  };
  while (i < n) {
    const std::uint8_t b0 = bytes[i];
    if (b0 < 0x80) {
      out.push_back(static_cast<char>(b0));
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3;
      if (b0 == 0xE0) lo = 0xA0;
      if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4;
      if (b0 == 0xF0) lo = 0x90;
      if (b0 == 0xF4) hi = 0x8F;
    } else {
      replacement();
      ++i;
      continue;
    }
    std::size_t k = 1;
    for (; k < len && i + k < n; ++k) {
      const std::uint8_t b = bytes[i + k];
      const std::uint8_t min = k == 1 ? lo : 0x80, max = k == 1 ? hi : 0xBF;
      if (b < min || b > max) break;
    }
    if (k == len) {
      out.insert(out.end(), reinterpret_cast<const char*>(bytes.data() + i),
                 reinterpret_cast<const char*>(bytes.data() + i + len));
    } else {
      replacement();
    }
    i += k;
  }
  return out;
}

// --- base58 ---------------------------------------------------------------------------------------------

constexpr char kBase58[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

std::vector<char> base58_encode(std::span<const std::uint8_t> data) {
  std::size_t zeros = 0;
  while (zeros < data.size() && data[zeros] == 0) ++zeros;
  // Base-58 digits of the big-endian number, least significant first.
  std::vector<std::uint8_t> digits;
  for (std::size_t i = zeros; i < data.size(); ++i) {
    std::uint32_t carry = data[i];
    for (std::uint8_t& d : digits) {
      carry += static_cast<std::uint32_t>(d) << 8;
      d = static_cast<std::uint8_t>(carry % 58);
      carry /= 58;
    }
    while (carry > 0) {
      digits.push_back(static_cast<std::uint8_t>(carry % 58));
      carry /= 58;
    }
  }
  std::vector<char> out(zeros, '1');
  for (std::size_t i = digits.size(); i-- > 0;) out.push_back(kBase58[digits[i]]);
  return out;
}

int base58_value(char c) noexcept {
  for (int v = 0; v < 58; ++v)
    if (kBase58[v] == c) return v;
  return -1;
}

bool base58_decode(std::string_view s, Bytes& out) {
  std::size_t ones = 0;
  while (ones < s.size() && s[ones] == '1') ++ones;
  std::vector<std::uint8_t> bytes;  // little-endian
  for (std::size_t i = ones; i < s.size(); ++i) {
    const int digit = base58_value(s[i]);
    if (digit < 0) return false;
    auto carry = static_cast<std::uint32_t>(digit);
    for (std::uint8_t& b : bytes) {
      carry += static_cast<std::uint32_t>(b) * 58;
      b = static_cast<std::uint8_t>(carry);
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push_back(static_cast<std::uint8_t>(carry));
      carry >>= 8;
    }
  }
  out.assign(ones, 0);
  out.insert(out.end(), bytes.rbegin(), bytes.rend());
  return true;
}

std::array<std::uint8_t, 4> base58_checksum(const crypto::CryptoBackend& backend,
                                            std::span<const std::uint8_t> data) {
  const auto first = backend.sha256(data);
  const auto second = backend.sha256(first);
  return {second[0], second[1], second[2], second[3]};
}

// --- hex ------------------------------------------------------------------------------------------------

bool hex_decode(std::string_view s, Bytes& out) {
  if (s.size() % 2 != 0) return false;
  out.clear();
  for (std::size_t i = 0; i < s.size(); i += 2) {
    const int hi = hex_digit(s[i]), lo = hex_digit(s[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
  }
  return true;
}

// --- JSON -----------------------------------------------------------------------------------------------

constexpr std::int64_t kMaxSafeInteger = (std::int64_t{1} << 53) - 1;
constexpr std::uint32_t kJsonWriterMaxDepth = 1000;  // Utf8JsonWriter's default MaxDepth

// Utf8JsonWriter.WriteNumberValue((double)v) for |v| <= 2^53 - 1: the shortest round-trip form, which is
// the plain integer below 10^15 and d.dddE+15 from 10^15 on (trailing zeros of the mantissa dropped).
void append_json_integer(std::int64_t v, std::vector<char>& out) {
  char digits[20];
  std::size_t n = 0;
  std::uint64_t magnitude = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  do {
    digits[n++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  std::reverse(digits, digits + n);
  if (v < 0) out.push_back('-');
  if (n <= 15) {
    out.insert(out.end(), digits, digits + n);
    return;
  }
  std::size_t significant = n;
  while (significant > 1 && digits[significant - 1] == '0') --significant;
  out.push_back(digits[0]);
  if (significant > 1) {
    out.push_back('.');
    out.insert(out.end(), digits + 1, digits + significant);
  }
  const std::string_view exponent = n == 16 ? "E+15" : "E+16";  // n <= 16 below 2^53
  out.insert(out.end(), exponent.begin(), exponent.end());
}

struct JsonWriter {
  const Call& call;
  std::uint32_t max_size;
  std::vector<char> out;

  bool check_size() const { return out.size() <= max_size || call.fail("the JSON output is too large"); }

  bool write_text(const StackItem& item) {
    ByteScratch scratch;
    std::span<const std::uint8_t> raw;
    if (!get_span(item, scratch, raw)) return call.fail("cannot read bytes");
    if (!json::is_valid_utf8(raw)) return call.fail("a string is not valid UTF-8");
    json::write_string({reinterpret_cast<const char*>(raw.data()), raw.size()}, out);
    return true;
  }

  bool write(const StackItem& root) {
    // Explicit stack (no recursion: cyclic or deep structures stop at the depth or size limit).
    struct Frame {
      const StackItem* item;
      std::size_t next;  // next child (arrays) or entry (maps)
    };
    std::vector<Frame> stack;
    auto write_value = [&](const StackItem& item) -> bool {
      switch (item.type()) {
        case StackItemType::Array:
        case StackItemType::Struct:
        case StackItemType::Map:
          if (stack.size() >= kJsonWriterMaxDepth) return call.fail("the JSON nesting is too deep");
          out.push_back(item.type() == StackItemType::Map ? '{' : '[');
          stack.push_back({&item, 0});
          return check_size();
        case StackItemType::ByteString:
        case StackItemType::Buffer:
          return write_text(item) && check_size();
        case StackItemType::Integer: {
          Integer v;
          get_integer(item, v);
          if (!v.fits_int64() || v.to_int64() > kMaxSafeInteger || v.to_int64() < -kMaxSafeInteger)
            return call.fail("an integer is out of the JSON safe range");
          append_json_integer(v.to_int64(), out);
          return check_size();
        }
        case StackItemType::Boolean: {
          const std::string_view word = item.boolean_value() ? "true" : "false";
          out.insert(out.end(), word.begin(), word.end());
          return check_size();
        }
        case StackItemType::Any:
          out.insert(out.end(), {'n', 'u', 'l', 'l'});
          return check_size();
        default:
          return call.fail("Invalid StackItemType");
      }
    };
    if (!write_value(root)) return false;
    while (!stack.empty()) {
      Frame& top = stack.back();
      const StackItem& item = *top.item;
      if (item.type() == StackItemType::Map) {
        const MapObject* map = item.map_object();
        if (top.next >= map->entries.size()) {
          out.push_back('}');
          stack.pop_back();
          if (!check_size()) return false;
          continue;
        }
        const MapEntry& entry = map->entries[top.next];
        if (top.next > 0) out.push_back(',');
        ++top.next;
        if (entry.key.type() != StackItemType::ByteString) return call.fail("Key is not a ByteString");
        if (!write_text(entry.key)) return false;
        out.push_back(':');
        if (!check_size() || !write_value(entry.value)) return false;
      } else {
        const ArrayObject* array = item.array_object();
        if (top.next >= array->items.size()) {
          out.push_back(']');
          stack.pop_back();
          if (!check_size()) return false;
          continue;
        }
        if (top.next > 0) out.push_back(',');
        const StackItem& child = array->items[top.next];
        ++top.next;
        if (!write_value(child)) return false;
      }
    }
    return true;
  }
};

struct JsonReader {
  const Call& call;
  std::uint32_t budget;  // JsonSerializer.Deserialize's maxStackSize countdown
  std::uint32_t max_key_size;

  bool take() {
    if (budget == 0) return call.fail("Max stack size reached");
    --budget;
    return true;
  }

  bool build(const json::Value& v, StackItem& out) {
    if (!take()) return false;
    Engine& engine = call.app.engine();
    switch (v.type) {
      case json::Type::Null:
        out = StackItem::null();
        return true;
      case json::Type::Boolean:
        out = StackItem::boolean(v.boolean);
        return true;
      case json::Type::String:
        out = string_item(v.text);
        return true;
      case json::Type::Number: {
        if (!v.is_integral()) return call.fail("Decimal value is not allowed");
        // The reference goes through a double: integers below 2^53 and literals of at most 15 significant
        // digits come through exactly; other literals would be rounded, which is not reproduced here.
        const auto small = v.as_int64();
        if (!(small && *small <= kMaxSafeInteger && *small >= -kMaxSafeInteger) && !short_literal(v))
          return call.fail("the number cannot be represented exactly as a double");
        Integer value;
        if (!v.as_integer(value)) return call.fail("the number is out of the Integer range");
        out = StackItem::integer(value);
        return true;
      }
      case json::Type::Array: {
        ArrayObject* array = engine.new_array(StackItemType::Array);
        out = StackItem::compound(array);
        array->items.reserve(v.items.size());
        for (const json::Value& child : v.items) {
          StackItem item;
          if (!build(child, item)) return false;
          array->items.push_back(std::move(item));
        }
        return true;
      }
      case json::Type::Object: {
        MapObject* map = engine.new_map();
        out = StackItem::compound(map);
        for (const json::Member& m : v.members) {
          if (!take()) return false;
          StackItem value;
          if (!build(m.value, value)) return false;
          if (m.name.size() > max_key_size) return call.fail("a map key is too long");
          StackItem key = string_item(m.name);
          // Names are unique (the parser rejects duplicates), so this is the insertion of item[key] = value.
          map->insert(std::move(key), std::move(value));
        }
        return true;
      }
    }
    return false;
  }

  // At most 15 significant digits: such a decimal survives the trip through a double unchanged.
  static bool short_literal(const json::Value& v) {
    std::size_t significant = 0;
    bool started = false;
    std::size_t trailing_zeros = 0;
    for (const char c : v.number_text()) {
      if (c == 'e' || c == 'E') break;
      if (c < '0' || c > '9') continue;
      if (!started && c == '0') continue;
      started = true;
      ++significant;
      trailing_zeros = c == '0' ? trailing_zeros + 1 : 0;
    }
    return significant - trailing_zeros <= 15;
  }
};

// --- memory / strings -----------------------------------------------------------------------------------

std::int32_t index_of(std::span<const std::uint8_t> hay, std::span<const std::uint8_t> needle) noexcept {
  if (needle.empty()) return 0;
  if (needle.size() > hay.size()) return -1;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i)
    if (std::memcmp(hay.data() + i, needle.data(), needle.size()) == 0) return static_cast<std::int32_t>(i);
  return -1;
}

std::int32_t last_index_of(std::span<const std::uint8_t> hay, std::span<const std::uint8_t> needle) noexcept {
  // .NET 5+ answers the search space's length for an empty value.
  if (needle.empty()) return static_cast<std::int32_t>(hay.size());
  if (needle.size() > hay.size()) return -1;
  for (std::size_t i = hay.size() - needle.size() + 1; i-- > 0;)
    if (std::memcmp(hay.data() + i, needle.data(), needle.size()) == 0) return static_cast<std::int32_t>(i);
  return -1;
}

}  // namespace

bool invoke_stdlib(const Call& call, StackItem& result) {
  Engine& engine = call.app.engine();
  const ExecutionEngineLimits& limits = engine.limits();
  ByteScratch s0, s1;
  std::span<const std::uint8_t> a, b;
  std::string_view t0, t1;
  Bytes decoded;
  switch (call.method.dispatch) {
    case kSerialize: {
      Bytes out;
      switch (serialize(call.args[0], limits.max_item_size, limits.max_stack_size, out)) {
        case SerializeStatus::Ok:
          result = StackItem::byte_string(out);
          return true;
        case SerializeStatus::NotSupported:
          return call.fail("the item cannot be serialized");
        case SerializeStatus::TooManyItems:
          return call.fail("too many items to serialize");
        case SerializeStatus::TooLarge:
          return call.fail("the serialized item is too large");
      }
      return call.fail("serialization failed");
    }
    case kDeserialize: {
      if (!call.bytes(0, s0, a)) return false;
      if (!deserialize(engine, a, limits.max_item_size, limits.max_stack_size, result))
        return call.fail("the data cannot be deserialized");
      return true;
    }
    case kJsonSerialize: {
      JsonWriter writer{call, limits.max_item_size, {}};
      if (!writer.write(call.args[0])) return false;
      result = StackItem::byte_string(
          {reinterpret_cast<const std::uint8_t*>(writer.out.data()), writer.out.size()});
      return true;
    }
    case kJsonDeserialize: {
      if (!call.bytes(0, s0, a)) return false;
      json::Value doc;
      json::Error error;
      json::ParseOptions options;
      options.max_depth = kJsonMaxDepth;
      if (!json::parse(a, doc, error, options)) {
        Reason r(call.contract, call.method);
        r << ": " << error.message() << " at byte " << static_cast<std::int64_t>(error.offset);
        return engine.fault(r.view());
      }
      JsonReader reader{call, limits.max_stack_size, ExecutionEngineLimits::kMaxMapKeySize};
      return reader.build(doc, result);
    }
    case kItoa: {
      Integer value;
      std::int32_t base = 10;
      if (!call.integer(0, value)) return false;
      if (call.args.size() > 1 && !call.int32(1, base)) return false;
      if (base == 10) {
        std::array<char, 80> text{};
        result = string_item(std::string_view(text.data(), value.to_decimal(text)));
        return true;
      }
      if (base == 16) {
        result = string_item(to_hex_twos_complement(value));
        return true;
      }
      return call.fail("base must be 10 or 16");
    }
    case kAtoi: {
      std::int32_t base = 10;
      if (!call.string(0, s0, t0, kMaxInputLength)) return false;
      if (call.args.size() > 1 && !call.int32(1, base)) return false;
      Integer value;
      if (base == 10) {
        if (!parse_decimal(t0, value)) return call.fail("the value is not a decimal integer in range");
      } else if (base == 16) {
        if (!parse_hex(t0, value)) return call.fail("the value is not a hexadecimal integer in range");
      } else {
        return call.fail("base must be 10 or 16");
      }
      result = StackItem::integer(value);
      return true;
    }
    case kBase64Encode: {
      if (!call.bytes(0, s0, a, kMaxInputLength)) return false;
      result = string_item(base64_encode(a, false));
      return true;
    }
    case kBase64Decode: {
      if (!call.string(0, s0, t0, kMaxInputLength)) return false;
      if (!base64_decode_standard(t0, decoded)) return call.fail("the input is not valid base64");
      result = StackItem::byte_string(decoded);
      return true;
    }
    case kBase64UrlEncode: {
      if (!call.string(0, s0, t0, kMaxInputLength)) return false;
      result =
          string_item(base64_encode({reinterpret_cast<const std::uint8_t*>(t0.data()), t0.size()}, true));
      return true;
    }
    case kBase64UrlDecode: {
      if (!call.string(0, s0, t0, kMaxInputLength)) return false;
      if (!base64_decode_url(t0, decoded)) return call.fail("the input is not valid base64url");
      result = string_item(utf8_lossy(decoded));
      return true;
    }
    case kBase58Encode: {
      if (!call.bytes(0, s0, a, kMaxInputLength)) return false;
      result = string_item(base58_encode(a));
      return true;
    }
    case kBase58Decode: {
      if (!call.string(0, s0, t0, kMaxInputLength)) return false;
      if (!base58_decode(t0, decoded)) return call.fail("the input is not valid base58");
      result = StackItem::byte_string(decoded);
      return true;
    }
    case kBase58CheckEncode: {
      if (!call.bytes(0, s0, a, kMaxInputLength)) return false;
      Bytes data(a.begin(), a.end());
      const auto checksum = base58_checksum(call.app.crypto(), a);
      data.insert(data.end(), checksum.begin(), checksum.end());
      result = string_item(base58_encode(data));
      return true;
    }
    case kBase58CheckDecode: {
      if (!call.string(0, s0, t0, kMaxInputLength)) return false;
      if (!base58_decode(t0, decoded)) return call.fail("the input is not valid base58");
      if (decoded.size() < 4) return call.fail("the input is too short for a checksum");
      const std::span<const std::uint8_t> payload(decoded.data(), decoded.size() - 4);
      const auto checksum = base58_checksum(call.app.crypto(), payload);
      if (std::memcmp(checksum.data(), decoded.data() + payload.size(), 4) != 0)
        return call.fail("the checksum does not match");
      result = StackItem::byte_string(payload);
      return true;
    }
    case kHexEncode: {
      if (!call.bytes(0, s0, a, kMaxInputLength)) return false;
      static constexpr char kHex[] = "0123456789abcdef";
      std::vector<char> text;
      text.reserve(a.size() * 2);
      for (const std::uint8_t byte : a) {
        text.push_back(kHex[byte >> 4]);
        text.push_back(kHex[byte & 15]);
      }
      result = string_item(text);
      return true;
    }
    case kHexDecode: {
      if (!call.string(0, s0, t0, kMaxInputLength)) return false;
      if (!hex_decode(t0, decoded)) return call.fail("the input is not valid hex");
      result = StackItem::byte_string(decoded);
      return true;
    }
    case kMemoryCompare: {
      if (!call.bytes(0, s0, a, kMaxInputLength) || !call.bytes(1, s1, b, kMaxInputLength)) return false;
      const std::size_t common = std::min(a.size(), b.size());
      int c = common == 0 ? 0 : std::memcmp(a.data(), b.data(), common);
      if (c == 0) c = a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
      result = StackItem::integer(c < 0 ? -1 : (c > 0 ? 1 : 0));
      return true;
    }
    case kMemorySearch: {
      std::int32_t start = 0;
      bool backward = false;
      if (!call.bytes(0, s0, a, kMaxInputLength) || !call.bytes(1, s1, b)) return false;
      if (call.args.size() > 2 && !call.int32(2, start)) return false;
      if (call.args.size() > 3 && !call.boolean(3, backward)) return false;
      if (start < 0 || static_cast<std::size_t>(start) > a.size()) return call.fail("start is out of range");
      const auto offset = static_cast<std::size_t>(start);
      std::int32_t index;
      if (backward) {
        index = last_index_of(a.first(offset), b);
      } else {
        index = index_of(a.subspan(offset), b);
        if (index >= 0) index += start;
      }
      result = StackItem::integer(index);
      return true;
    }
    case kStringSplit: {
      bool remove_empty = false;
      if (!call.string(0, s0, t0, kMaxInputLength) || !call.string(1, s1, t1)) return false;
      if (call.args.size() > 2 && !call.boolean(2, remove_empty)) return false;
      ArrayObject* array = engine.new_array(StackItemType::Array);
      auto add = [&](std::string_view piece) {
        if (!(remove_empty && piece.empty())) array->items.push_back(string_item(piece));
      };
      if (t1.empty()) {
        // An empty separator does not split: the whole string (none with RemoveEmptyEntries when empty).
        add(t0);
      } else {
        std::size_t from = 0;
        for (;;) {
          const std::size_t at = t0.find(t1, from);
          if (at == std::string_view::npos) break;
          add(t0.substr(from, at - from));
          from = at + t1.size();
        }
        add(t0.substr(from));
      }
      result = StackItem::compound(array);
      return true;
    }
    case kStrLen: {
      if (!call.string(0, s0, t0, kMaxInputLength)) return false;
      result = StackItem::integer(static_cast<std::int64_t>(count_text_elements(t0)));
      return true;
    }
    default: {
      Reason r(call.contract, call.method);
      r << " is not supported";
      return engine.fault(r.view());
    }
  }
}

}  // namespace neo::vm::app::native::detail
