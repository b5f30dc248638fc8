#include "neo/vm/assembly/syscalls.hpp"

#include "neo/vm/crypto/sha256.hpp"

namespace neo::vm::assembly {

std::uint32_t syscall_id(std::string_view name) noexcept {
  const auto digest = crypto::sha256(
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(name.data()), name.size()));
  return static_cast<std::uint32_t>(digest[0]) | static_cast<std::uint32_t>(digest[1]) << 8 |
         static_cast<std::uint32_t>(digest[2]) << 16 | static_cast<std::uint32_t>(digest[3]) << 24;
}

// Linear scans: 41 entries, used by tools only.
const SyscallDescriptor* find_syscall(std::string_view name) noexcept {
  for (const SyscallDescriptor& d : kSyscalls) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

const SyscallDescriptor* find_syscall(std::uint32_t id) noexcept {
  for (const SyscallDescriptor& d : kSyscalls) {
    if (d.id == id) return &d;
  }
  return nullptr;
}

}  // namespace neo::vm::assembly
