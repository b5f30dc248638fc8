// verify(): is this proof a valid proof of what it claims, for the guest program the caller expects?
//
// The answer never overstates: an execute-mode file is "no proof", a mock proof is at most "valid as a mock,
// insecure", and a mode this build cannot check is an error — there is no fallback from one mode to another.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "neo/zkvm/machine/proof.hpp"
#include "neo/zkvm/verifier/proof.hpp"

namespace neo::zkvm {

enum class Verdict : std::uint8_t {
  Valid,              // a cryptographic proof checked out
  ValidMockInsecure,  // a mock proof whose contents are consistent; it proves nothing
  NoProof,            // an execute-mode file: there is nothing to verify
  Invalid,            // tampered, inconsistent, for another program or input, or a mode this build cannot check
};
std::string_view verdict_name(Verdict v) noexcept;

struct VerifyResult {
  Verdict verdict = Verdict::Invalid;
  std::string reason;  // why, in words, for every verdict
  bool accepted() const noexcept { return verdict == Verdict::Valid || verdict == Verdict::ValidMockInsecure; }
};

// What the verifier holds the proof to. vkey_hash is required: a proof is only ever valid for a known
// program. For execute and mock files it is the program digest of the expected guest ELF (program_digest);
// for stark proofs it is machine::digest_bytes(machine_vkey->hash()), and machine_vkey — the expected guest's
// machine verifying key (machine::verifying_key of its ELF) — is required too: a stark proof is checked
// against the key the verifier holds, never against anything the proof brings. The optional fields bind the
// proof further to a script or to a whole ProofInput the verifier knows.
struct VerifyExpectations {
  std::array<std::uint8_t, 32> vkey_hash{};
  std::optional<machine::MachineVerifyingKey> machine_vkey;
  std::optional<std::array<std::uint8_t, 32>> script_hash;
  std::optional<std::array<std::uint8_t, 32>> input_hash;
};

// A stark proof is Valid only when: the expected machine key is given and its hash is both expected.vkey_hash
// and the proof's vkey hash; the proof bytes decode as a MachineProof that machine::verify accepts under that
// key; its public values are exactly the encoding of proof.public_inputs; its guest cycle count is the one
// the STARK proves; and every check of a mock proof's contents holds (committed digest, output vs public
// inputs, expected script and input).
VerifyResult verify(const NeoProof& proof, const VerifyExpectations& expected);
// Decodes first; a malformed encoding is Invalid with the decoder's reason.
VerifyResult verify(std::span<const std::uint8_t> proof_bytes, const VerifyExpectations& expected);

}  // namespace neo::zkvm
