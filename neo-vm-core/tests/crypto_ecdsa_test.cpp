// Randomised differential tests of ECDSA verification and secp256k1 key recovery: keys and signatures made by
// Crypto++ (secp256r1) and libsecp256k1 (secp256k1), checked by both backends.
#include <catch2/catch.hpp>

#include <cryptopp/eccrypto.h>
#include <cryptopp/keccak.h>
#include <cryptopp/oids.h>
#include <cryptopp/osrng.h>
#include <cryptopp/sha.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include "crypto_test_support.hpp"
#include "neo/vm/crypto/host.hpp"
#include "neo/vm/crypto/portable.hpp"

using namespace neo::vm::crypto;
using test::Bytes;
using test::from_hex;

namespace {

const Bytes kOrderK1 = from_hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
const Bytes kOrderR1 = from_hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

// a := m - a for 32-byte big-endian numbers (a <= m).
void negate_mod(std::uint8_t* a, const Bytes& m) {
  int borrow = 0;
  for (int i = 31; i >= 0; --i) {
    const int d = m[i] - a[i] - borrow;
    a[i] = static_cast<std::uint8_t>(d);
    borrow = d < 0 ? 1 : 0;
  }
}

// a := a + b (32-byte big endian), returns the carry.
int add_to(std::uint8_t* a, const Bytes& b) {
  int carry = 0;
  for (int i = 31; i >= 0; --i) {
    const int s = a[i] + b[i] + carry;
    a[i] = static_cast<std::uint8_t>(s);
    carry = s >> 8;
  }
  return carry;
}

struct Signed {
  Bytes message, public_key_compressed, public_key_uncompressed, signature;
  EcdsaHash hash;
};

class K1Signer {
 public:
  K1Signer() : context_(secp256k1_context_create(SECP256K1_CONTEXT_NONE)) {}
  ~K1Signer() { secp256k1_context_destroy(context_); }
  K1Signer(const K1Signer&) = delete;
  K1Signer& operator=(const K1Signer&) = delete;

  Bytes make_secret(std::mt19937_64& rng) const {
    for (;;) {
      Bytes secret = test::random_bytes(rng, 32);
      if (secp256k1_ec_seckey_verify(context_, secret.data()) == 1) return secret;
    }
  }
  Bytes public_key(const Bytes& secret, bool compressed) const {
    secp256k1_pubkey key;
    REQUIRE(secp256k1_ec_pubkey_create(context_, &key, secret.data()) == 1);
    Bytes out(compressed ? 33 : 65);
    std::size_t length = out.size();
    secp256k1_ec_pubkey_serialize(context_, out.data(), &length, &key,
                                  compressed ? SECP256K1_EC_COMPRESSED : SECP256K1_EC_UNCOMPRESSED);
    return out;
  }
  Bytes sign(const Bytes& secret, const std::array<std::uint8_t, 32>& digest) const {
    secp256k1_ecdsa_signature signature;
    REQUIRE(secp256k1_ecdsa_sign(context_, &signature, digest.data(), secret.data(), nullptr, nullptr) == 1);
    Bytes out(64);
    secp256k1_ecdsa_signature_serialize_compact(context_, out.data(), &signature);
    return out;
  }
  std::pair<Bytes, int> sign_recoverable(const Bytes& secret,
                                         const std::array<std::uint8_t, 32>& digest) const {
    secp256k1_ecdsa_recoverable_signature signature;
    REQUIRE(secp256k1_ecdsa_sign_recoverable(context_, &signature, digest.data(), secret.data(), nullptr,
                                             nullptr) == 1);
    Bytes out(64);
    int recovery_id = 0;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(context_, out.data(), &recovery_id, &signature);
    return {out, recovery_id};
  }

 private:
  secp256k1_context* context_;
};

std::array<std::uint8_t, 32> digest_of(EcdsaHash hash, const Bytes& message) {
  return hash == EcdsaHash::kSha256 ? host_backend().sha256(message) : host_backend().keccak256(message);
}

Signed sign_r1(std::mt19937_64& rng, CryptoPP::AutoSeededRandomPool& pool, EcdsaHash hash) {
  Signed out;
  out.hash = hash;
  out.message = test::random_bytes(rng, rng() % 300);
  CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::SHA256>::PrivateKey secret;
  secret.Initialize(pool, CryptoPP::ASN1::secp256r1());
  CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::SHA256>::PublicKey key;
  secret.MakePublicKey(key);
  const auto& q = key.GetPublicElement();
  out.public_key_uncompressed.assign(65, 0x04);
  q.x.Encode(out.public_key_uncompressed.data() + 1, 32);
  q.y.Encode(out.public_key_uncompressed.data() + 33, 32);
  out.public_key_compressed.assign(out.public_key_uncompressed.begin(),
                                   out.public_key_uncompressed.begin() + 33);
  out.public_key_compressed[0] = q.y.IsOdd() ? 0x03 : 0x02;
  out.signature.resize(64);
  if (hash == EcdsaHash::kSha256) {
    CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::SHA256>::Signer signer(secret);
    signer.SignMessage(pool, out.message.data(), out.message.size(), out.signature.data());
  } else {
    CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::Keccak_256>::Signer signer(secret.GetGroupParameters(),
                                                                        secret.GetPrivateExponent());
    signer.SignMessage(pool, out.message.data(), out.message.size(), out.signature.data());
  }
  return out;
}

Signed sign_k1(std::mt19937_64& rng, const K1Signer& signer, EcdsaHash hash) {
  Signed out;
  out.hash = hash;
  out.message = test::random_bytes(rng, rng() % 300);
  const Bytes secret = signer.make_secret(rng);
  out.public_key_compressed = signer.public_key(secret, true);
  out.public_key_uncompressed = signer.public_key(secret, false);
  out.signature = signer.sign(secret, digest_of(hash, out.message));
  return out;
}

void check_both(EcCurve curve, const Signed& s, const Bytes& key, const Bytes& signature, bool expected) {
  CHECK(portable_backend().verify_ecdsa(curve, s.hash, s.message, key, signature) == expected);
  CHECK(host_backend().verify_ecdsa(curve, s.hash, s.message, key, signature) == expected);
}

void exercise(EcCurve curve, const Signed& s, const Bytes& order, std::mt19937_64& rng) {
  for (const Bytes* key : {&s.public_key_compressed, &s.public_key_uncompressed}) {
    check_both(curve, s, *key, s.signature, true);
    // The other half of the signature pair (s -> n - s) is valid too: Neo has no low-S rule.
    Bytes flipped_s = s.signature;
    negate_mod(flipped_s.data() + 32, order);
    check_both(curve, s, *key, flipped_s, true);
    // Any single flipped bit of the signature or of the message must be rejected.
    Bytes bad = s.signature;
    bad[rng() % 64] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
    check_both(curve, s, *key, bad, false);
    Signed other = s;
    other.message.push_back(0);
    check_both(curve, other, *key, s.signature, false);
  }
  // A flipped key bit gives an invalid encoding, an off-curve point or another key: rejected either way.
  Bytes key = s.public_key_compressed;
  key[1 + rng() % 32] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
  check_both(curve, s, key, s.signature, false);
  key = s.public_key_uncompressed;
  key[1 + rng() % 64] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
  check_both(curve, s, key, s.signature, false);
  // r or s out of range: 0, n, and r + n (same x mod n but not a canonical scalar).
  for (const int half : {0, 32}) {
    Bytes zero = s.signature;
    std::fill(zero.begin() + half, zero.begin() + half + 32, 0);
    check_both(curve, s, s.public_key_compressed, zero, false);
    Bytes at_order = s.signature;
    std::copy(order.begin(), order.end(), at_order.begin() + half);
    check_both(curve, s, s.public_key_compressed, at_order, false);
    Bytes plus_order = s.signature;
    if (add_to(plus_order.data() + half, order) == 0)
      check_both(curve, s, s.public_key_compressed, plus_order, false);
  }
  // Encodings Neo rejects: hybrid 06/07 keys, wrong sizes, the point at infinity, a wrong-size signature.
  Bytes hybrid = s.public_key_uncompressed;
  hybrid[0] = (hybrid[64] & 1) != 0 ? 0x07 : 0x06;
  check_both(curve, s, hybrid, s.signature, false);
  check_both(curve, s, Bytes(s.public_key_compressed.begin(), s.public_key_compressed.end() - 1), s.signature,
             false);
  check_both(curve, s, Bytes{0x00}, s.signature, false);
  check_both(curve, s, s.public_key_compressed, Bytes(s.signature.begin(), s.signature.end() - 1), false);
  Bytes uncompressed_as_compressed = s.public_key_uncompressed;
  uncompressed_as_compressed[0] = 0x02;
  check_both(curve, s, uncompressed_as_compressed, s.signature, false);
}

}  // namespace

TEST_CASE("ECDSA secp256r1: Crypto++ signatures verify in both backends, corruptions fail",
          "[crypto][ecdsa]") {
  std::mt19937_64 rng(0x72316563);
  CryptoPP::AutoSeededRandomPool pool;
  for (int i = 0; i < 60; ++i) {
    const EcdsaHash hash = i % 2 == 0 ? EcdsaHash::kSha256 : EcdsaHash::kKeccak256;
    exercise(EcCurve::kSecp256r1, sign_r1(rng, pool, hash), kOrderR1, rng);
  }
}

TEST_CASE("ECDSA secp256k1: libsecp256k1 signatures verify in both backends, corruptions fail",
          "[crypto][ecdsa]") {
  std::mt19937_64 rng(0x6b316563);
  const K1Signer signer;
  for (int i = 0; i < 60; ++i) {
    const EcdsaHash hash = i % 2 == 0 ? EcdsaHash::kSha256 : EcdsaHash::kKeccak256;
    exercise(EcCurve::kSecp256k1, sign_k1(rng, signer, hash), kOrderK1, rng);
  }
}

TEST_CASE("ECDSA: keys of one curve do not verify on the other, off-curve keys fail", "[crypto][ecdsa]") {
  std::mt19937_64 rng(99);
  const K1Signer signer;
  const Signed s = sign_k1(rng, signer, EcdsaHash::kSha256);
  check_both(EcCurve::kSecp256r1, s, s.public_key_uncompressed, s.signature, false);
  // x = p (not a field element) in a compressed key, on each curve.
  Bytes key(33, 0xff);
  key[0] = 0x02;
  const Bytes p_k1 = from_hex("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f");
  std::copy(p_k1.begin(), p_k1.end(), key.begin() + 1);
  check_both(EcCurve::kSecp256k1, s, key, s.signature, false);
  // Random garbage signatures against a valid key.
  for (int i = 0; i < 50; ++i) {
    check_both(EcCurve::kSecp256k1, s, s.public_key_compressed, test::random_bytes(rng, 64), false);
  }
}

TEST_CASE("recoverSecp256K1: both backends recover libsecp256k1's key in every encoding",
          "[crypto][recover]") {
  std::mt19937_64 rng(0x7265636f);
  const K1Signer signer;
  for (int i = 0; i < 100; ++i) {
    const Bytes secret = signer.make_secret(rng);
    const Bytes expected = signer.public_key(secret, true);
    const Bytes message = test::random_bytes(rng, rng() % 100);
    const auto digest = digest_of(EcdsaHash::kKeccak256, message);
    const auto [compact, recovery_id] = signer.sign_recoverable(secret, digest);
    INFO("round " << i << " recovery id " << recovery_id);
    std::vector<Bytes> encodings;
    for (const int v : {recovery_id, recovery_id + 27}) {
      Bytes with_v = compact;
      with_v.push_back(static_cast<std::uint8_t>(v));
      encodings.push_back(with_v);
    }
    Bytes eip2098 = compact;  // libsecp256k1 signs low-S, so s's top bit is free for the parity
    REQUIRE((eip2098[32] & 0x80) == 0);
    if (recovery_id == 1) eip2098[32] |= 0x80;
    encodings.push_back(eip2098);
    Bytes high_s = compact;  // (r, n - s) recovers the same key with the other parity
    negate_mod(high_s.data() + 32, kOrderK1);
    high_s.push_back(static_cast<std::uint8_t>(recovery_id ^ 1));
    encodings.push_back(high_s);
    for (const Bytes& signature : encodings) {
      const auto by_portable = portable_backend().recover_secp256k1(digest, signature);
      const auto by_host = host_backend().recover_secp256k1(digest, signature);
      REQUIRE(by_portable.has_value());
      REQUIRE(by_host.has_value());
      CHECK(Bytes(by_portable->begin(), by_portable->end()) == expected);
      CHECK(Bytes(by_host->begin(), by_host->end()) == expected);
    }
    // The wrong parity gives another key (or none); a corrupted digest gives another key.
    Bytes wrong = compact;
    wrong.push_back(static_cast<std::uint8_t>(recovery_id ^ 1));
    const auto other = portable_backend().recover_secp256k1(digest, wrong);
    CHECK(other == host_backend().recover_secp256k1(digest, wrong));
    if (other) CHECK(Bytes(other->begin(), other->end()) != expected);
  }
}

TEST_CASE("recoverSecp256K1: Neo's edge cases, identically in both backends", "[crypto][recover]") {
  std::mt19937_64 rng(0x65646765);
  const auto agree = [](const std::array<std::uint8_t, 32>& digest, const Bytes& signature) {
    const auto by_portable = portable_backend().recover_secp256k1(digest, signature);
    const auto by_host = host_backend().recover_secp256k1(digest, signature);
    CHECK(by_portable == by_host);
    return by_portable;
  };
  const std::array<std::uint8_t, 32> digest = host_backend().sha256(test::random_bytes(rng, 10));
  Bytes signature = test::random_bytes(rng, 64);
  signature[0] &= 0x7f;
  signature[32] &= 0x7f;
  // Recovery values outside 0..3 / 27..30, and wrong sizes, give null.
  for (const int v : {4, 26, 31, 255}) {
    Bytes with_v = signature;
    with_v.push_back(static_cast<std::uint8_t>(v));
    CHECK_FALSE(agree(digest, with_v).has_value());
  }
  CHECK_FALSE(agree(digest, Bytes(63, 1)).has_value());
  CHECK_FALSE(agree(digest, Bytes(66, 1)).has_value());
  CHECK_FALSE(portable_backend().recover_secp256k1(std::span(digest).first(31), Bytes(65, 1)).has_value());
  // r = 0 and r = n have no inverse: null.
  Bytes r_zero = signature;
  std::fill(r_zero.begin(), r_zero.begin() + 32, 0);
  r_zero.push_back(0);
  CHECK_FALSE(agree(digest, r_zero).has_value());
  Bytes r_order = r_zero;
  std::copy(kOrderK1.begin(), kOrderK1.end(), r_order.begin());
  CHECK_FALSE(agree(digest, r_order).has_value());
  int recovered = 0;
  for (int i = 0; i < 40; ++i) {
    // Random r (about half are x-coordinates of curve points), every recovery id.
    Bytes random_sig = test::random_bytes(rng, 64);
    for (int v = 0; v < 4; ++v) {
      Bytes with_v = random_sig;
      with_v.push_back(static_cast<std::uint8_t>(v));
      if (agree(digest, with_v)) ++recovered;
    }
    // s = 0 (Neo still returns -e/r * G) and s + n (Neo reduces s mod n).
    Bytes s_zero = random_sig;
    std::fill(s_zero.begin() + 32, s_zero.end(), 0);
    s_zero.push_back(static_cast<std::uint8_t>(i % 2));
    agree(digest, s_zero);
    Bytes s_plus_n = random_sig;  // s < 2^128 < 2^256 - n, so s + n still fits in 32 bytes
    std::fill(s_plus_n.begin() + 32, s_plus_n.begin() + 48, 0);
    Bytes s_reduced = s_plus_n;
    s_plus_n.push_back(0);
    s_reduced.push_back(0);
    REQUIRE(add_to(s_plus_n.data() + 32, kOrderK1) == 0);
    CHECK(agree(digest, s_plus_n) == agree(digest, s_reduced));
    // r in [n, p): x = r itself for ids 0/1; ids 2/3 would need x = r + n > p.
    Bytes r_above_n = random_sig;
    std::copy(kOrderK1.begin(), kOrderK1.end(), r_above_n.begin());
    r_above_n[31] = static_cast<std::uint8_t>(0x42 + i);
    for (int v = 0; v < 4; ++v) {
      Bytes with_v = r_above_n;
      with_v.push_back(static_cast<std::uint8_t>(v));
      const auto key = agree(digest, with_v);
      if (v >= 2) CHECK_FALSE(key.has_value());
    }
  }
  CHECK(recovered > 20);
}
