// White-box tests of the prover's internal arithmetic kernels (src/air/lazy_accumulate, src/stark/ext_block):
// every variant (the portable loop, the AVX-512 kernel where this CPU has AVX-512, and the dispatching entry
// point the prover calls) against a plain reference computed with BabyBear operators. The machines the
// prover is developed on have AVX-512, so without these tests the portable paths and the odd-count tails of
// the dispatchers would never run.
#include <catch2/catch.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "../src/air/lazy_accumulate.hpp"  // white-box: the lazy sums and their variants
#include "../src/stark/ext_block.hpp"      // white-box: the block extension products and their variants

namespace {

using neo::zkvm::field::BabyBear;
using neo::zkvm::field::BabyBear4;
namespace lazy = neo::zkvm::air::detail;
namespace ext = neo::zkvm::stark::detail;

constexpr std::uint32_t kP = BabyBear::kModulus;

// Montgomery words at the edges of the range. p-1 and p-2 give the largest products, the ones that push a
// lazy sum over its bound fastest; 0 and 1 the smallest.
constexpr std::array<std::uint32_t, 4> kExtremeWords = {0, 1, kP - 2, kP - 1};

// Half the draws are extreme words, so the top of the range comes up often.
BabyBear random_element(std::mt19937_64& rng) {
  const std::uint64_t draw = rng();
  if ((draw & 1) != 0) return BabyBear::from_monty(kExtremeWords[(draw >> 1) & 3]);
  return BabyBear::from_monty(static_cast<std::uint32_t>((draw >> 3) % kP));
}

BabyBear4 random_ext(std::mt19937_64& rng) {
  const BabyBear c0 = random_element(rng), c1 = random_element(rng), c2 = random_element(rng);
  return BabyBear4(c0, c1, c2, random_element(rng));
}

std::vector<BabyBear> random_elements(std::mt19937_64& rng, std::size_t n) {
  std::vector<BabyBear> v(n);
  for (auto& x : v) x = random_element(rng);
  return v;
}

// The field element a lazy accumulator word stands for: the element whose Montgomery word is acc * 2^-32
// mod p (what lazy_finish claims to compute), i.e. the value acc * 2^-64. Computed with field operations
// only, independently of BabyBear::reduce's input bound.
BabyBear lazy_value(std::uint64_t acc) {
  static const BabyBear inv_r = BabyBear::from_u64(std::uint64_t{1} << 32).inverse();
  return BabyBear::from_u64(acc) * inv_r * inv_r;
}

// The product in F[x]/(x^4 - W) as a schoolbook sum of base-field products, one reduction per product: the
// plain reference, independent of BabyBear4::operator*'s own lazy sums.
BabyBear4 schoolbook_mul(const BabyBear4& a, const BabyBear4& b) {
  const BabyBear w = BabyBear::from_canonical(BabyBear4::kW);
  std::array<BabyBear, 4> out{};
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t j = 0; j < 4; ++j) {
      const BabyBear term = a[i] * b[j];
      if (i + j < 4) {
        out[i + j] += term;
      } else {
        out[i + j - 4] += w * term;
      }
    }
  }
  return BabyBear4::from_coefficients(out);
}

void warn_if_no_avx512(bool available) {
  if (!available) WARN("AVX-512 is not available here: the AVX-512 variants were skipped");
}

// ---- lazy_accumulate4 ----

using LazyAccumulateFn = void (*)(std::uint64_t*, std::size_t, const BabyBear*, const BabyBear4&,
                                  std::size_t) noexcept;

struct LazyVariant {
  const char* name;
  LazyAccumulateFn fn;
  std::size_t count_multiple;  // the counts the variant accepts
};

std::vector<LazyVariant> lazy_variants() {
  std::vector<LazyVariant> variants = {{"portable", &lazy::lazy_accumulate4_portable, 1},
                                       {"dispatch", &lazy::lazy_accumulate4, 1}};
#if defined(__x86_64__)
  if (lazy::lazy_avx512_available()) variants.push_back({"avx512", &lazy::lazy_accumulate4_avx512, 8});
#endif
  return variants;
}

// Inputs of a run of lazy_accumulate4 calls on one accumulator of 4 coefficient rows of `count` words,
// `stride` apart; the words in the gap between rows are sentinels that must stay untouched.
struct LazyRun {
  std::size_t count = 0;
  std::size_t stride = 0;
  std::vector<std::uint64_t> initial;    // 4 * stride words
  std::vector<BabyBear4> g;              // one per call
  std::vector<std::vector<BabyBear>> c;  // one column of count values per call
};

constexpr std::uint64_t kSentinel = 0xA5A5A5A5DEADBEEFull;

LazyRun make_lazy_run(std::mt19937_64& rng, std::size_t count, std::size_t calls) {
  LazyRun run;
  run.count = count;
  run.stride = count + 3;
  run.initial.assign(4 * run.stride, kSentinel);
  for (std::size_t k = 0; k < 4; ++k) {
    for (std::size_t r = 0; r < count; ++r) {
      // Any word below the bound is a valid start, including 0 and the bound minus one.
      const std::uint64_t draw = rng();
      std::uint64_t start = draw % lazy::kLazyBound;
      if ((draw & 7) == 0) start = 0;
      if ((draw & 7) == 1) start = lazy::kLazyBound - 1;
      run.initial[k * run.stride + r] = start;
    }
  }
  for (std::size_t i = 0; i < calls; ++i) {
    run.g.push_back(random_ext(rng));
    run.c.push_back(random_elements(rng, count));
  }
  return run;
}

std::vector<std::uint64_t> apply_lazy(const LazyRun& run, LazyAccumulateFn fn) {
  std::vector<std::uint64_t> acc = run.initial;
  for (std::size_t i = 0; i < run.g.size(); ++i)
    fn(acc.data(), run.stride, run.c[i].data(), run.g[i], run.count);
  return acc;
}

// The field values the accumulator must hold: the start plus sum_i g_i[k] * c_i[r], with field operations.
std::vector<BabyBear> lazy_reference(const LazyRun& run) {
  std::vector<BabyBear> want(4 * run.count);
  for (std::size_t k = 0; k < 4; ++k) {
    for (std::size_t r = 0; r < run.count; ++r) {
      BabyBear sum = lazy_value(run.initial[k * run.stride + r]);
      for (std::size_t i = 0; i < run.g.size(); ++i) sum += run.g[i][k] * run.c[i][r];
      want[k * run.count + r] = sum;
    }
  }
  return want;
}

// Empty when acc is right: every word below the bound and finishing to the reference, sentinels untouched.
std::string lazy_mismatch(const LazyRun& run, const std::vector<std::uint64_t>& acc,
                          const std::vector<BabyBear>& want) {
  std::ostringstream out;
  for (std::size_t k = 0; k < 4; ++k) {
    for (std::size_t r = 0; r < run.stride; ++r) {
      const std::uint64_t word = acc[k * run.stride + r];
      if (r >= run.count) {
        if (word != kSentinel) out << "gap word k=" << k << " r=" << r << " was overwritten";
      } else if (word >= lazy::kLazyBound) {
        out << "word k=" << k << " r=" << r << " = " << word << " is not below the lazy bound";
      } else if (lazy::lazy_finish(word) != want[k * run.count + r]) {
        out << "word k=" << k << " r=" << r << " finishes to " << lazy::lazy_finish(word).to_canonical()
            << ", want " << want[k * run.count + r].to_canonical();
      }
      if (out.tellp() > 0) return out.str();
    }
  }
  return {};
}

// ---- RowWeights::dot ----

BabyBear4 dot_reference(const std::vector<BabyBear4>& weights, const std::vector<BabyBear>& row) {
  BabyBear4 sum = BabyBear4::zero();
  for (std::size_t c = 0; c < weights.size(); ++c) {
    // Per coefficient with base-field operations (BabyBear4 * BabyBear is exactly that, spelled out here).
    sum += BabyBear4(weights[c][0] * row[c], weights[c][1] * row[c], weights[c][2] * row[c],
                     weights[c][3] * row[c]);
  }
  return sum;
}

struct DotVariant {
  const char* name;
  BabyBear4 (lazy::RowWeights::*fn)(const BabyBear*) const noexcept;
};

std::vector<DotVariant> dot_variants() {
  std::vector<DotVariant> variants = {{"portable", &lazy::RowWeights::dot_portable},
                                      {"dispatch", &lazy::RowWeights::dot}};
#if defined(__x86_64__)
  if (lazy::lazy_avx512_available()) variants.push_back({"avx512", &lazy::RowWeights::dot_avx512});
#endif
  return variants;
}

// ---- ext_mul_block / ext_mul_base_block ----

constexpr std::size_t kB = ext::kExtBlockRows;

BabyBear4 block_load(const std::vector<BabyBear>& v, std::size_t r) {
  return BabyBear4(v[r], v[kB + r], v[2 * kB + r], v[3 * kB + r]);
}

using ExtMulFn = void (*)(BabyBear*, const BabyBear*, const BabyBear*, std::size_t) noexcept;

struct ExtVariant {
  const char* name;
  ExtMulFn fn;
  std::size_t count_multiple;
};

std::vector<ExtVariant> ext_mul_variants() {
  std::vector<ExtVariant> variants = {{"portable", &ext::ext_mul_block_portable, 1},
                                      {"dispatch", &ext::ext_mul_block, 1}};
#if defined(__x86_64__)
  if (ext::ext_block_avx512_available()) variants.push_back({"avx512", &ext::ext_mul_block_avx512, 16});
#endif
  return variants;
}

std::vector<ExtVariant> ext_mul_base_variants() {
  std::vector<ExtVariant> variants = {{"portable", &ext::ext_mul_base_block_portable, 1},
                                      {"dispatch", &ext::ext_mul_base_block, 1}};
#if defined(__x86_64__)
  if (ext::ext_block_avx512_available()) variants.push_back({"avx512", &ext::ext_mul_base_block_avx512, 16});
#endif
  return variants;
}

// Empty when out holds want on rows [0, count) and `before` on the rows after, in all four coefficients.
std::string block_mismatch(const std::vector<BabyBear>& out, const std::vector<BabyBear4>& want,
                           const std::vector<BabyBear>& before, std::size_t count) {
  std::ostringstream message;
  for (std::size_t r = 0; r < kB; ++r) {
    for (std::size_t k = 0; k < 4; ++k) {
      const BabyBear got = out[k * kB + r];
      if (r < count && got != want[r][k]) {
        message << "row " << r << " coefficient " << k << " is " << got.to_canonical() << ", want "
                << want[r][k].to_canonical();
      } else if (r >= count && got != before[k * kB + r]) {
        message << "row " << r << " coefficient " << k << " past count was overwritten";
      }
      if (message.tellp() > 0) return message.str();
    }
  }
  return {};
}

// Block sizes around the vector widths (8 and 16) and the block size itself.
constexpr std::array<std::size_t, 14> kBlockCounts = {0, 1, 7, 8, 9, 15, 16, 17, 31, 63, 64, 65, 127, kB};

}  // namespace

TEST_CASE("prover kernels: the lazy sum finish is the field sum of products", "[prover][kernels]") {
  // The premise of every lazy kernel, checked directly: one product of words at the top of the range, and a
  // lazy_add that must subtract the bound.
  const BabyBear a = BabyBear::from_monty(kP - 1), b = BabyBear::from_monty(kP - 2);
  const std::uint64_t product = std::uint64_t{a.monty()} * b.monty();
  CHECK(lazy::lazy_finish(product) == a * b);
  const std::uint64_t near_bound = lazy::kLazyBound - 1;
  const std::uint64_t sum = lazy::lazy_add(near_bound, product);
  CHECK(sum < lazy::kLazyBound);
  CHECK(lazy::lazy_finish(sum) == lazy_value(near_bound) + a * b);
  CHECK(lazy::lazy_finish(near_bound) == lazy_value(near_bound));
  // Dispatching to AVX-512 implies this CPU can run it.
  CHECK((!lazy::lazy_avx512() || lazy::lazy_avx512_available()));
}

TEST_CASE("prover kernels: lazy_accumulate4 variants equal the field reference", "[prover][kernels]") {
  std::mt19937_64 rng(0x6c617a7934ull);
  warn_if_no_avx512(lazy::lazy_avx512_available());
  for (const std::size_t count : {0, 1, 7, 8, 9, 15, 16, 63, 64, 65, 128}) {
    const LazyRun run = make_lazy_run(rng, count, 25);
    const std::vector<BabyBear> want = lazy_reference(run);
    const std::vector<std::uint64_t> portable = apply_lazy(run, &lazy::lazy_accumulate4_portable);
    for (const LazyVariant& variant : lazy_variants()) {
      if (count % variant.count_multiple != 0) continue;
      INFO("variant " << variant.name << ", count " << count);
      const std::vector<std::uint64_t> acc = apply_lazy(run, variant.fn);
      CHECK(lazy_mismatch(run, acc, want) == "");
      // The words themselves, not just their field values, must agree: the prover's output may not depend
      // on which variant ran.
      CHECK(acc == portable);
    }
  }
}

TEST_CASE("prover kernels: lazy_accumulate4 long sums stay exact", "[prover][kernels]") {
  std::mt19937_64 rng(0x6c6f6e67ull);
  warn_if_no_avx512(lazy::lazy_avx512_available());
  constexpr std::size_t kCalls = 10'000;
  SECTION("random and extreme words") {
    for (const std::size_t count : {9, 64}) {
      const LazyRun run = make_lazy_run(rng, count, kCalls);
      const std::vector<BabyBear> want = lazy_reference(run);
      for (const LazyVariant& variant : lazy_variants()) {
        if (count % variant.count_multiple != 0) continue;
        INFO("variant " << variant.name << ", count " << count);
        CHECK(lazy_mismatch(run, apply_lazy(run, variant.fn), want) == "");
      }
    }
  }
  SECTION("the largest product in every term") {
    // (p-1)^2 per term: every other term or so crosses the bound, starting from the bound minus one.
    LazyRun run = make_lazy_run(rng, 16, 0);
    for (std::size_t k = 0; k < 4; ++k)
      for (std::size_t r = 0; r < run.count; ++r) run.initial[k * run.stride + r] = lazy::kLazyBound - 1;
    const BabyBear top = BabyBear::from_monty(kP - 1);
    for (std::size_t i = 0; i < kCalls; ++i) {
      run.g.push_back(BabyBear4(top, top, top, top));
      run.c.push_back(std::vector<BabyBear>(run.count, top));
    }
    const std::vector<BabyBear> want = lazy_reference(run);
    for (const LazyVariant& variant : lazy_variants()) {
      INFO("variant " << variant.name);
      CHECK(lazy_mismatch(run, apply_lazy(run, variant.fn), want) == "");
    }
  }
}

TEST_CASE("prover kernels: RowWeights::dot variants equal the field reference", "[prover][kernels]") {
  std::mt19937_64 rng(0x646f74ull);
  warn_if_no_avx512(lazy::lazy_avx512_available());
  for (const std::size_t width : {0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 100, 10'000}) {
    std::vector<BabyBear4> weights(width);
    for (auto& w : weights) w = random_ext(rng);
    // The row is exactly `width` long: a kernel that read past it would show under the sanitizer builds.
    const std::vector<BabyBear> row = random_elements(rng, width);
    const BabyBear4 want = dot_reference(weights, row);
    const lazy::RowWeights row_weights(weights);
    for (const DotVariant& variant : dot_variants()) {
      INFO("variant " << variant.name << ", width " << width);
      CHECK((row_weights.*variant.fn)(row.data()) == want);
    }
  }
}

TEST_CASE("prover kernels: RowWeights::dot with the largest products", "[prover][kernels]") {
  const BabyBear top = BabyBear::from_monty(kP - 1), next = BabyBear::from_monty(kP - 2);
  for (const std::size_t width : {7, 8, 9, 10'000, 10'003}) {
    const std::vector<BabyBear4> weights(width, BabyBear4(top, next, top, next));
    const std::vector<BabyBear> row(width, top);
    const BabyBear4 want = dot_reference(weights, row);
    const lazy::RowWeights row_weights(weights);
    for (const DotVariant& variant : dot_variants()) {
      INFO("variant " << variant.name << ", width " << width);
      CHECK((row_weights.*variant.fn)(row.data()) == want);
    }
  }
}

TEST_CASE("prover kernels: ext_mul_block variants equal BabyBear4 products", "[prover][kernels]") {
  std::mt19937_64 rng(0x6578746dull);
  warn_if_no_avx512(ext::ext_block_avx512_available());
  for (const std::size_t count : kBlockCounts) {
    const std::vector<BabyBear> a = random_elements(rng, 4 * kB), b = random_elements(rng, 4 * kB);
    const std::vector<BabyBear> before = random_elements(rng, 4 * kB);
    std::vector<BabyBear4> want(count);
    for (std::size_t r = 0; r < count; ++r) {
      want[r] = schoolbook_mul(block_load(a, r), block_load(b, r));
      REQUIRE(want[r] == block_load(a, r) * block_load(b, r));  // the reference agrees with BabyBear4
    }
    for (const ExtVariant& variant : ext_mul_variants()) {
      if (count % variant.count_multiple != 0) continue;
      INFO("variant " << variant.name << ", count " << count);
      std::vector<BabyBear> out = before;
      variant.fn(out.data(), a.data(), b.data(), count);
      CHECK(block_mismatch(out, want, before, count) == "");
    }
  }
}

TEST_CASE("prover kernels: ext_mul_block with extreme coefficients", "[prover][kernels]") {
  // Every combination of extreme words in every coefficient position of both factors, 16 rows a block.
  const std::size_t combos = kExtremeWords.size() * kExtremeWords.size();
  std::vector<BabyBear> a(4 * kB), b(4 * kB);
  for (std::size_t r = 0; r < kB; ++r) {
    for (std::size_t k = 0; k < 4; ++k) {
      const std::size_t combo = (r + 5 * k) % combos;
      a[k * kB + r] = BabyBear::from_monty(kExtremeWords[combo % kExtremeWords.size()]);
      b[k * kB + r] = BabyBear::from_monty(kExtremeWords[combo / kExtremeWords.size()]);
    }
  }
  std::vector<BabyBear4> want(kB);
  for (std::size_t r = 0; r < kB; ++r) want[r] = schoolbook_mul(block_load(a, r), block_load(b, r));
  const std::vector<BabyBear> before(4 * kB, BabyBear::one());
  for (const ExtVariant& variant : ext_mul_variants()) {
    INFO("variant " << variant.name);
    std::vector<BabyBear> out = before;
    variant.fn(out.data(), a.data(), b.data(), kB);
    CHECK(block_mismatch(out, want, before, kB) == "");
  }
}

TEST_CASE("prover kernels: ext_mul_base_block variants equal BabyBear4 products", "[prover][kernels]") {
  std::mt19937_64 rng(0x62617365ull);
  warn_if_no_avx512(ext::ext_block_avx512_available());
  for (const std::size_t count : kBlockCounts) {
    const std::vector<BabyBear> a = random_elements(rng, 4 * kB), m = random_elements(rng, kB);
    const std::vector<BabyBear> before = random_elements(rng, 4 * kB);
    std::vector<BabyBear4> want(count);
    for (std::size_t r = 0; r < count; ++r) {
      const BabyBear4 x = block_load(a, r);
      want[r] = BabyBear4(x[0] * m[r], x[1] * m[r], x[2] * m[r], x[3] * m[r]);
    }
    for (const ExtVariant& variant : ext_mul_base_variants()) {
      if (count % variant.count_multiple != 0) continue;
      INFO("variant " << variant.name << ", count " << count);
      std::vector<BabyBear> out = before;
      variant.fn(out.data(), a.data(), m.data(), count);
      CHECK(block_mismatch(out, want, before, count) == "");
      // In place (out == a), which the contract allows and the prover uses: rows past count keep a's values.
      std::vector<BabyBear> in_place = a;
      variant.fn(in_place.data(), in_place.data(), m.data(), count);
      CHECK(block_mismatch(in_place, want, a, count) == "");
    }
  }
}
