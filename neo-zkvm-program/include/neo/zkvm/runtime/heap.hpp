// The guest heap: malloc/free and operator new/delete for guest programs.
//
// Memory runs from the end of the ELF image (the linker symbol `_end`) up to kHeapLimit, below the stack.
// Blocks come in power-of-two size classes with one free list per class: O(1) allocate and free, fully
// deterministic (the same program and input touch the same addresses on every run, which keeps proofs
// reproducible). A request that cannot be met halts the guest with kExitOutOfMemory.
#pragma once

#include <cstddef>
#include <cstdint>

#include "neo/guest/abi.hpp"

namespace neo::zkvm::runtime {

inline constexpr std::uint32_t kStackSize = 1u << 20;  // 1 MiB below kStackTop
inline constexpr std::uint32_t kHeapLimit = guest::abi::kStackTop - kStackSize;

// Alignment of every block handed out: alignof(std::max_align_t) on rv32 (long double is 16 bytes).
inline constexpr std::size_t kHeapAlignment = 16;

void* heap_allocate(std::size_t size, std::size_t alignment = kHeapAlignment) noexcept;
void heap_free(void* p) noexcept;
// Usable size of a live block (at least what was asked for).
std::size_t heap_block_size(const void* p) noexcept;

struct HeapStats {
  std::size_t bytes_reserved;  // bytes taken from the bump region so far
  std::size_t live_blocks;
};
HeapStats heap_stats() noexcept;

}  // namespace neo::zkvm::runtime
