// The execution environment: the one plain value that determines everything a script may observe beyond its
// own code and arguments. Interop services read only this — no clock, no file system, no randomness outside
// it — so a run is a pure function of (script, arguments, environment), which is what makes it provable.
// The canonical encoding of this value is part of ProofInput (neo-vm-guest).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace neo::vm {

using UInt160 = std::array<std::uint8_t, 20>;  // script hashes and accounts, little-endian as Neo stores them
using UInt256 = std::array<std::uint8_t, 32>;  // transaction and block hashes
using PublicKey = std::array<std::uint8_t, 33>;  // compressed secp256r1 point

// TriggerType values of Neo N3.
enum class Trigger : std::uint8_t {
  OnPersist = 0x01,
  PostPersist = 0x02,
  Verification = 0x20,
  Application = 0x40,
};

// WitnessScope flags of Neo N3 (a byte of flags).
namespace witness_scope {
inline constexpr std::uint8_t kNone = 0x00;
inline constexpr std::uint8_t kCalledByEntry = 0x01;
inline constexpr std::uint8_t kCustomContracts = 0x10;
inline constexpr std::uint8_t kCustomGroups = 0x20;
inline constexpr std::uint8_t kWitnessRules = 0x40;
inline constexpr std::uint8_t kGlobal = 0x80;
}  // namespace witness_scope

struct Signer {
  UInt160 account{};
  std::uint8_t scopes = witness_scope::kCalledByEntry;
  std::vector<UInt160> allowed_contracts;  // with kCustomContracts
  std::vector<PublicKey> allowed_groups;   // with kCustomGroups
  friend bool operator==(const Signer&, const Signer&) = default;
};

// A deployed contract the script may call (System.Contract.Call, CALLT).
struct ContractInfo {
  UInt160 hash{};
  std::int32_t id = 0;
  std::vector<std::uint8_t> nef;  // NEF3 file bytes
  std::string manifest;           // manifest JSON text
  friend bool operator==(const ContractInfo&, const ContractInfo&) = default;
};

// One entry of the initial storage, keyed by the owning contract's id as Neo's storage keys are.
struct StorageEntry {
  std::int32_t contract_id = 0;
  std::vector<std::uint8_t> key;
  std::vector<std::uint8_t> value;
  friend bool operator==(const StorageEntry&, const StorageEntry&) = default;
};

struct ExecutionEnvironment {
  std::uint32_t network = 860833102;  // N3 MainNet magic
  std::uint8_t address_version = 0x35;
  Trigger trigger = Trigger::Application;
  std::uint32_t block_index = 0;
  std::uint64_t block_time_ms = 0;  // what System.Runtime.GetTime returns
  std::uint32_t exec_fee_factor = 30;
  std::uint32_t storage_price = 100000;
  UInt256 container_hash{};                 // the script container (transaction) hash
  std::vector<std::uint8_t> signable_data;  // what System.Crypto.CheckSig verifies signatures against
  std::vector<Signer> signers;
  std::array<std::uint8_t, 16> random_seed{};  // the only source of System.Runtime.GetRandom
  std::vector<ContractInfo> contracts;
  std::vector<StorageEntry> storage;
  friend bool operator==(const ExecutionEnvironment&, const ExecutionEnvironment&) = default;
};

}  // namespace neo::vm
