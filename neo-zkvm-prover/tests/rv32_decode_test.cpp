// Instruction encoding and decoding. The expected words come from GNU as (riscv64-unknown-elf-as
// -march=rv32im), so they check both the test assembler and the decoder against an outside reference.
#include <catch2/catch.hpp>

#include <cstdint>

#include "neo/zkvm/rv32/assembler.hpp"
#include "neo/zkvm/rv32/instruction.hpp"

using namespace neo::zkvm::rv32;
using namespace neo::zkvm::rv32::reg;
namespace enc = neo::zkvm::rv32::encode;

namespace {

struct Known {
  std::uint32_t ours;    // what our encoder produces
  std::uint32_t gnu;     // what GNU as produced for the same assembly
  Instruction expected;  // what decoding must give
};

Instruction insn(Opcode op, int rd, int rs1, int rs2, std::int32_t imm) {
  return Instruction{op, static_cast<std::uint8_t>(rd), static_cast<std::uint8_t>(rs1),
                     static_cast<std::uint8_t>(rs2), imm};
}

}  // namespace

TEST_CASE("rv32 encoder and decoder agree with GNU as", "[rv32][decode]") {
  const Known cases[] = {
      {enc::lui(a0, 0x12345), 0x12345537, insn(Opcode::kLui, a0, 0, 0, 0x12345000)},
      {enc::auipc(t1, 0xFFFFF), 0xfffff317,
       insn(Opcode::kAuipc, t1, 0, 0, static_cast<std::int32_t>(0xFFFFF000))},
      {enc::jal(ra, 2048), 0x001000ef, insn(Opcode::kJal, ra, 0, 0, 2048)},
      {enc::jal(zero, -4), 0xffdff06f, insn(Opcode::kJal, 0, 0, 0, -4)},
      {enc::jalr(ra, a5, 12), 0x00c780e7, insn(Opcode::kJalr, ra, a5, 0, 12)},
      {enc::beq(a0, a1, 16), 0x00b50863, insn(Opcode::kBeq, 0, a0, a1, 16)},
      {enc::bne(t0, zero, -16), 0xfe0298e3, insn(Opcode::kBne, 0, t0, 0, -16)},
      {enc::blt(s1, s2, 4094), 0x7f24cfe3, insn(Opcode::kBlt, 0, s1, s2, 4094)},
      {enc::bge(a2, a3, -4096), 0x80d65063, insn(Opcode::kBge, 0, a2, a3, -4096)},
      {enc::bltu(t3, t4, 8), 0x01de6463, insn(Opcode::kBltu, 0, t3, t4, 8)},
      {enc::bgeu(t5, t6, -8), 0xffff7ce3, insn(Opcode::kBgeu, 0, t5, t6, -8)},
      {enc::lb(a0, sp, -1), 0xfff10503, insn(Opcode::kLb, a0, sp, 0, -1)},
      {enc::lh(a1, sp, 2), 0x00211583, insn(Opcode::kLh, a1, sp, 0, 2)},
      {enc::lw(a2, gp, 2047), 0x7ff1a603, insn(Opcode::kLw, a2, gp, 0, 2047)},
      {enc::lbu(a3, tp, -2048), 0x80024683, insn(Opcode::kLbu, a3, tp, 0, -2048)},
      {enc::lhu(a4, s0, 0), 0x00045703, insn(Opcode::kLhu, a4, s0, 0, 0)},
      {enc::sb(a5, sp, -1), 0xfef10fa3, insn(Opcode::kSb, 0, sp, a5, -1)},
      {enc::sh(a6, s1, 2), 0x01049123, insn(Opcode::kSh, 0, s1, a6, 2)},
      {enc::sw(a7, s2, 2047), 0x7f192fa3, insn(Opcode::kSw, 0, s2, a7, 2047)},
      {enc::addi(a0, a0, 1), 0x00150513, insn(Opcode::kAddi, a0, a0, 0, 1)},
      {enc::slti(t0, t1, -5), 0xffb32293, insn(Opcode::kSlti, t0, t1, 0, -5)},
      {enc::sltiu(t2, s0, 2047), 0x7ff43393, insn(Opcode::kSltiu, t2, s0, 0, 2047)},
      {enc::xori(s1, a0, -1), 0xfff54493, insn(Opcode::kXori, s1, a0, 0, -1)},
      {enc::ori(a1, a2, 0x7ff), 0x7ff66593, insn(Opcode::kOri, a1, a2, 0, 0x7ff)},
      {enc::andi(a3, a4, 0xff), 0x0ff77693, insn(Opcode::kAndi, a3, a4, 0, 0xff)},
      {enc::slli(a5, a6, 31), 0x01f81793, insn(Opcode::kSlli, a5, a6, 0, 31)},
      {enc::srli(a7, s2, 1), 0x00195893, insn(Opcode::kSrli, a7, s2, 0, 1)},
      {enc::srai(s3, s4, 17), 0x411a5993, insn(Opcode::kSrai, s3, s4, 0, 17)},
      {enc::add(s5, s6, s7), 0x017b0ab3, insn(Opcode::kAdd, s5, s6, s7, 0)},
      {enc::sub(s8, s9, s10), 0x41ac8c33, insn(Opcode::kSub, s8, s9, s10, 0)},
      {enc::sll(s11, t3, t4), 0x01de1db3, insn(Opcode::kSll, s11, t3, t4, 0)},
      {enc::slt(t5, t6, ra), 0x001faf33, insn(Opcode::kSlt, t5, t6, ra, 0)},
      {enc::sltu(sp, gp, tp), 0x0041b133, insn(Opcode::kSltu, sp, gp, tp, 0)},
      {enc::xor_(a0, a1, a2), 0x00c5c533, insn(Opcode::kXor, a0, a1, a2, 0)},
      {enc::srl(a3, a4, a5), 0x00f756b3, insn(Opcode::kSrl, a3, a4, a5, 0)},
      {enc::sra(a6, a7, s0), 0x4088d833, insn(Opcode::kSra, a6, a7, s0, 0)},
      {enc::or_(s1, s2, s3), 0x013964b3, insn(Opcode::kOr, s1, s2, s3, 0)},
      {enc::and_(s4, s5, s6), 0x016afa33, insn(Opcode::kAnd, s4, s5, s6, 0)},
      {enc::mul(a0, a1, a2), 0x02c58533, insn(Opcode::kMul, a0, a1, a2, 0)},
      {enc::mulh(a3, a4, a5), 0x02f716b3, insn(Opcode::kMulh, a3, a4, a5, 0)},
      {enc::mulhsu(a6, a7, t0), 0x0258a833, insn(Opcode::kMulhsu, a6, a7, t0, 0)},
      {enc::mulhu(t1, t2, t3), 0x03c3b333, insn(Opcode::kMulhu, t1, t2, t3, 0)},
      {enc::div(t4, t5, t6), 0x03ff4eb3, insn(Opcode::kDiv, t4, t5, t6, 0)},
      {enc::divu(s0, s1, s2), 0x0324d433, insn(Opcode::kDivu, s0, s1, s2, 0)},
      {enc::rem(s3, s4, s5), 0x035a69b3, insn(Opcode::kRem, s3, s4, s5, 0)},
      {enc::remu(s6, s7, s8), 0x038bfb33, insn(Opcode::kRemu, s6, s7, s8, 0)},
      {enc::fence(), 0x0ff0000f, insn(Opcode::kFence, 0, 0, 0, 0)},
      {enc::ecall(), 0x00000073, insn(Opcode::kEcall, 0, 0, 0, 0)},
      {enc::ebreak(), 0x00100073, insn(Opcode::kEbreak, 0, 0, 0, 0)},
  };
  for (const Known& c : cases) {
    INFO("GNU word 0x" << std::hex << c.gnu);
    CHECK(c.ours == c.gnu);
    CHECK(decode(c.gnu) == c.expected);
  }
}

TEST_CASE("rv32 every opcode has a distinct mnemonic and consistent operand use", "[rv32][decode]") {
  CHECK(mnemonic(Opcode::kMulhsu) == "mulhsu");
  CHECK(mnemonic(Opcode::kIllegal) == "illegal");
  CHECK(mnemonic(Opcode::kEbreak) == "ebreak");
  for (std::size_t i = 0; i < kOpcodeCount; ++i) {
    for (std::size_t j = i + 1; j < kOpcodeCount; ++j) {
      CHECK(mnemonic(static_cast<Opcode>(i)) != mnemonic(static_cast<Opcode>(j)));
    }
  }
  CHECK(operand_use(Opcode::kSw).reads_rs2);
  CHECK_FALSE(operand_use(Opcode::kSw).writes_rd);
  CHECK(operand_use(Opcode::kLui).writes_rd);
  CHECK_FALSE(operand_use(Opcode::kLui).reads_rs1);
}

TEST_CASE("rv32 decoder rejects every non-RV32IM word", "[rv32][decode]") {
  const std::uint32_t illegal[] = {
      0x00000000,               // all zeros: defined illegal
      0xFFFFFFFF,               // all ones
      0x00000001,               // compressed (c.nop) low halfword
      0x00004501,               // compressed c.li a0, 0
      0x02051513,               // slli a0, a0, 32 (shamt[5] set: RV64 only)
      0x42055513,               // srai with funct7 0x21
      0x40051513,               // slli with funct7 0x20
      0x04b50533,               // R-type with funct7 0x02
      0x40b51533,               // sll with funct7 0x20
      0x40b56533,               // or with funct7 0x20
      0x00053503,               // ld (RV64)
      0x00056503,               // lwu (RV64)
      0x00a53023,               // sd (RV64)
      0x00b52063 | (2u << 12),  // branch funct3 2
      0x000510e7,               // jalr with funct3 1
      0x0000100f,               // fence.i (Zifencei)
      0x34011073,               // csrrw (Zicsr)
      0x30200073,               // mret
      0x10500073,               // wfi
      0x000000f3,               // ecall with rd != 0
      0x00200073,               // uret-like SYSTEM word
      0x0000001b,               // addiw (RV64 OP-IMM-32)
      0x00000007,               // flw (F extension)
      0x0000002f,               // AMO (A extension)
  };
  for (std::uint32_t word : illegal) {
    INFO("word 0x" << std::hex << word);
    CHECK(decode(word).opcode == Opcode::kIllegal);
  }
}

TEST_CASE("rv32 decoder sign-extends every immediate format at its extremes", "[rv32][decode]") {
  CHECK(decode(enc::addi(a0, a0, -2048)).imm == -2048);
  CHECK(decode(enc::addi(a0, a0, 2047)).imm == 2047);
  CHECK(decode(enc::sw(a0, a0, -2048)).imm == -2048);
  CHECK(decode(enc::sw(a0, a0, 2047)).imm == 2047);
  CHECK(decode(enc::beq(a0, a0, -4096)).imm == -4096);
  CHECK(decode(enc::beq(a0, a0, 4094)).imm == 4094);
  CHECK(decode(enc::jal(a0, -(1 << 20))).imm == -(1 << 20));
  CHECK(decode(enc::jal(a0, (1 << 20) - 2)).imm == (1 << 20) - 2);
  CHECK(decode(enc::lui(a0, 0x80000)).imm == static_cast<std::int32_t>(0x80000000u));
  // FENCE ignores its ordering fields.
  CHECK(decode(0x8330000F).opcode == Opcode::kFence);  // fence.tso
  CHECK(decode(0x0100000F).opcode == Opcode::kFence);  // pause (fence w, 0)
}
