// The kernels of ext_block.hpp: AVX-512 behind the field package's run-time dispatch, portable otherwise.
#include "ext_block.hpp"

#include "../air/lazy_accumulate.hpp"

#include "neo/zkvm/field/packed.hpp"

#if defined(__x86_64__)
#include "neo/zkvm/field/detail/simd_x86.hpp"
#endif

namespace neo::zkvm::stark::detail {
namespace {

constexpr std::size_t B = kExtBlockRows;

// The same dispatch decision as the lazy sums' (one place answers it for the prover's kernels).
bool use_avx512() noexcept { return air::detail::lazy_avx512(); }

BabyBear4 load(const BabyBear* v, std::size_t r) noexcept {
  return BabyBear4(v[r], v[B + r], v[2 * B + r], v[3 * B + r]);
}

void store(BabyBear* v, std::size_t r, const BabyBear4& x) noexcept {
  for (std::size_t k = 0; k < 4; ++k) v[k * B + r] = x[k];
}

#if defined(__x86_64__)
// count is a multiple of 16 in both kernels.
// Schoolbook product with x^4 = W, the same formula as BabyBear4::operator* (each product fully reduced
// here; the field values are the same).
__attribute__((target("avx512f"))) void ext_mul_avx512(BabyBear* out, const BabyBear* a, const BabyBear* b,
                                                       std::size_t count) noexcept {
  using namespace field::simd;
  const __m512i w = avx512_broadcast(BabyBear::from_canonical(BabyBear4::kW));
  for (std::size_t r = 0; r < count; r += 16) {
    const __m512i a0 = avx512_load(a + r), a1 = avx512_load(a + B + r), a2 = avx512_load(a + 2 * B + r),
                  a3 = avx512_load(a + 3 * B + r);
    const __m512i b0 = avx512_load(b + r), b1 = avx512_load(b + B + r), b2 = avx512_load(b + 2 * B + r),
                  b3 = avx512_load(b + 3 * B + r);
    const __m512i wb1 = avx512_mul(w, b1), wb2 = avx512_mul(w, b2), wb3 = avx512_mul(w, b3);
    avx512_store(out + r, avx512_add(avx512_add(avx512_mul(a0, b0), avx512_mul(a1, wb3)),
                                     avx512_add(avx512_mul(a2, wb2), avx512_mul(a3, wb1))));
    avx512_store(out + B + r, avx512_add(avx512_add(avx512_mul(a0, b1), avx512_mul(a1, b0)),
                                         avx512_add(avx512_mul(a2, wb3), avx512_mul(a3, wb2))));
    avx512_store(out + 2 * B + r, avx512_add(avx512_add(avx512_mul(a0, b2), avx512_mul(a1, b1)),
                                             avx512_add(avx512_mul(a2, b0), avx512_mul(a3, wb3))));
    avx512_store(out + 3 * B + r, avx512_add(avx512_add(avx512_mul(a0, b3), avx512_mul(a1, b2)),
                                             avx512_add(avx512_mul(a2, b1), avx512_mul(a3, b0))));
  }
}

__attribute__((target("avx512f"))) void ext_mul_base_avx512(BabyBear* out, const BabyBear* a,
                                                            const BabyBear* m, std::size_t count) noexcept {
  using namespace field::simd;
  for (std::size_t r = 0; r < count; r += 16) {
    const __m512i mv = avx512_load(m + r);
    for (std::size_t k = 0; k < 4; ++k)
      avx512_store(out + k * B + r, avx512_mul(avx512_load(a + k * B + r), mv));
  }
}
#endif

}  // namespace

bool ext_block_avx512_available() noexcept { return air::detail::lazy_avx512_available(); }

void ext_mul_block_portable(BabyBear* out, const BabyBear* a, const BabyBear* b, std::size_t count) noexcept {
  for (std::size_t r = 0; r < count; ++r) store(out, r, load(a, r) * load(b, r));
}

void ext_mul_base_block_portable(BabyBear* out, const BabyBear* a, const BabyBear* m,
                                 std::size_t count) noexcept {
  for (std::size_t r = 0; r < count; ++r) store(out, r, load(a, r) * m[r]);
}

#if defined(__x86_64__)
// Caller bugs trap: the kernels have no tail loop, and need a CPU with AVX-512.
void ext_mul_block_avx512(BabyBear* out, const BabyBear* a, const BabyBear* b, std::size_t count) noexcept {
  if (count % 16 != 0 || !ext_block_avx512_available()) __builtin_trap();
  ext_mul_avx512(out, a, b, count);
}

void ext_mul_base_block_avx512(BabyBear* out, const BabyBear* a, const BabyBear* m,
                               std::size_t count) noexcept {
  if (count % 16 != 0 || !ext_block_avx512_available()) __builtin_trap();
  ext_mul_base_avx512(out, a, m, count);
}
#endif

// The tail rows start at row r: the block layout is coefficient-major with stride B, so shifting every
// pointer by r rows addresses rows [r, count) as rows [0, count - r).
void ext_mul_block(BabyBear* out, const BabyBear* a, const BabyBear* b, std::size_t count) noexcept {
  std::size_t r = 0;
#if defined(__x86_64__)
  if (use_avx512()) {
    r = count / 16 * 16;
    ext_mul_avx512(out, a, b, r);
  }
#endif
  ext_mul_block_portable(out + r, a + r, b + r, count - r);
}

void ext_mul_base_block(BabyBear* out, const BabyBear* a, const BabyBear* m, std::size_t count) noexcept {
  std::size_t r = 0;
#if defined(__x86_64__)
  if (use_avx512()) {
    r = count / 16 * 16;
    ext_mul_base_avx512(out, a, m, r);
  }
#endif
  ext_mul_base_block_portable(out + r, a + r, m + r, count - r);
}

}  // namespace neo::zkvm::stark::detail
