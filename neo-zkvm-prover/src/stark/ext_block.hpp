// Internal to the prover: extension-field (BabyBear4) arithmetic on blocks of rows, for the LogUp part of
// the quotient. A block value is coefficient-major: coefficient k of row r at v[k * kBlockRows + r]
// (kBlockRows = air::CompiledAir::kBlockRows), so each coefficient is a contiguous vector of rows and the
// products run on AVX-512 lanes (portable loops elsewhere), with results identical to BabyBear4's.
#pragma once

#include <cstddef>

#include "neo/zkvm/air/compiled.hpp"
#include "neo/zkvm/field/extension.hpp"

namespace neo::zkvm::stark::detail {

using field::BabyBear;
using field::BabyBear4;

inline constexpr std::size_t kExtBlockRows = air::CompiledAir::kBlockRows;

// out = a * b on rows [0, count), count <= kExtBlockRows. out must not overlap a or b.
void ext_mul_block(BabyBear* out, const BabyBear* a, const BabyBear* b, std::size_t count) noexcept;

// out = a * m (m a base-field value per row) on rows [0, count), count <= kExtBlockRows; out may be a.
void ext_mul_base_block(BabyBear* out, const BabyBear* a, const BabyBear* m, std::size_t count) noexcept;

// Both entry points above dispatch on the field package's choice: AVX-512 on the multiple-of-16 part of
// count, the portable loop on the rest. The variants are exposed so tests can compare them on any machine:
// the portable ones take any count; the AVX-512 ones (x86-64 builds only, callable only when
// ext_block_avx512_available()) take a count that is a multiple of 16 and trap otherwise. Same contracts on
// count and overlap as above.
bool ext_block_avx512_available() noexcept;
void ext_mul_block_portable(BabyBear* out, const BabyBear* a, const BabyBear* b, std::size_t count) noexcept;
void ext_mul_base_block_portable(BabyBear* out, const BabyBear* a, const BabyBear* m,
                                 std::size_t count) noexcept;
#if defined(__x86_64__)
void ext_mul_block_avx512(BabyBear* out, const BabyBear* a, const BabyBear* b, std::size_t count) noexcept;
void ext_mul_base_block_avx512(BabyBear* out, const BabyBear* a, const BabyBear* m,
                               std::size_t count) noexcept;
#endif

}  // namespace neo::zkvm::stark::detail
