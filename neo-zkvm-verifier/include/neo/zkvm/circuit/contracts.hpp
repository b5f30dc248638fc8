// The range contracts of the rv32im circuit's buses (air/contracts.hpp; the table with the reasons is in
// docs/circuit.md §3): per field, its range and who proves it. build_circuit() refuses a chip set in which
// some chip does not prove what its side of a bus must.
//
// Portable (verifier).
#pragma once

#include <span>

#include "neo/zkvm/air/contracts.hpp"

namespace neo::zkvm::circuit {

std::span<const air::BusContract> bus_contracts();

}  // namespace neo::zkvm::circuit
