// The DivRem chip's constraints (div_rem.hpp).
#include "neo/zkvm/circuit/div_rem.hpp"

#include "neo/zkvm/circuit/access.hpp"

namespace neo::zkvm::circuit {

void DivRemChip::eval(air::AirBuilder& b) const {
  using C = DivRemCols;
  const Expr is_div = b.main(C::kIsDiv);
  const Expr is_divu = b.main(C::kIsDivu);
  const Expr is_rem = b.main(C::kIsRem);
  const Expr is_remu = b.main(C::kIsRemu);
  const Expr is_real = one_hot_selectors(b, C::kIsDiv, 4);
  const Expr is_signed = is_div + is_rem;
  const Word a = word_at(b, C::kA);
  const Word x = word_at(b, C::kB);
  const Word y = word_at(b, C::kC);
  const Word q = word_at(b, C::kQuotient);
  const Word r = word_at(b, C::kRemainder);
  const Word abs_r = word_at(b, C::kAbsRemainder);
  const Word abs_c = word_at(b, C::kAbsDivisor);
  const Expr by_zero = b.main(C::kDivByZero);
  const Expr overflow = b.main(C::kOverflow);
  const Expr r_negative = b.main(C::kRemainderNegative);
  const Expr c_negative = b.main(C::kDivisorNegative);
  const Word* operands[4] = {&x, &y, &q, &r};

  b.receive(bus_id(Bus::kAlu),
            {is_div * op_id(AluOp::kDiv) + is_divu * op_id(AluOp::kDivu) + is_rem * op_id(AluOp::kRem) +
                 is_remu * op_id(AluOp::kRemu),
             a[0], a[1], a[2], a[3], x[0], x[1], x[2], x[3], y[0], y[1], y[2], y[3]},
            is_real, "div/rem");
  for (std::size_t i = 0; i < 4; ++i) {
    b.when(is_div + is_divu).assert_eq(a[i], q[i], "a = quotient");
    b.when(is_rem + is_remu).assert_eq(a[i], r[i], "a = remainder");
  }
  send_word_range(b, q, is_real, "quotient bytes");
  send_word_range(b, r, is_real, "remainder bytes");

  // Signs and extensions.
  for (std::size_t k = 0; k < 4; ++k) {
    const Expr msb = b.main(C::kMsb + k);
    b.assert_bool(msb, "operand sign boolean");  // also on padding rows: r_negative is a multiplicity
    send_byte(b, ByteOp::kMsb, (*operands[k])[3], 0, msb, 0, is_real, "operand sign");
    b.assert_eq(b.main(C::kExt + k), is_signed * msb * 255, "sign extension byte");
  }
  const auto limb = [&](std::size_t operand, std::size_t i) {
    return i < 4 ? (*operands[operand])[i] : b.main(C::kExt + operand);
  };

  // b = q c + r over 8 bytes (only the low 4 under signed overflow).
  Expr carry_in = 0;
  for (std::size_t k = 0; k < 8; ++k) {
    Expr sum = carry_in + limb(C::kOperandR, k);
    for (std::size_t i = 0; i <= k; ++i) sum += limb(C::kOperandQ, i) * limb(C::kOperandC, k - i);
    const Expr carry = b.main(C::kCarry + k);
    const Expr equation = sum - limb(C::kOperandB, k) - carry * 256;
    if (k < 4) {
      b.assert_zero(equation, "b = q c + r (low word)");
    } else {
      b.when(Expr(1) - overflow).assert_zero(equation, "b = q c + r (high word)");
    }
    send_range16(b, carry, is_real, "carry");
    carry_in = carry;
  }

  // Division by zero: c = 0 and q = all ones (r = b follows from the equation).
  b.assert_bool(by_zero, "by_zero boolean");
  b.when(Expr(1) - is_real).assert_zero(by_zero, "padding");
  for (std::size_t i = 0; i < 4; ++i) {
    b.when(by_zero).assert_zero(y[i], "divisor is zero");
    b.when(by_zero).assert_eq(q[i], 255, "quotient all ones");
  }
  // Signed overflow: INT_MIN / -1 = INT_MIN, remainder 0.
  b.assert_bool(overflow, "overflow boolean");
  b.when(overflow).assert_one(is_signed, "overflow only when signed");
  for (std::size_t i = 0; i < 4; ++i) {
    const std::uint32_t int_min_byte = i == 3 ? 0x80 : 0;
    b.when(overflow).assert_eq(x[i], int_min_byte, "b = INT_MIN");
    b.when(overflow).assert_eq(y[i], 255, "c = -1");
    b.when(overflow).assert_eq(q[i], int_min_byte, "q = INT_MIN");
    b.when(overflow).assert_zero(r[i], "r = 0");
  }

  // The remainder has the sign of b (or is 0): a negative b with r >= 0 forces r = 0, and r < 0 with b >= 0
  // is impossible (it would force r = 0).
  const Expr msb_b = b.main(C::kMsb + C::kOperandB);
  const Expr msb_r = b.main(C::kMsb + C::kOperandR);
  for (std::size_t i = 0; i < 4; ++i) {
    b.when(is_signed).assert_zero((msb_b - msb_r) * r[i], "remainder sign");
  }
  // |r| < |c| unless dividing by zero.
  b.assert_eq(r_negative, is_signed * msb_r, "remainder negative");
  b.assert_eq(c_negative, is_signed * b.main(C::kMsb + C::kOperandC), "divisor negative");
  // Multiplicities below: boolean by a constraint of their own, so that their bound is 1 (analysis.hpp).
  b.assert_bool(r_negative, "remainder negative boolean");
  b.assert_bool(c_negative, "divisor negative boolean");
  for (std::size_t i = 0; i < 4; ++i) {
    b.when(Expr(1) - r_negative).assert_eq(abs_r[i], r[i], "|r| = r");
    b.when(Expr(1) - c_negative).assert_eq(abs_c[i], y[i], "|c| = c");
  }
  // AddSub and Lt rely on their inputs being bytes (the ALU bus's range contract: the sender proves b and
  // c). A negated |r| or |c| is made here, so it is range-checked here; otherwise it is r or c, bytes
  // already. Without this, |c| = [1, p - 256, p - 255, 1] passed ADD(0; -1, |c|) and made 100 / -1 = 0.
  send_word_range(b, abs_r, r_negative, "|r| bytes");
  send_word_range(b, abs_c, c_negative, "|c| bytes");
  b.send(
      bus_id(Bus::kAlu),
      {Expr(op_id(AluOp::kAdd)), 0, 0, 0, 0, r[0], r[1], r[2], r[3], abs_r[0], abs_r[1], abs_r[2], abs_r[3]},
      r_negative, "|r| = -r");
  b.send(
      bus_id(Bus::kAlu),
      {Expr(op_id(AluOp::kAdd)), 0, 0, 0, 0, y[0], y[1], y[2], y[3], abs_c[0], abs_c[1], abs_c[2], abs_c[3]},
      c_negative, "|c| = -c");
  b.send(bus_id(Bus::kAlu),
         {Expr(op_id(AluOp::kSltu)), 1, 0, 0, 0, abs_r[0], abs_r[1], abs_r[2], abs_r[3], abs_c[0], abs_c[1],
          abs_c[2], abs_c[3]},
         is_real - by_zero, "|r| < |c|");
}

}  // namespace neo::zkvm::circuit
