// A tiny RV32IM assembler and ELF writer for host-side tests and benchmarks: encode instructions into words,
// resolve branch labels, and wrap code and data into an ELF32 executable that load_elf accepts. It lets tests
// and benchmarks build guest programs without the cross compiler. Host only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "neo/guest/abi.hpp"
#include "neo/zkvm/rv32/elf.hpp"

namespace neo::zkvm::rv32 {

// Register ABI names, in their own namespace so `using namespace neo::zkvm::rv32::reg;` brings in the short
// names only where wanted.
namespace reg {
enum Reg : std::uint8_t {
  zero = 0,
  ra,
  sp,
  gp,
  tp,
  t0,
  t1,
  t2,
  s0,
  s1,
  a0,
  a1,
  a2,
  a3,
  a4,
  a5,
  a6,
  a7,
  s2,
  s3,
  s4,
  s5,
  s6,
  s7,
  s8,
  s9,
  s10,
  s11,
  t3,
  t4,
  t5,
  t6,
};
}  // namespace reg
using reg::Reg;

// Raw encoders, one per instruction format. Immediates are taken modulo their field width (callers that need
// range checking use the Assembler, which checks).
namespace encode {

constexpr std::uint32_t r_type(std::uint32_t funct7, std::uint32_t rs2, std::uint32_t rs1,
                               std::uint32_t funct3, std::uint32_t rd, std::uint32_t opcode) noexcept {
  return (funct7 << 25) | ((rs2 & 31) << 20) | ((rs1 & 31) << 15) | ((funct3 & 7) << 12) | ((rd & 31) << 7) |
         (opcode & 0x7F);
}
constexpr std::uint32_t i_type(std::int32_t imm, std::uint32_t rs1, std::uint32_t funct3, std::uint32_t rd,
                               std::uint32_t opcode) noexcept {
  return ((static_cast<std::uint32_t>(imm) & 0xFFF) << 20) | ((rs1 & 31) << 15) | ((funct3 & 7) << 12) |
         ((rd & 31) << 7) | (opcode & 0x7F);
}
constexpr std::uint32_t s_type(std::int32_t imm, std::uint32_t rs2, std::uint32_t rs1, std::uint32_t funct3,
                               std::uint32_t opcode) noexcept {
  const auto u = static_cast<std::uint32_t>(imm);
  return (((u >> 5) & 0x7F) << 25) | ((rs2 & 31) << 20) | ((rs1 & 31) << 15) | ((funct3 & 7) << 12) |
         ((u & 0x1F) << 7) | (opcode & 0x7F);
}
constexpr std::uint32_t b_type(std::int32_t offset, std::uint32_t rs2, std::uint32_t rs1,
                               std::uint32_t funct3) noexcept {
  const auto u = static_cast<std::uint32_t>(offset);
  return (((u >> 12) & 1) << 31) | (((u >> 5) & 0x3F) << 25) | ((rs2 & 31) << 20) | ((rs1 & 31) << 15) |
         ((funct3 & 7) << 12) | (((u >> 1) & 0xF) << 8) | (((u >> 11) & 1) << 7) | 0x63;
}
constexpr std::uint32_t u_type(std::uint32_t imm20, std::uint32_t rd, std::uint32_t opcode) noexcept {
  return ((imm20 & 0xFFFFF) << 12) | ((rd & 31) << 7) | (opcode & 0x7F);
}
constexpr std::uint32_t j_type(std::int32_t offset, std::uint32_t rd) noexcept {
  const auto u = static_cast<std::uint32_t>(offset);
  return (((u >> 20) & 1) << 31) | (((u >> 1) & 0x3FF) << 21) | (((u >> 11) & 1) << 20) |
         (((u >> 12) & 0xFF) << 12) | ((rd & 31) << 7) | 0x6F;
}

constexpr std::uint32_t lui(Reg rd, std::uint32_t imm20) noexcept { return u_type(imm20, rd, 0x37); }
constexpr std::uint32_t auipc(Reg rd, std::uint32_t imm20) noexcept { return u_type(imm20, rd, 0x17); }
constexpr std::uint32_t jal(Reg rd, std::int32_t offset) noexcept { return j_type(offset, rd); }
constexpr std::uint32_t jalr(Reg rd, Reg rs1, std::int32_t imm) noexcept {
  return i_type(imm, rs1, 0, rd, 0x67);
}
constexpr std::uint32_t beq(Reg rs1, Reg rs2, std::int32_t off) noexcept { return b_type(off, rs2, rs1, 0); }
constexpr std::uint32_t bne(Reg rs1, Reg rs2, std::int32_t off) noexcept { return b_type(off, rs2, rs1, 1); }
constexpr std::uint32_t blt(Reg rs1, Reg rs2, std::int32_t off) noexcept { return b_type(off, rs2, rs1, 4); }
constexpr std::uint32_t bge(Reg rs1, Reg rs2, std::int32_t off) noexcept { return b_type(off, rs2, rs1, 5); }
constexpr std::uint32_t bltu(Reg rs1, Reg rs2, std::int32_t off) noexcept { return b_type(off, rs2, rs1, 6); }
constexpr std::uint32_t bgeu(Reg rs1, Reg rs2, std::int32_t off) noexcept { return b_type(off, rs2, rs1, 7); }
constexpr std::uint32_t lb(Reg rd, Reg rs1, std::int32_t imm) noexcept {
  return i_type(imm, rs1, 0, rd, 0x03);
}
constexpr std::uint32_t lh(Reg rd, Reg rs1, std::int32_t imm) noexcept {
  return i_type(imm, rs1, 1, rd, 0x03);
}
constexpr std::uint32_t lw(Reg rd, Reg rs1, std::int32_t imm) noexcept {
  return i_type(imm, rs1, 2, rd, 0x03);
}
constexpr std::uint32_t lbu(Reg rd, Reg rs1, std::int32_t imm) noexcept {
  return i_type(imm, rs1, 4, rd, 0x03);
}
constexpr std::uint32_t lhu(Reg rd, Reg rs1, std::int32_t imm) noexcept {
  return i_type(imm, rs1, 5, rd, 0x03);
}
constexpr std::uint32_t sb(Reg rs2, Reg rs1, std::int32_t imm) noexcept {
  return s_type(imm, rs2, rs1, 0, 0x23);
}
constexpr std::uint32_t sh(Reg rs2, Reg rs1, std::int32_t imm) noexcept {
  return s_type(imm, rs2, rs1, 1, 0x23);
}
constexpr std::uint32_t sw(Reg rs2, Reg rs1, std::int32_t imm) noexcept {
  return s_type(imm, rs2, rs1, 2, 0x23);
}
constexpr std::uint32_t addi(Reg rd, Reg rs1, std::int32_t imm) noexcept {
  return i_type(imm, rs1, 0, rd, 0x13);
}
constexpr std::uint32_t slti(Reg rd, Reg rs1, std::int32_t imm) noexcept {
  return i_type(imm, rs1, 2, rd, 0x13);
}
constexpr std::uint32_t sltiu(Reg rd, Reg rs1, std::int32_t imm) noexcept {
  return i_type(imm, rs1, 3, rd, 0x13);
}
constexpr std::uint32_t xori(Reg rd, Reg rs1, std::int32_t imm) noexcept {
  return i_type(imm, rs1, 4, rd, 0x13);
}
constexpr std::uint32_t ori(Reg rd, Reg rs1, std::int32_t imm) noexcept {
  return i_type(imm, rs1, 6, rd, 0x13);
}
constexpr std::uint32_t andi(Reg rd, Reg rs1, std::int32_t imm) noexcept {
  return i_type(imm, rs1, 7, rd, 0x13);
}
constexpr std::uint32_t slli(Reg rd, Reg rs1, std::uint32_t shamt) noexcept {
  return r_type(0x00, shamt, rs1, 1, rd, 0x13);
}
constexpr std::uint32_t srli(Reg rd, Reg rs1, std::uint32_t shamt) noexcept {
  return r_type(0x00, shamt, rs1, 5, rd, 0x13);
}
constexpr std::uint32_t srai(Reg rd, Reg rs1, std::uint32_t shamt) noexcept {
  return r_type(0x20, shamt, rs1, 5, rd, 0x13);
}
constexpr std::uint32_t add(Reg rd, Reg rs1, Reg rs2) noexcept { return r_type(0x00, rs2, rs1, 0, rd, 0x33); }
constexpr std::uint32_t sub(Reg rd, Reg rs1, Reg rs2) noexcept { return r_type(0x20, rs2, rs1, 0, rd, 0x33); }
constexpr std::uint32_t sll(Reg rd, Reg rs1, Reg rs2) noexcept { return r_type(0x00, rs2, rs1, 1, rd, 0x33); }
constexpr std::uint32_t slt(Reg rd, Reg rs1, Reg rs2) noexcept { return r_type(0x00, rs2, rs1, 2, rd, 0x33); }
constexpr std::uint32_t sltu(Reg rd, Reg rs1, Reg rs2) noexcept {
  return r_type(0x00, rs2, rs1, 3, rd, 0x33);
}
constexpr std::uint32_t xor_(Reg rd, Reg rs1, Reg rs2) noexcept {
  return r_type(0x00, rs2, rs1, 4, rd, 0x33);
}
constexpr std::uint32_t srl(Reg rd, Reg rs1, Reg rs2) noexcept { return r_type(0x00, rs2, rs1, 5, rd, 0x33); }
constexpr std::uint32_t sra(Reg rd, Reg rs1, Reg rs2) noexcept { return r_type(0x20, rs2, rs1, 5, rd, 0x33); }
constexpr std::uint32_t or_(Reg rd, Reg rs1, Reg rs2) noexcept { return r_type(0x00, rs2, rs1, 6, rd, 0x33); }
constexpr std::uint32_t and_(Reg rd, Reg rs1, Reg rs2) noexcept {
  return r_type(0x00, rs2, rs1, 7, rd, 0x33);
}
constexpr std::uint32_t mul(Reg rd, Reg rs1, Reg rs2) noexcept { return r_type(0x01, rs2, rs1, 0, rd, 0x33); }
constexpr std::uint32_t mulh(Reg rd, Reg rs1, Reg rs2) noexcept {
  return r_type(0x01, rs2, rs1, 1, rd, 0x33);
}
constexpr std::uint32_t mulhsu(Reg rd, Reg rs1, Reg rs2) noexcept {
  return r_type(0x01, rs2, rs1, 2, rd, 0x33);
}
constexpr std::uint32_t mulhu(Reg rd, Reg rs1, Reg rs2) noexcept {
  return r_type(0x01, rs2, rs1, 3, rd, 0x33);
}
constexpr std::uint32_t div(Reg rd, Reg rs1, Reg rs2) noexcept { return r_type(0x01, rs2, rs1, 4, rd, 0x33); }
constexpr std::uint32_t divu(Reg rd, Reg rs1, Reg rs2) noexcept {
  return r_type(0x01, rs2, rs1, 5, rd, 0x33);
}
constexpr std::uint32_t rem(Reg rd, Reg rs1, Reg rs2) noexcept { return r_type(0x01, rs2, rs1, 6, rd, 0x33); }
constexpr std::uint32_t remu(Reg rd, Reg rs1, Reg rs2) noexcept {
  return r_type(0x01, rs2, rs1, 7, rd, 0x33);
}
constexpr std::uint32_t fence() noexcept { return 0x0FF0000F; }  // fence iorw, iorw
constexpr std::uint32_t ecall() noexcept { return 0x00000073; }
constexpr std::uint32_t ebreak() noexcept { return 0x00100073; }

}  // namespace encode

// One segment of an ELF built by build_elf.
struct ElfSegmentSpec {
  std::uint32_t vaddr = 0;
  std::uint32_t flags = kSegmentRead;
  std::vector<std::uint8_t> bytes;  // file contents (p_filesz = bytes.size())
  std::uint32_t mem_size = 0;       // p_memsz; 0 means bytes.size()
};

// Byte offsets of the header fields in a file written by build_elf (for tests that corrupt them).
struct ElfLayout {
  static constexpr std::size_t kPhoff = 52;  // program headers follow the ELF header
  static constexpr std::size_t kPhdrSize = 32;
};

// Writes an ELF32 little-endian RISC-V ET_EXEC file: ELF header, one PT_LOAD per segment (p_align 0x1000,
// file offsets congruent to the addresses), no section headers.
std::vector<std::uint8_t> build_elf(const std::vector<ElfSegmentSpec>& segments, std::uint32_t entry);

// Builds a program instruction by instruction, with labels for branch and jump targets.
class Assembler {
 public:
  struct Label {
    std::size_t id;
  };

  explicit Assembler(std::uint32_t base = guest::abi::kMemoryStart) : base_(base) {}

  std::uint32_t base() const noexcept { return base_; }
  // Address of the next instruction.
  std::uint32_t here() const noexcept { return base_ + static_cast<std::uint32_t>(4 * words_.size()); }

  // Appends a raw word (any encoding, including illegal ones).
  Assembler& emit(std::uint32_t word);

  Label new_label();
  Assembler& bind(Label label);  // the label now refers to here()

  // Branches and jumps to labels (resolved by finish()).
  Assembler& beq(Reg rs1, Reg rs2, Label target) { return branch(0, rs1, rs2, target); }
  Assembler& bne(Reg rs1, Reg rs2, Label target) { return branch(1, rs1, rs2, target); }
  Assembler& blt(Reg rs1, Reg rs2, Label target) { return branch(4, rs1, rs2, target); }
  Assembler& bge(Reg rs1, Reg rs2, Label target) { return branch(5, rs1, rs2, target); }
  Assembler& bltu(Reg rs1, Reg rs2, Label target) { return branch(6, rs1, rs2, target); }
  Assembler& bgeu(Reg rs1, Reg rs2, Label target) { return branch(7, rs1, rs2, target); }
  Assembler& jal(Reg rd, Label target);

  // Pseudo-instructions.
  Assembler& li(Reg rd, std::uint32_t value);  // lui + addi (or a single addi)
  Assembler& mv(Reg rd, Reg rs) { return emit(encode::addi(rd, rs, 0)); }
  Assembler& syscall(guest::abi::Syscall id) {  // li t0, id; ecall
    li(reg::t0, static_cast<std::uint32_t>(id));
    return emit(encode::ecall());
  }
  Assembler& halt(std::uint32_t exit_code) {  // li a0, code; HALT
    li(reg::a0, exit_code);
    return syscall(guest::abi::Syscall::kHalt);
  }

  // The code words with every label resolved. Throws std::logic_error for an unbound label or a target out
  // of range (a bug in the test or benchmark that uses the assembler).
  std::vector<std::uint32_t> finish() const;

  // finish() as little-endian bytes.
  std::vector<std::uint8_t> code_bytes() const;

  // An ELF with the code as one R+X segment at base(), plus any extra segments, entry = base().
  std::vector<std::uint8_t> elf(const std::vector<ElfSegmentSpec>& extra_segments = {}) const;

  // elf() loaded through load_elf. Throws std::logic_error if the loader rejects it.
  ProgramImage image(const std::vector<ElfSegmentSpec>& extra_segments = {}) const;

 private:
  struct Fixup {
    std::size_t word_index;
    std::size_t label;
    bool is_jal;
  };
  Assembler& branch(std::uint32_t funct3, Reg rs1, Reg rs2, Label target);

  std::uint32_t base_;
  std::vector<std::uint32_t> words_;
  std::vector<std::int64_t> labels_;  // word index, -1 while unbound
  std::vector<Fixup> fixups_;
};

}  // namespace neo::zkvm::rv32
