// Recording mode: the events must describe the execution completely enough for offline memory checking. An
// independent checker replays every access against its own shadow memory and verifies previous values,
// previous timestamps, strictly increasing timestamps, first-touch (init) values and final values.
#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "rv32_test_util.hpp"

using namespace neo::zkvm::rv32;
using namespace neo::zkvm::rv32::reg;
using namespace neo::zkvm::rv32::test;

namespace {

// A program that touches everything a record has: ALU, x0 writes, loads/stores of each width (including
// several accesses to the same word), a loop, a never-written page, the stack, and every syscall.
Assembler exercise_program() {
  Assembler a;
  a.li(s0, kDataBase);
  a.li(s1, 5);
  auto loop = a.new_label();
  a.bind(loop);
  a.emit(enc::lw(t1, s0, 0));
  a.emit(enc::add(t1, t1, s1));
  a.emit(enc::sw(t1, s0, 0));
  a.emit(enc::sb(s1, s0, 5));
  a.emit(enc::lhu(t2, s0, 4));
  a.emit(enc::sh(t2, s0, 10));
  a.emit(enc::lb(t3, s0, 11));
  a.emit(enc::addi(zero, t3, 1));  // x0 write
  a.emit(enc::addi(s1, s1, -1));
  a.bne(s1, zero, loop);
  a.emit(enc::sw(s0, sp, -4));
  a.emit(enc::lw(t4, sp, -4));
  a.li(t5, 0x40000000).emit(enc::lw(t6, t5, 0));  // never-written page
  a.syscall(neo::guest::abi::Syscall::kHintLen);
  a.mv(s2, a0);
  a.li(a0, kDataBase + 13).mv(a1, s2).syscall(neo::guest::abi::Syscall::kHintRead);
  a.li(a0, 1).li(a1, kDataBase + 2).li(a2, 9).syscall(neo::guest::abi::Syscall::kWrite);
  a.li(a0, 3).li(a1, kDataBase).li(a2, 4).syscall(neo::guest::abi::Syscall::kWrite);
  for (std::uint32_t i = 0; i < 8; ++i)
    a.li(a0, i).li(a1, 0x1000 + i).syscall(neo::guest::abi::Syscall::kCommit);
  a.halt(0);
  return a;
}

std::vector<ElfSegmentSpec> exercise_data() {
  std::vector<std::uint8_t> bytes(32);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(0x10 + i);
  return {ElfSegmentSpec{kDataBase, kSegmentRead | kSegmentWrite, bytes, 0}};
}

ExecutorOptions exercise_options() {
  ExecutorOptions options;
  options.private_input = {0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6};
  return options;
}

// Shadow state of the offline memory checker. Registers use addresses 0..31, memory its word addresses.
struct Checker {
  struct Cell {
    std::uint32_t value = 0;
    std::uint64_t timestamp = 0;
  };
  std::map<std::uint32_t, Cell> cells;
  std::map<std::uint32_t, std::uint32_t> initial;  // what memory-init must say for each touched memory word
  std::set<std::uint32_t> touched;

  explicit Checker(const ProgramImage& image) {
    for (std::uint32_t r = 0; r < 32; ++r) cells[r] = Cell{r == sp ? neo::guest::abi::kStackTop : 0u, 0};
    for (const MemoryWord& w : image.initial_words) cells[w.addr] = Cell{w.value, 0};
  }

  void access(const MemoryAccess& a, std::uint64_t timestamp, bool is_read) {
    INFO("address 0x" << std::hex << a.addr << " at timestamp " << std::dec << timestamp);
    const Cell before = cells.count(a.addr) ? cells[a.addr] : Cell{};
    CHECK(a.prev_value == before.value);
    CHECK(a.prev_timestamp == before.timestamp);
    CHECK(timestamp > before.timestamp);
    if (is_read) CHECK(a.value == a.prev_value);
    if (a.addr < 32) {
      if (a.addr == 0) CHECK(a.value == 0u);
    } else {
      CHECK(a.addr % 4 == 0);
      if (touched.insert(a.addr).second) initial[a.addr] = before.value;
    }
    cells[a.addr] = Cell{a.value, timestamp};
  }
};

void check_record(const ProgramImage& image, const ExecutionResult& result, const ExecutionRecord& record) {
  Checker checker(image);
  REQUIRE(record.cpu.size() == result.cycles);
  std::size_t syscall_index = 0;
  for (std::size_t i = 0; i < record.cpu.size(); ++i) {
    const CpuEvent& e = record.cpu[i];
    INFO("event " << i << " pc 0x" << std::hex << e.pc);
    CHECK(e.cycle == i);
    CHECK(e.pc == (i == 0 ? image.entry : record.cpu[i - 1].next_pc));
    CHECK(decode(e.instruction).opcode == e.opcode);
    const std::uint64_t t = timestamp_of_cycle(e.cycle);
    if (e.accesses & kAccessRs1) checker.access(e.rs1, t + kRs1TimestampOffset, true);
    if (e.accesses & kAccessRs2) checker.access(e.rs2, t + kRs2TimestampOffset, true);
    if (e.opcode == Opcode::kEcall) {
      CHECK(e.rs1.addr == t0);
      CHECK(e.rs2.addr == a0);
      REQUIRE(syscall_index < record.syscalls.size());
      const SyscallEvent& s = record.syscalls[syscall_index++];
      CHECK(s.cycle == e.cycle);
      CHECK(s.syscall == e.rs1.value);
      CHECK(s.args[0] == e.rs2.value);
      CHECK(s.a1.addr == a1);
      CHECK(s.a2.addr == a2);
      checker.access(s.a1, t + kMemoryTimestampOffset, true);
      checker.access(s.a2, t + kMemoryTimestampOffset, true);
      CHECK(s.args[1] == s.a1.value);
      CHECK(s.args[2] == s.a2.value);
      for (std::size_t k = 0; k < s.memory_access_count; ++k) {
        const MemoryAccess& m = record.syscall_memory.at(s.first_memory_access + k);
        checker.access(m, t + kMemoryTimestampOffset, s.syscall != 3 /* HINT_READ writes */);
      }
    } else {
      const Instruction insn = decode(e.instruction);
      const OperandUse use = operand_use(insn.opcode);
      CHECK(((e.accesses & kAccessRs1) != 0) == use.reads_rs1);
      CHECK(((e.accesses & kAccessRs2) != 0) == use.reads_rs2);
      CHECK(((e.accesses & kAccessRd) != 0) == use.writes_rd);
      if (use.reads_rs1) CHECK(e.rs1.addr == insn.rs1);
      if (use.reads_rs2) CHECK(e.rs2.addr == insn.rs2);
      if (use.writes_rd) CHECK(e.rd.addr == insn.rd);
      const bool is_memory = insn.opcode >= Opcode::kLb && insn.opcode <= Opcode::kSw;
      CHECK(((e.accesses & kAccessMemory) != 0) == is_memory);
      if (is_memory) {
        const std::uint32_t addr = e.rs1.value + static_cast<std::uint32_t>(insn.imm);
        CHECK(e.memory.addr == (addr & ~3u));
        checker.access(e.memory, t + kMemoryTimestampOffset, insn.opcode <= Opcode::kLhu);
      }
    }
    if (e.accesses & kAccessRd) checker.access(e.rd, t + kRdTimestampOffset, false);
  }
  CHECK(syscall_index == record.syscalls.size());

  // memory-init: exactly the touched words, each once, with its value before the first access.
  std::map<std::uint32_t, std::uint32_t> init;
  for (const MemoryWord& w : record.memory_init) CHECK(init.emplace(w.addr, w.value).second);
  CHECK(init == checker.initial);
  // memory-finalize: the checker's final state of every touched word, sorted by address.
  REQUIRE(record.memory_final.size() == checker.touched.size());
  for (std::size_t i = 0; i < record.memory_final.size(); ++i) {
    const FinalWord& f = record.memory_final[i];
    if (i > 0) CHECK(record.memory_final[i - 1].addr < f.addr);
    CHECK(f.value == checker.cells[f.addr].value);
    CHECK(f.timestamp == checker.cells[f.addr].timestamp);
  }
  REQUIRE(record.registers_final.size() == 32);
  for (std::uint32_t r = 0; r < 32; ++r) {
    CHECK(record.registers_final[r].addr == r);
    CHECK(record.registers_final[r].value == checker.cells[r].value);
    CHECK(record.registers_final[r].value == result.registers[r]);
    CHECK(record.registers_final[r].timestamp == checker.cells[r].timestamp);
  }
}

}  // namespace

TEST_CASE("rv32 recording: every access checks out against a shadow memory", "[rv32][record]") {
  const ProgramImage image = exercise_program().image(exercise_data());
  const RecordedExecution recorded = execute_recording(image, exercise_options());
  REQUIRE(recorded.result.success());
  CHECK(std::string(recorded.result.stdout_bytes.begin(), recorded.result.stdout_bytes.end()).size() == 9);
  REQUIRE(recorded.record.syscalls.size() == 13);   // HINT_LEN, HINT_READ, 2 WRITE, 8 COMMIT, HALT
  CHECK(recorded.record.syscalls[0].result == 6u);  // HINT_LEN
  CHECK(recorded.record.syscall_memory.size() > 0);
  check_record(image, recorded.result, recorded.record);
}

TEST_CASE("rv32 recording: random programs check out too", "[rv32][record]") {
  // Random straight-line mixes of ALU ops and memory accesses to a small buffer (heavy word reuse).
  std::uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::uint32_t>(state >> 33);
  };
  for (int program = 0; program < 50; ++program) {
    Assembler a;
    a.li(s0, kDataBase);
    for (int i = 0; i < 200; ++i) {
      auto rd = static_cast<Reg>(next() % 32);
      if (rd == s0) rd = zero;  // keep the buffer base
      const auto rs = static_cast<Reg>(next() % 32);
      const auto offset = static_cast<std::int32_t>(next() % 16) * 4;
      switch (next() % 6) {
        case 0:
          a.emit(enc::add(rd, rs, static_cast<Reg>(next() % 32)));
          break;
        case 1:
          a.emit(enc::lw(rd, s0, offset));
          break;
        case 2:
          a.emit(enc::sw(rs, s0, offset));
          break;
        case 3:
          a.emit(enc::sb(rs, s0, offset + static_cast<std::int32_t>(next() % 4)));
          break;
        case 4:
          a.emit(enc::lhu(rd, s0, offset + 2));
          break;
        default:
          a.emit(enc::mulhu(rd, rs, rs));
          break;
      }
    }
    a.halt(0);
    const ProgramImage image = a.image(exercise_data());
    const RecordedExecution recorded = execute_recording(image, {});
    REQUIRE(recorded.result.success());
    check_record(image, recorded.result, recorded.record);
  }
}

TEST_CASE("rv32 recording in shards gives the same events as one run", "[rv32][record]") {
  const ProgramImage image = exercise_program().image(exercise_data());
  const RecordedExecution whole = execute_recording(image, exercise_options());
  for (std::uint64_t shard : {1u, 7u, 64u}) {
    Executor executor(image, exercise_options());
    ExecutionRecord combined;
    std::size_t shards = 0;
    bool stopped = false;
    while (!stopped) {
      ExecutionRecord part;
      stopped = executor.run_recording(part, shard);
      CHECK(part.cpu.size() <= shard);
      for (const CpuEvent& e : part.cpu) combined.cpu.push_back(e);
      const std::size_t offset = combined.syscall_memory.size();
      for (SyscallEvent s : part.syscalls) {
        s.first_memory_access += offset;
        combined.syscalls.push_back(s);
      }
      combined.syscall_memory.insert(combined.syscall_memory.end(), part.syscall_memory.begin(),
                                     part.syscall_memory.end());
      combined.memory_init.insert(combined.memory_init.end(), part.memory_init.begin(),
                                  part.memory_init.end());
      ++shards;
    }
    executor.finalize_record(combined);
    INFO("shard size " << shard);
    CHECK(shards == (whole.result.cycles + shard - 1) / shard);
    REQUIRE(combined.cpu.size() == whole.record.cpu.size());
    for (std::size_t i = 0; i < combined.cpu.size(); ++i) {
      const CpuEvent& x = combined.cpu[i];
      const CpuEvent& y = whole.record.cpu[i];
      CHECK((x.pc == y.pc && x.next_pc == y.next_pc && x.accesses == y.accesses && x.rs1 == y.rs1 &&
             x.rs2 == y.rs2 && x.rd == y.rd && x.memory == y.memory));
    }
    CHECK(combined.memory_init == whole.record.memory_init);
    CHECK(combined.memory_final == whole.record.memory_final);
    CHECK(combined.registers_final == whole.record.registers_final);
    check_record(image, executor.result(), combined);
  }
}

TEST_CASE("rv32 an executor runs in one mode only", "[rv32][record]") {
  const ProgramImage image = exercise_program().image(exercise_data());
  Executor fast(image, exercise_options());
  fast.run();
  ExecutionRecord record;
  CHECK_THROWS_AS(fast.run_recording(record, 10), std::logic_error);
  Executor recording(image, exercise_options());
  recording.run_recording(record, 10);
  CHECK_THROWS_AS(recording.run(), std::logic_error);
}
