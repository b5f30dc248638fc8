// neo-zkvm run: executes a Neo program natively and prints what the VM computed.
#include <fmt/core.h>

#include "../cli.hpp"
#include "../environment_file.hpp"
#include "../program.hpp"
#include "commands.hpp"
#include "neo/guest/run.hpp"
#include "neo/vm/crypto/host.hpp"

namespace neo::cli {
namespace {

const char* change_kind_name(guest::StorageChangeKind kind) {
  switch (kind) {
    case guest::StorageChangeKind::Added:
      return "added";
    case guest::StorageChangeKind::Changed:
      return "changed";
    case guest::StorageChangeKind::Deleted:
      return "deleted";
  }
  return "?";
}

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
          {{"contract", hash_text(n.script_hash)}, {"event", n.event_name}, {"state", to_json(n.state)}});
    }
    j["logs"] = nlohmann::ordered_json::array();
    for (const auto& l : out.logs) j["logs"].push_back({{"contract", hash_text(l.script_hash)}, {"message", l.message}});
    j["storage_root_before"] = to_hex(out.storage_root_before);
    j["storage_root_after"] = to_hex(out.storage_root_after);
    j["storage_changes"] = nlohmann::ordered_json::array();
    for (const auto& c : out.storage_changes) {
      j["storage_changes"].push_back({{"contract_id", c.contract_id},
                                      {"key", to_hex(c.key)},
                                      {"kind", change_kind_name(c.kind)},
                                      {"value", to_hex(c.value)}});
    }
    fmt::print("{}\n", j.dump(2));
    return;
  }
  fmt::print("state: {}\n", halted ? "HALT" : "FAULT");
  if (!halted) fmt::print("fault: {}\n", out.fault_reason);
  fmt::print("gas consumed: {} GAS ({} datoshi)\n", format_gas(out.gas_consumed), out.gas_consumed);
  fmt::print("result stack ({} item{}, top first):\n", out.result_stack.size(), out.result_stack.size() == 1 ? "" : "s");
  for (std::size_t i = 0; i < out.result_stack.size(); ++i) fmt::print("  {}: {}\n", i, to_text(out.result_stack[i]));
  for (const auto& n : out.notifications) {
    fmt::print("notification {} from {}: {}\n", n.event_name, hash_text(n.script_hash), to_text(n.state));
  }
  for (const auto& l : out.logs) fmt::print("log from {}: {}\n", hash_text(l.script_hash), l.message);
  for (const auto& c : out.storage_changes) {
    fmt::print("storage {} contract {} key 0x{}{}{}\n", change_kind_name(c.kind), c.contract_id, to_hex(c.key),
               c.kind == guest::StorageChangeKind::Deleted ? "" : " = 0x", to_hex(c.value));
  }
  if (!out.storage_changes.empty() || out.storage_root_before != out.storage_root_after) {
    fmt::print("storage root: {} -> {}\n", to_hex(out.storage_root_before), to_hex(out.storage_root_after));
  }
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
    const guest::ProofOutput out = guest::run(*input.value, vm::crypto::host_backend());
    print_output(out, options->json);
    exit_status = out.state == guest::VmState::Halt ? kExitOk : kExitFailed;
  });
}

}  // namespace neo::cli
