// neo::vm::Integer — the Neo N3 integer: .NET BigInteger semantics restricted to values that fit in
// 32 bytes of two's complement, i.e. the range [-2^255, 2^255 - 1].
//
// One portable implementation (no GMP, no __int128 requirement) used by the host VM and by the rv32im guest,
// so both compute bit-identical results. Every operation that can leave the range reports it instead of
// wrapping: the VM turns that report into a FAULT, as the reference VM does when a result exceeds
// Integer.MaxSize (32 bytes).
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

// 64-bit hosts take int64 fast paths that use a hardware 64-bit multiply-overflow check and 64-bit division;
// 32-bit targets (the rv32im guest) take int32 fast paths instead. Results are identical either way; defining
// NEO_VM_INTEGER_WIDE_FAST_PATHS=0 on a 64-bit host runs the guest's paths there (used to test them).
#ifndef NEO_VM_INTEGER_WIDE_FAST_PATHS
#if UINTPTR_MAX > 0xFFFFFFFFu
#define NEO_VM_INTEGER_WIDE_FAST_PATHS 1
#else
#define NEO_VM_INTEGER_WIDE_FAST_PATHS 0
#endif
#endif

namespace neo::vm {

class Integer {
 public:
  static constexpr std::size_t kMaxSize = 32;  // bytes, as Neo's Integer.MaxSize

  constexpr Integer() noexcept = default;  // zero
  constexpr Integer(std::int64_t v) noexcept;  // NOLINT(google-explicit-constructor): integers convert freely

  // Decodes .NET BigInteger little-endian two's-complement bytes (empty = 0). Returns false when the input
  // is longer than kMaxSize bytes (the caller faults). Any length up to 32 is accepted, minimal or not.
  static bool from_le_bytes(std::span<const std::uint8_t> bytes, Integer& out) noexcept;

  // Encodes as .NET BigInteger.ToByteArray(): minimal little-endian two's complement, zero encodes as empty.
  // Writes at most kMaxSize bytes into out and returns the length.
  std::size_t to_le_bytes(std::span<std::uint8_t, kMaxSize> out) const noexcept;
  std::size_t byte_length() const noexcept;  // length of to_le_bytes()

  bool fits_int64() const noexcept;
  std::int64_t to_int64() const noexcept;  // precondition: fits_int64()

  bool is_zero() const noexcept;
  bool is_negative() const noexcept;
  int sign() const noexcept;  // -1, 0, 1
  bool is_even() const noexcept;

  // Checked arithmetic: each returns false when the exact result is outside [-2^255, 2^255 - 1]
  // (out is then unspecified) or, for div / mod / modpow, when the divisor or modulus is zero.
  static bool add(const Integer& a, const Integer& b, Integer& out) noexcept;
  static bool sub(const Integer& a, const Integer& b, Integer& out) noexcept;
  static bool mul(const Integer& a, const Integer& b, Integer& out) noexcept;
  static bool div(const Integer& a, const Integer& b, Integer& out) noexcept;  // truncates toward zero
  static bool mod(const Integer& a, const Integer& b, Integer& out) noexcept;  // sign of the dividend
  static bool negate(const Integer& a, Integer& out) noexcept;                 // -(-2^255) overflows
  static bool abs(const Integer& a, Integer& out) noexcept;
  static bool pow(const Integer& base, std::uint32_t exponent, Integer& out) noexcept;
  // Left shift by 0..256 bits (the VM checks MaxShift); false when the result leaves the range.
  static bool shl(const Integer& a, std::uint32_t shift, Integer& out) noexcept;
  // Arithmetic right shift (floor division by 2^shift) by any amount; never fails.
  static Integer shr(const Integer& a, std::uint32_t shift) noexcept;
  // Integer square root of a non-negative value (floor); false for a negative input.
  static bool sqrt(const Integer& a, Integer& out) noexcept;
  // (a * b) mod m with .NET BigInteger.Remainder semantics (sign of the product), computed on the exact
  // 512-bit product; false when m is zero.
  static bool modmul(const Integer& a, const Integer& b, const Integer& m, Integer& out) noexcept;
  // BigInteger.ModPow(value, exponent, modulus) for exponent >= 0 (result has the sign of value, as .NET);
  // for exponent == -1 the modular inverse of value modulo m as Neo computes it (value > 0 and m >= 2 required,
  // result in [0, m)). Returns false for a zero modulus, a negative exponent other than -1, or no inverse.
  static bool modpow(const Integer& value, const Integer& exponent, const Integer& m, Integer& out) noexcept;

  // Two's-complement bitwise operations on the 256-bit value (never leave the range).
  static Integer bit_and(const Integer& a, const Integer& b) noexcept;
  static Integer bit_or(const Integer& a, const Integer& b) noexcept;
  static Integer bit_xor(const Integer& a, const Integer& b) noexcept;
  static Integer bit_not(const Integer& a) noexcept;

  static int compare(const Integer& a, const Integer& b) noexcept;  // -1, 0, 1
  friend bool operator==(const Integer& a, const Integer& b) noexcept { return a.limbs_ == b.limbs_; }

  // Decimal text, with a leading '-' for negatives (used by traces, the CLI and JSON output).
  // Writes into out (at least 80 bytes) and returns the length.
  std::size_t to_decimal(std::span<char, 80> out) const noexcept;
  // Parses optional '-' followed by decimal digits; false for malformed text or a value out of range.
  static bool from_decimal(const char* text, std::size_t len, Integer& out) noexcept;

  // Little-endian 32-bit limbs of the two's-complement value; limbs_[7] holds the sign bit.
  const std::array<std::uint32_t, 8>& limbs() const noexcept { return limbs_; }

 private:
  // Out-of-line general paths behind the inline int64 fast paths below.
  static bool add_general(const Integer& a, const Integer& b, Integer& out) noexcept;
  static bool sub_general(const Integer& a, const Integer& b, Integer& out) noexcept;
  static bool mul_general(const Integer& a, const Integer& b, Integer& out) noexcept;
  static int compare_general(const Integer& a, const Integer& b) noexcept;
  bool fits_int32() const noexcept;
  void set_int64(std::int64_t v) noexcept;

  std::array<std::uint32_t, 8> limbs_{};
};

constexpr Integer::Integer(std::int64_t v) noexcept
    : limbs_{static_cast<std::uint32_t>(static_cast<std::uint64_t>(v)),
             static_cast<std::uint32_t>(static_cast<std::uint64_t>(v) >> 32),
             v < 0 ? 0xFFFFFFFFu : 0u, v < 0 ? 0xFFFFFFFFu : 0u, v < 0 ? 0xFFFFFFFFu : 0u,
             v < 0 ? 0xFFFFFFFFu : 0u, v < 0 ? 0xFFFFFFFFu : 0u, v < 0 ? 0xFFFFFFFFu : 0u} {}

// The VM spends most of its time on small counters and indices, so the hot queries and the int64 cases of
// add / sub / mul / compare are inline; anything wider goes to the 256-bit code in integer.cpp.

inline bool Integer::fits_int64() const noexcept {
  // Fits when limbs 2..7 all repeat the sign bit of limb 1.
  if constexpr (NEO_VM_INTEGER_WIDE_FAST_PATHS != 0 && std::endian::native == std::endian::little) {
    // Same test on three 64-bit words: half the loads and compares on the VM's hottest check.
    std::uint64_t words[4];
    std::memcpy(words, limbs_.data(), sizeof(words));
    const std::uint64_t ext = 0u - (words[0] >> 63);
    return ((words[1] ^ ext) | (words[2] ^ ext) | (words[3] ^ ext)) == 0;
  }
  const std::uint32_t ext = 0u - (limbs_[1] >> 31);
  return ((limbs_[2] ^ ext) | (limbs_[3] ^ ext) | (limbs_[4] ^ ext) | (limbs_[5] ^ ext) | (limbs_[6] ^ ext) |
          (limbs_[7] ^ ext)) == 0;
}

inline bool Integer::fits_int32() const noexcept {
  const std::uint32_t ext = 0u - (limbs_[0] >> 31);
  return ((limbs_[1] ^ ext) | (limbs_[2] ^ ext) | (limbs_[3] ^ ext) | (limbs_[4] ^ ext) | (limbs_[5] ^ ext) |
          (limbs_[6] ^ ext) | (limbs_[7] ^ ext)) == 0;
}

inline std::int64_t Integer::to_int64() const noexcept {
  if constexpr (std::endian::native == std::endian::little) {
    std::uint64_t word;
    std::memcpy(&word, limbs_.data(), sizeof(word));
    return static_cast<std::int64_t>(word);
  }
  return static_cast<std::int64_t>((static_cast<std::uint64_t>(limbs_[1]) << 32) | limbs_[0]);
}

inline void Integer::set_int64(std::int64_t v) noexcept {
  if constexpr (std::endian::native == std::endian::little && NEO_VM_INTEGER_WIDE_FAST_PATHS != 0) {
    // Four scalar 64-bit stores; the generic constructor becomes a chain of vector shuffles on x86-64.
    const std::uint64_t ext = static_cast<std::uint64_t>(v >> 63);
    const std::uint64_t words[4] = {static_cast<std::uint64_t>(v), ext, ext, ext};
    std::memcpy(limbs_.data(), words, sizeof(words));
  } else {
    *this = Integer(v);
  }
}

inline bool Integer::is_zero() const noexcept {
  return (limbs_[0] | limbs_[1] | limbs_[2] | limbs_[3] | limbs_[4] | limbs_[5] | limbs_[6] | limbs_[7]) == 0;
}

inline bool Integer::is_negative() const noexcept { return (limbs_[7] >> 31) != 0; }

inline int Integer::sign() const noexcept { return is_negative() ? -1 : (is_zero() ? 0 : 1); }

inline bool Integer::is_even() const noexcept { return (limbs_[0] & 1u) == 0; }

inline bool Integer::add(const Integer& a, const Integer& b, Integer& out) noexcept {
  std::int64_t sum;
  if (a.fits_int64() && b.fits_int64() && !__builtin_add_overflow(a.to_int64(), b.to_int64(), &sum)) {
    out.set_int64(sum);
    return true;
  }
  return add_general(a, b, out);
}

inline bool Integer::sub(const Integer& a, const Integer& b, Integer& out) noexcept {
  std::int64_t diff;
  if (a.fits_int64() && b.fits_int64() && !__builtin_sub_overflow(a.to_int64(), b.to_int64(), &diff)) {
    out.set_int64(diff);
    return true;
  }
  return sub_general(a, b, out);
}

inline bool Integer::mul(const Integer& a, const Integer& b, Integer& out) noexcept {
  if constexpr (NEO_VM_INTEGER_WIDE_FAST_PATHS != 0) {
    // 64-bit hosts check the int64 product with one multiply-and-overflow-flag instruction.
    std::int64_t product;
    if (a.fits_int64() && b.fits_int64() && !__builtin_mul_overflow(a.to_int64(), b.to_int64(), &product)) {
      out.set_int64(product);
      return true;
    }
  } else {
    // rv32: an int32 x int32 product always fits int64 and costs one mul + mulh.
    if (a.fits_int32() && b.fits_int32()) {
      out = Integer(static_cast<std::int64_t>(static_cast<std::int32_t>(a.limbs_[0])) *
                    static_cast<std::int32_t>(b.limbs_[0]));
      return true;
    }
  }
  return mul_general(a, b, out);
}

inline int Integer::compare(const Integer& a, const Integer& b) noexcept {
  if (a.fits_int64() && b.fits_int64()) {
    const std::int64_t x = a.to_int64(), y = b.to_int64();
    return (x > y) - (x < y);
  }
  return compare_general(a, b);
}

}  // namespace neo::vm
