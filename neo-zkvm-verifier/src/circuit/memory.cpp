// The memory chips' constraints (memory.hpp).
#include "neo/zkvm/circuit/memory.hpp"

#include "neo/zkvm/circuit/access.hpp"

namespace neo::zkvm::circuit {

void MemoryChip::eval(air::AirBuilder& b) const {
  using C = MemoryCols;
  const Expr is_real = b.main(C::kIsReal);
  const Expr is_image = b.main(C::kIsImage);
  const Expr next_is_real = b.main_next(C::kIsReal);
  const Expr addr = b.main(C::kAddr);
  const Word init = word_at(b, C::kInit);
  const Word final_value = word_at(b, C::kFinal);
  const Expr final_ts = b.main(C::kFinalTs);
  b.assert_bool(is_real, "is_real boolean");
  b.assert_bool(is_image, "is_image boolean");
  // Only the shard that finalises memory (the last; the verifier checks the flag) may have real rows, so
  // every address is initialised and finalised once in the whole proof.
  const Expr finalizes = b.public_value(MemoryPublicValues::kFinalizes);
  b.assert_bool(finalizes, "finalizes boolean");
  b.assert_zero(is_real * (Expr(1) - finalizes), "memory rows only in the finalising shard");
  b.when(Expr(1) - is_real).assert_zero(is_image, "padding is not image");
  b.when_transition().assert_zero((Expr(1) - is_real) * next_is_real, "padding only at the end");

  // addr < 2^29, and the next real address is larger: gap = next - addr - 1 < 2^29.
  b.assert_eq(addr, b.main(C::kAddrLo) + b.main(C::kAddrHi) * 65536, "address limbs");
  send_range16(b, b.main(C::kAddrLo), is_real, "address low limb");
  send_range16(b, b.main(C::kAddrHi) * 8, is_real, "address high limb");
  b.when_transition().assert_zero(
      next_is_real * (b.main_next(C::kAddr) - addr - 1 - b.main(C::kGapLo) - b.main(C::kGapHi) * 65536),
      "addresses strictly increasing");
  send_range16(b, b.main(C::kGapLo), is_real, "gap low limb");
  send_range16(b, b.main(C::kGapHi) * 8, is_real, "gap high limb");

  const Expr read_only = b.main(C::kReadOnly);
  // The private-input cell starts at the input's length (a witness, as 4 bytes); every other address outside
  // the image starts at 0.
  const Expr is_hint_cell = b.main(C::kIsHintCell);
  b.assert_bool(is_hint_cell, "hint cell boolean");
  b.assert_zero(is_hint_cell * (addr - kHintCell), "the hint cell's address");
  b.assert_zero(is_hint_cell * is_image, "the hint cell is not an image word");
  b.assert_zero(is_hint_cell * (Expr(1) - is_real), "the hint cell is a real row");
  for (std::size_t i = 0; i < 4; ++i) {
    b.assert_zero((is_real - is_image - is_hint_cell) * init[i], "memory outside the image starts at 0");
  }
  send_word_range(b, init, is_hint_cell, "private input length bytes");
  b.assert_zero((Expr(1) - is_image) * read_only, "memory outside the image is writable");
  b.send(bus_id(Bus::kImage), {addr, init[0], init[1], init[2], init[3], read_only}, is_image, "image word");
  b.send(bus_id(Bus::kMemory), {addr, init[0], init[1], init[2], init[3], Expr(0), read_only}, is_real,
         "init");
  b.receive(bus_id(Bus::kMemory),
            {addr, final_value[0], final_value[1], final_value[2], final_value[3], final_ts, read_only},
            is_real, "final");
}

void MemoryImageChip::eval(air::AirBuilder& b) const {
  using P = MemoryImagePreprocessedCols;
  const Expr multiplicity = b.main(MemoryImageCols::kMultiplicity);
  // Once in the whole proof: in the shard that finalises memory, and nowhere else.
  const Expr finalizes = b.public_value(MemoryPublicValues::kFinalizes);
  b.assert_bool(finalizes, "finalizes boolean");
  b.assert_eq(multiplicity, b.preprocessed(P::kIsReal) * finalizes, "every image word is used exactly once");
  b.receive(bus_id(Bus::kImage),
            {b.preprocessed(P::kAddr), b.preprocessed(P::kValue), b.preprocessed(P::kValue + 1),
             b.preprocessed(P::kValue + 2), b.preprocessed(P::kValue + 3), b.preprocessed(P::kReadOnly)},
            multiplicity, "image word");
}

void MemoryInstrChip::eval(air::AirBuilder& b) const {
  using C = MemoryInstrCols;
  const auto op = [&](MemOp m) { return b.main(C::kIsLb + (op_id(m) - op_id(MemOp::kLb))); };
  const Expr is_real = one_hot_selectors(b, C::kIsLb, C::kOpCount);
  const Expr lb = op(MemOp::kLb), lh = op(MemOp::kLh), lw = op(MemOp::kLw), lbu = op(MemOp::kLbu),
             lhu = op(MemOp::kLhu), sb = op(MemOp::kSb), sh = op(MemOp::kSh), sw = op(MemOp::kSw);
  const Expr is_load = lb + lh + lw + lbu + lhu;
  const Expr is_byte = lb + lbu + sb;
  const Expr is_half = lh + lhu + sh;
  const Word addr = word_at(b, C::kAddr);
  const Word data = word_at(b, C::kData);
  const Word result = word_at(b, C::kResult);
  const Word sel = word_at(b, C::kByteSel);
  const Word prev = word_at(b, C::kPrev);
  const Word next = word_at(b, C::kNext);
  const Expr ts = b.main(C::kTs);
  const Expr o0 = b.main(C::kOffset0);
  const Expr o1 = b.main(C::kOffset1);
  const Expr quarter = b.main(C::kAddrQuarter);
  const Expr value_lo = b.main(C::kValueLo);
  const Expr value_hi = b.main(C::kValueHi);
  const Expr sign = b.main(C::kSign);

  Expr op_value = 0;
  for (std::size_t i = 0; i < C::kOpCount; ++i) op_value += b.main(C::kIsLb + i) * (op_id(MemOp::kLb) + i);
  b.receive(bus_id(Bus::kMemInstr),
            {op_value, addr[0], addr[1], addr[2], addr[3], data[0], data[1], data[2], data[3], result[0],
             result[1], result[2], result[3], ts},
            is_real, "load/store");

  // Address: addr[0] = 4 quarter + offset with quarter a byte (so < 64); addr in [2^16, 2^31).
  b.assert_bool(o0, "offset bit 0");
  b.assert_bool(o1, "offset bit 1");
  b.assert_eq(addr[0], quarter * 4 + o0 + o1 * 2, "address low byte");
  send_byte(b, ByteOp::kU8, quarter, 0, 0, 0, is_real, "address quarter");
  send_byte(b, ByteOp::kMsb, addr[3], 0, 0, 0, is_real, "address below 2^31");
  send_range16(b, addr[2] + addr[3] * 256 - 1, is_real, "address at least 2^16");
  b.assert_zero(is_half * o0, "half access aligned");
  b.assert_zero((lw + sw) * (o0 + o1), "word access aligned");
  b.assert_eq(sel[0], (Expr(1) - o0) * (Expr(1) - o1), "byte 0 selected");
  b.assert_eq(sel[1], o0 * (Expr(1) - o1), "byte 1 selected");
  b.assert_eq(sel[2], (Expr(1) - o0) * o1, "byte 2 selected");
  b.assert_eq(sel[3], o0 * o1, "byte 3 selected");

  // The word access at ts + 2, word index addr / 4 (< 2^29).
  const Expr word_index = quarter + addr[1] * 64 + addr[2] * 16384 + addr[3] * 4194304;
  const Expr read_only = read_only_mask(b, C::kReadOnly);
  eval_access(b, word_index, prev, next, ts + 2, {C::kAccess, C::kAccess + 1, C::kAccess + 2}, is_real,
              "word", read_only);
  // A store writes no read-only byte (the executor traps: store to a read-only segment).
  Expr written_read_only = 0;
  for (std::size_t j = 0; j < 4; ++j) {
    const Expr half_selected = j < 2 ? Expr(1) - o1 : o1;
    written_read_only += (sw + sb * sel[j] + sh * half_selected) * b.main(C::kReadOnly + j);
  }
  b.assert_zero(written_read_only, "no store into read-only memory");

  // The selected byte / half of the old word, and its sign.
  b.when(is_byte).assert_eq(
      value_lo, sel[0] * prev[0] + sel[1] * prev[1] + sel[2] * prev[2] + sel[3] * prev[3], "selected byte");
  b.when(is_half).assert_eq(value_lo, prev[0] + o1 * (prev[2] - prev[0]), "selected half (low byte)");
  b.when(is_half).assert_eq(value_hi, prev[1] + o1 * (prev[3] - prev[1]), "selected half (high byte)");
  b.assert_eq(b.main(C::kSignSource), lb * value_lo + lh * value_hi, "sign source");
  b.assert_bool(sign, "sign boolean");
  send_byte(b, ByteOp::kMsb, b.main(C::kSignSource), 0, sign, 0, is_real, "sign");

  // Loads: the word is unchanged; the result is the extended byte / half / word.
  for (std::size_t i = 0; i < 4; ++i) {
    b.when(is_load).assert_eq(next[i], prev[i], "load keeps the word");
    b.when(lw).assert_eq(result[i], prev[i], "lw");
  }
  b.when(lb + lbu + lh + lhu).assert_eq(result[0], value_lo, "load low byte");
  b.when(lh + lhu).assert_eq(result[1], value_hi, "half high byte");
  b.when(lbu).assert_zero(result[1], "lbu zero extension");
  b.when(lb).assert_eq(result[1], sign * 255, "lb sign extension");
  for (std::size_t i = 2; i < 4; ++i) {
    b.when(lbu + lhu).assert_zero(result[i], "zero extension");
    b.when(lb + lh).assert_eq(result[i], sign * 255, "sign extension");
  }

  // Stores: the selected byte / half (or the word) is replaced by the data's low bytes, and there is no
  // result (0: the MEMINSTR bus's contract makes this chip prove the result's bytes for every operation).
  for (std::size_t i = 0; i < 4; ++i) b.when(sb + sh + sw).assert_zero(result[i], "a store has no result");
  for (std::size_t i = 0; i < 4; ++i) {
    b.when(sw).assert_eq(next[i], data[i], "sw");
    b.when(sb).assert_eq(next[i], prev[i] + sel[i] * (data[0] - prev[i]), "sb");
  }
  b.when(sh).assert_eq(next[0], prev[0] + (Expr(1) - o1) * (data[0] - prev[0]), "sh byte 0");
  b.when(sh).assert_eq(next[1], prev[1] + (Expr(1) - o1) * (data[1] - prev[1]), "sh byte 1");
  b.when(sh).assert_eq(next[2], prev[2] + o1 * (data[0] - prev[2]), "sh byte 2");
  b.when(sh).assert_eq(next[3], prev[3] + o1 * (data[1] - prev[3]), "sh byte 3");
}

}  // namespace neo::zkvm::circuit
