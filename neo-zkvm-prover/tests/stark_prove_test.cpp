// Multi-table STARK: honest proofs of the test chips verify — alone, together at different heights, over
// several shards with buses that only balance across shards — and survive encoding.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
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

namespace {

// Three shards whose buses balance only together (shard s receives shard s+1's sends, cyclically).
struct ThreeShards {
  stark::ProvingKey key;
  std::vector<stark::ShardInput> shards;
};

ThreeShards three_shards() {
  ThreeShards out{make_key(test_params(),
                           {built(chips::FibonacciChip{}), built(chips::PermutationSenderChip{}),
                            built(chips::PermutationReceiverChip{})},
                           {{}, {}, {}}),
                  std::vector<stark::ShardInput>(3)};
  const std::vector<chips::PermutationTraces> perm = {chips::permutation_traces(8, 16, 1),
                                                      chips::permutation_traces(8, 8, 2),
                                                      chips::permutation_traces(16, 32, 3)};
  for (std::size_t s = 0; s < 3; ++s) {
    const auto first = static_cast<std::uint32_t>(s + 1);
    const RowMajorMatrix fib = chips::FibonacciChip::trace(std::size_t{4} << s, first, 2 * first + 1);
    out.shards[s].main = {fib, perm[s].sender, perm[(s + 1) % 3].receiver};
    out.shards[s].public_values = {chips::FibonacciChip::publics(fib, first, 2 * first + 1), {}, {}};
  }
  return out;
}

}  // namespace

TEST_CASE("stark: shards recomputed from a source give the same proof as shards kept", "[stark][shards]") {
  const ThreeShards t = three_shards();
  stark::ProverOptions options;
  options.debug_checks = true;
  options.resident_shards = 3;  // all kept: each shard is taken once
  const stark::ProveResult kept = stark::prove(t.key, t.shards, options);
  INFO(kept.error);
  REQUIRE(kept.proof.has_value());
  REQUIRE(stark::verify(t.key.systems, t.key.vkey, *kept.proof).ok());
  const std::vector<std::uint8_t> expected = stark::encode(*kept.proof);
  for (const std::size_t resident : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{100}}) {
    INFO("resident_shards " << resident);
    options.resident_shards = resident;
    std::vector<std::size_t> asked(3, 0);
    const stark::ShardSource source = [&](std::size_t s, std::string&) -> std::optional<stark::ShardInput> {
      ++asked.at(s);
      return t.shards[s];
    };
    const stark::ProveResult streamed = stark::prove(t.key, 3, source, options);
    INFO(streamed.error);
    REQUIRE(streamed.proof.has_value());
    CHECK(stark::encode(*streamed.proof) == expected);
    // Kept shards are taken once, the others twice: resident_shards - 1 kept when not all fit.
    const std::size_t kept_count = resident >= 3 ? 3 : (resident == 0 ? 0 : resident - 1);
    for (std::size_t s = 0; s < 3; ++s) CHECK(asked[s] == (s < kept_count ? 1u : 2u));
    // The vector overload under the same setting.
    const stark::ProveResult from_vector = stark::prove(t.key, t.shards, options);
    REQUIRE(from_vector.proof.has_value());
    CHECK(stark::encode(*from_vector.proof) == expected);
  }
}

TEST_CASE("stark: a source that changes or fails on the second pass gives no proof", "[stark][shards]") {
  const ThreeShards t = three_shards();
  stark::ProverOptions options;
  options.debug_checks = true;
  options.resident_shards = 1;  // every shard taken twice
  std::vector<std::size_t> asked(3, 0);
  std::function<void(std::size_t, stark::ShardInput&)> second_pass;
  bool fail_second_pass = false;
  const stark::ShardSource source = [&](std::size_t s,
                                        std::string& error) -> std::optional<stark::ShardInput> {
    stark::ShardInput shard = t.shards[s];
    if (++asked.at(s) == 2) {
      if (fail_second_pass) {
        error = "the record is gone";
        return std::nullopt;
      }
      if (second_pass) second_pass(s, shard);
    }
    return shard;
  };
  const auto prove_error = [&] {
    std::fill(asked.begin(), asked.end(), 0);
    const stark::ProveResult r = stark::prove(t.key, 3, source, options);
    CHECK_FALSE(r.proof.has_value());
    return r.error;
  };
  SECTION("a main trace value changed") {
    // Nothing checks the constraints again on the second pass: the recommitted main root catches it.
    second_pass = [](std::size_t s, stark::ShardInput& shard) {
      if (s == 1) shard.main[1].values[0] += BabyBear::one();
    };
    CHECK_THAT(prove_error(), Catch::Contains("shard 1") && Catch::Contains("main root differs"));
  }
  SECTION("public values changed") {
    second_pass = [](std::size_t s, stark::ShardInput& shard) {
      if (s == 2) shard.public_values[0][0] += BabyBear::one();
    };
    CHECK_THAT(prove_error(), Catch::Contains("shard 2") && Catch::Contains("other public values"));
  }
  SECTION("a trace height changed") {
    second_pass = [](std::size_t s, stark::ShardInput& shard) {
      if (s == 0) shard.main[0] = chips::FibonacciChip::trace(8, 1, 3);
    };
    CHECK_THAT(prove_error(), Catch::Contains("shard 0") && Catch::Contains("other trace heights"));
  }
  SECTION("the source fails") {
    fail_second_pass = true;
    CHECK_THAT(prove_error(), Catch::Contains("shard 0: the record is gone"));
  }
  SECTION("the source fails in phase 1") {
    const stark::ShardSource failing = [](std::size_t s, std::string&) -> std::optional<stark::ShardInput> {
      if (s == 2) return std::nullopt;
      return stark::ShardInput{};
    };
    CHECK_THAT(stark::prove(t.key, 3, failing, options).error, Catch::Contains("shard 0"));
    const stark::ShardSource silent = [&](std::size_t s, std::string&) -> std::optional<stark::ShardInput> {
      if (s == 2) return std::nullopt;
      return t.shards[s];
    };
    CHECK_THAT(stark::prove(t.key, 3, silent, options).error,
               Catch::Contains("shard 2: the shard source gave no traces"));
  }
  CHECK(stark::prove(t.key, 0, source, options).error == "no shards");
}
