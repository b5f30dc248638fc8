// Static facts of a constraint system (analysis.hpp).
#include "neo/zkvm/air/analysis.hpp"

#include <algorithm>
#include <functional>
#include <iterator>

namespace neo::zkvm::air {

namespace {

constexpr std::uint64_t kSaturated = ~std::uint64_t{0};

std::uint64_t add_sat(std::uint64_t a, std::uint64_t b) { return a > kSaturated - b ? kSaturated : a + b; }
std::uint64_t mul_sat(std::uint64_t a, std::uint64_t b) {
  if (a == 0 || b == 0) return 0;
  return a > kSaturated / b ? kSaturated : a * b;
}

// Whether `node` mentions main column `column` (local row), through nothing but arithmetic.
bool mentions(const std::vector<Node>& nodes, std::uint32_t node, std::uint32_t column) {
  std::vector<std::uint32_t> stack{node};
  std::vector<bool> seen(nodes.size());
  while (!stack.empty()) {
    const std::uint32_t id = stack.back();
    stack.pop_back();
    if (seen[id]) continue;
    seen[id] = true;
    const Node& n = nodes[id];
    if (n.kind == NodeKind::kMainLocal && n.a == column) return true;
    if (n.kind == NodeKind::kAdd || n.kind == NodeKind::kSub || n.kind == NodeKind::kMul) {
      stack.push_back(n.a);
      stack.push_back(n.b);
    } else if (n.kind == NodeKind::kNeg) {
      stack.push_back(n.a);
    }
  }
  return false;
}

}  // namespace

Analysis::Analysis(const ConstraintSystem& cs)
    : cs_(&cs), boolean_(cs.nodes.size()), definition_(cs.main_width, -1) {
  const std::vector<Node>& nodes = cs.nodes;
  const auto is_one = [&](std::uint32_t id) {
    return nodes[id].kind == NodeKind::kConstant && nodes[id].constant == BabyBear::one();
  };
  for (const Constraint& c : cs.constraints) {
    const Node& root = nodes[c.root];
    // x = 0: in particular boolean.
    if (root.kind == NodeKind::kMainLocal) boolean_[c.root] = true;
    // x (x - 1): the operands are ordered by id, and x - 1 was made after x.
    if (root.kind == NodeKind::kMul) {
      const Node& second = nodes[root.b];
      if (second.kind == NodeKind::kSub && second.a == root.a && is_one(second.b)) boolean_[root.a] = true;
    }
    // d - E with d a local main column not in E (either side).
    if (root.kind == NodeKind::kSub) {
      for (int side = 0; side < 2; ++side) {
        const std::uint32_t col_node = side == 0 ? root.a : root.b;
        const std::uint32_t other = side == 0 ? root.b : root.a;
        const Node& d = nodes[col_node];
        if (d.kind != NodeKind::kMainLocal || definition_[d.a] >= 0) continue;
        if (!mentions(nodes, other, d.a)) {
          definition_[d.a] = other;
          break;
        }
      }
    }
  }
  leaf_of_column_.assign(cs.main_width, -1);
  for (std::uint32_t id = 0; id < nodes.size(); ++id) {
    if (nodes[id].kind == NodeKind::kMainLocal) leaf_of_column_[nodes[id].a] = id;
  }
  support_.resize(cs.constraints.size());
  local_only_.resize(cs.constraints.size());
  for (std::size_t i = 0; i < cs.constraints.size(); ++i) {
    local_only_[i] = local_columns(cs.constraints[i].root, support_[i]);
  }
}

std::optional<std::uint32_t> Analysis::definition(std::uint32_t column) const noexcept {
  if (column >= definition_.size() || definition_[column] < 0) return std::nullopt;
  return static_cast<std::uint32_t>(definition_[column]);
}

bool Analysis::local_columns(std::uint32_t node, std::vector<std::uint32_t>& columns) const {
  const std::vector<Node>& nodes = cs_->nodes;
  std::vector<std::uint32_t> stack{node};
  std::vector<bool> seen(nodes.size());
  std::vector<bool> column_seen(cs_->main_width);
  bool ok = true;
  while (!stack.empty()) {
    const std::uint32_t id = stack.back();
    stack.pop_back();
    if (seen[id]) continue;
    seen[id] = true;
    const Node& n = nodes[id];
    switch (n.kind) {
      case NodeKind::kConstant:
        break;
      case NodeKind::kMainLocal:
        if (const auto def = definition(n.a); def.has_value() && !boolean_[id]) {
          stack.push_back(*def);
        } else if (!column_seen[n.a]) {
          column_seen[n.a] = true;
          columns.push_back(n.a);
        }
        break;
      case NodeKind::kAdd:
      case NodeKind::kSub:
      case NodeKind::kMul:
        stack.push_back(n.a);
        stack.push_back(n.b);
        break;
      case NodeKind::kNeg:
        stack.push_back(n.a);
        break;
      default:
        ok = false;
        break;
    }
  }
  std::sort(columns.begin(), columns.end());
  return ok;
}

std::optional<std::uint64_t> Analysis::multiplicity_bound(std::uint32_t node) const {
  // Exact, when the node is a function of a few boolean columns: the largest value over the assignments that
  // satisfy the constraints over those columns (a one-hot sum is then 1, not the number of terms). A value
  // that is not a small non-negative integer (a difference that can be -1 is p - 1) has no bound.
  if (const auto exact = enumerated_bound(node); exact.has_value()) {
    if (*exact == kSaturated) return std::nullopt;
    return exact;
  }
  // Otherwise interval arithmetic over non-negative terms: booleans, small constants, sums and products.
  const std::vector<Node>& nodes = cs_->nodes;
  struct Walker {
    const Analysis& a;
    const std::vector<Node>& nodes;
    unsigned depth = 0;
    std::uint64_t of(std::uint32_t id) {
      if (a.boolean_[id]) return 1;
      const Node& n = nodes[id];
      switch (n.kind) {
        case NodeKind::kConstant: {
          const std::uint64_t v = n.constant.to_canonical();
          return v <= kMaxMultiplicityBound ? v : kSaturated;
        }
        case NodeKind::kIsFirstRow:
        case NodeKind::kIsLastRow:
        case NodeKind::kIsTransition:
          return 1;  // 0 or 1 on every row of the trace
        case NodeKind::kMainLocal: {
          const auto def = a.definition(n.a);
          if (!def.has_value() || depth > 16) return kSaturated;
          ++depth;
          const std::uint64_t b = of(*def);
          --depth;
          return b;
        }
        case NodeKind::kAdd:
          return add_sat(of(n.a), of(n.b));
        case NodeKind::kMul:
          return mul_sat(of(n.a), of(n.b));
        default:
          return kSaturated;  // a difference or a negation may be negative
      }
    }
  };
  Walker w{*this, nodes};
  const std::uint64_t b = w.of(node);
  if (b == kSaturated) return std::nullopt;
  return b;
}

bool Analysis::preprocessed_only(std::uint32_t node) const noexcept {
  const std::vector<Node>& nodes = cs_->nodes;
  std::vector<std::uint32_t> stack{node};
  while (!stack.empty()) {
    const Node& n = nodes[stack.back()];
    stack.pop_back();
    switch (n.kind) {
      case NodeKind::kConstant:
      case NodeKind::kPreprocessedLocal:
        break;
      case NodeKind::kAdd:
      case NodeKind::kSub:
      case NodeKind::kMul:
        stack.push_back(n.a);
        stack.push_back(n.b);
        break;
      case NodeKind::kNeg:
        stack.push_back(n.a);
        break;
      default:
        return false;
    }
  }
  return true;
}

bool Analysis::is_table_interaction(const Interaction& in) const noexcept {
  for (const std::uint32_t f : in.fields) {
    if (!preprocessed_only(f)) return false;
  }
  return true;
}

namespace {

// Evaluates nodes under an assignment of boolean columns (other columns through their definitions).
class AssignmentEvaluator {
 public:
  AssignmentEvaluator(const ConstraintSystem& cs, const Analysis& analysis,
                      std::span<const std::uint32_t> vars)
      : cs_(cs),
        analysis_(analysis),
        value_(cs.nodes.size()),
        stamp_(cs.nodes.size(), 0),
        var_index_(cs.main_width, -1) {
    for (std::size_t i = 0; i < vars.size(); ++i) var_index_[vars[i]] = static_cast<std::int64_t>(i);
  }
  void assign(std::uint32_t bits) {
    bits_ = bits;
    ++epoch_;
  }
  bool is_variable(std::uint32_t column) const { return var_index_[column] >= 0; }
  BabyBear of(std::uint32_t id) {
    if (stamp_[id] == epoch_) return value_[id];
    const Node& n = cs_.nodes[id];
    BabyBear v;
    switch (n.kind) {
      case NodeKind::kConstant:
        v = n.constant;
        break;
      case NodeKind::kMainLocal:
        if (var_index_[n.a] >= 0) {
          v = ((bits_ >> var_index_[n.a]) & 1u) ? BabyBear::one() : BabyBear::zero();
        } else {
          v = of(*analysis_.definition(n.a));
        }
        break;
      case NodeKind::kAdd:
        v = of(n.a) + of(n.b);
        break;
      case NodeKind::kSub:
        v = of(n.a) - of(n.b);
        break;
      case NodeKind::kMul:
        v = of(n.a) * of(n.b);
        break;
      case NodeKind::kNeg:
        v = -of(n.a);
        break;
      default:
        v = BabyBear::zero();  // unreachable: the caller checked local_columns
        break;
    }
    stamp_[id] = epoch_;
    value_[id] = v;
    return v;
  }

 private:
  const ConstraintSystem& cs_;
  const Analysis& analysis_;
  std::vector<BabyBear> value_;
  std::vector<std::uint32_t> stamp_;
  std::vector<std::int64_t> var_index_;
  std::uint32_t bits_ = 0;
  std::uint32_t epoch_ = 0;
};

constexpr std::size_t kMaxVariables = 20;

}  // namespace

bool Analysis::enumerate(
    std::span<const std::uint32_t> nodes,
    const std::function<bool(const std::function<BabyBear(std::uint32_t)>&)>& visit) const {
  std::vector<std::uint32_t> vars;
  for (const std::uint32_t n : nodes) {
    if (!local_columns(n, vars)) return false;
  }
  std::sort(vars.begin(), vars.end());
  vars.erase(std::unique(vars.begin(), vars.end()), vars.end());
  if (vars.size() > kMaxVariables) return false;
  // Every variable must be a boolean column.
  const auto is_bool_column = [&](std::uint32_t c) {
    return leaf_of_column_[c] >= 0 && boolean_[static_cast<std::size_t>(leaf_of_column_[c])];
  };
  for (const std::uint32_t v : vars) {
    if (!is_bool_column(v)) return false;
  }
  // Constraints that tie these booleans to a few others (a one-hot group's sum) bring those in, so that they
  // can filter: up to kClosureVariables in all.
  constexpr std::size_t kClosureVariables = 12;
  for (bool grew = true; grew;) {
    grew = false;
    for (std::size_t i = 0; i < cs_->constraints.size(); ++i) {
      if (!local_only_[i]) continue;
      const auto& sup = support_[i];
      if (!std::all_of(sup.begin(), sup.end(), is_bool_column)) continue;
      const bool touches = std::any_of(sup.begin(), sup.end(), [&](std::uint32_t c) {
        return std::binary_search(vars.begin(), vars.end(), c);
      });
      if (!touches || std::includes(vars.begin(), vars.end(), sup.begin(), sup.end())) continue;
      std::vector<std::uint32_t> merged;
      std::set_union(vars.begin(), vars.end(), sup.begin(), sup.end(), std::back_inserter(merged));
      if (merged.size() > kClosureVariables) continue;
      vars = std::move(merged);
      grew = true;
    }
  }
  // The constraints over these variables alone filter the assignments.
  std::vector<std::uint32_t> filters;
  for (std::size_t i = 0; i < cs_->constraints.size(); ++i) {
    if (local_only_[i] && std::includes(vars.begin(), vars.end(), support_[i].begin(), support_[i].end()))
      filters.push_back(cs_->constraints[i].root);
  }
  AssignmentEvaluator eval(*cs_, *this, vars);
  const std::function<BabyBear(std::uint32_t)> value_of = [&](std::uint32_t id) { return eval.of(id); };
  const std::uint32_t count = 1u << vars.size();
  for (std::uint32_t bits = 0; bits < count; ++bits) {
    eval.assign(bits);
    bool satisfies = true;
    for (const std::uint32_t f : filters) {
      if (!eval.of(f).is_zero()) {
        satisfies = false;
        break;
      }
    }
    if (satisfies && !visit(value_of)) break;
  }
  return true;
}

std::optional<std::uint64_t> Analysis::enumerated_bound(std::uint32_t node) const {
  std::uint64_t largest = 0;
  const std::uint32_t nodes[1] = {node};
  const bool ok = enumerate(nodes, [&](const std::function<BabyBear(std::uint32_t)>& value_of) {
    const std::uint64_t v = value_of(node).to_canonical();
    largest = v > kMaxMultiplicityBound ? kSaturated : std::max(largest, v);
    return largest != kSaturated;
  });
  if (!ok) return std::nullopt;
  return largest;
}

bool Analysis::implies(std::uint32_t m, std::span<const std::vector<std::uint32_t>> alternatives) const {
  // Structural: m itself is one alternative's only node, or an alternative is all non-zero constants.
  for (const auto& alt : alternatives) {
    bool all_nonzero_constants = true;
    for (const std::uint32_t n : alt) {
      const Node& node = cs_->nodes[n];
      if (node.kind != NodeKind::kConstant || node.constant.is_zero()) all_nonzero_constants = false;
    }
    if (all_nonzero_constants) return true;
    if (alt.size() == 1 && alt[0] == m) return true;
  }
  // Alternatives over other things than boolean columns cannot be evaluated: leaving them out can only make
  // the implication fail, never hold wrongly.
  std::vector<const std::vector<std::uint32_t>*> usable;
  std::vector<std::uint32_t> nodes{m};
  for (const auto& alt : alternatives) {
    bool ok = true;
    for (const std::uint32_t n : alt) {
      std::vector<std::uint32_t> cols;
      ok = ok && local_columns(n, cols);
      for (const std::uint32_t c : cols) {
        ok = ok && leaf_of_column_[c] >= 0 && boolean_[static_cast<std::size_t>(leaf_of_column_[c])];
      }
    }
    if (!ok) continue;
    usable.push_back(&alt);
    nodes.insert(nodes.end(), alt.begin(), alt.end());
  }
  bool holds = true;
  const bool enumerable = enumerate(nodes, [&](const std::function<BabyBear(std::uint32_t)>& value_of) {
    if (value_of(m).is_zero()) return true;
    for (const auto* alt : usable) {
      bool all = true;
      for (const std::uint32_t n : *alt) all = all && !value_of(n).is_zero();
      if (all) return true;
    }
    holds = false;
    return false;
  });
  return enumerable && holds;
}

std::optional<std::vector<std::uint32_t>> multiplicity_bounds(const ConstraintSystem& cs) {
  const Analysis analysis(cs);
  std::vector<std::uint32_t> out;
  for (const Interaction& in : cs.interactions) {
    if (analysis.is_table_interaction(in)) {
      out.push_back(kTableInteraction);
      continue;
    }
    const auto bound = analysis.multiplicity_bound(in.multiplicity);
    if (!bound.has_value() || *bound > kMaxMultiplicityBound) return std::nullopt;
    // A multiplicity that is identically 0 still counts as one (it costs nothing to over-count).
    out.push_back(static_cast<std::uint32_t>(std::max<std::uint64_t>(*bound, 1)));
  }
  return out;
}

}  // namespace neo::zkvm::air
