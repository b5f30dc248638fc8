// Assembler for the Neo N3 assembly language (docs/assembly.md): text in, script bytes out.
//
// One instruction per line by opcode name, labels as jump/call/try/PUSHA targets with automatic short/long
// selection, integer, string and hex literals, SYSCALL by service name, `.token` method-token declarations
// with CALLT by token name (the tokens a NEF file carries). Portable (host and guest): errors are
// returned as values carrying line:column and a message, never thrown.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "neo/vm/app/nef.hpp"

namespace neo::vm::assembly {

// One problem found in the source. line and column are 1-based; column counts bytes.
struct Diagnostic {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string message;

  // "line:column: message"
  std::string to_string() const;
};

// Where the instruction of a source line landed in the script (for debuggers and traces).
struct SourceMapEntry {
  std::uint32_t offset = 0;  // byte offset of the instruction in the script
  std::uint32_t line = 0;    // 1-based source line
};

struct AssembleResult {
  std::vector<std::uint8_t> script;        // empty when errors is not
  std::vector<Diagnostic> errors;          // in source order; empty on success
  std::vector<SourceMapEntry> source_map;  // one entry per instruction, in script order
  // The `.token` declarations in source order, which is CALLT index order; token_names[i] is the name the
  // source gave tokens[i]. Both empty when errors is not.
  std::vector<app::MethodToken> tokens;
  std::vector<std::string> token_names;

  bool ok() const noexcept { return errors.empty(); }
};

// Assembles `source`. Stops collecting errors after kMaxDiagnostics of them.
AssembleResult assemble(std::string_view source);

inline constexpr std::size_t kMaxDiagnostics = 100;

}  // namespace neo::vm::assembly
