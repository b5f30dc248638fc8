// Differential test of the guest/host split: every self-contained script of the neo-vm conformance suite is run
// natively (neo::guest::run) and as the Neo guest ELF inside the RV32IM executor. The guest must halt with
// code 0, its stdout must be exactly the native ProofOutput encoding, its public values the native
// PublicInputs, and its committed digest the SHA-256 of those public values.
//
//   neo-guest-differential <neo-guest.elf> <conformance dir or file>...
// Prints one line per disagreement and a closing "N passed, M failed" line; exit 1 on any failure, and 77
// (skipped) when no conformance folder is given or found.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "neo/guest/public_inputs.hpp"
#include "neo/guest/run.hpp"
#include "neo/vm/opcode.hpp"
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
  if (argc < 3) {
    std::cerr << "usage: neo-guest-differential <neo-guest.elf> <conformance dir or file>...\n";
    return 2;
  }
  const auto loaded = neo::zkvm::rv32::load_elf_file(argv[1]);
  if (!loaded) {
    std::cerr << "cannot load the guest ELF " << argv[1] << "\n";
    return 2;
  }
  std::vector<fs::path> files;
  for (int i = 2; i < argc; ++i) {
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

  int passed = 0, failed = 0, skipped = 0;
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
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}
