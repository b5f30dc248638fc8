// Canonical binary codec primitives for the guest's inputs and outputs (ProofInput, ProofOutput, public
// inputs). Everything is little-endian; lengths use Neo's var-int form (1, 3, 5 or 9 bytes) and must be
// minimal, so every value has exactly one encoding and hashes of encodings are well defined.
//
// The reader never fails silently: the first error is kept, with the offset and a reason, and every later
// read returns zero values, so decoders can read a whole structure and check ok() once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace neo::guest {

class ByteWriter {
 public:
  void u8(std::uint8_t v) { bytes_.push_back(v); }
  void u16(std::uint16_t v) { fixed(v, 2); }
  void u32(std::uint32_t v) { fixed(v, 4); }
  void u64(std::uint64_t v) { fixed(v, 8); }
  void var_uint(std::uint64_t v);
  void raw(std::span<const std::uint8_t> data) { bytes_.insert(bytes_.end(), data.begin(), data.end()); }
  // A var-int length followed by the bytes.
  void var_bytes(std::span<const std::uint8_t> data) {
    var_uint(data.size());
    raw(data);
  }

  const std::vector<std::uint8_t>& bytes() const noexcept { return bytes_; }
  std::vector<std::uint8_t> take() noexcept { return std::move(bytes_); }

 private:
  void fixed(std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i) bytes_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  std::vector<std::uint8_t> bytes_;
};

class ByteReader {
 public:
  explicit ByteReader(std::span<const std::uint8_t> data) noexcept : data_(data) {}

  std::uint8_t u8() noexcept { return static_cast<std::uint8_t>(fixed(1, "u8")); }
  std::uint16_t u16() noexcept { return static_cast<std::uint16_t>(fixed(2, "u16")); }
  std::uint32_t u32() noexcept { return static_cast<std::uint32_t>(fixed(4, "u32")); }
  std::uint64_t u64() noexcept { return fixed(8, "u64"); }
  // A minimal var-int no larger than max; a larger or non-minimal one is an error.
  std::uint64_t var_uint(std::uint64_t max = UINT64_MAX) noexcept;
  // A var-int length (at most max_len) and that many bytes; the span points into the input.
  std::span<const std::uint8_t> var_bytes(std::size_t max_len) noexcept;
  std::span<const std::uint8_t> raw(std::size_t len) noexcept;
  // A boolean byte: 0 or 1, anything else is an error.
  bool boolean() noexcept;

  // Marks the input malformed (used by decoders for semantic checks). The first error wins.
  void fail(std::string_view reason) noexcept;
  // Names the field being read, so an error can say where it is ("environment.signers.account").
  void set_field(std::string_view field) noexcept { field_ = field; }
  // Call after the last field: anything left over is an error.
  void expect_end() noexcept;

  bool ok() const noexcept { return error_.empty(); }
  std::string_view error() const noexcept { return error_; }
  std::string_view error_field() const noexcept { return error_field_; }
  std::size_t error_offset() const noexcept { return error_offset_; }
  std::size_t offset() const noexcept { return offset_; }
  std::size_t remaining() const noexcept { return data_.size() - offset_; }

 private:
  std::uint64_t fixed(std::size_t n, std::string_view what) noexcept;

  std::span<const std::uint8_t> data_;
  std::size_t offset_ = 0;
  std::string_view error_;
  std::string_view field_;
  std::string_view error_field_;
  std::size_t error_offset_ = 0;
};

}  // namespace neo::guest
