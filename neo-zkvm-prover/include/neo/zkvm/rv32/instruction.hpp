// RV32IM instruction decoding: one 32-bit word to an opcode and its operands. The executor pre-decodes the
// text segment with this, and the prover's program table uses the same decoding, so the two cannot disagree
// on what an instruction word means.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace neo::zkvm::rv32 {

// Every instruction of RV32I (without Zifencei / Zicsr) and the M extension, plus kIllegal for any word that
// is not one of them (including compressed encodings: the machine has no C extension).
enum class Opcode : std::uint8_t {
  kIllegal = 0,
  // U-type and jumps
  kLui,
  kAuipc,
  kJal,
  kJalr,
  // branches
  kBeq,
  kBne,
  kBlt,
  kBge,
  kBltu,
  kBgeu,
  // loads
  kLb,
  kLh,
  kLw,
  kLbu,
  kLhu,
  // stores
  kSb,
  kSh,
  kSw,
  // register-immediate ALU
  kAddi,
  kSlti,
  kSltiu,
  kXori,
  kOri,
  kAndi,
  kSlli,
  kSrli,
  kSrai,
  // register-register ALU
  kAdd,
  kSub,
  kSll,
  kSlt,
  kSltu,
  kXor,
  kSrl,
  kSra,
  kOr,
  kAnd,
  // M extension
  kMul,
  kMulh,
  kMulhsu,
  kMulhu,
  kDiv,
  kDivu,
  kRem,
  kRemu,
  // system
  kFence,
  kEcall,
  kEbreak,
};

inline constexpr std::size_t kOpcodeCount = static_cast<std::size_t>(Opcode::kEbreak) + 1;

// Which operands an opcode uses. rs1/rs2 are register reads, rd a register write (a write to x0 is still an
// architectural write: it is discarded). ECALL reads its syscall id and arguments through the ABI registers,
// not through these fields (see executor.hpp).
struct OperandUse {
  bool reads_rs1;
  bool reads_rs2;
  bool writes_rd;
};

// A decoded instruction. `imm` is the sign-extended immediate exactly as the encoding defines it (for LUI and
// AUIPC already shifted left by 12; for shifts the 5-bit shift amount); fields an opcode does not use are 0.
struct Instruction {
  Opcode opcode = Opcode::kIllegal;
  std::uint8_t rd = 0;
  std::uint8_t rs1 = 0;
  std::uint8_t rs2 = 0;
  std::int32_t imm = 0;

  friend bool operator==(const Instruction&, const Instruction&) = default;
};

// Decodes one instruction word. Any word that is not a valid RV32IM instruction gives Opcode::kIllegal.
// Reserved encodings are rejected rather than guessed: shifts with imm[11:5] other than 0 / 0x20, FENCE with
// a nonzero funct3 (FENCE.I is Zifencei, not RV32I), any SYSTEM word other than exactly ECALL / EBREAK.
Instruction decode(std::uint32_t word) noexcept;

// The operands an opcode reads and writes.
OperandUse operand_use(Opcode opcode) noexcept;

// Lower-case assembler mnemonic ("add", "mulhsu", ...; "illegal" for kIllegal).
std::string_view mnemonic(Opcode opcode) noexcept;

}  // namespace neo::zkvm::rv32
