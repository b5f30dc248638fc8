// Manifest queries and the deployment-time checks against the script (everything of manifest.hpp that does
// not read JSON).
#include <algorithm>
#include <cstring>

#include "neo/vm/app/application_engine.hpp"
#include "neo/vm/app/manifest.hpp"

namespace neo::vm::app {
namespace {

std::string_view view(const Text& t) noexcept { return {t.data(), t.size()}; }

struct TypeName {
  ParameterType type;
  std::string_view name;
};

constexpr TypeName kTypeNames[] = {
    {ParameterType::Any, "Any"},
    {ParameterType::Boolean, "Boolean"},
    {ParameterType::Integer, "Integer"},
    {ParameterType::ByteArray, "ByteArray"},
    {ParameterType::String, "String"},
    {ParameterType::Hash160, "Hash160"},
    {ParameterType::Hash256, "Hash256"},
    {ParameterType::PublicKey, "PublicKey"},
    {ParameterType::Signature, "Signature"},
    {ParameterType::Array, "Array"},
    {ParameterType::Map, "Map"},
    {ParameterType::InteropInterface, "InteropInterface"},
    {ParameterType::Void, "Void"},
};

void set(ManifestError& error, std::string_view field, std::string_view message) {
  error.field.assign(field.begin(), field.end());
  error.message.assign(message.begin(), message.end());
}

// "abi.methods[12]"-style paths without std::string.
Text indexed(std::string_view prefix, std::size_t index) {
  Text t(prefix.begin(), prefix.end());
  t.push_back('[');
  char digits[20];
  std::size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + index % 10);
    index /= 10;
  } while (index != 0);
  while (n > 0) t.push_back(digits[--n]);
  t.push_back(']');
  return t;
}

}  // namespace

std::string_view parameter_type_name(ParameterType type) noexcept {
  for (const TypeName& t : kTypeNames) {
    if (t.type == type) return t.name;
  }
  return "?";
}

std::optional<ParameterType> parse_parameter_type(std::string_view name) noexcept {
  for (const TypeName& t : kTypeNames) {
    if (t.name == name) return t.type;
  }
  return std::nullopt;
}

const ContractMethodDescriptor* ContractManifest::find_method(std::string_view method_name,
                                                              std::int32_t parameter_count) const noexcept {
  for (const ContractMethodDescriptor& m : methods) {
    if (view(m.name) != method_name) continue;
    if (parameter_count < 0 || m.parameters.size() == static_cast<std::size_t>(parameter_count)) return &m;
  }
  return nullptr;
}

const ContractEventDescriptor* ContractManifest::find_event(std::string_view event_name) const noexcept {
  for (const ContractEventDescriptor& e : events) {
    if (view(e.name) == event_name) return &e;
  }
  return nullptr;
}

bool check_manifest_against_script(const ContractManifest& manifest, std::span<const std::uint8_t> script,
                                   ManifestError& error) {
  error = ManifestError{};
  if (script.empty()) {
    set(error, "nef.script", "the script is empty");
    return false;
  }
  if (!is_strict_valid_script(script)) {
    set(error, "nef.script", "the script fails the strict script check");
    return false;
  }
  // Instruction starts, to check the method offsets (the strict check above guarantees every one decodes).
  std::vector<bool> starts(script.size(), false);
  for (std::uint32_t ip = 0; ip < script.size();) {
    Instruction ins;
    if (decode_instruction(script, ip, ins) != DecodeStatus::Ok) break;
    starts[ip] = true;
    ip += ins.size;
  }
  for (std::size_t i = 0; i < manifest.methods.size(); ++i) {
    const ContractMethodDescriptor& m = manifest.methods[i];
    if (m.offset < 0 || static_cast<std::size_t>(m.offset) >= script.size() ||
        !starts[static_cast<std::size_t>(m.offset)]) {
      Text field = indexed("abi.methods", i);
      const std::string_view suffix = ".offset";
      field.insert(field.end(), suffix.begin(), suffix.end());
      set(error, view(field), "the offset is not the start of an instruction of the script");
      return false;
    }
    // ContractAbi's method dictionary: (name, parameter count) is unique.
    for (std::size_t j = 0; j < i; ++j) {
      if (manifest.methods[j].name == m.name &&
          manifest.methods[j].parameters.size() == m.parameters.size()) {
        set(error, view(indexed("abi.methods", i)), "duplicate method (same name and parameter count)");
        return false;
      }
    }
  }
  for (std::size_t i = 0; i < manifest.events.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (manifest.events[j].name == manifest.events[i].name) {
        set(error, view(indexed("abi.events", i)), "duplicate event name");
        return false;
      }
    }
  }
  return true;
}

bool permission_allows(const ContractPermission& permission, const UInt160& target_hash,
                       std::span<const PublicKey> target_groups, std::string_view method) noexcept {
  switch (permission.contract.kind) {
    case ContractPermissionDescriptor::Kind::Hash:
      if (permission.contract.hash != target_hash) return false;
      break;
    case ContractPermissionDescriptor::Kind::Group:
      if (std::find(target_groups.begin(), target_groups.end(), permission.contract.group) ==
          target_groups.end())
        return false;
      break;
    case ContractPermissionDescriptor::Kind::Wildcard:
      break;
  }
  if (permission.any_method) return true;
  for (const Text& m : permission.methods) {
    if (view(m) == method) return true;
  }
  return false;
}

bool manifest_can_call(const ContractManifest& manifest, const UInt160& target_hash,
                       std::span<const PublicKey> target_groups, std::string_view method) noexcept {
  for (const ContractPermission& p : manifest.permissions) {
    if (permission_allows(p, target_hash, target_groups, method)) return true;
  }
  return false;
}

}  // namespace neo::vm::app
