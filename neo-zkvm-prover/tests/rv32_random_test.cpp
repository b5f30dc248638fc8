// Random RV32IM programs against an independent reference model. The model here interprets the generator's
// own description of each instruction (not the encoded word), keeps memory as a byte map, and computes every
// ALU result a different way from the executor: 64/128-bit arithmetic, division in 64 bits (so INT_MIN / -1
// needs no special case), shifts as multiplication / floor division by powers of two, signed comparison by
// flipping the sign bit.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <vector>

#include "rv32_test_util.hpp"

using namespace neo::zkvm::rv32;
using namespace neo::zkvm::rv32::reg;
using namespace neo::zkvm::rv32::test;

namespace {

__extension__ using Int128 = __int128;

enum class Kind { kRegReg, kRegImm, kShiftImm, kLui, kLoad, kStore, kBranch };

struct Op {
  Kind kind;
  Opcode opcode;
  std::uint32_t rd, rs1, rs2;
  std::int32_t imm;  // immediate, shift amount, upper immediate, memory offset or branch skip count
};

constexpr std::uint32_t kBufferBase = kDataBase;
constexpr std::uint32_t kBufferSize = 256;
constexpr Reg kBaseReg = s11;  // holds kBufferBase throughout; never a destination

std::int64_t as_signed(std::uint32_t v) { return static_cast<std::int32_t>(v); }
std::uint32_t low32(std::int64_t v) {
  return static_cast<std::uint32_t>(static_cast<std::uint64_t>(v) & 0xFFFFFFFFu);
}

std::uint32_t reference_alu(Opcode op, std::uint32_t a, std::uint32_t b) {
  const std::uint64_t ua = a, ub = b;
  const std::int64_t sa = as_signed(a), sb = as_signed(b);
  const unsigned shamt = b % 32;
  switch (op) {
    case Opcode::kAdd:
      return low32(static_cast<std::int64_t>(ua + ub));
    case Opcode::kSub:
      return low32(static_cast<std::int64_t>(ua + (~ub & 0xFFFFFFFFu) + 1));
    case Opcode::kSll:
      return low32(static_cast<std::int64_t>(ua * (std::uint64_t{1} << shamt)));
    case Opcode::kSrl:
      return static_cast<std::uint32_t>(ua / (std::uint64_t{1} << shamt));
    case Opcode::kSra:
      return low32(static_cast<std::int64_t>(
          std::floor(static_cast<double>(sa) / std::ldexp(1.0, static_cast<int>(shamt)))));
    case Opcode::kSlt:
      return (a ^ 0x80000000u) < (b ^ 0x80000000u) ? 1 : 0;
    case Opcode::kSltu:
      return ua < ub ? 1 : 0;
    case Opcode::kXor:
      return (a | b) & ~(a & b);
    case Opcode::kOr:
      return ~(~a & ~b);
    case Opcode::kAnd:
      return ~(~a | ~b);
    case Opcode::kMul:
      return low32(static_cast<std::int64_t>((ua * ub) & 0xFFFFFFFFu));
    case Opcode::kMulh:
      return static_cast<std::uint32_t>(static_cast<std::uint64_t>((Int128{sa} * Int128{sb}) >> 32));
    case Opcode::kMulhsu:
      return static_cast<std::uint32_t>(
          static_cast<std::uint64_t>((Int128{sa} * Int128{static_cast<std::int64_t>(ub)}) >> 32));
    case Opcode::kMulhu:
      return static_cast<std::uint32_t>(
          (Int128{static_cast<std::int64_t>(ua)} * Int128{static_cast<std::int64_t>(ub)}) >> 32);
    case Opcode::kDiv:
      return b == 0 ? 0xFFFFFFFFu : low32(sa / sb);
    case Opcode::kDivu:
      return b == 0 ? 0xFFFFFFFFu : static_cast<std::uint32_t>(ua / ub);
    case Opcode::kRem:
      return b == 0 ? a : low32(sa % sb);
    case Opcode::kRemu:
      return b == 0 ? a : static_cast<std::uint32_t>(ua % ub);
    default:
      FAIL("not an ALU opcode");
      return 0;
  }
}

// Immediate forms map onto the register forms with b = the sign-extended immediate.
Opcode register_form(Opcode op) {
  switch (op) {
    case Opcode::kAddi:
      return Opcode::kAdd;
    case Opcode::kSlti:
      return Opcode::kSlt;
    case Opcode::kSltiu:
      return Opcode::kSltu;
    case Opcode::kXori:
      return Opcode::kXor;
    case Opcode::kOri:
      return Opcode::kOr;
    case Opcode::kAndi:
      return Opcode::kAnd;
    case Opcode::kSlli:
      return Opcode::kSll;
    case Opcode::kSrli:
      return Opcode::kSrl;
    case Opcode::kSrai:
      return Opcode::kSra;
    default:
      return op;
  }
}

bool reference_branch(Opcode op, std::uint32_t a, std::uint32_t b) {
  switch (op) {
    case Opcode::kBeq:
      return a == b;
    case Opcode::kBne:
      return a != b;
    case Opcode::kBlt:
      return as_signed(a) < as_signed(b);
    case Opcode::kBge:
      return as_signed(a) >= as_signed(b);
    case Opcode::kBltu:
      return a < b;
    default:
      return a >= b;  // kBgeu
  }
}

std::uint32_t encode_op(const Op& op) {
  const auto rd = static_cast<Reg>(op.rd), rs1 = static_cast<Reg>(op.rs1), rs2 = static_cast<Reg>(op.rs2);
  switch (op.opcode) {
    case Opcode::kAdd:
      return enc::add(rd, rs1, rs2);
    case Opcode::kSub:
      return enc::sub(rd, rs1, rs2);
    case Opcode::kSll:
      return enc::sll(rd, rs1, rs2);
    case Opcode::kSlt:
      return enc::slt(rd, rs1, rs2);
    case Opcode::kSltu:
      return enc::sltu(rd, rs1, rs2);
    case Opcode::kXor:
      return enc::xor_(rd, rs1, rs2);
    case Opcode::kSrl:
      return enc::srl(rd, rs1, rs2);
    case Opcode::kSra:
      return enc::sra(rd, rs1, rs2);
    case Opcode::kOr:
      return enc::or_(rd, rs1, rs2);
    case Opcode::kAnd:
      return enc::and_(rd, rs1, rs2);
    case Opcode::kMul:
      return enc::mul(rd, rs1, rs2);
    case Opcode::kMulh:
      return enc::mulh(rd, rs1, rs2);
    case Opcode::kMulhsu:
      return enc::mulhsu(rd, rs1, rs2);
    case Opcode::kMulhu:
      return enc::mulhu(rd, rs1, rs2);
    case Opcode::kDiv:
      return enc::div(rd, rs1, rs2);
    case Opcode::kDivu:
      return enc::divu(rd, rs1, rs2);
    case Opcode::kRem:
      return enc::rem(rd, rs1, rs2);
    case Opcode::kRemu:
      return enc::remu(rd, rs1, rs2);
    case Opcode::kAddi:
      return enc::addi(rd, rs1, op.imm);
    case Opcode::kSlti:
      return enc::slti(rd, rs1, op.imm);
    case Opcode::kSltiu:
      return enc::sltiu(rd, rs1, op.imm);
    case Opcode::kXori:
      return enc::xori(rd, rs1, op.imm);
    case Opcode::kOri:
      return enc::ori(rd, rs1, op.imm);
    case Opcode::kAndi:
      return enc::andi(rd, rs1, op.imm);
    case Opcode::kSlli:
      return enc::slli(rd, rs1, static_cast<std::uint32_t>(op.imm));
    case Opcode::kSrli:
      return enc::srli(rd, rs1, static_cast<std::uint32_t>(op.imm));
    case Opcode::kSrai:
      return enc::srai(rd, rs1, static_cast<std::uint32_t>(op.imm));
    case Opcode::kLui:
      return enc::lui(rd, static_cast<std::uint32_t>(op.imm));
    case Opcode::kLb:
      return enc::lb(rd, kBaseReg, op.imm);
    case Opcode::kLh:
      return enc::lh(rd, kBaseReg, op.imm);
    case Opcode::kLw:
      return enc::lw(rd, kBaseReg, op.imm);
    case Opcode::kLbu:
      return enc::lbu(rd, kBaseReg, op.imm);
    case Opcode::kLhu:
      return enc::lhu(rd, kBaseReg, op.imm);
    case Opcode::kSb:
      return enc::sb(rs2, kBaseReg, op.imm);
    case Opcode::kSh:
      return enc::sh(rs2, kBaseReg, op.imm);
    case Opcode::kSw:
      return enc::sw(rs2, kBaseReg, op.imm);
    case Opcode::kBeq:
      return enc::beq(rs1, rs2, 4 * (1 + op.imm));
    case Opcode::kBne:
      return enc::bne(rs1, rs2, 4 * (1 + op.imm));
    case Opcode::kBlt:
      return enc::blt(rs1, rs2, 4 * (1 + op.imm));
    case Opcode::kBge:
      return enc::bge(rs1, rs2, 4 * (1 + op.imm));
    case Opcode::kBltu:
      return enc::bltu(rs1, rs2, 4 * (1 + op.imm));
    case Opcode::kBgeu:
      return enc::bgeu(rs1, rs2, 4 * (1 + op.imm));
    default:
      FAIL("unexpected opcode");
      return 0;
  }
}

struct Model {
  std::uint32_t x[32] = {};
  std::map<std::uint32_t, std::uint8_t> bytes;  // the buffer, byte by byte
  std::uint64_t executed = 0;

  std::uint32_t load(std::uint32_t addr, unsigned size) {
    std::uint32_t v = 0;
    for (unsigned i = 0; i < size; ++i) v |= std::uint32_t{bytes.at(addr + i)} << (8 * i);
    return v;
  }
  void store(std::uint32_t addr, unsigned size, std::uint32_t v) {
    for (unsigned i = 0; i < size; ++i) bytes.at(addr + i) = static_cast<std::uint8_t>(v >> (8 * i));
  }
  void set(std::uint32_t rd, std::uint32_t v) {
    if (rd != 0) x[rd] = v;
  }

  void run(const std::vector<Op>& ops) {
    for (std::size_t i = 0; i < ops.size(); ++i) {
      const Op& op = ops[i];
      ++executed;
      const std::uint32_t a = x[op.rs1], b = x[op.rs2];
      const auto imm = static_cast<std::uint32_t>(op.imm);
      switch (op.kind) {
        case Kind::kRegReg:
          set(op.rd, reference_alu(op.opcode, a, b));
          break;
        case Kind::kRegImm:
        case Kind::kShiftImm:
          set(op.rd, reference_alu(register_form(op.opcode), a, imm));
          break;
        case Kind::kLui:
          set(op.rd, imm << 12);
          break;
        case Kind::kLoad: {
          const std::uint32_t addr = kBufferBase + imm;
          switch (op.opcode) {
            case Opcode::kLb:
              set(op.rd, low32(static_cast<std::int8_t>(load(addr, 1))));
              break;
            case Opcode::kLbu:
              set(op.rd, load(addr, 1));
              break;
            case Opcode::kLh:
              set(op.rd, low32(static_cast<std::int16_t>(load(addr, 2))));
              break;
            case Opcode::kLhu:
              set(op.rd, load(addr, 2));
              break;
            default:
              set(op.rd, load(addr, 4));
              break;
          }
          break;
        }
        case Kind::kStore: {
          const unsigned size = op.opcode == Opcode::kSb ? 1 : op.opcode == Opcode::kSh ? 2 : 4;
          store(kBufferBase + imm, size, b);
          break;
        }
        case Kind::kBranch:
          if (reference_branch(op.opcode, a, b)) i += static_cast<std::size_t>(op.imm);
          break;
      }
    }
  }
};

struct Generator {
  std::mt19937_64 rng;

  std::uint32_t pick(std::uint32_t n) { return static_cast<std::uint32_t>(rng() % n); }
  std::uint32_t interesting() {
    static constexpr std::uint32_t kEdges[] = {0,          1,          2,          0xFFFFFFFF, 0xFFFFFFFE,
                                               0x80000000, 0x7FFFFFFF, 0x80000001, 31,         32,
                                               0xFFFF,     0x10000,    0xFF,       0x8000};
    return pick(3) == 0 ? kEdges[pick(std::size(kEdges))] : static_cast<std::uint32_t>(rng());
  }
  // Any destination except the buffer base (x0 included: writes to it must vanish).
  std::uint32_t dest() {
    std::uint32_t r;
    do r = pick(32);
    while (r == kBaseReg);
    return r;
  }

  Op next(std::size_t remaining) {
    static constexpr Opcode kRegRegOps[] = {
        Opcode::kAdd,    Opcode::kSub,   Opcode::kSll, Opcode::kSlt,  Opcode::kSltu, Opcode::kXor,
        Opcode::kSrl,    Opcode::kSra,   Opcode::kOr,  Opcode::kAnd,  Opcode::kMul,  Opcode::kMulh,
        Opcode::kMulhsu, Opcode::kMulhu, Opcode::kDiv, Opcode::kDivu, Opcode::kRem,  Opcode::kRemu};
    static constexpr Opcode kImmOps[] = {Opcode::kAddi, Opcode::kSlti, Opcode::kSltiu,
                                         Opcode::kXori, Opcode::kOri,  Opcode::kAndi};
    static constexpr Opcode kShiftOps[] = {Opcode::kSlli, Opcode::kSrli, Opcode::kSrai};
    static constexpr Opcode kLoads[] = {Opcode::kLb, Opcode::kLbu, Opcode::kLh, Opcode::kLhu, Opcode::kLw};
    static constexpr Opcode kStores[] = {Opcode::kSb, Opcode::kSh, Opcode::kSw};
    static constexpr Opcode kBranches[] = {Opcode::kBeq, Opcode::kBne,  Opcode::kBlt,
                                           Opcode::kBge, Opcode::kBltu, Opcode::kBgeu};
    const std::uint32_t dice = pick(100);
    if (dice < 40)
      return {Kind::kRegReg, kRegRegOps[pick(std::size(kRegRegOps))], dest(), pick(32), pick(32), 0};
    if (dice < 58) {
      const auto imm = static_cast<std::int32_t>(pick(4096)) - 2048;
      return {Kind::kRegImm, kImmOps[pick(std::size(kImmOps))], dest(), pick(32), 0, imm};
    }
    if (dice < 66) {
      return {Kind::kShiftImm,
              kShiftOps[pick(std::size(kShiftOps))],
              dest(),
              pick(32),
              0,
              static_cast<std::int32_t>(pick(32))};
    }
    if (dice < 70) return {Kind::kLui, Opcode::kLui, dest(), 0, 0, static_cast<std::int32_t>(pick(1u << 20))};
    if (dice < 80) {
      const Opcode op = kLoads[pick(std::size(kLoads))];
      const std::uint32_t align = (op == Opcode::kLw) ? 4 : (op == Opcode::kLh || op == Opcode::kLhu) ? 2 : 1;
      return {Kind::kLoad, op, dest(),
              kBaseReg,    0,  static_cast<std::int32_t>(pick(kBufferSize / align) * align)};
    }
    if (dice < 90) {
      const Opcode op = kStores[pick(std::size(kStores))];
      const std::uint32_t align = (op == Opcode::kSw) ? 4 : (op == Opcode::kSh) ? 2 : 1;
      return {Kind::kStore, op,       0,
              kBaseReg,     pick(32), static_cast<std::int32_t>(pick(kBufferSize / align) * align)};
    }
    // Forward branches only (skipping 0..3 following instructions), so every program terminates.
    const auto skip = static_cast<std::int32_t>(std::min<std::size_t>(pick(4), remaining));
    return {Kind::kBranch, kBranches[pick(std::size(kBranches))], 0, pick(32), pick(32), skip};
  }
};

}  // namespace

TEST_CASE("rv32 random programs match the reference model", "[rv32][random]") {
  Generator gen{std::mt19937_64(20261124)};
  for (int program = 0; program < 300; ++program) {
    Model model;
    Assembler a;
    // Random initial registers (x1..x31 except the buffer base), set with li.
    for (std::uint32_t r = 1; r < 32; ++r) {
      if (r == kBaseReg) continue;
      model.x[r] = gen.interesting();
      a.li(static_cast<Reg>(r), model.x[r]);
    }
    model.x[kBaseReg] = kBufferBase;
    a.li(kBaseReg, kBufferBase);
    std::vector<std::uint8_t> buffer(kBufferSize);
    for (std::uint32_t i = 0; i < kBufferSize; ++i) {
      buffer[i] = static_cast<std::uint8_t>(gen.rng());
      model.bytes[kBufferBase + i] = buffer[i];
    }
    const std::size_t setup = a.finish().size();

    const std::size_t length = 50 + gen.pick(300);
    std::vector<Op> ops;
    for (std::size_t i = 0; i < length; ++i) ops.push_back(gen.next(length - 1 - i));
    for (const Op& op : ops) a.emit(encode_op(op));
    // Halt with exit code = a0 (t0 := 0 first, so the model sets t0 too).
    a.emit(enc::addi(t0, zero, 0)).emit(enc::ecall());
    model.run(ops);
    model.x[t0] = 0;

    const ProgramImage image =
        a.image({ElfSegmentSpec{kBufferBase, kSegmentRead | kSegmentWrite, buffer, 0}});
    Executor executor(image, {});
    const ExecutionResult& r = executor.run();
    INFO("program " << program);
    REQUIRE(r.halted());
    CHECK(r.exit_code == model.x[a0]);
    CHECK(r.cycles == setup + model.executed + 2);
    for (std::uint32_t reg = 0; reg < 32; ++reg) {
      INFO("x" << reg);
      CHECK(r.registers[reg] == model.x[reg]);
    }
    for (std::uint32_t i = 0; i < kBufferSize; i += 4) {
      INFO("buffer word " << i);
      CHECK(executor.peek_word(kBufferBase + i) == model.load(kBufferBase + i, 4));
    }
    // Recording mode reaches the same state.
    const RecordedExecution recorded = execute_recording(image, {});
    CHECK(recorded.result.registers == r.registers);
    CHECK(recorded.result.cycles == r.cycles);
    CHECK(recorded.record.cpu.size() == r.cycles);
  }
}
