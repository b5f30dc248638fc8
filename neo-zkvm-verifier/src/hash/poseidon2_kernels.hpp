// Private header: the vector Poseidon2 backends (several states per call) behind
// Poseidon2BabyBear16::permute_many.
#pragma once

#include <cstddef>

#include "neo/zkvm/hash/poseidon2.hpp"

namespace neo::zkvm::hash::detail {

using PermuteManyKernel = void (*)(Poseidon2BabyBear16::State* states, std::size_t count,
                                   const Poseidon2FieldConstants& constants) noexcept;

// Each kernel permutes states[0..count) where count is a multiple of its lane count (8 for AVX2, 16 for
// AVX-512). nullptr when not built (non-x86).
PermuteManyKernel poseidon2_avx2_kernel() noexcept;
PermuteManyKernel poseidon2_avx512_kernel() noexcept;
inline constexpr std::size_t kAvx2States = 8;
inline constexpr std::size_t kAvx512States = 16;

}  // namespace neo::zkvm::hash::detail
