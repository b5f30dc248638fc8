// The rv32im circuit's chip set, in a fixed order (the verifying key lists the chips in this order).
//
// Portable (verifier).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "neo/zkvm/air/builder.hpp"
#include "neo/zkvm/air/contracts.hpp"

namespace neo::zkvm::circuit {

enum class ChipId : std::size_t {
  kByte = 0,
  kProgram,
  kCpu,
  kAddSub,
  kBitwise,
  kLt,
  kShift,
  kMul,
  kDivRem,
  kMemoryInstr,
  kMemory,
  kMemoryImage,
  kSyscall,
  kSyscallMemory,
  kCount,
};
inline constexpr std::size_t kChipCount = static_cast<std::size_t>(ChipId::kCount);
constexpr std::size_t chip_index(ChipId id) noexcept { return static_cast<std::size_t>(id); }

struct CircuitBuild {
  std::vector<air::ConstraintSystem> systems;  // indexed by ChipId
  air::SetupError error;                       // the first chip that failed to build, if any
  std::optional<air::ContractError> contract;  // kRangeContract: the field that is not proven
  bool ok() const noexcept { return error.code == air::AirError::kOk; }
};

// Builds every chip's constraint system, and checks the bus arities and range contracts (contracts.hpp)
// across chips.
CircuitBuild build_circuit();

}  // namespace neo::zkvm::circuit
