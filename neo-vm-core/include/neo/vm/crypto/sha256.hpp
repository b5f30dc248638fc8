// Portable SHA-256 (FIPS 180-4). The project's own implementation with no dependencies: it runs inside the
// rv32im guest, where it hashes the public values and computes script/input/output hashes, and on the host,
// where the same code gives the same digests.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace neo::vm::crypto {

using Sha256Digest = std::array<std::uint8_t, 32>;

// Incremental hasher: update() any number of times, then finish() once.
class Sha256 {
 public:
  Sha256() noexcept { reset(); }
  void reset() noexcept;
  void update(std::span<const std::uint8_t> data) noexcept;
  Sha256Digest finish() noexcept;

 private:
  void compress(const std::uint8_t* block) noexcept;

  std::array<std::uint32_t, 8> state_{};
  std::array<std::uint8_t, 64> buffer_{};
  std::uint64_t total_bytes_ = 0;
  std::size_t buffered_ = 0;
};

// One-shot SHA-256 of a byte string.
Sha256Digest sha256(std::span<const std::uint8_t> data) noexcept;

}  // namespace neo::vm::crypto
