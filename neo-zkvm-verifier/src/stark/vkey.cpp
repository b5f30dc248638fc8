// Verifying key: hash, chip-set check and canonical encoding.
#include "neo/zkvm/stark/vkey.hpp"

#include "neo/zkvm/merkle/codec.hpp"

namespace neo::zkvm::stark {
namespace {

void push_u32(std::vector<BabyBear>& out, std::uint32_t v) {
  out.push_back(BabyBear::from_canonical(v & 0xffffu));
  out.push_back(BabyBear::from_canonical(v >> 16));
}

}  // namespace

Digest VerifyingKey::hash() const noexcept {
  std::vector<BabyBear> enc;
  push_u32(enc, kVkeyEncodingVersion);
  push_u32(enc, fri.log_blowup);
  push_u32(enc, fri.num_queries);
  push_u32(enc, fri.pow_bits);
  push_u32(enc, fri.log_final_poly_len);
  push_u32(enc, static_cast<std::uint32_t>(chips.size()));
  for (const ChipKey& c : chips) {
    enc.insert(enc.end(), c.constraints_digest.begin(), c.constraints_digest.end());
    push_u32(enc, c.preprocessed_width);
    push_u32(enc, c.preprocessed_log_height);
  }
  enc.insert(enc.end(), preprocessed_root.begin(), preprocessed_root.end());
  return hash::Poseidon2BabyBear16::hash(enc);
}

bool vkey_matches(const VerifyingKey& vkey, std::span<const air::ConstraintSystem> systems) noexcept {
  if (!fri::params_valid(vkey.fri)) return false;
  if (vkey.chips.size() != systems.size() || systems.empty()) return false;
  for (std::size_t i = 0; i < systems.size(); ++i) {
    const ChipKey& key = vkey.chips[i];
    if (key.preprocessed_width != systems[i].preprocessed_width) return false;
    if (key.preprocessed_width == 0 && key.preprocessed_log_height != 0) return false;
    if (key.preprocessed_log_height + vkey.fri.log_blowup > merkle::kMaxLogHeight) return false;
    if (key.constraints_digest != systems[i].digest()) return false;
  }
  return true;
}

std::vector<std::uint8_t> encode(const VerifyingKey& vkey) {
  merkle::codec::ByteWriter w;
  for (const std::uint8_t m : kVkeyMagic) w.u8(m);
  w.u8(kVkeyEncodingVersion);
  w.u32(vkey.fri.log_blowup);
  w.u32(vkey.fri.num_queries);
  w.u32(vkey.fri.pow_bits);
  w.u32(vkey.fri.log_final_poly_len);
  w.u32(static_cast<std::uint32_t>(vkey.chips.size()));
  for (const ChipKey& c : vkey.chips) {
    w.elements(c.constraints_digest);
    w.u32(c.preprocessed_width);
    w.u32(c.preprocessed_log_height);
  }
  w.elements(vkey.preprocessed_root);
  return w.take();
}

std::optional<VerifyingKey> decode_vkey(std::span<const std::uint8_t> bytes) {
  merkle::codec::ByteReader r(bytes);
  for (const std::uint8_t m : kVkeyMagic)
    if (r.u8() != m) return std::nullopt;
  if (r.u8() != kVkeyEncodingVersion) return std::nullopt;
  VerifyingKey vkey;
  vkey.fri.log_blowup = r.u32();
  vkey.fri.num_queries = r.u32();
  vkey.fri.pow_bits = r.u32();
  vkey.fri.log_final_poly_len = r.u32();
  const std::uint32_t n = r.count(4 * 8 + 8);
  for (std::uint32_t i = 0; i < n && r.ok(); ++i) {
    ChipKey c;
    c.constraints_digest = r.elements<8>();
    c.preprocessed_width = r.u32();
    c.preprocessed_log_height = r.u32();
    vkey.chips.push_back(c);
  }
  vkey.preprocessed_root = r.elements<8>();
  if (!r.finished()) return std::nullopt;
  return vkey;
}

}  // namespace neo::zkvm::stark
