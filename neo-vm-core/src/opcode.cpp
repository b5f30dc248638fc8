#include "neo/vm/opcode.hpp"

namespace neo::vm {

std::optional<OpCode> opcode_from_name(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kOpCodeTable.size(); ++i) {
    if (kOpCodeTable[i].defined && kOpCodeTable[i].name == name) return static_cast<OpCode>(i);
  }
  return std::nullopt;
}

}  // namespace neo::vm
