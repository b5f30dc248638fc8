// Portable hash functions beyond SHA-256 (see sha256.hpp): RIPEMD-160, Keccak-256, SHA-512 and Neo's
// Murmur32. The project's own code with no dependencies, so the rv32im guest and the host compute the same
// digests; CryptoLib.ripemd160/keccak256/murmur32 and Ed25519 (SHA-512) are built on them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace neo::vm::crypto {

using Ripemd160Digest = std::array<std::uint8_t, 20>;
using Keccak256Digest = std::array<std::uint8_t, 32>;
using Sha512Digest = std::array<std::uint8_t, 64>;

// RIPEMD-160 (Dobbertin, Bosselaers, Preneel 1996), incremental.
class Ripemd160 {
 public:
  Ripemd160() noexcept { reset(); }
  void reset() noexcept;
  void update(std::span<const std::uint8_t> data) noexcept;
  Ripemd160Digest finish() noexcept;

 private:
  void compress(const std::uint8_t* block) noexcept;

  std::array<std::uint32_t, 5> state_{};
  std::array<std::uint8_t, 64> buffer_{};
  std::uint64_t total_bytes_ = 0;
  std::size_t buffered_ = 0;
};

// Keccak-256 as used by Ethereum and Neo: the original Keccak submission's padding (0x01 ... 0x80), which is
// NOT FIPS 202 SHA3-256 (padding 0x06). Incremental.
class Keccak256 {
 public:
  Keccak256() noexcept { reset(); }
  void reset() noexcept;
  void update(std::span<const std::uint8_t> data) noexcept;
  Keccak256Digest finish() noexcept;

 private:
  static constexpr std::size_t kRateBytes = 136;  // 1600 - 2 * 256 bits of capacity
  std::array<std::uint64_t, 25> lanes_{};
  std::size_t absorbed_ = 0;  // bytes XORed into the current block
};

// SHA-512 (FIPS 180-4), incremental. Ed25519 hashes R || A || M with it.
class Sha512 {
 public:
  Sha512() noexcept { reset(); }
  void reset() noexcept;
  void update(std::span<const std::uint8_t> data) noexcept;
  Sha512Digest finish() noexcept;

 private:
  void compress(const std::uint8_t* block) noexcept;

  std::array<std::uint64_t, 8> state_{};
  std::array<std::uint8_t, 128> buffer_{};
  std::uint64_t total_bytes_ = 0;  // messages beyond 2^61 bytes are out of scope
  std::size_t buffered_ = 0;
};

Ripemd160Digest ripemd160(std::span<const std::uint8_t> data) noexcept;
Keccak256Digest keccak256(std::span<const std::uint8_t> data) noexcept;
Sha512Digest sha512(std::span<const std::uint8_t> data) noexcept;

// MurmurHash3 x86_32 with the given seed, as Neo's Murmur32 computes it. CryptoLib.murmur32 returns the value
// as 4 little-endian bytes (murmur32_bytes).
std::uint32_t murmur32(std::span<const std::uint8_t> data, std::uint32_t seed) noexcept;
std::array<std::uint8_t, 4> murmur32_bytes(std::span<const std::uint8_t> data, std::uint32_t seed) noexcept;

}  // namespace neo::vm::crypto
