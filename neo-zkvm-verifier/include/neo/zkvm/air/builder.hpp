// Describing a chip: the AIR builder and the constraint system it produces.
//
// A chip is any type with
//   std::string_view name() const;        // static storage: error messages and the vkey refer to it
//   std::size_t main_width() const;       // >= 1
//   void eval(air::AirBuilder& b) const;  // declares the constraints and bus interactions
// and optionally preprocessed_width() and num_public_values() (0 when absent). eval() runs ONCE, at setup:
// it builds symbolic expressions, it does not compute anything on a trace. Example (Fibonacci):
//
//   void eval(air::AirBuilder& b) const {
//     const auto local = b.main_local();
//     const auto next = b.main_next();
//     b.when_first_row().assert_eq(local[0], b.public_value(0));
//     b.when_transition().assert_eq(next[1], local[0] + local[1]);
//     b.when_last_row().assert_eq(local[1], b.public_value(2));
//   }
//
// Rules checked by air::build (errors name the chip and the constraint or interaction, with its label):
//   * every constraint has degree <= kMaxConstraintDegree (3), the selectors counting as degree 1 (their
//     true degree n - 1 still keeps the quotient within the chunks, see docs/stark.md);
//   * interaction fields and multiplicities have degree <= 1 (LogUp multiplies a row's denominators
//     together; see logup.hpp), and an interaction has at least one field;
//   * column and public value indices are in range.
//
// Padding rows: the framework adds nothing of its own. A chip whose trace is padded to a power of two must
// make its padding rows satisfy its constraints and give every interaction multiplicity 0 there (typically
// an is_real column, constrained boolean, multiplying every multiplicity).
//
// Portable (verifier): no exceptions; errors are recorded in the builder and returned by build().
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <vector>

#include "neo/zkvm/air/expr.hpp"
#include "neo/zkvm/hash/poseidon2.hpp"

namespace neo::zkvm::air {

inline constexpr unsigned kMaxConstraintDegree = 3;
inline constexpr unsigned kMaxInteractionDegree = 1;

struct Constraint {
  std::uint32_t root = 0;  // node id
  std::string_view label;
};

struct Interaction {
  std::uint32_t bus = 0;
  bool is_send = true;                // sends add m / (alpha - fingerprint), receives subtract it
  std::vector<std::uint32_t> fields;  // node ids
  std::uint32_t multiplicity = 0;     // node id
  std::string_view label;
};

enum class AirError : std::uint8_t {
  kOk = 0,
  kConstraintDegreeTooHigh,
  kInteractionDegreeTooHigh,
  kInteractionWithoutFields,
  kColumnOutOfRange,
  kPublicValueOutOfRange,
  kNoMainColumns,
  kMixedArenas,            // an expression of another builder was used
  kBusArity,               // a chip set uses one bus with two tuple lengths (for callers of check_buses)
  kUnboundedMultiplicity,  // a non-table interaction whose multiplicity has no bound (analysis.hpp)
  kRangeContract,  // a field the bus's range contract makes this side prove is not proven (contracts.hpp)
};
std::string_view error_name(AirError error) noexcept;

// Where setup failed: the chip, the constraint (or interaction) index and label, and the offending degree.
struct SetupError {
  AirError code = AirError::kOk;
  std::string_view chip;
  bool in_interaction = false;
  std::uint32_t index = 0;
  std::string_view label;
  unsigned degree = 0;
};

class AirBuilder;

// Adds `condition *` in front of everything asserted through it.
class ConditionalBuilder {
 public:
  ConditionalBuilder(AirBuilder& builder, Expr condition) noexcept
      : builder_(&builder), condition_(condition) {}
  void assert_zero(const Expr& x, std::string_view label = {});
  void assert_one(const Expr& x, std::string_view label = {}) { assert_zero(x - 1, label); }
  void assert_eq(const Expr& x, const Expr& y, std::string_view label = {}) { assert_zero(x - y, label); }
  void assert_bool(const Expr& x, std::string_view label = {}) { assert_zero(x * (x - 1), label); }

 private:
  AirBuilder* builder_;
  Expr condition_;
};

class AirBuilder {
 public:
  AirBuilder(std::string_view chip_name, std::size_t preprocessed_width, std::size_t main_width,
             std::size_t num_public_values);

  Expr main(std::size_t column);
  Expr main_next(std::size_t column);
  Expr preprocessed(std::size_t column);
  Expr preprocessed_next(std::size_t column);
  // All columns of a row at once, for `local[i]` style chip code.
  std::vector<Expr> main_local();
  std::vector<Expr> main_next();
  std::vector<Expr> preprocessed_local();
  std::vector<Expr> preprocessed_next();
  Expr public_value(std::size_t index);
  // 1 on the first / last row of the trace and 0 elsewhere; is_transition is 0 on the last row only (the
  // "next" row of the last row wraps around to the first, so transition constraints must not bind there).
  Expr is_first_row();
  Expr is_last_row();
  Expr is_transition();

  void assert_zero(const Expr& x, std::string_view label = {});
  void assert_one(const Expr& x, std::string_view label = {}) { assert_zero(x - 1, label); }
  void assert_eq(const Expr& x, const Expr& y, std::string_view label = {}) { assert_zero(x - y, label); }
  void assert_bool(const Expr& x, std::string_view label = {}) { assert_zero(x * (x - 1), label); }

  ConditionalBuilder when(const Expr& condition) { return ConditionalBuilder(*this, condition); }
  ConditionalBuilder when_first_row() { return when(is_first_row()); }
  ConditionalBuilder when_last_row() { return when(is_last_row()); }
  ConditionalBuilder when_transition() { return when(is_transition()); }

  // Bus interactions: the tuple `fields` on bus `bus` with multiplicity `multiplicity` (sends count +m,
  // receives -m; over all chips and shards every tuple's net count must be 0).
  void send(std::uint32_t bus, std::span<const Expr> fields, const Expr& multiplicity,
            std::string_view label = {});
  void receive(std::uint32_t bus, std::span<const Expr> fields, const Expr& multiplicity,
               std::string_view label = {});
  void send(std::uint32_t bus, std::initializer_list<Expr> fields, const Expr& multiplicity,
            std::string_view label = {}) {
    send(bus, std::span<const Expr>(fields.begin(), fields.size()), multiplicity, label);
  }
  void receive(std::uint32_t bus, std::initializer_list<Expr> fields, const Expr& multiplicity,
               std::string_view label = {}) {
    receive(bus, std::span<const Expr>(fields.begin(), fields.size()), multiplicity, label);
  }

  const SetupError& error() const noexcept { return error_; }

 private:
  friend class ConditionalBuilder;
  friend struct BuilderAccess;
  void interact(std::uint32_t bus, bool is_send, std::span<const Expr> fields, const Expr& multiplicity,
                std::string_view label);
  Expr column(NodeKind kind, std::size_t column, std::size_t width);
  void fail(AirError code, bool in_interaction, std::size_t index, std::string_view label, unsigned degree);
  std::uint32_t node_of(const Expr& x, bool in_interaction, std::size_t index, std::string_view label);

  std::string_view chip_name_;
  std::size_t preprocessed_width_;
  std::size_t main_width_;
  std::size_t num_public_values_;
  ExprArena arena_;
  std::vector<Constraint> constraints_;
  std::vector<Interaction> interactions_;
  SetupError error_;
};

// The compiled description of one chip: what prover and verifier both evaluate.
struct ConstraintSystem {
  std::string_view name;
  std::uint32_t preprocessed_width = 0;
  std::uint32_t main_width = 0;
  std::uint32_t num_public_values = 0;
  std::vector<Node> nodes;
  std::vector<Constraint> constraints;
  std::vector<Interaction> interactions;
  // Per interaction: air::kTableInteraction, or a bound on |multiplicity| on every row (analysis.hpp).
  // Derived from the above at build time (not part of the digest).
  std::vector<std::uint32_t> multiplicity_bounds;

  // LogUp layout (logup.hpp): interactions in batches of kInteractionsPerBatch, one extension column per
  // batch plus the running sum; 4 base columns per extension column.
  std::size_t num_batches() const noexcept;
  std::size_t permutation_ext_width() const noexcept { return interactions.empty() ? 0 : num_batches() + 1; }
  std::size_t permutation_width() const noexcept { return 4 * permutation_ext_width(); }
  // The number of LogUp constraints after the chip's own (one per batch, then first row, transition, last
  // row of the running sum).
  std::size_t num_logup_constraints() const noexcept { return interactions.empty() ? 0 : num_batches() + 3; }
  // The largest constraint degree, LogUp's included.
  unsigned max_degree() const noexcept;
  // log2 of the number of quotient chunks: the quotient of a degree-d constraint has degree < (d - 1) n,
  // so degree 3 needs 2 chunks of the trace height and degree <= 2 one.
  unsigned log_quotient_chunks() const noexcept { return max_degree() >= 3 ? 1 : 0; }
  std::size_t quotient_width() const noexcept { return std::size_t{4} << log_quotient_chunks(); }

  // A Poseidon2 digest of the canonical encoding of everything above (name, widths, nodes, constraints,
  // interactions): the verifying key binds it, so a proof for other constraints is rejected.
  hash::Poseidon2BabyBear16::Digest digest() const noexcept;
};

struct BuildResult {
  ConstraintSystem system;
  SetupError error;
  bool ok() const noexcept { return error.code == AirError::kOk; }
};

namespace detail {
template <typename C>
std::size_t preprocessed_width_of(const C& chip) {
  if constexpr (requires { chip.preprocessed_width(); }) {
    return chip.preprocessed_width();
  } else {
    return 0;
  }
}
template <typename C>
std::size_t num_public_values_of(const C& chip) {
  if constexpr (requires { chip.num_public_values(); }) {
    return chip.num_public_values();
  } else {
    return 0;
  }
}
BuildResult finish_build(AirBuilder& builder, std::string_view name, std::size_t preprocessed_width,
                         std::size_t main_width, std::size_t num_public_values);
}  // namespace detail

template <typename C>
concept ChipDescription = requires(const C& chip, AirBuilder& builder) {
  { chip.name() } -> std::convertible_to<std::string_view>;
  { chip.main_width() } -> std::convertible_to<std::size_t>;
  chip.eval(builder);
};

// Runs the chip's eval() once and checks the rules above.
template <ChipDescription C>
BuildResult build(const C& chip) {
  const std::string_view name = chip.name();
  const std::size_t pre = detail::preprocessed_width_of(chip);
  const std::size_t main = chip.main_width();
  const std::size_t pub = detail::num_public_values_of(chip);
  AirBuilder builder(name, pre, main, pub);
  chip.eval(builder);
  return detail::finish_build(builder, name, pre, main, pub);
}

}  // namespace neo::zkvm::air
