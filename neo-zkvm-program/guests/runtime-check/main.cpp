// A guest that exercises the guest runtime itself, driven by its first input byte; tests/guest-runtime runs
// it in the executor and checks each behaviour from the host.
//   0  heap and C++ runtime: allocations of many sizes and alignments, reuse after free, realloc, static
//      constructors, std::vector / std::string; writes "ok" as public values
//   1  abort()                      -> exit code kExitAbort
//   2  std::vector::at out of range -> exit code kExitAbort (std::__throw_out_of_range_fmt)
//   3  allocate until the heap is exhausted -> exit code kExitOutOfMemory
//   4  echo: the rest of the input to stdout and to the public values
//   5  return 7 from main           -> exit code 7, nothing committed
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "neo/zkvm/runtime/heap.hpp"
#include "neo/zkvm/runtime/io.hpp"

namespace rt = neo::zkvm::runtime;

namespace {

struct Registered {
  int value;
  Registered() : value(42) {}
};
Registered registered;  // needs its constructor run by the runtime before main

void check(bool ok, const char* what) {
  if (!ok) rt::fail(what);
}

void heap_and_runtime() {
  check(registered.value == 42, "static constructor did not run");
  std::vector<void*> blocks;
  for (std::size_t size = 1; size < 70000; size = size * 3 + 1) {
    auto* p = static_cast<std::uint8_t*>(std::malloc(size));
    check(p != nullptr && reinterpret_cast<std::uintptr_t>(p) % 16 == 0, "malloc alignment");
    std::memset(p, static_cast<int>(size & 0xFF), size);
    blocks.push_back(p);
  }
  std::size_t size = 1;
  for (void* b : blocks) {
    const auto* p = static_cast<const std::uint8_t*>(b);
    check(p[0] == (size & 0xFF) && p[size - 1] == (size & 0xFF), "heap blocks overlap");
    size = size * 3 + 1;
  }
  for (void* b : blocks) std::free(b);
  // Freed blocks are reused: the same size class gives the same block back.
  void* a = std::malloc(100);
  std::free(a);
  void* b = std::malloc(100);
  check(a == b, "freed block not reused");
  std::free(b);
  // realloc keeps the contents.
  auto* r = static_cast<char*>(std::malloc(10));
  std::memcpy(r, "0123456789", 10);
  r = static_cast<char*>(std::realloc(r, 5000));
  check(std::memcmp(r, "0123456789", 10) == 0, "realloc lost the contents");
  std::free(r);
  // Over-aligned allocations.
  struct alignas(64) Wide {
    std::uint8_t bytes[64];
  };
  auto* w = new Wide;
  check(reinterpret_cast<std::uintptr_t>(w) % 64 == 0, "aligned new");
  delete w;
  void* page = std::aligned_alloc(4096, 100);
  check(reinterpret_cast<std::uintptr_t>(page) % 4096 == 0, "aligned_alloc");
  std::free(page);
  // The standard library's containers work on the guest heap.
  const std::size_t live_before = rt::heap_stats().live_blocks;
  {
    std::vector<std::string> words;
    words.reserve(100);
    for (int i = 0; i < 100; ++i) {
      std::string word = "a word longer than the small-string buffer, number ";
      word += static_cast<char>('a' + i % 26);
      words.push_back(word);
    }
    check(words.size() == 100 && words[27].back() == 'b', "vector of strings");
    check(rt::heap_stats().live_blocks == live_before + 101, "live block count");  // 100 strings + the vector
  }
  check(rt::heap_stats().live_blocks == live_before, "blocks leaked");
  const std::uint8_t ok[] = {'o', 'k'};
  rt::write_public(ok);
}

}  // namespace

int main() {
  std::uint8_t command = 0xFF;
  if (rt::input_remaining() > 0) rt::read_input_exact({&command, 1});
  switch (command) {
    case 0:
      heap_and_runtime();
      return 0;
    case 1:
      std::abort();
    case 2: {
      std::vector<int> v(3);
      return v.at(5);
    }
    case 3:
      for (;;) {
        void* volatile p = std::malloc(1 << 20);  // volatile: the allocation must not be optimised away
        (void)p;
      }
    case 4: {
      const std::vector<std::uint8_t> rest = rt::read_input();
      rt::write_stdout({reinterpret_cast<const char*>(rest.data()), rest.size()});
      rt::write_public(rest);
      return 0;
    }
    case 5:
      return 7;
    default:
      rt::fail("unknown command");
  }
}
