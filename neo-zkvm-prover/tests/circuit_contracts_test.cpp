// The preprocessed tables keep the range contracts that their receives promise (the setup check takes them on
// trust as the verifier's own computation: air/contracts.hpp): every row of the Byte, Program and MemoryImage
// tables of a program holds, in each field its side proves, a value in range. And the honest traces of a
// program that touches every chip keep every contract on every row that interacts.
#include <catch2/catch.hpp>

#include "circuit_test_util.hpp"
#include "neo/zkvm/air/analysis.hpp"
#include "neo/zkvm/air/eval.hpp"
#include "neo/zkvm/circuit/contracts.hpp"

using namespace neo::zkvm;
using namespace neo::zkvm::circuit;
using namespace neo::zkvm::circuit::test;
using namespace neo::zkvm::rv32::reg;
namespace enc = neo::zkvm::rv32::encode;
using field::BabyBear;

namespace {

bool in_range(BabyBear v, air::FieldRange r) {
  const std::uint32_t x = v.to_canonical();
  switch (r) {
    case air::FieldRange::kAny:
      return true;
    case air::FieldRange::kBool:
      return x <= 1;
    case air::FieldRange::kByte:
      return x < 256;
    case air::FieldRange::kU16:
      return x < 65536;
  }
  return false;
}

const air::BusContract& contract_of(std::uint32_t bus) {
  for (const air::BusContract& c : bus_contracts()) {
    if (c.bus == bus) return c;
  }
  FAIL("no contract for bus " << bus);
  return bus_contracts()[0];
}

// Every field of every interaction, on every row where it interacts (every row for a table's receives),
// against the contract — both sides' fields, whoever proves them.
void require_contracts_hold(const CircuitTraces& t) {
  const auto& systems = chip_set().systems;
  for (std::size_t chip = 0; chip < systems.size(); ++chip) {
    const air::ConstraintSystem& cs = systems[chip];
    const merkle::RowMajorMatrix& main = t.main[chip];
    const merkle::RowMajorMatrix& pre = t.preprocessed[chip];
    const std::size_t height = main.height();
    std::vector<BabyBear> values(cs.nodes.size());
    for (std::size_t r = 0; r < height; ++r) {
      air::RowValues<BabyBear> row;
      row.main_local = main.row(r);
      row.main_next = main.row((r + 1) % height);
      if (pre.width != 0) {
        row.preprocessed_local = pre.row(r);
        row.preprocessed_next = pre.row((r + 1) % height);
      }
      row.public_values = t.public_values[chip];
      row.is_first_row = r == 0 ? BabyBear::one() : BabyBear::zero();
      row.is_last_row = r + 1 == height ? BabyBear::one() : BabyBear::zero();
      row.is_transition = r + 1 == height ? BabyBear::zero() : BabyBear::one();
      air::evaluate_nodes<BabyBear>(cs.nodes, row, values);
      for (std::size_t i = 0; i < cs.interactions.size(); ++i) {
        const air::Interaction& in = cs.interactions[i];
        const bool table = cs.multiplicity_bounds[i] == air::kTableInteraction;
        if (!table && values[in.multiplicity].is_zero()) continue;
        const BabyBear op = values[in.fields[0]];
        const auto& fields =
            contract_of(in.bus).fields_for(cs.nodes[in.fields[0]].kind == air::NodeKind::kConstant
                                               ? std::optional<std::uint32_t>(op.to_canonical())
                                               : std::nullopt);
        REQUIRE(fields.size() == in.fields.size());
        for (std::size_t j = 0; j < fields.size(); ++j) {
          INFO(cs.name << " '" << in.label << "' row " << r << " field " << j << " = "
                       << values[in.fields[j]].to_canonical());
          CHECK(in_range(values[in.fields[j]], fields[j].range));
        }
      }
    }
  }
}

}  // namespace

TEST_CASE("range contracts hold on the preprocessed tables and on honest traces", "[circuit][contracts]") {
  const std::uint32_t data = rv32::test::kDataBase;
  Assembler a;
  a.li(s0, data).li(a1, 0x80000123u).li(a2, 0xFFFFF00Du);
  a.emit(enc::add(a3, a1, a2)).emit(enc::sub(a3, a1, a2)).emit(enc::xor_(a3, a1, a2));
  a.emit(enc::slt(a3, a1, a2)).emit(enc::sltu(a3, a1, a2)).emit(enc::sra(a3, a1, a2));
  a.emit(enc::mulh(a3, a1, a2)).emit(enc::div(a3, a1, a2)).emit(enc::rem(a3, a2, a1));
  a.emit(enc::lui(a4, 0xABCDE)).emit(enc::auipc(a4, 0x12345));
  a.emit(enc::sw(a1, s0, 0)).emit(enc::lb(a4, s0, 3)).emit(enc::lhu(a4, s0, 2)).emit(enc::sb(a2, s0, 1));
  for (std::uint32_t i = 0; i < 8; ++i)
    a.li(a0, i).li(a1, 0x01010101u * i).syscall(neo::guest::abi::Syscall::kCommit);
  a.halt(0);
  require_contracts_hold(require_valid(a));
}
