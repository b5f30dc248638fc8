// neo-zkvm asm / disasm: the Neo assembly language (docs/assembly.md).
#include <fmt/core.h>

#include "../cli.hpp"
#include "commands.hpp"
#include "neo/vm/assembly/assembler.hpp"
#include "neo/vm/assembly/disassembler.hpp"

namespace neo::cli {

Result<std::vector<std::uint8_t>> assemble_file(const std::string& path) {
  auto source = read_file(path);
  if (!source.ok()) return {std::nullopt, source.error};
  const std::string text(source.value->begin(), source.value->end());
  const vm::assembly::AssembleResult result = vm::assembly::assemble(text);
  if (!result.errors.empty()) {
    std::string message;
    for (const auto& d : result.errors) message += (message.empty() ? "" : "\n") + path + ":" + d.to_string();
    return {std::nullopt, {message}};
  }
  return {result.script, {}};
}

namespace {

struct AsmOptions {
  std::string input;
  std::string output;
  bool hex = false;
};

struct DisasmOptions {
  std::string input;
  std::string hex;
  bool offsets = false;
};

}  // namespace

void add_asm_commands(CLI::App& app, int& exit_status) {
  auto ao = std::make_shared<AsmOptions>();
  CLI::App* asm_cmd = app.add_subcommand("asm", "Assemble a .neoasm source into Neo bytecode");
  asm_cmd->add_option("input", ao->input, "The assembly source")->required();
  asm_cmd->add_option("-o,--output", ao->output, "Where to write the bytecode");
  asm_cmd->add_flag("--hex", ao->hex, "Print the bytecode as hex on stdout");
  asm_cmd->callback([ao, &exit_status] {
    if (ao->output.empty() && !ao->hex) {
      fmt::print(stderr, "error: give -o <file> or --hex\n");
      exit_status = kExitUsage;
      return;
    }
    auto script = assemble_file(ao->input);
    if (!script.ok()) {
      fmt::print(stderr, "{}\n", script.error.message);
      exit_status = kExitUsage;
      return;
    }
    std::string error;
    if (!ao->output.empty() && !write_file(ao->output, *script.value, error)) {
      fmt::print(stderr, "error: {}\n", error);
      exit_status = kExitUsage;
      return;
    }
    if (ao->hex) fmt::print("{}\n", to_hex(*script.value));
    exit_status = kExitOk;
  });

  auto d = std::make_shared<DisasmOptions>();
  CLI::App* disasm_cmd = app.add_subcommand("disasm", "Disassemble Neo bytecode into the assembly language");
  disasm_cmd->add_option("input", d->input, "A file of raw bytecode");
  disasm_cmd->add_option("--hex", d->hex, "Bytecode given inline as hex");
  disasm_cmd->add_flag("--offsets", d->offsets, "Show each instruction's byte offset");
  disasm_cmd->callback([d, &exit_status] {
    if (d->input.empty() == d->hex.empty()) {
      fmt::print(stderr, "error: give a file or --hex (one of them)\n");
      exit_status = kExitUsage;
      return;
    }
    auto bytes = d->hex.empty() ? read_file(d->input) : parse_hex(d->hex, "--hex");
    if (!bytes.ok()) {
      fmt::print(stderr, "error: {}\n", bytes.error.message);
      exit_status = kExitUsage;
      return;
    }
    vm::assembly::DisassembleOptions options;
    options.offsets = d->offsets;
    const auto result = vm::assembly::disassemble(*bytes.value, options);
    if (!result.ok()) {
      fmt::print(stderr, "error: {}\n", result.error.message);
      exit_status = kExitFailed;
      return;
    }
    fmt::print("{}", result.text);
    exit_status = kExitOk;
  });
}

}  // namespace neo::cli
