#include "neo/zkvm/rv32/instruction.hpp"

#include <array>

namespace neo::zkvm::rv32 {
namespace {

constexpr std::uint32_t bits(std::uint32_t word, unsigned hi, unsigned lo) noexcept {
  return (word >> lo) & ((1u << (hi - lo + 1)) - 1u);
}

// Sign-extends the low `width` bits of `value`.
constexpr std::int32_t sign_extend(std::uint32_t value, unsigned width) noexcept {
  const std::uint32_t sign = 1u << (width - 1);
  return static_cast<std::int32_t>((value ^ sign) - sign);
}

constexpr std::int32_t imm_i(std::uint32_t w) noexcept { return sign_extend(bits(w, 31, 20), 12); }
constexpr std::int32_t imm_s(std::uint32_t w) noexcept {
  return sign_extend((bits(w, 31, 25) << 5) | bits(w, 11, 7), 12);
}
constexpr std::int32_t imm_b(std::uint32_t w) noexcept {
  return sign_extend(
      (bits(w, 31, 31) << 12) | (bits(w, 7, 7) << 11) | (bits(w, 30, 25) << 5) | (bits(w, 11, 8) << 1), 13);
}
constexpr std::int32_t imm_u(std::uint32_t w) noexcept { return static_cast<std::int32_t>(w & 0xFFFFF000u); }
constexpr std::int32_t imm_j(std::uint32_t w) noexcept {
  return sign_extend(
      (bits(w, 31, 31) << 20) | (bits(w, 19, 12) << 12) | (bits(w, 20, 20) << 11) | (bits(w, 30, 21) << 1),
      21);
}

Instruction make(Opcode op, std::uint32_t w, bool rd, bool rs1, bool rs2, std::int32_t imm) noexcept {
  Instruction insn;
  insn.opcode = op;
  insn.rd = rd ? static_cast<std::uint8_t>(bits(w, 11, 7)) : 0;
  insn.rs1 = rs1 ? static_cast<std::uint8_t>(bits(w, 19, 15)) : 0;
  insn.rs2 = rs2 ? static_cast<std::uint8_t>(bits(w, 24, 20)) : 0;
  insn.imm = imm;
  return insn;
}

constexpr Instruction kIllegalInstruction{};

Instruction decode_op(std::uint32_t w) noexcept {
  const std::uint32_t funct3 = bits(w, 14, 12);
  const std::uint32_t funct7 = bits(w, 31, 25);
  static constexpr std::array<Opcode, 8> kBase = {Opcode::kAdd, Opcode::kSll, Opcode::kSlt, Opcode::kSltu,
                                                  Opcode::kXor, Opcode::kSrl, Opcode::kOr,  Opcode::kAnd};
  static constexpr std::array<Opcode, 8> kMulDiv = {Opcode::kMul,   Opcode::kMulh, Opcode::kMulhsu,
                                                    Opcode::kMulhu, Opcode::kDiv,  Opcode::kDivu,
                                                    Opcode::kRem,   Opcode::kRemu};
  Opcode op;
  if (funct7 == 0x00) {
    op = kBase[funct3];
  } else if (funct7 == 0x01) {
    op = kMulDiv[funct3];
  } else if (funct7 == 0x20 && funct3 == 0) {
    op = Opcode::kSub;
  } else if (funct7 == 0x20 && funct3 == 5) {
    op = Opcode::kSra;
  } else {
    return kIllegalInstruction;
  }
  return make(op, w, true, true, true, 0);
}

Instruction decode_op_imm(std::uint32_t w) noexcept {
  const std::uint32_t funct3 = bits(w, 14, 12);
  const std::uint32_t funct7 = bits(w, 31, 25);
  switch (funct3) {
    case 0:
      return make(Opcode::kAddi, w, true, true, false, imm_i(w));
    case 2:
      return make(Opcode::kSlti, w, true, true, false, imm_i(w));
    case 3:
      return make(Opcode::kSltiu, w, true, true, false, imm_i(w));
    case 4:
      return make(Opcode::kXori, w, true, true, false, imm_i(w));
    case 6:
      return make(Opcode::kOri, w, true, true, false, imm_i(w));
    case 7:
      return make(Opcode::kAndi, w, true, true, false, imm_i(w));
    case 1:
      // RV32: imm[11:5] must be zero (a set bit 25 would be shamt[5], which only RV64 has).
      if (funct7 != 0) return kIllegalInstruction;
      return make(Opcode::kSlli, w, true, true, false, static_cast<std::int32_t>(bits(w, 24, 20)));
    default:  // 5
      if (funct7 == 0x00) {
        return make(Opcode::kSrli, w, true, true, false, static_cast<std::int32_t>(bits(w, 24, 20)));
      }
      if (funct7 == 0x20) {
        return make(Opcode::kSrai, w, true, true, false, static_cast<std::int32_t>(bits(w, 24, 20)));
      }
      return kIllegalInstruction;
  }
}

}  // namespace

Instruction decode(std::uint32_t w) noexcept {
  if ((w & 3u) != 3u) return kIllegalInstruction;  // a 16-bit (C extension) encoding
  const std::uint32_t funct3 = bits(w, 14, 12);
  switch (bits(w, 6, 0)) {
    case 0x37:
      return make(Opcode::kLui, w, true, false, false, imm_u(w));
    case 0x17:
      return make(Opcode::kAuipc, w, true, false, false, imm_u(w));
    case 0x6F:
      return make(Opcode::kJal, w, true, false, false, imm_j(w));
    case 0x67:
      if (funct3 != 0) return kIllegalInstruction;
      return make(Opcode::kJalr, w, true, true, false, imm_i(w));
    case 0x63: {
      static constexpr std::array<Opcode, 8> kBranch = {Opcode::kBeq,     Opcode::kBne, Opcode::kIllegal,
                                                        Opcode::kIllegal, Opcode::kBlt, Opcode::kBge,
                                                        Opcode::kBltu,    Opcode::kBgeu};
      if (kBranch[funct3] == Opcode::kIllegal) return kIllegalInstruction;
      return make(kBranch[funct3], w, false, true, true, imm_b(w));
    }
    case 0x03: {
      static constexpr std::array<Opcode, 8> kLoad = {Opcode::kLb,      Opcode::kLh,     Opcode::kLw,
                                                      Opcode::kIllegal, Opcode::kLbu,    Opcode::kLhu,
                                                      Opcode::kIllegal, Opcode::kIllegal};
      if (kLoad[funct3] == Opcode::kIllegal) return kIllegalInstruction;
      return make(kLoad[funct3], w, true, true, false, imm_i(w));
    }
    case 0x23: {
      static constexpr std::array<Opcode, 3> kStore = {Opcode::kSb, Opcode::kSh, Opcode::kSw};
      if (funct3 >= kStore.size()) return kIllegalInstruction;
      return make(kStore[funct3], w, false, true, true, imm_s(w));
    }
    case 0x13:
      return decode_op_imm(w);
    case 0x33:
      return decode_op(w);
    case 0x0F:
      // FENCE: the fm/pred/succ/rs1/rd fields are ignored (they only order memory, and this machine is a
      // single in-order hart), but funct3 001 is FENCE.I from Zifencei, which this machine does not have.
      if (funct3 != 0) return kIllegalInstruction;
      return make(Opcode::kFence, w, false, false, false, 0);
    case 0x73:
      if (w == 0x00000073u) return make(Opcode::kEcall, w, false, false, false, 0);
      if (w == 0x00100073u) return make(Opcode::kEbreak, w, false, false, false, 0);
      return kIllegalInstruction;  // CSR instructions (Zicsr), MRET, WFI, ...
    default:
      return kIllegalInstruction;
  }
}

OperandUse operand_use(Opcode op) noexcept {
  switch (op) {
    case Opcode::kLui:
    case Opcode::kAuipc:
    case Opcode::kJal:
      return {false, false, true};
    case Opcode::kJalr:
    case Opcode::kLb:
    case Opcode::kLh:
    case Opcode::kLw:
    case Opcode::kLbu:
    case Opcode::kLhu:
    case Opcode::kAddi:
    case Opcode::kSlti:
    case Opcode::kSltiu:
    case Opcode::kXori:
    case Opcode::kOri:
    case Opcode::kAndi:
    case Opcode::kSlli:
    case Opcode::kSrli:
    case Opcode::kSrai:
      return {true, false, true};
    case Opcode::kBeq:
    case Opcode::kBne:
    case Opcode::kBlt:
    case Opcode::kBge:
    case Opcode::kBltu:
    case Opcode::kBgeu:
    case Opcode::kSb:
    case Opcode::kSh:
    case Opcode::kSw:
      return {true, true, false};
    case Opcode::kAdd:
    case Opcode::kSub:
    case Opcode::kSll:
    case Opcode::kSlt:
    case Opcode::kSltu:
    case Opcode::kXor:
    case Opcode::kSrl:
    case Opcode::kSra:
    case Opcode::kOr:
    case Opcode::kAnd:
    case Opcode::kMul:
    case Opcode::kMulh:
    case Opcode::kMulhsu:
    case Opcode::kMulhu:
    case Opcode::kDiv:
    case Opcode::kDivu:
    case Opcode::kRem:
    case Opcode::kRemu:
      return {true, true, true};
    case Opcode::kIllegal:
    case Opcode::kFence:
    case Opcode::kEcall:
    case Opcode::kEbreak:
      return {false, false, false};
  }
  return {false, false, false};
}

std::string_view mnemonic(Opcode op) noexcept {
  static constexpr std::array<std::string_view, kOpcodeCount> kNames = {
      "illegal", "lui",   "auipc", "jal",  "jalr", "beq",  "bne",   "blt",   "bge",   "bltu",
      "bgeu",    "lb",    "lh",    "lw",   "lbu",  "lhu",  "sb",    "sh",    "sw",    "addi",
      "slti",    "sltiu", "xori",  "ori",  "andi", "slli", "srli",  "srai",  "add",   "sub",
      "sll",     "slt",   "sltu",  "xor",  "srl",  "sra",  "or",    "and",   "mul",   "mulh",
      "mulhsu",  "mulhu", "div",   "divu", "rem",  "remu", "fence", "ecall", "ebreak"};
  const auto index = static_cast<std::size_t>(op);
  return index < kNames.size() ? kNames[index] : std::string_view("illegal");
}

}  // namespace neo::zkvm::rv32
