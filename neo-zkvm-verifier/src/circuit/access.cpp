// Shared chip pieces: memory accesses and byte-table lookups.
#include "neo/zkvm/circuit/access.hpp"

namespace neo::zkvm::circuit {

Word word_at(AirBuilder& b, std::size_t first_column) {
  return {b.main(first_column), b.main(first_column + 1), b.main(first_column + 2), b.main(first_column + 3)};
}

Expr one_hot_selectors(AirBuilder& b, std::size_t first, std::size_t count) {
  Expr sum = 0;
  for (std::size_t i = 0; i < count; ++i) {
    b.assert_bool(b.main(first + i), "selector boolean");
    sum += b.main(first + i);
  }
  b.assert_bool(sum, "one operation per row");
  return sum;
}

Expr pack_word(const Word& w) { return w[0] + w[1] * 256 + w[2] * 65536 + w[3] * 16777216; }

void eval_access(AirBuilder& b, const Expr& addr, const Word& prev_value, const Word& value, const Expr& ts,
                 const AccessCols& cols, const Expr& multiplicity, std::string_view label,
                 const Expr& read_only) {
  const Expr prev_ts = b.main(cols.prev_ts);
  const Expr diff_lo = b.main(cols.diff_lo);
  const Expr diff_hi = b.main(cols.diff_hi);
  b.when(multiplicity).assert_eq(ts - prev_ts - 1, diff_lo + diff_hi * 65536, label);
  send_range16(b, diff_lo, multiplicity, label);
  // 8 * hi < 2^16 keeps hi below 2^13: the gap is below 2^29.
  send_range16(b, diff_hi * 8, multiplicity, label);
  b.receive(bus_id(Bus::kMemory),
            {addr, prev_value[0], prev_value[1], prev_value[2], prev_value[3], prev_ts, read_only},
            multiplicity, label);
  b.send(bus_id(Bus::kMemory), {addr, value[0], value[1], value[2], value[3], ts, read_only}, multiplicity,
         label);
}

Expr read_only_mask(AirBuilder& b, std::size_t first) {
  Expr mask = 0;
  for (std::size_t j = 0; j < 4; ++j) {
    b.assert_bool(b.main(first + j), "read-only bit boolean");
    mask += b.main(first + j) * (1u << j);
  }
  return mask;
}

void send_byte(AirBuilder& b, ByteOp op, const Expr& x, const Expr& y, const Expr& z, const Expr& w,
               const Expr& multiplicity, std::string_view label) {
  b.send(bus_id(Bus::kByte), {Expr(op_id(op)), x, y, z, w}, multiplicity, label);
}

void send_range16(AirBuilder& b, const Expr& x, const Expr& multiplicity, std::string_view label) {
  b.send(bus_id(Bus::kRange16), {x}, multiplicity, label);
}

void send_word_range(AirBuilder& b, const Word& w, const Expr& multiplicity, std::string_view label) {
  send_byte(b, ByteOp::kU8, w[0], w[1], 0, 0, multiplicity, label);
  send_byte(b, ByteOp::kU8, w[2], w[3], 0, 0, multiplicity, label);
}

}  // namespace neo::zkvm::circuit
