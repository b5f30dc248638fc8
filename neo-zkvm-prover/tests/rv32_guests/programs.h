/* Small CPU-bound workloads written in the common subset of C and C++ (fixed-width integers, no library
   calls). guest_main.c compiles them with the rv32im cross compiler into guest ELFs; rv32_guest_test.cpp
   compiles the same functions for the host and checks that the executor's run of the guest reports exactly
   the host's results. Together they cross-check the executor against GCC's own rv32im code generation:
   64-bit arithmetic through libgcc, signed division, byte/halfword memory traffic, recursion on the stack. */
#ifndef NEO_RV32_GUEST_PROGRAMS_H
#define NEO_RV32_GUEST_PROGRAMS_H

#include <stdint.h>

#ifdef __cplusplus
#define NEO_GUEST_INLINE inline
#else
#define NEO_GUEST_INLINE static
#endif

/* Number of primes below n (n <= 8192), with a byte sieve. */
NEO_GUEST_INLINE uint32_t prog_sieve(uint32_t n) {
  static uint8_t composite[8192];
  uint32_t count = 0;
  for (uint32_t i = 0; i < n; ++i) composite[i] = 0;
  for (uint32_t i = 2; i < n; ++i) {
    if (composite[i]) continue;
    ++count;
    for (uint32_t j = i * i; j < n; j += i) composite[j] = 1;
  }
  return count;
}

/* Recursive Fibonacci: deep call chains through the stack. */
NEO_GUEST_INLINE uint32_t prog_fib(uint32_t n) { return n < 2 ? n : prog_fib(n - 1) + prog_fib(n - 2); }

/* Insertion sort of xorshift-generated halfwords, then a positional checksum. */
NEO_GUEST_INLINE uint32_t prog_sort(uint32_t seed) {
  int16_t values[300];
  uint32_t x = seed;
  for (int i = 0; i < 300; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    values[i] = (int16_t)(x >> 7);
  }
  for (int i = 1; i < 300; ++i) {
    int16_t v = values[i];
    int j = i - 1;
    while (j >= 0 && values[j] > v) {
      values[j + 1] = values[j];
      --j;
    }
    values[j + 1] = v;
  }
  uint32_t sum = 0;
  for (int i = 0; i < 300; ++i) sum = sum * 31u + (uint32_t)(int32_t)values[i];
  return sum;
}

/* 64-bit multiply, divide and modulo (libgcc's __udivdi3/__umoddi3/__divdi3 in the guest). */
NEO_GUEST_INLINE uint32_t prog_wide(uint32_t seed) {
  uint64_t acc = 0x0123456789ABCDEFull ^ seed;
  int64_t sacc = -(int64_t)seed * 7919;
  for (uint32_t i = 1; i < 200; ++i) {
    acc = acc * 6364136223846793005ull + i;
    uint64_t q = acc / (i * 2654435761u + 1u);
    uint64_t r = acc % (uint64_t)(i + 12345u);
    /* Subtract in uint64_t: wraps instead of signed overflow (undefined in C). */
    sacc = (int64_t)((uint64_t)(sacc / (int64_t)(i % 7 + 1)) - (r ^ q));
    acc ^= q + r;
  }
  return (uint32_t)(acc >> 32) ^ (uint32_t)acc ^ (uint32_t)(uint64_t)sacc;
}

/* Signed and unsigned 32-bit division and remainder, including the RISC-V edge cases. The operands come
   through a volatile array so the compiler emits real DIV/REM instructions instead of folding them (C
   leaves x/0 and INT_MIN/-1 undefined, so those are only computed by the guest, see guest_main.c). */
NEO_GUEST_INLINE uint32_t prog_division(uint32_t seed) {
  volatile int32_t operands[6] = {(int32_t)seed, -7, 7, -(int32_t)(seed | 1), 3, (int32_t)(seed >> 3) + 1};
  uint32_t sum = 0;
  for (int i = 0; i < 6; ++i) {
    for (int j = 0; j < 6; ++j) {
      int32_t a = operands[i], b = operands[j];
      sum = sum * 17u + (uint32_t)(a / b) + 3u * (uint32_t)(a % b);
      sum ^= (uint32_t)a / (uint32_t)b + ((uint32_t)a % (uint32_t)b);
    }
  }
  return sum;
}

/* Byte-wise copying and mixing through unaligned pointers (LB/LBU/SB on every alignment). */
NEO_GUEST_INLINE uint32_t prog_bytes(uint32_t seed) {
  uint8_t buffer[97];
  for (uint32_t i = 0; i < sizeof buffer; ++i) buffer[i] = (uint8_t)(seed * (i + 1) >> 3);
  for (int round = 0; round < 20; ++round) {
    for (uint32_t i = 1; i + 3 < sizeof buffer; i += 3) {
      uint8_t t = buffer[i];
      buffer[i] = (uint8_t)(buffer[i + 2] + (int8_t)buffer[i + 1]);
      buffer[i + 2] = (uint8_t)(t ^ (uint8_t)round);
    }
  }
  uint32_t h = 2166136261u;
  for (uint32_t i = 0; i < sizeof buffer; ++i) h = (h ^ buffer[i]) * 16777619u;
  return h;
}

/* Multiplications with their high halves, as the compiler lowers 32x32->64 products (MULH/MULHU/MULHSU). */
NEO_GUEST_INLINE uint32_t prog_mulhigh(uint32_t seed) {
  uint32_t u = seed | 0x80000000u;
  int32_t s = (int32_t)(seed ^ 0xF0F0F0F0u);
  uint32_t sum = 0;
  for (int i = 0; i < 100; ++i) {
    sum += (uint32_t)(((uint64_t)u * (uint64_t)(u ^ sum)) >> 32);
    sum ^= (uint32_t)(((int64_t)s * (int64_t)(int32_t)sum) >> 32);
    sum += (uint32_t)(((int64_t)s * (int64_t)(uint64_t)u) >> 32);
    u = u * 1103515245u + 12345u;
    s = (int32_t)((uint32_t)s * 22695477u + 1u);
  }
  return sum;
}

#define NEO_GUEST_RESULT_COUNT 7

/* Fills results[0..NEO_GUEST_RESULT_COUNT). */
NEO_GUEST_INLINE void prog_all(uint32_t seed, uint32_t* results) {
  results[0] = prog_sieve(5000);
  results[1] = prog_fib(20);
  results[2] = prog_sort(seed);
  results[3] = prog_wide(seed);
  results[4] = prog_division(seed);
  results[5] = prog_bytes(seed);
  results[6] = prog_mulhigh(seed);
}

#endif
