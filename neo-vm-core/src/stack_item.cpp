#include "neo/vm/stack_item.hpp"

#include <cstdint>
#include <new>

namespace neo::vm {

namespace {

BytesBlock* allocate_bytes(std::uint32_t size) {
  void* memory = ::operator new(sizeof(BytesBlock) + (size == 0 ? 1 : size));
  auto* block = new (memory) BytesBlock();
  block->size = size;
  return block;
}

// Length of the minimal little-endian two's complement of a 64-bit value (0 -> 0 bytes): one byte per
// started 8 bits of the magnitude, plus the sign bit. Compares on 32-bit halves: rv32 has no count-leading-
// zeros instruction, and map keys and sizes ask for this on every lookup.
std::size_t int64_byte_length(std::int64_t value) noexcept {
  if (value == 0) return 0;
  const auto magnitude = static_cast<std::uint64_t>(value < 0 ? ~value : value);  // the bits below the sign
  const auto high = static_cast<std::uint32_t>(magnitude >> 32);
  const auto low = static_cast<std::uint32_t>(magnitude);
  const std::uint32_t word = high != 0 ? high : low;
  const std::size_t base = high != 0 ? 4 : 0;
  if (word < 0x80u) return base + 1;
  if (word < 0x8000u) return base + 2;
  if (word < 0x800000u) return base + 3;
  if (word < 0x80000000u) return base + 4;
  return base + 5;  // only reached for the low word: a high word below 2^31 is one of the cases above
}

// Minimal little-endian two's complement of a 64-bit value, as .NET BigInteger.ToByteArray (0 -> empty).
std::size_t encode_int64(std::int64_t value, std::uint8_t* out) noexcept {
  const auto u = static_cast<std::uint64_t>(value);
  for (int i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(u >> (8 * i));
  return int64_byte_length(value);
}

}  // namespace

const char* stack_item_type_name(StackItemType type) noexcept {
  switch (type) {
    case StackItemType::Any:
      return "Null";
    case StackItemType::Pointer:
      return "Pointer";
    case StackItemType::Boolean:
      return "Boolean";
    case StackItemType::Integer:
      return "Integer";
    case StackItemType::ByteString:
      return "ByteString";
    case StackItemType::Buffer:
      return "Buffer";
    case StackItemType::Array:
      return "Array";
    case StackItemType::Struct:
      return "Struct";
    case StackItemType::Map:
      return "Map";
    case StackItemType::InteropInterface:
      return "InteropInterface";
  }
  return "Unknown";
}

StackItem StackItem::integer(const Integer& v) {
  if (v.fits_int64()) return integer(v.to_int64());
  auto* block = new BigIntBlock();
  block->value = v;
  StackItem s;
  s.type_ = StackItemType::Integer;
  s.rep_ = kHeapFlag;
  s.u_.block = block;
  return s;
}

StackItem StackItem::byte_string(std::span<const std::uint8_t> bytes) {
  BytesBlock* block = allocate_bytes(static_cast<std::uint32_t>(bytes.size()));
  if (!bytes.empty()) std::memcpy(block->data(), bytes.data(), bytes.size());
  StackItem s;
  s.type_ = StackItemType::ByteString;
  s.rep_ = kHeapFlag;
  s.u_.block = block;
  return s;
}

StackItem StackItem::buffer(std::uint32_t size) {
  BytesBlock* block = allocate_bytes(size);
  if (size != 0) std::memset(block->data(), 0, size);
  StackItem s;
  s.type_ = StackItemType::Buffer;
  s.rep_ = kHeapFlag;
  s.u_.block = block;
  return s;
}

StackItem StackItem::buffer(std::span<const std::uint8_t> bytes) {
  BytesBlock* block = allocate_bytes(static_cast<std::uint32_t>(bytes.size()));
  if (!bytes.empty()) std::memcpy(block->data(), bytes.data(), bytes.size());
  StackItem s;
  s.type_ = StackItemType::Buffer;
  s.rep_ = kHeapFlag;
  s.u_.block = block;
  return s;
}

void StackItem::free_block() noexcept {
  if (type_ == StackItemType::Integer) {
    delete static_cast<BigIntBlock*>(u_.block);
  } else {
    auto* block = static_cast<BytesBlock*>(u_.block);
    block->~BytesBlock();
    ::operator delete(block);
  }
}

bool get_integer(const StackItem& item, Integer& out) noexcept {
  switch (item.type()) {
    case StackItemType::Boolean:
      out = Integer(item.boolean_value() ? 1 : 0);
      return true;
    case StackItemType::Integer:
      out = item.is_small_integer() ? Integer(item.small_integer()) : item.big_integer();
      return true;
    case StackItemType::ByteString: {
      const auto bytes = item.raw_bytes();
      if (bytes.size() > Integer::kMaxSize) return false;
      return Integer::from_le_bytes(bytes, out);
    }
    default:
      return false;
  }
}

bool get_boolean(const StackItem& item, bool& out) noexcept {
  switch (item.type()) {
    case StackItemType::Any:
      out = false;
      return true;
    case StackItemType::Boolean:
      out = item.boolean_value();
      return true;
    case StackItemType::Integer:
      out = item.is_small_integer() ? item.small_integer() != 0 : !item.big_integer().is_zero();
      return true;
    case StackItemType::ByteString: {
      const auto bytes = item.raw_bytes();
      if (bytes.size() > Integer::kMaxSize) return false;
      out = false;
      for (const std::uint8_t b : bytes) {
        if (b != 0) {
          out = true;
          break;
        }
      }
      return true;
    }
    default:  // Buffer, Pointer, InteropInterface and compounds are always true
      out = true;
      return true;
  }
}

bool get_span(const StackItem& item, ByteScratch& scratch, std::span<const std::uint8_t>& out) noexcept {
  switch (item.type()) {
    case StackItemType::Boolean:
      scratch.bytes[0] = item.boolean_value() ? 1 : 0;
      out = {scratch.bytes, 1};
      return true;
    case StackItemType::Integer:
      if (item.is_small_integer()) {
        out = {scratch.bytes, encode_int64(item.small_integer(), scratch.bytes)};
      } else {
        std::span<std::uint8_t, Integer::kMaxSize> dst(scratch.bytes, Integer::kMaxSize);
        out = {scratch.bytes, item.big_integer().to_le_bytes(dst)};
      }
      return true;
    case StackItemType::ByteString:
    case StackItemType::Buffer:
      out = item.raw_bytes();
      return true;
    default:
      return false;
  }
}

std::uint32_t primitive_size(const StackItem& item) noexcept {
  switch (item.type()) {
    case StackItemType::Boolean:
      return 1;
    case StackItemType::Integer: {
      if (item.is_small_integer()) return static_cast<std::uint32_t>(int64_byte_length(item.small_integer()));
      return static_cast<std::uint32_t>(item.big_integer().byte_length());
    }
    case StackItemType::ByteString:
    case StackItemType::Buffer:
      return static_cast<std::uint32_t>(item.raw_bytes().size());
    default:
      return 0;
  }
}

bool map_key_equals(const StackItem& a, const StackItem& b) noexcept {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case StackItemType::Boolean:
      return a.boolean_value() == b.boolean_value();
    case StackItemType::Integer:
      if (a.is_small_integer() != b.is_small_integer()) return false;  // both normalized
      return a.is_small_integer() ? a.small_integer() == b.small_integer()
                                  : a.big_integer() == b.big_integer();
    case StackItemType::ByteString: {
      const auto x = a.raw_bytes();
      const auto y = b.raw_bytes();
      return x.size() == y.size() && (x.empty() || std::memcmp(x.data(), y.data(), x.size()) == 0);
    }
    default:
      return false;
  }
}

namespace {

// FNV-1a over the key's type and bytes: equal keys (same type, same value) hash equally.
std::uint32_t key_hash(const StackItem& key) noexcept {
  ByteScratch scratch;
  std::span<const std::uint8_t> bytes;
  get_span(key, scratch, bytes);
  std::uint32_t h = 2166136261u ^ static_cast<std::uint8_t>(key.type());
  h *= 16777619u;
  for (const std::uint8_t b : bytes) {
    h ^= b;
    h *= 16777619u;
  }
  return h;
}

}  // namespace

std::size_t MapObject::find_index(const StackItem& key) const noexcept {
  if (entries.size() <= kIndexThreshold) {
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (map_key_equals(entries[i].key, key)) return i;
    }
    return entries.size();
  }
  if (indexed_ != entries.size()) rebuild_index();
  const std::size_t mask = index_.size() - 1;
  for (std::size_t slot = key_hash(key) & mask;; slot = (slot + 1) & mask) {
    const std::uint32_t e = index_[slot];
    if (e == 0) return entries.size();
    if (map_key_equals(entries[e - 1].key, key)) return e - 1;
  }
}

MapEntry* MapObject::find(const StackItem& key) noexcept {
  const std::size_t i = find_index(key);
  return i < entries.size() ? &entries[i] : nullptr;
}

void MapObject::insert(StackItem key, StackItem value) {
  entries.push_back(MapEntry{std::move(key), std::move(value)});
  // Keep an up-to-date index current incrementally while it stays at most half full; otherwise the next
  // lookup rebuilds it.
  if (entries.size() > kIndexThreshold && indexed_ == entries.size() - 1 &&
      index_.size() >= entries.size() * 2) {
    index_insert(static_cast<std::uint32_t>(entries.size() - 1));
    indexed_ = entries.size();
  }
}

void MapObject::erase_at(std::size_t i) {
  entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(i));
  indexed_ = SIZE_MAX;  // positions after i shifted: rebuild on the next lookup
}

void MapObject::rebuild_index() const {
  std::size_t size = 16;
  while (size < entries.size() * 4) size *= 2;  // load factor <= 1/4 after a rebuild, <= 1/2 before the next
  index_.assign(size, 0);
  for (std::size_t i = 0; i < entries.size(); ++i) index_insert(static_cast<std::uint32_t>(i));
  indexed_ = entries.size();
}

void MapObject::index_insert(std::uint32_t entry) const noexcept {
  const std::size_t mask = index_.size() - 1;
  std::size_t slot = key_hash(entries[entry].key) & mask;
  while (index_[slot] != 0) slot = (slot + 1) & mask;
  index_[slot] = entry + 1;
}

}  // namespace neo::vm
