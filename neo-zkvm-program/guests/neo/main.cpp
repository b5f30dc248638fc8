// The Neo guest: proves one Neo N3 execution.
//   input:          a canonical ProofInput encoding (neo-vm-guest)
//   public values:  the canonical PublicInputs (script, input and output hashes, gas, success, storage roots)
//   stdout:         the canonical ProofOutput encoding, for the host (bound by output_hash)
// It runs neo::guest::run — the same code the host runs natively — so host and guest outputs are identical.
#include <string>

#include "neo/guest/public_inputs.hpp"
#include "neo/guest/run.hpp"
#include "neo/vm/crypto/sha256.hpp"
#include "neo/zkvm/runtime/io.hpp"

namespace rt = neo::zkvm::runtime;

int main() {
  const std::vector<std::uint8_t> input_bytes = rt::read_input();
  const auto decoded = neo::guest::decode_proof_input(input_bytes);
  if (!decoded.ok()) rt::fail("the input is not a valid ProofInput: " + decoded.error);
  const neo::guest::ProofInput& input = *decoded.value;

  const neo::guest::ProofOutput output = neo::guest::run(input);
  const std::vector<std::uint8_t> output_bytes = neo::guest::encode(output);

  // The decoder accepted only the canonical encoding, so the input bytes are the encoding the hash is over.
  neo::guest::PublicInputs pub;
  pub.script_hash = neo::guest::script_hash(input);
  pub.input_hash = neo::vm::crypto::sha256(input_bytes);
  pub.output_hash = neo::vm::crypto::sha256(output_bytes);
  pub.gas_consumed = output.gas_consumed;
  pub.execution_success = output.state == neo::guest::VmState::Halt;
  pub.storage_root_before = output.storage_root_before;
  pub.storage_root_after = output.storage_root_after;
  rt::write_public(neo::guest::encode(pub));
  rt::write_stdout({reinterpret_cast<const char*>(output_bytes.data()), output_bytes.size()});
  return 0;
}
