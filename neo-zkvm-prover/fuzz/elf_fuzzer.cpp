// libFuzzer harness for the ELF loader and, for every file it accepts, a short run of the executor. Neither
// may crash, hang or trip a sanitizer on any input; a rejected file must come with a message.
//
// Built by neo_add_fuzzer (cmake/NeoFuzzing.cmake): a libFuzzer binary in the `fuzz` preset, a corpus replayer
// everywhere else.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "neo/zkvm/rv32/elf.hpp"
#include "neo/zkvm/rv32/executor.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace neo::zkvm::rv32;
  const ElfLoadResult result = load_elf(std::span<const std::uint8_t>(data, size));
  if (!result.ok()) {
    if (result.error().message.empty()) std::abort();
    return 0;
  }
  const ProgramImage& image = result.image();
  if (!image.is_executable(image.entry) || image.entry % 4 != 0) std::abort();
  ExecutorOptions options;
  options.max_cycles = 4096;
  options.private_input = {1, 2, 3, 4, 5, 6, 7, 8};
  const ExecutionResult run = execute(image, options);
  if (run.status == ExitStatus::kRunning || run.cycles > options.max_cycles) std::abort();
  return 0;
}
