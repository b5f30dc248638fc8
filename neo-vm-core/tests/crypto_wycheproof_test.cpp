// Every ECDSA vector of Wycheproof (shared/conformance/wycheproof) through both crypto backends.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "crypto_test_support.hpp"
#include "neo/vm/crypto/host.hpp"
#include "neo/vm/crypto/portable.hpp"

using namespace neo::vm::crypto;
using test::Bytes;
using test::from_hex;

namespace {

// Strict DER decoding of ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } into the 64-byte r || s form
// Neo takes. Rejects BER leniencies (long-form lengths that fit the short form, leading zero bytes,
// indefinite lengths), negative integers, trailing data, and integers wider than 256 bits.
std::optional<Bytes> der_to_p1363(const Bytes& der) {
  std::size_t pos = 0;
  const auto read_length = [&](std::size_t& length) -> bool {
    if (pos >= der.size()) return false;
    const std::uint8_t first = der[pos++];
    if (first < 0x80) {
      length = first;
      return true;
    }
    const std::size_t count = first & 0x7f;
    if (count == 0 || count > 2 || pos + count > der.size()) return false;  // indefinite / absurd
    if (der[pos] == 0) return false;                                        // non-minimal
    length = 0;
    for (std::size_t i = 0; i < count; ++i) length = (length << 8) | der[pos++];
    return length >= 0x80;  // short form was required
  };
  const auto read_integer = [&](Bytes& out) -> bool {
    if (pos >= der.size() || der[pos++] != 0x02) return false;
    std::size_t length = 0;
    if (!read_length(length) || length == 0 || pos + length > der.size()) return false;
    const std::uint8_t* value = der.data() + pos;
    pos += length;
    if ((value[0] & 0x80) != 0) return false;                                 // negative
    if (length > 1 && value[0] == 0 && (value[1] & 0x80) == 0) return false;  // non-minimal
    while (length > 0 && *value == 0) {
      ++value;
      --length;
    }
    if (length > 32) return false;
    out.assign(32 - length, 0);
    out.insert(out.end(), value, value + length);
    return true;
  };
  if (der.empty() || der[pos++] != 0x30) return std::nullopt;
  std::size_t sequence_length = 0;
  if (!read_length(sequence_length) || pos + sequence_length != der.size()) return std::nullopt;
  Bytes r, s;
  if (!read_integer(r) || !read_integer(s) || pos != der.size()) return std::nullopt;
  r.insert(r.end(), s.begin(), s.end());
  return r;
}

Bytes compress(const Bytes& uncompressed) {
  Bytes out(uncompressed.begin(), uncompressed.begin() + 33);
  out[0] = (uncompressed[64] & 1) != 0 ? 0x03 : 0x02;
  return out;
}

const Bytes kOrderK1 = from_hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
const Bytes kHalfOrderK1 = from_hex("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0");

// s > n / 2 (secp256k1), for 64-byte r || s.
bool is_high_s(const Bytes& signature) {
  return std::lexicographical_compare(kHalfOrderK1.begin(), kHalfOrderK1.end(), signature.begin() + 32,
                                      signature.end());
}

// s := n - s (s <= n), 32 bytes big endian.
void negate_mod_k1(std::uint8_t* s) {
  int borrow = 0;
  for (int i = 31; i >= 0; --i) {
    const int d = kOrderK1[i] - s[i] - borrow;
    s[i] = static_cast<std::uint8_t>(d);
    borrow = d < 0 ? 1 : 0;
  }
}

struct Tally {
  int high_s = 0;
  int vectors = 0;
  int accepted = 0;
  int der_rejected = 0;
};

Tally run_file(const std::string& name, EcCurve curve, bool der, bool bitcoin) {
  Tally tally;
  const auto dir = test::shared_dir();
  const auto path = dir ? *dir / "conformance" / "wycheproof" / name : std::filesystem::path();
  if (!dir || !std::filesystem::exists(path)) {
    WARN("SKIPPED: Wycheproof file " << name << " not found (set NEO_SHARED_DIR to the shared/ folder)");
    return tally;
  }
  std::ifstream in(path);
  const nlohmann::json root = nlohmann::json::parse(in);
  const CryptoBackend& portable = portable_backend();
  const CryptoBackend& host = host_backend();
  for (const auto& group : root.at("testGroups")) {
    REQUIRE(group.at("sha").get<std::string>() == "SHA-256");
    const Bytes key = from_hex(group.at("publicKey").at("uncompressed").get<std::string>());
    REQUIRE(key.size() == 65);
    const Bytes compressed = compress(key);
    for (const auto& vector : group.at("tests")) {
      ++tally.vectors;
      const int id = vector.at("tcId").get<int>();
      const std::string result = vector.at("result").get<std::string>();
      const Bytes message = from_hex(vector.at("msg").get<std::string>());
      const Bytes raw_signature = from_hex(vector.at("sig").get<std::string>());
      INFO(name << " tcId " << id << ": " << vector.at("comment").get<std::string>());
      REQUIRE(result != "acceptable");  // none in these files; the rule would be: both backends agree
      bool expected = result == "valid";
      Bytes signature = raw_signature;
      if (der) {
        const auto decoded = der_to_p1363(raw_signature);
        if (!decoded) {
          ++tally.der_rejected;
          CHECK_FALSE(expected);  // a signature we cannot decode strictly must be one Wycheproof rejects
          continue;
        }
        signature = *decoded;
      }
      if (bitcoin && is_high_s(signature)) {
        // Bitcoin rejects every high-S signature; Neo accepts them (no malleability rule), so Wycheproof's
        // verdict does not carry over. Neo's verdict for (r, s) is the one for the low-S twin (r, n - s).
        Bytes twin = signature;
        negate_mod_k1(twin.data() + 32);
        expected = portable.verify_ecdsa(curve, EcdsaHash::kSha256, message, key, twin);
        CHECK(expected == host.verify_ecdsa(curve, EcdsaHash::kSha256, message, key, twin));
        ++tally.high_s;
      }
      for (const Bytes* public_key : {&key, &compressed}) {
        const bool by_portable =
            portable.verify_ecdsa(curve, EcdsaHash::kSha256, message, *public_key, signature);
        const bool by_host = host.verify_ecdsa(curve, EcdsaHash::kSha256, message, *public_key, signature);
        CHECK(by_portable == expected);
        CHECK(by_host == expected);
      }
      if (expected) ++tally.accepted;
    }
  }
  CHECK(tally.vectors == root.at("numberOfTests").get<int>());
  return tally;
}

}  // namespace

TEST_CASE("Wycheproof ECDSA secp256r1 SHA-256, IEEE P1363 signatures", "[crypto][ecdsa][wycheproof]") {
  const Tally t = run_file("ecdsa_secp256r1_sha256_p1363_test.json", EcCurve::kSecp256r1, false, false);
  if (t.vectors > 0) CHECK(t.accepted > 100);
}

TEST_CASE("Wycheproof ECDSA secp256k1 SHA-256, IEEE P1363 signatures", "[crypto][ecdsa][wycheproof]") {
  const Tally t = run_file("ecdsa_secp256k1_sha256_p1363_test.json", EcCurve::kSecp256k1, false, false);
  if (t.vectors > 0) CHECK(t.accepted > 100);
}

TEST_CASE("Wycheproof ECDSA secp256r1 SHA-256, DER signatures", "[crypto][ecdsa][wycheproof]") {
  const Tally t = run_file("ecdsa_secp256r1_sha256_test.json", EcCurve::kSecp256r1, true, false);
  if (t.vectors > 0) CHECK(t.der_rejected > 100);
}

TEST_CASE("Wycheproof ECDSA secp256k1 SHA-256, DER signatures", "[crypto][ecdsa][wycheproof]") {
  const Tally t = run_file("ecdsa_secp256k1_sha256_test.json", EcCurve::kSecp256k1, true, false);
  if (t.vectors > 0) CHECK(t.der_rejected > 100);
}

TEST_CASE("Wycheproof ECDSA secp256k1 SHA-256, Bitcoin DER signatures (Neo accepts high S)",
          "[crypto][ecdsa][wycheproof]") {
  const Tally t = run_file("ecdsa_secp256k1_sha256_bitcoin_test.json", EcCurve::kSecp256k1, true, true);
  if (t.vectors > 0) {
    CHECK(t.der_rejected > 100);
    CHECK(t.high_s > 0);
  }
}

TEST_CASE("strict DER decoding of ECDSA signatures", "[crypto][ecdsa]") {
  CHECK(der_to_p1363(from_hex("3006020101020102")).value() ==
        from_hex("0000000000000000000000000000000000000000000000000000000000000001"
                 "0000000000000000000000000000000000000000000000000000000000000002"));
  CHECK_FALSE(der_to_p1363(from_hex("300702010102010200")));    // trailing byte
  CHECK_FALSE(der_to_p1363(from_hex("30070201010202000102")));  // wrong sequence length / leading zero
  CHECK_FALSE(der_to_p1363(from_hex("3006020181020102")));      // negative r
  CHECK_FALSE(der_to_p1363(from_hex("308106020101020102")));    // long-form length below 128
}
