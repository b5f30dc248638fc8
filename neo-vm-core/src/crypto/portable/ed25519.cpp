// Ed25519 signature verification (RFC 8032, section 5.1.7), portable code. The curve is the twisted Edwards
// curve -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19); points are in extended coordinates (X:Y:Z:T) with
// x = X/Z, y = Y/Z, xy = T/Z (Hisil, Wong, Carter, Dawson 2008), whose addition formula is complete.
#include <array>

#include "modular.hpp"
#include "neo/vm/crypto/hashes.hpp"
#include "neo/vm/crypto/portable.hpp"

namespace neo::vm::crypto::portable {
namespace {

using detail::Modulus;
using detail::U256;

constexpr Modulus kField =
    detail::make_modulus(detail::u256_hex("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed"),
                         detail::Reduction::kP25519);
// Group order L = 2^252 + 27742317777372353535851937790883648493.
constexpr Modulus kOrder = detail::make_modulus(
    detail::u256_hex("1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed"));
// d = -121665 / 121666, and 2d, in the field representation (modular.hpp).
constexpr U256 kD = detail::to_montgomery(
    detail::u256_hex("52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3"), kField);
constexpr U256 kD2 = detail::add_mod(kD, kD, kField);
// sqrt(-1) = 2^((p-1)/4).
constexpr U256 kSqrtMinusOne = detail::to_montgomery(
    detail::u256_hex("2b8324804fc1df0b2b4d00993dfbd7a72f431806ad2fe478c4ee1b274a0ea0b0"), kField);
// (p - 5) / 8: x = u v^3 (u v^7)^((p-5)/8) is a square root of u/v when one exists (RFC 8032 5.1.3).
constexpr U256 kSqrtExponent =
    detail::u256_hex("0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd");
// Base point B: y = 4/5, x even.
constexpr U256 kBaseX = detail::to_montgomery(
    detail::u256_hex("216936d3cd6e53fec0a4e231fdd6dc5c692cc7609525a7b2c9562d608f25d51a"), kField);
constexpr U256 kBaseY = detail::to_montgomery(
    detail::u256_hex("6666666666666666666666666666666666666666666666666666666666666658"), kField);

struct EdwardsPoint {
  U256 x, y, z, t;
};

constexpr U256 fmul(const U256& a, const U256& b) noexcept { return detail::mont_mul(a, b, kField); }
constexpr U256 fsqr(const U256& a) noexcept { return detail::mont_sqr(a, kField); }
constexpr U256 fadd(const U256& a, const U256& b) noexcept { return detail::add_mod(a, b, kField); }
constexpr U256 fsub(const U256& a, const U256& b) noexcept { return detail::sub_mod(a, b, kField); }

EdwardsPoint identity() noexcept { return EdwardsPoint{detail::kZero, kField.r1, kField.r1, detail::kZero}; }

// add-2008-hwcd-3 for a = -1: complete, so it also doubles and handles the identity.
constexpr EdwardsPoint edwards_add(const EdwardsPoint& p, const EdwardsPoint& q) noexcept {
  const U256 a = fmul(fsub(p.y, p.x), fsub(q.y, q.x));
  const U256 b = fmul(fadd(p.y, p.x), fadd(q.y, q.x));
  const U256 c = fmul(fmul(p.t, kD2), q.t);
  const U256 zz = fmul(p.z, q.z);
  const U256 d = fadd(zz, zz);
  const U256 e = fsub(b, a);
  const U256 f = fsub(d, c);
  const U256 g = fadd(d, c);
  const U256 h = fadd(b, a);
  return EdwardsPoint{fmul(e, f), fmul(g, h), fmul(f, g), fmul(e, h)};
}

// dbl-2008-hwcd for a = -1, with all four intermediate signs flipped (the products are unchanged).
constexpr EdwardsPoint edwards_double(const EdwardsPoint& p) noexcept {
  const U256 a = fsqr(p.x);
  const U256 b = fsqr(p.y);
  const U256 zz = fsqr(p.z);
  const U256 c = fadd(zz, zz);
  const U256 h = fadd(a, b);
  const U256 e = fsub(h, fsqr(fadd(p.x, p.y)));
  const U256 g = fsub(a, b);
  const U256 f = fadd(c, g);
  return EdwardsPoint{fmul(e, f), fmul(g, h), fmul(f, g), fmul(e, h)};
}

EdwardsPoint edwards_negate(const EdwardsPoint& p) noexcept {
  return EdwardsPoint{detail::neg_mod(p.x, kField), p.y, p.z, detail::neg_mod(p.t, kField)};
}

// RFC 8032 5.1.3: y little endian with x's parity in the top bit; y must be canonical (< p).
bool decode_point(const std::uint8_t* encoded, EdwardsPoint& out) noexcept {
  U256 y_plain = detail::u256_from_le(encoded);
  const bool x_odd = (y_plain.limb[7] >> 31) != 0;
  y_plain.limb[7] &= 0x7fffffff;
  if (!detail::less(y_plain, kField.m)) return false;
  const U256 y = detail::to_montgomery(y_plain, kField);
  const U256 yy = fsqr(y);
  const U256 u = fsub(yy, kField.r1);            // y^2 - 1
  const U256 v = fadd(fmul(kD, yy), kField.r1);  // d y^2 + 1, never 0 since d is not a square
  const U256 v3 = fmul(fsqr(v), v);
  const U256 uv3 = fmul(u, v3);
  const U256 uv7 = fmul(uv3, fmul(v3, v));
  U256 x = fmul(uv3, detail::mont_pow(uv7, kSqrtExponent, kField));
  const U256 vxx = fmul(v, fsqr(x));
  if (!detail::equal(vxx, u)) {
    if (!detail::equal(vxx, detail::neg_mod(u, kField))) return false;
    x = fmul(x, kSqrtMinusOne);
  }
  const bool x_is_odd = detail::test_bit(detail::from_montgomery(x, kField), 0);
  if (detail::is_zero(x) && x_odd) return false;
  if (x_is_odd != x_odd) x = detail::neg_mod(x, kField);
  out = EdwardsPoint{x, y, kField.r1, fmul(x, y)};
  return true;
}

void encode_point(const EdwardsPoint& p, std::uint8_t* out) noexcept {
  const U256 z_inv = detail::mont_inv(p.z, kField);
  const U256 x = detail::from_montgomery(fmul(p.x, z_inv), kField);
  const U256 y = detail::from_montgomery(fmul(p.y, z_inv), kField);
  detail::u256_to_le(y, out);
  if (detail::test_bit(x, 0)) out[31] |= 0x80;
}

// A precomputed affine point in the form the mixed addition wants: (y + x, y - x, 2 d x y).
struct NielsPoint {
  U256 y_plus_x, y_minus_x, xy2d;
};

// P + Q (or P - Q) for a precomputed affine Q: the complete addition with Z2 = 1, one multiplication fewer.
constexpr EdwardsPoint edwards_add_niels(const EdwardsPoint& p, const NielsPoint& q, bool negate_q) noexcept {
  // -Q = (-x, y): y + x and y - x swap, 2dxy changes sign.
  const U256 a = fmul(fsub(p.y, p.x), negate_q ? q.y_plus_x : q.y_minus_x);
  const U256 b = fmul(fadd(p.y, p.x), negate_q ? q.y_minus_x : q.y_plus_x);
  const U256 c_abs = fmul(p.t, q.xy2d);
  const U256 d = fadd(p.z, p.z);
  const U256 e = fsub(b, a);
  const U256 f = negate_q ? fadd(d, c_abs) : fsub(d, c_abs);
  const U256 g = negate_q ? fsub(d, c_abs) : fadd(d, c_abs);
  const U256 h = fadd(b, a);
  return EdwardsPoint{fmul(e, f), fmul(g, h), fmul(f, g), fmul(e, h)};
}

// The base point's odd multiples 1B, 3B, ..., 63B, computed at compile time with one batched inversion.
constexpr int kBaseWindow = 7;
constexpr int kBaseTableSize = 1 << (kBaseWindow - 2);
using BaseTable = std::array<NielsPoint, kBaseTableSize>;

constexpr BaseTable make_base_table() noexcept {
  EdwardsPoint multiples[kBaseTableSize] = {};
  multiples[0] = EdwardsPoint{kBaseX, kBaseY, kField.r1, fmul(kBaseX, kBaseY)};
  const EdwardsPoint twice = edwards_double(multiples[0]);
  for (int i = 1; i < kBaseTableSize; ++i) multiples[i] = edwards_add(multiples[i - 1], twice);
  U256 prefix[kBaseTableSize] = {};
  prefix[0] = multiples[0].z;
  for (int i = 1; i < kBaseTableSize; ++i) prefix[i] = fmul(prefix[i - 1], multiples[i].z);
  U256 inverse = detail::mont_inv(prefix[kBaseTableSize - 1], kField);
  BaseTable table{};
  for (int i = kBaseTableSize - 1; i >= 0; --i) {
    const U256 z_inv = i == 0 ? inverse : fmul(inverse, prefix[i - 1]);
    inverse = fmul(inverse, multiples[i].z);
    const U256 x = fmul(multiples[i].x, z_inv);
    const U256 y = fmul(multiples[i].y, z_inv);
    table[i] = NielsPoint{fadd(y, x), fsub(y, x), fmul(fmul(x, y), kD2)};
  }
  return table;
}

constexpr BaseTable kBaseMultiples = make_base_table();

constexpr int kWindow = 5;
constexpr int kTableSize = 1 << (kWindow - 2);

void odd_multiples(const EdwardsPoint& p, EdwardsPoint (&table)[kTableSize]) noexcept {
  table[0] = p;
  const EdwardsPoint twice = edwards_double(p);
  for (int i = 1; i < kTableSize; ++i) table[i] = edwards_add(table[i - 1], twice);
}

// k mod L for the 512-bit little-endian SHA-512 output: lo + hi * 2^256.
U256 reduce_digest(const Sha512Digest& digest) noexcept {
  const U256 lo = detail::u256_from_le(digest.data());
  const U256 hi = detail::u256_from_le(digest.data() + 32);
  // mont_mul(hi, R^2) = hi * R = hi * 2^256 (mod L).
  return detail::add_mod(detail::reduce(lo, kOrder), detail::mont_mul(hi, kOrder.r2, kOrder), kOrder);
}

}  // namespace

bool verify_ed25519(std::span<const std::uint8_t> message, std::span<const std::uint8_t> public_key,
                    std::span<const std::uint8_t> signature) noexcept {
  if (public_key.size() != 32 || signature.size() != 64) return false;
  const U256 s = detail::u256_from_le(signature.data() + 32);
  if (!detail::less(s, kOrder.m)) return false;  // rejects malleable S + L
  EdwardsPoint a{};
  if (!decode_point(public_key.data(), a)) return false;

  Sha512 hasher;
  hasher.update(signature.first(32));
  hasher.update(public_key);
  hasher.update(message);
  const U256 k = reduce_digest(hasher.finish());

  // [S]B - [k]A, by Shamir's trick over the width-5 NAFs of S and k.
  std::int8_t naf_s[257] = {};
  std::int8_t naf_k[257] = {};
  const int len_s = detail::wnaf(s, kBaseWindow, naf_s);
  const int len_k = detail::wnaf(k, kWindow, naf_k);
  EdwardsPoint table_a[kTableSize];
  odd_multiples(edwards_negate(a), table_a);
  EdwardsPoint acc = identity();
  for (int i = (len_s > len_k ? len_s : len_k) - 1; i >= 0; --i) {
    acc = edwards_double(acc);
    const int ds = naf_s[i];
    if (ds != 0) acc = edwards_add_niels(acc, kBaseMultiples[(ds > 0 ? ds - 1 : -ds - 1) / 2], ds < 0);
    const int dk = naf_k[i];
    if (dk > 0) acc = edwards_add(acc, table_a[(dk - 1) / 2]);
    if (dk < 0) acc = edwards_add(acc, edwards_negate(table_a[(-dk - 1) / 2]));
  }
  // Cofactorless check: the encoding of [S]B - [k]A must equal R byte for byte. A non-canonical or
  // off-curve R can never match, since encode_point only produces canonical encodings of curve points.
  std::uint8_t encoded[32];
  encode_point(acc, encoded);
  std::uint8_t diff = 0;
  for (int i = 0; i < 32; ++i) diff |= static_cast<std::uint8_t>(encoded[i] ^ signature[i]);
  return diff == 0;
}

}  // namespace neo::vm::crypto::portable
