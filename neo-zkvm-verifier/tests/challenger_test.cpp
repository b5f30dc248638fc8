// The duplex challenger: determinism, transcript sensitivity, sampling ranges and the proof-of-work check.
#include <catch2/catch.hpp>

#include <cstdint>
#include <set>
#include <vector>

#include "neo/zkvm/challenger/challenger.hpp"

using neo::zkvm::challenger::Challenger;
using neo::zkvm::field::BabyBear;
using neo::zkvm::field::BabyBear4;

namespace {

std::vector<BabyBear> draw(Challenger& c, std::size_t n) {
  std::vector<BabyBear> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(c.sample());
  return out;
}

// The first nonce (from `start`) whose check_witness result equals `wanted`, on copies of `base`.
std::uint32_t find_nonce(const Challenger& base, unsigned bits, bool wanted, std::uint32_t start = 0) {
  for (std::uint32_t n = start;; ++n) {
    Challenger trial = base;
    if (trial.check_witness(bits, BabyBear::from_canonical(n)) == wanted) return n;
  }
}

}  // namespace

TEST_CASE("challenger: the same transcript gives the same challenges", "[challenger]") {
  Challenger a("neo-zkvm test", 1);
  Challenger b("neo-zkvm test", 1);
  for (std::uint32_t i = 0; i < 21; ++i) {
    a.observe(BabyBear::from_canonical(i * 7919));
    b.observe(BabyBear::from_canonical(i * 7919));
  }
  CHECK(draw(a, 30) == draw(b, 30));
  CHECK(a.sample_ext() == b.sample_ext());
  CHECK(a.sample_bits(20) == b.sample_bits(20));
}

TEST_CASE("challenger: different transcripts give different challenges", "[challenger]") {
  const auto first_challenges = [](Challenger c, std::vector<BabyBear> observed) {
    for (const BabyBear v : observed) c.observe(v);
    return draw(c, 8);
  };
  const std::vector<BabyBear> data = {BabyBear::from_canonical(1), BabyBear::from_canonical(2),
                                      BabyBear::from_canonical(3)};
  const auto base = first_challenges(Challenger("neo-zkvm test", 1), data);
  // Another domain separator, another version, another value, another length (a trailing zero), other order.
  CHECK(first_challenges(Challenger("neo-zkvm tesT", 1), data) != base);
  CHECK(first_challenges(Challenger("neo-zkvm test", 2), data) != base);
  CHECK(first_challenges(
            Challenger("neo-zkvm test", 1),
            {BabyBear::from_canonical(1), BabyBear::from_canonical(2), BabyBear::from_canonical(4)}) != base);
  CHECK(first_challenges(Challenger("neo-zkvm test", 1),
                         {BabyBear::from_canonical(1), BabyBear::from_canonical(2),
                          BabyBear::from_canonical(3), BabyBear::zero()}) != base);
  CHECK(first_challenges(
            Challenger("neo-zkvm test", 1),
            {BabyBear::from_canonical(2), BabyBear::from_canonical(1), BabyBear::from_canonical(3)}) != base);
  // The empty domain separator differs from a one-byte one whose byte is 0.
  Challenger empty("", 1);
  Challenger zero_byte(std::string_view("\0", 1), 1);
  CHECK(draw(empty, 4) != draw(zero_byte, 4));
}

TEST_CASE("challenger: an observation after sampling changes later challenges", "[challenger]") {
  Challenger a("neo-zkvm test", 1);
  Challenger b("neo-zkvm test", 1);
  a.observe(BabyBear::from_canonical(5));
  b.observe(BabyBear::from_canonical(5));
  CHECK(a.sample() == b.sample());
  a.observe(BabyBear::from_canonical(6));
  b.observe(BabyBear::from_canonical(7));
  CHECK(a.sample() != b.sample());
  // Observing a digest or an extension element is observing its elements in order.
  Challenger c("x", 0), d("x", 0);
  const BabyBear4 e = BabyBear4::from_canonical(1, 2, 3, 4);
  c.observe(e);
  for (const BabyBear v : e.coefficients()) d.observe(v);
  CHECK(c.sample_ext() == d.sample_ext());
}

TEST_CASE("challenger: successive samples are distinct and sample_bits stays in range", "[challenger]") {
  Challenger c("neo-zkvm test", 1);
  std::set<std::uint32_t> seen;
  for (int i = 0; i < 200; ++i) seen.insert(c.sample().to_canonical());
  CHECK(seen.size() == 200);
  for (unsigned bits = 0; bits <= 27; ++bits) {
    for (int i = 0; i < 20; ++i) CHECK(c.sample_bits(bits) < (std::uint64_t{1} << bits));
  }
  // With 4 bits over 1600 draws every value appears.
  std::set<std::uint32_t> values;
  for (int i = 0; i < 1600; ++i) values.insert(c.sample_bits(4));
  CHECK(values.size() == 16);
}

TEST_CASE("challenger: proof-of-work witness is checked", "[challenger][pow]") {
  Challenger base("neo-zkvm test", 1);
  base.observe(BabyBear::from_canonical(42));
  const unsigned bits = 8;
  const std::uint32_t good = find_nonce(base, bits, true);
  const std::uint32_t bad = find_nonce(base, bits, false);
  Challenger v1 = base;
  CHECK(v1.check_witness(bits, BabyBear::from_canonical(good)));
  Challenger v2 = base;
  CHECK_FALSE(v2.check_witness(bits, BabyBear::from_canonical(bad)));
  // A nonce found for one transcript is (almost surely) useless for another; here it is checked concretely.
  Challenger other("neo-zkvm test", 1);
  other.observe(BabyBear::from_canonical(43));
  const std::uint32_t good_other = find_nonce(other, bits, true);
  if (good_other != good) {
    Challenger v3 = other;
    CHECK_FALSE(v3.check_witness(bits, BabyBear::from_canonical(good)));
  }
  // Zero bits: every nonce works.
  Challenger v4 = base;
  CHECK(v4.check_witness(0, BabyBear::from_canonical(bad)));
}
