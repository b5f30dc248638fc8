// Little-endian byte writer and strict reader for proof objects (Merkle openings, FRI proofs).
//
// Canonical encoding rules shared by every proof object built on these helpers:
//   * integers are fixed-width little-endian (u8, u32); there are no variable-length integers, so no length
//     has two encodings;
//   * a BabyBear element is its canonical value as a u32; values >= p are rejected (never reduced);
//   * a BabyBear4 element is its four coefficients c0..c3; a digest is its 8 elements;
//   * a sequence is a u32 count followed by its items; a count that cannot fit in the remaining bytes is
//     rejected before anything is allocated.
// The reader records the first failure and every later read returns zeros, so decoders check ok() once at
// the end (and finished() to reject trailing bytes).
//
// Portable: used by the verifier, which may run inside the guest.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "neo/zkvm/field/babybear.hpp"
#include "neo/zkvm/field/extension.hpp"

namespace neo::zkvm::merkle::codec {

class ByteWriter {
 public:
  void u8(std::uint8_t value) { bytes_.push_back(value); }
  void u32(std::uint32_t value) {
    for (int shift = 0; shift < 32; shift += 8) bytes_.push_back(static_cast<std::uint8_t>(value >> shift));
  }
  void element(field::BabyBear value) { u32(value.to_canonical()); }
  void ext(const field::BabyBear4& value) {
    for (const field::BabyBear c : value.coefficients()) element(c);
  }
  template <std::size_t N>
  void elements(const std::array<field::BabyBear, N>& values) {
    for (const field::BabyBear v : values) element(v);
  }

  std::vector<std::uint8_t>& data() noexcept { return bytes_; }
  std::vector<std::uint8_t> take() noexcept { return std::move(bytes_); }

 private:
  std::vector<std::uint8_t> bytes_;
};

class ByteReader {
 public:
  explicit ByteReader(std::span<const std::uint8_t> bytes) noexcept : bytes_(bytes) {}

  bool ok() const noexcept { return ok_; }
  // All bytes consumed and no failure: what a strict decoder requires at the end.
  bool finished() const noexcept { return ok_ && position_ == bytes_.size(); }
  std::size_t remaining() const noexcept { return ok_ ? bytes_.size() - position_ : 0; }
  void fail() noexcept { ok_ = false; }

  std::uint8_t u8() noexcept {
    if (!ok_ || position_ >= bytes_.size()) {
      ok_ = false;
      return 0;
    }
    return bytes_[position_++];
  }
  std::uint32_t u32() noexcept {
    if (!ok_ || bytes_.size() - position_ < 4) {
      ok_ = false;
      return 0;
    }
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) value |= std::uint32_t{bytes_[position_ + i]} << (8 * i);
    position_ += 4;
    return value;
  }
  field::BabyBear element() noexcept {
    const std::uint32_t value = u32();
    if (value >= field::BabyBear::kModulus) {
      ok_ = false;
      return field::BabyBear{};
    }
    return field::BabyBear::from_canonical(value);
  }
  field::BabyBear4 ext() noexcept {
    const field::BabyBear c0 = element();
    const field::BabyBear c1 = element();
    const field::BabyBear c2 = element();
    const field::BabyBear c3 = element();
    return field::BabyBear4(c0, c1, c2, c3);
  }
  template <std::size_t N>
  std::array<field::BabyBear, N> elements() noexcept {
    std::array<field::BabyBear, N> out{};
    for (auto& v : out) v = element();
    return out;
  }
  // A sequence count whose items take at least min_item_bytes each; rejects counts the input cannot hold,
  // so a forged count never causes a large allocation.
  std::uint32_t count(std::size_t min_item_bytes) noexcept {
    const std::uint32_t n = u32();
    if (!ok_) return 0;
    if (min_item_bytes != 0 && n > remaining() / min_item_bytes) {
      ok_ = false;
      return 0;
    }
    return n;
  }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t position_ = 0;
  bool ok_ = true;
};

}  // namespace neo::zkvm::merkle::codec
