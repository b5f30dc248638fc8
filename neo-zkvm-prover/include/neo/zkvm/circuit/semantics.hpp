// What the circuit's operations compute, on plain integers: the rv32 opcode to circuit operation mapping and
// the ALU operations' results. Trace generation uses it to fill rows (the executor stays the reference for
// the machine; the tests compare the two through the records). Host only.
#pragma once

#include <cstdint>
#include <optional>

#include "neo/zkvm/circuit/opcodes.hpp"
#include "neo/zkvm/rv32/instruction.hpp"

namespace neo::zkvm::circuit {

// The ALU operation of an ALU instruction (I-type as its R-type operation) or branch; nothing otherwise.
std::optional<AluOp> alu_op_of(rv32::Opcode opcode) noexcept;
// The MemOp of a load or store; nothing otherwise.
std::optional<MemOp> mem_op_of(rv32::Opcode opcode) noexcept;
// a = op(b, c) as the ALU chips prove it (kEq: 1 or 0; shifts use c mod 32; the RISC-V division rules).
std::uint32_t alu_eval(AluOp op, std::uint32_t b, std::uint32_t c) noexcept;

}  // namespace neo::zkvm::circuit
