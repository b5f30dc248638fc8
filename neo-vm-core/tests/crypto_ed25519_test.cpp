#include <catch2/catch.hpp>

#include <cryptopp/osrng.h>
#include <cryptopp/xed25519.h>

#include "crypto_test_support.hpp"
#include "neo/vm/crypto/host.hpp"
#include "neo/vm/crypto/portable.hpp"

using namespace neo::vm::crypto;
using test::Bytes;
using test::from_hex;

namespace {

void check_both(const Bytes& message, const Bytes& key, const Bytes& signature, bool expected) {
  CHECK(portable_backend().verify_ed25519(message, key, signature) == expected);
  CHECK(host_backend().verify_ed25519(message, key, signature) == expected);
}

}  // namespace

TEST_CASE("Ed25519: RFC 8032 section 7.1 test vectors", "[crypto][ed25519]") {
  struct Vector {
    const char* public_key;
    const char* message;
    const char* signature;
  };
  const Vector vectors[] = {
      {"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
       "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf"
       "5f0595b"
       "be24655141438e7a100b"},
      {"3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
       "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2"
       "eaeb430"
       "2aeeb00d291612bb0c00"},
      {"fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
       "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c1"
       "5e9716e"
       "d28dc027beceea1ec40a"},
  };
  for (const Vector& v : vectors) {
    const Bytes key = from_hex(v.public_key);
    const Bytes message = from_hex(v.message);
    const Bytes signature = from_hex(v.signature);
    INFO("public key " << v.public_key);
    check_both(message, key, signature, true);
    Bytes longer = message;
    longer.push_back(0x00);
    check_both(longer, key, signature, false);
    for (int bit = 0; bit < 512; bit += 37) {
      Bytes bad = signature;
      bad[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
      check_both(message, key, bad, false);
    }
  }
}

TEST_CASE("Ed25519: Crypto++ signatures verify in both backends, corruptions and malleability fail",
          "[crypto][ed25519]") {
  std::mt19937_64 rng(0x65643235);
  CryptoPP::AutoSeededRandomPool pool;
  // L, little endian, for the S + L malleability check.
  const Bytes order_le = [] {
    Bytes be = from_hex("1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed");
    return Bytes(be.rbegin(), be.rend());
  }();
  for (int i = 0; i < 100; ++i) {
    CryptoPP::ed25519Signer signer;
    signer.AccessPrivateKey().GenerateRandom(pool, CryptoPP::g_nullNameValuePairs);
    const CryptoPP::ed25519Verifier verifier(signer);
    const auto& public_key = static_cast<const CryptoPP::ed25519PublicKey&>(verifier.GetPublicKey());
    const Bytes key(public_key.GetPublicKeyBytePtr(), public_key.GetPublicKeyBytePtr() + 32);
    const Bytes message = test::random_bytes(rng, rng() % 400);
    Bytes signature(64);
    signer.SignMessage(pool, message.data(), message.size(), signature.data());
    INFO("round " << i);
    check_both(message, key, signature, true);

    Bytes bad = signature;
    bad[rng() % 64] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
    check_both(message, key, bad, false);
    Bytes bad_key = key;
    bad_key[rng() % 32] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
    check_both(message, bad_key, signature, false);
    if (!message.empty()) {
      Bytes other = message;
      other[rng() % other.size()] ^= 1;
      check_both(other, key, signature, false);
    }
    // S + L satisfies the group equation but is not canonical: RFC 8032 (and Neo) reject it.
    Bytes malleable = signature;
    int carry = 0;
    for (int b = 0; b < 32; ++b) {
      const int sum = malleable[32 + b] + order_le[b] + carry;
      malleable[32 + b] = static_cast<std::uint8_t>(sum);
      carry = sum >> 8;
    }
    check_both(message, key, malleable, false);
    // Wrong sizes.
    check_both(message, Bytes(key.begin(), key.end() - 1), signature, false);
    check_both(message, key, Bytes(signature.begin(), signature.end() - 1), false);
  }
}

TEST_CASE("Ed25519: non-canonical public keys are rejected", "[crypto][ed25519]") {
  // y = p + 1 encodes the identity's y = 1 non-canonically; y = 2^255 - 1 is not below p either.
  Bytes key = from_hex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  const Bytes signature(64, 0);
  check_both({}, key, signature, false);
  key.assign(32, 0xff);
  key[31] = 0x7f;
  check_both({}, key, signature, false);
}
