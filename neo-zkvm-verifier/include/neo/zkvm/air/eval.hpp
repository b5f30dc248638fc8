// Evaluating a constraint system at one point: the verifier's evaluator (at the out-of-domain point, in
// BabyBear4) and the reference evaluator the prover's debug checks and its tests use (on trace rows, in
// BabyBear). Generic over the value type T (BabyBear or BabyBear4).
//
// Selectors (normalised Lagrange polynomials on the trace subgroup H = <omega>, |H| = n):
//   Z_H(x) = x^n - 1,  is_first_row(x) = Z_H(x) / (n (x - 1)),
//   is_last_row(x) = omega^-1 Z_H(x) / (n (x - omega^-1)),  is_transition(x) = x - omega^-1.
// On H they are exactly 1/0 (first row, last row) and non-zero except on the last row (transition).
//
// Portable (verifier).
#pragma once

#include <cstddef>
#include <span>

#include "neo/zkvm/air/builder.hpp"
#include "neo/zkvm/field/extension.hpp"

namespace neo::zkvm::air {

using field::BabyBear4;

template <typename T>
struct RowValues {
  std::span<const T> preprocessed_local;
  std::span<const T> preprocessed_next;
  std::span<const T> main_local;
  std::span<const T> main_next;
  std::span<const BabyBear> public_values;
  T is_first_row{};
  T is_last_row{};
  T is_transition{};
};

// out[id] = the value of node id, for every node (out.size() == nodes.size()). Indices were range-checked
// at setup; the spans must have the chip's widths.
template <typename T>
void evaluate_nodes(std::span<const Node> nodes, const RowValues<T>& row, std::span<T> out) noexcept {
  for (std::size_t id = 0; id < nodes.size(); ++id) {
    const Node& n = nodes[id];
    switch (n.kind) {
      case NodeKind::kConstant:
        out[id] = T(n.constant);
        break;
      case NodeKind::kPreprocessedLocal:
        out[id] = row.preprocessed_local[n.a];
        break;
      case NodeKind::kPreprocessedNext:
        out[id] = row.preprocessed_next[n.a];
        break;
      case NodeKind::kMainLocal:
        out[id] = row.main_local[n.a];
        break;
      case NodeKind::kMainNext:
        out[id] = row.main_next[n.a];
        break;
      case NodeKind::kPublic:
        out[id] = T(row.public_values[n.a]);
        break;
      case NodeKind::kIsFirstRow:
        out[id] = row.is_first_row;
        break;
      case NodeKind::kIsLastRow:
        out[id] = row.is_last_row;
        break;
      case NodeKind::kIsTransition:
        out[id] = row.is_transition;
        break;
      case NodeKind::kAdd:
        out[id] = out[n.a] + out[n.b];
        break;
      case NodeKind::kSub:
        out[id] = out[n.a] - out[n.b];
        break;
      case NodeKind::kMul:
        out[id] = out[n.a] * out[n.b];
        break;
      case NodeKind::kNeg:
        out[id] = -out[n.a];
        break;
    }
  }
}

template <typename T>
struct Selectors {
  T vanishing{};  // Z_H(x)
  T is_first_row{};
  T is_last_row{};
  T is_transition{};
};

// The selectors at a point x outside H (the verifier's out-of-domain point; x on H would divide by zero,
// which the inverse maps to zero).
template <typename T>
Selectors<T> selectors_at(const T& x, unsigned log_n) noexcept {
  const std::uint64_t n = std::uint64_t{1} << log_n;
  const BabyBear omega_inv = BabyBear::two_adic_generator(log_n).inverse();
  const BabyBear n_base = BabyBear::from_u64(n);
  Selectors<T> s;
  s.vanishing = x.pow(n) - T(BabyBear::one());
  s.is_first_row = s.vanishing * ((x - T(BabyBear::one())) * T(n_base)).inverse();
  s.is_last_row = s.vanishing * T(omega_inv) * ((x - T(omega_inv)) * T(n_base)).inverse();
  s.is_transition = x - T(omega_inv);
  return s;
}

}  // namespace neo::zkvm::air
