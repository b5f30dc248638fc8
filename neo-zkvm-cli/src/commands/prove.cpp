// neo-zkvm prove / verify / inspect: proofs of Neo executions, and what is in them.
#include <fmt/core.h>

#include <chrono>

#include "../cli.hpp"
#include "../guest_program.hpp"
#include "../program.hpp"
#include "commands.hpp"
#include "neo/guest/run.hpp"
#include "neo/vm/crypto/host.hpp"
#include "neo/vm/crypto/sha256.hpp"
#include "neo/zkvm/machine/proof.hpp"
#include "neo/zkvm/prover/prover.hpp"
#include "neo/zkvm/verifier/verify.hpp"

namespace neo::cli {
namespace {

struct ProveOptions {
  ProgramOptions program;
  std::string mode = "mock";
  std::string output;
  std::uint64_t max_cycles = std::uint64_t{1} << 32;
  unsigned log_shard_cycles = zkvm::machine::kDefaultLogShardCycles;
  bool cross_check = false;
};

// The embedded Neo guest's machine verifying key. The build wrote it (neo-zkvm-guest-vkey); a key that does
// not decode means a broken build, and no stark proof can be checked then.
std::optional<zkvm::machine::MachineVerifyingKey> guest_machine_vkey() {
  auto vkey = zkvm::machine::decode_machine_vkey(guest_vkey_bytes());
  if (!vkey)
    fmt::print(stderr, "error: the embedded machine verifying key of the Neo guest does not decode\n");
  return vkey;
}

int prove(const ProveOptions& o) {
  zkvm::ProofMode mode;
  if (o.mode == "execute") {
    mode = zkvm::ProofMode::Execute;
  } else if (o.mode == "mock") {
    mode = zkvm::ProofMode::Mock;
  } else if (o.mode == "stark") {
    mode = zkvm::ProofMode::Stark;
  } else {
    fmt::print(stderr, "error: --mode: \"{}\" is not a proof mode (execute, mock or stark)\n", o.mode);
    return kExitUsage;
  }
  auto input = load_program(o.program);
  if (!input.ok()) {
    fmt::print(stderr, "error: {}\n", input.error.message);
    return kExitUsage;
  }
  std::string error;
  auto prover = zkvm::Prover::create(guest_elf(), error);
  if (!prover) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  zkvm::ProverOptions options;
  options.mode = mode;
  options.max_cycles = o.max_cycles;
  options.log_shard_cycles = o.log_shard_cycles;
  options.progress = draw_progress;
  const auto start = std::chrono::steady_clock::now();
  const zkvm::ProveResult result = prover->prove(*input.value, options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!result.ok()) {
    fmt::print(stderr, "error: {}\n", result.error);
    return kExitFailed;
  }
  const std::vector<std::uint8_t> bytes = zkvm::encode(*result.proof);
  if (!o.output.empty() && !write_file(o.output, bytes, error)) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  const auto& p = *result.proof;
  if (o.cross_check) {
    // The guest and the native VM are the same code built twice; a difference is a bug in the build or the
    // toolchain, and the proof would attest to the guest's answer, so it is an error here.
    const guest::ProofOutput native = guest::run(*input.value, vm::crypto::host_backend());
    if (guest::encode(native) != guest::encode(p.output)) {
      fmt::print(stderr, "error: --cross-check: the guest's ProofOutput differs from the native run\n");
      return kExitFailed;
    }
  }
  const bool halted = p.output.state == guest::VmState::Halt;
  if (o.program.json) {
    nlohmann::ordered_json j;
    j["mode"] = zkvm::mode_name(p.mode);
    j["state"] = halted ? "HALT" : "FAULT";
    j["gas_consumed"] = std::to_string(p.output.gas_consumed);
    j["guest_cycles"] = p.guest_cycles;
    j["proof_bytes"] = bytes.size();
    if (p.mode == zkvm::ProofMode::Stark) j["shards"] = result.shards;
    j["seconds"] = seconds;
    j["output_file"] = o.output;
    j["vkey_hash"] = to_hex(p.vkey_hash);
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("mode: {}{}\n", zkvm::mode_name(p.mode),
               p.mode == zkvm::ProofMode::Mock ? " (INSECURE: no cryptographic proof)"
               : p.mode == zkvm::ProofMode::Execute ? " (no proof: the run is recorded only)" : "");
    fmt::print("state: {}{}\n", halted ? "HALT" : "FAULT", halted ? "" : " (" + p.output.fault_reason + ")");
    fmt::print("gas consumed: {} GAS\n", format_gas(p.output.gas_consumed));
    fmt::print("guest cycles: {}\n", p.guest_cycles);
    if (p.mode == zkvm::ProofMode::Stark) {
      fmt::print("shards: {} (at most 2^{} cycles each)\n", result.shards, o.log_shard_cycles);
      fmt::print("stark proof: {}\n", format_size(p.proof.size()));
    }
    fmt::print("vkey hash: {}\n", to_hex(p.vkey_hash));
    fmt::print("time: {:.3f} s\n", seconds);
    if (!o.output.empty()) fmt::print("wrote {} ({} bytes)\n", o.output, bytes.size());
  }
  return kExitOk;
}

struct VerifyOptions {
  std::string proof;
  std::string script;
  std::string script_hex;
  bool json = false;
};

Result<zkvm::NeoProof> read_proof(const std::string& path) {
  auto bytes = read_file(path);
  if (!bytes.ok()) return {std::nullopt, bytes.error};
  auto decoded = zkvm::decode_neo_proof(*bytes.value);
  if (!decoded.ok()) {
    return {std::nullopt, {path + ": malformed proof at byte " + std::to_string(decoded.error_offset) + ": " +
                           decoded.error}};
  }
  return {std::move(*decoded.value), {}};
}

int verify(const VerifyOptions& o) {
  auto bytes = read_file(o.proof);
  if (!bytes.ok()) {
    fmt::print(stderr, "error: {}\n", bytes.error.message);
    return kExitUsage;
  }
  // What the proof is held to depends on the mode it claims: the program digest of the embedded guest for
  // execute and mock files; for stark proofs its machine verifying key (verify() decides what each mode is
  // worth, so a claimed mode gains nothing).
  const auto decoded = zkvm::decode_neo_proof(*bytes.value);
  zkvm::VerifyExpectations expected;
  expected.vkey_hash = zkvm::program_digest(guest_elf());
  if (decoded.ok() && decoded.value->mode == zkvm::ProofMode::Stark) {
    expected.machine_vkey = guest_machine_vkey();
    if (!expected.machine_vkey) return kExitUsage;
    expected.vkey_hash = zkvm::machine::digest_bytes(expected.machine_vkey->hash());
  }
  if (!o.script.empty() || !o.script_hex.empty()) {
    Result<std::vector<std::uint8_t>> script = !o.script.empty() ? read_file(o.script) : parse_hex(o.script_hex, "--script-hex");
    if (!script.ok()) {
      fmt::print(stderr, "error: {}\n", script.error.message);
      return kExitUsage;
    }
    expected.script_hash = vm::crypto::sha256(*script.value);
  }
  const auto start = std::chrono::steady_clock::now();
  const zkvm::VerifyResult r =
      decoded.ok() ? zkvm::verify(*decoded.value, expected) : zkvm::verify(*bytes.value, expected);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (o.json) {
    nlohmann::ordered_json j;
    j["verdict"] = zkvm::verdict_name(r.verdict);
    j["accepted"] = r.accepted();
    j["reason"] = r.reason;
    j["seconds"] = seconds;
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("{}: {}\n", zkvm::verdict_name(r.verdict), r.reason);
    if (r.verdict == zkvm::Verdict::Valid) fmt::print("time: {:.3f} s\n", seconds);
  }
  return r.accepted() ? kExitOk : kExitFailed;
}

int inspect(const std::string& path, bool json) {
  auto proof = read_proof(path);
  if (!proof.ok()) {
    fmt::print(stderr, "error: {}\n", proof.error.message);
    return kExitUsage;
  }
  const zkvm::NeoProof& p = *proof.value;
  const guest::PublicInputs& pub = p.public_inputs;
  const std::size_t total = zkvm::encode(p).size();
  // A stark proof's own structure; what it is worth is for verify to say.
  std::optional<zkvm::machine::DecodedMachineProof> machine_proof;
  if (p.mode == zkvm::ProofMode::Stark) machine_proof = zkvm::machine::decode_machine_proof(p.proof);
  auto machine_error = [&machine_proof] {
    std::string e(zkvm::machine::error_name(machine_proof->error));
    if (machine_proof->error == zkvm::machine::MachineDecodeError::kBadStarkProof) {
      e += " (" + std::string(zkvm::stark::error_name(machine_proof->stark_error)) + ")";
    }
    return e;
  };
  if (json) {
    nlohmann::ordered_json j;
    j["mode"] = zkvm::mode_name(p.mode);
    j["vkey_hash"] = to_hex(p.vkey_hash);
    j["public_inputs"] = {{"script_hash", to_hex(pub.script_hash)},
                          {"input_hash", to_hex(pub.input_hash)},
                          {"output_hash", to_hex(pub.output_hash)},
                          {"gas_consumed", std::to_string(pub.gas_consumed)},
                          {"execution_success", pub.execution_success},
                          {"storage_root_before", to_hex(pub.storage_root_before)},
                          {"storage_root_after", to_hex(pub.storage_root_after)}};
    j["guest_cycles"] = p.guest_cycles;
    j["sizes"] = {{"total", total}, {"proof", p.proof.size()}, {"output", guest::encode(p.output).size()}};
    if (machine_proof && machine_proof->proof) {
      j["stark"] = {
          {"shards", machine_proof->proof->stark.shards.size()},
          {"machine_vkey_hash", to_hex(zkvm::machine::digest_bytes(machine_proof->proof->vkey_hash))},
          {"public_values_bytes", machine_proof->proof->public_values.size()}};
    } else if (machine_proof) {
      j["stark"] = {{"malformed", machine_error()}};
    }
    j["result_stack"] = nlohmann::ordered_json::array();
    for (const auto& v : p.output.result_stack) j["result_stack"].push_back(to_json(v));
    fmt::print("{}\n", j.dump(2));
    return kExitOk;
  }
  fmt::print("mode:                {}\n", zkvm::mode_name(p.mode));
  fmt::print("vkey hash:           {}\n", to_hex(p.vkey_hash));
  fmt::print("script hash:         {}\n", to_hex(pub.script_hash));
  fmt::print("input hash:          {}\n", to_hex(pub.input_hash));
  fmt::print("output hash:         {}\n", to_hex(pub.output_hash));
  fmt::print("execution success:   {}\n", pub.execution_success ? "yes (HALT)" : "no (FAULT)");
  fmt::print("gas consumed:        {} GAS\n", format_gas(pub.gas_consumed));
  fmt::print("storage root before: {}\n", to_hex(pub.storage_root_before));
  fmt::print("storage root after:  {}\n", to_hex(pub.storage_root_after));
  fmt::print("guest cycles:        {}\n", p.guest_cycles);
  fmt::print("size:                {} bytes (proof {} bytes)\n", total, p.proof.size());
  if (machine_proof && machine_proof->proof) {
    const std::size_t shards = machine_proof->proof->stark.shards.size();
    fmt::print("stark proof:         {} shard{}, {}\n", shards, shards == 1 ? "" : "s",
               format_size(p.proof.size()));
  } else if (machine_proof) {
    fmt::print("stark proof:         malformed: {}\n", machine_error());
  }
  for (std::size_t i = 0; i < p.output.result_stack.size(); ++i) {
    fmt::print("result {}:            {}\n", i, to_text(p.output.result_stack[i]));
  }
  return kExitOk;
}

// The vkey hashes a verifier of this build expects, per mode.
int print_vkeys(bool json) {
  const auto vkey = guest_machine_vkey();
  if (!vkey) return kExitUsage;
  const std::string digest = to_hex(zkvm::program_digest(guest_elf()));
  const std::string stark = to_hex(zkvm::machine::digest_bytes(vkey->hash()));
  if (json) {
    nlohmann::ordered_json j;
    j["execute_mock"] = digest;
    j["stark"] = stark;
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("stark:        {}\n", stark);
    fmt::print("execute/mock: {}\n", digest);
  }
  return kExitOk;
}

}  // namespace

void add_prove_commands(CLI::App& app, int& exit_status) {
  auto po = std::make_shared<ProveOptions>();
  CLI::App* prove_cmd = app.add_subcommand("prove", "Run a Neo program in the guest and write a proof of the result");
  add_program_options(*prove_cmd, po->program);
  prove_cmd->add_option("--mode", po->mode, "execute (no proof), mock (insecure, no cryptography) or stark")
      ->capture_default_str();
  prove_cmd->add_option("-o,--output", po->output, "Where to write the proof");
  prove_cmd->add_option("--max-cycles", po->max_cycles, "Guest cycle limit (stark: at most 2^27 - 2)")
      ->capture_default_str();
  prove_cmd->add_option("--shard-cycles", po->log_shard_cycles, "Stark: shard size as log2 of its cycles")
      ->check(CLI::Range(zkvm::machine::kMinLogShardCycles, zkvm::machine::kMaxLogShardCycles))
      ->capture_default_str();
  prove_cmd->add_flag("--cross-check", po->cross_check,
                      "Also run the program natively and fail unless the guest's output is byte-identical");
  prove_cmd->callback([po, &exit_status] { exit_status = prove(*po); });

  auto vo = std::make_shared<VerifyOptions>();
  CLI::App* verify_cmd = app.add_subcommand(
      "verify", "Verify a proof against this build's Neo guest (its machine verifying key for stark proofs)");
  verify_cmd->add_option("proof", vo->proof, "The proof file")->required();
  verify_cmd->add_option("--script", vo->script, "Also require the proof to be about this script file");
  verify_cmd->add_option("--script-hex", vo->script_hex, "Also require the proof to be about this script (hex)");
  verify_cmd->add_flag("--json", vo->json, "Print JSON instead of text");
  verify_cmd->callback([vo, &exit_status] { exit_status = verify(*vo); });

  auto path = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  CLI::App* inspect_cmd = app.add_subcommand("inspect", "Print what a proof file contains");
  inspect_cmd->add_option("proof", *path, "The proof file")->required();
  inspect_cmd->add_flag("--json", *json, "Print JSON instead of text");
  inspect_cmd->callback([path, json, &exit_status] { exit_status = inspect(*path, *json); });

  auto vkey_json = std::make_shared<bool>(false);
  CLI::App* vkey_cmd =
      app.add_subcommand("vkey", "Print the vkey hashes that verify expects of proofs of this build");
  vkey_cmd->add_flag("--json", *vkey_json, "Print JSON instead of text");
  vkey_cmd->callback([vkey_json, &exit_status] { exit_status = print_vkeys(*vkey_json); });
}

}  // namespace neo::cli
