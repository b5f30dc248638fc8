// A concrete checker of the circuit on generated traces, independent of the STARK: every constraint of
// every chip on every row (selectors 1/0: first row, last row, transition = not last), and every bus
// balanced as a multiset (the net multiplicity of each distinct tuple over all chips is zero). Tests use it
// to validate trace generation and, with edited traces, that the constraints catch a cheating prover.
// Host only.
#pragma once

#include <string>
#include <vector>

#include "neo/zkvm/air/builder.hpp"
#include "neo/zkvm/circuit/trace.hpp"

namespace neo::zkvm::circuit {

struct CheckResult {
  bool constraints_ok = true;
  bool buses_ok = true;
  std::string message;  // the first failing constraint (chip, index, label, row) and/or unbalanced tuple
  bool ok() const noexcept { return constraints_ok && buses_ok; }
};

CheckResult check_circuit(const std::vector<air::ConstraintSystem>& systems, const CircuitTraces& traces);

}  // namespace neo::zkvm::circuit
