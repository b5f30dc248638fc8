// AIR description: setup rejects constraints and interactions of too high degree (naming the chip and the
// constraint), bad indices, and buses used with two arities; expressions are folded and shared; selectors
// take their values on the trace subgroup; the constraint digest binds the description.
#include <catch2/catch.hpp>

#include <vector>

#include "neo/zkvm/air/builder.hpp"
#include "neo/zkvm/air/eval.hpp"
#include "neo/zkvm/air/logup.hpp"
#include "neo/zkvm/field/poly.hpp"

using neo::zkvm::field::BabyBear;
using neo::zkvm::field::BabyBear4;
namespace air = neo::zkvm::air;

namespace {

struct CubeChip {
  bool gated = false;
  std::string_view name() const { return "cube"; }
  std::size_t main_width() const { return 2; }
  void eval(air::AirBuilder& b) const {
    b.assert_bool(b.main(0), "boolean");
    if (gated) {
      b.when_transition().assert_eq(b.main_next(1), b.main(0) * b.main(0) * b.main(1), "cubic step");
    } else {
      b.assert_eq(b.main(1), b.main(0) * b.main(0) * b.main(0), "cube");
    }
  }
};

struct QuadraticInteractionChip {
  std::string_view name() const { return "quadratic lookup"; }
  std::size_t main_width() const { return 2; }
  void eval(air::AirBuilder& b) const {
    b.send(3, {b.main(0)}, b.main(1), "fine");
    b.send(3, {b.main(0) * b.main(1)}, 1, "product field");
  }
};

struct QuadraticMultiplicityChip {
  std::string_view name() const { return "quadratic multiplicity"; }
  std::size_t main_width() const { return 2; }
  void eval(air::AirBuilder& b) const { b.receive(3, {b.main(0)}, b.main(1) * b.main(1), "squared"); }
};

struct OutOfRangeChip {
  std::string_view name() const { return "out of range"; }
  std::size_t main_width() const { return 2; }
  std::size_t num_public_values() const { return 1; }
  bool use_public = false;
  void eval(air::AirBuilder& b) const {
    b.assert_zero(b.main(0));
    if (use_public) {
      b.assert_zero(b.public_value(1));
    } else {
      b.assert_zero(b.main(2));
    }
  }
};

struct ArityChip {
  std::size_t arity = 1;
  std::string_view name() const { return "arity"; }
  std::size_t main_width() const { return 2; }
  void eval(air::AirBuilder& b) const {
    if (arity == 1) b.send(5, {b.main(0)}, 1);
    if (arity == 2) b.receive(5, {b.main(0), b.main(1)}, 1);
  }
};

}  // namespace

TEST_CASE("air: degree-3 constraints are accepted, degree 4 rejected with chip and constraint named",
          "[air]") {
  const air::BuildResult ok = air::build(CubeChip{false});
  REQUIRE(ok.ok());
  CHECK(ok.system.max_degree() == 3);
  CHECK(ok.system.log_quotient_chunks() == 1);
  CHECK(ok.system.quotient_width() == 8);

  const air::BuildResult bad = air::build(CubeChip{true});  // transition (1) * cubic (3) = 4
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error.code == air::AirError::kConstraintDegreeTooHigh);
  CHECK(bad.error.chip == "cube");
  CHECK(bad.error.index == 1);
  CHECK(bad.error.label == "cubic step");
  CHECK(bad.error.degree == 4);
  CHECK_FALSE(bad.error.in_interaction);
}

TEST_CASE("air: interactions of degree above 1 are rejected", "[air][logup]") {
  const air::BuildResult field = air::build(QuadraticInteractionChip{});
  REQUIRE_FALSE(field.ok());
  CHECK(field.error.code == air::AirError::kInteractionDegreeTooHigh);
  CHECK(field.error.in_interaction);
  CHECK(field.error.index == 1);
  CHECK(field.error.label == "product field");

  const air::BuildResult mult = air::build(QuadraticMultiplicityChip{});
  REQUIRE_FALSE(mult.ok());
  CHECK(mult.error.code == air::AirError::kInteractionDegreeTooHigh);
  CHECK(mult.error.label == "squared");
}

TEST_CASE("air: column and public value indices are checked", "[air]") {
  const air::BuildResult column = air::build(OutOfRangeChip{});
  REQUIRE_FALSE(column.ok());
  CHECK(column.error.code == air::AirError::kColumnOutOfRange);
  CHECK(column.error.index == 1);
  OutOfRangeChip with_public;
  with_public.use_public = true;
  CHECK(air::build(with_public).error.code == air::AirError::kPublicValueOutOfRange);
}

TEST_CASE("air: a bus must carry tuples of one length", "[air][logup]") {
  std::vector<air::ConstraintSystem> systems = {air::build(ArityChip{1}).system,
                                                air::build(ArityChip{1}).system};
  std::uint32_t bus = 0;
  CHECK(air::check_buses(systems, bus));
  systems.push_back(air::build(ArityChip{2}).system);
  CHECK_FALSE(air::check_buses(systems, bus));
  CHECK(bus == 5);
}

TEST_CASE("air: expressions fold constants and share identical nodes", "[air]") {
  air::ExprArena arena;
  const std::uint32_t a = arena.leaf(air::NodeKind::kMainLocal, 0);
  const std::uint32_t c = arena.leaf(air::NodeKind::kMainLocal, 1);
  CHECK(arena.mul(a, c) == arena.mul(c, a));  // commutativity shares the node
  CHECK(arena.add(a, c) == arena.add(c, a));
  CHECK(arena.add(a, arena.constant(BabyBear::zero())) == a);
  CHECK(arena.mul(a, arena.constant(BabyBear::one())) == a);
  CHECK(arena.node(arena.mul(a, arena.constant(BabyBear::zero()))).kind == air::NodeKind::kConstant);
  CHECK(arena.neg(arena.neg(a)) == a);
  const std::uint32_t folded =
      arena.add(arena.constant(BabyBear::from_u32(2)), arena.constant(BabyBear::from_u32(3)));
  CHECK(arena.node(folded).constant == BabyBear::from_u32(5));
  CHECK(arena.node(arena.mul(arena.mul(a, c), c)).degree == 3);

  // Free-standing constants fold without an arena, negative integer literals included.
  const air::Expr k = air::Expr(3) * air::Expr(-2) + 7;
  CHECK(k.is_constant());
  CHECK(k.constant_value() == BabyBear::one());
  CHECK(air::Expr(-1).constant_value() == -BabyBear::one());
}

TEST_CASE("air: selectors are the Lagrange indicators on the trace subgroup", "[air]") {
  for (unsigned log_n : {1u, 3u, 5u}) {
    const std::size_t n = std::size_t{1} << log_n;
    const BabyBear omega = BabyBear::two_adic_generator(log_n);
    // Off the subgroup the closed forms must agree with the interpolants of the indicator vectors: compare
    // at an extension point via the barycentric evaluation of (1, 0, ..., 0) and (0, ..., 0, 1).
    const BabyBear4 z(BabyBear::from_u32(3), BabyBear::from_u32(5), BabyBear::from_u32(7),
                      BabyBear::from_u32(11));
    std::vector<BabyBear> first(n, BabyBear::zero()), last(n, BabyBear::zero()), trans(n, BabyBear::one());
    first[0] = BabyBear::one();
    last[n - 1] = BabyBear::one();
    const air::Selectors<BabyBear4> s = air::selectors_at(z, log_n);
    CHECK(s.is_first_row == neo::zkvm::field::evaluate_on_coset(first, BabyBear::one(), z));
    CHECK(s.is_last_row == neo::zkvm::field::evaluate_on_coset(last, BabyBear::one(), z));
    CHECK(s.is_transition == z - BabyBear4(omega.inverse()));
    CHECK(s.vanishing == z.pow(n) - BabyBear4::one());
  }
}

TEST_CASE("air: the constraint digest binds the description", "[air]") {
  const auto d1 = air::build(CubeChip{false}).system.digest();
  CHECK(d1 == air::build(CubeChip{false}).system.digest());
  air::ConstraintSystem other = air::build(CubeChip{false}).system;
  other.main_width = 3;
  CHECK(other.digest() != d1);
  other = air::build(CubeChip{false}).system;
  other.name = "cubf";
  CHECK(other.digest() != d1);
  other = air::build(CubeChip{false}).system;
  other.nodes.back().constant += BabyBear::one();
  CHECK(other.digest() != d1);
  const auto lookup = air::build(ArityChip{1}).system;
  air::ConstraintSystem receive = lookup;
  receive.interactions[0].is_send = false;
  CHECK(receive.digest() != lookup.digest());
}

TEST_CASE("air: LogUp layout and extension reassembly", "[air][logup]") {
  struct ThreeSends {
    std::string_view name() const { return "three"; }
    std::size_t main_width() const { return 1; }
    void eval(air::AirBuilder& b) const {
      for (int i = 0; i < 3; ++i) b.send(1, {b.main(0) + i}, 1);
    }
  };
  const air::ConstraintSystem sys = air::build(ThreeSends{}).system;
  CHECK(sys.num_batches() == 2);
  CHECK(sys.permutation_ext_width() == 3);
  CHECK(sys.permutation_width() == 12);
  CHECK(sys.num_logup_constraints() == 5);
  CHECK(sys.max_degree() == 3);

  const BabyBear4 v(BabyBear::from_u32(1), BabyBear::from_u32(2), BabyBear::from_u32(3),
                    BabyBear::from_u32(4));
  const std::vector<BabyBear4> base = {BabyBear4(v[0]), BabyBear4(v[1]), BabyBear4(v[2]), BabyBear4(v[3])};
  std::vector<BabyBear4> out(1);
  air::ext_from_base_columns(base, out);
  CHECK(out[0] == v);
}
