// Private header: the kernels that run the first DIT stages of a single-column NTT inside vector registers.
#pragma once

#include <cstddef>

#include "neo/zkvm/field/babybear.hpp"

namespace neo::zkvm::ntt::detail {

// run: the DIT stages h = 1, 2, ..., 2^(log_group - 1) on every group of 2^log_group consecutive values of
// data[0..n) (n a multiple of the group size). run_dif: the DIF stages h = 2^(log_group - 1), ..., 2, 1 on
// the same groups. tw is the twiddle table (tw[h + j] = omega_{2h}^j).
struct SmallStages {
  unsigned log_group;
  void (*run)(field::BabyBear* data, std::size_t n, const field::BabyBear* tw) noexcept;
  void (*run_dif)(field::BabyBear* data, std::size_t n, const field::BabyBear* tw) noexcept;
};

// The best variant for this CPU: AVX-512 (groups of 16), AVX2 (groups of 8) or portable (groups of 8).
SmallStages best_small_stages() noexcept;
// A specific variant, for tests: 0 portable, 1 AVX2, 2 AVX-512; run == nullptr when not available.
SmallStages small_stages_variant(int variant) noexcept;

}  // namespace neo::zkvm::ntt::detail
