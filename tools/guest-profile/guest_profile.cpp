// guest-profile: where the Neo guest spends its rv32 cycles.
//
// Runs the Neo guest ELF in the RV32IM executor (recording mode, in chunks, so every executed pc is seen) on
// a .neoasm program and prints a flat profile (cycles whose pc lies in each function) and an inclusive
// profile (cycles spent inside each function and its callees, from a shadow call stack driven by JAL/JALR).
// pcs are mapped to functions with the symbol table that `riscv64-unknown-elf-nm -C -n --defined-only`
// prints.
//
// usage: guest_profile <neo-guest.elf> <symbols.txt> <program.neoasm> [--arg N | --array-arg N,N,...]...
//                      [--gas DATOSHI] [--top K] [--annotate TEXT]
// --annotate prints the per-pc cycle counts of the functions whose name contains TEXT (read them beside
// `riscv64-unknown-elf-objdump -d` of the ELF).
//
// Build and run with tools/guest-profile/profile.sh (it compiles this file against a host build's static
// libraries and produces symbols.txt); this tool is host-only and not part of any package.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "neo/guest/proof_io.hpp"
#include "neo/vm/assembly/assembler.hpp"
#include "neo/zkvm/rv32/elf.hpp"
#include "neo/zkvm/rv32/executor.hpp"

namespace {

struct Symbol {
  std::uint32_t address = 0;
  std::string name;
};

// Text symbols of `nm -C -n` output ("00010074 T name with spaces(args)"), sorted by address.
std::vector<Symbol> read_symbols(const std::string& path) {
  std::vector<Symbol> symbols;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() < 11 || line[8] != ' ' || line[10] != ' ') continue;
    const char kind = line[9];
    if (kind != 'T' && kind != 't' && kind != 'W' && kind != 'w') continue;
    symbols.push_back(
        {static_cast<std::uint32_t>(std::strtoul(line.substr(0, 8).c_str(), nullptr, 16)), line.substr(11)});
  }
  std::stable_sort(symbols.begin(), symbols.end(),
                   [](const Symbol& a, const Symbol& b) { return a.address < b.address; });
  return symbols;
}

std::size_t function_of(const std::vector<Symbol>& symbols, std::uint32_t pc) {
  auto it = std::upper_bound(symbols.begin(), symbols.end(), pc,
                             [](std::uint32_t v, const Symbol& s) { return v < s.address; });
  if (it == symbols.begin()) return symbols.size();  // unknown
  return static_cast<std::size_t>(it - symbols.begin()) - 1;
}

struct Frame {
  std::size_t function;
  std::uint32_t return_address;
  std::uint64_t entered_at;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(
        stderr,
        "usage: %s <neo-guest.elf> <symbols.txt> <program.neoasm> [--arg N | --array-arg N,N,...]... "
        "[--gas DATOSHI] [--top K] [--annotate TEXT]\n",
        argv[0]);
    return 2;
  }
  neo::guest::ProofInput input;
  input.gas_limit = 2'000'000'000;  // 20 GAS, the CLI's default
  std::size_t top = 40;
  std::string annotate;
  for (int i = 4; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--arg") {
      input.arguments.push_back(neo::guest::StackValue::integer(std::strtoll(argv[i + 1], nullptr, 10)));
    } else if (flag == "--array-arg") {  // an Array of integers: "5,3,9"
      std::vector<neo::guest::StackValue> items;
      std::stringstream list(argv[i + 1]);
      std::string item;
      while (std::getline(list, item, ',')) {
        items.push_back(neo::guest::StackValue::integer(std::strtoll(item.c_str(), nullptr, 10)));
      }
      input.arguments.push_back(neo::guest::StackValue::array(std::move(items)));
    } else if (flag == "--gas") {
      input.gas_limit = std::strtoull(argv[i + 1], nullptr, 10);
    } else if (flag == "--annotate") {
      annotate = argv[i + 1];
    } else if (flag == "--top") {
      top = std::strtoul(argv[i + 1], nullptr, 10);
    } else {
      std::fprintf(stderr, "unknown option %s\n", flag.c_str());
      return 2;
    }
  }

  std::ifstream source_file(argv[3]);
  std::stringstream source;
  source << source_file.rdbuf();
  const neo::vm::assembly::AssembleResult assembled = neo::vm::assembly::assemble(source.str());
  if (!assembled.ok()) {
    std::fprintf(stderr, "%s: %s\n", argv[3], assembled.errors.front().to_string().c_str());
    return 2;
  }
  input.script = assembled.script;

  const auto loaded = neo::zkvm::rv32::load_elf_file(argv[1]);
  if (!loaded) {
    std::fprintf(stderr, "%s: %s\n", argv[1], loaded.error().message.c_str());
    return 2;
  }
  const std::vector<Symbol> symbols = read_symbols(argv[2]);
  if (symbols.empty()) {
    std::fprintf(stderr, "%s: no text symbols\n", argv[2]);
    return 2;
  }

  neo::zkvm::rv32::ExecutorOptions options;
  options.private_input = neo::guest::encode(input);
  neo::zkvm::rv32::Executor executor(loaded.image(), std::move(options));
  neo::zkvm::rv32::ExecutionRecord record;

  const std::size_t unknown = symbols.size();
  std::vector<std::uint64_t> self(symbols.size() + 1, 0), inclusive(symbols.size() + 1, 0),
      calls(symbols.size() + 1, 0);
  std::vector<std::uint32_t> active(symbols.size() + 1, 0);  // frames of each function on the shadow stack
  std::vector<Frame> stack;
  std::vector<std::pair<std::uint32_t, std::uint64_t>> annotated;  // pc, cycles (unsorted, merged below)
  std::uint64_t cycle = 0;
  // The entry function is the bottom frame; it never returns (the guest halts).
  bool started = false;
  auto leave = [&](const Frame& f) {
    if (--active[f.function] == 0) inclusive[f.function] += cycle - f.entered_at;
  };
  do {
    record.clear();
    executor.run_recording(record, 1u << 18);
    for (const neo::zkvm::rv32::CpuEvent& ev : record.cpu) {
      const std::size_t fn = function_of(symbols, ev.pc);
      if (!started) {
        stack.push_back({fn, 0, cycle});
        ++active[fn];
        ++calls[fn];
        started = true;
      }
      ++self[fn];
      ++cycle;
      if (!annotate.empty() && fn != unknown && symbols[fn].name.find(annotate) != std::string::npos)
        annotated.push_back({ev.pc, 1});
      const std::uint32_t word = ev.instruction;
      const std::uint32_t opcode = word & 0x7f;
      const std::uint32_t rd = (word >> 7) & 31, rs1 = (word >> 15) & 31;
      const bool is_jal = opcode == 0x6f, is_jalr = opcode == 0x67;
      if ((is_jal || is_jalr) && rd == 1) {  // a call: link register ra
        const std::size_t callee = function_of(symbols, ev.next_pc);
        stack.push_back({callee, ev.pc + 4, cycle});
        ++active[callee];
        ++calls[callee];
      } else if (is_jalr && rd == 0 && rs1 == 1) {  // ret
        // Pop to the frame this returns into (frames left by tail calls go with it).
        std::size_t depth = stack.size();
        while (depth > 1 && stack[depth - 1].return_address != ev.next_pc) --depth;
        if (depth > 1) {
          while (stack.size() >= depth) {
            leave(stack.back());
            stack.pop_back();
          }
        }
      } else if ((is_jal || is_jalr) && rd == 0 && !stack.empty()) {
        // A tail call into another function replaces the current frame's function.
        const std::size_t target = function_of(symbols, ev.next_pc);
        if (target != stack.back().function && ev.next_pc == symbols[target].address) {
          Frame f = stack.back();
          leave(f);
          stack.back() = {target, f.return_address, cycle};
          ++active[target];
          ++calls[target];
        }
      }
    }
  } while (!executor.stopped());
  while (!stack.empty()) {
    leave(stack.back());
    stack.pop_back();
  }

  const neo::zkvm::rv32::ExecutionResult& result = executor.result();
  std::printf("status: %s, exit code %u, cycles %llu (profiled %llu)\n",
              result.halted() ? "halted" : "stopped", result.exit_code,
              static_cast<unsigned long long>(result.cycles), static_cast<unsigned long long>(cycle));
  const auto output = neo::guest::decode_proof_output(result.stdout_bytes);
  if (output.ok()) {
    const neo::guest::ProofOutput& out = *output.value;
    std::printf("vm: %s%s%s, gas %llu, %zu result item(s)\n",
                out.state == neo::guest::VmState::Halt ? "HALT" : "FAULT",
                out.fault_reason.empty() ? "" : ": ", out.fault_reason.c_str(),
                static_cast<unsigned long long>(out.gas_consumed), out.result_stack.size());
  } else {
    std::printf("vm: no ProofOutput on stdout (%s)\n", output.error.c_str());
  }
  auto name_of = [&](std::size_t f) { return f == unknown ? std::string("?") : symbols[f].name; };
  auto print = [&](const char* title, const std::vector<std::uint64_t>& counts) {
    std::vector<std::size_t> order(counts.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return counts[a] > counts[b]; });
    std::printf("\n%s\n%14s %6s %10s  function\n", title, "cycles", "%", "calls");
    for (std::size_t i = 0; i < std::min(top, order.size()) && counts[order[i]] != 0; ++i) {
      const std::size_t f = order[i];
      std::printf("%14llu %6.2f %10llu  %.150s\n", static_cast<unsigned long long>(counts[f]),
                  100.0 * static_cast<double>(counts[f]) / static_cast<double>(cycle),
                  static_cast<unsigned long long>(calls[f]), name_of(f).c_str());
    }
  };
  print("flat (self cycles)", self);
  print("inclusive (self + callees)", inclusive);
  if (!annotate.empty()) {
    std::sort(annotated.begin(), annotated.end());
    std::printf("\nper-pc cycles of functions matching \"%s\"\n", annotate.c_str());
    for (std::size_t i = 0; i < annotated.size();) {
      std::size_t j = i;
      while (j < annotated.size() && annotated[j].first == annotated[i].first) ++j;
      std::printf("%8x %10zu\n", annotated[i].first, j - i);
      i = j;
    }
  }
  return result.success() ? 0 : 1;
}
