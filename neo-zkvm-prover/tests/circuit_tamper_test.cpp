// A cheating prover edits honest traces after generation; the circuit (constraints or bus balance) must catch
// every edit. In optimised builds (NDEBUG: the ci preset) every edit is also handed to the STARK prover
// (debug checks off, the edited traces and public values substituted through its cheating hooks) and the
// STARK verifier must reject the proof: these are then soundness tests of the whole proof. The sanitizer
// build checks the edits with the concrete checker only (a proof per edit is too slow there).
#include <catch2/catch.hpp>

#include <functional>

#include "circuit_test_util.hpp"
#include "neo/zkvm/circuit/alu.hpp"
#include "neo/zkvm/circuit/byte.hpp"
#include "neo/zkvm/circuit/cpu.hpp"
#include "neo/zkvm/circuit/div_rem.hpp"
#include "neo/zkvm/circuit/memory.hpp"
#include "neo/zkvm/circuit/syscall.hpp"
#include "neo/zkvm/stark/prover.hpp"
#include "neo/zkvm/stark/verifier.hpp"

using namespace neo::zkvm;
using namespace neo::zkvm::circuit;
using namespace neo::zkvm::circuit::test;
using namespace neo::zkvm::rv32::reg;
namespace enc = neo::zkvm::rv32::encode;
using neo::guest::abi::Syscall;

namespace {

// One program that uses every chip: ALU of each kind, a branch, JAL/JALR, loads/stores, x0 writes, syscalls.
const CircuitTraces& honest() {
  static const CircuitTraces traces = [] {
    const std::uint32_t data = rv32::test::kDataBase;
    Assembler a;
    a.li(s0, data).li(a1, 0x80000123u).li(a2, 0x0000F00Du);
    a.emit(enc::add(a3, a1, a2)).emit(enc::sub(a3, a1, a2));
    a.emit(enc::xor_(a3, a1, a2)).emit(enc::and_(a3, a1, a2)).emit(enc::or_(a3, a1, a2));
    a.emit(enc::slt(a3, a1, a2)).emit(enc::sltu(a3, a1, a2));
    a.emit(enc::sll(a3, a1, a2)).emit(enc::srl(a3, a1, a2)).emit(enc::sra(a3, a1, a2));
    a.emit(enc::mul(a3, a1, a2)).emit(enc::mulh(a3, a1, a2)).emit(enc::mulhsu(a3, a1, a2));
    a.emit(enc::div(a3, a1, a2)).emit(enc::rem(a3, a1, a2)).emit(enc::divu(a3, a1, zero));
    a.emit(enc::addi(zero, a1, 9));  // x0 write
    auto skip = a.new_label();
    a.beq(a1, a1, skip).emit(enc::addi(a3, a3, 1)).bind(skip);
    auto function = a.new_label();
    auto after = a.new_label();
    a.jal(ra, function).jal(zero, after);
    a.bind(function).emit(enc::jalr(zero, ra, 0));
    a.bind(after);
    a.emit(enc::sw(a1, s0, 0)).emit(enc::lb(a4, s0, 3)).emit(enc::lhu(a4, s0, 2)).emit(enc::sb(a2, s0, 1));
    a.emit(enc::lw(a4, s0, 0));
    for (std::uint32_t i = 0; i < 8; ++i) a.li(a0, i).li(a1, 0x11111111u * i).syscall(Syscall::kCommit);
    a.halt(0);
    return require_valid(a);
  }();
  return traces;
}

// Whether the STARK verifier accepts a proof of `honest` traces edited by `edit` (after generation, with the
// prover's debug checks off). The proving key comes from the honest preprocessed tables.
bool stark_accepts_edit(const CircuitTraces& honest_traces, const std::function<void(CircuitTraces&)>& edit) {
  CircuitTraces edited = honest_traces;
  edit(edited);
  return stark_accepts_traces(honest_traces, edited);
}

void require_rejected_by(const CircuitTraces& honest_traces,
                         const std::function<void(CircuitTraces&)>& edit) {
  CircuitTraces t = honest_traces;
  edit(t);
  const CheckResult r = check_circuit(chip_set().systems, t);
  INFO(r.message);
  REQUIRE_FALSE(r.ok());
#ifdef NDEBUG
  REQUIRE_FALSE(stark_accepts_edit(honest_traces, edit));
#endif
}

void require_rejected(const std::function<void(CircuitTraces&)>& edit) {
  require_rejected_by(honest(), edit);
}

std::size_t cpu_row_with_flag(CircuitTraces& t, ProgramFlag f) {
  const std::size_t r = first_row_with(main_of(t, ChipId::kCpu), CpuCols::flag(f));
  REQUIRE(r < main_of(t, ChipId::kCpu).height());
  return r;
}

}  // namespace

TEST_CASE("circuit tamper: the honest traces pass", "[circuit]") {
  const CheckResult r = check_circuit(chip_set().systems, honest());
  INFO(r.message);
  REQUIRE(r.ok());
}

TEST_CASE("circuit tamper: wrong ALU results", "[circuit]") {
  SECTION("AddSub") {
    require_rejected([](CircuitTraces& t) {
      auto& m = main_of(t, ChipId::kAddSub);
      cell(m, 0, AddSubCols::kA) += fe(1);
    });
  }
  SECTION("AddSub with the CPU agreeing: the carry chain breaks") {
    require_rejected([](CircuitTraces& t) {
      auto& m = main_of(t, ChipId::kAddSub);
      cell(m, 0, AddSubCols::kA + 1) += fe(1);
      cell(m, 0, AddSubCols::kCarry + 1) += fe(1);
    });
  }
  SECTION("Bitwise") {
    require_rejected(
        [](CircuitTraces& t) { cell(main_of(t, ChipId::kBitwise), 0, BitwiseCols::kA + 2) += fe(1); });
  }
  SECTION("Lt") {
    require_rejected([](CircuitTraces& t) {
      auto& m = main_of(t, ChipId::kLt);
      cell(m, 0, LtCols::kResult) = fe(1) - cell(m, 0, LtCols::kResult);
    });
  }
  SECTION("Shift") {
    require_rejected(
        [](CircuitTraces& t) { cell(main_of(t, ChipId::kShift), 0, ShiftCols::kA + 3) += fe(1); });
  }
  SECTION("Mul") {
    require_rejected([](CircuitTraces& t) { cell(main_of(t, ChipId::kMul), 1, MulCols::kA) += fe(1); });
  }
  SECTION("DivRem quotient off by one, remainder adjusted (b = q c + r still holds)") {
    require_rejected([](CircuitTraces& t) {
      auto& m = main_of(t, ChipId::kDivRem);
      // Row 0 is DIV 0x80000123 / 0xF00D: q - 1 and r + c keep the equation but break |r| < |c|.
      const std::uint32_t b = 0x80000123u, c = 0xF00Du;
      const auto q =
          static_cast<std::uint32_t>(static_cast<std::int32_t>(b) / static_cast<std::int32_t>(c)) - 1;
      const std::uint32_t r = b - q * c;
      for (unsigned i = 0; i < 4; ++i) {
        cell(m, 0, DivRemCols::kQuotient + i) = fe((q >> (8 * i)) & 0xFF);
        cell(m, 0, DivRemCols::kA + i) = fe((q >> (8 * i)) & 0xFF);
        cell(m, 0, DivRemCols::kRemainder + i) = fe((r >> (8 * i)) & 0xFF);
      }
    });
  }
  SECTION("DivRem claiming division by zero for a nonzero divisor") {
    require_rejected(
        [](CircuitTraces& t) { cell(main_of(t, ChipId::kDivRem), 0, DivRemCols::kDivByZero) = fe(1); });
  }
  SECTION("CPU alu_out") {
    require_rejected([](CircuitTraces& t) {
      const std::size_t r = cpu_row_with_flag(t, ProgramFlag::kAluResult);
      cell(main_of(t, ChipId::kCpu), r, CpuCols::kAluOut) += fe(1);
      cell(main_of(t, ChipId::kCpu), r, CpuCols::kRes) += fe(1);
    });
  }
}

TEST_CASE("circuit tamper: wrong loaded value", "[circuit]") {
  require_rejected([](CircuitTraces& t) {
    auto& m = main_of(t, ChipId::kMemoryInstr);
    const std::size_t lw = first_row_with(m, MemoryInstrCols::kIsLb + 2);
    REQUIRE(lw < m.height());
    cell(m, lw, MemoryInstrCols::kResult) += fe(1);
  });
  require_rejected([](CircuitTraces& t) {
    // The sign extension of LB.
    auto& m = main_of(t, ChipId::kMemoryInstr);
    const std::size_t lb = first_row_with(m, MemoryInstrCols::kIsLb);
    REQUIRE(lb < m.height());
    cell(m, lb, MemoryInstrCols::kResult + 3) = fe(0);
    cell(m, lb, MemoryInstrCols::kSign) = fe(0);
  });
  require_rejected([](CircuitTraces& t) {
    // A load that changes the word.
    auto& m = main_of(t, ChipId::kMemoryInstr);
    const std::size_t lw = first_row_with(m, MemoryInstrCols::kIsLb + 2);
    cell(m, lw, MemoryInstrCols::kNext) += fe(1);
  });
}

TEST_CASE("circuit tamper: control flow", "[circuit]") {
  SECTION("a skipped instruction") {
    require_rejected([](CircuitTraces& t) {
      auto& m = main_of(t, ChipId::kCpu);
      m.values.erase(m.values.begin() + static_cast<std::ptrdiff_t>(3 * m.width),
                     m.values.begin() + static_cast<std::ptrdiff_t>(4 * m.width));
      m.values.resize(m.values.size() + m.width);  // keep the height with a padding row
    });
  }
  SECTION("a repeated instruction") {
    require_rejected([](CircuitTraces& t) {
      auto& m = main_of(t, ChipId::kCpu);
      std::vector<field::BabyBear> row(m.values.begin() + static_cast<std::ptrdiff_t>(3 * m.width),
                                       m.values.begin() + static_cast<std::ptrdiff_t>(4 * m.width));
      m.values.insert(m.values.begin() + static_cast<std::ptrdiff_t>(4 * m.width), row.begin(), row.end());
      m.values.resize(m.values.size() - m.width);
    });
  }
  SECTION("a wrong next pc") {
    require_rejected([](CircuitTraces& t) { cell(main_of(t, ChipId::kCpu), 2, CpuCols::kNextPc) += fe(4); });
  }
  SECTION("a wrong next pc with the next row following it") {
    require_rejected([](CircuitTraces& t) {
      cell(main_of(t, ChipId::kCpu), 2, CpuCols::kNextPc) += fe(4);
      cell(main_of(t, ChipId::kCpu), 3, CpuCols::kPc) += fe(4);
    });
  }
  SECTION("a branch outcome flipped") {
    require_rejected([](CircuitTraces& t) {
      const std::size_t r = cpu_row_with_flag(t, ProgramFlag::kBranch);
      auto& m = main_of(t, ChipId::kCpu);
      cell(m, r, CpuCols::kTaken) = fe(1) - cell(m, r, CpuCols::kTaken);
    });
  }
  SECTION("a JALR to elsewhere") {
    require_rejected([](CircuitTraces& t) {
      const std::size_t r = cpu_row_with_flag(t, ProgramFlag::kJalr);
      cell(main_of(t, ChipId::kCpu), r, CpuCols::kJalrLsb) = fe(1);
    });
  }
  SECTION("an instruction that is not in the program") {
    require_rejected([](CircuitTraces& t) {
      cell(main_of(t, ChipId::kCpu), 5, CpuCols::kProgram + ProgramTupleCols::kImm) += fe(1);
    });
  }
}

TEST_CASE("circuit tamper: registers and memory", "[circuit]") {
  SECTION("a write to x0 that sticks") {
    require_rejected([](CircuitTraces& t) {
      const std::size_t r = cpu_row_with_flag(t, ProgramFlag::kRdIsZero);
      auto& m = main_of(t, ChipId::kCpu);
      REQUIRE(cell(m, r, CpuCols::kRes) != fe(0));
      cell(m, r, CpuCols::kRdValue) = cell(m, r, CpuCols::kRes);
    });
  }
  SECTION("a timestamp going backwards") {
    require_rejected([](CircuitTraces& t) {
      auto& m = main_of(t, ChipId::kCpu);
      const std::size_t r = 4;
      const field::BabyBear ts = cell(m, r, CpuCols::kTs);
      const field::BabyBear prev = ts + fe(10);
      const std::uint32_t gap = (ts - prev - fe(1)).to_canonical();
      cell(m, r, CpuCols::kRs1Access) = prev;
      cell(m, r, CpuCols::kRs1Access + 1) = fe(gap & 0xFFFF);
      cell(m, r, CpuCols::kRs1Access + 2) = fe(gap >> 16);
    });
  }
  SECTION("a read of a stale register value") {
    require_rejected([](CircuitTraces& t) {
      const std::size_t r = cpu_row_with_flag(t, ProgramFlag::kReadsRs2);
      cell(main_of(t, ChipId::kCpu), r, CpuCols::kRs2Value) += fe(1);
    });
  }
  SECTION("a wrong final memory value") {
    require_rejected([](CircuitTraces& t) {
      auto& m = main_of(t, ChipId::kMemory);
      cell(m, 40, MemoryCols::kFinal) += fe(1);
    });
  }
  SECTION("a nonzero initial value outside the image") {
    require_rejected([](CircuitTraces& t) {
      auto& m = main_of(t, ChipId::kMemory);
      std::size_t r = 0;
      while (cell(m, r, MemoryCols::kIsImage) == fe(1)) ++r;
      cell(m, r, MemoryCols::kInit) = fe(1);
      cell(m, r, MemoryCols::kFinal) = fe(1);
    });
  }
  SECTION("an image word claimed as zero-initialised") {
    require_rejected([](CircuitTraces& t) {
      auto& m = main_of(t, ChipId::kMemory);
      cell(m, 2, MemoryCols::kIsImage) = fe(0);  // register x2: its image value is the stack top
      for (std::size_t i = 0; i < 4; ++i) cell(m, 2, MemoryCols::kInit + i) = fe(0);
    });
  }
  SECTION("an address initialised twice") {
    require_rejected([](CircuitTraces& t) {
      auto& m = main_of(t, ChipId::kMemory);
      for (std::size_t c = 0; c < m.width; ++c) cell(m, 6, c) = cell(m, 5, c);
    });
  }
}

TEST_CASE("circuit tamper: multiplicities and public values", "[circuit]") {
  SECTION("a program row counted once more") {
    require_rejected(
        [](CircuitTraces& t) { cell(main_of(t, ChipId::kProgram), 0, ProgramCols::kMultiplicity) += fe(1); });
  }
  SECTION("a byte-table multiplicity moved") {
    require_rejected([](CircuitTraces& t) {
      auto& m = main_of(t, ChipId::kByte);
      std::size_t r = 0;
      while (cell(m, r, ByteCols::kRange16) == fe(0)) ++r;
      cell(m, r, ByteCols::kRange16) -= fe(1);
      cell(m, r + 1, ByteCols::kRange16) += fe(1);
    });
  }
  SECTION("a forged exit code") {
    require_rejected([](CircuitTraces& t) {
      t.public_values[chip_index(ChipId::kCpu)][CpuPublicValues::kExitCode] = fe(1);
    });
  }
  SECTION("a forged halted flag") {
    require_rejected([](CircuitTraces& t) {
      t.public_values[chip_index(ChipId::kCpu)][CpuPublicValues::kHalted] = fe(0);
    });
  }
  SECTION("a forged start pc") {
    require_rejected([](CircuitTraces& t) {
      t.public_values[chip_index(ChipId::kCpu)][CpuPublicValues::kStartPc] += fe(4);
    });
  }
  SECTION("a forged digest word") {
    require_rejected([](CircuitTraces& t) {
      t.public_values[chip_index(ChipId::kSyscall)][SyscallPublicValues::kDigest + 5] += fe(1);
    });
  }
  SECTION("a digest word claimed committed that was not") {
    CircuitTraces t = [] {
      Assembler a;
      a.li(a0, 1).li(a1, 5).syscall(Syscall::kCommit).halt(0);
      return require_valid(a);
    }();
    auto& pv = t.public_values[chip_index(ChipId::kSyscall)];
    REQUIRE(pv[SyscallPublicValues::kCommitted + 1] == fe(1));
    REQUIRE(pv[SyscallPublicValues::kCommitted + 0] == fe(0));
    pv[SyscallPublicValues::kCommitted + 0] = fe(1);
    const CheckResult r = check_circuit(chip_set().systems, t);
    INFO(r.message);
    REQUIRE_FALSE(r.ok());
  }
  SECTION("an ecall row dropped from the Syscall chip") {
    require_rejected([](CircuitTraces& t) {
      auto& m = main_of(t, ChipId::kSyscall);
      for (std::size_t c = 0; c < m.width; ++c) cell(m, 0, c) = fe(0);
      cell(m, 0, SyscallCols::kFdProduct) = fe(2);
    });
  }
}

namespace {

// HINT_READ of 6 bytes at offset 2 of a word (partial first and last words), WRITE of 5 bytes at offset 1.
const CircuitTraces& honest_buffers() {
  static const CircuitTraces traces = [] {
    const std::uint32_t data = rv32::test::kDataBase;
    Assembler a;
    a.li(a0, data + 2).li(a1, 6).syscall(Syscall::kHintRead);
    a.li(a0, 3).li(a1, data + 9).li(a2, 5).syscall(Syscall::kWrite);
    a.li(s0, data).emit(enc::lw(a3, s0, 0)).emit(enc::lw(a4, s0, 4));
    a.halt(0);
    rv32::ExecutorOptions options;
    options.private_input = {0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6};
    return require_valid(a, options,
                         {rv32::ElfSegmentSpec{data,
                                               rv32::kSegmentRead | rv32::kSegmentWrite,
                                               {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
                                               0}});
  }();
  return traces;
}

void require_buffer_edit_rejected(const std::function<void(CircuitTraces&)>& edit) {
  require_rejected_by(honest_buffers(), edit);
}

}  // namespace

TEST_CASE("circuit tamper: syscall memory", "[circuit]") {
  using SM = SyscallMemoryCols;
  {
    const CheckResult r = check_circuit(chip_set().systems, honest_buffers());
    INFO(r.message);
    REQUIRE(r.ok());
    // Rows: HINT_READ words 0, 1 (first, last), WRITE words 2, 3.
    const auto& m = honest_buffers().main[chip_index(ChipId::kSyscallMemory)];
    REQUIRE(m.values[3 * m.width + SM::kIsReal] == fe(1));
  }
  const auto edit_row = [](std::size_t row, std::size_t column, std::uint64_t delta) {
    return [=](CircuitTraces& t) { cell(main_of(t, ChipId::kSyscallMemory), row, column) += fe(delta); };
  };
  SECTION("HINT_READ changes a byte before the buffer") {
    require_buffer_edit_rejected([](CircuitTraces& t) {
      auto& m = main_of(t, ChipId::kSyscallMemory);
      cell(m, 0, SM::kValue) += fe(1);  // byte 0 of the first word is outside [data + 2, data + 8)
    });
  }
  SECTION("HINT_READ changes a byte after the buffer") {
    require_buffer_edit_rejected([](CircuitTraces& t) {
      auto& m = main_of(t, ChipId::kSyscallMemory);
      cell(m, 1, SM::kValue + 3) += fe(1);  // byte 3 of the last word: outside
      cell(m, 1, SM::kMask + 3) = fe(1);
    });
  }
  SECTION("WRITE changes memory") { require_buffer_edit_rejected(edit_row(2, SM::kValue + 1, 1)); }
  SECTION("a word skipped") { require_buffer_edit_rejected(edit_row(1, SM::kWord, 1)); }
  SECTION("the chain ends early") {
    require_buffer_edit_rejected([](CircuitTraces& t) {
      auto& m = main_of(t, ChipId::kSyscallMemory);
      cell(m, 0, SM::kIsLast) = fe(1);
      cell(m, 0, SM::kGapInverse) = fe(0);
    });
  }
  SECTION("a WRITE presented as a HINT_READ") { require_buffer_edit_rejected(edit_row(2, SM::kWrites, 1)); }
  SECTION("a word read at another time") { require_buffer_edit_rejected(edit_row(0, SM::kTs, 4)); }
  SECTION("a buffer of another length") {
    require_buffer_edit_rejected([](CircuitTraces& t) {
      auto& s = main_of(t, ChipId::kSyscall);
      cell(s, 0, SyscallCols::kLen) += fe(1);
    });
  }
  SECTION("a written byte that is not a byte") {
    require_buffer_edit_rejected([](CircuitTraces& t) {
      auto& m = main_of(t, ChipId::kSyscallMemory);
      cell(m, 0, SM::kValue + 2) += fe(256);
    });
  }
}

// The constraints added for the range contracts and read-only memory (issue 13), each broken alone.
TEST_CASE("circuit tamper: what the range contracts and read-only memory added", "[circuit][contracts]") {
  SECTION("a store with a result (the MEMINSTR result must be bytes for every operation)") {
    require_rejected([](CircuitTraces& t) {
      auto& m = main_of(t, ChipId::kMemoryInstr);
      const std::size_t sw = first_row_with(m, MemoryInstrCols::kIsLb + 7);
      REQUIRE(sw < m.height());
      cell(m, sw, MemoryInstrCols::kResult) = fe(300);
      auto& cpu = main_of(t, ChipId::kCpu);
      for (std::size_t r = 0; r < cpu.height(); ++r) {
        if (cell(cpu, r, CpuCols::kProgram + ProgramTupleCols::kMemOp) == fe(op_id(MemOp::kSw)))
          cell(cpu, r, CpuCols::kRes) = fe(300);
      }
    });
  }
  SECTION("a register value on a row that does not read it") {
    require_rejected([](CircuitTraces& t) {
      auto& cpu = main_of(t, ChipId::kCpu);
      for (std::size_t r = 0; r < cpu.height(); ++r) {
        if (cell(cpu, r, CpuCols::kIsReal) == fe(1) &&
            cell(cpu, r, CpuCols::flag(ProgramFlag::kReadsRs2)) == fe(0)) {
          cell(cpu, r, CpuCols::kRs2Value) = fe(1000);
          return;
        }
      }
      FAIL("no row without rs2");
    });
  }
  SECTION("a flag that is not a bit") {
    require_rejected([](CircuitTraces& t) {
      auto& cpu = main_of(t, ChipId::kCpu);
      cell(cpu, 0, CpuCols::flag(ProgramFlag::kBranchNegate)) = fe(2);
    });
  }
  SECTION("a load word claimed read-only where it is not") {
    require_rejected([](CircuitTraces& t) {
      auto& m = main_of(t, ChipId::kMemoryInstr);
      const std::size_t lw = first_row_with(m, MemoryInstrCols::kIsLb + 2);
      REQUIRE(lw < m.height());
      cell(m, lw, MemoryInstrCols::kReadOnly) = fe(1);
    });
  }
  SECTION("a non-byte bit-shifted byte in Shift") {
    require_rejected([](CircuitTraces& t) {
      auto& m = main_of(t, ChipId::kShift);
      cell(m, 0, ShiftCols::kBitShifted) += fe(256);
      cell(m, 0, ShiftCols::kA) += fe(256);
    });
  }
}
