// Shared pieces of chip code: one memory access of the offline memory check, and the byte-table lookups.
//
// An access to `addr` at timestamp `ts` receives (addr, prev_value, prev_ts, ro) and sends (addr, value, ts,
// ro) on the MEMORY bus (ro: the word's read-only byte mask, 0 for registers) and proves prev_ts < ts: ts -
// prev_ts - 1 = diff_lo + 2^16 diff_hi with diff_lo < 2^16 and 8 diff_hi < 2^16 (so the difference is below
// 2^29 and, all timestamps being below 2^29 < p, the field difference is the integer one).
//
// Portable (verifier).
#pragma once

#include <array>
#include <string_view>

#include "neo/zkvm/air/builder.hpp"
#include "neo/zkvm/circuit/buses.hpp"
#include "neo/zkvm/circuit/opcodes.hpp"

namespace neo::zkvm::circuit {

using air::AirBuilder;
using air::Expr;

using Word = std::array<Expr, 4>;

// The three columns of an access besides its values: previous timestamp and the two limbs of the gap.
struct AccessCols {
  std::size_t prev_ts;
  std::size_t diff_lo;
  std::size_t diff_hi;
  static constexpr std::size_t kWidth = 3;
};

// Words of 4 consecutive columns.
Word word_at(AirBuilder& b, std::size_t first_column);

void eval_access(AirBuilder& b, const Expr& addr, const Word& prev_value, const Word& value, const Expr& ts,
                 const AccessCols& cols, const Expr& multiplicity, std::string_view label,
                 const Expr& read_only = Expr(0));
// The read-only mask of 4 boolean columns at first..first+3 (bit j = byte j), as one field.
Expr read_only_mask(AirBuilder& b, std::size_t first);

void send_byte(AirBuilder& b, ByteOp op, const Expr& x, const Expr& y, const Expr& z, const Expr& w,
               const Expr& multiplicity, std::string_view label);
void send_range16(AirBuilder& b, const Expr& x, const Expr& multiplicity, std::string_view label);
// Both limbs of a word are bytes (two U8 lookups).
void send_word_range(AirBuilder& b, const Word& w, const Expr& multiplicity, std::string_view label);

// `count` mutually exclusive operation selectors at columns first..first+count-1: each boolean and their sum
// boolean. Returns the sum (the row's is_real).
Expr one_hot_selectors(AirBuilder& b, std::size_t first, std::size_t count);

// b0 + 2^8 b1 + 2^16 b2 + 2^24 b3 (the field value of a word: exact when the word is below p).
Expr pack_word(const Word& w);

}  // namespace neo::zkvm::circuit
