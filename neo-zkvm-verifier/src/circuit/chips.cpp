// The chip set.
#include "neo/zkvm/circuit/chips.hpp"

#include <array>

#include "neo/zkvm/air/logup.hpp"
#include "neo/zkvm/circuit/alu.hpp"
#include "neo/zkvm/circuit/byte.hpp"
#include "neo/zkvm/circuit/contracts.hpp"
#include "neo/zkvm/circuit/cpu.hpp"
#include "neo/zkvm/circuit/div_rem.hpp"
#include "neo/zkvm/circuit/memory.hpp"
#include "neo/zkvm/circuit/program.hpp"
#include "neo/zkvm/circuit/syscall.hpp"

namespace neo::zkvm::circuit {

namespace {
template <typename Chip>
void add(CircuitBuild& out, const Chip& chip) {
  air::BuildResult built = air::build(chip);
  if (!built.ok() && out.ok()) out.error = built.error;
  out.systems.push_back(std::move(built.system));
}
}  // namespace

namespace {
CircuitBuild build_uncached() {
  CircuitBuild out;
  add(out, ByteChip{});
  add(out, ProgramChip{});
  add(out, CpuChip{});
  add(out, AddSubChip{});
  add(out, BitwiseChip{});
  add(out, LtChip{});
  add(out, ShiftChip{});
  add(out, MulChip{});
  add(out, DivRemChip{});
  add(out, MemoryInstrChip{});
  add(out, MemoryChip{});
  add(out, MemoryImageChip{});
  add(out, SyscallChip{});
  add(out, SyscallMemoryChip{});
  std::uint32_t bus = 0;
  if (out.ok() && !air::check_buses(out.systems, bus)) {
    out.error.code = air::AirError::kInteractionWithoutFields;  // closest code: the bus arities disagree
    out.error.in_interaction = true;
    out.error.index = bus;
    out.error.label = "bus used with two arities";
  }
  if (out.ok()) {
    if (const auto violation = air::check_range_contracts(out.systems, bus_contracts());
        violation.has_value()) {
      out.error.code = air::AirError::kRangeContract;
      out.error.chip = violation->chip;
      out.error.in_interaction = true;
      out.error.index = violation->interaction;
      out.error.label = violation->label;
      out.contract = violation;
    }
  }
  return out;
}
}  // namespace

CircuitBuild build_circuit() {
  // The chip set is fixed at compile time; its setup checks (degrees, bounds, range contracts) run once.
  static const CircuitBuild built = build_uncached();
  return built;
}

}  // namespace neo::zkvm::circuit
