// Guests compiled by GCC for rv32im (rv32_guests/guest_main.c with three link layouts) must produce exactly
// what the same workloads (rv32_guests/programs.h) compute on the host. The ELFs are built by the test build
// with riscv64-unknown-elf-gcc and found through NEO_RV32_TEST_GUEST_DIR; a build without the cross compiler
// does not define it and this test reports itself as skipped.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "neo/zkvm/rv32/elf.hpp"
#include "neo/zkvm/rv32/executor.hpp"
#include "rv32_guests/programs.h"

using namespace neo::zkvm::rv32;

#ifdef NEO_RV32_TEST_GUEST_DIR

TEST_CASE("rv32 GCC-compiled guests match the host", "[rv32][guest]") {
  const std::string dir = NEO_RV32_TEST_GUEST_DIR;
  for (const char* name : {"guest_split.elf", "guest_textseg.elf", "guest_rwx.elf"}) {
    INFO(name);
    const ElfLoadResult loaded = load_elf_file(dir + "/" + name);
    if (!loaded.ok()) FAIL(loaded.error().message);
    const ProgramImage& image = loaded.image();
    for (std::uint32_t seed : {0x12345678u, 0xDEADBEEFu, 0x00000002u, 0x80000000u}) {
      INFO("seed 0x" << std::hex << seed);
      ExecutorOptions options;
      options.private_input = {static_cast<std::uint8_t>(seed), static_cast<std::uint8_t>(seed >> 8),
                               static_cast<std::uint8_t>(seed >> 16), static_cast<std::uint8_t>(seed >> 24)};
      const ExecutionResult r = execute(image, options);
      if (r.trap) FAIL(describe(*r.trap));
      REQUIRE(r.success());

      std::uint32_t expected[NEO_GUEST_RESULT_COUNT + 8];
      prog_all(seed, expected);
      const std::uint32_t edges[8] = {0xFFFFFFFFu, 0xFFFFFFFFu, 7, 7, 0x80000000u, 0, 0xFFFFFFFFu, seed};
      std::memcpy(expected + NEO_GUEST_RESULT_COUNT, edges, sizeof edges);
      REQUIRE(r.stdout_bytes.size() == sizeof expected);
      for (std::size_t i = 0; i < std::size(expected); ++i) {
        std::uint32_t got;
        std::memcpy(&got, r.stdout_bytes.data() + 4 * i, 4);
        INFO("result " << i);
        CHECK(got == expected[i]);
      }
      CHECK(r.public_values == options.private_input);

      // Recording mode agrees and records one event per instruction.
      const RecordedExecution recorded = execute_recording(image, options);
      CHECK(recorded.result.stdout_bytes == r.stdout_bytes);
      CHECK(recorded.result.cycles == r.cycles);
      CHECK(recorded.record.cpu.size() == r.cycles);
    }
  }
}

#else

TEST_CASE("rv32 GCC-compiled guests match the host", "[rv32][guest]") {
  WARN(
      "SKIPPED: NEO_RV32_TEST_GUEST_DIR is not defined (the test guests need riscv64-unknown-elf-gcc at "
      "build "
      "time)");
}

#endif
