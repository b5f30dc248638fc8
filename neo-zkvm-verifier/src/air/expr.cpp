// Hash-consed expression arena.
#include "neo/zkvm/air/expr.hpp"

#include <algorithm>

namespace neo::zkvm::air {
namespace {

std::uint32_t node_hash(const Node& n) noexcept {
  std::uint32_t h = static_cast<std::uint32_t>(n.kind) * 0x9e3779b1u;
  h = (h ^ n.a) * 0x85ebca6bu;
  h = (h ^ n.b) * 0xc2b2ae35u;
  h = (h ^ n.constant.monty()) * 0x27d4eb2fu;
  return h ^ (h >> 15);
}

}  // namespace

std::uint32_t ExprArena::intern(const Node& node) {
  if (table_.size() < 2 * (nodes_.size() + 1)) {
    // Grow and rehash: keep the load factor at most 1/2 so probes stay short.
    // A power of two, so that `& mask` is the modulus and linear probing visits every slot.
    std::size_t size = 64;
    while (size < 4 * (nodes_.size() + 1)) size *= 2;
    std::vector<std::uint32_t> bigger(size, 0);
    const std::size_t mask = bigger.size() - 1;
    for (std::uint32_t id = 0; id < nodes_.size(); ++id) {
      std::size_t slot = node_hash(nodes_[id]) & mask;
      while (bigger[slot] != 0) slot = (slot + 1) & mask;
      bigger[slot] = id + 1;
    }
    table_ = std::move(bigger);
  }
  const std::size_t mask = table_.size() - 1;
  std::size_t slot = node_hash(node) & mask;
  while (table_[slot] != 0) {
    const std::uint32_t id = table_[slot] - 1;
    if (nodes_[id] == node) return id;
    slot = (slot + 1) & mask;
  }
  const auto id = static_cast<std::uint32_t>(nodes_.size());
  nodes_.push_back(node);
  table_[slot] = id + 1;
  return id;
}

std::uint32_t ExprArena::constant(BabyBear value) {
  Node n;
  n.kind = NodeKind::kConstant;
  n.constant = value;
  return intern(n);
}

std::uint32_t ExprArena::leaf(NodeKind kind, std::uint32_t index) {
  Node n;
  n.kind = kind;
  n.a = index;
  n.degree = kind == NodeKind::kPublic || kind == NodeKind::kConstant ? 0 : 1;
  return intern(n);
}

std::uint32_t ExprArena::add(std::uint32_t a, std::uint32_t b) {
  if (nodes_[a].kind == NodeKind::kConstant && nodes_[b].kind == NodeKind::kConstant)
    return constant(nodes_[a].constant + nodes_[b].constant);
  if (is_constant(a, BabyBear::zero())) return b;
  if (is_constant(b, BabyBear::zero())) return a;
  // Addition commutes: order the operands so a + b and b + a share one node.
  if (a > b) std::swap(a, b);
  Node n;
  n.kind = NodeKind::kAdd;
  n.a = a;
  n.b = b;
  n.degree = std::max(nodes_[a].degree, nodes_[b].degree);
  return intern(n);
}

std::uint32_t ExprArena::sub(std::uint32_t a, std::uint32_t b) {
  if (nodes_[a].kind == NodeKind::kConstant && nodes_[b].kind == NodeKind::kConstant)
    return constant(nodes_[a].constant - nodes_[b].constant);
  if (is_constant(b, BabyBear::zero())) return a;
  if (is_constant(a, BabyBear::zero())) return neg(b);
  Node n;
  n.kind = NodeKind::kSub;
  n.a = a;
  n.b = b;
  n.degree = std::max(nodes_[a].degree, nodes_[b].degree);
  return intern(n);
}

std::uint32_t ExprArena::mul(std::uint32_t a, std::uint32_t b) {
  if (nodes_[a].kind == NodeKind::kConstant && nodes_[b].kind == NodeKind::kConstant)
    return constant(nodes_[a].constant * nodes_[b].constant);
  if (is_constant(a, BabyBear::zero()) || is_constant(b, BabyBear::zero())) return constant(BabyBear::zero());
  if (is_constant(a, BabyBear::one())) return b;
  if (is_constant(b, BabyBear::one())) return a;
  if (a > b) std::swap(a, b);
  Node n;
  n.kind = NodeKind::kMul;
  n.a = a;
  n.b = b;
  // Saturate: a degree above 255 is as rejected as one of 4.
  const unsigned degree = unsigned{nodes_[a].degree} + nodes_[b].degree;
  n.degree = static_cast<std::uint8_t>(std::min(degree, 255u));
  return intern(n);
}

std::uint32_t ExprArena::neg(std::uint32_t a) {
  if (nodes_[a].kind == NodeKind::kConstant) return constant(-nodes_[a].constant);
  if (nodes_[a].kind == NodeKind::kNeg) return nodes_[a].a;
  Node n;
  n.kind = NodeKind::kNeg;
  n.a = a;
  n.degree = nodes_[a].degree;
  return intern(n);
}

}  // namespace neo::zkvm::air
