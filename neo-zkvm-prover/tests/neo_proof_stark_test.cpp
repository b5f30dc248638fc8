// verify() on stark NeoProofs: a real machine proof of a small guest that writes a PublicInputs encoding to
// its public values (as the Neo guest does) and commits its SHA-256, wrapped as a NeoProof, is Valid only
// against the expected machine verifying key, and every part of the NeoProof the STARK does not prove by
// itself (public inputs, digest, cycles, output, vkey hash) must agree with what it proves.
#include <catch2/catch.hpp>

#include <string>

#include "neo/vm/crypto/sha256.hpp"
#include "neo/zkvm/machine/prover.hpp"
#include "neo/zkvm/prover/prover.hpp"
#include "neo/zkvm/rv32/assembler.hpp"
#include "neo/zkvm/verifier/verify.hpp"

using namespace neo::zkvm;
using namespace neo::zkvm::rv32::reg;
using neo::zkvm::rv32::Assembler;

namespace {

constexpr std::uint32_t kDataAddress = 0x0002'0000u;
const fri::FriParams kTestParams = fri::FriParams::insecure_for_tests();

// A ProofOutput and the PublicInputs that bind it, told apart by `seed`.
struct Claim {
  neo::guest::ProofOutput output;
  neo::guest::PublicInputs public_inputs;
};

Claim make_claim(std::uint8_t seed) {
  Claim c;
  c.output.state = neo::guest::VmState::Halt;
  c.output.gas_consumed = 1000u + seed;
  c.output.result_stack.push_back(neo::guest::StackValue::boolean(seed % 2 == 0));
  c.output.storage_root_before.fill(seed);
  c.output.storage_root_after.fill(static_cast<std::uint8_t>(seed + 1));
  c.public_inputs.script_hash.fill(static_cast<std::uint8_t>(0x10 + seed));
  c.public_inputs.input_hash.fill(static_cast<std::uint8_t>(0x20 + seed));
  c.public_inputs.output_hash = neo::guest::output_hash(c.output);
  c.public_inputs.gas_consumed = c.output.gas_consumed;
  c.public_inputs.execution_success = true;
  c.public_inputs.storage_root_before = c.output.storage_root_before;
  c.public_inputs.storage_root_after = c.output.storage_root_after;
  return c;
}

// The guest: WRITE the public-inputs bytes (a read-only data segment) to fd 3 and `stdout_bytes` (after them)
// to fd 1, COMMIT the SHA-256 of the public values word by word, HALT with `exit_code`.
struct Guest {
  Assembler code;
  std::vector<rv32::ElfSegmentSpec> data;
  rv32::ProgramImage image() const { return code.image(data); }
  std::vector<std::uint8_t> elf() const { return code.elf(data); }
};

Guest make_guest(const std::vector<std::uint8_t>& public_values,
                 const std::vector<std::uint8_t>& stdout_bytes = {}, std::uint32_t exit_code = 0) {
  Guest g;
  std::vector<std::uint8_t> bytes = public_values;
  bytes.insert(bytes.end(), stdout_bytes.begin(), stdout_bytes.end());
  g.data.push_back({kDataAddress, rv32::kSegmentRead, bytes, 0});
  const auto size = static_cast<std::uint32_t>(public_values.size());
  g.code.li(a0, 3).li(a1, kDataAddress).li(a2, size).syscall(neo::guest::abi::Syscall::kWrite);
  if (!stdout_bytes.empty()) {
    g.code.li(a0, 1).li(a1, kDataAddress + size).li(a2, static_cast<std::uint32_t>(stdout_bytes.size()));
    g.code.syscall(neo::guest::abi::Syscall::kWrite);
  }
  const auto digest = neo::vm::crypto::sha256(public_values);
  for (std::uint32_t k = 0; k < 8; ++k) {
    std::uint32_t word = 0;
    for (std::uint32_t j = 0; j < 4; ++j) word |= std::uint32_t{digest[4 * k + j]} << (8 * j);
    g.code.li(a0, k).li(a1, word).syscall(neo::guest::abi::Syscall::kCommit);
  }
  g.code.halt(exit_code);
  return g;
}

struct Proven {
  machine::MachineVerifyingKey vkey;
  NeoProof proof;
};

// Proves the guest for `claim` and wraps the machine proof as the Prover does.
Proven prove_claim(const Claim& claim) {
  const std::vector<std::uint8_t> public_values = neo::guest::encode(claim.public_inputs);
  const Guest guest = make_guest(public_values);
  machine::MachineSetupResult setup = machine::setup(guest.image(), kTestParams);
  INFO(setup.error);
  REQUIRE(setup.key.has_value());
  machine::MachineProveResult r = machine::prove(*setup.key, {});
  INFO(r.error);
  REQUIRE(r.proof.has_value());
  REQUIRE(r.proof->public_values == public_values);

  Proven out{setup.key->vkey, {}};
  NeoProof& p = out.proof;
  p.mode = ProofMode::Stark;
  p.output = claim.output;
  p.public_inputs = claim.public_inputs;
  p.committed_digest = neo::vm::crypto::sha256(public_values);
  p.vkey_hash = machine::digest_bytes(setup.key->vkey.hash());
  p.guest_cycles = r.execution.cycles;
  p.proof = machine::encode(*r.proof);
  return out;
}

VerifyExpectations expect(const machine::MachineVerifyingKey& vkey) {
  VerifyExpectations e;
  e.vkey_hash = machine::digest_bytes(vkey.hash());
  e.machine_vkey = vkey;
  return e;
}

// Built once: two proofs of two guests with different claims.
const Proven& proven_a() {
  static const Proven p = prove_claim(make_claim(1));
  return p;
}
const Proven& proven_b() {
  static const Proven p = prove_claim(make_claim(2));
  return p;
}

bool reason_has(const VerifyResult& r, const std::string& text) {
  return r.reason.find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("verify: an honest stark proof is Valid against its machine verifying key", "[verifier][stark]") {
  const Proven& a = proven_a();
  const VerifyResult r = verify(a.proof, expect(a.vkey));
  INFO(r.reason);
  CHECK(r.verdict == Verdict::Valid);
  CHECK(r.accepted());
  // Through the encoding too.
  const VerifyResult from_bytes = verify(encode(a.proof), expect(a.vkey));
  INFO(from_bytes.reason);
  CHECK(from_bytes.verdict == Verdict::Valid);
}

TEST_CASE("verify: a stark proof without the expected machine verifying key is Invalid",
          "[verifier][stark]") {
  const Proven& a = proven_a();
  VerifyExpectations e = expect(a.vkey);
  e.machine_vkey.reset();
  const VerifyResult r = verify(a.proof, e);
  CHECK(r.verdict == Verdict::Invalid);
  CHECK(reason_has(r, "machine verifying key"));
}

TEST_CASE("verify: a stark proof against another program's key is Invalid", "[verifier][stark]") {
  const Proven& a = proven_a();
  const Proven& b = proven_b();
  REQUIRE(!(a.vkey == b.vkey));
  const VerifyResult r = verify(a.proof, expect(b.vkey));
  CHECK(r.verdict == Verdict::Invalid);
  CHECK(reason_has(r, "another guest program"));

  // The proof's own vkey hash rewritten to the expected one: the machine proof still names its program.
  NeoProof relabelled = a.proof;
  relabelled.vkey_hash = machine::digest_bytes(b.vkey.hash());
  const VerifyResult r2 = verify(relabelled, expect(b.vkey));
  CHECK(r2.verdict == Verdict::Invalid);
  CHECK(reason_has(r2, "does not verify"));

  // An expected hash that is not the expected key's hash is the caller's mistake, never a pass.
  VerifyExpectations mixed = expect(a.vkey);
  mixed.vkey_hash = machine::digest_bytes(b.vkey.hash());
  CHECK(verify(a.proof, mixed).verdict == Verdict::Invalid);
}

TEST_CASE("verify: a stark proof whose public inputs were swapped is Invalid", "[verifier][stark]") {
  const Proven& a = proven_a();
  const Proven& b = proven_b();
  // Proof a's STARK with b's claim: output, public inputs and committed digest all consistent with each
  // other, but not what the STARK proves.
  NeoProof swapped = a.proof;
  swapped.output = b.proof.output;
  swapped.public_inputs = b.proof.public_inputs;
  swapped.committed_digest = b.proof.committed_digest;
  const VerifyResult r = verify(swapped, expect(a.vkey));
  CHECK(r.verdict == Verdict::Invalid);
  CHECK(reason_has(r, "public inputs are not the public values"));

  // Only the public inputs swapped: the committed digest no longer matches them.
  NeoProof only_inputs = a.proof;
  only_inputs.public_inputs = b.proof.public_inputs;
  CHECK(verify(only_inputs, expect(a.vkey)).verdict == Verdict::Invalid);

  // The machine proof's public values re-encoded to b's: the STARK's committed digest then differs.
  machine::DecodedMachineProof decoded = machine::decode_machine_proof(a.proof.proof);
  REQUIRE(decoded.proof.has_value());
  decoded.proof->public_values = neo::guest::encode(b.proof.public_inputs);
  swapped.proof = machine::encode(*decoded.proof);
  const VerifyResult r2 = verify(swapped, expect(a.vkey));
  CHECK(r2.verdict == Verdict::Invalid);
  CHECK(reason_has(r2, "does not verify"));
}

TEST_CASE("verify: a stark proof's other claims must be what it proves", "[verifier][stark]") {
  const Proven& a = proven_a();
  SECTION("guest cycles") {
    NeoProof p = a.proof;
    p.guest_cycles += 1;
    const VerifyResult r = verify(p, expect(a.vkey));
    CHECK(r.verdict == Verdict::Invalid);
    CHECK(reason_has(r, "cycle count"));
  }
  SECTION("the output") {
    NeoProof p = a.proof;
    p.output.gas_consumed += 1;
    CHECK(verify(p, expect(a.vkey)).verdict == Verdict::Invalid);
  }
  SECTION("the committed digest") {
    NeoProof p = a.proof;
    p.committed_digest[0] ^= 1;
    CHECK(verify(p, expect(a.vkey)).verdict == Verdict::Invalid);
  }
  SECTION("the expected script") {
    VerifyExpectations e = expect(a.vkey);
    e.script_hash = a.proof.public_inputs.script_hash;
    CHECK(verify(a.proof, e).verdict == Verdict::Valid);
    (*e.script_hash)[0] ^= 1;
    CHECK(verify(a.proof, e).verdict == Verdict::Invalid);
  }
  SECTION("proof bytes that are not a machine proof") {
    NeoProof p = a.proof;
    p.proof.resize(p.proof.size() / 2);
    const VerifyResult r = verify(p, expect(a.vkey));
    CHECK(r.verdict == Verdict::Invalid);
    CHECK(reason_has(r, "malformed"));
  }
  SECTION("a mock seal in place of the STARK") {
    NeoProof p = a.proof;
    const auto seal = mock_seal(p);
    p.proof.assign(seal.begin(), seal.end());
    CHECK(verify(p, expect(a.vkey)).verdict == Verdict::Invalid);
  }
}

// The Prover in stark mode, on a stand-in for the Neo guest (it writes a ProofOutput to stdout and the
// PublicInputs that bind it to its public values, as the Neo guest does): the NeoProof it packages verifies
// against the Prover's own machine verifying key, and its vkey hash is that key's, not the program digest.
TEST_CASE("Prover: stark mode packages a machine proof that verify() accepts", "[prover][stark]") {
  const Claim claim = make_claim(3);
  const Guest guest = make_guest(neo::guest::encode(claim.public_inputs), neo::guest::encode(claim.output));
  std::string error;
  const std::optional<Prover> prover = Prover::create(guest.elf(), error, kTestParams);
  INFO(error);
  REQUIRE(prover.has_value());

  ProverOptions options;
  options.mode = ProofMode::Stark;
  options.log_shard_cycles = machine::kMinLogShardCycles;
  const ProveResult r = prover->prove(neo::guest::ProofInput{}, options);
  INFO(r.error);
  REQUIRE(r.ok());
  const NeoProof& p = *r.proof;
  CHECK(p.mode == ProofMode::Stark);
  CHECK(p.output == claim.output);
  CHECK(p.public_inputs == claim.public_inputs);
  CHECK(r.shards == 1);

  const machine::MachineVerifyingKey* vkey = prover->stark_verifying_key(error);
  REQUIRE(vkey != nullptr);
  const auto stark_hash = prover->vkey_hash(ProofMode::Stark, error);
  REQUIRE(stark_hash.has_value());
  CHECK(*stark_hash == machine::digest_bytes(vkey->hash()));
  CHECK(p.vkey_hash == *stark_hash);
  CHECK(prover->vkey_hash(ProofMode::Mock, error) == prover->program_digest());
  CHECK(prover->program_digest() != *stark_hash);

  VerifyExpectations expected;
  expected.vkey_hash = *stark_hash;
  expected.machine_vkey = *vkey;
  const VerifyResult verdict = verify(encode(p), expected);
  INFO(verdict.reason);
  CHECK(verdict.verdict == Verdict::Valid);
  // The same file held to the program digest (what mock files are held to) is not valid.
  VerifyExpectations digest_only;
  digest_only.vkey_hash = prover->program_digest();
  CHECK(verify(p, digest_only).verdict == Verdict::Invalid);

  // A mock proof of the same run from the same Prover is at most "valid mock", under the program digest.
  options.mode = ProofMode::Mock;
  const ProveResult mock = prover->prove(neo::guest::ProofInput{}, options);
  REQUIRE(mock.ok());
  CHECK(verify(*mock.proof, digest_only).verdict == Verdict::ValidMockInsecure);
}

TEST_CASE("Prover: stark mode refuses what it cannot prove", "[prover][stark]") {
  const Claim claim = make_claim(4);
  std::string error;
  SECTION("a guest exiting with another code") {
    const Guest guest =
        make_guest(neo::guest::encode(claim.public_inputs), neo::guest::encode(claim.output), 3);
    const std::optional<Prover> prover = Prover::create(guest.elf(), error, kTestParams);
    REQUIRE(prover.has_value());
    ProverOptions options;
    options.mode = ProofMode::Stark;
    const ProveResult r = prover->prove(neo::guest::ProofInput{}, options);
    CHECK_FALSE(r.ok());
    CHECK(r.error.find("exited with code 3") != std::string::npos);
  }
  SECTION("a guest whose stdout is not a ProofOutput") {
    const Guest guest = make_guest(neo::guest::encode(claim.public_inputs), {1, 2, 3});
    const std::optional<Prover> prover = Prover::create(guest.elf(), error, kTestParams);
    REQUIRE(prover.has_value());
    ProverOptions options;
    options.mode = ProofMode::Stark;
    const ProveResult r = prover->prove(neo::guest::ProofInput{}, options);
    CHECK_FALSE(r.ok());
    CHECK(r.error.find("not a valid ProofOutput") != std::string::npos);
  }
  SECTION("a shard size out of range") {
    const Guest guest = make_guest(neo::guest::encode(claim.public_inputs), neo::guest::encode(claim.output));
    const std::optional<Prover> prover = Prover::create(guest.elf(), error, kTestParams);
    REQUIRE(prover.has_value());
    ProverOptions options;
    options.mode = ProofMode::Stark;
    options.log_shard_cycles = machine::kMaxLogShardCycles + 1;
    const ProveResult r = prover->prove(neo::guest::ProofInput{}, options);
    CHECK_FALSE(r.ok());
    CHECK(r.error.find("shard size") != std::string::npos);
  }
}
