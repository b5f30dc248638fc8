// The `neo-zkvm` command line. Exit status: 0 on success, 1 when the work itself says no (a FAULT, an invalid
// proof, a guest that did not exit with 0), 2 on bad usage or unreadable input.
#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "cli.hpp"
#include "commands/commands.hpp"
#include "neo/cli/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"neo-zkvm: run Neo N3 contracts and prove their execution with a RISC-V STARK", "neo-zkvm"};
  app.set_version_flag("--version", fmt::format("neo-zkvm {}", neo::cli::kVersion),
                       "Print the version and exit");
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "Log progress and diagnostics to stderr");
  app.require_subcommand(0, 1);

  int exit_status = neo::cli::kExitOk;
  neo::cli::add_run_command(app, exit_status);
  neo::cli::add_prove_commands(app, exit_status);
  neo::cli::add_asm_commands(app, exit_status);
  neo::cli::add_rv32_command(app, exit_status);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    (void)app.exit(e);
    return neo::cli::kExitUsage;
  }
  spdlog::set_level(verbose ? spdlog::level::debug : spdlog::level::warn);

  if (app.get_subcommands().empty()) fmt::print("{}", app.help());
  return exit_status;
}
