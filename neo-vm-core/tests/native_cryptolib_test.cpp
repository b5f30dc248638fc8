// CryptoLib through native::invoke: hashes against published vectors and Crypto++, ECDSA signatures made by
// Crypto++ on both curves with both hashes, secp256k1 recovery against libsecp256k1, Ed25519 (RFC 8032), and
// the fault paths. Every check runs with the portable backend (what the guest uses) and the host backend.
#include <catch2/catch.hpp>

#include <cryptopp/eccrypto.h>
#include <cryptopp/keccak.h>
#include <cryptopp/oids.h>
#include <cryptopp/osrng.h>
#include <cryptopp/ripemd.h>
#include <cryptopp/sha.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <random>

#include "crypto_test_support.hpp"
#include "native_test_util.hpp"
#include "neo/vm/crypto/host.hpp"
#include "neo/vm/crypto/portable.hpp"

using namespace neo::vm;
using namespace neo::vm::app;
using namespace neo::vm::app::native;
using namespace neo::vm::app::native::test;
using app::test::from_hex;
using app::test::to_hex;
using Bytes = std::vector<std::uint8_t>;

namespace {

const crypto::CryptoBackend* backend_named(const std::string& name) {
  return name == "host" ? &crypto::host_backend() : &crypto::portable_backend();
}

template <class Hash>
Bytes cryptopp_digest(const Bytes& data) {
  Hash h;
  Bytes out(Hash::DIGESTSIZE);
  h.CalculateDigest(out.data(), data.data(), data.size());
  return out;
}

struct Signed {
  Bytes message, key_compressed, key_uncompressed, signature;
};

template <class Hash>
Signed sign_cryptopp(const CryptoPP::OID& curve, CryptoPP::AutoSeededRandomPool& pool, const Bytes& message) {
  Signed out;
  out.message = message;
  typename CryptoPP::ECDSA<CryptoPP::ECP, Hash>::PrivateKey secret;
  secret.Initialize(pool, curve);
  typename CryptoPP::ECDSA<CryptoPP::ECP, Hash>::PublicKey key;
  secret.MakePublicKey(key);
  const auto& q = key.GetPublicElement();
  out.key_uncompressed.assign(65, 0x04);
  q.x.Encode(out.key_uncompressed.data() + 1, 32);
  q.y.Encode(out.key_uncompressed.data() + 33, 32);
  out.key_compressed.assign(out.key_uncompressed.begin(), out.key_uncompressed.begin() + 33);
  out.key_compressed[0] = q.y.IsOdd() ? 0x03 : 0x02;
  typename CryptoPP::ECDSA<CryptoPP::ECP, Hash>::Signer signer(secret);
  out.signature.resize(64);
  signer.SignMessage(pool, out.message.data(), out.message.size(), out.signature.data());
  return out;
}

Invocation crypto_call(const std::string& backend, std::string_view method,
                       const std::vector<StackItem>& args) {
  return call("CryptoLib", method, args, backend_named(backend));
}

}  // namespace

TEST_CASE("cryptolib: sha256, ripemd160, keccak256", "[native][cryptolib]") {
  const std::string backend = GENERATE("portable", "host");
  INFO(backend);
  CHECK(to_hex(crypto_call(backend, "sha256", {str("abc")}).bytes()) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(to_hex(crypto_call(backend, "ripemd160", {str("abc")}).bytes()) ==
        "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
  CHECK(to_hex(crypto_call(backend, "keccak256", {str("")}).bytes()) ==
        "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  std::mt19937_64 rng(7);
  for (int round = 0; round < 20; ++round) {
    const Bytes data = crypto::test::random_bytes(rng, rng() % 500);
    CHECK(crypto_call(backend, "sha256", {bytes(data)}).bytes() == cryptopp_digest<CryptoPP::SHA256>(data));
    CHECK(crypto_call(backend, "ripemd160", {bytes(data)}).bytes() ==
          cryptopp_digest<CryptoPP::RIPEMD160>(data));
    CHECK(crypto_call(backend, "keccak256", {bytes(data)}).bytes() ==
          cryptopp_digest<CryptoPP::Keccak_256>(data));
  }
  // Any primitive converts to bytes (Integer 1 is the byte 01); Null and compounds fault.
  CHECK(crypto_call(backend, "sha256", {num(1)}).bytes() == cryptopp_digest<CryptoPP::SHA256>({1}));
  Invocation null_data = crypto_call(backend, "sha256", {StackItem::null()});
  CHECK_FALSE(null_data.ok);
  CHECK(null_data.reason == "CryptoLib.sha256: data cannot be null");
  Invocation array;
  array.app = new_engine(backend_named(backend));
  run(array, "CryptoLib", "keccak256", {StackItem::compound(array.engine().new_array())});
  CHECK_FALSE(array.ok);
  // No input length limit on hashes.
  CHECK(crypto_call(backend, "sha256", {bytes(Bytes(5000, 1))}).bytes() ==
        cryptopp_digest<CryptoPP::SHA256>(Bytes(5000, 1)));
}

TEST_CASE("cryptolib: murmur32", "[native][cryptolib]") {
  const std::string backend = GENERATE("portable", "host");
  INFO(backend);
  // MurmurHash3_x86_32 published vectors; CryptoLib returns the value little-endian.
  CHECK(to_hex(crypto_call(backend, "murmur32", {str(""), num(0)}).bytes()) == "00000000");
  CHECK(to_hex(crypto_call(backend, "murmur32", {str(""), num(1)}).bytes()) == "b7284e51");
  CHECK(to_hex(crypto_call(backend, "murmur32", {str(""), num(0xFFFFFFFF)}).bytes()) == "396ff181");
  CHECK(to_hex(crypto_call(backend, "murmur32", {bytes({0, 0, 0, 0}), num(0)}).bytes()) == "def96223");
  CHECK(to_hex(crypto_call(backend, "murmur32", {str("aaaa"), num(0x9747b28c)}).bytes()) == "8a80975a");
  CHECK(to_hex(crypto_call(backend, "murmur32", {str("Hello, world!"), num(0x9747b28c)}).bytes()) ==
        "ba4c8824");
  CHECK(to_hex(crypto_call(backend, "murmur32",
                           {str("The quick brown fox jumps over the lazy dog"), num(0x9747b28c)})
                   .bytes()) == "cd26a82f");
  // The seed is a uint.
  CHECK_FALSE(crypto_call(backend, "murmur32", {str("a"), num(-1)}).ok);
  CHECK_FALSE(crypto_call(backend, "murmur32", {str("a"), num(0x100000000)}).ok);
  CHECK(crypto_call(backend, "murmur32", {str("a"), num(-1)}).reason ==
        "CryptoLib.murmur32: seed is out of the UInt32 range");
}

TEST_CASE("cryptolib: verifyWithECDsa on both curves with both hashes", "[native][cryptolib]") {
  const std::string backend = GENERATE("portable", "host");
  INFO(backend);
  CryptoPP::AutoSeededRandomPool pool;
  std::mt19937_64 rng(11);
  for (int round = 0; round < 4; ++round) {
    const Bytes message = crypto::test::random_bytes(rng, rng() % 200);
    const std::pair<std::int64_t, Signed> cases[] = {
        {22, sign_cryptopp<CryptoPP::SHA256>(CryptoPP::ASN1::secp256k1(), pool, message)},
        {23, sign_cryptopp<CryptoPP::SHA256>(CryptoPP::ASN1::secp256r1(), pool, message)},
        {122, sign_cryptopp<CryptoPP::Keccak_256>(CryptoPP::ASN1::secp256k1(), pool, message)},
        {123, sign_cryptopp<CryptoPP::Keccak_256>(CryptoPP::ASN1::secp256r1(), pool, message)},
    };
    for (const auto& [curve_hash, s] : cases) {
      INFO("curveHash " << curve_hash);
      for (const Bytes& key : {s.key_compressed, s.key_uncompressed}) {
        Invocation ok = crypto_call(backend, "verifyWithECDsa",
                                    {bytes(message), bytes(key), bytes(s.signature), num(curve_hash)});
        REQUIRE(ok.ok);
        CHECK(ok.result.type() == StackItemType::Boolean);
        CHECK(ok.result.boolean_value());
      }
      // Another message, a corrupted signature, the other hash, the other curve: false.
      Bytes other = message;
      other.push_back(1);
      CHECK_FALSE(crypto_call(backend, "verifyWithECDsa",
                              {bytes(other), bytes(s.key_compressed), bytes(s.signature), num(curve_hash)})
                      .result.boolean_value());
      Bytes corrupted = s.signature;
      corrupted[10] ^= 0x40;
      CHECK_FALSE(crypto_call(backend, "verifyWithECDsa",
                              {bytes(message), bytes(s.key_compressed), bytes(corrupted), num(curve_hash)})
                      .result.boolean_value());
      const std::int64_t other_hash = curve_hash >= 100 ? curve_hash - 100 : curve_hash + 100;
      CHECK_FALSE(crypto_call(backend, "verifyWithECDsa",
                              {bytes(message), bytes(s.key_compressed), bytes(s.signature), num(other_hash)})
                      .result.boolean_value());
      // Wrong signature sizes are false, not faults.
      Invocation short_sig =
          crypto_call(backend, "verifyWithECDsa",
                      {bytes(message), bytes(s.key_compressed),
                       bytes(Bytes(s.signature.begin(), s.signature.end() - 1)), num(curve_hash)});
      CHECK(short_sig.ok);
      CHECK_FALSE(short_sig.result.boolean_value());
    }
  }
  // Unknown NamedCurveHash values and keys that are no point encoding at all fault.
  const Signed s = sign_cryptopp<CryptoPP::SHA256>(CryptoPP::ASN1::secp256r1(), pool, {1, 2, 3});
  for (const std::int64_t bad : {0, 21, 24, 100, 124, 255}) {
    Invocation inv = crypto_call(backend, "verifyWithECDsa",
                                 {bytes(s.message), bytes(s.key_compressed), bytes(s.signature), num(bad)});
    CHECK_FALSE(inv.ok);
  }
  CHECK(crypto_call(backend, "verifyWithECDsa",
                    {bytes(s.message), bytes(s.key_compressed), bytes(s.signature), num(24)})
            .reason == "CryptoLib.verifyWithECDsa: curveHash 24 is not supported");
  CHECK_FALSE(crypto_call(backend, "verifyWithECDsa",
                          {bytes(s.message), bytes(s.key_compressed), bytes(s.signature), num(256)})
                  .ok);
  Bytes bad_prefix = s.key_compressed;
  bad_prefix[0] = 0x04;
  for (const Bytes& key : {Bytes(32, 2), bad_prefix, Bytes{}, Bytes(66, 4)}) {
    CHECK_FALSE(
        crypto_call(backend, "verifyWithECDsa", {bytes(s.message), bytes(key), bytes(s.signature), num(23)})
            .ok);
  }
  CHECK_FALSE(crypto_call(backend, "verifyWithECDsa",
                          {StackItem::null(), bytes(s.key_compressed), bytes(s.signature), num(23)})
                  .ok);
}

TEST_CASE("cryptolib: verifyWithEd25519", "[native][cryptolib]") {
  const std::string backend = GENERATE("portable", "host");
  INFO(backend);
  // RFC 8032 section 7.1, tests 1 and 2.
  const Bytes key1 = from_hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  const Bytes sig1 = from_hex(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5"
      "f0595bbe24"
      "655141438e7a100b");
  const Bytes key2 = from_hex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
  const Bytes sig2 = from_hex(
      "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2e"
      "aeb4302a"
      "eeb00d291612bb0c00");
  CHECK(crypto_call(backend, "verifyWithEd25519", {bytes({}), bytes(key1), bytes(sig1)})
            .result.boolean_value());
  CHECK(crypto_call(backend, "verifyWithEd25519", {bytes({0x72}), bytes(key2), bytes(sig2)})
            .result.boolean_value());
  CHECK_FALSE(crypto_call(backend, "verifyWithEd25519", {bytes({0x73}), bytes(key2), bytes(sig2)})
                  .result.boolean_value());
  CHECK_FALSE(crypto_call(backend, "verifyWithEd25519", {bytes({}), bytes(key2), bytes(sig1)})
                  .result.boolean_value());
  // Since HF_Gorgon bad sizes fault.
  Invocation short_key = crypto_call(backend, "verifyWithEd25519",
                                     {bytes({}), bytes(Bytes(key1.begin(), key1.end() - 1)), bytes(sig1)});
  CHECK_FALSE(short_key.ok);
  CHECK(short_key.reason == "CryptoLib.verifyWithEd25519: pubkey must be 32 bytes");
  CHECK_FALSE(crypto_call(backend, "verifyWithEd25519", {bytes({}), bytes(key1), bytes(Bytes(65, 0))}).ok);
  CHECK_FALSE(crypto_call(backend, "verifyWithEd25519", {StackItem::null(), bytes(key1), bytes(sig1)}).ok);
}

TEST_CASE("cryptolib: recoverSecp256K1 against libsecp256k1", "[native][cryptolib]") {
  const std::string backend = GENERATE("portable", "host");
  INFO(backend);
  secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  std::mt19937_64 rng(5);
  for (int round = 0; round < 8; ++round) {
    Bytes secret;
    do {
      secret = crypto::test::random_bytes(rng, 32);
    } while (secp256k1_ec_seckey_verify(ctx, secret.data()) != 1);
    secp256k1_pubkey key;
    REQUIRE(secp256k1_ec_pubkey_create(ctx, &key, secret.data()) == 1);
    Bytes compressed(33);
    std::size_t length = 33;
    secp256k1_ec_pubkey_serialize(ctx, compressed.data(), &length, &key, SECP256K1_EC_COMPRESSED);
    const Bytes digest = crypto::test::random_bytes(rng, 32);
    secp256k1_ecdsa_recoverable_signature sig;
    REQUIRE(secp256k1_ecdsa_sign_recoverable(ctx, &sig, digest.data(), secret.data(), nullptr, nullptr) == 1);
    Bytes rs(64);
    int recid = 0;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, rs.data(), &recid, &sig);

    Bytes with_v = rs;
    with_v.push_back(static_cast<std::uint8_t>(27 + recid));
    Invocation inv = crypto_call(backend, "recoverSecp256K1", {bytes(digest), bytes(with_v)});
    REQUIRE(inv.ok);
    CHECK(inv.bytes() == compressed);
    with_v.back() = static_cast<std::uint8_t>(recid);
    CHECK(crypto_call(backend, "recoverSecp256K1", {bytes(digest), bytes(with_v)}).bytes() == compressed);
    // EIP-2098 compact form: the parity in the top bit of s.
    Bytes compact = rs;
    if (recid & 1) compact[32] |= 0x80;
    CHECK(crypto_call(backend, "recoverSecp256K1", {bytes(digest), bytes(compact)}).bytes() == compressed);
    // A different digest recovers a different key (or none); bad sizes give null.
    Bytes other = digest;
    other[0] ^= 1;
    CHECK(crypto_call(backend, "recoverSecp256K1", {bytes(other), bytes(rs)}).bytes() != compressed);
    CHECK(crypto_call(backend, "recoverSecp256K1",
                      {bytes(Bytes(digest.begin(), digest.end() - 1)), bytes(with_v)})
              .result.is_null());
    CHECK(crypto_call(backend, "recoverSecp256K1", {bytes(digest), bytes(Bytes(63, 1))}).result.is_null());
  }
  secp256k1_context_destroy(ctx);
  // r = 0 has no key: null, not a fault.
  Invocation zero = crypto_call(backend, "recoverSecp256K1", {bytes(Bytes(32, 1)), bytes(Bytes(65, 0))});
  CHECK(zero.ok);
  CHECK(zero.result.is_null());
  CHECK_FALSE(crypto_call(backend, "recoverSecp256K1", {StackItem::null(), bytes(Bytes(65, 0))}).ok);
}

TEST_CASE("cryptolib: bls12381 methods are listed but not supported", "[native][cryptolib]") {
  const NativeContract& lib = *find_by_name("CryptoLib");
  for (const NativeMethod& m : lib.methods) {
    if (m.name.substr(0, 8) != "bls12381") continue;
    std::vector<StackItem> args(m.parameter_count, StackItem::null());
    auto app = new_engine();
    StackItem result;
    CHECK_FALSE(invoke(*app, lib, m, args, result));
    CHECK(app->engine().fault_reason() == "CryptoLib." + std::string(m.name) + " is not supported");
  }
}
