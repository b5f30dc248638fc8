// verify(): is this proof a valid proof of what it claims, for the guest program the caller expects?
//
// The answer never overstates: an execute-mode file is "no proof", a mock proof is at most "valid as a mock,
// insecure", and a mode this build cannot check is an error — there is no fallback from one mode to another.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

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

// What the verifier holds the proof to. vkey_hash is required: a proof is only ever valid for a known program.
// The optional fields bind the proof further to a script or to a whole ProofInput the verifier knows.
struct VerifyExpectations {
  std::array<std::uint8_t, 32> vkey_hash{};
  std::optional<std::array<std::uint8_t, 32>> script_hash;
  std::optional<std::array<std::uint8_t, 32>> input_hash;
};

VerifyResult verify(const NeoProof& proof, const VerifyExpectations& expected);
// Decodes first; a malformed encoding is Invalid with the decoder's reason.
VerifyResult verify(std::span<const std::uint8_t> proof_bytes, const VerifyExpectations& expected);

}  // namespace neo::zkvm
