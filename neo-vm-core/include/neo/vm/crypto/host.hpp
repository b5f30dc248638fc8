// The host crypto backend: Crypto++ (hashes, ECDSA on secp256r1, Ed25519) and libsecp256k1 (ECDSA and key
// recovery on secp256k1). Host builds only; it serves as the reference the portable backend is tested
// against, and as the fast path for host-side tools. Neo's semantics (high S accepted, Neo's recovery-id
// rules) are applied on top of the libraries, so both backends answer every input identically.
#pragma once

#include "neo/vm/crypto/backend.hpp"

namespace neo::vm::crypto {

const CryptoBackend& host_backend() noexcept;

}  // namespace neo::vm::crypto
