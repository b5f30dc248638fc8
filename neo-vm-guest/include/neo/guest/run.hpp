// run(): one Neo execution as a pure function from ProofInput to ProofOutput. The host calls it natively; the
// Neo guest calls the very same code compiled for rv32im, and the two must produce identical output bytes.
#pragma once

#include "neo/guest/proof_io.hpp"

namespace neo::guest {

ProofOutput run(const ProofInput& input);

// Converts a VM stack item to plain data within the limits that the ProofOutput decoder enforces. An item
// that cannot be represented (a cyclic reference, nesting deeper than the limit, too many items or bytes)
// becomes an InteropInterface value whose text says why — the run still HALTed, only its report is cut,
// as Neo's RPC reports such stacks.
StackValue to_stack_value(const vm::StackItem& item, const StackValueLimits& limits = {});

}  // namespace neo::guest
