#include "neo/vm/crypto/portable.hpp"

namespace neo::vm::crypto {
namespace {

class PortableBackend final : public CryptoBackend {
 public:
  constexpr PortableBackend() noexcept = default;

  std::string_view name() const noexcept override { return "portable"; }
  Sha256Digest sha256(std::span<const std::uint8_t> data) const noexcept override {
    return crypto::sha256(data);
  }
  Ripemd160Digest ripemd160(std::span<const std::uint8_t> data) const noexcept override {
    return crypto::ripemd160(data);
  }
  Keccak256Digest keccak256(std::span<const std::uint8_t> data) const noexcept override {
    return crypto::keccak256(data);
  }
  std::uint32_t murmur32(std::span<const std::uint8_t> data, std::uint32_t seed) const noexcept override {
    return crypto::murmur32(data, seed);
  }
  bool verify_ecdsa_digest(EcCurve curve, std::span<const std::uint8_t> digest,
                           std::span<const std::uint8_t> public_key,
                           std::span<const std::uint8_t> signature) const noexcept override {
    return portable::verify_ecdsa_digest(curve, digest, public_key, signature);
  }
  std::optional<CompressedPublicKey> recover_secp256k1(
      std::span<const std::uint8_t> digest, std::span<const std::uint8_t> signature) const noexcept override {
    return portable::recover_secp256k1(digest, signature);
  }
  bool verify_ed25519(std::span<const std::uint8_t> message, std::span<const std::uint8_t> public_key,
                      std::span<const std::uint8_t> signature) const noexcept override {
    return portable::verify_ed25519(message, public_key, signature);
  }
};

// constinit: built at compile time, so the guest runs no constructor and needs no initialisation guard.
constinit const PortableBackend kPortableBackend;

}  // namespace

const CryptoBackend& portable_backend() noexcept { return kPortableBackend; }

}  // namespace neo::vm::crypto
