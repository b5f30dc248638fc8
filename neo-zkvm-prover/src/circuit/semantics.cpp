// The circuit operations on plain integers.
#include "neo/zkvm/circuit/semantics.hpp"

namespace neo::zkvm::circuit {

using rv32::Opcode;

std::optional<AluOp> alu_op_of(Opcode opcode) noexcept {
  switch (opcode) {
    case Opcode::kAdd:
    case Opcode::kAddi:
      return AluOp::kAdd;
    case Opcode::kSub:
      return AluOp::kSub;
    case Opcode::kXor:
    case Opcode::kXori:
      return AluOp::kXor;
    case Opcode::kOr:
    case Opcode::kOri:
      return AluOp::kOr;
    case Opcode::kAnd:
    case Opcode::kAndi:
      return AluOp::kAnd;
    case Opcode::kSll:
    case Opcode::kSlli:
      return AluOp::kSll;
    case Opcode::kSrl:
    case Opcode::kSrli:
      return AluOp::kSrl;
    case Opcode::kSra:
    case Opcode::kSrai:
      return AluOp::kSra;
    case Opcode::kSlt:
    case Opcode::kSlti:
    case Opcode::kBlt:
    case Opcode::kBge:
      return AluOp::kSlt;
    case Opcode::kSltu:
    case Opcode::kSltiu:
    case Opcode::kBltu:
    case Opcode::kBgeu:
      return AluOp::kSltu;
    case Opcode::kBeq:
    case Opcode::kBne:
      return AluOp::kEq;
    case Opcode::kMul:
      return AluOp::kMul;
    case Opcode::kMulh:
      return AluOp::kMulh;
    case Opcode::kMulhsu:
      return AluOp::kMulhsu;
    case Opcode::kMulhu:
      return AluOp::kMulhu;
    case Opcode::kDiv:
      return AluOp::kDiv;
    case Opcode::kDivu:
      return AluOp::kDivu;
    case Opcode::kRem:
      return AluOp::kRem;
    case Opcode::kRemu:
      return AluOp::kRemu;
    default:
      return std::nullopt;
  }
}

std::optional<MemOp> mem_op_of(Opcode opcode) noexcept {
  switch (opcode) {
    case Opcode::kLb:
      return MemOp::kLb;
    case Opcode::kLh:
      return MemOp::kLh;
    case Opcode::kLw:
      return MemOp::kLw;
    case Opcode::kLbu:
      return MemOp::kLbu;
    case Opcode::kLhu:
      return MemOp::kLhu;
    case Opcode::kSb:
      return MemOp::kSb;
    case Opcode::kSh:
      return MemOp::kSh;
    case Opcode::kSw:
      return MemOp::kSw;
    default:
      return std::nullopt;
  }
}

std::uint32_t alu_eval(AluOp op, std::uint32_t b, std::uint32_t c) noexcept {
  const auto sb = static_cast<std::int32_t>(b);
  const auto sc = static_cast<std::int32_t>(c);
  const unsigned shamt = c & 31;
  switch (op) {
    case AluOp::kAdd:
      return b + c;
    case AluOp::kSub:
      return b - c;
    case AluOp::kXor:
      return b ^ c;
    case AluOp::kOr:
      return b | c;
    case AluOp::kAnd:
      return b & c;
    case AluOp::kSll:
      return b << shamt;
    case AluOp::kSrl:
      return b >> shamt;
    case AluOp::kSra:
      return static_cast<std::uint32_t>(sb >> shamt);
    case AluOp::kSlt:
      return sb < sc ? 1 : 0;
    case AluOp::kSltu:
      return b < c ? 1 : 0;
    case AluOp::kEq:
      return b == c ? 1 : 0;
    case AluOp::kMul:
      return b * c;
    case AluOp::kMulh:
      return static_cast<std::uint32_t>(static_cast<std::uint64_t>(std::int64_t{sb} * std::int64_t{sc}) >>
                                        32);
    case AluOp::kMulhsu:
      return static_cast<std::uint32_t>(static_cast<std::uint64_t>(std::int64_t{sb} * std::int64_t{c}) >> 32);
    case AluOp::kMulhu:
      return static_cast<std::uint32_t>((std::uint64_t{b} * c) >> 32);
    case AluOp::kDiv:
      if (c == 0) return 0xFFFFFFFFu;
      if (b == 0x80000000u && c == 0xFFFFFFFFu) return b;
      return static_cast<std::uint32_t>(sb / sc);
    case AluOp::kDivu:
      return c == 0 ? 0xFFFFFFFFu : b / c;
    case AluOp::kRem:
      if (c == 0) return b;
      if (b == 0x80000000u && c == 0xFFFFFFFFu) return 0;
      return static_cast<std::uint32_t>(sb % sc);
    case AluOp::kRemu:
      return c == 0 ? b : b % c;
  }
  return 0;
}

}  // namespace neo::zkvm::circuit
