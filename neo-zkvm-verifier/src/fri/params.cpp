// FRI parameter checks and the conjectured security estimate.
#include "neo/zkvm/fri/params.hpp"

namespace neo::zkvm::fri {

bool params_valid(const FriParams& params) noexcept {
  return params.log_blowup >= 1 && params.log_blowup <= 8 && params.num_queries >= 1 &&
         params.num_queries <= 1000 && params.pow_bits <= 24 && params.log_final_poly_len <= 20;
}

unsigned conjectured_security_bits(const FriParams& params) noexcept {
  // Challenges live in BabyBear^4: |F| = p^4 ~ 2^123.6. A batching or folding challenge that hits a bad value
  // costs the attacker at most (degree / |F|)-type probabilities, so the estimate is capped at 123 bits.
  constexpr unsigned kChallengeFieldBits = 123;
  const unsigned bits = params.num_queries * params.log_blowup + params.pow_bits;
  return bits < kChallengeFieldBits ? bits : kChallengeFieldBits;
}

}  // namespace neo::zkvm::fri
