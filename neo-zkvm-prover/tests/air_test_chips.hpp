// Test chips for the AIR framework and the multi-table STARK: Fibonacci, a byte-range lookup into a
// preprocessed table, a two-chip permutation, and a wide degree-3 chip (also used by bench/stark_bench.cpp).
// Each chip comes with a trace generator.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

#include "neo/zkvm/air/builder.hpp"
#include "neo/zkvm/field/babybear.hpp"
#include "neo/zkvm/merkle/tree.hpp"

namespace neo::zkvm::test_chips {

using air::AirBuilder;
using air::Expr;
using field::BabyBear;
using merkle::RowMajorMatrix;

inline constexpr std::uint32_t kRangeBus = 1;
inline constexpr std::uint32_t kPermutationBus = 2;

inline BabyBear el(std::uint64_t v) { return BabyBear::from_u64(v); }

inline RowMajorMatrix matrix(std::size_t height, std::size_t width) {
  RowMajorMatrix m;
  m.width = width;
  m.values.assign(height * width, BabyBear::zero());
  return m;
}

// Columns a, b. Row 0 = (a0, b0); row i+1 = (b_i, a_i + b_i); the last row's b is the result.
// Public values: a0, b0, result.
struct FibonacciChip {
  std::string_view name() const { return "fibonacci"; }
  std::size_t main_width() const { return 2; }
  std::size_t num_public_values() const { return 3; }
  void eval(AirBuilder& b) const {
    const auto local = b.main_local();
    const auto next = b.main_next();
    b.when_first_row().assert_eq(local[0], b.public_value(0), "a starts at a0");
    b.when_first_row().assert_eq(local[1], b.public_value(1), "b starts at b0");
    b.when_transition().assert_eq(next[0], local[1], "a' = b");
    b.when_transition().assert_eq(next[1], local[0] + local[1], "b' = a + b");
    b.when_last_row().assert_eq(local[1], b.public_value(2), "result");
  }
  static RowMajorMatrix trace(std::size_t height, std::uint32_t a0, std::uint32_t b0) {
    RowMajorMatrix m = matrix(height, 2);
    BabyBear a = el(a0), bb = el(b0);
    for (std::size_t r = 0; r < height; ++r) {
      m.values[2 * r] = a;
      m.values[2 * r + 1] = bb;
      const BabyBear next = a + bb;
      a = bb;
      bb = next;
    }
    return m;
  }
  static std::vector<BabyBear> publics(const RowMajorMatrix& trace, std::uint32_t a0, std::uint32_t b0) {
    return {el(a0), el(b0), trace.values.back()};
  }
};

// The byte table: preprocessed column v = 0..255 (row v), main column = how many lookups of v the other
// chips make. It receives (v) on the range bus with that multiplicity.
struct ByteTableChip {
  std::string_view name() const { return "byte table"; }
  std::size_t preprocessed_width() const { return 1; }
  std::size_t main_width() const { return 1; }
  void eval(AirBuilder& b) const { b.receive(kRangeBus, {b.preprocessed(0)}, b.main(0), "byte lookup"); }
  static RowMajorMatrix table() {
    RowMajorMatrix m = matrix(256, 1);
    for (std::size_t v = 0; v < 256; ++v) m.values[v] = el(v);
    return m;
  }
};

// Values x = lo + 256 hi + 65536 top with three bytes each looked up in the byte table (three sends on the
// range bus, so one LogUp batch of two and one of one), gated by a boolean is_real column so padding rows
// are inert. Columns: is_real, x, lo, hi, top; x = lo + 256 hi + 65536 top on real rows.
struct RangeCheckedChip {
  std::string_view name() const { return "range checked"; }
  std::size_t main_width() const { return 5; }
  void eval(AirBuilder& b) const {
    const auto row = b.main_local();
    const Expr& is_real = row[0];
    b.assert_bool(is_real, "is_real boolean");
    b.assert_zero(is_real * (row[1] - row[2] - row[3] * 256 - row[4] * 65536), "x from bytes");
    b.send(kRangeBus, {row[2]}, is_real, "lo byte");
    b.send(kRangeBus, {row[3]}, is_real, "hi byte");
    b.send(kRangeBus, {row[4]}, is_real, "top byte");
  }
  // `values` (< 2^24) padded with non-real rows to `height`; returns the trace and adds the lookups to the
  // byte table's multiplicities.
  static RowMajorMatrix trace(const std::vector<std::uint32_t>& values, std::size_t height,
                              RowMajorMatrix& table_multiplicities) {
    RowMajorMatrix m = matrix(height, 5);
    for (std::size_t r = 0; r < values.size(); ++r) {
      const std::uint32_t x = values[r];
      const std::uint32_t bytes[3] = {x & 0xff, (x >> 8) & 0xff, (x >> 16) & 0xff};
      m.values[5 * r] = BabyBear::one();
      m.values[5 * r + 1] = el(x);
      for (int i = 0; i < 3; ++i) {
        m.values[5 * r + 2 + i] = el(bytes[i]);
        table_multiplicities.values[bytes[i]] += BabyBear::one();
      }
    }
    return m;
  }
};

// Chip A sends (value, index) for every row; chip B receives the same tuples in another order, with
// padding rows (is_real = 0). A: columns value, index. B: columns is_real, value, index.
struct PermutationSenderChip {
  std::string_view name() const { return "permutation sender"; }
  std::size_t main_width() const { return 2; }
  void eval(AirBuilder& b) const {
    b.send(kPermutationBus, {b.main(0), b.main(1)}, Expr(1), "send (value, index)");
  }
};
struct PermutationReceiverChip {
  std::string_view name() const { return "permutation receiver"; }
  std::size_t main_width() const { return 3; }
  void eval(AirBuilder& b) const {
    b.assert_bool(b.main(0), "is_real boolean");
    b.receive(kPermutationBus, {b.main(1), b.main(2)}, b.main(0), "receive (value, index)");
  }
};
struct PermutationTraces {
  RowMajorMatrix sender;
  RowMajorMatrix receiver;
};
inline PermutationTraces permutation_traces(std::size_t sender_height, std::size_t receiver_height,
                                            std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  PermutationTraces t{matrix(sender_height, 2), matrix(receiver_height, 3)};
  std::vector<std::size_t> order(sender_height);
  for (std::size_t r = 0; r < sender_height; ++r) {
    t.sender.values[2 * r] = el(rng() % BabyBear::kModulus);
    t.sender.values[2 * r + 1] = el(r);
    order[r] = r;
  }
  std::shuffle(order.begin(), order.end(), rng);
  for (std::size_t r = 0; r < sender_height; ++r) {
    t.receiver.values[3 * r] = BabyBear::one();
    t.receiver.values[3 * r + 1] = t.sender.values[2 * order[r]];
    t.receiver.values[3 * r + 2] = t.sender.values[2 * order[r] + 1];
  }
  return t;
}

// A wide chip of `width` columns (width even, >= 4): the first half s_0..s_{h-1} evolve by
//   s_i' = s_i * s_{i+1} + s_{i+2}   (indices mod h; degree 2, degree 3 with the transition selector),
// the second half are products t_i = s_i * s_{i+1} * s_{i+2} (degree 3 on every row).
struct WideChip {
  std::size_t width = 64;
  std::string_view name() const { return "wide degree-3"; }
  std::size_t main_width() const { return width; }
  void eval(AirBuilder& b) const {
    const std::size_t h = width / 2;
    const auto local = b.main_local();
    const auto next = b.main_next();
    for (std::size_t i = 0; i < h; ++i) {
      const Expr& s0 = local[i];
      const Expr& s1 = local[(i + 1) % h];
      const Expr& s2 = local[(i + 2) % h];
      b.when_transition().assert_eq(next[i], s0 * s1 + s2, "state step");
      b.assert_eq(local[h + i], s0 * s1 * s2, "product");
    }
  }
  RowMajorMatrix trace(std::size_t height, std::uint64_t seed) const {
    const std::size_t h = width / 2;
    RowMajorMatrix m = matrix(height, width);
    std::mt19937_64 rng(seed);
    for (std::size_t i = 0; i < h; ++i) m.values[i] = el(rng() % BabyBear::kModulus);
    for (std::size_t r = 0; r < height; ++r) {
      BabyBear* row = m.values.data() + r * width;
      for (std::size_t i = 0; i < h; ++i) row[h + i] = row[i] * row[(i + 1) % h] * row[(i + 2) % h];
      if (r + 1 == height) break;
      BabyBear* next = row + width;
      for (std::size_t i = 0; i < h; ++i) next[i] = row[i] * row[(i + 1) % h] + row[(i + 2) % h];
    }
    return m;
  }
};

}  // namespace neo::zkvm::test_chips
