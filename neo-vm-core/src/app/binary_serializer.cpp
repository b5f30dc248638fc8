#include "neo/vm/app/binary_serializer.hpp"

#include <algorithm>

namespace neo::vm::app {
namespace {

void write_var_int(std::vector<std::uint8_t>& out, std::uint64_t v) {
  if (v < 0xFD) {
    out.push_back(static_cast<std::uint8_t>(v));
    return;
  }
  const int width = v <= 0xFFFF ? 2 : v <= 0xFFFFFFFF ? 4 : 8;
  out.push_back(width == 2 ? 0xFD : width == 4 ? 0xFE : 0xFF);
  for (int i = 0; i < width; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

struct Reader {
  std::span<const std::uint8_t> data;
  std::size_t pos = 0;

  bool byte(std::uint8_t& out) noexcept {
    if (pos >= data.size()) return false;
    out = data[pos++];
    return true;
  }
  // The reference's ReadVarInt(max): the canonical-size rule is not checked there either.
  bool var_int(std::uint64_t max, std::uint64_t& out) noexcept {
    std::uint8_t prefix;
    if (!byte(prefix)) return false;
    int width = 0;
    if (prefix == 0xFD) {
      width = 2;
    } else if (prefix == 0xFE) {
      width = 4;
    } else if (prefix == 0xFF) {
      width = 8;
    }
    std::uint64_t v = prefix;
    if (width != 0) {
      if (data.size() - pos < static_cast<std::size_t>(width)) return false;
      v = 0;
      for (int i = 0; i < width; ++i) v |= static_cast<std::uint64_t>(data[pos + i]) << (8 * i);
      pos += static_cast<std::size_t>(width);
    }
    if (v > max) return false;
    out = v;
    return true;
  }
  bool var_bytes(std::uint64_t max, std::span<const std::uint8_t>& out) noexcept {
    std::uint64_t n;
    if (!var_int(max, n) || data.size() - pos < n) return false;
    out = data.subspan(pos, static_cast<std::size_t>(n));
    pos += static_cast<std::size_t>(n);
    return true;
  }
};

// A compound whose items are still to be collected (the reference's ContainerPlaceholder).
struct Pending {
  StackItem item;  // Null for a placeholder
  StackItemType type = StackItemType::Any;
  std::uint32_t count = 0;
  bool placeholder = false;
};

}  // namespace

SerializeStatus serialize(const StackItem& root, std::uint32_t max_size, std::uint32_t max_items,
                          std::vector<std::uint8_t>& out) {
  const std::size_t start = out.size();
  std::vector<const CompoundObject*> serialized;
  std::vector<StackItem> unserialized;
  unserialized.push_back(root);
  std::int64_t items_left = max_items;
  while (!unserialized.empty()) {
    if (--items_left < 0) return SerializeStatus::TooManyItems;
    StackItem item = std::move(unserialized.back());
    unserialized.pop_back();
    out.push_back(static_cast<std::uint8_t>(item.type()));
    switch (item.type()) {
      case StackItemType::Any:
        break;
      case StackItemType::Boolean:
        out.push_back(item.boolean_value() ? 1 : 0);
        break;
      case StackItemType::Integer:
      case StackItemType::ByteString:
      case StackItemType::Buffer: {
        ByteScratch scratch;
        std::span<const std::uint8_t> bytes;
        get_span(item, scratch, bytes);
        write_var_int(out, bytes.size());
        out.insert(out.end(), bytes.begin(), bytes.end());
        break;
      }
      case StackItemType::Array:
      case StackItemType::Struct:
      case StackItemType::Map: {
        const CompoundObject* obj = item.compound_object();
        if (std::find(serialized.begin(), serialized.end(), obj) != serialized.end())
          return SerializeStatus::NotSupported;
        serialized.push_back(obj);
        if (item.type() == StackItemType::Map) {
          const MapObject* map = item.map_object();
          write_var_int(out, map->entries.size());
          for (std::size_t i = map->entries.size(); i-- > 0;) {
            unserialized.push_back(map->entries[i].value);
            unserialized.push_back(map->entries[i].key);
          }
        } else {
          const ArrayObject* array = item.array_object();
          write_var_int(out, array->items.size());
          for (std::size_t i = array->items.size(); i-- > 0;) unserialized.push_back(array->items[i]);
        }
        break;
      }
      default:
        return SerializeStatus::NotSupported;
    }
    if (out.size() - start > max_size) return SerializeStatus::TooLarge;
  }
  return SerializeStatus::Ok;
}

bool deserialize(Engine& engine, std::span<const std::uint8_t> data, std::uint32_t max_size,
                 std::uint32_t max_items, StackItem& out) {
  Reader reader{data};
  std::vector<Pending> deserialized;
  std::uint64_t undeserialized = 1;
  while (undeserialized-- > 0) {
    std::uint8_t type_byte;
    if (!reader.byte(type_byte)) return false;
    Pending p;
    switch (static_cast<StackItemType>(type_byte)) {
      case StackItemType::Any:
        p.item = StackItem::null();
        break;
      case StackItemType::Boolean: {
        std::uint8_t b;
        if (!reader.byte(b) || b > 1) return false;
        p.item = StackItem::boolean(b == 1);
        break;
      }
      case StackItemType::Integer: {
        std::span<const std::uint8_t> bytes;
        Integer v;
        if (!reader.var_bytes(Integer::kMaxSize, bytes) || !Integer::from_le_bytes(bytes, v)) return false;
        p.item = StackItem::integer(v);
        break;
      }
      case StackItemType::ByteString: {
        std::span<const std::uint8_t> bytes;
        if (!reader.var_bytes(max_size, bytes)) return false;
        p.item = StackItem::byte_string(bytes);
        break;
      }
      case StackItemType::Buffer: {
        std::span<const std::uint8_t> bytes;
        if (!reader.var_bytes(max_size, bytes)) return false;
        p.item = StackItem::buffer(bytes);
        break;
      }
      case StackItemType::Array:
      case StackItemType::Struct:
      case StackItemType::Map: {
        std::uint64_t count;
        if (!reader.var_int(max_items, count)) return false;
        p.placeholder = true;
        p.type = static_cast<StackItemType>(type_byte);
        p.count = static_cast<std::uint32_t>(count);
        undeserialized += p.type == StackItemType::Map ? count * 2 : count;
        break;
      }
      default:
        return false;
    }
    deserialized.push_back(std::move(p));
    if (deserialized.size() > max_items) return false;
  }
  // Assemble compounds from the end: their items are already complete on `done` (top = first item).
  std::vector<StackItem> done;
  while (!deserialized.empty()) {
    Pending p = std::move(deserialized.back());
    deserialized.pop_back();
    if (p.placeholder) {
      if (p.type == StackItemType::Map) {
        MapObject* map = engine.new_map();
        for (std::uint32_t i = 0; i < p.count; ++i) {
          StackItem key = std::move(done.back());
          done.pop_back();
          StackItem value = std::move(done.back());
          done.pop_back();
          if (!key.is_primitive() || primitive_size(key) > ExecutionEngineLimits::kMaxMapKeySize)
            return false;
          if (MapEntry* existing = map->find(key)) {
            existing->value = std::move(value);
          } else {
            map->insert(std::move(key), std::move(value));
          }
        }
        p.item = StackItem::compound(map);
      } else {
        ArrayObject* array = engine.new_array(p.type);
        array->items.reserve(p.count);
        for (std::uint32_t i = 0; i < p.count; ++i) {
          array->items.push_back(std::move(done.back()));
          done.pop_back();
        }
        p.item = StackItem::compound(array);
      }
    }
    done.push_back(std::move(p.item));
  }
  out = std::move(done.back());
  return true;
}

}  // namespace neo::vm::app
