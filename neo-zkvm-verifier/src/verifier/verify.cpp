#include "neo/zkvm/verifier/verify.hpp"

#include <algorithm>

#include "neo/vm/crypto/sha256.hpp"
#include "neo/zkvm/circuit/chips.hpp"
#include "neo/zkvm/circuit/cpu.hpp"
#include "neo/zkvm/machine/verifier.hpp"

namespace neo::zkvm {
namespace {

VerifyResult invalid(std::string reason) { return {Verdict::Invalid, std::move(reason)}; }

// The checks every mode shares: the claimed output is the one the public inputs commit to, the proof is for
// the expected program, and it matches whatever else the verifier was told to expect.
std::optional<VerifyResult> check_bindings(const NeoProof& p, const VerifyExpectations& expected) {
  const guest::PublicInputs& pub = p.public_inputs;
  if (p.vkey_hash != expected.vkey_hash) {
    return invalid("the proof is for another guest program (its verifying key hash differs from the expected one)");
  }
  if (vm::crypto::sha256(guest::encode(pub)) != p.committed_digest) {
    return invalid("the committed digest is not the SHA-256 of the public inputs");
  }
  if (guest::output_hash(p.output) != pub.output_hash) {
    return invalid("the output does not match the output hash in the public inputs");
  }
  if (pub.execution_success != (p.output.state == guest::VmState::Halt)) {
    return invalid("execution_success in the public inputs contradicts the output's VM state");
  }
  if (pub.gas_consumed != p.output.gas_consumed) {
    return invalid("gas_consumed in the public inputs contradicts the output");
  }
  if (pub.storage_root_before != p.output.storage_root_before || pub.storage_root_after != p.output.storage_root_after) {
    return invalid("the storage roots in the public inputs contradict the output");
  }
  if (expected.script_hash && *expected.script_hash != pub.script_hash) {
    return invalid("the proof is about another script (script hash differs from the expected one)");
  }
  if (expected.input_hash && *expected.input_hash != pub.input_hash) {
    return invalid("the proof is about another input (input hash differs from the expected one)");
  }
  return std::nullopt;
}

// The number of cycles a verified machine proof proves: the last shard's CPU end timestamp is
// kStartTimestamp + 4 * cycles (every instruction owns four timestamps, docs/circuit.md). nullopt when the
// proof has no CPU public values where the circuit puts them (machine::verify rejects such a proof first).
std::optional<std::uint64_t> proven_cycles(const machine::MachineProof& proof) {
  if (proof.stark.shards.empty()) return std::nullopt;
  const auto& chips = proof.stark.shards.back().chips;
  const std::size_t cpu = circuit::chip_index(circuit::ChipId::kCpu);
  if (chips.size() <= cpu || chips[cpu].public_values.size() != circuit::CpuPublicValues::kCount) {
    return std::nullopt;
  }
  const std::uint32_t end_ts = chips[cpu].public_values[circuit::CpuPublicValues::kEndTs].to_canonical();
  if (end_ts < machine::kStartTimestamp || (end_ts - machine::kStartTimestamp) % 4 != 0) return std::nullopt;
  return (end_ts - machine::kStartTimestamp) / 4;
}

// A stark proof: the machine proof must verify under the key the verifier holds, and everything the NeoProof
// says beside it must be what that proof proves.
VerifyResult verify_stark(const NeoProof& p, const VerifyExpectations& expected) {
  if (!expected.machine_vkey) {
    return invalid(
        "a stark proof can only be checked against the expected guest's machine verifying key, and "
        "none was given");
  }
  const machine::MachineVerifyingKey& vkey = *expected.machine_vkey;
  const std::array<std::uint8_t, 32> key_hash = machine::digest_bytes(vkey.hash());
  if (key_hash != expected.vkey_hash) {
    return invalid("the expected vkey hash is not the hash of the expected machine verifying key");
  }
  if (p.vkey_hash != key_hash) {
    return invalid(
        "the proof is for another guest program (its verifying key hash differs from the expected one)");
  }
  // The cheap checks first: a file whose parts disagree is rejected before the STARK verifier runs.
  if (auto bad = check_bindings(p, expected)) return *bad;
  const machine::DecodedMachineProof decoded = machine::decode_machine_proof(p.proof);
  if (!decoded.proof) {
    std::string reason = "the STARK proof is malformed: " + std::string(machine::error_name(decoded.error));
    if (decoded.error == machine::MachineDecodeError::kBadStarkProof) {
      reason += " (" + std::string(stark::error_name(decoded.stark_error)) + ")";
    }
    return invalid(std::move(reason));
  }
  const machine::MachineProof& machine_proof = *decoded.proof;
  // The STARK proves the guest committed SHA-256 of machine_proof.public_values; those bytes must be the very
  // public inputs this file claims.
  if (machine_proof.public_values != guest::encode(p.public_inputs)) {
    return invalid("the public inputs are not the public values the STARK proof commits to");
  }
  const machine::MachineVerifyResult checked = machine::verify(vkey, machine_proof);
  if (!checked.ok()) return invalid("the STARK proof does not verify: " + machine::describe(checked));
  if (proven_cycles(machine_proof) != p.guest_cycles) {
    return invalid("the guest cycle count is not the one the STARK proof proves");
  }
  const std::size_t shards = machine_proof.stark.shards.size();
  return {Verdict::Valid,
          "the STARK proof verifies: the expected guest program ran to these public inputs and "
          "this output (" +
              std::to_string(shards) + (shards == 1 ? " shard, " : " shards, ") +
              std::to_string(p.guest_cycles) + " cycles)"};
}

}  // namespace

std::string_view verdict_name(Verdict v) noexcept {
  switch (v) {
    case Verdict::Valid: return "valid";
    case Verdict::ValidMockInsecure: return "valid mock (insecure)";
    case Verdict::NoProof: return "no proof";
    case Verdict::Invalid: return "invalid";
  }
  return "invalid";
}

VerifyResult verify(const NeoProof& p, const VerifyExpectations& expected) {
  switch (p.mode) {
    case ProofMode::Execute:
      return {Verdict::NoProof, "an execute-mode file records a run but carries no proof: nothing can be verified"};
    case ProofMode::Mock: {
      const auto seal = mock_seal(p);
      if (p.proof.size() != seal.size() || !std::equal(seal.begin(), seal.end(), p.proof.begin())) {
        return invalid("the mock seal does not match the proof's contents (the file was altered)");
      }
      if (auto bad = check_bindings(p, expected)) return *bad;
      return {Verdict::ValidMockInsecure,
              "mock proof: the output, public inputs and program are consistent, but nothing is proven "
              "cryptographically — INSECURE, for development only"};
    }
    case ProofMode::Stark:
      return verify_stark(p, expected);
  }
  return invalid("unknown proof mode");
}

VerifyResult verify(std::span<const std::uint8_t> proof_bytes, const VerifyExpectations& expected) {
  const auto decoded = decode_neo_proof(proof_bytes);
  if (!decoded.ok()) {
    return invalid("malformed proof at byte " + std::to_string(decoded.error_offset) + ": " + decoded.error);
  }
  return verify(*decoded.value, expected);
}

}  // namespace neo::zkvm
