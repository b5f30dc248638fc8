#include <catch2/catch.hpp>

#include <cryptopp/sha.h>

#include "crypto_test_support.hpp"
#include "neo/vm/crypto/hashes.hpp"
#include "neo/vm/crypto/host.hpp"
#include "neo/vm/crypto/portable.hpp"

using namespace neo::vm::crypto;
using test::as_bytes;
using test::to_hex;

TEST_CASE("RIPEMD-160 known answers", "[crypto][ripemd160]") {
  // The test vectors of the RIPEMD-160 authors' page.
  CHECK(to_hex(ripemd160(as_bytes(""))) == "9c1185a5c5e9fc54612808977ee8f548b2258d31");
  CHECK(to_hex(ripemd160(as_bytes("a"))) == "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe");
  CHECK(to_hex(ripemd160(as_bytes("abc"))) == "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
  CHECK(to_hex(ripemd160(as_bytes("message digest"))) == "5d0689ef49d2fae572b881b123a85ffa21595f36");
  CHECK(to_hex(ripemd160(as_bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))) ==
        "12a053384a9c0c88e405a06c27dcf49ada62eb2b");
  CHECK(to_hex(ripemd160(as_bytes(std::string(1000000, 'a')))) == "52783243c1697bdbe16d37f97f68f08325dc1528");
}

TEST_CASE("Keccak-256 known answers (original Keccak padding, not SHA3)", "[crypto][keccak]") {
  CHECK(to_hex(keccak256(as_bytes(""))) ==
        "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  CHECK(to_hex(keccak256(as_bytes("abc"))) ==
        "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  CHECK(to_hex(keccak256(as_bytes("The quick brown fox jumps over the lazy dog"))) ==
        "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15");
}

TEST_CASE("SHA-512 known answers (FIPS 180-4 examples)", "[crypto][sha512]") {
  CHECK(to_hex(sha512(as_bytes(""))) ==
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
        "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
  CHECK(to_hex(sha512(as_bytes("abc"))) ==
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
        "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  CHECK(to_hex(sha512(as_bytes("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                               "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"))) ==
        "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
        "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
}

TEST_CASE("Murmur32 is MurmurHash3 x86_32, returned little endian", "[crypto][murmur32]") {
  // Published MurmurHash3_x86_32 values (SMHasher's reference implementation).
  CHECK(murmur32(as_bytes(""), 0) == 0u);
  CHECK(murmur32(as_bytes(""), 1) == 0x514e28b7u);
  CHECK(murmur32(as_bytes(""), 0xffffffffu) == 0x81f16f39u);
  CHECK(murmur32(as_bytes("Hello, world!"), 1234) == 0xfaf6cdb3u);
  CHECK(murmur32(as_bytes("The quick brown fox jumps over the lazy dog"), 0x9747b28cu) == 0x2fa826cdu);
  CHECK(murmur32(as_bytes("a"), 0x9747b28cu) == 0x7fa09ea6u);
  CHECK(murmur32(as_bytes("ab"), 0x9747b28cu) == 0x74875592u);
  CHECK(murmur32(as_bytes("abc"), 0x9747b28cu) == 0xc84a62ddu);
  CHECK(murmur32(as_bytes("abcd"), 0x9747b28cu) == 0xf0478627u);
  // CryptoLib.murmur32 returns BitConverter's little-endian bytes.
  CHECK(to_hex(murmur32_bytes(as_bytes("Hello, world!"), 1234)) == "b3cdf6fa");
  CHECK(host_backend().murmur32(as_bytes("Hello, world!"), 1234) == 0xfaf6cdb3u);
}

TEST_CASE("hashes: portable and host backends agree on random inputs of every length", "[crypto][hash]") {
  std::mt19937_64 rng(0x6e656f2d68617368);
  const CryptoBackend& portable = portable_backend();
  const CryptoBackend& host = host_backend();
  for (std::size_t length = 0; length < 600; ++length) {
    const test::Bytes data = test::random_bytes(rng, length == 599 ? 100000 : length);
    INFO("length " << data.size());
    REQUIRE(portable.sha256(data) == host.sha256(data));
    REQUIRE(portable.ripemd160(data) == host.ripemd160(data));
    REQUIRE(portable.keccak256(data) == host.keccak256(data));
    Sha512Digest expected{};
    CryptoPP::SHA512().CalculateDigest(expected.data(), data.data(), data.size());
    REQUIRE(sha512(data) == expected);
  }
}

TEST_CASE("incremental hashing equals one-shot hashing for any split", "[crypto][hash]") {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 200; ++round) {
    const test::Bytes data = test::random_bytes(rng, rng() % 700);
    Ripemd160 rmd;
    Keccak256 keccak;
    Sha512 sha;
    std::size_t offset = 0;
    while (offset < data.size()) {
      const std::size_t take = std::min<std::size_t>(data.size() - offset, rng() % 200);
      const std::span<const std::uint8_t> chunk(data.data() + offset, take);
      rmd.update(chunk);
      keccak.update(chunk);
      sha.update(chunk);
      offset += take;
    }
    REQUIRE(rmd.finish() == ripemd160(data));
    REQUIRE(keccak.finish() == keccak256(data));
    REQUIRE(sha.finish() == sha512(data));
  }
}
