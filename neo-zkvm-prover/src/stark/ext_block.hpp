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

}  // namespace neo::zkvm::stark::detail
