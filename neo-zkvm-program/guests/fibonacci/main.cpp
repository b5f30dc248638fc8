// Example guest: the n-th Fibonacci number modulo 2^64.
//
// Shows what any guest program does: read private input, compute, write public values, return 0 (the runtime
// then commits the digest of the public values and halts).
//   input:          n as 4 bytes little-endian (no input: n = 30)
//   public values:  n (4 bytes LE) followed by fib(n) mod 2^64 (8 bytes LE)
//   stdout:         "fib(n) = value"
#include <array>
#include <cstdint>

#include "neo/zkvm/runtime/io.hpp"

namespace rt = neo::zkvm::runtime;

int main() {
  std::uint32_t n = 30;
  if (rt::input_remaining() > 0) {
    std::array<std::uint8_t, 4> raw{};
    rt::read_input_exact(raw);
    n = std::uint32_t{raw[0]} | (std::uint32_t{raw[1]} << 8) | (std::uint32_t{raw[2]} << 16) |
        (std::uint32_t{raw[3]} << 24);
  }

  std::uint64_t a = 0, b = 1;
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint64_t next = a + b;
    a = b;
    b = next;
  }

  std::array<std::uint8_t, 12> out{};
  for (int i = 0; i < 4; ++i) out[i] = static_cast<std::uint8_t>(n >> (8 * i));
  for (int i = 0; i < 8; ++i) out[4 + i] = static_cast<std::uint8_t>(a >> (8 * i));
  rt::write_public(out);

  std::array<char, 20> buffer{};
  rt::write_stdout("fib(");
  rt::write_stdout(rt::format_decimal(n, buffer));
  rt::write_stdout(") = ");
  rt::write_stdout(rt::format_decimal(a, buffer));
  rt::write_stdout("\n");
  return 0;
}
