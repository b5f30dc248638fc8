// CryptoLib (id -3): hashes and signature checks through the engine's crypto backend. The bls12381* methods
// are in the table but not implemented (invoke faults "CryptoLib.bls12381... is not supported").
#include <array>

#include "native_internal.hpp"

namespace neo::vm::app::native::detail {

namespace {

StackItem bytes_item(std::span<const std::uint8_t> bytes) { return StackItem::byte_string(bytes); }

// A public key ECPoint.DecodePoint can read at all: 33 bytes with prefix 02 / 03 or 65 bytes with prefix 04.
// Whether the point is on the curve is left to the backend, which answers false (see docs).
bool is_point_encoding(std::span<const std::uint8_t> key) noexcept {
  if (key.size() == 33) return key[0] == 0x02 || key[0] == 0x03;
  if (key.size() == 65) return key[0] == 0x04;
  return false;
}

}  // namespace

bool invoke_cryptolib(const Call& call, StackItem& result) {
  const crypto::CryptoBackend& backend = call.app.crypto();
  ByteScratch s0, s1, s2;
  std::span<const std::uint8_t> a, b, c;
  switch (call.method.dispatch) {
    case kSha256: {
      if (!call.bytes(0, s0, a)) return false;
      result = bytes_item(backend.sha256(a));
      return true;
    }
    case kRipemd160: {
      if (!call.bytes(0, s0, a)) return false;
      result = bytes_item(backend.ripemd160(a));
      return true;
    }
    case kKeccak256: {
      if (!call.bytes(0, s0, a)) return false;
      result = bytes_item(backend.keccak256(a));
      return true;
    }
    case kMurmur32: {
      std::uint32_t seed = 0;
      if (!call.bytes(0, s0, a) || !call.uint32(1, seed)) return false;
      const std::uint32_t h = backend.murmur32(a, seed);
      const std::array<std::uint8_t, 4> le = {static_cast<std::uint8_t>(h), static_cast<std::uint8_t>(h >> 8),
                                              static_cast<std::uint8_t>(h >> 16),
                                              static_cast<std::uint8_t>(h >> 24)};
      result = bytes_item(le);
      return true;
    }
    case kVerifyWithECDsa: {
      std::uint8_t curve_hash = 0;
      if (!call.bytes(0, s0, a) || !call.bytes(1, s1, b) || !call.bytes(2, s2, c) ||
          !call.uint8(3, curve_hash))
        return false;
      crypto::EcCurve curve;
      crypto::EcdsaHash hash;
      switch (static_cast<NamedCurveHash>(curve_hash)) {
        case NamedCurveHash::kSecp256k1Sha256:
          curve = crypto::EcCurve::kSecp256k1;
          hash = crypto::EcdsaHash::kSha256;
          break;
        case NamedCurveHash::kSecp256r1Sha256:
          curve = crypto::EcCurve::kSecp256r1;
          hash = crypto::EcdsaHash::kSha256;
          break;
        case NamedCurveHash::kSecp256k1Keccak256:
          curve = crypto::EcCurve::kSecp256k1;
          hash = crypto::EcdsaHash::kKeccak256;
          break;
        case NamedCurveHash::kSecp256r1Keccak256:
          curve = crypto::EcCurve::kSecp256r1;
          hash = crypto::EcdsaHash::kKeccak256;
          break;
        default: {
          Reason r(call.contract, call.method);
          r << ": curveHash " << static_cast<std::int64_t>(curve_hash) << " is not supported";
          return call.app.engine().fault(r.view());
        }
      }
      if (!is_point_encoding(b)) return call.fail("pubkey is not a valid ECPoint encoding");
      result = StackItem::boolean(backend.verify_ecdsa(curve, hash, a, b, c));
      return true;
    }
    case kVerifyWithEd25519: {
      if (!call.bytes(0, s0, a) || !call.bytes(1, s1, b) || !call.bytes(2, s2, c)) return false;
      // Since HF_Gorgon wrong sizes throw (FormatException) instead of answering false.
      if (b.size() != 32) return call.fail("pubkey must be 32 bytes");
      if (c.size() != 64) return call.fail("signature must be 64 bytes");
      result = StackItem::boolean(backend.verify_ed25519(a, b, c));
      return true;
    }
    case kRecoverSecp256K1: {
      if (!call.bytes(0, s0, a) || !call.bytes(1, s1, b)) return false;
      // Every failure of Crypto.ECRecover is caught and answered with null.
      std::optional<crypto::CompressedPublicKey> key;
      if (a.size() == 32) key = backend.recover_secp256k1(a, b);
      result = key ? bytes_item(*key) : StackItem::null();
      return true;
    }
    default: {
      Reason r(call.contract, call.method);
      r << " is not supported";
      return call.app.engine().fault(r.view());
    }
  }
}

}  // namespace neo::vm::app::native::detail
