// neo-zkvm asm / disasm: the Neo assembly language (docs/assembly.md), to and from raw bytecode or NEF3
// files.
#include <fmt/core.h>

#include <filesystem>
#include <string_view>

#include "../cli.hpp"
#include "commands.hpp"
#include "neo/cli/version.hpp"
#include "neo/vm/app/nef.hpp"
#include "neo/vm/assembly/assembler.hpp"
#include "neo/vm/assembly/disassembler.hpp"

namespace neo::cli {

namespace {

Result<vm::assembly::AssembleResult> assemble_source(const std::string& path) {
  auto source = read_file(path);
  if (!source.ok()) return {std::nullopt, source.error};
  const std::string text(source.value->begin(), source.value->end());
  vm::assembly::AssembleResult result = vm::assembly::assemble(text);
  if (!result.errors.empty()) {
    std::string message;
    for (const auto& d : result.errors) message += (message.empty() ? "" : "\n") + path + ":" + d.to_string();
    return {std::nullopt, {message}};
  }
  return {std::move(result), {}};
}

bool is_nef_path(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return ext == ".nef";
}

// The NEF3 file of an assembled source: compiler "neo-zkvm-asm <version>", no source URL, the `.token`s.
Result<std::vector<std::uint8_t>> nef_bytes(const vm::assembly::AssembleResult& assembled) {
  vm::app::NefFile nef;
  const std::string compiler = std::string("neo-zkvm-asm ") + kVersion;
  nef.compiler.assign(compiler.begin(), compiler.end());
  nef.tokens = assembled.tokens;
  nef.script = assembled.script;
  vm::app::NefParseError error;
  if (!vm::app::validate_nef(nef, error)) {
    return {std::nullopt,
            {fmt::format("cannot write a NEF: {} ({})", vm::app::nef_error_name(error.code), error.field)}};
  }
  return {vm::app::write_nef(nef), {}};
}

// A NEF text field inside a listing comment: control bytes would end the comment (or the line) early.
std::string comment_text(const vm::app::Text& text) {
  std::string out(text.begin(), text.end());
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  }
  return out;
}

}  // namespace

Result<std::vector<std::uint8_t>> assemble_file(const std::string& path) {
  auto result = assemble_source(path);
  if (!result.ok()) return {std::nullopt, result.error};
  return {std::move(result.value->script), {}};
}

namespace {

struct AsmOptions {
  std::string input;
  std::string output;
  bool hex = false;
};

struct DisasmOptions {
  std::string input;
  std::string output;
  std::string hex;
  bool offsets = false;
};

}  // namespace

void add_asm_commands(CLI::App& app, int& exit_status) {
  auto ao = std::make_shared<AsmOptions>();
  CLI::App* asm_cmd = app.add_subcommand("asm", "Assemble a .neoasm source into Neo bytecode or a NEF3 file");
  asm_cmd->add_option("input", ao->input, "The assembly source")->required();
  asm_cmd->add_option(
      "-o,--output", ao->output,
      "Where to write the bytecode: a NEF3 file (with the .token method tokens) when the name "
      "ends in .nef, else the raw script");
  asm_cmd->add_flag("--hex", ao->hex, "Print the bytecode as hex on stdout");
  asm_cmd->callback([ao, &exit_status] {
    if (ao->output.empty() && !ao->hex) {
      fmt::print(stderr, "error: give -o <file> or --hex\n");
      exit_status = kExitUsage;
      return;
    }
    auto assembled = assemble_source(ao->input);
    if (!assembled.ok()) {
      fmt::print(stderr, "{}\n", assembled.error.message);
      exit_status = kExitUsage;
      return;
    }
    const std::vector<std::uint8_t>& script = assembled.value->script;
    if (!ao->output.empty()) {
      Result<std::vector<std::uint8_t>> file = {script, {}};
      if (is_nef_path(ao->output)) {
        file = nef_bytes(*assembled.value);
      } else if (!assembled.value->tokens.empty()) {
        // Raw bytecode has nowhere to keep them; CALLT indexes then refer to tokens given elsewhere.
        fmt::print(stderr,
                   "warning: {}: the .token declarations are not part of raw bytecode (write a .nef)\n",
                   ao->input);
      }
      std::string error;
      if (!file.ok() || !write_file(ao->output, *file.value, error)) {
        fmt::print(stderr, "error: {}\n", file.ok() ? error : file.error.message);
        exit_status = kExitUsage;
        return;
      }
    }
    if (ao->hex) fmt::print("{}\n", to_hex(script));
    exit_status = kExitOk;
  });

  auto d = std::make_shared<DisasmOptions>();
  CLI::App* disasm_cmd = app.add_subcommand("disasm", "Disassemble Neo bytecode into the assembly language");
  disasm_cmd->add_option("input", d->input, "A file of raw bytecode, or a NEF3 file (name ending in .nef)");
  disasm_cmd->add_option("--hex", d->hex, "Bytecode given inline as hex");
  disasm_cmd->add_flag("--offsets", d->offsets, "Show each instruction's byte offset");
  disasm_cmd->add_option("-o,--output", d->output, "Write the listing to this file instead of stdout");
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
    std::string header;
    vm::app::NefFile nef;
    if (d->hex.empty() && is_nef_path(d->input)) {
      vm::app::NefParseError nef_error;
      if (!vm::app::parse_nef(*bytes.value, nef, nef_error)) {
        fmt::print(stderr, "error: {}: not a valid NEF3 file: {} in {} at byte {}\n", d->input,
                   vm::app::nef_error_name(nef_error.code), nef_error.field, nef_error.offset);
        exit_status = kExitFailed;
        return;
      }
      // The NEF fields the listing does not carry, as comments (they do not change the assembled output).
      header = fmt::format("; NEF3 {}: compiler \"{}\", source \"{}\", checksum 0x{:08x}\n", d->input,
                           comment_text(nef.compiler), comment_text(nef.source), nef.checksum);
      options.tokens = nef.tokens;
      bytes.value = nef.script;
    }
    const auto result = vm::assembly::disassemble(*bytes.value, options);
    if (!result.ok()) {
      fmt::print(stderr, "error: {}\n", result.error.message);
      exit_status = kExitFailed;
      return;
    }
    const std::string listing = header + result.text;
    if (!d->output.empty()) {
      std::string error;
      if (!write_file(d->output, std::vector<std::uint8_t>(listing.begin(), listing.end()), error)) {
        fmt::print(stderr, "error: {}\n", error);
        exit_status = kExitUsage;
        return;
      }
    } else {
      fmt::print("{}", listing);
    }
    exit_status = kExitOk;
  });
}

}  // namespace neo::cli
