// Canonical encoding of FRI proofs.
#include "neo/zkvm/fri/proof.hpp"

namespace neo::zkvm::fri {

namespace {
constexpr std::size_t kDigestElements = std::tuple_size_v<Digest>;
constexpr std::size_t kDigestBytes = 4 * kDigestElements;
}  // namespace

std::vector<std::uint8_t> encode(const FriProof& proof) {
  merkle::codec::ByteWriter writer;
  for (const std::uint8_t m : kFriProofMagic) writer.u8(m);
  writer.u8(kFriProofVersion);
  writer.u32(static_cast<std::uint32_t>(proof.commit_roots.size()));
  for (const Digest& root : proof.commit_roots) writer.elements(root);
  writer.u32(static_cast<std::uint32_t>(proof.final_poly.size()));
  for (const BabyBear4& c : proof.final_poly) writer.ext(c);
  writer.element(proof.pow_nonce);
  writer.u32(static_cast<std::uint32_t>(proof.queries.size()));
  for (const QueryProof& query : proof.queries) {
    writer.u32(static_cast<std::uint32_t>(query.input_openings.size()));
    for (const merkle::BatchOpening& opening : query.input_openings) merkle::write_opening(writer, opening);
    writer.u32(static_cast<std::uint32_t>(query.steps.size()));
    for (const CommitPhaseStep& step : query.steps) {
      writer.ext(step.sibling_value);
      writer.u32(static_cast<std::uint32_t>(step.siblings.size()));
      for (const Digest& d : step.siblings) writer.elements(d);
    }
  }
  return writer.take();
}

std::optional<FriProof> decode_fri_proof(std::span<const std::uint8_t> bytes) {
  merkle::codec::ByteReader reader(bytes);
  for (const std::uint8_t m : kFriProofMagic) {
    if (reader.u8() != m) return std::nullopt;
  }
  if (reader.u8() != kFriProofVersion) return std::nullopt;
  FriProof proof;
  proof.commit_roots.resize(reader.count(kDigestBytes));
  for (Digest& root : proof.commit_roots) root = reader.elements<kDigestElements>();
  proof.final_poly.resize(reader.count(16));
  for (BabyBear4& c : proof.final_poly) c = reader.ext();
  proof.pow_nonce = reader.element();
  // A query holds at least its two counts.
  proof.queries.resize(reader.count(8));
  for (QueryProof& query : proof.queries) {
    // A nested opening holds at least its two counts.
    query.input_openings.resize(reader.count(8));
    for (merkle::BatchOpening& opening : query.input_openings) opening = merkle::read_opening(reader);
    // A step holds at least its value and a count.
    query.steps.resize(reader.count(20));
    for (CommitPhaseStep& step : query.steps) {
      step.sibling_value = reader.ext();
      step.siblings.resize(reader.count(kDigestBytes));
      for (Digest& d : step.siblings) d = reader.elements<kDigestElements>();
    }
    if (!reader.ok()) return std::nullopt;
  }
  if (!reader.finished()) return std::nullopt;
  return proof;
}

}  // namespace neo::zkvm::fri
