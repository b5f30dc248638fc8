// Every RV32IM instruction, run through the executor (both modes, see rv32_test_util.hpp), with its edge
// cases. Expected values are written out by hand from the RISC-V ISA manual (volume I, chapters 2 and 7) or,
// for the few large products, computed with Python's arbitrary-precision integers.
#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <vector>

#include "rv32_test_util.hpp"

using namespace neo::zkvm::rv32;
using namespace neo::zkvm::rv32::reg;
using namespace neo::zkvm::rv32::test;

namespace {

struct Case {
  std::uint32_t lhs, rhs, expected;
};

void check_binary(std::uint32_t insn, const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    INFO(mnemonic(decode(insn).opcode) << " 0x" << std::hex << c.lhs << ", 0x" << c.rhs);
    CHECK(binary_op(insn, c.lhs, c.rhs) == std::optional<std::uint32_t>(c.expected));
  }
}

constexpr std::uint32_t kMinInt = 0x80000000u;
constexpr std::uint32_t kMaxInt = 0x7FFFFFFFu;
constexpr std::uint32_t kMinusOne = 0xFFFFFFFFu;

std::uint32_t neg(std::uint32_t v) { return 0u - v; }

}  // namespace

TEST_CASE("rv32 register-register ALU instructions", "[rv32][alu]") {
  check_binary(enc::add(a0, a1, a2),
               {{1, 2, 3}, {kMinusOne, 1, 0}, {kMaxInt, 1, kMinInt}, {kMinInt, kMinInt, 0}});
  check_binary(enc::sub(a0, a1, a2), {{3, 5, neg(2)}, {0, 1, kMinusOne}, {kMinInt, 1, kMaxInt}, {7, 7, 0}});
  check_binary(enc::sll(a0, a1, a2),
               {{1, 31, kMinInt}, {1, 32, 1}, {kMinusOne, 4, 0xFFFFFFF0}, {3, 0x21, 6}, {5, 0, 5}});
  check_binary(enc::srl(a0, a1, a2),
               {{kMinInt, 31, 1}, {kMinInt, 32, kMinInt}, {0xF0000000, 4, 0x0F000000}, {kMinusOne, 63, 1}});
  check_binary(enc::sra(a0, a1, a2), {{kMinInt, 31, kMinusOne},
                                      {kMinInt, 4, 0xF8000000},
                                      {0x7FFFFFF0, 4, 0x07FFFFFF},
                                      {kMinInt, 32, kMinInt},
                                      {neg(16), 0x24, neg(1)}});
  check_binary(
      enc::slt(a0, a1, a2),
      {{kMinusOne, 0, 1}, {0, kMinusOne, 0}, {kMinInt, kMaxInt, 1}, {kMaxInt, kMinInt, 0}, {5, 5, 0}});
  check_binary(enc::sltu(a0, a1, a2),
               {{kMinusOne, 0, 0}, {0, kMinusOne, 1}, {kMinInt, kMaxInt, 0}, {5, 5, 0}});
  check_binary(enc::xor_(a0, a1, a2), {{0xF0F0F0F0, 0xFF00FF00, 0x0FF00FF0}, {kMinusOne, kMinusOne, 0}});
  check_binary(enc::or_(a0, a1, a2), {{0xF0F0F0F0, 0xFF00FF00, 0xFFF0FFF0}, {0, 0, 0}});
  check_binary(enc::and_(a0, a1, a2), {{0xF0F0F0F0, 0xFF00FF00, 0xF000F000}, {kMinusOne, 0x1234, 0x1234}});
}

TEST_CASE("rv32 M extension multiplications", "[rv32][alu][mul]") {
  check_binary(enc::mul(a0, a1, a2), {{kMinusOne, kMinusOne, 1},
                                      {0x10000, 0x10000, 0},
                                      {123456789, 987654321, 0xfbff5385},
                                      {0xDEADBEEF, 0xCAFEBABE, 0x88cf5b62},
                                      {kMinInt, kMinusOne, kMinInt}});
  check_binary(enc::mulh(a0, a1, a2), {{kMinInt, kMinInt, 0x40000000},
                                       {kMinusOne, kMinusOne, 0},
                                       {kMinInt, 1, kMinusOne},
                                       {kMaxInt, kMaxInt, 0x3FFFFFFF},
                                       {kMinInt, kMaxInt, 0xC0000000},
                                       {0xDEADBEEF, 0xCAFEBABE, 0x06e631ce}});
  check_binary(enc::mulhsu(a0, a1, a2), {{kMinusOne, kMinusOne, kMinusOne},
                                         {kMinInt, kMinusOne, kMinInt},
                                         {2, kMinInt, 1},
                                         {kMinusOne, 1, kMinusOne},
                                         {kMinusOne, 0, 0},
                                         {0xDEADBEEF, 0xCAFEBABE, 0xe593f0bd}});
  check_binary(enc::mulhu(a0, a1, a2), {{kMinusOne, kMinusOne, 0xFFFFFFFE},
                                        {kMinInt, 2, 1},
                                        {kMinusOne, 1, 0},
                                        {0xDEADBEEF, 0xCAFEBABE, 0xb092ab7b}});
}

TEST_CASE("rv32 M extension divisions, including by zero and signed overflow", "[rv32][alu][div]") {
  check_binary(enc::div(a0, a1, a2), {{7, 2, 3},
                                      {neg(7), 2, neg(3)},
                                      {7, neg(2), neg(3)},
                                      {neg(7), neg(2), 3},
                                      {12345, 0, kMinusOne},
                                      {0, 0, kMinusOne},
                                      {neg(5), 0, kMinusOne},
                                      {kMinInt, kMinusOne, kMinInt},
                                      {kMinInt, 1, kMinInt}});
  check_binary(
      enc::divu(a0, a1, a2),
      {{7, 2, 3}, {kMinusOne, 2, kMaxInt}, {5, 0, kMinusOne}, {kMinInt, kMinusOne, 0}, {0, 0, kMinusOne}});
  check_binary(enc::rem(a0, a1, a2), {{7, 2, 1},
                                      {neg(7), 2, neg(1)},
                                      {7, neg(2), 1},
                                      {neg(7), neg(2), neg(1)},
                                      {5, 0, 5},
                                      {neg(5), 0, neg(5)},
                                      {kMinInt, kMinusOne, 0},
                                      {kMinInt, 3, neg(2)}});
  check_binary(enc::remu(a0, a1, a2),
               {{7, 2, 1}, {kMinusOne, 10, 5}, {5, 0, 5}, {kMinInt, kMinusOne, kMinInt}, {0, 0, 0}});
}

TEST_CASE("rv32 register-immediate ALU instructions", "[rv32][alu]") {
  // The immediate is sign-extended; the rhs operand of check_binary is unused (a2 is set but not read).
  check_binary(enc::addi(a0, a1, -1), {{0, 0, kMinusOne}, {kMinInt, 0, kMaxInt}});
  check_binary(enc::addi(a0, a1, 2047), {{1, 0, 2048}});
  check_binary(enc::addi(a0, a1, -2048), {{0, 0, 0xFFFFF800}});
  check_binary(enc::slti(a0, a1, -1), {{0, 0, 0}, {0xFFFFFFFE, 0, 1}, {kMinusOne, 0, 0}});
  check_binary(enc::slti(a0, a1, 5), {{kMinInt, 0, 1}, {5, 0, 0}});
  // SLTIU sign-extends the immediate, then compares unsigned: -1 is the largest unsigned value.
  check_binary(enc::sltiu(a0, a1, -1), {{5, 0, 1}, {kMinusOne, 0, 0}});
  check_binary(enc::sltiu(a0, a1, 1), {{0, 0, 1}, {1, 0, 0}});         // seqz
  check_binary(enc::xori(a0, a1, -1), {{0x12345678, 0, 0xEDCBA987}});  // not
  check_binary(enc::xori(a0, a1, 0x7FF), {{0xFFFFFFFF, 0, 0xFFFFF800}});
  check_binary(enc::ori(a0, a1, -2048), {{0x0000000F, 0, 0xFFFFF80F}});
  check_binary(enc::andi(a0, a1, -16), {{kMinusOne, 0, 0xFFFFFFF0}});
  check_binary(enc::andi(a0, a1, 0xFF), {{0xABCDEF12, 0, 0x12}});
  check_binary(enc::slli(a0, a1, 31), {{3, 0, kMinInt}});
  check_binary(enc::slli(a0, a1, 0), {{0x1234, 0, 0x1234}});
  check_binary(enc::srli(a0, a1, 31), {{kMinusOne, 0, 1}});
  check_binary(enc::srli(a0, a1, 0), {{kMinInt, 0, kMinInt}});
  check_binary(enc::srai(a0, a1, 31), {{kMinInt, 0, kMinusOne}, {kMaxInt, 0, 0}});
  check_binary(enc::srai(a0, a1, 1), {{neg(3), 0, neg(2)}});
}

TEST_CASE("rv32 LUI and AUIPC", "[rv32][upper]") {
  Assembler a;                      // code at 0x10000
  a.emit(enc::lui(s6, 0xFFFFF));    // 0x10000
  a.emit(enc::auipc(a1, 0));        // 0x10004
  a.emit(enc::auipc(a2, 0xFFFFF));  // 0x10008: pc - 4096
  a.emit(enc::auipc(a3, 0x80000));  // 0x1000c
  a.emit(enc::lui(a4, 0));          // 0x10010
  a.halt(0);
  const ExecutionResult r = run(a);
  REQUIRE(r.success());
  CHECK(r.registers[s6] == 0xFFFFF000u);
  CHECK(r.registers[a1] == 0x10004u);
  CHECK(r.registers[a2] == 0x10008u - 0x1000u);
  CHECK(r.registers[a3] == 0x1000Cu + 0x80000000u);
  CHECK(r.registers[a4] == 0u);
}

TEST_CASE("rv32 JAL and JALR link and jump", "[rv32][jump]") {
  Assembler a;
  auto target = a.new_label();
  a.jal(ra, target);                     // 0x10000: ra = 0x10004
  a.li(s1, 111);                         // 0x10004: skipped
  a.bind(target);                        // 0x10008
  a.emit(enc::auipc(t1, 0));             // 0x10008: t1 = 0x10008
  a.emit(enc::addi(t1, t1, 4 * 4 + 1));  // 0x1000c: t1 = 0x10019 (odd: JALR clears bit 0)
  a.emit(enc::jalr(s2, t1, 0));          // 0x10010: s2 = 0x10014, jump to 0x10018
  a.li(s1, 222);                         // 0x10014: skipped
  a.emit(enc::auipc(a0, 0));             // 0x10018: a0 = 0x10018
  a.emit(enc::addi(a0, a0, 16));         // 0x1001c: a0 = 0x10028, the target of the jalr below
  a.emit(enc::jalr(a0, a0, 0));          // 0x10020: rd == rs1: jump uses the old value, then a0 = 0x10024
  a.li(s1, 333);                         // 0x10024: skipped
  a.emit(enc::jal(zero, 8));             // 0x10028: plain jump, no link
  a.li(s1, 444);                         // 0x1002c: skipped
  a.halt(0);                             // 0x10030
  const ExecutionResult r = run(a);
  REQUIRE(r.success());
  CHECK(r.registers[ra] == 0x10004u);
  CHECK(r.registers[s2] == 0x10014u);
  CHECK(r.registers[a0] == 0u);  // halt set a0 = 0 after the jalr wrote 0x10024
  CHECK(r.registers[s1] == 0u);
  CHECK(r.registers[zero] == 0u);
  CHECK(r.cycles == 11u);  // jal, auipc, addi, jalr, auipc, addi, jalr, jal, li a0, li t0, ecall
}

TEST_CASE("rv32 JALR writes the link after reading rs1", "[rv32][jump]") {
  Assembler a;
  a.emit(enc::auipc(a5, 0));       // 0x10000
  a.emit(enc::addi(a5, a5, 16));   // 0x10004: a5 = 0x10010
  a.emit(enc::jalr(a5, a5, 0));    // 0x10008: jump to 0x10010 (old a5), then a5 = 0x1000c
  a.emit(enc::ebreak());           // 0x1000c: reached only if the link were written before rs1 is read
  a.emit(enc::addi(t0, zero, 0));  // 0x10010: HALT with a0 = 0
  a.emit(enc::addi(a0, zero, 0));
  a.emit(enc::ecall());
  const ExecutionResult r = run(a);
  REQUIRE(r.success());
  CHECK(r.registers[a5] == 0x1000Cu);
}

TEST_CASE("rv32 conditional branches, taken and not taken", "[rv32][branch]") {
  struct BranchCase {
    std::uint32_t (*make)(Reg, Reg, std::int32_t);
    std::uint32_t lhs, rhs;
    bool taken;
  };
  const BranchCase cases[] = {
      {enc::beq, 5, 5, true},           {enc::beq, 5, 6, false},
      {enc::bne, 5, 6, true},           {enc::bne, 5, 5, false},
      {enc::blt, kMinusOne, 0, true},   {enc::blt, 0, kMinusOne, false},
      {enc::blt, 3, 3, false},          {enc::blt, kMinInt, kMaxInt, true},
      {enc::bge, 0, kMinusOne, true},   {enc::bge, 3, 3, true},
      {enc::bge, kMinusOne, 0, false},  {enc::bltu, 0, kMinusOne, true},
      {enc::bltu, kMinusOne, 0, false}, {enc::bltu, 3, 3, false},
      {enc::bgeu, kMinusOne, 0, true},  {enc::bgeu, 3, 3, true},
      {enc::bgeu, 0, kMinusOne, false},
  };
  for (const BranchCase& c : cases) {
    Assembler a;
    a.li(a1, c.lhs).li(a2, c.rhs);
    a.emit(c.make(a1, a2, 12));  // taken: skip the two instructions below
    a.li(a0, 7);                 // not taken: a0 = 7 (li of 7 is one addi)
    a.emit(enc::jal(zero, 8));
    a.li(a0, 9);  // taken: a0 = 9
    a.li(t0, 0).emit(enc::ecall());
    const ExecutionResult r = run(a);
    INFO(mnemonic(decode(c.make(a1, a2, 12)).opcode) << " 0x" << std::hex << c.lhs << ", 0x" << c.rhs);
    REQUIRE(r.halted());
    CHECK(r.exit_code == (c.taken ? 9u : 7u));
  }
}

TEST_CASE("rv32 backward branch loop counts cycles exactly", "[rv32][branch]") {
  Assembler a;
  a.li(a0, 0).li(a1, 1000);  // 2 instructions
  auto loop = a.new_label();
  a.bind(loop);
  a.emit(enc::addi(a0, a0, 3));  // 1000 iterations of 3 instructions
  a.emit(enc::addi(a1, a1, -1));
  a.bne(a1, zero, loop);
  a.li(t0, 0).emit(enc::ecall());  // 2 instructions
  const ExecutionResult r = run(a);
  REQUIRE(r.halted());
  CHECK(r.exit_code == 3000u);
  CHECK(r.cycles == 2u + 3000u + 2u);
}

TEST_CASE("rv32 loads: widths, sign and zero extension, little endian", "[rv32][memory]") {
  const std::vector<std::uint8_t> data = {0x80, 0x7F, 0x34, 0x92, 0x78, 0x56, 0x34, 0x12};
  Assembler a;
  a.li(s0, kDataBase);
  a.emit(enc::lb(s6, s0, 0));   // 0x80 -> 0xFFFFFF80
  a.emit(enc::lbu(a1, s0, 0));  // 0x80
  a.emit(enc::lb(a2, s0, 1));   // 0x7F
  a.emit(enc::lh(a3, s0, 0));   // 0x7F80
  a.emit(enc::lh(a4, s0, 2));   // 0x9234 -> 0xFFFF9234
  a.emit(enc::lhu(a5, s0, 2));  // 0x9234
  a.emit(enc::lw(a6, s0, 4));   // 0x12345678
  a.emit(enc::lw(a7, s0, 0));   // 0x92347F80
  a.emit(enc::lbu(s1, s0, 7));  // 0x12
  a.li(s2, kDataBase + 8);
  a.emit(enc::lw(s3, s2, -4));  // negative offset: 0x12345678
  a.emit(enc::lb(s4, s2, -5));  // byte 3: 0x92 -> 0xFFFFFF92
  a.emit(enc::lw(s5, s0, 64));  // inside memsz, past filesz (.bss-like): 0
  a.halt(0);
  const ExecutionResult r = run(a, {}, {ElfSegmentSpec{kDataBase, kSegmentRead | kSegmentWrite, data, 4096}});
  REQUIRE(r.success());
  CHECK(r.registers[s6] == 0xFFFFFF80u);
  CHECK(r.registers[a1] == 0x80u);
  CHECK(r.registers[a2] == 0x7Fu);
  CHECK(r.registers[a3] == 0x7F80u);
  CHECK(r.registers[a4] == 0xFFFF9234u);
  CHECK(r.registers[a5] == 0x9234u);
  CHECK(r.registers[a6] == 0x12345678u);
  CHECK(r.registers[a7] == 0x92347F80u);
  CHECK(r.registers[s1] == 0x12u);
  CHECK(r.registers[s3] == 0x12345678u);
  CHECK(r.registers[s4] == 0xFFFFFF92u);
  CHECK(r.registers[s5] == 0u);
}

TEST_CASE("rv32 stores: byte and halfword lanes, then word reads", "[rv32][memory]") {
  Assembler a;
  a.li(s0, kDataBase);
  a.li(t1, 0x11223344);
  a.emit(enc::sw(t1, s0, 0));
  a.li(t2, 0xAABBCCDD);
  a.emit(enc::sb(t2, s0, 1));   // byte 1 := 0xDD
  a.emit(enc::lw(s6, s0, 0));   // 0x1122DD44
  a.emit(enc::sh(t2, s0, 2));   // bytes 2..3 := 0xCCDD
  a.emit(enc::lw(a1, s0, 0));   // 0xCCDDDD44
  a.emit(enc::sb(t2, s0, 7));   // top byte of the next word
  a.emit(enc::lw(a2, s0, 4));   // 0xDD000000
  a.emit(enc::sh(t1, s0, 4));   // low half of the next word := 0x3344
  a.emit(enc::lw(a3, s0, 4));   // 0xDD003344
  a.emit(enc::lhu(a4, s0, 6));  // 0xDD00
  a.halt(0);
  const ExecutionResult r = run(
      a, {}, {ElfSegmentSpec{kDataBase, kSegmentRead | kSegmentWrite, std::vector<std::uint8_t>(8, 0), 0}});
  REQUIRE(r.success());
  CHECK(r.registers[s6] == 0x1122DD44u);
  CHECK(r.registers[a1] == 0xCCDDDD44u);
  CHECK(r.registers[a2] == 0xDD000000u);
  CHECK(r.registers[a3] == 0xDD003344u);
  CHECK(r.registers[a4] == 0xDD00u);
}

TEST_CASE("rv32 stack and heap pages appear on first write; unwritten memory reads zero", "[rv32][memory]") {
  Assembler a;
  a.emit(enc::addi(t1, sp, -16));
  a.li(t2, 0xCAFEF00D);
  a.emit(enc::sw(t2, t1, 0));
  a.emit(enc::lw(a1, t1, 0));
  a.li(s0, 0x40000000);        // a page nothing ever loaded
  a.emit(enc::lw(a2, s0, 0));  // reads zero
  a.emit(enc::sw(t2, s0, 8));  // creates the page
  a.emit(enc::lw(a3, s0, 8));
  a.emit(enc::lw(a4, s0, 4));  // neighbour word: still zero
  a.li(s1, 0x7FFFFFFC);        // the last word of the address space
  a.emit(enc::sw(t2, s1, 0));
  a.emit(enc::lw(a5, s1, 0));
  a.li(s2, 0x00010000);  // the first word of the address space: the first code word
  a.emit(enc::lw(a6, s2, 0));
  a.halt(0);
  const ExecutionResult r = run(a);
  REQUIRE(r.success());
  CHECK(r.registers[sp] == 0x7FFFF000u);
  CHECK(r.registers[a1] == 0xCAFEF00Du);
  CHECK(r.registers[a2] == 0u);
  CHECK(r.registers[a3] == 0xCAFEF00Du);
  CHECK(r.registers[a4] == 0u);
  CHECK(r.registers[a5] == 0xCAFEF00Du);
  CHECK(r.registers[a6] == enc::addi(t1, sp, -16));  // code is readable as data
}

TEST_CASE("rv32 x0 is hard-wired to zero", "[rv32][x0]") {
  Assembler a;
  a.emit(enc::addi(zero, zero, 5));
  a.emit(enc::lui(zero, 0x12345));
  a.li(t1, 77);
  a.emit(enc::add(zero, t1, t1));
  a.emit(enc::mul(zero, t1, t1));
  a.emit(enc::lw(zero, sp, -4 - 2044));  // a load into x0 still happens (and reads zero memory)
  a.emit(enc::add(a1, zero, zero));
  a.emit(enc::addi(a2, zero, 0));
  auto skip = a.new_label();
  a.jal(zero, skip);  // jump without link
  a.bind(skip);
  a.emit(enc::sub(a3, t1, zero));
  a.halt(0);
  const ExecutionResult r = run(a);
  REQUIRE(r.success());
  CHECK(r.registers[zero] == 0u);
  CHECK(r.registers[a1] == 0u);
  CHECK(r.registers[a2] == 0u);
  CHECK(r.registers[a3] == 77u);
}

TEST_CASE("rv32 FENCE is a no-op and initial registers follow the ABI", "[rv32][system]") {
  Assembler a;
  a.emit(enc::fence()).emit(0x8330000F).emit(0x0000000F);  // fence rw,rw / fence.tso / fence 0,0
  for (int r = 1; r < 32; ++r)
    a.emit(enc::add(static_cast<Reg>(r), static_cast<Reg>(r), zero));  // reads only
  a.halt(0);
  const ExecutionResult r = run(a);
  REQUIRE(r.success());
  for (int i = 0; i < 32; ++i) {
    INFO("x" << i);
    CHECK(r.registers[i] == (i == sp ? neo::guest::abi::kStackTop : 0u));
  }
  CHECK(r.cycles == 3u + 31u + 3u);
}
