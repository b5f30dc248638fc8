#include "neo/guest/stack_value.hpp"

#include <algorithm>
#include <array>

#include "neo/vm/integer.hpp"

namespace neo::guest {

StackValue StackValue::integer(std::int64_t v) {
  std::array<std::uint8_t, vm::Integer::kMaxSize> buf{};
  const std::size_t n = vm::Integer(v).to_le_bytes(buf);
  return {StackItemType::Integer, {buf.begin(), buf.begin() + n}, {}};
}

bool is_canonical_integer(std::span<const std::uint8_t> bytes) noexcept {
  if (bytes.empty()) return true;
  if (bytes.size() > vm::Integer::kMaxSize) return false;
  // The top byte may be 0x00 or 0xFF only when it carries the sign that the byte below cannot.
  const std::uint8_t top = bytes.back();
  if (bytes.size() == 1) return top != 0x00;
  const std::uint8_t below = bytes[bytes.size() - 2];
  if (top == 0x00) return (below & 0x80) != 0;
  if (top == 0xFF) return (below & 0x80) == 0;
  return true;
}

void encode(ByteWriter& w, const StackValue& v) {
  w.u8(static_cast<std::uint8_t>(v.type));
  switch (v.type) {
    case StackItemType::Any:
      break;
    case StackItemType::Boolean:
      w.u8(!v.bytes.empty() && v.bytes[0] != 0 ? 1 : 0);
      break;
    case StackItemType::Pointer: {
      std::uint32_t pos = 0;
      for (std::size_t i = 0; i < 4 && i < v.bytes.size(); ++i) pos |= std::uint32_t{v.bytes[i]} << (8 * i);
      w.u32(pos);
      break;
    }
    case StackItemType::Integer:
    case StackItemType::ByteString:
    case StackItemType::Buffer:
    case StackItemType::InteropInterface:
      w.var_bytes(v.bytes);
      break;
    case StackItemType::Array:
    case StackItemType::Struct:
      w.var_uint(v.items.size());
      for (const StackValue& item : v.items) encode(w, item);
      break;
    case StackItemType::Map:
      w.var_uint(v.items.size() / 2);
      for (const StackValue& item : v.items) encode(w, item);
      break;
  }
}

namespace {

struct DecodeBudget {
  std::uint32_t items = 0;
  std::uint64_t bytes = 0;
};

bool decode_value(ByteReader& r, StackValue& out, const StackValueLimits& limits, std::uint32_t depth,
                  DecodeBudget& budget) {
  if (depth > limits.max_depth) {
    r.fail("stack value nested deeper than the limit");
    return false;
  }
  if (++budget.items > limits.max_items) {
    r.fail("stack value has more items than the limit");
    return false;
  }
  const std::uint8_t type_byte = r.u8();
  if (!r.ok()) return false;
  if (!vm::is_defined_stack_item_type(type_byte)) {
    r.fail("unknown stack item type");
    return false;
  }
  out = StackValue{};
  out.type = static_cast<StackItemType>(type_byte);
  switch (out.type) {
    case StackItemType::Any:
      return true;
    case StackItemType::Boolean:
      out.bytes = {static_cast<std::uint8_t>(r.boolean())};
      return r.ok();
    case StackItemType::Pointer: {
      const std::uint32_t pos = r.u32();
      out.bytes = {static_cast<std::uint8_t>(pos), static_cast<std::uint8_t>(pos >> 8),
                   static_cast<std::uint8_t>(pos >> 16), static_cast<std::uint8_t>(pos >> 24)};
      return r.ok();
    }
    case StackItemType::Integer: {
      const auto b = r.var_bytes(vm::Integer::kMaxSize);
      if (!r.ok()) return false;
      if (!is_canonical_integer(b)) {
        r.fail("integer is not in minimal two's-complement form");
        return false;
      }
      out.bytes.assign(b.begin(), b.end());
      return true;
    }
    case StackItemType::ByteString:
    case StackItemType::Buffer:
    case StackItemType::InteropInterface: {
      const auto b = r.var_bytes(limits.max_bytes);
      if (!r.ok()) return false;
      budget.bytes += b.size();
      if (budget.bytes > limits.max_total_bytes) {
        r.fail("stack value has more bytes than the limit");
        return false;
      }
      out.bytes.assign(b.begin(), b.end());
      return true;
    }
    case StackItemType::Array:
    case StackItemType::Struct:
    case StackItemType::Map: {
      const bool is_map = out.type == StackItemType::Map;
      const std::uint64_t count = r.var_uint(limits.max_items);
      if (!r.ok()) return false;
      const std::uint64_t values = is_map ? 2 * count : count;
      // Every element takes at least one byte: a count beyond the input cannot be honest.
      if (values > r.remaining()) {
        r.fail("element count runs past the end of the input");
        return false;
      }
      out.items.resize(static_cast<std::size_t>(values));
      for (std::size_t i = 0; i < out.items.size(); ++i) {
        if (!decode_value(r, out.items[i], limits, depth + 1, budget)) return false;
        if (is_map && i % 2 == 0) {
          const StackItemType kt = out.items[i].type;
          if (kt != StackItemType::Boolean && kt != StackItemType::Integer && kt != StackItemType::ByteString) {
            r.fail("map key is not a primitive type");
            return false;
          }
          for (std::size_t j = 0; j < i; j += 2) {
            if (out.items[j] == out.items[i]) {
              r.fail("map has a duplicate key");
              return false;
            }
          }
        }
      }
      return true;
    }
  }
  return false;
}

}  // namespace

bool decode(ByteReader& r, StackValue& out, const StackValueLimits& limits) {
  DecodeBudget budget;
  return decode_value(r, out, limits, 0, budget);
}

}  // namespace neo::guest
