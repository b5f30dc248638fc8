// The Neo N3 application layer: an Engine plus the System.* interop services, contract storage, notifications
// and logs (neo ApplicationEngine). Everything a script can observe comes from the ExecutionEnvironment, so a
// run is a pure function of (scripts, environment) and the same code runs in the rv32im guest.
//
// Model and deliberate differences from the reference (docs of each service are in application_engine.cpp):
// - Every hardfork up to HF_Faun is active (System.Storage.Local.*, GetRandom after Aspidochelone, Notify's
//   ABI check after Basilisk, the notification count limit after Echidna).
// - The script container is a transaction whose only known fields are its hash, its signers and its signable
//   data (ExecutionEnvironment). System.Runtime.GetScriptContainer pushes an Array whose item 0 is the hash,
//   so `Transaction.Hash` (PICKITEM 0) behaves as in the reference; the other fields are not modelled.
// - Contracts are described by ContractDescriptor (hash, id, ABI events, manifest groups, NEF, manifest).
//   Those of ExecutionEnvironment::contracts are parsed (NEF3 + manifest JSON) and checked as deployment
//   does at construction; native contracts (StdLib, CryptoLib...) are registered on first call. A script
//   loaded with load_entry_script() is a dynamic script (no contract), as a transaction script is in the
//   reference. Calls (System.Contract.Call, CALLT, load_method) follow the reference's CallContractInternal
//   and LoadContract; docs/contracts.md has the rules. Policy's blocked contracts and fee whitelist do not
//   exist here (no Policy state).
// - Each loaded script gets its own storage layer and notification mark (the reference's per-context
//   snapshot and NotificationCount): an exception that leaves a script drops its storage changes and
//   notifications even when a caller catches it.
// - Every service fault is an engine FAULT (uncatchable), as non-catchable exceptions are in the reference.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "neo/vm/app/manifest.hpp"
#include "neo/vm/app/nef.hpp"
#include "neo/vm/crypto/backend.hpp"
#include "neo/vm/engine.hpp"
#include "neo/vm/environment.hpp"
#include "neo/vm/storage/storage.hpp"

namespace neo::vm::app {

// CallFlags of Neo N3.
namespace call_flags {
inline constexpr std::uint8_t kNone = 0x00;
inline constexpr std::uint8_t kReadStates = 0x01;
inline constexpr std::uint8_t kWriteStates = 0x02;
inline constexpr std::uint8_t kAllowCall = 0x04;
inline constexpr std::uint8_t kAllowNotify = 0x08;
inline constexpr std::uint8_t kStates = kReadStates | kWriteStates;
inline constexpr std::uint8_t kReadOnly = kReadStates | kAllowCall;
inline constexpr std::uint8_t kAll = kStates | kAllowCall | kAllowNotify;
}  // namespace call_flags

// FindOptions of System.Storage.Find.
namespace find_options {
inline constexpr std::uint8_t kNone = 0x00;
inline constexpr std::uint8_t kKeysOnly = 0x01;
inline constexpr std::uint8_t kRemovePrefix = 0x02;
inline constexpr std::uint8_t kValuesOnly = 0x04;
inline constexpr std::uint8_t kDeserializeValues = 0x08;
inline constexpr std::uint8_t kPickField0 = 0x10;
inline constexpr std::uint8_t kPickField1 = 0x20;
inline constexpr std::uint8_t kBackwards = 0x80;
inline constexpr std::uint8_t kAll = 0xBF;
}  // namespace find_options

// Protocol limits the services enforce (ApplicationEngine constants of the reference).
inline constexpr std::uint32_t kMaxEventName = 32;
inline constexpr std::uint32_t kMaxNotificationSize = 1024;
inline constexpr std::uint32_t kMaxNotificationCount = 512;
inline constexpr std::uint32_t kMaxStorageKeySize = 64;
inline constexpr std::uint32_t kMaxStorageValueSize = 65535;
inline constexpr std::uint64_t kCheckSigPrice = 1 << 15;
inline constexpr std::uint64_t kTestModeGas = 20'00000000;  // datoshi: the reference's test-mode default

// Byte text without std::string (which needs out-of-line libstdc++ symbols the guest does not have).
using Text = std::vector<char>;
inline Text make_text(std::string_view s) { return Text(s.begin(), s.end()); }
inline std::string_view text_view(const Text& t) noexcept { return {t.data(), t.size()}; }

struct EventDescriptor {
  Text name;
  std::vector<ParameterType> parameters;
};

// What the services need to know about a deployed contract: its storage id, its ABI events (Notify checks
// them) and its manifest groups (CheckWitness with CustomGroups checks them); and, for a contract that can be
// called (has_code), its NEF (script and CALLT method tokens) and manifest (ABI methods, permissions).
struct ContractDescriptor {
  UInt160 hash{};
  std::int32_t id = 0;
  std::vector<EventDescriptor> events;
  std::vector<PublicKey> groups;
  bool has_code = false;
  NefFile nef;
  ContractManifest manifest;
  std::int32_t native_index = -1;  // index in the native contract table for StdLib, CryptoLib...
  Text load_error;  // why an environment contract's NEF or manifest was rejected; calls to it fault with it
};

// A typed argument for ApplicationEngine::load_method (the host-side form of a ContractParameter).
// Any is Null; ByteArray, String, Hash160, Hash256, PublicKey and Signature carry `bytes` (String as UTF-8);
// Array carries `items`. Maps and interop interfaces cannot be passed.
struct ContractArgument {
  ParameterType type = ParameterType::Any;
  bool boolean = false;
  Integer integer;
  std::vector<std::uint8_t> bytes;
  std::vector<ContractArgument> items;

  static ContractArgument null() { return {}; }
  static ContractArgument from_bool(bool v);
  static ContractArgument from_integer(const Integer& v);
  static ContractArgument from_bytes(std::span<const std::uint8_t> v);
  static ContractArgument from_string(std::string_view v);
  static ContractArgument from_hash160(const UInt160& v);
  static ContractArgument from_array(std::vector<ContractArgument> v);
};

struct Notification {
  UInt160 script_hash{};
  Text event_name;
  StackItem state;  // an immutable deep copy (Array) owned by the engine's arena
};

struct LogEntry {
  UInt160 script_hash{};
  Text message;  // valid UTF-8
};

// Per-script state (the reference's ExecutionContextState). Contexts created by CALL share their script's
// SharedContextState, and so share this state, as they share the reference's state object.
struct ContextState {
  const SharedContextState* shared = nullptr;
  UInt160 script_hash{};
  const SharedContextState* calling_shared = nullptr;  // the caller's script; nothing for the entry script
  std::optional<UInt160> calling_script_hash;
  std::uint8_t call_flags = call_flags::kAll;
  const ContractDescriptor* contract = nullptr;  // nothing for a dynamic script
  bool is_dynamic_call = false;
  // The notifications count when the script was loaded: an exception leaving the script drops the ones it
  // (and its callees) sent, as the reference's NotificationCount bookkeeping does.
  std::size_t notification_base = 0;
  // The storage layer opened for the script (the reference's per-context snapshot): committed into the
  // caller's when the script returns, dropped when an exception leaves it.
  bool has_storage_layer = false;
  // For a native contract's context: the method being called (index into its manifest methods), which
  // System.Contract.CallNative runs.
  std::int32_t native_method = -1;
};

// Interop objects the services hand to scripts as InteropInterface items; type_name tells them apart (the
// core has no RTTI).
struct StorageContext : InteropObject {
  static constexpr const char* kTypeName = "StorageContext";
  std::int32_t id = 0;
  bool read_only = false;
  StorageContext(std::int32_t contract_id, bool is_read_only) noexcept
      : id(contract_id), read_only(is_read_only) {
    type_name = kTypeName;
  }
};

// The result of System.Storage.Find: the matching entries as they were when Find ran, in the requested order.
struct StorageIterator : InteropObject {
  static constexpr const char* kTypeName = "StorageIterator";
  std::vector<storage::StorageEntry> entries;
  std::size_t prefix_length = 0;
  std::uint8_t options = 0;
  std::size_t next = 0;  // entries[next - 1] is the current entry once Next returned true
  StorageIterator() noexcept { type_name = kTypeName; }
};

// 128-bit MurmurHash3 (x64 variant), as Neo's Murmur128: h1 then h2, each little-endian.
std::array<std::uint8_t, 16> murmur128(std::span<const std::uint8_t> data, std::uint32_t seed) noexcept;

// neo-vm's strict script check (Script(bytes, strictMode: true)), applied to scripts loaded by
// System.Runtime.LoadScript (and by contract deployment later): every instruction decodes, every jump, call,
// PUSHA, TRY and ENDTRY target is the start of an instruction, and NEWARRAY_T / ISTYPE / CONVERT name a
// defined stack item type (not Any, except for NEWARRAY_T).
bool is_strict_valid_script(std::span<const std::uint8_t> script) noexcept;

// RIPEMD160(SHA256(script)): Neo's script hash.
UInt160 script_hash(const crypto::CryptoBackend& backend, std::span<const std::uint8_t> script) noexcept;

// The hash of a deployed contract (the reference's Helper.GetContractHash): the script hash of ABORT, PUSH
// sender, PUSH nef checksum, PUSH name. Independent of the script itself, so a redeploy keeps it.
UInt160 contract_hash(const crypto::CryptoBackend& backend, const UInt160& sender, std::uint32_t nef_checksum,
                      std::string_view name);

// The standard (single signature) verification script of a compressed public key.
std::vector<std::uint8_t> signature_redeem_script(std::span<const std::uint8_t, 33> public_key);
// The m-of-n multisig verification script; keys are sorted as Neo sorts ECPoints. Returns false (and leaves
// out untouched) when 1 <= m <= n <= 1024 does not hold or two keys share X with different Y parity (their
// order needs Y, which needs point decompression the crypto backend does not expose).
bool multisig_redeem_script(std::uint32_t m, std::span<const PublicKey> public_keys,
                            std::vector<std::uint8_t>& out);

class ApplicationEngine {
 public:
  // The environment is copied; storage starts as environment.storage. backend defaults to the portable one
  // (what the guest runs).
  explicit ApplicationEngine(const ExecutionEnvironment& environment, std::uint64_t gas_limit = kTestModeGas,
                             const crypto::CryptoBackend* backend = nullptr);
  ~ApplicationEngine();
  ApplicationEngine(const ApplicationEngine&) = delete;
  ApplicationEngine& operator=(const ApplicationEngine&) = delete;

  // Registers a contract the services can see (storage contexts, Notify, CustomGroups). The descriptor is
  // copied and stays at a stable address; a descriptor with a known hash replaces the earlier one in place.
  // The environment's contracts are registered at construction with their hash and id only.
  const ContractDescriptor& add_contract(ContractDescriptor contract);
  const ContractDescriptor* find_contract(const UInt160& hash) const noexcept;
  // Registers a callable contract from its NEF and manifest, checked as deployment does (the script passes
  // the strict check, every ABI method offset starts an instruction, events and groups come from the
  // manifest). Returns nothing with `error` set when the check fails.
  const ContractDescriptor* add_contract(const UInt160& hash, std::int32_t id, NefFile nef,
                                         ContractManifest manifest, ManifestError& error);
  // The same from NEF file bytes and manifest JSON text (what ExecutionEnvironment::contracts carry; those
  // are registered this way at construction).
  const ContractDescriptor* add_contract(const ContractInfo& info, ManifestError& error);

  // Loads the entry script as a dynamic script (a transaction script): CallFlags.All, no contract.
  bool load_entry_script(std::span<const std::uint8_t> script);
  // Loads a contract's script at a method offset with the given call flags (the low-level step of
  // Contract.Call, CALLT and load_method, without their checks). The contract must come from add_contract().
  // The current context, if any, becomes the caller (GetCallingScriptHash, CalledByEntry) and the contract's
  // invocation counter goes up; with no current context the contract is the entry.
  bool load_contract_script(const ContractDescriptor& contract, std::span<const std::uint8_t> script,
                            std::uint32_t offset, std::uint8_t flags, std::int32_t rvcount = -1);

  // Invokes a contract method by name as the entry: finds the ABI method with this name and argument count,
  // checks each argument against the declared parameter type (Any accepts everything), loads the contract at
  // the method's offset (rvcount 1, or 0 for a Void method) with the arguments pushed (first argument on
  // top), and _initialize before it when the ABI has one. Returns false with the engine faulted and a reason
  // on failure.
  bool load_method(const UInt160& contract_hash, std::string_view method,
                   std::span<const ContractArgument> args, std::uint8_t flags = call_flags::kAll);

  // Runs until HALT or FAULT. On FAULT, notifications are dropped and storage changes rolled back, as the
  // reference discards them.
  VMState execute();

  Engine& engine() noexcept { return engine_; }
  const Engine& engine() const noexcept { return engine_; }
  const ExecutionEnvironment& environment() const noexcept { return env_; }
  VMState state() const noexcept { return engine_.state(); }
  std::uint64_t gas_consumed() const noexcept { return engine_.gas_consumed(); }
  std::uint64_t gas_limit() const noexcept { return gas_limit_; }

  const std::vector<Notification>& notifications() const noexcept { return notifications_; }
  const std::vector<LogEntry>& logs() const noexcept { return logs_; }
  // Net storage changes of the run against the initial storage, in key order.
  std::vector<storage::Change> storage_changes() const { return tracked_.changes(); }
  // Every entry after the run (initial storage with the changes applied).
  std::vector<storage::StorageEntry> storage_entries() const { return tracked_.entries(); }
  storage::Hash256 initial_state_root() const noexcept { return initial_root_; }
  storage::Hash256 state_root() const;  // over storage_entries()
  // The run's committed storage: what scripts wrote once they returned (a running script's writes sit in its
  // storage layer until then).
  storage::StorageBackend& storage() noexcept { return tracked_; }

  // --- state of the current execution (also what the services read)
  const ContextState* current_state() const noexcept;
  const ContextState* state_of(const SharedContextState* shared) const noexcept;
  std::optional<UInt160> current_script_hash() const noexcept;
  std::optional<UInt160> calling_script_hash() const noexcept;
  std::optional<UInt160> entry_script_hash() const noexcept;
  const crypto::CryptoBackend& crypto() const noexcept { return *backend_; }

  // Dispatch of one SYSCALL (the engine's hook calls it). Public for hosts that wrap the hook.
  bool on_syscall(std::uint32_t id);
  // CALLT through the current contract's NEF method tokens (the engine's CALLT hook calls it).
  bool on_callt(std::uint16_t token);
  // The reference's ContextUnloaded (the engine's hook calls it): storage layer commit or rollback,
  // notifications dropped on exceptions, Null pushed for a dynamic call that returned nothing.
  bool on_context_unloaded(const SharedContextState* unloaded, std::uint32_t returned);

 private:
  friend struct Services;

  ContextState& new_state(const SharedContextState* shared);
  // CallContractInternal: permission and flag checks, invocation counter, then load_contract_method.
  bool call_contract(const ContractDescriptor& contract, const ContractMethodDescriptor& method,
                     std::uint8_t flags, bool has_return_value, std::span<const StackItem> args,
                     bool dynamic);
  bool call_contract(const UInt160& hash, std::string_view method, std::uint8_t flags, bool has_return_value,
                     std::span<const StackItem> args, bool dynamic);
  // LoadContract plus the arguments: the method's context, _initialize above it, args pushed.
  bool load_contract_method(const ContractDescriptor& contract, const ContractMethodDescriptor& method,
                            std::uint8_t flags, std::span<const StackItem> args);
  bool call_native(std::uint8_t version);
  storage::StorageBackend& storage_top() noexcept;
  // The contract for a call: a registered one, or a native contract (registered on first use, so runs that
  // call none do not pay for building their descriptors).
  const ContractDescriptor* find_callable(const UInt160& hash);
  // find_callable for a call: a contract with code, or nothing with the engine faulted "Called Contract Does
  // Not Exist" (and why, when the environment's NEF or manifest was rejected).
  const ContractDescriptor* callable_or_fault(const UInt160& hash);
  ContextState* mutable_current_state() noexcept;
  void count_invocation(const UInt160& hash, bool increment);
  StorageContext* new_storage_context(std::int32_t id, bool read_only);
  StorageIterator* new_iterator();

  ExecutionEnvironment env_;
  std::uint64_t gas_limit_;
  const crypto::CryptoBackend* backend_;
  Engine engine_;
  storage::MemoryStorage base_;
  storage::TrackedStorage tracked_;
  std::vector<std::unique_ptr<storage::TrackedStorage>>
      storage_layers_;  // one per loaded script, innermost last
  storage::Hash256 initial_root_{};

  std::vector<std::unique_ptr<ContractDescriptor>> contracts_;
  std::vector<ContextState> states_;
  const SharedContextState* entry_shared_ = nullptr;
  std::vector<std::pair<UInt160, std::int32_t>> invocation_counter_;
  std::vector<Notification> notifications_;
  std::vector<LogEntry> logs_;
  std::vector<std::unique_ptr<StorageContext>> storage_contexts_;
  std::vector<std::unique_ptr<StorageIterator>> iterators_;
  std::uint32_t random_times_ = 0;
};

}  // namespace neo::vm::app
