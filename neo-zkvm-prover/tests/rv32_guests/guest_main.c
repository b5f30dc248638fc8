/* A test guest with no runtime: _start reads a 4-byte seed from the private input, runs the workloads of
   programs.h and writes their results to stdout as little-endian words, then the RISC-V division edge
   cases (which C leaves undefined, so they are computed with inline DIV/REM instructions), writes the seed to
   the public values and halts with exit code 0. Built by the test build (see rv32_guest_test.cpp). */
#include <stdint.h>

#include "programs.h"

static uint32_t ecall3(uint32_t id, uint32_t a0, uint32_t a1, uint32_t a2) {
  register uint32_t r_t0 __asm__("t0") = id;
  register uint32_t r_a0 __asm__("a0") = a0;
  register uint32_t r_a1 __asm__("a1") = a1;
  register uint32_t r_a2 __asm__("a2") = a2;
  __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_t0), "r"(r_a1), "r"(r_a2) : "memory");
  return r_a0;
}

enum { kHalt = 0, kWrite = 1, kHintLen = 2, kHintRead = 3 };

#define NEO_DIV_OP(name)                                                       \
  static uint32_t op_##name(uint32_t a, uint32_t b) {                          \
    uint32_t r;                                                                \
    __asm__ volatile(#name " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));          \
    return r;                                                                  \
  }
NEO_DIV_OP(div)
NEO_DIV_OP(divu)
NEO_DIV_OP(rem)
NEO_DIV_OP(remu)

static uint32_t results[NEO_GUEST_RESULT_COUNT + 8];

__attribute__((section(".text._start"), used, noreturn)) void _start(void) {
  uint32_t seed = 0;
  if (ecall3(kHintLen, 0, 0, 0) >= 4) ecall3(kHintRead, (uint32_t)(uintptr_t)&seed, 4, 0);
  prog_all(seed, results);
  uint32_t* edge = results + NEO_GUEST_RESULT_COUNT;
  edge[0] = op_div(7, 0);
  edge[1] = op_divu(7, 0);
  edge[2] = op_rem(7, 0);
  edge[3] = op_remu(7, 0);
  edge[4] = op_div(0x80000000u, 0xFFFFFFFFu);
  edge[5] = op_rem(0x80000000u, 0xFFFFFFFFu);
  edge[6] = op_div(seed, 0);
  edge[7] = op_rem(seed, 0);
  ecall3(kWrite, 1, (uint32_t)(uintptr_t)results, sizeof results);
  ecall3(kWrite, 3, (uint32_t)(uintptr_t)&seed, 4);
  ecall3(kHalt, 0, 0, 0);
  for (;;) {
  }
}
