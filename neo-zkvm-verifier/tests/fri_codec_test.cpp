// Canonical encodings of Merkle openings and FRI proofs, the Merkle shape rules and the FRI parameters.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "neo/zkvm/fri/params.hpp"
#include "neo/zkvm/fri/proof.hpp"
#include "neo/zkvm/fri/verifier.hpp"
#include "neo/zkvm/merkle/merkle.hpp"
#include "stark_test_support.hpp"

using neo::zkvm::field::BabyBear;
using neo::zkvm::field::BabyBear4;
namespace fri = neo::zkvm::fri;
namespace merkle = neo::zkvm::merkle;
using neo::zkvm::test_support::FieldRng;

namespace {

merkle::Digest random_digest(FieldRng& rng) {
  merkle::Digest d;
  for (auto& v : d) v = rng.element();
  return d;
}

merkle::BatchOpening random_opening(FieldRng& rng) {
  merkle::BatchOpening o;
  o.rows = {{rng.element(), rng.element()}, {}, {rng.element()}};
  o.siblings = {random_digest(rng), random_digest(rng)};
  return o;
}

fri::FriProof random_proof(FieldRng& rng) {
  fri::FriProof p;
  p.commit_roots = {random_digest(rng), random_digest(rng)};
  p.final_poly = {rng.ext(), rng.ext()};
  p.pow_nonce = rng.element();
  for (int q = 0; q < 3; ++q) {
    fri::QueryProof query;
    query.input_openings = {random_opening(rng), random_opening(rng)};
    query.steps = {{rng.ext(), {random_digest(rng)}}, {rng.ext(), {}}};
    p.queries.push_back(query);
  }
  return p;
}

void put_u32(std::vector<std::uint8_t>& bytes, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

}  // namespace

TEST_CASE("merkle opening encoding round-trips and is strict", "[merkle][codec]") {
  FieldRng rng(1);
  const merkle::BatchOpening opening = random_opening(rng);
  const auto bytes = merkle::encode_opening(opening);
  // version | u32 rows | (u32 2, 2 elements) | (u32 0) | (u32 1, 1 element) | u32 2 | 2 digests
  REQUIRE(bytes.size() == 1 + 4 + (4 + 8) + 4 + (4 + 4) + 4 + 2 * 32);
  const auto decoded = merkle::decode_opening(bytes);
  REQUIRE(decoded);
  CHECK(*decoded == opening);

  auto trailing = bytes;
  trailing.push_back(0);
  CHECK_FALSE(merkle::decode_opening(trailing));
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    CHECK_FALSE(merkle::decode_opening(std::span<const std::uint8_t>(bytes.data(), cut)));
  }
  auto version = bytes;
  version[0] = 2;
  CHECK_FALSE(merkle::decode_opening(version));
  // The first element of row 0 at p and at 2^32 - 1: not canonical.
  auto big = bytes;
  put_u32(big, 1 + 4 + 4, BabyBear::kModulus);
  CHECK_FALSE(merkle::decode_opening(big));
  put_u32(big, 1 + 4 + 4, 0xFFFFFFFFu);
  CHECK_FALSE(merkle::decode_opening(big));
  put_u32(big, 1 + 4 + 4, BabyBear::kModulus - 1);
  CHECK(merkle::decode_opening(big));
  // A row count far beyond the input is rejected without allocating.
  auto count = bytes;
  put_u32(count, 1, 0x7FFFFFFFu);
  CHECK_FALSE(merkle::decode_opening(count));
}

TEST_CASE("FRI proof encoding round-trips and is strict", "[fri][codec]") {
  FieldRng rng(2);
  const fri::FriProof proof = random_proof(rng);
  const auto bytes = fri::encode(proof);
  const auto decoded = fri::decode_fri_proof(bytes);
  REQUIRE(decoded);
  CHECK(*decoded == proof);
  CHECK(fri::encode(*decoded) == bytes);

  auto trailing = bytes;
  trailing.push_back(0);
  CHECK_FALSE(fri::decode_fri_proof(trailing));
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    CHECK_FALSE(fri::decode_fri_proof(std::span<const std::uint8_t>(bytes.data(), cut)));
  }
  auto magic = bytes;
  magic[0] ^= 1;
  CHECK_FALSE(fri::decode_fri_proof(magic));
  auto version = bytes;
  version[4] = fri::kFriProofVersion + 1;
  CHECK_FALSE(fri::decode_fri_proof(version));
  // Every field element of the encoding replaced by p must be rejected: walk the first root's elements.
  for (std::size_t e = 0; e < 8; ++e) {
    auto big = bytes;
    put_u32(big, 5 + 4 + 4 * e, BabyBear::kModulus);
    CHECK_FALSE(fri::decode_fri_proof(big));
  }
  // The PoW nonce is at 5 + (4 + 2*32) + (4 + 2*16).
  auto nonce = bytes;
  put_u32(nonce, 5 + 4 + 64 + 4 + 32, 0x80000000u);
  CHECK_FALSE(fri::decode_fri_proof(nonce));
}

TEST_CASE("merkle shape rules", "[merkle]") {
  using D = merkle::MatrixDims;
  CHECK_FALSE(merkle::analyze_shape(std::vector<D>{}));
  CHECK_FALSE(merkle::analyze_shape(std::vector<D>{{8, 0}}));
  CHECK_FALSE(merkle::analyze_shape(std::vector<D>{{0, 3}}));
  CHECK_FALSE(merkle::analyze_shape(std::vector<D>{{12, 3}}));
  CHECK_FALSE(merkle::analyze_shape(std::vector<D>{{1u << 28, 1}}));
  const auto shape = merkle::analyze_shape(std::vector<D>{{4, 3}, {16, 2}, {4, 5}, {1, 1}, {16, 1}});
  REQUIRE(shape);
  CHECK(shape->log_max_height == 4);
  CHECK(shape->width_at_level == std::vector<std::uint32_t>{3, 0, 8, 0, 1});
  // A matrix of height 1 alone: a tree with no compression levels.
  const auto single = merkle::analyze_shape(std::vector<D>{{1, 4}});
  REQUIRE(single);
  CHECK(single->log_max_height == 0);
}

TEST_CASE("FRI parameters and conjectured security", "[fri]") {
  const fri::FriParams standard = fri::FriParams::standard();
  CHECK(standard.log_blowup == 1);
  CHECK(standard.num_queries == 100);
  CHECK(standard.pow_bits == 16);
  CHECK(fri::conjectured_security_bits(standard) == 116);
  CHECK(fri::FriParams{} == standard);
  const fri::FriParams test = fri::FriParams::insecure_for_tests();
  CHECK(test != standard);
  CHECK(fri::conjectured_security_bits(test) == 44);
  CHECK(fri::conjectured_security_bits({.log_blowup = 3, .num_queries = 100, .pow_bits = 20}) == 123);
  CHECK(fri::params_valid(standard));
  CHECK(fri::params_valid(test));
  CHECK_FALSE(fri::params_valid({.log_blowup = 0}));
  CHECK_FALSE(fri::params_valid({.num_queries = 0}));
  CHECK_FALSE(fri::params_valid({.pow_bits = 25}));
}

TEST_CASE("FRI verifier rejects malformed inputs before any work", "[fri]") {
  FieldRng rng(3);
  const fri::FriParams params = fri::FriParams::insecure_for_tests();
  fri::FriProof proof;
  neo::zkvm::challenger::Challenger challenger("neo-zkvm test", 1);
  // Height 8 < 2^(log_final_poly_len + log_blowup) = 16.
  std::vector<fri::CommittedBatch> small = {{random_digest(rng), {{8, 1}}}};
  CHECK(fri::verify_ldt(params, small, proof, challenger) == fri::FriError::kBadInputShape);
  CHECK(fri::verify_ldt(params, {}, proof, challenger) == fri::FriError::kBadInputShape);
  std::vector<fri::CommittedBatch> ok = {{random_digest(rng), {{64, 2}}}};
  CHECK(fri::verify_ldt(params, ok, proof, challenger) == fri::FriError::kWrongCommitCount);
  fri::FriParams bad = params;
  bad.log_blowup = 0;
  CHECK(fri::verify_ldt(bad, ok, proof, challenger) == fri::FriError::kBadParams);
}
