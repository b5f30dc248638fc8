// LogUp: the bus argument shared by every chip (design notes section 3).
//
// With challenges alpha, beta in BabyBear4, an interaction (bus, fields f_0..f_{k-1}, multiplicity m) of a
// row contributes
//     +m / (alpha - fingerprint)  (send)      or      -m / (alpha - fingerprint)  (receive),
//     fingerprint = bus + sum_j beta^(j+1) f_j.
// (The fields start at beta^1, not beta^0, so that the bus id and the first field cannot trade values. A bus
// must carry tuples of one length: air::check_buses rejects a chip set that uses one bus with two arities,
// since (x) and (x, 0) would share a fingerprint.)
//
// Trace layout per chip (the permutation trace, in BabyBear4, 4 base columns c0..c3 per extension column):
//   h_b, b = 0..B-1: the sum of the terms of batch b (interactions 2b and 2b+1) on this row;
//   S:              the running sum, S(row i) = sum over rows r <= i of sum_b h_b(r).
// Constraints, in this order (appended after the chip's own):
//   batch b with two interactions:  h_b d_0 d_1 - (s_0 m_0 d_1 + s_1 m_1 d_0) = 0   (degree 3)
//   batch b with one interaction:   h_b d_0 - s_0 m_0 = 0                           (degree 2)
//      where d_i = alpha - fingerprint_i and s_i = +1 for a send, -1 for a receive;
//   is_first_row (S - sum_b h_b) = 0;
//   is_transition (S_next - S - sum_b h_b_next) = 0;
//   is_last_row (S - cumulative_sum) = 0.
// The cumulative sum of every chip (of every shard) is sent in the proof and observed; the verifier checks
// that their total is zero. Padding rows contribute nothing when their multiplicities are 0 (the chip's
// job: see builder.hpp).
//
// Portable (verifier).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "neo/zkvm/air/builder.hpp"
#include "neo/zkvm/field/extension.hpp"

namespace neo::zkvm::air {

using field::BabyBear4;

inline constexpr std::size_t kInteractionsPerBatch = 2;

struct LogUpChallenges {
  BabyBear4 alpha;
  std::vector<BabyBear4> beta_powers;  // beta^1, beta^2, ..., one per field of the widest interaction

  static LogUpChallenges make(const BabyBear4& alpha, const BabyBear4& beta, std::size_t max_fields) {
    LogUpChallenges c;
    c.alpha = alpha;
    BabyBear4 power = beta;
    for (std::size_t j = 0; j < max_fields; ++j) {
      c.beta_powers.push_back(power);
      power *= beta;
    }
    return c;
  }
};

// The widest interaction of a chip set.
std::size_t max_interaction_fields(std::span<const ConstraintSystem> systems) noexcept;

// alpha - (bus + sum_j beta^(j+1) f_j), for field values of type T (BabyBear or BabyBear4), given by
// `value(node id)`.
template <typename T, typename ValueOf>
BabyBear4 logup_denominator(const LogUpChallenges& ch, const Interaction& interaction,
                            ValueOf&& value) noexcept {
  BabyBear4 fingerprint(BabyBear::from_u32(interaction.bus));
  for (std::size_t j = 0; j < interaction.fields.size(); ++j) {
    const T f = value(interaction.fields[j]);
    fingerprint += ch.beta_powers[j] * f;
  }
  return ch.alpha - fingerprint;
}

// Emits the LogUp constraints of a chip at one point, in the order above. value(id) gives the chip's node
// values (type T) at the point; perm_local / perm_next are the permutation trace's extension columns
// (h_0..h_{B-1}, S) on the local and next rows.
template <typename T, typename ValueOf, typename Emit>
void eval_logup_constraints(const ConstraintSystem& system, const LogUpChallenges& ch, ValueOf&& value,
                            std::span<const BabyBear4> perm_local, std::span<const BabyBear4> perm_next,
                            const BabyBear4& cumulative_sum, const T& is_first_row, const T& is_last_row,
                            const T& is_transition, Emit&& emit) noexcept {
  const std::size_t batches = system.num_batches();
  BabyBear4 sum_local;
  BabyBear4 sum_next;
  for (std::size_t b = 0; b < batches; ++b) {
    const std::size_t first = b * kInteractionsPerBatch;
    const std::size_t count = system.interactions.size() - first < kInteractionsPerBatch
                                  ? system.interactions.size() - first
                                  : kInteractionsPerBatch;
    const auto signed_multiplicity = [&](const Interaction& in) {
      const BabyBear4 m(value(in.multiplicity));
      return in.is_send ? m : -m;
    };
    const Interaction& i0 = system.interactions[first];
    const BabyBear4 d0 = logup_denominator<T>(ch, i0, value);
    if (count == 1) {
      emit(perm_local[b] * d0 - signed_multiplicity(i0));
    } else {
      const Interaction& i1 = system.interactions[first + 1];
      const BabyBear4 d1 = logup_denominator<T>(ch, i1, value);
      emit(perm_local[b] * d0 * d1 - (signed_multiplicity(i0) * d1 + signed_multiplicity(i1) * d0));
    }
    sum_local += perm_local[b];
    sum_next += perm_next[b];
  }
  const BabyBear4& running = perm_local[batches];
  const BabyBear4& running_next = perm_next[batches];
  emit(BabyBear4(is_first_row) * (running - sum_local));
  emit(BabyBear4(is_transition) * (running_next - running - sum_next));
  emit(BabyBear4(is_last_row) * (running - cumulative_sum));
}

// A bus used with two different tuple lengths (see above) makes the fingerprint ambiguous: rejected.
// Returns the offending bus in `bus` when false.
bool check_buses(std::span<const ConstraintSystem> systems, std::uint32_t& bus) noexcept;

// Reassembles extension values from the opened base columns (4 per extension column, c0..c3): the
// committed columns are the coefficient polynomials P_k, so E(z) = sum_k P_k(z) x^k.
inline void ext_from_base_columns(std::span<const BabyBear4> base, std::span<BabyBear4> out) noexcept {
  for (std::size_t e = 0; e < out.size(); ++e) {
    BabyBear4 acc;
    BabyBear4 basis = BabyBear4::one();
    for (std::size_t k = 0; k < 4; ++k) {
      acc += base[4 * e + k] * basis;
      basis *= BabyBear4::x();
    }
    out[e] = acc;
  }
}

}  // namespace neo::zkvm::air
