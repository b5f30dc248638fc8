// Google Benchmark: neo::vm::Integer arithmetic on small (int64) and full-width (256-bit) operands.
// The small cases are what a contract's counting loop executes; the VM targets 50M opcodes/s, so these must
// stay a few nanoseconds.

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <cstring>

#include "neo/vm/integer.hpp"

using neo::vm::Integer;

namespace {

Integer parse(const char* text) {
  Integer x;
  if (!Integer::from_decimal(text, std::strlen(text), x)) std::abort();
  return x;
}

// 2^255 - 19 (a 255-bit prime), a 254-bit value, a 128-bit value and a 64-bit value.
const char* const kP25519 = "57896044618658097711785492504343953926634992332820282019728792003956564819949";
const char* const kBig = "28948022309329048855892746252171976963317496166410141009864396001978282409983";
const char* const kMid = "170141183460469231731687303715884105727";
const char* const kSmall = "9223372036854775";

void BM_AddSmall(benchmark::State& state) {
  Integer a = Integer(123456789), b = Integer(-987654);
  Integer out;
  for (auto _ : state) {
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
    benchmark::DoNotOptimize(Integer::add(a, b, out));
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_AddSmall);

void BM_Add256(benchmark::State& state) {
  Integer a = parse(kBig), b = parse(kMid);
  Integer out;
  for (auto _ : state) {
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
    benchmark::DoNotOptimize(Integer::add(a, b, out));
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_Add256);

// The shape of a VM counting loop: INC then LT against a limit.
void BM_CountingLoopStep(benchmark::State& state) {
  Integer i, one(1), limit(1'000'000'000);
  for (auto _ : state) {
    Integer::add(i, one, i);
    benchmark::DoNotOptimize(Integer::compare(i, limit) < 0);
  }
  benchmark::DoNotOptimize(i);
}
BENCHMARK(BM_CountingLoopStep);

void BM_MulSmall(benchmark::State& state) {
  Integer a = Integer(123456789), b = Integer(-987654);
  Integer out;
  for (auto _ : state) {
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
    benchmark::DoNotOptimize(Integer::mul(a, b, out));
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_MulSmall);

void BM_Mul128x128(benchmark::State& state) {
  Integer a = parse(kMid), b = parse(kMid);
  Integer::sub(b, Integer(12345), b);
  Integer out;
  for (auto _ : state) {
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
    benchmark::DoNotOptimize(Integer::mul(a, b, out));
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_Mul128x128);

void BM_Mul256Overflow(benchmark::State& state) {
  Integer a = parse(kBig), b = parse(kBig);
  Integer out;
  for (auto _ : state) {
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
    benchmark::DoNotOptimize(Integer::mul(a, b, out));
  }
}
BENCHMARK(BM_Mul256Overflow);

void BM_DivSmall(benchmark::State& state) {
  Integer a = Integer(-123456789012), b = Integer(9876);
  Integer out;
  for (auto _ : state) {
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
    benchmark::DoNotOptimize(Integer::div(a, b, out));
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_DivSmall);

void BM_Div256By64(benchmark::State& state) {
  Integer a = parse(kBig), b = parse(kSmall);
  Integer out;
  for (auto _ : state) {
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
    benchmark::DoNotOptimize(Integer::div(a, b, out));
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_Div256By64);

void BM_Div256By128(benchmark::State& state) {
  Integer a = parse(kBig), b = parse(kMid);
  Integer out;
  for (auto _ : state) {
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
    benchmark::DoNotOptimize(Integer::div(a, b, out));
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_Div256By128);

void BM_Mod256By255(benchmark::State& state) {
  Integer a = parse(kP25519), b = parse(kBig);
  Integer out;
  for (auto _ : state) {
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
    benchmark::DoNotOptimize(Integer::mod(a, b, out));
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_Mod256By255);

void BM_ModMul256(benchmark::State& state) {
  Integer a = parse(kBig), b = parse(kBig), m = parse(kP25519);
  Integer::sub(b, Integer(777), b);
  Integer out;
  for (auto _ : state) {
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(Integer::modmul(a, b, m, out));
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_ModMul256);

void BM_ModPow256(benchmark::State& state) {
  Integer v = parse(kBig), e = parse(kP25519), m = parse(kP25519);
  Integer::sub(e, Integer(2), e);  // Fermat inverse exponent: 255 squarings, ~250 multiplications
  Integer out;
  for (auto _ : state) {
    benchmark::DoNotOptimize(v);
    benchmark::DoNotOptimize(Integer::modpow(v, e, m, out));
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_ModPow256);

void BM_ModInverse256(benchmark::State& state) {
  Integer v = parse(kBig), m = parse(kP25519);
  Integer out;
  for (auto _ : state) {
    benchmark::DoNotOptimize(v);
    benchmark::DoNotOptimize(Integer::modpow(v, Integer(-1), m, out));
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_ModInverse256);

void BM_Sqrt256(benchmark::State& state) {
  Integer v = parse(kP25519);
  Integer out;
  for (auto _ : state) {
    benchmark::DoNotOptimize(v);
    benchmark::DoNotOptimize(Integer::sqrt(v, out));
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_Sqrt256);

void BM_ToBytes256(benchmark::State& state) {
  Integer v = parse(kBig);
  std::array<std::uint8_t, Integer::kMaxSize> buf{};
  for (auto _ : state) {
    benchmark::DoNotOptimize(v);
    benchmark::DoNotOptimize(v.to_le_bytes(buf));
    benchmark::DoNotOptimize(buf);
  }
}
BENCHMARK(BM_ToBytes256);

void BM_FromBytes256(benchmark::State& state) {
  std::array<std::uint8_t, Integer::kMaxSize> buf{};
  parse(kBig).to_le_bytes(buf);
  Integer out;
  for (auto _ : state) {
    benchmark::DoNotOptimize(buf);
    benchmark::DoNotOptimize(Integer::from_le_bytes(buf, out));
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_FromBytes256);

void BM_ToDecimal256(benchmark::State& state) {
  Integer v = parse(kBig);
  std::array<char, 80> text{};
  for (auto _ : state) {
    benchmark::DoNotOptimize(v);
    benchmark::DoNotOptimize(v.to_decimal(text));
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(BM_ToDecimal256);

}  // namespace
