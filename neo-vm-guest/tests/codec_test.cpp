#include <catch2/catch.hpp>

#include <vector>

#include "neo/guest/codec.hpp"

using neo::guest::ByteReader;
using neo::guest::ByteWriter;

TEST_CASE("var-ints round-trip at every size boundary", "[codec]") {
  for (std::uint64_t v : {0ull, 1ull, 0xFCull, 0xFDull, 0xFFFFull, 0x10000ull, 0xFFFFFFFFull, 0x100000000ull,
                          ~0ull}) {
    ByteWriter w;
    w.var_uint(v);
    const std::size_t expected_size = v < 0xFD ? 1 : v <= 0xFFFF ? 3 : v <= 0xFFFFFFFF ? 5 : 9;
    CHECK(w.bytes().size() == expected_size);
    ByteReader r(w.bytes());
    CHECK(r.var_uint() == v);
    r.expect_end();
    CHECK(r.ok());
  }
}

TEST_CASE("non-minimal var-ints are rejected", "[codec]") {
  const std::vector<std::vector<std::uint8_t>> non_minimal = {
      {0xFD, 0xFC, 0x00},
      {0xFE, 0xFF, 0xFF, 0x00, 0x00},
      {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00},
  };
  for (const auto& bytes : non_minimal) {
    ByteReader r(bytes);
    (void)r.var_uint();
    CHECK_FALSE(r.ok());
    CHECK(r.error() == "non-minimal var-int encoding");
  }
}

TEST_CASE("the reader reports truncation, range, booleans and trailing bytes", "[codec]") {
  const std::vector<std::uint8_t> three = {1, 2, 3};
  {
    ByteReader r(three);
    (void)r.u32();
    CHECK_FALSE(r.ok());
    CHECK(r.error_offset() == 0);
  }
  {
    ByteReader r(three);
    CHECK(r.u16() == 0x0201);
    r.expect_end();
    CHECK(r.error() == "trailing bytes after the encoded value");
    CHECK(r.error_offset() == 2);
  }
  {
    const std::vector<std::uint8_t> length_too_big = {5, 1, 2};
    ByteReader r(length_too_big);
    (void)r.var_bytes(100);
    CHECK(r.error() == "truncated input: byte string runs past the end");
  }
  {
    const std::vector<std::uint8_t> over_limit = {3, 1, 2, 3};
    ByteReader r(over_limit);
    (void)r.var_bytes(2);
    CHECK(r.error() == "var-int value out of range");
  }
  {
    const std::vector<std::uint8_t> two = {2};
    ByteReader r(two);
    (void)r.boolean();
    CHECK(r.error() == "boolean byte is neither 0 nor 1");
  }
}

TEST_CASE("the first error wins and later reads return zeros", "[codec]") {
  const std::vector<std::uint8_t> one = {7};
  ByteReader r(one);
  (void)r.u16();
  const auto first = r.error();
  CHECK(r.u8() == 0);
  r.fail("something else");
  CHECK(r.error() == first);
}
