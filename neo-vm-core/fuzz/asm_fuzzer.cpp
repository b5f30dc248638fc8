// libFuzzer harness: arbitrary text through the Neo assembler.
//
// Built by neo_add_fuzzer (cmake/NeoFuzzing.cmake): a libFuzzer binary in the `fuzz` preset, a corpus replay
// test (asm_fuzzer-replay) in every other build.
//
// Invariants checked on every input: the assembler returns (never crashes, hangs or leaks); a failure carries
// diagnostics with a 1-based line inside the source, a column and a message, and no bytes; a success has a
// source map of strictly increasing offsets inside the script; and when the script also disassembles, the
// listing (with the method tokens of the `.token` lines) assembles back to the same bytes and tokens and is a
// fixed point of disassemble(assemble(.)).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "neo/vm/assembly/assembler.hpp"
#include "neo/vm/assembly/disassembler.hpp"

using neo::vm::assembly::assemble;
using neo::vm::assembly::AssembleResult;
using neo::vm::assembly::disassemble;
using neo::vm::assembly::DisassembleOptions;
using neo::vm::assembly::DisassembleResult;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;  // long inputs only slow the search down
  const std::string_view source(reinterpret_cast<const char*>(data), size);
  const AssembleResult result = assemble(source);
  if (!result.ok()) {
    std::size_t lines = 1;
    for (const char c : source) lines += c == '\n' ? 1 : 0;
    if (!result.script.empty() || result.errors.size() > neo::vm::assembly::kMaxDiagnostics) std::abort();
    if (!result.tokens.empty() || !result.token_names.empty()) std::abort();
    for (const auto& e : result.errors) {
      if (e.line == 0 || e.line > lines || e.column == 0 || e.message.empty()) std::abort();
    }
    return 0;
  }
  for (std::size_t i = 0; i < result.source_map.size(); ++i) {
    const auto& entry = result.source_map[i];
    if (entry.offset >= result.script.size() || entry.line == 0) std::abort();
    if (i > 0 && entry.offset <= result.source_map[i - 1].offset) std::abort();
  }
  if (result.source_map.empty() != result.script.empty()) std::abort();
  if (result.tokens.size() != result.token_names.size()) std::abort();

  DisassembleOptions options;
  options.tokens = result.tokens;
  const DisassembleResult listing = disassemble(result.script, options);
  if (!listing.ok()) return 0;  // literal offsets may aim outside the script
  const AssembleResult again = assemble(listing.text);
  if (!again.ok() || again.script != result.script || again.tokens != result.tokens) std::abort();
  if (again.source_map.size() != result.source_map.size()) std::abort();
  options.tokens = again.tokens;
  const DisassembleResult listing_again = disassemble(again.script, options);
  if (!listing_again.ok() || listing_again.text != listing.text) std::abort();
  return 0;
}
