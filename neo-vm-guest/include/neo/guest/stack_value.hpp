// StackValue: a Neo stack item as plain data — what ProofInput carries as arguments and ProofOutput as the
// result stack and notification states. Independent of the VM's internal item representation (which holds
// engine-owned references); neo::guest::run converts between the two.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "neo/guest/codec.hpp"
#include "neo/vm/stack_item.hpp"

namespace neo::guest {

using vm::StackItemType;

struct StackValue {
  StackItemType type = StackItemType::Any;  // Any = Null
  // Boolean: {0} or {1}. Integer: minimal little-endian two's complement (.NET ToByteArray, zero = empty).
  // ByteString / Buffer: the bytes. Pointer: the position as 4 bytes LE. InteropInterface: the host type name.
  std::vector<std::uint8_t> bytes;
  // Array / Struct: the elements. Map: keys and values interleaved (key0, value0, key1, value1, ...), in the
  // map's insertion order.
  std::vector<StackValue> items;

  static StackValue null() { return {}; }
  static StackValue boolean(bool v) { return {StackItemType::Boolean, {static_cast<std::uint8_t>(v)}, {}}; }
  static StackValue integer(std::int64_t v);
  static StackValue byte_string(std::span<const std::uint8_t> b) {
    return {StackItemType::ByteString, {b.begin(), b.end()}, {}};
  }
  static StackValue byte_string(std::string_view s) {
    return {StackItemType::ByteString, {s.begin(), s.end()}, {}};
  }
  static StackValue buffer(std::span<const std::uint8_t> b) { return {StackItemType::Buffer, {b.begin(), b.end()}, {}}; }
  static StackValue array(std::vector<StackValue> items) { return {StackItemType::Array, {}, std::move(items)}; }
  static StackValue structure(std::vector<StackValue> items) {
    return {StackItemType::Struct, {}, std::move(items)};
  }
  static StackValue map(std::vector<StackValue> keys_and_values) {
    return {StackItemType::Map, {}, std::move(keys_and_values)};
  }

  friend bool operator==(const StackValue&, const StackValue&) = default;
};

// Limits on decoded values, so a hostile encoding cannot exhaust memory or recursion depth.
struct StackValueLimits {
  std::uint32_t max_depth = 64;
  std::uint32_t max_items = 2048;          // all values in one tree, as MaxStackSize bounds the VM
  std::uint32_t max_bytes = 131070;        // one byte string or buffer, as MaxItemSize
  std::uint32_t max_total_bytes = 1u << 20;
};

// Canonical encoding: type byte, then
//   Any: nothing; Boolean: one byte 0/1; Integer: var-bytes (minimal, at most 32); ByteString, Buffer,
//   InteropInterface: var-bytes; Pointer: u32; Array, Struct: var-int count + elements;
//   Map: var-int entry count + (key, value) pairs, keys primitive (Boolean, Integer, ByteString), no duplicates.
void encode(ByteWriter& w, const StackValue& v);
bool decode(ByteReader& r, StackValue& out, const StackValueLimits& limits = {});

// True when the bytes are the minimal two's-complement form of an integer of at most 32 bytes.
bool is_canonical_integer(std::span<const std::uint8_t> bytes) noexcept;

}  // namespace neo::guest
