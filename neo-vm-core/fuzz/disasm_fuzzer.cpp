// libFuzzer harness: arbitrary bytes through the Neo disassembler.
//
// Built by neo_add_fuzzer (cmake/NeoFuzzing.cmake): a libFuzzer binary in the `fuzz` preset, a corpus replay
// test (disasm_fuzzer-replay) in every other build.
//
// Invariants checked on every input: disassembly returns (never crashes); a failure names an offset inside
// the script and a reason; strict mode accepts a subset of what the default mode accepts, with the same
// listing; and whenever the bytes decode, the listing (with or without offset comments) assembles back to
// exactly the same bytes. An input that is a valid NEF3 file is also disassembled as one: its listing (with
// `.token` lines) assembles back to the same script and method tokens.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "neo/vm/app/nef.hpp"
#include "neo/vm/assembly/assembler.hpp"
#include "neo/vm/assembly/disassembler.hpp"

using neo::vm::assembly::assemble;
using neo::vm::assembly::AssembleResult;
using neo::vm::assembly::disassemble;
using neo::vm::assembly::disassemble_nef;
using neo::vm::assembly::DisassembleOptions;
using neo::vm::assembly::DisassembleResult;

namespace {

void check_reassembles(std::span<const std::uint8_t> script, const DisassembleResult& listing) {
  const AssembleResult again = assemble(listing.text);
  if (!again.ok()) std::abort();
  if (again.script.size() != script.size()) std::abort();
  for (std::size_t i = 0; i < script.size(); ++i) {
    if (again.script[i] != script[i]) std::abort();
  }
}

void check_nef(std::span<const std::uint8_t> bytes) {
  neo::vm::app::NefFile nef;
  neo::vm::app::NefParseError error;
  if (!neo::vm::app::parse_nef(bytes, nef, error)) return;
  const DisassembleResult listing = disassemble_nef(nef);
  if (!listing.ok()) return;  // the script itself may not decode
  const AssembleResult again = assemble(listing.text);
  if (!again.ok() || again.script != nef.script || again.tokens != nef.tokens) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> script(data, size);
  check_nef(script);
  const DisassembleResult plain = disassemble(script);

  DisassembleOptions strict_options;
  strict_options.strict = true;
  const DisassembleResult strict = disassemble(script, strict_options);
  if (strict.ok() && (!plain.ok() || strict.text != plain.text)) std::abort();

  if (!plain.ok()) {
    if (plain.error.offset >= size || plain.error.message.empty() || !plain.text.empty()) std::abort();
    return 0;
  }
  check_reassembles(script, plain);

  DisassembleOptions commented;
  commented.offsets = true;
  commented.indent = 0;
  const DisassembleResult with_offsets = disassemble(script, commented);
  if (!with_offsets.ok()) std::abort();
  check_reassembles(script, with_offsets);
  return 0;
}
