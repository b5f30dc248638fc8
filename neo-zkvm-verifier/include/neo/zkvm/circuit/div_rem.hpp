// The DivRem chip: DIV / DIVU / REM / REMU, one row per operation. With q the quotient and r the remainder
// (a = q for DIV*, r for REM*), it proves over the integers, through the 8-byte convolution of the sign- or
// zero-extended operands (carries < 2^16),
//     b = q * c + r,   |r| < |c|,   r = 0 or sign(r) = sign(b)   (signed: DIV, REM),
// which determines q and r (truncating division). The RISC-V special cases are witness flags whose claims
// are fully checked: division by zero (c = 0, q = all ones; the equation then gives r = b) and signed
// overflow (b = INT_MIN, c = -1: q = INT_MIN, r = 0, where only the low word of the equation holds). A flag
// left 0 when it applies makes the row unsatisfiable (|r| < 0; q = 2^31 not a signed word).
// |r| < |c| uses the other ALU chips: |x| + x = 0 (mod 2^32) for a negative x is an ADD sent to AddSub,
// and |r| <u |c| an SLTU sent to Lt.
//
// Portable (verifier).
#pragma once

#include <cstddef>
#include <string_view>

#include "neo/zkvm/air/builder.hpp"

namespace neo::zkvm::circuit {

struct DivRemCols {
  static constexpr std::size_t kIsDiv = 0;
  static constexpr std::size_t kIsDivu = 1;
  static constexpr std::size_t kIsRem = 2;
  static constexpr std::size_t kIsRemu = 3;
  static constexpr std::size_t kA = 4;
  static constexpr std::size_t kB = 8;
  static constexpr std::size_t kC = 12;
  static constexpr std::size_t kQuotient = 16;
  static constexpr std::size_t kRemainder = 20;
  static constexpr std::size_t kCarry = 24;  // 8
  static constexpr std::size_t kMsb = 32;    // 4: msb of b, c, q, r
  static constexpr std::size_t kExt = 36;    // 4: 255 when that operand is negative and signed, else 0
  static constexpr std::size_t kDivByZero = 40;
  static constexpr std::size_t kOverflow = 41;
  static constexpr std::size_t kAbsRemainder = 42;  // 4
  static constexpr std::size_t kAbsDivisor = 46;    // 4
  static constexpr std::size_t kRemainderNegative = 50;
  static constexpr std::size_t kDivisorNegative = 51;
  static constexpr std::size_t kWidth = 52;
  // Operand order of kMsb / kExt.
  static constexpr std::size_t kOperandB = 0, kOperandC = 1, kOperandQ = 2, kOperandR = 3;
};

struct DivRemChip {
  std::string_view name() const noexcept { return "DivRem"; }
  std::size_t main_width() const noexcept { return DivRemCols::kWidth; }
  void eval(air::AirBuilder& b) const;
};

}  // namespace neo::zkvm::circuit
