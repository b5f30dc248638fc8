// Parallel proof-of-work search.
#include "neo/zkvm/fri/grinding.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <cstdint>

namespace neo::zkvm::fri {

std::optional<field::BabyBear> grind(const challenger::Challenger& challenger, unsigned pow_bits) {
  if (pow_bits > challenger::kMaxSampleBits) return std::nullopt;
  constexpr std::uint32_t kRound = 1u << 14;
  constexpr std::uint32_t kNotFound = 0xFFFFFFFFu;
  for (std::uint32_t base = 0; base < field::BabyBear::kModulus;
       base += std::min(kRound, field::BabyBear::kModulus - base)) {
    const std::uint32_t end = base + std::min(kRound, field::BabyBear::kModulus - base);
    const std::uint32_t found = tbb::parallel_reduce(
        tbb::blocked_range<std::uint32_t>(base, end, 1024), kNotFound,
        [&](const tbb::blocked_range<std::uint32_t>& r, std::uint32_t best) {
          for (std::uint32_t n = r.begin(); n < r.end() && n < best; ++n) {
            challenger::Challenger trial = challenger;
            if (trial.check_witness(pow_bits, field::BabyBear::from_canonical(n))) return n;
          }
          return best;
        },
        [](std::uint32_t a, std::uint32_t b) { return std::min(a, b); });
    if (found != kNotFound) return field::BabyBear::from_canonical(found);
  }
  return std::nullopt;
}

}  // namespace neo::zkvm::fri
