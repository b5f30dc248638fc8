// ECDSA verification on secp256r1 and secp256k1 and secp256k1 public-key recovery, portable code.
// Points are in Jacobian coordinates (x = X/Z^2, y = Y/Z^3), field elements in the representation of
// modular.hpp (plain integers with the special-prime reductions). u1*G + u2*Q is computed in one
// double-and-add pass (Shamir's trick) over the width-7 NAF of u1, added from a compile-time affine table of
// G, and the width-5 NAF of u2, added from a small run-time table of Q. The final x-coordinate test
// multiplies r by Z^2 instead of inverting Z.
#include <array>
#include <cstring>

#include "modular.hpp"
#include "neo/vm/crypto/portable.hpp"

namespace neo::vm::crypto::portable {
namespace {

using detail::Modulus;
using detail::U256;

struct Curve {
  Modulus p;           // field
  Modulus n;           // group order
  bool a_is_minus_3;   // y^2 = x^3 - 3x + b (secp256r1); otherwise y^2 = x^3 + b (secp256k1)
  U256 b;              // field representation (modular.hpp)
  U256 gx, gy;         // generator, field representation
  U256 sqrt_exponent;  // (p + 1) / 4: both primes are 3 mod 4
};

constexpr Curve make_curve(const char (&p)[65], detail::Reduction field_reduction, const char (&n)[65],
                           bool a_is_minus_3, const char (&b)[65], const char (&gx)[65],
                           const char (&gy)[65]) noexcept {
  Curve c{};
  c.p = detail::make_modulus(detail::u256_hex(p), field_reduction);
  c.n = detail::make_modulus(detail::u256_hex(n));
  c.a_is_minus_3 = a_is_minus_3;
  c.b = detail::to_montgomery(detail::u256_hex(b), c.p);
  c.gx = detail::to_montgomery(detail::u256_hex(gx), c.p);
  c.gy = detail::to_montgomery(detail::u256_hex(gy), c.p);
  U256 p_plus_1{};
  detail::add(p_plus_1, c.p.m, detail::u256_from_u32(1));
  c.sqrt_exponent = detail::shift_right(p_plus_1, 2);
  return c;
}

// SEC 2 v2, sections 2.4.1 (secp256k1) and 2.4.2 (secp256r1 = NIST P-256).
constexpr Curve kSecp256r1 =
    make_curve("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", detail::Reduction::kP256,
               "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", true,
               "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b",
               "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
               "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");
constexpr Curve kSecp256k1 = make_curve(
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f", detail::Reduction::kSecp256k1,
    "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", false,
    "0000000000000000000000000000000000000000000000000000000000000007",
    "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
    "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8");

struct JacobianPoint {
  U256 x, y, z;  // z == 0 is the point at infinity
};

constexpr bool is_infinity(const JacobianPoint& p) noexcept { return detail::is_zero(p.z); }

// Field helpers bound to a curve.
struct Field {
  const Modulus& m;
  constexpr U256 mul(const U256& a, const U256& b) const noexcept { return detail::mont_mul(a, b, m); }
  constexpr U256 sqr(const U256& a) const noexcept { return detail::mont_sqr(a, m); }
  constexpr U256 add(const U256& a, const U256& b) const noexcept { return detail::add_mod(a, b, m); }
  constexpr U256 sub(const U256& a, const U256& b) const noexcept { return detail::sub_mod(a, b, m); }
  constexpr U256 dbl(const U256& a) const noexcept { return detail::add_mod(a, a, m); }
};

constexpr JacobianPoint point_double(const JacobianPoint& p, const Curve& c) noexcept {
  // No point of these prime-order curves has y = 0, so doubling a finite point never gives infinity.
  if (is_infinity(p)) return p;
  const Field f{c.p};
  const U256 yy = f.sqr(p.y);
  U256 slope_num{};  // M = 3x^2 + a z^4
  if (c.a_is_minus_3) {
    const U256 zz = f.sqr(p.z);
    const U256 t = f.mul(f.sub(p.x, zz), f.add(p.x, zz));
    slope_num = f.add(f.dbl(t), t);
  } else {
    const U256 xx = f.sqr(p.x);
    slope_num = f.add(f.dbl(xx), xx);
  }
  const U256 s = f.dbl(f.dbl(f.mul(p.x, yy)));  // 4 x y^2
  JacobianPoint r{};
  r.x = f.sub(f.sqr(slope_num), f.dbl(s));
  const U256 yyyy8 = f.dbl(f.dbl(f.dbl(f.sqr(yy))));
  r.y = f.sub(f.mul(slope_num, f.sub(s, r.x)), yyyy8);
  r.z = f.dbl(f.mul(p.y, p.z));
  return r;
}

constexpr JacobianPoint point_add(const JacobianPoint& p, const JacobianPoint& q, const Curve& c) noexcept {
  if (is_infinity(p)) return q;
  if (is_infinity(q)) return p;
  const Field f{c.p};
  const U256 z1z1 = f.sqr(p.z);
  const U256 z2z2 = f.sqr(q.z);
  const U256 u1 = f.mul(p.x, z2z2);
  const U256 u2 = f.mul(q.x, z1z1);
  const U256 s1 = f.mul(p.y, f.mul(q.z, z2z2));
  const U256 s2 = f.mul(q.y, f.mul(p.z, z1z1));
  const U256 h = f.sub(u2, u1);
  const U256 rr = f.sub(s2, s1);
  if (detail::is_zero(h)) {
    if (detail::is_zero(rr)) return point_double(p, c);
    return JacobianPoint{};  // p = -q
  }
  const U256 hh = f.sqr(h);
  const U256 hhh = f.mul(h, hh);
  const U256 v = f.mul(u1, hh);
  JacobianPoint r{};
  r.x = f.sub(f.sub(f.sqr(rr), hhh), f.dbl(v));
  r.y = f.sub(f.mul(rr, f.sub(v, r.x)), f.mul(s1, hhh));
  r.z = f.mul(f.mul(p.z, q.z), h);
  return r;
}

JacobianPoint point_negate(const JacobianPoint& p, const Curve& c) noexcept {
  return JacobianPoint{p.x, detail::neg_mod(p.y, c.p), p.z};
}

struct AffinePoint {
  U256 x, y;  // field representation
};

// P + Q for an affine Q (madd-2007-bl): 4 multiplications fewer than a general addition.
constexpr JacobianPoint point_add_affine(const JacobianPoint& p, const AffinePoint& q, bool negate_q,
                                         const Curve& c) noexcept {
  const U256 qy = negate_q ? detail::neg_mod(q.y, c.p) : q.y;
  if (is_infinity(p)) return JacobianPoint{q.x, qy, c.p.r1};
  const Field f{c.p};
  const U256 z1z1 = f.sqr(p.z);
  const U256 u2 = f.mul(q.x, z1z1);
  const U256 s2 = f.mul(qy, f.mul(p.z, z1z1));
  const U256 h = f.sub(u2, p.x);
  const U256 rr = f.sub(s2, p.y);
  if (detail::is_zero(h)) {
    if (detail::is_zero(rr)) return point_double(p, c);
    return JacobianPoint{};
  }
  const U256 hh = f.sqr(h);
  const U256 hhh = f.mul(h, hh);
  const U256 v = f.mul(p.x, hh);
  JacobianPoint r{};
  r.x = f.sub(f.sub(f.sqr(rr), hhh), f.dbl(v));
  r.y = f.sub(f.mul(rr, f.sub(v, r.x)), f.mul(p.y, hhh));
  r.z = f.mul(p.z, h);
  return r;
}

// The generator's odd multiples 1G, 3G, ..., 63G in affine form, computed at compile time (one batched
// inversion), so u1*G costs about 256/8 mixed additions and no table building at run time.
constexpr int kGeneratorWindow = 7;
constexpr int kGeneratorTableSize = 1 << (kGeneratorWindow - 2);
using GeneratorTable = std::array<AffinePoint, kGeneratorTableSize>;

constexpr GeneratorTable make_generator_table(const Curve& c) noexcept {
  const Field f{c.p};
  JacobianPoint multiples[kGeneratorTableSize] = {};
  multiples[0] = JacobianPoint{c.gx, c.gy, c.p.r1};
  const JacobianPoint twice = point_double(multiples[0], c);
  for (int i = 1; i < kGeneratorTableSize; ++i) multiples[i] = point_add(multiples[i - 1], twice, c);
  U256 prefix[kGeneratorTableSize] = {};  // prefix[i] = z_0 * ... * z_i
  prefix[0] = multiples[0].z;
  for (int i = 1; i < kGeneratorTableSize; ++i) prefix[i] = f.mul(prefix[i - 1], multiples[i].z);
  U256 inverse = detail::mont_inv(prefix[kGeneratorTableSize - 1], c.p);  // 1 / (z_0 * ... * z_last)
  GeneratorTable table{};
  for (int i = kGeneratorTableSize - 1; i >= 0; --i) {
    const U256 z_inv = i == 0 ? inverse : f.mul(inverse, prefix[i - 1]);
    inverse = f.mul(inverse, multiples[i].z);
    const U256 z_inv2 = f.sqr(z_inv);
    table[i] = AffinePoint{f.mul(multiples[i].x, z_inv2), f.mul(multiples[i].y, f.mul(z_inv2, z_inv))};
  }
  return table;
}

constexpr GeneratorTable kSecp256r1Generators = make_generator_table(kSecp256r1);
constexpr GeneratorTable kSecp256k1Generators = make_generator_table(kSecp256k1);

constexpr int kWindow = 5;
constexpr int kTableSize = 1 << (kWindow - 2);  // odd multiples 1P, 3P, ..., 15P

void odd_multiples(const JacobianPoint& p, const Curve& c, JacobianPoint (&table)[kTableSize]) noexcept {
  table[0] = p;
  const JacobianPoint twice = point_double(p, c);
  for (int i = 1; i < kTableSize; ++i) table[i] = point_add(table[i - 1], twice, c);
}

// k1 * G + k2 * P for plain (non-Montgomery) scalars below 2^256.
JacobianPoint double_scalar_mul(const U256& k1, const U256& k2, const JacobianPoint& p,
                                const Curve& c) noexcept {
  const GeneratorTable& generators = &c == &kSecp256r1 ? kSecp256r1Generators : kSecp256k1Generators;
  std::int8_t naf1[257] = {};
  std::int8_t naf2[257] = {};
  const int len1 = detail::wnaf(k1, kGeneratorWindow, naf1);
  const int len2 = detail::wnaf(k2, kWindow, naf2);
  JacobianPoint table[kTableSize];
  odd_multiples(p, c, table);
  JacobianPoint acc{};
  for (int i = (len1 > len2 ? len1 : len2) - 1; i >= 0; --i) {
    acc = point_double(acc, c);
    const int d1 = naf1[i];
    if (d1 != 0) acc = point_add_affine(acc, generators[(d1 > 0 ? d1 - 1 : -d1 - 1) / 2], d1 < 0, c);
    const int d2 = naf2[i];
    if (d2 > 0) acc = point_add(acc, table[(d2 - 1) / 2], c);
    if (d2 < 0) acc = point_add(acc, point_negate(table[(-d2 - 1) / 2], c), c);
  }
  return acc;
}

// y^2 = x^3 + a x + b, in the field representation.
U256 curve_rhs(const U256& x, const Curve& c) noexcept {
  const Field f{c.p};
  U256 rhs = f.mul(f.sqr(x), x);
  if (c.a_is_minus_3) rhs = f.sub(rhs, f.add(f.dbl(x), x));
  return f.add(rhs, c.b);
}

// The point with affine x (plain integer) and the given y parity, if x < p and x^3 + ax + b is a square.
bool lift_x(const U256& x_plain, bool y_odd, const Curve& c, JacobianPoint& out) noexcept {
  if (!detail::less(x_plain, c.p.m)) return false;
  const Field f{c.p};
  const U256 x = detail::to_montgomery(x_plain, c.p);
  const U256 rhs = curve_rhs(x, c);
  U256 y = detail::mont_pow(rhs, c.sqrt_exponent, c.p);
  if (!detail::equal(f.sqr(y), rhs)) return false;
  if (detail::test_bit(detail::from_montgomery(y, c.p), 0) != y_odd) y = detail::neg_mod(y, c.p);
  out = JacobianPoint{x, y, c.p.r1};
  return true;
}

// Neo's ECPoint.DecodePoint for the two accepted encodings, plus the on-curve check .NET does on import.
bool decode_public_key(std::span<const std::uint8_t> key, const Curve& c, JacobianPoint& out) noexcept {
  if (key.size() == 33 && (key[0] == 0x02 || key[0] == 0x03)) {
    return lift_x(detail::u256_from_be(key.data() + 1), key[0] == 0x03, c, out);
  }
  if (key.size() == 65 && key[0] == 0x04) {
    const U256 x_plain = detail::u256_from_be(key.data() + 1);
    const U256 y_plain = detail::u256_from_be(key.data() + 33);
    if (!detail::less(x_plain, c.p.m) || !detail::less(y_plain, c.p.m)) return false;
    const U256 x = detail::to_montgomery(x_plain, c.p);
    const U256 y = detail::to_montgomery(y_plain, c.p);
    if (!detail::equal(detail::mont_sqr(y, c.p), curve_rhs(x, c))) return false;
    out = JacobianPoint{x, y, c.p.r1};
    return true;
  }
  return false;
}

const Curve& curve_of(EcCurve curve) noexcept {
  return curve == EcCurve::kSecp256r1 ? kSecp256r1 : kSecp256k1;
}

bool in_scalar_range(const U256& v, const Curve& c) noexcept {
  return !detail::is_zero(v) && detail::less(v, c.n.m);
}

}  // namespace

bool verify_ecdsa_digest(EcCurve curve, std::span<const std::uint8_t> digest,
                         std::span<const std::uint8_t> public_key,
                         std::span<const std::uint8_t> signature) noexcept {
  if (digest.size() != 32 || signature.size() != 64) return false;
  const Curve& c = curve_of(curve);
  const U256 r = detail::u256_from_be(signature.data());
  const U256 s = detail::u256_from_be(signature.data() + 32);
  if (!in_scalar_range(r, c) || !in_scalar_range(s, c)) return false;
  JacobianPoint q{};
  if (!decode_public_key(public_key, c, q)) return false;

  // u1 = e / s, u2 = r / s (mod n). Both curves have 256-bit orders, so the digest is used untruncated.
  const Modulus& n = c.n;
  const U256 e = detail::reduce(detail::u256_from_be(digest.data()), n);
  const U256 s_inv = detail::mont_inv(detail::to_montgomery(s, n), n);
  const U256 u1 = detail::from_montgomery(detail::mont_mul(detail::to_montgomery(e, n), s_inv, n), n);
  const U256 u2 = detail::from_montgomery(detail::mont_mul(detail::to_montgomery(r, n), s_inv, n), n);
  const JacobianPoint point = double_scalar_mul(u1, u2, q, c);
  if (is_infinity(point)) return false;

  // Accept when x(point) mod n == r. x = X / Z^2 < p, and p < 2n, so x is r or r + n: compare X with
  // r * Z^2 and, if r + n < p, with (r + n) * Z^2.
  const Field f{c.p};
  const U256 zz = f.sqr(point.z);
  if (detail::equal(point.x, f.mul(detail::to_montgomery(r, c.p), zz))) return true;
  U256 r_plus_n{};
  if (detail::add(r_plus_n, r, n.m) != 0 || !detail::less(r_plus_n, c.p.m)) return false;
  return detail::equal(point.x, f.mul(detail::to_montgomery(r_plus_n, c.p), zz));
}

std::optional<CompressedPublicKey> recover_secp256k1(std::span<const std::uint8_t> digest,
                                                     std::span<const std::uint8_t> signature) noexcept {
  if (digest.size() != 32 || (signature.size() != 64 && signature.size() != 65)) return std::nullopt;
  const Curve& c = kSecp256k1;
  const Modulus& n = c.n;
  U256 r = detail::u256_from_be(signature.data());
  std::uint8_t s_bytes[32];
  std::memcpy(s_bytes, signature.data() + 32, 32);
  unsigned recovery_id = 0;
  if (signature.size() == 65) {
    const unsigned v = signature[64];
    recovery_id = v >= 27 ? v - 27 : v;
    if (recovery_id > 3) return std::nullopt;
  } else {
    // EIP-2098 compact form: the top bit of s carries the y parity.
    recovery_id = s_bytes[0] >> 7;
    s_bytes[0] &= 0x7f;
  }
  // Neo reduces r and s modulo n rather than range-checking them; only r = 0 mod n (no inverse) fails.
  U256 x = r;
  if (recovery_id >= 2 && detail::add(x, r, n.m) != 0) return std::nullopt;
  JacobianPoint big_r{};
  if (!lift_x(x, (recovery_id & 1) != 0, c, big_r)) return std::nullopt;
  r = detail::reduce(r, n);
  if (detail::is_zero(r)) return std::nullopt;
  const U256 s = detail::reduce(detail::u256_from_be(s_bytes), n);
  const U256 e = detail::reduce(detail::u256_from_be(digest.data()), n);

  // Q = r^-1 (s R - e G)
  const U256 r_inv = detail::mont_inv(detail::to_montgomery(r, n), n);
  const U256 u1 =
      detail::from_montgomery(detail::mont_mul(detail::to_montgomery(detail::neg_mod(e, n), n), r_inv, n), n);
  const U256 u2 = detail::from_montgomery(detail::mont_mul(detail::to_montgomery(s, n), r_inv, n), n);
  const JacobianPoint q = double_scalar_mul(u1, u2, big_r, c);
  if (is_infinity(q)) return std::nullopt;

  const Field f{c.p};
  const U256 z_inv = detail::mont_inv(q.z, c.p);
  const U256 z_inv2 = f.sqr(z_inv);
  const U256 x_affine = detail::from_montgomery(f.mul(q.x, z_inv2), c.p);
  const U256 y_affine = detail::from_montgomery(f.mul(q.y, f.mul(z_inv2, z_inv)), c.p);
  CompressedPublicKey key{};
  key[0] = detail::test_bit(y_affine, 0) ? 0x03 : 0x02;
  detail::u256_to_be(x_affine, key.data() + 1);
  return key;
}

}  // namespace neo::vm::crypto::portable
