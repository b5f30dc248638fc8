// Trace generation for the rv32im circuit. Each chip's rows are filled exactly as its eval() constrains them,
// and every lookup a row sends is counted for the Byte table's multiplicities at the same time.
#include "neo/zkvm/circuit/trace.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <unordered_map>

#include <tbb/parallel_for.h>

#include "neo/guest/abi.hpp"
#include "neo/zkvm/circuit/alu.hpp"
#include "neo/zkvm/circuit/byte.hpp"
#include "neo/zkvm/circuit/cpu.hpp"
#include "neo/zkvm/circuit/div_rem.hpp"
#include "neo/zkvm/circuit/memory.hpp"
#include "neo/zkvm/circuit/semantics.hpp"
#include "neo/zkvm/circuit/syscall.hpp"

namespace neo::zkvm::circuit {

namespace {

using field::BabyBear;
using rv32::Opcode;
namespace abi = guest::abi;

BabyBear fe(std::uint64_t v) { return BabyBear::from_u64(v); }

std::uint32_t byte_of(std::uint32_t word, unsigned i) { return (word >> (8 * i)) & 0xFF; }

void put_word(BabyBear* row, std::size_t column, std::uint32_t word) {
  for (unsigned i = 0; i < 4; ++i) row[column + i] = fe(byte_of(word, i));
}

// A growing row-major table of one chip.
struct Table {
  std::size_t width;
  std::vector<BabyBear> values;
  explicit Table(std::size_t w) : width(w) {}
  std::size_t height() const { return values.size() / width; }
  BabyBear* add_row() {
    values.resize(values.size() + width);
    return values.data() + values.size() - width;
  }
  // Pads to a power of two (at least kMinTraceHeight) with copies of `padding` (all zeros when empty).
  merkle::RowMajorMatrix finish(const std::vector<BabyBear>& padding = {}) && {
    std::size_t target = kMinTraceHeight;
    while (target < height()) target *= 2;
    while (height() < target) {
      BabyBear* row = add_row();
      for (std::size_t c = 0; c < padding.size(); ++c) row[c] = padding[c];
    }
    return merkle::RowMajorMatrix{std::move(values), width};
  }
};

// Lookup multiplicities of the Byte table, counted as rows send them.
struct Lookups {
  std::array<std::vector<std::uint32_t>, kByteOpCount> byte;
  std::vector<std::uint32_t> u16;
  std::string error;
  Lookups() : u16(1u << 16) {
    for (auto& v : byte) v.assign(1u << 16, 0);
  }
  void send(ByteOp op, std::uint32_t x, std::uint32_t y) {
    if (x > 255 || y > 255) {
      if (error.empty()) error = "internal: byte lookup of a non-byte";
      return;
    }
    ++byte[op_id(op) - 1][x * 256 + y];
  }
  void range16(std::uint64_t v) {
    if (v >= (1u << 16)) {
      if (error.empty()) error = "internal: 16-bit range check of " + std::to_string(v);
      return;
    }
    ++u16[v];
  }
  void word(std::uint32_t w) {
    send(ByteOp::kU8, byte_of(w, 0), byte_of(w, 1));
    send(ByteOp::kU8, byte_of(w, 2), byte_of(w, 3));
  }
};

// prev_ts < ts as eval_access proves it.
void fill_access(BabyBear* row, const AccessCols& cols, std::uint64_t prev_ts, std::uint64_t ts, Lookups& lk,
                 std::string& error) {
  if (ts >= (std::uint64_t{1} << kTimestampBits) || prev_ts >= ts) {
    if (error.empty()) error = "timestamp out of the circuit's range or not increasing";
    return;
  }
  const std::uint64_t gap = ts - prev_ts - 1;
  row[cols.prev_ts] = fe(prev_ts);
  row[cols.diff_lo] = fe(gap & 0xFFFF);
  row[cols.diff_hi] = fe(gap >> 16);
  lk.range16(gap & 0xFFFF);
  lk.range16(8 * (gap >> 16));
}

// --- ALU chips -------------------------------------------------------------------------------------------

struct AluEvent {
  AluOp op;
  std::uint32_t a, b, c;
};

void add_sub_row(Table& t, const AluEvent& e, Lookups& lk) {
  using C = AddSubCols;
  BabyBear* row = t.add_row();
  const bool is_add = e.op == AluOp::kAdd;
  row[is_add ? C::kIsAdd : C::kIsSub] = BabyBear::one();
  put_word(row, C::kA, e.a);
  put_word(row, C::kB, e.b);
  put_word(row, C::kC, e.c);
  // ADD: b + c = a; SUB: a + c = b. The carries are those of that addition.
  const std::uint32_t first = is_add ? e.b : e.a;
  std::uint32_t carry = 0;
  for (unsigned i = 0; i < 4; ++i) {
    const std::uint32_t sum = byte_of(first, i) + byte_of(e.c, i) + carry;
    carry = sum >> 8;
    row[C::kCarry + i] = fe(carry);
  }
  lk.word(e.a);
}

void bitwise_row(Table& t, const AluEvent& e, Lookups& lk) {
  using C = BitwiseCols;
  BabyBear* row = t.add_row();
  const ByteOp op = e.op == AluOp::kXor ? ByteOp::kXor : e.op == AluOp::kOr ? ByteOp::kOr : ByteOp::kAnd;
  row[e.op == AluOp::kXor ? C::kIsXor : e.op == AluOp::kOr ? C::kIsOr : C::kIsAnd] = BabyBear::one();
  put_word(row, C::kA, e.a);
  put_word(row, C::kB, e.b);
  put_word(row, C::kC, e.c);
  for (unsigned i = 0; i < 4; ++i) lk.send(op, byte_of(e.b, i), byte_of(e.c, i));
}

void lt_row(Table& t, const AluEvent& e, Lookups& lk) {
  using C = LtCols;
  BabyBear* row = t.add_row();
  row[e.op == AluOp::kSlt ? C::kIsSlt : e.op == AluOp::kSltu ? C::kIsSltu : C::kIsEq] = BabyBear::one();
  row[C::kResult] = fe(e.a);
  put_word(row, C::kB, e.b);
  put_word(row, C::kC, e.c);
  std::uint32_t b_top = 0, c_top = 0;
  for (int k = 3; k >= 0; --k) {
    const auto i = static_cast<unsigned>(k);
    if (byte_of(e.b, i) != byte_of(e.c, i)) {
      row[C::kDiffSel + i] = BabyBear::one();
      b_top = byte_of(e.b, i);
      c_top = byte_of(e.c, i);
      row[C::kDiffInv] = (fe(b_top) - fe(c_top)).inverse();
      break;
    }
  }
  row[C::kBTop] = fe(b_top);
  row[C::kCTop] = fe(c_top);
  row[C::kTopLtu] = fe(b_top < c_top ? 1 : 0);
  const std::uint32_t msb_b = e.b >> 31, msb_c = e.c >> 31;
  row[C::kMsbB] = fe(msb_b);
  row[C::kMsbC] = fe(msb_c);
  row[C::kSignsDiffer] = fe(msb_b ^ msb_c);
  lk.send(ByteOp::kLtu, b_top, c_top);
  lk.send(ByteOp::kMsb, byte_of(e.b, 3), 0);
  lk.send(ByteOp::kMsb, byte_of(e.c, 3), 0);
}

std::vector<BabyBear> shift_padding() {
  std::vector<BabyBear> row(ShiftCols::kWidth);
  row[ShiftCols::kBitMul] = BabyBear::one();
  row[ShiftCols::kCarryMul] = fe(256);
  row[ShiftCols::kByteShift] = BabyBear::one();
  return row;
}

void shift_row(Table& t, const AluEvent& e, Lookups& lk) {
  using C = ShiftCols;
  BabyBear* row = t.add_row();
  const bool sll = e.op == AluOp::kSll, sra = e.op == AluOp::kSra;
  row[sll ? C::kIsSll : sra ? C::kIsSra : C::kIsSrl] = BabyBear::one();
  put_word(row, C::kA, e.a);
  put_word(row, C::kB, e.b);
  put_word(row, C::kC, e.c);
  const std::uint32_t c0 = byte_of(e.c, 0);
  for (unsigned i = 0; i < 5; ++i) row[C::kShamtBits + i] = fe((c0 >> i) & 1);
  row[C::kShamtUpper] = fe(c0 >> 5);
  lk.send(ByteOp::kU8, c0 >> 5, 0);
  const std::uint32_t bits = c0 & 7, bytes = (c0 >> 3) & 3;
  row[C::kBitMul] = fe(1u << bits);
  row[C::kCarryMul] = fe(256u >> bits);
  const std::uint32_t y = sll ? 8 - bits : bits;
  row[C::kShrAmount] = fe(y);
  std::array<std::uint32_t, 4> high{}, low{}, shifted{};
  for (unsigned i = 0; i < 4; ++i) {
    const std::uint32_t x = byte_of(e.b, i);
    high[i] = y >= 8 ? 0 : x >> y;
    low[i] = y >= 8 ? x : x & ((1u << y) - 1);
    row[C::kShrHigh + i] = fe(high[i]);
    row[C::kShrLow + i] = fe(low[i]);
    lk.send(ByteOp::kShr, x, y);
  }
  const std::uint32_t sign = sra ? e.b >> 31 : 0;
  if (sra) lk.send(ByteOp::kMsb, byte_of(e.b, 3), 0);
  row[C::kSign] = fe(sign);
  const std::uint32_t fill = sign * 255;
  row[C::kFill] = fe(fill);
  for (unsigned i = 0; i < 4; ++i) {
    if (sll) {
      shifted[i] = (low[i] << bits) + (i == 0 ? 0 : high[i - 1]);
    } else {
      shifted[i] = high[i] + (i < 3 ? low[i + 1] << (8 - bits) : sign * (256 - (256u >> bits)));
    }
    row[C::kBitShifted + i] = fe(shifted[i]);
  }
  row[C::kByteShift + bytes] = BabyBear::one();
  lk.word(shifted[0] | shifted[1] << 8 | shifted[2] << 16 | shifted[3] << 24);
}

void mul_row(Table& t, const AluEvent& e, Lookups& lk) {
  using C = MulCols;
  BabyBear* row = t.add_row();
  const std::size_t sel = e.op == AluOp::kMul      ? C::kIsMul
                          : e.op == AluOp::kMulh   ? C::kIsMulh
                          : e.op == AluOp::kMulhsu ? C::kIsMulhsu
                                                   : C::kIsMulhu;
  row[sel] = BabyBear::one();
  put_word(row, C::kA, e.a);
  put_word(row, C::kB, e.b);
  put_word(row, C::kC, e.c);
  const std::uint32_t msb_b = e.b >> 31, msb_c = e.c >> 31;
  row[C::kMsbB] = fe(msb_b);
  row[C::kMsbC] = fe(msb_c);
  lk.send(ByteOp::kMsb, byte_of(e.b, 3), 0);
  lk.send(ByteOp::kMsb, byte_of(e.c, 3), 0);
  const std::uint32_t ext_b = (e.op == AluOp::kMulh || e.op == AluOp::kMulhsu) && msb_b ? 255 : 0;
  const std::uint32_t ext_c = e.op == AluOp::kMulh && msb_c ? 255 : 0;
  row[C::kExtB] = fe(ext_b);
  row[C::kExtC] = fe(ext_c);
  const auto limb_b = [&](unsigned i) { return i < 4 ? byte_of(e.b, i) : ext_b; };
  const auto limb_c = [&](unsigned i) { return i < 4 ? byte_of(e.c, i) : ext_c; };
  std::uint64_t carry = 0;
  std::uint64_t product = 0;
  for (unsigned k = 0; k < 8; ++k) {
    std::uint64_t sum = carry;
    for (unsigned i = 0; i <= k; ++i) sum += std::uint64_t{limb_b(i)} * limb_c(k - i);
    const std::uint64_t byte = sum & 0xFF;
    carry = sum >> 8;
    product |= byte << (8 * k);
    row[C::kProduct + k] = fe(byte);
    row[C::kCarry + k] = fe(carry);
    lk.range16(carry);
  }
  lk.word(static_cast<std::uint32_t>(product));
  lk.word(static_cast<std::uint32_t>(product >> 32));
}

void div_rem_row(Table& t, Table& add_sub, Table& lt, const AluEvent& e, Lookups& lk) {
  using C = DivRemCols;
  BabyBear* row = t.add_row();
  const bool is_signed = e.op == AluOp::kDiv || e.op == AluOp::kRem;
  const std::size_t sel = e.op == AluOp::kDiv    ? C::kIsDiv
                          : e.op == AluOp::kDivu ? C::kIsDivu
                          : e.op == AluOp::kRem  ? C::kIsRem
                                                 : C::kIsRemu;
  row[sel] = BabyBear::one();
  const std::uint32_t q = alu_eval(is_signed ? AluOp::kDiv : AluOp::kDivu, e.b, e.c);
  const std::uint32_t r = alu_eval(is_signed ? AluOp::kRem : AluOp::kRemu, e.b, e.c);
  put_word(row, C::kA, e.a);
  put_word(row, C::kB, e.b);
  put_word(row, C::kC, e.c);
  put_word(row, C::kQuotient, q);
  put_word(row, C::kRemainder, r);
  lk.word(q);
  lk.word(r);
  const std::array<std::uint32_t, 4> operands = {e.b, e.c, q, r};
  std::array<std::uint32_t, 4> ext{};
  for (std::size_t k = 0; k < 4; ++k) {
    const std::uint32_t msb = operands[k] >> 31;
    ext[k] = is_signed && msb ? 255 : 0;
    row[C::kMsb + k] = fe(msb);
    row[C::kExt + k] = fe(ext[k]);
    lk.send(ByteOp::kMsb, byte_of(operands[k], 3), 0);
  }
  const auto limb = [&](std::size_t operand, unsigned i) {
    return i < 4 ? byte_of(operands[operand], i) : ext[operand];
  };
  std::uint64_t carry = 0;
  for (unsigned k = 0; k < 8; ++k) {
    std::uint64_t sum = carry + limb(C::kOperandR, k);
    for (unsigned i = 0; i <= k; ++i) sum += std::uint64_t{limb(C::kOperandQ, i)} * limb(C::kOperandC, k - i);
    carry = sum >> 8;
    row[C::kCarry + k] = fe(carry);
    lk.range16(carry);
  }
  const bool by_zero = e.c == 0;
  const bool overflow = is_signed && e.b == 0x80000000u && e.c == 0xFFFFFFFFu;
  row[C::kDivByZero] = fe(by_zero ? 1 : 0);
  row[C::kOverflow] = fe(overflow ? 1 : 0);
  const bool r_negative = is_signed && (r >> 31) != 0;
  const bool c_negative = is_signed && (e.c >> 31) != 0;
  const std::uint32_t abs_r = r_negative ? 0u - r : r;
  const std::uint32_t abs_c = c_negative ? 0u - e.c : e.c;
  row[C::kRemainderNegative] = fe(r_negative ? 1 : 0);
  row[C::kDivisorNegative] = fe(c_negative ? 1 : 0);
  put_word(row, C::kAbsRemainder, abs_r);
  put_word(row, C::kAbsDivisor, abs_c);
  if (r_negative) {
    lk.word(abs_r);
    add_sub_row(add_sub, AluEvent{AluOp::kAdd, 0, r, abs_r}, lk);
  }
  if (c_negative) {
    lk.word(abs_c);
    add_sub_row(add_sub, AluEvent{AluOp::kAdd, 0, e.c, abs_c}, lk);
  }
  if (!by_zero) lt_row(lt, AluEvent{AluOp::kSltu, 1, abs_r, abs_c}, lk);
}

}  // namespace

// --- Program ----------------------------------------------------------------------------------------------

std::optional<std::array<std::uint32_t, ProgramTupleCols::kWidth>> program_tuple(
    std::uint32_t pc, std::uint32_t word) noexcept {
  using T = ProgramTupleCols;
  const rv32::Instruction insn = rv32::decode(word);
  if (insn.opcode == Opcode::kIllegal || insn.opcode == Opcode::kEbreak) return std::nullopt;
  std::array<std::uint32_t, T::kWidth> tuple{};
  const auto set = [&](ProgramFlag f) { tuple[T::flag(f)] = 1; };
  const auto set_word = [&](std::size_t first, std::uint32_t w) {
    for (unsigned i = 0; i < 4; ++i) tuple[first + i] = byte_of(w, i);
  };
  const auto imm = static_cast<std::uint32_t>(insn.imm);
  // A static target outside the code range can never be executed; 1 is no pc of any table row.
  const auto static_target = [&]() -> std::uint32_t {
    const std::int64_t target = std::int64_t{pc} + insn.imm;
    if (target < abi::kMemoryStart || target >= kMaxCodeAddress) return 1;
    return static_cast<std::uint32_t>(target);
  };
  tuple[T::kPc] = pc;
  tuple[T::kRd] = insn.rd;
  tuple[T::kRs1] = insn.rs1;
  tuple[T::kRs2] = insn.rs2;
  set_word(T::kImm, imm);
  const rv32::OperandUse use = rv32::operand_use(insn.opcode);
  if (use.reads_rs1) set(ProgramFlag::kReadsRs1);
  if (use.reads_rs2) set(ProgramFlag::kReadsRs2);
  if (use.writes_rd) {
    set(ProgramFlag::kWritesRd);
    if (insn.rd == 0) set(ProgramFlag::kRdIsZero);
  }
  const std::optional<AluOp> alu = alu_op_of(insn.opcode);
  const std::optional<MemOp> mem = mem_op_of(insn.opcode);
  switch (insn.opcode) {
    case Opcode::kLui:
      set(ProgramFlag::kStaticResult);
      set_word(T::kAux, imm);
      break;
    case Opcode::kAuipc:
      set(ProgramFlag::kStaticResult);
      set_word(T::kAux, pc + imm);
      break;
    case Opcode::kJal:
      set(ProgramFlag::kStaticResult);
      set(ProgramFlag::kJal);
      set_word(T::kAux, pc + 4);
      tuple[T::kTarget] = static_target();
      break;
    case Opcode::kJalr:
      set(ProgramFlag::kStaticResult);
      set(ProgramFlag::kJalr);
      set(ProgramFlag::kUsesAlu);
      set(ProgramFlag::kImmOperand);
      tuple[T::kAluOp] = op_id(AluOp::kAdd);
      set_word(T::kAux, pc + 4);
      break;
    case Opcode::kBeq:
    case Opcode::kBne:
    case Opcode::kBlt:
    case Opcode::kBge:
    case Opcode::kBltu:
    case Opcode::kBgeu:
      set(ProgramFlag::kBranch);
      set(ProgramFlag::kUsesAlu);
      if (insn.opcode == Opcode::kBne || insn.opcode == Opcode::kBge || insn.opcode == Opcode::kBgeu) {
        set(ProgramFlag::kBranchNegate);
      }
      tuple[T::kAluOp] = op_id(*alu);
      tuple[T::kTarget] = static_target();
      break;
    case Opcode::kFence:
      break;
    case Opcode::kEcall:
      set(ProgramFlag::kEcall);
      set(ProgramFlag::kReadsRs1);
      set(ProgramFlag::kReadsRs2);
      tuple[T::kRs1] = kRegT0;
      tuple[T::kRs2] = kRegA0;
      tuple[T::kRd] = kRegA0;
      break;
    default:
      if (mem) {
        set(ProgramFlag::kMem);
        set(ProgramFlag::kUsesAlu);
        set(ProgramFlag::kImmOperand);
        tuple[T::kAluOp] = op_id(AluOp::kAdd);
        tuple[T::kMemOp] = op_id(*mem);
      } else if (alu) {
        set(ProgramFlag::kUsesAlu);
        set(ProgramFlag::kAluResult);
        if (!use.reads_rs2) set(ProgramFlag::kImmOperand);
        tuple[T::kAluOp] = op_id(*alu);
      } else {
        return std::nullopt;
      }
      break;
  }
  for (std::uint32_t& v : tuple) v = BabyBear::from_u32(v).to_canonical();
  return tuple;
}

namespace {

struct ProgramRows {
  std::vector<std::array<std::uint32_t, ProgramTupleCols::kWidth>> rows;
  std::unordered_map<std::uint32_t, std::size_t> row_of_pc;
};

std::string program_rows(const rv32::ProgramImage& image, ProgramRows& out) {
  std::unordered_map<std::uint32_t, std::uint32_t> words;
  for (const rv32::MemoryWord& w : image.initial_words) words.emplace(w.addr, w.value);
  for (const rv32::Segment& s : image.segments) {
    if (!s.executable()) continue;
    if (s.end() > kMaxCodeAddress) return "executable segment above the circuit's code limit 0x78000000";
    for (std::uint64_t pc = (s.vaddr + 3u) & ~3u; pc + 4 <= s.end(); pc += 4) {
      const auto it = words.find(static_cast<std::uint32_t>(pc));
      const auto tuple = program_tuple(static_cast<std::uint32_t>(pc), it == words.end() ? 0 : it->second);
      if (!tuple) continue;
      out.row_of_pc.emplace(static_cast<std::uint32_t>(pc), out.rows.size());
      out.rows.push_back(*tuple);
    }
  }
  return {};
}

struct ImageRow {
  std::uint32_t addr;  // bus address: register index or word index
  std::uint32_t value;
  std::uint32_t read_only = 0;  // bit j: byte j lies in a segment without PF_W
};

// The read-only byte mask of memory word `word` (index addr / 4).
std::uint32_t read_only_mask(const rv32::ProgramImage& image, std::uint32_t word) {
  const std::uint64_t first = std::uint64_t{word} * 4;
  std::uint32_t mask = 0;
  for (const rv32::Segment& s : image.segments) {
    if (s.writable() || s.end() <= first || s.vaddr >= first + 4) continue;
    for (unsigned j = 0; j < 4; ++j) {
      if (first + j >= s.vaddr && first + j < s.end()) mask |= 1u << j;
    }
  }
  return mask;
}

// The registers, then the memory words that are initially non-zero or touch a read-only segment (zero ones
// too: so that their only Memory row is the image one, with its mask), by address.
std::vector<ImageRow> image_rows(const rv32::ProgramImage& image) {
  std::vector<ImageRow> rows;
  for (std::uint32_t r = 0; r < 32; ++r) rows.push_back({r, r == 2 ? abi::kStackTop : 0u});
  std::map<std::uint32_t, std::uint32_t> words;
  for (const rv32::MemoryWord& w : image.initial_words) words[w.addr >> 2] = w.value;
  for (const rv32::Segment& s : image.segments) {
    if (s.writable()) continue;
    for (std::uint64_t word = s.vaddr / 4; word * 4 < s.end(); ++word) words.emplace(word, 0u);
  }
  for (const auto& [word, value] : words) rows.push_back({word, value, read_only_mask(image, word)});
  return rows;
}

}  // namespace

std::string preprocessed_tables(const rv32::ProgramImage& image,
                                std::vector<merkle::RowMajorMatrix>& tables) {
  tables.assign(kChipCount, merkle::RowMajorMatrix{});
  for (const rv32::Segment& s : image.segments) {
    if (s.executable() && s.writable()) {
      char at[16];
      std::snprintf(at, sizeof at, "0x%08x", s.vaddr);
      return std::string("the segment at ") + at +
             " is writable and executable: the circuit proves programs whose code is read-only (executing "
             "a word a store changed traps, and the circuit fetches from the image); link code and data into "
             "separate segments";
    }
  }
  {
    using P = BytePreprocessedCols;
    Table t(P::kWidth);
    for (std::uint32_t x = 0; x < 256; ++x) {
      for (std::uint32_t y = 0; y < 256; ++y) {
        BabyBear* row = t.add_row();
        row[P::kX] = fe(x);
        row[P::kY] = fe(y);
        row[P::kAnd] = fe(x & y);
        row[P::kOr] = fe(x | y);
        row[P::kXor] = fe(x ^ y);
        row[P::kLtu] = fe(x < y ? 1 : 0);
        row[P::kMsb] = fe(x >> 7);
        row[P::kShr] = fe(y >= 8 ? 0 : x >> y);
        row[P::kShrCarry] = fe(y >= 8 ? x : x & ((1u << y) - 1));
      }
    }
    tables[chip_index(ChipId::kByte)] = std::move(t).finish();
  }
  {
    ProgramRows rows;
    if (std::string error = program_rows(image, rows); !error.empty()) return error;
    Table t(ProgramPreprocessedCols::kWidth);
    for (const auto& tuple : rows.rows) {
      BabyBear* row = t.add_row();
      row[ProgramPreprocessedCols::kIsReal] = BabyBear::one();
      for (std::size_t i = 0; i < tuple.size(); ++i) row[ProgramPreprocessedCols::kTuple + i] = fe(tuple[i]);
    }
    tables[chip_index(ChipId::kProgram)] = std::move(t).finish();
  }
  {
    using P = MemoryImagePreprocessedCols;
    Table t(P::kWidth);
    for (const ImageRow& r : image_rows(image)) {
      BabyBear* row = t.add_row();
      row[P::kIsReal] = BabyBear::one();
      row[P::kAddr] = fe(r.addr);
      put_word(row, P::kValue, r.value);
      row[P::kReadOnly] = fe(r.read_only);
    }
    tables[chip_index(ChipId::kMemoryImage)] = std::move(t).finish();
  }
  return {};
}

// --- The execution
// ------------------------------------------------------------------------------------------

namespace {

// What every shard's trace generation reads.
struct ExecutionContext {
  const rv32::ProgramImage& image;
  const rv32::ExecutionRecord& record;
  const rv32::ExecutionResult& result;
  ProgramRows program;
  std::unordered_map<std::uint64_t, const rv32::SyscallEvent*> syscall_of_cycle;
  // The private-input cell (kHintCell): per HINT_LEN / HINT_READ cycle the timestamp of the cell's previous
  // access (0: its initialisation), and its initial and final state when a hint syscall ran.
  std::unordered_map<std::uint64_t, std::uint64_t> hint_prev_ts;
  bool hint_cell_used = false;
  std::uint32_t hint_initial = 0, hint_final = 0;
  std::uint64_t hint_final_ts = 0;
};

// The traces of one shard: CPU events [begin, end) of the record and the rows they cause; the Memory and
// MemoryImage chips only when `finalizes` (the last shard). Returns an error or an empty string.
std::string trace_shard(const ExecutionContext& ctx, std::size_t begin, std::size_t end, bool finalizes,
                        ShardTraces& traces) {
  const rv32::ProgramImage& image = ctx.image;
  const rv32::ExecutionRecord& record = ctx.record;
  const rv32::ExecutionResult& result = ctx.result;
  const ProgramRows& program = ctx.program;
  const auto& syscall_of_cycle = ctx.syscall_of_cycle;
  std::vector<std::uint32_t> program_multiplicity(program.rows.size(), 0);

  Lookups lk;
  std::string error;
  Table cpu(CpuCols::kWidth), add_sub(AddSubCols::kWidth), bitwise(BitwiseCols::kWidth), lt(LtCols::kWidth),
      shift(ShiftCols::kWidth), mul(MulCols::kWidth), div_rem(DivRemCols::kWidth),
      mem_instr(MemoryInstrCols::kWidth), syscall(SyscallCols::kWidth),
      syscall_memory(SyscallMemoryCols::kWidth);

  const auto alu_row = [&](const AluEvent& e) {
    switch (e.op) {
      case AluOp::kAdd:
      case AluOp::kSub:
        add_sub_row(add_sub, e, lk);
        break;
      case AluOp::kXor:
      case AluOp::kOr:
      case AluOp::kAnd:
        bitwise_row(bitwise, e, lk);
        break;
      case AluOp::kSlt:
      case AluOp::kSltu:
      case AluOp::kEq:
        lt_row(lt, e, lk);
        break;
      case AluOp::kSll:
      case AluOp::kSrl:
      case AluOp::kSra:
        shift_row(shift, e, lk);
        break;
      case AluOp::kMul:
      case AluOp::kMulh:
      case AluOp::kMulhsu:
      case AluOp::kMulhu:
        mul_row(mul, e, lk);
        break;
      case AluOp::kDiv:
      case AluOp::kDivu:
      case AluOp::kRem:
      case AluOp::kRemu:
        div_rem_row(div_rem, add_sub, lt, e, lk);
        break;
    }
  };

  using C = CpuCols;
  using T = ProgramTupleCols;
  std::uint32_t committed_mask = 0;  // digest words committed so far (the Syscall chip's running flags)
  for (std::size_t n = begin; n < end && error.empty(); ++n) {
    const rv32::CpuEvent& e = record.cpu[n];
    const auto found = program.row_of_pc.find(e.pc);
    if (found == program.row_of_pc.end()) {
      return "executed pc not in the program table";
    }
    ++program_multiplicity[found->second];
    const auto& tuple = program.rows[found->second];
    const auto flag = [&](ProgramFlag f) { return tuple[T::flag(f)] != 0; };
    BabyBear* row = cpu.add_row();
    row[C::kIsReal] = BabyBear::one();
    for (std::size_t i = 0; i < tuple.size(); ++i) row[C::kProgram + i] = fe(tuple[i]);
    const std::uint64_t ts = rv32::timestamp_of_cycle(e.cycle);
    row[C::kTs] = fe(ts);
    row[C::kNextPc] = fe(e.next_pc);
    const std::uint32_t rs1 = e.rs1.value, rs2 = e.rs2.value;
    std::uint32_t imm = 0, aux = 0;
    for (unsigned i = 0; i < 4; ++i) {
      imm |= tuple[T::kImm + i] << (8 * i);
      aux |= tuple[T::kAux + i] << (8 * i);
    }
    if (flag(ProgramFlag::kReadsRs1)) {
      put_word(row, C::kRs1Value, rs1);
      fill_access(row, C::access(C::kRs1Access), e.rs1.prev_timestamp, ts, lk, error);
    }
    if (flag(ProgramFlag::kReadsRs2)) {
      put_word(row, C::kRs2Value, rs2);
      fill_access(row, C::access(C::kRs2Access), e.rs2.prev_timestamp, ts + 1, lk, error);
    }
    const std::uint32_t operand_c = flag(ProgramFlag::kImmOperand) ? imm : rs2;
    std::uint32_t alu_out = 0;
    if (flag(ProgramFlag::kUsesAlu)) {
      const auto op = static_cast<AluOp>(tuple[T::kAluOp]);
      alu_out = alu_eval(op, rs1, operand_c);
      put_word(row, C::kOperandC, operand_c);
      put_word(row, C::kAluOut, alu_out);
      alu_row(AluEvent{op, alu_out, rs1, operand_c});
    }
    std::uint32_t res = 0;
    bool ecall_writes = false;
    if (flag(ProgramFlag::kAluResult)) res = alu_out;
    if (flag(ProgramFlag::kStaticResult)) res = aux;
    if (flag(ProgramFlag::kBranch)) {
      const bool taken = (alu_out != 0) != flag(ProgramFlag::kBranchNegate);
      row[C::kTaken] = fe(taken ? 1 : 0);
    }
    if (flag(ProgramFlag::kJalr)) row[C::kJalrLsb] = fe(alu_out & 1);
    if (flag(ProgramFlag::kJalr)) lk.send(ByteOp::kLtu, byte_of(alu_out, 3), kMaxCodeAddress >> 24);
    if (flag(ProgramFlag::kMem)) {
      using M = MemoryInstrCols;
      const auto op = static_cast<MemOp>(tuple[T::kMemOp]);
      const std::uint32_t addr = alu_out;
      if ((e.accesses & rv32::kAccessMemory) == 0 || (e.memory.addr & ~3u) != (addr & ~3u)) {
        return "load/store without its memory access";
      }
      const std::uint32_t prev = e.memory.prev_value;
      const unsigned o = addr & 3;
      const bool is_half = op == MemOp::kLh || op == MemOp::kLhu || op == MemOp::kSh;
      const bool is_byte = op == MemOp::kLb || op == MemOp::kLbu || op == MemOp::kSb;
      std::uint32_t lo = 0, hi = 0;
      if (is_byte) lo = byte_of(prev, o);
      if (is_half) {
        lo = byte_of(prev, o & 2);
        hi = byte_of(prev, (o & 2) + 1);
      }
      const std::uint32_t sign_source = op == MemOp::kLb ? lo : op == MemOp::kLh ? hi : 0;
      const std::uint32_t sign = sign_source >> 7;
      switch (op) {
        case MemOp::kLb:
          res = lo | (sign ? 0xFFFFFF00u : 0);
          break;
        case MemOp::kLbu:
          res = lo;
          break;
        case MemOp::kLh:
          res = lo | (hi << 8) | (sign ? 0xFFFF0000u : 0);
          break;
        case MemOp::kLhu:
          res = lo | (hi << 8);
          break;
        case MemOp::kLw:
          res = prev;
          break;
        default:
          break;
      }
      BabyBear* m = mem_instr.add_row();
      m[M::kIsLb + (op_id(op) - op_id(MemOp::kLb))] = BabyBear::one();
      put_word(m, M::kAddr, addr);
      put_word(m, M::kData, rs2);
      put_word(m, M::kResult, res);
      m[M::kTs] = fe(ts);
      m[M::kOffset0] = fe(o & 1);
      m[M::kOffset1] = fe(o >> 1);
      m[M::kAddrQuarter] = fe(byte_of(addr, 0) >> 2);
      m[M::kByteSel + o] = BabyBear::one();
      put_word(m, M::kPrev, prev);
      put_word(m, M::kNext, e.memory.value);
      fill_access(m, {M::kAccess, M::kAccess + 1, M::kAccess + 2}, e.memory.prev_timestamp,
                  ts + rv32::kMemoryTimestampOffset, lk, error);
      m[M::kValueLo] = fe(lo);
      m[M::kValueHi] = fe(hi);
      m[M::kSignSource] = fe(sign_source);
      m[M::kSign] = fe(sign);
      const std::uint32_t read_only = read_only_mask(image, addr >> 2);
      for (unsigned j = 0; j < 4; ++j) m[M::kReadOnly + j] = fe((read_only >> j) & 1);
      lk.send(ByteOp::kU8, byte_of(addr, 0) >> 2, 0);
      lk.send(ByteOp::kMsb, byte_of(addr, 3), 0);
      if ((addr >> 16) == 0 || (addr >> 31) != 0) {
        return "load/store outside the guest address space";
      }
      lk.range16((addr >> 16) - 1);
      lk.send(ByteOp::kMsb, sign_source, 0);
    }
    if (flag(ProgramFlag::kEcall)) {
      using S = SyscallCols;
      const auto it = syscall_of_cycle.find(e.cycle);
      if (it == syscall_of_cycle.end()) {
        return "ecall without its syscall event";
      }
      const rv32::SyscallEvent& s = *it->second;
      ecall_writes = s.syscall == kSyscallHintLen;
      res = s.result;
      row[C::kEcallWrites] = fe(ecall_writes ? 1 : 0);
      row[C::kIsHalt] = fe(s.syscall == kSyscallHalt ? 1 : 0);
      BabyBear* r = syscall.add_row();
      if (s.syscall > kSyscallCommit) {
        return "unknown syscall";
      }
      r[S::kIsHalt + s.syscall] = BabyBear::one();
      r[S::kTs] = fe(ts);
      put_word(r, S::kId, s.syscall);
      put_word(r, S::kA0, s.args[0]);
      put_word(r, S::kResult, s.result);
      put_word(r, S::kA1, s.a1.value);
      put_word(r, S::kA2, s.a2.value);
      fill_access(r, {S::kA1Access, S::kA1Access + 1, S::kA1Access + 2}, s.a1.prev_timestamp,
                  ts + rv32::kMemoryTimestampOffset, lk, error);
      fill_access(r, {S::kA2Access, S::kA2Access + 1, S::kA2Access + 2}, s.a2.prev_timestamp,
                  ts + rv32::kMemoryTimestampOffset, lk, error);
      if (s.syscall == kSyscallCommit) {
        r[S::kCommitSel + (s.args[0] & 7)] = BabyBear::one();
        committed_mask |= 1u << (s.args[0] & 7);
      }
      for (unsigned k = 0; k < kDigestWords; ++k) r[S::kCommitSeen + k] = fe((committed_mask >> k) & 1);
      r[S::kFdProduct] = (fe(byte_of(s.args[0], 0)) - BabyBear::one()) * (fe(byte_of(s.args[0], 0)) - fe(2));
      if (s.syscall == kSyscallHintLen || s.syscall == kSyscallHintRead) {
        const auto before = static_cast<std::uint32_t>(s.hint_remaining);
        const std::uint32_t after = s.syscall == kSyscallHintRead ? before - s.args[1] : before;
        put_word(r, S::kHintBefore, before);
        put_word(r, S::kHintAfter, after);
        fill_access(r, {S::kHintAccess, S::kHintAccess + 1, S::kHintAccess + 2}, ctx.hint_prev_ts.at(s.cycle),
                    ts + rv32::kMemoryTimestampOffset, lk, error);
        if (s.syscall == kSyscallHintRead) {
          lk.word(after);
          alu_row(AluEvent{AluOp::kAdd, before, after, s.args[1]});
          alu_row(AluEvent{AluOp::kSltu, 0, before, s.args[1]});
        }
      }
      if (s.syscall == kSyscallWrite || s.syscall == kSyscallHintRead) {
        const bool writes = s.syscall == kSyscallHintRead;
        const std::uint32_t ptr = writes ? s.args[0] : s.args[1];
        const std::uint32_t len = writes ? s.args[1] : s.args[2];
        put_word(r, S::kPtr, ptr);
        put_word(r, S::kLen, len);
        if (len != 0) {
          const std::uint32_t last = ptr + (len - 1);
          if (ptr < abi::kMemoryStart || (ptr >> 31) != 0 || (last >> 31) != 0 || last < ptr) {
            return "syscall buffer outside the guest address space";
          }
          const std::uint32_t first_word = ptr >> 2, last_word = last >> 2;
          if (s.memory_access_count != std::size_t{last_word - first_word} + 1 ||
              s.first_memory_access + s.memory_access_count > record.syscall_memory.size()) {
            return "syscall buffer without its memory accesses";
          }
          put_word(r, S::kLenMinusOne, len - 1);
          put_word(r, S::kLast, last);
          r[S::kHasData] = BabyBear::one();
          std::uint32_t len_sum = 0;
          for (unsigned i = 0; i < 4; ++i) len_sum += byte_of(len, i);
          r[S::kLenInverse] = fe(len_sum).inverse();
          r[S::kStartOffset + (ptr & 3)] = BabyBear::one();
          r[S::kStartQuarter] = fe(byte_of(ptr, 0) >> 2);
          r[S::kEndOffset + (last & 3)] = BabyBear::one();
          r[S::kEndQuarter] = fe(byte_of(last, 0) >> 2);
          lk.word(len - 1);
          add_sub_row(add_sub, AluEvent{AluOp::kAdd, len, len - 1, 1}, lk);
          add_sub_row(add_sub, AluEvent{AluOp::kAdd, last, ptr, len - 1}, lk);
          lk.send(ByteOp::kMsb, byte_of(ptr, 3), 0);
          lk.send(ByteOp::kMsb, byte_of(len - 1, 3), 0);
          lk.send(ByteOp::kMsb, byte_of(last, 3), 0);
          lk.range16((ptr >> 16) - 1);
          lk.send(ByteOp::kU8, byte_of(ptr, 0) >> 2, byte_of(last, 0) >> 2);

          using SM = SyscallMemoryCols;
          const std::uint64_t access_ts = ts + rv32::kMemoryTimestampOffset;
          for (std::size_t k = 0; k < s.memory_access_count; ++k) {
            const rv32::MemoryAccess& a = record.syscall_memory[s.first_memory_access + k];
            const std::uint32_t word = first_word + static_cast<std::uint32_t>(k);
            if (a.addr != word << 2) return "syscall memory access out of order";
            const bool is_last = word == last_word;
            const unsigned start = k == 0 ? (ptr & 3) : 0;
            BabyBear* m = syscall_memory.add_row();
            m[SM::kIsReal] = BabyBear::one();
            m[SM::kTs] = fe(ts);
            m[SM::kWord] = fe(word);
            m[SM::kLastWord] = fe(last_word);
            m[SM::kStartOffset + start] = BabyBear::one();
            m[SM::kEndOffset + (last & 3)] = BabyBear::one();
            m[SM::kIsLast] = fe(is_last ? 1 : 0);
            m[SM::kWrites] = fe(writes ? 1 : 0);
            if (!is_last) m[SM::kGapInverse] = (fe(word) - fe(last_word)).inverse();
            for (unsigned j = 0; j < 4; ++j) {
              const bool inside = j >= start && (!is_last || j <= (last & 3));
              m[SM::kMask + j] = fe(inside ? 1 : 0);
            }
            put_word(m, SM::kPrev, a.prev_value);
            put_word(m, SM::kValue, a.value);
            const std::uint32_t read_only = read_only_mask(image, word);
            for (unsigned j = 0; j < 4; ++j) m[SM::kReadOnly + j] = fe((read_only >> j) & 1);
            fill_access(m, {SM::kAccess, SM::kAccess + 1, SM::kAccess + 2}, a.prev_timestamp, access_ts, lk,
                        error);
            if (writes) lk.word(a.value);
          }
        }
      }
    }
    put_word(row, C::kRes, res);
    if (flag(ProgramFlag::kWritesRd) || ecall_writes) {
      if ((e.accesses & rv32::kAccessRd) == 0) {
        return "register write without its access";
      }
      put_word(row, C::kRdPrev, e.rd.prev_value);
      put_word(row, C::kRdValue, e.rd.value);
      fill_access(row, C::access(C::kRdAccess), e.rd.prev_timestamp, ts + rv32::kRdTimestampOffset, lk,
                  error);
    }
    if (n + 1 == end) row[C::kIsLastReal] = BabyBear::one();
  }
  if (!error.empty()) return error;

  // Memory: every register, every image word and every touched word, by bus address (last shard only).
  traces.main.resize(kChipCount);
  if (!finalizes) {
    traces.main[chip_index(ChipId::kMemory)] = Table(MemoryCols::kWidth).finish();
  } else {
    using M = MemoryCols;
    struct Cell {
      std::uint32_t init = 0, final_value = 0;
      std::uint64_t final_ts = 0;
      bool is_image = false;
      std::uint32_t read_only = 0;
      bool is_hint_cell = false;
    };
    std::map<std::uint32_t, Cell> cells;
    for (const ImageRow& r : image_rows(image)) cells[r.addr] = Cell{r.value, r.value, 0, true, r.read_only};
    if (ctx.hint_cell_used) {
      cells[kHintCell] = Cell{ctx.hint_initial, ctx.hint_final, ctx.hint_final_ts, false, 0, true};
      lk.word(ctx.hint_initial);
    }
    for (const rv32::FinalWord& w : record.registers_final) {
      Cell& c = cells[w.addr];
      c.final_value = w.value;
      c.final_ts = w.timestamp;
    }
    for (const rv32::FinalWord& w : record.memory_final) {
      Cell& c = cells[w.addr >> 2];
      c.final_value = w.value;
      c.final_ts = w.timestamp;
    }
    Table t(M::kWidth);
    for (auto it = cells.begin(); it != cells.end(); ++it) {
      const std::uint32_t addr = it->first;
      const Cell& c = it->second;
      BabyBear* row = t.add_row();
      row[M::kIsReal] = BabyBear::one();
      row[M::kIsImage] = fe(c.is_image ? 1 : 0);
      row[M::kAddr] = fe(addr);
      row[M::kAddrLo] = fe(addr & 0xFFFF);
      row[M::kAddrHi] = fe(addr >> 16);
      put_word(row, M::kInit, c.init);
      put_word(row, M::kFinal, c.final_value);
      row[M::kFinalTs] = fe(c.final_ts);
      row[M::kReadOnly] = fe(c.read_only);
      row[M::kIsHintCell] = fe(c.is_hint_cell ? 1 : 0);
      const auto next = std::next(it);
      const std::uint32_t gap = next == cells.end() ? 0 : next->first - addr - 1;
      row[M::kGapLo] = fe(gap & 0xFFFF);
      row[M::kGapHi] = fe(gap >> 16);
      lk.range16(addr & 0xFFFF);
      lk.range16(8 * (addr >> 16));
      lk.range16(gap & 0xFFFF);
      lk.range16(8 * (gap >> 16));
    }
    traces.main[chip_index(ChipId::kMemory)] = std::move(t).finish();
  }
  {
    Table t(MemoryImageCols::kWidth);
    const std::size_t rows = image_rows(image).size();
    for (std::size_t i = 0; i < rows; ++i)
      t.add_row()[MemoryImageCols::kMultiplicity] = finalizes ? BabyBear::one() : BabyBear::zero();
    traces.main[chip_index(ChipId::kMemoryImage)] = std::move(t).finish();
  }
  {
    Table t(ProgramCols::kWidth);
    for (std::uint32_t m : program_multiplicity) t.add_row()[ProgramCols::kMultiplicity] = fe(m);
    traces.main[chip_index(ChipId::kProgram)] = std::move(t).finish();
  }
  if (!lk.error.empty()) return lk.error;
  {
    Table t(ByteCols::kWidth);
    for (std::uint32_t i = 0; i < (1u << 16); ++i) {
      BabyBear* row = t.add_row();
      for (std::uint32_t op = 0; op < kByteOpCount; ++op) row[op] = fe(lk.byte[op][i]);
      row[ByteCols::kRange16] = fe(lk.u16[i]);
    }
    traces.main[chip_index(ChipId::kByte)] = std::move(t).finish();
  }
  std::vector<BabyBear> mem_instr_padding(MemoryInstrCols::kWidth);
  mem_instr_padding[MemoryInstrCols::kByteSel] = BabyBear::one();
  std::vector<BabyBear> syscall_padding(SyscallCols::kWidth);
  syscall_padding[SyscallCols::kFdProduct] = fe(2);  // (0 - 1)(0 - 2)
  // Padding rows commit nothing, so the running flags keep their final values.
  for (unsigned k = 0; k < kDigestWords; ++k)
    syscall_padding[SyscallCols::kCommitSeen + k] = fe((committed_mask >> k) & 1);
  traces.main[chip_index(ChipId::kCpu)] = std::move(cpu).finish();
  traces.main[chip_index(ChipId::kAddSub)] = std::move(add_sub).finish();
  traces.main[chip_index(ChipId::kBitwise)] = std::move(bitwise).finish();
  traces.main[chip_index(ChipId::kLt)] = std::move(lt).finish();
  traces.main[chip_index(ChipId::kShift)] = std::move(shift).finish(shift_padding());
  traces.main[chip_index(ChipId::kMul)] = std::move(mul).finish();
  traces.main[chip_index(ChipId::kDivRem)] = std::move(div_rem).finish();
  traces.main[chip_index(ChipId::kMemoryInstr)] = std::move(mem_instr).finish(mem_instr_padding);
  traces.main[chip_index(ChipId::kSyscall)] = std::move(syscall).finish(syscall_padding);
  traces.main[chip_index(ChipId::kSyscallMemory)] = std::move(syscall_memory).finish();

  traces.public_values.assign(kChipCount, {});
  {
    using PV = CpuPublicValues;
    std::vector<BabyBear>& pv = traces.public_values[chip_index(ChipId::kCpu)];
    pv.assign(PV::kCount, BabyBear::zero());
    const rv32::CpuEvent& last = record.cpu[end - 1];
    pv[PV::kStartPc] = fe(record.cpu[begin].pc);
    pv[PV::kStartTs] = fe(rv32::timestamp_of_cycle(record.cpu[begin].cycle));
    pv[PV::kEndPc] = fe(last.next_pc);
    pv[PV::kEndTs] = fe(rv32::timestamp_of_cycle(last.cycle) + rv32::kTimestampsPerCycle);
    pv[PV::kHalted] = fe(end == record.cpu.size() && result.halted() ? 1 : 0);
    // The exit code is a0 as the HALT row read it (its rs2 column; 0 for a last row that reads no rs2).
    const auto& last_tuple = program.rows[program.row_of_pc.at(last.pc)];
    const std::uint32_t last_rs2 = last_tuple[T::flag(ProgramFlag::kReadsRs2)] != 0 ? last.rs2.value : 0;
    for (unsigned i = 0; i < 4; ++i) pv[PV::kExitCode + i] = fe(byte_of(last_rs2, i));
  }
  {
    std::vector<BabyBear>& pv = traces.public_values[chip_index(ChipId::kSyscall)];
    pv.assign(SyscallPublicValues::kCount, BabyBear::zero());
    for (unsigned k = 0; k < kDigestWords; ++k) {
      for (unsigned j = 0; j < 4; ++j) pv[4 * k + j] = fe(byte_of(result.committed_digest[k], j));
      pv[SyscallPublicValues::kCommitted + k] = fe((committed_mask >> k) & 1);
    }
  }
  traces.public_values[chip_index(ChipId::kMemory)] = {fe(finalizes ? 1 : 0)};
  traces.public_values[chip_index(ChipId::kMemoryImage)] = {fe(finalizes ? 1 : 0)};
  return {};
}

}  // namespace

struct ShardTraceGenerator::Context {
  ExecutionContext execution;
  std::vector<std::size_t> starts;  // first CPU event of each shard, then the end
};

ShardTraceGenerator::ShardTraceGenerator(const rv32::ProgramImage& image, const rv32::ExecutionRecord& record,
                                         const rv32::ExecutionResult& result,
                                         std::span<const std::uint64_t> shard_cycles) {
  if (result.status == rv32::ExitStatus::kTrapped) {
    error_ = "a trapped execution cannot be proven";
    return;
  }
  if (record.cpu.empty()) {
    error_ = "no instruction executed";
    return;
  }
  std::vector<std::size_t> starts;
  std::uint64_t total = 0;
  for (const std::uint64_t n : shard_cycles) {
    if (n == 0) {
      error_ = "a shard must hold at least one cycle";
      return;
    }
    starts.push_back(static_cast<std::size_t>(total));
    total += n;
  }
  if (total != record.cpu.size()) {
    error_ = "the shard sizes add up to " + std::to_string(total) + " cycles, the execution has " +
             std::to_string(record.cpu.size());
    return;
  }
  starts.push_back(record.cpu.size());
  auto context = std::make_unique<Context>(
      Context{ExecutionContext{image, record, result, {}, {}, {}, false, 0, 0, 0}, {}});
  if (std::string error = program_rows(image, context->execution.program); !error.empty()) {
    error_ = std::move(error);
    return;
  }
  ExecutionContext& ctx = context->execution;
  for (const rv32::SyscallEvent& s : record.syscalls) {
    ctx.syscall_of_cycle.emplace(s.cycle, &s);
    if (s.syscall != kSyscallHintLen && s.syscall != kSyscallHintRead) continue;
    if (s.hint_remaining > 0xFFFFFFFFu) {
      error_ = "a private input of 2^32 bytes or more cannot be proven";
      return;
    }
    const auto before = static_cast<std::uint32_t>(s.hint_remaining);
    if (!ctx.hint_cell_used) ctx.hint_initial = before;
    ctx.hint_prev_ts.emplace(s.cycle, ctx.hint_final_ts);
    ctx.hint_cell_used = true;
    ctx.hint_final = s.syscall == kSyscallHintRead ? before - s.args[1] : before;
    ctx.hint_final_ts = rv32::timestamp_of_cycle(s.cycle) + rv32::kMemoryTimestampOffset;
  }
  context->starts = std::move(starts);
  shard_count_ = shard_cycles.size();
  context_ = std::move(context);
}

ShardTraceGenerator::ShardTraceGenerator(ShardTraceGenerator&&) noexcept = default;
ShardTraceGenerator& ShardTraceGenerator::operator=(ShardTraceGenerator&&) noexcept = default;
ShardTraceGenerator::~ShardTraceGenerator() = default;

std::string ShardTraceGenerator::generate(std::size_t shard, ShardTraces& out) const {
  if (!ok()) return error_;
  if (shard >= shard_count_) return "no shard " + std::to_string(shard);
  out = {};
  std::string error = trace_shard(context_->execution, context_->starts[shard], context_->starts[shard + 1],
                                  shard + 1 == shard_count_, out);
  if (error.empty()) return {};
  out = {};
  return shard_count_ == 1 ? error : "shard " + std::to_string(shard) + ": " + error;
}

ShardedTraceResult generate_shard_traces(const rv32::ProgramImage& image, const rv32::ExecutionRecord& record,
                                         const rv32::ExecutionResult& result,
                                         std::span<const std::uint64_t> shard_cycles) {
  ShardedTraceResult out;
  const ShardTraceGenerator generator(image, record, result, shard_cycles);
  if (!generator.ok()) {
    out.error = generator.error();
    return out;
  }
  if (std::string error = preprocessed_tables(image, out.preprocessed); !error.empty()) {
    out.error = error;
    return out;
  }
  const std::size_t num_shards = generator.shard_count();
  out.shards.resize(num_shards);
  std::vector<std::string> errors(num_shards);
  tbb::parallel_for(std::size_t{0}, num_shards,
                    [&](std::size_t i) { errors[i] = generator.generate(i, out.shards[i]); });
  for (std::size_t i = 0; i < num_shards; ++i) {
    if (!errors[i].empty()) {
      out.error = errors[i];
      out.shards.clear();
      return out;
    }
  }
  return out;
}

ShardedTraceResult generate_shard_traces(const rv32::ProgramImage& image, const rv32::ExecutionRecord& record,
                                         const rv32::ExecutionResult& result, std::uint64_t shard_cycles) {
  if (shard_cycles == 0) {
    ShardedTraceResult out;
    out.error = "the shard size must be at least one cycle";
    return out;
  }
  std::vector<std::uint64_t> sizes;
  for (std::uint64_t left = record.cpu.size(); left > 0; left -= std::min(left, shard_cycles)) {
    sizes.push_back(std::min(left, shard_cycles));
  }
  return generate_shard_traces(image, record, result, sizes);
}

TraceResult generate_traces(const rv32::ProgramImage& image, const rv32::ExecutionRecord& record,
                            const rv32::ExecutionResult& result) {
  TraceResult out;
  ShardedTraceResult sharded =
      generate_shard_traces(image, record, result, std::max<std::size_t>(record.cpu.size(), 1));
  if (!sharded.ok()) {
    out.error = std::move(sharded.error);
    return out;
  }
  CircuitTraces traces;
  traces.preprocessed = std::move(sharded.preprocessed);
  traces.main = std::move(sharded.shards[0].main);
  traces.public_values = std::move(sharded.shards[0].public_values);
  out.traces = std::move(traces);
  return out;
}

}  // namespace neo::zkvm::circuit
