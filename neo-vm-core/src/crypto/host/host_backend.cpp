// The host crypto backend: Crypto++ and libsecp256k1 behind the CryptoBackend interface. Compiled for host
// builds only, with exceptions and RTTI enabled for this file (Crypto++'s headers need both); every library
// call is wrapped so that nothing escapes the noexcept interface. Where the libraries are stricter or looser
// than Neo, Neo's rules are applied first, so that this backend and the portable one agree on every input.
#include "neo/vm/crypto/host.hpp"

#include <cryptopp/eccrypto.h>
#include <cryptopp/integer.h>
#include <cryptopp/keccak.h>
#include <cryptopp/oids.h>
#include <cryptopp/ripemd.h>
#include <cryptopp/sha.h>
#include <cryptopp/xed25519.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <cstring>

namespace neo::vm::crypto {
namespace {

template <typename Hash, std::size_t N>
std::array<std::uint8_t, N> crypto_pp_digest(std::span<const std::uint8_t> data) noexcept {
  static_assert(Hash::DIGESTSIZE == N);
  std::array<std::uint8_t, N> digest{};
  Hash hash;
  hash.CalculateDigest(digest.data(), data.data(), data.size());
  return digest;
}

// The public-key encodings Neo's ECPoint.DecodePoint accepts. libsecp256k1 and Crypto++ also take other
// forms (hybrid 06/07, the 00 point at infinity), which Neo rejects.
bool neo_key_encoding(std::span<const std::uint8_t> key) noexcept {
  return (key.size() == 33 && (key[0] == 0x02 || key[0] == 0x03)) || (key.size() == 65 && key[0] == 0x04);
}

const CryptoPP::DL_GroupParameters_EC<CryptoPP::ECP>& p256_parameters() {
  static const CryptoPP::DL_GroupParameters_EC<CryptoPP::ECP> parameters(CryptoPP::ASN1::secp256r1());
  return parameters;
}

bool verify_p256(std::span<const std::uint8_t> digest, std::span<const std::uint8_t> key,
                 std::span<const std::uint8_t> signature) noexcept {
  try {
    const auto& parameters = p256_parameters();
    const CryptoPP::ECP& curve = parameters.GetCurve();
    const CryptoPP::Integer x(key.data() + 1, 32);
    if (x >= curve.GetField().GetModulus()) return false;
    CryptoPP::ECP::Point q;
    if (!curve.DecodePoint(q, key.data(), key.size()) || q.identity || !curve.VerifyPoint(q)) return false;
    CryptoPP::DL_PublicKey_EC<CryptoPP::ECP> public_key;
    public_key.Initialize(parameters, q);
    const CryptoPP::Integer e(digest.data(), 32);
    const CryptoPP::Integer r(signature.data(), 32);
    const CryptoPP::Integer s(signature.data() + 32, 32);
    // DL_Algorithm_ECDSA::Verify range-checks r and s against n and accepts high S, like .NET.
    return CryptoPP::DL_Algorithm_ECDSA<CryptoPP::ECP>().Verify(parameters, public_key, e, r, s);
  } catch (...) {
    return false;
  }
}

const secp256k1_context* secp_context() noexcept { return secp256k1_context_static; }

bool verify_k1(std::span<const std::uint8_t> digest, std::span<const std::uint8_t> key,
               std::span<const std::uint8_t> signature) noexcept {
  secp256k1_pubkey public_key;
  if (secp256k1_ec_pubkey_parse(secp_context(), &public_key, key.data(), key.size()) != 1) return false;
  secp256k1_ecdsa_signature parsed;
  // Fails when r or s >= n; r = 0 or s = 0 parse but never verify.
  if (secp256k1_ecdsa_signature_parse_compact(secp_context(), &parsed, signature.data()) != 1) return false;
  // libsecp256k1 only verifies low-S signatures; Neo accepts both halves, so normalise first.
  secp256k1_ecdsa_signature normalised;
  secp256k1_ecdsa_signature_normalize(secp_context(), &normalised, &parsed);
  return secp256k1_ecdsa_verify(secp_context(), &normalised, digest.data(), &public_key) == 1;
}

const CryptoPP::Integer& k1_order() {
  static const CryptoPP::Integer order("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
  return order;
}

std::optional<CompressedPublicKey> serialize_compressed(const secp256k1_pubkey& key) noexcept {
  CompressedPublicKey out{};
  std::size_t length = out.size();
  if (secp256k1_ec_pubkey_serialize(secp_context(), out.data(), &length, &key, SECP256K1_EC_COMPRESSED) !=
          1 ||
      length != out.size()) {
    return std::nullopt;
  }
  return out;
}

std::optional<CompressedPublicKey> recover_k1(std::span<const std::uint8_t> digest,
                                              std::span<const std::uint8_t> signature) {
  if (digest.size() != 32 || (signature.size() != 64 && signature.size() != 65)) return std::nullopt;
  std::uint8_t s_bytes[32];
  std::memcpy(s_bytes, signature.data() + 32, 32);
  int recovery_id = 0;
  if (signature.size() == 65) {
    const int v = signature[64];
    recovery_id = v >= 27 ? v - 27 : v;
    if (recovery_id > 3) return std::nullopt;
  } else {
    recovery_id = s_bytes[0] >> 7;  // EIP-2098 compact form
    s_bytes[0] &= 0x7f;
  }
  const CryptoPP::Integer& n = k1_order();
  CryptoPP::Integer r(signature.data(), 32);
  CryptoPP::Integer s(s_bytes, 32);
  const CryptoPP::Integer e(digest.data(), 32);

  // Neo uses x = r + (id >> 1) * n with the unreduced r, and r, s only modulo n. libsecp256k1 wants r, s < n
  // and derives x = r + n itself from ids 2 and 3, so an r in [n, p) with id 0/1 becomes r - n with id 2/3.
  if (r >= n) {
    if (recovery_id >= 2) return std::nullopt;  // x = r + n > p
    r -= n;
    recovery_id += 2;
  }
  if (r.IsZero()) return std::nullopt;
  s %= n;
  std::uint8_t compact[64];
  r.Encode(compact, 32);
  s.Encode(compact + 32, 32);

  if (s.IsZero()) {
    // Neo still returns -e/r * G here (R must decompress), which libsecp256k1's recovery refuses. R's x is
    // r + (id >> 1) * n; check it lifts, then compute the multiple of G with a tweak of the generator.
    CryptoPP::Integer x = r + (recovery_id >= 2 ? n : CryptoPP::Integer::Zero());
    std::uint8_t r_point[33];
    r_point[0] = (recovery_id & 1) != 0 ? 0x03 : 0x02;
    if (x.ByteCount() > 32) return std::nullopt;
    x.Encode(r_point + 1, 32);
    secp256k1_pubkey lifted;
    if (secp256k1_ec_pubkey_parse(secp_context(), &lifted, r_point, sizeof r_point) != 1) return std::nullopt;
    const CryptoPP::Integer t = (n - e % n) % n * r.InverseMod(n) % n;
    if (t.IsZero()) return std::nullopt;
    static const std::uint8_t kGenerator[33] = {
        0x02, 0x79, 0xbe, 0x66, 0x7e, 0xf9, 0xdc, 0xbb, 0xac, 0x55, 0xa0, 0x62, 0x95, 0xce, 0x87, 0x0b, 0x07,
        0x02, 0x9b, 0xfc, 0xdb, 0x2d, 0xce, 0x28, 0xd9, 0x59, 0xf2, 0x81, 0x5b, 0x16, 0xf8, 0x17, 0x98};
    secp256k1_pubkey q;
    if (secp256k1_ec_pubkey_parse(secp_context(), &q, kGenerator, sizeof kGenerator) != 1)
      return std::nullopt;
    std::uint8_t tweak[32];
    t.Encode(tweak, 32);
    if (secp256k1_ec_pubkey_tweak_mul(secp_context(), &q, tweak) != 1) return std::nullopt;
    return serialize_compressed(q);
  }

  secp256k1_ecdsa_recoverable_signature parsed;
  if (secp256k1_ecdsa_recoverable_signature_parse_compact(secp_context(), &parsed, compact, recovery_id) !=
      1) {
    return std::nullopt;
  }
  secp256k1_pubkey q;
  if (secp256k1_ecdsa_recover(secp_context(), &q, &parsed, digest.data()) != 1) return std::nullopt;
  return serialize_compressed(q);
}

bool verify_ed25519_cryptopp(std::span<const std::uint8_t> message, std::span<const std::uint8_t> public_key,
                             std::span<const std::uint8_t> signature) noexcept {
  if (public_key.size() != 32 || signature.size() != 64) return false;
  try {
    // Crypto++ (ed25519-donna) only checks S's top three bits and reduces A's y modulo p; RFC 8032 and Neo
    // require S < L and a canonical A, so check those first.
    static const CryptoPP::Integer kOrder(
        "0x1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed");
    static const CryptoPP::Integer kPrime(
        "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed");
    const CryptoPP::Integer s(signature.data() + 32, 32, CryptoPP::Integer::UNSIGNED,
                              CryptoPP::LITTLE_ENDIAN_ORDER);
    if (s >= kOrder) return false;
    std::uint8_t y_bytes[32];
    std::memcpy(y_bytes, public_key.data(), 32);
    y_bytes[31] &= 0x7f;
    const CryptoPP::Integer y(y_bytes, 32, CryptoPP::Integer::UNSIGNED, CryptoPP::LITTLE_ENDIAN_ORDER);
    if (y >= kPrime) return false;
    CryptoPP::ed25519Verifier verifier(public_key.data());
    return verifier.VerifyMessage(message.data(), message.size(), signature.data(), signature.size());
  } catch (...) {
    return false;
  }
}

class HostBackend final : public CryptoBackend {
 public:
  constexpr HostBackend() noexcept = default;

  std::string_view name() const noexcept override { return "host"; }
  Sha256Digest sha256(std::span<const std::uint8_t> data) const noexcept override {
    return crypto_pp_digest<CryptoPP::SHA256, 32>(data);
  }
  Ripemd160Digest ripemd160(std::span<const std::uint8_t> data) const noexcept override {
    return crypto_pp_digest<CryptoPP::RIPEMD160, 20>(data);
  }
  Keccak256Digest keccak256(std::span<const std::uint8_t> data) const noexcept override {
    return crypto_pp_digest<CryptoPP::Keccak_256, 32>(data);
  }
  // Neither library has MurmurHash3; it is a 20-line non-cryptographic hash, so both backends share the
  // project's implementation (tested against published Murmur3 values).
  std::uint32_t murmur32(std::span<const std::uint8_t> data, std::uint32_t seed) const noexcept override {
    return crypto::murmur32(data, seed);
  }
  bool verify_ecdsa_digest(EcCurve curve, std::span<const std::uint8_t> digest,
                           std::span<const std::uint8_t> public_key,
                           std::span<const std::uint8_t> signature) const noexcept override {
    if (digest.size() != 32 || signature.size() != 64 || !neo_key_encoding(public_key)) return false;
    return curve == EcCurve::kSecp256r1 ? verify_p256(digest, public_key, signature)
                                        : verify_k1(digest, public_key, signature);
  }
  std::optional<CompressedPublicKey> recover_secp256k1(
      std::span<const std::uint8_t> digest, std::span<const std::uint8_t> signature) const noexcept override {
    try {
      return recover_k1(digest, signature);
    } catch (...) {
      return std::nullopt;
    }
  }
  bool verify_ed25519(std::span<const std::uint8_t> message, std::span<const std::uint8_t> public_key,
                      std::span<const std::uint8_t> signature) const noexcept override {
    return verify_ed25519_cryptopp(message, public_key, signature);
  }
};

constinit const HostBackend kHostBackend;

}  // namespace

const CryptoBackend& host_backend() noexcept { return kHostBackend; }

}  // namespace neo::vm::crypto
