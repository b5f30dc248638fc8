// Neo N3 stack items.
//
// A StackItem is a 16-byte value. Null, Boolean, Pointer and integers that fit in 64 bits live inline (no
// heap allocation); larger integers, owned byte strings and buffers live in small heap blocks shared through
// an intrusive handle count (they cannot form cycles, so handle counting frees them exactly). Byte strings
// pushed by PUSHDATA are views into the script bytes, which the engine keeps alive. Compound items (Array,
// Struct, Map) are references to objects owned by the engine's arena: they can form cycles, so they are freed
// with the engine.
//
// The VM-level reference counter of Neo (the `refs` figure, limited by MaxStackSize) is separate from the C++
// handle counts and lives in the Engine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <utility>
#include <vector>

#include "neo/vm/integer.hpp"

namespace neo::vm {

enum class StackItemType : std::uint8_t {
  Any = 0x00,  // the type of Null
  Pointer = 0x10,
  Boolean = 0x20,
  Integer = 0x21,
  ByteString = 0x28,
  Buffer = 0x30,
  Array = 0x40,
  Struct = 0x41,
  Map = 0x48,
  InteropInterface = 0x60,
};

// True for the byte values that name a StackItemType (Enum.IsDefined in the reference).
constexpr bool is_defined_stack_item_type(std::uint8_t t) noexcept {
  switch (t) {
    case 0x00:
    case 0x10:
    case 0x20:
    case 0x21:
    case 0x28:
    case 0x30:
    case 0x40:
    case 0x41:
    case 0x48:
    case 0x60:
      return true;
    default:
      return false;
  }
}

const char* stack_item_type_name(StackItemType type) noexcept;

class Script;
class StackItem;

// Header shared by every handle-counted heap block.
struct HeapBlock {
  std::uint32_t handles = 1;
};

struct BigIntBlock : HeapBlock {
  Integer value;
};

// Byte payload of an owned ByteString or of a Buffer; the bytes follow the header in the same allocation.
struct BytesBlock : HeapBlock {
  std::uint32_t size = 0;
  std::uint8_t* data() noexcept { return reinterpret_cast<std::uint8_t*>(this + 1); }
  const std::uint8_t* data() const noexcept { return reinterpret_cast<const std::uint8_t*>(this + 1); }
};

// Base of the host objects wrapped by InteropInterface items. The host owns them and keeps them alive for the
// engine's lifetime; equality is identity, as for .NET objects.
struct InteropObject {
  const char* type_name = "Object";
};

// Compound objects. `stack_refs` is the N3 (v2, neo-go style) reference count: how many references from the
// stacks, slots and referenced parents point at this object.
struct CompoundObject {
  StackItemType type;
  bool read_only = false;
  bool gc_mark = false;  // used only by Engine::collect_garbage
  std::int32_t stack_refs = 0;
  explicit CompoundObject(StackItemType t) noexcept : type(t) {}
};

class StackItem {
 public:
  StackItem() noexcept { u_.i = 0; }
  StackItem(const StackItem& other) noexcept
      : type_(other.type_), rep_(other.rep_), aux_(other.aux_), u_(other.u_) {
    if (rep_ & kHeapFlag) ++u_.block->handles;
  }
  StackItem(StackItem&& other) noexcept
      : type_(other.type_), rep_(other.rep_), aux_(other.aux_), u_(other.u_) {
    other.rep_ = 0;
    other.type_ = StackItemType::Any;
  }
  StackItem& operator=(const StackItem& other) noexcept {
    if (this != &other) {
      if (other.rep_ & kHeapFlag) ++other.u_.block->handles;
      release();
      type_ = other.type_;
      rep_ = other.rep_;
      aux_ = other.aux_;
      u_ = other.u_;
    }
    return *this;
  }
  StackItem& operator=(StackItem&& other) noexcept {
    if (this != &other) {
      release();
      type_ = other.type_;
      rep_ = other.rep_;
      aux_ = other.aux_;
      u_ = other.u_;
      other.rep_ = 0;
      other.type_ = StackItemType::Any;
    }
    return *this;
  }
  ~StackItem() { release(); }

  // --- construction
  // -------------------------------------------------------------------------------------------
  static StackItem null() noexcept { return StackItem(); }
  static StackItem boolean(bool v) noexcept {
    StackItem s;
    s.type_ = StackItemType::Boolean;
    s.u_.i = v ? 1 : 0;
    return s;
  }
  static StackItem integer(std::int64_t v) noexcept {
    StackItem s;
    s.type_ = StackItemType::Integer;
    s.u_.i = v;
    return s;
  }
  static StackItem integer(const Integer& v);  // inline when it fits in 64 bits
  // A ByteString viewing bytes that outlive every item (script bytes kept by the engine).
  static StackItem byte_string_view(const std::uint8_t* data, std::uint32_t size) noexcept {
    StackItem s;
    s.type_ = StackItemType::ByteString;
    s.aux_ = size;
    s.u_.view = data;
    return s;
  }
  static StackItem byte_string(std::span<const std::uint8_t> bytes);  // owned copy
  static StackItem buffer(std::uint32_t size);                        // zero-filled
  static StackItem buffer(std::span<const std::uint8_t> bytes);
  static StackItem pointer(const Script* script, std::uint32_t position) noexcept {
    StackItem s;
    s.type_ = StackItemType::Pointer;
    s.aux_ = position;
    s.u_.script = script;
    return s;
  }
  static StackItem compound(CompoundObject* obj) noexcept {
    StackItem s;
    s.type_ = obj->type;
    s.u_.compound = obj;
    return s;
  }
  static StackItem interop(const InteropObject* obj) noexcept {
    StackItem s;
    s.type_ = StackItemType::InteropInterface;
    s.u_.interop = obj;
    return s;
  }

  // --- inspection
  // ---------------------------------------------------------------------------------------------
  StackItemType type() const noexcept { return type_; }
  bool is_null() const noexcept { return type_ == StackItemType::Any; }
  bool is_compound() const noexcept {
    // Array 0x40, Struct 0x41 and Map 0x48 are the only types equal to 0x40 once bits 0 and 3 are cleared:
    // one mask and one compare on the VM's hottest test.
    static_assert(static_cast<std::uint8_t>(StackItemType::Array) == 0x40 &&
                  static_cast<std::uint8_t>(StackItemType::Struct) == 0x41 &&
                  static_cast<std::uint8_t>(StackItemType::Map) == 0x48);
    return (static_cast<std::uint8_t>(type_) & 0xF6u) == 0x40u;
  }
  bool is_array_like() const noexcept {
    return type_ == StackItemType::Array || type_ == StackItemType::Struct;
  }
  bool is_primitive() const noexcept {
    return type_ == StackItemType::Boolean || type_ == StackItemType::Integer ||
           type_ == StackItemType::ByteString;
  }
  bool is_small_integer() const noexcept {
    // type_ == Integer && !(rep_ & kHeapFlag), written on the two adjacent bytes at once so that the compiler
    // can test them with one 16-bit load.
    const unsigned type_and_rep = static_cast<unsigned>(type_) | (static_cast<unsigned>(rep_) << 8);
    return (type_and_rep & (0xFFu | (kHeapFlag << 8))) == static_cast<unsigned>(StackItemType::Integer);
  }
  std::int64_t small_integer() const noexcept { return u_.i; }  // precondition: is_small_integer()
  bool boolean_value() const noexcept { return u_.i != 0; }     // precondition: type Boolean
  const Integer& big_integer() const noexcept { return static_cast<const BigIntBlock*>(u_.block)->value; }
  CompoundObject* compound_object() const noexcept { return u_.compound; }
  struct ArrayObject* array_object() const noexcept;
  struct MapObject* map_object() const noexcept;
  BytesBlock* buffer_block() const noexcept { return static_cast<BytesBlock*>(u_.block); }
  const Script* pointer_script() const noexcept { return u_.script; }
  std::uint32_t pointer_position() const noexcept { return aux_; }
  const InteropObject* interop_object() const noexcept { return u_.interop; }

  // Bytes of a ByteString or Buffer (precondition: one of those types).
  std::span<const std::uint8_t> raw_bytes() const noexcept {
    if (type_ == StackItemType::Buffer) {
      const auto* b = static_cast<const BytesBlock*>(u_.block);
      return {b->data(), b->size};
    }
    if (rep_ & kHeapFlag) {
      const auto* b = static_cast<const BytesBlock*>(u_.block);
      return {b->data(), b->size};
    }
    return {u_.view, aux_};
  }

  // Same object / same inline value (reference equality for reference types).
  bool same_as(const StackItem& other) const noexcept {
    return type_ == other.type_ && aux_ == other.aux_ && u_.i == other.u_.i && rep_ == other.rep_;
  }

 private:
  static constexpr std::uint8_t kHeapFlag = 1;  // u_.block is a handle-counted HeapBlock

  void release() noexcept {
    if ((rep_ & kHeapFlag) && --u_.block->handles == 0) free_block();
  }
  void free_block() noexcept;

  StackItemType type_ = StackItemType::Any;
  std::uint8_t rep_ = 0;
  std::uint32_t aux_ = 0;  // ByteString view length, Pointer position
  union Payload {
    std::int64_t i;
    const std::uint8_t* view;
    HeapBlock* block;
    CompoundObject* compound;
    const Script* script;
    const InteropObject* interop;
  } u_;
};

static_assert(sizeof(StackItem) <= 16, "StackItem must stay a 16-byte value");

struct ArrayObject : CompoundObject {
  std::vector<StackItem> items;
  explicit ArrayObject(StackItemType t) noexcept : CompoundObject(t) {}
};

struct MapEntry {
  StackItem key;
  StackItem value;
};

// An insertion-ordered map (the reference's OrderedDictionary). Read `entries` freely and mutate it through
// the member functions; appending to `entries` directly (without duplicate keys) is tolerated: the hash
// index, used once the map outgrows a linear scan, is rebuilt lazily whenever it no longer covers every
// entry.
struct MapObject : CompoundObject {
  std::vector<MapEntry> entries;
  MapObject() noexcept : CompoundObject(StackItemType::Map) {}

  MapEntry* find(const StackItem& key) noexcept;
  std::size_t find_index(const StackItem& key) const noexcept;  // entries.size() when absent
  void insert(StackItem key, StackItem value);                  // precondition: key absent
  void erase_at(std::size_t index);
  void clear() noexcept {
    entries.clear();
    index_.clear();
    indexed_ = 0;
  }

 private:
  static constexpr std::size_t kIndexThreshold = 8;  // linear scan up to this many entries
  void rebuild_index() const;
  void index_insert(std::uint32_t entry) const noexcept;
  // Open addressing table of entry position + 1 (0 = empty), size a power of two, covering entries[0,
  // indexed_).
  mutable std::vector<std::uint32_t> index_;
  mutable std::size_t indexed_ = 0;
};

inline ArrayObject* StackItem::array_object() const noexcept {
  return static_cast<ArrayObject*>(u_.compound);
}
inline MapObject* StackItem::map_object() const noexcept { return static_cast<MapObject*>(u_.compound); }

// Scratch space for the byte form of an inline value (Integer / Boolean) so that every primitive can be seen
// as bytes.
struct ByteScratch {
  std::uint8_t bytes[Integer::kMaxSize];
};

// Conversions with N3 semantics. Each returns false where the reference throws (the engine faults).
bool get_integer(const StackItem& item, Integer& out) noexcept;
bool get_boolean(const StackItem& item, bool& out) noexcept;
// Bytes of a primitive or Buffer (GetSpan); false for Null, Pointer, Interop and compounds.
bool get_span(const StackItem& item, ByteScratch& scratch, std::span<const std::uint8_t>& out) noexcept;
// Size in bytes of a primitive (PrimitiveType.Size) or Buffer.
std::uint32_t primitive_size(const StackItem& item) noexcept;

// Primitive-key equality used by Map (same type and same value).
bool map_key_equals(const StackItem& a, const StackItem& b) noexcept;

}  // namespace neo::vm
