// The guest ABI: how an rv32im guest program talks to the machine that runs it (the executor, and the
// circuit that proves the executor's run). This one header is shared by the guest runtime
// (neo-zkvm-program) and the executor (neo-zkvm-prover) so the two can never disagree.
//
// Calling convention: `ecall` with the syscall id in t0 (x5), arguments in a0..a2 (x10..x12), result in a0.
// See docs/guest-abi.md for the full contract, including the guest address space.
#pragma once

#include <cstdint>

namespace neo::guest::abi {

// Syscall ids (value of t0 at `ecall`).
enum class Syscall : std::uint32_t {
  kHalt = 0,      // a0 = exit code (0 = success). Never returns.
  kWrite = 1,     // a0 = fd, a1 = pointer, a2 = length. Returns nothing.
  kHintLen = 2,   // returns in a0 the number of bytes left in the private input stream
  kHintRead = 3,  // a0 = pointer, a1 = length: copies the next bytes of the private input stream
  kCommit = 4,    // a0 = index (0..7), a1 = word: one 32-bit word of the public-values digest
                  // (word i = digest bytes 4i..4i+3 read little endian; an index may be committed again
                  // only with the same word)
};

// File descriptors accepted by kWrite.
enum class Fd : std::uint32_t {
  kStdout = 1,
  kStderr = 2,
  kPublicValues = 3,  // the public values: SHA-256 of everything written here is committed
};

// Number of 32-bit words in the committed public-values digest (SHA-256).
inline constexpr std::uint32_t kDigestWords = 8;

// Guest address space. Loadable ELF segments must lie in [kMemoryStart, kMemoryEnd); the executor rejects
// any other ELF. The stack grows down from kStackTop; the heap starts after the ELF image's `_end` symbol.
// Every address in the range is usable (a word never written reads as zero); any access outside it traps.
inline constexpr std::uint32_t kMemoryStart = 0x0001'0000u;
inline constexpr std::uint32_t kMemoryEnd = 0x8000'0000u;  // exclusive
inline constexpr std::uint32_t kStackTop = 0x7FFF'F000u;   // initial sp, 16-byte aligned

// Exit codes the guest runtime uses for its own failures (a guest program's main may return any code).
inline constexpr std::uint32_t kExitOk = 0;
inline constexpr std::uint32_t kExitAbort = 101;         // abort(), std::__throw_*, failed assertion
inline constexpr std::uint32_t kExitOutOfMemory = 102;   // heap exhausted

}  // namespace neo::guest::abi
