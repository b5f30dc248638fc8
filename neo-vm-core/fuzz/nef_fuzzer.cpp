// libFuzzer harness: arbitrary bytes through the NEF3 reader.
//
// Built by neo_add_fuzzer (cmake/NeoFuzzing.cmake): a libFuzzer binary in the `fuzz` preset, a corpus replay
// test (nef_fuzzer-replay) in every other build.
//
// Almost every mutated file fails the checksum, which would keep the search at the checksum check; so each
// input is parsed twice: as it is, and with its last four bytes replaced by the checksum of the bytes before
// them, which lets mutations reach every field rule.
//
// Invariants: the reader returns (never crashes, hangs or leaks); a failure carries an error code, a field
// name and an offset inside the input; a success gives a value that validate_nef accepts, that writes back
// to a file the reader accepts again with the same value, and whose checksum is the one read.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

#include "neo/vm/app/nef.hpp"
#include "neo/vm/crypto/sha256.hpp"

namespace {

using neo::vm::app::NefError;
using neo::vm::app::NefFile;
using neo::vm::app::NefParseError;

void check(std::span<const std::uint8_t> bytes) {
  NefFile nef;
  NefParseError error;
  if (!neo::vm::app::parse_nef(bytes, nef, error)) {
    if (error.code == NefError::kNone || error.field == nullptr || std::strlen(error.field) == 0 ||
        error.offset > bytes.size())
      std::abort();
    return;
  }
  if (error.code != NefError::kNone) std::abort();
  NefParseError validation;
  if (!neo::vm::app::validate_nef(nef, validation)) std::abort();
  if (neo::vm::app::nef_checksum(nef) != nef.checksum) std::abort();
  const std::vector<std::uint8_t> written = neo::vm::app::write_nef(nef);
  NefFile again;
  if (!neo::vm::app::parse_nef(written, again, error) || !(again == nef)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 256 * 1024) return 0;  // past MaxItemSize everything fails the same way
  const std::span<const std::uint8_t> input(data, size);
  check(input);
  if (size >= 4) {
    std::vector<std::uint8_t> fixed(data, data + size);
    const auto inner = neo::vm::crypto::sha256(std::span<const std::uint8_t>(fixed.data(), size - 4));
    const auto outer = neo::vm::crypto::sha256(inner);
    std::memcpy(fixed.data() + size - 4, outer.data(), 4);
    check(fixed);
  }
  return 0;
}
