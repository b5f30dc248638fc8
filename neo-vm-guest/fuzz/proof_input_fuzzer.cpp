// Fuzzes the ProofInput decoder (the guest decodes these bytes from an untrusted host). Any input is either
// rejected with a named field and an offset inside the input, or accepted — and then it must be canonical:
// re-encoding the decoded value gives back exactly the input bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "neo/guest/proof_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto decoded = neo::guest::decode_proof_input({data, size});
  if (!decoded.ok()) {
    if (decoded.error.empty() || decoded.error_offset > size) std::abort();
    return 0;
  }
  const auto again = neo::guest::encode(*decoded.value);
  if (again.size() != size || !std::equal(again.begin(), again.end(), data)) std::abort();
  return 0;
}
