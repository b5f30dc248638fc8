// The portable crypto backend: the project's own implementation of every CryptoBackend function, with no
// dependencies and no __int128 (32-bit limbs, 64-bit products), so that it compiles unchanged for the rv32im
// guest. Verification only works on public data, so it is variable-time by design.
#pragma once

#include "neo/vm/crypto/backend.hpp"

namespace neo::vm::crypto {

// The single portable backend instance (constant-initialised, no constructor runs).
const CryptoBackend& portable_backend() noexcept;

namespace portable {

// The same operations as free functions, for callers that do not go through the interface.
bool verify_ecdsa_digest(EcCurve curve, std::span<const std::uint8_t> digest,
                         std::span<const std::uint8_t> public_key,
                         std::span<const std::uint8_t> signature) noexcept;
std::optional<CompressedPublicKey> recover_secp256k1(std::span<const std::uint8_t> digest,
                                                     std::span<const std::uint8_t> signature) noexcept;
bool verify_ed25519(std::span<const std::uint8_t> message, std::span<const std::uint8_t> public_key,
                    std::span<const std::uint8_t> signature) noexcept;

}  // namespace portable
}  // namespace neo::vm::crypto
