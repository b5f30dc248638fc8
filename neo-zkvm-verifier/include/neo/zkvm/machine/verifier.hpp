// The machine verifier: is this a proof that the program of `vkey`, started at its entry, ran to the HALT
// ecall with exit code 0 and committed SHA-256 of `proof.public_values`?
//
// It checks, in order: the proof was made for this key; it has at most kMaxShards shards; the multi-shard
// STARK proof verifies against the circuit's chip set (circuit::build_circuit) — every constraint, every bus
// balanced over all shards; then the statement the public values make (docs/circuit.md §5):
//   * shard 0 starts at the entry pc with timestamp 4; shard i + 1 starts at shard i's end pc and end
//     timestamp (so no shard can be dropped, duplicated or reordered: timestamps only grow);
//   * no shard but the last halts; the last halts with exit code 0 and ends below timestamp 2^29;
//   * the memory-finalising chips (Memory, MemoryImage) are enabled in the last shard only;
//   * every shard carries the same digest; each of its 8 words was committed in some shard; and it equals
//     SHA-256(public_values).
//
// Portable (verifier): errors as values.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "neo/zkvm/machine/proof.hpp"
#include "neo/zkvm/stark/verifier.hpp"

namespace neo::zkvm::machine {

enum class MachineError : std::uint8_t {
  kOk = 0,
  kMalformed,           // the bytes do not decode (see decode_error)
  kCircuit,             // the circuit's chip set does not build (a defect of this build)
  kWrongVkey,           // the proof names another verifying key
  kStark,               // the STARK proof does not verify (see stark)
  kEntryPc,             // shard 0 does not start at the entry pc
  kStartTimestamp,      // shard 0 does not start at timestamp 4
  kShardChain,          // a shard does not start where the previous one ended
  kHaltedEarly,         // a shard other than the last halted
  kNotHalted,           // the last shard did not halt
  kExitCode,            // the exit code is not 0
  kTooLong,             // the end timestamp is not below 2^29
  kMemoryShard,         // the memory chips' shard flag is not (last shard) in every shard
  kDigestDiffers,       // two shards disagree on the committed digest
  kDigestIncomplete,    // some digest word was never committed
  kPublicValuesDigest,  // the committed digest is not SHA-256(public_values)
  kTooManyShards,       // more than kMaxShards shards
};
std::string_view error_name(MachineError error) noexcept;

struct MachineVerifyResult {
  MachineError error = MachineError::kOk;
  std::uint32_t shard = 0;  // where it failed, when it applies
  stark::VerifyResult stark;
  MachineDecodeError decode_error = MachineDecodeError::kOk;
  bool ok() const noexcept { return error == MachineError::kOk; }
};
// A sentence naming what failed (error, shard, and the STARK or decoder detail), for the CLI.
std::string describe(const MachineVerifyResult& result);

MachineVerifyResult verify(const MachineVerifyingKey& vkey, const MachineProof& proof) noexcept;
// Decodes strictly, then verifies.
MachineVerifyResult verify_bytes(const MachineVerifyingKey& vkey,
                                 std::span<const std::uint8_t> bytes) noexcept;

}  // namespace neo::zkvm::machine
