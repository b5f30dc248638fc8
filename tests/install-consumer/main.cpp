// Uses one function of each installed package and checks the answers.
#include <cstdio>
#include <cstring>
#include <vector>

#include <neo/guest/codec.hpp>
#include <neo/vm/crypto/sha256.hpp>

int main() {
  const unsigned char abc[] = {'a', 'b', 'c'};
  const auto digest = neo::vm::crypto::sha256(abc);
  const unsigned char expected[4] = {0xba, 0x78, 0x16, 0xbf};
  if (std::memcmp(digest.data(), expected, sizeof expected) != 0) {
    std::puts("NeoVmCore: wrong SHA-256");
    return 1;
  }
  neo::guest::ByteWriter writer;
  writer.var_bytes(digest);
  neo::guest::ByteReader reader(writer.bytes());
  const auto back = reader.var_bytes(64);
  reader.expect_end();
  if (!reader.ok() || back.size() != 32 || std::memcmp(back.data(), digest.data(), 32) != 0) {
    std::puts("NeoVmGuest: codec round trip failed");
    return 1;
  }
  std::puts("neo-install-consumer: NeoVmCore and NeoVmGuest found, linked and working");
  return 0;
}
