// The rv32im circuit through the STARK: real executions proven with the multi-table prover and checked by
// the verifier, and cheating provers (trace edits and forged public values after trace generation, with
// the prover's own debug checks off) that the verifier must reject.
#include <catch2/catch.hpp>

#include <functional>
#include <vector>

#include "circuit_test_util.hpp"
#include "neo/zkvm/circuit/alu.hpp"
#include "neo/zkvm/circuit/cpu.hpp"
#include "neo/zkvm/circuit/syscall.hpp"
#include "neo/zkvm/stark/prover.hpp"
#include "neo/zkvm/stark/verifier.hpp"

using namespace neo::zkvm;
using namespace neo::zkvm::circuit;
using namespace neo::zkvm::circuit::test;
using namespace neo::zkvm::rv32::test;
using namespace neo::zkvm::rv32::reg;

namespace {

// A small program touching every chip: ALU (add, sub, logic, shifts, compares, mul, div/rem), a loop with a
// branch, loads and stores of every width in an ELF data segment, and HALT.
struct Program {
  Assembler assembler;
  std::vector<rv32::ElfSegmentSpec> segments;
};

Program mixed_program() {
  Program p;
  const std::uint32_t data = kDataBase;
  p.segments = {rv32::ElfSegmentSpec{data, rv32::kSegmentRead | rv32::kSegmentWrite,
                                     {0x81, 0x7F, 0xFF, 0x80, 0x12, 0x34, 0x56, 0x78}, 64}};
  Assembler& a = p.assembler;
  // The first two rows read two registers and use the ALU (the CPU tamper test edits them).
  a.emit(enc::add(a0, sp, sp)).emit(enc::mul(a3, sp, sp));
  a.li(s0, data).li(a1, 0x9ABCDEF0u).li(a2, 7);
  for (auto op : {enc::add, enc::sub, enc::sll, enc::slt, enc::sltu, enc::xor_, enc::srl, enc::sra, enc::or_,
                  enc::and_, enc::mul, enc::mulh, enc::mulhsu, enc::mulhu, enc::div, enc::divu, enc::rem,
                  enc::remu}) {
    a.emit(op(a0, a1, a2));
  }
  // sum = 10 + 9 + ... + 1 in a loop (a backwards branch taken 9 times).
  a.li(t0, 10).li(t1, 0);
  a.emit(enc::add(t1, t1, t0)).emit(enc::addi(t0, t0, -1)).emit(enc::bne(t0, zero, -8));
  a.emit(enc::sw(t1, s0, 8)).emit(enc::lw(a3, s0, 8)).emit(enc::lb(a4, s0, 0)).emit(enc::lhu(a5, s0, 2));
  a.emit(enc::sb(a1, s0, 12)).emit(enc::sh(a1, s0, 14)).emit(enc::lw(a6, s0, 12));
  a.halt(0);
  return p;
}

struct Proven {
  CircuitTraces traces;
  stark::ProvingKey key;
};

Proven setup_for(const Program& p) {
  REQUIRE(chip_set().ok());
  Proven out{require_valid(p.assembler, {}, p.segments), {}};
  stark::SetupResult setup =
      stark::setup(fri::FriParams::insecure_for_tests(), chip_set().systems, out.traces.preprocessed);
  INFO(setup.error);
  REQUIRE(setup.key.has_value());
  out.key = std::move(*setup.key);
  return out;
}

stark::ProveResult prove(const Proven& p, const stark::ProverHooks* hooks = nullptr) {
  stark::ShardInput shard{p.traces.main, p.traces.public_values};
  stark::ProverOptions options;
  options.debug_checks = hooks == nullptr;  // a cheating prover must reach the verifier
  options.hooks = hooks;
  return stark::prove(p.key, {std::move(shard)}, options);
}

// Proves with the hooks and returns whether the verifier accepted the result.
bool cheater_accepted(const Proven& p, const stark::ProverHooks& hooks) {
  const stark::ProveResult r = prove(p, &hooks);
  if (!r.proof) return false;  // the prover could not even produce a proof of that shape
  return stark::verify(chip_set().systems, p.key.vkey, *r.proof).ok();
}

}  // namespace

TEST_CASE("circuit stark: an rv32im execution is proven and verified", "[circuit][stark]") {
  const Proven p = setup_for(mixed_program());
  const stark::ProveResult r = prove(p);
  INFO(r.error);
  REQUIRE(r.proof.has_value());
  const stark::VerifyResult v = stark::verify(chip_set().systems, p.key.vkey, *r.proof);
  INFO(stark::error_name(v.error));
  CHECK(v.ok());
  // The encoded proof verifies too.
  CHECK(stark::verify_bytes(chip_set().systems, p.key.vkey, stark::encode(*r.proof)).ok());
}

TEST_CASE("circuit stark: the proof is bound to the program", "[circuit][stark]") {
  const Proven p = setup_for(mixed_program());
  const stark::ProveResult r = prove(p);
  REQUIRE(r.proof.has_value());
  // Another program (the same one with one more instruction) has another preprocessed Program table, so
  // another verifying key; the first program's proof does not verify under it.
  Program other = mixed_program();
  Assembler longer;
  longer.li(s0, kDataBase).emit(enc::addi(a0, a0, 1));
  longer.halt(0);
  const Proven q = setup_for(Program{longer, other.segments});
  CHECK_FALSE(stark::verify(chip_set().systems, q.key.vkey, *r.proof).ok());
}

TEST_CASE("circuit stark: cheating provers are rejected by the verifier", "[circuit][stark][soundness]") {
  const Proven p = setup_for(mixed_program());
  const std::size_t cpu = chip_index(ChipId::kCpu);
  const std::size_t add_sub = chip_index(ChipId::kAddSub);
  const std::size_t mul = chip_index(ChipId::kMul);
  const std::size_t memory = chip_index(ChipId::kMemory);
  const std::size_t syscall = chip_index(ChipId::kSyscall);

  auto edit = [&](std::size_t chip, std::function<void(merkle::RowMajorMatrix&)> change) {
    stark::ProverHooks hooks;
    hooks.edit_main = [chip, change](std::size_t, std::size_t c, merkle::RowMajorMatrix& m) {
      if (c == chip) change(m);
    };
    return hooks;
  };

  SECTION("a wrong add result") {
    CHECK_FALSE(cheater_accepted(p, edit(add_sub, [](merkle::RowMajorMatrix& m) {
      cell(m, 0, AddSubCols::kA) += fe(1);
    })));
  }
  SECTION("a wrong multiplication result") {
    CHECK_FALSE(cheater_accepted(p, edit(mul, [](merkle::RowMajorMatrix& m) { cell(m, 0, 2) += fe(1); })));
  }
  SECTION("every cell of the CPU's first rows changed") {
    // Each CPU column of the first two rows (ADD and MUL of two registers), one at a time: no edit of what
    // the instruction reads, computes, writes or where it goes next survives. The branch-taken and JALR-bit
    // columns are the exception by design: on a row that is neither a branch nor a JALR nothing reads them
    // (every use is gated by the instruction's flags), so their value there is free and harmless.
    const std::size_t width = p.traces.main[cpu].width;
    for (std::size_t row = 0; row < 2; ++row) {
      for (std::size_t column = 0; column < width; ++column) {
        if (column == CpuCols::kTaken || column == CpuCols::kJalrLsb) continue;
        INFO("row " << row << " column " << column);
        CHECK_FALSE(cheater_accepted(p, edit(cpu, [row, column](merkle::RowMajorMatrix& m) {
          cell(m, row, column) += fe(1);
        })));
      }
    }
  }
  SECTION("a memory row changed") {
    CHECK_FALSE(cheater_accepted(p, edit(memory, [](merkle::RowMajorMatrix& m) { cell(m, 0, 1) += fe(1); })));
  }
  SECTION("a forged public value (a digest word claimed committed)") {
    // The program commits nothing, so a committed flag of 1 is a lie the Syscall chip's constraints catch.
    // (The digest bytes of uncommitted words are free; the outer verifier requires all 8 flags.)
    stark::ProverHooks hooks;
    hooks.forge_public_values = [syscall](std::size_t, std::size_t chip, std::vector<field::BabyBear>& values) {
      if (chip == syscall) values[SyscallPublicValues::kCommitted] = fe(1);
    };
    CHECK_FALSE(cheater_accepted(p, hooks));
  }
}
