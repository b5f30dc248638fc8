// neo-zkvm rv32: the RISC-V machine itself, for guest developers — run any guest ELF in the executor, prove
// that it ran (the machine STARK) and verify such proofs against the ELF.
#include <fmt/core.h>

#include <chrono>

#include "../cli.hpp"
#include "commands.hpp"
#include "neo/zkvm/machine/prover.hpp"
#include "neo/zkvm/machine/verifier.hpp"
#include "neo/zkvm/rv32/elf.hpp"
#include "neo/zkvm/rv32/executor.hpp"

namespace neo::cli {
namespace {

struct Rv32RunOptions {
  std::string elf;
  std::string input;
  std::uint64_t max_cycles = zkvm::rv32::kDefaultMaxCycles;
  bool json = false;
};

const char* status_name(zkvm::rv32::ExitStatus s) {
  switch (s) {
    case zkvm::rv32::ExitStatus::kHalted: return "halted";
    case zkvm::rv32::ExitStatus::kTrapped: return "trapped";
    case zkvm::rv32::ExitStatus::kCycleLimit: return "cycle limit";
    case zkvm::rv32::ExitStatus::kRunning: return "running";
  }
  return "?";
}

int run_elf(const Rv32RunOptions& o) {
  const auto loaded = zkvm::rv32::load_elf_file(o.elf);
  if (!loaded) {
    fmt::print(stderr, "error: {}: {}\n", o.elf, loaded.error().message);
    return kExitUsage;
  }
  zkvm::rv32::ExecutorOptions options;
  options.max_cycles = o.max_cycles;
  if (!o.input.empty()) {
    auto bytes = read_file(o.input);
    if (!bytes.ok()) {
      fmt::print(stderr, "error: {}\n", bytes.error.message);
      return kExitUsage;
    }
    options.private_input = std::move(*bytes.value);
  }
  const zkvm::rv32::ExecutionResult r = zkvm::rv32::execute(loaded.image(), std::move(options));
  const std::string out(r.stdout_bytes.begin(), r.stdout_bytes.end());
  const std::string err(r.stderr_bytes.begin(), r.stderr_bytes.end());
  if (o.json) {
    nlohmann::ordered_json j;
    j["status"] = status_name(r.status);
    if (r.halted()) j["exit_code"] = r.exit_code;
    if (r.trap) j["trap"] = zkvm::rv32::describe(*r.trap);
    j["cycles"] = r.cycles;
    j["pc"] = r.pc;
    j["stdout"] = out;
    j["stderr"] = err;
    j["public_values"] = to_hex(r.public_values);
    j["digest_committed"] = r.public_values_match_digest();
    fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  } else {
    if (!out.empty()) fmt::print("{}", out);
    if (!err.empty()) fmt::print(stderr, "{}", err);
    if (r.halted()) {
      fmt::print(stderr, "exit code {} after {} cycles\n", r.exit_code, r.cycles);
    } else if (r.trap) {
      fmt::print(stderr, "trap after {} cycles: {}\n", r.cycles, zkvm::rv32::describe(*r.trap));
    } else {
      fmt::print(stderr, "stopped at the cycle limit ({} cycles) at pc 0x{:08x}\n", r.cycles, r.pc);
    }
  }
  return r.success() ? kExitOk : kExitFailed;
}

struct Rv32ProveOptions {
  std::string elf;
  std::string input;
  std::string output;
  unsigned log_shard_cycles = zkvm::machine::kDefaultLogShardCycles;
  std::uint64_t max_cycles = zkvm::machine::kMaxCycles;
  bool json = false;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string vkey_hex(const zkvm::machine::MachineVerifyingKey& vkey) {
  return to_hex(zkvm::machine::digest_bytes(vkey.hash()));
}

int prove_elf(const Rv32ProveOptions& o) {
  const auto loaded = zkvm::rv32::load_elf_file(o.elf);
  if (!loaded) {
    fmt::print(stderr, "error: {}: {}\n", o.elf, loaded.error().message);
    return kExitUsage;
  }
  std::vector<std::uint8_t> input;
  if (!o.input.empty()) {
    auto bytes = read_file(o.input);
    if (!bytes.ok()) {
      fmt::print(stderr, "error: {}\n", bytes.error.message);
      return kExitUsage;
    }
    input = std::move(*bytes.value);
  }
  const auto start = std::chrono::steady_clock::now();
  const zkvm::machine::MachineSetupResult setup = zkvm::machine::setup(loaded.image());
  if (!setup.key) {
    fmt::print(stderr, "error: {}: the circuit cannot prove this program: {}\n", o.elf, setup.error);
    return kExitFailed;
  }
  const double setup_seconds = seconds_since(start);
  zkvm::machine::MachineProverOptions options;
  options.log_shard_cycles = o.log_shard_cycles;
  options.max_cycles = o.max_cycles;
  options.progress = draw_progress;
  const zkvm::machine::MachineProveResult result =
      zkvm::machine::prove(*setup.key, std::move(input), options);
  const double seconds = seconds_since(start);
  // What the guest printed, as `rv32 run` shows it (not part of the proof).
  const std::string out(result.execution.stdout_bytes.begin(), result.execution.stdout_bytes.end());
  const std::string err(result.execution.stderr_bytes.begin(), result.execution.stderr_bytes.end());
  if (!o.json && !out.empty()) fmt::print("{}", out);
  if (!err.empty()) fmt::print(stderr, "{}", err);
  if (!result.ok()) {
    fmt::print(stderr, "error: no proof: {}\n", result.error);
    return kExitFailed;
  }
  const std::vector<std::uint8_t> bytes = zkvm::machine::encode(*result.proof);
  std::string error;
  if (!write_file(o.output, bytes, error)) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  const std::string vkey_hash = vkey_hex(setup.key->vkey);
  if (o.json) {
    nlohmann::ordered_json j;
    j["cycles"] = result.execution.cycles;
    j["shards"] = result.shards;
    j["proof_bytes"] = bytes.size();
    j["setup_seconds"] = setup_seconds;
    j["seconds"] = seconds;
    j["vkey_hash"] = vkey_hash;
    j["public_values"] = to_hex(result.proof->public_values);
    j["output_file"] = o.output;
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("cycles: {}\n", result.execution.cycles);
    fmt::print("shards: {} (at most 2^{} cycles each)\n", result.shards, o.log_shard_cycles);
    fmt::print("proof size: {} ({} bytes)\n", format_size(bytes.size()), bytes.size());
    fmt::print("time: {:.3f} s (setup {:.3f} s)\n", seconds, setup_seconds);
    fmt::print("vkey hash: {}\n", vkey_hash);
    fmt::print("public values: {} bytes\n", result.proof->public_values.size());
    fmt::print("wrote {}\n", o.output);
  }
  return kExitOk;
}

struct Rv32VerifyOptions {
  std::string proof;
  std::string elf;
  bool json = false;
};

int verify_elf(const Rv32VerifyOptions& o) {
  const auto loaded = zkvm::rv32::load_elf_file(o.elf);
  if (!loaded) {
    fmt::print(stderr, "error: {}: {}\n", o.elf, loaded.error().message);
    return kExitUsage;
  }
  auto bytes = read_file(o.proof);
  if (!bytes.ok()) {
    fmt::print(stderr, "error: {}\n", bytes.error.message);
    return kExitUsage;
  }
  const auto start = std::chrono::steady_clock::now();
  const zkvm::machine::MachineVkeyResult vkey = zkvm::machine::verifying_key(loaded.image());
  if (!vkey.vkey) {
    fmt::print(stderr, "error: {}: no verifying key: {}\n", o.elf, vkey.error);
    return kExitFailed;
  }
  const zkvm::machine::MachineVerifyResult r = zkvm::machine::verify_bytes(*vkey.vkey, *bytes.value);
  const double seconds = seconds_since(start);
  // The public values are shown only for an accepted proof: before that they are claims.
  std::optional<std::vector<std::uint8_t>> public_values;
  if (r.ok()) public_values = zkvm::machine::decode_machine_proof(*bytes.value).proof->public_values;
  if (o.json) {
    nlohmann::ordered_json j;
    j["accepted"] = r.ok();
    j["reason"] = r.ok() ? "the machine proof verifies" : zkvm::machine::describe(r);
    j["vkey_hash"] = vkey_hex(*vkey.vkey);
    if (public_values) j["public_values"] = to_hex(*public_values);
    j["seconds"] = seconds;
    fmt::print("{}\n", j.dump(2));
  } else if (r.ok()) {
    fmt::print("valid: {} ran to HALT with exit code 0 (vkey hash {})\n", o.elf, vkey_hex(*vkey.vkey));
    fmt::print("public values: {}\n", to_hex(*public_values));
    fmt::print("time: {:.3f} s\n", seconds);
  } else {
    fmt::print("invalid: {}\n", zkvm::machine::describe(r));
  }
  return r.ok() ? kExitOk : kExitFailed;
}

int print_vkey(const std::string& elf) {
  const auto loaded = zkvm::rv32::load_elf_file(elf);
  if (!loaded) {
    fmt::print(stderr, "error: {}: {}\n", elf, loaded.error().message);
    return kExitUsage;
  }
  const zkvm::machine::MachineVkeyResult vkey = zkvm::machine::verifying_key(loaded.image());
  if (!vkey.vkey) {
    fmt::print(stderr, "error: {}: no verifying key: {}\n", elf, vkey.error);
    return kExitFailed;
  }
  fmt::print("{}\n", vkey_hex(*vkey.vkey));
  return kExitOk;
}

}  // namespace

void add_rv32_command(CLI::App& app, int& exit_status) {
  CLI::App* rv32 = app.add_subcommand("rv32", "The RV32IM machine: run, prove and verify guest programs");
  rv32->require_subcommand(1);
  auto o = std::make_shared<Rv32RunOptions>();
  CLI::App* run =
      rv32->add_subcommand("run", "Run a guest ELF in the executor; exit status 0 only if it halts with 0");
  run->add_option("elf", o->elf, "The guest program (ELF32 RISC-V executable)")->required();
  run->add_option("--input", o->input, "File whose bytes are the guest's private input");
  run->add_option("--max-cycles", o->max_cycles, "Stop after this many instructions")->capture_default_str();
  run->add_flag("--json", o->json, "Print JSON instead of text");
  run->callback([o, &exit_status] { exit_status = run_elf(*o); });

  auto po = std::make_shared<Rv32ProveOptions>();
  CLI::App* prove =
      rv32->add_subcommand("prove", "Prove with the machine STARK that a guest ELF halts with exit code 0");
  prove->add_option("elf", po->elf, "The guest program (ELF32 RISC-V executable)")->required();
  prove->add_option("--input", po->input, "File whose bytes are the guest's private input");
  prove->add_option("-o,--output", po->output, "Where to write the proof")->required();
  prove->add_option("--shard-cycles", po->log_shard_cycles, "Shard size as log2 of its cycles")
      ->check(CLI::Range(zkvm::machine::kMinLogShardCycles, zkvm::machine::kMaxLogShardCycles))
      ->capture_default_str();
  prove->add_option("--max-cycles", po->max_cycles, "Guest cycle limit")
      ->check(CLI::Range(std::uint64_t{1}, zkvm::machine::kMaxCycles))
      ->capture_default_str();
  prove->add_flag("--json", po->json, "Print JSON instead of text");
  prove->callback([po, &exit_status] { exit_status = prove_elf(*po); });

  auto vo = std::make_shared<Rv32VerifyOptions>();
  CLI::App* verify =
      rv32->add_subcommand("verify", "Verify a machine proof against the guest ELF it claims to prove");
  verify->add_option("proof", vo->proof, "The proof file (from rv32 prove)")->required();
  verify->add_option("--elf", vo->elf, "The guest program the proof must be about")->required();
  verify->add_flag("--json", vo->json, "Print JSON instead of text");
  verify->callback([vo, &exit_status] { exit_status = verify_elf(*vo); });

  auto elf = std::make_shared<std::string>();
  CLI::App* vkey = rv32->add_subcommand("vkey", "Print the hash of a guest ELF's machine verifying key");
  vkey->add_option("elf", *elf, "The guest program")->required();
  vkey->callback([elf, &exit_status] { exit_status = print_vkey(*elf); });
}

}  // namespace neo::cli
