// Internal helpers shared by the engine's translation units (not part of the public API).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include "neo/vm/integer.hpp"

namespace neo::vm::detail {

// Fixed-capacity message builder: the core may not use std::string (out-of-line libstdc++ symbols in the
// guest).
class Message {
 public:
  Message& operator<<(std::string_view s) noexcept {
    for (const char c : s) {
      if (len_ < sizeof(buf_)) buf_[len_++] = c;
    }
    return *this;
  }
  Message& operator<<(const char* s) noexcept { return *this << std::string_view(s); }
  Message& operator<<(std::int64_t v) noexcept {
    char tmp[24];
    std::size_t n = 0;
    const bool negative = v < 0;
    std::uint64_t u = negative ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
    do {
      tmp[n++] = static_cast<char>('0' + u % 10);
      u /= 10;
    } while (u != 0);
    if (negative) *this << "-";
    while (n > 0) *this << std::string_view(&tmp[--n], 1);
    return *this;
  }
  Message& operator<<(const Integer& v) noexcept {
    std::array<char, 80> tmp{};
    const std::size_t n = v.to_decimal(std::span<char, 80>(tmp));
    return *this << std::string_view(tmp.data(), n);
  }
  std::string_view view() const noexcept { return {buf_, len_}; }

 private:
  char buf_[160];
  std::size_t len_ = 0;
};

inline std::int32_t read_i32(const std::uint8_t* p) noexcept {
  std::uint32_t v;
  std::memcpy(&v, p, 4);  // little-endian hosts and guests only (x86-64, rv32)
  return static_cast<std::int32_t>(v);
}
inline std::uint32_t read_u32(const std::uint8_t* p) noexcept {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
inline std::uint16_t read_u16(const std::uint8_t* p) noexcept {
  return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}
inline std::int64_t read_i64(const std::uint8_t* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return static_cast<std::int64_t>(v);
}

}  // namespace neo::vm::detail
