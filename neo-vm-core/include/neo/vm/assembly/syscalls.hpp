// The Neo N3 interop service table (from neo/vm/syscalls.def) as a constexpr array, with lookups by name and
// by id for the assembler and the disassembler, and the id rule itself.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace neo::vm::assembly {

struct SyscallDescriptor {
  std::string_view name;        // e.g. "System.Runtime.Log"
  std::uint32_t id = 0;         // SYSCALL operand (little-endian in the script)
  std::uint32_t price = 0;      // fixed fee units; 0 when the service charges dynamically
  std::uint8_t call_flags = 0;  // required CallFlags bits (see syscalls.def)
  std::string_view hardfork;    // "None" or the activating hardfork, e.g. "HF_Faun"
};

inline constexpr std::array kSyscalls = {
#define NEO_VM_SYSCALL(identifier, name, id, price, call_flags, hardfork) \
  SyscallDescriptor{name, id, price, call_flags, #hardfork},
#include "neo/vm/syscalls.def"
};

static_assert(kSyscalls.size() == 41, "Neo N3 defines 41 System.* interop services");

// The interop service id of a name: the first 4 bytes of SHA-256(name), little-endian. Any name has an id;
// whether a service exists is a question for find_syscall().
std::uint32_t syscall_id(std::string_view name) noexcept;

// The known service with exactly this (case-sensitive) name or id; nullptr when there is none.
const SyscallDescriptor* find_syscall(std::string_view name) noexcept;
const SyscallDescriptor* find_syscall(std::uint32_t id) noexcept;

}  // namespace neo::vm::assembly
