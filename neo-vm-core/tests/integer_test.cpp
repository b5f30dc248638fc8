// Property tests of neo::vm::Integer against GMP (exact arithmetic) plus hand-picked Neo/.NET known answers.
//
// Every operation is run on many thousands of operands from a fixed-seed generator mixing small values, int32
// / int64 boundaries, powers of two +-1, the range ends and random 256-bit values of random length. GMP
// computes the exact result; the expected failure flag is "exact result outside [-2^255, 2^255 - 1]" (or the
// operation's own precondition), and a successful result must equal GMP's bit for bit.

#include <gmp.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "neo/vm/integer.hpp"

using neo::vm::Integer;

namespace {

// Minimal RAII wrapper over mpz_t (the build links libgmp only, not gmpxx).
class Z {
 public:
  Z() { mpz_init(v_); }
  explicit Z(long x) { mpz_init_set_si(v_, x); }
  Z(const Z& o) { mpz_init_set(v_, o.v_); }
  Z& operator=(const Z& o) {
    mpz_set(v_, o.v_);
    return *this;
  }
  ~Z() { mpz_clear(v_); }
  mpz_ptr get() { return v_; }
  mpz_srcptr get() const { return v_; }
  std::string str() const {
    char* s = mpz_get_str(nullptr, 10, v_);
    std::string out(s);
    void (*free_fn)(void*, size_t);
    mp_get_memory_functions(nullptr, nullptr, &free_fn);
    free_fn(s, std::strlen(s) + 1);
    return out;
  }
  int sgn() const { return mpz_sgn(v_); }
  bool operator==(const Z& o) const { return mpz_cmp(v_, o.v_) == 0; }

 private:
  mpz_t v_;
};

Z pow2(unsigned k) {
  Z z;
  mpz_setbit(z.get(), k);
  return z;
}

const Z& max_value() {
  static const Z v = [] {
    Z z = pow2(255);
    mpz_sub_ui(z.get(), z.get(), 1);
    return z;
  }();
  return v;
}

const Z& min_value() {
  static const Z v = [] {
    Z z = pow2(255);
    mpz_neg(z.get(), z.get());
    return z;
  }();
  return v;
}

bool in_range(const Z& z) {
  return mpz_cmp(z.get(), min_value().get()) >= 0 && mpz_cmp(z.get(), max_value().get()) <= 0;
}

// Reads the two's-complement limbs (independently of every Integer operation except limbs()).
Z to_z(const Integer& x) {
  Z z;
  const auto& limbs = x.limbs();
  mpz_import(z.get(), limbs.size(), -1, sizeof(std::uint32_t), 0, 0, limbs.data());
  if ((limbs[7] >> 31) != 0) mpz_sub(z.get(), z.get(), pow2(256).get());
  return z;
}

// Builds an Integer from an in-range value through 32 sign-extended bytes.
Integer from_z(const Z& z) {
  REQUIRE(in_range(z));
  Z wrapped;
  mpz_fdiv_r_2exp(wrapped.get(), z.get(), 256);
  std::array<std::uint8_t, 32> bytes{};
  size_t count = 0;
  mpz_export(bytes.data(), &count, -1, 1, 0, 0, wrapped.get());
  Integer x;
  REQUIRE(Integer::from_le_bytes(bytes, x));
  return x;
}

// Independent encoder for .NET BigInteger.ToByteArray(): the shortest n with -2^(8n-1) <= v < 2^(8n-1).
std::vector<std::uint8_t> reference_bytes(const Z& v) {
  if (v.sgn() == 0) return {};
  for (unsigned n = 1;; ++n) {
    Z lo = pow2(8 * n - 1), hi = pow2(8 * n - 1);
    mpz_neg(lo.get(), lo.get());
    if (mpz_cmp(v.get(), lo.get()) >= 0 && mpz_cmp(v.get(), hi.get()) < 0) {
      Z wrapped;
      mpz_fdiv_r_2exp(wrapped.get(), v.get(), 8 * n);
      std::vector<std::uint8_t> out(n, 0);
      size_t count = 0;
      mpz_export(out.data(), &count, -1, 1, 0, 0, wrapped.get());
      return out;
    }
  }
}

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : rng_(seed) {
    // Range ends, small values and powers of two +-1 (positive and negative) at every bit position.
    specials_.push_back(Z(0));
    specials_.push_back(Z(1));
    specials_.push_back(Z(-1));
    specials_.push_back(Z(2));
    specials_.push_back(Z(-2));
    specials_.push_back(max_value());
    specials_.push_back(min_value());
    Z t = min_value();
    mpz_add_ui(t.get(), t.get(), 1);
    specials_.push_back(t);
    t = max_value();
    mpz_sub_ui(t.get(), t.get(), 1);
    specials_.push_back(t);
    for (unsigned k = 1; k < 256; ++k) {
      for (long delta = -1; delta <= 1; ++delta) {
        for (int neg = 0; neg < 2; ++neg) {
          Z p = pow2(k);
          if (delta < 0) mpz_sub_ui(p.get(), p.get(), 1);
          if (delta > 0) mpz_add_ui(p.get(), p.get(), 1);
          if (neg) mpz_neg(p.get(), p.get());
          if (in_range(p)) specials_.push_back(p);
        }
      }
    }
  }

  std::uint64_t u64() { return rng_(); }
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(rng_() % n); }

  Z random_bits(unsigned bits) {
    Z z;
    for (unsigned i = 0; i < bits; i += 64) {
      mpz_mul_2exp(z.get(), z.get(), 64);
      Z part;
      const std::uint64_t word = rng_();
      mpz_import(part.get(), 1, -1, sizeof(word), 0, 0, &word);
      mpz_add(z.get(), z.get(), part.get());
    }
    mpz_fdiv_r_2exp(z.get(), z.get(), bits);
    return z;
  }

  // A value in range, from a mix of distributions.
  Z value() {
    switch (below(9)) {
      case 0:
        return Z(static_cast<long>(below(601)) - 300);
      case 1:
        return Z(static_cast<long>(static_cast<std::int32_t>(u64())));
      case 2:
        return Z(static_cast<long>(u64()));
      case 3:
      case 4:
        return specials_[below(static_cast<std::uint32_t>(specials_.size()))];
      case 5: {  // random length with the top bit set
        const unsigned bits = 1 + below(255);
        Z z = random_bits(bits);
        mpz_setbit(z.get(), bits - 1);
        if (below(2) != 0) mpz_neg(z.get(), z.get());
        return z;
      }
      case 6: {  // near the int32 / int64 edges
        static const unsigned kEdges[] = {31, 32, 63, 64};
        Z z = pow2(kEdges[below(4)]);
        const long delta = static_cast<long>(below(5)) - 2;
        if (delta >= 0)
          mpz_add_ui(z.get(), z.get(), static_cast<unsigned long>(delta));
        else
          mpz_sub_ui(z.get(), z.get(), static_cast<unsigned long>(-delta));
        if (below(2) != 0) mpz_neg(z.get(), z.get());
        return z;
      }
      case 7: {  // limbs drawn from edge patterns: hits the rare quotient corrections of long division
        static const std::uint32_t kLimbEdges[] = {0u,          1u,          2u,          0x7FFFFFFFu,
                                                   0x80000000u, 0x80000001u, 0xFFFFFFFEu, 0xFFFFFFFFu};
        std::array<std::uint32_t, 8> limbs{};
        const unsigned used = 1 + below(8);
        for (unsigned i = 0; i < used; ++i) limbs[i] = kLimbEdges[below(8)];
        Z z;
        mpz_import(z.get(), limbs.size(), -1, sizeof(std::uint32_t), 0, 0, limbs.data());
        if (mpz_tstbit(z.get(), 255)) mpz_sub(z.get(), z.get(), pow2(256).get());
        return z;
      }
      default: {  // uniform 256-bit two's complement
        Z z = random_bits(256);
        if (mpz_tstbit(z.get(), 255)) mpz_sub(z.get(), z.get(), pow2(256).get());
        return z;
      }
    }
  }

 private:
  std::mt19937_64 rng_;
  std::vector<Z> specials_;
};

// Collects mismatches so that a property loop costs one assertion, yet reports the first offending cases.
struct Failures {
  int count = 0;
  std::ostringstream log;
  void add(const std::string& what) {
    if (count++ < 10) log << what << "\n";
  }
  void require() {
    INFO(log.str());
    REQUIRE(count == 0);
  }
};

// Compares (ok, out) against the exact result; expect_ok already folds in the operation's preconditions.
void check(Failures& f, const std::string& what, bool ok, const Integer& out, bool expect_ok,
           const Z& expected) {
  const bool want = expect_ok && in_range(expected);
  if (ok != want) {
    f.add(what + ": ok=" + std::to_string(ok) + " expected ok=" + std::to_string(want) +
          " exact=" + expected.str());
  } else if (ok && !(to_z(out) == expected)) {
    f.add(what + ": got " + to_z(out).str() + " expected " + expected.str());
  }
}

std::string args(const Z& a, const Z& b) { return "(" + a.str() + ", " + b.str() + ")"; }

constexpr std::uint64_t kSeed = 0x4E454F2D564D3235ull;

Integer I(const char* text) {
  Integer x;
  REQUIRE(Integer::from_decimal(text, std::strlen(text), x));
  return x;
}

}  // namespace

TEST_CASE("Integer: operand construction matches GMP", "[integer]") {
  Generator gen(kSeed);
  Failures f;
  for (int i = 0; i < 20000; ++i) {
    const Z v = gen.value();
    const Integer x = from_z(v);
    if (!(to_z(x) == v)) f.add("from_le_bytes(32) " + v.str());
  }
  f.require();
}

TEST_CASE("Integer: add, sub, mul against GMP", "[integer]") {
  Generator gen(kSeed + 1);
  Failures f;
  for (int i = 0; i < 40000; ++i) {
    const Z a = gen.value(), b = gen.value();
    const Integer x = from_z(a), y = from_z(b);
    Integer out;
    Z e;
    mpz_add(e.get(), a.get(), b.get());
    check(f, "add" + args(a, b), Integer::add(x, y, out), out, true, e);
    mpz_sub(e.get(), a.get(), b.get());
    check(f, "sub" + args(a, b), Integer::sub(x, y, out), out, true, e);
    mpz_mul(e.get(), a.get(), b.get());
    check(f, "mul" + args(a, b), Integer::mul(x, y, out), out, true, e);
    // Aliased output must work too (the VM may write over an operand).
    Integer alias = x;
    mpz_add(e.get(), a.get(), b.get());
    check(f, "add aliased" + args(a, b), Integer::add(alias, y, alias), alias, true, e);
  }
  f.require();
}

TEST_CASE("Integer: div and mod truncate like .NET", "[integer]") {
  Generator gen(kSeed + 2);
  Failures f;
  for (int i = 0; i < 40000; ++i) {
    const Z a = gen.value();
    // Small divisors often, so that range-end dividends meet -1, 1 and 2 (e.g. the INT64_MIN / -1 edge).
    const Z b = gen.below(6) == 0 ? Z(static_cast<long>(gen.below(5)) - 2) : gen.value();
    const Integer x = from_z(a), y = from_z(b);
    Integer out;
    Z q, r;
    if (b.sgn() != 0) {
      mpz_tdiv_qr(q.get(), r.get(), a.get(), b.get());
    }
    check(f, "div" + args(a, b), Integer::div(x, y, out), out, b.sgn() != 0, q);
    check(f, "mod" + args(a, b), Integer::mod(x, y, out), out, b.sgn() != 0, r);
  }
  f.require();
}

TEST_CASE("Integer: negate, abs, sign, compare, predicates against GMP", "[integer]") {
  Generator gen(kSeed + 3);
  Failures f;
  for (int i = 0; i < 30000; ++i) {
    const Z a = gen.value(), b = gen.value();
    const Integer x = from_z(a), y = from_z(b);
    Integer out;
    Z e;
    mpz_neg(e.get(), a.get());
    check(f, "negate(" + a.str() + ")", Integer::negate(x, out), out, true, e);
    mpz_abs(e.get(), a.get());
    check(f, "abs(" + a.str() + ")", Integer::abs(x, out), out, true, e);
    const int cmp = mpz_cmp(a.get(), b.get());
    if (Integer::compare(x, y) != (cmp > 0) - (cmp < 0)) f.add("compare" + args(a, b));
    if ((x == y) != (cmp == 0)) f.add("operator==" + args(a, b));
    if (x.sign() != a.sgn()) f.add("sign(" + a.str() + ")");
    if (x.is_zero() != (a.sgn() == 0)) f.add("is_zero(" + a.str() + ")");
    if (x.is_negative() != (a.sgn() < 0)) f.add("is_negative(" + a.str() + ")");
    if (x.is_even() != (mpz_even_p(a.get()) != 0)) f.add("is_even(" + a.str() + ")");
    const bool fits = mpz_fits_slong_p(a.get()) != 0;  // long is 64-bit on the hosts we test on
    static_assert(sizeof(long) == 8, "the int64 oracle uses mpz_fits_slong_p");
    if (x.fits_int64() != fits) f.add("fits_int64(" + a.str() + ")");
    if (fits && x.to_int64() != mpz_get_si(a.get())) f.add("to_int64(" + a.str() + ")");
  }
  f.require();
}

TEST_CASE("Integer: bitwise operations are two's complement", "[integer]") {
  Generator gen(kSeed + 4);
  Failures f;
  for (int i = 0; i < 20000; ++i) {
    const Z a = gen.value(), b = gen.value();
    const Integer x = from_z(a), y = from_z(b);
    Z e;
    mpz_and(e.get(), a.get(), b.get());
    if (!(to_z(Integer::bit_and(x, y)) == e)) f.add("and" + args(a, b));
    mpz_ior(e.get(), a.get(), b.get());
    if (!(to_z(Integer::bit_or(x, y)) == e)) f.add("or" + args(a, b));
    mpz_xor(e.get(), a.get(), b.get());
    if (!(to_z(Integer::bit_xor(x, y)) == e)) f.add("xor" + args(a, b));
    mpz_com(e.get(), a.get());
    if (!(to_z(Integer::bit_not(x)) == e)) f.add("not(" + a.str() + ")");
  }
  f.require();
}

TEST_CASE("Integer: shl and shr against GMP", "[integer]") {
  Generator gen(kSeed + 5);
  Failures f;
  for (int i = 0; i < 30000; ++i) {
    const Z a = gen.value();
    const Integer x = from_z(a);
    std::uint32_t shift;
    switch (gen.below(4)) {
      case 0:
        shift = gen.below(257);
        break;
      case 1:
        shift = gen.below(65);
        break;
      case 2:
        shift = 250 + gen.below(12);
        break;
      default:
        shift = gen.below(3) == 0 ? 0xFFFFFFFFu : 256 + gen.below(1000);
        break;
    }
    Integer out;
    Z e;
    if (shift <= 1300) {
      mpz_mul_2exp(e.get(), a.get(), shift);
    } else {
      // A non-zero value shifted this far is certainly out of range: any value >= 2^256 stands in for it.
      e = a.sgn() == 0 ? Z(0) : pow2(256);
    }
    check(f, "shl(" + a.str() + ", " + std::to_string(shift) + ")", Integer::shl(x, shift, out), out, true,
          e);
    mpz_fdiv_q_2exp(e.get(), a.get(), shift);
    check(f, "shr(" + a.str() + ", " + std::to_string(shift) + ")", true, Integer::shr(x, shift), true, e);
  }
  f.require();
}

TEST_CASE("Integer: pow against GMP", "[integer]") {
  Generator gen(kSeed + 6);
  Failures f;
  for (int i = 0; i < 20000; ++i) {
    Z a = gen.value();
    switch (gen.below(4)) {  // bases that can survive large exponents
      case 0:
        a = Z(static_cast<long>(gen.below(9)) - 4);
        break;
      case 1:
        a = Z(static_cast<long>(gen.below(2001)) - 1000);
        break;
      default:
        break;
    }
    std::uint32_t e;
    switch (gen.below(4)) {
      case 0:
        e = gen.below(4);
        break;
      case 1:
        e = gen.below(64);
        break;
      case 2:
        e = gen.below(300);
        break;
      default:
        e = gen.below(2) == 0 ? 0xFFFFFFFFu : 255 + gen.below(4);
        break;
    }
    const Integer x = from_z(a);
    Integer out;
    Z expected;
    Z abs_a;
    mpz_abs(abs_a.get(), a.get());
    if (e > 1000 && mpz_cmp_ui(abs_a.get(), 1) > 0) {
      expected = pow2(256);  // |a|^e >= 2^1000: out of range, no need to materialize it
    } else if (e > 1000) {
      // 0, 1, -1: compute a^(e mod 2 + 2) which has the same value for e > 0.
      mpz_pow_ui(expected.get(), a.get(), 2 + (e & 1u));
    } else {
      mpz_pow_ui(expected.get(), a.get(), e);
    }
    check(f, "pow(" + a.str() + ", " + std::to_string(e) + ")", Integer::pow(x, e, out), out, true, expected);
  }
  f.require();
}

TEST_CASE("Integer: sqrt against GMP", "[integer]") {
  Generator gen(kSeed + 7);
  Failures f;
  for (int i = 0; i < 20000; ++i) {
    Z a = gen.value();
    if (gen.below(4) == 0) {  // perfect squares and their neighbours
      Z root = gen.random_bits(1 + gen.below(127));
      mpz_mul(a.get(), root.get(), root.get());
      const long delta = static_cast<long>(gen.below(3)) - 1;
      if (delta > 0) mpz_add_ui(a.get(), a.get(), 1);
      if (delta < 0 && a.sgn() > 0) mpz_sub_ui(a.get(), a.get(), 1);
    }
    const Integer x = from_z(a);
    Integer out;
    Z e;
    if (a.sgn() >= 0) mpz_sqrt(e.get(), a.get());
    check(f, "sqrt(" + a.str() + ")", Integer::sqrt(x, out), out, a.sgn() >= 0, e);
  }
  f.require();
}

TEST_CASE("Integer: modmul against GMP", "[integer]") {
  Generator gen(kSeed + 8);
  Failures f;
  for (int i = 0; i < 30000; ++i) {
    const Z a = gen.value(), b = gen.value(), m = gen.value();
    const Integer x = from_z(a), y = from_z(b), z = from_z(m);
    Integer out;
    Z e;
    if (m.sgn() != 0) {
      mpz_mul(e.get(), a.get(), b.get());
      mpz_tdiv_r(e.get(), e.get(), m.get());  // remainder of the exact 512-bit product, sign of the product
    }
    check(f, "modmul(" + a.str() + ", " + b.str() + ", " + m.str() + ")", Integer::modmul(x, y, z, out), out,
          m.sgn() != 0, e);
  }
  f.require();
}

TEST_CASE("Integer: modpow and modular inverse against GMP", "[integer]") {
  Generator gen(kSeed + 9);
  Failures f;
  for (int i = 0; i < 6000; ++i) {
    const Z v = gen.value(), m = gen.value();
    Z e = gen.value();
    switch (gen.below(5)) {
      case 0:
        e = Z(-1);
        break;
      case 1:
        e = Z(static_cast<long>(gen.below(8)) - 3);
        break;
      case 2:
        e = Z(static_cast<long>(gen.below(1000)));
        break;
      default:
        break;
    }
    const Integer xv = from_z(v), xe = from_z(e), xm = from_z(m);
    Integer out;
    Z expected;
    bool expect_ok;
    if (mpz_cmp_si(e.get(), -1) == 0) {
      // Neo's ModInverse: value > 0, modulus >= 2, inverse must exist; result in [0, m).
      expect_ok =
          v.sgn() > 0 && mpz_cmp_ui(m.get(), 2) >= 0 && mpz_invert(expected.get(), v.get(), m.get()) != 0;
    } else if (e.sgn() < 0 || m.sgn() == 0) {
      expect_ok = false;
    } else {
      // .NET: the remainder (sign of the dividend) of the exact value^exponent divided by modulus.
      Z abs_m;
      mpz_abs(abs_m.get(), m.get());
      mpz_powm(expected.get(), v.get(), e.get(), abs_m.get());  // floor residue in [0, |m|)
      const bool power_negative = v.sgn() < 0 && mpz_odd_p(e.get());
      if (power_negative && expected.sgn() != 0) mpz_sub(expected.get(), expected.get(), abs_m.get());
      expect_ok = true;
    }
    check(f, "modpow(" + v.str() + ", " + e.str() + ", " + m.str() + ")", Integer::modpow(xv, xe, xm, out),
          out, expect_ok, expected);
  }
  // Inverses of random coprime values modulo random (often prime-like) moduli.
  for (int i = 0; i < 4000; ++i) {
    Z m = gen.random_bits(2 + gen.below(254));
    if (mpz_cmp_ui(m.get(), 2) < 0) m = Z(2);
    if (gen.below(2) == 0) mpz_nextprime(m.get(), m.get());
    if (!in_range(m)) continue;
    Z v = gen.random_bits(1 + gen.below(255));
    if (v.sgn() == 0) v = Z(1);
    Z expected;
    const bool expect_ok = mpz_invert(expected.get(), v.get(), m.get()) != 0;
    Integer out;
    check(f, "modinverse(" + v.str() + ", " + m.str() + ")",
          Integer::modpow(from_z(v), Integer(-1), from_z(m), out), out, expect_ok, expected);
  }
  f.require();
}

TEST_CASE("Integer: byte encoding matches .NET ToByteArray", "[integer]") {
  Generator gen(kSeed + 10);
  Failures f;
  for (int i = 0; i < 30000; ++i) {
    const Z v = gen.value();
    const Integer x = from_z(v);
    const std::vector<std::uint8_t> want = reference_bytes(v);
    std::array<std::uint8_t, 32> buf{};
    const std::size_t n = x.to_le_bytes(buf);
    if (n != want.size() || x.byte_length() != n || !std::equal(want.begin(), want.end(), buf.begin())) {
      f.add("to_le_bytes(" + v.str() + ")");
      continue;
    }
    Integer back;
    if (!Integer::from_le_bytes(std::span<const std::uint8_t>(buf.data(), n), back) || !(back == x)) {
      f.add("round trip(" + v.str() + ")");
    }
    // Non-minimal encodings (sign-extended up to 32 bytes) decode to the same value.
    std::vector<std::uint8_t> padded(want);
    const std::uint8_t fill = v.sgn() < 0 ? 0xFF : 0x00;
    const std::size_t target = n + gen.below(static_cast<std::uint32_t>(33 - n));
    padded.resize(target, fill);
    if (!Integer::from_le_bytes(padded, back) || !(back == x)) f.add("padded decode(" + v.str() + ")");
  }
  // Arbitrary byte strings of every length: decode like BigInteger(byte[]) (sign from the top byte).
  for (int i = 0; i < 20000; ++i) {
    const std::size_t len = gen.below(36);
    std::vector<std::uint8_t> bytes(len);
    for (auto& b : bytes)
      b = static_cast<std::uint8_t>(gen.below(4) == 0 ? (gen.below(2) ? 0xFF : 0x00) : gen.u64());
    Integer x;
    const bool ok = Integer::from_le_bytes(bytes, x);
    if (len > 32) {
      if (ok) f.add("from_le_bytes accepted " + std::to_string(len) + " bytes");
      continue;
    }
    Z e;
    if (len > 0) {
      mpz_import(e.get(), len, -1, 1, 0, 0, bytes.data());
      if ((bytes.back() & 0x80) != 0) mpz_sub(e.get(), e.get(), pow2(static_cast<unsigned>(8 * len)).get());
    }
    if (!ok || !(to_z(x) == e)) f.add("from_le_bytes of length " + std::to_string(len));
  }
  f.require();
}

TEST_CASE("Integer: decimal text against GMP", "[integer]") {
  Generator gen(kSeed + 11);
  Failures f;
  for (int i = 0; i < 20000; ++i) {
    const Z v = gen.value();
    const Integer x = from_z(v);
    std::array<char, 80> buf{};
    const std::size_t n = x.to_decimal(buf);
    const std::string text(buf.data(), n);
    if (text != v.str()) {
      f.add("to_decimal(" + v.str() + ") = " + text);
      continue;
    }
    Integer back;
    if (!Integer::from_decimal(text.data(), text.size(), back) || !(back == x))
      f.add("from_decimal(" + text + ")");
    // Leading zeros are accepted.
    const std::string padded = (v.sgn() < 0 ? "-000" + text.substr(1) : "000" + text);
    if (!Integer::from_decimal(padded.data(), padded.size(), back) || !(back == x))
      f.add("from_decimal(" + padded + ")");
  }
  // Values just outside the range and long digit strings are rejected.
  for (int i = 0; i < 2000; ++i) {
    Z v = gen.random_bits(256 + gen.below(200));
    mpz_add(v.get(), v.get(), pow2(255).get());  // >= 2^255
    if (gen.below(2) == 0) {
      mpz_neg(v.get(), v.get());
      mpz_sub_ui(v.get(), v.get(), 1);  // <= -2^255 - 1
    }
    const std::string text = v.str();
    Integer x;
    if (Integer::from_decimal(text.data(), text.size(), x)) f.add("from_decimal accepted " + text);
  }
  f.require();
}

// ---- Known answers of the Neo N3 / .NET semantics ---------------------------------------------------------

TEST_CASE("Integer: known answers from .NET BigInteger and neo-vm", "[integer]") {
  Integer out;
  // Division truncates toward zero; the remainder takes the dividend's sign.
  REQUIRE(Integer::div(Integer(-7), Integer(2), out));
  CHECK(out == Integer(-3));
  REQUIRE(Integer::mod(Integer(-7), Integer(2), out));
  CHECK(out == Integer(-1));
  REQUIRE(Integer::mod(Integer(7), Integer(-2), out));
  CHECK(out == Integer(1));
  REQUIRE(Integer::div(Integer(-7), Integer(-2), out));
  CHECK(out == Integer(3));
  CHECK_FALSE(Integer::div(Integer(1), Integer(0), out));
  CHECK_FALSE(Integer::mod(Integer(1), Integer(0), out));
  const Integer min = I("-57896044618658097711785492504343953926634992332820282019728792003956564819968");
  const Integer max = I("57896044618658097711785492504343953926634992332820282019728792003956564819967");
  // The int64 / int32 fast paths must not trap or wrap on MIN / -1.
  REQUIRE(Integer::div(Integer(INT64_MIN), Integer(-1), out));
  CHECK(out == I("9223372036854775808"));
  REQUIRE(Integer::mod(Integer(INT64_MIN), Integer(-1), out));
  CHECK(out.is_zero());
  REQUIRE(Integer::div(Integer(INT32_MIN), Integer(-1), out));
  CHECK(out == Integer(2147483648));
  REQUIRE(Integer::mul(Integer(INT64_MIN), Integer(-1), out));
  CHECK(out == I("9223372036854775808"));
  REQUIRE(Integer::sub(Integer(INT64_MIN), Integer(1), out));
  CHECK(out == I("-9223372036854775809"));
  CHECK_FALSE(Integer::div(min, Integer(-1), out));  // 2^255 does not fit
  REQUIRE(Integer::mod(min, Integer(-1), out));
  CHECK(out.is_zero());
  CHECK_FALSE(Integer::negate(min, out));
  CHECK_FALSE(Integer::abs(min, out));
  CHECK_FALSE(Integer::add(max, Integer(1), out));
  CHECK_FALSE(Integer::sub(min, Integer(1), out));

  // MODPOW with exponent -1 is Neo's ModInverse (neo-vm MODPOW.json: 19^-1 mod 141 = 52, 5^-1 mod 4 = 1).
  REQUIRE(Integer::modpow(Integer(3), Integer(-1), Integer(11), out));
  CHECK(out == Integer(4));
  REQUIRE(Integer::modpow(Integer(19), Integer(-1), Integer(141), out));
  CHECK(out == Integer(52));
  REQUIRE(Integer::modpow(Integer(5), Integer(-1), Integer(4), out));
  CHECK(out == Integer(1));
  CHECK_FALSE(Integer::modpow(Integer(0), Integer(-1), Integer(11), out));   // value must be > 0
  CHECK_FALSE(Integer::modpow(Integer(-3), Integer(-1), Integer(11), out));  // value must be > 0
  CHECK_FALSE(Integer::modpow(Integer(3), Integer(-1), Integer(1), out));    // modulus must be >= 2
  CHECK_FALSE(Integer::modpow(Integer(3), Integer(-1), Integer(-11), out));  // modulus must be >= 2
  CHECK_FALSE(Integer::modpow(Integer(2), Integer(-1), Integer(4), out));    // not coprime
  CHECK_FALSE(Integer::modpow(Integer(2), Integer(-2), Integer(5), out));    // other negative exponents
  CHECK_FALSE(Integer::modpow(Integer(2), Integer(3), Integer(0), out));     // zero modulus

  // BigInteger.ModPow: |value|^e mod |m|, negated for a negative value with an odd exponent
  // (neo-vm MODPOW.json: ModPow(19, 2, 141) = 79, (-1)^3 % 3 = -1, (-1)^3 % -3 = -1, (-3)^5 % -5 = -3,
  // 3^4 % -5 = 1, 3^4 % 5 = 1).
  const auto modpow = [&](std::int64_t v, std::int64_t e, std::int64_t m) {
    REQUIRE(Integer::modpow(Integer(v), Integer(e), Integer(m), out));
    return out.to_int64();
  };
  CHECK(modpow(19, 2, 141) == 79);
  CHECK(modpow(-1, 3, 3) == -1);
  CHECK(modpow(-1, 3, -3) == -1);
  CHECK(modpow(-3, 5, -5) == -3);
  CHECK(modpow(3, 4, -5) == 1);
  CHECK(modpow(3, 4, 5) == 1);
  CHECK(modpow(-2, 3, 5) == -3);  // -8 rem 5
  CHECK(modpow(-2, 2, 5) == 4);
  CHECK(modpow(7, 0, 1) == 0);  // 1 mod 1
  CHECK(modpow(0, 0, 7) == 1);

  // MODMUL on the exact product with the product's sign.
  REQUIRE(Integer::modmul(Integer(-3), Integer(5), Integer(4), out));
  CHECK(out == Integer(-3));
  REQUIRE(Integer::modmul(max, max, Integer(-1000000007), out));  // product needs 510 bits
  {
    Z p = max_value(), r;
    mpz_mul(p.get(), p.get(), p.get());
    mpz_tdiv_r_ui(r.get(), p.get(), 1000000007ul);
    CHECK(to_z(out) == r);
  }

  // SHR is an arithmetic (floor) shift; SHL must stay in range.
  CHECK(Integer::shr(Integer(-1), 300) == Integer(-1));
  CHECK(Integer::shr(Integer(-5), 1) == Integer(-3));
  CHECK(Integer::shr(Integer(5), 1) == Integer(2));
  REQUIRE(Integer::shl(Integer(-1), 255, out));
  CHECK(out == min);
  CHECK_FALSE(Integer::shl(Integer(1), 255, out));
  REQUIRE(Integer::shl(Integer(0), 256, out));
  CHECK(out.is_zero());

  // POW and SQRT.
  REQUIRE(Integer::pow(Integer(-2), 255, out));
  CHECK(out == min);
  CHECK_FALSE(Integer::pow(Integer(2), 255, out));
  REQUIRE(Integer::pow(Integer(0), 0, out));
  CHECK(out == Integer(1));
  CHECK_FALSE(Integer::sqrt(Integer(-1), out));
  REQUIRE(Integer::sqrt(Integer(3), out));
  CHECK(out == Integer(1));
  REQUIRE(Integer::sqrt(max, out));
  CHECK(out == I("240615969168004511545033772477625056927"));  // floor(sqrt(2^255 - 1))

  // ToByteArray encodings.
  const auto bytes = [](const Integer& x) {
    std::array<std::uint8_t, 32> buf{};
    const std::size_t n = x.to_le_bytes(buf);
    return std::vector<std::uint8_t>(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
  };
  CHECK(bytes(Integer(0)).empty());
  CHECK(bytes(Integer(-1)) == std::vector<std::uint8_t>{0xFF});
  CHECK(bytes(Integer(128)) == std::vector<std::uint8_t>{0x80, 0x00});
  CHECK(bytes(Integer(-128)) == std::vector<std::uint8_t>{0x80});
  CHECK(bytes(Integer(255)) == std::vector<std::uint8_t>{0xFF, 0x00});
  CHECK(bytes(Integer(256)) == std::vector<std::uint8_t>{0x00, 0x01});
  CHECK(bytes(Integer(-129)) == std::vector<std::uint8_t>{0x7F, 0xFF});
  CHECK(bytes(min).size() == 32);
  CHECK(bytes(max).size() == 32);

  // Decimal text.
  const auto parses = [](const char* s) {
    Integer x;
    return Integer::from_decimal(s, std::strlen(s), x);
  };
  CHECK_FALSE(parses(""));
  CHECK_FALSE(parses("-"));
  CHECK_FALSE(parses("+1"));
  CHECK_FALSE(parses("1a"));
  CHECK_FALSE(parses(" 1"));
  CHECK_FALSE(parses("--1"));
  CHECK_FALSE(parses("1-"));
  CHECK_FALSE(
      parses("57896044618658097711785492504343953926634992332820282019728792003956564819968"));  // 2^255
  CHECK_FALSE(parses("-57896044618658097711785492504343953926634992332820282019728792003956564819969"));
  CHECK(I("-0") == Integer(0));
  CHECK(
      I("000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001") ==
      Integer(1));
  std::array<char, 80> text{};
  CHECK(std::string(text.data(), min.to_decimal(text)) ==
        "-57896044618658097711785492504343953926634992332820282019728792003956564819968");
  CHECK(std::string(text.data(), Integer(0).to_decimal(text)) == "0");
}
