// MurmurHash3 x64 128-bit (Austin Appleby's public-domain algorithm), as Neo's Murmur128 uses it for
// System.Runtime.GetRandom.
#include <array>
#include <cstdint>
#include <span>

#include "neo/vm/app/application_engine.hpp"

namespace neo::vm::app {
namespace {

constexpr std::uint64_t kC1 = 0x87c37b91114253d5ULL;
constexpr std::uint64_t kC2 = 0x4cf5ad432745937fULL;

constexpr std::uint64_t rotl(std::uint64_t x, int r) noexcept { return (x << r) | (x >> (64 - r)); }

constexpr std::uint64_t fmix(std::uint64_t k) noexcept {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

std::uint64_t load_le64(const std::uint8_t* p) noexcept {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
  return v;
}

}  // namespace

std::array<std::uint8_t, 16> murmur128(std::span<const std::uint8_t> data, std::uint32_t seed) noexcept {
  std::uint64_t h1 = seed;
  std::uint64_t h2 = seed;
  const std::size_t blocks = data.size() / 16;
  for (std::size_t i = 0; i < blocks; ++i) {
    std::uint64_t k1 = load_le64(data.data() + 16 * i);
    std::uint64_t k2 = load_le64(data.data() + 16 * i + 8);
    k1 *= kC1;
    k1 = rotl(k1, 31);
    k1 *= kC2;
    h1 ^= k1;
    h1 = rotl(h1, 27);
    h1 += h2;
    h1 = h1 * 5 + 0x52dce729;
    k2 *= kC2;
    k2 = rotl(k2, 33);
    k2 *= kC1;
    h2 ^= k2;
    h2 = rotl(h2, 31);
    h2 += h1;
    h2 = h2 * 5 + 0x38495ab5;
  }
  const std::uint8_t* tail = data.data() + 16 * blocks;
  const std::size_t rest = data.size() % 16;
  std::uint64_t k1 = 0;
  std::uint64_t k2 = 0;
  for (std::size_t i = rest; i-- > 8;) k2 = (k2 << 8) | tail[i];
  for (std::size_t i = rest < 8 ? rest : 8; i-- > 0;) k1 = (k1 << 8) | tail[i];
  if (rest > 8) {
    k2 *= kC2;
    k2 = rotl(k2, 33);
    k2 *= kC1;
    h2 ^= k2;
  }
  if (rest > 0) {
    k1 *= kC1;
    k1 = rotl(k1, 31);
    k1 *= kC2;
    h1 ^= k1;
  }
  h1 ^= data.size();
  h2 ^= data.size();
  h1 += h2;
  h2 += h1;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 += h2;
  h2 += h1;
  std::array<std::uint8_t, 16> out{};
  for (int i = 0; i < 8; ++i) {
    out[i] = static_cast<std::uint8_t>(h1 >> (8 * i));
    out[8 + i] = static_cast<std::uint8_t>(h2 >> (8 * i));
  }
  return out;
}

}  // namespace neo::vm::app
