// The multi-table STARK prover.
#include "neo/zkvm/stark/prover.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <limits>
#include <map>
#include <mutex>
#include <string>

#include "neo/zkvm/air/compiled.hpp"
#include "neo/zkvm/air/eval.hpp"
#include "neo/zkvm/air/logup.hpp"
#include "neo/zkvm/field/packed.hpp"
#include "neo/zkvm/fri/pcs_prover.hpp"
#include "neo/zkvm/ntt/ntt.hpp"
#include "neo/zkvm/stark/verifier.hpp"

#include "../air/lazy_accumulate.hpp"
#include "ext_block.hpp"

namespace neo::zkvm::stark {
namespace {

using air::ConstraintSystem;
using merkle::RowMajorMatrix;

constexpr std::size_t kRowGrain = 1024;

bool is_power_of_two(std::size_t n) noexcept { return n != 0 && (n & (n - 1)) == 0; }

std::string chip_name(const ConstraintSystem& s) { return std::string(s.name); }

// Evaluates every node of a chip on one trace row (the reference evaluator, used by the debug checks and
// to generate the permutation traces).
class TraceRows {
 public:
  TraceRows(const ConstraintSystem& system, const RowMajorMatrix* preprocessed, const RowMajorMatrix& main,
            std::span<const BabyBear> public_values)
      : system_(system), pre_(preprocessed), main_(main), publics_(public_values), n_(main.height()) {}

  std::size_t height() const noexcept { return n_; }

  void evaluate(std::size_t row, std::vector<BabyBear>& values) const {
    values.resize(system_.nodes.size());
    const std::size_t next = row + 1 == n_ ? 0 : row + 1;
    air::RowValues<BabyBear> rv;
    if (pre_ != nullptr && pre_->width != 0) {
      rv.preprocessed_local = pre_->row(row);
      rv.preprocessed_next = pre_->row(next);
    }
    rv.main_local = main_.row(row);
    rv.main_next = main_.row(next);
    rv.public_values = publics_;
    rv.is_first_row = row == 0 ? BabyBear::one() : BabyBear::zero();
    rv.is_last_row = row + 1 == n_ ? BabyBear::one() : BabyBear::zero();
    rv.is_transition = row + 1 == n_ ? BabyBear::zero() : BabyBear::one();
    air::evaluate_nodes<BabyBear>(system_.nodes, rv, values);
  }

 private:
  const ConstraintSystem& system_;
  const RowMajorMatrix* pre_;
  const RowMajorMatrix& main_;
  std::span<const BabyBear> publics_;
  std::size_t n_;
};

const RowMajorMatrix* preprocessed_of(const ProvingKey& key, std::size_t chip) {
  return key.systems[chip].preprocessed_width != 0 ? &key.preprocessed[chip] : nullptr;
}

std::string check_constraints(const ProvingKey& key, const ShardInput& shard, std::size_t s, std::size_t c) {
  const ConstraintSystem& sys = key.systems[c];
  const TraceRows rows(sys, preprocessed_of(key, c), shard.main[c], shard.public_values[c]);
  std::mutex mutex;
  std::size_t bad_row = std::numeric_limits<std::size_t>::max();
  std::size_t bad_constraint = 0;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, rows.height(), kRowGrain),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      std::vector<BabyBear> values;
                      for (std::size_t r = range.begin(); r < range.end(); ++r) {
                        rows.evaluate(r, values);
                        for (std::size_t i = 0; i < sys.constraints.size(); ++i) {
                          if (values[sys.constraints[i].root].is_zero()) continue;
                          const std::lock_guard<std::mutex> lock(mutex);
                          if (r < bad_row) {
                            bad_row = r;
                            bad_constraint = i;
                          }
                          return;
                        }
                      }
                    });
  if (bad_row == std::numeric_limits<std::size_t>::max()) return {};
  const air::Constraint& con = sys.constraints[bad_constraint];
  return "shard " + std::to_string(s) + ", chip '" + chip_name(sys) + "': constraint #" +
         std::to_string(bad_constraint) + (con.label.empty() ? "" : " '" + std::string(con.label) + "'") +
         " fails at row " + std::to_string(bad_row);
}

// Net multiplicity of every (bus, tuple), summed over the shards added so far.
using BusBalance = std::map<std::vector<std::uint32_t>, BabyBear>;

void add_bus_balance(const ProvingKey& key, const ShardInput& shard, BusBalance& balance) {
  std::vector<BabyBear> values;
  for (std::size_t c = 0; c < key.systems.size(); ++c) {
    const ConstraintSystem& sys = key.systems[c];
    if (sys.interactions.empty()) continue;
    const TraceRows rows(sys, preprocessed_of(key, c), shard.main[c], shard.public_values[c]);
    for (std::size_t r = 0; r < rows.height(); ++r) {
      rows.evaluate(r, values);
      for (const air::Interaction& in : sys.interactions) {
        const BabyBear m = values[in.multiplicity];
        if (m.is_zero()) continue;
        std::vector<std::uint32_t> tuple{in.bus};
        for (const std::uint32_t f : in.fields) tuple.push_back(values[f].to_canonical());
        BabyBear& net = balance[tuple];
        net += in.is_send ? m : -m;
      }
    }
  }
}

std::string report_bus_balance(const BusBalance& balance) {
  for (const auto& [tuple, net] : balance) {
    if (net.is_zero()) continue;
    std::string fields;
    for (std::size_t i = 1; i < tuple.size(); ++i) fields += (i > 1 ? ", " : "") + std::to_string(tuple[i]);
    return "bus " + std::to_string(tuple[0]) + ": tuple (" + fields + ") has net multiplicity " +
           std::to_string(net.to_canonical()) + " (sends minus receives)";
  }
  return {};
}

struct PermutationTrace {
  RowMajorMatrix matrix;
  BabyBear4 cumulative_sum;
};

// The interaction nodes only (the chip's constraints dropped): compiled to evaluate the LogUp fields and
// multiplicities of the trace rows block by block, for the permutation trace.
air::CompiledAir compile_interactions(const ConstraintSystem& sys) {
  ConstraintSystem interactions_only = sys;
  interactions_only.constraints.clear();
  return air::CompiledAir(interactions_only);
}

// The LogUp denominators of one block (after evaluate_block): den[(4 k + c) * kBlockRows + r] is coefficient
// c of alpha - fingerprint_k on row r, the fingerprint's sum unreduced (lazy_accumulate.hpp); and
// signed[k * kBlockRows + r] = +-m_k (+ for a send).
void block_denominators(const ConstraintSystem& sys, const air::CompiledAir& compiled,
                        std::span<const BabyBear> scratch, const air::LogUpChallenges& logup,
                        std::span<const BabyBear4> shifts, std::size_t count,
                        std::vector<std::uint64_t>& lazy, std::vector<BabyBear>& den,
                        std::vector<BabyBear>& signed_multiplicities) {
  constexpr std::size_t kBlock = air::CompiledAir::kBlockRows;
  for (std::size_t k = 0; k < sys.interactions.size(); ++k) {
    const air::Interaction& inter = sys.interactions[k];
    std::fill(lazy.begin(), lazy.end(), 0);
    for (std::size_t f = 0; f < inter.fields.size(); ++f)
      air::detail::lazy_accumulate4(lazy.data(), kBlock, compiled.values(scratch, inter.fields[f]),
                                    logup.beta_powers[f], count);
    BabyBear* d = den.data() + 4 * k * kBlock;
    for (std::size_t c = 0; c < 4; ++c)
      for (std::size_t j = 0; j < count; ++j)
        d[c * kBlock + j] = shifts[k][c] - air::detail::lazy_finish(lazy[c * kBlock + j]);
    const BabyBear* m = compiled.values(scratch, inter.multiplicity);
    BabyBear* sm = signed_multiplicities.data() + k * kBlock;
    for (std::size_t j = 0; j < count; ++j) sm[j] = inter.is_send ? m[j] : -m[j];
  }
}

// alpha - bus per interaction.
std::vector<BabyBear4> interaction_shifts(const ConstraintSystem& sys, const air::LogUpChallenges& logup) {
  std::vector<BabyBear4> shifts;
  for (const air::Interaction& inter : sys.interactions)
    shifts.push_back(logup.alpha - BabyBear4(BabyBear::from_u32(inter.bus)));
  return shifts;
}

PermutationTrace generate_permutation(const ConstraintSystem& sys, const air::CompiledAir& compiled,
                                      const RowMajorMatrix* pre, const RowMajorMatrix& main,
                                      std::span<const BabyBear> publics, const air::LogUpChallenges& logup) {
  const std::size_t n = main.height();
  const std::size_t count = sys.interactions.size();
  const std::size_t batches = sys.num_batches();
  const std::vector<BabyBear4> shifts = interaction_shifts(sys, logup);
  std::vector<BabyBear4> inverses(n * count);
  std::vector<BabyBear> multiplicities(n * count);
  constexpr std::size_t kBlock = air::CompiledAir::kBlockRows;
  const std::size_t blocks = (n + kBlock - 1) / kBlock;
  const bool has_pre = pre != nullptr && pre->width != 0;
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, blocks, 8), [&](const tbb::blocked_range<std::size_t>& br) {
        std::vector<BabyBear> scratch(compiled.scratch_size());
        std::vector<BabyBear> acc(4 * kBlock);
        std::vector<const BabyBear*> pl(kBlock), pn(kBlock), ml(kBlock), mn(kBlock);
        std::vector<BabyBear> first(kBlock), last(kBlock), transition(kBlock);
        std::vector<std::uint64_t> lazy(4 * kBlock);
        std::vector<BabyBear> den(count * 4 * kBlock), signed_m(count * kBlock);
        std::vector<BabyBear4> denominators(kBlock * count);
        for (std::size_t blk = br.begin(); blk < br.end(); ++blk) {
          const std::size_t start = blk * kBlock;
          const std::size_t rows = std::min(kBlock, n - start);
          for (std::size_t j = 0; j < rows; ++j) {
            const std::size_t row = start + j;
            const std::size_t next = row + 1 == n ? 0 : row + 1;
            ml[j] = main.values.data() + row * main.width;
            mn[j] = main.values.data() + next * main.width;
            if (has_pre) {
              pl[j] = pre->values.data() + row * pre->width;
              pn[j] = pre->values.data() + next * pre->width;
            }
            first[j] = row == 0 ? BabyBear::one() : BabyBear::zero();
            last[j] = row + 1 == n ? BabyBear::one() : BabyBear::zero();
            transition[j] = row + 1 == n ? BabyBear::zero() : BabyBear::one();
          }
          air::BlockInputs in;
          in.count = rows;
          in.preprocessed_local = pl.data();
          in.preprocessed_next = pn.data();
          in.main_local = ml.data();
          in.main_next = mn.data();
          in.is_first_row = first.data();
          in.is_last_row = last.data();
          in.is_transition = transition.data();
          in.public_values = publics;
          compiled.evaluate_block(in, {}, scratch, acc);
          block_denominators(sys, compiled, scratch, logup, shifts, rows, lazy, den, signed_m);
          for (std::size_t j = 0; j < rows; ++j) {
            for (std::size_t k = 0; k < count; ++k) {
              const BabyBear* d = den.data() + 4 * k * kBlock + j;
              denominators[j * count + k] = BabyBear4(d[0], d[kBlock], d[2 * kBlock], d[3 * kBlock]);
              multiplicities[(start + j) * count + k] = signed_m[k * kBlock + j];
            }
          }
          field::batch_inverse(std::span<const BabyBear4>(denominators).subspan(0, rows * count),
                               std::span<BabyBear4>(inverses).subspan(start * count, rows * count));
        }
      });

  PermutationTrace out;
  out.matrix.width = sys.permutation_width();
  out.matrix.values.assign(n * out.matrix.width, BabyBear::zero());
  std::vector<BabyBear4> row_sums(n);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kRowGrain),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t row = r.begin(); row < r.end(); ++row) {
                        BabyBear* dst = out.matrix.values.data() + row * out.matrix.width;
                        BabyBear4 total;
                        for (std::size_t b = 0; b < batches; ++b) {
                          BabyBear4 h;
                          const std::size_t end = std::min(count, (b + 1) * air::kInteractionsPerBatch);
                          for (std::size_t k = b * air::kInteractionsPerBatch; k < end; ++k)
                            h += inverses[row * count + k] * multiplicities[row * count + k];
                          for (std::size_t j = 0; j < 4; ++j) dst[4 * b + j] = h[j];
                          total += h;
                        }
                        row_sums[row] = total;
                      }
                    });
  BabyBear4 running;
  for (std::size_t row = 0; row < n; ++row) {
    running += row_sums[row];
    BabyBear* dst = out.matrix.values.data() + row * out.matrix.width + 4 * batches;
    for (std::size_t j = 0; j < 4; ++j) dst[j] = running[j];
  }
  out.cumulative_sum = running;
  return out;
}

// The quotient of one chip, committed form: its 2^log_quotient_chunks chunks (each a polynomial of degree
// < n in 4 base coefficient columns) as their LDEs on kLdeShift * K, bit-reversed rows.
RowMajorMatrix quotient_lde(const fri::FriParams& params, const ConstraintSystem& sys,
                            const air::CompiledAir& compiled, const RowMajorMatrix* pre_lde,
                            const RowMajorMatrix& main_lde, const RowMajorMatrix* perm_lde,
                            std::span<const BabyBear> publics, const air::LogUpChallenges& logup,
                            const BabyBear4& cumulative_sum, const BabyBear4& gamma, unsigned log_n) {
  const unsigned log_chunks = sys.log_quotient_chunks();
  const unsigned log_domain = log_n + log_chunks;
  const std::size_t n = std::size_t{1} << log_n;
  const std::size_t domain = std::size_t{1} << log_domain;
  const std::size_t step = std::size_t{1} << log_chunks;  // omega_n = omega_domain^step

  // The quotient domain kLdeShift * <omega_domain>, natural order; it is the first `domain` rows of the
  // bit-reversed LDE (a coarser coset of the same shift), so row reverse_bits(i) of an LDE holds point i.
  const BabyBear omega_domain = BabyBear::two_adic_generator(log_domain);
  const BabyBear omega_inv = BabyBear::two_adic_generator(log_n).inverse();
  const BabyBear n_inv = BabyBear::from_u64(n).inverse();
  std::vector<BabyBear> first(domain), last(domain), transition(domain);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, domain, 4096),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      const std::size_t len = r.end() - r.begin();
                      std::vector<BabyBear> xm1(len), xmw(len), inv1(len), invw(len);
                      BabyBear x = fri::kLdeShift * omega_domain.pow(r.begin());
                      for (std::size_t i = 0; i < len; ++i) {
                        xm1[i] = x - BabyBear::one();
                        xmw[i] = x - omega_inv;
                        transition[r.begin() + i] = xmw[i];
                        x *= omega_domain;
                      }
                      field::batch_inverse(std::span<const BabyBear>(xm1), std::span<BabyBear>(inv1));
                      field::batch_inverse(std::span<const BabyBear>(xmw), std::span<BabyBear>(invw));
                      // Z_H(x) = x^n - 1 = kLdeShift^n * omega_domain^(i n) - 1 (computed directly: cheap
                      // next to the rest).
                      BabyBear xn = (fri::kLdeShift * omega_domain.pow(r.begin())).pow(n);
                      const BabyBear xn_step = omega_domain.pow(n);
                      for (std::size_t i = 0; i < len; ++i) {
                        const BabyBear z = xn - BabyBear::one();
                        first[r.begin() + i] = z * n_inv * inv1[i];
                        last[r.begin() + i] = z * omega_inv * n_inv * invw[i];
                        xn *= xn_step;
                      }
                    });
  // 1 / Z_H on the domain: periodic with period `step`.
  std::vector<BabyBear> vanishing_inv(step);
  for (std::size_t t = 0; t < step; ++t)
    vanishing_inv[t] = ((fri::kLdeShift * omega_domain.pow(t)).pow(n) - BabyBear::one()).inverse();

  std::vector<BabyBear4> gamma_powers(sys.constraints.size() + sys.num_logup_constraints());
  BabyBear4 g = BabyBear4::one();
  for (BabyBear4& p : gamma_powers) {
    p = g;
    g *= gamma;
  }
  const std::span<const BabyBear4> own_powers(gamma_powers.data(), sys.constraints.size());

  // LogUp on a block, vectorised over rows (same constraints, order and values as eval_logup_constraints):
  // the denominators of every interaction (fingerprints as unreduced sums of products, lazy_accumulate.hpp)
  // and the signed multiplicities, the permutation columns gathered coefficient-major, the constraints
  // computed with the block kernels of ext_block.hpp, and each folded into unreduced accumulators as
  // gamma^k * C = sum_j C_j (gamma^k x^j) (C_j its base coefficients).
  const std::size_t num_interactions = sys.interactions.size();
  const std::vector<BabyBear4> shifts = interaction_shifts(sys, logup);
  const std::size_t batches = sys.num_batches();
  std::vector<BabyBear4> logup_weights;  // [4 * (k - own constraints) + j] = gamma^k x^j
  for (std::size_t k = sys.constraints.size(); k < gamma_powers.size(); ++k) {
    BabyBear4 weight = gamma_powers[k];
    for (std::size_t j = 0; j < 4; ++j) {
      logup_weights.push_back(weight);
      weight *= BabyBear4::x();
    }
  }

  std::vector<BabyBear> quotient(domain * 4);
  constexpr std::size_t kBlock = air::CompiledAir::kBlockRows;
  constexpr std::size_t kExt = 4 * kBlock;  // one block extension value
  const std::size_t blocks = (domain + kBlock - 1) / kBlock;
  const std::size_t ext_width = sys.permutation_ext_width();
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, blocks, 4), [&](const tbb::blocked_range<std::size_t>& br) {
        std::vector<BabyBear> scratch(compiled.scratch_size());
        std::vector<BabyBear> acc(4 * kBlock);
        std::vector<const BabyBear*> pl(kBlock), pn(kBlock), ml(kBlock), mn(kBlock);
        std::vector<std::size_t> local_rows(kBlock), next_rows(kBlock);
        std::vector<std::uint64_t> lazy(4 * kBlock), logup_lazy(4 * kBlock);
        std::vector<BabyBear> denominators(num_interactions * kExt);
        std::vector<BabyBear> signed_multiplicities(num_interactions * kBlock);
        std::vector<BabyBear> perm_local(ext_width * kExt), perm_next(ext_width * kExt);
        std::vector<BabyBear> sum_local(kExt), sum_next(kExt), product(kExt), t0(kExt), t1(kExt);
        for (std::size_t blk = br.begin(); blk < br.end(); ++blk) {
          const std::size_t start = blk * kBlock;
          const std::size_t count = std::min(kBlock, domain - start);
          for (std::size_t j = 0; j < count; ++j) {
            const std::size_t i = start + j;
            local_rows[j] = ntt::reverse_bits(i, log_domain);
            next_rows[j] = ntt::reverse_bits((i + step) & (domain - 1), log_domain);
            ml[j] = main_lde.values.data() + local_rows[j] * main_lde.width;
            mn[j] = main_lde.values.data() + next_rows[j] * main_lde.width;
            if (pre_lde != nullptr) {
              pl[j] = pre_lde->values.data() + local_rows[j] * pre_lde->width;
              pn[j] = pre_lde->values.data() + next_rows[j] * pre_lde->width;
            }
          }
          air::BlockInputs in;
          in.count = count;
          in.preprocessed_local = pl.data();
          in.preprocessed_next = pn.data();
          in.main_local = ml.data();
          in.main_next = mn.data();
          in.is_first_row = first.data() + start;
          in.is_last_row = last.data() + start;
          in.is_transition = transition.data() + start;
          in.public_values = publics;
          compiled.evaluate_block(in, own_powers, scratch, acc);

          if (perm_lde != nullptr) {
            block_denominators(sys, compiled, scratch, logup, shifts, count, lazy, denominators,
                               signed_multiplicities);
            for (std::size_t j = 0; j < count; ++j) {
              const BabyBear* lrow = perm_lde->values.data() + local_rows[j] * perm_lde->width;
              const BabyBear* nrow = perm_lde->values.data() + next_rows[j] * perm_lde->width;
              for (std::size_t c = 0; c < perm_lde->width; ++c) {
                perm_local[c * kBlock + j] = lrow[c];  // column 4e + k is coefficient k of extension column e
                perm_next[c * kBlock + j] = nrow[c];
              }
            }
            const auto coefficient = [&](std::vector<BabyBear>& v, std::size_t k) {
              return std::span<BabyBear>(v.data() + k * kBlock, count);
            };
            const auto ext_add = [&](BabyBear* out, const BabyBear* a, const BabyBear* b) {
              for (std::size_t k = 0; k < 4; ++k)
                field::packed::add(std::span<BabyBear>(out + k * kBlock, count),
                                   std::span<const BabyBear>(a + k * kBlock, count),
                                   std::span<const BabyBear>(b + k * kBlock, count));
            };
            const auto ext_sub = [&](BabyBear* out, const BabyBear* a, const BabyBear* b) {
              for (std::size_t k = 0; k < 4; ++k)
                field::packed::sub(std::span<BabyBear>(out + k * kBlock, count),
                                   std::span<const BabyBear>(a + k * kBlock, count),
                                   std::span<const BabyBear>(b + k * kBlock, count));
            };
            std::fill(logup_lazy.begin(), logup_lazy.end(), 0);
            std::size_t constraint = 0;  // LogUp constraint index
            const auto emit = [&](const BabyBear* c) {
              for (std::size_t j = 0; j < 4; ++j)
                air::detail::lazy_accumulate4(logup_lazy.data(), kBlock, c + j * kBlock,
                                              logup_weights[4 * constraint + j], count);
              ++constraint;
            };
            for (std::size_t k = 0; k < 4; ++k) {
              std::fill_n(coefficient(sum_local, k).begin(), count, BabyBear::zero());
              std::fill_n(coefficient(sum_next, k).begin(), count, BabyBear::zero());
            }
            for (std::size_t b = 0; b < batches; ++b) {
              const std::size_t i0 = b * air::kInteractionsPerBatch;
              const BabyBear* h = perm_local.data() + b * kExt;
              const BabyBear* d0 = denominators.data() + i0 * kExt;
              const BabyBear* m0 = signed_multiplicities.data() + i0 * kBlock;
              if (i0 + 1 == num_interactions) {
                // h d0 - s0 m0
                detail::ext_mul_block(product.data(), h, d0, count);
                field::packed::sub(coefficient(product, 0), coefficient(product, 0),
                                   std::span<const BabyBear>(m0, count));
              } else {
                // h d0 d1 - (s0 m0 d1 + s1 m1 d0)
                const BabyBear* d1 = denominators.data() + (i0 + 1) * kExt;
                const BabyBear* m1 = signed_multiplicities.data() + (i0 + 1) * kBlock;
                detail::ext_mul_block(t0.data(), h, d0, count);
                detail::ext_mul_block(product.data(), t0.data(), d1, count);
                detail::ext_mul_base_block(t0.data(), d1, m0, count);
                detail::ext_mul_base_block(t1.data(), d0, m1, count);
                ext_add(t0.data(), t0.data(), t1.data());
                ext_sub(product.data(), product.data(), t0.data());
              }
              emit(product.data());
              ext_add(sum_local.data(), sum_local.data(), h);
              ext_add(sum_next.data(), sum_next.data(), perm_next.data() + b * kExt);
            }
            const BabyBear* running = perm_local.data() + batches * kExt;
            const BabyBear* running_next = perm_next.data() + batches * kExt;
            // is_first_row (S - sum_b h_b)
            ext_sub(t0.data(), running, sum_local.data());
            detail::ext_mul_base_block(t0.data(), t0.data(), first.data() + start, count);
            emit(t0.data());
            // is_transition (S_next - S - sum_b h_b_next)
            ext_sub(t0.data(), running_next, running);
            ext_sub(t0.data(), t0.data(), sum_next.data());
            detail::ext_mul_base_block(t0.data(), t0.data(), transition.data() + start, count);
            emit(t0.data());
            // is_last_row (S - cumulative_sum)
            for (std::size_t k = 0; k < 4; ++k)
              for (std::size_t j = 0; j < count; ++j)
                t0[k * kBlock + j] = running[k * kBlock + j] - cumulative_sum[k];
            detail::ext_mul_base_block(t0.data(), t0.data(), last.data() + start, count);
            emit(t0.data());
          }

          for (std::size_t j = 0; j < count; ++j) {
            const std::size_t i = start + j;
            BabyBear4 total(acc[j], acc[kBlock + j], acc[2 * kBlock + j], acc[3 * kBlock + j]);
            if (perm_lde != nullptr) {
              total += BabyBear4(air::detail::lazy_finish(logup_lazy[j]),
                                 air::detail::lazy_finish(logup_lazy[kBlock + j]),
                                 air::detail::lazy_finish(logup_lazy[2 * kBlock + j]),
                                 air::detail::lazy_finish(logup_lazy[3 * kBlock + j]));
            }
            const BabyBear4 q = total * vanishing_inv[i & (step - 1)];
            for (std::size_t k = 0; k < 4; ++k) quotient[i * 4 + k] = q[k];
          }
        }
      });

  // Coefficients of the quotient (degree < domain), then each chunk of n coefficients as its own polynomial:
  // Q(X) = sum_j X^(j n) Q_j(X).
  ntt::coset_intt_batch(quotient, 4, fri::kLdeShift);
  const std::size_t lde_height = n << params.log_blowup;
  RowMajorMatrix out;
  out.width = 4 * step;
  out.values.assign(lde_height * out.width, BabyBear::zero());
  for (std::size_t j = 0; j < step; ++j)
    for (std::size_t r = 0; r < n; ++r)
      for (std::size_t k = 0; k < 4; ++k)
        out.values[r * out.width + 4 * j + k] = quotient[(j * n + r) * 4 + k];
  ntt::coset_ntt_batch(out.values, out.width, fri::kLdeShift);
  ntt::bit_reverse_rows(out.values, out.width);
  return out;
}

std::string validate_shard(const ProvingKey& key, const ShardInput& shard, std::size_t s) {
  const fri::FriParams& params = key.vkey.fri;
  if (shard.main.size() != key.systems.size() || shard.public_values.size() != key.systems.size())
    return "shard " + std::to_string(s) + ": one main trace and one public value list per chip expected";
  for (std::size_t c = 0; c < key.systems.size(); ++c) {
    const ConstraintSystem& sys = key.systems[c];
    const RowMajorMatrix& m = shard.main[c];
    const std::string where = "shard " + std::to_string(s) + ", chip '" + chip_name(sys) + "': ";
    if (m.width != sys.main_width || m.values.size() % sys.main_width != 0)
      return where + "main trace width differs from the chip's";
    const std::size_t h = m.height();
    if (!is_power_of_two(h)) return where + "height is not a power of two";
    const unsigned log_h = ntt::log2_exact(h);
    if (log_h < params.log_final_poly_len || log_h + params.log_blowup > merkle::kMaxLogHeight)
      return where + "height out of range for the FRI parameters";
    if (sys.preprocessed_width != 0 && log_h != key.vkey.chips[c].preprocessed_log_height)
      return where + "height differs from the preprocessed table's";
    if (shard.public_values[c].size() != sys.num_public_values)
      return where + "wrong number of public values";
  }
  return {};
}

std::string validate_shards(const ProvingKey& key, const std::vector<ShardInput>& shards) {
  if (shards.empty()) return "no shards";
  for (std::size_t s = 0; s < shards.size(); ++s)
    if (std::string e = validate_shard(key, shards[s], s); !e.empty()) return e;
  return {};
}

// Shard s from the source, checked, then edited by the test hooks and checked again: exactly what both
// phases do with a shard, so that a cheating prover's edits are the same each time the shard is taken.
std::optional<ShardInput> take_shard(const ProvingKey& key, const ShardSource& source, std::size_t s,
                                     const ProverHooks* hooks, std::string& error) {
  std::string source_error;
  std::optional<ShardInput> shard = source(s, source_error);
  if (!shard) {
    error = "shard " + std::to_string(s) + ": " +
            (source_error.empty() ? std::string("the shard source gave no traces") : source_error);
    return std::nullopt;
  }
  if (std::string e = validate_shard(key, *shard, s); !e.empty()) {
    error = std::move(e);
    return std::nullopt;
  }
  if (hooks != nullptr) {
    for (std::size_t c = 0; c < key.systems.size(); ++c) {
      if (hooks->edit_main) hooks->edit_main(s, c, shard->main[c]);
      if (hooks->forge_public_values) hooks->forge_public_values(s, c, shard->public_values[c]);
    }
    if (std::string e = validate_shard(key, *shard, s); !e.empty()) {
      error = "after the test hooks: " + e;
      return std::nullopt;
    }
  }
  return shard;
}

// Commits a shard's main traces. The traces of chips with interactions stay in `shard` when
// `keep_interaction_traces` (the permutation traces are computed from them once the challenges exist);
// every other trace is moved into the commitment.
merkle::MerkleTree commit_main(const ProvingKey& key, ShardInput& shard, bool keep_interaction_traces) {
  std::vector<RowMajorMatrix> traces(key.systems.size());
  for (std::size_t c = 0; c < key.systems.size(); ++c) {
    if (keep_interaction_traces && !key.systems[c].interactions.empty()) {
      traces[c] = shard.main[c];
    } else {
      traces[c] = std::move(shard.main[c]);
    }
  }
  return fri::commit_traces(key.vkey.fri, std::move(traces));
}

std::vector<std::uint32_t> log_heights_of(const ShardInput& shard) {
  std::vector<std::uint32_t> log_heights;
  for (const RowMajorMatrix& m : shard.main) log_heights.push_back(ntt::log2_exact(m.height()));
  return log_heights;
}

}  // namespace

// Phase 1 keeps these shards' main trees and the traces of their chips with interactions for phase 3.
std::size_t shards_kept(std::size_t num_shards, std::size_t resident_shards) noexcept {
  if (num_shards <= resident_shards) return num_shards;
  return resident_shards == 0 ? 0 : resident_shards - 1;
}

SetupResult setup(const fri::FriParams& params, std::vector<air::ConstraintSystem> systems,
                  std::vector<RowMajorMatrix> preprocessed) {
  SetupResult result;
  if (!fri::params_valid(params)) {
    result.error = "invalid FRI parameters";
    return result;
  }
  if (systems.empty()) {
    result.error = "empty chip set";
    return result;
  }
  if (preprocessed.size() != systems.size()) {
    result.error = "one preprocessed matrix (possibly empty) per chip expected";
    return result;
  }
  std::uint32_t bus = 0;
  if (!air::check_buses(systems, bus)) {
    result.error = "bus " + std::to_string(bus) + " is used with two different tuple lengths";
    return result;
  }
  ProvingKey key;
  key.vkey.fri = params;
  std::vector<RowMajorMatrix> tables;
  for (std::size_t c = 0; c < systems.size(); ++c) {
    const ConstraintSystem& sys = systems[c];
    ChipKey chip;
    chip.constraints_digest = sys.digest();
    chip.preprocessed_width = sys.preprocessed_width;
    if (sys.main_width == 0) {
      result.error = "chip '" + chip_name(sys) + "' has no main columns";
      return result;
    }
    if (sys.preprocessed_width != 0) {
      const RowMajorMatrix& t = preprocessed[c];
      if (t.width != sys.preprocessed_width || !is_power_of_two(t.height()) ||
          t.values.size() != t.height() * t.width) {
        result.error = "chip '" + chip_name(sys) + "': preprocessed table of the wrong shape";
        return result;
      }
      chip.preprocessed_log_height = ntt::log2_exact(t.height());
      if (chip.preprocessed_log_height < params.log_final_poly_len ||
          chip.preprocessed_log_height + params.log_blowup > merkle::kMaxLogHeight) {
        result.error = "chip '" + chip_name(sys) + "': preprocessed height out of range";
        return result;
      }
      tables.push_back(t);
    } else if (preprocessed[c].width != 0 || !preprocessed[c].values.empty()) {
      result.error = "chip '" + chip_name(sys) + "' has no preprocessed columns but was given a table";
      return result;
    }
    key.vkey.chips.push_back(chip);
  }
  if (!tables.empty()) {
    key.preprocessed_tree.emplace(fri::commit_traces(params, std::move(tables)));
    key.vkey.preprocessed_root = key.preprocessed_tree->root();
  }
  key.systems = std::move(systems);
  key.preprocessed = std::move(preprocessed);
  result.key = std::move(key);
  return result;
}

std::string check_witness(const ProvingKey& key, const std::vector<ShardInput>& shards) {
  if (std::string e = validate_shards(key, shards); !e.empty()) return e;
  BusBalance balance;
  for (std::size_t s = 0; s < shards.size(); ++s) {
    for (std::size_t c = 0; c < key.systems.size(); ++c)
      if (std::string e = check_constraints(key, shards[s], s, c); !e.empty()) return e;
    add_bus_balance(key, shards[s], balance);
  }
  return report_bus_balance(balance);
}

ProveResult prove(const ProvingKey& key, std::vector<ShardInput> shards, const ProverOptions& options) {
  const std::size_t kept = shards_kept(shards.size(), options.resident_shards);
  std::vector<bool> asked(shards.size(), false);
  // A shard is asked for twice only when it is not kept: the first time it is copied, the last time (or
  // the only time) it is handed over.
  const ShardSource source = [&](std::size_t s, std::string&) -> std::optional<ShardInput> {
    if (s >= kept && !asked[s]) {
      asked[s] = true;
      return shards[s];
    }
    return std::move(shards[s]);
  };
  return prove(key, shards.size(), source, options);
}

ProveResult prove(const ProvingKey& key, std::size_t num_shards, const ShardSource& source,
                  const ProverOptions& options) {
  ProveResult result;
  const fri::FriParams& params = key.vkey.fri;
  const std::vector<ConstraintSystem>& systems = key.systems;
  const std::size_t num_chips = systems.size();
  if (num_shards == 0) {
    result.error = "no shards";
    return result;
  }
  const ProverHooks* hooks = options.hooks;

  // Phase 1: commit every shard's main traces, one shard at a time (each checked first when the debug
  // checks are on). The first `kept` shards keep their main trees and the traces of their chips with
  // interactions for phase 3; of the others only what the transcript needs stays.
  const std::size_t kept = shards_kept(num_shards, options.resident_shards);
  std::vector<std::optional<merkle::MerkleTree>> main_trees(num_shards);
  std::vector<ShardInput> resident(kept);
  std::vector<Digest> main_roots(num_shards);
  std::vector<std::vector<std::uint32_t>> log_heights(num_shards);
  std::vector<std::vector<std::vector<BabyBear>>> public_values(num_shards);
  BusBalance balance;
  for (std::size_t s = 0; s < num_shards; ++s) {
    std::optional<ShardInput> shard = take_shard(key, source, s, hooks, result.error);
    if (!shard) return result;
    if (options.debug_checks) {
      for (std::size_t c = 0; c < num_chips; ++c) {
        if (std::string e = check_constraints(key, *shard, s, c); !e.empty()) {
          result.error = "debug check: " + e;
          return result;
        }
      }
      add_bus_balance(key, *shard, balance);
    }
    log_heights[s] = log_heights_of(*shard);
    public_values[s] = shard->public_values;
    merkle::MerkleTree tree = commit_main(key, *shard, s < kept);
    main_roots[s] = tree.root();
    if (s < kept) {
      main_trees[s].emplace(std::move(tree));
      resident[s] = std::move(*shard);
    }
  }
  if (options.debug_checks) {
    if (std::string e = report_bus_balance(balance); !e.empty()) {
      result.error = "debug check: " + e;
      return result;
    }
  }
  // The verifier refuses a proof whose buses could carry p interactions (LogUp's multiplicity condition);
  // say so now rather than after proving.
  if (const auto load = overloaded_bus(systems, log_heights); load.has_value()) {
    result.error = "bus " + std::to_string(load->bus) + " would carry " + std::to_string(load->interactions) +
                   " interactions over all shards, at or above p = " + std::to_string(BabyBear::kModulus) +
                   ": the execution is too long for one proof";
    return result;
  }
  const Digest vkey_hash = key.vkey.hash();
  challenger::Challenger ch = transcript::start(vkey_hash, static_cast<std::uint32_t>(num_shards));
  for (std::size_t s = 0; s < num_shards; ++s)
    transcript::observe_shard_main(ch, log_heights[s], public_values[s], main_roots[s]);

  // Phase 2: the LogUp challenges, once for all shards.
  const BabyBear4 alpha = ch.sample_ext();
  const BabyBear4 beta = ch.sample_ext();
  const air::LogUpChallenges logup =
      air::LogUpChallenges::make(alpha, beta, air::max_interaction_fields(systems));
  std::vector<air::CompiledAir> compiled;
  compiled.reserve(num_chips);
  for (const ConstraintSystem& sys : systems) compiled.emplace_back(sys);
  std::vector<air::CompiledAir> interaction_airs;
  interaction_airs.reserve(num_chips);
  for (const ConstraintSystem& sys : systems) interaction_airs.push_back(compile_interactions(sys));
  bool any_interactions = false;
  for (const ConstraintSystem& sys : systems)
    any_interactions = any_interactions || !sys.interactions.empty();

  // Phase 3: finish each shard on its own fork of the transcript.
  StarkProof proof;
  proof.vkey_hash = vkey_hash;
  for (std::size_t s = 0; s < num_shards; ++s) {
    // The shard's traces and main tree: kept from phase 1, or taken again and recommitted, which must give
    // what phase 1 committed (a source that does not is an error, never a proof of other traces).
    ShardInput shard;
    if (s < kept) {
      shard = std::move(resident[s]);
    } else {
      std::optional<ShardInput> again = take_shard(key, source, s, hooks, result.error);
      if (!again) return result;
      const std::string where = "shard " + std::to_string(s) + ": the shard source gave ";
      if (log_heights_of(*again) != log_heights[s]) {
        result.error = where + "other trace heights the second time";
        return result;
      }
      if (again->public_values != public_values[s]) {
        result.error = where + "other public values the second time";
        return result;
      }
      main_trees[s].emplace(commit_main(key, *again, true));
      if (main_trees[s]->root() != main_roots[s]) {
        result.error = where + "other main traces the second time (the main root differs)";
        return result;
      }
      shard = std::move(*again);
    }
    const merkle::MerkleTree& main_tree = *main_trees[s];
    ShardProof shard_proof;
    shard_proof.chips.resize(num_chips);
    std::vector<BabyBear4> cumulative(num_chips);
    std::optional<merkle::MerkleTree> perm_tree;
    std::vector<std::size_t> perm_index(num_chips, 0);
    if (any_interactions) {
      std::vector<RowMajorMatrix> perms;
      for (std::size_t c = 0; c < num_chips; ++c) {
        if (systems[c].interactions.empty()) continue;
        PermutationTrace p = generate_permutation(systems[c], interaction_airs[c], preprocessed_of(key, c),
                                                  shard.main[c], shard.public_values[c], logup);
        if (hooks != nullptr && hooks->edit_permutation) hooks->edit_permutation(s, c, p.matrix);
        cumulative[c] = p.cumulative_sum;
        if (hooks != nullptr && hooks->forge_cumulative_sum) hooks->forge_cumulative_sum(s, c, cumulative[c]);
        perm_index[c] = perms.size();
        perms.push_back(std::move(p.matrix));
        shard.main[c] = {};  // no longer needed
      }
      perm_tree.emplace(fri::commit_traces(params, std::move(perms)));
    }

    challenger::Challenger fork = ch;
    fork.observe_u32(static_cast<std::uint32_t>(s));
    if (perm_tree) fork.observe(perm_tree->root());
    for (std::size_t c = 0; c < num_chips; ++c)
      if (!systems[c].interactions.empty()) fork.observe(cumulative[c]);
    const BabyBear4 gamma = fork.sample_ext();

    std::vector<std::size_t> pre_index(num_chips, 0);
    std::size_t pre_count = 0;
    for (std::size_t c = 0; c < num_chips; ++c)
      if (systems[c].preprocessed_width != 0) pre_index[c] = pre_count++;
    std::vector<RowMajorMatrix> quotients;
    for (std::size_t c = 0; c < num_chips; ++c) {
      const ConstraintSystem& sys = systems[c];
      const RowMajorMatrix* pre_lde =
          sys.preprocessed_width != 0 ? &key.preprocessed_tree->matrices()[pre_index[c]] : nullptr;
      const RowMajorMatrix* perm_lde =
          sys.interactions.empty() ? nullptr : &perm_tree->matrices()[perm_index[c]];
      quotients.push_back(quotient_lde(params, sys, compiled[c], pre_lde, main_tree.matrices()[c], perm_lde,
                                       shard.public_values[c], logup, cumulative[c], gamma,
                                       log_heights[s][c]));
    }
    const merkle::MerkleTree quotient_tree(std::move(quotients));
    fork.observe(quotient_tree.root());
    const BabyBear4 zeta = transcript::sample_zeta(fork);

    // One DEEP/FRI opening: [preprocessed], main, [permutation], quotient.
    std::vector<const merkle::MerkleTree*> inputs;
    std::vector<std::vector<std::vector<BabyBear4>>> points;
    const auto two_points = [&](std::uint32_t log_height) {
      return std::vector<BabyBear4>{zeta, zeta * BabyBear::two_adic_generator(log_height)};
    };
    if (key.preprocessed_tree) {
      inputs.push_back(&*key.preprocessed_tree);
      points.emplace_back();
      for (std::size_t c = 0; c < num_chips; ++c)
        if (systems[c].preprocessed_width != 0) points.back().push_back(two_points(log_heights[s][c]));
    }
    inputs.push_back(&main_tree);
    points.emplace_back();
    for (std::size_t c = 0; c < num_chips; ++c) points.back().push_back(two_points(log_heights[s][c]));
    if (perm_tree) {
      inputs.push_back(&*perm_tree);
      points.emplace_back();
      for (std::size_t c = 0; c < num_chips; ++c)
        if (!systems[c].interactions.empty()) points.back().push_back(two_points(log_heights[s][c]));
    }
    inputs.push_back(&quotient_tree);
    points.emplace_back();
    for (std::size_t c = 0; c < num_chips; ++c) points.back().push_back({zeta});

    // Every committed matrix is a trace-degree LDE: the claimed values come from its trace-domain coset.
    fri::PcsOpening opening = fri::open_pcs_with_values(
        params, inputs, points, fri::evaluate_trace_openings(params, inputs, points), fork);

    std::size_t t = 0;
    if (key.preprocessed_tree) {
      for (std::size_t c = 0; c < num_chips; ++c) {
        if (systems[c].preprocessed_width == 0) continue;
        auto& v = opening.values[t][pre_index[c]];
        shard_proof.chips[c].preprocessed_local = std::move(v[0]);
        shard_proof.chips[c].preprocessed_next = std::move(v[1]);
      }
      ++t;
    }
    for (std::size_t c = 0; c < num_chips; ++c) {
      auto& v = opening.values[t][c];
      shard_proof.chips[c].main_local = std::move(v[0]);
      shard_proof.chips[c].main_next = std::move(v[1]);
    }
    ++t;
    if (perm_tree) {
      for (std::size_t c = 0; c < num_chips; ++c) {
        if (systems[c].interactions.empty()) continue;
        auto& v = opening.values[t][perm_index[c]];
        shard_proof.chips[c].permutation_local = std::move(v[0]);
        shard_proof.chips[c].permutation_next = std::move(v[1]);
      }
      ++t;
    }
    for (std::size_t c = 0; c < num_chips; ++c) {
      ChipProof& chip = shard_proof.chips[c];
      chip.quotient = std::move(opening.values[t][c][0]);
      chip.log_height = log_heights[s][c];
      chip.public_values = shard.public_values[c];
      if (!systems[c].interactions.empty()) chip.cumulative_sum = cumulative[c];
    }
    shard_proof.main_root = main_tree.root();
    if (perm_tree) shard_proof.permutation_root = perm_tree->root();
    shard_proof.quotient_root = quotient_tree.root();
    shard_proof.opening = std::move(opening.proof);
    proof.shards.push_back(std::move(shard_proof));
    main_trees[s].reset();  // this shard is done: its LDEs need not wait for the others
  }
  result.proof = std::move(proof);
  return result;
}

}  // namespace neo::zkvm::stark
