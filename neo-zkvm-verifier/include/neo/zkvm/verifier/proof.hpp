// NeoProof: what `neo-zkvm prove` writes and `neo-zkvm verify` checks — the claimed ProofOutput, the public
// inputs that bind it, the proof itself and the hash of the verifying key of the guest program it is for.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "neo/guest/proof_io.hpp"
#include "neo/guest/public_inputs.hpp"

namespace neo::zkvm {

inline constexpr std::uint8_t kNeoProofVersion = 1;
// Every encoded proof starts with these bytes, so a wrong file is recognised at once.
inline constexpr std::array<std::uint8_t, 4> kNeoProofMagic = {'N', 'Z', 'K', 'P'};

// Proof modes of the design notes (section 2). No mode ever stands in for another.
enum class ProofMode : std::uint8_t {
  Execute = 0,  // the guest ran in the executor; no proof at all
  Mock = 1,     // public inputs and output, no cryptography: consistency only, insecure
  Stark = 2,    // the rv32im STARK
};
std::string_view mode_name(ProofMode mode) noexcept;

struct NeoProof {
  ProofMode mode = ProofMode::Execute;
  guest::ProofOutput output;
  guest::PublicInputs public_inputs;
  // The digest the guest committed (COMMIT words 0..7 as bytes): SHA-256 of its public values, which are the
  // encoding of public_inputs. A stark proof binds it; every mode checks it against the public inputs.
  std::array<std::uint8_t, 32> committed_digest{};
  std::array<std::uint8_t, 32> vkey_hash{};  // which guest program this is about (see docs/proofs.md)
  std::uint64_t guest_cycles = 0;           // rv32im cycles of the guest run
  // Stark: the STARK proof. Mock: the 32-byte mock seal (mock_seal below). Execute: empty.
  std::vector<std::uint8_t> proof;
  friend bool operator==(const NeoProof&, const NeoProof&) = default;
};

// magic | version | mode | var-bytes ProofOutput | PublicInputs (170 bytes) | committed digest (32) | vkey hash (32)
// | guest cycles (u64 LE) | var-bytes proof
std::vector<std::uint8_t> encode(const NeoProof& proof);
guest::Decoded<NeoProof> decode_neo_proof(std::span<const std::uint8_t> bytes);

}  // namespace neo::zkvm

namespace neo::zkvm {

// The program digest that stands in for the verifying-key hash in execute and mock modes:
// SHA-256("neo-zkvm program v1" || ELF file bytes). (A stark proof's vkey hash commits to the circuit's
// preprocessed tables instead.) Either way, a verifier compares it with the hash of the guest it expects.
std::array<std::uint8_t, 32> program_digest(std::span<const std::uint8_t> elf_bytes);

// A mock proof's seal: SHA-256("neo-zkvm mock seal v1" || vkey hash || committed digest || guest cycles LE).
// Anyone can compute it: it makes accidental corruption of a mock proof detectable and proves nothing else.
std::array<std::uint8_t, 32> mock_seal(const NeoProof& proof);

}  // namespace neo::zkvm
