// The AIR builder, setup checks and the constraint system's canonical digest.
#include "neo/zkvm/air/builder.hpp"

#include <algorithm>

#include "neo/zkvm/air/analysis.hpp"
#include "neo/zkvm/air/logup.hpp"

namespace neo::zkvm::air {

std::string_view error_name(AirError error) noexcept {
  switch (error) {
    case AirError::kOk:
      return "ok";
    case AirError::kConstraintDegreeTooHigh:
      return "constraint degree above 3";
    case AirError::kInteractionDegreeTooHigh:
      return "interaction field or multiplicity of degree above 1";
    case AirError::kInteractionWithoutFields:
      return "interaction without fields";
    case AirError::kColumnOutOfRange:
      return "column index out of range";
    case AirError::kPublicValueOutOfRange:
      return "public value index out of range";
    case AirError::kNoMainColumns:
      return "chip without main columns";
    case AirError::kMixedArenas:
      return "expression from another chip's builder";
    case AirError::kBusArity:
      return "bus used with two tuple lengths";
    case AirError::kUnboundedMultiplicity:
      return "interaction multiplicity without a bound (not a table lookup)";
    case AirError::kRangeContract:
      return "bus field whose range this chip must prove is not proven";
  }
  return "unknown";
}

void ConditionalBuilder::assert_zero(const Expr& x, std::string_view label) {
  builder_->assert_zero(condition_ * x, label);
}

AirBuilder::AirBuilder(std::string_view chip_name, std::size_t preprocessed_width, std::size_t main_width,
                       std::size_t num_public_values)
    : chip_name_(chip_name),
      preprocessed_width_(preprocessed_width),
      main_width_(main_width),
      num_public_values_(num_public_values) {
  error_.chip = chip_name;
  if (main_width == 0) error_.code = AirError::kNoMainColumns;
}

void AirBuilder::fail(AirError code, bool in_interaction, std::size_t index, std::string_view label,
                      unsigned degree) {
  if (error_.code != AirError::kOk) return;  // keep the first error: later ones are often its consequences
  error_.code = code;
  error_.in_interaction = in_interaction;
  error_.index = static_cast<std::uint32_t>(index);
  error_.label = label;
  error_.degree = degree;
}

Expr AirBuilder::column(NodeKind kind, std::size_t index, std::size_t width) {
  if (index >= width) {
    fail(AirError::kColumnOutOfRange, false, constraints_.size(), {}, 0);
    return Expr(0);
  }
  return Expr(&arena_, arena_.leaf(kind, static_cast<std::uint32_t>(index)));
}

Expr AirBuilder::main(std::size_t c) { return column(NodeKind::kMainLocal, c, main_width_); }
Expr AirBuilder::main_next(std::size_t c) { return column(NodeKind::kMainNext, c, main_width_); }
Expr AirBuilder::preprocessed(std::size_t c) {
  return column(NodeKind::kPreprocessedLocal, c, preprocessed_width_);
}
Expr AirBuilder::preprocessed_next(std::size_t c) {
  return column(NodeKind::kPreprocessedNext, c, preprocessed_width_);
}

std::vector<Expr> AirBuilder::main_local() {
  std::vector<Expr> row;
  for (std::size_t c = 0; c < main_width_; ++c) row.push_back(main(c));
  return row;
}
std::vector<Expr> AirBuilder::main_next() {
  std::vector<Expr> row;
  for (std::size_t c = 0; c < main_width_; ++c) row.push_back(main_next(c));
  return row;
}
std::vector<Expr> AirBuilder::preprocessed_local() {
  std::vector<Expr> row;
  for (std::size_t c = 0; c < preprocessed_width_; ++c) row.push_back(preprocessed(c));
  return row;
}
std::vector<Expr> AirBuilder::preprocessed_next() {
  std::vector<Expr> row;
  for (std::size_t c = 0; c < preprocessed_width_; ++c) row.push_back(preprocessed_next(c));
  return row;
}

Expr AirBuilder::public_value(std::size_t index) {
  if (index >= num_public_values_) {
    fail(AirError::kPublicValueOutOfRange, false, constraints_.size(), {}, 0);
    return Expr(0);
  }
  return Expr(&arena_, arena_.leaf(NodeKind::kPublic, static_cast<std::uint32_t>(index)));
}

Expr AirBuilder::is_first_row() { return Expr(&arena_, arena_.leaf(NodeKind::kIsFirstRow, 0)); }
Expr AirBuilder::is_last_row() { return Expr(&arena_, arena_.leaf(NodeKind::kIsLastRow, 0)); }
Expr AirBuilder::is_transition() { return Expr(&arena_, arena_.leaf(NodeKind::kIsTransition, 0)); }

std::uint32_t AirBuilder::node_of(const Expr& x, bool in_interaction, std::size_t index,
                                  std::string_view label) {
  if (x.arena() != nullptr && x.arena() != &arena_) {
    fail(AirError::kMixedArenas, in_interaction, index, label, 0);
    return arena_.constant(BabyBear::zero());
  }
  return x.id_in(arena_);
}

void AirBuilder::assert_zero(const Expr& x, std::string_view label) {
  const std::size_t index = constraints_.size();
  const std::uint32_t root = node_of(x, false, index, label);
  const unsigned degree = arena_.node(root).degree;
  if (degree > kMaxConstraintDegree) fail(AirError::kConstraintDegreeTooHigh, false, index, label, degree);
  constraints_.push_back(Constraint{root, label});
}

void AirBuilder::interact(std::uint32_t bus, bool is_send, std::span<const Expr> fields,
                          const Expr& multiplicity, std::string_view label) {
  const std::size_t index = interactions_.size();
  Interaction interaction;
  interaction.bus = bus;
  interaction.is_send = is_send;
  interaction.label = label;
  if (fields.empty()) fail(AirError::kInteractionWithoutFields, true, index, label, 0);
  for (const Expr& f : fields) {
    const std::uint32_t id = node_of(f, true, index, label);
    const unsigned degree = arena_.node(id).degree;
    if (degree > kMaxInteractionDegree) fail(AirError::kInteractionDegreeTooHigh, true, index, label, degree);
    interaction.fields.push_back(id);
  }
  interaction.multiplicity = node_of(multiplicity, true, index, label);
  const unsigned m_degree = arena_.node(interaction.multiplicity).degree;
  if (m_degree > kMaxInteractionDegree)
    fail(AirError::kInteractionDegreeTooHigh, true, index, label, m_degree);
  interactions_.push_back(std::move(interaction));
}

void AirBuilder::send(std::uint32_t bus, std::span<const Expr> fields, const Expr& multiplicity,
                      std::string_view label) {
  interact(bus, true, fields, multiplicity, label);
}
void AirBuilder::receive(std::uint32_t bus, std::span<const Expr> fields, const Expr& multiplicity,
                         std::string_view label) {
  interact(bus, false, fields, multiplicity, label);
}

struct BuilderAccess {
  static BuildResult take(AirBuilder& b, std::string_view name, std::size_t pre, std::size_t main,
                          std::size_t pub) {
    BuildResult result;
    result.error = b.error_;
    result.system.name = name;
    result.system.preprocessed_width = static_cast<std::uint32_t>(pre);
    result.system.main_width = static_cast<std::uint32_t>(main);
    result.system.num_public_values = static_cast<std::uint32_t>(pub);
    result.system.nodes = b.arena_.nodes();
    result.system.constraints = std::move(b.constraints_);
    result.system.interactions = std::move(b.interactions_);
    return result;
  }
};

namespace detail {
BuildResult finish_build(AirBuilder& builder, std::string_view name, std::size_t preprocessed_width,
                         std::size_t main_width, std::size_t num_public_values) {
  BuildResult result = BuilderAccess::take(builder, name, preprocessed_width, main_width, num_public_values);
  if (!result.ok()) return result;
  // LogUp is sound only if no tuple's net count can reach p: every interaction's multiplicity is bounded,
  // unless its tuple is fixed by the key (a table).
  auto bounds = multiplicity_bounds(result.system);
  if (!bounds.has_value()) {
    const Analysis analysis(result.system);
    for (std::size_t i = 0; i < result.system.interactions.size(); ++i) {
      const Interaction& in = result.system.interactions[i];
      if (analysis.is_table_interaction(in)) continue;
      const auto b = analysis.multiplicity_bound(in.multiplicity);
      if (!b.has_value() || *b > kMaxMultiplicityBound) {
        result.error.code = AirError::kUnboundedMultiplicity;
        result.error.chip = name;
        result.error.in_interaction = true;
        result.error.index = static_cast<std::uint32_t>(i);
        result.error.label = in.label;
        break;
      }
    }
    return result;
  }
  result.system.multiplicity_bounds = std::move(*bounds);
  return result;
}
}  // namespace detail

std::size_t ConstraintSystem::num_batches() const noexcept {
  return (interactions.size() + kInteractionsPerBatch - 1) / kInteractionsPerBatch;
}

unsigned ConstraintSystem::max_degree() const noexcept {
  unsigned degree = 0;
  for (const Constraint& c : constraints) degree = std::max<unsigned>(degree, nodes[c.root].degree);
  if (!interactions.empty()) {
    // A batch of two: h * d0 * d1 (degree 3); of one: h * d0 (degree 2); the running sum: degree 2.
    degree = std::max<unsigned>(degree, interactions.size() >= 2 ? 3 : 2);
  }
  return degree;
}

namespace {
void push_u32(std::vector<BabyBear>& out, std::uint32_t v) {
  // Two 16-bit limbs: injective for every u32, no reduction mod p.
  out.push_back(BabyBear::from_canonical(v & 0xffffu));
  out.push_back(BabyBear::from_canonical(v >> 16));
}
}  // namespace

hash::Poseidon2BabyBear16::Digest ConstraintSystem::digest() const noexcept {
  std::vector<BabyBear> enc;
  enc.reserve(16 + name.size() + nodes.size() * 8);
  push_u32(enc, 1);  // version of this encoding
  push_u32(enc, static_cast<std::uint32_t>(name.size()));
  for (const char ch : name) enc.push_back(BabyBear::from_canonical(static_cast<unsigned char>(ch)));
  push_u32(enc, preprocessed_width);
  push_u32(enc, main_width);
  push_u32(enc, num_public_values);
  push_u32(enc, static_cast<std::uint32_t>(nodes.size()));
  for (const Node& n : nodes) {
    push_u32(enc, static_cast<std::uint32_t>(n.kind));
    push_u32(enc, n.a);
    push_u32(enc, n.b);
    enc.push_back(n.constant);
  }
  push_u32(enc, static_cast<std::uint32_t>(constraints.size()));
  for (const Constraint& c : constraints) push_u32(enc, c.root);
  push_u32(enc, static_cast<std::uint32_t>(interactions.size()));
  for (const Interaction& in : interactions) {
    push_u32(enc, in.bus);
    push_u32(enc, in.is_send ? 1 : 0);
    push_u32(enc, static_cast<std::uint32_t>(in.fields.size()));
    for (const std::uint32_t f : in.fields) push_u32(enc, f);
    push_u32(enc, in.multiplicity);
  }
  return hash::Poseidon2BabyBear16::hash(enc);
}

std::size_t max_interaction_fields(std::span<const ConstraintSystem> systems) noexcept {
  std::size_t widest = 0;
  for (const ConstraintSystem& s : systems)
    for (const Interaction& in : s.interactions) widest = std::max(widest, in.fields.size());
  return widest;
}

bool check_buses(std::span<const ConstraintSystem> systems, std::uint32_t& bus) noexcept {
  // Quadratic in the number of interactions, which is small (tens), and needs no map (portable code).
  std::vector<std::pair<std::uint32_t, std::size_t>> arity;
  for (const ConstraintSystem& s : systems) {
    for (const Interaction& in : s.interactions) {
      bool found = false;
      for (const auto& [b, n] : arity) {
        if (b != in.bus) continue;
        found = true;
        if (n != in.fields.size()) {
          bus = in.bus;
          return false;
        }
      }
      if (!found) arity.emplace_back(in.bus, in.fields.size());
    }
  }
  return true;
}

}  // namespace neo::zkvm::air
