// The guest runtime (neo-zkvm-program), tested from the host: the runtime-check guest runs in the executor and
// each behaviour of the runtime is checked by what the machine saw — exit code, output, public values, digest.
#include <catch2/catch.hpp>

#include <string>

#include "neo/guest/abi.hpp"
#include "neo/zkvm/rv32/elf.hpp"
#include "neo/zkvm/rv32/executor.hpp"

using namespace neo::zkvm::rv32;

namespace {

ExecutionResult run_guest(std::vector<std::uint8_t> input) {
  static const ElfLoadResult loaded = load_elf_file(NEO_RUNTIME_CHECK_ELF);
  REQUIRE(loaded.ok());
  ExecutorOptions options;
  options.max_cycles = 50'000'000;
  options.private_input = std::move(input);
  return execute(loaded.image(), std::move(options));
}

std::string text(const std::vector<std::uint8_t>& b) { return {b.begin(), b.end()}; }

}  // namespace

TEST_CASE("guest runtime: heap, static constructors and containers work; success commits the public values",
          "[guest-runtime]") {
  const ExecutionResult r = run_guest({0});
  INFO(text(r.stderr_bytes));
  REQUIRE(r.success());
  CHECK(text(r.public_values) == "ok");
  CHECK(r.public_values_match_digest());
}

TEST_CASE("guest runtime: abort and library errors halt with kExitAbort and say why", "[guest-runtime]") {
  const ExecutionResult aborted = run_guest({1});
  CHECK(aborted.halted());
  CHECK(aborted.exit_code == neo::guest::abi::kExitAbort);
  CHECK(text(aborted.stderr_bytes) == "guest abort: abort() called\n");
  CHECK(aborted.committed_mask == 0);  // a failed run commits nothing

  const ExecutionResult range = run_guest({2});
  CHECK(range.exit_code == neo::guest::abi::kExitAbort);
  CHECK(text(range.stderr_bytes).find("std::out_of_range") != std::string::npos);
}

TEST_CASE("guest runtime: an exhausted heap halts with kExitOutOfMemory", "[guest-runtime]") {
  const ExecutionResult r = run_guest({3});
  CHECK(r.halted());
  CHECK(r.exit_code == neo::guest::abi::kExitOutOfMemory);
  CHECK(text(r.stderr_bytes) == "guest abort: out of heap memory\n");
}

TEST_CASE("guest runtime: input, stdout and public values", "[guest-runtime]") {
  const ExecutionResult r = run_guest({4, 'n', 'e', 'o'});
  REQUIRE(r.success());
  CHECK(text(r.stdout_bytes) == "neo");
  CHECK(text(r.public_values) == "neo");
  CHECK(r.public_values_match_digest());
  CHECK(public_values_digest_words(r.public_values) == r.committed_digest);
}

TEST_CASE("guest runtime: main's return value is the exit code, and only 0 commits", "[guest-runtime]") {
  const ExecutionResult r = run_guest({5});
  CHECK(r.halted());
  CHECK(r.exit_code == 7);
  CHECK(r.committed_mask == 0);
  CHECK_FALSE(r.success());
}
