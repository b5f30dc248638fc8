// Fuzzes the ProofOutput decoder (the verifier decodes these bytes from an untrusted proof). As for inputs:
// a clear rejection, or a canonical value whose re-encoding is the input itself.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "neo/guest/proof_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto decoded = neo::guest::decode_proof_output({data, size});
  if (!decoded.ok()) {
    if (decoded.error.empty() || decoded.error_offset > size) std::abort();
    return 0;
  }
  const auto again = neo::guest::encode(*decoded.value);
  if (again.size() != size || !std::equal(again.begin(), again.end(), data)) std::abort();
  return 0;
}
