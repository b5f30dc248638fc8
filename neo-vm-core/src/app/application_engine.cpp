// The application engine and the System.* interop services. Semantics follow neo-project/neo's
// ApplicationEngine*.cs with every hardfork up to HF_Faun active; see application_engine.hpp for the model.
//
// Every service runs as the reference's OnSysCall does: check the context's call flags, charge the fixed
// price times the exec fee factor, pop the parameters in declaration order (converting each as the
// reference's InteropParameterDescriptor does), run, push the result. Any failure faults the engine.
#include "neo/vm/app/application_engine.hpp"

#include <algorithm>
#include <cstring>

#include "../engine_internal.hpp"
#include "neo/vm/app/binary_serializer.hpp"
#include "neo/vm/app/native.hpp"
#include "neo/vm/assembly/syscalls.hpp"
#include "neo/vm/crypto/portable.hpp"
#include "neo/vm/opcode.hpp"
#include "neo/vm/script_builder.hpp"
#include "utf8.hpp"

namespace neo::vm::app {
namespace {

using detail::Message;

// Service ids from the shared table, usable as switch labels.
enum class ServiceId : std::uint32_t {
#define NEO_VM_SYSCALL(identifier, name, id, price, call_flags, hardfork) identifier = id,
#include "neo/vm/syscalls.def"
};

std::span<const std::uint8_t> as_bytes(std::string_view s) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

StackItem bytes_item(std::span<const std::uint8_t> bytes) { return StackItem::byte_string(bytes); }

using internal::is_strict_utf8;

void append_hex_byte(Message& m, std::uint8_t v) {
  const char hex[] = "0123456789abcdef";
  const char digits[2] = {hex[v >> 4], hex[v & 15]};
  m << std::string_view(digits, 2);
}

// A popped primitive's bytes; keeps the item alive while the span is in use.
struct BytesArg {
  StackItem item;
  ByteScratch scratch;
  std::span<const std::uint8_t> bytes;
};

bool pop_item(Engine& e, StackItem& out) { return e.pop(out); }

// byte[] parameter: any primitive or Buffer; Null only where the parameter is nullable.
bool to_bytes(Engine& e, StackItem item, BytesArg& out, bool nullable = false, bool* is_null = nullptr) {
  if (item.is_null()) {
    if (!nullable) return e.fault("The argument can't be null.");
    if (is_null != nullptr) *is_null = true;
    return true;
  }
  if (is_null != nullptr) *is_null = false;
  out.item = std::move(item);
  if (!get_span(out.item, out.scratch, out.bytes)) {
    Message m;
    m << "Invalid argument type: " << stack_item_type_name(out.item.type());
    return e.fault(m.view());
  }
  return true;
}

bool pop_bytes(Engine& e, BytesArg& out) {
  StackItem item;
  return pop_item(e, item) && to_bytes(e, std::move(item), out);
}

bool to_integer(Engine& e, const StackItem& item, Integer& out) {
  if (item.is_null()) return e.fault("The argument can't be null.");
  if (!get_integer(item, out)) {
    Message m;
    m << "Invalid argument type: " << stack_item_type_name(item.type());
    return e.fault(m.view());
  }
  return true;
}

// A .NET checked conversion of the integer to [min, max] (int, long, byte enums).
bool pop_ranged(Engine& e, std::int64_t min, std::int64_t max, std::int64_t& out) {
  StackItem item;
  Integer v;
  if (!pop_item(e, item) || !to_integer(e, item, v)) return false;
  if (!v.fits_int64() || v.to_int64() < min || v.to_int64() > max) {
    Message m;
    m << "Value was either too large or too small: " << v;
    return e.fault(m.view());
  }
  out = v.to_int64();
  return true;
}

// Array parameter: Array or Struct (Struct derives from Array in the reference).
bool pop_array(Engine& e, StackItem& out) {
  if (!pop_item(e, out)) return false;
  if (out.is_null()) return e.fault("The argument can't be null.");
  if (!out.is_array_like()) {
    Message m;
    m << "Invalid argument type: " << stack_item_type_name(out.type()) << " (expected Array)";
    return e.fault(m.view());
  }
  return true;
}

// T[] parameter: an Array's items, or an integer count followed by that many popped items.
bool pop_element_list(Engine& e, std::vector<StackItem>& out) {
  StackItem item;
  if (!pop_item(e, item)) return false;
  if (item.is_null()) return e.fault("The argument can't be null.");
  if (item.is_array_like()) {
    out = item.array_object()->items;
    return true;
  }
  Integer count;
  if (!to_integer(e, item, count)) return false;
  if (!count.fits_int64() || count.to_int64() < 0 ||
      count.to_int64() > static_cast<std::int64_t>(e.limits().max_stack_size))
    return e.fault("Invalid array length.");
  out.resize(static_cast<std::size_t>(count.to_int64()));
  for (StackItem& element : out) {
    if (!pop_item(e, element)) return false;
  }
  return true;
}

bool elements_to_bytes(Engine& e, std::vector<StackItem>& elements, std::vector<BytesArg>& out) {
  out.resize(elements.size());
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (elements[i].is_null()) return e.fault("The element of the array can't be null.");
    if (!to_bytes(e, std::move(elements[i]), out[i])) return false;
  }
  return true;
}

template <class T>
bool pop_interop(Engine& e, T*& out) {
  StackItem item;
  if (!pop_item(e, item)) return false;
  if (item.is_null()) return e.fault("The argument can't be null.");
  if (item.type() != StackItemType::InteropInterface ||
      std::string_view(item.interop_object()->type_name) != std::string_view(T::kTypeName)) {
    Message m;
    m << "Invalid argument type: expected " << T::kTypeName;
    return e.fault(m.view());
  }
  // The engine only ever sees objects this host created as T (identified by type_name).
  out = const_cast<T*>(static_cast<const T*>(item.interop_object()));
  return true;
}

bool pop_hash160(Engine& e, UInt160& out, bool nullable, bool& is_null) {
  StackItem item;
  BytesArg arg;
  if (!pop_item(e, item) || !to_bytes(e, std::move(item), arg, nullable, &is_null)) return false;
  if (is_null) return true;
  if (arg.bytes.size() != out.size()) return e.fault("Invalid UInt160 length.");
  std::copy(arg.bytes.begin(), arg.bytes.end(), out.begin());
  return true;
}

// ECPoint parameter (secp256r1): a compressed (02/03 || X) or uncompressed (04 || X || Y) encoding, returned
// compressed. Only the encoding is checked: whether the point is on the curve needs a point decoder the
// crypto backend does not expose, so off-curve keys are accepted where the reference faults.
bool to_public_key(Engine& e, std::span<const std::uint8_t> bytes, PublicKey& out) {
  if (bytes.size() == 33 && (bytes[0] == 0x02 || bytes[0] == 0x03)) {
    std::copy(bytes.begin(), bytes.end(), out.begin());
    return true;
  }
  if (bytes.size() == 65 && bytes[0] == 0x04) {
    out[0] = static_cast<std::uint8_t>(0x02 | (bytes[64] & 1));
    std::copy(bytes.begin() + 1, bytes.begin() + 33, out.begin() + 1);
    return true;
  }
  return e.fault("Invalid point encoding.");
}

// Deep copy with the reference's DeepCopy(asImmutable: true): compounds become read-only copies, Buffers
// become ByteStrings, shared sub-objects (and cycles) stay shared in the copy.
StackItem deep_copy_immutable(Engine& e, const StackItem& item,
                              std::vector<std::pair<const CompoundObject*, CompoundObject*>>& done) {
  if (item.type() == StackItemType::Buffer) return StackItem::byte_string(item.raw_bytes());
  if (!item.is_compound()) return item;
  const CompoundObject* original = item.compound_object();
  for (const auto& [from, to] : done) {
    if (from == original) return StackItem::compound(to);
  }
  if (item.type() == StackItemType::Map) {
    MapObject* copy = e.new_map();
    done.emplace_back(original, copy);
    for (const MapEntry& entry : item.map_object()->entries)
      copy->insert(entry.key, deep_copy_immutable(e, entry.value, done));
    copy->read_only = true;
    return StackItem::compound(copy);
  }
  ArrayObject* copy = e.new_array(item.type());
  done.emplace_back(original, copy);
  for (const StackItem& child : item.array_object()->items)
    copy->items.push_back(deep_copy_immutable(e, child, done));
  copy->read_only = true;
  return StackItem::compound(copy);
}

// ApplicationEngine.CheckItemType: does an event argument match its declared ABI type?
bool check_item_type(const StackItem& item, ParameterType type) {
  const StackItemType t = item.type();
  if (t == StackItemType::Pointer) return false;
  const bool bytes_like = t == StackItemType::ByteString || t == StackItemType::Buffer;
  auto sized = [&](std::size_t n) {
    return t == StackItemType::Any || (bytes_like && item.raw_bytes().size() == n);
  };
  switch (type) {
    case ParameterType::Any:
      return true;
    case ParameterType::Boolean:
      return t == StackItemType::Boolean;
    case ParameterType::Integer:
      return t == StackItemType::Integer;
    case ParameterType::ByteArray:
      return t == StackItemType::Any || bytes_like;
    case ParameterType::String:
      return bytes_like && is_strict_utf8(item.raw_bytes());
    case ParameterType::Hash160:
      return sized(20);
    case ParameterType::Hash256:
      return sized(32);
    case ParameterType::PublicKey:
      return sized(33);
    case ParameterType::Signature:
      return sized(64);
    case ParameterType::Array:
      return t == StackItemType::Any || t == StackItemType::Array || t == StackItemType::Struct;
    case ParameterType::Map:
      return t == StackItemType::Any || t == StackItemType::Map;
    case ParameterType::InteropInterface:
      return t == StackItemType::Any || t == StackItemType::InteropInterface;
    default:
      return false;
  }
}

bool syscall_hook(void* host, Engine&, std::uint32_t id) {
  return static_cast<ApplicationEngine*>(host)->on_syscall(id);
}

bool callt_hook(void* host, Engine&, std::uint16_t token) {
  return static_cast<ApplicationEngine*>(host)->on_callt(token);
}

bool unloaded_hook(void* host, Engine&, const SharedContextState* unloaded, std::uint32_t returned) {
  return static_cast<ApplicationEngine*>(host)->on_context_unloaded(unloaded, returned);
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// Free helpers
// ---------------------------------------------------------------------------------------------------------

UInt160 script_hash(const crypto::CryptoBackend& backend, std::span<const std::uint8_t> script) noexcept {
  const crypto::Sha256Digest inner = backend.sha256(script);
  return backend.ripemd160(inner);
}

UInt160 contract_hash(const crypto::CryptoBackend& backend, const UInt160& sender, std::uint32_t nef_checksum,
                      std::string_view name) {
  ScriptBuilder sb;
  sb.emit(OpCode::ABORT);
  sb.emit_push_bytes(sender);
  sb.emit_push(static_cast<std::int64_t>(nef_checksum));
  sb.emit_push_string(name);
  return script_hash(backend, sb.bytes());
}

std::vector<std::uint8_t> signature_redeem_script(std::span<const std::uint8_t, 33> public_key) {
  // PUSHDATA1 33 <key> SYSCALL System.Crypto.CheckSig: 40 bytes, written in place (GCC 12 misreports
  // push_back sequences on a fresh vector under -Warray-bounds).
  std::vector<std::uint8_t> s(40);
  s[0] = static_cast<std::uint8_t>(OpCode::PUSHDATA1);
  s[1] = 33;
  std::copy(public_key.begin(), public_key.end(), s.begin() + 2);
  s[35] = static_cast<std::uint8_t>(OpCode::SYSCALL);
  const std::uint32_t id = static_cast<std::uint32_t>(ServiceId::System_Crypto_CheckSig);
  for (int i = 0; i < 4; ++i) s[36 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(id >> (8 * i));
  return s;
}

bool is_strict_valid_script(std::span<const std::uint8_t> script) noexcept {
  // Pass 1: mark instruction starts (every instruction must decode). Pass 2: check the operands.
  std::vector<bool> starts(script.size() + 1, false);
  std::uint32_t ip = 0;
  while (ip < script.size()) {
    Instruction ins;
    if (decode_instruction(script, ip, ins) != DecodeStatus::Ok) return false;
    starts[ip] = true;
    ip += ins.size;
  }
  auto is_start = [&](std::int64_t target) {
    return target >= 0 && target < static_cast<std::int64_t>(script.size()) &&
           starts[static_cast<std::size_t>(target)];
  };
  for (ip = 0; ip < script.size();) {
    Instruction ins;
    decode_instruction(script, ip, ins);
    const std::uint8_t* o = ins.operand;
    const auto i8 = [&](std::size_t at) {
      return static_cast<std::int64_t>(static_cast<std::int8_t>(o[at]));
    };
    const auto i32 = [&](std::size_t at) { return static_cast<std::int64_t>(detail::read_i32(o + at)); };
    bool ok = true;
    switch (ins.opcode) {
      case OpCode::JMP:
      case OpCode::JMPIF:
      case OpCode::JMPIFNOT:
      case OpCode::JMPEQ:
      case OpCode::JMPNE:
      case OpCode::JMPGT:
      case OpCode::JMPGE:
      case OpCode::JMPLT:
      case OpCode::JMPLE:
      case OpCode::CALL:
      case OpCode::ENDTRY:
        ok = is_start(ip + i8(0));
        break;
      case OpCode::PUSHA:
      case OpCode::JMP_L:
      case OpCode::JMPIF_L:
      case OpCode::JMPIFNOT_L:
      case OpCode::JMPEQ_L:
      case OpCode::JMPNE_L:
      case OpCode::JMPGT_L:
      case OpCode::JMPGE_L:
      case OpCode::JMPLT_L:
      case OpCode::JMPLE_L:
      case OpCode::CALL_L:
      case OpCode::ENDTRY_L:
        ok = is_start(ip + i32(0));
        break;
      case OpCode::TRY:
        ok = is_start(ip + i8(0)) && is_start(ip + i8(1));
        break;
      case OpCode::TRY_L:
        ok = is_start(ip + i32(0)) && is_start(ip + i32(4));
        break;
      case OpCode::NEWARRAY_T:
      case OpCode::ISTYPE:
      case OpCode::CONVERT:
        ok = is_defined_stack_item_type(o[0]) &&
             (ins.opcode == OpCode::NEWARRAY_T || o[0] != static_cast<std::uint8_t>(StackItemType::Any));
        break;
      default:
        break;
    }
    if (!ok) return false;
    ip += ins.size;
  }
  return true;
}

namespace {

// EmitPush(BigInteger) for a non-negative count: the shortest PUSH form.
void emit_push_count(std::vector<std::uint8_t>& s, std::uint32_t v) {
  if (v <= 16) {
    s.push_back(static_cast<std::uint8_t>(static_cast<std::uint8_t>(OpCode::PUSH0) + v));
  } else if (v <= 0x7F) {
    s.push_back(static_cast<std::uint8_t>(OpCode::PUSHINT8));
    s.push_back(static_cast<std::uint8_t>(v));
  } else if (v <= 0x7FFF) {
    s.push_back(static_cast<std::uint8_t>(OpCode::PUSHINT16));
    s.push_back(static_cast<std::uint8_t>(v));
    s.push_back(static_cast<std::uint8_t>(v >> 8));
  } else {
    s.push_back(static_cast<std::uint8_t>(OpCode::PUSHINT32));
    for (int i = 0; i < 4; ++i) s.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
}

}  // namespace

bool multisig_redeem_script(std::uint32_t m, std::span<const PublicKey> public_keys,
                            std::vector<std::uint8_t>& out) {
  const std::size_t n = public_keys.size();
  if (!(1 <= m && m <= n && n <= 1024)) return false;
  std::vector<PublicKey> sorted(public_keys.begin(), public_keys.end());
  // ECPoint order: X, then Y. Equal X with the same prefix is the same point; equal X with different prefixes
  // would need Y itself.
  bool needs_y = false;
  std::sort(sorted.begin(), sorted.end(), [&](const PublicKey& a, const PublicKey& b) {
    const int c = std::memcmp(a.data() + 1, b.data() + 1, 32);
    if (c != 0) return c < 0;
    if (a[0] != b[0]) needs_y = true;
    return false;
  });
  if (needs_y) return false;
  std::vector<std::uint8_t> s;
  emit_push_count(s, m);
  for (const PublicKey& key : sorted) {
    s.push_back(static_cast<std::uint8_t>(OpCode::PUSHDATA1));
    s.push_back(33);
    s.insert(s.end(), key.begin(), key.end());
  }
  emit_push_count(s, static_cast<std::uint32_t>(n));
  s.push_back(static_cast<std::uint8_t>(OpCode::SYSCALL));
  const std::uint32_t id = static_cast<std::uint32_t>(ServiceId::System_Crypto_CheckMultisig);
  for (int i = 0; i < 4; ++i) s.push_back(static_cast<std::uint8_t>(id >> (8 * i)));
  out = std::move(s);
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------------------------------------

namespace {

std::vector<storage::StorageEntry> initial_entries(const ExecutionEnvironment& env) {
  std::vector<storage::StorageEntry> entries;
  entries.reserve(env.storage.size());
  for (const StorageEntry& e : env.storage)
    entries.push_back(storage::StorageEntry{storage::StorageKey{e.contract_id, e.key}, e.value});
  return entries;
}

}  // namespace

ApplicationEngine::ApplicationEngine(const ExecutionEnvironment& environment, std::uint64_t gas_limit,
                                     const crypto::CryptoBackend* backend)
    : env_(environment),
      gas_limit_(gas_limit),
      backend_(backend != nullptr ? backend : &crypto::portable_backend()),
      base_(initial_entries(environment)),
      tracked_(base_) {
  engine_.set_exec_fee_factor(env_.exec_fee_factor);
  engine_.set_gas_limit(gas_limit_);
  engine_.set_syscall_handler(&syscall_hook, this);
  engine_.set_callt_handler(&callt_hook, this);
  engine_.set_context_unloaded_handler(&unloaded_hook, this);
  initial_root_ = base_.root();
  // The environment's contracts come with NEF and manifest. One that fails the deployment checks stays
  // visible by hash and id (storage, Notify) and faults with the reason when called.
  for (const ContractInfo& info : env_.contracts) {
    ManifestError error;
    if (add_contract(info, error) != nullptr) continue;
    ContractDescriptor d;
    d.hash = info.hash;
    d.id = info.id;
    d.load_error = error.field;
    d.load_error.insert(d.load_error.end(), {':', ' '});
    d.load_error.insert(d.load_error.end(), error.message.begin(), error.message.end());
    add_contract(std::move(d));
  }
}

ApplicationEngine::~ApplicationEngine() = default;

const ContractDescriptor& ApplicationEngine::add_contract(ContractDescriptor contract) {
  for (auto& existing : contracts_) {
    if (existing->hash == contract.hash) {
      *existing = std::move(contract);  // in place: loaded contexts keep pointing at it
      return *existing;
    }
  }
  contracts_.push_back(std::make_unique<ContractDescriptor>(std::move(contract)));
  return *contracts_.back();
}

const ContractDescriptor* ApplicationEngine::find_contract(const UInt160& hash) const noexcept {
  for (const auto& c : contracts_) {
    if (c->hash == hash) return c.get();
  }
  return nullptr;
}

ContextState& ApplicationEngine::new_state(const SharedContextState* shared) {
  states_.push_back(ContextState{});
  ContextState& s = states_.back();
  s.shared = shared;
  if (entry_shared_ == nullptr) entry_shared_ = shared;
  s.notification_base = notifications_.size();
  storage_layers_.push_back(std::make_unique<storage::TrackedStorage>(storage_top()));
  s.has_storage_layer = true;
  return s;
}

const ContextState* ApplicationEngine::state_of(const SharedContextState* shared) const noexcept {
  for (std::size_t i = states_.size(); i-- > 0;) {
    if (states_[i].shared == shared) return &states_[i];
  }
  return nullptr;
}

const ContextState* ApplicationEngine::current_state() const noexcept {
  const ExecutionContext* ctx = engine_.current_context();
  return ctx == nullptr ? nullptr : state_of(ctx->shared);
}

ContextState* ApplicationEngine::mutable_current_state() noexcept {
  return const_cast<ContextState*>(current_state());
}

std::optional<UInt160> ApplicationEngine::current_script_hash() const noexcept {
  const ContextState* s = current_state();
  if (s == nullptr) return std::nullopt;
  return s->script_hash;
}

std::optional<UInt160> ApplicationEngine::calling_script_hash() const noexcept {
  const ContextState* s = current_state();
  if (s == nullptr) return std::nullopt;
  return s->calling_script_hash;
}

std::optional<UInt160> ApplicationEngine::entry_script_hash() const noexcept {
  const ContextState* s = entry_shared_ == nullptr ? nullptr : state_of(entry_shared_);
  if (s == nullptr) return std::nullopt;
  return s->script_hash;
}

void ApplicationEngine::count_invocation(const UInt160& hash, bool increment) {
  for (auto& [h, count] : invocation_counter_) {
    if (h == hash) {
      if (increment) ++count;
      return;
    }
  }
  invocation_counter_.emplace_back(hash, 1);
}

StorageContext* ApplicationEngine::new_storage_context(std::int32_t id, bool read_only) {
  storage_contexts_.push_back(std::make_unique<StorageContext>(id, read_only));
  return storage_contexts_.back().get();
}

StorageIterator* ApplicationEngine::new_iterator() {
  iterators_.push_back(std::make_unique<StorageIterator>());
  return iterators_.back().get();
}

bool ApplicationEngine::load_entry_script(std::span<const std::uint8_t> script) {
  if (!engine_.load_script(script)) return false;
  ContextState& s = new_state(engine_.current_context()->shared);
  s.script_hash = app::script_hash(*backend_, script);
  s.call_flags = call_flags::kAll;
  count_invocation(s.script_hash, false);
  return true;
}

bool ApplicationEngine::load_contract_script(const ContractDescriptor& contract,
                                             std::span<const std::uint8_t> script, std::uint32_t offset,
                                             std::uint8_t flags, std::int32_t rvcount) {
  // Copy what is needed of the caller now: new_state() grows states_ and would leave a pointer dangling.
  const ContextState* caller = current_state();
  std::optional<UInt160> calling;
  const SharedContextState* caller_shared = nullptr;
  if (caller != nullptr) {
    calling = caller->script_hash;
    caller_shared = caller->shared;
  }
  caller = nullptr;
  if (!engine_.load_script(script, rvcount, offset)) return false;
  ContextState& s = new_state(engine_.current_context()->shared);
  s.script_hash = contract.hash;
  s.contract = &contract;
  s.call_flags = flags;
  s.calling_shared = caller_shared;
  s.calling_script_hash = calling;
  // A call counts one more invocation (CallContractInternal); loading as the entry only registers it.
  count_invocation(contract.hash, calling.has_value());
  return true;
}

VMState ApplicationEngine::execute() {
  const VMState result = engine_.execute();
  if (result == VMState::Fault) {
    notifications_.clear();
    storage_layers_.clear();
    tracked_.rollback();
  }
  return result;
}

storage::Hash256 ApplicationEngine::state_root() const {
  const std::vector<storage::StorageEntry> entries = tracked_.entries();
  return storage::state_root(entries);
}

// ---------------------------------------------------------------------------------------------------------
// Services
// ---------------------------------------------------------------------------------------------------------

struct Services {
  ApplicationEngine& app;
  Engine& e;

  const ContextState& state() const noexcept { return *app.current_state(); }
  std::uint64_t factor() const noexcept { return e.exec_fee_factor(); }

  bool require_flags(std::uint8_t required) {
    const std::uint8_t have = state().call_flags;
    if ((have & required) == required) return true;
    Message m;
    m << "Cannot call this SYSCALL with the flag 0x";
    append_hex_byte(m, have);
    m << ".";
    return e.fault(m.view());
  }

  bool push_hash(const UInt160& h) {
    e.push(bytes_item(h));
    return true;
  }

  // --- System.Runtime ------------------------------------------------------------------------------------

  bool get_time() {
    // The reference reads the persisting block, which a verification run does not have.
    if (app.env_.trigger == Trigger::Verification)
      return e.fault("GetTime can only be called with Application trigger.");
    Integer v;
    const std::uint64_t t = app.env_.block_time_ms;
    std::uint8_t le[9];
    for (int i = 0; i < 8; ++i) le[i] = static_cast<std::uint8_t>(t >> (8 * i));
    le[8] = 0;  // unsigned
    Integer::from_le_bytes(le, v);
    e.push(StackItem::integer(v));
    return true;
  }

  bool get_script_container() {
    // Minimal container model: a transaction whose item 0 (Hash) is the container hash.
    ArrayObject* tx = e.new_array(StackItemType::Array);
    tx->items.push_back(bytes_item(app.env_.container_hash));
    e.push(StackItem::compound(tx));
    return true;
  }

  bool get_calling_script_hash() {
    const std::optional<UInt160> h = app.calling_script_hash();
    if (!h) {
      e.push(StackItem::null());
      return true;
    }
    return push_hash(*h);
  }

  bool get_entry_script_hash() {
    const std::optional<UInt160> h = app.entry_script_hash();
    if (!h) {
      e.push(StackItem::null());
      return true;
    }
    return push_hash(*h);
  }

  // CalledByEntryCondition: the current context is the entry, or was called directly by it.
  bool called_by_entry() const {
    const ContextState& s = state();
    if (s.calling_shared == nullptr) return true;
    const ContextState* caller = app.state_of(s.calling_shared);
    return caller == nullptr || caller->calling_shared == nullptr;
  }

  // CheckWitnessInternal for a transaction container. Returns false with the engine faulted on error;
  // the answer goes to `result`.
  bool check_witness_internal(const UInt160& hash, bool& result) {
    const std::optional<UInt160> calling = app.calling_script_hash();
    if (calling && *calling == hash) {
      result = true;
      return true;
    }
    const Signer* signer = nullptr;
    for (const Signer& s : app.env_.signers) {
      if (s.account == hash) {
        signer = &s;
        break;
      }
    }
    result = false;
    if (signer == nullptr) return true;
    // Signer.GetAllRules order: Global; else CalledByEntry, CustomContracts, CustomGroups, WitnessRules.
    if (signer->scopes & witness_scope::kGlobal) {
      result = true;
      return true;
    }
    if ((signer->scopes & witness_scope::kCalledByEntry) && called_by_entry()) {
      result = true;
      return true;
    }
    const std::optional<UInt160> current = app.current_script_hash();
    if (signer->scopes & witness_scope::kCustomContracts) {
      for (const UInt160& c : signer->allowed_contracts) {
        if (current && *current == c) {
          result = true;
          return true;
        }
      }
    }
    if (signer->scopes & witness_scope::kCustomGroups) {
      for (const PublicKey& group : signer->allowed_groups) {
        // GroupCondition: needs ReadStates, then the executing contract's manifest groups.
        if (!require_flags(call_flags::kReadStates)) return false;
        const ContractDescriptor* contract = current ? app.find_contract(*current) : nullptr;
        if (contract != nullptr &&
            std::find(contract->groups.begin(), contract->groups.end(), group) != contract->groups.end()) {
          result = true;
          return true;
        }
      }
    }
    if (signer->scopes & witness_scope::kWitnessRules) return e.fault("WitnessRules are not supported.");
    return true;
  }

  bool check_witness() {
    BytesArg arg;
    if (!pop_bytes(e, arg)) return false;
    UInt160 hash{};
    if (arg.bytes.size() == 20) {
      std::copy(arg.bytes.begin(), arg.bytes.end(), hash.begin());
    } else if (arg.bytes.size() == 33) {
      PublicKey key{};
      if (!to_public_key(e, arg.bytes, key)) return false;
      hash = script_hash(app.crypto(), signature_redeem_script(key));
    } else {
      return e.fault("Invalid hashOrPubkey length");
    }
    bool result = false;
    if (!check_witness_internal(hash, result)) return false;
    e.push(StackItem::boolean(result));
    return true;
  }

  bool get_invocation_counter() {
    const UInt160 hash = state().script_hash;
    for (const auto& [h, count] : app.invocation_counter_) {
      if (h == hash) {
        e.push(StackItem::integer(count));
        return true;
      }
    }
    app.invocation_counter_.emplace_back(hash, 1);
    e.push(StackItem::integer(1));
    return true;
  }

  bool get_random() {
    // After Aspidochelone: Murmur128(nonce, network + n) for the n-th call; the nonce (the first 16 bytes of
    // the transaction hash in the reference) is the environment's random seed.
    const std::uint32_t seed = app.env_.network + app.random_times_++;
    const std::array<std::uint8_t, 16> r = murmur128(app.env_.random_seed, seed);
    if (!e.add_gas((std::uint64_t{1} << 13) * factor())) return false;
    std::uint8_t le[17];
    std::copy(r.begin(), r.end(), le);
    le[16] = 0;  // unsigned
    Integer v;
    Integer::from_le_bytes(le, v);
    e.push(StackItem::integer(v));
    return true;
  }

  bool log() {
    BytesArg arg;
    if (!pop_bytes(e, arg)) return false;
    if (arg.bytes.size() > kMaxNotificationSize) {
      Message m;
      m << "Notification size " << static_cast<std::int64_t>(arg.bytes.size())
        << " exceeds maximum allowed size of 1024 bytes";
      return e.fault(m.view());
    }
    if (!is_strict_utf8(arg.bytes))
      return e.fault("Failed to convert byte array to string: Invalid UTF-8 sequence");
    app.logs_.push_back(LogEntry{state().script_hash, Text(arg.bytes.begin(), arg.bytes.end())});
    return true;
  }

  bool notify() {
    BytesArg name;
    StackItem args;
    if (!pop_bytes(e, name) || !pop_array(e, args)) return false;
    if (name.bytes.size() > kMaxEventName) {
      Message m;
      m << "Event name size " << static_cast<std::int64_t>(name.bytes.size())
        << " exceeds maximum allowed size of 32 bytes";
      return e.fault(m.view());
    }
    if (!is_strict_utf8(name.bytes))
      return e.fault("Failed to convert byte array to string: Invalid UTF-8 sequence");
    const std::string_view event_name(reinterpret_cast<const char*>(name.bytes.data()), name.bytes.size());
    const ContractDescriptor* contract = state().contract;
    if (contract == nullptr) return e.fault("Notifications are not allowed in dynamic scripts.");
    const EventDescriptor* event = nullptr;
    for (const EventDescriptor& ev : contract->events) {
      if (text_view(ev.name) == event_name) {
        event = &ev;
        break;
      }
    }
    if (event == nullptr) {
      Message m;
      m << "Event `" << event_name << "` does not exist.";
      return e.fault(m.view());
    }
    const std::vector<StackItem>& items = args.array_object()->items;
    if (event->parameters.size() != items.size())
      return e.fault("The number of the arguments does not match the formal parameters of the event.");
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (!check_item_type(items[i], event->parameters[i])) {
        Message m;
        m << "The type of the argument " << static_cast<std::int64_t>(i)
          << " does not match the formal parameter.";
        return e.fault(m.view());
      }
    }
    std::vector<std::uint8_t> scratch;
    if (serialize(args, kMaxNotificationSize, e.limits().max_stack_size, scratch) != SerializeStatus::Ok)
      return e.fault("The notification state cannot be serialized within 1024 bytes.");
    if (app.env_.trigger == Trigger::Application && app.notifications_.size() >= kMaxNotificationCount)
      return e.fault("Maximum number of notifications `512` is reached.");
    std::vector<std::pair<const CompoundObject*, CompoundObject*>> done;
    StackItem copy = deep_copy_immutable(e, args, done);
    app.notifications_.push_back(
        Notification{state().script_hash, Text(event_name.begin(), event_name.end()), copy});
    return true;
  }

  bool get_notifications() {
    UInt160 filter{};
    bool all = false;
    if (!pop_hash160(e, filter, true, all)) return false;
    std::vector<const Notification*> selected;
    for (const Notification& n : app.notifications_) {
      if (all || n.script_hash == filter) selected.push_back(&n);
    }
    if (selected.size() > e.limits().max_stack_size) return e.fault("Too many notifications.");
    ArrayObject* result = e.new_array(StackItemType::Array);
    for (const Notification* n : selected) {
      ArrayObject* entry = e.new_array(StackItemType::Array);
      entry->items.push_back(bytes_item(n->script_hash));
      entry->items.push_back(bytes_item(as_bytes(text_view(n->event_name))));
      entry->items.push_back(n->state);
      result->items.push_back(StackItem::compound(entry));
    }
    e.push(StackItem::compound(result));
    return true;
  }

  bool gas_left() {
    const std::uint64_t limit = app.gas_limit_ == 0 ? INT64_MAX : app.gas_limit_;
    const std::uint64_t used = e.gas_consumed();
    e.push(StackItem::integer(static_cast<std::int64_t>(used >= limit ? 0 : limit - used)));
    return true;
  }

  bool burn_gas() {
    std::int64_t datoshi;
    if (!pop_ranged(e, INT64_MIN, INT64_MAX, datoshi)) return false;
    if (datoshi <= 0) return e.fault("GAS must be positive.");
    return e.add_gas(static_cast<std::uint64_t>(datoshi));
  }

  bool current_signers() {
    // Signer.ToStackItem: [account, scopes, allowed contracts, allowed groups, rules].
    ArrayObject* result = e.new_array(StackItemType::Array);
    for (const Signer& s : app.env_.signers) {
      ArrayObject* item = e.new_array(StackItemType::Array);
      item->items.push_back(bytes_item(s.account));
      item->items.push_back(StackItem::integer(s.scopes));
      ArrayObject* contracts = e.new_array(StackItemType::Array);
      if (s.scopes & witness_scope::kCustomContracts) {
        for (const UInt160& c : s.allowed_contracts) contracts->items.push_back(bytes_item(c));
      }
      ArrayObject* groups = e.new_array(StackItemType::Array);
      if (s.scopes & witness_scope::kCustomGroups) {
        for (const PublicKey& g : s.allowed_groups) groups->items.push_back(bytes_item(g));
      }
      item->items.push_back(StackItem::compound(contracts));
      item->items.push_back(StackItem::compound(groups));
      item->items.push_back(StackItem::compound(e.new_array(StackItemType::Array)));
      result->items.push_back(StackItem::compound(item));
    }
    e.push(StackItem::compound(result));
    return true;
  }

  bool load_script() {
    BytesArg script;
    std::int64_t flags;
    StackItem args;
    if (!pop_bytes(e, script) || !pop_ranged(e, 0, 255, flags) || !pop_array(e, args)) return false;
    if ((flags & ~static_cast<std::int64_t>(call_flags::kAll)) != 0) {
      Message m;
      m << "Invalid call flags: " << flags;
      return e.fault(m.view());
    }
    const ContextState caller = state();
    const std::vector<std::uint8_t> code(script.bytes.begin(), script.bytes.end());
    if (!is_strict_valid_script(code)) return e.fault("Bad script: it fails the strict script check.");
    if (!e.load_script(code)) return false;
    ContextState& s = app.new_state(e.current_context()->shared);
    s.script_hash = script_hash(app.crypto(), code);
    s.calling_shared = caller.shared;
    s.calling_script_hash = caller.script_hash;
    s.call_flags = static_cast<std::uint8_t>(flags) & caller.call_flags & call_flags::kReadOnly;
    s.is_dynamic_call = true;
    app.count_invocation(s.script_hash, false);
    const std::vector<StackItem>& items = args.array_object()->items;
    for (std::size_t i = items.size(); i-- > 0;) e.push(items[i]);
    return true;
  }

  // --- System.Storage ------------------------------------------------------------------------------------

  bool contract_context(bool read_only, StorageContext*& out) {
    const ContractDescriptor* contract = app.find_contract(state().script_hash);
    if (contract == nullptr) return e.fault("This method can only be called by a deployed contract.");
    out = app.new_storage_context(contract->id, read_only);
    return true;
  }

  bool get_context(bool read_only) {
    StorageContext* ctx = nullptr;
    if (!contract_context(read_only, ctx)) return false;
    e.push(StackItem::interop(ctx));
    return true;
  }

  bool as_read_only() {
    StorageContext* ctx = nullptr;
    if (!pop_interop(e, ctx)) return false;
    if (!ctx->read_only) ctx = app.new_storage_context(ctx->id, true);
    e.push(StackItem::interop(ctx));
    return true;
  }

  bool get(const StorageContext& ctx, const BytesArg& key) {
    const std::optional<storage::Bytes> value = app.storage_top().get(
        storage::StorageKey{ctx.id, storage::Bytes(key.bytes.begin(), key.bytes.end())});
    e.push(value ? bytes_item(*value) : StackItem::null());
    return true;
  }

  bool find(const StorageContext& ctx, const BytesArg& prefix, std::int64_t options) {
    using namespace find_options;
    if ((options & ~static_cast<std::int64_t>(kAll)) != 0) {
      Message m;
      m << "Invalid find options: " << options;
      return e.fault(m.view());
    }
    const bool keys_only = options & kKeysOnly;
    if (keys_only && (options & (kValuesOnly | kDeserializeValues | kPickField0 | kPickField1)))
      return e.fault("KeysOnly cannot be used with ValuesOnly, DeserializeValues, PickField0, or PickField1");
    if ((options & kValuesOnly) && (options & (kKeysOnly | kRemovePrefix)))
      return e.fault("ValuesOnly cannot be used with KeysOnly or RemovePrefix");
    if ((options & kPickField0) && (options & kPickField1))
      return e.fault("PickField0 and PickField1 cannot be used together");
    if ((options & (kPickField0 | kPickField1)) && !(options & kDeserializeValues))
      return e.fault("PickField0 or PickField1 requires DeserializeValues");
    StorageIterator* it = app.new_iterator();
    it->entries = app.storage_top().find(ctx.id, prefix.bytes);
    if (options & kBackwards) std::reverse(it->entries.begin(), it->entries.end());
    it->prefix_length = prefix.bytes.size();
    it->options = static_cast<std::uint8_t>(options);
    e.push(StackItem::interop(it));
    return true;
  }

  // ApplicationEngine.CalculateChargableSize without traceability: new bytes cost in full, rewritten bytes a
  // quarter.
  static std::uint64_t chargeable_size(std::size_t key_size, std::size_t value_size,
                                       const std::optional<storage::Bytes>& old) {
    if (!old) return key_size + value_size;
    const std::size_t old_size = old->size();
    if (value_size == 0) return 0;
    if (value_size <= old_size) return (value_size - 1) / 4 + 1;
    if (old_size == 0) return value_size;
    return (old_size - 1) / 4 + 1 + value_size - old_size;
  }

  bool put(const StorageContext& ctx, const BytesArg& key, const BytesArg& value) {
    if (key.bytes.size() > kMaxStorageKeySize) {
      Message m;
      m << "Key length " << static_cast<std::int64_t>(key.bytes.size())
        << " exceeds maximum allowed size of 64 bytes.";
      return e.fault(m.view());
    }
    if (value.bytes.size() > kMaxStorageValueSize) {
      Message m;
      m << "Value length " << static_cast<std::int64_t>(value.bytes.size())
        << " exceeds maximum allowed size of 65535 bytes.";
      return e.fault(m.view());
    }
    if (ctx.read_only) return e.fault("StorageContext is read-only");
    const storage::StorageKey skey{ctx.id, storage::Bytes(key.bytes.begin(), key.bytes.end())};
    const std::uint64_t size =
        chargeable_size(key.bytes.size(), value.bytes.size(), app.storage_top().get(skey));
    if (!e.add_gas(size * app.env_.storage_price)) return false;
    app.storage_top().put(skey, value.bytes);
    return true;
  }

  bool remove(const StorageContext& ctx, const BytesArg& key) {
    if (ctx.read_only) return e.fault("StorageContext is read-only");
    app.storage_top().remove(storage::StorageKey{ctx.id, storage::Bytes(key.bytes.begin(), key.bytes.end())});
    return true;
  }

  // --- System.Iterator -----------------------------------------------------------------------------------

  bool iterator_next() {
    StorageIterator* it = nullptr;
    if (!pop_interop(e, it)) return false;
    const bool more = it->next < it->entries.size();
    if (more) {
      ++it->next;
    } else {
      it->next = it->entries.size() + 1;  // past the end: Value has no current entry
    }
    e.push(StackItem::boolean(more));
    return true;
  }

  bool iterator_value() {
    using namespace find_options;
    StorageIterator* it = nullptr;
    if (!pop_interop(e, it)) return false;
    if (it->next == 0 || it->next > it->entries.size()) return e.fault("The iterator has no current value.");
    const storage::StorageEntry& entry = it->entries[it->next - 1];
    std::span<const std::uint8_t> key_bytes = entry.key.key;
    if (it->options & kRemovePrefix) key_bytes = key_bytes.subspan(it->prefix_length);
    StackItem value;
    if (it->options & kDeserializeValues) {
      if (!deserialize(e, entry.value, e.limits().max_item_size, e.limits().max_stack_size, value))
        return e.fault("The storage value cannot be deserialized.");
    } else {
      value = bytes_item(entry.value);
    }
    if (it->options & (kPickField0 | kPickField1)) {
      if (!value.is_array_like()) return e.fault("PickField needs an Array or Struct value.");
      const std::size_t index = (it->options & kPickField0) ? 0 : 1;
      const std::vector<StackItem>& items = value.array_object()->items;
      if (index >= items.size()) return e.fault("PickField index out of range.");
      StackItem picked = items[index];
      value = std::move(picked);
    }
    if (it->options & kKeysOnly) {
      e.push(bytes_item(key_bytes));
    } else if (it->options & kValuesOnly) {
      e.push(std::move(value));
    } else {
      ArrayObject* pair = e.new_array(StackItemType::Struct);
      pair->items.push_back(bytes_item(key_bytes));
      pair->items.push_back(std::move(value));
      e.push(StackItem::compound(pair));
    }
    return true;
  }

  // --- System.Contract -----------------------------------------------------------------------------------

  bool create_standard_account() {
    BytesArg arg;
    PublicKey key{};
    if (!pop_bytes(e, arg) || !to_public_key(e, arg.bytes, key)) return false;
    if (!e.add_gas(kCheckSigPrice * factor())) return false;
    return push_hash(script_hash(app.crypto(), signature_redeem_script(key)));
  }

  bool create_multisig_account() {
    std::int64_t m;
    std::vector<StackItem> elements;
    std::vector<BytesArg> keys_bytes;
    if (!pop_ranged(e, INT32_MIN, INT32_MAX, m) || !pop_element_list(e, elements) ||
        !elements_to_bytes(e, elements, keys_bytes))
      return false;
    std::vector<PublicKey> keys(keys_bytes.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (!to_public_key(e, keys_bytes[i].bytes, keys[i])) return false;
    }
    if (!e.add_gas(kCheckSigPrice * keys.size() * factor())) return false;
    std::vector<std::uint8_t> script;
    if (m < 1 || !multisig_redeem_script(static_cast<std::uint32_t>(m), keys, script))
      return e.fault("Invalid multisig parameters.");
    return push_hash(script_hash(app.crypto(), script));
  }

  // System.Contract.Call(hash, method, callFlags, args): ApplicationEngine.CallContract.
  bool call() {
    UInt160 hash{};
    bool is_null = false;
    BytesArg method;
    std::int64_t flags;
    StackItem args;
    if (!pop_hash160(e, hash, false, is_null) || !pop_bytes(e, method)) return false;
    if (!is_strict_utf8(method.bytes)) return e.fault("The method name is not valid UTF-8.");
    if (!pop_ranged(e, 0, 255, flags) || !pop_array(e, args)) return false;
    const std::string_view name(reinterpret_cast<const char*>(method.bytes.data()), method.bytes.size());
    if (!name.empty() && name[0] == '_') {
      Message m;
      m << "Invalid Method Name: " << name;
      return e.fault(m.view());
    }
    if ((flags & ~static_cast<std::int64_t>(call_flags::kAll)) != 0) {
      Message m;
      m << "Invalid call flags: " << flags;
      return e.fault(m.view());
    }
    // The arguments are copied out: the array may be changed by the callee.
    const std::vector<StackItem> items = args.array_object()->items;
    const ContractDescriptor* contract = app.find_callable(hash);
    if (contract == nullptr || !contract->has_code) {
      Message m;
      m << "Called Contract Does Not Exist: 0x";
      for (std::size_t i = hash.size(); i-- > 0;) append_hex_byte(m, hash[i]);
      m << "." << name;
      if (contract != nullptr && !contract->load_error.empty())
        m << " (" << text_view(contract->load_error) << ")";
      return e.fault(m.view());
    }
    const ContractMethodDescriptor* md =
        contract->manifest.find_method(name, static_cast<std::int32_t>(items.size()));
    if (md == nullptr) {
      Message m;
      m << "Method \"" << name << "\" with " << static_cast<std::int64_t>(items.size())
        << " parameter(s) doesn't exist in the contract.";
      return e.fault(m.view());
    }
    return app.call_contract(*contract, *md, static_cast<std::uint8_t>(flags),
                             md->return_type != ParameterType::Void, items, true);
  }

  // --- System.Crypto -------------------------------------------------------------------------------------

  bool verify(std::span<const std::uint8_t> signature, std::span<const std::uint8_t> public_key) const {
    return app.crypto().verify_ecdsa(crypto::EcCurve::kSecp256r1, crypto::EcdsaHash::kSha256,
                                     app.env_.signable_data, public_key, signature);
  }

  bool check_sig() {
    BytesArg key;
    BytesArg sig;
    if (!pop_bytes(e, key) || !pop_bytes(e, sig)) return false;
    e.push(StackItem::boolean(verify(sig.bytes, key.bytes)));
    return true;
  }

  bool check_multisig() {
    std::vector<StackItem> key_items;
    std::vector<StackItem> sig_items;
    std::vector<BytesArg> keys;
    std::vector<BytesArg> sigs;
    if (!pop_element_list(e, key_items) || !elements_to_bytes(e, key_items, keys)) return false;
    if (!pop_element_list(e, sig_items) || !elements_to_bytes(e, sig_items, sigs)) return false;
    const std::size_t n = keys.size();
    if (n == 0) return e.fault("pubkeys array is empty.");
    if (!e.add_gas(kCheckSigPrice * n * factor())) return false;
    const std::size_t m = sigs.size();
    if (m == 0 || m > n) return e.fault("signatures count must be between 1 and the number of pubkeys.");
    bool ok = true;
    for (std::size_t i = 0, j = 0; ok && i < m && j < n;) {
      if (verify(sigs[i].bytes, keys[j].bytes)) ++i;
      ++j;
      if (m - i > n - j) ok = false;
    }
    e.push(StackItem::boolean(ok));
    return true;
  }

  bool not_supported(std::string_view name) {
    Message m;
    m << name << " is not supported yet.";
    return e.fault(m.view());
  }

  bool dispatch(const assembly::SyscallDescriptor& d) {
    if (!require_flags(d.call_flags)) return false;
    if (!e.add_gas(static_cast<std::uint64_t>(d.price) * factor())) return false;
    const ExecutionEnvironment& env = app.env_;
    switch (static_cast<ServiceId>(d.id)) {
      case ServiceId::System_Runtime_Platform:
        e.push(bytes_item(as_bytes("NEO")));
        return true;
      case ServiceId::System_Runtime_GetNetwork:
        e.push(StackItem::integer(env.network));
        return true;
      case ServiceId::System_Runtime_GetAddressVersion:
        e.push(StackItem::integer(env.address_version));
        return true;
      case ServiceId::System_Runtime_GetTrigger:
        e.push(StackItem::integer(static_cast<std::int64_t>(env.trigger)));
        return true;
      case ServiceId::System_Runtime_GetTime:
        return get_time();
      case ServiceId::System_Runtime_GetScriptContainer:
        return get_script_container();
      case ServiceId::System_Runtime_GetExecutingScriptHash:
        return push_hash(state().script_hash);
      case ServiceId::System_Runtime_GetCallingScriptHash:
        return get_calling_script_hash();
      case ServiceId::System_Runtime_GetEntryScriptHash:
        return get_entry_script_hash();
      case ServiceId::System_Runtime_CheckWitness:
        return check_witness();
      case ServiceId::System_Runtime_GetInvocationCounter:
        return get_invocation_counter();
      case ServiceId::System_Runtime_GetRandom:
        return get_random();
      case ServiceId::System_Runtime_Log:
        return log();
      case ServiceId::System_Runtime_Notify:
        return notify();
      case ServiceId::System_Runtime_GetNotifications:
        return get_notifications();
      case ServiceId::System_Runtime_GasLeft:
        return gas_left();
      case ServiceId::System_Runtime_BurnGas:
        return burn_gas();
      case ServiceId::System_Runtime_CurrentSigners:
        return current_signers();
      case ServiceId::System_Runtime_LoadScript:
        return load_script();

      case ServiceId::System_Storage_GetContext:
        return get_context(false);
      case ServiceId::System_Storage_GetReadOnlyContext:
        return get_context(true);
      case ServiceId::System_Storage_AsReadOnly:
        return as_read_only();
      case ServiceId::System_Storage_Get: {
        StorageContext* ctx = nullptr;
        BytesArg key;
        return pop_interop(e, ctx) && pop_bytes(e, key) && get(*ctx, key);
      }
      case ServiceId::System_Storage_Find: {
        StorageContext* ctx = nullptr;
        BytesArg prefix;
        std::int64_t options;
        return pop_interop(e, ctx) && pop_bytes(e, prefix) && pop_ranged(e, 0, 255, options) &&
               find(*ctx, prefix, options);
      }
      case ServiceId::System_Storage_Put: {
        StorageContext* ctx = nullptr;
        BytesArg key;
        BytesArg value;
        return pop_interop(e, ctx) && pop_bytes(e, key) && pop_bytes(e, value) && put(*ctx, key, value);
      }
      case ServiceId::System_Storage_Delete: {
        StorageContext* ctx = nullptr;
        BytesArg key;
        return pop_interop(e, ctx) && pop_bytes(e, key) && remove(*ctx, key);
      }
      case ServiceId::System_Storage_Local_Get: {
        BytesArg key;
        StorageContext* ctx = nullptr;
        return pop_bytes(e, key) && contract_context(true, ctx) && get(*ctx, key);
      }
      case ServiceId::System_Storage_Local_Find: {
        BytesArg prefix;
        std::int64_t options;
        StorageContext* ctx = nullptr;
        return pop_bytes(e, prefix) && pop_ranged(e, 0, 255, options) && contract_context(true, ctx) &&
               find(*ctx, prefix, options);
      }
      case ServiceId::System_Storage_Local_Put: {
        BytesArg key;
        BytesArg value;
        StorageContext* ctx = nullptr;
        return pop_bytes(e, key) && pop_bytes(e, value) && contract_context(false, ctx) &&
               put(*ctx, key, value);
      }
      case ServiceId::System_Storage_Local_Delete: {
        BytesArg key;
        StorageContext* ctx = nullptr;
        return pop_bytes(e, key) && contract_context(false, ctx) && remove(*ctx, key);
      }

      case ServiceId::System_Iterator_Next:
        return iterator_next();
      case ServiceId::System_Iterator_Value:
        return iterator_value();

      case ServiceId::System_Contract_GetCallFlags:
        e.push(StackItem::integer(state().call_flags));
        return true;
      case ServiceId::System_Contract_CreateStandardAccount:
        return create_standard_account();
      case ServiceId::System_Contract_CreateMultisigAccount:
        return create_multisig_account();

      case ServiceId::System_Crypto_CheckSig:
        return check_sig();
      case ServiceId::System_Crypto_CheckMultisig:
        return check_multisig();

      case ServiceId::System_Contract_Call:
        return call();
      case ServiceId::System_Contract_CallNative: {
        std::int64_t version;
        return pop_ranged(e, 0, 255, version) && app.call_native(static_cast<std::uint8_t>(version));
      }
      case ServiceId::System_Contract_NativeOnPersist:
      case ServiceId::System_Contract_NativePostPersist:
        return not_supported(d.name);
    }
    return not_supported(d.name);
  }
};

bool ApplicationEngine::on_syscall(std::uint32_t id) {
  const assembly::SyscallDescriptor* d = assembly::find_syscall(id);
  if (d == nullptr) return false;  // the engine faults "Syscall not found: <id>"
  if (current_state() == nullptr)
    return engine_.fault("The current script was not loaded through the ApplicationEngine.");
  Services services{*this, engine_};
  return services.dispatch(*d);
}

// ---------------------------------------------------------------------------------------------------------
// Contracts: registration, calls, CALLT, context unloading
// ---------------------------------------------------------------------------------------------------------

namespace {

Message& append_hash(Message& m, const UInt160& hash) {
  m << "0x";
  for (std::size_t i = hash.size(); i-- > 0;) append_hex_byte(m, hash[i]);
  return m;
}

void set_error(ManifestError& error, std::string_view field, std::string_view message) {
  error.field = make_text(field);
  error.message = make_text(message);
}

// How a typed argument becomes a stack item; false when its value does not fit its type.
bool argument_item(Engine& e, const ContractArgument& arg, StackItem& out, std::string_view& why) {
  auto sized = [&](std::size_t n) {
    if (arg.bytes.size() != n) {
      why = "wrong length for its type";
      return false;
    }
    out = StackItem::byte_string(arg.bytes);
    return true;
  };
  switch (arg.type) {
    case ParameterType::Any:
      out = StackItem::null();
      return true;
    case ParameterType::Boolean:
      out = StackItem::boolean(arg.boolean);
      return true;
    case ParameterType::Integer:
      out = StackItem::integer(arg.integer);
      return true;
    case ParameterType::ByteArray:
      out = StackItem::byte_string(arg.bytes);
      return true;
    case ParameterType::String:
      if (!is_strict_utf8(arg.bytes)) {
        why = "a String argument is not valid UTF-8";
        return false;
      }
      out = StackItem::byte_string(arg.bytes);
      return true;
    case ParameterType::Hash160:
      return sized(20);
    case ParameterType::Hash256:
      return sized(32);
    case ParameterType::PublicKey:
      return sized(33);
    case ParameterType::Signature:
      return sized(64);
    case ParameterType::Array: {
      ArrayObject* array = e.new_array(StackItemType::Array);
      for (const ContractArgument& item : arg.items) {
        StackItem child;
        if (!argument_item(e, item, child, why)) return false;
        array->items.push_back(std::move(child));
      }
      out = StackItem::compound(array);
      return true;
    }
    default:
      why = "this argument type cannot be passed";
      return false;
  }
}

}  // namespace

ContractArgument ContractArgument::from_bool(bool v) {
  ContractArgument a;
  a.type = ParameterType::Boolean;
  a.boolean = v;
  return a;
}

ContractArgument ContractArgument::from_integer(const Integer& v) {
  ContractArgument a;
  a.type = ParameterType::Integer;
  a.integer = v;
  return a;
}

ContractArgument ContractArgument::from_bytes(std::span<const std::uint8_t> v) {
  ContractArgument a;
  a.type = ParameterType::ByteArray;
  a.bytes.assign(v.begin(), v.end());
  return a;
}

ContractArgument ContractArgument::from_string(std::string_view v) {
  ContractArgument a;
  a.type = ParameterType::String;
  a.bytes.assign(v.begin(), v.end());
  return a;
}

ContractArgument ContractArgument::from_hash160(const UInt160& v) {
  ContractArgument a;
  a.type = ParameterType::Hash160;
  a.bytes.assign(v.begin(), v.end());
  return a;
}

ContractArgument ContractArgument::from_array(std::vector<ContractArgument> v) {
  ContractArgument a;
  a.type = ParameterType::Array;
  a.items = std::move(v);
  return a;
}

const ContractDescriptor* ApplicationEngine::add_contract(const UInt160& hash, std::int32_t id, NefFile nef,
                                                          ContractManifest manifest, ManifestError& error) {
  error = ManifestError{};
  if (!check_manifest_against_script(manifest, nef.script, error)) return nullptr;
  // ContractManifest.IsValid: every group signs the contract hash (its 20 bytes as stored).
  for (std::size_t i = 0; i < manifest.groups.size(); ++i) {
    const ContractGroup& g = manifest.groups[i];
    if (!backend_->verify_ecdsa(crypto::EcCurve::kSecp256r1, crypto::EcdsaHash::kSha256, hash, g.public_key,
                                g.signature)) {
      Message m;
      m << "groups[" << static_cast<std::int64_t>(i) << "]";
      set_error(error, m.view(), "the group signature does not verify the contract hash");
      return nullptr;
    }
  }
  ContractDescriptor d;
  d.hash = hash;
  d.id = id;
  for (const ContractEventDescriptor& ev : manifest.events) {
    EventDescriptor event;
    event.name = ev.name;
    for (const ContractParameterDefinition& p : ev.parameters) event.parameters.push_back(p.type);
    d.events.push_back(std::move(event));
  }
  for (const ContractGroup& g : manifest.groups) d.groups.push_back(g.public_key);
  d.has_code = true;
  d.nef = std::move(nef);
  d.manifest = std::move(manifest);
  return &add_contract(std::move(d));
}

const ContractDescriptor* ApplicationEngine::add_contract(const ContractInfo& info, ManifestError& error) {
  error = ManifestError{};
  NefFile nef;
  NefParseError nef_error;
  if (!parse_nef(info.nef, nef, nef_error)) {
    Message m;
    m << nef_error_name(nef_error.code) << " at offset " << static_cast<std::int64_t>(nef_error.offset);
    if (nef_error.field != nullptr && std::string_view(nef_error.field).substr(0, 6) == "tokens")
      m << " (token " << static_cast<std::int64_t>(nef_error.token) << ")";
    Text field = make_text("nef.");
    const std::string_view f = nef_error.field;
    field.insert(field.end(), f.begin(), f.end());
    error.field = std::move(field);
    error.message = make_text(m.view());
    return nullptr;
  }
  ContractManifest manifest;
  if (!parse_manifest(info.manifest, manifest, error)) {
    Text field = make_text("manifest.");
    field.insert(field.end(), error.field.begin(), error.field.end());
    error.field = std::move(field);
    return nullptr;
  }
  return add_contract(info.hash, info.id, std::move(nef), std::move(manifest), error);
}

storage::StorageBackend& ApplicationEngine::storage_top() noexcept {
  if (storage_layers_.empty()) return tracked_;
  return *storage_layers_.back();
}

bool ApplicationEngine::load_contract_method(const ContractDescriptor& contract,
                                             const ContractMethodDescriptor& method, std::uint8_t flags,
                                             std::span<const StackItem> args) {
  // The script bytes of a native contract are its per-method stubs (PUSH0 SYSCALL CallNative RET).
  if (!load_contract_script(contract, contract.nef.script, static_cast<std::uint32_t>(method.offset), flags,
                            method.return_type == ParameterType::Void ? 0 : 1))
    return false;
  if (contract.native_index >= 0) {
    // Methods of a native are found by position in its manifest (CallNative reads it from the state).
    ContextState* s = mutable_current_state();
    s->native_method = static_cast<std::int32_t>(&method - contract.manifest.methods.data());
  }
  // LoadContract: _initialize (no parameters) runs first, in a context of the same script, so it shares the
  // evaluation stack the arguments go to.
  const ContractMethodDescriptor* init = contract.manifest.find_method("_initialize", 0);
  if (init != nullptr && !engine_.call(static_cast<std::uint32_t>(init->offset))) return false;
  for (std::size_t i = args.size(); i-- > 0;) engine_.push(args[i]);
  return true;
}

bool ApplicationEngine::call_contract(const ContractDescriptor& contract,
                                      const ContractMethodDescriptor& method, std::uint8_t flags,
                                      bool has_return_value, std::span<const StackItem> args, bool dynamic) {
  const ContextState& caller = *current_state();
  if (method.safe) {
    flags &= static_cast<std::uint8_t>(~(call_flags::kWriteStates | call_flags::kAllowNotify));
  } else if (caller.contract != nullptr && caller.contract->has_code &&
             !manifest_can_call(caller.contract->manifest, contract.hash, contract.groups,
                                text_view(method.name))) {
    // A contract without a manifest (registered only for storage and events) restricts nothing, as a
    // dynamic script does not.
    Message m;
    m << "Cannot Call Method " << text_view(method.name) << " Of Contract ";
    append_hash(m, contract.hash) << " From Contract ";
    append_hash(m, caller.script_hash);
    return engine_.fault(m.view());
  }
  const std::uint8_t calling_flags = caller.call_flags;
  if (args.size() != method.parameters.size()) {
    Message m;
    m << "Method " << text_view(method.name) << " Expects "
      << static_cast<std::int64_t>(method.parameters.size()) << " Arguments But Receives "
      << static_cast<std::int64_t>(args.size()) << " Arguments";
    return engine_.fault(m.view());
  }
  if (has_return_value != (method.return_type != ParameterType::Void))
    return engine_.fault("The return value type does not match.");
  // load_contract_script counts the invocation (the reference counts before loading; nothing in between
  // can observe the difference).
  if (!load_contract_method(contract, method, flags & calling_flags, args)) return false;
  if (dynamic) {
    // The method's own context is below _initialize's when there is one; both share the state.
    ContextState* s = mutable_current_state();
    s->is_dynamic_call = true;
  }
  return true;
}

bool ApplicationEngine::call_contract(const UInt160& hash, std::string_view method, std::uint8_t flags,
                                      bool has_return_value, std::span<const StackItem> args, bool dynamic) {
  const ContractDescriptor* contract = callable_or_fault(hash);
  if (contract == nullptr) return false;
  const ContractMethodDescriptor* md =
      contract->manifest.find_method(method, static_cast<std::int32_t>(args.size()));
  if (md == nullptr) {
    Message m;
    m << "Method \"" << method << "\" with " << static_cast<std::int64_t>(args.size())
      << " parameter(s) doesn't exist in the contract ";
    append_hash(m, hash) << ".";
    return engine_.fault(m.view());
  }
  return call_contract(*contract, *md, flags, has_return_value, args, dynamic);
}

bool ApplicationEngine::on_callt(std::uint16_t token) {
  const ContextState* s = current_state();
  if (s == nullptr) return engine_.fault("The current script was not loaded through the ApplicationEngine.");
  const std::uint8_t required = call_flags::kReadStates | call_flags::kAllowCall;
  if ((s->call_flags & required) != required) {
    Message m;
    m << "Cannot call this SYSCALL with the flag 0x";
    append_hex_byte(m, s->call_flags);
    m << ".";
    return engine_.fault(m.view());
  }
  if (s->contract == nullptr || !s->contract->has_code || token >= s->contract->nef.tokens.size()) {
    Message m;
    m << "Token not found: " << static_cast<std::int64_t>(token);
    return engine_.fault(m.view());
  }
  const MethodToken& t = s->contract->nef.tokens[token];
  if (t.parameters_count > engine_.current_context()->evaluation_stack().size())
    return engine_.fault("CALLT: not enough arguments on the evaluation stack.");
  std::vector<StackItem> args(t.parameters_count);
  for (StackItem& arg : args) {
    if (!engine_.pop(arg)) return false;
  }
  return call_contract(t.hash, text_view(t.method), t.call_flags, t.has_return_value, args, false);
}

bool ApplicationEngine::on_context_unloaded(const SharedContextState* unloaded, std::uint32_t returned) {
  const ExecutionContext* current = engine_.current_context();
  // Only the last context of a script ends the script (contexts made by CALL share it).
  if (current != nullptr && current->shared == unloaded) return true;
  ContextState* s = const_cast<ContextState*>(state_of(unloaded));
  if (s == nullptr) return true;
  const bool exception = engine_.uncaught_exception() != nullptr;
  if (s->has_storage_layer && !storage_layers_.empty()) {
    if (!exception) storage_layers_.back()->commit();
    storage_layers_.pop_back();
    s->has_storage_layer = false;
  }
  if (exception) {
    if (notifications_.size() > s->notification_base) notifications_.resize(s->notification_base);
    return true;
  }
  if (current != nullptr && s->is_dynamic_call) {
    if (returned == 0) {
      engine_.push(StackItem::null());
    } else if (returned > 1) {
      return engine_.fault("Multiple return values are not allowed in cross-contract calls.");
    }
  }
  return true;
}

bool ApplicationEngine::load_method(const UInt160& contract_hash, std::string_view method,
                                    std::span<const ContractArgument> args, std::uint8_t flags) {
  const ContractDescriptor* contract = callable_or_fault(contract_hash);
  if (contract == nullptr) return false;
  const ContractMethodDescriptor* md =
      contract->manifest.find_method(method, static_cast<std::int32_t>(args.size()));
  if (md == nullptr) {
    Message m;
    m << "Method \"" << method << "\" with " << static_cast<std::int64_t>(args.size())
      << " parameter(s) doesn't exist in the contract.";
    return engine_.fault(m.view());
  }
  std::vector<StackItem> items(args.size());
  for (std::size_t i = 0; i < args.size(); ++i) {
    const ParameterType declared = md->parameters[i].type;
    std::string_view why;
    if (declared != ParameterType::Any && args[i].type != declared && args[i].type != ParameterType::Any) {
      Message m;
      m << "Argument " << static_cast<std::int64_t>(i) << " of " << method << " is "
        << parameter_type_name(args[i].type) << ", the method declares " << parameter_type_name(declared)
        << ".";
      return engine_.fault(m.view());
    }
    if (!argument_item(engine_, args[i], items[i], why)) {
      Message m;
      m << "Argument " << static_cast<std::int64_t>(i) << " of " << method << ": " << why << ".";
      return engine_.fault(m.view());
    }
  }
  return load_contract_method(*contract, *md, flags & call_flags::kAll, items);
}

const ContractDescriptor* ApplicationEngine::callable_or_fault(const UInt160& hash) {
  const ContractDescriptor* contract = find_callable(hash);
  if (contract != nullptr && contract->has_code) return contract;
  Message m;
  m << "Called Contract Does Not Exist: ";
  append_hash(m, hash);
  if (contract != nullptr && !contract->load_error.empty()) m << " (" << text_view(contract->load_error) << ")";
  engine_.fault(m.view());
  return nullptr;
}

const ContractDescriptor* ApplicationEngine::find_callable(const UInt160& hash) {
  const ContractDescriptor* found = find_contract(hash);
  if (found != nullptr) return found;
  const native::NativeContract* nc = native::find(hash);
  if (nc == nullptr) return nullptr;
  // A native contract as the reference deploys it: a script of one 7-byte stub per method (PUSH0, SYSCALL
  // System.Contract.CallNative, RET) and a manifest whose method i starts at 7 * i, with a wildcard
  // permission.
  ContractDescriptor d;
  d.hash = nc->hash;
  d.id = nc->id;
  d.has_code = true;
  const std::span<const native::NativeContract> all = native::contracts();
  d.native_index = static_cast<std::int32_t>(nc - all.data());
  d.manifest.name = make_text(nc->name);
  const std::uint32_t call_native = static_cast<std::uint32_t>(ServiceId::System_Contract_CallNative);
  for (std::size_t i = 0; i < nc->methods.size(); ++i) {
    const native::NativeMethod& nm = nc->methods[i];
    d.nef.script.push_back(static_cast<std::uint8_t>(OpCode::PUSH0));
    d.nef.script.push_back(static_cast<std::uint8_t>(OpCode::SYSCALL));
    for (int k = 0; k < 4; ++k) d.nef.script.push_back(static_cast<std::uint8_t>(call_native >> (8 * k)));
    d.nef.script.push_back(static_cast<std::uint8_t>(OpCode::RET));
    ContractMethodDescriptor md;
    md.name = make_text(nm.name);
    for (const native::NativeParameter& p : nm.parameters)
      md.parameters.push_back({make_text(p.name), p.type});
    // The parameter table may be shorter than the count for methods this project does not implement.
    while (md.parameters.size() < nm.parameter_count)
      md.parameters.push_back({make_text("arg"), ParameterType::Any});
    md.return_type = nm.has_return ? nm.return_type : ParameterType::Void;
    md.offset = static_cast<std::int32_t>(7 * i);
    md.safe = nm.safe;
    d.manifest.methods.push_back(std::move(md));
  }
  ContractPermission any;
  any.any_method = true;
  d.manifest.permissions.push_back(std::move(any));
  return &add_contract(std::move(d));
}

// System.Contract.CallNative (NativeContract.Invoke): runs the method whose stub the current context is in.
bool ApplicationEngine::call_native(std::uint8_t version) {
  const ContextState* s = current_state();
  if (s == nullptr || s->contract == nullptr || s->contract->native_index < 0 || s->native_method < 0)
    return engine_.fault("It is not allowed to use \"System.Contract.CallNative\" directly.");
  const native::NativeContract& nc = native::contracts()[static_cast<std::size_t>(s->contract->native_index)];
  if (version != 0) {
    Message m;
    m << "The native contract of version " << static_cast<std::int64_t>(version) << " is not active.";
    return engine_.fault(m.view());
  }
  const native::NativeMethod& method = nc.methods[static_cast<std::size_t>(s->native_method)];
  if ((s->call_flags & method.required_call_flags) != method.required_call_flags) {
    Message m;
    m << "Cannot call this method with the flag 0x";
    append_hex_byte(m, s->call_flags);
    m << ".";
    return engine_.fault(m.view());
  }
  if (!engine_.add_gas(method.cpu_fee * engine_.exec_fee_factor() + method.storage_fee * env_.storage_price))
    return false;
  // Arguments stay on the stack while the method runs (as the reference peeks them), first parameter on top.
  const std::size_t count = method.parameter_count;
  std::vector<StackItem> args(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (!engine_.peek(i, args[i])) return false;
  }
  StackItem result;
  if (!native::invoke(*this, nc, method, args, result)) return false;
  args.clear();
  StackItem dropped;
  for (std::size_t i = 0; i < count; ++i) {
    if (!engine_.pop(dropped)) return false;
  }
  if (method.has_return) engine_.push(std::move(result));
  return true;
}

}  // namespace neo::vm::app
