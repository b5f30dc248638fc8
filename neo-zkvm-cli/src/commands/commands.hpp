// The subcommands of neo-zkvm. Each registers itself on the app and, when it runs, sets the exit status.
#pragma once

#include <CLI/CLI.hpp>

namespace neo::cli {

void add_run_command(CLI::App& app, int& exit_status);
void add_rv32_command(CLI::App& app, int& exit_status);
void add_prove_commands(CLI::App& app, int& exit_status);  // prove, verify, inspect, vkey
void add_asm_commands(CLI::App& app, int& exit_status);    // asm, disasm

}  // namespace neo::cli
