// Shared pieces of the native contract implementations (src/app/native/): which implementation a table
// entry dispatches to, and the argument conversions of the reference's InteropParameterDescriptor.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "neo/vm/app/native.hpp"

namespace neo::vm::app::native::detail {

enum Dispatch : std::uint16_t {
  kUnsupported = 0,
  // StdLib
  kAtoi,
  kBase58CheckDecode,
  kBase58CheckEncode,
  kBase58Decode,
  kBase58Encode,
  kBase64Decode,
  kBase64Encode,
  kBase64UrlDecode,
  kBase64UrlEncode,
  kDeserialize,
  kHexDecode,
  kHexEncode,
  kItoa,
  kJsonDeserialize,
  kJsonSerialize,
  kMemoryCompare,
  kMemorySearch,
  kSerialize,
  kStrLen,
  kStringSplit,
  // CryptoLib
  kKeccak256,
  kMurmur32,
  kRecoverSecp256K1,
  kRipemd160,
  kSha256,
  kVerifyWithECDsa,
  kVerifyWithEd25519,
};

// A fault reason built without std::string, starting "<Contract>.<method>", truncated to the engine's buffer.
class Reason {
 public:
  Reason(const NativeContract& contract, const NativeMethod& method) noexcept;
  Reason& operator<<(std::string_view text) noexcept;
  Reason& operator<<(std::int64_t value) noexcept;
  std::string_view view() const noexcept { return {buffer_, length_}; }

 private:
  char buffer_[160];
  std::size_t length_ = 0;
};

// One call: the engine, what is being called and its arguments, with the conversions every method needs.
// Each conversion faults the engine (with "<Contract>.<method>: ...") and returns false where the reference
// throws.
struct Call {
  ApplicationEngine& app;
  const NativeContract& contract;
  const NativeMethod& method;
  std::span<const StackItem> args;

  bool fail(std::string_view why) const noexcept;
  // byte[]: Null faults (the reference's methods dereference it); compounds, pointers and interop items
  // cannot be converted. max_length applies the [MaxLength] attribute (0 = none).
  bool bytes(std::size_t index, ByteScratch& scratch, std::span<const std::uint8_t>& out,
             std::uint32_t max_length = 0) const noexcept;
  // string: bytes, then strict UTF-8 (the reference's GetString throws on invalid UTF-8).
  bool string(std::size_t index, ByteScratch& scratch, std::string_view& out,
              std::uint32_t max_length = 0) const noexcept;
  bool integer(std::size_t index, Integer& out) const noexcept;
  // int / uint / byte parameters: the checked conversions of BigInteger, which throw when out of range.
  bool int32(std::size_t index, std::int32_t& out) const noexcept;
  bool uint32(std::size_t index, std::uint32_t& out) const noexcept;
  bool uint8(std::size_t index, std::uint8_t& out) const noexcept;
  bool boolean(std::size_t index, bool& out) const noexcept;
};

bool invoke_stdlib(const Call& call, StackItem& result);
bool invoke_cryptolib(const Call& call, StackItem& result);

// UAX #29 extended grapheme clusters of valid UTF-8 text (what .NET's StringInfo enumerates).
std::size_t count_text_elements(std::string_view utf8) noexcept;

}  // namespace neo::vm::app::native::detail
