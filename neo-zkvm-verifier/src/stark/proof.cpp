// Canonical encoding of multi-table STARK proofs.
#include "neo/zkvm/stark/proof.hpp"

#include "neo/zkvm/merkle/codec.hpp"

namespace neo::zkvm::stark {
namespace {

using merkle::codec::ByteReader;
using merkle::codec::ByteWriter;

constexpr std::size_t kExtBytes = 16;
constexpr std::size_t kDigestBytes = 32;

void write_exts(ByteWriter& w, const std::vector<BabyBear4>& values) {
  w.u32(static_cast<std::uint32_t>(values.size()));
  for (const BabyBear4& v : values) w.ext(v);
}

std::vector<BabyBear4> read_exts(ByteReader& r) {
  const std::uint32_t n = r.count(kExtBytes);
  std::vector<BabyBear4> out;
  out.reserve(n);
  for (std::uint32_t i = 0; i < n && r.ok(); ++i) out.push_back(r.ext());
  return out;
}

// A 0/1 presence flag; anything else is non-canonical.
bool read_flag(ByteReader& r, bool& non_canonical) {
  const std::uint8_t flag = r.u8();
  if (flag > 1) {
    non_canonical = true;
    r.fail();
  }
  return flag == 1;
}

}  // namespace

std::string_view error_name(DecodeError error) noexcept {
  switch (error) {
    case DecodeError::kOk:
      return "ok";
    case DecodeError::kBadMagic:
      return "bad magic";
    case DecodeError::kBadVersion:
      return "unsupported version";
    case DecodeError::kMalformed:
      return "truncated, impossible count or element >= p";
    case DecodeError::kBadFlag:
      return "presence flag other than 0 or 1";
    case DecodeError::kTrailingBytes:
      return "trailing bytes";
    case DecodeError::kBadFriProof:
      return "malformed FRI proof";
  }
  return "unknown";
}

std::vector<std::uint8_t> encode(const StarkProof& proof) {
  ByteWriter w;
  for (const std::uint8_t m : kStarkProofMagic) w.u8(m);
  w.u8(kStarkProofVersion);
  w.elements(proof.vkey_hash);
  w.u32(static_cast<std::uint32_t>(proof.shards.size()));
  for (const ShardProof& shard : proof.shards) {
    w.elements(shard.main_root);
    w.u8(shard.permutation_root ? 1 : 0);
    if (shard.permutation_root) w.elements(*shard.permutation_root);
    w.elements(shard.quotient_root);
    w.u32(static_cast<std::uint32_t>(shard.chips.size()));
    for (const ChipProof& chip : shard.chips) {
      w.u32(chip.log_height);
      w.u32(static_cast<std::uint32_t>(chip.public_values.size()));
      for (const BabyBear v : chip.public_values) w.element(v);
      w.u8(chip.cumulative_sum ? 1 : 0);
      if (chip.cumulative_sum) w.ext(*chip.cumulative_sum);
      write_exts(w, chip.preprocessed_local);
      write_exts(w, chip.preprocessed_next);
      write_exts(w, chip.main_local);
      write_exts(w, chip.main_next);
      write_exts(w, chip.permutation_local);
      write_exts(w, chip.permutation_next);
      write_exts(w, chip.quotient);
    }
    const std::vector<std::uint8_t> fri_bytes = fri::encode(shard.opening);
    w.u32(static_cast<std::uint32_t>(fri_bytes.size()));
    for (const std::uint8_t b : fri_bytes) w.u8(b);
  }
  return w.take();
}

DecodedProof decode_stark_proof(std::span<const std::uint8_t> bytes) {
  DecodedProof out;
  ByteReader r(bytes);
  for (const std::uint8_t m : kStarkProofMagic) {
    if (r.u8() != m) {
      out.error = DecodeError::kBadMagic;
      return out;
    }
  }
  if (r.u8() != kStarkProofVersion) {
    out.error = DecodeError::kBadVersion;
    return out;
  }
  bool non_canonical = false;

  StarkProof proof;
  proof.vkey_hash = r.elements<8>();
  // The smallest shard: 3 flags/roots, a chip count and an empty FRI proof's length.
  const std::uint32_t num_shards = r.count(2 * kDigestBytes + 1 + 8);
  for (std::uint32_t s = 0; s < num_shards && r.ok(); ++s) {
    ShardProof shard;
    shard.main_root = r.elements<8>();
    if (read_flag(r, non_canonical)) shard.permutation_root = r.elements<8>();
    shard.quotient_root = r.elements<8>();
    const std::uint32_t num_chips = r.count(4 + 4 + 1 + 7 * 4);
    for (std::uint32_t c = 0; c < num_chips && r.ok(); ++c) {
      ChipProof chip;
      chip.log_height = r.u32();
      const std::uint32_t num_public = r.count(4);
      for (std::uint32_t i = 0; i < num_public && r.ok(); ++i) chip.public_values.push_back(r.element());
      if (read_flag(r, non_canonical)) chip.cumulative_sum = r.ext();
      chip.preprocessed_local = read_exts(r);
      chip.preprocessed_next = read_exts(r);
      chip.main_local = read_exts(r);
      chip.main_next = read_exts(r);
      chip.permutation_local = read_exts(r);
      chip.permutation_next = read_exts(r);
      chip.quotient = read_exts(r);
      shard.chips.push_back(std::move(chip));
    }
    const std::uint32_t fri_length = r.count(1);
    if (!r.ok()) break;
    std::vector<std::uint8_t> fri_bytes(fri_length);
    for (auto& b : fri_bytes) b = r.u8();
    if (!r.ok()) break;
    std::optional<fri::FriProof> opening = fri::decode_fri_proof(fri_bytes);
    if (!opening) {
      out.error = DecodeError::kBadFriProof;
      return out;
    }
    shard.opening = std::move(*opening);
    proof.shards.push_back(std::move(shard));
  }
  if (!r.ok()) {
    out.error = non_canonical ? DecodeError::kBadFlag : DecodeError::kMalformed;
    return out;
  }
  if (!r.finished()) {
    out.error = DecodeError::kTrailingBytes;
    return out;
  }
  out.proof = std::move(proof);
  return out;
}

}  // namespace neo::zkvm::stark
