// Range contracts of buses, and the setup check that enforces them.
//
// A bus receiver often relies on a field being a byte, a 16-bit limb or a boolean: AddSub's carries are
// right only for byte inputs, Lt compares the top differing *byte*. LogUp proves only that the tuples sent
// equal the tuples received; it says nothing about their range. So every such field has a named party that
// proves it: the bus's contract says, per field, its range and which side establishes it (every sender, or
// every receiver); the other side may then rely on it.
//
// check_range_contracts() enforces this for a chip set, statically (from the constraint systems alone): for
// every interaction and every field that the contract makes *this side* prove, the field must be proven in
// range on every row where the interaction's multiplicity is non-zero, by one of:
//   * a constant in range, or an expression of preprocessed columns (the tables are computed by the
//     verifier's own setup from the program; the tests check their contents against the contracts);
//   * a boolean column (unconditional x (x - 1) = 0), when the range admits 0 and 1;
//   * a column with a *fact*: it is a field of another interaction of the same chip whose contract makes the
//     other side prove a range within the required one (a byte lookup, a register value read from the
//     MEMORY bus, an ALU result), under that interaction's multiplicity;
//   * a column copied from such a thing: x = E under a condition A (a constraint A (x - E) = 0, or x - E = 0)
//     where E is proven in range whenever A != 0.
// Conditions are decided by enumerating the boolean columns involved (analysis.hpp: each assignment that
// satisfies the constraints over them is a possible row), evaluating the field to an affine form over the
// other columns: it must be a constant in range or one column that is in range under that assignment.
// Anything else — a sum of two bytes, a column with no fact — fails setup with the chip, the interaction and
// the field named.
//
// What the check does not see: a chip may prove a field it sends from a fact of its own receive on the same
// bus (a memory read passes on the value it received). That is an induction, sound when the bus's tuples are
// well-ordered so that no cycle of accesses can stand on nothing — MEMORY's timestamps strictly increase along
// each address (every access proves prev_ts < ts) and start at the Memory chip's initial values; the
// argument is in docs/circuit.md §2-3, not in this check.
//
// Portable (verifier).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "neo/zkvm/air/builder.hpp"

namespace neo::zkvm::air {

enum class FieldRange : std::uint8_t {
  kAny = 0,   // nothing is relied on (or what is relied on is argued elsewhere: docs/circuit.md §3)
  kBool = 1,  // 0 or 1
  kByte = 2,  // [0, 256)
  kU16 = 3,   // [0, 2^16)
};
std::string_view range_name(FieldRange range) noexcept;
// Whether every value in `inner` is in `outer`.
constexpr bool range_within(FieldRange inner, FieldRange outer) noexcept {
  return outer == FieldRange::kAny || (inner != FieldRange::kAny && inner <= outer);
}

enum class Prover : std::uint8_t {
  kSender = 0,    // every sender proves the range; receivers rely on it
  kReceiver = 1,  // every receiver proves it; senders rely on it
};

struct FieldContract {
  FieldRange range = FieldRange::kAny;
  Prover prover = Prover::kSender;
};

struct BusContract {
  std::uint32_t bus = 0;
  std::string_view name;
  std::vector<FieldContract> fields;  // one per tuple field
  // Refinements for tuples whose first field is a given constant (an operation id): the whole field list.
  struct ByOp {
    std::uint32_t op = 0;
    std::vector<FieldContract> fields;
  };
  std::vector<ByOp> by_op;

  // The contract of the tuple whose first field is `op` (nothing: not a constant).
  const std::vector<FieldContract>& fields_for(std::optional<std::uint32_t> op) const noexcept;
};

struct ContractError {
  std::string_view chip;
  std::uint32_t interaction = 0;
  std::string_view label;  // the interaction's
  std::uint32_t bus = 0;
  std::uint32_t field = 0;
  FieldRange range = FieldRange::kAny;
  bool missing_contract = false;  // the bus has no contract at all
  bool arity = false;             // the interaction's arity differs from the contract's
};

// The first violation, or nothing when every chip proves every field its contracts make it prove.
std::optional<ContractError> check_range_contracts(std::span<const ConstraintSystem> systems,
                                                   std::span<const BusContract> contracts);

}  // namespace neo::zkvm::air
