// Contract manifests (neo ContractManifest and its parts): what a contract declares about itself — its ABI
// (methods with their offsets, parameters and return types; events), its groups, the contracts and methods it
// may call (permissions) and the contracts it trusts. Portable: errors are values naming the field.
//
// Reading follows ContractManifest.Parse/FromJson of the reference: the JSON text is at most 65535 bytes,
// every listed field is required with its JSON type, names are non-empty, duplicates (method name + parameter
// count, parameter names, group keys, standards, permission contracts, permission methods, trusts) are
// rejected, `features` must be an empty object, and parameter types are ContractParameterType names.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "neo/vm/environment.hpp"

namespace neo::vm::app {

using Text = std::vector<char>;

// ContractParameterType of Neo N3.
enum class ParameterType : std::uint8_t {
  Any = 0x00,
  Boolean = 0x10,
  Integer = 0x11,
  ByteArray = 0x12,
  String = 0x13,
  Hash160 = 0x14,
  Hash256 = 0x15,
  PublicKey = 0x16,
  Signature = 0x17,
  Array = 0x20,
  Map = 0x22,
  InteropInterface = 0x30,
  Void = 0xFF,
};

// The enum name of a type ("Integer", "Hash160", ...), and back. parse accepts the names only
// (case-sensitive, as Enum.Parse); it returns nothing for anything else.
std::string_view parameter_type_name(ParameterType type) noexcept;
std::optional<ParameterType> parse_parameter_type(std::string_view name) noexcept;

inline constexpr std::size_t kMaxManifestLength = 65535;

struct ContractParameterDefinition {
  Text name;
  ParameterType type = ParameterType::Any;
  friend bool operator==(const ContractParameterDefinition&, const ContractParameterDefinition&) = default;
};

struct ContractMethodDescriptor {
  Text name;
  std::vector<ContractParameterDefinition> parameters;
  ParameterType return_type = ParameterType::Void;
  std::int32_t offset = 0;
  bool safe = false;
  friend bool operator==(const ContractMethodDescriptor&, const ContractMethodDescriptor&) = default;
};

struct ContractEventDescriptor {
  Text name;
  std::vector<ContractParameterDefinition> parameters;
  friend bool operator==(const ContractEventDescriptor&, const ContractEventDescriptor&) = default;
};

struct ContractGroup {
  PublicKey public_key{};
  std::array<std::uint8_t, 64> signature{};
  friend bool operator==(const ContractGroup&, const ContractGroup&) = default;
};

// A permission's or trust's contract: "*", a contract hash ("0x" + 40 hex digits, big-endian as displayed) or
// a group public key (66 hex digits).
struct ContractPermissionDescriptor {
  enum class Kind : std::uint8_t { Wildcard, Hash, Group };
  Kind kind = Kind::Wildcard;
  UInt160 hash{};  // little-endian, as UInt160 is stored
  PublicKey group{};
  friend bool operator==(const ContractPermissionDescriptor&, const ContractPermissionDescriptor&) = default;
};

struct ContractPermission {
  ContractPermissionDescriptor contract;
  bool any_method = false;  // "methods": "*"
  std::vector<Text> methods;
  friend bool operator==(const ContractPermission&, const ContractPermission&) = default;
};

struct ContractManifest {
  Text name;
  std::vector<ContractGroup> groups;
  std::vector<Text> supported_standards;
  std::vector<ContractMethodDescriptor> methods;  // abi.methods
  std::vector<ContractEventDescriptor> events;    // abi.events
  std::vector<ContractPermission> permissions;
  bool trusts_any = false;  // "trusts": "*"
  std::vector<ContractPermissionDescriptor> trusts;
  Text extra;  // the `extra` value as JSON text ("null" when null)

  // ContractAbi.GetMethod: the method with this name and parameter count (a negative count matches the
  // first method with the name).
  const ContractMethodDescriptor* find_method(std::string_view name,
                                              std::int32_t parameter_count) const noexcept;
  const ContractEventDescriptor* find_event(std::string_view name) const noexcept;
};

struct ManifestError {
  Text field;    // a path such as "abi.methods[2].parameters[0].type"; empty when ok
  Text message;  // what is wrong with it
};

// Parses manifest JSON text. On failure returns false with `error` naming the field.
bool parse_manifest(std::string_view json, ContractManifest& out, ManifestError& error);

// Checks a manifest against its contract's script as deployment does (Helper.Check): every method offset is
// the start of an instruction of the script, and the script passes the strict check.
bool check_manifest_against_script(const ContractManifest& manifest, std::span<const std::uint8_t> script,
                                   ManifestError& error);

// ContractPermission.IsAllowed / ContractManifest.CanCall: may a contract with this manifest call `method` of
// the contract with `target_hash` and `target_groups`?
bool permission_allows(const ContractPermission& permission, const UInt160& target_hash,
                       std::span<const PublicKey> target_groups, std::string_view method) noexcept;
bool manifest_can_call(const ContractManifest& manifest, const UInt160& target_hash,
                       std::span<const PublicKey> target_groups, std::string_view method) noexcept;

}  // namespace neo::vm::app
