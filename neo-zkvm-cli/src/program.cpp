#include "program.hpp"

#include <filesystem>

#include "environment_file.hpp"

namespace neo::cli {

void add_program_options(CLI::App& command, ProgramOptions& options) {
  command.add_option("file", options.file,
                     "Program: a .neoasm assembly source, a .nef contract (with --manifest and --method), or a file "
                     "of raw bytecode (any other name)");
  command.add_option("--hex", options.hex, "Raw bytecode given inline as hex, instead of a file");
  command.add_option("--manifest", options.manifest, "The contract manifest (JSON) of a .nef file");
  command.add_option("--method", options.method, "The contract method to invoke (with a .nef file)");
  command.add_option("--args", options.args_json,
                     "Arguments as a JSON array: plain values (5, \"text\", true, null, [..]) or Neo contract "
                     "parameters ({\"type\":\"Integer\",\"value\":\"5\"}, ByteArray/Hash160 in hex, ...)");
  command.add_option("--env", options.env_file,
                     "The execution environment as JSON: network, time, signers, contracts, initial storage... "
                     "(format in docs/cli.md)");
  command.add_option("--gas-limit", options.gas_limit, "Gas limit in GAS (0 = no limit)")->capture_default_str();
  command.add_flag("--json", options.json, "Print JSON instead of text");
}

Result<std::uint64_t> parse_gas(std::string_view text) {
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  auto bad = [&] { return Result<std::uint64_t>{std::nullopt, {"--gas-limit: \"" + std::string(text) +
                                                                 "\" is not an amount of GAS (e.g. 20 or 0.5)"}}; };
  if (whole.empty() || whole.size() > 10 || frac.size() > 8) return bad();
  std::uint64_t datoshi = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return bad();
    datoshi = datoshi * 10 + static_cast<std::uint64_t>(c - '0');
  }
  datoshi *= 100000000;
  std::uint64_t scale = 10000000;
  for (char c : frac) {
    if (c < '0' || c > '9') return bad();
    datoshi += static_cast<std::uint64_t>(c - '0') * scale;
    scale /= 10;
  }
  return {datoshi, {}};
}

Result<guest::ProofInput> load_program(const ProgramOptions& options) {
  guest::ProofInput input;
  if (!options.hex.empty() && !options.file.empty()) {
    return {std::nullopt, {"give either a file or --hex, not both"}};
  }
  if (options.hex.empty() && options.file.empty()) return {std::nullopt, {"no program: give a file or --hex"}};
  if (!options.hex.empty()) {
    auto bytes = parse_hex(options.hex, "--hex");
    if (!bytes.ok()) return {std::nullopt, bytes.error};
    input.script = std::move(*bytes.value);
  } else {
    const std::string ext = std::filesystem::path(options.file).extension().string();
    if (ext == ".nef") {
      // A contract: the NEF is checked by the VM layer (in the guest too), with an error naming the field.
      if (options.manifest.empty()) return {std::nullopt, {options.file + ": a .nef contract needs --manifest"}};
      if (options.method.empty()) return {std::nullopt, {options.file + ": a .nef contract needs --method"}};
      auto nef = read_file(options.file);
      if (!nef.ok()) return {std::nullopt, nef.error};
      auto manifest = read_file(options.manifest);
      if (!manifest.ok()) return {std::nullopt, manifest.error};
      input.kind = guest::ProgramKind::Contract;
      input.script = std::move(*nef.value);
      input.manifest.assign(manifest.value->begin(), manifest.value->end());
      input.method = options.method;
    } else {
      auto bytes = ext == ".neoasm" ? assemble_file(options.file) : read_file(options.file);
      if (!bytes.ok()) return {std::nullopt, bytes.error};
      input.script = std::move(*bytes.value);
    }
  }
  if (input.kind != guest::ProgramKind::Contract && (!options.manifest.empty() || !options.method.empty())) {
    return {std::nullopt, {"--manifest and --method apply to .nef contracts only"}};
  }
  if (input.script.empty()) return {std::nullopt, {"the program is empty"}};
  if (!options.args_json.empty()) {
    auto args = parse_arguments(options.args_json);
    if (!args.ok()) return {std::nullopt, args.error};
    input.arguments = std::move(*args.value);
  }
  if (!options.env_file.empty()) {
    auto env = load_environment(options.env_file);
    if (!env.ok()) return {std::nullopt, env.error};
    input.environment = std::move(*env.value);
  }
  auto gas = parse_gas(options.gas_limit);
  if (!gas.ok()) return {std::nullopt, gas.error};
  input.gas_limit = *gas.value;
  return {std::move(input), {}};
}

}  // namespace neo::cli
