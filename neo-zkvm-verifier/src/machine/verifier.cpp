// The machine verifier (machine/verifier.hpp): the STARK proof, then the statement its public values make.
#include "neo/zkvm/machine/verifier.hpp"

#include "neo/vm/crypto/sha256.hpp"
#include "neo/zkvm/circuit/chips.hpp"
#include "neo/zkvm/circuit/cpu.hpp"
#include "neo/zkvm/circuit/memory.hpp"
#include "neo/zkvm/circuit/syscall.hpp"

namespace neo::zkvm::machine {
namespace {

using circuit::chip_index;
using circuit::ChipId;
using field::BabyBear;

std::uint32_t value(const std::vector<BabyBear>& values, std::size_t i) noexcept {
  return values[i].to_canonical();
}

MachineVerifyResult fail(MachineError error, std::uint32_t shard = 0) noexcept {
  MachineVerifyResult r;
  r.error = error;
  r.shard = shard;
  return r;
}

// Everything after the STARK proof verified (so every shard has every chip with its public value counts).
MachineVerifyResult check_statement(const MachineVerifyingKey& vkey, const MachineProof& proof) noexcept {
  using CpuPv = circuit::CpuPublicValues;
  using SysPv = circuit::SyscallPublicValues;
  const auto& shards = proof.stark.shards;
  const std::size_t last = shards.size() - 1;
  std::uint32_t committed = 0;  // bit k: digest word k committed in some shard
  for (std::size_t s = 0; s < shards.size(); ++s) {
    const auto shard = static_cast<std::uint32_t>(s);
    const auto& cpu = shards[s].chips[chip_index(ChipId::kCpu)].public_values;
    const std::uint32_t start_pc = value(cpu, CpuPv::kStartPc), start_ts = value(cpu, CpuPv::kStartTs);
    const std::uint32_t end_ts = value(cpu, CpuPv::kEndTs);
    if (s == 0) {
      if (start_pc != vkey.entry_pc) return fail(MachineError::kEntryPc, shard);
      if (start_ts != kStartTimestamp) return fail(MachineError::kStartTimestamp, shard);
    } else {
      const auto& prev = shards[s - 1].chips[chip_index(ChipId::kCpu)].public_values;
      if (start_pc != value(prev, CpuPv::kEndPc) || start_ts != value(prev, CpuPv::kEndTs)) {
        return fail(MachineError::kShardChain, shard);
      }
    }
    // Timestamps grow as integers from shard to shard and stay below 2^29, where the circuit's timestamp
    // comparisons are sound (a shard of at most 2^27 rows adds less than 2^29, so none wraps around p).
    if (!(start_ts < end_ts && end_ts < kMaxEndTimestamp)) return fail(MachineError::kTooLong, shard);
    const std::uint32_t halted = value(cpu, CpuPv::kHalted);
    if (s != last && halted != 0) return fail(MachineError::kHaltedEarly, shard);
    if (s == last) {
      if (halted != 1) return fail(MachineError::kNotHalted, shard);
      for (std::size_t i = 0; i < 4; ++i) {
        if (value(cpu, CpuPv::kExitCode + i) != 0) return fail(MachineError::kExitCode, shard);
      }
    }
    const std::uint32_t finalizes = s == last ? 1 : 0;
    for (const ChipId id : {ChipId::kMemory, ChipId::kMemoryImage}) {
      const auto& pv = shards[s].chips[chip_index(id)].public_values;
      if (value(pv, circuit::MemoryPublicValues::kFinalizes) != finalizes) {
        return fail(MachineError::kMemoryShard, shard);
      }
    }
    const auto& sys = shards[s].chips[chip_index(ChipId::kSyscall)].public_values;
    if (s != 0) {
      const auto& first = shards[0].chips[chip_index(ChipId::kSyscall)].public_values;
      for (std::size_t i = 0; i < 4 * circuit::kDigestWords; ++i) {
        if (sys[SysPv::kDigest + i] != first[SysPv::kDigest + i])
          return fail(MachineError::kDigestDiffers, shard);
      }
    }
    for (std::uint32_t k = 0; k < circuit::kDigestWords; ++k) {
      if (value(sys, SysPv::kCommitted + k) == 1) committed |= 1u << k;
    }
  }
  if (committed != (1u << circuit::kDigestWords) - 1) return fail(MachineError::kDigestIncomplete);
  // Committed words are register bytes (the COMMIT row binds them), so the digest values are bytes.
  const vm::crypto::Sha256Digest expected = vm::crypto::sha256(proof.public_values);
  const auto& digest = shards[0].chips[chip_index(ChipId::kSyscall)].public_values;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (value(digest, SysPv::kDigest + i) != expected[i]) return fail(MachineError::kPublicValuesDigest);
  }
  return {};
}

}  // namespace

std::string_view error_name(MachineError error) noexcept {
  switch (error) {
    case MachineError::kOk:
      return "ok";
    case MachineError::kMalformed:
      return "malformed machine proof";
    case MachineError::kCircuit:
      return "the circuit's chip set does not build";
    case MachineError::kWrongVkey:
      return "proof made for another program (verifying key hash differs)";
    case MachineError::kStark:
      return "the STARK proof does not verify";
    case MachineError::kEntryPc:
      return "the first shard does not start at the program's entry";
    case MachineError::kStartTimestamp:
      return "the first shard does not start at timestamp 4";
    case MachineError::kShardChain:
      return "a shard does not start where the previous one ended (dropped, duplicated or reordered)";
    case MachineError::kHaltedEarly:
      return "a shard other than the last halted";
    case MachineError::kNotHalted:
      return "the execution did not halt";
    case MachineError::kExitCode:
      return "the exit code is not 0";
    case MachineError::kTooLong:
      return "timestamps out of range (end not after start, or at or above 2^29)";
    case MachineError::kMemoryShard:
      return "the memory chips are not finalised in exactly the last shard";
    case MachineError::kDigestDiffers:
      return "shards disagree on the committed digest";
    case MachineError::kDigestIncomplete:
      return "not all 8 digest words were committed";
    case MachineError::kPublicValuesDigest:
      return "the committed digest is not SHA-256 of the public values";
    case MachineError::kTooManyShards:
      return "more shards than a proof may have (machine::kMaxShards = 4096)";
  }
  return "unknown";
}

std::string describe(const MachineVerifyResult& result) {
  std::string out(error_name(result.error));
  switch (result.error) {
    case MachineError::kOk:
      return out;
    case MachineError::kMalformed:
      out += ": ";
      out += error_name(result.decode_error);
      return out;
    case MachineError::kStark:
      out += ": ";
      out += stark::error_name(result.stark.error);
      if (result.stark.error == stark::StarkError::kMalformed) {
        out += " (";
        out += stark::error_name(result.stark.decode_error);
        out += ")";
      }
      if (result.stark.error == stark::StarkError::kTooManyInteractions) {
        out += " (bus " + std::to_string(result.stark.bus) + ")";
        return out;
      }
      if (result.stark.error == stark::StarkError::kOpeningRejected) {
        out += " (";
        out += fri::error_name(result.stark.fri_error);
        out += ")";
      }
      out +=
          " at shard " + std::to_string(result.stark.shard) + ", chip " + std::to_string(result.stark.chip);
      return out;
    default:
      out += " (shard " + std::to_string(result.shard) + ")";
      return out;
  }
}

MachineVerifyResult verify(const MachineVerifyingKey& vkey, const MachineProof& proof) noexcept {
  if (proof.vkey_hash != vkey.hash()) return fail(MachineError::kWrongVkey);
  if (proof.stark.shards.size() > kMaxShards) return fail(MachineError::kTooManyShards);
  const circuit::CircuitBuild circuit = circuit::build_circuit();
  if (!circuit.ok()) return fail(MachineError::kCircuit);
  MachineVerifyResult r;
  r.stark = stark::verify(circuit.systems, vkey.stark, proof.stark);
  if (!r.stark.ok()) {
    r.error = MachineError::kStark;
    r.shard = r.stark.shard;
    return r;
  }
  return check_statement(vkey, proof);
}

MachineVerifyResult verify_bytes(const MachineVerifyingKey& vkey,
                                 std::span<const std::uint8_t> bytes) noexcept {
  const DecodedMachineProof decoded = decode_machine_proof(bytes);
  if (!decoded.proof) {
    MachineVerifyResult r = fail(MachineError::kMalformed);
    r.decode_error = decoded.error;
    return r;
  }
  return verify(vkey, *decoded.proof);
}

}  // namespace neo::zkvm::machine
