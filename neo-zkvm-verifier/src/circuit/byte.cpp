// The Byte table's constraints: only its receives (the preprocessed columns are the facts).
#include "neo/zkvm/circuit/byte.hpp"

#include "neo/zkvm/circuit/access.hpp"

namespace neo::zkvm::circuit {

void ByteChip::eval(air::AirBuilder& b) const {
  using P = BytePreprocessedCols;
  const Expr x = b.preprocessed(P::kX);
  const Expr y = b.preprocessed(P::kY);
  const auto receive = [&](ByteOp op, const Expr& z, const Expr& w, std::string_view label) {
    b.receive(bus_id(Bus::kByte), {Expr(op_id(op)), x, y, z, w}, b.main(ByteCols::multiplicity(op)), label);
  };
  receive(ByteOp::kAnd, b.preprocessed(P::kAnd), 0, "and");
  receive(ByteOp::kOr, b.preprocessed(P::kOr), 0, "or");
  receive(ByteOp::kXor, b.preprocessed(P::kXor), 0, "xor");
  receive(ByteOp::kLtu, b.preprocessed(P::kLtu), 0, "ltu");
  receive(ByteOp::kMsb, b.preprocessed(P::kMsb), 0, "msb");
  receive(ByteOp::kU8, 0, 0, "u8");
  receive(ByteOp::kShr, b.preprocessed(P::kShr), b.preprocessed(P::kShrCarry), "shr");
  b.receive(bus_id(Bus::kRange16), {x * 256 + y}, b.main(ByteCols::kRange16), "u16");
}

}  // namespace neo::zkvm::circuit
