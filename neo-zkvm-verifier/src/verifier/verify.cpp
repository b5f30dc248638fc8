#include "neo/zkvm/verifier/verify.hpp"

#include <algorithm>

#include "neo/vm/crypto/sha256.hpp"

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
      return invalid("stark proofs cannot be verified by this build: the rv32im STARK verifier is not available yet");
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
