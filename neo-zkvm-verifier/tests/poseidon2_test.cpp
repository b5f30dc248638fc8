// Poseidon2 BabyBear width 16: known-answer tests (Plonky3 default instance), the transcribed constants
// against the shared reference file, the sponge and compression specification, and bit-identity of the
// batched paths.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "neo/zkvm/hash/poseidon2.hpp"
#include "stark_test_support.hpp"

using neo::zkvm::field::BabyBear;
using neo::zkvm::hash::Poseidon2BabyBear16;
using neo::zkvm::test_support::FieldRng;
namespace packed = neo::zkvm::field::packed;
using State = Poseidon2BabyBear16::State;
using Digest = Poseidon2BabyBear16::Digest;

namespace {

State state_from_canonical(const std::vector<std::uint32_t>& values) {
  REQUIRE(values.size() == 16);
  State s;
  for (std::size_t i = 0; i < 16; ++i) s[i] = BabyBear::from_canonical(values[i]);
  return s;
}

std::vector<std::uint32_t> canonical(const State& s) {
  std::vector<std::uint32_t> out;
  for (const auto& x : s) out.push_back(x.to_canonical());
  return out;
}

std::vector<std::uint32_t> parse_numbers(const std::string& text, int base) {
  std::istringstream in(text);
  std::vector<std::uint32_t> out;
  std::string token;
  while (in >> token) out.push_back(static_cast<std::uint32_t>(std::stoul(token, nullptr, base)));
  return out;
}

State random_state(FieldRng& rng) {
  State s;
  for (auto& x : s) x = rng.element();
  return s;
}

}  // namespace

TEST_CASE("Poseidon2 known answer: Plonky3 default width-16 test vector", "[hash][poseidon2]") {
  // Plonky3 baby-bear/src/poseidon2.rs test_default_babybear_poseidon2_width_16 (also in the shared KAT
  // file).
  State s = state_from_canonical({894848333, 1437655012, 1200606629, 1690012884, 71131202, 1749206695,
                                  1717947831, 120589055, 19776022, 42382981, 1831865506, 724844064, 171220207,
                                  1299207443, 227047920, 1783754913});
  Poseidon2BabyBear16::permute(s);
  REQUIRE(canonical(s) == std::vector<std::uint32_t>{516096821, 90309867, 1101817252, 1660784290, 360715097,
                                                     1789519026, 1788910906, 563338433, 319524748, 1741414159,
                                                     1650859320, 894311162, 1121347488, 1692793758,
                                                     1052633829, 1344246938});
}

TEST_CASE("Poseidon2 known answers from the shared KAT file", "[hash][poseidon2][conformance]") {
  const auto file = neo::zkvm::test_support::shared_file("conformance/poseidon2/babybear16_kat.txt");
  if (!file) {
    WARN("SKIPPED: ../shared/conformance/poseidon2/babybear16_kat.txt not found (set NEO_SHARED_DIR)");
    return;
  }
  std::ifstream in(*file);
  std::string line;
  bool in_section_a = false;  // only section A is the Plonky3 default instance implemented here
  std::vector<std::uint32_t> input;
  int checked = 0;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) {
      in_section_a = line.rfind("## A.", 0) == 0;
      continue;
    }
    if (!in_section_a || line.empty() || line[0] == '#') continue;
    const auto eq = line.find('=');
    REQUIRE(eq != std::string::npos);
    const std::string key = line.substr(0, line.find_first_of(" =")), values = line.substr(eq + 1);
    if (key == "input") {
      input = parse_numbers(values, 10);
    } else if (key == "output") {
      State s = state_from_canonical(input);
      Poseidon2BabyBear16::permute(s);
      REQUIRE(canonical(s) == parse_numbers(values, 10));
      // The batched paths give the same answer.
      std::vector<State> many(17, state_from_canonical(input));
      Poseidon2BabyBear16::permute_many(many);
      for (const auto& m : many) REQUIRE(m == s);
      ++checked;
    }
  }
  REQUIRE(checked == 2);
}

TEST_CASE("Poseidon2 constants in the source match the shared reference file",
          "[hash][poseidon2][conformance]") {
  const auto file =
      neo::zkvm::test_support::shared_file("conformance/poseidon2/babybear16_plonky3_default_constants.txt");
  if (!file) {
    WARN("SKIPPED: ../shared/conformance/poseidon2/babybear16_plonky3_default_constants.txt not found");
    return;
  }
  std::ifstream in(*file);
  std::map<std::string, std::vector<std::vector<std::uint32_t>>> sections;
  std::string line, current;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] == '[') {
      current = line.substr(1, line.find(']') - 1);
      continue;
    }
    if (current.empty() || line.empty() || line[0] == '#') continue;
    const bool hex = line.find("0x") != std::string::npos;
    sections[current].push_back(parse_numbers(line, hex ? 16 : 10));
  }
  const auto& c = Poseidon2BabyBear16::canonical_constants();
  REQUIRE(sections["external_initial"].size() == 4);
  REQUIRE(sections["external_terminal"].size() == 4);
  for (std::size_t r = 0; r < 4; ++r) {
    REQUIRE(sections["external_initial"][r] ==
            std::vector<std::uint32_t>(c.external_initial[r].begin(), c.external_initial[r].end()));
    REQUIRE(sections["external_terminal"][r] ==
            std::vector<std::uint32_t>(c.external_terminal[r].begin(), c.external_terminal[r].end()));
  }
  REQUIRE(sections["internal"].size() == 1);
  REQUIRE(sections["internal"][0] == std::vector<std::uint32_t>(c.internal.begin(), c.internal.end()));
  REQUIRE(sections["internal_diag_V"].size() == 1);
  REQUIRE(sections["internal_diag_V"][0] ==
          std::vector<std::uint32_t>(c.internal_diag.begin(), c.internal_diag.end()));
  // The field forms are the canonical values converted.
  const auto& f = Poseidon2BabyBear16::field_constants();
  for (std::size_t i = 0; i < 16; ++i) REQUIRE(f.internal_diag[i].to_canonical() == c.internal_diag[i]);
  for (std::size_t i = 0; i < 13; ++i) REQUIRE(f.internal[i].to_canonical() == c.internal[i]);
}

TEST_CASE("Poseidon2 internal diagonal is the documented V", "[hash][poseidon2]") {
  // V = [-2, 1, 2, 1/2, 3, 4, -1/2, -3, -4, 1/2^8, 1/4, 1/8, 1/2^27, -1/2^8, -1/16, -1/2^27].
  const auto& d = Poseidon2BabyBear16::field_constants().internal_diag;
  const BabyBear two = BabyBear::two();
  const auto inv_pow2 = [&](unsigned k) { return two.pow(k).inverse(); };
  const std::array<BabyBear, 16> expect = {-two,
                                           BabyBear::one(),
                                           two,
                                           inv_pow2(1),
                                           BabyBear::from_u32(3),
                                           BabyBear::from_u32(4),
                                           -inv_pow2(1),
                                           -BabyBear::from_u32(3),
                                           -BabyBear::from_u32(4),
                                           inv_pow2(8),
                                           inv_pow2(2),
                                           inv_pow2(3),
                                           inv_pow2(27),
                                           -inv_pow2(8),
                                           -inv_pow2(4),
                                           -inv_pow2(27)};
  for (std::size_t i = 0; i < 16; ++i) REQUIRE(d[i] == expect[i]);
}

TEST_CASE("Poseidon2 sponge follows its specification", "[hash][poseidon2]") {
  FieldRng rng(31);
  for (std::size_t n : {0u, 1u, 7u, 8u, 9u, 15u, 16u, 17u, 50u}) {
    std::vector<BabyBear> input(n);
    for (auto& x : input) x = rng.element();
    // Spec: capacity word 15 = n, overwrite the rate chunk by chunk (zero-filled), permute after each chunk.
    State s{};
    s[15] = BabyBear::from_u32(static_cast<std::uint32_t>(n));
    const std::size_t chunks = n == 0 ? 1 : (n + 7) / 8;
    for (std::size_t k = 0; k < chunks; ++k) {
      for (std::size_t i = 0; i < 8; ++i) s[i] = 8 * k + i < n ? input[8 * k + i] : BabyBear::zero();
      Poseidon2BabyBear16::permute(s);
    }
    Digest expect;
    std::copy_n(s.begin(), 8, expect.begin());
    REQUIRE(Poseidon2BabyBear16::hash(input) == expect);
  }
}

TEST_CASE("Poseidon2 sponge separates lengths and inputs", "[hash][poseidon2]") {
  FieldRng rng(32);
  const BabyBear x = rng.element();
  const std::vector<BabyBear> one = {x}, padded = {x, BabyBear::zero()}, empty, zero = {BabyBear::zero()};
  REQUIRE(Poseidon2BabyBear16::hash(one) !=
          Poseidon2BabyBear16::hash(padded));  // no trailing-zero collisions
  REQUIRE(Poseidon2BabyBear16::hash(empty) != Poseidon2BabyBear16::hash(zero));
  std::vector<BabyBear> eight(8, BabyBear::zero()), nine(9, BabyBear::zero());
  REQUIRE(Poseidon2BabyBear16::hash(eight) != Poseidon2BabyBear16::hash(nine));
  // Changing any single element changes the digest.
  std::vector<BabyBear> base(20);
  for (auto& v : base) v = rng.element();
  const Digest d0 = Poseidon2BabyBear16::hash(base);
  REQUIRE(Poseidon2BabyBear16::hash(base) == d0);
  for (std::size_t i = 0; i < base.size(); ++i) {
    auto changed = base;
    changed[i] += BabyBear::one();
    REQUIRE(Poseidon2BabyBear16::hash(changed) != d0);
  }
}

TEST_CASE("Poseidon2 compression is the truncated permutation", "[hash][poseidon2]") {
  FieldRng rng(33);
  for (int t = 0; t < 20; ++t) {
    Digest l, r;
    for (auto& v : l) v = rng.element();
    for (auto& v : r) v = rng.element();
    State s;
    std::copy(l.begin(), l.end(), s.begin());
    std::copy(r.begin(), r.end(), s.begin() + 8);
    Poseidon2BabyBear16::permute(s);
    Digest expect;
    std::copy_n(s.begin(), 8, expect.begin());
    REQUIRE(Poseidon2BabyBear16::compress(l, r) == expect);
    REQUIRE(Poseidon2BabyBear16::compress(l, r) != Poseidon2BabyBear16::compress(r, l));  // order matters
  }
}

TEST_CASE("Poseidon2 permute_many is bit-identical on every backend", "[hash][poseidon2][packed]") {
  FieldRng rng(34);
  for (auto backend : {packed::Backend::kPortable, packed::Backend::kAvx2, packed::Backend::kAvx512}) {
    if (!packed::backend_available(backend)) {
      WARN("SKIPPED backend " << std::string(packed::backend_name(backend)) << ": not available on this CPU");
      continue;
    }
    INFO("backend " << std::string(packed::backend_name(backend)));
    for (std::size_t count : {0u, 1u, 7u, 8u, 9u, 16u, 17u, 31u, 32u, 45u}) {
      std::vector<State> states(count);
      for (auto& s : states) s = random_state(rng);
      if (count > 2) {
        states[1].fill(-BabyBear::one());
        states[2].fill(BabyBear::zero());
      }
      auto expect = states;
      for (auto& s : expect) Poseidon2BabyBear16::permute(s);
      Poseidon2BabyBear16::permute_many(backend, states);
      REQUIRE(states == expect);
    }
  }
}

TEST_CASE("Poseidon2 batched hash_rows and compress_pairs match the scalar functions", "[hash][poseidon2]") {
  FieldRng rng(35);
  for (std::size_t width : {0u, 1u, 7u, 8u, 9u, 16u, 33u}) {
    for (std::size_t rows : {1u, 5u, 64u, 130u}) {
      std::vector<BabyBear> matrix(width * rows);
      for (auto& v : matrix) v = rng.element();
      std::vector<Digest> digests(rows);
      Poseidon2BabyBear16::hash_rows(matrix, width, digests);
      for (std::size_t r = 0; r < rows; ++r) {
        REQUIRE(digests[r] ==
                Poseidon2BabyBear16::hash(std::span<const BabyBear>(matrix.data() + r * width, width)));
      }
    }
  }
  std::vector<Digest> nodes(2 * 77);
  for (auto& d : nodes) {
    for (auto& v : d) v = rng.element();
  }
  std::vector<Digest> parents(77);
  Poseidon2BabyBear16::compress_pairs(nodes, parents);
  for (std::size_t i = 0; i < parents.size(); ++i) {
    REQUIRE(parents[i] == Poseidon2BabyBear16::compress(nodes[2 * i], nodes[2 * i + 1]));
  }
}
