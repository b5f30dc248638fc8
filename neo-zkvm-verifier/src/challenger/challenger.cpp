// Duplex-sponge challenger (definition in neo/zkvm/challenger/challenger.hpp).
#include "neo/zkvm/challenger/challenger.hpp"

namespace neo::zkvm::challenger {

Challenger::Challenger(std::string_view domain_separator, std::uint32_t protocol_version) noexcept {
  observe_u32(static_cast<std::uint32_t>(domain_separator.size()));
  for (const char c : domain_separator) observe(BabyBear::from_u32(static_cast<unsigned char>(c)));
  observe_u32(protocol_version);
}

void Challenger::duplex() noexcept {
  for (std::size_t i = 0; i < input_len_; ++i) state_[i] = input_[i];
  input_len_ = 0;
  Hash::permute(state_);
  for (std::size_t i = 0; i < Hash::kRate; ++i) output_[i] = state_[i];
  output_len_ = Hash::kRate;
}

void Challenger::observe(BabyBear value) noexcept {
  output_len_ = 0;
  input_[input_len_++] = value;
  if (input_len_ == Hash::kRate) duplex();
}

void Challenger::observe(const BabyBear4& value) noexcept {
  for (const BabyBear c : value.coefficients()) observe(c);
}

void Challenger::observe(std::span<const BabyBear> values) noexcept {
  for (const BabyBear v : values) observe(v);
}

void Challenger::observe(const Digest& digest) noexcept { observe(std::span<const BabyBear>(digest)); }

void Challenger::observe_u32(std::uint32_t value) noexcept {
  observe(BabyBear::from_canonical(value & 0xFFFFu));
  observe(BabyBear::from_canonical(value >> 16));
}

BabyBear Challenger::sample() noexcept {
  if (input_len_ != 0 || output_len_ == 0) duplex();
  return output_[--output_len_];
}

BabyBear4 Challenger::sample_ext() noexcept {
  const BabyBear c0 = sample();
  const BabyBear c1 = sample();
  const BabyBear c2 = sample();
  const BabyBear c3 = sample();
  return BabyBear4(c0, c1, c2, c3);
}

std::uint32_t Challenger::sample_bits(unsigned bits) noexcept {
  if (bits > kMaxSampleBits) __builtin_trap();
  const std::uint32_t mask = (std::uint32_t{1} << bits) - 1;
  return sample().to_canonical() & mask;
}

bool Challenger::check_witness(unsigned pow_bits, BabyBear nonce) noexcept {
  observe(nonce);
  return sample_bits(pow_bits) == 0;
}

}  // namespace neo::zkvm::challenger
