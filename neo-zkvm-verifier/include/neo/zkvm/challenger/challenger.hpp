// The Fiat-Shamir challenger: a duplex sponge over Poseidon2 (width 16, rate 8), used identically by the
// prover and the verifier, so both derive the same challenges from the same transcript.
//
// Duplex construction (this project's definition, see docs/stark.md):
//   * state: 16 elements, initially zero; an input buffer of at most 8 pending elements; an output buffer
//     of squeezed elements not yet handed out.
//   * observe(x): discards the output buffer (so every challenge drawn after x depends on x) and appends x
//     to the input buffer; when 8 are pending, duplex.
//   * duplex: the pending inputs overwrite state[0..n) (n <= 8; state[n..8) keep their values), the state
//     is permuted, and the output buffer becomes state[0..8).
//   * sample(): if inputs are pending or the output buffer is empty, duplex first; then hand out the last
//     element of the output buffer (and drop it).
// Construction observes the domain separator (its byte length, then one element per byte) and the protocol
// version before anything else, so transcripts of different protocols or versions never coincide.
//
// Portable (verifier): no exceptions, no allocation after construction.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "neo/zkvm/field/babybear.hpp"
#include "neo/zkvm/field/extension.hpp"
#include "neo/zkvm/hash/poseidon2.hpp"

namespace neo::zkvm::challenger {

using field::BabyBear;
using field::BabyBear4;
using Hash = hash::Poseidon2BabyBear16;
using Digest = Hash::Digest;

// The largest number of bits sample_bits hands out: the low bits of a uniform element of [0, p) are
// uniform up to a bias below 2^-27 only while 2^bits divides p - 1 = 15 * 2^27.
inline constexpr unsigned kMaxSampleBits = BabyBear::kTwoAdicity;

class Challenger {
 public:
  Challenger(std::string_view domain_separator, std::uint32_t protocol_version) noexcept;

  void observe(BabyBear value) noexcept;
  void observe(const BabyBear4& value) noexcept;
  void observe(std::span<const BabyBear> values) noexcept;
  void observe(const Digest& digest) noexcept;
  // A 32-bit word as two 16-bit limbs (so any u32 is observed injectively, not reduced mod p).
  void observe_u32(std::uint32_t value) noexcept;

  BabyBear sample() noexcept;
  BabyBear4 sample_ext() noexcept;
  // Uniform in [0, 2^bits): the low `bits` bits of the canonical value of sample(); bits <= kMaxSampleBits
  // (larger traps: a caller bug).
  std::uint32_t sample_bits(unsigned bits) noexcept;

  // Proof-of-work check: observes `nonce`, then accepts iff sample_bits(pow_bits) == 0 (the sampled
  // value's low pow_bits bits are all zero). The prover searches such a nonce (neo/zkvm/fri/grinding.hpp in
  // the prover); the expected work is 2^pow_bits permutations. The transcript advances either way.
  bool check_witness(unsigned pow_bits, BabyBear nonce) noexcept;

 private:
  void duplex() noexcept;

  Hash::State state_{};
  std::array<BabyBear, Hash::kRate> input_{};
  std::size_t input_len_ = 0;
  std::array<BabyBear, Hash::kRate> output_{};
  std::size_t output_len_ = 0;
};

}  // namespace neo::zkvm::challenger
