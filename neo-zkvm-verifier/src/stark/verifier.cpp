// The multi-table STARK verifier.
#include "neo/zkvm/stark/verifier.hpp"

#include "neo/zkvm/air/analysis.hpp"
#include "neo/zkvm/air/eval.hpp"
#include "neo/zkvm/air/logup.hpp"
#include "neo/zkvm/fri/pcs.hpp"

namespace neo::zkvm::stark {

std::string_view error_name(StarkError error) noexcept {
  switch (error) {
    case StarkError::kOk:
      return "ok";
    case StarkError::kMalformed:
      return "malformed proof encoding";
    case StarkError::kVkeyMismatch:
      return "verifying key does not match the chip set";
    case StarkError::kBusArity:
      return "a bus is used with two tuple lengths";
    case StarkError::kWrongVkey:
      return "proof made for another verifying key";
    case StarkError::kNoShards:
      return "proof without shards";
    case StarkError::kWrongChipCount:
      return "chip count differs from the chip set";
    case StarkError::kBadHeight:
      return "trace height out of range";
    case StarkError::kWrongPublicValueCount:
      return "wrong number of public values";
    case StarkError::kWrongOpenedShape:
      return "opened values do not match the chip's widths";
    case StarkError::kConstraintMismatch:
      return "constraints do not match the quotient at zeta";
    case StarkError::kBusUnbalanced:
      return "bus sums do not cancel";
    case StarkError::kOpeningRejected:
      return "opening proof rejected";
    case StarkError::kTooManyInteractions:
      return "a bus carries too many interactions (its count could wrap around p)";
  }
  return "unknown";
}

std::vector<BusLoad> bus_loads(std::span<const air::ConstraintSystem> systems,
                               std::span<const std::vector<std::uint32_t>> log_heights) {
  std::vector<BusLoad> loads;
  const auto load_of = [&](std::uint32_t bus) -> BusLoad& {
    for (BusLoad& l : loads) {
      if (l.bus == bus) return l;
    }
    loads.push_back(BusLoad{bus, 0});
    return loads.back();
  };
  constexpr std::uint64_t kSaturated = ~std::uint64_t{0};
  const auto add = [](std::uint64_t a, std::uint64_t b) { return a > kSaturated - b ? kSaturated : a + b; };
  for (const std::vector<std::uint32_t>& shard : log_heights) {
    for (std::size_t c = 0; c < systems.size() && c < shard.size(); ++c) {
      const air::ConstraintSystem& sys = systems[c];
      const bool bounded = sys.multiplicity_bounds.size() == sys.interactions.size();
      for (std::size_t i = 0; i < sys.interactions.size(); ++i) {
        BusLoad& load = load_of(sys.interactions[i].bus);
        if (!bounded) {
          load.interactions = kSaturated;
          continue;
        }
        const std::uint32_t bound = sys.multiplicity_bounds[i];
        if (bound == air::kTableInteraction) continue;
        // Heights are at most 2^27 and bounds at most 2^8: the product fits.
        const std::uint64_t rows = shard[c] >= 40 ? kSaturated : std::uint64_t{1} << shard[c];
        load.interactions = add(load.interactions, rows == kSaturated ? kSaturated : rows * bound);
      }
    }
  }
  return loads;
}

std::optional<BusLoad> overloaded_bus(std::span<const air::ConstraintSystem> systems,
                                      std::span<const std::vector<std::uint32_t>> log_heights) {
  for (const BusLoad& load : bus_loads(systems, log_heights)) {
    if (load.interactions >= BabyBear::kModulus) return load;
  }
  return std::nullopt;
}

namespace transcript {

challenger::Challenger start(const Digest& vkey_hash, std::uint32_t num_shards) noexcept {
  challenger::Challenger ch(kStarkDomainSeparator, kStarkProtocolVersion);
  ch.observe(vkey_hash);
  ch.observe_u32(num_shards);
  return ch;
}

void observe_shard_main(challenger::Challenger& ch, std::span<const std::uint32_t> log_heights,
                        std::span<const std::vector<BabyBear>> public_values,
                        const Digest& main_root) noexcept {
  for (const std::uint32_t h : log_heights) ch.observe_u32(h);
  for (const auto& values : public_values) {
    ch.observe_u32(static_cast<std::uint32_t>(values.size()));
    for (const BabyBear v : values) ch.observe(v);
  }
  ch.observe(main_root);
}

BabyBear4 sample_zeta(challenger::Challenger& ch) noexcept {
  BabyBear4 zeta = ch.sample_ext();
  while (zeta.is_base()) zeta = ch.sample_ext();
  return zeta;
}

}  // namespace transcript

namespace {

VerifyResult fail(StarkError e, std::size_t shard = 0, std::size_t chip = 0) noexcept {
  VerifyResult r;
  r.error = e;
  r.shard = static_cast<std::uint32_t>(shard);
  r.chip = static_cast<std::uint32_t>(chip);
  return r;
}

bool any_interactions(std::span<const air::ConstraintSystem> systems) noexcept {
  for (const auto& s : systems)
    if (!s.interactions.empty()) return true;
  return false;
}

// Everything about the proof's shape that the chip set and key fix, before any hashing.
VerifyResult check_shape(std::span<const air::ConstraintSystem> systems, const VerifyingKey& vkey,
                         const StarkProof& proof) noexcept {
  if (proof.shards.empty()) return fail(StarkError::kNoShards);
  const bool has_perm = any_interactions(systems);
  const unsigned max_log = merkle::kMaxLogHeight - vkey.fri.log_blowup;
  for (std::size_t s = 0; s < proof.shards.size(); ++s) {
    const ShardProof& shard = proof.shards[s];
    if (shard.chips.size() != systems.size()) return fail(StarkError::kWrongChipCount, s);
    if (shard.permutation_root.has_value() != has_perm) return fail(StarkError::kWrongOpenedShape, s);
    for (std::size_t c = 0; c < systems.size(); ++c) {
      const air::ConstraintSystem& sys = systems[c];
      const ChipProof& chip = shard.chips[c];
      if (chip.log_height < vkey.fri.log_final_poly_len || chip.log_height > max_log)
        return fail(StarkError::kBadHeight, s, c);
      if (sys.preprocessed_width != 0 && chip.log_height != vkey.chips[c].preprocessed_log_height)
        return fail(StarkError::kBadHeight, s, c);
      if (chip.public_values.size() != sys.num_public_values)
        return fail(StarkError::kWrongPublicValueCount, s, c);
      const bool interacts = !sys.interactions.empty();
      if (chip.cumulative_sum.has_value() != interacts ||
          chip.preprocessed_local.size() != sys.preprocessed_width ||
          chip.preprocessed_next.size() != sys.preprocessed_width ||
          chip.main_local.size() != sys.main_width || chip.main_next.size() != sys.main_width ||
          chip.permutation_local.size() != sys.permutation_width() ||
          chip.permutation_next.size() != sys.permutation_width() ||
          chip.quotient.size() != sys.quotient_width()) {
        return fail(StarkError::kWrongOpenedShape, s, c);
      }
    }
  }
  return VerifyResult{};
}

// sum_i gamma^i C_i(zeta) == Z_H(zeta) * Q(zeta) for one chip.
bool check_constraints(const air::ConstraintSystem& sys, const ChipProof& chip,
                       const air::LogUpChallenges& logup, const BabyBear4& gamma,
                       const BabyBear4& zeta) noexcept {
  const air::Selectors<BabyBear4> sel = air::selectors_at(zeta, chip.log_height);
  air::RowValues<BabyBear4> row;
  row.preprocessed_local = chip.preprocessed_local;
  row.preprocessed_next = chip.preprocessed_next;
  row.main_local = chip.main_local;
  row.main_next = chip.main_next;
  row.public_values = chip.public_values;
  row.is_first_row = sel.is_first_row;
  row.is_last_row = sel.is_last_row;
  row.is_transition = sel.is_transition;
  std::vector<BabyBear4> values(sys.nodes.size());
  air::evaluate_nodes<BabyBear4>(sys.nodes, row, values);

  BabyBear4 acc;
  BabyBear4 gamma_power = BabyBear4::one();
  for (const air::Constraint& c : sys.constraints) {
    acc += gamma_power * values[c.root];
    gamma_power *= gamma;
  }
  if (!sys.interactions.empty()) {
    std::vector<BabyBear4> perm_local(sys.permutation_ext_width());
    std::vector<BabyBear4> perm_next(sys.permutation_ext_width());
    air::ext_from_base_columns(chip.permutation_local, perm_local);
    air::ext_from_base_columns(chip.permutation_next, perm_next);
    air::eval_logup_constraints<BabyBear4>(
        sys, logup, [&](std::uint32_t id) { return values[id]; }, perm_local, perm_next, *chip.cumulative_sum,
        sel.is_first_row, sel.is_last_row, sel.is_transition,
        [&](const BabyBear4& c) {
          acc += gamma_power * c;
          gamma_power *= gamma;
        });
  }

  // Q(zeta) = sum over chunks j of zeta^(j n) * Q_j(zeta), each chunk's 4 base columns reassembled.
  const std::size_t chunks = std::size_t{1} << sys.log_quotient_chunks();
  std::vector<BabyBear4> chunk_values(chunks);
  air::ext_from_base_columns(chip.quotient, chunk_values);
  const BabyBear4 zeta_n = zeta.pow(std::uint64_t{1} << chip.log_height);
  BabyBear4 quotient;
  BabyBear4 shift = BabyBear4::one();
  for (std::size_t j = 0; j < chunks; ++j) {
    quotient += shift * chunk_values[j];
    shift *= zeta_n;
  }
  return acc == sel.vanishing * quotient;
}

}  // namespace

VerifyResult verify(std::span<const air::ConstraintSystem> systems, const VerifyingKey& vkey,
                    const StarkProof& proof) noexcept {
  if (!vkey_matches(vkey, systems)) return fail(StarkError::kVkeyMismatch);
  std::uint32_t bad_bus = 0;
  if (!air::check_buses(systems, bad_bus)) return fail(StarkError::kBusArity);
  const Digest vkey_hash = vkey.hash();
  if (proof.vkey_hash != vkey_hash) return fail(StarkError::kWrongVkey);
  if (const VerifyResult shape = check_shape(systems, vkey, proof); !shape.ok()) return shape;

  // LogUp's multiplicity condition, from the heights alone.
  {
    std::vector<std::vector<std::uint32_t>> log_heights;
    for (const ShardProof& shard : proof.shards) {
      std::vector<std::uint32_t>& h = log_heights.emplace_back();
      for (const ChipProof& chip : shard.chips) h.push_back(chip.log_height);
    }
    if (const auto load = overloaded_bus(systems, log_heights); load.has_value()) {
      VerifyResult r = fail(StarkError::kTooManyInteractions);
      r.bus = load->bus;
      return r;
    }
  }

  // The bus sums over all chips of all shards, before any hashing.
  BabyBear4 total;
  for (const ShardProof& shard : proof.shards)
    for (const ChipProof& chip : shard.chips)
      if (chip.cumulative_sum) total += *chip.cumulative_sum;
  if (!total.is_zero()) return fail(StarkError::kBusUnbalanced);

  // Phase 1: all shards' heights, public values and main commitments, then the LogUp challenges.
  challenger::Challenger ch = transcript::start(vkey_hash, static_cast<std::uint32_t>(proof.shards.size()));
  std::vector<std::uint32_t> heights(systems.size());
  std::vector<std::vector<BabyBear>> publics(systems.size());
  for (const ShardProof& shard : proof.shards) {
    for (std::size_t c = 0; c < systems.size(); ++c) {
      heights[c] = shard.chips[c].log_height;
      publics[c] = shard.chips[c].public_values;
    }
    transcript::observe_shard_main(ch, heights, publics, shard.main_root);
  }
  const BabyBear4 alpha = ch.sample_ext();
  const BabyBear4 beta = ch.sample_ext();
  const air::LogUpChallenges logup =
      air::LogUpChallenges::make(alpha, beta, air::max_interaction_fields(systems));

  const unsigned blowup = vkey.fri.log_blowup;
  for (std::size_t s = 0; s < proof.shards.size(); ++s) {
    const ShardProof& shard = proof.shards[s];
    challenger::Challenger fork = ch;
    fork.observe_u32(static_cast<std::uint32_t>(s));
    if (shard.permutation_root) fork.observe(*shard.permutation_root);
    for (const ChipProof& chip : shard.chips)
      if (chip.cumulative_sum) fork.observe(*chip.cumulative_sum);
    const BabyBear4 gamma = fork.sample_ext();
    fork.observe(shard.quotient_root);
    const BabyBear4 zeta = transcript::sample_zeta(fork);

    for (std::size_t c = 0; c < systems.size(); ++c) {
      if (!check_constraints(systems[c], shard.chips[c], logup, gamma, zeta))
        return fail(StarkError::kConstraintMismatch, s, c);
    }

    // The DEEP opening: [preprocessed], main, [permutation], quotient.
    std::vector<fri::PcsClaim> claims;
    claims.reserve(4);  // add_claim hands out pointers into it
    const auto add_claim = [&](const Digest& root) {
      claims.emplace_back();
      claims.back().batch.root = root;
      return &claims.back();
    };
    const auto two_points = [&](std::uint32_t log_height) {
      return std::vector<BabyBear4>{zeta, zeta * BabyBear::two_adic_generator(log_height)};
    };
    if (vkey.has_preprocessed()) {
      fri::PcsClaim* claim = add_claim(vkey.preprocessed_root);
      for (std::size_t c = 0; c < systems.size(); ++c) {
        if (systems[c].preprocessed_width == 0) continue;
        const ChipProof& chip = shard.chips[c];
        claim->batch.dims.push_back(
            {std::uint32_t{1} << (chip.log_height + blowup), systems[c].preprocessed_width});
        claim->points.push_back(two_points(chip.log_height));
        claim->values.push_back({chip.preprocessed_local, chip.preprocessed_next});
      }
    }
    {
      fri::PcsClaim* claim = add_claim(shard.main_root);
      for (std::size_t c = 0; c < systems.size(); ++c) {
        const ChipProof& chip = shard.chips[c];
        claim->batch.dims.push_back({std::uint32_t{1} << (chip.log_height + blowup), systems[c].main_width});
        claim->points.push_back(two_points(chip.log_height));
        claim->values.push_back({chip.main_local, chip.main_next});
      }
    }
    if (shard.permutation_root) {
      fri::PcsClaim* claim = add_claim(*shard.permutation_root);
      for (std::size_t c = 0; c < systems.size(); ++c) {
        if (systems[c].interactions.empty()) continue;
        const ChipProof& chip = shard.chips[c];
        claim->batch.dims.push_back({std::uint32_t{1} << (chip.log_height + blowup),
                                     static_cast<std::uint32_t>(systems[c].permutation_width())});
        claim->points.push_back(two_points(chip.log_height));
        claim->values.push_back({chip.permutation_local, chip.permutation_next});
      }
    }
    {
      fri::PcsClaim* claim = add_claim(shard.quotient_root);
      for (std::size_t c = 0; c < systems.size(); ++c) {
        const ChipProof& chip = shard.chips[c];
        claim->batch.dims.push_back({std::uint32_t{1} << (chip.log_height + blowup),
                                     static_cast<std::uint32_t>(systems[c].quotient_width())});
        claim->points.push_back({zeta});
        claim->values.push_back({chip.quotient});
      }
    }
    const fri::FriError e = fri::verify_pcs(vkey.fri, claims, shard.opening, fork);
    if (e != fri::FriError::kOk) {
      VerifyResult r = fail(StarkError::kOpeningRejected, s);
      r.fri_error = e;
      return r;
    }
  }
  return VerifyResult{};
}

VerifyResult verify_bytes(std::span<const air::ConstraintSystem> systems, const VerifyingKey& vkey,
                          std::span<const std::uint8_t> bytes) noexcept {
  const DecodedProof decoded = decode_stark_proof(bytes);
  if (!decoded.proof) {
    VerifyResult r = fail(StarkError::kMalformed);
    r.decode_error = decoded.error;
    return r;
  }
  return verify(systems, vkey, *decoded.proof);
}

}  // namespace neo::zkvm::stark
