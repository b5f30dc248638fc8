// What a constraint system proves about its own cells, read off its nodes alone (no trace): the basis of the
// setup checks on multiplicities (this file) and on the buses' range contracts (contracts.hpp).
//
//   * Boolean nodes: x with an unconditional constraint x (x - 1) = 0 (AirBuilder::assert_bool outside a
//     `when`), or a column constrained to 0. On every row such a node is 0 or 1.
//   * Definitions: a main column d with an unconditional constraint d - E = 0 where E does not mention d
//     (assert_eq(d, E)); d's value on every row is E's.
//   * Multiplicity bounds: a node is an integer in [0, B] on every row — exactly, by enumeration, when it
//     depends on a few boolean columns only (values that are not small non-negative integers, such as a
//     difference that can be -1, give no bound), else by interval arithmetic over booleans, small constants,
//     the row selectors, sums and products.
//   * Implication: "m != 0 implies c != 0" decided by enumerating the boolean main columns that m and c
//     depend on (through definitions), keeping only the assignments that satisfy every unconditional
//     constraint over those columns alone. Sound (an assignment of a real row is among those kept); when a
//     condition depends on anything else it answers "not proven".
//
// Interaction multiplicities (the LogUp soundness condition, docs/circuit.md §3): an interaction is a *table*
// interaction when every field is a function of constants and preprocessed columns (its multiplicity may be
// any field element: the tuples are fixed by the verifying key); otherwise its multiplicity must have a
// bound, and the verifier requires that, per bus, the sum over all chips and shards of height x bound stays
// below p (stark::check_interaction_counts), so no tuple's net count can wrap around p.
//
// Portable (verifier).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "neo/zkvm/air/builder.hpp"

namespace neo::zkvm::air {

// A multiplicity bound of kTableInteraction marks a table interaction (unbounded multiplicity, fixed tuples).
inline constexpr std::uint32_t kTableInteraction = 0;
// Bounds above this are refused at setup: a chip's multiplicities are flags and small sums of flags.
inline constexpr std::uint32_t kMaxMultiplicityBound = 1u << 8;

class Analysis {
 public:
  explicit Analysis(const ConstraintSystem& cs);

  const ConstraintSystem& system() const noexcept { return *cs_; }
  bool is_boolean(std::uint32_t node) const noexcept { return boolean_[node]; }
  // The node defining main column `column`, if any.
  std::optional<std::uint32_t> definition(std::uint32_t column) const noexcept;
  // A bound B such that `node` is an integer in [0, B] on every row, or nothing (LogUp's counting argument
  // needs multiplicities that are small and non-negative: a -1 would cancel a +1 of the same side).
  std::optional<std::uint64_t> multiplicity_bound(std::uint32_t node) const;
  // A function of constants and preprocessed columns of the local row.
  bool preprocessed_only(std::uint32_t node) const noexcept;
  // Every field a function of constants and preprocessed columns of the local row.
  bool is_table_interaction(const Interaction& in) const noexcept;
  // On every row that satisfies the constraints: node m != 0 implies that for some alternative, every node
  // of it is != 0. False when this cannot be decided by enumeration (see above).
  bool implies(std::uint32_t m, std::span<const std::vector<std::uint32_t>> alternatives) const;
  // The main columns a node depends on (through definitions); false if it depends on anything but main
  // columns of the local row and constants.
  bool local_columns(std::uint32_t node, std::vector<std::uint32_t>& columns) const;
  // Calls visit(value_of) for every assignment of the boolean columns that `nodes` depend on which satisfies
  // every constraint over those columns alone (value_of(id) = node id's value), until visit returns false.
  // False, without visiting, when a node depends on anything else or on more than 20 columns.
  bool enumerate(std::span<const std::uint32_t> nodes,
                 const std::function<bool(const std::function<BabyBear(std::uint32_t)>&)>& visit) const;

 private:
  // The largest value by enumeration; kSaturated (~0) when some value is not a small non-negative integer.
  std::optional<std::uint64_t> enumerated_bound(std::uint32_t node) const;

  const ConstraintSystem* cs_;
  std::vector<bool> boolean_;                        // per node
  std::vector<std::int64_t> definition_;             // per main column: defining node, or -1
  std::vector<std::vector<std::uint32_t>> support_;  // per unconditional constraint: its local columns
  std::vector<bool> local_only_;                     // per constraint: only local main columns and constants
  std::vector<std::int64_t> leaf_of_column_;         // per main column: its local leaf node, or -1
};

// Per interaction of `cs`: kTableInteraction, or the bound B >= 1 with multiplicity in [0, B]. An interaction
// that is neither gives nothing (setup refuses the chip: kUnboundedMultiplicity).
std::optional<std::vector<std::uint32_t>> multiplicity_bounds(const ConstraintSystem& cs);

}  // namespace neo::zkvm::air
