// Neo N3's binary stack item format (neo BinarySerializer): what Notify measures against its size limit,
// what storage Find with DeserializeValues reads, and what StdLib serialize / deserialize expose.
//
// Format: one type byte (StackItemType), then Null: nothing; Boolean: one byte 0 / 1; Integer, ByteString,
// Buffer: var-length bytes (Integer in minimal little-endian two's complement, zero as no bytes); Array,
// Struct: var-int count then the items; Map: var-int count then key, value pairs. Pointers and interop
// interfaces cannot be serialized, nor can a compound that appears twice (which also rules out cycles).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "neo/vm/engine.hpp"

namespace neo::vm::app {

enum class SerializeStatus : std::uint8_t {
  Ok,
  NotSupported,  // Pointer, InteropInterface, or a compound met twice
  TooManyItems,  // more than max_items items
  TooLarge,      // the output passed max_size bytes
};

// Appends the serialization of item to out (out is unspecified on failure). max_items counts every item,
// compounds included, as the reference does.
SerializeStatus serialize(const StackItem& item, std::uint32_t max_size, std::uint32_t max_items,
                          std::vector<std::uint8_t>& out);

// Deserializes data into items owned by engine (nothing is pushed). max_size bounds each byte string,
// max_items the number of items. Returns false on malformed input or a broken limit; bytes after the first
// item are ignored, as in the reference.
bool deserialize(Engine& engine, std::span<const std::uint8_t> data, std::uint32_t max_size,
                 std::uint32_t max_items, StackItem& out);

}  // namespace neo::vm::app
