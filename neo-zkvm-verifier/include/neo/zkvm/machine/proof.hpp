// The proof that an rv32im guest program ran to completion: the machine's verifying key (the circuit's STARK
// key plus the program's entry pc) and the machine proof (the multi-shard STARK proof plus the public-values
// bytes it commits to), with their canonical, versioned encodings. docs/circuit.md describes the statement.
//
// Portable (verifier).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "neo/zkvm/stark/proof.hpp"
#include "neo/zkvm/stark/vkey.hpp"

namespace neo::zkvm::machine {

using stark::Digest;

// Shard sizes (in cycles, as log2): the default and the range a prover may choose (a proof's shards need not
// be of equal size; the verifier checks the chaining, not the size).
inline constexpr unsigned kDefaultLogShardCycles = 20;
inline constexpr unsigned kMinLogShardCycles = 10;
inline constexpr unsigned kMaxLogShardCycles = 22;
// Timestamps are single field elements (docs/circuit.md §2): the whole execution is limited to this many
// cycles, and the verifier requires the last shard's end timestamp to be below 2^29.
inline constexpr std::uint64_t kMaxCycles = (std::uint64_t{1} << 27) - 2;
inline constexpr std::uint32_t kMaxEndTimestamp = std::uint32_t{1} << 29;
// At most this many shards in one proof (the verifier refuses more before verifying anything). Soundness
// does not rest on it (the STARK verifier bounds every bus's interaction count below p from the heights:
// stark::overloaded_bus); it caps the verifier's work and the proof's size: 2^12 shards of the default
// 2^20 cycles is more than kMaxCycles.
inline constexpr std::size_t kMaxShards = std::size_t{1} << 12;
// The first instruction's timestamp (cycle 0 owns 4..7; 0 is the initial state).
inline constexpr std::uint32_t kStartTimestamp = 4;

inline constexpr std::array<std::uint8_t, 4> kMachineVkeyMagic = {'N', 'M', 'V', 'K'};
inline constexpr std::array<std::uint8_t, 4> kMachineProofMagic = {'N', 'M', 'P', 'F'};
inline constexpr std::uint8_t kMachineEncodingVersion = 1;

struct MachineVerifyingKey {
  stark::VerifyingKey
      stark;  // the circuit's chip set, FRI parameters, root of Program/MemoryImage/Byte tables
  std::uint32_t entry_pc = 0;
  // Poseidon2 of (version, the STARK key's hash, entry pc): what the CLI prints and proofs carry.
  Digest hash() const noexcept;
  friend bool operator==(const MachineVerifyingKey&, const MachineVerifyingKey&) = default;
};

// The 32 bytes of a digest (each element's canonical value, u32 little endian), as the CLI prints it.
std::array<std::uint8_t, 32> digest_bytes(const Digest& digest) noexcept;

struct MachineProof {
  Digest vkey_hash{};                       // MachineVerifyingKey::hash() of the program it is for
  std::vector<std::uint8_t> public_values;  // every byte the guest wrote to fd 3, in order
  stark::StarkProof stark;                  // one ShardProof per shard, in execution order
  friend bool operator==(const MachineProof&, const MachineProof&) = default;
};

// "NMVK" | u8 version | u32 entry pc | u32 length + the STARK key's encoding (stark/vkey.hpp).
std::vector<std::uint8_t> encode(const MachineVerifyingKey& vkey);
std::optional<MachineVerifyingKey> decode_machine_vkey(std::span<const std::uint8_t> bytes);

// "NMPF" | u8 version | vkey hash (8 elements) | u32 length + public values | u32 length + the STARK proof's
// encoding (stark/proof.hpp). Strict: trailing bytes, short reads and bad nested encodings are rejected.
std::vector<std::uint8_t> encode(const MachineProof& proof);

enum class MachineDecodeError : std::uint8_t { kOk = 0, kBadMagic, kBadVersion, kMalformed, kBadStarkProof };
std::string_view error_name(MachineDecodeError error) noexcept;

struct DecodedMachineProof {
  std::optional<MachineProof> proof;
  MachineDecodeError error = MachineDecodeError::kOk;
  stark::DecodeError stark_error = stark::DecodeError::kOk;  // when error == kBadStarkProof
};
DecodedMachineProof decode_machine_proof(std::span<const std::uint8_t> bytes);

}  // namespace neo::zkvm::machine
