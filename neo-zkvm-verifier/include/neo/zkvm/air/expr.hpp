// Symbolic expressions of an AIR: a hash-consed DAG of nodes over the columns of the local and next rows,
// public values, constants and the row selectors, built once per chip and then evaluated by the prover (over
// the quotient domain, compiled into flat block operations) and by the verifier (once, at the out-of-domain
// point).
//
// Node ids are indices into the arena; children are always created before their parents, so id order is a
// topological order (evaluators walk the arena front to back). Identical nodes are shared (hash-consing), so
// repeated subexpressions in chip code cost nothing twice. Degrees are tracked symbolically: columns and
// selectors have degree 1, constants and public values 0, a product the sum of its factors' degrees.
//
// Portable (verifier): no exceptions, no node-based containers (the hash table is open addressing over a
// std::vector).
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "neo/zkvm/field/babybear.hpp"

namespace neo::zkvm::air {

using field::BabyBear;

enum class NodeKind : std::uint8_t {
  kConstant = 0,
  kPreprocessedLocal = 1,  // a = column
  kPreprocessedNext = 2,
  kMainLocal = 3,
  kMainNext = 4,
  kPublic = 5,  // a = public value index
  kIsFirstRow = 6,
  kIsLastRow = 7,
  kIsTransition = 8,
  kAdd = 9,   // a + b
  kSub = 10,  // a - b
  kMul = 11,  // a * b
  kNeg = 12,  // -a
};

inline constexpr bool is_leaf(NodeKind kind) noexcept { return kind <= NodeKind::kIsTransition; }

struct Node {
  NodeKind kind = NodeKind::kConstant;
  std::uint8_t degree = 0;
  std::uint32_t a = 0;  // operand id, or column / public index for leaves
  std::uint32_t b = 0;  // second operand id of binary nodes
  BabyBear constant;    // kConstant only
  friend bool operator==(const Node&, const Node&) = default;
};

class ExprArena {
 public:
  std::uint32_t constant(BabyBear value);
  std::uint32_t leaf(NodeKind kind, std::uint32_t index);
  // a op b with the usual algebraic simplifications of constants (x + 0, x * 1, x * 0, folding).
  std::uint32_t add(std::uint32_t a, std::uint32_t b);
  std::uint32_t sub(std::uint32_t a, std::uint32_t b);
  std::uint32_t mul(std::uint32_t a, std::uint32_t b);
  std::uint32_t neg(std::uint32_t a);

  const std::vector<Node>& nodes() const noexcept { return nodes_; }
  const Node& node(std::uint32_t id) const noexcept { return nodes_[id]; }

 private:
  std::uint32_t intern(const Node& node);
  bool is_constant(std::uint32_t id, BabyBear value) const noexcept {
    return nodes_[id].kind == NodeKind::kConstant && nodes_[id].constant == value;
  }

  std::vector<Node> nodes_;
  // Open-addressing table of node ids + 1 (0 = empty), at most half full.
  std::vector<std::uint32_t> table_;
};

// A handle on a node, or a free-standing constant (no arena yet: literals in chip code such as `x * 2` or
// `Expr(1)` become nodes only when combined with an expression that has an arena).
class Expr {
 public:
  Expr() noexcept = default;
  Expr(BabyBear value) noexcept : constant_(value) {}  // NOLINT: literals read naturally in chip code
  template <std::integral T>
  Expr(T value) noexcept : constant_(from_integer(value)) {}  // NOLINT
  Expr(ExprArena* arena, std::uint32_t id) noexcept : arena_(arena), id_(id) {}

  bool is_constant() const noexcept { return arena_ == nullptr; }
  BabyBear constant_value() const noexcept { return constant_; }
  ExprArena* arena() const noexcept { return arena_; }
  // The node id in `arena` (a free-standing constant is interned there first).
  std::uint32_t id_in(ExprArena& arena) const { return arena_ != nullptr ? id_ : arena.constant(constant_); }

  friend Expr operator+(const Expr& a, const Expr& b) { return combine(a, b, &ExprArena::add, Op::kAdd); }
  friend Expr operator-(const Expr& a, const Expr& b) { return combine(a, b, &ExprArena::sub, Op::kSub); }
  friend Expr operator*(const Expr& a, const Expr& b) { return combine(a, b, &ExprArena::mul, Op::kMul); }
  Expr operator-() const {
    if (arena_ == nullptr) return Expr(-constant_);
    return Expr(arena_, arena_->neg(id_));
  }
  Expr& operator+=(const Expr& b) { return *this = *this + b; }
  Expr& operator-=(const Expr& b) { return *this = *this - b; }
  Expr& operator*=(const Expr& b) { return *this = *this * b; }

 private:
  template <std::integral T>
  static BabyBear from_integer(T value) noexcept {
    if constexpr (std::is_signed_v<T>) {
      // -(value + 1) cannot overflow, even for the most negative value.
      if (value < 0) return -(BabyBear::from_u64(static_cast<std::uint64_t>(-(value + 1))) + BabyBear::one());
    }
    return BabyBear::from_u64(static_cast<std::uint64_t>(value));
  }

  enum class Op { kAdd, kSub, kMul };
  static Expr combine(const Expr& a, const Expr& b,
                      std::uint32_t (ExprArena::*op)(std::uint32_t, std::uint32_t), Op kind) {
    ExprArena* arena = a.arena_ != nullptr ? a.arena_ : b.arena_;
    if (arena == nullptr) {
      switch (kind) {
        case Op::kAdd:
          return Expr(a.constant_ + b.constant_);
        case Op::kSub:
          return Expr(a.constant_ - b.constant_);
        case Op::kMul:
          return Expr(a.constant_ * b.constant_);
      }
    }
    return Expr(arena, (arena->*op)(a.id_in(*arena), b.id_in(*arena)));
  }

  ExprArena* arena_ = nullptr;
  std::uint32_t id_ = 0;
  BabyBear constant_;
};

}  // namespace neo::zkvm::air
