// The concrete circuit checker: constraints row by row with air::evaluate_nodes, buses as multisets.
#include "neo/zkvm/circuit/checker.hpp"

#include <map>
#include <sstream>

#include "neo/zkvm/air/eval.hpp"

namespace neo::zkvm::circuit {

namespace {

using field::BabyBear;

std::span<const BabyBear> row_of(const merkle::RowMajorMatrix& m, std::size_t r) {
  if (m.width == 0) return {};
  return m.row(r % m.height());
}

struct TupleKey {
  std::uint32_t bus;
  std::vector<std::uint32_t> fields;
  bool operator<(const TupleKey& o) const { return bus != o.bus ? bus < o.bus : fields < o.fields; }
};

struct Balance {
  BabyBear net;
  std::string first_sender;    // chip and interaction label of the first send seen
  std::string first_receiver;  // same for receives
};

}  // namespace

CheckResult check_circuit(const std::vector<air::ConstraintSystem>& systems, const CircuitTraces& traces) {
  CheckResult out;
  std::ostringstream message;
  std::map<TupleKey, Balance> balance;
  for (std::size_t chip = 0; chip < systems.size(); ++chip) {
    const air::ConstraintSystem& cs = systems[chip];
    const merkle::RowMajorMatrix& main = traces.main[chip];
    const merkle::RowMajorMatrix& pre = traces.preprocessed[chip];
    const std::size_t height = main.height();
    if (main.width != cs.main_width || pre.width != cs.preprocessed_width ||
        (pre.width != 0 && pre.height() != height) ||
        traces.public_values[chip].size() != cs.num_public_values) {
      out.constraints_ok = false;
      message << "chip " << cs.name << ": trace shape does not match its constraint system\n";
      continue;
    }
    std::vector<BabyBear> values(cs.nodes.size());
    bool reported = false;
    for (std::size_t r = 0; r < height; ++r) {
      air::RowValues<BabyBear> row;
      row.main_local = row_of(main, r);
      row.main_next = row_of(main, r + 1);
      row.preprocessed_local = row_of(pre, r);
      row.preprocessed_next = row_of(pre, r + 1);
      row.public_values = traces.public_values[chip];
      row.is_first_row = r == 0 ? BabyBear::one() : BabyBear::zero();
      row.is_last_row = r + 1 == height ? BabyBear::one() : BabyBear::zero();
      row.is_transition = r + 1 == height ? BabyBear::zero() : BabyBear::one();
      air::evaluate_nodes<BabyBear>(cs.nodes, row, values);
      for (std::size_t i = 0; i < cs.constraints.size() && !reported; ++i) {
        if (!values[cs.constraints[i].root].is_zero()) {
          out.constraints_ok = false;
          reported = true;  // one report per chip keeps the message readable
          message << "chip " << cs.name << ": constraint " << i << " '" << cs.constraints[i].label
                  << "' fails on row " << r << "\n";
        }
      }
      for (const air::Interaction& in : cs.interactions) {
        const BabyBear m = values[in.multiplicity];
        if (m.is_zero()) continue;
        TupleKey key{in.bus, {}};
        for (std::uint32_t f : in.fields) key.fields.push_back(values[f].to_canonical());
        Balance& b = balance[key];
        std::string& who = in.is_send ? b.first_sender : b.first_receiver;
        if (who.empty())
          who = std::string(cs.name) + " '" + std::string(in.label) + "' row " + std::to_string(r);
        b.net = in.is_send ? b.net + m : b.net - m;
      }
    }
  }
  for (const auto& [key, b] : balance) {
    if (b.net.is_zero()) continue;
    out.buses_ok = false;
    message << "bus " << key.bus << " tuple (";
    for (std::size_t i = 0; i < key.fields.size(); ++i) message << (i ? ", " : "") << key.fields[i];
    message << ") unbalanced by " << b.net.to_canonical() << " (sent by "
            << (b.first_sender.empty() ? "nobody" : b.first_sender) << ", received by "
            << (b.first_receiver.empty() ? "nobody" : b.first_receiver) << ")\n";
    break;
  }
  out.message = message.str();
  return out;
}

}  // namespace neo::zkvm::circuit
