// What `run` and `prove` execute: a ProofInput built from a file or inline bytecode and the options.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "cli.hpp"

namespace neo::cli {

struct ProgramOptions {
  std::string file;
  std::string hex;
  std::string manifest;
  std::string method;
  std::string args_json;
  std::string env_file;
  std::string gas_limit = "20";  // GAS
  bool json = false;
};

// Adds the input options shared by run and prove.
void add_program_options(CLI::App& command, ProgramOptions& options);
Result<guest::ProofInput> load_program(const ProgramOptions& options);
// Reads and assembles a .neoasm file; errors list every diagnostic as file:line:column: message.
Result<std::vector<std::uint8_t>> assemble_file(const std::string& path);
// "20", "0.5", "0" (no limit) in GAS -> datoshi.
Result<std::uint64_t> parse_gas(std::string_view text);

}  // namespace neo::cli
