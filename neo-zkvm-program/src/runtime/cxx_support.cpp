// The C++ and C runtime symbols a freestanding guest needs. libstdc++ is used header-only in the guest, so
// whatever its headers leave out of line — allocation, the std::__throw_* error paths, a few ABI hooks — is
// provided here. Every error path ends the run through HALT with kExitAbort: guests are built without
// exceptions, and a run that hits one of these is a failed run.
#include <bits/functexcept.h>

#include <cstddef>
#include <cstdint>
#include <new>
#include <string_view>

#include "neo/guest/abi.hpp"
#include "neo/zkvm/runtime/heap.hpp"
#include "neo/zkvm/runtime/io.hpp"

namespace {

[[noreturn]] void die(std::string_view what, const char* detail = nullptr) noexcept {
  using namespace neo::zkvm::runtime;
  write_stderr("guest abort: ");
  write_stderr(what);
  if (detail != nullptr) {
    write_stderr(": ");
    write_stderr(detail);
  }
  write_stderr("\n");
  halt(neo::guest::abi::kExitAbort);
}

void* allocate_or_die(std::size_t size, std::size_t alignment = neo::zkvm::runtime::kHeapAlignment) noexcept {
  void* p = neo::zkvm::runtime::heap_allocate(size, alignment);
  if (p == nullptr) die("invalid allocation alignment");
  return p;
}

}  // namespace

// ---- operator new / delete -------------------------------------------------------------------------------
namespace std {
const nothrow_t nothrow{};  // the tag object libstdc++ defines out of line (std::stable_sort's buffer uses it)
}  // namespace std

void* operator new(std::size_t size) { return allocate_or_die(size); }
void* operator new[](std::size_t size) { return allocate_or_die(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return allocate_or_die(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return allocate_or_die(size); }
void* operator new(std::size_t size, std::align_val_t al) {
  return allocate_or_die(size, static_cast<std::size_t>(al));
}
void* operator new[](std::size_t size, std::align_val_t al) {
  return allocate_or_die(size, static_cast<std::size_t>(al));
}
void* operator new(std::size_t size, std::align_val_t al, const std::nothrow_t&) noexcept {
  return allocate_or_die(size, static_cast<std::size_t>(al));
}
void* operator new[](std::size_t size, std::align_val_t al, const std::nothrow_t&) noexcept {
  return allocate_or_die(size, static_cast<std::size_t>(al));
}
void operator delete(void* p) noexcept { neo::zkvm::runtime::heap_free(p); }
void operator delete[](void* p) noexcept { neo::zkvm::runtime::heap_free(p); }
void operator delete(void* p, std::size_t) noexcept { neo::zkvm::runtime::heap_free(p); }
void operator delete[](void* p, std::size_t) noexcept { neo::zkvm::runtime::heap_free(p); }
void operator delete(void* p, std::align_val_t) noexcept { neo::zkvm::runtime::heap_free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { neo::zkvm::runtime::heap_free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { neo::zkvm::runtime::heap_free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { neo::zkvm::runtime::heap_free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { neo::zkvm::runtime::heap_free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { neo::zkvm::runtime::heap_free(p); }

// ---- libstdc++ error paths ---------------------------------------------------------------------------------
namespace std {
void __throw_bad_exception() { die("std::bad_exception"); }
void __throw_bad_alloc() { die("std::bad_alloc"); }
void __throw_bad_array_new_length() { die("std::bad_array_new_length"); }
void __throw_bad_cast() { die("std::bad_cast"); }
void __throw_bad_typeid() { die("std::bad_typeid"); }
void __throw_logic_error(const char* s) { die("std::logic_error", s); }
void __throw_domain_error(const char* s) { die("std::domain_error", s); }
void __throw_invalid_argument(const char* s) { die("std::invalid_argument", s); }
void __throw_length_error(const char* s) { die("std::length_error", s); }
void __throw_out_of_range(const char* s) { die("std::out_of_range", s); }
void __throw_out_of_range_fmt(const char* s, ...) { die("std::out_of_range", s); }
void __throw_runtime_error(const char* s) { die("std::runtime_error", s); }
void __throw_range_error(const char* s) { die("std::range_error", s); }
void __throw_overflow_error(const char* s) { die("std::overflow_error", s); }
void __throw_underflow_error(const char* s) { die("std::underflow_error", s); }
void __throw_ios_failure(const char* s) { die("std::ios_base::failure", s); }
void __throw_ios_failure(const char* s, int) { die("std::ios_base::failure", s); }
void __throw_system_error(int) { die("std::system_error"); }
void __throw_future_error(int) { die("std::future_error"); }
void __throw_bad_function_call() { die("std::bad_function_call"); }
}  // namespace std

// ---- C++ ABI hooks and C library process functions ------------------------------------------------------------
extern "C" {
void* __dso_handle = nullptr;
// Objects with static storage are never destroyed: the machine halts instead of exiting.
int __cxa_atexit(void (*)(void*), void*, void*) { return 0; }
void __cxa_pure_virtual() { die("pure virtual function called"); }
void __cxa_deleted_virtual() { die("deleted virtual function called"); }
[[noreturn]] void abort() { die("abort() called"); }
[[noreturn]] void _exit(int code) { neo::zkvm::runtime::halt(static_cast<std::uint32_t>(code)); }
[[noreturn]] void exit(int code) {
  if (code == 0) neo::zkvm::runtime::commit_public_values();
  neo::zkvm::runtime::halt(static_cast<std::uint32_t>(code));
}
// picolibc's assert() reports here.
[[noreturn]] void __assert_func(const char* file, int, const char*, const char* expression) {
  (void)file;
  die("assertion failed", expression);
}
}
