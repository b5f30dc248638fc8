// neo-zkvm-guest-vkey <guest.elf> <out>: writes the machine verifying key of a guest ELF (the standard FRI
// parameters), machine::encode(machine::verifying_key(image)). A build tool: neo-zkvm embeds the Neo guest's
// key so that `verify` gets it without rebuilding the circuit's preprocessed tables on every run.
#include <cstdio>
#include <fstream>
#include <string>

#include "neo/zkvm/machine/prover.hpp"
#include "neo/zkvm/rv32/elf.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s <guest.elf> <out>\n", argc > 0 ? argv[0] : "neo-zkvm-guest-vkey");
    return 2;
  }
  const std::string elf_path = argv[1];
  const std::string out_path = argv[2];
  const neo::zkvm::rv32::ElfLoadResult loaded = neo::zkvm::rv32::load_elf_file(elf_path);
  if (!loaded) {
    std::fprintf(stderr, "error: %s: %s\n", elf_path.c_str(), loaded.error().message.c_str());
    return 1;
  }
  const neo::zkvm::machine::MachineVkeyResult vkey = neo::zkvm::machine::verifying_key(loaded.image());
  if (!vkey.vkey) {
    std::fprintf(stderr, "error: %s: no verifying key: %s\n", elf_path.c_str(), vkey.error.c_str());
    return 1;
  }
  const std::vector<std::uint8_t> bytes = neo::zkvm::machine::encode(*vkey.vkey);
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    std::fprintf(stderr, "error: cannot write %s\n", out_path.c_str());
    std::remove(out_path.c_str());
    return 1;
  }
  return 0;
}
