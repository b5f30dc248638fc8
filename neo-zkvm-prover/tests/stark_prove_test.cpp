// Multi-table STARK: honest proofs of the test chips verify — alone, together at different heights, over
// several shards with buses that only balance across shards — and survive encoding.
#include <catch2/catch.hpp>

#include <vector>

#include "stark_test_util.hpp"

using neo::zkvm::field::BabyBear;
using neo::zkvm::merkle::RowMajorMatrix;
namespace stark = neo::zkvm::stark;
namespace chips = neo::zkvm::test_chips;
using neo::zkvm::stark_test::built;
using neo::zkvm::stark_test::make_key;
using neo::zkvm::stark_test::test_params;

namespace {

void require_verifies(const stark::ProvingKey& key, std::vector<stark::ShardInput> shards) {
  stark::ProverOptions options;
  options.debug_checks = true;
  const stark::ProveResult proved = stark::prove(key, std::move(shards), options);
  INFO(proved.error);
  REQUIRE(proved.proof.has_value());
  const stark::VerifyResult v = stark::verify(key.systems, key.vkey, *proved.proof);
  INFO(stark::error_name(v.error) << " shard " << v.shard << " chip " << v.chip << " fri "
                                  << neo::zkvm::fri::error_name(v.fri_error));
  REQUIRE(v.ok());
  // The encoding round-trips and the decoded proof verifies too.
  const std::vector<std::uint8_t> bytes = stark::encode(*proved.proof);
  const stark::DecodedProof decoded = stark::decode_stark_proof(bytes);
  REQUIRE(decoded.proof.has_value());
  REQUIRE(*decoded.proof == *proved.proof);
  REQUIRE(stark::verify_bytes(key.systems, key.vkey, bytes).ok());
}

}  // namespace

TEST_CASE("stark: fibonacci proves and verifies", "[stark]") {
  for (const auto& params : {test_params(), neo::zkvm::fri::FriParams::standard()}) {
    const stark::ProvingKey key = make_key(params, {built(chips::FibonacciChip{})}, {RowMajorMatrix{}});
    const RowMajorMatrix trace = chips::FibonacciChip::trace(64, 0, 1);
    stark::ShardInput shard;
    shard.public_values = {chips::FibonacciChip::publics(trace, 0, 1)};
    shard.main = {trace};
    require_verifies(key, {shard});
  }
}

TEST_CASE("stark: byte-range lookups into a preprocessed table", "[stark][logup]") {
  const stark::ProvingKey key =
      make_key(test_params(), {built(chips::ByteTableChip{}), built(chips::RangeCheckedChip{})},
               {chips::ByteTableChip::table(), RowMajorMatrix{}});
  RowMajorMatrix multiplicities = chips::matrix(256, 1);
  std::vector<std::uint32_t> values;
  for (std::uint32_t i = 0; i < 50; ++i) values.push_back((i * 2654435761u) & 0xffffffu);
  const RowMajorMatrix range = chips::RangeCheckedChip::trace(values, 64, multiplicities);
  stark::ShardInput shard;
  shard.main = {multiplicities, range};
  shard.public_values = {{}, {}};
  require_verifies(key, {shard});
}

TEST_CASE("stark: two-chip permutation of different heights", "[stark][logup]") {
  const stark::ProvingKey key =
      make_key(test_params(),
               {built(chips::PermutationSenderChip{}), built(chips::PermutationReceiverChip{})}, {{}, {}});
  const chips::PermutationTraces t = chips::permutation_traces(16, 32, 7);
  stark::ShardInput shard;
  shard.main = {t.sender, t.receiver};
  shard.public_values = {{}, {}};
  require_verifies(key, {shard});
}

TEST_CASE("stark: all test chips in one proof", "[stark][logup]") {
  const stark::ProvingKey key =
      make_key(test_params(),
               {built(chips::FibonacciChip{}), built(chips::ByteTableChip{}),
                built(chips::RangeCheckedChip{}), built(chips::PermutationSenderChip{}),
                built(chips::PermutationReceiverChip{}), built(chips::WideChip{8})},
               {{}, chips::ByteTableChip::table(), {}, {}, {}, {}});
  const RowMajorMatrix fib = chips::FibonacciChip::trace(8, 3, 5);
  RowMajorMatrix multiplicities = chips::matrix(256, 1);
  const RowMajorMatrix range = chips::RangeCheckedChip::trace({1, 0xffffff, 0x123456, 0}, 4, multiplicities);
  const chips::PermutationTraces perm = chips::permutation_traces(16, 64, 9);
  stark::ShardInput shard;
  shard.main = {fib, multiplicities, range, perm.sender, perm.receiver, chips::WideChip{8}.trace(128, 3)};
  shard.public_values = {chips::FibonacciChip::publics(fib, 3, 5), {}, {}, {}, {}, {}};
  require_verifies(key, {shard});
}

TEST_CASE("stark: shards share the bus challenges and balance only together", "[stark][logup][shards]") {
  const stark::ProvingKey key =
      make_key(test_params(),
               {built(chips::FibonacciChip{}), built(chips::PermutationSenderChip{}),
                built(chips::PermutationReceiverChip{})},
               {{}, {}, {}});
  // Shard 0's receiver takes shard 1's sends and the other way round: neither shard balances alone.
  const chips::PermutationTraces a = chips::permutation_traces(8, 16, 1);
  const chips::PermutationTraces b = chips::permutation_traces(8, 8, 2);
  std::vector<stark::ShardInput> shards(2);
  const RowMajorMatrix fib0 = chips::FibonacciChip::trace(16, 1, 1);
  const RowMajorMatrix fib1 = chips::FibonacciChip::trace(4, 2, 7);
  shards[0].main = {fib0, a.sender, b.receiver};
  shards[0].public_values = {chips::FibonacciChip::publics(fib0, 1, 1), {}, {}};
  shards[1].main = {fib1, b.sender, a.receiver};
  shards[1].public_values = {chips::FibonacciChip::publics(fib1, 2, 7), {}, {}};
  require_verifies(key, shards);

  // Alone, a shard's buses do not balance: the debug check says so, and without it the verifier rejects.
  std::vector<stark::ShardInput> alone = {shards[0]};
  CHECK_THAT(stark::check_witness(key, alone), Catch::Contains("bus 2"));
  stark::ProverOptions options;
  options.debug_checks = false;
  const stark::ProveResult proved = stark::prove(key, alone, options);
  REQUIRE(proved.proof.has_value());
  CHECK(stark::verify(key.systems, key.vkey, *proved.proof).error == stark::StarkError::kBusUnbalanced);
}

TEST_CASE("stark: debug checks name the chip, the constraint and the row", "[stark]") {
  const stark::ProvingKey key = make_key(test_params(), {built(chips::FibonacciChip{})}, {RowMajorMatrix{}});
  RowMajorMatrix trace = chips::FibonacciChip::trace(16, 0, 1);
  trace.values[2 * 5 + 1] += BabyBear::one();  // b of row 5
  stark::ShardInput shard;
  shard.public_values = {chips::FibonacciChip::publics(trace, 0, 1)};
  shard.main = {trace};
  stark::ProverOptions options;
  options.debug_checks = true;
  const stark::ProveResult proved = stark::prove(key, {shard}, options);
  REQUIRE_FALSE(proved.proof.has_value());
  CHECK_THAT(proved.error,
             Catch::Contains("fibonacci") && Catch::Contains("b' = a + b") && Catch::Contains("row 4"));
}

TEST_CASE("stark: prover rejects inputs of the wrong shape", "[stark]") {
  const stark::ProvingKey key = make_key(test_params(), {built(chips::FibonacciChip{})}, {RowMajorMatrix{}});
  stark::ShardInput shard;
  shard.main = {chips::FibonacciChip::trace(12, 0, 1)};  // not a power of two
  shard.public_values = {{BabyBear::zero(), BabyBear::one(), BabyBear::one()}};
  CHECK_THAT(stark::prove(key, {shard}).error, Catch::Contains("power of two"));
  shard.main = {chips::FibonacciChip::trace(2, 0, 1)};  // below 2^log_final_poly_len
  CHECK_THAT(stark::prove(key, {shard}).error, Catch::Contains("out of range"));
  shard.main = {chips::FibonacciChip::trace(16, 0, 1)};
  shard.public_values = {{BabyBear::zero()}};
  CHECK_THAT(stark::prove(key, {shard}).error, Catch::Contains("public values"));
  CHECK_THAT(stark::prove(key, {}).error, Catch::Contains("no shards"));
}

TEST_CASE("stark: verifying key encoding round-trips and its hash binds every field", "[stark][vkey]") {
  const stark::ProvingKey key =
      make_key(test_params(), {built(chips::ByteTableChip{}), built(chips::RangeCheckedChip{})},
               {chips::ByteTableChip::table(), RowMajorMatrix{}});
  const std::vector<std::uint8_t> bytes = stark::encode(key.vkey);
  const auto decoded = stark::decode_vkey(bytes);
  REQUIRE(decoded.has_value());
  CHECK(*decoded == key.vkey);
  std::vector<std::uint8_t> longer = bytes;
  longer.push_back(0);
  CHECK_FALSE(stark::decode_vkey(longer).has_value());
  CHECK_FALSE(stark::decode_vkey(std::span<const std::uint8_t>(bytes).first(bytes.size() - 1)).has_value());

  stark::VerifyingKey other = key.vkey;
  other.fri.num_queries += 1;
  CHECK(other.hash() != key.vkey.hash());
  other = key.vkey;
  other.preprocessed_root[3] += BabyBear::one();
  CHECK(other.hash() != key.vkey.hash());
  other = key.vkey;
  other.chips[1].constraints_digest[0] += BabyBear::one();
  CHECK(other.hash() != key.vkey.hash());
  CHECK_FALSE(stark::vkey_matches(other, key.systems));
  CHECK(stark::vkey_matches(key.vkey, key.systems));
}

TEST_CASE("stark: shards share the preprocessed table; each shard's heights are its own", "[stark][shards]") {
  const stark::ProvingKey key =
      make_key(test_params(), {built(chips::ByteTableChip{}), built(chips::RangeCheckedChip{})},
               {chips::ByteTableChip::table(), RowMajorMatrix{}});
  std::vector<stark::ShardInput> shards(3);
  for (std::size_t s = 0; s < shards.size(); ++s) {
    RowMajorMatrix multiplicities = chips::matrix(256, 1);
    std::vector<std::uint32_t> values;
    for (std::uint32_t i = 0; i < 3 + 10 * s; ++i)
      values.push_back((i * 40503u + static_cast<std::uint32_t>(s)) & 0xffffffu);
    const RowMajorMatrix range =
        chips::RangeCheckedChip::trace(values, std::size_t{4} << (2 * s), multiplicities);
    shards[s].main = {multiplicities, range};
    shards[s].public_values = {{}, {}};
  }
  require_verifies(key, shards);

  // The table's height is fixed by the verifying key.
  shards[1].main[0] = chips::matrix(128, 1);
  CHECK_THAT(stark::prove(key, shards).error, Catch::Contains("preprocessed"));
}
