// Evaluation of polynomials at an extension-field point, given either by coefficients or by evaluations on a
// two-adic coset (barycentric formula). Used by the verifier (out-of-domain checks, FRI final polynomial) and
// by the prover (opening values at the out-of-domain point).
//
// Portable: runs in the verifier and possibly in the guest (std::vector for scratch only).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "neo/zkvm/field/babybear.hpp"
#include "neo/zkvm/field/extension.hpp"

namespace neo::zkvm::field {

// Order of evaluations over a coset shift * H, H = <omega_n>: natural (row i at shift * omega^i) or
// bit-reversed (row i at shift * omega^reverse_bits(i, log n)), the order an LDE is usually committed in.
enum class EvaluationOrder { kNatural, kBitReversed };

// Horner evaluation of sum c_i z^i.
inline BabyBear4 evaluate_coefficients(std::span<const BabyBear> coefficients, const BabyBear4& z) noexcept {
  BabyBear4 acc;
  for (std::size_t i = coefficients.size(); i-- > 0;) acc = acc * z + coefficients[i];
  return acc;
}
inline BabyBear4 evaluate_coefficients(std::span<const BabyBear4> coefficients, const BabyBear4& z) noexcept {
  BabyBear4 acc;
  for (std::size_t i = coefficients.size(); i-- > 0;) acc = acc * z + coefficients[i];
  return acc;
}

namespace detail {
inline std::size_t reverse_low_bits(std::size_t index, unsigned bits) noexcept {
  std::size_t out = 0;
  for (unsigned b = 0; b < bits; ++b) out |= ((index >> b) & 1u) << (bits - 1 - b);
  return out;
}
}  // namespace detail

// Evaluates at z, for every column c of a row-major matrix (height n = a power of two, width =
// out.size()), the polynomial of degree < n that takes the value matrix[i * width + c] at the coset point
// x_i of shift * H.
//
// Barycentric form on a coset: with Z(X) = X^n - shift^n, the Lagrange basis is
//   L_i(z) = Z(z) / (Z'(x_i) (z - x_i)) and Z'(x_i) = n x_i^{n-1} = n shift^n / x_i, so
//   f(z) = (z^n - shift^n) / (n shift^n) * sum_i f_i x_i / (z - x_i).
// The n denominators are inverted together (one extension inversion). If z is itself a point x_i of the
// coset, the value in row i is returned. A height that is not a power of two (or exceeds 2^27), or a zero
// shift, traps.
inline void evaluate_on_coset(std::span<const BabyBear> matrix, std::size_t width, BabyBear shift,
                              const BabyBear4& z, EvaluationOrder order, std::span<BabyBear4> out) noexcept {
  if (width == 0 || out.size() != width || matrix.size() % width != 0) __builtin_trap();
  const std::size_t n = matrix.size() / width;
  unsigned log_n = 0;
  while ((std::size_t{1} << log_n) < n) ++log_n;
  if (n == 0 || (std::size_t{1} << log_n) != n || log_n > BabyBear::kTwoAdicity) __builtin_trap();
  if (shift.is_zero()) __builtin_trap();  // not a coset

  // Natural-order points x_i = shift * omega^i.
  std::vector<BabyBear> points(n);
  const BabyBear omega = BabyBear::two_adic_generator(log_n);
  BabyBear x = shift;
  for (std::size_t i = 0; i < n; ++i) {
    points[i] = x;
    x *= omega;
  }
  const auto row_of = [&](std::size_t natural_index) {
    return order == EvaluationOrder::kNatural ? natural_index
                                              : detail::reverse_low_bits(natural_index, log_n);
  };

  std::vector<BabyBear4> differences(n);
  for (std::size_t i = 0; i < n; ++i) {
    differences[i] = z - points[i];
    if (differences[i].is_zero()) {  // z lies on the coset: the interpolant takes the stored value there
      const BabyBear* row = matrix.data() + row_of(i) * width;
      for (std::size_t c = 0; c < width; ++c) out[c] = BabyBear4(row[c]);
      return;
    }
  }
  batch_inverse_in_place(std::span<BabyBear4>(differences));

  for (auto& v : out) v = BabyBear4::zero();
  for (std::size_t i = 0; i < n; ++i) {
    const BabyBear4 weight = differences[i] * points[i];  // x_i / (z - x_i)
    const BabyBear* row = matrix.data() + row_of(i) * width;
    for (std::size_t c = 0; c < width; ++c) out[c] += weight * row[c];
  }
  const BabyBear shift_n = shift.pow(n);
  const BabyBear4 vanishing = z.pow(n) - shift_n;
  const BabyBear scale = (BabyBear::from_u64(n) * shift_n).inverse();
  const BabyBear4 factor = vanishing * scale;
  for (auto& v : out) v *= factor;
}

// One column.
inline BabyBear4 evaluate_on_coset(std::span<const BabyBear> evaluations, BabyBear shift, const BabyBear4& z,
                                   EvaluationOrder order = EvaluationOrder::kNatural) noexcept {
  BabyBear4 result;
  evaluate_on_coset(evaluations, 1, shift, z, order, std::span<BabyBear4>(&result, 1));
  return result;
}

}  // namespace neo::zkvm::field
