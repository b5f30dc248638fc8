// Per-engine execution limits (neo-vm ExecutionEngineLimits). Defaults are the Neo N3 protocol values.
#pragma once

#include <cstdint>

namespace neo::vm {

struct ExecutionEngineLimits {
  std::uint32_t max_shift = 256;              // SHL / SHR / POW exponent bound
  std::uint32_t max_stack_size = 2 * 1024;    // items over all evaluation stacks and slots (reference count)
  std::uint32_t max_item_size = 65535 * 2;    // bytes of one ByteString / Buffer
  std::uint32_t max_comparable_size = 65536;  // bytes compared by EQUAL on byte strings / structs
  std::uint32_t max_invocation_stack_size = 1024;
  std::uint32_t max_try_nesting_depth = 16;
  bool catch_engine_exceptions = true;  // engine errors such as PICKITEM out of range are catchable

  static constexpr std::uint32_t kMaxMapKeySize = 64;   // Map.MaxKeySize
  static constexpr std::uint32_t kMaxIntegerSize = 32;  // Integer.MaxSize
};

}  // namespace neo::vm
