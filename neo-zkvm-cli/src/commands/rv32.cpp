// neo-zkvm rv32: the RISC-V machine itself, for guest developers — run any guest ELF in the executor.
#include <fmt/core.h>

#include "../cli.hpp"
#include "commands.hpp"
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

}  // namespace

void add_rv32_command(CLI::App& app, int& exit_status) {
  CLI::App* rv32 = app.add_subcommand("rv32", "The RV32IM machine: run guest programs");
  rv32->require_subcommand(1);
  auto o = std::make_shared<Rv32RunOptions>();
  CLI::App* run = rv32->add_subcommand("run", "Run a guest ELF in the executor; exit status 0 only if it halts with 0");
  run->add_option("elf", o->elf, "The guest program (ELF32 RISC-V executable)")->required();
  run->add_option("--input", o->input, "File whose bytes are the guest's private input");
  run->add_option("--max-cycles", o->max_cycles, "Stop after this many instructions")->capture_default_str();
  run->add_flag("--json", o->json, "Print JSON instead of text");
  run->callback([o, &exit_status] { exit_status = run_elf(*o); });
}

}  // namespace neo::cli
