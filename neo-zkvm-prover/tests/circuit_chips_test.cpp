// The rv32im circuit on real executions: every constraint holds on every row of the generated traces and
// every bus balances, for programs covering each instruction family and its edge cases.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>

#include "circuit_test_util.hpp"
#include "neo/zkvm/circuit/cpu.hpp"
#include "neo/zkvm/circuit/semantics.hpp"
#include "neo/zkvm/circuit/syscall.hpp"

using namespace neo::zkvm;
using namespace neo::zkvm::circuit;
using namespace neo::zkvm::circuit::test;
using namespace neo::zkvm::rv32::reg;
namespace enc = neo::zkvm::rv32::encode;
using neo::guest::abi::Syscall;

namespace {

constexpr std::uint32_t kEdgeValues[] = {0u,          1u,          2u,          0x7Fu,       0x80u,
                                         0xFFu,       0x100u,      0x7FFFu,     0x8000u,     0xFFFFu,
                                         0x12345678u, 0x7FFFFFFFu, 0x80000000u, 0x80000001u, 0xFFFFFFFEu,
                                         0xFFFFFFFFu, 31u,         32u,         33u,         0xDEADBEEFu};

// a1 = x, a2 = y, then every R-type op into a0 (and x0).
Assembler all_register_ops(std::uint32_t x, std::uint32_t y) {
  Assembler a;
  a.li(a1, x).li(a2, y);
  for (auto op : {enc::add, enc::sub, enc::sll, enc::slt, enc::sltu, enc::xor_, enc::srl, enc::sra, enc::or_,
                  enc::and_, enc::mul, enc::mulh, enc::mulhsu, enc::mulhu}) {
    a.emit(op(a0, a1, a2));
    a.emit(op(a3, a2, a1));
  }
  return a;
}

}  // namespace

TEST_CASE("circuit: the chip set builds within the degree and bus rules", "[circuit]") {
  const CircuitBuild& built = chip_set();
  INFO(built.error.chip << " " << built.error.label << " " << static_cast<int>(built.error.code));
  REQUIRE(built.ok());
  REQUIRE(built.systems.size() == kChipCount);
  for (const air::ConstraintSystem& cs : built.systems) {
    CHECK(cs.max_degree() <= air::kMaxConstraintDegree);
  }
}

TEST_CASE("circuit: register-register ALU operations on edge values", "[circuit]") {
  for (std::uint32_t x : kEdgeValues) {
    for (std::uint32_t y : {0u, 0x80000000u, 0xFFFFFFFFu, 31u}) {
      Assembler a = all_register_ops(x, y);
      a.halt(0);
      require_valid(a);
    }
  }
}

TEST_CASE("circuit: random ALU operands", "[circuit]") {
  std::mt19937 rng(12345);
  for (int i = 0; i < 20; ++i) {
    Assembler a = all_register_ops(rng(), rng());
    a.halt(0);
    require_valid(a);
  }
}

TEST_CASE("circuit: immediate ALU operations, LUI, AUIPC, FENCE, x0 writes", "[circuit]") {
  Assembler a;
  a.li(a1, 0x80000123u);
  for (std::int32_t imm : {0, 1, -1, 2047, -2048, 0x7F, -0x80}) {
    a.emit(enc::addi(a0, a1, imm)).emit(enc::slti(a0, a1, imm)).emit(enc::sltiu(a0, a1, imm));
    a.emit(enc::xori(a0, a1, imm)).emit(enc::ori(a0, a1, imm)).emit(enc::andi(a0, a1, imm));
  }
  for (std::uint32_t sh : {0u, 1u, 7u, 8u, 9u, 15u, 16u, 23u, 24u, 31u}) {
    a.emit(enc::slli(a0, a1, sh)).emit(enc::srli(a0, a1, sh)).emit(enc::srai(a0, a1, sh));
  }
  a.emit(enc::lui(a0, 0xFFFFF))
      .emit(enc::lui(a0, 0))
      .emit(enc::auipc(a0, 0x12345))
      .emit(enc::auipc(a0, 0xFFFFF));
  a.emit(enc::fence());
  // Writes to x0 are discarded: the register stays 0 and later reads see 0.
  a.emit(enc::addi(zero, a1, 5)).emit(enc::lui(zero, 0x12345)).emit(enc::add(a0, zero, zero));
  a.emit(enc::mul(zero, a1, a1)).emit(enc::auipc(zero, 1));
  a.halt(0);
  require_valid(a);
}

TEST_CASE("circuit: branches taken and not taken, JAL and JALR", "[circuit]") {
  Assembler a;
  a.li(s0, 0x80000000u).li(s1, 1).li(s2, 0xFFFFFFFFu);
  for (Reg x : {s0, s1, s2, zero}) {
    for (Reg y : {s0, s1, s2, zero}) {
      auto skip = a.new_label();
      a.beq(x, y, skip).emit(enc::addi(t0, t0, 1)).bind(skip);
      skip = a.new_label();
      a.bne(x, y, skip).emit(enc::addi(t0, t0, 1)).bind(skip);
      skip = a.new_label();
      a.blt(x, y, skip).emit(enc::addi(t0, t0, 1)).bind(skip);
      skip = a.new_label();
      a.bge(x, y, skip).emit(enc::addi(t0, t0, 1)).bind(skip);
      skip = a.new_label();
      a.bltu(x, y, skip).emit(enc::addi(t0, t0, 1)).bind(skip);
      skip = a.new_label();
      a.bgeu(x, y, skip).emit(enc::addi(t0, t0, 1)).bind(skip);
    }
  }
  // A backwards loop, a call through JAL and a return through JALR (with an odd offset: bit 0 cleared).
  a.li(t1, 5);
  auto loop = a.new_label();
  a.bind(loop).emit(enc::addi(t1, t1, -1)).bne(t1, zero, loop);
  auto function = a.new_label();
  auto after = a.new_label();
  a.jal(ra, function).jal(zero, after);
  a.bind(function).emit(enc::addi(t2, t2, 3)).emit(enc::jalr(zero, ra, 1));
  a.bind(after);
  a.emit(enc::jal(zero, 4));  // jump to the next instruction
  a.halt(0);
  require_valid(a);
}

TEST_CASE("circuit: loads and stores of bytes, halves and words with sign extension", "[circuit]") {
  const std::uint32_t data = rv32::test::kDataBase;
  std::vector<std::uint8_t> bytes = {0x81, 0x7F, 0xFF, 0x80, 0x12, 0x34, 0x56, 0x78, 0, 0, 0, 0};
  const std::vector<rv32::ElfSegmentSpec> segments = {
      rv32::ElfSegmentSpec{data, rv32::kSegmentRead | rv32::kSegmentWrite, bytes, 64}};
  Assembler a;
  a.li(s0, data);
  for (std::int32_t off = 0; off < 8; ++off) {
    a.emit(enc::lb(a0, s0, off)).emit(enc::lbu(a0, s0, off));
  }
  for (std::int32_t off = 0; off < 8; off += 2) {
    a.emit(enc::lh(a0, s0, off)).emit(enc::lhu(a0, s0, off));
  }
  a.emit(enc::lw(a0, s0, 0)).emit(enc::lw(a0, s0, 4)).emit(enc::lw(a0, s0, 8));
  a.li(a1, 0xA1B2C3D4u);
  for (std::int32_t off = 8; off < 12; ++off) a.emit(enc::sb(a1, s0, off)).emit(enc::lw(a2, s0, 8));
  a.emit(enc::sh(a1, s0, 12)).emit(enc::sh(a2, s0, 14)).emit(enc::lw(a2, s0, 12));
  a.emit(enc::sw(a1, s0, 16)).emit(enc::lh(a2, s0, 18)).emit(enc::lb(zero, s0, 17));
  // Negative offsets, the stack near the top of memory, and a never-written word (.bss, reads 0).
  a.emit(enc::sw(a1, sp, -4)).emit(enc::lw(a3, sp, -4)).emit(enc::sb(a1, sp, -1)).emit(enc::lbu(a3, sp, -1));
  a.emit(enc::addi(s1, s0, 40)).emit(enc::lw(a3, s1, -8)).emit(enc::lw(a3, s1, 20));
  a.halt(0);
  require_valid(a, {}, segments);
}

TEST_CASE("circuit: syscalls HALT, HINT_LEN, COMMIT, empty WRITE and HINT_READ", "[circuit]") {
  Assembler a;
  a.syscall(Syscall::kHintLen);
  a.mv(s2, a0);
  a.li(a0, 3).li(a1, 0).li(a2, 0).syscall(Syscall::kWrite);
  a.li(a0, 0x20000).li(a1, 0).syscall(Syscall::kHintRead);
  for (std::uint32_t i = 0; i < 8; ++i) a.li(a0, i).li(a1, 0x01020304u * (i + 1)).syscall(Syscall::kCommit);
  a.li(a0, 2).li(a1, 0x01020304u * 3).syscall(Syscall::kCommit);  // the same word again
  a.halt(7);  // a nonzero exit code is still a valid execution; the verifier decides what it accepts
  rv32::ExecutorOptions options;
  options.private_input = {1, 2, 3, 4, 5};
  CircuitTraces t = require_valid(a, options);
  const auto& pv = t.public_values[chip_index(ChipId::kCpu)];
  CHECK(pv[CpuPublicValues::kHalted] == fe(1));
  CHECK(pv[CpuPublicValues::kExitCode] == fe(7));
  const auto& digest = t.public_values[chip_index(ChipId::kSyscall)];
  CHECK(digest[4 * 2] == fe(0x0C));
  for (unsigned k = 0; k < kDigestWords; ++k) CHECK(digest[SyscallPublicValues::kCommitted + k] == fe(1));
}

TEST_CASE("circuit: division and remainder with division by zero and signed overflow", "[circuit]") {
  for (std::uint32_t x : kEdgeValues) {
    for (std::uint32_t y : {0u, 1u, 3u, 0x80000000u, 0xFFFFFFFFu, 0xFFFFFFFDu, 0x7FFFFFFFu, 0x10000u}) {
      Assembler a;
      a.li(a1, x).li(a2, y);
      for (auto op : {enc::div, enc::divu, enc::rem, enc::remu}) a.emit(op(a0, a1, a2)).emit(op(a3, a2, a1));
      a.halt(0);
      require_valid(a);
    }
  }
}

TEST_CASE("circuit: WRITE and HINT_READ buffers of every alignment and length", "[circuit]") {
  // Buffers starting at each offset of a word, of lengths from 1 byte (inside one word) to several words
  // (partial first and last words), read by WRITE to every fd and written by HINT_READ; then the words are
  // loaded back so that the values HINT_READ wrote are used.
  const std::uint32_t data = rv32::test::kDataBase;
  const std::vector<rv32::ElfSegmentSpec> segment = {rv32::ElfSegmentSpec{
      data, rv32::kSegmentRead | rv32::kSegmentWrite, {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88}, 64}};
  for (std::uint32_t offset = 0; offset < 4; ++offset) {
    for (std::uint32_t len : {1u, 2u, 3u, 4u, 5u, 9u, 13u}) {
      INFO("offset " << offset << " length " << len);
      Assembler a;
      a.li(a0, 0x1).li(a1, data + offset).li(a2, len).syscall(Syscall::kWrite);
      a.li(a0, 0x3).li(a1, data + offset).li(a2, len).syscall(Syscall::kWrite);
      a.li(a0, data + 16 + offset).li(a1, len).syscall(Syscall::kHintRead);
      a.li(a0, data + 16 + offset).li(a1, 0).syscall(Syscall::kHintRead);  // empty: touches nothing
      a.li(s0, data + 16).emit(enc::lw(a3, s0, 0)).emit(enc::lw(a4, s0, 4)).emit(enc::lw(a5, s0, 12));
      a.halt(0);
      rv32::ExecutorOptions options;
      for (std::uint32_t i = 0; i < len; ++i) options.private_input.push_back(static_cast<std::uint8_t>(0xA0 + i));
      CircuitTraces t = require_valid(a, options, segment);
      CHECK(main_of(t, ChipId::kSyscallMemory).values[SyscallMemoryCols::kIsReal] == fe(1));
    }
  }
}

TEST_CASE("circuit: alu_eval agrees with the executor", "[circuit]") {
  // The executor is the reference; alu_eval fills the rows, so the two must agree on every operation.
  std::mt19937 rng(99);
  for (int i = 0; i < 200; ++i) {
    const std::uint32_t x = i < 20 ? kEdgeValues[i] : rng();
    const std::uint32_t y = i < 20 ? kEdgeValues[19 - i] : rng();
    const std::pair<std::uint32_t (*)(Reg, Reg, Reg) noexcept, AluOp> ops[] = {
        {enc::add, AluOp::kAdd},       {enc::sub, AluOp::kSub},     {enc::sll, AluOp::kSll},
        {enc::slt, AluOp::kSlt},       {enc::sltu, AluOp::kSltu},   {enc::xor_, AluOp::kXor},
        {enc::srl, AluOp::kSrl},       {enc::sra, AluOp::kSra},     {enc::or_, AluOp::kOr},
        {enc::and_, AluOp::kAnd},      {enc::mul, AluOp::kMul},     {enc::mulh, AluOp::kMulh},
        {enc::mulhsu, AluOp::kMulhsu}, {enc::mulhu, AluOp::kMulhu}, {enc::div, AluOp::kDiv},
        {enc::divu, AluOp::kDivu},     {enc::rem, AluOp::kRem},     {enc::remu, AluOp::kRemu}};
    for (const auto& [encoder, op] : ops) {
      const auto expected = rv32::test::binary_op(encoder(a0, a1, a2), x, y);
      REQUIRE(expected.has_value());
      CHECK(alu_eval(op, x, y) == *expected);
    }
  }
}
