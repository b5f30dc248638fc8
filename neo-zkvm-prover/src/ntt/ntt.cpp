// Radix-2 NTTs over row-major BabyBear matrices, parallel with oneTBB.
//
// Layout of the twiddle table: tw[h + j] = omega_{2h}^j for every stage half-size h (a power of two) and j <
// h, so each stage reads a contiguous run tw[h .. 2h) and the table for size n is a prefix of the one for any
// larger size. The forward and inverse tables are cached process-wide.
#include "neo/zkvm/ntt/ntt.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>

#include "neo/zkvm/field/packed.hpp"

#include "../air/lazy_accumulate.hpp"
#include "ntt_kernels.hpp"

namespace neo::zkvm::ntt {
namespace {

namespace packed = field::packed;

struct TwiddleTable {
  std::vector<BabyBear> forward;  // [h + j] = omega_{2h}^j
  std::vector<BabyBear> inverse;  // [h + j] = omega_{2h}^-j
};

std::unique_ptr<TwiddleTable> build_twiddles(unsigned log_n) {
  const std::size_t n = std::size_t{1} << log_n;  // log_n >= 1
  auto table = std::make_unique<TwiddleTable>();
  table->forward.assign(n, BabyBear::zero());  // entry 0 is unused
  table->inverse.assign(n, BabyBear::zero());
  // Top stage (h = n/2) directly, every lower stage by taking every other entry of the stage above:
  // omega_{2h}^j = omega_{4h}^{2j}.
  const std::size_t top = n / 2;
  const BabyBear w = BabyBear::two_adic_generator(log_n);
  const BabyBear w_inv = w.inverse();
  BabyBear f = BabyBear::one(), g = BabyBear::one();
  for (std::size_t j = 0; j < top; ++j) {
    table->forward[top + j] = f;
    table->inverse[top + j] = g;
    f *= w;
    g *= w_inv;
  }
  for (std::size_t h = top / 2; h >= 1; h /= 2) {
    for (std::size_t j = 0; j < h; ++j) {
      table->forward[h + j] = table->forward[2 * h + 2 * j];
      table->inverse[h + j] = table->inverse[2 * h + 2 * j];
    }
  }
  return table;
}

// Returns a table valid for size 2^log_n. Tables only grow and are never freed while the process runs, so a
// reference handed out stays valid while a larger table is being built for another caller.
const TwiddleTable& twiddles(unsigned log_n) {
  static std::mutex mutex;
  static std::vector<std::unique_ptr<TwiddleTable>> tables;  // increasing sizes; the last is the largest
  std::lock_guard<std::mutex> lock(mutex);
  if (tables.empty() || tables.back()->forward.size() < (std::size_t{1} << log_n)) {
    tables.push_back(build_twiddles(std::max(log_n, 1u)));  // size 1 needs no twiddles; build size 2 instead
  }
  return *tables.back();
}

// Rows processed together by one task in the cache-local phase, and row pairs per task in the global phase:
// about 2^14 elements (64 KiB) per task keeps a task's working set in L2.
constexpr std::size_t kElementsPerTask = std::size_t{1} << 14;

std::size_t floor_pow2(std::size_t x) {
  std::size_t p = 1;
  while (p * 2 <= x) p *= 2;
  return p;
}

// Butterflies of stage h for j in [j0, j0 + count) of the block starting at row k.
void butterflies(BabyBear* data, std::size_t width, std::size_t k, std::size_t h, std::size_t j0,
                 std::size_t count, const BabyBear* tw) {
  if (width == 1) {
    BabyBear* lo = data + k + j0;
    BabyBear* hi = lo + h;
    const BabyBear* w = tw + h + j0;
    if (count < 8) {  // too short for a vector register: skip the dispatch overhead
      for (std::size_t j = 0; j < count; ++j) {
        const BabyBear t = hi[j] * w[j];
        hi[j] = lo[j] - t;
        lo[j] = lo[j] + t;
      }
      return;
    }
    packed::butterfly_vector({lo, count}, {hi, count}, {w, count});
    return;
  }
  BabyBear* lo = data + (k + j0) * width;
  packed::butterfly_rows({lo, count * width}, {lo + h * width, count * width}, width, {tw + h + j0, count});
}

// DIF butterflies of stage h for j in [j0, j0 + count) of the block starting at row k.
void butterflies_dif(BabyBear* data, std::size_t width, std::size_t k, std::size_t h, std::size_t j0,
                     std::size_t count, const BabyBear* tw) {
  if (width == 1) {
    BabyBear* lo = data + k + j0;
    BabyBear* hi = lo + h;
    const BabyBear* w = tw + h + j0;
    if (count < 8) {
      for (std::size_t j = 0; j < count; ++j) {
        const BabyBear d = lo[j] - hi[j];
        lo[j] = lo[j] + hi[j];
        hi[j] = d * w[j];
      }
      return;
    }
    packed::butterfly_dif_vector({lo, count}, {hi, count}, {w, count});
    return;
  }
  BabyBear* lo = data + (k + j0) * width;
  packed::butterfly_dif_rows({lo, count * width}, {lo + h * width, count * width}, width,
                             {tw + h + j0, count});
}

// Rows per cache-local block: stages with 2h <= local_rows touch only rows inside one such block.
std::size_t local_rows_for(std::size_t n, std::size_t width) {
  return std::min(n, std::max<std::size_t>(2, floor_pow2(kElementsPerTask / width)));
}

const detail::SmallStages& small_stages() {
  static const detail::SmallStages small = detail::best_small_stages();
  return small;
}

// One parallel sweep of a stage with 2h > local_rows, tasks cut along j within a block.
template <typename Butterflies>
void global_stage(BabyBear* data, std::size_t n, std::size_t width, std::size_t h, const BabyBear* tw,
                  Butterflies&& run) {
  const std::size_t pairs_per_task = std::max<std::size_t>(1, floor_pow2(kElementsPerTask / 2 / width));
  const std::size_t grain = std::min(h, pairs_per_task);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n / 2 / grain),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t t = r.begin(); t != r.end(); ++t) {
                        const std::size_t p0 = t * grain;
                        run(data, width, (p0 / h) * 2 * h, h, p0 % h, grain, tw);
                      }
                    });
}

// Decimation-in-time stages h = first_h, ..., n/2 over rows in bit-reversed order: natural-order output.
// (first_h > 1 when the earlier stages are known to be trivial, see coset_lde_batch.)
void dit(BabyBear* data, std::size_t n, std::size_t width, const BabyBear* tw, std::size_t first_h = 1) {
  if (n <= 1) return;
  const std::size_t local_rows = local_rows_for(n, width);
  const detail::SmallStages& small = small_stages();
  // Phase 1: each task runs all block-local stages on its block while it is in cache.
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n / local_rows),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t b = r.begin(); b != r.end(); ++b) {
                        BabyBear* block = data + b * local_rows * width;
                        std::size_t h = first_h;
                        if (h == 1 && width == 1 && local_rows >= (std::size_t{1} << small.log_group)) {
                          small.run(block, local_rows, tw);
                          h = std::size_t{1} << small.log_group;
                        }
                        for (; 2 * h <= local_rows; h *= 2) {
                          for (std::size_t k = 0; k < local_rows; k += 2 * h) {
                            butterflies(block, width, k, h, 0, h, tw);
                          }
                        }
                      }
                    });
  // Phase 2: the remaining stages, one parallel sweep each.
  for (std::size_t h = std::max(local_rows, first_h); h < n; h *= 2)
    global_stage(data, n, width, h, tw, butterflies);
}

// Decimation-in-frequency stages h = n/2, ..., 1 over rows in natural order: bit-reversed output.
void dif(BabyBear* data, std::size_t n, std::size_t width, const BabyBear* tw) {
  if (n <= 1) return;
  const std::size_t local_rows = local_rows_for(n, width);
  for (std::size_t h = n / 2; h >= local_rows; h /= 2) global_stage(data, n, width, h, tw, butterflies_dif);
  const detail::SmallStages& small = small_stages();
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, n / local_rows), [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t b = r.begin(); b != r.end(); ++b) {
          BabyBear* block = data + b * local_rows * width;
          const bool vector_tail = width == 1 && local_rows >= (std::size_t{1} << small.log_group);
          const std::size_t last_h = vector_tail ? std::size_t{1} << small.log_group : 1;
          for (std::size_t h = local_rows / 2; h >= last_h; h /= 2) {
            for (std::size_t k = 0; k < local_rows; k += 2 * h) {
              butterflies_dif(block, width, k, h, 0, h, tw);
            }
          }
          if (vector_tail) small.run_dif(block, local_rows, tw);
        }
      });
}

// row i *= first * base^i, rows [0, rows).
void scale_rows_by_powers(BabyBear* data, std::size_t rows, std::size_t width, BabyBear first,
                          BabyBear base) {
  const std::size_t rows_per_task = std::max<std::size_t>(1, kElementsPerTask / width);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, (rows + rows_per_task - 1) / rows_per_task),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t t = r.begin(); t != r.end(); ++t) {
                        const std::size_t begin = t * rows_per_task;
                        const std::size_t end = std::min(rows, begin + rows_per_task);
                        BabyBear factor = first * base.pow(begin);
                        for (std::size_t i = begin; i < end; ++i) {
                          BabyBear* row = data + i * width;
                          packed::mul_scalar({row, width}, {row, width}, factor);
                          factor *= base;
                        }
                      }
                    });
}

// factors[i] = first * base^i, filled in parallel chunks.
void scale_factors_by_powers(std::span<BabyBear> factors, BabyBear first, BabyBear base) {
  constexpr std::size_t kChunk = 4096;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, (factors.size() + kChunk - 1) / kChunk),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t t = r.begin(); t != r.end(); ++t) {
                        const std::size_t begin = t * kChunk, end = std::min(factors.size(), begin + kChunk);
                        BabyBear f = first * base.pow(begin);
                        for (std::size_t i = begin; i < end; ++i) {
                          factors[i] = f;
                          f *= base;
                        }
                      }
                    });
}

std::size_t height_of(std::span<const BabyBear> matrix, std::size_t width) {
  if (width == 0 || matrix.size() % width != 0) __builtin_trap();
  return matrix.size() / width;
}

// Forward (inverse = false) or inverse DFT without the 1/n factor.
void transform_unscaled(std::span<BabyBear> matrix, std::size_t width, bool inverse) {
  const std::size_t n = height_of(matrix, width);
  const unsigned log_n = log2_exact(n);
  const TwiddleTable& table = twiddles(log_n);
  bit_reverse_rows(matrix, width);
  dit(matrix.data(), n, width, inverse ? table.inverse.data() : table.forward.data());
}

}  // namespace

unsigned log2_exact(std::size_t n) noexcept {
  if (n == 0 || (n & (n - 1)) != 0) __builtin_trap();
  unsigned log = 0;
  while ((std::size_t{1} << log) < n) ++log;
  if (log > BabyBear::kTwoAdicity) __builtin_trap();
  return log;
}

std::size_t reverse_bits(std::size_t index, unsigned bits) noexcept {
  if (bits == 0) return 0;
  std::uint64_t x = index;
  x = ((x >> 1) & 0x5555555555555555ull) | ((x & 0x5555555555555555ull) << 1);
  x = ((x >> 2) & 0x3333333333333333ull) | ((x & 0x3333333333333333ull) << 2);
  x = ((x >> 4) & 0x0f0f0f0f0f0f0f0full) | ((x & 0x0f0f0f0f0f0f0f0full) << 4);
  x = __builtin_bswap64(x);
  return static_cast<std::size_t>(x >> (64 - bits));
}

namespace {

// Cache-friendly bit reversal for narrow rows. A row-by-row swap touches a new cache line for almost every
// element. Instead split an index into (a, m, b) with a and b of kTileBits bits each: (a, m, b) goes to (rev
// b, rev m, rev a), so the tile {(a, m, b) : a, b} for one m maps onto the tile of rev m. Both tiles are
// copied to buffers and written back transposed; every read and write runs along kTile consecutive rows.
constexpr unsigned kTileBits = 4;
constexpr std::size_t kTile = std::size_t{1} << kTileBits;
constexpr std::size_t kMaxTiledWidth = 16;

// kWidth > 0 fixes the row width at compile time (the common single-column case); 0 reads it from `width`.
template <std::size_t kWidth>
void bit_reverse_tiled(BabyBear* data, std::size_t width_at_run_time, unsigned bits) {
  const std::size_t width = kWidth != 0 ? kWidth : width_at_run_time;
  const unsigned mid_bits = bits - 2 * kTileBits;
  const unsigned high_shift = bits - kTileBits;
  std::array<std::size_t, kTile> rev{};
  for (std::size_t t = 0; t < kTile; ++t) rev[t] = reverse_bits(t, kTileBits);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, std::size_t{1} << mid_bits, 16),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      std::array<BabyBear, kTile * kTile * kMaxTiledWidth> tile_m, tile_m_rev;
                      const std::size_t tile_row = kTile * width;
                      for (std::size_t m = r.begin(); m != r.end(); ++m) {
                        const std::size_t m_rev = reverse_bits(m, mid_bits);
                        if (m_rev < m) continue;  // the pair was handled at m_rev
                        for (std::size_t a = 0; a < kTile; ++a) {
                          const BabyBear* src_m = data + ((a << high_shift) | (m << kTileBits)) * width;
                          const BabyBear* src_m_rev =
                              data + ((a << high_shift) | (m_rev << kTileBits)) * width;
                          for (std::size_t e = 0; e < tile_row; ++e) {
                            tile_m[a * tile_row + e] = src_m[e];
                            tile_m_rev[a * tile_row + e] = src_m_rev[e];
                          }
                        }
                        // Row (a2, m_rev, b2) receives old row (rev b2, m, rev a2), and row (a2, m, b2) old
                        // row (rev b2, m_rev, rev a2).
                        for (std::size_t a2 = 0; a2 < kTile; ++a2) {
                          BabyBear* dst_m_rev = data + ((a2 << high_shift) | (m_rev << kTileBits)) * width;
                          BabyBear* dst_m = data + ((a2 << high_shift) | (m << kTileBits)) * width;
                          for (std::size_t b2 = 0; b2 < kTile; ++b2) {
                            const std::size_t src = (rev[b2] * kTile + rev[a2]) * width;
                            for (std::size_t c = 0; c < width; ++c) {
                              dst_m_rev[b2 * width + c] = tile_m[src + c];
                              dst_m[b2 * width + c] = tile_m_rev[src + c];
                            }
                          }
                        }
                      }
                    });
}

}  // namespace

void bit_reverse_rows(std::span<BabyBear> matrix, std::size_t width) {
  const std::size_t n = height_of(matrix, width);
  const unsigned bits = log2_exact(n);
  BabyBear* data = matrix.data();
  if (width <= kMaxTiledWidth && bits >= 2 * kTileBits) {
    if (width == 1) {
      bit_reverse_tiled<1>(data, width, bits);
    } else {
      bit_reverse_tiled<0>(data, width, bits);
    }
    return;
  }
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 4096),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t i = r.begin(); i != r.end(); ++i) {
                        const std::size_t j = reverse_bits(i, bits);
                        if (i < j)
                          std::swap_ranges(data + i * width, data + (i + 1) * width, data + j * width);
                      }
                    });
}

void ntt_batch(std::span<BabyBear> matrix, std::size_t width) { transform_unscaled(matrix, width, false); }

void intt_batch(std::span<BabyBear> matrix, std::size_t width) {
  transform_unscaled(matrix, width, true);
  const std::size_t n = height_of(matrix, width);
  const BabyBear n_inv = BabyBear::from_u64(n).inverse();
  scale_rows_by_powers(matrix.data(), n, width, n_inv, BabyBear::one());
}

void ntt(std::span<BabyBear> values) { ntt_batch(values, 1); }
void intt(std::span<BabyBear> values) { intt_batch(values, 1); }

void coset_ntt_batch(std::span<BabyBear> matrix, std::size_t width, BabyBear shift) {
  // f(shift * x) has coefficients c_i * shift^i.
  scale_rows_by_powers(matrix.data(), height_of(matrix, width), width, BabyBear::one(), shift);
  ntt_batch(matrix, width);
}

void coset_intt_batch(std::span<BabyBear> matrix, std::size_t width, BabyBear shift) {
  const std::size_t n = height_of(matrix, width);
  transform_unscaled(matrix, width, true);
  scale_rows_by_powers(matrix.data(), n, width, BabyBear::from_u64(n).inverse(), shift.inverse());
}

void ntt_batch_bit_reversed_output(std::span<BabyBear> matrix, std::size_t width) {
  const std::size_t n = height_of(matrix, width);
  dif(matrix.data(), n, width, twiddles(log2_exact(n)).forward.data());
}

std::vector<BabyBear> coset_lde_batch(std::span<const BabyBear> evaluations, std::size_t width,
                                      unsigned log_blowup, BabyBear shift, EvaluationOrder order) {
  const std::size_t n = height_of(evaluations, width);
  const unsigned log_n = log2_exact(n);
  if (log_n + log_blowup > BabyBear::kTwoAdicity) __builtin_trap();
  const std::size_t blowup = std::size_t{1} << log_blowup;
  const std::size_t extended = n << log_blowup;
  const TwiddleTable& table = twiddles(log_n + log_blowup);
  const BabyBear n_inv = BabyBear::from_u64(n).inverse();

  if (order == EvaluationOrder::kBitReversed) {
    // Natural-order coefficients (bit reversal + inverse DIT), scaled by shift^i / n, zero-padded, then one
    // DIF on the extended height: its output is bit-reversed already.
    std::vector<BabyBear> out(extended * width, BabyBear::zero());
    std::copy(evaluations.begin(), evaluations.end(), out.begin());
    std::span<BabyBear> trace(out.data(), n * width);
    bit_reverse_rows(trace, width);
    dit(trace.data(), n, width, table.inverse.data());
    scale_rows_by_powers(out.data(), n, width, n_inv, shift);
    dif(out.data(), extended, width, table.forward.data());
    return out;
  }

  // Natural order without any bit-reversal pass: the inverse DIF leaves coefficient rev_n(k) in row k. In the
  // bit-reversed order of the extended height, coefficient i < n belongs at row rev_N(i) = rev_n(i) * blowup
  // and all other rows are zero; the first log_blowup DIT stages then only copy row k * blowup into the rest
  // of its block of `blowup` rows, so the rows are written that way and the DIT starts at h = blowup.
  std::vector<BabyBear> coefficients(evaluations.begin(), evaluations.end());
  dif(coefficients.data(), n, width, table.inverse.data());
  std::vector<BabyBear> powers(n);  // shift^i / n
  scale_factors_by_powers(powers, n_inv, shift);
  std::vector<BabyBear> out(extended * width);
  const std::size_t rows_per_task = std::max<std::size_t>(1, kElementsPerTask / (width * blowup));
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, rows_per_task),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t k = r.begin(); k != r.end(); ++k) {
                        BabyBear* first = out.data() + k * blowup * width;
                        packed::mul_scalar({first, width}, {coefficients.data() + k * width, width},
                                           powers[reverse_bits(k, log_n)]);
                        for (std::size_t b = 1; b < blowup; ++b) std::copy_n(first, width, first + b * width);
                      }
                    });
  dit(out.data(), extended, width, table.forward.data(), blowup);
  return out;
}

void evaluate_on_coset_batch(std::span<const BabyBear> matrix, std::size_t width, BabyBear shift,
                             const field::BabyBear4& z, EvaluationOrder order,
                             std::span<field::BabyBear4> out) {
  using field::BabyBear4;
  if (out.size() != width || shift.is_zero()) __builtin_trap();
  const std::size_t n = height_of(matrix, width);
  const unsigned log_n = log2_exact(n);
  const BabyBear omega = BabyBear::two_adic_generator(log_n);
  const auto row_of = [&](std::size_t natural) {
    return order == EvaluationOrder::kNatural ? natural : reverse_bits(natural, log_n);
  };

  // weights[i] = x_i / (z - x_i) for x_i = shift * omega^i; each chunk does its own batch inversion.
  constexpr std::size_t kChunk = 4096;
  std::vector<BabyBear4> weights(n);
  std::vector<BabyBear> points(n);
  scale_factors_by_powers(points, shift, omega);
  for (std::size_t i = 0; i < n; ++i) {
    if ((z - points[i]).is_zero()) {  // z on the coset: the interpolant takes the stored value
      const BabyBear* row = matrix.data() + row_of(i) * width;
      for (std::size_t c = 0; c < width; ++c) out[c] = BabyBear4(row[c]);
      return;
    }
  }
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, (n + kChunk - 1) / kChunk),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      std::vector<BabyBear4> differences;
                      for (std::size_t t = r.begin(); t != r.end(); ++t) {
                        const std::size_t begin = t * kChunk, end = std::min(n, begin + kChunk);
                        differences.resize(end - begin);
                        for (std::size_t i = begin; i < end; ++i) differences[i - begin] = z - points[i];
                        field::batch_inverse(std::span<const BabyBear4>(differences),
                                             std::span<BabyBear4>(weights.data() + begin, end - begin));
                        for (std::size_t i = begin; i < end; ++i) weights[i] *= points[i];
                      }
                    });

  // Sum of weight * row as four base-field accumulations (one per extension coordinate), vectorised across
  // columns and split over threads, each with its own accumulators, kept as unreduced sums of products
  // (one reduction per column and coordinate at the end; see air/lazy_accumulate.hpp).
  tbb::enumerable_thread_specific<std::vector<std::uint64_t>> accumulators(
      [&] { return std::vector<std::uint64_t>(4 * width, 0); });
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, std::max<std::size_t>(1, kElementsPerTask / width)),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      std::vector<std::uint64_t>& acc = accumulators.local();
                      for (std::size_t i = r.begin(); i != r.end(); ++i)
                        air::detail::lazy_accumulate4(acc.data(), width, matrix.data() + row_of(i) * width,
                                                      weights[i], width);
                    });
  std::vector<BabyBear> total(4 * width, BabyBear::zero());
  for (const auto& acc : accumulators)
    for (std::size_t j = 0; j < total.size(); ++j) total[j] += air::detail::lazy_finish(acc[j]);

  const BabyBear shift_n = shift.pow(n);
  const BabyBear4 factor = (z.pow(n) - shift_n) * (BabyBear::from_u64(n) * shift_n).inverse();
  for (std::size_t c = 0; c < width; ++c) {
    out[c] = BabyBear4(total[c], total[width + c], total[2 * width + c], total[3 * width + c]) * factor;
  }
}

}  // namespace neo::zkvm::ntt
