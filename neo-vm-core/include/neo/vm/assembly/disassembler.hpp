// Disassembler for Neo N3 scripts: bytes in, assembly text (docs/assembly.md) out. It prints the language the
// assembler reads, so that assemble(disassemble(script)) gives back the same bytes for every well-formed
// script.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "neo/vm/app/nef.hpp"

namespace neo::vm::assembly {

struct DisassembleOptions {
  bool offsets = false;  // append "; 0x0000" (the instruction's byte offset) to every instruction line
  int indent = 2;        // spaces before each instruction (0..64); labels start in column 1
  // A target inside the script that is not an instruction boundary (it lands in an operand) is legal for the
  // VM outside strict mode. By default it is printed as a numeric offset with a comment saying so; strict
  // makes it an error, as in the reference's strict script validation.
  bool strict = false;
  // The method tokens of the script (a NEF's). When not empty, the listing starts with one `.token` line per
  // token and `CALLT i` with i < tokens.size() prints the token's name; names come from the method names
  // (made unique and valid). CALLT of an index outside the list still prints the number.
  std::span<const app::MethodToken> tokens{};
};

// A script that cannot be represented: an undefined opcode, a truncated operand, a jump/call/try/PUSHA target
// outside the script (or, when strict, inside an instruction).
struct DisassembleError {
  std::uint32_t offset = 0;  // offset of the offending instruction
  std::string message;       // names the opcode and the problem, including the offset
};

struct DisassembleResult {
  std::string text;        // the listing; empty when !ok()
  DisassembleError error;  // meaningful only when !ok()
  bool success = false;

  bool ok() const noexcept { return success; }
};

DisassembleResult disassemble(std::span<const std::uint8_t> script, const DisassembleOptions& options = {});

// The script of a NEF with its method tokens (options.tokens is replaced by nef.tokens).
DisassembleResult disassemble_nef(const app::NefFile& nef, DisassembleOptions options = {});

}  // namespace neo::vm::assembly
