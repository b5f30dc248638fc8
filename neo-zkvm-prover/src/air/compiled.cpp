// Compilation of a constraint system into block operations, and their evaluation.
#include "neo/zkvm/air/compiled.hpp"

#include <algorithm>
#include <array>
#include <limits>

#include "neo/zkvm/field/packed.hpp"

#include "lazy_accumulate.hpp"

namespace neo::zkvm::air {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// The constraint accumulators acc_k = sum_i (gamma^i)_k C_i are kept as unreduced sums of products
// (lazy_accumulate.hpp), one Montgomery reduction per row and coefficient at the end of the block.
using LazyAccumulators = std::array<std::uint64_t, 4 * CompiledAir::kBlockRows>;

}  // namespace

CompiledAir::CompiledAir(const ConstraintSystem& system) {
  const std::vector<Node>& nodes = system.nodes;
  const std::size_t n = nodes.size();

  // Reachability from the roots; interaction nodes are pinned (read after the block's operations).
  std::vector<bool> reachable(n, false);
  std::vector<bool> pinned(n, false);
  for (const Constraint& c : system.constraints) reachable[c.root] = true;
  for (const Interaction& in : system.interactions) {
    for (const std::uint32_t f : in.fields) reachable[f] = pinned[f] = true;
    reachable[in.multiplicity] = pinned[in.multiplicity] = true;
  }
  for (std::size_t id = n; id-- > 0;) {
    if (!reachable[id] || is_leaf(nodes[id].kind)) continue;
    reachable[nodes[id].a] = true;
    if (nodes[id].kind != NodeKind::kNeg) reachable[nodes[id].b] = true;
  }

  // Constraints by root, to fold each one into the accumulators right after its root exists.
  std::vector<std::vector<std::uint32_t>> constraints_of(n);
  for (std::size_t i = 0; i < system.constraints.size(); ++i)
    constraints_of[system.constraints[i].root].push_back(static_cast<std::uint32_t>(i));

  // Pass 1: the operation sequence over node ids (leaves' accumulations first).
  std::vector<Op> sequence;
  for (std::size_t id = 0; id < n; ++id) {
    if (!reachable[id] || !is_leaf(nodes[id].kind)) continue;
    for (const std::uint32_t c : constraints_of[id])
      sequence.push_back({OpCode::kAccumulate, c, static_cast<std::uint32_t>(id), 0});
  }
  for (std::size_t id = 0; id < n; ++id) {
    if (!reachable[id] || is_leaf(nodes[id].kind)) continue;
    const Node& node = nodes[id];
    OpCode code = OpCode::kAdd;
    switch (node.kind) {
      case NodeKind::kAdd:
        code = OpCode::kAdd;
        break;
      case NodeKind::kSub:
        code = OpCode::kSub;
        break;
      case NodeKind::kMul:
        code = OpCode::kMul;
        break;
      case NodeKind::kNeg:
        code = OpCode::kNeg;
        break;
      default:
        break;
    }
    sequence.push_back(
        {code, static_cast<std::uint32_t>(id), node.a, node.kind == NodeKind::kNeg ? node.a : node.b});
    for (const std::uint32_t c : constraints_of[id])
      sequence.push_back({OpCode::kAccumulate, c, static_cast<std::uint32_t>(id), 0});
  }
  std::vector<std::size_t> last_use(n, 0);
  for (std::size_t k = 0; k < sequence.size(); ++k) {
    last_use[sequence[k].a] = k;
    if (sequence[k].code != OpCode::kAccumulate) last_use[sequence[k].b] = k;
  }

  // Pass 2: slots, recycled after each node's last reader.
  slot_of_.assign(n, kNone);
  std::vector<std::uint32_t> free_slots;
  const auto allocate = [&] {
    if (!free_slots.empty()) {
      const std::uint32_t s = free_slots.back();
      free_slots.pop_back();
      return s;
    }
    return static_cast<std::uint32_t>(num_slots_++);
  };
  for (std::size_t id = 0; id < n; ++id) {
    if (!reachable[id] || !is_leaf(nodes[id].kind)) continue;
    const Node& node = nodes[id];
    Load load{};
    load.slot = allocate();
    load.index = node.a;
    load.constant = node.constant;
    switch (node.kind) {
      case NodeKind::kConstant:
        load.source = Source::kConstant;
        break;
      case NodeKind::kPreprocessedLocal:
        load.source = Source::kPreprocessedLocal;
        break;
      case NodeKind::kPreprocessedNext:
        load.source = Source::kPreprocessedNext;
        break;
      case NodeKind::kMainLocal:
        load.source = Source::kMainLocal;
        break;
      case NodeKind::kMainNext:
        load.source = Source::kMainNext;
        break;
      case NodeKind::kPublic:
        load.source = Source::kPublic;
        break;
      case NodeKind::kIsFirstRow:
        load.source = Source::kIsFirstRow;
        break;
      case NodeKind::kIsLastRow:
        load.source = Source::kIsLastRow;
        break;
      default:
        load.source = Source::kIsTransition;
        break;
    }
    slot_of_[id] = load.slot;
    loads_.push_back(load);
  }
  // Leaves nobody reads (a pinned leaf read only by LogUp) keep their slots; others are freed after use.
  for (std::size_t k = 0; k < sequence.size(); ++k) {
    const Op& op = sequence[k];
    const auto release = [&](std::uint32_t node) {
      if (!pinned[node] && last_use[node] == k) {
        free_slots.push_back(slot_of_[node]);
        last_use[node] = std::numeric_limits<std::size_t>::max();  // release once even if a == b
      }
    };
    if (op.code == OpCode::kAccumulate) {
      ops_.push_back({OpCode::kAccumulate, op.dst, slot_of_[op.a], 0});
      release(op.a);
      continue;
    }
    const std::uint32_t sa = slot_of_[op.a];
    const std::uint32_t sb = slot_of_[op.b];
    release(op.a);
    release(op.b);
    // The destination may take an operand's slot: the kernels allow out == a (or b) exactly.
    const std::uint32_t dst = allocate();
    slot_of_[op.dst] = dst;
    ops_.push_back({op.code, dst, sa, sb});
    // A node computed but never read (impossible for reachable nodes except roots read by accumulate ops,
    // which count as readers) would leak its slot; nothing to do.
  }
}

void CompiledAir::evaluate_block(const BlockInputs& in, std::span<const BabyBear4> gamma_powers,
                                 std::span<BabyBear> scratch, std::span<BabyBear> acc) const noexcept {
  namespace packed = field::packed;
  const std::size_t count = in.count;
  BabyBear* base = scratch.data();
  const auto slot = [&](std::uint32_t s) {
    return std::span<BabyBear>(base + std::size_t{s} * kBlockRows, count);
  };
  const auto cslot = [&](std::uint32_t s) {
    return std::span<const BabyBear>(base + std::size_t{s} * kBlockRows, count);
  };

  for (const Load& load : loads_) {
    BabyBear* dst = base + std::size_t{load.slot} * kBlockRows;
    switch (load.source) {
      case Source::kPreprocessedLocal:
        for (std::size_t r = 0; r < count; ++r) dst[r] = in.preprocessed_local[r][load.index];
        break;
      case Source::kPreprocessedNext:
        for (std::size_t r = 0; r < count; ++r) dst[r] = in.preprocessed_next[r][load.index];
        break;
      case Source::kMainLocal:
        for (std::size_t r = 0; r < count; ++r) dst[r] = in.main_local[r][load.index];
        break;
      case Source::kMainNext:
        for (std::size_t r = 0; r < count; ++r) dst[r] = in.main_next[r][load.index];
        break;
      case Source::kIsFirstRow:
        std::copy_n(in.is_first_row, count, dst);
        break;
      case Source::kIsLastRow:
        std::copy_n(in.is_last_row, count, dst);
        break;
      case Source::kIsTransition:
        std::copy_n(in.is_transition, count, dst);
        break;
      case Source::kConstant:
        std::fill_n(dst, count, load.constant);
        break;
      case Source::kPublic:
        std::fill_n(dst, count, in.public_values[load.index]);
        break;
    }
  }
  LazyAccumulators lazy;
  lazy.fill(0);

  static constexpr BabyBear kMinusOne = -BabyBear::one();
  for (const Op& op : ops_) {
    switch (op.code) {
      case OpCode::kAdd:
        packed::add(slot(op.dst), cslot(op.a), cslot(op.b));
        break;
      case OpCode::kSub:
        packed::sub(slot(op.dst), cslot(op.a), cslot(op.b));
        break;
      case OpCode::kMul:
        packed::mul(slot(op.dst), cslot(op.a), cslot(op.b));
        break;
      case OpCode::kNeg:
        packed::mul_scalar(slot(op.dst), cslot(op.a), kMinusOne);
        break;
      case OpCode::kAccumulate: {
        detail::lazy_accumulate4(lazy.data(), kBlockRows, base + std::size_t{op.a} * kBlockRows,
                                 gamma_powers[op.dst], count);
        break;
      }
    }
  }
  for (std::size_t k = 0; k < 4; ++k)
    for (std::size_t r = 0; r < count; ++r)
      acc[k * kBlockRows + r] = detail::lazy_finish(lazy[k * kBlockRows + r]);
}

}  // namespace neo::zkvm::air
