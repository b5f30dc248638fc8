// Multi-table STARK soundness: a cheating prover (debug checks off, traces and claims edited through the
// hooks) cannot produce a proof the verifier accepts; every single-byte change of a serialized proof is
// rejected; malformed encodings are rejected before any work. Plus: the prover's compiled constraint
// evaluator agrees with the verifier's symbolic one.
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "neo/zkvm/air/compiled.hpp"
#include "neo/zkvm/air/eval.hpp"
#include "stark_test_util.hpp"

using neo::zkvm::field::BabyBear;
using neo::zkvm::field::BabyBear4;
using neo::zkvm::merkle::RowMajorMatrix;
namespace air = neo::zkvm::air;
namespace fri = neo::zkvm::fri;
namespace stark = neo::zkvm::stark;
namespace chips = neo::zkvm::test_chips;
using neo::zkvm::stark_test::built;
using neo::zkvm::stark_test::make_key;
using neo::zkvm::stark_test::test_params;

namespace {

// Fibonacci, the byte table with range-checked values, and the permutation pair: every feature at once.
struct Machine {
  stark::ProvingKey key;
  std::vector<stark::ShardInput> shards;
};

constexpr std::size_t kFib = 0, kTable = 1, kRange = 2, kSender = 3, kReceiver = 4;

Machine machine(const fri::FriParams& params) {
  Machine m{make_key(params,
                     {built(chips::FibonacciChip{}), built(chips::ByteTableChip{}),
                      built(chips::RangeCheckedChip{}), built(chips::PermutationSenderChip{}),
                      built(chips::PermutationReceiverChip{})},
                     {{}, chips::ByteTableChip::table(), {}, {}, {}}),
            {}};
  const RowMajorMatrix fib = chips::FibonacciChip::trace(16, 2, 3);
  RowMajorMatrix multiplicities = chips::matrix(256, 1);
  const RowMajorMatrix range = chips::RangeCheckedChip::trace({7, 0x10203, 0xfffffe}, 4, multiplicities);
  const chips::PermutationTraces perm = chips::permutation_traces(8, 16, 3);
  stark::ShardInput shard;
  shard.main = {fib, multiplicities, range, perm.sender, perm.receiver};
  shard.public_values = {chips::FibonacciChip::publics(fib, 2, 3), {}, {}, {}, {}};
  m.shards.push_back(shard);
  return m;
}

stark::StarkProof prove_cheating(const Machine& m, const stark::ProverHooks& hooks) {
  stark::ProverOptions options;
  options.debug_checks = false;
  options.hooks = &hooks;
  stark::ProveResult r = stark::prove(m.key, m.shards, options);
  INFO(r.error);
  REQUIRE(r.proof.has_value());
  return std::move(*r.proof);
}

stark::VerifyResult verify(const Machine& m, const stark::StarkProof& proof) {
  return stark::verify(m.key.systems, m.key.vkey, proof);
}

// The hooks' edit must also be caught by the honest prover's own debug checks.
void require_debug_check_catches(const Machine& m, const stark::ProverHooks& hooks) {
  stark::ProverOptions options;
  options.debug_checks = true;
  options.hooks = &hooks;
  CHECK_FALSE(stark::prove(m.key, m.shards, options).proof.has_value());
}

}  // namespace

TEST_CASE("stark soundness: the honest machine verifies", "[stark][soundness]") {
  const Machine m = machine(test_params());
  const stark::ProveResult r = stark::prove(m.key, m.shards, {.debug_checks = true, .hooks = nullptr});
  REQUIRE(r.proof.has_value());
  CHECK(verify(m, *r.proof).ok());
}

TEST_CASE("stark soundness: a witness violating one constraint", "[stark][soundness]") {
  const Machine m = machine(test_params());
  SECTION("a Fibonacci transition") {
    stark::ProverHooks hooks;
    hooks.edit_main = [](std::size_t, std::size_t chip, RowMajorMatrix& t) {
      if (chip == kFib) t.values[2 * 7 + 1] += BabyBear::one();
    };
    require_debug_check_catches(m, hooks);
    const stark::VerifyResult v = verify(m, prove_cheating(m, hooks));
    CHECK_FALSE(v.ok());
    CHECK((v.error == stark::StarkError::kOpeningRejected ||
           v.error == stark::StarkError::kConstraintMismatch));
  }
  SECTION("a range-checked value whose bytes do not add up") {
    stark::ProverHooks hooks;
    hooks.edit_main = [](std::size_t, std::size_t chip, RowMajorMatrix& t) {
      if (chip == kRange) t.values[5 * 1 + 1] += BabyBear::one();  // x of row 1
    };
    require_debug_check_catches(m, hooks);
    CHECK_FALSE(verify(m, prove_cheating(m, hooks)).ok());
  }
  SECTION("a non-boolean is_real on a padding row") {
    stark::ProverHooks hooks;
    hooks.edit_main = [](std::size_t, std::size_t chip, RowMajorMatrix& t) {
      if (chip == kReceiver) t.values[3 * 12] = BabyBear::two();
    };
    require_debug_check_catches(m, hooks);
    CHECK_FALSE(verify(m, prove_cheating(m, hooks)).ok());
  }
}

TEST_CASE("stark soundness: an unbalanced bus", "[stark][soundness][logup]") {
  const Machine m = machine(test_params());
  stark::ProverHooks hooks;
  // The receiver takes a value nobody sent.
  hooks.edit_main = [](std::size_t, std::size_t chip, RowMajorMatrix& t) {
    if (chip == kReceiver) t.values[3 * 2 + 1] += BabyBear::one();
  };
  require_debug_check_catches(m, hooks);
  SECTION("honest running sums: the cumulative sums do not cancel") {
    CHECK(verify(m, prove_cheating(m, hooks)).error == stark::StarkError::kBusUnbalanced);
  }
  SECTION("a forged cumulative sum that cancels: the last-row constraint fails") {
    // Learn the honest sums first, then claim the sender's sum to be minus everything else.
    const stark::StarkProof honest = prove_cheating(m, hooks);
    BabyBear4 others;
    for (std::size_t c = 0; c < honest.shards[0].chips.size(); ++c)
      if (c != kSender && honest.shards[0].chips[c].cumulative_sum)
        others += *honest.shards[0].chips[c].cumulative_sum;
    stark::ProverHooks forged = hooks;
    forged.forge_cumulative_sum = [others](std::size_t, std::size_t chip, BabyBear4& sum) {
      if (chip == kSender) sum = -others;
    };
    const stark::StarkProof proof = prove_cheating(m, forged);
    const stark::VerifyResult v = verify(m, proof);
    CHECK_FALSE(v.ok());
    CHECK(v.error != stark::StarkError::kBusUnbalanced);
  }
  SECTION("an edited running-sum column") {
    stark::ProverHooks edit_perm;
    edit_perm.edit_permutation = [](std::size_t, std::size_t chip, RowMajorMatrix& t) {
      if (chip == kSender) t.values[t.width * 3] += BabyBear::one();
    };
    CHECK_FALSE(verify(m, prove_cheating(m, edit_perm)).ok());
  }
}

TEST_CASE("stark soundness: a wrong multiplicity", "[stark][soundness][logup]") {
  const Machine m = machine(test_params());
  stark::ProverHooks hooks;
  // The table claims one more lookup of byte 7 than the range chip makes.
  hooks.edit_main = [](std::size_t, std::size_t chip, RowMajorMatrix& t) {
    if (chip == kTable) t.values[7] += BabyBear::one();
  };
  require_debug_check_catches(m, hooks);
  CHECK(verify(m, prove_cheating(m, hooks)).error == stark::StarkError::kBusUnbalanced);

  // A range-checked value above 2^24 with a "byte" of 256 whose lookup the table pretends to serve by
  // lowering byte 0's multiplicity is still caught: 256 is not in the table.
  stark::ProverHooks out_of_range;
  out_of_range.edit_main = [](std::size_t, std::size_t chip, RowMajorMatrix& t) {
    if (chip == kRange) {
      // Row 0 holds x = 7 = (7, 0, 0); make it x = 7 + 256 * 256 with hi = 256, top = 0.
      t.values[1] = BabyBear::from_u32(7 + 256 * 256);
      t.values[3] = BabyBear::from_u32(256);
    }
    if (chip == kTable) t.values[0] -= BabyBear::one();  // one fewer lookup of byte 0
  };
  require_debug_check_catches(m, out_of_range);
  CHECK_FALSE(verify(m, prove_cheating(m, out_of_range)).ok());
}

TEST_CASE("stark soundness: a bus that could carry p interactions is refused before any hashing",
          "[stark][soundness][logup]") {
  // LogUp multiplicities are field elements: p - 1 identical rows on one side would cancel out like a row
  // of the other side that is not there. The verifier bounds every bus's interaction count below p from the
  // heights: shards whose permutation receivers claim the largest height, enough of them to reach p, are
  // refused (kTooManyInteractions, naming the bus) whatever the rest of the proof says.
  const Machine m = machine(test_params());
  stark::ProveResult honest = stark::prove(m.key, m.shards);
  REQUIRE(honest.proof.has_value());
  REQUIRE(verify(m, *honest.proof).ok());
  stark::StarkProof inflated = *honest.proof;
  const unsigned max_log = neo::zkvm::merkle::kMaxLogHeight - m.key.vkey.fri.log_blowup;
  inflated.shards[0].chips[kReceiver].log_height = max_log;
  const std::size_t shards = (BabyBear::kModulus >> max_log) + 1;
  inflated.shards.assign(shards, inflated.shards[0]);
  const stark::VerifyResult r = verify(m, inflated);
  CHECK(r.error == stark::StarkError::kTooManyInteractions);
  CHECK(r.bus == chips::kPermutationBus);
  // Two shards fewer is below p on that bus (one fewer is not: the senders' rows count too): the proof is
  // then rejected for what it is, not a real proof.
  inflated.shards.resize(shards - 2);
  const stark::VerifyResult below = verify(m, inflated);
  CHECK(below.error != stark::StarkError::kTooManyInteractions);
  CHECK_FALSE(below.ok());
}

TEST_CASE("stark soundness: a wrong public value", "[stark][soundness]") {
  const Machine m = machine(test_params());
  stark::ProverHooks hooks;
  hooks.forge_public_values = [](std::size_t, std::size_t chip, std::vector<BabyBear>& pv) {
    if (chip == kFib) pv[2] += BabyBear::one();  // claim another result
  };
  require_debug_check_catches(m, hooks);
  CHECK_FALSE(verify(m, prove_cheating(m, hooks)).ok());

  // Editing the public values of an honest proof after the fact changes the transcript.
  const stark::ProveResult honest = stark::prove(m.key, m.shards, {.debug_checks = false, .hooks = nullptr});
  REQUIRE(honest.proof.has_value());
  stark::StarkProof edited = *honest.proof;
  edited.shards[0].chips[kFib].public_values[0] += BabyBear::one();
  CHECK_FALSE(verify(m, edited).ok());
}

TEST_CASE("stark soundness: a mismatched verifying key", "[stark][soundness][vkey]") {
  const Machine m = machine(test_params());
  const stark::ProveResult honest = stark::prove(m.key, m.shards, {.debug_checks = false, .hooks = nullptr});
  REQUIRE(honest.proof.has_value());
  const stark::StarkProof& proof = *honest.proof;

  SECTION("a key with other FRI parameters") {
    fri::FriParams other = test_params();
    other.num_queries += 1;
    const Machine m2 = machine(other);
    CHECK(stark::verify(m2.key.systems, m2.key.vkey, proof).error == stark::StarkError::kWrongVkey);
  }
  SECTION("a key with another preprocessed table, even with the proof's vkey hash replaced") {
    RowMajorMatrix table = chips::ByteTableChip::table();
    table.values[255] = BabyBear::from_u32(256);  // a table that would accept 256 as a byte
    const stark::ProvingKey other = make_key(test_params(), m.key.systems, {{}, table, {}, {}, {}});
    CHECK(stark::verify(m.key.systems, m.key.vkey, proof).ok());
    CHECK(stark::verify(other.systems, other.vkey, proof).error == stark::StarkError::kWrongVkey);
    // A proof made under the other key, relabelled for the expected key: the transcript differs.
    const stark::ProveResult under_other =
        stark::prove(other, m.shards, {.debug_checks = false, .hooks = nullptr});
    REQUIRE(under_other.proof.has_value());
    stark::StarkProof relabelled = *under_other.proof;
    relabelled.vkey_hash = m.key.vkey.hash();
    CHECK_FALSE(stark::verify(m.key.systems, m.key.vkey, relabelled).ok());
  }
  SECTION("another chip set") {
    std::vector<air::ConstraintSystem> systems = m.key.systems;
    systems[kFib] = built(chips::WideChip{4});
    CHECK(stark::verify(systems, m.key.vkey, proof).error == stark::StarkError::kVkeyMismatch);
  }
}

TEST_CASE("stark soundness: every single-byte change of a small proof is rejected",
          "[stark][soundness][codec]") {
  // Tiny parameters keep the proof (and the exhaustive loop) small.
  const fri::FriParams tiny{.log_blowup = 1, .num_queries = 2, .pow_bits = 1, .log_final_poly_len = 0};
  const stark::ProvingKey key =
      make_key(tiny,
               {built(chips::FibonacciChip{}), built(chips::PermutationSenderChip{}),
                built(chips::PermutationReceiverChip{})},
               {{}, {}, {}});
  const RowMajorMatrix fib = chips::FibonacciChip::trace(4, 1, 2);
  const chips::PermutationTraces perm = chips::permutation_traces(2, 4, 5);
  stark::ShardInput shard;
  shard.main = {fib, perm.sender, perm.receiver};
  shard.public_values = {chips::FibonacciChip::publics(fib, 1, 2), {}, {}};
  const stark::ProveResult r = stark::prove(key, {shard}, {.debug_checks = true, .hooks = nullptr});
  REQUIRE(r.proof.has_value());
  const std::vector<std::uint8_t> bytes = stark::encode(*r.proof);
  REQUIRE(stark::verify_bytes(key.systems, key.vkey, bytes).ok());
  INFO("proof size " << bytes.size());
  std::size_t accepted = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    for (const std::uint8_t mask : {std::uint8_t{0x01}, std::uint8_t{0x80}}) {
      std::vector<std::uint8_t> tampered = bytes;
      tampered[i] ^= mask;
      if (stark::verify_bytes(key.systems, key.vkey, tampered).ok()) {
        ++accepted;
        UNSCOPED_INFO("accepted with byte " << i << " ^ " << int{mask});
      }
    }
  }
  CHECK(accepted == 0);
}

TEST_CASE("stark codec: malformed encodings are rejected before any work, with a reason", "[stark][codec]") {
  const Machine m = machine(test_params());
  const stark::ProveResult r = stark::prove(m.key, m.shards, {.debug_checks = false, .hooks = nullptr});
  REQUIRE(r.proof.has_value());
  const std::vector<std::uint8_t> bytes = stark::encode(*r.proof);

  std::vector<std::uint8_t> b = bytes;
  b.push_back(0);
  CHECK(stark::decode_stark_proof(b).error == stark::DecodeError::kTrailingBytes);
  b = bytes;
  b.pop_back();
  CHECK(stark::decode_stark_proof(b).error == stark::DecodeError::kMalformed);
  b = bytes;
  b[0] = 'X';
  CHECK(stark::decode_stark_proof(b).error == stark::DecodeError::kBadMagic);
  b = bytes;
  b[4] = 2;
  CHECK(stark::decode_stark_proof(b).error == stark::DecodeError::kBadVersion);
  // The vkey hash's first element set to p (non-canonical).
  b = bytes;
  const std::uint32_t p = BabyBear::kModulus;
  for (int k = 0; k < 4; ++k) b[5 + k] = static_cast<std::uint8_t>(p >> (8 * k));
  CHECK(stark::decode_stark_proof(b).error == stark::DecodeError::kMalformed);
  // The shard count forged huge: rejected without allocating.
  b = bytes;
  for (int k = 0; k < 4; ++k) b[37 + k] = 0xff;
  CHECK(stark::decode_stark_proof(b).error == stark::DecodeError::kMalformed);
  // The permutation-root flag set to 2.
  b = bytes;
  b[41 + 32] = 2;
  CHECK(stark::decode_stark_proof(b).error == stark::DecodeError::kBadFlag);

  // Decodable but not this chip set's shape: rejected with a reason before hashing.
  stark::StarkProof p2 = *r.proof;
  p2.shards[0].chips.pop_back();
  CHECK(stark::verify(m.key.systems, m.key.vkey, p2).error == stark::StarkError::kWrongChipCount);
  p2 = *r.proof;
  p2.shards[0].chips[kFib].main_local.push_back(BabyBear4::one());
  CHECK(stark::verify(m.key.systems, m.key.vkey, p2).error == stark::StarkError::kWrongOpenedShape);
  p2 = *r.proof;
  p2.shards[0].chips[kTable].log_height = 7;
  CHECK(stark::verify(m.key.systems, m.key.vkey, p2).error == stark::StarkError::kBadHeight);
  p2 = *r.proof;
  p2.shards[0].chips[kFib].log_height = 30;
  CHECK(stark::verify(m.key.systems, m.key.vkey, p2).error == stark::StarkError::kBadHeight);
  p2 = *r.proof;
  p2.shards[0].chips[kFib].public_values.pop_back();
  CHECK(stark::verify(m.key.systems, m.key.vkey, p2).error == stark::StarkError::kWrongPublicValueCount);
  p2 = *r.proof;
  p2.shards[0].chips[kFib].cumulative_sum = BabyBear4::zero();
  CHECK(stark::verify(m.key.systems, m.key.vkey, p2).error == stark::StarkError::kWrongOpenedShape);
  p2 = *r.proof;
  p2.shards.clear();
  CHECK(stark::verify(m.key.systems, m.key.vkey, p2).error == stark::StarkError::kNoShards);
  // Shards duplicated: the transcript (shard count) changes.
  p2 = *r.proof;
  p2.shards.push_back(p2.shards[0]);
  CHECK_FALSE(stark::verify(m.key.systems, m.key.vkey, p2).ok());
}

namespace {

template <typename C>
void check_evaluators_agree(const C& chip, std::uint64_t seed) {
  const air::ConstraintSystem sys = built(chip);
  const air::CompiledAir compiled(sys);
  std::mt19937_64 rng(seed);
  const auto rand = [&] {
    return BabyBear::from_u32(static_cast<std::uint32_t>(rng() % BabyBear::kModulus));
  };
  constexpr std::size_t kRows = 100;  // one partial block
  std::vector<BabyBear> pre(2 * kRows * std::max<std::size_t>(sys.preprocessed_width, 1));
  std::vector<BabyBear> main(2 * kRows * sys.main_width);
  for (auto& v : pre) v = rand();
  for (auto& v : main) v = rand();
  std::vector<BabyBear> publics(sys.num_public_values);
  for (auto& v : publics) v = rand();
  std::vector<BabyBear> first(kRows), last(kRows), transition(kRows);
  for (std::size_t r = 0; r < kRows; ++r) {
    first[r] = rand();
    last[r] = rand();
    transition[r] = rand();
  }
  std::vector<BabyBear4> gammas(sys.constraints.size());
  for (auto& g : gammas) g = BabyBear4(rand(), rand(), rand(), rand());
  const std::size_t pw = std::max<std::size_t>(sys.preprocessed_width, 1);
  std::vector<const BabyBear*> pl(kRows), pn(kRows), ml(kRows), mn(kRows);
  for (std::size_t r = 0; r < kRows; ++r) {
    pl[r] = pre.data() + 2 * r * pw;
    pn[r] = pre.data() + (2 * r + 1) * pw;
    ml[r] = main.data() + 2 * r * sys.main_width;
    mn[r] = main.data() + (2 * r + 1) * sys.main_width;
  }
  air::BlockInputs in;
  in.count = kRows;
  in.preprocessed_local = pl.data();
  in.preprocessed_next = pn.data();
  in.main_local = ml.data();
  in.main_next = mn.data();
  in.is_first_row = first.data();
  in.is_last_row = last.data();
  in.is_transition = transition.data();
  in.public_values = publics;
  std::vector<BabyBear> scratch(compiled.scratch_size());
  std::vector<BabyBear> acc(4 * air::CompiledAir::kBlockRows);
  compiled.evaluate_block(in, gammas, scratch, acc);

  std::vector<BabyBear> values(sys.nodes.size());
  for (std::size_t r = 0; r < kRows; ++r) {
    air::RowValues<BabyBear> row;
    if (sys.preprocessed_width != 0) {
      row.preprocessed_local = std::span<const BabyBear>(pl[r], sys.preprocessed_width);
      row.preprocessed_next = std::span<const BabyBear>(pn[r], sys.preprocessed_width);
    }
    row.main_local = std::span<const BabyBear>(ml[r], sys.main_width);
    row.main_next = std::span<const BabyBear>(mn[r], sys.main_width);
    row.public_values = publics;
    row.is_first_row = first[r];
    row.is_last_row = last[r];
    row.is_transition = transition[r];
    air::evaluate_nodes<BabyBear>(sys.nodes, row, values);
    BabyBear4 expected;
    for (std::size_t i = 0; i < sys.constraints.size(); ++i)
      expected += gammas[i] * values[sys.constraints[i].root];
    constexpr std::size_t B = air::CompiledAir::kBlockRows;
    REQUIRE(BabyBear4(acc[r], acc[B + r], acc[2 * B + r], acc[3 * B + r]) == expected);
    for (const air::Interaction& interaction : sys.interactions) {
      for (const std::uint32_t f : interaction.fields) REQUIRE(compiled.value(scratch, f, r) == values[f]);
      REQUIRE(compiled.value(scratch, interaction.multiplicity, r) == values[interaction.multiplicity]);
    }
  }
}

// Many constraints sharing subexpressions, with constants, negations and public values: exercises slot
// reuse in the compiled program.
struct TangledChip {
  std::string_view name() const { return "tangled"; }
  std::size_t preprocessed_width() const { return 2; }
  std::size_t main_width() const { return 6; }
  std::size_t num_public_values() const { return 2; }
  void eval(air::AirBuilder& b) const {
    const auto l = b.main_local();
    const auto n = b.main_next();
    const air::Expr shared = l[0] * l[1] - b.preprocessed(0);
    b.assert_zero(shared * l[2]);
    b.assert_zero(-shared + 5);
    b.assert_zero(l[3] * l[3] * l[3]);
    b.when_first_row().assert_eq(l[4] * 3, b.public_value(0));
    b.when_last_row().assert_eq(n[5] * l[5], b.public_value(1) - 7);
    b.when_transition().assert_eq(n[0] + b.preprocessed_next(1), l[0] + shared);
    b.assert_zero(l[2]);
    b.assert_zero(l[2]);  // the same constraint twice
    b.assert_bool(l[5] - l[4]);
    b.send(9, {l[0], l[1] + 1, b.preprocessed(1)}, l[2]);
    b.receive(9, {n[3], l[4], l[5] * 2}, b.is_first_row());
  }
};

}  // namespace

TEST_CASE("air: the compiled evaluator agrees with the symbolic one on random rows", "[air][stark]") {
  check_evaluators_agree(chips::FibonacciChip{}, 1);
  check_evaluators_agree(chips::RangeCheckedChip{}, 2);
  check_evaluators_agree(chips::ByteTableChip{}, 3);
  check_evaluators_agree(chips::PermutationReceiverChip{}, 4);
  check_evaluators_agree(chips::WideChip{64}, 5);
  check_evaluators_agree(TangledChip{}, 6);
}
