// The Neo guest ELF this neo-zkvm binary was built with, and its machine verifying key (both embedded at
// build time: the key is computed from the ELF by the neo-zkvm-guest-vkey build tool, so `verify` does not
// rebuild the circuit's preprocessed tables on every run).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

extern const unsigned char neo_guest_elf[];
extern const std::size_t neo_guest_elf_size;
extern const unsigned char neo_guest_vkey[];
extern const std::size_t neo_guest_vkey_size;

namespace neo::cli {
inline std::span<const std::uint8_t> guest_elf() noexcept {
  return {reinterpret_cast<const std::uint8_t*>(neo_guest_elf), neo_guest_elf_size};
}
// machine::encode(MachineVerifyingKey) of guest_elf() with the standard FRI parameters.
inline std::span<const std::uint8_t> guest_vkey_bytes() noexcept {
  return {reinterpret_cast<const std::uint8_t*>(neo_guest_vkey), neo_guest_vkey_size};
}
}  // namespace neo::cli
