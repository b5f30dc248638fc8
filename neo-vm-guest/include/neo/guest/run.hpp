// run(): one Neo execution as a pure function from ProofInput to ProofOutput. The host calls it natively; the
// Neo guest calls the very same code compiled for rv32im, and the two must produce identical output bytes.
#pragma once

#include "neo/guest/proof_io.hpp"
#include "neo/vm/crypto/backend.hpp"

namespace neo::guest {

// Runs the script (or contract) on the Neo application engine: the System.* interop services, storage over
// the environment's initial storage, notifications and logs. The portable crypto backend is what the guest
// uses; the host may pass its own backend (Crypto++/libsecp256k1), which gives the same answers (a test
// checks both backends agree), so the output bytes are the same either way.
ProofOutput run(const ProofInput& input);
ProofOutput run(const ProofInput& input, const vm::crypto::CryptoBackend& backend);

// Converts a VM stack item to plain data within the limits that the ProofOutput decoder enforces. An item
// that cannot be represented (a cyclic reference, nesting deeper than the limit, too many items or bytes)
// becomes an InteropInterface value whose text says why — the run still HALTed, only its report is cut,
// as Neo's RPC reports such stacks.
StackValue to_stack_value(const vm::StackItem& item, const StackValueLimits& limits = {});

}  // namespace neo::guest
