#include "neo/guest/codec.hpp"

namespace neo::guest {

void ByteWriter::var_uint(std::uint64_t v) {
  if (v < 0xFD) {
    u8(static_cast<std::uint8_t>(v));
  } else if (v <= 0xFFFF) {
    u8(0xFD);
    u16(static_cast<std::uint16_t>(v));
  } else if (v <= 0xFFFFFFFF) {
    u8(0xFE);
    u32(static_cast<std::uint32_t>(v));
  } else {
    u8(0xFF);
    u64(v);
  }
}

void ByteReader::fail(std::string_view reason) noexcept {
  if (error_.empty()) {
    error_ = reason;
    error_field_ = field_;
    error_offset_ = offset_;
  }
}

std::uint64_t ByteReader::fixed(std::size_t n, std::string_view what) noexcept {
  if (!ok()) return 0;
  if (remaining() < n) {
    fail(what == "u8" ? "truncated input: expected a byte" : "truncated input: expected a fixed-size integer");
    return 0;
  }
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v |= std::uint64_t{data_[offset_ + i]} << (8 * i);
  offset_ += n;
  return v;
}

std::uint64_t ByteReader::var_uint(std::uint64_t max) noexcept {
  const std::uint8_t prefix = u8();
  if (!ok()) return 0;
  std::uint64_t v = prefix;
  std::uint64_t minimum = 0;
  if (prefix == 0xFD) {
    v = u16();
    minimum = 0xFD;
  } else if (prefix == 0xFE) {
    v = u32();
    minimum = 0x10000;
  } else if (prefix == 0xFF) {
    v = u64();
    minimum = 0x100000000ull;
  }
  if (!ok()) return 0;
  if (v < minimum) {
    fail("non-minimal var-int encoding");
    return 0;
  }
  if (v > max) {
    fail("var-int value out of range");
    return 0;
  }
  return v;
}

std::span<const std::uint8_t> ByteReader::raw(std::size_t len) noexcept {
  if (!ok()) return {};
  if (remaining() < len) {
    fail("truncated input: byte string runs past the end");
    return {};
  }
  auto out = data_.subspan(offset_, len);
  offset_ += len;
  return out;
}

std::span<const std::uint8_t> ByteReader::var_bytes(std::size_t max_len) noexcept {
  const std::uint64_t len = var_uint(max_len);
  if (!ok()) return {};
  return raw(static_cast<std::size_t>(len));
}

bool ByteReader::boolean() noexcept {
  const std::uint8_t b = u8();
  if (ok() && b > 1) fail("boolean byte is neither 0 nor 1");
  return b == 1;
}

void ByteReader::expect_end() noexcept {
  if (ok() && remaining() != 0) fail("trailing bytes after the encoded value");
}

}  // namespace neo::guest
