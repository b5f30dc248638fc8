#include "neo/guest/public_inputs.hpp"

#include <algorithm>

#include "neo/vm/crypto/sha256.hpp"

namespace neo::guest {

std::vector<std::uint8_t> encode(const PublicInputs& p) {
  ByteWriter w;
  w.u8(kPublicInputsVersion);
  w.raw(p.script_hash);
  w.raw(p.input_hash);
  w.raw(p.output_hash);
  w.u64(p.gas_consumed);
  w.u8(p.execution_success ? 1 : 0);
  w.raw(p.storage_root_before);
  w.raw(p.storage_root_after);
  return w.take();
}

Decoded<PublicInputs> decode_public_inputs(std::span<const std::uint8_t> bytes) {
  ByteReader r(bytes);
  PublicInputs p;
  auto hash = [&r](std::string_view field, Hash256& out) {
    r.set_field(field);
    const auto b = r.raw(32);
    if (r.ok()) std::copy(b.begin(), b.end(), out.begin());
  };
  r.set_field("version");
  if (r.u8() != kPublicInputsVersion && r.ok()) r.fail("unknown public inputs format version");
  hash("script_hash", p.script_hash);
  hash("input_hash", p.input_hash);
  hash("output_hash", p.output_hash);
  r.set_field("gas_consumed");
  p.gas_consumed = r.u64();
  r.set_field("execution_success");
  p.execution_success = r.boolean();
  hash("storage_root_before", p.storage_root_before);
  hash("storage_root_after", p.storage_root_after);
  r.set_field("end of input");
  r.expect_end();
  Decoded<PublicInputs> out;
  if (r.ok()) {
    out.value = p;
  } else {
    out.error = std::string(r.error_field()) + ": " + std::string(r.error());
    out.error_offset = r.error_offset();
  }
  return out;
}

Hash256 script_hash(const ProofInput& input) { return vm::crypto::sha256(input.script); }
Hash256 input_hash(const ProofInput& input) { return vm::crypto::sha256(encode(input)); }
Hash256 output_hash(const ProofOutput& output) { return vm::crypto::sha256(encode(output)); }

PublicInputs make_public_inputs(const ProofInput& input, const ProofOutput& output) {
  PublicInputs p;
  p.script_hash = script_hash(input);
  p.input_hash = input_hash(input);
  p.output_hash = output_hash(output);
  p.gas_consumed = output.gas_consumed;
  p.execution_success = output.state == VmState::Halt;
  p.storage_root_before = output.storage_root_before;
  p.storage_root_after = output.storage_root_after;
  return p;
}

}  // namespace neo::guest
