#include "neo/zkvm/rv32/memory.hpp"

#include <algorithm>

namespace neo::zkvm::rv32 {

PagedMemory::PagedMemory() : pages_(kPageCount), writable_pages_(kPageCount), protection_(kPageCount) {}

PagedMemory::Page& PagedMemory::page(std::uint32_t index) {
  if (pages_[index] == nullptr) {
    owned_.push_back(std::make_unique<Page>());
    pages_[index] = owned_.back().get();
    if (protection_[index] == kUnprotected) writable_pages_[index] = pages_[index];
  }
  return *pages_[index];
}

PagedMemory::Page& PagedMemory::page_for_write_slow(std::uint32_t addr) { return page(addr >> kPageBits); }

void PagedMemory::poke_word(std::uint32_t addr, std::uint32_t value) {
  page(addr >> kPageBits).words[(addr >> 2) & (kWordsPerPage - 1)] = value;
}

void PagedMemory::protect(std::uint32_t begin, std::uint32_t end) {
  if (begin >= end) return;
  protected_ranges_.push_back(Range{begin, end});
  std::sort(protected_ranges_.begin(), protected_ranges_.end(),
            [](const Range& a, const Range& b) { return a.begin < b.begin; });
  const std::uint32_t first = begin >> kPageBits;
  const std::uint32_t last = (end - 1) >> kPageBits;
  for (std::uint32_t index = first; index <= last; ++index) {
    const std::uint32_t page_begin = index << kPageBits;
    const std::uint64_t page_end = std::uint64_t{page_begin} + kPageSize;
    const bool whole_page = begin <= page_begin && end >= page_end;
    if (whole_page) {
      protection_[index] = kFullyProtected;
    } else if (protection_[index] != kFullyProtected) {
      protection_[index] = kPartlyProtected;
    }
    writable_pages_[index] = nullptr;  // stores to this page take the checked path
  }
}

bool PagedMemory::in_protected_range(std::uint32_t addr) const noexcept {
  // Ranges are few (one per read-only segment) and sorted: find the last one starting at or below addr.
  auto it = std::upper_bound(protected_ranges_.begin(), protected_ranges_.end(), addr,
                             [](std::uint32_t a, const Range& r) { return a < r.begin; });
  if (it == protected_ranges_.begin()) return false;
  --it;
  return addr < it->end;
}

}  // namespace neo::zkvm::rv32
