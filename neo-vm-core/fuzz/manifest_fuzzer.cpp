// libFuzzer harness: arbitrary text through the manifest reader.
//
// Built by neo_add_fuzzer (cmake/NeoFuzzing.cmake): a libFuzzer binary in the `fuzz` preset, a corpus replay
// test (manifest_fuzzer-replay) in every other build.
//
// Invariants: the reader returns (never crashes, hangs or leaks); a failure carries a message (and the field
// path, empty only for errors of the whole text); a success gives a manifest whose required parts hold their
// rules (a non-empty name, at least one method, non-negative offsets, no Void parameter, extra as JSON text),
// whose methods are found by name and parameter count, and which the deployment check and the permission
// query handle without crashing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "neo/vm/app/manifest.hpp"

using neo::vm::app::ContractManifest;
using neo::vm::app::ManifestError;
using neo::vm::app::ParameterType;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 70 * 1024) return 0;  // past the 65535-byte limit everything fails the same way
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ContractManifest manifest;
  ManifestError error;
  if (!neo::vm::app::parse_manifest(text, manifest, error)) {
    if (error.message.empty()) std::abort();
    return 0;
  }
  if (!error.message.empty() || manifest.name.empty() || manifest.methods.empty() || manifest.extra.empty())
    std::abort();
  for (const auto& m : manifest.methods) {
    if (m.name.empty() || m.offset < 0) std::abort();
    for (const auto& p : m.parameters) {
      if (p.name.empty() || p.type == ParameterType::Void) std::abort();
    }
    const auto* found = manifest.find_method(std::string_view(m.name.data(), m.name.size()),
                                             static_cast<std::int32_t>(m.parameters.size()));
    if (found == nullptr || found->name != m.name || found->parameters.size() != m.parameters.size())
      std::abort();
  }
  // A 16-byte script of NOPs and RET: offsets past it or duplicates fail, nothing crashes.
  const std::uint8_t script[16] = {0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21,
                                   0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x40};
  ManifestError check_error;
  if (!neo::vm::app::check_manifest_against_script(manifest, script, check_error) &&
      check_error.message.empty())
    std::abort();
  neo::vm::UInt160 target{};
  (void)neo::vm::app::manifest_can_call(manifest, target, {}, "transfer");
  return 0;
}
