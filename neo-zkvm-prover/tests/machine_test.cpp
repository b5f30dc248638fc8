// The machine proof end to end: programs executed, cut into shards, proven and verified by the machine
// verifier; the statement checks (entry, chaining, halting, exit code, digest) rejecting proofs that are
// valid STARK proofs of something else; shards dropped, duplicated or reordered.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "neo/vm/crypto/sha256.hpp"
#include "neo/zkvm/circuit/chips.hpp"
#include "neo/zkvm/circuit/cpu.hpp"
#include "neo/zkvm/circuit/memory.hpp"
#include "neo/zkvm/circuit/syscall.hpp"
#include "neo/zkvm/circuit/trace.hpp"
#include "neo/zkvm/machine/prover.hpp"
#include "neo/zkvm/machine/verifier.hpp"
#include "neo/zkvm/rv32/assembler.hpp"

using namespace neo::zkvm;
using namespace neo::zkvm::rv32::reg;
namespace enc = neo::zkvm::rv32::encode;
using machine::MachineError;
using neo::zkvm::rv32::Assembler;

namespace {

// Commits SHA-256 of the empty public values (the program writes nothing to fd 3).
void commit_empty_digest(Assembler& a) {
  const auto digest = neo::vm::crypto::sha256({});
  for (std::uint32_t k = 0; k < 8; ++k) {
    std::uint32_t word = 0;
    for (std::uint32_t j = 0; j < 4; ++j) word |= std::uint32_t{digest[4 * k + j]} << (8 * j);
    a.li(a0, k).li(a1, word).syscall(neo::guest::abi::Syscall::kCommit);
  }
}

// A loop of `iterations` rounds (about 6 cycles each) mixing ALU, memory and a branch, then the commit and
// HALT with `exit_code`.
Assembler loop_program(std::uint32_t iterations, std::uint32_t exit_code = 0, bool commit = true) {
  Assembler a;
  a.li(s0, 0x0003'0000u).li(t1, iterations).li(t2, 0);
  const auto top = a.new_label();
  a.bind(top);
  a.emit(enc::add(t2, t2, t1)).emit(enc::mul(t3, t2, t1)).emit(enc::sw(t3, s0, 0)).emit(enc::lw(t4, s0, 0));
  a.emit(enc::addi(t1, t1, -1));
  a.bne(t1, zero, top);
  if (commit) commit_empty_digest(a);
  a.halt(exit_code);
  return a;
}

const fri::FriParams kTestParams = fri::FriParams::insecure_for_tests();

machine::MachineProvingKey key_for(const Assembler& a) {
  machine::MachineSetupResult setup = machine::setup(a.image(), kTestParams);
  INFO(setup.error);
  REQUIRE(setup.key.has_value());
  return std::move(*setup.key);
}

machine::MachineProof prove_ok(const machine::MachineProvingKey& key, unsigned log_shard = 10) {
  machine::MachineProverOptions options;
  options.log_shard_cycles = log_shard;
  machine::MachineProveResult r = machine::prove(key, {}, options);
  INFO(r.error);
  REQUIRE(r.proof.has_value());
  return std::move(*r.proof);
}

// A STARK proof of the traces of an execution the machine prover would refuse to prove (it did not exit
// with 0 or did not commit its digest), wrapped as a machine proof: what a cheating prover could hand in.
machine::MachineProof prove_anyway(const machine::MachineProvingKey& key, unsigned log_shard = 10) {
  const rv32::RecordedExecution run = rv32::execute_recording(key.image, {});
  REQUIRE(run.result.halted());
  circuit::ShardedTraceResult traced =
      circuit::generate_shard_traces(key.image, run.record, run.result, std::uint64_t{1} << log_shard);
  INFO(traced.error);
  REQUIRE(traced.ok());
  std::vector<stark::ShardInput> shards;
  for (auto& t : traced.shards) shards.push_back({std::move(t.main), std::move(t.public_values)});
  stark::ProveResult proven = stark::prove(key.stark, std::move(shards));
  INFO(proven.error);
  REQUIRE(proven.proof.has_value());
  return machine::MachineProof{key.vkey.hash(), run.result.public_values, std::move(*proven.proof)};
}

}  // namespace

TEST_CASE("machine: a one-shard execution is proven and verified", "[machine]") {
  const machine::MachineProvingKey key = key_for(loop_program(20));
  const machine::MachineProof proof = prove_ok(key, machine::kDefaultLogShardCycles);
  CHECK(proof.stark.shards.size() == 1);
  const machine::MachineVerifyResult v = machine::verify(key.vkey, proof);
  INFO(machine::describe(v));
  CHECK(v.ok());
  // Through the encoding, and the key through its own.
  const auto vkey = machine::decode_machine_vkey(machine::encode(key.vkey));
  REQUIRE(vkey.has_value());
  CHECK(*vkey == key.vkey);
  CHECK(machine::verify_bytes(*vkey, machine::encode(proof)).ok());
}

TEST_CASE("machine: a long execution is cut into shards that chain", "[machine][shards]") {
  // About 6 * 500 + 60 cycles: 3 shards of 2^10.
  const machine::MachineProvingKey key = key_for(loop_program(500));
  const machine::MachineProof proof = prove_ok(key, 10);
  REQUIRE(proof.stark.shards.size() == 3);
  const machine::MachineVerifyResult v = machine::verify(key.vkey, proof);
  INFO(machine::describe(v));
  REQUIRE(v.ok());

  SECTION("a shard dropped") {
    for (std::size_t s = 0; s < 3; ++s) {
      machine::MachineProof bad = proof;
      bad.stark.shards.erase(bad.stark.shards.begin() + static_cast<std::ptrdiff_t>(s));
      CHECK_FALSE(machine::verify(key.vkey, bad).ok());
    }
  }
  SECTION("a shard duplicated") {
    machine::MachineProof bad = proof;
    bad.stark.shards.insert(bad.stark.shards.begin() + 1, bad.stark.shards[1]);
    CHECK_FALSE(machine::verify(key.vkey, bad).ok());
  }
  SECTION("shards reordered") {
    machine::MachineProof bad = proof;
    std::swap(bad.stark.shards[0], bad.stark.shards[1]);
    CHECK_FALSE(machine::verify(key.vkey, bad).ok());
  }
  SECTION("public values that are not the committed ones") {
    machine::MachineProof bad = proof;
    bad.public_values = {1, 2, 3};
    CHECK(machine::verify(key.vkey, bad).error == MachineError::kPublicValuesDigest);
  }
  SECTION("another program's key") {
    const machine::MachineProvingKey other = key_for(loop_program(501));
    CHECK(machine::verify(other.vkey, proof).error == MachineError::kWrongVkey);
    machine::MachineProof relabelled = proof;
    relabelled.vkey_hash = other.vkey.hash();
    CHECK(machine::verify(other.vkey, relabelled).error == MachineError::kStark);
  }
  SECTION("a key with another entry pc") {
    machine::MachineVerifyingKey moved = key.vkey;
    moved.entry_pc += 4;
    machine::MachineProof relabelled = proof;
    relabelled.vkey_hash = moved.hash();
    CHECK(machine::verify(moved, relabelled).error == MachineError::kEntryPc);
  }
  SECTION("every byte of the encoding matters") {
    const std::vector<std::uint8_t> bytes = machine::encode(proof);
    for (std::size_t i = 0; i < bytes.size(); i += 997) {
      std::vector<std::uint8_t> bad = bytes;
      bad[i] ^= 0x01;
      CHECK_FALSE(machine::verify_bytes(key.vkey, bad).ok());
    }
    CHECK_FALSE(machine::verify_bytes(key.vkey, std::span(bytes).first(bytes.size() - 1)).ok());
  }
}

TEST_CASE("machine: the prover refuses executions that prove nothing useful", "[machine]") {
  SECTION("a non-zero exit code") {
    const machine::MachineProvingKey key = key_for(loop_program(5, 3));
    const machine::MachineProveResult r = machine::prove(key, {});
    CHECK_FALSE(r.ok());
    CHECK(r.error.find("exited with code 3") != std::string::npos);
  }
  SECTION("no committed digest") {
    const machine::MachineProvingKey key = key_for(loop_program(5, 0, false));
    const machine::MachineProveResult r = machine::prove(key, {});
    CHECK_FALSE(r.ok());
    CHECK(r.error.find("SHA-256") != std::string::npos);
  }
  SECTION("a shard size out of range") {
    const machine::MachineProvingKey key = key_for(loop_program(5));
    machine::MachineProverOptions options;
    options.log_shard_cycles = 9;
    CHECK_FALSE(machine::prove(key, {}, options).ok());
  }
}

TEST_CASE("machine: a proof with more than kMaxShards shards is refused before any verification",
          "[machine][shards]") {
  const machine::MachineProvingKey key = key_for(loop_program(5));
  machine::MachineProof proof = prove_ok(key);
  REQUIRE(machine::verify(key.vkey, proof).ok());
  proof.stark.shards.assign(machine::kMaxShards + 1, stark::ShardProof{});
  const machine::MachineVerifyResult v = machine::verify(key.vkey, proof);
  CHECK(v.error == machine::MachineError::kTooManyShards);
  CHECK_THAT(machine::describe(v), Catch::Contains("4096"));
}

TEST_CASE("machine: valid STARK proofs of the wrong statement are rejected", "[machine]") {
  SECTION("exit code not 0") {
    const machine::MachineProvingKey key = key_for(loop_program(5, 3));
    CHECK(machine::verify(key.vkey, prove_anyway(key)).error == MachineError::kExitCode);
  }
  SECTION("digest never committed") {
    const machine::MachineProvingKey key = key_for(loop_program(5, 0, false));
    CHECK(machine::verify(key.vkey, prove_anyway(key)).error == MachineError::kDigestIncomplete);
  }
  SECTION("an execution that did not halt (a prefix proven as if it were all)") {
    const machine::MachineProvingKey key = key_for(loop_program(200));
    rv32::ExecutorOptions options;
    options.max_cycles = 700;  // stops in the loop
    const rv32::RecordedExecution run = rv32::execute_recording(key.image, options);
    REQUIRE(run.result.status == rv32::ExitStatus::kCycleLimit);
    circuit::ShardedTraceResult traced =
        circuit::generate_shard_traces(key.image, run.record, run.result, 1024);
    REQUIRE(traced.ok());
    std::vector<stark::ShardInput> shards;
    for (auto& t : traced.shards) shards.push_back({std::move(t.main), std::move(t.public_values)});
    stark::ProveResult proven = stark::prove(key.stark, std::move(shards));
    REQUIRE(proven.proof.has_value());
    const machine::MachineProof proof{key.vkey.hash(), {}, std::move(*proven.proof)};
    CHECK(machine::verify(key.vkey, proof).error == MachineError::kNotHalted);
  }
}

#ifdef NEO_RV32_TEST_GUEST_DIR
TEST_CASE("machine: GCC-compiled guests are traced, checked and proven in shards", "[machine][guest]") {
  // The test guests read a seed with HINT_READ, compute, WRITE their results to stdout and the seed to the
  // public values, and halt; they commit no digest, so the machine prover refuses them and the statement
  // check says so, but the STARK proof of their execution (in several shards) verifies.
  const std::string dir = NEO_RV32_TEST_GUEST_DIR;
  {
    // A writable executable segment (GNU ld without a linker script) cannot be proven: the executor traps on
    // executing a word a store changed, and the circuit fetches from the image; setup says so.
    rv32::ElfLoadResult loaded = rv32::load_elf_file(dir + "/guest_rwx.elf");
    REQUIRE(loaded);
    const machine::MachineSetupResult setup = machine::setup(std::move(loaded).image(), kTestParams);
    CHECK_FALSE(setup.key.has_value());
    CHECK_THAT(setup.error, Catch::Contains("writable and executable"));
  }
  for (const char* name : {"guest_split.elf", "guest_textseg.elf"}) {
    INFO(name);
    rv32::ElfLoadResult loaded = rv32::load_elf_file(dir + "/" + name);
    REQUIRE(loaded);
    machine::MachineSetupResult setup = machine::setup(std::move(loaded).image(), kTestParams);
    REQUIRE(setup.key.has_value());
    const machine::MachineProvingKey& key = *setup.key;
    rv32::ExecutorOptions options;
    options.private_input = {0x78, 0x56, 0x34, 0x12};
    const rv32::RecordedExecution run = rv32::execute_recording(key.image, options);
    REQUIRE(run.result.success());
    circuit::ShardedTraceResult traced =
        circuit::generate_shard_traces(key.image, run.record, run.result, 1u << 17);
    INFO(traced.error);
    REQUIRE(traced.ok());
    CHECK(traced.shards.size() == (run.result.cycles + (1u << 17) - 1) / (1u << 17));
    std::vector<stark::ShardInput> shards;
    for (auto& t : traced.shards) shards.push_back({std::move(t.main), std::move(t.public_values)});
    stark::ProveResult proven = stark::prove(key.stark, std::move(shards));  // debug checks on in this build
    INFO(proven.error);
    REQUIRE(proven.proof.has_value());
    const machine::MachineProof proof{key.vkey.hash(), run.result.public_values, std::move(*proven.proof)};
    const machine::MachineVerifyResult v = machine::verify(key.vkey, proof);
    CHECK(v.stark.ok());
    CHECK(v.error == MachineError::kDigestIncomplete);
  }
}
#endif

TEST_CASE("machine: cheating provers with buffers and public values are rejected", "[machine][soundness]") {
  // HINT_READ of 6 bytes, WRITE of them to the public values, commit of their SHA-256, HALT.
  const std::uint32_t buffer = 0x0003'0002u;
  const std::vector<std::uint8_t> hint = {1, 2, 3, 4, 5, 6};
  Assembler a;
  a.li(a0, buffer).li(a1, 6).syscall(neo::guest::abi::Syscall::kHintRead);
  a.li(a0, 3).li(a1, buffer).li(a2, 6).syscall(neo::guest::abi::Syscall::kWrite);
  const auto digest = neo::vm::crypto::sha256(hint);
  for (std::uint32_t k = 0; k < 8; ++k) {
    std::uint32_t word = 0;
    for (std::uint32_t j = 0; j < 4; ++j) word |= std::uint32_t{digest[4 * k + j]} << (8 * j);
    a.li(a0, k).li(a1, word).syscall(neo::guest::abi::Syscall::kCommit);
  }
  a.halt(0);
  const machine::MachineProvingKey key = key_for(a);
  {
    machine::MachineProveResult honest = machine::prove(key, hint);
    INFO(honest.error);
    REQUIRE(honest.proof.has_value());
    CHECK(honest.proof->public_values == hint);
    CHECK(machine::verify(key.vkey, *honest.proof).ok());
  }
  const auto accepted = [&](const stark::ProverHooks& hooks) {
    machine::MachineProverOptions options;
    options.debug_checks = false;
    options.hooks = &hooks;
    machine::MachineProveResult r = machine::prove(key, hint, options);
    return r.proof.has_value() && machine::verify(key.vkey, *r.proof).ok();
  };
  const std::size_t sysmem = circuit::chip_index(circuit::ChipId::kSyscallMemory);
  using SM = circuit::SyscallMemoryCols;
  const auto edit = [](std::size_t chip, std::size_t row, std::size_t column, std::uint64_t delta) {
    stark::ProverHooks hooks;
    hooks.edit_main = [=](std::size_t, std::size_t c, merkle::RowMajorMatrix& m) {
      if (c == chip) m.values[row * m.width + column] += field::BabyBear::from_u64(delta);
    };
    return hooks;
  };
  SECTION("a byte before the HINT_READ buffer changed") {
    CHECK_FALSE(accepted(edit(sysmem, 0, SM::kValue, 1)));
  }
  SECTION("a WRITE that changes memory") { CHECK_FALSE(accepted(edit(sysmem, 2, SM::kValue + 2, 1))); }
  SECTION("a hint word skipped") { CHECK_FALSE(accepted(edit(sysmem, 1, SM::kWord, 1))); }
  SECTION("forged public values") {
    for (const auto& [chip, index] : std::vector<std::pair<circuit::ChipId, std::size_t>>{
             {circuit::ChipId::kCpu, circuit::CpuPublicValues::kStartPc},
             {circuit::ChipId::kCpu, circuit::CpuPublicValues::kEndTs},
             {circuit::ChipId::kCpu, circuit::CpuPublicValues::kHalted},
             {circuit::ChipId::kCpu, circuit::CpuPublicValues::kExitCode},
             {circuit::ChipId::kSyscall, circuit::SyscallPublicValues::kDigest + 5},
             {circuit::ChipId::kMemory, circuit::MemoryPublicValues::kFinalizes},
             {circuit::ChipId::kMemoryImage, circuit::MemoryPublicValues::kFinalizes}}) {
      INFO("chip " << circuit::chip_index(chip) << " value " << index);
      stark::ProverHooks hooks;
      hooks.forge_public_values = [chip = chip, index = index](std::size_t, std::size_t c,
                                                               std::vector<field::BabyBear>& values) {
        if (c == circuit::chip_index(chip)) values[index] += field::BabyBear::one();
      };
      CHECK_FALSE(accepted(hooks));
    }
  }
}

namespace {

// Every base and M instruction (register and immediate forms, branches taken and not taken, jumps, loads and
// stores of every width at every offset with sign extension, FENCE, writes to x0) over edge operands, in one
// program that folds every result into a checksum and halts with checksum xor `expected`.
Assembler isa_program(std::uint32_t expected) {
  const std::uint32_t data = 0x0003'0000u;
  const std::uint32_t edges[] = {0u, 1u, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu, 0x8000007Fu, 31u, 32u};
  Assembler a;
  a.li(s0, data).li(s1, 0);  // s1: checksum
  const auto fold = [&](neo::zkvm::rv32::Reg r) { a.emit(enc::xor_(s1, s1, r)).emit(enc::slli(s1, s1, 1)); };
  for (std::size_t i = 0; i < std::size(edges); ++i) {
    const std::uint32_t x = edges[i], y = edges[(i + 3) % std::size(edges)];
    a.li(a1, x).li(a2, y);
    for (auto op : {enc::add, enc::sub, enc::sll, enc::slt, enc::sltu, enc::xor_, enc::srl, enc::sra,
                    enc::or_, enc::and_, enc::mul, enc::mulh, enc::mulhsu, enc::mulhu, enc::div, enc::divu,
                    enc::rem, enc::remu}) {
      a.emit(op(a0, a1, a2));
      fold(a0);
    }
    for (std::int32_t imm : {0, 1, -1, 2047, -2048}) {
      for (auto op : {enc::addi, enc::slti, enc::sltiu, enc::xori, enc::ori, enc::andi}) {
        a.emit(op(a0, a1, imm));
        fold(a0);
      }
    }
    for (std::uint32_t shamt : {0u, 1u, 7u, 31u}) {
      for (auto op : {enc::slli, enc::srli, enc::srai}) {
        a.emit(op(a0, a1, shamt));
        fold(a0);
      }
    }
    // Branches both ways: each adds a distinct bit when taken.
    std::uint32_t bit = 1;
    for (auto br : {enc::beq, enc::bne, enc::blt, enc::bge, enc::bltu, enc::bgeu}) {
      a.emit(br(a1, a2, 8)).emit(enc::jal(zero, 8)).emit(enc::xori(s1, s1, static_cast<std::int32_t>(bit)));
      a.emit(br(a1, a1, 8))
          .emit(enc::jal(zero, 8))
          .emit(enc::xori(s1, s1, static_cast<std::int32_t>(bit << 1)));
      bit <<= 2;
    }
    // Stores of every width at every offset, loads back with sign and zero extension.
    a.emit(enc::sw(a1, s0, 0)).emit(enc::sw(a2, s0, 4));
    for (std::int32_t off = 0; off < 4; ++off) {
      a.emit(enc::sb(a2, s0, off)).emit(enc::lb(a0, s0, off));
      fold(a0);
      a.emit(enc::lbu(a0, s0, off));
      fold(a0);
    }
    for (std::int32_t off = 0; off < 4; off += 2) {
      a.emit(enc::sh(a1, s0, 4 + off)).emit(enc::lh(a0, s0, 4 + off));
      fold(a0);
      a.emit(enc::lhu(a0, s0, 4 + off));
      fold(a0);
    }
    a.emit(enc::lw(a0, s0, 0));
    fold(a0);
    a.emit(enc::lw(a0, s0, 4));
    fold(a0);
  }
  // LUI, AUIPC, JAL and JALR (with an odd target whose bit 0 is cleared), FENCE, writes to x0.
  a.emit(enc::lui(a0, 0xFFFFF)).emit(enc::auipc(a3, 0x12345));
  fold(a0);
  a.emit(enc::fence()).emit(enc::addi(zero, a0, 5)).emit(enc::lui(zero, 1));
  fold(zero);
  a.emit(enc::auipc(t0, 0)).emit(enc::jalr(ra, t0, 13));  // t0 + 13 -> t0 + 12: skips one instruction
  a.emit(enc::xori(s1, s1, 0x555));
  a.emit(enc::jal(ra, 8)).emit(enc::xori(s1, s1, 0x2AA));
  fold(ra);
  commit_empty_digest(a);
  a.li(t1, expected).emit(enc::xor_(a0, s1, t1));
  a.syscall(neo::guest::abi::Syscall::kHalt);
  return a;
}

}  // namespace

TEST_CASE("machine: every RV32IM instruction with its edge cases, proven and verified", "[machine][isa]") {
  // The executor's checksum; the proven program exits with 0 only if the circuit computed the same one.
  const rv32::ExecutionResult reference = rv32::execute(isa_program(0).image(), {});
  REQUIRE(reference.halted());
  const machine::MachineProvingKey key = key_for(isa_program(reference.exit_code));
  machine::MachineProverOptions options;
  options.log_shard_cycles = 11;  // several shards
  const machine::MachineProveResult r = machine::prove(key, {}, options);
  INFO(r.error);
  REQUIRE(r.proof.has_value());
  CHECK(r.shards >= 2);
  const machine::MachineVerifyResult v = machine::verify(key.vkey, *r.proof);
  INFO(machine::describe(v));
  CHECK(v.ok());
}

TEST_CASE("machine: shard planning", "[machine][shards]") {
  using V = std::vector<std::uint64_t>;
  CHECK(machine::plan_shards(65874, 20) == V{65874});
  CHECK(machine::plan_shards(5000, 20) == V{5000});
  CHECK(machine::plan_shards(1u << 20, 20) == V{1u << 20});
  CHECK(machine::plan_shards((1u << 20) + 1, 20) == V{1u << 20, 1});
  CHECK(machine::plan_shards(3 * (1u << 20) + 200000, 20) == V{1u << 20, 1u << 20, 1u << 20, 200000});
  CHECK(machine::plan_shards(5000, 10) == V{1024, 1024, 1024, 1024, 904});
  for (std::uint64_t n : {1ull, 1000ull, 70000ull, 1234567ull, 40000000ull}) {
    std::uint64_t sum = 0;
    for (const std::uint64_t s : machine::plan_shards(n, 20)) {
      CHECK(s <= (1u << 20));
      sum += s;
    }
    CHECK(sum == n);
  }
}

TEST_CASE("machine: the proof does not depend on how many shards are kept in memory", "[machine][shards]") {
  // About 6 cycles a round: 3 shards of 2^10 cycles, the last one short.
  const machine::MachineProvingKey key = key_for(loop_program(450));
  machine::MachineProverOptions options;
  options.log_shard_cycles = 10;
  options.resident_shards = 1000;  // all kept: every shard traced and committed once
  const machine::MachineProveResult all = machine::prove(key, {}, options);
  INFO(all.error);
  REQUIRE(all.proof.has_value());
  REQUIRE(all.shards == 3);
  CHECK(machine::verify(key.vkey, *all.proof).ok());
  const std::vector<std::uint8_t> expected = machine::encode(*all.proof);
  // 1: every shard traced twice; 2: shard 0 kept, the others traced twice; 3: all kept.
  for (const std::size_t resident : {std::size_t{1}, std::size_t{2}, all.shards}) {
    INFO("resident_shards " << resident);
    options.resident_shards = resident;
    const machine::MachineProveResult streamed = machine::prove(key, {}, options);
    INFO(streamed.error);
    REQUIRE(streamed.proof.has_value());
    CHECK(machine::encode(*streamed.proof) == expected);
  }
}

TEST_CASE("machine: shard traces generated one at a time equal those generated together",
          "[machine][shards]") {
  const machine::MachineProvingKey key = key_for(loop_program(400));
  const rv32::RecordedExecution run = rv32::execute_recording(key.image, {});
  REQUIRE(run.result.success());
  const std::vector<std::uint64_t> plan = machine::plan_shards(run.record.cpu.size(), 10);
  REQUIRE(plan.size() >= 2);
  const circuit::ShardedTraceResult together =
      circuit::generate_shard_traces(key.image, run.record, run.result, plan);
  REQUIRE(together.ok());
  const circuit::ShardTraceGenerator generator(key.image, run.record, run.result, plan);
  REQUIRE(generator.ok());
  REQUIRE(generator.shard_count() == plan.size());
  for (std::size_t s = plan.size(); s-- > 0;) {  // any order
    circuit::ShardTraces one;
    REQUIRE(generator.generate(s, one).empty());
    REQUIRE(one.main.size() == together.shards[s].main.size());
    for (std::size_t c = 0; c < one.main.size(); ++c) {
      CHECK(one.main[c].width == together.shards[s].main[c].width);
      CHECK(one.main[c].values == together.shards[s].main[c].values);
    }
    CHECK(one.public_values == together.shards[s].public_values);
  }
  circuit::ShardTraces none;
  CHECK_THAT(generator.generate(plan.size(), none), Catch::Contains("no shard"));
  const std::vector<std::uint64_t> short_plan = {plan[0]};
  const circuit::ShardTraceGenerator bad(key.image, run.record, run.result, short_plan);
  CHECK_THAT(bad.error(), Catch::Contains("add up to"));
  CHECK_THAT(bad.generate(0, none), Catch::Contains("add up to"));
}

TEST_CASE("machine: a streamed proof whose traces change between passes is refused", "[machine][shards]") {
  // The cheating-prover hook edits the same cell on both passes (and so still gives a proof the verifier
  // rejects); a source that changes on the second pass is caught by the prover itself.
  const machine::MachineProvingKey key = key_for(loop_program(400));
  const rv32::RecordedExecution run = rv32::execute_recording(key.image, {});
  const std::vector<std::uint64_t> plan = machine::plan_shards(run.record.cpu.size(), 10);
  REQUIRE(plan.size() >= 2);
  const circuit::ShardTraceGenerator generator(key.image, run.record, run.result, plan);
  REQUIRE(generator.ok());
  std::vector<int> asked(plan.size(), 0);
  const stark::ShardSource changing = [&](std::size_t s,
                                          std::string& error) -> std::optional<stark::ShardInput> {
    circuit::ShardTraces t;
    if (std::string e = generator.generate(s, t); !e.empty()) {
      error = e;
      return std::nullopt;
    }
    if (++asked[s] == 2 && s == 1) {
      merkle::RowMajorMatrix& cpu = t.main[circuit::chip_index(circuit::ChipId::kCpu)];
      cpu.values[cpu.width * 3 + circuit::CpuCols::kNextPc] += field::BabyBear::one();
    }
    return stark::ShardInput{std::move(t.main), std::move(t.public_values)};
  };
  stark::ProverOptions options;
  options.debug_checks = false;
  options.resident_shards = 1;
  const stark::ProveResult changed = stark::prove(key.stark, plan.size(), changing, options);
  CHECK_FALSE(changed.proof.has_value());
  CHECK_THAT(changed.error, Catch::Contains("shard 1") && Catch::Contains("main root differs"));

  // The same source without the change proves, and the hooks apply identically on both passes.
  stark::ProverHooks hooks;
  hooks.edit_main = [](std::size_t s, std::size_t c, merkle::RowMajorMatrix& m) {
    if (s == 1 && c == circuit::chip_index(circuit::ChipId::kCpu))
      m.values[m.width * 3 + circuit::CpuCols::kNextPc] += field::BabyBear::one();
  };
  options.hooks = &hooks;
  for (const std::size_t resident : {std::size_t{0}, plan.size()}) {
    INFO("resident_shards " << resident);
    options.resident_shards = resident;
    std::fill(asked.begin(), asked.end(), 2);  // past the second pass: no change from the source
    const stark::ProveResult cheated = stark::prove(key.stark, plan.size(), changing, options);
    INFO(cheated.error);
    REQUIRE(cheated.proof.has_value());
    const machine::MachineProof proof{key.vkey.hash(), run.result.public_values, *cheated.proof};
    CHECK_FALSE(machine::verify(key.vkey, proof).ok());
  }
}
