// Sparse paged guest memory for the executor: 4 KiB pages of 32-bit words, found through a flat page table
// that covers the whole guest address space, so an access costs one bounds check and two dependent loads.
// Pages exist only once something is loaded into or written to them; a word of a page that does not exist
// reads as zero (see docs/guest-abi.md, "Memory").
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

#include "neo/guest/abi.hpp"

namespace neo::zkvm::rv32 {

// A zero-filled array from calloc: large ones come straight from the OS as untouched zero pages, so a page
// table of which a program uses a few entries costs a few touched pages, not a memset of the whole table.
// Only for types whose all-zero bytes are their zero value (integers, and null pointers on every platform the
// host build supports).
template <class T>
class ZeroedArray {
 public:
  explicit ZeroedArray(std::size_t count) : data_(static_cast<T*>(std::calloc(count, sizeof(T)))) {
    if (data_ == nullptr) throw std::bad_alloc();
  }
  T& operator[](std::size_t i) noexcept { return data_.get()[i]; }
  const T& operator[](std::size_t i) const noexcept { return data_.get()[i]; }

 private:
  struct Free {
    void operator()(T* p) const noexcept { std::free(p); }
  };
  std::unique_ptr<T[], Free> data_;
};

class PagedMemory {
 public:
  static constexpr unsigned kPageBits = 12;
  static constexpr std::uint32_t kPageSize = 1u << kPageBits;
  static constexpr std::uint32_t kWordsPerPage = kPageSize / 4;
  // The table is indexed by addr >> kPageBits for every addr below kMemoryEnd (the few entries below
  // kMemoryStart are never used; keeping them makes the index a plain shift).
  static constexpr std::uint32_t kPageCount = guest::abi::kMemoryEnd >> kPageBits;

  struct Page {
    std::uint32_t words[kWordsPerPage] = {};
  };

  PagedMemory();
  PagedMemory(const PagedMemory&) = delete;
  PagedMemory& operator=(const PagedMemory&) = delete;
  PagedMemory(PagedMemory&&) noexcept = default;
  PagedMemory& operator=(PagedMemory&&) noexcept = default;

  // Whether addr is inside the guest address space [kMemoryStart, kMemoryEnd).
  static bool in_range(std::uint32_t addr) noexcept {
    return addr - guest::abi::kMemoryStart < guest::abi::kMemoryEnd - guest::abi::kMemoryStart;
  }
  // Whether [addr, addr + len) is inside the guest address space (len may be 0).
  static bool range_in_bounds(std::uint32_t addr, std::uint32_t len) noexcept {
    const std::uint64_t end = std::uint64_t{addr} + len;
    return addr >= guest::abi::kMemoryStart && end <= guest::abi::kMemoryEnd;
  }

  // The word containing addr. Precondition: in_range(addr).
  std::uint32_t load_word(std::uint32_t addr) const noexcept {
    const Page* page = pages_[addr >> kPageBits];
    return page != nullptr ? page->words[(addr >> 2) & (kWordsPerPage - 1)] : 0;
  }

  // The slot of the word containing addr, for a store that passed the protection check. Fast when the page is
  // writable and exists; otherwise the page is created. Precondition: in_range(addr) && writable(addr).
  std::uint32_t& word_for_store(std::uint32_t addr) {
    Page* page = writable_pages_[addr >> kPageBits];
    if (page == nullptr) [[unlikely]] {
      page = &page_for_write_slow(addr);
    }
    return page->words[(addr >> 2) & (kWordsPerPage - 1)];
  }

  // Whether a store to addr is allowed: addr must not lie in a protected range (see protect()).
  // Precondition: in_range(addr).
  bool writable(std::uint32_t addr) const noexcept {
    const std::uint8_t state = protection_[addr >> kPageBits];
    if (state == kUnprotected) [[likely]]
      return true;
    if (state == kFullyProtected) return false;
    return !in_protected_range(addr);
  }

  // Stores a word with no protection check (program loading). Precondition: in_range(addr), addr 4-aligned.
  void poke_word(std::uint32_t addr, std::uint32_t value);

  // Marks [begin, end) read-only for guest stores. Precondition: the range is inside the address space.
  void protect(std::uint32_t begin, std::uint32_t end);

  // Number of pages that exist (the memory actually used on the host is this times kPageSize).
  std::size_t page_count() const noexcept { return owned_.size(); }

  // Calls f(page_base_address, const Page&) for every existing page, in increasing address order.
  template <class F>
  void for_each_page(F&& f) const {
    for (std::uint32_t i = 0; i < kPageCount; ++i) {
      if (pages_[i] != nullptr) f(i << kPageBits, *pages_[i]);
    }
  }

 private:
  static constexpr std::uint8_t kUnprotected = 0;
  static constexpr std::uint8_t kPartlyProtected = 1;
  static constexpr std::uint8_t kFullyProtected = 2;

  Page& page_for_write_slow(std::uint32_t addr);
  Page& page(std::uint32_t index);
  bool in_protected_range(std::uint32_t addr) const noexcept;

  ZeroedArray<Page*> pages_;           // every existing page
  ZeroedArray<Page*> writable_pages_;  // existing pages with no protected byte: the store fast path
  ZeroedArray<std::uint8_t> protection_;
  std::vector<std::unique_ptr<Page>> owned_;
  struct Range {
    std::uint32_t begin, end;
  };
  std::vector<Range> protected_ranges_;
};

}  // namespace neo::zkvm::rv32
