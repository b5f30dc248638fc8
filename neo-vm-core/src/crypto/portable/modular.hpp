// 256-bit modular arithmetic for the portable backend (internal header). Numbers are 8 little-endian 32-bit
// limbs; products are 64-bit, so the same code runs on rv32im (mul/mulhu) and on the host. Any odd modulus
// works through Montgomery multiplication (CIOS, R = 2^256), used for the group orders; the three field
// primes (secp256k1, P-256, 2^255 - 19) use their special-form reductions instead, on plain integers, behind
// the same functions (their "Montgomery form" is the identity). All constants are computed at compile time.
// Variable-time by design: only public data (signatures, keys, messages) is ever processed.
#pragma once

#include <array>
#include <cstdint>
#include <type_traits>

namespace neo::vm::crypto::detail {

struct U256 {
  std::uint32_t limb[8];  // limb[0] is the least significant
};

constexpr U256 kZero{};

constexpr U256 u256_from_u32(std::uint32_t v) noexcept {
  U256 r{};
  r.limb[0] = v;
  return r;
}

// Parses exactly 64 hex digits (most significant first): used for curve constants only.
constexpr U256 u256_hex(const char (&hex)[65]) noexcept {
  U256 r{};
  for (int i = 0; i < 64; ++i) {
    const char c = hex[i];
    const std::uint32_t nibble = c >= '0' && c <= '9'   ? static_cast<std::uint32_t>(c - '0')
                                 : c >= 'a' && c <= 'f' ? static_cast<std::uint32_t>(c - 'a' + 10)
                                                        : static_cast<std::uint32_t>(c - 'A' + 10);
    const int bit = 4 * (63 - i);
    r.limb[bit / 32] |= nibble << (bit % 32);
  }
  return r;
}

constexpr U256 u256_from_be(const std::uint8_t* p) noexcept {
  U256 r{};
  for (int i = 0; i < 32; ++i) r.limb[(31 - i) / 4] |= std::uint32_t{p[i]} << (8 * ((31 - i) % 4));
  return r;
}

constexpr U256 u256_from_le(const std::uint8_t* p) noexcept {
  U256 r{};
  for (int i = 0; i < 32; ++i) r.limb[i / 4] |= std::uint32_t{p[i]} << (8 * (i % 4));
  return r;
}

constexpr void u256_to_be(const U256& a, std::uint8_t* out) noexcept {
  for (int i = 0; i < 32; ++i)
    out[i] = static_cast<std::uint8_t>(a.limb[(31 - i) / 4] >> (8 * ((31 - i) % 4)));
}

constexpr void u256_to_le(const U256& a, std::uint8_t* out) noexcept {
  for (int i = 0; i < 32; ++i) out[i] = static_cast<std::uint8_t>(a.limb[i / 4] >> (8 * (i % 4)));
}

constexpr bool is_zero(const U256& a) noexcept {
  std::uint32_t acc = 0;
  for (const std::uint32_t l : a.limb) acc |= l;
  return acc == 0;
}

constexpr bool equal(const U256& a, const U256& b) noexcept {
  for (int i = 0; i < 8; ++i) {
    if (a.limb[i] != b.limb[i]) return false;
  }
  return true;
}

// a < b
constexpr bool less(const U256& a, const U256& b) noexcept {
  for (int i = 7; i >= 0; --i) {
    if (a.limb[i] != b.limb[i]) return a.limb[i] < b.limb[i];
  }
  return false;
}

constexpr bool test_bit(const U256& a, int bit) noexcept {
  return ((a.limb[bit / 32] >> (bit % 32)) & 1) != 0;
}

// r = a + b, returns the carry out.
constexpr std::uint32_t add(U256& r, const U256& a, const U256& b) noexcept {
  std::uint64_t carry = 0;
  for (int i = 0; i < 8; ++i) {
    carry += std::uint64_t{a.limb[i]} + b.limb[i];
    r.limb[i] = static_cast<std::uint32_t>(carry);
    carry >>= 32;
  }
  return static_cast<std::uint32_t>(carry);
}

// r = a - b, returns the borrow out (1 when a < b).
constexpr std::uint32_t sub(U256& r, const U256& a, const U256& b) noexcept {
  std::uint32_t borrow = 0;
  for (int i = 0; i < 8; ++i) {
    const std::uint64_t d = std::uint64_t{a.limb[i]} - b.limb[i] - borrow;
    r.limb[i] = static_cast<std::uint32_t>(d);
    borrow = static_cast<std::uint32_t>(d >> 63);
  }
  return borrow;
}

constexpr U256 shift_right(const U256& a, int bits) noexcept {  // 0 < bits < 32
  U256 r{};
  for (int i = 0; i < 8; ++i) {
    r.limb[i] = a.limb[i] >> bits;
    if (i < 7) r.limb[i] |= a.limb[i + 1] << (32 - bits);
  }
  return r;
}

// How products are reduced. Montgomery works for any odd modulus; the three special primes have faster
// reductions that work on plain integers (there the "Montgomery form" is the number itself: r1 = r2 = 1).
enum class Reduction : std::uint8_t {
  kMontgomery,
  kSecp256k1,  // p = 2^256 - 2^32 - 977: 2^256 = 2^32 + 977 (mod p)
  kP256,       // p = 2^256 - 2^224 + 2^192 + 2^96 - 1: FIPS 186-4 D.2.3 word-wise reduction
  kP25519,     // p = 2^255 - 19: 2^256 = 38 (mod p)
};

// An odd modulus m < 2^256 with its Montgomery constants.
struct Modulus {
  U256 m;
  Reduction reduction;
  std::uint32_t m_inv_neg;  // -m^-1 mod 2^32
  U256 r1;                  // R mod m: Montgomery form of 1
  U256 r2;                  // R^2 mod m: converts into Montgomery form
  U256 m_minus_2;           // Fermat inversion exponent
};

constexpr Modulus make_modulus(const U256& m, Reduction reduction = Reduction::kMontgomery) noexcept {
  Modulus mod{};
  mod.m = m;
  mod.reduction = reduction;
  std::uint32_t inv = 1;  // Newton iteration doubles the correct low bits each step: 1, 2, 4, ... 32
  for (int i = 0; i < 5; ++i) inv *= 2 - m.limb[0] * inv;
  mod.m_inv_neg = 0u - inv;
  U256 x = u256_from_u32(1);
  for (int i = 0; i < 512; ++i) {  // x = 2^(i+1) mod m
    U256 doubled{};
    const std::uint32_t carry = add(doubled, x, x);
    if (carry != 0 || !less(doubled, m)) sub(doubled, doubled, m);
    x = doubled;
    if (i == 255) mod.r1 = x;
  }
  mod.r2 = x;
  if (reduction != Reduction::kMontgomery) {
    mod.r1 = u256_from_u32(1);
    mod.r2 = u256_from_u32(1);
  }
  sub(mod.m_minus_2, m, u256_from_u32(2));
  return mod;
}

// Montgomery product a * b / R mod m (CIOS). Inputs below m give an output below m; more generally any
// a < 2^256 with b < m gives a fully reduced result, which to_montgomery/reduce rely on.
constexpr U256 montgomery_product(const U256& a, const U256& b, const Modulus& mod) noexcept {
  std::uint32_t t[10] = {};
  // Fully unrolled: the limb loops are the innermost work of every curve operation.
#pragma GCC unroll 8
  for (int i = 0; i < 8; ++i) {
    std::uint64_t carry = 0;
    const std::uint64_t bi = b.limb[i];
#pragma GCC unroll 8
    for (int j = 0; j < 8; ++j) {
      carry += t[j] + a.limb[j] * bi;
      t[j] = static_cast<std::uint32_t>(carry);
      carry >>= 32;
    }
    carry += t[8];
    t[8] = static_cast<std::uint32_t>(carry);
    t[9] = static_cast<std::uint32_t>(carry >> 32);
    const std::uint64_t q = static_cast<std::uint32_t>(t[0] * mod.m_inv_neg);
    carry = (t[0] + q * mod.m.limb[0]) >> 32;
#pragma GCC unroll 7
    for (int j = 1; j < 8; ++j) {
      carry += t[j] + q * mod.m.limb[j];
      t[j - 1] = static_cast<std::uint32_t>(carry);
      carry >>= 32;
    }
    carry += t[8];
    t[7] = static_cast<std::uint32_t>(carry);
    t[8] = t[9] + static_cast<std::uint32_t>(carry >> 32);
  }
  U256 r{};
  for (int i = 0; i < 8; ++i) r.limb[i] = t[i];
  if (t[8] != 0 || !less(r, mod.m)) sub(r, r, mod.m);
  return r;
}

// Full 512-bit product, schoolbook.
constexpr void wide_product(const U256& a, const U256& b, std::uint32_t (&t)[16]) noexcept {
  for (std::uint32_t& w : t) w = 0;
#pragma GCC unroll 8
  for (int i = 0; i < 8; ++i) {
    std::uint64_t carry = 0;
    const std::uint64_t ai = a.limb[i];
#pragma GCC unroll 8
    for (int j = 0; j < 8; ++j) {
      carry += t[i + j] + ai * b.limb[j];
      t[i + j] = static_cast<std::uint32_t>(carry);
      carry >>= 32;
    }
    t[i + 8] = static_cast<std::uint32_t>(carry);
  }
}

// Full 512-bit square: the 28 cross products once, doubled, plus the 8 squares.
constexpr void wide_square(const U256& a, std::uint32_t (&t)[16]) noexcept {
  for (std::uint32_t& w : t) w = 0;
#pragma GCC unroll 7
  for (int i = 0; i < 7; ++i) {
    std::uint64_t carry = 0;
    const std::uint64_t ai = a.limb[i];
#pragma GCC unroll 7
    for (int j = i + 1; j < 8; ++j) {
      carry += t[i + j] + ai * a.limb[j];
      t[i + j] = static_cast<std::uint32_t>(carry);
      carry >>= 32;
    }
    t[i + 8] = static_cast<std::uint32_t>(carry);
  }
  std::uint64_t carry = 0;
#pragma GCC unroll 8
  for (int i = 0; i < 8; ++i) {
    const std::uint64_t square = std::uint64_t{a.limb[i]} * a.limb[i];
    carry += (std::uint64_t{t[2 * i]} << 1) + static_cast<std::uint32_t>(square);
    t[2 * i] = static_cast<std::uint32_t>(carry);
    carry >>= 32;
    carry += (std::uint64_t{t[2 * i + 1]} << 1) + (square >> 32);
    t[2 * i + 1] = static_cast<std::uint32_t>(carry);
    carry >>= 32;
  }
}

// Subtracts m while the value top * 2^256 + r is at least m (top is small); adds m while it is negative.
constexpr U256 normalize(std::int64_t top, U256 r, const Modulus& mod) noexcept {
  while (top < 0) top += add(r, r, mod.m);
  while (top > 0) top -= sub(r, r, mod.m);
  while (!less(r, mod.m)) sub(r, r, mod.m);
  return r;
}

constexpr U256 reduce_secp256k1(const std::uint32_t (&t)[16], const Modulus& mod) noexcept {
  // lo + hi * (2^32 + 977), then the overflow word w (< 2^34) folded the same way.
  U256 r{};
  std::uint64_t carry = 0;
  for (int i = 0; i < 8; ++i) {
    carry += t[i] + std::uint64_t{t[8 + i]} * 977;
    if (i > 0) carry += t[7 + i];
    r.limb[i] = static_cast<std::uint32_t>(carry);
    carry >>= 32;
  }
  std::uint64_t overflow = carry + t[15];
  while (overflow != 0) {
    carry = overflow * 977;  // overflow < 2^35: no 64-bit overflow
    for (int i = 0; i < 8; ++i) {
      carry += r.limb[i];
      if (i == 1) carry += overflow;  // the 2^32 part of 2^256 mod p
      r.limb[i] = static_cast<std::uint32_t>(carry);
      carry >>= 32;
    }
    overflow = carry;
  }
  return normalize(0, r, mod);
}

constexpr U256 reduce_p25519(const std::uint32_t (&t)[16], const Modulus& mod) noexcept {
  U256 r{};
  std::uint64_t carry = 0;
  for (int i = 0; i < 8; ++i) {
    carry += t[i] + std::uint64_t{t[8 + i]} * 38;
    r.limb[i] = static_cast<std::uint32_t>(carry);
    carry >>= 32;
  }
  std::uint64_t overflow = carry;
  while (overflow != 0) {
    carry = overflow * 38;
    for (int i = 0; i < 8; ++i) {
      carry += r.limb[i];
      r.limb[i] = static_cast<std::uint32_t>(carry);
      carry >>= 32;
    }
    overflow = carry;
  }
  return normalize(0, r, mod);
}

constexpr U256 reduce_p256(const std::uint32_t (&c)[16], const Modulus& mod) noexcept {
  // r = T + 2 S1 + 2 S2 + S3 + S4 - D1 - D2 - D3 - D4 (FIPS 186-4 D.2.3), one 32-bit word at a time.
  const std::int64_t w[8] = {
      std::int64_t{c[0]} + c[8] + c[9] - c[11] - c[12] - c[13] - c[14],
      std::int64_t{c[1]} + c[9] + c[10] - c[12] - c[13] - c[14] - c[15],
      std::int64_t{c[2]} + c[10] + c[11] - c[13] - c[14] - c[15],
      std::int64_t{c[3]} + 2 * std::int64_t{c[11]} + 2 * std::int64_t{c[12]} + c[13] - c[15] - c[8] - c[9],
      std::int64_t{c[4]} + 2 * std::int64_t{c[12]} + 2 * std::int64_t{c[13]} + c[14] - c[9] - c[10],
      std::int64_t{c[5]} + 2 * std::int64_t{c[13]} + 2 * std::int64_t{c[14]} + c[15] - c[10] - c[11],
      std::int64_t{c[6]} + 3 * std::int64_t{c[14]} + 2 * std::int64_t{c[15]} + c[13] - c[8] - c[9],
      std::int64_t{c[7]} + 3 * std::int64_t{c[15]} + c[8] - c[10] - c[11] - c[12] - c[13],
  };
  U256 r{};
  std::int64_t carry = 0;
  for (int i = 0; i < 8; ++i) {
    carry += w[i];
    r.limb[i] = static_cast<std::uint32_t>(carry);
    carry >>= 32;  // arithmetic shift (C++20): carry stays signed
  }
  return normalize(carry, r, mod);
}

constexpr U256 reduce_wide(const std::uint32_t (&t)[16], const Modulus& mod) noexcept {
  switch (mod.reduction) {
    case Reduction::kSecp256k1:
      return reduce_secp256k1(t, mod);
    case Reduction::kP256:
      return reduce_p256(t, mod);
    default:
      return reduce_p25519(t, mod);
  }
}

// Out-of-line entry points (modular.cpp) for run-time products: the unrolled limb loops are large, and
// inlining them into every point operation would multiply the guest's code size for little speed.
U256 mont_mul_runtime(const U256& a, const U256& b, const Modulus& mod) noexcept;
U256 mont_sqr_runtime(const U256& a, const Modulus& mod) noexcept;

constexpr U256 mont_mul_inline(const U256& a, const U256& b, const Modulus& mod) noexcept {
  if (mod.reduction == Reduction::kMontgomery) return montgomery_product(a, b, mod);
  std::uint32_t t[16] = {};
  wide_product(a, b, t);
  return reduce_wide(t, mod);
}

constexpr U256 mont_sqr_inline(const U256& a, const Modulus& mod) noexcept {
  if (mod.reduction == Reduction::kMontgomery) return montgomery_product(a, a, mod);
  std::uint32_t t[16] = {};
  wide_square(a, t);
  return reduce_wide(t, mod);
}

// a * b in the modulus' representation (Montgomery or plain); fully reduced for a < 2^256 and b < m.
constexpr U256 mont_mul(const U256& a, const U256& b, const Modulus& mod) noexcept {
  if (std::is_constant_evaluated()) return mont_mul_inline(a, b, mod);
  return mont_mul_runtime(a, b, mod);
}

constexpr U256 mont_sqr(const U256& a, const Modulus& mod) noexcept {
  if (std::is_constant_evaluated()) return mont_sqr_inline(a, mod);
  return mont_sqr_runtime(a, mod);
}

constexpr U256 add_mod(const U256& a, const U256& b, const Modulus& mod) noexcept {
  U256 r{};
  const std::uint32_t carry = add(r, a, b);
  if (carry != 0 || !less(r, mod.m)) sub(r, r, mod.m);
  return r;
}

constexpr U256 sub_mod(const U256& a, const U256& b, const Modulus& mod) noexcept {
  U256 r{};
  if (sub(r, a, b) != 0) add(r, r, mod.m);
  return r;
}

constexpr U256 neg_mod(const U256& a, const Modulus& mod) noexcept { return sub_mod(kZero, a, mod); }

// Any a < 2^256 into Montgomery form (a * R mod m).
constexpr U256 to_montgomery(const U256& a, const Modulus& mod) noexcept { return mont_mul(a, mod.r2, mod); }
constexpr U256 from_montgomery(const U256& a, const Modulus& mod) noexcept {
  return mont_mul(a, u256_from_u32(1), mod);
}
// a mod m for any a < 2^256.
constexpr U256 reduce(const U256& a, const Modulus& mod) noexcept {
  return from_montgomery(to_montgomery(a, mod), mod);
}

// base^exponent with base in Montgomery form (result too); exponent is a plain integer. 4-bit fixed window.
constexpr U256 mont_pow(const U256& base, const U256& exponent, const Modulus& mod) noexcept {
  U256 table[16]{};
  table[0] = mod.r1;
  for (int i = 1; i < 16; ++i) table[i] = mont_mul(table[i - 1], base, mod);
  U256 result = mod.r1;
  for (int nibble = 63; nibble >= 0; --nibble) {
    for (int s = 0; s < 4; ++s) result = mont_sqr(result, mod);
    const std::uint32_t digit = (exponent.limb[nibble / 8] >> (4 * (nibble % 8))) & 0xf;
    if (digit != 0) result = mont_mul(result, table[digit], mod);
  }
  return result;
}

// Inverse by Fermat's little theorem (m prime); 0 maps to 0.
constexpr U256 mont_inv(const U256& a, const Modulus& mod) noexcept {
  return mont_pow(a, mod.m_minus_2, mod);
}

}  // namespace neo::vm::crypto::detail

namespace neo::vm::crypto::detail {

// Width-w non-adjacent form of a scalar: digits[i] is 0 or odd with |digits[i]| < 2^(w-1), and
// scalar = sum digits[i] * 2^i. Returns the number of digits (at most 257). Between two non-zero digits
// there are at least w-1 zeros, so a double-and-add loop adds only about 256/(w+1) times.
constexpr int wnaf(const U256& scalar, int window, std::int8_t* digits) noexcept {
  std::uint32_t k[9] = {};
  for (int i = 0; i < 8; ++i) k[i] = scalar.limb[i];
  const std::uint32_t mask = (1u << window) - 1;
  const std::int32_t half = 1 << (window - 1);
  int length = 0;
  for (;;) {
    std::uint32_t any = 0;
    for (const std::uint32_t l : k) any |= l;
    if (any == 0) break;
    std::int32_t digit = 0;
    if ((k[0] & 1) != 0) {
      digit = static_cast<std::int32_t>(k[0] & mask);
      if (digit >= half) digit -= static_cast<std::int32_t>(mask + 1);
      if (digit > 0) {
        k[0] -= static_cast<std::uint32_t>(digit);  // no borrow: digit is k's own low bits
      } else {
        std::uint64_t carry = static_cast<std::uint32_t>(-digit);
        for (int i = 0; i < 9 && carry != 0; ++i) {
          carry += k[i];
          k[i] = static_cast<std::uint32_t>(carry);
          carry >>= 32;
        }
      }
    }
    digits[length++] = static_cast<std::int8_t>(digit);
    for (int i = 0; i < 8; ++i) k[i] = (k[i] >> 1) | (k[i + 1] << 31);
    k[8] >>= 1;
  }
  return length;
}

}  // namespace neo::vm::crypto::detail
