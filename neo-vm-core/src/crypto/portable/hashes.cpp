#include "neo/vm/crypto/hashes.hpp"

#include <cstring>

namespace neo::vm::crypto {
namespace {

constexpr std::uint32_t rotl32(std::uint32_t x, int n) noexcept { return (x << n) | (x >> (32 - n)); }
constexpr std::uint64_t rotl64(std::uint64_t x, int n) noexcept {
  return n == 0 ? x : (x << n) | (x >> (64 - n));
}
constexpr std::uint64_t rotr64(std::uint64_t x, int n) noexcept { return (x >> n) | (x << (64 - n)); }

std::uint32_t load_le32(const std::uint8_t* p) noexcept {
  return std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) |
         (std::uint32_t{p[3]} << 24);
}

std::uint64_t load_be64(const std::uint8_t* p) noexcept {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}

// ---- RIPEMD-160 ------------------------------------------------------------------------------------------

// Message word order and rotation amounts of the left and right lines, 5 rounds of 16 steps.
constexpr std::uint8_t kRmdWordLeft[80] = {
    0,  1, 2,  3,  4, 5,  6,  7,  8, 9, 10, 11, 12, 13, 14, 15, 7, 4,  13, 1, 10, 6, 15, 3,  12, 0, 9,
    5,  2, 14, 11, 8, 3,  10, 14, 4, 9, 15, 8,  1,  2,  7,  0,  6, 13, 11, 5, 12, 1, 9,  11, 10, 0, 8,
    12, 4, 13, 3,  7, 15, 14, 5,  6, 2, 4,  0,  5,  9,  7,  12, 2, 10, 14, 1, 3,  8, 11, 6,  15, 13};
constexpr std::uint8_t kRmdWordRight[80] = {
    5,  14, 7, 0,  9, 2,  11, 4, 13, 6,  15, 8,  1,  10, 3, 12, 6, 11, 3, 7, 0,  13, 5, 10, 14, 15, 8,
    12, 4,  9, 1,  2, 15, 5,  1, 3,  7,  14, 6,  9,  11, 8, 12, 2, 10, 0, 4, 13, 8,  6, 4,  1,  3,  11,
    15, 0,  5, 12, 2, 13, 9,  7, 10, 14, 12, 15, 10, 4,  1, 5,  8, 7,  6, 2, 13, 14, 0, 3,  9,  11};
constexpr std::uint8_t kRmdShiftLeft[80] = {
    11, 14, 15, 12, 5,  8,  7,  9, 11, 13, 14, 15, 6,  7,  9, 8,  7,  6,  8,  13, 11, 9,  7,  15, 7,  12, 15,
    9,  11, 7,  13, 12, 11, 13, 6, 7,  14, 9,  13, 15, 14, 8, 13, 6,  5,  12, 7,  5,  11, 12, 14, 15, 14, 15,
    9,  8,  9,  14, 5,  6,  8,  6, 5,  12, 9,  15, 5,  11, 6, 8,  13, 12, 5,  12, 13, 14, 11, 8,  5,  6};
constexpr std::uint8_t kRmdShiftRight[80] = {
    8, 9,  9,  11, 13, 15, 15, 5,  7,  7, 8, 11, 14, 14, 12, 6, 9,  13, 15, 7,  12, 8,  9,  11, 7,  7,  12,
    7, 6,  15, 13, 11, 9,  7,  15, 11, 8, 6, 6,  14, 12, 13, 5, 14, 13, 13, 7,  5,  15, 5,  8,  11, 14, 14,
    6, 14, 6,  9,  12, 9,  12, 5,  15, 8, 8, 5,  12, 9,  12, 5, 14, 6,  8,  13, 6,  5,  15, 13, 11, 11};
constexpr std::uint32_t kRmdConstLeft[5] = {0x00000000, 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xa953fd4e};
constexpr std::uint32_t kRmdConstRight[5] = {0x50a28be6, 0x5c4dd124, 0x6d703ef3, 0x7a6d76e9, 0x00000000};

constexpr std::uint32_t rmd_f(int round, std::uint32_t x, std::uint32_t y, std::uint32_t z) noexcept {
  switch (round) {
    case 0:
      return x ^ y ^ z;
    case 1:
      return (x & y) | (~x & z);
    case 2:
      return (x | ~y) ^ z;
    case 3:
      return (x & z) | (y & ~z);
    default:
      return x ^ (y | ~z);
  }
}

// ---- Keccak-f[1600] --------------------------------------------------------------------------------------

constexpr std::uint64_t kKeccakRoundConstants[24] = {
    0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000, 0x000000000000808b,
    0x0000000080000001, 0x8000000080008081, 0x8000000000008009, 0x000000000000008a, 0x0000000000000088,
    0x0000000080008009, 0x000000008000000a, 0x000000008000808b, 0x800000000000008b, 0x8000000000008089,
    0x8000000000008003, 0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008};
// rho rotation amounts and pi lane order, walked along the pi permutation's single 24-cycle.
constexpr int kKeccakRho[24] = {1,  3,  6,  10, 15, 21, 28, 36, 45, 55, 2,  14,
                                27, 41, 56, 8,  25, 43, 62, 18, 39, 61, 20, 44};
constexpr int kKeccakPi[24] = {10, 7,  11, 17, 18, 3, 5,  16, 8,  21, 24, 4,
                               15, 23, 19, 13, 12, 2, 20, 14, 22, 9,  6,  1};

void keccak_f1600(std::array<std::uint64_t, 25>& a) noexcept {
  for (int round = 0; round < 24; ++round) {
    // theta
    std::uint64_t c[5];
#pragma GCC unroll 5
    for (int x = 0; x < 5; ++x) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
#pragma GCC unroll 5
    for (int x = 0; x < 5; ++x) {
      const std::uint64_t d = c[x == 0 ? 4 : x - 1] ^ rotl64(c[x == 4 ? 0 : x + 1], 1);
#pragma GCC unroll 5
      for (int y = 0; y < 25; y += 5) a[y + x] ^= d;
    }
    // rho and pi
    std::uint64_t carried = a[1];
#pragma GCC unroll 24
    for (int i = 0; i < 24; ++i) {
      const int j = kKeccakPi[i];
      const std::uint64_t next = a[j];
      a[j] = rotl64(carried, kKeccakRho[i]);
      carried = next;
    }
    // chi
#pragma GCC unroll 5
    for (int y = 0; y < 25; y += 5) {
      const std::uint64_t a0 = a[y], a1 = a[y + 1], a2 = a[y + 2], a3 = a[y + 3], a4 = a[y + 4];
      a[y] = a0 ^ (~a1 & a2);
      a[y + 1] = a1 ^ (~a2 & a3);
      a[y + 2] = a2 ^ (~a3 & a4);
      a[y + 3] = a3 ^ (~a4 & a0);
      a[y + 4] = a4 ^ (~a0 & a1);
    }
    // iota
    a[0] ^= kKeccakRoundConstants[round];
  }
}

std::uint64_t load_le64(const std::uint8_t* p) noexcept {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// ---- SHA-512 ---------------------------------------------------------------------------------------------

// First 64 bits of the fractional parts of the cube roots of the first 80 primes (FIPS 180-4, 4.2.3).
constexpr std::uint64_t kSha512RoundConstants[80] = {
    0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc, 0x3956c25bf348b538,
    0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118, 0xd807aa98a3030242, 0x12835b0145706fbe,
    0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2, 0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235,
    0xc19bf174cf692694, 0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
    0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5, 0x983e5152ee66dfab,
    0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4, 0xc6e00bf33da88fc2, 0xd5a79147930aa725,
    0x06ca6351e003826f, 0x142929670a0e6e70, 0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed,
    0x53380d139d95b3df, 0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
    0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30, 0xd192e819d6ef5218,
    0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8, 0x19a4c116b8d2d0c8, 0x1e376c085141ab53,
    0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8, 0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373,
    0x682e6ff3d6b2b8a3, 0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
    0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b, 0xca273eceea26619c,
    0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178, 0x06f067aa72176fba, 0x0a637dc5a2c898a6,
    0x113f9804bef90dae, 0x1b710b35131c471b, 0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc,
    0x431d67c49c100d4c, 0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817};

}  // namespace

// ---- RIPEMD-160 ------------------------------------------------------------------------------------------

void Ripemd160::reset() noexcept {
  state_ = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
  total_bytes_ = 0;
  buffered_ = 0;
}

void Ripemd160::compress(const std::uint8_t* block) noexcept {
  std::uint32_t x[16];
  for (int i = 0; i < 16; ++i) x[i] = load_le32(block + 4 * i);
  std::uint32_t al = state_[0], bl = state_[1], cl = state_[2], dl = state_[3], el = state_[4];
  std::uint32_t ar = al, br = bl, cr = cl, dr = dl, er = el;
  for (int j = 0; j < 80; ++j) {
    const int round = j / 16;
    std::uint32_t t =
        rotl32(al + rmd_f(round, bl, cl, dl) + x[kRmdWordLeft[j]] + kRmdConstLeft[round], kRmdShiftLeft[j]) +
        el;
    al = el;
    el = dl;
    dl = rotl32(cl, 10);
    cl = bl;
    bl = t;
    // The right line applies the boolean functions in reverse order.
    t = rotl32(ar + rmd_f(4 - round, br, cr, dr) + x[kRmdWordRight[j]] + kRmdConstRight[round],
               kRmdShiftRight[j]) +
        er;
    ar = er;
    er = dr;
    dr = rotl32(cr, 10);
    cr = br;
    br = t;
  }
  const std::uint32_t t = state_[1] + cl + dr;
  state_[1] = state_[2] + dl + er;
  state_[2] = state_[3] + el + ar;
  state_[3] = state_[4] + al + br;
  state_[4] = state_[0] + bl + cr;
  state_[0] = t;
}

void Ripemd160::update(std::span<const std::uint8_t> data) noexcept {
  if (data.empty()) return;  // memcpy from a null pointer is undefined even for 0 bytes
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  total_bytes_ += n;
  if (buffered_ > 0) {
    const std::size_t take = n < 64 - buffered_ ? n : 64 - buffered_;
    std::memcpy(buffer_.data() + buffered_, p, take);
    buffered_ += take;
    p += take;
    n -= take;
    if (buffered_ < 64) return;
    compress(buffer_.data());
    buffered_ = 0;
  }
  for (; n >= 64; p += 64, n -= 64) compress(p);
  if (n > 0) {
    std::memcpy(buffer_.data(), p, n);
    buffered_ = n;
  }
}

Ripemd160Digest Ripemd160::finish() noexcept {
  const std::uint64_t bit_length = total_bytes_ * 8;
  buffer_[buffered_++] = 0x80;
  if (buffered_ > 56) {
    std::memset(buffer_.data() + buffered_, 0, 64 - buffered_);
    compress(buffer_.data());
    buffered_ = 0;
  }
  std::memset(buffer_.data() + buffered_, 0, 56 - buffered_);
  for (int i = 0; i < 8; ++i) buffer_[56 + i] = static_cast<std::uint8_t>(bit_length >> (8 * i));
  compress(buffer_.data());
  Ripemd160Digest digest{};
  for (int i = 0; i < 5; ++i) {
    for (int b = 0; b < 4; ++b) digest[4 * i + b] = static_cast<std::uint8_t>(state_[i] >> (8 * b));
  }
  reset();
  return digest;
}

Ripemd160Digest ripemd160(std::span<const std::uint8_t> data) noexcept {
  Ripemd160 hasher;
  hasher.update(data);
  return hasher.finish();
}

// ---- Keccak-256 ------------------------------------------------------------------------------------------

void Keccak256::reset() noexcept {
  lanes_.fill(0);
  absorbed_ = 0;
}

void Keccak256::update(std::span<const std::uint8_t> data) noexcept {
  if (data.empty()) return;  // memcpy from a null pointer is undefined even for 0 bytes
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  // Whole blocks are XORed in lane by lane; partial blocks byte by byte.
  while (n > 0) {
    if (absorbed_ == 0 && n >= kRateBytes) {
      for (std::size_t lane = 0; lane < kRateBytes / 8; ++lane) lanes_[lane] ^= load_le64(p + 8 * lane);
      keccak_f1600(lanes_);
      p += kRateBytes;
      n -= kRateBytes;
      continue;
    }
    lanes_[absorbed_ / 8] ^= std::uint64_t{*p++} << (8 * (absorbed_ % 8));
    --n;
    if (++absorbed_ == kRateBytes) {
      keccak_f1600(lanes_);
      absorbed_ = 0;
    }
  }
}

Keccak256Digest Keccak256::finish() noexcept {
  lanes_[absorbed_ / 8] ^= std::uint64_t{0x01} << (8 * (absorbed_ % 8));
  lanes_[(kRateBytes - 1) / 8] ^= std::uint64_t{0x80} << (8 * ((kRateBytes - 1) % 8));
  keccak_f1600(lanes_);
  Keccak256Digest digest{};
  for (std::size_t i = 0; i < digest.size(); ++i) {
    digest[i] = static_cast<std::uint8_t>(lanes_[i / 8] >> (8 * (i % 8)));
  }
  reset();
  return digest;
}

Keccak256Digest keccak256(std::span<const std::uint8_t> data) noexcept {
  Keccak256 hasher;
  hasher.update(data);
  return hasher.finish();
}

// ---- SHA-512 ---------------------------------------------------------------------------------------------

void Sha512::reset() noexcept {
  // First 64 bits of the fractional parts of the square roots of the first 8 primes.
  state_ = {0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
            0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179};
  total_bytes_ = 0;
  buffered_ = 0;
}

void Sha512::compress(const std::uint8_t* block) noexcept {
  std::uint64_t w[80];
  for (int i = 0; i < 16; ++i) w[i] = load_be64(block + 8 * i);
  for (int i = 16; i < 80; ++i) {
    const std::uint64_t s0 = rotr64(w[i - 15], 1) ^ rotr64(w[i - 15], 8) ^ (w[i - 15] >> 7);
    const std::uint64_t s1 = rotr64(w[i - 2], 19) ^ rotr64(w[i - 2], 61) ^ (w[i - 2] >> 6);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  std::uint64_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
  std::uint64_t e = state_[4], f = state_[5], g = state_[6], h = state_[7];
  for (int i = 0; i < 80; ++i) {
    const std::uint64_t s1 = rotr64(e, 14) ^ rotr64(e, 18) ^ rotr64(e, 41);
    const std::uint64_t ch = (e & f) ^ (~e & g);
    const std::uint64_t t1 = h + s1 + ch + kSha512RoundConstants[i] + w[i];
    const std::uint64_t s0 = rotr64(a, 28) ^ rotr64(a, 34) ^ rotr64(a, 39);
    const std::uint64_t maj = (a & b) ^ (a & c) ^ (b & c);
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + s0 + maj;
  }
  state_[0] += a;
  state_[1] += b;
  state_[2] += c;
  state_[3] += d;
  state_[4] += e;
  state_[5] += f;
  state_[6] += g;
  state_[7] += h;
}

void Sha512::update(std::span<const std::uint8_t> data) noexcept {
  if (data.empty()) return;  // memcpy from a null pointer is undefined even for 0 bytes
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  total_bytes_ += n;
  if (buffered_ > 0) {
    const std::size_t take = n < 128 - buffered_ ? n : 128 - buffered_;
    std::memcpy(buffer_.data() + buffered_, p, take);
    buffered_ += take;
    p += take;
    n -= take;
    if (buffered_ < 128) return;
    compress(buffer_.data());
    buffered_ = 0;
  }
  for (; n >= 128; p += 128, n -= 128) compress(p);
  if (n > 0) {
    std::memcpy(buffer_.data(), p, n);
    buffered_ = n;
  }
}

Sha512Digest Sha512::finish() noexcept {
  const std::uint64_t bit_length = total_bytes_ * 8;
  buffer_[buffered_++] = 0x80;
  if (buffered_ > 112) {
    std::memset(buffer_.data() + buffered_, 0, 128 - buffered_);
    compress(buffer_.data());
    buffered_ = 0;
  }
  // 128-bit big-endian length; its upper 64 bits are zero for any message this code can be given.
  std::memset(buffer_.data() + buffered_, 0, 120 - buffered_);
  for (int i = 0; i < 8; ++i) buffer_[120 + i] = static_cast<std::uint8_t>(bit_length >> (56 - 8 * i));
  compress(buffer_.data());
  Sha512Digest digest{};
  for (int i = 0; i < 8; ++i) {
    for (int b = 0; b < 8; ++b) digest[8 * i + b] = static_cast<std::uint8_t>(state_[i] >> (56 - 8 * b));
  }
  reset();
  return digest;
}

Sha512Digest sha512(std::span<const std::uint8_t> data) noexcept {
  Sha512 hasher;
  hasher.update(data);
  return hasher.finish();
}

// ---- Murmur32 --------------------------------------------------------------------------------------------

std::uint32_t murmur32(std::span<const std::uint8_t> data, std::uint32_t seed) noexcept {
  constexpr std::uint32_t c1 = 0xcc9e2d51;
  constexpr std::uint32_t c2 = 0x1b873593;
  const auto scramble = [](std::uint32_t k) noexcept { return rotl32(k * c1, 15) * c2; };
  std::uint32_t h = seed;
  const std::size_t blocks = data.size() / 4;
  for (std::size_t i = 0; i < blocks; ++i) {
    h ^= scramble(load_le32(data.data() + 4 * i));
    h = rotl32(h, 13) * 5 + 0xe6546b64;
  }
  const std::uint8_t* tail = data.data() + 4 * blocks;
  std::uint32_t k = 0;
  switch (data.size() & 3) {
    case 3:
      k ^= std::uint32_t{tail[2]} << 16;
      [[fallthrough]];
    case 2:
      k ^= std::uint32_t{tail[1]} << 8;
      [[fallthrough]];
    case 1:
      k ^= tail[0];
      h ^= scramble(k);
      break;
    default:
      break;
  }
  // Neo hashes the length as a 32-bit value.
  h ^= static_cast<std::uint32_t>(data.size());
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}

std::array<std::uint8_t, 4> murmur32_bytes(std::span<const std::uint8_t> data, std::uint32_t seed) noexcept {
  const std::uint32_t h = murmur32(data, seed);
  return {static_cast<std::uint8_t>(h), static_cast<std::uint8_t>(h >> 8), static_cast<std::uint8_t>(h >> 16),
          static_cast<std::uint8_t>(h >> 24)};
}

}  // namespace neo::vm::crypto
