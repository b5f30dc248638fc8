// The machine prover: proves that a guest program, run on a private input, halted with exit code 0 and
// committed SHA-256 of its public values (the statement of neo/zkvm/machine/verifier.hpp).
//
// setup() builds the circuit's proving key for one program (its Program and MemoryImage tables are
// preprocessed, so the verifying key is bound to the program); prove() executes the program in recording
// mode, cuts the execution into shards of at most 2^log_shard_cycles cycles and proves all shards in one
// multi-shard STARK proof, generating each shard's traces when the STARK prover asks for them (so that
// peak memory need not grow with the number of shards, see MachineProverOptions::resident_shards). An
// execution that traps, does not halt within max_cycles, exits with a code other than 0, or commits a
// digest that is not SHA-256 of its public values gets an error naming that, never a proof. Host only.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "neo/zkvm/fri/params.hpp"
#include "neo/zkvm/machine/proof.hpp"
#include "neo/zkvm/rv32/elf.hpp"
#include "neo/zkvm/rv32/executor.hpp"
#include "neo/zkvm/stark/prover.hpp"

namespace neo::zkvm::machine {

struct MachineProvingKey {
  rv32::ProgramImage image;
  stark::ProvingKey stark;
  MachineVerifyingKey vkey;
};

struct MachineSetupResult {
  std::optional<MachineProvingKey> key;
  std::string error;  // a program the circuit cannot represent, or invalid parameters
};
MachineSetupResult setup(rv32::ProgramImage image, const fri::FriParams& params = fri::FriParams::standard());

// The verifying key alone (what `verify` needs for a program): the same computation as setup().
struct MachineVkeyResult {
  std::optional<MachineVerifyingKey> vkey;
  std::string error;
};
MachineVkeyResult verifying_key(const rv32::ProgramImage& image,
                                const fri::FriParams& params = fri::FriParams::standard());

// How an execution of `cycles` cycles is cut into shards: full shards of 2^log_max_shard_cycles cycles, then
// the rest. (Splitting the rest into power-of-two parts to save padding was measured: for the Neo guest's
// 65,874-cycle minimum, 65,536 + 338 instead of one shard of 131,072 rows, proving was no faster and the
// proof twice as large, every shard carrying its own openings.)
std::vector<std::uint64_t> plan_shards(std::uint64_t cycles, unsigned log_max_shard_cycles);

struct MachineProverOptions {
  // The shard size, kMinLogShardCycles..kMaxLogShardCycles (see plan_shards).
  unsigned log_shard_cycles = kDefaultLogShardCycles;
  std::uint64_t max_cycles = kMaxCycles;               // at most kMaxCycles
  bool debug_checks = stark::kDebugChecksByDefault;
  const stark::ProverHooks* hooks = nullptr;  // cheating-prover hooks for soundness tests
  // The most shards whose traces and main trees are in memory at once (stark::ProverOptions): peak memory
  // is about this many shards' worth whatever the number of shards; beyond it, shards are traced and
  // committed twice. 1 for the least memory. The proof is the same whatever the setting.
  std::size_t resident_shards = stark::kDefaultResidentShards;
  // Called as work advances: a stage name and the fraction of that stage done (0..1).
  std::function<void(std::string_view stage, double fraction)> progress;
};

struct MachineProveResult {
  std::optional<MachineProof> proof;
  std::string error;               // when there is no proof: what went wrong
  rv32::ExecutionResult execution;  // the run (stdout, public values, cycles), also when it failed
  std::size_t shards = 0;
  bool ok() const noexcept { return proof.has_value(); }
};
MachineProveResult prove(const MachineProvingKey& key, std::vector<std::uint8_t> private_input,
                         const MachineProverOptions& options = {});

}  // namespace neo::zkvm::machine
