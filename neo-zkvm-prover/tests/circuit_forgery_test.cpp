// Forgeries that edit several chips at once so that every bus still balances, as a real attacker does: the
// sent value is changed and so is every row that consumes it, and the Byte table's multiplicities are
// recounted (test::recount_lookups). Each was once accepted; the circuit must now reject it, the concrete
// checker and (optimised builds) the STARK verifier alike, with the prover's debug checks off.
#include <catch2/catch.hpp>

#include <array>
#include <functional>
#include <string>

#include "circuit_test_util.hpp"
#include "neo/zkvm/circuit/alu.hpp"
#include "neo/zkvm/circuit/cpu.hpp"
#include "neo/zkvm/circuit/div_rem.hpp"
#include "neo/zkvm/circuit/memory.hpp"
#include "neo/zkvm/circuit/syscall.hpp"

using namespace neo::zkvm;
using namespace neo::zkvm::circuit;
using namespace neo::zkvm::circuit::test;
using namespace neo::zkvm::rv32::reg;
namespace enc = neo::zkvm::rv32::encode;
using field::BabyBear;
using neo::guest::abi::Syscall;

namespace {

std::size_t row_where(const merkle::RowMajorMatrix& m, const std::function<bool(std::size_t)>& pred) {
  for (std::size_t r = 0; r < m.height(); ++r) {
    if (pred(r)) return r;
  }
  FAIL("no such row");
  return 0;
}

BabyBear at(const merkle::RowMajorMatrix& m, std::size_t row, std::size_t column) {
  return m.values[row * m.width + column];
}

// Replaces a0's value after `div a0, a1, a2` (and at HALT, which exits with a0) by `forged_a0` in every chip
// that carries it: the CPU rows of the DIV and of the HALT ecall, the Syscall row, the register's final
// value, the exit-code public values.
void forge_a0(CircuitTraces& t, std::uint32_t forged_a0) {
  auto& cpu = main_of(t, ChipId::kCpu);
  const std::size_t div = row_where(cpu, [&](std::size_t r) {
    return at(cpu, r, CpuCols::kProgram + ProgramTupleCols::kAluOp) == fe(op_id(AluOp::kDiv));
  });
  set_word(cpu, div, CpuCols::kAluOut, forged_a0);
  set_word(cpu, div, CpuCols::kRes, forged_a0);
  set_word(cpu, div, CpuCols::kRdValue, forged_a0);
  const std::size_t halt =
      row_where(cpu, [&](std::size_t r) { return at(cpu, r, CpuCols::kIsHalt) == fe(1); });
  set_word(cpu, halt, CpuCols::kRs2Value, forged_a0);
  auto& syscall = main_of(t, ChipId::kSyscall);
  set_word(syscall, 0, SyscallCols::kA0, forged_a0);
  const BabyBear fd = fe(forged_a0 & 0xFF);
  cell(syscall, 0, SyscallCols::kFdProduct) = (fd - fe(1)) * (fd - fe(2));
  auto& memory = main_of(t, ChipId::kMemory);
  const std::size_t reg =
      row_where(memory, [&](std::size_t r) { return at(memory, r, MemoryCols::kAddr) == fe(kRegA0); });
  set_word(memory, reg, MemoryCols::kFinal, forged_a0);
  auto& exit_code = t.public_values[chip_index(ChipId::kCpu)];
  for (unsigned i = 0; i < 4; ++i)
    exit_code[CpuPublicValues::kExitCode + i] = fe((forged_a0 >> (8 * i)) & 0xFF);
}

using Limbs = std::array<BabyBear, 4>;

Limbs limbs_of(std::uint32_t w) {
  return {fe(w & 0xFF), fe((w >> 8) & 0xFF), fe((w >> 16) & 0xFF), fe(w >> 24)};
}

// ADD(0; x, y) as AddSub proves it: x_i + y_i + carry_in = 256 carry (the result bytes are 0).
std::array<std::uint32_t, 4> zero_sum_carries(const Limbs& x, const Limbs& y) {
  std::array<std::uint32_t, 4> carries{};
  std::uint32_t carry = 0;
  for (unsigned i = 0; i < 4; ++i) {
    const std::uint32_t sum = (x[i] + y[i] + fe(carry)).to_canonical();
    REQUIRE((sum == 0 || sum == 256));  // else the forgery itself is inconsistent
    carry = sum == 256 ? 1 : 0;
    carries[i] = carry;
  }
  return carries;
}

void put_limbs(merkle::RowMajorMatrix& m, std::size_t row, std::size_t column, const Limbs& l) {
  for (unsigned i = 0; i < 4; ++i) cell(m, row, column + i) = l[i];
}

// The AddSub row of ADD(0; x, y) (x a word): the honest one if there is one, else a padding row made real.
void put_zero_sum_row(CircuitTraces& t, std::uint32_t x, const Limbs& y) {
  using C = AddSubCols;
  auto& m = main_of(t, ChipId::kAddSub);
  const Limbs xl = limbs_of(x);
  std::size_t r = m.height();
  for (std::size_t row = 0; row < m.height() && r == m.height(); ++row) {
    bool match = at(m, row, C::kIsAdd) == fe(1);
    for (unsigned i = 0; i < 4; ++i)
      match = match && at(m, row, C::kA + i) == fe(0) && at(m, row, C::kB + i) == xl[i];
    if (match) r = row;
  }
  if (r == m.height()) {
    r = row_where(m, [&](std::size_t row) { return at(m, row, C::kIsAdd) + at(m, row, C::kIsSub) == fe(0); });
    cell(m, r, C::kIsAdd) = fe(1);
    put_limbs(m, r, C::kB, xl);
  }
  put_limbs(m, r, C::kC, y);
  const auto carries = zero_sum_carries(xl, y);
  for (unsigned i = 0; i < 4; ++i) cell(m, r, C::kCarry + i) = fe(carries[i]);
}

// The Lt row of SLTU(1; x, y) for limbs that need not be bytes: the top differing limb decides.
void put_sltu_row(CircuitTraces& t, const Limbs& x, const Limbs& y) {
  using C = LtCols;
  auto& m = main_of(t, ChipId::kLt);
  const std::size_t r = row_where(m, [&](std::size_t row) { return at(m, row, C::kIsSltu) == fe(1); });
  put_limbs(m, r, C::kB, x);
  put_limbs(m, r, C::kC, y);
  int top = -1;
  for (int k = 3; k >= 0 && top < 0; --k) {
    if (x[static_cast<unsigned>(k)] != y[static_cast<unsigned>(k)]) top = k;
  }
  REQUIRE(top >= 0);
  const auto k = static_cast<unsigned>(top);
  for (unsigned i = 0; i < 4; ++i) cell(m, r, C::kDiffSel + i) = fe(i == k ? 1 : 0);
  cell(m, r, C::kBTop) = x[k];
  cell(m, r, C::kCTop) = y[k];
  cell(m, r, C::kDiffInv) = (x[k] - y[k]).inverse();
  REQUIRE((x[k].to_canonical() < 256 && y[k].to_canonical() < 256));
  REQUIRE(x[k].to_canonical() < y[k].to_canonical());  // the LTU lookup then says 1
  cell(m, r, C::kTopLtu) = fe(1);
  cell(m, r, C::kMsbB) = fe(x[3].to_canonical() >> 7);
  cell(m, r, C::kMsbC) = fe(y[3].to_canonical() >> 7);
  cell(m, r, C::kSignsDiffer) = fe((x[3].to_canonical() >> 7) ^ (y[3].to_canonical() >> 7));
}

// A forged signed division b / c = q rem r (b = q c + r over the integers, but |r| < |c| false) carried
// through every chip: DivRem with the given |r| and |c| limbs, the AddSub negations, the Lt comparison, a0
// (the quotient) everywhere it travels, and the Byte multiplicities recounted.
CircuitTraces forge_division(const CircuitTraces& honest, std::uint32_t b, std::uint32_t c, std::uint32_t q,
                             std::uint32_t r, const Limbs& abs_r, const Limbs& abs_c) {
  REQUIRE(static_cast<std::int64_t>(static_cast<std::int32_t>(b)) ==
          std::int64_t{static_cast<std::int32_t>(q)} * static_cast<std::int32_t>(c) +
              static_cast<std::int32_t>(r));
  CircuitTraces t = honest;
  forge_a0(t, q);
  using C = DivRemCols;
  auto& m = main_of(t, ChipId::kDivRem);
  set_word(m, 0, C::kA, q);
  set_word(m, 0, C::kQuotient, q);
  set_word(m, 0, C::kRemainder, r);
  const std::uint32_t operands[4] = {b, c, q, r};
  for (unsigned k = 0; k < 4; ++k) {
    cell(m, 0, C::kMsb + k) = fe(operands[k] >> 31);
    cell(m, 0, C::kExt + k) = fe((operands[k] >> 31) * 255);
  }
  const auto limb = [&](unsigned operand, unsigned i) -> std::int64_t {
    return i < 4 ? (operands[operand] >> (8 * i)) & 0xFF : (operands[operand] >> 31) * 255;
  };
  std::int64_t carry = 0;
  for (unsigned k = 0; k < 8; ++k) {
    std::int64_t sum = carry + limb(C::kOperandR, k) - limb(C::kOperandB, k);
    for (unsigned i = 0; i <= k; ++i) sum += limb(C::kOperandQ, i) * limb(C::kOperandC, k - i);
    REQUIRE(sum % 256 == 0);
    carry = sum / 256;
    cell(m, 0, C::kCarry + k) = fe(static_cast<std::uint64_t>(carry));
  }
  const bool r_negative = (r >> 31) != 0, c_negative = (c >> 31) != 0;
  cell(m, 0, C::kRemainderNegative) = fe(r_negative ? 1 : 0);
  cell(m, 0, C::kDivisorNegative) = fe(c_negative ? 1 : 0);
  put_limbs(m, 0, C::kAbsRemainder, abs_r);
  put_limbs(m, 0, C::kAbsDivisor, abs_c);
  if (r_negative) put_zero_sum_row(t, r, abs_r);
  if (c_negative) put_zero_sum_row(t, c, abs_c);
  put_sltu_row(t, abs_r, abs_c);
  recount_lookups(chip_set().systems, t);
  return t;
}

// Every constraint of every chip holds on the forged traces; only a BYTE lookup of a non-byte is left
// unbalanced: DivRem's range check of the negated |r| or |c|.
void require_rejected_forgery(const CircuitTraces& honest, const CircuitTraces& forged,
                              const std::string& unbalanced_tuple) {
  const CheckResult r = check_circuit(chip_set().systems, forged);
  INFO(r.message);
  CHECK(r.constraints_ok);
  REQUIRE_FALSE(r.buses_ok);
  CHECK_THAT(r.message, Catch::Contains(unbalanced_tuple));
#ifdef NDEBUG
  REQUIRE_FALSE(stark_accepts_traces(honest, forged));
#endif
}

CircuitTraces divide(std::uint32_t b, std::uint32_t c) {
  Assembler a;
  a.li(a1, b).li(a2, c).emit(enc::div(a0, a1, a2)).syscall(Syscall::kHalt);
  return require_valid(a);
}

BabyBear minus(std::uint32_t v) { return BabyBear::zero() - fe(v); }

}  // namespace

// Issue 13: DivRem's |r| and |c| reached AddSub and Lt unchecked, and both accepted non-byte limbs. Each
// forgery below passed the concrete checker and the STARK verifier before DivRem range-checked them.
TEST_CASE("forgery: 100 / -1 = 0 with a non-byte |c| limb is rejected", "[circuit][soundness]") {
  // |c| = [1, p - 256, p - 255, 1]: ADD(0; -1, |c|) holds with carries (1, 0, 0, 1); |r| = 100 <u |c| by
  // the top byte alone. The guest would exit with 0 instead of 0xFFFFFF9C.
  const CircuitTraces honest = divide(100, 0xFFFFFFFFu);
  const CircuitTraces forged =
      forge_division(honest, 100, 0xFFFFFFFFu, 0, 100, limbs_of(100), {fe(1), minus(256), minus(255), fe(1)});
  require_rejected_forgery(honest, forged, "bus 4 tuple (6, 1, " + std::to_string(minus(256).to_canonical()));
}

TEST_CASE("forgery: -256 / 256 = 0 rem -256 with a non-byte |r| limb is rejected", "[circuit][soundness]") {
  // |r| = [256, 0, 0, 0]: ADD(0; -256, |r|) holds (0 + 256 carries), and |r| <u |c| = [0, 1, 0, 0] by byte 1.
  const CircuitTraces honest = divide(0xFFFFFF00u, 256);
  const CircuitTraces forged =
      forge_division(honest, 0xFFFFFF00u, 256, 0, 0xFFFFFF00u, {fe(256), fe(0), fe(0), fe(0)}, limbs_of(256));
  require_rejected_forgery(honest, forged, "bus 4 tuple (6, 256, 0");
}

namespace {

// The store program of the read-only forgeries: SW into a one-word data segment at 0x30000.
Assembler store_program() {
  Assembler a;
  a.li(s0, 0x30000).li(a1, 0x55).emit(enc::sw(a1, s0, 0)).halt(0);
  return a;
}
std::vector<rv32::ElfSegmentSpec> data_segment(bool writable) {
  return {rv32::ElfSegmentSpec{
      0x30000, rv32::kSegmentRead | (writable ? rv32::kSegmentWrite : 0u), {1, 2, 3, 4}, 0}};
}

}  // namespace

// Issue 13: a store into a segment without PF_W traps in the executor; the circuit must not accept it either.
// The cheater runs the program with the segment writable and proves it under the key of the program whose
// segment is read-only (the same code, the same image words, only the read-only mask differs).
TEST_CASE("forgery: a store into a read-only segment is rejected", "[circuit][soundness]") {
  REQUIRE_FALSE(
      rv32::execute(store_program().image(data_segment(false)), {}).halted());  // the executor traps
  const CircuitTraces writable = require_valid(store_program(), {}, data_segment(true));
  const std::uint32_t word = 0x30000 / 4;
  // The key of the program as it is: its tables, with the word's read-only mask.
  CircuitTraces t = writable;
  REQUIRE(preprocessed_tables(store_program().image(data_segment(false)), t.preprocessed).empty());
  REQUIRE(t.preprocessed[chip_index(ChipId::kMemoryImage)].values !=
          writable.preprocessed[chip_index(ChipId::kMemoryImage)].values);
  auto& memory = main_of(t, ChipId::kMemory);
  const std::size_t row =
      row_where(memory, [&](std::size_t r) { return at(memory, r, MemoryCols::kAddr) == fe(word); });
  SECTION("as traced: the image's read-only mask is not the Memory row's") {
    const CheckResult r = check_circuit(chip_set().systems, t);
    CHECK_FALSE(r.buses_ok);
  }
  SECTION("the Memory row takes the mask: the store's access does not carry it") {
    cell(memory, row, MemoryCols::kReadOnly) = fe(0xF);
    const CheckResult r = check_circuit(chip_set().systems, t);
    INFO(r.message);
    CHECK(r.constraints_ok);
    CHECK_FALSE(r.buses_ok);
  }
  SECTION("the store's access carries it too: the store constraint fails") {
    cell(memory, row, MemoryCols::kReadOnly) = fe(0xF);
    auto& m = main_of(t, ChipId::kMemoryInstr);
    const std::size_t sw = first_row_with(m, MemoryInstrCols::kIsLb + 7);
    REQUIRE(sw < m.height());
    for (unsigned j = 0; j < 4; ++j) cell(m, sw, MemoryInstrCols::kReadOnly + j) = fe(1);
    const CheckResult r = check_circuit(chip_set().systems, t);
    INFO(r.message);
    CHECK(r.buses_ok);
    CHECK_FALSE(r.constraints_ok);
    CHECK_THAT(r.message, Catch::Contains("no store into read-only memory"));
#ifdef NDEBUG
    CircuitTraces key = writable;
    key.preprocessed = t.preprocessed;
    CHECK_FALSE(stark_accepts_traces(key, t));
#endif
  }
}

// Issue 13: HINT_LEN's result was a free witness, not tied to what HINT_READ consumes. Here the guest reads
// its whole 4-byte input, asks HINT_LEN what is left (0) and exits with it; the cheater answers 2 and carries
// the 2 everywhere a0 goes (the ecall's register write, the HALT's read, the Syscall rows, the final
// registers, the exit code). The private-input cell still says 0 is left: rejected.
TEST_CASE("forgery: a HINT_LEN that disagrees with what HINT_READ consumed is rejected",
          "[circuit][soundness]") {
  Assembler a;
  a.li(a0, rv32::test::kDataBase).li(a1, 4).syscall(Syscall::kHintRead);
  a.syscall(Syscall::kHintLen).syscall(Syscall::kHalt);
  rv32::ExecutorOptions options;
  options.private_input = {1, 2, 3, 4};
  const CircuitTraces honest = require_valid(a, options);
  CircuitTraces t = honest;
  const std::uint32_t forged = 2;
  auto& cpu = main_of(t, ChipId::kCpu);
  const std::size_t len_row =
      row_where(cpu, [&](std::size_t r) { return at(cpu, r, CpuCols::kEcallWrites) == fe(1); });
  set_word(cpu, len_row, CpuCols::kRes, forged);
  set_word(cpu, len_row, CpuCols::kRdValue, forged);
  const std::size_t halt =
      row_where(cpu, [&](std::size_t r) { return at(cpu, r, CpuCols::kIsHalt) == fe(1); });
  set_word(cpu, halt, CpuCols::kRs2Value, forged);
  auto& syscall = main_of(t, ChipId::kSyscall);
  const std::size_t len_call =
      row_where(syscall, [&](std::size_t r) { return at(syscall, r, SyscallCols::kIsHintLen) == fe(1); });
  set_word(syscall, len_call, SyscallCols::kResult, forged);
  const std::size_t halt_call =
      row_where(syscall, [&](std::size_t r) { return at(syscall, r, SyscallCols::kIsHalt) == fe(1); });
  set_word(syscall, halt_call, SyscallCols::kA0, forged);
  const BabyBear fd = fe(forged);
  cell(syscall, halt_call, SyscallCols::kFdProduct) = (fd - fe(1)) * (fd - fe(2));
  auto& memory = main_of(t, ChipId::kMemory);
  const std::size_t reg =
      row_where(memory, [&](std::size_t r) { return at(memory, r, MemoryCols::kAddr) == fe(kRegA0); });
  set_word(memory, reg, MemoryCols::kFinal, forged);
  auto& exit_code = t.public_values[chip_index(ChipId::kCpu)];
  exit_code[CpuPublicValues::kExitCode] = fe(forged);
  recount_lookups(chip_set().systems, t);

  const CheckResult r = check_circuit(chip_set().systems, t);
  INFO(r.message);
  CHECK(r.buses_ok);  // the value travels consistently ...
  REQUIRE_FALSE(r.constraints_ok);
  CHECK_THAT(r.message, Catch::Contains("HINT_LEN: what is left"));  // ... but is not what the cell holds
#ifdef NDEBUG
  REQUIRE_FALSE(stark_accepts_traces(honest, t));
#endif
}

namespace {

// a0 := `forged` from the CPU row `writer` on: its result and register write, the HALT's read, the Syscall
// HALT row, the final register and the exit code (programs where a0 goes straight to HALT).
void forge_exit_value(CircuitTraces& t, std::size_t writer, std::uint32_t forged) {
  auto& cpu = main_of(t, ChipId::kCpu);
  set_word(cpu, writer, CpuCols::kRes, forged);
  set_word(cpu, writer, CpuCols::kRdValue, forged);
  const std::size_t halt =
      row_where(cpu, [&](std::size_t r) { return at(cpu, r, CpuCols::kIsHalt) == fe(1); });
  set_word(cpu, halt, CpuCols::kRs2Value, forged);
  auto& syscall = main_of(t, ChipId::kSyscall);
  const std::size_t call =
      row_where(syscall, [&](std::size_t r) { return at(syscall, r, SyscallCols::kIsHalt) == fe(1); });
  set_word(syscall, call, SyscallCols::kA0, forged);
  const BabyBear fd = fe(forged & 0xFF);
  cell(syscall, call, SyscallCols::kFdProduct) = (fd - fe(1)) * (fd - fe(2));
  auto& memory = main_of(t, ChipId::kMemory);
  const std::size_t reg =
      row_where(memory, [&](std::size_t r) { return at(memory, r, MemoryCols::kAddr) == fe(kRegA0); });
  set_word(memory, reg, MemoryCols::kFinal, forged);
  for (unsigned i = 0; i < 4; ++i)
    t.public_values[chip_index(ChipId::kCpu)][CpuPublicValues::kExitCode + i] =
        fe((forged >> (8 * i)) & 0xFF);
}

}  // namespace

// PROGRAM bus: the cheater claims the instruction `addi a0, zero, 7` was `addi a0, zero, 0` (the fetched
// tuple's immediate, the ALU operand and result, everything a0 reaches, the Program multiplicities recounted,
// the AddSub row recomputed): no row of the program's table is that instruction.
TEST_CASE("forgery: an instruction the program does not contain is rejected", "[circuit][soundness]") {
  Assembler a;
  a.emit(enc::addi(a0, zero, 7)).syscall(Syscall::kHalt);
  const CircuitTraces honest = require_valid(a);
  CircuitTraces t = honest;
  auto& cpu = main_of(t, ChipId::kCpu);
  const std::size_t row = 0;
  REQUIRE(at(cpu, row, CpuCols::kProgram + ProgramTupleCols::kImm) == fe(7));
  set_word(cpu, row, CpuCols::kProgram + ProgramTupleCols::kImm, 0);
  set_word(cpu, row, CpuCols::kOperandC, 0);
  set_word(cpu, row, CpuCols::kAluOut, 0);
  forge_exit_value(t, row, 0);
  auto& add = main_of(t, ChipId::kAddSub);
  const std::size_t add_row =
      row_where(add, [&](std::size_t r) { return at(add, r, AddSubCols::kC) == fe(7); });
  set_word(add, add_row, AddSubCols::kC, 0);
  set_word(add, add_row, AddSubCols::kA, 0);
  recount_program(t);
  recount_lookups(chip_set().systems, t);
  const CheckResult r = check_circuit(chip_set().systems, t);
  INFO(r.message);
  CHECK(r.constraints_ok);
  REQUIRE_FALSE(r.buses_ok);
  CHECK_THAT(r.message, Catch::Contains("bus 1 tuple"));
#ifdef NDEBUG
  REQUIRE_FALSE(stark_accepts_traces(honest, t));
#endif
}

// IMAGE bus: the guest loads an initialised data word (7) and exits with it; the cheater claims the word
// started as 0 (the load's previous and next word, its selected byte and result, a0 everywhere, the Memory
// row's initial and final value): the image says 7.
TEST_CASE("forgery: initial memory other than the image is rejected", "[circuit][soundness]") {
  Assembler a;
  a.li(s0, 0x30000).emit(enc::lw(a0, s0, 0)).syscall(Syscall::kHalt);
  const std::vector<rv32::ElfSegmentSpec> data = {
      rv32::ElfSegmentSpec{0x30000, rv32::kSegmentRead | rv32::kSegmentWrite, {7, 0, 0, 0}, 0}};
  const CircuitTraces honest = require_valid(a, {}, data);
  CircuitTraces t = honest;
  auto& m = main_of(t, ChipId::kMemoryInstr);
  const std::size_t lw = first_row_with(m, MemoryInstrCols::kIsLb + 2);
  REQUIRE(lw < m.height());
  set_word(m, lw, MemoryInstrCols::kPrev, 0);
  set_word(m, lw, MemoryInstrCols::kNext, 0);
  set_word(m, lw, MemoryInstrCols::kResult, 0);
  auto& cpu = main_of(t, ChipId::kCpu);
  const std::size_t load =
      row_where(cpu, [&](std::size_t r) { return at(cpu, r, CpuCols::flag(ProgramFlag::kMem)) == fe(1); });
  forge_exit_value(t, load, 0);
  auto& memory = main_of(t, ChipId::kMemory);
  const std::size_t word =
      row_where(memory, [&](std::size_t r) { return at(memory, r, MemoryCols::kAddr) == fe(0x30000 / 4); });
  set_word(memory, word, MemoryCols::kInit, 0);
  set_word(memory, word, MemoryCols::kFinal, 0);
  recount_lookups(chip_set().systems, t);
  const CheckResult r = check_circuit(chip_set().systems, t);
  INFO(r.message);
  CHECK(r.constraints_ok);
  REQUIRE_FALSE(r.buses_ok);
  CHECK_THAT(r.message, Catch::Contains("bus 8 tuple"));
#ifdef NDEBUG
  REQUIRE_FALSE(stark_accepts_traces(honest, t));
#endif
}

// ALU bus: `add a0, a1, a2` of 5 and 3 claimed to be 0, with a0 carried everywhere it goes and the AddSub
// row's result changed to match: no carries make 5 + 3 = 0 (the SMT check shows AddSub determined; here the
// proof is rejected).
TEST_CASE("forgery: a wrong ALU result carried through every chip is rejected", "[circuit][soundness]") {
  Assembler a;
  a.li(a1, 5).li(a2, 3).emit(enc::add(a0, a1, a2)).syscall(Syscall::kHalt);
  const CircuitTraces honest = require_valid(a);
  CircuitTraces t = honest;
  auto& cpu = main_of(t, ChipId::kCpu);
  const std::size_t add_row = 2;
  REQUIRE(at(cpu, add_row, CpuCols::kAluOut) == fe(8));
  set_word(cpu, add_row, CpuCols::kAluOut, 0);
  forge_exit_value(t, add_row, 0);
  auto& add = main_of(t, ChipId::kAddSub);
  const std::size_t r8 = row_where(add, [&](std::size_t r) { return at(add, r, AddSubCols::kA) == fe(8); });
  set_word(add, r8, AddSubCols::kA, 0);
  recount_lookups(chip_set().systems, t);
  const CheckResult r = check_circuit(chip_set().systems, t);
  INFO(r.message);
  CHECK(r.buses_ok);
  REQUIRE_FALSE(r.constraints_ok);
  CHECK_THAT(r.message, Catch::Contains("AddSub"));
#ifdef NDEBUG
  REQUIRE_FALSE(stark_accepts_traces(honest, t));
#endif
}

// MEMINSTR and MEMORY buses: a load of the word just stored (0x55) claimed to return 0. Changing only the
// load's result breaks MemoryInstr's own constraint; changing the word it read too breaks the memory chain
// (the store sent 0x55).
TEST_CASE("forgery: a wrong loaded value carried through every chip is rejected", "[circuit][soundness]") {
  Assembler a;
  a.li(s0, rv32::test::kDataBase).li(a1, 0x55).emit(enc::sw(a1, s0, 0)).emit(enc::lw(a0, s0, 0));
  a.syscall(Syscall::kHalt);
  const CircuitTraces honest = require_valid(a);
  CircuitTraces t = honest;
  auto& cpu = main_of(t, ChipId::kCpu);
  const std::size_t load = row_where(cpu, [&](std::size_t r) {
    return at(cpu, r, CpuCols::flag(ProgramFlag::kMem)) == fe(1) &&
           at(cpu, r, CpuCols::flag(ProgramFlag::kWritesRd)) == fe(1);
  });
  forge_exit_value(t, load, 0);
  auto& m = main_of(t, ChipId::kMemoryInstr);
  const std::size_t lw = first_row_with(m, MemoryInstrCols::kIsLb + 2);
  REQUIRE(lw < m.height());
  set_word(m, lw, MemoryInstrCols::kResult, 0);
  SECTION("the result alone") {
    recount_lookups(chip_set().systems, t);
    const CheckResult r = check_circuit(chip_set().systems, t);
    INFO(r.message);
    CHECK(r.buses_ok);
    REQUIRE_FALSE(r.constraints_ok);
    CHECK_THAT(r.message, Catch::Contains("MemoryInstr"));
#ifdef NDEBUG
    REQUIRE_FALSE(stark_accepts_traces(honest, t));
#endif
  }
  SECTION("the word read, too") {
    set_word(m, lw, MemoryInstrCols::kPrev, 0);
    set_word(m, lw, MemoryInstrCols::kNext, 0);
    auto& memory = main_of(t, ChipId::kMemory);
    const std::size_t word = row_where(memory, [&](std::size_t r) {
      return at(memory, r, MemoryCols::kAddr) == fe(rv32::test::kDataBase / 4);
    });
    set_word(memory, word, MemoryCols::kFinal, 0);
    recount_lookups(chip_set().systems, t);
    const CheckResult r = check_circuit(chip_set().systems, t);
    INFO(r.message);
    CHECK(r.constraints_ok);
    REQUIRE_FALSE(r.buses_ok);
    CHECK_THAT(r.message, Catch::Contains("bus 2 tuple"));
#ifdef NDEBUG
    REQUIRE_FALSE(stark_accepts_traces(honest, t));
#endif
  }
}
