// Machine verifying key and machine proof: hash and canonical encodings (machine/proof.hpp).
#include "neo/zkvm/machine/proof.hpp"

#include "neo/zkvm/hash/poseidon2.hpp"
#include "neo/zkvm/merkle/codec.hpp"

namespace neo::zkvm::machine {
namespace {

using field::BabyBear;

void write_bytes(merkle::codec::ByteWriter& w, std::span<const std::uint8_t> bytes) {
  w.u32(static_cast<std::uint32_t>(bytes.size()));
  for (const std::uint8_t b : bytes) w.u8(b);
}

std::vector<std::uint8_t> read_bytes(merkle::codec::ByteReader& r) {
  const std::uint32_t n = r.count(1);
  std::vector<std::uint8_t> out;
  if (!r.ok()) return out;
  out.resize(n);
  for (auto& b : out) b = r.u8();
  return out;
}

bool read_magic(merkle::codec::ByteReader& r, const std::array<std::uint8_t, 4>& magic) {
  bool same = true;
  for (const std::uint8_t m : magic) same = (r.u8() == m) && same;
  return same && r.ok();
}

}  // namespace

Digest MachineVerifyingKey::hash() const noexcept {
  // Elements below 2^16 each, so every u32 has one encoding; the STARK key hash is already 8 elements.
  std::vector<BabyBear> enc;
  enc.push_back(BabyBear::from_canonical(kMachineEncodingVersion));
  const Digest inner = stark.hash();
  enc.insert(enc.end(), inner.begin(), inner.end());
  enc.push_back(BabyBear::from_canonical(entry_pc & 0xffffu));
  enc.push_back(BabyBear::from_canonical(entry_pc >> 16));
  return hash::Poseidon2BabyBear16::hash(enc);
}

std::array<std::uint8_t, 32> digest_bytes(const Digest& digest) noexcept {
  std::array<std::uint8_t, 32> out{};
  for (std::size_t i = 0; i < digest.size(); ++i) {
    const std::uint32_t v = digest[i].to_canonical();
    for (std::size_t b = 0; b < 4; ++b) out[4 * i + b] = static_cast<std::uint8_t>(v >> (8 * b));
  }
  return out;
}

std::vector<std::uint8_t> encode(const MachineVerifyingKey& vkey) {
  merkle::codec::ByteWriter w;
  for (const std::uint8_t m : kMachineVkeyMagic) w.u8(m);
  w.u8(kMachineEncodingVersion);
  w.u32(vkey.entry_pc);
  write_bytes(w, stark::encode(vkey.stark));
  return w.take();
}

std::optional<MachineVerifyingKey> decode_machine_vkey(std::span<const std::uint8_t> bytes) {
  merkle::codec::ByteReader r(bytes);
  if (!read_magic(r, kMachineVkeyMagic)) return std::nullopt;
  if (r.u8() != kMachineEncodingVersion) return std::nullopt;
  MachineVerifyingKey vkey;
  vkey.entry_pc = r.u32();
  const std::vector<std::uint8_t> inner = read_bytes(r);
  if (!r.finished()) return std::nullopt;
  std::optional<stark::VerifyingKey> stark_key = stark::decode_vkey(inner);
  if (!stark_key) return std::nullopt;
  vkey.stark = std::move(*stark_key);
  return vkey;
}

std::vector<std::uint8_t> encode(const MachineProof& proof) {
  merkle::codec::ByteWriter w;
  for (const std::uint8_t m : kMachineProofMagic) w.u8(m);
  w.u8(kMachineEncodingVersion);
  w.elements(proof.vkey_hash);
  write_bytes(w, proof.public_values);
  write_bytes(w, stark::encode(proof.stark));
  return w.take();
}

std::string_view error_name(MachineDecodeError error) noexcept {
  switch (error) {
    case MachineDecodeError::kOk:
      return "ok";
    case MachineDecodeError::kBadMagic:
      return "not a machine proof (bad magic)";
    case MachineDecodeError::kBadVersion:
      return "unsupported machine proof version";
    case MachineDecodeError::kMalformed:
      return "malformed machine proof (short, trailing bytes or an element >= p)";
    case MachineDecodeError::kBadStarkProof:
      return "the nested STARK proof does not decode";
  }
  return "unknown";
}

DecodedMachineProof decode_machine_proof(std::span<const std::uint8_t> bytes) {
  DecodedMachineProof out;
  merkle::codec::ByteReader r(bytes);
  if (!read_magic(r, kMachineProofMagic)) {
    out.error = MachineDecodeError::kBadMagic;
    return out;
  }
  if (r.u8() != kMachineEncodingVersion) {
    out.error = r.ok() ? MachineDecodeError::kBadVersion : MachineDecodeError::kMalformed;
    return out;
  }
  MachineProof proof;
  proof.vkey_hash = r.elements<8>();
  proof.public_values = read_bytes(r);
  const std::vector<std::uint8_t> inner = read_bytes(r);
  if (!r.finished()) {
    out.error = MachineDecodeError::kMalformed;
    return out;
  }
  stark::DecodedProof decoded = stark::decode_stark_proof(inner);
  if (!decoded.proof) {
    out.error = MachineDecodeError::kBadStarkProof;
    out.stark_error = decoded.error;
    return out;
  }
  proof.stark = std::move(*decoded.proof);
  out.proof = std::move(proof);
  return out;
}

}  // namespace neo::zkvm::machine
