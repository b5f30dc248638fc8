// The RV32IM executor: runs a loaded guest program under the guest ABI (neo/guest/abi.hpp,
// docs/guest-abi.md).
//
// Two modes share one interpreter, instantiated twice through a compile-time recording policy:
//  - execute mode (run()): counts cycles and collects the outputs; nothing is recorded, nothing allocated per
//    instruction. The text segments are pre-decoded once, dispatch is a switch over the pre-decoded opcode.
//  - recording mode (run_recording()): additionally appends one CpuEvent per instruction (and SyscallEvents,
//    memory first-touch values, final values) to an ExecutionRecord, for trace generation. It can run in
//    chunks (shards) of a given number of cycles.
//
// Everything a guest can do wrong is a Trap in the result, never an exception or a crash.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "neo/guest/abi.hpp"
#include "neo/zkvm/rv32/elf.hpp"
#include "neo/zkvm/rv32/record.hpp"

namespace neo::zkvm::rv32 {

// Default cycle limit: 2^32 instructions (about ten seconds in execute mode).
inline constexpr std::uint64_t kDefaultMaxCycles = std::uint64_t{1} << 32;

struct ExecutorOptions {
  // The machine stops with ExitStatus::kCycleLimit once this many instructions have executed without HALT.
  std::uint64_t max_cycles = kDefaultMaxCycles;
  // The private input stream read by HINT_LEN / HINT_READ.
  std::vector<std::uint8_t> private_input;
};

// Why a guest was stopped. Trap::value holds the cause-specific value named here.
enum class TrapCause : std::uint8_t {
  // Not an RV32IM instruction. value = the instruction word.
  kIllegalInstruction,
  // EBREAK. value = 0.
  kBreakpoint,
  // A taken branch, JAL or JALR to an address that is not 4-aligned. value = the target.
  kInstructionAddressMisaligned,
  // pc outside the executable segments. value = pc.
  kInstructionAccessFault,
  // LH/LHU/LW not naturally aligned. value = the address.
  kLoadAddressMisaligned,
  // A load (or a WRITE buffer) outside the guest address space. value = the address.
  kLoadAccessFault,
  // SH/SW not naturally aligned. value = the address.
  kStoreAddressMisaligned,
  // A store (or a HINT_READ buffer) outside the guest address space. value = the address.
  kStoreAccessFault,
  // A store into a segment without PF_W. value = the address.
  kStoreToReadOnly,
  // Executing a word of a writable code segment that a store changed. Trap::instruction = the original
  // word, value = the word memory holds now.
  kModifiedCode,
  // t0 is not a Syscall id. value = t0.
  kUnknownSyscall,
  // A bad fd, a COMMIT index >= 8 or a conflicting re-commit, a HINT_READ past the end of the input.
  // value = the offending argument.
  kInvalidSyscallArgument,
};

std::string_view to_string(TrapCause cause) noexcept;

struct Trap {
  TrapCause cause = TrapCause::kIllegalInstruction;
  std::uint32_t pc = 0;           // the instruction that trapped
  std::uint32_t instruction = 0;  // its word (0 for kInstructionAccessFault: there is none)
  std::uint32_t value = 0;        // cause-specific, see TrapCause

  friend bool operator==(const Trap&, const Trap&) = default;
};

// "illegal instruction 0xffffffff at pc 0x10010", ...
std::string describe(const Trap& trap);

enum class ExitStatus : std::uint8_t {
  kRunning,     // only between recording chunks
  kHalted,      // HALT syscall; exit_code is valid
  kTrapped,     // trap is set
  kCycleLimit,  // max_cycles instructions executed without HALT
};

struct ExecutionResult {
  ExitStatus status = ExitStatus::kRunning;
  std::uint32_t exit_code = 0;  // a0 at HALT
  // Instructions executed to completion. The HALT ecall counts; a trapping instruction does not.
  std::uint64_t cycles = 0;
  // At HALT or a trap: that instruction's pc. At the cycle limit (or between chunks): the next pc.
  std::uint32_t pc = 0;
  std::optional<Trap> trap;
  std::vector<std::uint8_t> stdout_bytes;
  std::vector<std::uint8_t> stderr_bytes;
  std::vector<std::uint8_t> public_values;  // everything written to fd 3
  std::array<std::uint32_t, guest::abi::kDigestWords> committed_digest{};
  std::uint8_t committed_mask = 0;            // bit i set once digest word i was committed
  std::array<std::uint32_t, 32> registers{};  // final register file

  bool halted() const noexcept { return status == ExitStatus::kHalted; }
  // Halted with exit code 0: the only outcome that can be proven successful.
  bool success() const noexcept { return halted() && exit_code == guest::abi::kExitOk; }
  // Whether all 8 digest words were committed and equal SHA-256(public_values), read as 8 little-endian words
  // (word i = digest bytes 4i..4i+3, the layout the digest has in guest memory).
  bool public_values_match_digest() const noexcept;
};

// The digest words the guest must commit for these public-values bytes.
std::array<std::uint32_t, guest::abi::kDigestWords> public_values_digest_words(
    const std::vector<std::uint8_t>& public_values) noexcept;

class Executor {
 public:
  // The program must come from load_elf (or satisfy what it guarantees). Registers start at 0 except
  // x2 (sp) = abi::kStackTop; pc starts at image.entry.
  Executor(const ProgramImage& image, ExecutorOptions options);
  ~Executor();
  Executor(Executor&&) noexcept;
  Executor& operator=(Executor&&) noexcept;

  // Execute mode: runs until HALT, a trap or the cycle limit.
  const ExecutionResult& run();

  // Recording mode: runs at most `max_cycles` more instructions (and never past ExecutorOptions::max_cycles),
  // appending their events to `record`. Returns true once the machine has stopped (result().status is no
  // longer kRunning). An Executor is used in one mode only: calling run_recording() after run(), or run()
  // after run_recording(), throws std::logic_error (a programming error, not something a guest can cause).
  bool run_recording(ExecutionRecord& record, std::uint64_t max_cycles);

  // Fills record.memory_final and record.registers_final from the current state (recording mode only).
  void finalize_record(ExecutionRecord& record) const;

  const ExecutionResult& result() const noexcept;
  bool stopped() const noexcept { return result().status != ExitStatus::kRunning; }

  // Current guest memory word (for tests and debugging). Precondition: addr inside the address space.
  std::uint32_t peek_word(std::uint32_t addr) const noexcept;

 private:
  struct Machine;
  std::unique_ptr<Machine> machine_;
};

// Execute mode, start to stop.
ExecutionResult execute(const ProgramImage& image, ExecutorOptions options);

// Recording mode, start to stop, in one record (finalized).
struct RecordedExecution {
  ExecutionResult result;
  ExecutionRecord record;
};
RecordedExecution execute_recording(const ProgramImage& image, ExecutorOptions options);

}  // namespace neo::zkvm::rv32
