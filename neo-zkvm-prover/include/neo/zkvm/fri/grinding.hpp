// Proof-of-work grinding, prover side: the search that Challenger::check_witness verifies.
#pragma once

#include <optional>

#include "neo/zkvm/challenger/challenger.hpp"

namespace neo::zkvm::fri {

// The smallest nonce n (as a canonical value, 0 <= n < p) such that a copy of `challenger` that observes n
// samples pow_bits zero low bits — the same test as Challenger::check_witness. `challenger` itself is not
// advanced. Searches in parallel (oneTBB), in rounds of increasing nonces, so the result does not depend on
// the thread count. nullopt only if no field element works (for pow_bits <= 24 that has probability below
// e^-128) or pow_bits > 27.
std::optional<field::BabyBear> grind(const challenger::Challenger& challenger, unsigned pow_bits);

}  // namespace neo::zkvm::fri
