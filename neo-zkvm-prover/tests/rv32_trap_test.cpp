// Every way a guest can stop: HALT, each trap cause (with its pc, instruction and value), the cycle limit;
// and the syscalls' effects (WRITE collects bytes per fd, HINT_LEN/HINT_READ, COMMIT).
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "rv32_test_util.hpp"

using namespace neo::zkvm::rv32;
using namespace neo::zkvm::rv32::reg;
using namespace neo::zkvm::rv32::test;

namespace {

constexpr std::uint32_t kCode = abi::kMemoryStart;

ElfSegmentSpec rw_data(std::vector<std::uint8_t> bytes, std::uint32_t mem_size = 0) {
  return ElfSegmentSpec{kDataBase, kSegmentRead | kSegmentWrite, std::move(bytes), mem_size};
}
ElfSegmentSpec ro_data(std::uint32_t vaddr, std::vector<std::uint8_t> bytes) {
  return ElfSegmentSpec{vaddr, kSegmentRead, std::move(bytes), 0};
}

std::vector<std::uint8_t> bytes_of(const std::string& text) { return {text.begin(), text.end()}; }

// Checks that the run trapped with exactly this trap, and that execution stopped at it.
void require_trap(const ExecutionResult& r, TrapCause cause, std::uint32_t pc, std::uint32_t instruction,
                  std::uint32_t value) {
  REQUIRE(r.status == ExitStatus::kTrapped);
  REQUIRE(r.trap.has_value());
  INFO(describe(*r.trap));
  CHECK(r.trap->cause == cause);
  CHECK(r.trap->pc == pc);
  CHECK(r.trap->instruction == instruction);
  CHECK(r.trap->value == value);
  CHECK(r.pc == pc);
}

}  // namespace

TEST_CASE("rv32 HALT returns the exit code and counts the ecall as a cycle", "[rv32][syscall]") {
  Assembler a;
  a.halt(42);
  const ExecutionResult r = run(a);
  REQUIRE(r.status == ExitStatus::kHalted);
  CHECK(r.exit_code == 42u);
  CHECK_FALSE(r.success());
  CHECK(r.cycles == 3u);
  CHECK(r.pc == kCode + 8);
  CHECK_FALSE(r.trap.has_value());
}

TEST_CASE("rv32 illegal instructions trap with their word", "[rv32][trap]") {
  for (std::uint32_t word : {0x00000000u, 0xFFFFFFFFu, 0x34011073u /* csrrw */, 0x0000100Fu /* fence.i */}) {
    Assembler a;
    a.li(a0, 1).emit(word).halt(0);
    const ExecutionResult r = run(a);
    require_trap(r, TrapCause::kIllegalInstruction, kCode + 4, word, word);
    CHECK(r.cycles == 1u);  // the trapping instruction does not count
    CHECK(r.registers[a0] == 1u);
  }
}

TEST_CASE("rv32 EBREAK traps", "[rv32][trap]") {
  Assembler a;
  a.emit(enc::ebreak()).halt(0);
  require_trap(run(a), TrapCause::kBreakpoint, kCode, enc::ebreak(), 0);
}

TEST_CASE("rv32 misaligned jump targets trap (no C extension)", "[rv32][trap]") {
  SECTION("jal") {
    Assembler a;
    a.emit(enc::jal(ra, 6)).halt(0);
    const ExecutionResult r = run(a);
    require_trap(r, TrapCause::kInstructionAddressMisaligned, kCode, enc::jal(ra, 6), kCode + 6);
    CHECK(r.registers[ra] == 0u);  // no link written by a faulting jump
  }
  SECTION("taken branch") {
    Assembler a;
    a.emit(enc::beq(zero, zero, 10)).halt(0);
    require_trap(run(a), TrapCause::kInstructionAddressMisaligned, kCode, enc::beq(zero, zero, 10),
                 kCode + 10);
  }
  SECTION("a branch that is not taken does not trap") {
    Assembler a;
    a.emit(enc::bne(zero, zero, 10)).halt(0);
    CHECK(run(a).success());
  }
  SECTION("jalr to 2 mod 4") {
    Assembler a;
    a.li(t1, kCode + 0x102);
    a.emit(enc::jalr(ra, t1, 0)).halt(0);
    require_trap(run(a), TrapCause::kInstructionAddressMisaligned, kCode + 8, enc::jalr(ra, t1, 0),
                 kCode + 0x102);
  }
  SECTION("jalr clears bit 0, so an odd target one above an aligned one is fine") {
    Assembler a;
    a.li(t1, kCode + 12 + 1);      // 2 instructions
    a.emit(enc::jalr(ra, t1, 0));  // -> kCode + 12
    a.halt(0);
    CHECK(run(a).success());
  }
}

TEST_CASE("rv32 fetching outside the executable segments traps", "[rv32][trap]") {
  SECTION("jump into a data segment") {
    Assembler a;
    a.li(t1, kDataBase);
    a.emit(enc::jalr(zero, t1, 0));
    const ExecutionResult r = run(a, {}, {rw_data({0x13, 0, 0, 0})});  // a nop, but not executable
    require_trap(r, TrapCause::kInstructionAccessFault, kDataBase, 0, kDataBase);
    CHECK(r.cycles == 2u);  // li (a single lui), jalr
  }
  SECTION("jump to unmapped memory and to memory below the address space") {
    for (std::uint32_t target : {0x40000000u, 0x00000000u, 0x00001000u, 0xFFFFFFF0u}) {
      Assembler a;
      a.li(t1, target);
      a.emit(enc::jalr(zero, t1, 0));
      require_trap(run(a), TrapCause::kInstructionAccessFault, target, 0, target);
    }
  }
  SECTION("the zero-filled tail of a code segment holds illegal instructions") {
    Assembler a;
    a.li(t1, kCode + 0x800);
    a.emit(enc::jalr(zero, t1, 0));
    std::vector<ElfSegmentSpec> segments = {
        ElfSegmentSpec{kCode, kSegmentRead | kSegmentExecute, a.code_bytes(), 0x1000}};
    ElfLoadResult loaded = load_elf(build_elf(segments, kCode));
    REQUIRE(loaded.ok());
    require_trap(execute(loaded.image(), {}), TrapCause::kIllegalInstruction, kCode + 0x800, 0, 0);
    // Past the segment's memory size it is no longer code.
    Assembler b;
    b.li(t1, kCode + 0x1000);
    b.emit(enc::jalr(zero, t1, 0));
    segments[0].bytes = b.code_bytes();
    loaded = load_elf(build_elf(segments, kCode));
    REQUIRE(loaded.ok());
    require_trap(execute(loaded.image(), {}), TrapCause::kInstructionAccessFault, kCode + 0x1000, 0,
                 kCode + 0x1000);
  }
  SECTION("running off the end of the code") {
    Assembler a;
    a.emit(enc::addi(a0, a0, 1));
    require_trap(run(a), TrapCause::kInstructionAccessFault, kCode + 4, 0, kCode + 4);
  }
}

TEST_CASE("rv32 misaligned loads and stores trap; byte accesses never do", "[rv32][trap]") {
  struct Access {
    std::uint32_t insn;
    std::uint32_t offset;
    TrapCause cause;
  };
  const Access cases[] = {
      {enc::lh(a1, s0, 1), 1, TrapCause::kLoadAddressMisaligned},
      {enc::lhu(a1, s0, 3), 3, TrapCause::kLoadAddressMisaligned},
      {enc::lw(a1, s0, 2), 2, TrapCause::kLoadAddressMisaligned},
      {enc::lw(a1, s0, 1), 1, TrapCause::kLoadAddressMisaligned},
      {enc::sh(a1, s0, 1), 1, TrapCause::kStoreAddressMisaligned},
      {enc::sw(a1, s0, 2), 2, TrapCause::kStoreAddressMisaligned},
      {enc::sw(a1, s0, 3), 3, TrapCause::kStoreAddressMisaligned},
  };
  for (const Access& c : cases) {
    Assembler a;
    a.li(s0, kDataBase);
    const std::uint32_t pc = a.here();
    a.emit(c.insn).halt(0);
    require_trap(run(a, {}, {rw_data(std::vector<std::uint8_t>(16, 0))}), c.cause, pc, c.insn,
                 kDataBase + c.offset);
  }
  Assembler ok;
  ok.li(s0, kDataBase);
  ok.emit(enc::lb(a1, s0, 3)).emit(enc::lbu(a1, s0, 1)).emit(enc::sb(a1, s0, 3)).emit(enc::lh(a1, s0, 2));
  ok.emit(enc::sh(a1, s0, 6)).halt(0);
  CHECK(run(ok, {}, {rw_data(std::vector<std::uint8_t>(16, 0))}).success());
}

TEST_CASE("rv32 accesses outside the guest address space trap", "[rv32][trap]") {
  for (std::uint32_t addr : {0x00000000u, 0x0000FFFCu, 0x80000000u, 0xFFFFFFFCu}) {
    INFO("address 0x" << std::hex << addr);
    Assembler load;
    load.li(s0, addr).emit(enc::lw(a1, s0, 0)).halt(0);
    const std::uint32_t load_pc = kCode + 4 * static_cast<std::uint32_t>(load.finish().size() - 4);
    require_trap(run(load), TrapCause::kLoadAccessFault, load_pc, enc::lw(a1, s0, 0), addr);
    Assembler store;
    store.li(s0, addr).emit(enc::sb(a1, s0, 0)).halt(0);
    require_trap(run(store), TrapCause::kStoreAccessFault, load_pc, enc::sb(a1, s0, 0), addr);
  }
  // An offset that wraps around the 32-bit space lands below the address space.
  Assembler wrap;
  wrap.li(s0, 0xFFFFFFFF).emit(enc::lbu(a1, s0, 2)).halt(0);
  require_trap(run(wrap), TrapCause::kLoadAccessFault, kCode + 4, enc::lbu(a1, s0, 2), 1);
}

TEST_CASE("rv32 stores into code or read-only segments trap", "[rv32][trap]") {
  SECTION("code") {
    Assembler a;
    a.li(s0, kCode);
    a.emit(enc::sw(zero, s0, 0)).halt(0);
    require_trap(run(a), TrapCause::kStoreToReadOnly, kCode + 4, enc::sw(zero, s0, 0), kCode);
  }
  SECTION("read-only data, byte-exact at the segment's edges") {
    // A read-only segment [0x30002, 0x30006) shares its words with writable stack-like memory around it.
    const std::uint32_t ro = 0x30002;
    for (std::uint32_t offset : {0u, 3u}) {
      Assembler a;
      a.li(s0, ro + offset);
      a.emit(enc::sb(zero, s0, 0)).halt(0);
      const ExecutionResult r = run(a, {}, {ro_data(ro, {1, 2, 3, 4})});
      require_trap(r, TrapCause::kStoreToReadOnly, kCode + 8, enc::sb(zero, s0, 0), ro + offset);
    }
    Assembler ok;  // the bytes just outside the segment are writable
    ok.li(s0, ro - 1).emit(enc::sb(zero, s0, 0)).emit(enc::sb(zero, s0, 5)).emit(enc::lbu(a1, s0, 1)).halt(0);
    const ExecutionResult r = run(ok, {}, {ro_data(ro, {1, 2, 3, 4})});
    REQUIRE(r.success());
    CHECK(r.registers[a1] == 1u);
  }
  SECTION("a writable code segment (RWX) takes data stores; overwritten instructions trap when run") {
    auto rwx = [](const Assembler& a) {
      std::vector<ElfSegmentSpec> segments = {
          ElfSegmentSpec{kCode, kSegmentRead | kSegmentWrite | kSegmentExecute, a.code_bytes(), 0x1000}};
      ElfLoadResult loaded = load_elf(build_elf(segments, kCode));
      REQUIRE(loaded.ok());
      return std::move(loaded).image();
    };
    Assembler data;  // a store to a word past the code (a global in the same segment) and a load back
    data.li(s0, kCode + 0x100);
    data.li(t1, 0x5A5A).emit(enc::sw(t1, s0, 0)).emit(enc::lw(a1, s0, 0)).halt(0);
    const ExecutionResult ok = execute(rwx(data), {});
    REQUIRE(ok.success());
    CHECK(ok.registers[a1] == 0x5A5Au);

    Assembler patch;                         // overwrite the next instruction with a nop, then run into it
    patch.emit(enc::auipc(s0, 0));           // 0x10000
    patch.li(t1, enc::addi(zero, zero, 0));  // 0x10004 (0x13 fits one addi)
    patch.emit(enc::sw(t1, s0, 12));         // 0x10008: overwrites 0x1000c
    const std::uint32_t original = enc::addi(a1, a1, 1);
    patch.emit(original);  // 0x1000c
    patch.halt(0);
    const ExecutionResult r = execute(rwx(patch), {});
    require_trap(r, TrapCause::kModifiedCode, kCode + 12, original, enc::addi(zero, zero, 0));

    Assembler same;  // HINT_READ into code marks it too
    same.li(a0, kCode + 0x14).li(a1, 4).syscall(neo::guest::abi::Syscall::kHintRead);  // 0x10000..0x10010
    same.emit(original).halt(0);                                                       // 0x10014: overwritten
    ExecutorOptions options;
    options.private_input = {0x13, 0, 0, 0};
    const ExecutionResult h = execute(rwx(same), options);
    REQUIRE(h.status == ExitStatus::kTrapped);
    CHECK(h.trap->cause == TrapCause::kModifiedCode);
    CHECK(h.trap->pc == kCode + 0x14);
    CHECK(h.trap->value == 0x13u);
  }
}

TEST_CASE("rv32 unknown syscalls trap with the id", "[rv32][trap][syscall]") {
  for (std::uint32_t id : {5u, 99u, 0xFFFFFFFFu}) {
    Assembler a;
    a.li(t0, id).emit(enc::ecall());
    const std::uint32_t pc = kCode + 4 * static_cast<std::uint32_t>(a.finish().size() - 1);
    require_trap(run(a), TrapCause::kUnknownSyscall, pc, enc::ecall(), id);
  }
}

TEST_CASE("rv32 the cycle limit stops a running guest", "[rv32][limit]") {
  Assembler a;
  a.emit(enc::addi(a0, a0, 1));
  a.emit(enc::jal(zero, -4));
  ExecutorOptions options;
  options.max_cycles = 1001;
  const ExecutionResult r = run(a, options);
  REQUIRE(r.status == ExitStatus::kCycleLimit);
  CHECK(r.cycles == 1001u);
  CHECK(r.registers[a0] == 501u);
  CHECK(r.pc == kCode + 4);
  CHECK_FALSE(r.trap.has_value());

  Assembler exact;  // a program that halts exactly at the limit is halted, not out of cycles
  exact.halt(0);
  options.max_cycles = 3;
  CHECK(run(exact, options).success());
  options.max_cycles = 2;
  CHECK(run(exact, options).status == ExitStatus::kCycleLimit);
}

TEST_CASE("rv32 WRITE collects bytes per fd", "[rv32][syscall]") {
  const std::string text = "hello, world! ";
  Assembler a;
  auto write = [&](std::uint32_t fd, std::uint32_t ptr, std::uint32_t len) {
    a.li(a0, fd).li(a1, ptr).li(a2, len).syscall(abi::Syscall::kWrite);
  };
  write(1, kDataBase, 5);      // "hello"
  write(1, kDataBase + 5, 9);  // ", world! " (unaligned start)
  write(2, kDataBase + 7, 5);  // "world"
  write(3, kDataBase + 1, 3);  // "ell"
  write(1, kDataBase, 0);      // nothing
  write(1, 0, 0);              // a zero-length write reads no memory, whatever the pointer
  a.halt(0);
  const ExecutionResult r = run(a, {}, {rw_data(bytes_of(text))});
  REQUIRE(r.success());
  CHECK(std::string(r.stdout_bytes.begin(), r.stdout_bytes.end()) == "hello, world! ");
  CHECK(std::string(r.stderr_bytes.begin(), r.stderr_bytes.end()) == "world");
  CHECK(std::string(r.public_values.begin(), r.public_values.end()) == "ell");
  CHECK(r.registers[a0] == 0u);  // WRITE returns nothing: a0 keeps its value (set by halt here)
}

TEST_CASE("rv32 WRITE rejects bad fds and buffers outside the address space", "[rv32][trap][syscall]") {
  for (std::uint32_t fd : {0u, 4u, 0xFFFFFFFFu}) {
    Assembler a;
    a.li(a0, fd).li(a1, kDataBase).li(a2, 1).syscall(abi::Syscall::kWrite);
    const std::uint32_t pc = kCode + 4 * static_cast<std::uint32_t>(a.finish().size() - 1);
    require_trap(run(a), TrapCause::kInvalidSyscallArgument, pc, enc::ecall(), fd);
  }
  struct Buffer {
    std::uint32_t ptr, len, fault;
  };
  for (const Buffer& b : {Buffer{0x7FFFFFF0, 0x20, 0x80000000}, Buffer{0x100, 4, 0x100},
                          Buffer{0x10000, 0xFFFFFFFF, 0x80000000}}) {
    Assembler a;
    a.li(a0, 1).li(a1, b.ptr).li(a2, b.len).syscall(abi::Syscall::kWrite);
    const std::uint32_t pc = kCode + 4 * static_cast<std::uint32_t>(a.finish().size() - 1);
    require_trap(run(a), TrapCause::kLoadAccessFault, pc, enc::ecall(), b.fault);
  }
}

TEST_CASE("rv32 HINT_LEN and HINT_READ stream the private input", "[rv32][syscall]") {
  ExecutorOptions options;
  options.private_input = {10, 20, 30, 40, 50, 60, 70};
  Assembler a;
  a.syscall(abi::Syscall::kHintLen).mv(s1, a0);                        // s1 = 7
  a.li(a0, kDataBase + 1).li(a1, 2).syscall(abi::Syscall::kHintRead);  // bytes 1..2
  a.syscall(abi::Syscall::kHintLen).mv(s2, a0);                        // s2 = 5
  a.li(a0, kDataBase + 6).li(a1, 5).syscall(abi::Syscall::kHintRead);  // bytes 6..10
  a.syscall(abi::Syscall::kHintLen).mv(s3, a0);                        // s3 = 0
  a.li(a0, kDataBase).li(a1, 0).syscall(abi::Syscall::kHintRead);      // nothing left, 0 ok
  a.li(s0, kDataBase).emit(enc::lw(s4, s0, 0)).emit(enc::lw(s5, s0, 4)).emit(enc::lw(s6, s0, 8));
  a.halt(0);
  const ExecutionResult r = run(a, options, {rw_data(std::vector<std::uint8_t>(12, 0xEE))});
  REQUIRE(r.success());
  CHECK(r.registers[s1] == 7u);
  CHECK(r.registers[s2] == 5u);
  CHECK(r.registers[s3] == 0u);
  CHECK(r.registers[s4] == 0xEE140AEEu);  // bytes EE 0A 14 EE
  CHECK(r.registers[s5] == 0x281EEEEEu);  // bytes EE EE 1E 28
  CHECK(r.registers[s6] == 0xEE463C32u);  // bytes 32 3C 46 EE
}

TEST_CASE("rv32 HINT_READ errors", "[rv32][trap][syscall]") {
  ExecutorOptions options;
  options.private_input = {1, 2, 3};
  SECTION("past the end of the input") {
    Assembler a;
    a.li(a0, kDataBase).li(a1, 4).syscall(abi::Syscall::kHintRead);
    const std::uint32_t pc = kCode + 4 * static_cast<std::uint32_t>(a.finish().size() - 1);
    require_trap(run(a, options, {rw_data({0, 0, 0, 0})}), TrapCause::kInvalidSyscallArgument, pc,
                 enc::ecall(), 4);
  }
  SECTION("into code") {
    Assembler a;
    a.li(a0, kCode + 2).li(a1, 3).syscall(abi::Syscall::kHintRead);
    const std::uint32_t pc = kCode + 4 * static_cast<std::uint32_t>(a.finish().size() - 1);
    const ExecutionResult r = run(a, options);
    require_trap(r, TrapCause::kStoreToReadOnly, pc, enc::ecall(), kCode + 2);
  }
  SECTION("outside the address space") {
    Assembler a;
    a.li(a0, 0x7FFFFFFE).li(a1, 3).syscall(abi::Syscall::kHintRead);
    const std::uint32_t pc = kCode + 4 * static_cast<std::uint32_t>(a.finish().size() - 1);
    require_trap(run(a, options), TrapCause::kStoreAccessFault, pc, enc::ecall(), 0x80000000u);
  }
}

TEST_CASE("rv32 COMMIT records the digest; the public-values rule holds", "[rv32][syscall]") {
  // SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad (FIPS 180-2,
  // appendix B.1). Digest word i is bytes 4i..4i+3 read little endian.
  const std::uint32_t words[8] = {0xbf1678ba, 0xeacf018f, 0xde404141, 0x2322ae5d,
                                  0xa36103b0, 0x9c7a1796, 0x61ff10b4, 0xad1500f2};
  Assembler a;
  a.li(a0, 3).li(a1, kDataBase).li(a2, 3).syscall(abi::Syscall::kWrite);
  for (std::uint32_t i = 0; i < 8; ++i) a.li(a0, i).li(a1, words[i]).syscall(abi::Syscall::kCommit);
  a.li(a0, 5).li(a1, words[5]).syscall(abi::Syscall::kCommit);  // same value again: accepted
  a.halt(0);
  const ExecutionResult r = run(a, {}, {rw_data(bytes_of("abc"))});
  REQUIRE(r.success());
  CHECK(r.committed_mask == 0xFF);
  for (std::uint32_t i = 0; i < 8; ++i) CHECK(r.committed_digest[i] == words[i]);
  CHECK(r.public_values_match_digest());
  const auto expected = public_values_digest_words(r.public_values);
  CHECK(std::equal(expected.begin(), expected.end(), std::begin(words)));

  // The same program with one digest word wrong, or one word missing, does not match.
  Assembler wrong;
  wrong.li(a0, 3).li(a1, kDataBase).li(a2, 3).syscall(abi::Syscall::kWrite);
  for (std::uint32_t i = 0; i < 8; ++i)
    wrong.li(a0, i).li(a1, words[i] ^ (i == 7 ? 1u : 0u)).syscall(abi::Syscall::kCommit);
  wrong.halt(0);
  const ExecutionResult w = run(wrong, {}, {rw_data(bytes_of("abc"))});
  REQUIRE(w.success());
  CHECK_FALSE(w.public_values_match_digest());
  Assembler missing;
  missing.li(a0, 3).li(a1, kDataBase).li(a2, 3).syscall(abi::Syscall::kWrite);
  for (std::uint32_t i = 0; i < 7; ++i) missing.li(a0, i).li(a1, words[i]).syscall(abi::Syscall::kCommit);
  missing.halt(0);
  const ExecutionResult m = run(missing, {}, {rw_data(bytes_of("abc"))});
  REQUIRE(m.success());
  CHECK(m.committed_mask == 0x7F);
  CHECK_FALSE(m.public_values_match_digest());
}

TEST_CASE("rv32 COMMIT errors", "[rv32][trap][syscall]") {
  SECTION("index out of range") {
    Assembler a;
    a.li(a0, 8).li(a1, 1).syscall(abi::Syscall::kCommit);
    const std::uint32_t pc = kCode + 4 * static_cast<std::uint32_t>(a.finish().size() - 1);
    require_trap(run(a), TrapCause::kInvalidSyscallArgument, pc, enc::ecall(), 8);
  }
  SECTION("a conflicting second commit of the same word") {
    Assembler a;
    a.li(a0, 2).li(a1, 1).syscall(abi::Syscall::kCommit);
    a.li(a0, 2).li(a1, 2).syscall(abi::Syscall::kCommit);
    const std::uint32_t pc = kCode + 4 * static_cast<std::uint32_t>(a.finish().size() - 1);
    require_trap(run(a), TrapCause::kInvalidSyscallArgument, pc, enc::ecall(), 2);
  }
}

TEST_CASE("rv32 trap descriptions name the cause, pc and value", "[rv32][trap]") {
  CHECK(describe(Trap{TrapCause::kIllegalInstruction, 0x10010, 0xFFFFFFFF, 0xFFFFFFFF}) ==
        "illegal instruction at pc 0x00010010 (instruction 0xffffffff)");
  CHECK(describe(Trap{TrapCause::kLoadAccessFault, 0x10000, 0x00002583, 0x80000000}) ==
        "load outside the guest address space at pc 0x00010000 (instruction 0x00002583): address 0x80000000");
  CHECK(describe(Trap{TrapCause::kUnknownSyscall, 0x10000, 0x73, 99}) ==
        "unknown syscall at pc 0x00010000 (instruction 0x00000073): t0 = 99");
  CHECK(to_string(TrapCause::kStoreToReadOnly) == "store to a read-only segment");
  CHECK(
      describe(Trap{TrapCause::kModifiedCode, 0x10010, 0x00158593, 0x13}) ==
      "execution of an instruction the guest overwrote at pc 0x00010010 (instruction 0x00158593): memory now "
      "holds 0x00000013");
}
