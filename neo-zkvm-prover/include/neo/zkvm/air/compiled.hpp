// The prover's constraint evaluator: a chip's symbolic constraints (neo/zkvm/air/builder.hpp) compiled
// once into a flat list of operations on "slots", each slot a block of kBlockRows values, so the quotient
// loop runs vectorised kernels (neo/zkvm/field/packed.hpp) over whole blocks of rows instead of walking the
// expression DAG row by row.
//
// Compilation: the nodes reachable from the constraints and interactions, in id (topological) order; leaves
// (columns, selectors, constants, public values) are loaded into slots at the start of a block; every
// operation writes a slot; slots are recycled as soon as their last reader has run (liveness), so the
// working set stays small (a few hundred kilobytes for a 64-column chip); interaction fields and
// multiplicities stay live until the end of the block (LogUp reads them); each constraint is folded into
// the four base accumulators acc_k += (gamma^i)_k * C_i right after its root is computed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "neo/zkvm/air/builder.hpp"
#include "neo/zkvm/field/extension.hpp"

namespace neo::zkvm::air {

using field::BabyBear4;

struct BlockInputs {
  std::size_t count = 0;  // rows in this block, <= kBlockRows
  // Per row: a pointer to the row's first column (local row and next row of each trace).
  const BabyBear* const* preprocessed_local = nullptr;
  const BabyBear* const* preprocessed_next = nullptr;
  const BabyBear* const* main_local = nullptr;
  const BabyBear* const* main_next = nullptr;
  // Per row.
  const BabyBear* is_first_row = nullptr;
  const BabyBear* is_last_row = nullptr;
  const BabyBear* is_transition = nullptr;
  std::span<const BabyBear> public_values;
};

class CompiledAir {
 public:
  static constexpr std::size_t kBlockRows = 128;

  explicit CompiledAir(const ConstraintSystem& system);

  // Scratch size (elements) one evaluating thread needs.
  std::size_t scratch_size() const noexcept { return (num_slots_ + 1) * kBlockRows; }

  // Evaluates one block. acc (4 * kBlockRows elements: acc[k * kBlockRows + row]) receives, for each row,
  // the coefficients of sum_i gamma_powers[i] * C_i over the chip's own constraints (gamma_powers has one
  // entry per constraint). Afterwards value(scratch, node, row) reads interaction nodes.
  void evaluate_block(const BlockInputs& in, std::span<const BabyBear4> gamma_powers,
                      std::span<BabyBear> scratch, std::span<BabyBear> acc) const noexcept;

  // The value of an interaction field or multiplicity after evaluate_block.
  BabyBear value(std::span<const BabyBear> scratch, std::uint32_t node, std::size_t row) const noexcept {
    return scratch[std::size_t{slot_of_[node]} * kBlockRows + row];
  }

  // The kBlockRows values of an interaction field or multiplicity after evaluate_block (rows past the
  // block's count hold valid field words of no meaning).
  const BabyBear* values(std::span<const BabyBear> scratch, std::uint32_t node) const noexcept {
    return scratch.data() + std::size_t{slot_of_[node]} * kBlockRows;
  }

  std::size_t num_slots() const noexcept { return num_slots_; }
  std::size_t num_ops() const noexcept { return ops_.size(); }

 private:
  enum class OpCode : std::uint8_t { kAdd, kSub, kMul, kNeg, kAccumulate };
  struct Op {
    OpCode code;
    std::uint32_t dst;  // kAccumulate: the constraint index
    std::uint32_t a;
    std::uint32_t b;
  };
  enum class Source : std::uint8_t {
    kPreprocessedLocal,
    kPreprocessedNext,
    kMainLocal,
    kMainNext,
    kIsFirstRow,
    kIsLastRow,
    kIsTransition,
    kConstant,
    kPublic
  };
  struct Load {
    Source source;
    std::uint32_t slot;
    std::uint32_t index;  // column or public value index
    BabyBear constant;
  };

  std::vector<Load> loads_;
  std::vector<Op> ops_;
  std::vector<std::uint32_t> slot_of_;  // per node (interaction nodes are valid after a block)
  std::size_t num_slots_ = 0;
};

}  // namespace neo::zkvm::air
