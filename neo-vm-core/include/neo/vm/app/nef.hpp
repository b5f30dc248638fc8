// NEF3 (NEO Executable Format 3): the container of a deployed contract's script and its method tokens
// (neo NefFile / MethodToken). Portable: errors are values that name the field and the byte offset.
//
// Layout (all integers little-endian, var-int = Neo's 1/3/5/9-byte form):
//   magic u32 "NEF3" | compiler 64 bytes (UTF-8, NUL padded) | source var-string (<= 256 bytes) | reserved u8
//   = 0 | tokens var-count (<= 128) x MethodToken | reserved u16 = 0 | script var-bytes (1..MaxItemSize) |
//   checksum u32 = first 4 bytes of SHA256(SHA256(everything before it)), read little-endian.
// MethodToken: hash (20 bytes) | method var-string (<= 32 bytes, no leading '_') | parameters count u16
//   | has return value (0 or 1) | call flags u8 (subset of CallFlags.All = 0x0F).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "neo/vm/environment.hpp"

namespace neo::vm::app {

// Byte text without std::string (same alias as application_engine.hpp).
using Text = std::vector<char>;

inline constexpr std::uint32_t kNefMagic = 0x3346454E;  // "NEF3"
inline constexpr std::size_t kNefCompilerSize = 64;
inline constexpr std::size_t kNefMaxSourceSize = 256;
inline constexpr std::size_t kNefMaxTokens = 128;
inline constexpr std::size_t kMethodTokenMaxNameSize = 32;
// ExecutionEngineLimits.Default.MaxItemSize of the reference: bounds both the script and the whole file.
inline constexpr std::size_t kNefMaxScriptSize = 131070;
inline constexpr std::size_t kNefMaxFileSize = 131070;

struct MethodToken {
  UInt160 hash{};
  Text method;
  std::uint16_t parameters_count = 0;
  bool has_return_value = false;
  std::uint8_t call_flags = 0;
  friend bool operator==(const MethodToken&, const MethodToken&) = default;
};

struct NefFile {
  Text compiler;  // at most 64 bytes, no NUL
  Text source;    // at most 256 bytes
  std::vector<MethodToken> tokens;
  std::vector<std::uint8_t> script;
  std::uint32_t checksum = 0;  // as read; write_nef() computes it
  friend bool operator==(const NefFile&, const NefFile&) = default;
};

enum class NefError : std::uint8_t {
  kNone = 0,
  kTruncated,        // the file ends inside `field`
  kBadMagic,         // magic is not "NEF3"
  kBadUtf8,          // compiler, source or a token's method is not strict UTF-8
  kBadPadding,       // a byte after the compiler's first NUL is not 0
  kTooLong,          // a var-int length or count is above its limit
  kReservedNotZero,  // one of the two reserved fields is not 0
  kBadMethodName,    // a token's method name starts with '_'
  kBadBoolean,       // a token's has-return-value byte is not 0 or 1
  kBadCallFlags,     // a token's call flags are not a subset of CallFlags.All
  kEmptyScript,      // the script is empty
  kBadChecksum,      // the checksum does not match
  kFileTooLarge,     // the file is larger than MaxItemSize
  kTrailingBytes,    // bytes follow the checksum
};

struct NefParseError {
  NefError code = NefError::kNone;
  const char* field = "";   // "magic", "compiler", "source", "reserved", "tokens[3].method", ...
  std::size_t offset = 0;   // byte offset of the field (or of the offending byte) in the file
  std::uint32_t token = 0;  // index of the token for token fields
};

const char* nef_error_name(NefError code) noexcept;

// Parses and verifies a NEF3 file (NefFile.Parse with verify = true, plus: no bytes after the checksum).
// On failure returns false with `error` set and `out` unspecified.
bool parse_nef(std::span<const std::uint8_t> bytes, NefFile& out, NefParseError& error);

// The file bytes. The checksum is computed (nef.checksum is ignored). Fields above their limits are written
// as they are: validate() first when the value may come from an untrusted source.
std::vector<std::uint8_t> write_nef(const NefFile& nef);

// Checks the limits parse_nef enforces on a value (everything but checksum and file size, which depend on the
// encoding); `error.offset` is 0.
bool validate_nef(const NefFile& nef, NefParseError& error);

// The checksum of a NEF: first 4 bytes (little-endian) of SHA256(SHA256(file without its checksum)).
std::uint32_t nef_checksum(const NefFile& nef);

}  // namespace neo::vm::app
