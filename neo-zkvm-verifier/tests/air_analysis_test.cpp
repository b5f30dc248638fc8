// Static analysis of constraint systems (air/analysis.hpp): boolean nodes, definitions, multiplicity bounds,
// implication by enumeration; setup refuses unbounded multiplicities; per-bus interaction loads
// (stark::bus_loads) for the circuit.
#include <catch2/catch.hpp>

#include <vector>

#include "neo/zkvm/air/analysis.hpp"
#include "neo/zkvm/circuit/chips.hpp"
#include "neo/zkvm/stark/verifier.hpp"

namespace air = neo::zkvm::air;
namespace circuit = neo::zkvm::circuit;
namespace stark = neo::zkvm::stark;
using neo::zkvm::field::BabyBear;

namespace {

// Columns: 0..2 one-hot selectors, 3 flag (implies a selector), 4 defined = sel0 * flag, 5 free,
// 6 boolean only under a condition.
struct FlagsChip {
  bool free_multiplicity = false;
  bool negative_multiplicity = false;
  std::string_view name() const { return "flags"; }
  std::size_t main_width() const { return 7; }
  void eval(air::AirBuilder& b) const {
    air::Expr is_real = 0;
    for (std::size_t i = 0; i < 3; ++i) {
      b.assert_bool(b.main(i), "selector");
      is_real += b.main(i);
    }
    b.assert_bool(is_real, "one-hot");
    b.assert_bool(b.main(3), "flag");
    b.when(air::Expr(1) - is_real).assert_zero(b.main(3), "flag only on real rows");
    b.assert_eq(b.main(4), b.main(0) * b.main(3), "defined");
    b.when(b.main(0)).assert_bool(b.main(6), "conditionally boolean");
    b.send(7, {b.main(5)}, is_real, "is_real");
    b.send(7, {b.main(5)}, is_real - b.main(3), "is_real minus flag");
    b.send(7, {b.main(5)}, b.main(4), "defined");
    b.send(7, {b.main(5)},
           free_multiplicity ? b.main(5) : negative_multiplicity ? b.main(3) - is_real : air::Expr(b.main(0)),
           "maybe free");
  }
};

struct TableChip {
  std::string_view name() const { return "table"; }
  std::size_t preprocessed_width() const { return 2; }
  std::size_t main_width() const { return 1; }
  void eval(air::AirBuilder& b) const {
    b.receive(7, {b.preprocessed(0) * 256 + b.preprocessed(1)}, b.main(0), "table lookup");
  }
};

std::uint32_t leaf(const air::ConstraintSystem& cs, std::uint32_t column) {
  for (std::uint32_t id = 0; id < cs.nodes.size(); ++id) {
    if (cs.nodes[id].kind == air::NodeKind::kMainLocal && cs.nodes[id].a == column) return id;
  }
  FAIL("no such column");
  return 0;
}

}  // namespace

TEST_CASE("air analysis: booleans, definitions, bounds and implications", "[air][analysis]") {
  const air::BuildResult built = air::build(FlagsChip{});
  REQUIRE(built.ok());
  const air::ConstraintSystem& cs = built.system;
  const air::Analysis a(cs);
  CHECK(a.is_boolean(leaf(cs, 0)));
  CHECK(a.is_boolean(leaf(cs, 3)));
  CHECK_FALSE(a.is_boolean(leaf(cs, 5)));
  CHECK_FALSE(a.is_boolean(leaf(cs, 6)));  // only under a condition
  CHECK(a.definition(4).has_value());
  CHECK_FALSE(a.definition(5).has_value());

  // The one-hot sum and is_real - flag are at most 1 (enumeration under the constraints), not 3 and 4.
  REQUIRE(cs.multiplicity_bounds.size() == 4);
  CHECK(cs.multiplicity_bounds[0] == 1);
  CHECK(cs.multiplicity_bounds[1] == 1);
  CHECK(cs.multiplicity_bounds[2] == 1);
  CHECK_FALSE(a.multiplicity_bound(leaf(cs, 5)).has_value());
  CHECK_FALSE(a.multiplicity_bound(leaf(cs, 6)).has_value());

  const std::uint32_t is_real = cs.interactions[0].multiplicity;
  const std::uint32_t flag = leaf(cs, 3);
  const std::vector<std::vector<std::uint32_t>> real{{is_real}};
  CHECK(a.implies(flag, real));         // the flag is 0 on padding rows
  CHECK(a.implies(leaf(cs, 4), real));  // sel0 * flag
  CHECK(a.implies(leaf(cs, 0), real));  // a selector
  const std::vector<std::vector<std::uint32_t>> by_flag{{flag}};
  CHECK_FALSE(a.implies(is_real, by_flag));  // a real row need not have the flag
  const std::vector<std::vector<std::uint32_t>> by_free{{leaf(cs, 5)}};
  CHECK_FALSE(a.implies(is_real, by_free));  // not decidable: not proven
  const std::vector<std::vector<std::uint32_t>> by_both{{leaf(cs, 0)}, {leaf(cs, 1)}, {leaf(cs, 2)}};
  CHECK(a.implies(is_real, by_both));  // one of the selectors
}

TEST_CASE("air analysis: setup refuses a multiplicity without a bound, unless the tuple is a table's",
          "[air][analysis][logup]") {
  FlagsChip free;
  free.free_multiplicity = true;
  const air::BuildResult refused = air::build(free);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error.code == air::AirError::kUnboundedMultiplicity);
  CHECK(refused.error.in_interaction);
  CHECK(refused.error.index == 3);
  CHECK(refused.error.label == "maybe free");

  // flag - is_real is 0 or -1: bounded in size, but a -1 on one side cancels a +1 of the same side.
  FlagsChip negative;
  negative.negative_multiplicity = true;
  const air::BuildResult refused_negative = air::build(negative);
  REQUIRE_FALSE(refused_negative.ok());
  CHECK(refused_negative.error.code == air::AirError::kUnboundedMultiplicity);
  CHECK(refused_negative.error.label == "maybe free");

  const air::BuildResult table = air::build(TableChip{});
  REQUIRE(table.ok());
  CHECK(table.system.multiplicity_bounds == std::vector<std::uint32_t>{air::kTableInteraction});
}

TEST_CASE("air analysis: every interaction of the circuit is a table lookup or bounded by 1",
          "[air][analysis][circuit]") {
  const circuit::CircuitBuild c = circuit::build_circuit();
  REQUIRE(c.ok());
  for (const air::ConstraintSystem& cs : c.systems) {
    REQUIRE(cs.multiplicity_bounds.size() == cs.interactions.size());
    for (std::size_t i = 0; i < cs.interactions.size(); ++i) {
      INFO(cs.name << " '" << cs.interactions[i].label << "'");
      CHECK(cs.multiplicity_bounds[i] <= 1);
    }
  }
}

TEST_CASE("stark: bus loads of the circuit, and the multiplicity-wrap bound", "[stark][analysis][logup]") {
  const circuit::CircuitBuild c = circuit::build_circuit();
  REQUIRE(c.ok());
  const std::size_t chips = c.systems.size();
  // One shard with every chip at 2^20 rows (the preprocessed ones at their own heights do not matter: their
  // interactions are table lookups) is far below p on every bus.
  std::vector<std::vector<std::uint32_t>> heights{std::vector<std::uint32_t>(chips, 20)};
  REQUIRE_FALSE(stark::overloaded_bus(c.systems, heights).has_value());
  std::uint64_t byte_load = 0;
  for (const stark::BusLoad& l : stark::bus_loads(c.systems, heights)) {
    if (l.bus == 4) byte_load = l.interactions;
  }
  CHECK(byte_load > 0);
  CHECK(byte_load % (std::uint64_t{1} << 20) == 0);
  // The attack of issue 13: p - 1 floating SyscallMemory rows, spread over shards of 2^26 rows each.
  std::vector<std::uint32_t> floating(chips, 2);
  floating[circuit::chip_index(circuit::ChipId::kSyscallMemory)] = 26;
  const std::size_t shards = (BabyBear::kModulus >> 26) + 1;
  std::vector<std::vector<std::uint32_t>> attack(shards, floating);
  const auto overloaded = stark::overloaded_bus(c.systems, attack);
  REQUIRE(overloaded.has_value());
  CHECK(overloaded->interactions >= BabyBear::kModulus);
  // A hand-made system whose bounds were never computed counts as unbounded.
  std::vector<air::ConstraintSystem> raw = {c.systems[circuit::chip_index(circuit::ChipId::kCpu)]};
  raw[0].multiplicity_bounds.clear();
  REQUIRE(stark::overloaded_bus(raw, std::vector<std::vector<std::uint32_t>>{{4}}).has_value());
}
