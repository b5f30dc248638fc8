// The ALU chips' constraints (alu.hpp).
#include "neo/zkvm/circuit/alu.hpp"

#include "neo/zkvm/circuit/access.hpp"

namespace neo::zkvm::circuit {

namespace {

void receive_alu(AirBuilder& b, const Expr& op, const Word& a, const Word& x, const Word& y,
                 const Expr& is_real, std::string_view label) {
  b.receive(bus_id(Bus::kAlu), {op, a[0], a[1], a[2], a[3], x[0], x[1], x[2], x[3], y[0], y[1], y[2], y[3]},
            is_real, label);
}

}  // namespace

void AddSubChip::eval(air::AirBuilder& b) const {
  using C = AddSubCols;
  const Expr is_add = b.main(C::kIsAdd);
  const Expr is_sub = b.main(C::kIsSub);
  const Expr is_real = one_hot_selectors(b, C::kIsAdd, 2);
  const Word a = word_at(b, C::kA);
  const Word x = word_at(b, C::kB);
  const Word y = word_at(b, C::kC);
  // ADD: x + y = a; SUB: a + y = x. sum = the first addend, total = the result of the addition.
  Expr carry_in = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    const Expr carry = b.main(C::kCarry + i);
    b.assert_bool(carry, "carry boolean");
    b.when(is_add).assert_eq(x[i] + y[i] + carry_in, a[i] + carry * 256, "add byte");
    b.when(is_sub).assert_eq(a[i] + y[i] + carry_in, x[i] + carry * 256, "sub byte");
    carry_in = carry;
  }
  send_word_range(b, a, is_real, "result bytes");
  receive_alu(b, is_add * op_id(AluOp::kAdd) + is_sub * op_id(AluOp::kSub), a, x, y, is_real, "add/sub");
}

void BitwiseChip::eval(air::AirBuilder& b) const {
  using C = BitwiseCols;
  const Expr is_xor = b.main(C::kIsXor);
  const Expr is_or = b.main(C::kIsOr);
  const Expr is_and = b.main(C::kIsAnd);
  const Expr is_real = one_hot_selectors(b, C::kIsXor, 3);
  const Word a = word_at(b, C::kA);
  const Word x = word_at(b, C::kB);
  const Word y = word_at(b, C::kC);
  const Expr byte_op =
      is_xor * op_id(ByteOp::kXor) + is_or * op_id(ByteOp::kOr) + is_and * op_id(ByteOp::kAnd);
  for (std::size_t i = 0; i < 4; ++i) {
    b.send(bus_id(Bus::kByte), {byte_op, x[i], y[i], a[i], Expr(0)}, is_real, "byte op");
  }
  const Expr alu_op = is_xor * op_id(AluOp::kXor) + is_or * op_id(AluOp::kOr) + is_and * op_id(AluOp::kAnd);
  receive_alu(b, alu_op, a, x, y, is_real, "bitwise");
}

void LtChip::eval(air::AirBuilder& b) const {
  using C = LtCols;
  const Expr is_slt = b.main(C::kIsSlt);
  const Expr is_sltu = b.main(C::kIsSltu);
  const Expr is_eq = b.main(C::kIsEq);
  const Expr is_real = one_hot_selectors(b, C::kIsSlt, 3);
  const Expr r = b.main(C::kResult);
  const Word x = word_at(b, C::kB);
  const Word y = word_at(b, C::kC);
  const Word sel = word_at(b, C::kDiffSel);
  const Expr x_top = b.main(C::kBTop);
  const Expr y_top = b.main(C::kCTop);
  const Expr top_ltu = b.main(C::kTopLtu);
  const Expr msb_x = b.main(C::kMsbB);
  const Expr msb_y = b.main(C::kMsbC);
  const Expr signs_differ = b.main(C::kSignsDiffer);

  Expr any = 0;
  Expr selected_x = 0;
  Expr selected_y = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    b.assert_bool(sel[i], "selector boolean");
    any += sel[i];
    selected_x += sel[i] * x[i];
    selected_y += sel[i] * y[i];
  }
  b.assert_bool(any, "at most one differing byte selected");
  // Bytes above the selected one (all bytes when none is) are equal.
  for (std::size_t j = 0; j < 4; ++j) {
    Expr at_or_above = 0;
    for (std::size_t k = j; k < 4; ++k) at_or_above += sel[k];
    b.assert_zero((Expr(1) - at_or_above) * (x[j] - y[j]), "higher bytes equal");
  }
  b.assert_eq(x_top, selected_x, "selected b byte");
  b.assert_eq(y_top, selected_y, "selected c byte");
  b.assert_eq((x_top - y_top) * b.main(C::kDiffInv), any, "selected bytes differ");
  send_byte(b, ByteOp::kLtu, x_top, y_top, top_ltu, 0, is_real, "top byte compare");
  send_byte(b, ByteOp::kMsb, x[3], 0, msb_x, 0, is_real, "sign of b");
  send_byte(b, ByteOp::kMsb, y[3], 0, msb_y, 0, is_real, "sign of c");
  // Booleans by the chip's own constraints (the lookups make them so on real rows only), so that SLT's result
  // is seen to be a bit wherever the row is real (air/contracts.hpp).
  b.assert_bool(msb_x, "sign of b boolean");
  b.assert_bool(msb_y, "sign of c boolean");
  b.assert_bool(top_ltu, "top byte compare boolean");
  b.assert_eq(signs_differ, msb_x + msb_y - msb_x * msb_y * 2, "signs differ");
  b.when(is_sltu).assert_eq(r, top_ltu, "sltu");
  b.when(is_slt).assert_eq(r, signs_differ * msb_x + (Expr(1) - signs_differ) * top_ltu, "slt");
  b.when(is_eq).assert_eq(r, Expr(1) - any, "eq");
  const Expr alu_op = is_slt * op_id(AluOp::kSlt) + is_sltu * op_id(AluOp::kSltu) + is_eq * op_id(AluOp::kEq);
  receive_alu(b, alu_op, Word{r, 0, 0, 0}, x, y, is_real, "compare");
}

void ShiftChip::eval(air::AirBuilder& b) const {
  using C = ShiftCols;
  const Expr is_sll = b.main(C::kIsSll);
  const Expr is_srl = b.main(C::kIsSrl);
  const Expr is_sra = b.main(C::kIsSra);
  const Expr is_real = one_hot_selectors(b, C::kIsSll, 3);
  const Expr is_right = is_srl + is_sra;
  const Word a = word_at(b, C::kA);
  const Word x = word_at(b, C::kB);
  const Word y = word_at(b, C::kC);
  const Word high = word_at(b, C::kShrHigh);
  const Word low = word_at(b, C::kShrLow);
  const Word shifted = word_at(b, C::kBitShifted);
  const Word byte_shift = word_at(b, C::kByteShift);
  const Expr bit_mul = b.main(C::kBitMul);
  const Expr carry_mul = b.main(C::kCarryMul);
  const Expr shr_amount = b.main(C::kShrAmount);
  const Expr sign = b.main(C::kSign);
  const Expr fill = b.main(C::kFill);

  // shamt = c[0] mod 32 from five bits; the rest of c[0] is a byte (so the bits are c[0]'s low five).
  Expr low_bits = 0;
  Expr s[5];
  for (std::size_t i = 0; i < 5; ++i) {
    s[i] = b.main(C::kShamtBits + i);
    b.assert_bool(s[i], "shamt bit boolean");
    low_bits += s[i] * (1u << i);
  }
  const Expr upper = b.main(C::kShamtUpper);
  b.assert_eq(y[0], low_bits + upper * 32, "shamt bits of c[0]");
  send_byte(b, ByteOp::kU8, upper, 0, 0, 0, is_real, "c[0] >> 5");
  const Expr bit_shift = s[0] + s[1] * 2 + s[2] * 4;
  b.assert_eq(bit_mul, (s[0] + 1) * (s[1] * 3 + 1) * (s[2] * 15 + 1), "2^bit_shift");
  b.assert_eq(carry_mul * bit_mul, 256, "2^(8 - bit_shift)");
  // One-hot byte shift from bits 3 and 4.
  b.assert_eq(byte_shift[0], (Expr(1) - s[3]) * (Expr(1) - s[4]), "byte shift 0");
  b.assert_eq(byte_shift[1], s[3] * (Expr(1) - s[4]), "byte shift 1");
  b.assert_eq(byte_shift[2], (Expr(1) - s[3]) * s[4], "byte shift 2");
  b.assert_eq(byte_shift[3], s[3] * s[4], "byte shift 3");

  // Each byte split at y = 8 - bit_shift (left) or bit_shift (right): high = b >> y, low = b & (2^y - 1).
  b.assert_eq(shr_amount, is_sll * (Expr(8) - bit_shift) + is_right * bit_shift, "split position");
  for (std::size_t i = 0; i < 4; ++i) {
    send_byte(b, ByteOp::kShr, x[i], shr_amount, high[i], low[i], is_real, "split byte");
  }
  send_byte(b, ByteOp::kMsb, x[3], 0, sign, 0, is_sra, "sign of b");
  b.assert_bool(sign, "sign boolean");
  b.assert_eq(fill, is_sra * sign * 255, "fill byte");
  for (std::size_t i = 0; i < 4; ++i) {
    // Left: the low part moves up by bit_shift bits, the high part of the byte below comes in.
    const Expr from_below = i == 0 ? Expr(0) : high[i - 1];
    b.when(is_sll).assert_eq(shifted[i], low[i] * bit_mul + from_below, "bit shift left");
    // Right: the high part moves down, the low part of the byte above comes in at 8 - bit_shift.
    if (i < 3) {
      b.when(is_right).assert_eq(shifted[i], high[i] + low[i + 1] * carry_mul, "bit shift right");
    } else {
      // SRA shifts in bit_shift sign bits at the top: sign * (256 - 2^(8 - bit_shift)) = fill / 255 * (...).
      const Expr inverse_255 = Expr(air::BabyBear::from_u32(255).inverse());
      b.when(is_right).assert_eq(shifted[i], high[i] + fill * (Expr(256) - carry_mul) * inverse_255,
                                 "bit shift right (top byte)");
    }
  }
  // The bit-shifted bytes are bytes by the arithmetic above (a part below 2^(8 - s) moved up by s bits plus
  // a part below 2^s); the lookup makes that a fact the range contracts can see, and the result is a byte
  // shift of them (or the fill).
  send_word_range(b, shifted, is_real, "bit-shifted bytes");
  for (std::size_t j = 0; j < 4; ++j) {
    Expr left = 0;
    Expr right = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      if (k <= j) left += byte_shift[k] * shifted[j - k];
      right += byte_shift[k] * (j + k <= 3 ? shifted[j + k] : fill);
    }
    b.when(is_sll).assert_eq(a[j], left, "byte shift left");
    b.when(is_right).assert_eq(a[j], right, "byte shift right");
  }
  const Expr alu_op = is_sll * op_id(AluOp::kSll) + is_srl * op_id(AluOp::kSrl) + is_sra * op_id(AluOp::kSra);
  receive_alu(b, alu_op, a, x, y, is_real, "shift");
}

void MulChip::eval(air::AirBuilder& b) const {
  using C = MulCols;
  const Expr is_mul = b.main(C::kIsMul);
  const Expr is_mulh = b.main(C::kIsMulh);
  const Expr is_mulhsu = b.main(C::kIsMulhsu);
  const Expr is_mulhu = b.main(C::kIsMulhu);
  const Expr is_real = one_hot_selectors(b, C::kIsMul, 4);
  const Word a = word_at(b, C::kA);
  const Word x = word_at(b, C::kB);
  const Word y = word_at(b, C::kC);
  const Expr msb_x = b.main(C::kMsbB);
  const Expr msb_y = b.main(C::kMsbC);
  const Expr ext_x = b.main(C::kExtB);
  const Expr ext_y = b.main(C::kExtC);
  send_byte(b, ByteOp::kMsb, x[3], 0, msb_x, 0, is_real, "sign of b");
  send_byte(b, ByteOp::kMsb, y[3], 0, msb_y, 0, is_real, "sign of c");
  // b is signed for MULH and MULHSU, c for MULH; MUL's low word does not depend on the extension.
  b.assert_eq(ext_x, (is_mulh + is_mulhsu) * msb_x * 255, "extension of b");
  b.assert_eq(ext_y, is_mulh * msb_y * 255, "extension of c");
  const auto limb_x = [&](std::size_t i) { return i < 4 ? x[i] : ext_x; };
  const auto limb_y = [&](std::size_t i) { return i < 4 ? y[i] : ext_y; };
  Expr carry_in = 0;
  for (std::size_t k = 0; k < 8; ++k) {
    Expr column_sum = carry_in;
    for (std::size_t i = 0; i <= k; ++i) column_sum += limb_x(i) * limb_y(k - i);
    const Expr product = b.main(C::kProduct + k);
    const Expr carry = b.main(C::kCarry + k);
    b.assert_eq(column_sum, product + carry * 256, "product byte");
    send_range16(b, carry, is_real, "carry");
    carry_in = carry;
  }
  send_word_range(b, word_at(b, C::kProduct), is_real, "product bytes 0..3");
  send_word_range(b, word_at(b, C::kProduct + 4), is_real, "product bytes 4..7");
  for (std::size_t i = 0; i < 4; ++i) {
    b.when(is_mul).assert_eq(a[i], b.main(C::kProduct + i), "mul: low word");
    b.when(is_mulh + is_mulhsu + is_mulhu).assert_eq(a[i], b.main(C::kProduct + 4 + i), "mulh: high word");
  }
  const Expr alu_op = is_mul * op_id(AluOp::kMul) + is_mulh * op_id(AluOp::kMulh) +
                      is_mulhsu * op_id(AluOp::kMulhsu) + is_mulhu * op_id(AluOp::kMulhu);
  receive_alu(b, alu_op, a, x, y, is_real, "mul");
}

}  // namespace neo::zkvm::circuit
