// Raw ecall wrappers for the guest ABI (neo/guest/abi.hpp). Guest programs normally use io.hpp instead.
#pragma once

#include <cstddef>
#include <cstdint>

#include "neo/guest/abi.hpp"

namespace neo::zkvm::runtime::sys {

[[noreturn]] inline void halt(std::uint32_t exit_code) noexcept {
  register std::uint32_t t0 asm("t0") = static_cast<std::uint32_t>(guest::abi::Syscall::kHalt);
  register std::uint32_t a0 asm("a0") = exit_code;
  asm volatile("ecall" : : "r"(t0), "r"(a0) : "memory");
  __builtin_unreachable();
}

inline void write(guest::abi::Fd fd, const void* data, std::size_t len) noexcept {
  register std::uint32_t t0 asm("t0") = static_cast<std::uint32_t>(guest::abi::Syscall::kWrite);
  register std::uint32_t a0 asm("a0") = static_cast<std::uint32_t>(fd);
  register const void* a1 asm("a1") = data;
  register std::size_t a2 asm("a2") = len;
  asm volatile("ecall" : "+r"(a0) : "r"(t0), "r"(a1), "r"(a2) : "memory");
}

inline std::uint32_t hint_len() noexcept {
  register std::uint32_t t0 asm("t0") = static_cast<std::uint32_t>(guest::abi::Syscall::kHintLen);
  register std::uint32_t a0 asm("a0");
  asm volatile("ecall" : "=r"(a0) : "r"(t0) : "memory");
  return a0;
}

inline void hint_read(void* out, std::size_t len) noexcept {
  register std::uint32_t t0 asm("t0") = static_cast<std::uint32_t>(guest::abi::Syscall::kHintRead);
  register void* a0 asm("a0") = out;
  register std::size_t a1 asm("a1") = len;
  asm volatile("ecall" : "+r"(a0) : "r"(t0), "r"(a1) : "memory");
}

inline void commit(std::uint32_t index, std::uint32_t word) noexcept {
  register std::uint32_t t0 asm("t0") = static_cast<std::uint32_t>(guest::abi::Syscall::kCommit);
  register std::uint32_t a0 asm("a0") = index;
  register std::uint32_t a1 asm("a1") = word;
  asm volatile("ecall" : "+r"(a0) : "r"(t0), "r"(a1) : "memory");
}

}  // namespace neo::zkvm::runtime::sys
