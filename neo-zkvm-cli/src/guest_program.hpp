// The Neo guest ELF this neo-zkvm binary was built with (embedded at build time).
#pragma once

#include <cstddef>
#include <span>

extern const unsigned char neo_guest_elf[];
extern const std::size_t neo_guest_elf_size;

namespace neo::cli {
inline std::span<const std::uint8_t> guest_elf() noexcept {
  return {reinterpret_cast<const std::uint8_t*>(neo_guest_elf), neo_guest_elf_size};
}
}  // namespace neo::cli
