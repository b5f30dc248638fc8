// The Program table's constraints.
#include "neo/zkvm/circuit/program.hpp"

#include <vector>

namespace neo::zkvm::circuit {

void ProgramChip::eval(air::AirBuilder& b) const {
  using P = ProgramPreprocessedCols;
  const air::Expr is_real = b.preprocessed(P::kIsReal);
  const air::Expr multiplicity = b.main(ProgramCols::kMultiplicity);
  // A padding row's tuple is all zeros: counting it would let a CPU row execute a made-up instruction.
  b.assert_zero((air::Expr(1) - is_real) * multiplicity, "padding row never executed");
  std::vector<air::Expr> tuple;
  for (std::size_t i = 0; i < ProgramTupleCols::kWidth; ++i) tuple.push_back(b.preprocessed(P::kTuple + i));
  b.receive(bus_id(Bus::kProgram), tuple, multiplicity, "instruction");
}

}  // namespace neo::zkvm::circuit
