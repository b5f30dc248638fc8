// Differential test of the guest/host split: every self-contained script of the neo-vm conformance suite is run
// natively (neo::guest::run) and as the Neo guest ELF inside the RV32IM executor. The guest must halt with
// code 0, its stdout must be exactly the native ProofOutput encoding, its public values the native
// PublicInputs, and its committed digest the SHA-256 of those public values.
//
// With --prove-every N, every Nth script (in file and test order) is also proven by the machine STARK prover
// (standard parameters, debug checks off) and the proof verified by the machine verifier, whose public values
// must be the native PublicInputs: the Neo guest proven on scripts of the conformance suite.
//
//   neo-guest-differential [--prove-every N] <neo-guest.elf> <conformance dir or file>...
// Prints one line per disagreement and a closing "N passed, M failed" line; exit 1 on any failure, and 77
// (skipped) when no conformance folder is given or found.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "neo/guest/public_inputs.hpp"
#include "neo/guest/run.hpp"
#include "neo/vm/opcode.hpp"
#include "neo/zkvm/machine/prover.hpp"
#include "neo/zkvm/machine/verifier.hpp"
#include "neo/zkvm/rv32/elf.hpp"
#include "neo/zkvm/rv32/executor.hpp"

namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t kTestInteropSyscall = 0x77777777;  // the suite's test-only service: not self-contained

bool parse_hex(std::string_view hex, std::vector<std::uint8_t>& out) {
  if (hex.size() % 2 != 0) return false;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return true;
}

// Script bytes from the suite's list of opcode names and "0x..." chunks; false when a name is unknown.
bool assemble(const nlohmann::json& script, std::vector<std::uint8_t>& out) {
  for (const auto& part : script) {
    const std::string s = part.get<std::string>();
    if (s.rfind("0x", 0) == 0 || s.rfind("0X", 0) == 0) {
      if (!parse_hex(std::string_view(s).substr(2), out)) return false;
    } else {
      const auto op = neo::vm::opcode_from_name(s);
      if (!op) return false;
      out.push_back(static_cast<std::uint8_t>(*op));
    }
  }
  return true;
}

bool uses_test_interop(const std::vector<std::uint8_t>& script) {
  const std::uint8_t id[4] = {0x77, 0x77, 0x77, 0x77};
  return std::search(script.begin(), script.end(), std::begin(id), std::end(id)) != script.end();
}

}  // namespace

int main(int argc, char** argv) {
  int first = 1;
  std::size_t prove_every = 0;
  if (argc > 2 && std::string(argv[1]) == "--prove-every") {
    prove_every = std::stoul(argv[2]);
    first = 3;
  }
  if (argc < first + 2) {
    std::cerr << "usage: neo-guest-differential [--prove-every N] <neo-guest.elf> <conformance dir or file>...\n";
    return 2;
  }
  const auto loaded = neo::zkvm::rv32::load_elf_file(argv[first]);
  if (!loaded) {
    std::cerr << "cannot load the guest ELF " << argv[first] << "\n";
    return 2;
  }
  std::optional<neo::zkvm::machine::MachineProvingKey> key;
  if (prove_every != 0) {
    auto setup = neo::zkvm::machine::setup(loaded.image());
    if (!setup.key) {
      std::cerr << "machine setup failed: " << setup.error << "\n";
      return 1;
    }
    key = std::move(setup.key);
  }
  std::vector<fs::path> files;
  for (int i = first + 1; i < argc; ++i) {
    const fs::path p = argv[i];
    if (fs::is_directory(p)) {
      for (const auto& e : fs::recursive_directory_iterator(p)) {
        if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
      }
    } else if (fs::is_regular_file(p)) {
      files.push_back(p);
    }
  }
  if (files.empty()) {
    std::cout << "skipped: no conformance tests found (is ../shared present?)\n";
    return 77;
  }
  std::sort(files.begin(), files.end());

  int passed = 0, failed = 0, skipped = 0, proven = 0;
  std::size_t index = 0;
  std::uint64_t total_cycles = 0;
  for (const fs::path& file : files) {
    std::ifstream in(file);
    const nlohmann::json doc = nlohmann::json::parse(in, nullptr, false);
    if (doc.is_discarded() || !doc.contains("tests")) continue;
    for (const auto& test : doc["tests"]) {
      const std::string name = file.filename().string() + " / " + test.value("name", "?");
      neo::guest::ProofInput input;
      if (!assemble(test["script"], input.script) || uses_test_interop(input.script)) {
        ++skipped;
        continue;
      }
      const neo::guest::ProofOutput native = neo::guest::run(input);
      const std::vector<std::uint8_t> native_bytes = neo::guest::encode(native);
      const std::vector<std::uint8_t> native_public = neo::guest::encode(neo::guest::make_public_inputs(input, native));

      neo::zkvm::rv32::ExecutorOptions options;
      options.max_cycles = 4'000'000'000ull;
      options.private_input = neo::guest::encode(input);
      const auto guest = neo::zkvm::rv32::execute(loaded.image(), std::move(options));
      total_cycles += guest.cycles;

      std::string problem;
      if (!guest.success()) {
        problem = guest.trap ? "guest trapped: " + neo::zkvm::rv32::describe(*guest.trap)
                             : "guest did not halt with code 0 (exit " + std::to_string(guest.exit_code) +
                                   "): " + std::string(guest.stderr_bytes.begin(), guest.stderr_bytes.end());
      } else if (guest.stdout_bytes != native_bytes) {
        problem = "ProofOutput bytes differ from the native run";
      } else if (guest.public_values != native_public) {
        problem = "public values differ from the native PublicInputs";
      } else if (!guest.public_values_match_digest()) {
        problem = "committed digest is not SHA-256 of the public values";
      }
      if (problem.empty() && prove_every != 0 && index++ % prove_every == 0) {
        neo::zkvm::machine::MachineProverOptions prove_options;
        prove_options.debug_checks = false;
        const auto r = neo::zkvm::machine::prove(*key, neo::guest::encode(input), prove_options);
        if (!r.proof) {
          problem = "the machine prover failed: " + r.error;
        } else if (const auto v = neo::zkvm::machine::verify_bytes(key->vkey, neo::zkvm::machine::encode(*r.proof));
                   !v.ok()) {
          problem = "the machine proof does not verify: " + neo::zkvm::machine::describe(v);
        } else if (r.proof->public_values != native_public) {
          problem = "the proven public values differ from the native PublicInputs";
        } else {
          ++proven;
          std::cout << "proven " << name << ": " << r.execution.cycles << " cycles, " << r.shards << " shard(s), "
                    << neo::zkvm::machine::encode(*r.proof).size() << " bytes\n";
        }
      }
      if (problem.empty()) {
        ++passed;
      } else {
        ++failed;
        std::cout << "FAIL " << name << ": " << problem << "\n";
      }
    }
  }
  std::cout << "guest cycles in total: " << total_cycles << " over " << passed + failed << " scripts; " << skipped
            << " scripts use the suite's test-only interop service and are not self-contained\n";
  if (prove_every != 0) std::cout << proven << " scripts proven and verified\n";
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}
