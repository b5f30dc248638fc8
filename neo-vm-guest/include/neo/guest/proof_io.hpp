// ProofInput and ProofOutput: what one proven execution takes and gives, with their canonical, versioned
// binary encodings. The guest decodes a ProofInput from its private input and encodes the ProofOutput it
// computes; the host does the same natively, and the two encodings must be byte-identical.
//
// Decoding is strict: unknown versions, trailing bytes, non-minimal lengths, out-of-range values and
// over-limit sizes are rejected with an error naming the offending field.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "neo/guest/stack_value.hpp"
#include "neo/vm/environment.hpp"

namespace neo::guest {

inline constexpr std::uint8_t kProofInputVersion = 1;
inline constexpr std::uint8_t kProofOutputVersion = 1;

enum class ProgramKind : std::uint8_t {
  Script = 0,    // raw Neo bytecode, entered at offset 0
  Contract = 1,  // a NEF file + manifest, entered at the named method
};

struct ProofInput {
  ProgramKind kind = ProgramKind::Script;
  std::vector<std::uint8_t> script;  // Script: the bytecode; Contract: the NEF file bytes
  std::string manifest;              // Contract only: manifest JSON
  std::string method;                // Contract only: the method to invoke
  std::vector<StackValue> arguments;  // pushed so that arguments[0] is on top, as Neo passes parameters
  std::uint64_t gas_limit = 0;        // datoshi (1 GAS = 10^8); 0 = no limit
  vm::ExecutionEnvironment environment;
  friend bool operator==(const ProofInput&, const ProofInput&) = default;
};

enum class VmState : std::uint8_t { Halt = 1, Fault = 2 };

struct Notification {
  vm::UInt160 script_hash{};
  std::string event_name;
  StackValue state;  // an Array
  friend bool operator==(const Notification&, const Notification&) = default;
};

struct LogEntry {
  vm::UInt160 script_hash{};
  std::string message;
  friend bool operator==(const LogEntry&, const LogEntry&) = default;
};

enum class StorageChangeKind : std::uint8_t { Added = 0, Changed = 1, Deleted = 2 };

struct StorageChange {
  std::int32_t contract_id = 0;
  std::vector<std::uint8_t> key;
  StorageChangeKind kind = StorageChangeKind::Added;
  std::vector<std::uint8_t> value;  // empty for Deleted
  friend bool operator==(const StorageChange&, const StorageChange&) = default;
};

struct ProofOutput {
  VmState state = VmState::Halt;
  std::string fault_reason;            // empty on Halt
  std::vector<StackValue> result_stack;  // top first
  std::uint64_t gas_consumed = 0;
  std::vector<Notification> notifications;
  std::vector<LogEntry> logs;
  std::array<std::uint8_t, 32> storage_root_before{};
  std::array<std::uint8_t, 32> storage_root_after{};
  std::vector<StorageChange> storage_changes;  // sorted by (contract_id, key)
  friend bool operator==(const ProofOutput&, const ProofOutput&) = default;
};

// Size limits of decoded inputs (the guest decodes untrusted bytes; so does the verifier).
struct ProofIoLimits {
  std::uint32_t max_script = 1u << 20;
  std::uint32_t max_manifest = 1u << 16;
  std::uint32_t max_name = 256;       // method and event names
  std::uint32_t max_list = 1u << 16;  // arguments, signers, contracts, storage entries, notifications...
  std::uint32_t max_storage_key = 64;
  std::uint32_t max_storage_value = 65535;
  std::uint32_t max_message = 1024;
  StackValueLimits values;
};

std::vector<std::uint8_t> encode(const ProofInput& input);
std::vector<std::uint8_t> encode(const ProofOutput& output);
void encode(ByteWriter& w, const vm::ExecutionEnvironment& env);

// The result of a decode: the value, or the first error with the offset where it was found.
template <class T>
struct Decoded {
  std::optional<T> value;
  std::string error;  // "<field>: <reason>" when value is empty
  std::size_t error_offset = 0;
  bool ok() const noexcept { return value.has_value(); }
};

Decoded<ProofInput> decode_proof_input(std::span<const std::uint8_t> bytes, const ProofIoLimits& limits = {});
Decoded<ProofOutput> decode_proof_output(std::span<const std::uint8_t> bytes, const ProofIoLimits& limits = {});

}  // namespace neo::guest
