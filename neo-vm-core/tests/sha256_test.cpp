#include <catch2/catch.hpp>

#include <cryptopp/sha.h>

#include <random>
#include <string>
#include <vector>

#include "neo/vm/crypto/sha256.hpp"

namespace {

std::string hex(const neo::vm::crypto::Sha256Digest& d) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (auto b : d) {
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return s;
}

std::span<const std::uint8_t> bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace

TEST_CASE("sha256 matches the FIPS 180-4 examples", "[crypto][sha256]") {
  using neo::vm::crypto::sha256;
  CHECK(hex(sha256(bytes(""))) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(hex(sha256(bytes("abc"))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hex(sha256(bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(hex(sha256(bytes(std::string(1000000, 'a')))) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256 agrees with Crypto++ for every length and any split of the input", "[crypto][sha256]") {
  std::mt19937 rng(20261124);
  for (std::size_t len = 0; len < 300; ++len) {
    std::vector<std::uint8_t> data(len);
    for (auto& b : data) b = static_cast<std::uint8_t>(rng());
    neo::vm::crypto::Sha256Digest expected{};
    CryptoPP::SHA256().CalculateDigest(expected.data(), data.data(), data.size());
    REQUIRE(neo::vm::crypto::sha256(data) == expected);

    // Incremental hashing in random pieces gives the same digest.
    neo::vm::crypto::Sha256 hasher;
    std::size_t pos = 0;
    while (pos < len) {
      const std::size_t piece = std::min<std::size_t>(len - pos, rng() % 70);
      hasher.update({data.data() + pos, piece});
      pos += piece;
    }
    REQUIRE(hasher.finish() == expected);
  }
}
