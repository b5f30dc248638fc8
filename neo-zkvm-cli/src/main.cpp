// The `neo-zkvm` command line. Exit status: 0 on success, 1 when the work itself says no (a FAULT, an invalid
// proof), 2 on bad usage or unreadable input.
#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "neo/cli/version.hpp"

namespace {

constexpr int kExitUsage = 2;

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"neo-zkvm: run Neo N3 contracts and prove their execution with a RISC-V STARK", "neo-zkvm"};
  app.set_version_flag("--version", fmt::format("neo-zkvm {}", neo::cli::kVersion),
                       "Print the version and exit");
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "Log progress and diagnostics to stderr");
  app.require_subcommand(0, 1);

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
    return kExitUsage;
  }
  spdlog::set_level(verbose ? spdlog::level::debug : spdlog::level::warn);

  if (app.get_subcommands().empty()) {
    fmt::print("{}", app.help());
  }
  return 0;
}
