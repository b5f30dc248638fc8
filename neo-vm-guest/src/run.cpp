#include "neo/guest/run.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "neo/vm/app/application_engine.hpp"
#include "neo/vm/app/manifest.hpp"
#include "neo/vm/app/nef.hpp"
#include "neo/vm/crypto/portable.hpp"
#include "neo/vm/engine.hpp"
#include "neo/vm/storage/storage.hpp"

namespace neo::guest {
namespace {

std::vector<std::uint8_t> text_bytes(std::string_view s) { return {s.begin(), s.end()}; }

StackValue error_value(std::string_view why) { return {StackItemType::InteropInterface, text_bytes(why), {}}; }

struct Converter {
  const StackValueLimits& limits;
  std::vector<const vm::CompoundObject*> path;  // compounds being converted, to detect cycles
  std::uint32_t items = 0;
  std::uint64_t bytes = 0;
  const char* failure = nullptr;

  StackValue convert(const vm::StackItem& item, std::uint32_t depth) {
    if (depth > limits.max_depth) return fail("error: nested deeper than the limit");
    if (++items > limits.max_items) return fail("error: too many items");
    StackValue v;
    v.type = item.type();
    switch (item.type()) {
      case StackItemType::Any:
        break;
      case StackItemType::Boolean:
        v.bytes = {static_cast<std::uint8_t>(item.boolean_value() ? 1 : 0)};
        break;
      case StackItemType::Integer: {
        vm::Integer value;
        vm::get_integer(item, value);
        std::array<std::uint8_t, vm::Integer::kMaxSize> buf{};
        v.bytes.assign(buf.begin(), buf.begin() + value.to_le_bytes(buf));
        break;
      }
      case StackItemType::ByteString:
      case StackItemType::Buffer: {
        const auto raw = item.raw_bytes();
        bytes += raw.size();
        if (raw.size() > limits.max_bytes || bytes > limits.max_total_bytes) return fail("error: too many bytes");
        v.bytes.assign(raw.begin(), raw.end());
        break;
      }
      case StackItemType::Pointer: {
        const std::uint32_t pos = item.pointer_position();
        v.bytes = {static_cast<std::uint8_t>(pos), static_cast<std::uint8_t>(pos >> 8),
                   static_cast<std::uint8_t>(pos >> 16), static_cast<std::uint8_t>(pos >> 24)};
        break;
      }
      case StackItemType::InteropInterface: {
        const vm::InteropObject* obj = item.interop_object();
        v.bytes = text_bytes(obj != nullptr && obj->type_name != nullptr ? obj->type_name : "Object");
        break;
      }
      case StackItemType::Array:
      case StackItemType::Struct:
      case StackItemType::Map: {
        const vm::CompoundObject* obj = item.compound_object();
        if (std::find(path.begin(), path.end(), obj) != path.end()) return fail("error: recursive reference");
        path.push_back(obj);
        if (item.type() == StackItemType::Map) {
          for (const vm::MapEntry& e : item.map_object()->entries) {
            v.items.push_back(convert(e.key, depth + 1));
            v.items.push_back(convert(e.value, depth + 1));
          }
        } else {
          for (const vm::StackItem& child : item.array_object()->items) v.items.push_back(convert(child, depth + 1));
        }
        path.pop_back();
        break;
      }
    }
    return v;
  }

  StackValue fail(const char* why) {
    if (failure == nullptr) failure = why;
    return {};
  }
};

// Builds an engine item from plain data. Compounds are filled before they are pushed, so the engine's
// reference counter sees them whole.
bool to_item(vm::Engine& engine, const StackValue& v, vm::StackItem& out) {
  switch (v.type) {
    case StackItemType::Any:
      out = vm::StackItem::null();
      return true;
    case StackItemType::Boolean:
      out = vm::StackItem::boolean(!v.bytes.empty() && v.bytes[0] != 0);
      return true;
    case StackItemType::Integer: {
      vm::Integer value;
      if (!vm::Integer::from_le_bytes(v.bytes, value)) return false;
      out = vm::StackItem::integer(value);
      return true;
    }
    case StackItemType::ByteString:
      out = vm::StackItem::byte_string(v.bytes);
      return true;
    case StackItemType::Buffer:
      out = vm::StackItem::buffer(std::span<const std::uint8_t>(v.bytes));
      return true;
    case StackItemType::Array:
    case StackItemType::Struct: {
      vm::ArrayObject* array = engine.new_array(v.type);
      array->items.resize(v.items.size());
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (!to_item(engine, v.items[i], array->items[i])) return false;
      }
      out = vm::StackItem::compound(array);
      return true;
    }
    case StackItemType::Map: {
      vm::MapObject* map = engine.new_map();
      for (std::size_t i = 0; i + 1 < v.items.size(); i += 2) {
        vm::MapEntry entry;
        if (!to_item(engine, v.items[i], entry.key) || !to_item(engine, v.items[i + 1], entry.value)) return false;
        map->entries.push_back(std::move(entry));
      }
      out = vm::StackItem::compound(map);
      return true;
    }
    case StackItemType::Pointer:
    case StackItemType::InteropInterface:
      return false;  // a caller cannot hand in script positions or host objects
  }
  return false;
}

ProofOutput fault_output(ProofOutput out, std::string_view reason) {
  out.state = VmState::Fault;
  out.fault_reason.assign(reason.begin(), reason.end());
  return out;
}

// A caller's value as the typed argument the method declares: byte strings take the declared byte type
// (Hash160, PublicKey...: load_method checks their sizes), other values keep their own type, so a mismatch
// is reported by load_method against the declaration.
bool to_argument(const StackValue& v, vm::app::ParameterType declared, vm::app::ContractArgument& out,
                 std::string& why, std::uint32_t depth = 0) {
  using vm::app::ContractArgument;
  using vm::app::ParameterType;
  if (depth > 64) {
    why = "argument nested deeper than 64 levels";
    return false;
  }
  switch (v.type) {
    case StackItemType::Any:
      out = ContractArgument::null();
      return true;
    case StackItemType::Boolean:
      out = ContractArgument::from_bool(!v.bytes.empty() && v.bytes[0] != 0);
      return true;
    case StackItemType::Integer: {
      vm::Integer value;
      if (!vm::Integer::from_le_bytes(v.bytes, value)) {
        why = "argument is an integer wider than 256 bits";
        return false;
      }
      out = ContractArgument::from_integer(value);
      return true;
    }
    case StackItemType::ByteString:
    case StackItemType::Buffer:
      out = ContractArgument::from_bytes(v.bytes);
      switch (declared) {
        case ParameterType::String:
        case ParameterType::Hash160:
        case ParameterType::Hash256:
        case ParameterType::PublicKey:
        case ParameterType::Signature:
          out.type = declared;
          break;
        default:
          break;
      }
      return true;
    case StackItemType::Array:
    case StackItemType::Struct: {
      std::vector<ContractArgument> items(v.items.size());
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (!to_argument(v.items[i], ParameterType::Any, items[i], why, depth + 1)) return false;
      }
      out = ContractArgument::from_array(std::move(items));
      return true;
    }
    case StackItemType::Map:
      why = "a Map cannot be passed to a contract method";
      return false;
    case StackItemType::Pointer:
    case StackItemType::InteropInterface:
      why = "argument is not a value a caller can pass (Pointer or InteropInterface)";
      return false;
  }
  why = "unknown argument type";
  return false;
}

// The entry of a Contract input: the NEF + manifest is deployed as the reference deploys it from a zero
// sender (hash = GetContractHash(zero, checksum, name)); when the environment already lists a contract with
// that hash, that one (with its id and storage) is used, otherwise the contract gets the next free id. Then
// the method is invoked by name with the arguments, as the entry script.
bool load_contract_entry(vm::app::ApplicationEngine& app, const ProofInput& input,
                         const vm::crypto::CryptoBackend& backend, std::string& why) {
  vm::app::NefFile nef;
  vm::app::NefParseError nef_error;
  if (!vm::app::parse_nef(input.script, nef, nef_error)) {
    why = std::string("NEF: ") + nef_error.field + ": " + vm::app::nef_error_name(nef_error.code) +
          " (at byte " + std::to_string(nef_error.offset) + ")";
    return false;
  }
  vm::app::ContractManifest manifest;
  vm::app::ManifestError manifest_error;
  if (!vm::app::parse_manifest(input.manifest, manifest, manifest_error)) {
    why = "manifest: " + std::string(vm::app::text_view(manifest_error.field)) + ": " +
          std::string(vm::app::text_view(manifest_error.message));
    return false;
  }
  const vm::UInt160 hash = vm::app::contract_hash(backend, vm::UInt160{}, nef.checksum,
                                                  vm::app::text_view(manifest.name));
  const vm::app::ContractMethodDescriptor* method =
      manifest.find_method(input.method, static_cast<std::int32_t>(input.arguments.size()));
  std::vector<vm::app::ParameterType> declared;
  if (method != nullptr) {
    for (const auto& p : method->parameters) declared.push_back(p.type);
  }
  if (app.find_contract(hash) == nullptr) {
    std::int32_t id = 0;
    for (const vm::ContractInfo& c : input.environment.contracts) id = c.id > id ? c.id : id;
    vm::app::ManifestError deploy_error;
    if (app.add_contract(hash, id + 1, std::move(nef), std::move(manifest), deploy_error) == nullptr) {
      why = "contract: " + std::string(vm::app::text_view(deploy_error.field)) + ": " +
            std::string(vm::app::text_view(deploy_error.message));
      return false;
    }
  }
  std::vector<vm::app::ContractArgument> args(input.arguments.size());
  for (std::size_t i = 0; i < args.size(); ++i) {
    const vm::app::ParameterType type = i < declared.size() ? declared[i] : vm::app::ParameterType::Any;
    if (!to_argument(input.arguments[i], type, args[i], why)) {
      why = "argument " + std::to_string(i) + ": " + why;
      return false;
    }
  }
  return app.load_method(hash, input.method, args);  // faults the engine with the reason on failure
}

}  // namespace

StackValue to_stack_value(const vm::StackItem& item, const StackValueLimits& limits) {
  Converter c{limits, {}, 0, 0, nullptr};
  StackValue v = c.convert(item, 0);
  return c.failure == nullptr ? v : error_value(c.failure);
}

ProofOutput run(const ProofInput& input) { return run(input, vm::crypto::portable_backend()); }

ProofOutput run(const ProofInput& input, const vm::crypto::CryptoBackend& backend) {
  ProofOutput out;
  vm::app::ApplicationEngine app(input.environment, input.gas_limit, &backend);
  out.storage_root_before = app.initial_state_root();
  out.storage_root_after = out.storage_root_before;

  vm::Engine& engine = app.engine();
  if (input.kind == ProgramKind::Contract) {
    std::string why;
    if (!load_contract_entry(app, input, backend, why)) {
      return fault_output(std::move(out), why.empty() ? engine.fault_reason() : std::string_view(why));
    }
  } else {
    if (!app.load_entry_script(input.script)) return fault_output(std::move(out), engine.fault_reason());
    // arguments[0] ends on top of the stack, as Neo pushes parameters in reverse.
    for (std::size_t i = input.arguments.size(); i-- > 0;) {
      vm::StackItem item;
      if (!to_item(engine, input.arguments[i], item)) {
        return fault_output(std::move(out),
                            "argument is not a value a caller can pass (Pointer or InteropInterface)");
      }
      engine.push(std::move(item));
    }
  }

  const vm::VMState state = app.execute();
  out.gas_consumed = app.gas_consumed();
  // Logs stay on FAULT, as the reference keeps them in the application log; notifications and storage
  // changes of a FAULTed run are discarded (the ApplicationEngine already rolled them back).
  for (const vm::app::LogEntry& log : app.logs()) {
    out.logs.push_back({log.script_hash, std::string(vm::app::text_view(log.message))});
  }
  if (state != vm::VMState::Halt) {
    const std::string_view reason = engine.fault_reason();
    return fault_output(std::move(out), reason.empty() ? std::string_view("FAULT") : reason);
  }
  out.state = VmState::Halt;
  const auto& results = engine.result_stack();  // bottom first
  for (std::size_t i = results.size(); i-- > 0;) out.result_stack.push_back(to_stack_value(results[i]));
  for (const vm::app::Notification& n : app.notifications()) {
    out.notifications.push_back({n.script_hash, std::string(vm::app::text_view(n.event_name)), to_stack_value(n.state)});
  }
  for (const vm::storage::Change& change : app.storage_changes()) {
    out.storage_changes.push_back({change.key.contract_id, change.key.key,
                                   static_cast<StorageChangeKind>(change.kind), change.value});
  }
  out.storage_root_after = app.state_root();
  return out;
}

}  // namespace neo::guest
