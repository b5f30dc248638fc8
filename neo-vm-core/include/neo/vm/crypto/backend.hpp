// The cryptography Neo's CryptoLib and System.Crypto.CheckSig need, behind one interface with two
// implementations: the portable backend (portable.hpp, the project's own code, the only one inside the rv32im
// guest) and the host backend (host.hpp, Crypto++ and libsecp256k1, host builds only). Tests run every vector
// through both, so the guest's results are checked against established libraries.
//
// Every function is noexcept and reports invalid input as a value (false / std::nullopt): the VM turns those
// into Neo's results (false / null), never into C++ exceptions, which the guest does not have.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "neo/vm/crypto/hashes.hpp"
#include "neo/vm/crypto/sha256.hpp"

namespace neo::vm::crypto {

enum class EcCurve : std::uint8_t { kSecp256r1, kSecp256k1 };

// How the message is hashed before ECDSA (Neo's HashAlgorithm subset usable with 256-bit curves).
enum class EcdsaHash : std::uint8_t { kSha256, kKeccak256 };

using CompressedPublicKey = std::array<std::uint8_t, 33>;

// Plain interface with virtual functions: no RTTI is needed (nothing is ever cast), and implementations are
// constant-initialised singletons, so the guest needs no static-initialisation guards.
class CryptoBackend {
 public:
  virtual std::string_view name() const noexcept = 0;

  virtual Sha256Digest sha256(std::span<const std::uint8_t> data) const noexcept = 0;
  virtual Ripemd160Digest ripemd160(std::span<const std::uint8_t> data) const noexcept = 0;
  virtual Keccak256Digest keccak256(std::span<const std::uint8_t> data) const noexcept = 0;
  virtual std::uint32_t murmur32(std::span<const std::uint8_t> data, std::uint32_t seed) const noexcept = 0;

  // ECDSA verification of a 32-byte message digest, with Neo's semantics (.NET ECDsa.VerifyHash):
  // signature = r || s, 32 bytes each, big endian, both in [1, n-1]; high S is accepted (no malleability
  // rule); public key = 33-byte compressed (02/03 || X) or 65-byte uncompressed (04 || X || Y) encoding of a
  // point on the curve, coordinates below p. Anything else (sizes, encodings, off-curve keys) is false.
  virtual bool verify_ecdsa_digest(EcCurve curve, std::span<const std::uint8_t> digest,
                                   std::span<const std::uint8_t> public_key,
                                   std::span<const std::uint8_t> signature) const noexcept = 0;

  // CryptoLib.recoverSecp256K1 (Neo's Crypto.ECRecover): digest is the 32-byte message hash; signature is
  // r || s || v (65 bytes, v in 0..3 or 27..30) or the EIP-2098 compact r || (yParity << 255 | s) (64 bytes).
  // The recovery id selects x = r + (id >> 1) * n and the parity of y. Returns the compressed key, or nullopt
  // whenever Neo returns null (bad sizes, r = 0 mod n, x not on the curve, result at infinity, ...).
  virtual std::optional<CompressedPublicKey> recover_secp256k1(
      std::span<const std::uint8_t> digest, std::span<const std::uint8_t> signature) const noexcept = 0;

  // Ed25519 verification (RFC 8032, pure Ed25519): 32-byte key, 64-byte signature R || S. S must be below
  // the group order L, A and R must be canonical encodings, and [S]B = R + [k]A is checked without the
  // cofactor (the result's encoding is compared with R).
  virtual bool verify_ed25519(std::span<const std::uint8_t> message, std::span<const std::uint8_t> public_key,
                              std::span<const std::uint8_t> signature) const noexcept = 0;

  // Hash the message (SHA-256 or Keccak-256, with this backend's hashes), then verify_ecdsa_digest: what
  // CryptoLib.verifyWithECDsa and CheckSig (SHA-256 over the sign data) do.
  bool verify_ecdsa(EcCurve curve, EcdsaHash hash, std::span<const std::uint8_t> message,
                    std::span<const std::uint8_t> public_key,
                    std::span<const std::uint8_t> signature) const noexcept {
    const std::array<std::uint8_t, 32> digest =
        hash == EcdsaHash::kSha256 ? sha256(message) : keccak256(message);
    return verify_ecdsa_digest(curve, digest, public_key, signature);
  }

 protected:
  constexpr CryptoBackend() noexcept = default;
  CryptoBackend(const CryptoBackend&) = default;
  CryptoBackend& operator=(const CryptoBackend&) = default;
  // Not virtual: backends are singletons that are never deleted through this interface.
  ~CryptoBackend() = default;
};

}  // namespace neo::vm::crypto
