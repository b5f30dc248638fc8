// Number-theoretic transforms over BabyBear for the prover: radix-2 forward and inverse NTT of one column or
// of all columns of a row-major matrix at once, coset NTTs and the coset low-degree extension (LDE) of trace
// matrices. Work is spread over the available cores with oneTBB; inner loops use the vectorised kernels of
// neo/zkvm/field/packed.hpp, so results do not depend on the CPU or the thread count.
//
// Conventions (all sizes are powers of two, 1 <= n <= 2^27):
//   * omega_n = BabyBear::two_adic_generator(log2 n); the subgroup H = {omega_n^i}.
//   * ntt: coefficients c_0..c_{n-1} in natural order -> evaluations f(omega_n^i) in natural order.
//   * intt: the inverse (includes the 1/n factor).
//   * Matrices are row-major: row r holds the values of every column at one point; a batch transform acts on
//     each column independently (height = values.size() / width).
//   * Internally: an explicit bit-reversal permutation of the rows, then decimation-in-time butterflies with
//     precomputed per-stage twiddles (cached per size, shared by all threads).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "neo/zkvm/field/babybear.hpp"
#include "neo/zkvm/field/extension.hpp"
#include "neo/zkvm/field/poly.hpp"

namespace neo::zkvm::ntt {

using field::BabyBear;
// Row order of a result: natural, or bit-reversed (row r holds the value at point index reverse_bits(r)).
using field::EvaluationOrder;

// log2 of n; n must be a power of two (traps otherwise: a caller bug).
unsigned log2_exact(std::size_t n) noexcept;
// The bit reversal of index over `bits` bits.
std::size_t reverse_bits(std::size_t index, unsigned bits) noexcept;

// Permutes the rows of a row-major matrix into bit-reversed order (an involution).
void bit_reverse_rows(std::span<BabyBear> matrix, std::size_t width);

// In-place transforms of one column.
void ntt(std::span<BabyBear> values);
void intt(std::span<BabyBear> values);

// In-place transforms of every column of a row-major matrix.
void ntt_batch(std::span<BabyBear> matrix, std::size_t width);
void intt_batch(std::span<BabyBear> matrix, std::size_t width);
// Natural-order coefficients -> evaluations in bit-reversed row order (decimation in frequency, no
// permutation pass): row r holds f(omega_n^reverse_bits(r)).
void ntt_batch_bit_reversed_output(std::span<BabyBear> matrix, std::size_t width);

// Coefficients -> evaluations on the coset shift * H (row r: f(shift * omega_n^r)), in place.
void coset_ntt_batch(std::span<BabyBear> matrix, std::size_t width, BabyBear shift);
// Evaluations on shift * H -> coefficients, in place.
void coset_intt_batch(std::span<BabyBear> matrix, std::size_t width, BabyBear shift);

// Low-degree extension: `evaluations` holds each column's values on H (height n, natural order); the result
// holds the same polynomials evaluated on shift * K, |K| = n * 2^log_blowup (row r: f(shift * omega_{nB}^r)
// in natural order, f(shift * omega_{nB}^reverse_bits(r)) in bit-reversed order, the order commitments
// usually take). Choose shift outside K (e.g. the generator 31) so the LDE domain is disjoint from the trace
// domain.
std::vector<BabyBear> coset_lde_batch(std::span<const BabyBear> evaluations, std::size_t width,
                                      unsigned log_blowup, BabyBear shift,
                                      EvaluationOrder order = EvaluationOrder::kNatural);

// Prover-side, parallel and vectorised form of field::evaluate_on_coset (neo/zkvm/field/poly.hpp): for every
// column c of a row-major matrix of evaluations on shift * H (given order), out[c] = the column's interpolant
// at z. Results are identical to the verifier's function (exact field arithmetic; only the summation order
// differs).
void evaluate_on_coset_batch(std::span<const BabyBear> matrix, std::size_t width, BabyBear shift,
                             const field::BabyBear4& z, EvaluationOrder order,
                             std::span<field::BabyBear4> out);

}  // namespace neo::zkvm::ntt
