// neo-zkvm run: executes a Neo program natively and prints what the VM computed.
#include <fmt/core.h>

#include "../cli.hpp"
#include "../program.hpp"
#include "commands.hpp"
#include "neo/guest/run.hpp"

namespace neo::cli {
namespace {

void print_output(const guest::ProofOutput& out, bool json) {
  const bool halted = out.state == guest::VmState::Halt;
  if (json) {
    nlohmann::ordered_json j;
    j["state"] = halted ? "HALT" : "FAULT";
    if (!halted) j["fault_reason"] = out.fault_reason;
    j["gas_consumed"] = std::to_string(out.gas_consumed);
    j["gas_consumed_gas"] = format_gas(out.gas_consumed);
    j["result_stack"] = nlohmann::ordered_json::array();
    for (const auto& v : out.result_stack) j["result_stack"].push_back(to_json(v));
    j["notifications"] = nlohmann::ordered_json::array();
    for (const auto& n : out.notifications) {
      j["notifications"].push_back(
          {{"contract", "0x" + to_hex(n.script_hash)}, {"event", n.event_name}, {"state", to_json(n.state)}});
    }
    j["logs"] = nlohmann::ordered_json::array();
    for (const auto& l : out.logs) j["logs"].push_back({{"contract", "0x" + to_hex(l.script_hash)}, {"message", l.message}});
    j["storage_root_before"] = to_hex(out.storage_root_before);
    j["storage_root_after"] = to_hex(out.storage_root_after);
    j["storage_changes"] = out.storage_changes.size();
    fmt::print("{}\n", j.dump(2));
    return;
  }
  fmt::print("state: {}\n", halted ? "HALT" : "FAULT");
  if (!halted) fmt::print("fault: {}\n", out.fault_reason);
  fmt::print("gas consumed: {} GAS ({} datoshi)\n", format_gas(out.gas_consumed), out.gas_consumed);
  fmt::print("result stack ({} item{}, top first):\n", out.result_stack.size(), out.result_stack.size() == 1 ? "" : "s");
  for (std::size_t i = 0; i < out.result_stack.size(); ++i) fmt::print("  {}: {}\n", i, to_text(out.result_stack[i]));
  for (const auto& n : out.notifications) {
    fmt::print("notification {} from 0x{}: {}\n", n.event_name, to_hex(n.script_hash), to_text(n.state));
  }
  for (const auto& l : out.logs) fmt::print("log from 0x{}: {}\n", to_hex(l.script_hash), l.message);
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_status) {
  auto options = std::make_shared<ProgramOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Execute a Neo program natively and print the result");
  add_program_options(*cmd, *options);
  cmd->callback([options, &exit_status] {
    auto input = load_program(*options);
    if (!input.ok()) {
      fmt::print(stderr, "error: {}\n", input.error.message);
      exit_status = kExitUsage;
      return;
    }
    const guest::ProofOutput out = guest::run(*input.value);
    print_output(out, options->json);
    exit_status = out.state == guest::VmState::Halt ? kExitOk : kExitFailed;
  });
}

}  // namespace neo::cli
