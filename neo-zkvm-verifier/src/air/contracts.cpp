// The range-contract check (contracts.hpp).
#include "neo/zkvm/air/contracts.hpp"

#include <algorithm>

#include "neo/zkvm/air/analysis.hpp"

namespace neo::zkvm::air {

std::string_view range_name(FieldRange range) noexcept {
  switch (range) {
    case FieldRange::kAny:
      return "any";
    case FieldRange::kBool:
      return "boolean";
    case FieldRange::kByte:
      return "byte";
    case FieldRange::kU16:
      return "16-bit";
  }
  return "unknown";
}

const std::vector<FieldContract>& BusContract::fields_for(std::optional<std::uint32_t> op) const noexcept {
  if (op.has_value()) {
    for (const ByOp& r : by_op) {
      if (r.op == *op) return r.fields;
    }
  }
  return fields;
}

namespace {

constexpr std::uint32_t kZeroExpr = ~std::uint32_t{0};  // "the value 0" where no node holds it
constexpr std::uint32_t kAlways = ~std::uint32_t{0};    // an unconditional fact
constexpr unsigned kMaxDepth = 4;                       // copies followed from one column to the next
constexpr std::size_t kMaxVariables = 20;

bool constant_in_range(BabyBear v, FieldRange r) {
  const std::uint32_t x = v.to_canonical();
  switch (r) {
    case FieldRange::kAny:
      return true;
    case FieldRange::kBool:
      return x <= 1;
    case FieldRange::kByte:
      return x < 256;
    case FieldRange::kU16:
      return x < 65536;
  }
  return false;
}

// A column's range under a condition: a field of an interaction whose other side proves it.
struct Fact {
  FieldRange range;
  std::uint32_t cond;  // node, or kAlways
};
// x = expr whenever cond != 0.
struct Copy {
  std::uint32_t expr;  // node, or kZeroExpr
  std::uint32_t cond;  // node, or kAlways
};

// c + sum coeff_i * column_i, or not affine (ok = false).
struct Affine {
  BabyBear constant;
  std::vector<std::pair<std::uint32_t, BabyBear>> terms;
  bool ok = true;
};

Affine scaled(Affine a, BabyBear k) {
  a.constant *= k;
  for (auto& t : a.terms) t.second *= k;
  std::erase_if(a.terms, [](const auto& t) { return t.second.is_zero(); });
  return a;
}

Affine combined(const Affine& a, const Affine& b, bool subtract) {
  Affine out = a;
  out.ok = a.ok && b.ok;
  out.constant = subtract ? a.constant - b.constant : a.constant + b.constant;
  for (const auto& [col, k] : b.terms) {
    const BabyBear kk = subtract ? -k : k;
    auto it = std::find_if(out.terms.begin(), out.terms.end(), [&](const auto& t) { return t.first == col; });
    if (it == out.terms.end()) {
      out.terms.emplace_back(col, kk);
    } else {
      it->second += kk;
    }
  }
  std::erase_if(out.terms, [](const auto& t) { return t.second.is_zero(); });
  return out;
}

class ChipRanges {
 public:
  ChipRanges(const ConstraintSystem& cs, std::span<const BusContract> contracts)
      : cs_(cs),
        analysis_(cs),
        facts_(cs.main_width),
        copies_(cs.main_width),
        leaf_(cs.main_width, -1),
        memo_(cs.nodes.size()),
        memo_ok_(cs.nodes.size()),
        memo_stamp_(cs.nodes.size(), 0) {
    for (std::uint32_t id = 0; id < cs.nodes.size(); ++id) {
      if (cs.nodes[id].kind == NodeKind::kMainLocal) leaf_[cs.nodes[id].a] = id;
    }
    gather_facts(contracts);
    gather_copies();
    for (std::size_t i = 0; i < cs.constraints.size(); ++i) {
      std::vector<std::uint32_t> cols;
      if (!analysis_.local_columns(cs.constraints[i].root, cols)) continue;
      if (std::all_of(cols.begin(), cols.end(), [&](std::uint32_t c) { return is_bool_column(c); }))
        filters_.push_back({cs.constraints[i].root, std::move(cols)});
    }
  }

  // Values of the enumerated boolean columns: bit i of `bits` for column vars[i].
  struct Assignment {
    const std::vector<std::int64_t>& var_index;
    std::uint32_t bits;
  };

  // `field` in `range` on every row where `multiplicity` != 0.
  bool proves(std::uint32_t field, FieldRange range, std::uint32_t multiplicity) const {
    if (range == FieldRange::kAny) return true;
    const Node& n = cs_.nodes[field];
    if (n.kind == NodeKind::kConstant) return constant_in_range(n.constant, range);
    if (analysis_.preprocessed_only(field)) return true;
    if (analysis_.is_boolean(field) && range_within(FieldRange::kBool, range)) return true;

    // Iterative deepening: most fields are proven by a fact of their own column, and following copies
    // brings in more booleans to enumerate.
    for (unsigned depth = 0; depth <= kMaxDepth; ++depth) {
      const Attempt attempt = proves_within(field, range, multiplicity, depth);
      if (attempt == Attempt::kProven) return true;
      if (attempt == Attempt::kTooLarge) return false;
    }
    return false;
  }

 private:
  enum class Attempt { kProven, kNotProven, kTooLarge };

  Attempt proves_within(std::uint32_t field, FieldRange range, std::uint32_t multiplicity,
                        unsigned depth) const {
    max_depth_ = depth;
    std::vector<std::uint32_t> vars;
    std::vector<bool> visited(cs_.main_width);
    collect(multiplicity, 0, vars, visited);
    collect(field, 0, vars, visited);
    std::sort(vars.begin(), vars.end());
    vars.erase(std::unique(vars.begin(), vars.end()), vars.end());
    if (vars.size() > kMaxVariables) return Attempt::kTooLarge;
    std::vector<std::int64_t> var_index(cs_.main_width, -1);
    for (std::size_t i = 0; i < vars.size(); ++i) var_index[vars[i]] = static_cast<std::int64_t>(i);
    // The constraints over these booleans alone, each checked as soon as its last variable is assigned:
    // a depth-first enumeration that prunes (a one-hot group of k columns costs k + 1 leaves, not 2^k).
    std::vector<std::vector<std::uint32_t>> filters_at(vars.size() + 1);
    for (const auto& f : filters_) {
      if (!std::includes(vars.begin(), vars.end(), f.second.begin(), f.second.end())) continue;
      std::size_t last = 0;
      for (const std::uint32_t c : f.second) last = std::max<std::size_t>(last, var_index[c] + 1);
      filters_at[last].push_back(f.first);
    }
    Attempt result = Attempt::kProven;
    std::uint32_t bits = 0;
    const auto satisfied = [&](std::size_t level) {
      const Assignment s{var_index, bits};
      ++epoch_;
      for (const std::uint32_t f : filters_at[level]) {
        const std::optional<BabyBear> v = eval_boolean(f, s);
        if (!v.has_value() || !v->is_zero()) return false;
      }
      return true;
    };
    // Returns false to stop.
    const auto visit = [&](auto&& self, std::size_t level) -> bool {
      if (!satisfied(level)) return true;
      if (level == vars.size()) {
        const Assignment s{var_index, bits};
        const std::optional<BabyBear> m = eval_boolean(multiplicity, s);
        if (!m.has_value()) {
          result = Attempt::kTooLarge;  // not decided by the booleans: never proven
          return false;
        }
        if (m->is_zero()) return true;
        if (!in_range(eval(field, s), range, s, 0)) {
          result = Attempt::kNotProven;
          return false;
        }
        return true;
      }
      bits &= ~(1u << level);
      if (!self(self, level + 1)) return false;
      bits |= 1u << level;
      const bool go_on = self(self, level + 1);
      bits &= ~(1u << level);
      return go_on;
    };
    visit(visit, 0);
    return result;
  }

  // The value of a node that depends on the enumerated booleans only (memoised per assignment), or nothing.
  std::optional<BabyBear> eval_boolean(std::uint32_t id, const Assignment& s) const {
    if (memo_stamp_[id] == epoch_) return memo_ok_[id] ? std::optional<BabyBear>(memo_[id]) : std::nullopt;
    const Node& n = cs_.nodes[id];
    std::optional<BabyBear> v;
    switch (n.kind) {
      case NodeKind::kConstant:
        v = n.constant;
        break;
      case NodeKind::kMainLocal:
        if (s.var_index[n.a] >= 0) {
          v = ((s.bits >> s.var_index[n.a]) & 1u) ? BabyBear::one() : BabyBear::zero();
        } else if (const auto def = analysis_.definition(n.a); def.has_value()) {
          v = eval_boolean(*def, s);
        }
        break;
      case NodeKind::kAdd:
      case NodeKind::kSub:
      case NodeKind::kMul: {
        const auto a = eval_boolean(n.a, s);
        const auto b = eval_boolean(n.b, s);
        if (a && b) v = n.kind == NodeKind::kAdd ? *a + *b : n.kind == NodeKind::kSub ? *a - *b : *a * *b;
        break;
      }
      case NodeKind::kNeg:
        if (const auto a = eval_boolean(n.a, s)) v = -*a;
        break;
      default:
        break;
    }
    memo_stamp_[id] = epoch_;
    memo_ok_[id] = v.has_value();
    if (v) memo_[id] = *v;
    return v;
  }

  bool is_bool_column(std::uint32_t c) const {
    return leaf_[c] >= 0 && analysis_.is_boolean(static_cast<std::uint32_t>(leaf_[c]));
  }

  void gather_facts(std::span<const BusContract> contracts) {
    for (const Interaction& in : cs_.interactions) {
      const BusContract* contract = nullptr;
      for (const BusContract& c : contracts) {
        if (c.bus == in.bus) contract = &c;
      }
      if (contract == nullptr) continue;
      const auto& fields = contract->fields_for(op_of(in));
      if (fields.size() != in.fields.size()) continue;
      const Prover other = in.is_send ? Prover::kReceiver : Prover::kSender;
      for (std::size_t j = 0; j < fields.size(); ++j) {
        if (fields[j].range == FieldRange::kAny || fields[j].prover != other) continue;
        const Node& n = cs_.nodes[in.fields[j]];
        if (n.kind == NodeKind::kMainLocal) facts_[n.a].push_back(Fact{fields[j].range, in.multiplicity});
      }
    }
  }

  void add_copy(std::uint32_t target, std::uint32_t expr, std::uint32_t cond) {
    const Node& t = cs_.nodes[target];
    if (t.kind != NodeKind::kMainLocal || is_bool_column(t.a)) return;
    copies_[t.a].push_back(Copy{expr, cond});
  }

  void gather_copies() {
    for (const Constraint& c : cs_.constraints) {
      const Node& root = cs_.nodes[c.root];
      if (root.kind == NodeKind::kMainLocal) add_copy(c.root, kZeroExpr, kAlways);  // x = 0
      if (root.kind == NodeKind::kSub) {
        add_copy(root.a, root.b, kAlways);
        add_copy(root.b, root.a, kAlways);
      }
      if (root.kind == NodeKind::kMul) {
        for (int side = 0; side < 2; ++side) {
          const std::uint32_t cond = side == 0 ? root.a : root.b;
          const std::uint32_t body = side == 0 ? root.b : root.a;
          const Node& x = cs_.nodes[body];
          if (x.kind == NodeKind::kSub) {
            add_copy(x.a, x.b, cond);
            add_copy(x.b, x.a, cond);
          } else if (x.kind == NodeKind::kMainLocal) {
            add_copy(body, kZeroExpr, cond);  // cond * x = 0
          }
        }
      }
    }
  }

  std::optional<std::uint32_t> op_of(const Interaction& in) const {
    if (in.fields.empty()) return std::nullopt;
    const Node& n = cs_.nodes[in.fields[0]];
    if (n.kind != NodeKind::kConstant) return std::nullopt;
    return n.constant.to_canonical();
  }

  // The boolean columns that decide `node`, the facts and copies of the other columns it mentions, and so on.
  void collect(std::uint32_t node, unsigned depth, std::vector<std::uint32_t>& vars,
               std::vector<bool>& visited) const {
    if (node == kAlways || node == kZeroExpr) return;
    std::vector<std::uint32_t> cols;
    (void)analysis_.local_columns(node, cols);  // other leaves stay symbolic
    for (const std::uint32_t c : cols) {
      if (visited[c]) continue;
      visited[c] = true;
      if (is_bool_column(c)) {
        vars.push_back(c);
        // A boolean defined by others: those decide it, and its definition filters the assignments.
        if (const auto def = analysis_.definition(c); def.has_value()) collect(*def, depth, vars, visited);
        continue;
      }
      // What in_range looks at for a column at this depth: its facts' conditions, and its copies while the
      // depth allows following them.
      for (const Fact& f : facts_[c]) collect(f.cond, depth, vars, visited);
      if (depth >= max_depth_) continue;
      for (const Copy& k : copies_[c]) {
        collect(k.cond, depth, vars, visited);
        collect(k.expr, depth + 1, vars, visited);
      }
    }
  }

  Affine eval(std::uint32_t id, const Assignment& s, unsigned depth = 0) const {
    Affine out;
    if (id == kZeroExpr) return out;
    if (depth > 64) {
      out.ok = false;
      return out;
    }
    const Node& n = cs_.nodes[id];
    switch (n.kind) {
      case NodeKind::kConstant:
        out.constant = n.constant;
        return out;
      case NodeKind::kMainLocal: {
        if (s.var_index[n.a] >= 0) {
          out.constant = ((s.bits >> s.var_index[n.a]) & 1u) ? BabyBear::one() : BabyBear::zero();
          return out;
        }
        if (const auto def = analysis_.definition(n.a); def.has_value()) return eval(*def, s, depth + 1);
        out.terms.emplace_back(n.a, BabyBear::one());
        return out;
      }
      case NodeKind::kAdd:
        return combined(eval(n.a, s, depth + 1), eval(n.b, s, depth + 1), false);
      case NodeKind::kSub:
        return combined(eval(n.a, s, depth + 1), eval(n.b, s, depth + 1), true);
      case NodeKind::kNeg:
        return scaled(eval(n.a, s, depth + 1), -BabyBear::one());
      case NodeKind::kMul: {
        const Affine a = eval(n.a, s, depth + 1);
        const Affine b = eval(n.b, s, depth + 1);
        if (!a.ok || !b.ok) {
          out.ok = false;
          return out;
        }
        if (a.terms.empty()) return scaled(b, a.constant);
        if (b.terms.empty()) return scaled(a, b.constant);
        out.ok = false;
        return out;
      }
      default:
        out.ok = false;
        return out;
    }
  }

  bool holds(std::uint32_t cond, const Assignment& s) const {
    if (cond == kAlways) return true;
    if (const auto v = eval_boolean(cond, s); v.has_value()) return !v->is_zero();
    const Affine v = eval(cond, s);
    return v.ok && v.terms.empty() && !v.constant.is_zero();
  }

  bool in_range(const Affine& a, FieldRange range, const Assignment& s, unsigned depth) const {
    if (!a.ok) return false;
    if (a.terms.empty()) return constant_in_range(a.constant, range);
    if (a.terms.size() != 1 || a.terms[0].second != BabyBear::one() || !a.constant.is_zero()) return false;
    const std::uint32_t c = a.terms[0].first;
    for (const Fact& f : facts_[c]) {
      if (range_within(f.range, range) && holds(f.cond, s)) return true;
    }
    if (depth >= max_depth_) return false;
    for (const Copy& k : copies_[c]) {
      if (holds(k.cond, s) && in_range(eval(k.expr, s), range, s, depth + 1)) return true;
    }
    return false;
  }

  const ConstraintSystem& cs_;
  Analysis analysis_;
  std::vector<std::vector<Fact>> facts_;
  std::vector<std::vector<Copy>> copies_;
  std::vector<std::int64_t> leaf_;
  std::vector<std::pair<std::uint32_t, std::vector<std::uint32_t>>>
      filters_;                             // constraints over booleans only
  mutable unsigned max_depth_ = kMaxDepth;  // copies followed in this attempt
  mutable std::vector<BabyBear> memo_;      // eval_boolean's values in the current assignment
  mutable std::vector<bool> memo_ok_;
  mutable std::vector<std::uint64_t> memo_stamp_;
  mutable std::uint64_t epoch_ = 0;
};

}  // namespace

std::optional<ContractError> check_range_contracts(std::span<const ConstraintSystem> systems,
                                                   std::span<const BusContract> contracts) {
  for (const ConstraintSystem& cs : systems) {
    const ChipRanges ranges(cs, contracts);
    for (std::size_t i = 0; i < cs.interactions.size(); ++i) {
      const Interaction& in = cs.interactions[i];
      ContractError e;
      e.chip = cs.name;
      e.interaction = static_cast<std::uint32_t>(i);
      e.label = in.label;
      e.bus = in.bus;
      const BusContract* contract = nullptr;
      for (const BusContract& c : contracts) {
        if (c.bus == in.bus) contract = &c;
      }
      if (contract == nullptr) {
        e.missing_contract = true;
        return e;
      }
      std::optional<std::uint32_t> op;
      if (!in.fields.empty() && cs.nodes[in.fields[0]].kind == NodeKind::kConstant)
        op = cs.nodes[in.fields[0]].constant.to_canonical();
      const auto& fields = contract->fields_for(op);
      if (fields.size() != in.fields.size()) {
        e.arity = true;
        return e;
      }
      const Prover mine = in.is_send ? Prover::kSender : Prover::kReceiver;
      for (std::size_t j = 0; j < fields.size(); ++j) {
        if (fields[j].prover != mine || fields[j].range == FieldRange::kAny) continue;
        if (!ranges.proves(in.fields[j], fields[j].range, in.multiplicity)) {
          e.field = static_cast<std::uint32_t>(j);
          e.range = fields[j].range;
          return e;
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace neo::zkvm::air
