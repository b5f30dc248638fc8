// NEF3 reader and writer (see nef.hpp for the layout). Parsing follows neo's NefFile.Deserialize with
// verify = true: the checksum is compared against the checksum of the *re-serialized* file, as the reference
// computes it, so a file that encodes a length with a longer var-int form than needed fails the checksum
// exactly where the reference's does.
#include "neo/vm/app/nef.hpp"

#include <algorithm>

#include "neo/vm/crypto/sha256.hpp"
#include "utf8.hpp"

namespace neo::vm::app {
namespace {

constexpr std::uint8_t kCallFlagsAll = 0x0F;

std::span<const std::uint8_t> as_bytes(const Text& t) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(t.data()), t.size()};
}

class Reader {
 public:
  Reader(std::span<const std::uint8_t> bytes, NefParseError& error) noexcept : bytes_(bytes), error_(error) {}

  std::size_t position() const noexcept { return pos_; }
  std::size_t remaining() const noexcept { return bytes_.size() - pos_; }

  bool fail(NefError code, const char* field, std::size_t offset, std::uint32_t token = 0) noexcept {
    error_.code = code;
    error_.field = field;
    error_.offset = offset;
    error_.token = token;
    return false;
  }

  bool need(std::size_t n, const char* field, std::uint32_t token = 0) noexcept {
    if (remaining() < n) return fail(NefError::kTruncated, field, pos_, token);
    return true;
  }

  bool u8(std::uint8_t& out, const char* field, std::uint32_t token = 0) noexcept {
    if (!need(1, field, token)) return false;
    out = bytes_[pos_++];
    return true;
  }

  bool u16(std::uint16_t& out, const char* field, std::uint32_t token = 0) noexcept {
    if (!need(2, field, token)) return false;
    out = static_cast<std::uint16_t>(bytes_[pos_] | (bytes_[pos_ + 1] << 8));
    pos_ += 2;
    return true;
  }

  bool u32(std::uint32_t& out, const char* field) noexcept {
    if (!need(4, field)) return false;
    out = 0;
    for (int i = 3; i >= 0; --i) out = (out << 8) | bytes_[pos_ + static_cast<std::size_t>(i)];
    pos_ += 4;
    return true;
  }

  // Neo's ReadVarInt(max): the prefix byte, then a u16/u32/u64 for 0xFD/0xFE/0xFF.
  bool var_int(std::uint64_t max, std::uint64_t& out, const char* field, std::uint32_t token = 0) noexcept {
    const std::size_t start = pos_;
    std::uint8_t b;
    if (!u8(b, field, token)) return false;
    std::size_t width = b == 0xFD ? 2 : b == 0xFE ? 4 : b == 0xFF ? 8 : 0;
    if (width == 0) {
      out = b;
    } else {
      if (!need(width, field, token)) return false;
      out = 0;
      for (std::size_t i = width; i-- > 0;) out = (out << 8) | bytes_[pos_ + i];
      pos_ += width;
    }
    if (out > max) return fail(NefError::kTooLong, field, start, token);
    return true;
  }

  bool var_bytes(std::uint64_t max, std::span<const std::uint8_t>& out, const char* field,
                 std::uint32_t token = 0) noexcept {
    std::uint64_t n;
    if (!var_int(max, n, field, token)) return false;
    if (!need(static_cast<std::size_t>(n), field, token)) return false;
    out = bytes_.subspan(pos_, static_cast<std::size_t>(n));
    pos_ += static_cast<std::size_t>(n);
    return true;
  }

  bool var_string(std::uint64_t max, Text& out, const char* field, std::uint32_t token = 0) {
    std::span<const std::uint8_t> s;
    const std::size_t start = pos_;
    if (!var_bytes(max, s, field, token)) return false;
    if (!internal::is_strict_utf8(s)) return fail(NefError::kBadUtf8, field, start, token);
    out.assign(s.begin(), s.end());
    return true;
  }

  std::span<const std::uint8_t> take(std::size_t n) noexcept {
    const auto s = bytes_.subspan(pos_, n);
    pos_ += n;
    return s;
  }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
  NefParseError& error_;
};

void put_u16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}

void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

// Neo's WriteVarInt: the shortest form.
void put_var_int(std::vector<std::uint8_t>& out, std::uint64_t v) {
  if (v < 0xFD) {
    out.push_back(static_cast<std::uint8_t>(v));
  } else if (v <= 0xFFFF) {
    out.push_back(0xFD);
    put_u16(out, static_cast<std::uint16_t>(v));
  } else if (v <= 0xFFFFFFFFULL) {
    out.push_back(0xFE);
    put_u32(out, static_cast<std::uint32_t>(v));
  } else {
    out.push_back(0xFF);
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
}

void put_var_bytes(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> bytes) {
  put_var_int(out, bytes.size());
  out.insert(out.end(), bytes.begin(), bytes.end());
}

// Everything but the checksum.
std::vector<std::uint8_t> write_body(const NefFile& nef) {
  std::vector<std::uint8_t> out;
  out.reserve(4 + kNefCompilerSize + 16 + nef.source.size() + nef.tokens.size() * 40 + nef.script.size());
  put_u32(out, kNefMagic);
  const std::size_t compiler = std::min(nef.compiler.size(), kNefCompilerSize);
  for (std::size_t i = 0; i < kNefCompilerSize; ++i)
    out.push_back(i < compiler ? static_cast<std::uint8_t>(nef.compiler[i]) : 0);
  put_var_bytes(out, as_bytes(nef.source));
  out.push_back(0);
  put_var_int(out, nef.tokens.size());
  for (const MethodToken& t : nef.tokens) {
    out.insert(out.end(), t.hash.begin(), t.hash.end());
    put_var_bytes(out, as_bytes(t.method));
    put_u16(out, t.parameters_count);
    out.push_back(t.has_return_value ? 1 : 0);
    out.push_back(t.call_flags);
  }
  put_u16(out, 0);
  put_var_bytes(out, nef.script);
  return out;
}

std::uint32_t checksum_of(std::span<const std::uint8_t> body) {
  const crypto::Sha256Digest inner = crypto::sha256(body);
  const crypto::Sha256Digest outer = crypto::sha256(inner);
  return static_cast<std::uint32_t>(outer[0]) | static_cast<std::uint32_t>(outer[1]) << 8 |
         static_cast<std::uint32_t>(outer[2]) << 16 | static_cast<std::uint32_t>(outer[3]) << 24;
}

// Field names of token fields, indexed by the error's `token`.
constexpr const char* kTokenHash = "tokens[].hash";
constexpr const char* kTokenMethod = "tokens[].method";
constexpr const char* kTokenParams = "tokens[].parameters_count";
constexpr const char* kTokenReturn = "tokens[].has_return_value";
constexpr const char* kTokenFlags = "tokens[].call_flags";

bool fail(NefParseError& e, NefError code, const char* field, std::size_t offset, std::uint32_t token = 0) {
  e = NefParseError{code, field, offset, token};
  return false;
}

}  // namespace

const char* nef_error_name(NefError code) noexcept {
  switch (code) {
    case NefError::kNone:
      return "none";
    case NefError::kTruncated:
      return "truncated";
    case NefError::kBadMagic:
      return "wrong magic";
    case NefError::kBadUtf8:
      return "invalid UTF-8";
    case NefError::kBadPadding:
      return "non-zero padding";
    case NefError::kTooLong:
      return "length above its limit";
    case NefError::kReservedNotZero:
      return "reserved bytes must be 0";
    case NefError::kBadMethodName:
      return "method name starts with '_'";
    case NefError::kBadBoolean:
      return "invalid boolean";
    case NefError::kBadCallFlags:
      return "invalid call flags";
    case NefError::kEmptyScript:
      return "script cannot be empty";
    case NefError::kBadChecksum:
      return "checksum mismatch";
    case NefError::kFileTooLarge:
      return "file larger than MaxItemSize";
    case NefError::kTrailingBytes:
      return "bytes after the checksum";
  }
  return "unknown";
}

bool parse_nef(std::span<const std::uint8_t> bytes, NefFile& out, NefParseError& error) {
  error = NefParseError{};
  Reader r(bytes, error);
  std::uint32_t magic;
  if (!r.u32(magic, "magic")) return false;
  if (magic != kNefMagic) return r.fail(NefError::kBadMagic, "magic", 0);

  // Compiler: UTF-8 up to the first NUL, zeros after it.
  if (!r.need(kNefCompilerSize, "compiler")) return false;
  const std::size_t compiler_at = r.position();
  const std::span<const std::uint8_t> compiler = r.take(kNefCompilerSize);
  std::size_t len = 0;
  while (len < compiler.size() && compiler[len] != 0) ++len;
  for (std::size_t i = len; i < compiler.size(); ++i) {
    if (compiler[i] != 0) return r.fail(NefError::kBadPadding, "compiler", compiler_at + i);
  }
  if (!internal::is_strict_utf8(compiler.first(len)))
    return r.fail(NefError::kBadUtf8, "compiler", compiler_at);
  out.compiler.assign(compiler.begin(), compiler.begin() + static_cast<std::ptrdiff_t>(len));

  if (!r.var_string(kNefMaxSourceSize, out.source, "source")) return false;
  std::uint8_t reserved8;
  const std::size_t reserved8_at = r.position();
  if (!r.u8(reserved8, "reserved")) return false;
  if (reserved8 != 0) return r.fail(NefError::kReservedNotZero, "reserved", reserved8_at);

  std::uint64_t count;
  if (!r.var_int(kNefMaxTokens, count, "tokens")) return false;
  out.tokens.clear();
  out.tokens.resize(static_cast<std::size_t>(count));
  for (std::uint32_t i = 0; i < count; ++i) {
    MethodToken& t = out.tokens[i];
    if (!r.need(t.hash.size(), kTokenHash, i)) return false;
    const auto hash = r.take(t.hash.size());
    std::copy(hash.begin(), hash.end(), t.hash.begin());
    const std::size_t method_at = r.position();
    if (!r.var_string(kMethodTokenMaxNameSize, t.method, kTokenMethod, i)) return false;
    if (!t.method.empty() && t.method[0] == '_')
      return r.fail(NefError::kBadMethodName, kTokenMethod, method_at, i);
    if (!r.u16(t.parameters_count, kTokenParams, i)) return false;
    std::uint8_t has_return;
    const std::size_t return_at = r.position();
    if (!r.u8(has_return, kTokenReturn, i)) return false;
    if (has_return > 1) return r.fail(NefError::kBadBoolean, kTokenReturn, return_at, i);
    t.has_return_value = has_return == 1;
    const std::size_t flags_at = r.position();
    if (!r.u8(t.call_flags, kTokenFlags, i)) return false;
    if ((t.call_flags & ~kCallFlagsAll) != 0)
      return r.fail(NefError::kBadCallFlags, kTokenFlags, flags_at, i);
  }

  std::uint16_t reserved16;
  const std::size_t reserved16_at = r.position();
  if (!r.u16(reserved16, "reserved2")) return false;
  if (reserved16 != 0) return r.fail(NefError::kReservedNotZero, "reserved2", reserved16_at);

  std::span<const std::uint8_t> script;
  const std::size_t script_at = r.position();
  if (!r.var_bytes(kNefMaxScriptSize, script, "script")) return false;
  if (script.empty()) return r.fail(NefError::kEmptyScript, "script", script_at);
  out.script.assign(script.begin(), script.end());

  const std::size_t checksum_at = r.position();
  if (!r.u32(out.checksum, "checksum")) return false;
  if (out.checksum != nef_checksum(out)) return r.fail(NefError::kBadChecksum, "checksum", checksum_at);
  if (r.position() > kNefMaxFileSize) return r.fail(NefError::kFileTooLarge, "file", 0);
  if (r.remaining() != 0) return r.fail(NefError::kTrailingBytes, "file", r.position());
  return true;
}

std::vector<std::uint8_t> write_nef(const NefFile& nef) {
  std::vector<std::uint8_t> out = write_body(nef);
  put_u32(out, checksum_of(out));
  return out;
}

std::uint32_t nef_checksum(const NefFile& nef) { return checksum_of(write_body(nef)); }

bool validate_nef(const NefFile& nef, NefParseError& error) {
  error = NefParseError{};
  if (nef.compiler.size() > kNefCompilerSize) return fail(error, NefError::kTooLong, "compiler", 0);
  if (std::find(nef.compiler.begin(), nef.compiler.end(), '\0') != nef.compiler.end())
    return fail(error, NefError::kBadPadding, "compiler", 0);
  if (!internal::is_strict_utf8(as_bytes(nef.compiler)))
    return fail(error, NefError::kBadUtf8, "compiler", 0);
  if (nef.source.size() > kNefMaxSourceSize) return fail(error, NefError::kTooLong, "source", 0);
  if (!internal::is_strict_utf8(as_bytes(nef.source))) return fail(error, NefError::kBadUtf8, "source", 0);
  if (nef.tokens.size() > kNefMaxTokens) return fail(error, NefError::kTooLong, "tokens", 0);
  for (std::uint32_t i = 0; i < nef.tokens.size(); ++i) {
    const MethodToken& t = nef.tokens[i];
    if (t.method.size() > kMethodTokenMaxNameSize) return fail(error, NefError::kTooLong, kTokenMethod, 0, i);
    if (!internal::is_strict_utf8(as_bytes(t.method)))
      return fail(error, NefError::kBadUtf8, kTokenMethod, 0, i);
    if (!t.method.empty() && t.method[0] == '_')
      return fail(error, NefError::kBadMethodName, kTokenMethod, 0, i);
    if ((t.call_flags & ~kCallFlagsAll) != 0) return fail(error, NefError::kBadCallFlags, kTokenFlags, 0, i);
  }
  if (nef.script.empty()) return fail(error, NefError::kEmptyScript, "script", 0);
  if (nef.script.size() > kNefMaxScriptSize) return fail(error, NefError::kTooLong, "script", 0);
  return true;
}

}  // namespace neo::vm::app
