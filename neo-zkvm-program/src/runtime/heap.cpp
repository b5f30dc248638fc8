#include "neo/zkvm/runtime/heap.hpp"

#include <cstring>

#include "neo/zkvm/runtime/io.hpp"

extern "C" char _end[];  // end of the ELF image, from the linker script

namespace neo::zkvm::runtime {
namespace {

// Every block starts with this header; the caller's pointer follows it (possibly after alignment padding,
// whose length `offset` records so free() finds the block start again).
struct BlockHeader {
  std::uint32_t size_class;  // block size = kMinBlock << size_class, header included
  std::uint32_t offset;      // bytes from the block start to the caller's pointer
  std::uint32_t reserved[2];
};
static_assert(sizeof(BlockHeader) == kHeapAlignment);

constexpr std::uint32_t kMinBlock = 32;
constexpr int kClasses = 27;  // up to 32 << 26 = 2 GiB, more than the address space allows

struct FreeBlock {
  FreeBlock* next;
};

struct Heap {
  std::uintptr_t bump = 0;
  FreeBlock* free_lists[kClasses] = {};
  std::size_t live_blocks = 0;
};
Heap heap;  // zero-initialised in .bss: usable before any constructor runs

int class_for(std::size_t total) noexcept {
  int k = 0;
  std::size_t size = kMinBlock;
  while (size < total) {
    size <<= 1;
    if (++k == kClasses) return -1;
  }
  return k;
}

BlockHeader* header_of(const void* p) noexcept {
  return reinterpret_cast<BlockHeader*>(const_cast<char*>(static_cast<const char*>(p)) - sizeof(BlockHeader));
}

}  // namespace

void* heap_allocate(std::size_t size, std::size_t alignment) noexcept {
  if (alignment < kHeapAlignment) alignment = kHeapAlignment;
  if ((alignment & (alignment - 1)) != 0) return nullptr;
  if (size > kHeapLimit) fail("heap request larger than the address space");
  const std::size_t padding = alignment - kHeapAlignment;  // blocks start 16-aligned
  const int k = class_for(sizeof(BlockHeader) + padding + size);
  if (k < 0) fail("heap request too large");
  const std::size_t block_size = std::size_t{kMinBlock} << k;

  char* block;
  if (heap.free_lists[k] != nullptr) {
    block = reinterpret_cast<char*>(heap.free_lists[k]);
    heap.free_lists[k] = heap.free_lists[k]->next;
  } else {
    if (heap.bump == 0) heap.bump = (reinterpret_cast<std::uintptr_t>(_end) + 15) & ~std::uintptr_t{15};
    if (heap.bump + block_size > kHeapLimit || heap.bump + block_size < heap.bump) {
      write_stderr("guest abort: out of heap memory\n");
      halt(guest::abi::kExitOutOfMemory);
    }
    block = reinterpret_cast<char*>(heap.bump);
    heap.bump += block_size;
  }
  const std::uintptr_t user_start = reinterpret_cast<std::uintptr_t>(block) + sizeof(BlockHeader);
  const std::uintptr_t user = (user_start + alignment - 1) & ~(std::uintptr_t{alignment} - 1);
  BlockHeader* h = reinterpret_cast<BlockHeader*>(user - sizeof(BlockHeader));
  h->size_class = static_cast<std::uint32_t>(k);
  h->offset = static_cast<std::uint32_t>(user - reinterpret_cast<std::uintptr_t>(block));
  ++heap.live_blocks;
  return reinterpret_cast<void*>(user);
}

void heap_free(void* p) noexcept {
  if (p == nullptr) return;
  const BlockHeader* h = header_of(p);
  const std::uint32_t k = h->size_class;
  if (k >= static_cast<std::uint32_t>(kClasses)) fail("free() of a pointer the heap did not hand out");
  auto* block = reinterpret_cast<FreeBlock*>(static_cast<char*>(p) - h->offset);
  block->next = heap.free_lists[k];
  heap.free_lists[k] = block;
  --heap.live_blocks;
}

std::size_t heap_block_size(const void* p) noexcept {
  const BlockHeader* h = header_of(p);
  return (std::size_t{kMinBlock} << h->size_class) - h->offset;
}

HeapStats heap_stats() noexcept {
  const std::uintptr_t start = (reinterpret_cast<std::uintptr_t>(_end) + 15) & ~std::uintptr_t{15};
  return {heap.bump == 0 ? 0 : heap.bump - start, heap.live_blocks};
}

}  // namespace neo::zkvm::runtime

// The C allocation interface, for C code and for the C library.
extern "C" {
void* malloc(std::size_t size) { return neo::zkvm::runtime::heap_allocate(size); }
void free(void* p) { neo::zkvm::runtime::heap_free(p); }
void* calloc(std::size_t n, std::size_t size) {
  if (size != 0 && n > SIZE_MAX / size) return nullptr;
  void* p = neo::zkvm::runtime::heap_allocate(n * size);
  std::memset(p, 0, n * size);  // recycled blocks are not zero
  return p;
}
void* realloc(void* p, std::size_t size) {
  if (p == nullptr) return malloc(size);
  const std::size_t old_size = neo::zkvm::runtime::heap_block_size(p);
  if (size <= old_size) return p;
  void* q = neo::zkvm::runtime::heap_allocate(size);
  std::memcpy(q, p, old_size);
  neo::zkvm::runtime::heap_free(p);
  return q;
}
void* aligned_alloc(std::size_t alignment, std::size_t size) {
  return neo::zkvm::runtime::heap_allocate(size, alignment);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t size) {
  *out = neo::zkvm::runtime::heap_allocate(size, alignment);
  return *out == nullptr ? 22 /* EINVAL */ : 0;
}
}
