// The buses' range contracts (contracts.hpp). Fields not listed are kAny: a receiver relies on nothing about
// them that a bus could break (ids, addresses and timestamps, whose bounds come from where they are made:
// docs/circuit.md §2-3).
#include "neo/zkvm/circuit/contracts.hpp"

#include <vector>

#include "neo/zkvm/circuit/buses.hpp"
#include "neo/zkvm/circuit/opcodes.hpp"

namespace neo::zkvm::circuit {

namespace {

using air::BusContract;
using air::FieldContract;
using air::FieldRange;
using air::Prover;

constexpr FieldContract kAny{};
constexpr FieldContract sender(FieldRange r) { return {r, Prover::kSender}; }
constexpr FieldContract receiver(FieldRange r) { return {r, Prover::kReceiver}; }

void append(std::vector<FieldContract>& v, std::size_t n, FieldContract c) {
  for (std::size_t i = 0; i < n; ++i) v.push_back(c);
}

std::vector<BusContract> make() {
  std::vector<BusContract> out;
  {
    // (pc, alu_op, mem_op, rd, rs1, rs2, imm[4], aux[4], target, flags): the Program table (preprocessed from
    // the ELF by setup) holds the decoded instruction; the CPU relies on the bytes and the flags.
    BusContract c{bus_id(Bus::kProgram), "PROGRAM", {}, {}};
    append(c.fields, 6, kAny);
    append(c.fields, 4, receiver(FieldRange::kByte));
    append(c.fields, 4, receiver(FieldRange::kByte));
    append(c.fields, 1, kAny);
    append(c.fields, kProgramFlagCount, receiver(FieldRange::kBool));
    out.push_back(std::move(c));
  }
  {
    // (addr, value[4], ts, ro): whoever writes a value proves its bytes (so reads inherit them). The
    // read-only mask is passed through unchanged from the image; MemoryInstr and SyscallMemory decompose it
    // into bits themselves, so nobody relies on its range.
    BusContract c{bus_id(Bus::kMemory), "MEMORY", {}, {}};
    c.fields.push_back(kAny);
    append(c.fields, 4, sender(FieldRange::kByte));
    c.fields.push_back(kAny);
    c.fields.push_back(kAny);
    out.push_back(std::move(c));
  }
  {
    // (op, a[4], b[4], c[4]): the ALU chip proves its result's bytes, the sender its operands'.
    BusContract c{bus_id(Bus::kAlu), "ALU", {}, {}};
    c.fields.push_back(kAny);
    append(c.fields, 4, receiver(FieldRange::kByte));
    append(c.fields, 8, sender(FieldRange::kByte));
    out.push_back(std::move(c));
  }
  {
    // (op, x, y, z, w): rows of the preprocessed Byte table; LTU and MSB answer with a boolean.
    BusContract c{bus_id(Bus::kByte), "BYTE", {}, {}};
    c.fields.push_back(kAny);
    append(c.fields, 4, receiver(FieldRange::kByte));
    for (const ByteOp op : {ByteOp::kLtu, ByteOp::kMsb}) {
      BusContract::ByOp r{op_id(op), c.fields};
      r.fields[3] = receiver(FieldRange::kBool);
      c.by_op.push_back(std::move(r));
    }
    out.push_back(std::move(c));
  }
  out.push_back(BusContract{bus_id(Bus::kRange16), "RANGE16", {receiver(FieldRange::kU16)}, {}});
  {
    // (op, addr[4], data[4], result[4], ts): the CPU proves the address and store data bytes (ALU result,
    // register), MemoryInstr the loaded result's.
    BusContract c{bus_id(Bus::kMemInstr), "MEMINSTR", {}, {}};
    c.fields.push_back(kAny);
    append(c.fields, 8, sender(FieldRange::kByte));
    append(c.fields, 4, receiver(FieldRange::kByte));
    c.fields.push_back(kAny);
    out.push_back(std::move(c));
  }
  {
    // (ts, id[4], a0[4], result[4], writes_a0, is_halt): the CPU proves the register bytes and its two flags,
    // the Syscall chip the result's bytes.
    BusContract c{bus_id(Bus::kSyscall), "SYSCALL", {}, {}};
    c.fields.push_back(kAny);
    append(c.fields, 8, sender(FieldRange::kByte));
    append(c.fields, 4, receiver(FieldRange::kByte));
    append(c.fields, 2, sender(FieldRange::kBool));
    out.push_back(std::move(c));
  }
  {
    // (addr, value[4], ro): the preprocessed image holds bytes.
    BusContract c{bus_id(Bus::kImage), "IMAGE", {}, {}};
    c.fields.push_back(kAny);
    append(c.fields, 4, receiver(FieldRange::kByte));
    c.fields.push_back(kAny);
    out.push_back(std::move(c));
  }
  {
    // (ts, word, last_word, start_offset, end_offset, writes): the receiver recomputes both offsets from its
    // own one-hot columns and the word chain ends at last_word (docs/circuit.md §3); `writes` selects what
    // the receiver may change, so the sender proves it boolean.
    BusContract c{bus_id(Bus::kSyscallMemory), "SYSCALL_MEMORY", {}, {}};
    append(c.fields, 5, kAny);
    c.fields.push_back(sender(FieldRange::kBool));
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

std::span<const air::BusContract> bus_contracts() {
  static const std::vector<air::BusContract> contracts = make();
  return contracts;
}

}  // namespace neo::zkvm::circuit
