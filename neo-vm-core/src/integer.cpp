// neo::vm::Integer — 256-bit two's-complement integer with .NET BigInteger semantics (see integer.hpp).
//
// Values are stored as eight little-endian 32-bit limbs of two's complement. Multiplication, division and the
// modular operations work on magnitudes (sign handled separately, as .NET does), with 32-bit limbs and 64-bit
// intermediates only. No 64-bit division or libgcc helper is used anywhere in the general paths, because the
// rv32im guest has neither __int128 nor a hardware 64-bit divide: every quotient digit comes from 32-bit
// divisions, which rv32im executes natively. Host and guest therefore run exactly the same arithmetic.

#include "neo/vm/integer.hpp"

#include <cstdint>

namespace neo::vm {
namespace {

using u32 = std::uint32_t;
using u64 = std::uint64_t;

constexpr int kLimbs = 8;
constexpr u32 kSignBit = 0x80000000u;

// True on hosts where 64-bit division is a single instruction: only the int64 fast paths use it there.
constexpr bool kWideHost = NEO_VM_INTEGER_WIDE_FAST_PATHS != 0;

int count_leading_zeros(u32 x) noexcept {
  // Portable: __builtin_clz would call libgcc's __clzsi2 on rv32im (no Zbb).
  if (x == 0) return 32;
  int n = 0;
  if (x <= 0x0000FFFFu) {
    n += 16;
    x <<= 16;
  }
  if (x <= 0x00FFFFFFu) {
    n += 8;
    x <<= 8;
  }
  if (x <= 0x0FFFFFFFu) {
    n += 4;
    x <<= 4;
  }
  if (x <= 0x3FFFFFFFu) {
    n += 2;
    x <<= 2;
  }
  if (x <= 0x7FFFFFFFu) {
    n += 1;
  }
  return n;
}

// Divides the two-limb number (hi:lo) by d; requires hi < d so that the quotient fits one limb.
// Works on 16-bit half digits so that every division is 32-bit by 32-bit (Knuth D on base 2^16, two steps).
u32 div_2by1(u32 hi, u32 lo, u32 d, u32& rem) noexcept {
  const int s = count_leading_zeros(d);
  d <<= s;
  const u32 d_hi = d >> 16, d_lo = d & 0xFFFFu;
  const u32 n32 = s == 0 ? hi : (hi << s) | (lo >> (32 - s));
  const u32 n10 = lo << s;
  const u32 n1 = n10 >> 16, n0 = n10 & 0xFFFFu;

  u32 q1 = n32 / d_hi;
  u32 r = n32 - q1 * d_hi;
  // The estimate is at most 2 too large; the short-circuit keeps q1 * d_lo below 2^32.
  while (q1 > 0xFFFFu || q1 * d_lo > ((r << 16) | n1)) {
    --q1;
    r += d_hi;
    if (r > 0xFFFFu) break;
  }
  // The true partial remainder is < d < 2^32, so computing it modulo 2^32 is exact.
  const u32 n21 = (n32 << 16) + n1 - q1 * d;

  u32 q0 = n21 / d_hi;
  r = n21 - q0 * d_hi;
  while (q0 > 0xFFFFu || q0 * d_lo > ((r << 16) | n0)) {
    --q0;
    r += d_hi;
    if (r > 0xFFFFu) break;
  }
  rem = ((n21 << 16) + n0 - q0 * d) >> s;
  return (q1 << 16) | q0;
}

// Number of limbs up to and including the most significant non-zero one.
int significant_limbs(const u32* a, int n) noexcept {
  while (n > 0 && a[n - 1] == 0) --n;
  return n;
}

// Magnitude of a two's-complement value; returns whether it was negative. |-2^255| = 2^255 fits 256 bits.
bool magnitude(const std::array<u32, kLimbs>& limbs, u32* mag) noexcept {
  const bool negative = (limbs[kLimbs - 1] & kSignBit) != 0;
  if (!negative) {
    for (int i = 0; i < kLimbs; ++i) mag[i] = limbs[i];
    return false;
  }
  u32 carry = 1;
  for (int i = 0; i < kLimbs; ++i) {
    const u32 inverted = ~limbs[i];
    mag[i] = inverted + carry;
    carry = carry != 0 && mag[i] == 0 ? 1u : 0u;
  }
  return true;
}

// Converts sign + magnitude (n limbs, n may exceed 8) to two's complement. False when the value lies outside
// [-2^255, 2^255 - 1].
bool from_magnitude(bool negative, const u32* mag, int n, std::array<u32, kLimbs>& out) noexcept {
  for (int i = kLimbs; i < n; ++i) {
    if (mag[i] != 0) return false;
  }
  u32 w[kLimbs];
  for (int i = 0; i < kLimbs; ++i) w[i] = i < n ? mag[i] : 0u;
  if ((w[kLimbs - 1] & kSignBit) != 0) {
    // Only -2^255 has the top bit set in its magnitude and still fits.
    if (!negative || w[kLimbs - 1] != kSignBit) return false;
    for (int i = 0; i < kLimbs - 1; ++i) {
      if (w[i] != 0) return false;
    }
  }
  if (!negative) {
    for (int i = 0; i < kLimbs; ++i) out[i] = w[i];
    return true;
  }
  u32 carry = 1;
  for (int i = 0; i < kLimbs; ++i) {
    const u32 inverted = ~w[i];
    out[i] = inverted + carry;
    carry = carry != 0 && out[i] == 0 ? 1u : 0u;
  }
  return true;
}

// Schoolbook product of na and nb limbs into out[0 .. na + nb).
void mul_limbs(const u32* a, int na, const u32* b, int nb, u32* out) noexcept {
  for (int i = 0; i < na + nb; ++i) out[i] = 0;
  for (int i = 0; i < na; ++i) {
    const u32 ai = a[i];
    if (ai == 0) continue;
    u32 carry = 0;
    for (int j = 0; j < nb; ++j) {
      const u64 t = static_cast<u64>(ai) * b[j] + out[i + j] + carry;
      out[i + j] = static_cast<u32>(t);
      carry = static_cast<u32>(t >> 32);
    }
    out[i + nb] = carry;
  }
}

// Knuth's algorithm D: u (m limbs) / v (n limbs) -> q (m - n + 1 limbs), r (n limbs).
// Requires 1 <= n <= 8, m <= 16, m >= n and v[n - 1] != 0.
void divmod_limbs(const u32* u, int m, const u32* v, int n, u32* q, u32* r) noexcept {
  if (n == 1) {
    u32 rem = 0;
    for (int i = m - 1; i >= 0; --i) q[i] = div_2by1(rem, u[i], v[0], rem);
    r[0] = rem;
    return;
  }
  // Normalize so that the divisor's top bit is set; then each quotient estimate is off by at most 2.
  const int s = count_leading_zeros(v[n - 1]);
  u32 vn[kLimbs];
  u32 un[2 * kLimbs + 1];
  for (int i = n - 1; i > 0; --i) vn[i] = s == 0 ? v[i] : (v[i] << s) | (v[i - 1] >> (32 - s));
  vn[0] = v[0] << s;
  un[m] = s == 0 ? 0u : u[m - 1] >> (32 - s);
  for (int i = m - 1; i > 0; --i) un[i] = s == 0 ? u[i] : (u[i] << s) | (u[i - 1] >> (32 - s));
  un[0] = u[0] << s;

  const u32 v_top = vn[n - 1], v_next = vn[n - 2];
  for (int j = m - n; j >= 0; --j) {
    const u32 top = un[j + n];
    u32 qhat;
    u64 rhat;
    if (top >= v_top) {
      // top == v_top: the estimate b - 1 is used directly; its remainder (top:next) - (b-1)*v_top = next +
      // v_top.
      qhat = 0xFFFFFFFFu;
      rhat = static_cast<u64>(un[j + n - 1]) + v_top;
    } else {
      u32 r32;
      qhat = div_2by1(top, un[j + n - 1], v_top, r32);
      rhat = r32;
    }
    while (rhat <= 0xFFFFFFFFu && static_cast<u64>(qhat) * v_next > ((rhat << 32) | un[j + n - 2])) {
      --qhat;
      rhat += v_top;
    }
    // un[j .. j+n] -= qhat * vn.
    u32 borrow = 0, carry = 0;
    for (int i = 0; i < n; ++i) {
      const u64 p = static_cast<u64>(qhat) * vn[i] + carry;
      carry = static_cast<u32>(p >> 32);
      const u64 t = static_cast<u64>(un[i + j]) - static_cast<u32>(p) - borrow;
      un[i + j] = static_cast<u32>(t);
      borrow = static_cast<u32>(t >> 63);
    }
    const u64 t = static_cast<u64>(un[j + n]) - carry - borrow;
    un[j + n] = static_cast<u32>(t);
    if ((t >> 63) != 0) {
      // Rare (probability ~2/b): the estimate was one too large, add the divisor back.
      --qhat;
      u32 c = 0;
      for (int i = 0; i < n; ++i) {
        const u64 sum = static_cast<u64>(un[i + j]) + vn[i] + c;
        un[i + j] = static_cast<u32>(sum);
        c = static_cast<u32>(sum >> 32);
      }
      un[j + n] += c;
    }
    q[j] = qhat;
  }
  for (int i = 0; i < n; ++i) r[i] = s == 0 ? un[i] : (un[i] >> s) | (un[i + 1] << (32 - s));
}

// General quotient/remainder on magnitudes of up to 16 / 8 limbs. q gets 16 limbs, r gets 8 limbs
// (zero-filled). Requires v != 0.
void divmod_mag(const u32* u, int m, const u32* v, int n, u32* q, u32* r) noexcept {
  for (int i = 0; i < 2 * kLimbs; ++i) q[i] = 0;
  for (int i = 0; i < kLimbs; ++i) r[i] = 0;
  m = significant_limbs(u, m);
  n = significant_limbs(v, n);
  if (m < n) {
    for (int i = 0; i < m; ++i) r[i] = u[i];
    return;
  }
  divmod_limbs(u, m, v, n, q, r);
}

// r = (a * b) mod m on 8-limb magnitudes; m != 0.
void mulmod_mag(const u32* a, const u32* b, const u32* m, u32* r) noexcept {
  u32 product[2 * kLimbs];
  const int na = significant_limbs(a, kLimbs), nb = significant_limbs(b, kLimbs);
  if (na == 0 || nb == 0) {
    for (int i = 0; i < kLimbs; ++i) r[i] = 0;
    return;
  }
  mul_limbs(a, na, b, nb, product);
  u32 q[2 * kLimbs];
  divmod_mag(product, na + nb, m, kLimbs, q, r);
}

int compare_mag(const u32* a, const u32* b, int n) noexcept {
  for (int i = n - 1; i >= 0; --i) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

bool is_zero_mag(const u32* a, int n) noexcept { return significant_limbs(a, n) == 0; }

// a += b * c (single limb c) on n limbs; returns the carry out.
u32 add_mul_small(u32* a, int n, u32 c, u32 addend) noexcept {
  u32 carry = addend;
  for (int i = 0; i < n; ++i) {
    const u64 t = static_cast<u64>(a[i]) * c + carry;
    a[i] = static_cast<u32>(t);
    carry = static_cast<u32>(t >> 32);
  }
  return carry;
}

int bit_length_mag(const u32* a, int n) noexcept {
  n = significant_limbs(a, n);
  if (n == 0) return 0;
  return 32 * n - count_leading_zeros(a[n - 1]);
}

// Sign-extension limb of a two's-complement value.
u32 ext_of(const std::array<u32, kLimbs>& limbs) noexcept { return 0u - (limbs[kLimbs - 1] >> 31); }

}  // namespace

// ---- Bytes ----

bool Integer::from_le_bytes(std::span<const std::uint8_t> bytes, Integer& out) noexcept {
  if (bytes.size() > kMaxSize) return false;
  const u32 fill = !bytes.empty() && (bytes.back() & 0x80u) != 0 ? 0xFFFFFFFFu : 0u;
  std::array<u32, kLimbs> limbs;
  limbs.fill(fill);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const unsigned shift = 8 * static_cast<unsigned>(i % 4);
    u32& limb = limbs[i / 4];
    limb = (limb & ~(0xFFu << shift)) | (static_cast<u32>(bytes[i]) << shift);
  }
  out.limbs_ = limbs;
  return true;
}

std::size_t Integer::byte_length() const noexcept {
  const u32 ext = ext_of(limbs_);
  int top = kLimbs - 1;
  while (top >= 0 && limbs_[top] == ext) --top;
  if (top < 0) return ext == 0 ? 0 : 1;  // 0 encodes as empty, -1 as {0xFF}
  const u32 limb = limbs_[top];
  int byte = 3;
  while (((limb >> (8 * byte)) & 0xFFu) == (ext & 0xFFu)) --byte;
  std::size_t length = static_cast<std::size_t>(4 * top + byte + 1);
  // One more byte when the top kept byte's high bit does not match the sign.
  const u32 high_bit = (limb >> (8 * byte + 7)) & 1u;
  if (high_bit != (ext & 1u)) ++length;
  return length;
}

std::size_t Integer::to_le_bytes(std::span<std::uint8_t, kMaxSize> out) const noexcept {
  const std::size_t length = byte_length();
  for (std::size_t i = 0; i < length; ++i) {
    out[i] = static_cast<std::uint8_t>(limbs_[i / 4] >> (8 * (i % 4)));
  }
  return length;
}

// ---- Add / sub / negate / compare ----

// add_general / sub_general write straight into out (limb i of the operands is read before limb i of out is
// written, so out may alias either operand; on overflow out is unspecified by contract). Going through a
// temporary costs a store-forwarding stall on x86 when the small stores are reloaded as one wide copy.
bool Integer::add_general(const Integer& a, const Integer& b, Integer& out) noexcept {
  const u32 sa = a.limbs_[kLimbs - 1] >> 31, sb = b.limbs_[kLimbs - 1] >> 31;
  u32 carry = 0;
  for (int i = 0; i < kLimbs; ++i) {
    const u64 t = static_cast<u64>(a.limbs_[i]) + b.limbs_[i] + carry;
    out.limbs_[i] = static_cast<u32>(t);
    carry = static_cast<u32>(t >> 32);
  }
  // Signed overflow: both operands have the same sign and the result's sign differs.
  return !(sa == sb && (out.limbs_[kLimbs - 1] >> 31) != sa);
}

bool Integer::sub_general(const Integer& a, const Integer& b, Integer& out) noexcept {
  const u32 sa = a.limbs_[kLimbs - 1] >> 31, sb = b.limbs_[kLimbs - 1] >> 31;
  u32 borrow = 0;
  for (int i = 0; i < kLimbs; ++i) {
    const u64 t = static_cast<u64>(a.limbs_[i]) - b.limbs_[i] - borrow;
    out.limbs_[i] = static_cast<u32>(t);
    borrow = static_cast<u32>(t >> 63);
  }
  return !(sa != sb && (out.limbs_[kLimbs - 1] >> 31) != sa);
}

bool Integer::negate(const Integer& a, Integer& out) noexcept {
  const Integer zero;
  return sub_general(zero, a, out);
}

bool Integer::abs(const Integer& a, Integer& out) noexcept {
  if (!a.is_negative()) {
    out = a;
    return true;
  }
  return negate(a, out);
}

int Integer::compare_general(const Integer& a, const Integer& b) noexcept {
  const std::int32_t top_a = static_cast<std::int32_t>(a.limbs_[kLimbs - 1]);
  const std::int32_t top_b = static_cast<std::int32_t>(b.limbs_[kLimbs - 1]);
  if (top_a != top_b) return top_a < top_b ? -1 : 1;
  // Same top limb, hence same sign: the remaining limbs compare as unsigned in either sign.
  return compare_mag(a.limbs_.data(), b.limbs_.data(), kLimbs - 1);
}

// ---- Multiplication ----

bool Integer::mul_general(const Integer& a, const Integer& b, Integer& out) noexcept {
  u32 ma[kLimbs], mb[kLimbs];
  const bool na_neg = magnitude(a.limbs_, ma);
  const bool nb_neg = magnitude(b.limbs_, mb);
  const int na = significant_limbs(ma, kLimbs), nb = significant_limbs(mb, kLimbs);
  if (na == 0 || nb == 0) {
    out = Integer();
    return true;
  }
  // |a| >= 2^(32(na-1)) and |b| >= 2^(32(nb-1)): with na + nb >= 10 the product is >= 2^256.
  if (na + nb > kLimbs + 1) return false;
  u32 product[2 * kLimbs];
  mul_limbs(ma, na, mb, nb, product);
  return from_magnitude(na_neg != nb_neg, product, na + nb, out.limbs_);
}

// ---- Division ----

bool Integer::div(const Integer& a, const Integer& b, Integer& out) noexcept {
  if constexpr (kWideHost) {
    if (a.fits_int64() && b.fits_int64()) {
      const std::int64_t x = a.to_int64(), y = b.to_int64();
      if (y == 0) return false;
      if (!(y == -1 && x == INT64_MIN)) {  // INT64_MIN / -1 = 2^63 fits the range but not int64
        out.set_int64(x / y);
        return true;
      }
    }
  } else {
    if (a.fits_int32() && b.fits_int32()) {
      const std::int32_t x = static_cast<std::int32_t>(a.limbs_[0]);
      const std::int32_t y = static_cast<std::int32_t>(b.limbs_[0]);
      if (y == 0) return false;
      if (!(y == -1 && x == INT32_MIN)) {
        out.set_int64(x / y);
        return true;
      }
    }
  }
  if (b.is_zero()) return false;
  u32 ma[kLimbs], mb[kLimbs], q[2 * kLimbs], r[kLimbs];
  const bool a_neg = magnitude(a.limbs_, ma);
  const bool b_neg = magnitude(b.limbs_, mb);
  divmod_mag(ma, kLimbs, mb, kLimbs, q, r);
  // Only -2^255 / -1 leaves the range.
  return from_magnitude(a_neg != b_neg, q, kLimbs, out.limbs_);
}

bool Integer::mod(const Integer& a, const Integer& b, Integer& out) noexcept {
  if constexpr (kWideHost) {
    if (a.fits_int64() && b.fits_int64()) {
      const std::int64_t x = a.to_int64(), y = b.to_int64();
      if (y == 0) return false;
      out.set_int64(y == -1 ? 0 : x % y);  // INT64_MIN % -1 traps on x86
      return true;
    }
  } else {
    if (a.fits_int32() && b.fits_int32()) {
      const std::int32_t x = static_cast<std::int32_t>(a.limbs_[0]);
      const std::int32_t y = static_cast<std::int32_t>(b.limbs_[0]);
      if (y == 0) return false;
      out.set_int64(y == -1 ? 0 : x % y);
      return true;
    }
  }
  if (b.is_zero()) return false;
  u32 ma[kLimbs], mb[kLimbs], q[2 * kLimbs], r[kLimbs];
  const bool a_neg = magnitude(a.limbs_, ma);
  magnitude(b.limbs_, mb);
  divmod_mag(ma, kLimbs, mb, kLimbs, q, r);
  return from_magnitude(a_neg, r, kLimbs, out.limbs_);  // |r| < |b| <= 2^255: always fits
}

// ---- Powers and roots ----

bool Integer::pow(const Integer& base, std::uint32_t exponent, Integer& out) noexcept {
  if (exponent == 0) {
    out = Integer(1);
    return true;
  }
  u32 mb[kLimbs];
  const bool negative = magnitude(base.limbs_, mb) && (exponent & 1u) != 0;
  const int nb = significant_limbs(mb, kLimbs);
  if (nb == 0 || (nb == 1 && mb[0] == 1)) {  // 0, 1 and -1 never grow
    out = nb == 0 ? Integer() : Integer(negative ? -1 : 1);
    return true;
  }
  // |base| >= 2, so |base|^256 >= 2^256.
  if (exponent >= 256) return false;
  // Square-and-multiply on magnitudes. Every intermediate is at most |result|, so a 256-bit overflow of any
  // intermediate means the result cannot fit either.
  u32 result[kLimbs] = {1, 0, 0, 0, 0, 0, 0, 0};
  u32 square[kLimbs];
  for (int i = 0; i < kLimbs; ++i) square[i] = mb[i];
  u32 product[2 * kLimbs];
  for (std::uint32_t e = exponent;;) {
    if ((e & 1u) != 0) {
      const int nr = significant_limbs(result, kLimbs), ns = significant_limbs(square, kLimbs);
      if (nr + ns > kLimbs + 1) return false;
      mul_limbs(result, nr, square, ns, product);
      for (int i = kLimbs; i < nr + ns; ++i) {
        if (product[i] != 0) return false;
      }
      for (int i = 0; i < kLimbs; ++i) result[i] = i < nr + ns ? product[i] : 0u;
    }
    e >>= 1;
    if (e == 0) break;
    const int ns = significant_limbs(square, kLimbs);
    if (2 * ns > kLimbs + 1) return false;
    mul_limbs(square, ns, square, ns, product);
    for (int i = kLimbs; i < 2 * ns; ++i) {
      if (product[i] != 0) return false;
    }
    for (int i = 0; i < kLimbs; ++i) square[i] = i < 2 * ns ? product[i] : 0u;
  }
  return from_magnitude(negative, result, kLimbs, out.limbs_);
}

bool Integer::sqrt(const Integer& a, Integer& out) noexcept {
  if (a.is_negative()) return false;
  u32 n[kLimbs];
  for (int i = 0; i < kLimbs; ++i) n[i] = a.limbs_[i];
  const int bits = bit_length_mag(n, kLimbs);
  if (bits <= 2) {  // 0 -> 0, 1..3 -> 1
    out = Integer(bits == 0 ? 0 : 1);
    return true;
  }
  // Newton's iteration from x0 = 2^ceil(bits/2) >= sqrt(n) decreases monotonically to floor(sqrt(n)).
  u32 x[kLimbs] = {};
  const int start = (bits + 1) / 2;
  x[start / 32] = 1u << (start % 32);
  u32 q[2 * kLimbs], r[kLimbs], y[kLimbs];
  for (;;) {
    divmod_mag(n, kLimbs, x, kLimbs, q, r);
    // y = (x + n / x) / 2; x + n/x < 2^130, no overflow.
    u32 carry = 0;
    for (int i = 0; i < kLimbs; ++i) {
      const u64 t = static_cast<u64>(x[i]) + q[i] + carry;
      y[i] = static_cast<u32>(t);
      carry = static_cast<u32>(t >> 32);
    }
    for (int i = 0; i < kLimbs; ++i) y[i] = (y[i] >> 1) | (i + 1 < kLimbs ? y[i + 1] << 31 : 0u);
    if (compare_mag(y, x, kLimbs) >= 0) break;
    for (int i = 0; i < kLimbs; ++i) x[i] = y[i];
  }
  for (int i = 0; i < kLimbs; ++i) out.limbs_[i] = x[i];
  return true;
}

// ---- Modular arithmetic ----

bool Integer::modmul(const Integer& a, const Integer& b, const Integer& m, Integer& out) noexcept {
  if (m.is_zero()) return false;
  u32 ma[kLimbs], mb[kLimbs], mm[kLimbs], r[kLimbs];
  const bool a_neg = magnitude(a.limbs_, ma);
  const bool b_neg = magnitude(b.limbs_, mb);
  magnitude(m.limbs_, mm);
  mulmod_mag(ma, mb, mm, r);
  return from_magnitude(a_neg != b_neg, r, kLimbs, out.limbs_);  // remainder takes the product's sign
}

namespace {

// Modular inverse of a modulo m for 0 < a < m (magnitudes). Extended Euclid keeping only the magnitudes of
// the Bezout coefficients: they alternate in sign, so t_{i+1} = t_{i-1} + q_i * t_i, all bounded by m.
bool mod_inverse_mag(const u32* a, const u32* m, u32* inverse) noexcept {
  u32 r_prev[kLimbs], r_cur[kLimbs], t_prev[kLimbs] = {}, t_cur[kLimbs] = {1};
  for (int i = 0; i < kLimbs; ++i) {
    r_prev[i] = m[i];
    r_cur[i] = a[i];
  }
  bool cur_positive = true;  // sign of the coefficient t_cur (s_1 = +1, then alternating)
  u32 q[2 * kLimbs], rem[kLimbs], prod[2 * kLimbs];
  while (!is_zero_mag(r_cur, kLimbs)) {
    divmod_mag(r_prev, kLimbs, r_cur, kLimbs, q, rem);
    // t_next = t_prev + q * t_cur (magnitudes; the bound |t| <= m keeps it within 256 bits).
    const int nq = significant_limbs(q, kLimbs), nt = significant_limbs(t_cur, kLimbs);
    u32 t_next[kLimbs];
    for (int i = 0; i < kLimbs; ++i) t_next[i] = t_prev[i];
    if (nq != 0 && nt != 0) {
      mul_limbs(q, nq, t_cur, nt, prod);
      u32 carry = 0;
      for (int i = 0; i < kLimbs; ++i) {
        const u64 t = static_cast<u64>(t_next[i]) + (i < nq + nt ? prod[i] : 0u) + carry;
        t_next[i] = static_cast<u32>(t);
        carry = static_cast<u32>(t >> 32);
      }
    }
    for (int i = 0; i < kLimbs; ++i) {
      r_prev[i] = r_cur[i];
      r_cur[i] = rem[i];
      t_prev[i] = t_cur[i];
      t_cur[i] = t_next[i];
    }
    cur_positive = !cur_positive;
  }
  // r_prev is gcd(a, m) and t_prev (with sign !cur_positive) its coefficient.
  u32 one[kLimbs] = {1};
  if (compare_mag(r_prev, one, kLimbs) != 0) return false;
  u32 tq[2 * kLimbs], t_mod[kLimbs];
  divmod_mag(t_prev, kLimbs, m, kLimbs, tq, t_mod);
  const bool prev_positive = !cur_positive;
  if (prev_positive || is_zero_mag(t_mod, kLimbs)) {
    for (int i = 0; i < kLimbs; ++i) inverse[i] = t_mod[i];
  } else {
    u32 borrow = 0;
    for (int i = 0; i < kLimbs; ++i) {
      const u64 t = static_cast<u64>(m[i]) - t_mod[i] - borrow;
      inverse[i] = static_cast<u32>(t);
      borrow = static_cast<u32>(t >> 63);
    }
  }
  return true;
}

}  // namespace

bool Integer::modpow(const Integer& value, const Integer& exponent, const Integer& m, Integer& out) noexcept {
  if (exponent == Integer(-1)) {
    // Neo's BigIntegerExtensions.ModInverse: value > 0, modulus >= 2, and the inverse must exist.
    if (value.sign() <= 0 || compare(m, Integer(2)) < 0) return false;
    u32 mv[kLimbs], mm[kLimbs], q[2 * kLimbs], reduced[kLimbs], inverse[kLimbs];
    magnitude(value.limbs_, mv);
    magnitude(m.limbs_, mm);
    divmod_mag(mv, kLimbs, mm, kLimbs, q, reduced);
    if (is_zero_mag(reduced, kLimbs)) return false;  // gcd = m >= 2
    if (!mod_inverse_mag(reduced, mm, inverse)) return false;
    return from_magnitude(false, inverse, kLimbs, out.limbs_);
  }
  if (exponent.is_negative() || m.is_zero()) return false;
  // .NET: |value|^exponent mod |m|, negated when value < 0 and the exponent is odd.
  u32 mv[kLimbs], mm[kLimbs], me[kLimbs], q[2 * kLimbs], base[kLimbs];
  const bool value_neg = magnitude(value.limbs_, mv);
  magnitude(m.limbs_, mm);
  magnitude(exponent.limbs_, me);
  divmod_mag(mv, kLimbs, mm, kLimbs, q, base);
  // Start from 1 mod |m|, which is 0 when |m| == 1 (as .NET returns for any exponent, including 0).
  const bool modulus_is_one = significant_limbs(mm, kLimbs) == 1 && mm[0] == 1;
  u32 result[kLimbs] = {modulus_is_one ? 0u : 1u};
  const int bits = bit_length_mag(me, kLimbs);
  for (int bit = bits - 1; bit >= 0; --bit) {
    mulmod_mag(result, result, mm, result);
    if (((me[bit / 32] >> (bit % 32)) & 1u) != 0) mulmod_mag(result, base, mm, result);
  }
  const bool negative = value_neg && (me[0] & 1u) != 0;
  return from_magnitude(negative, result, kLimbs, out.limbs_);
}

// ---- Shifts ----

Integer Integer::shr(const Integer& a, std::uint32_t shift) noexcept {
  const u32 ext = ext_of(a.limbs_);
  Integer out;
  if (shift >= 256) {
    out.limbs_.fill(ext);
    return out;
  }
  const int limb_shift = static_cast<int>(shift / 32), bit_shift = static_cast<int>(shift % 32);
  for (int i = 0; i < kLimbs; ++i) {
    const int src = i + limb_shift;
    const u32 lo = src < kLimbs ? a.limbs_[src] : ext;
    const u32 hi = src + 1 < kLimbs ? a.limbs_[src + 1] : ext;
    out.limbs_[i] = bit_shift == 0 ? lo : (lo >> bit_shift) | (hi << (32 - bit_shift));
  }
  return out;
}

bool Integer::shl(const Integer& a, std::uint32_t shift, Integer& out) noexcept {
  if (a.is_zero()) {
    out = Integer();
    return true;
  }
  if (shift >= 256) return false;
  const int limb_shift = static_cast<int>(shift / 32), bit_shift = static_cast<int>(shift % 32);
  Integer shifted;
  for (int i = 0; i < kLimbs; ++i) {
    const int src = i - limb_shift;
    const u32 hi = src >= 0 ? a.limbs_[src] : 0u;
    const u32 lo = src - 1 >= 0 ? a.limbs_[src - 1] : 0u;
    shifted.limbs_[i] = bit_shift == 0 ? hi : (hi << bit_shift) | (lo >> (32 - bit_shift));
  }
  // The truncated result is exact iff shifting it back (arithmetically) recovers a.
  if (!(shr(shifted, shift) == a)) return false;
  out = shifted;
  return true;
}

// ---- Bitwise ----

Integer Integer::bit_and(const Integer& a, const Integer& b) noexcept {
  Integer out;
  for (int i = 0; i < kLimbs; ++i) out.limbs_[i] = a.limbs_[i] & b.limbs_[i];
  return out;
}

Integer Integer::bit_or(const Integer& a, const Integer& b) noexcept {
  Integer out;
  for (int i = 0; i < kLimbs; ++i) out.limbs_[i] = a.limbs_[i] | b.limbs_[i];
  return out;
}

Integer Integer::bit_xor(const Integer& a, const Integer& b) noexcept {
  Integer out;
  for (int i = 0; i < kLimbs; ++i) out.limbs_[i] = a.limbs_[i] ^ b.limbs_[i];
  return out;
}

Integer Integer::bit_not(const Integer& a) noexcept {
  Integer out;
  for (int i = 0; i < kLimbs; ++i) out.limbs_[i] = ~a.limbs_[i];
  return out;
}

// ---- Decimal text ----

std::size_t Integer::to_decimal(std::span<char, 80> out) const noexcept {
  u32 mag[kLimbs];
  const bool negative = magnitude(limbs_, mag);
  // Peel off base-10^9 chunks, least significant first (at most 9 chunks for 78 digits).
  u32 chunks[10];
  int chunk_count = 0;
  int n = significant_limbs(mag, kLimbs);
  while (n > 0) {
    u32 rem = 0;
    for (int i = n - 1; i >= 0; --i) mag[i] = div_2by1(rem, mag[i], 1000000000u, rem);
    chunks[chunk_count++] = rem;
    n = significant_limbs(mag, n);
  }
  std::size_t pos = 0;
  if (chunk_count == 0) {
    out[pos++] = '0';
    return pos;
  }
  if (negative) out[pos++] = '-';
  for (int c = chunk_count - 1; c >= 0; --c) {
    char digits[9];
    u32 chunk = chunks[c];
    for (int d = 8; d >= 0; --d) {
      digits[d] = static_cast<char>('0' + chunk % 10);
      chunk /= 10;
    }
    int first = 0;
    if (c == chunk_count - 1) {
      while (first < 8 && digits[first] == '0') ++first;  // no leading zeros in the top chunk
    }
    for (int d = first; d < 9; ++d) out[pos++] = digits[d];
  }
  return pos;
}

bool Integer::from_decimal(const char* text, std::size_t len, Integer& out) noexcept {
  std::size_t pos = 0;
  bool negative = false;
  if (len > 0 && text[0] == '-') {
    negative = true;
    pos = 1;
  }
  if (pos == len) return false;
  // Nine limbs so that one more 10^9 chunk on top of a value <= 2^255 cannot overflow before the check.
  u32 mag[kLimbs + 1] = {};
  while (pos < len) {
    u32 chunk = 0, scale = 1;
    for (int d = 0; d < 9 && pos < len; ++d, ++pos) {
      const char ch = text[pos];
      if (ch < '0' || ch > '9') return false;
      chunk = chunk * 10 + static_cast<u32>(ch - '0');
      scale *= 10;
    }
    add_mul_small(mag, kLimbs + 1, scale, chunk);
    // Stop once at or above 2^256: later digits only grow it, and a value below 2^256 times 10^9 still fits
    // the nine limbs. from_magnitude() does the exact range check at the end.
    if (mag[kLimbs] != 0) return false;
  }
  return from_magnitude(negative, mag, kLimbs, out.limbs_);
}

}  // namespace neo::vm
