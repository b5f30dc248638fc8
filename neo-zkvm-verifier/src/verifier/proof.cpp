#include "neo/zkvm/verifier/proof.hpp"

#include <algorithm>

namespace neo::zkvm {

std::string_view mode_name(ProofMode mode) noexcept {
  switch (mode) {
    case ProofMode::Execute: return "execute";
    case ProofMode::Mock: return "mock";
    case ProofMode::Stark: return "stark";
  }
  return "unknown";
}

std::vector<std::uint8_t> encode(const NeoProof& p) {
  guest::ByteWriter w;
  w.raw(kNeoProofMagic);
  w.u8(kNeoProofVersion);
  w.u8(static_cast<std::uint8_t>(p.mode));
  w.var_bytes(guest::encode(p.output));
  w.raw(guest::encode(p.public_inputs));
  w.raw(p.committed_digest);
  w.raw(p.vkey_hash);
  w.u64(p.guest_cycles);
  w.var_bytes(p.proof);
  return w.take();
}

guest::Decoded<NeoProof> decode_neo_proof(std::span<const std::uint8_t> bytes) {
  guest::Decoded<NeoProof> out;
  auto fail = [&out](std::string error, std::size_t offset) {
    out.error = std::move(error);
    out.error_offset = offset;
    return out;
  };
  guest::ByteReader r(bytes);
  r.set_field("magic");
  const auto magic = r.raw(kNeoProofMagic.size());
  if (r.ok() && !std::equal(magic.begin(), magic.end(), kNeoProofMagic.begin())) r.fail("not a neo-zkvm proof file");
  r.set_field("version");
  if (r.u8() != kNeoProofVersion && r.ok()) r.fail("unknown proof format version");
  r.set_field("mode");
  const std::uint8_t mode = r.u8();
  if (r.ok() && mode > 2) r.fail("unknown proof mode");
  NeoProof p;
  p.mode = static_cast<ProofMode>(mode);
  r.set_field("output");
  const auto output_bytes = r.var_bytes(1u << 24);
  const std::size_t output_offset = r.offset() - output_bytes.size();
  r.set_field("public_inputs");
  const auto public_bytes = r.raw(guest::kPublicInputsSize);
  const std::size_t public_offset = r.offset() - public_bytes.size();
  r.set_field("committed_digest");
  const auto digest = r.raw(32);
  if (r.ok()) std::copy(digest.begin(), digest.end(), p.committed_digest.begin());
  r.set_field("vkey_hash");
  const auto vkey = r.raw(32);
  if (r.ok()) std::copy(vkey.begin(), vkey.end(), p.vkey_hash.begin());
  r.set_field("guest_cycles");
  p.guest_cycles = r.u64();
  r.set_field("proof");
  const auto proof_bytes = r.var_bytes(1u << 30);
  if (r.ok() && p.mode == ProofMode::Execute && !proof_bytes.empty()) r.fail("an execute-mode file carries no proof");
  if (r.ok() && p.mode == ProofMode::Mock && proof_bytes.size() != 32) r.fail("a mock proof is a 32-byte seal");
  p.proof.assign(proof_bytes.begin(), proof_bytes.end());
  r.set_field("end of input");
  r.expect_end();
  if (!r.ok()) return fail(std::string(r.error_field()) + ": " + std::string(r.error()), r.error_offset());

  auto output = guest::decode_proof_output(output_bytes);
  if (!output.ok()) return fail("output." + output.error, output_offset + output.error_offset);
  p.output = std::move(*output.value);
  auto pub = guest::decode_public_inputs(public_bytes);
  if (!pub.ok()) return fail("public_inputs." + pub.error, public_offset + pub.error_offset);
  p.public_inputs = *pub.value;
  out.value = std::move(p);
  return out;
}

}  // namespace neo::zkvm

#include "neo/vm/crypto/sha256.hpp"

namespace neo::zkvm {

std::array<std::uint8_t, 32> program_digest(std::span<const std::uint8_t> elf_bytes) {
  static constexpr std::string_view kDomain = "neo-zkvm program v1";
  vm::crypto::Sha256 h;
  h.update({reinterpret_cast<const std::uint8_t*>(kDomain.data()), kDomain.size()});
  h.update(elf_bytes);
  return h.finish();
}

}  // namespace neo::zkvm

namespace neo::zkvm {

std::array<std::uint8_t, 32> mock_seal(const NeoProof& proof) {
  static constexpr std::string_view kDomain = "neo-zkvm mock seal v1";
  vm::crypto::Sha256 h;
  h.update({reinterpret_cast<const std::uint8_t*>(kDomain.data()), kDomain.size()});
  h.update(proof.vkey_hash);
  h.update(proof.committed_digest);
  std::uint8_t cycles[8];
  for (int i = 0; i < 8; ++i) cycles[i] = static_cast<std::uint8_t>(proof.guest_cycles >> (8 * i));
  h.update(cycles);
  return h.finish();
}

}  // namespace neo::zkvm
