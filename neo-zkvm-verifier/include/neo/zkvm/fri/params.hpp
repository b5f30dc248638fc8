// FRI parameters and the conjectured security they give.
//
// Portable (verifier).
#pragma once

#include <cstdint>

namespace neo::zkvm::fri {

struct FriParams {
  // The committed evaluations cover 2^log_blowup times as many points as the degree bound (rate
  // 2^-log_blowup).
  unsigned log_blowup = 1;
  unsigned num_queries = 100;
  // Proof-of-work bits ground before the query indices are drawn.
  unsigned pow_bits = 16;
  // Folding stops when the degree bound reaches 2^log_final_poly_len; that polynomial is sent in the clear
  // (its 2^log_final_poly_len coefficients).
  unsigned log_final_poly_len = 0;

  // The production parameters: blowup 2, 100 queries, 16 PoW bits (116 conjectured bits).
  static constexpr FriParams standard() noexcept { return FriParams{}; }
  // Fast parameters for tests only (44 conjectured bits): never a default, never for real proofs.
  static constexpr FriParams insecure_for_tests() noexcept {
    return FriParams{.log_blowup = 2, .num_queries = 20, .pow_bits = 4, .log_final_poly_len = 2};
  }
  friend constexpr bool operator==(const FriParams&, const FriParams&) = default;
};

// Sanity limits the verifier enforces on parameters it is given (a proof may not choose its own parameters,
// but the limits keep a misconfigured verifier from accepting nonsense): log_blowup in [1, 8], num_queries
// in [1, 1000], pow_bits <= 24 (so that a nonce exists among the ~2^31 field elements except with probability
// e^-128), log_final_poly_len <= 20.
bool params_valid(const FriParams& params) noexcept;

// Conjectured security in bits, the usual "ethSTARK" conjecture (ethSTARK documentation, Starkware 2021,
// conjecture 2.1 and section 5.10.1; also the default estimate of Plonky3 and SP1): every query of a proof
// that is not close to the code passes with probability at most the rate rho = 2^-log_blowup, so
//   bits = num_queries * log_blowup + pow_bits,
// capped by the size of the challenge field (BabyBear^4, about 123 bits, for the batching and folding
// challenges). See docs/stark.md.
unsigned conjectured_security_bits(const FriParams& params) noexcept;

}  // namespace neo::zkvm::fri
