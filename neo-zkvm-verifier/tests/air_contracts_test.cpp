// Range contracts (air/contracts.hpp): the circuit proves every field its contracts make each side prove;
// chips that drop a range check — DivRem's of the negated |r| and |c| (the forgery of issue 13), AddSub's of
// its result — are refused at setup, naming the chip, the interaction and the field; the rules one by one on
// small chips.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "neo/zkvm/air/analysis.hpp"
#include "neo/zkvm/air/contracts.hpp"
#include "neo/zkvm/circuit/buses.hpp"
#include "neo/zkvm/circuit/chips.hpp"
#include "neo/zkvm/circuit/contracts.hpp"

namespace air = neo::zkvm::air;
namespace circuit = neo::zkvm::circuit;
using air::Expr;
using air::FieldRange;
using air::Prover;

namespace {

// A copy of the circuit with the interactions labelled `label` removed from one chip.
std::vector<air::ConstraintSystem> without(circuit::ChipId chip, std::string_view label) {
  const circuit::CircuitBuild c = circuit::build_circuit();
  REQUIRE(c.ok());
  std::vector<air::ConstraintSystem> systems = c.systems;
  air::ConstraintSystem& cs = systems[circuit::chip_index(chip)];
  std::vector<air::Interaction> kept;
  std::vector<std::uint32_t> bounds;
  for (std::size_t i = 0; i < cs.interactions.size(); ++i) {
    if (cs.interactions[i].label == label) continue;
    kept.push_back(cs.interactions[i]);
    bounds.push_back(cs.multiplicity_bounds[i]);
  }
  REQUIRE(kept.size() < cs.interactions.size());
  cs.interactions = std::move(kept);
  cs.multiplicity_bounds = std::move(bounds);
  return systems;
}

constexpr std::uint32_t kBus = 40, kTableBus = 41;

// The test buses: kBus carries (x) with x a byte proven by the sender; kTableBus is a byte table.
std::vector<air::BusContract> test_contracts() {
  return {air::BusContract{kBus, "TEST", {{FieldRange::kByte, Prover::kSender}}, {}},
          air::BusContract{kTableBus, "TABLE", {{FieldRange::kByte, Prover::kReceiver}}, {}}};
}

// Columns: 0 is_real, 1 flag, 2 x, 3 y, 4 z. Sends x on kBus under `send_mult`; what proves x varies.
struct SenderChip {
  enum class Proof { kNone, kLookup, kLookupUnderFlag, kCopyOfLookedUp, kSumOfBytes, kBooleanColumn };
  Proof proof = Proof::kNone;
  bool send_under_flag = false;
  std::string_view name() const { return "sender"; }
  std::size_t main_width() const { return 5; }
  void eval(air::AirBuilder& b) const {
    const Expr is_real = b.main(0), flag = b.main(1), x = b.main(2), y = b.main(3), z = b.main(4);
    b.assert_bool(is_real, "is_real");
    b.assert_bool(flag, "flag");
    b.assert_zero(flag * (Expr(1) - is_real), "flag on real rows");
    switch (proof) {
      case Proof::kNone:
        break;
      case Proof::kLookup:
        b.send(kTableBus, {x}, is_real, "x is a byte");
        break;
      case Proof::kLookupUnderFlag:
        b.send(kTableBus, {x}, flag, "x is a byte (flag rows)");
        break;
      case Proof::kCopyOfLookedUp:
        b.send(kTableBus, {y}, is_real, "y is a byte");
        b.when(is_real).assert_eq(x, y, "x = y");
        break;
      case Proof::kSumOfBytes:
        b.send(kTableBus, {y}, is_real, "y is a byte");
        b.send(kTableBus, {z}, is_real, "z is a byte");
        b.assert_eq(x, y + z, "x = y + z");  // up to 510: not a byte
        break;
      case Proof::kBooleanColumn:
        b.assert_bool(x, "x boolean");
        break;
    }
    b.send(kBus, {x}, send_under_flag ? flag : is_real, "x");
  }
};

std::optional<air::ContractError> check(const SenderChip& chip,
                                        std::vector<air::BusContract> contracts = {}) {
  const air::BuildResult built = air::build(chip);
  REQUIRE(built.ok());
  if (contracts.empty()) contracts = test_contracts();
  const std::vector<air::ConstraintSystem> systems{built.system};
  return air::check_range_contracts(systems, contracts);
}

}  // namespace

TEST_CASE("range contracts: the circuit proves every field its buses' contracts require",
          "[air][contracts]") {
  const circuit::CircuitBuild c = circuit::build_circuit();
  INFO(c.error.chip << " '" << c.error.label << "'");
  REQUIRE(c.ok());
  CHECK_FALSE(air::check_range_contracts(c.systems, circuit::bus_contracts()).has_value());
  // Every bus the circuit uses has a contract of its arity.
  for (const air::ConstraintSystem& cs : c.systems) {
    for (const air::Interaction& in : cs.interactions) {
      const auto contracts = circuit::bus_contracts();
      const auto it = std::find_if(contracts.begin(), contracts.end(),
                                   [&](const air::BusContract& b) { return b.bus == in.bus; });
      REQUIRE(it != contracts.end());
      CHECK(it->fields.size() == in.fields.size());
    }
  }
}

TEST_CASE("range contracts: DivRem without its |r| and |c| range checks is refused (the issue 13 forgery)",
          "[air][contracts][soundness]") {
  for (const std::string_view label : {"|r| bytes", "|c| bytes"}) {
    const auto systems = without(circuit::ChipId::kDivRem, label);
    const auto violation = air::check_range_contracts(systems, circuit::bus_contracts());
    REQUIRE(violation.has_value());
    CHECK(violation->chip == "DivRem");
    CHECK(violation->label == (label == "|r| bytes" ? "|r| = -r" : "|c| = -c"));
    CHECK(violation->bus == circuit::bus_id(circuit::Bus::kAlu));
    CHECK(violation->field == 9);  // c[0] of ADD(0; x, |x|): the negation
    CHECK(violation->range == FieldRange::kByte);
  }
}

TEST_CASE("range contracts: an ALU chip that does not range-check its result is refused",
          "[air][contracts]") {
  const auto systems = without(circuit::ChipId::kAddSub, "result bytes");
  const auto violation = air::check_range_contracts(systems, circuit::bus_contracts());
  REQUIRE(violation.has_value());
  CHECK(violation->chip == "AddSub");
  CHECK(violation->field == 1);  // a[0]
}

TEST_CASE("range contracts: the rules", "[air][contracts]") {
  using P = SenderChip::Proof;
  SECTION("nothing proves x") {
    const auto v = check(SenderChip{P::kNone});
    REQUIRE(v.has_value());
    CHECK(v->chip == "sender");
    CHECK(v->label == "x");
    CHECK(v->field == 0);
  }
  SECTION("a lookup of x under the same multiplicity") {
    CHECK_FALSE(check(SenderChip{P::kLookup}).has_value());
  }
  SECTION("a lookup on fewer rows than the send") {
    CHECK(check(SenderChip{P::kLookupUnderFlag}).has_value());
    // ... is enough when the send is on those rows only.
    CHECK_FALSE(check(SenderChip{P::kLookupUnderFlag, true}).has_value());
  }
  SECTION("a copy of a looked-up column") { CHECK_FALSE(check(SenderChip{P::kCopyOfLookedUp}).has_value()); }
  SECTION("a sum of two bytes is not a byte") { CHECK(check(SenderChip{P::kSumOfBytes}).has_value()); }
  SECTION("a boolean column is a byte") { CHECK_FALSE(check(SenderChip{P::kBooleanColumn}).has_value()); }
  SECTION("a range the receiver proves asks nothing of the sender") {
    auto contracts = test_contracts();
    contracts[0].fields[0].prover = Prover::kReceiver;
    CHECK_FALSE(check(SenderChip{P::kNone}, contracts).has_value());
  }
  SECTION("a bus without a contract") {
    std::vector<air::BusContract> contracts = {test_contracts()[1]};
    const auto v = check(SenderChip{P::kLookup}, contracts);
    REQUIRE(v.has_value());
    CHECK(v->missing_contract);
    CHECK(v->bus == kBus);
  }
}
