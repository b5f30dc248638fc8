#include "neo/zkvm/rv32/executor.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "neo/vm/crypto/sha256.hpp"
#include "neo/zkvm/rv32/instruction.hpp"
#include "neo/zkvm/rv32/memory.hpp"

namespace neo::zkvm::rv32 {
namespace {

namespace abi = neo::guest::abi;

constexpr std::uint32_t kRegT0 = 5, kRegA0 = 10, kRegA1 = 11, kRegA2 = 12, kRegSp = 2;

// The pre-decoded form the interpreter dispatches on. `op` is an Opcode value, or kOpNotExecutable for a word
// of the pre-decoded span that lies outside every executable segment. `rd` is 32 (a scratch register nobody
// reads) when the instruction writes x0 or writes nothing, so x0 needs no test on the hot path. For branches
// and JAL, `imm` is the absolute target; for AUIPC it is the final value pc + imm.
struct Decoded {
  std::uint8_t op;
  std::uint8_t rd;
  std::uint8_t rs1;
  std::uint8_t rs2;
  std::uint32_t imm;
};
static_assert(sizeof(Decoded) == 8);

constexpr std::uint8_t kOpNotExecutable = static_cast<std::uint8_t>(kOpcodeCount);
// A word of a writable code segment that a guest store overwrote: executing it traps (see mark_modified).
constexpr std::uint8_t kOpModified = static_cast<std::uint8_t>(kOpcodeCount + 1);
constexpr std::uint8_t kScratchRegister = 32;

constexpr std::uint8_t op(Opcode opcode) noexcept { return static_cast<std::uint8_t>(opcode); }

// ---- Recording policies
// -------------------------------------------------------------------------------------

// Execute mode: every hook is an empty inline function, so the interpreter compiles to the bare machine.
struct NullRecorder {
  static constexpr bool kEnabled = false;
  void begin(std::uint64_t, std::uint32_t, std::uint32_t, const Instruction&, const std::uint32_t*) noexcept {
  }
  void memory_read(std::uint32_t, std::uint32_t) noexcept {}
  void memory_write(std::uint32_t, std::uint32_t, std::uint32_t) noexcept {}
  void end(std::uint32_t, const std::uint32_t*) noexcept {}
  void syscall_begin(std::uint32_t, const std::uint32_t*) noexcept {}
  void syscall_memory_read(std::uint32_t, std::uint32_t) noexcept {}
  void syscall_memory_write(std::uint32_t, std::uint32_t, std::uint32_t) noexcept {}
  void syscall_writes_a0(std::uint32_t) noexcept {}
  void syscall_hint(std::uint64_t) noexcept {}
  void syscall_end(std::uint32_t) noexcept {}
  void abandon() noexcept {}
};

// Last-access timestamps of registers and memory words, kept across recording chunks.
struct TimestampTable {
  using Page = std::array<std::uint64_t, PagedMemory::kWordsPerPage>;
  std::array<std::uint64_t, 32> registers{};
  ZeroedArray<Page*> pages{PagedMemory::kPageCount};
  std::vector<std::unique_ptr<Page>> owned;

  std::uint64_t& word(std::uint32_t addr) {
    Page*& page = pages[addr >> PagedMemory::kPageBits];
    if (page == nullptr) [[unlikely]] {
      owned.push_back(std::make_unique<Page>(Page{}));
      page = owned.back().get();
    }
    return (*page)[(addr >> 2) & (PagedMemory::kWordsPerPage - 1)];
  }
};

// Recording mode: builds one CpuEvent per instruction and the syscall side records.
class EventRecorder {
 public:
  static constexpr bool kEnabled = true;

  EventRecorder(TimestampTable& timestamps, ExecutionRecord& out) : ts_(timestamps), out_(out) {
    for (std::size_t i = 0; i < kOpcodeCount; ++i) use_[i] = operand_use(static_cast<Opcode>(i));
  }

  // The event is built in place at the end of the vector (reserved ahead), so nothing is copied.
  void begin(std::uint64_t cycle, std::uint32_t pc, std::uint32_t word, const Instruction& insn,
             const std::uint32_t* x) {
    event_ = &out_.cpu.emplace_back();
    event_->cycle = cycle;
    event_->pc = pc;
    event_->instruction = word;
    event_->opcode = insn.opcode;
    base_ = timestamp_of_cycle(cycle);
    writes_rd_ = false;
    if (insn.opcode == Opcode::kEcall) {
      event_->rs1 = read_register(kRegT0, x, base_ + kRs1TimestampOffset);
      event_->rs2 = read_register(kRegA0, x, base_ + kRs2TimestampOffset);
      event_->accesses = kAccessRs1 | kAccessRs2;
      return;
    }
    const OperandUse use = use_[static_cast<std::size_t>(insn.opcode)];
    std::uint8_t accesses = 0;
    if (use.reads_rs1) {
      event_->rs1 = read_register(insn.rs1, x, base_ + kRs1TimestampOffset);
      accesses |= kAccessRs1;
    }
    if (use.reads_rs2) {
      event_->rs2 = read_register(insn.rs2, x, base_ + kRs2TimestampOffset);
      accesses |= kAccessRs2;
    }
    event_->accesses = accesses;
    if (use.writes_rd) {
      writes_rd_ = true;
      rd_ = insn.rd;
      rd_prev_ = x[rd_];  // x[0] is always 0
    }
  }

  void memory_read(std::uint32_t addr, std::uint32_t value) {
    event_->memory = access_word(addr, value, value);
    event_->accesses |= kAccessMemory;
  }
  void memory_write(std::uint32_t addr, std::uint32_t prev, std::uint32_t value) {
    event_->memory = access_word(addr, prev, value);
    event_->accesses |= kAccessMemory;
  }

  void end(std::uint32_t next_pc, const std::uint32_t* x) {
    event_->next_pc = next_pc;
    if (writes_rd_) {
      const std::uint32_t value = rd_ == 0 ? 0 : x[rd_];
      event_->rd = MemoryAccess{rd_, value, rd_prev_, ts_.registers[rd_]};
      ts_.registers[rd_] = base_ + kRdTimestampOffset;
      event_->accesses |= kAccessRd;
    }
    event_ = nullptr;
  }

  // The instruction that began trapped: it did not execute, so it has no event.
  void abandon() {
    if (event_ != nullptr) out_.cpu.pop_back();
    event_ = nullptr;
  }

  void syscall_begin(std::uint32_t id, const std::uint32_t* x) {
    syscall_ = SyscallEvent{};
    syscall_.cycle = event_->cycle;
    syscall_.syscall = id;
    syscall_.args = {x[kRegA0], x[kRegA1], x[kRegA2]};
    syscall_.a1 = read_register(kRegA1, x, base_ + kMemoryTimestampOffset);
    syscall_.a2 = read_register(kRegA2, x, base_ + kMemoryTimestampOffset);
    syscall_.first_memory_access = out_.syscall_memory.size();
  }
  void syscall_memory_read(std::uint32_t addr, std::uint32_t value) {
    out_.syscall_memory.push_back(access_word(addr, value, value));
  }
  void syscall_memory_write(std::uint32_t addr, std::uint32_t prev, std::uint32_t value) {
    out_.syscall_memory.push_back(access_word(addr, prev, value));
  }
  void syscall_writes_a0(std::uint32_t prev) {
    writes_rd_ = true;
    rd_ = kRegA0;
    rd_prev_ = prev;
  }
  void syscall_hint(std::uint64_t remaining) { syscall_.hint_remaining = remaining; }
  void syscall_end(std::uint32_t result) {
    syscall_.result = result;
    syscall_.memory_access_count = out_.syscall_memory.size() - syscall_.first_memory_access;
    out_.syscalls.push_back(syscall_);
  }

 private:
  MemoryAccess read_register(std::uint32_t reg, const std::uint32_t* x, std::uint64_t timestamp) {
    const std::uint32_t value = x[reg];
    MemoryAccess access{reg, value, value, ts_.registers[reg]};
    ts_.registers[reg] = timestamp;
    return access;
  }

  // All memory accesses of one instruction share its memory timestamp; a syscall touches each word once.
  MemoryAccess access_word(std::uint32_t addr, std::uint32_t prev, std::uint32_t value) {
    std::uint64_t& last = ts_.word(addr);
    if (last == 0) out_.memory_init.push_back(MemoryWord{addr, prev});
    MemoryAccess access{addr, value, prev, last};
    last = base_ + kMemoryTimestampOffset;
    return access;
  }

  TimestampTable& ts_;
  ExecutionRecord& out_;
  std::array<OperandUse, kOpcodeCount> use_{};
  CpuEvent* event_ = nullptr;
  SyscallEvent syscall_;
  std::uint64_t base_ = 0;
  bool writes_rd_ = false;
  std::uint32_t rd_ = 0;
  std::uint32_t rd_prev_ = 0;
};

enum class EcallOutcome { kContinue, kHalt, kTrap };

std::string hex(std::uint32_t value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%08x", value);
  return buffer;
}

}  // namespace

// ---- The machine
// --------------------------------------------------------------------------------------------

struct Executor::Machine {
  enum class Mode { kUnused, kExecute, kRecord };

  ExecutorOptions options;
  PagedMemory memory;
  std::vector<Decoded> text;              // pre-decoded words of [text_base, text_base + 4 * text.size())
  std::vector<Instruction> text_insns;    // the same, architectural form (recording mode)
  std::vector<std::uint32_t> text_words;  // the same, raw words (traps and records)
  std::uint32_t text_base = 0;
  std::array<std::uint32_t, 33> regs{};  // x0..x31 and the scratch register
  std::uint32_t pc = 0;
  std::uint64_t cycles = 0;
  std::size_t hint_position = 0;
  ExecutionResult result;
  Mode mode = Mode::kUnused;
  std::unique_ptr<TimestampTable> timestamps;
  std::vector<std::pair<std::uint32_t, std::uint64_t>>
      executable_ranges;  // [begin, end) of each code segment

  // Whether the whole instruction word at pc lies in executable segments.
  bool executable_word(std::uint32_t pc_now) const noexcept {
    auto inside = [this](std::uint64_t addr) {
      for (const auto& [begin, end] : executable_ranges) {
        if (addr >= begin && addr < end) return true;
      }
      return false;
    };
    return inside(pc_now) && inside(std::uint64_t{pc_now} + 3);
  }

  Machine(const ProgramImage& image, ExecutorOptions opts);

  template <class Rec>
  void run_loop(Rec& rec, std::uint64_t budget);

  // A store hit the word at addr: if it is a pre-decoded instruction, it must not run any more.
  void mark_modified(std::uint32_t addr) noexcept {
    const std::uint32_t index = (addr - text_base) >> 2;
    if (index < text.size() && text[index].op != kOpNotExecutable) text[index].op = kOpModified;
  }
  std::uint32_t code_bytes() const noexcept { return static_cast<std::uint32_t>(4 * text.size()); }

  template <class Rec>
  EcallOutcome ecall(Rec& rec, std::uint32_t* x, TrapCause& cause, std::uint32_t& value);

  void set_mode(Mode wanted) {
    if (mode == Mode::kUnused) mode = wanted;
    if (mode != wanted) {
      throw std::logic_error("rv32::Executor: run() and run_recording() cannot be mixed on one executor");
    }
  }
};

Executor::Machine::Machine(const ProgramImage& image, ExecutorOptions opts) : options(std::move(opts)) {
  for (const MemoryWord& word : image.initial_words) memory.poke_word(word.addr, word.value);
  // Guest stores may not change segments the ELF marks read-only. A writable code segment (RWX, as GNU ld
  // makes without a linker script) accepts stores, but instructions always come from the pre-decoded image
  // (which is also what the prover's program table commits to), so a store there marks the word modified and
  // executing it traps instead of running stale code.
  for (const Segment& segment : image.segments) {
    if (!segment.writable()) memory.protect(segment.vaddr, static_cast<std::uint32_t>(segment.end()));
  }

  // The pre-decoded table covers the executable segments up to the end of their file-backed bytes; the
  // zero-filled tail of an executable segment (if any) holds the word 0, an illegal instruction, and is
  // handled on the fetch slow path without a table entry.
  std::uint32_t exec_begin = 0xFFFFFFFFu;
  std::uint64_t exec_file_end = 0;
  for (const Segment& segment : image.segments) {
    if (!segment.executable()) continue;
    executable_ranges.emplace_back(segment.vaddr, segment.end());
    exec_begin = std::min(exec_begin, segment.vaddr);
    exec_file_end = std::max(exec_file_end, std::uint64_t{segment.vaddr} + segment.file_size);
  }
  text_base = exec_begin & ~3u;
  const std::uint64_t span_end = std::max<std::uint64_t>((exec_file_end + 3) & ~std::uint64_t{3}, text_base);
  const std::size_t count = static_cast<std::size_t>((span_end - text_base) / 4);
  text.resize(count);
  text_insns.resize(count);
  text_words.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint32_t addr = text_base + static_cast<std::uint32_t>(4 * i);
    const std::uint32_t word = memory.load_word(addr);
    const Instruction insn = decode(word);
    text_words[i] = word;
    text_insns[i] = insn;
    Decoded& d = text[i];
    const bool executable = executable_word(addr);
    d.op = executable ? op(insn.opcode) : kOpNotExecutable;
    d.rd = (operand_use(insn.opcode).writes_rd && insn.rd != 0) ? insn.rd : kScratchRegister;
    d.rs1 = insn.rs1;
    d.rs2 = insn.rs2;
    d.imm = static_cast<std::uint32_t>(insn.imm);
    switch (insn.opcode) {
      case Opcode::kAuipc:
      case Opcode::kJal:
      case Opcode::kBeq:
      case Opcode::kBne:
      case Opcode::kBlt:
      case Opcode::kBge:
      case Opcode::kBltu:
      case Opcode::kBgeu:
        d.imm = addr + static_cast<std::uint32_t>(insn.imm);
        break;
      default:
        break;
    }
  }

  regs[kRegSp] = abi::kStackTop;
  pc = image.entry;
  result.pc = pc;
}

template <class Rec>
EcallOutcome Executor::Machine::ecall(Rec& rec, std::uint32_t* x, TrapCause& cause, std::uint32_t& value) {
  const std::uint32_t id = x[kRegT0];
  const std::uint32_t a0 = x[kRegA0];
  const std::uint32_t a1 = x[kRegA1];
  const std::uint32_t a2 = x[kRegA2];
  rec.syscall_begin(id, x);
  auto trap = [&](TrapCause c, std::uint32_t v) {
    cause = c;
    value = v;
    return EcallOutcome::kTrap;
  };
  switch (id) {
    case static_cast<std::uint32_t>(abi::Syscall::kHalt):
      result.exit_code = a0;
      rec.syscall_end(0);
      return EcallOutcome::kHalt;

    case static_cast<std::uint32_t>(abi::Syscall::kWrite): {
      std::vector<std::uint8_t>* sink = nullptr;
      switch (a0) {
        case static_cast<std::uint32_t>(abi::Fd::kStdout):
          sink = &result.stdout_bytes;
          break;
        case static_cast<std::uint32_t>(abi::Fd::kStderr):
          sink = &result.stderr_bytes;
          break;
        case static_cast<std::uint32_t>(abi::Fd::kPublicValues):
          sink = &result.public_values;
          break;
        default:
          return trap(TrapCause::kInvalidSyscallArgument, a0);
      }
      const std::uint32_t ptr = a1, len = a2;
      if (len != 0) {
        if (!PagedMemory::range_in_bounds(ptr, len)) {
          return trap(TrapCause::kLoadAccessFault, PagedMemory::in_range(ptr) ? abi::kMemoryEnd : ptr);
        }
        const std::uint64_t end = std::uint64_t{ptr} + len;
        for (std::uint64_t word_addr = ptr & ~3u; word_addr < end; word_addr += 4) {
          const auto addr = static_cast<std::uint32_t>(word_addr);
          const std::uint32_t word = memory.load_word(addr);
          rec.syscall_memory_read(addr, word);
          for (std::uint64_t b = std::max<std::uint64_t>(word_addr, ptr); b < std::min(word_addr + 4, end);
               ++b) {
            sink->push_back(static_cast<std::uint8_t>(word >> (8 * (b & 3))));
          }
        }
      }
      rec.syscall_end(0);
      return EcallOutcome::kContinue;
    }

    case static_cast<std::uint32_t>(abi::Syscall::kHintLen): {
      const std::size_t remaining = options.private_input.size() - hint_position;
      rec.syscall_hint(remaining);
      const auto clamped = static_cast<std::uint32_t>(
          std::min<std::size_t>(remaining, std::numeric_limits<std::uint32_t>::max()));
      rec.syscall_writes_a0(x[kRegA0]);
      x[kRegA0] = clamped;
      rec.syscall_end(clamped);
      return EcallOutcome::kContinue;
    }

    case static_cast<std::uint32_t>(abi::Syscall::kHintRead): {
      const std::uint32_t ptr = a0, len = a1;
      const std::size_t remaining = options.private_input.size() - hint_position;
      rec.syscall_hint(remaining);
      if (len > remaining) return trap(TrapCause::kInvalidSyscallArgument, len);
      if (len != 0) {
        if (!PagedMemory::range_in_bounds(ptr, len)) {
          return trap(TrapCause::kStoreAccessFault, PagedMemory::in_range(ptr) ? abi::kMemoryEnd : ptr);
        }
        const std::uint64_t end = std::uint64_t{ptr} + len;
        // Check the whole buffer first so a rejected read leaves memory untouched.
        for (std::uint64_t b = ptr; b < end; ++b) {
          if (!memory.writable(static_cast<std::uint32_t>(b))) {
            return trap(TrapCause::kStoreToReadOnly, static_cast<std::uint32_t>(b));
          }
        }
        const std::uint8_t* input = options.private_input.data() + hint_position;
        for (std::uint64_t word_addr = ptr & ~3u; word_addr < end; word_addr += 4) {
          const auto addr = static_cast<std::uint32_t>(word_addr);
          std::uint32_t& slot = memory.word_for_store(addr);
          const std::uint32_t prev = slot;
          std::uint32_t next = prev;
          for (std::uint64_t b = std::max<std::uint64_t>(word_addr, ptr); b < std::min(word_addr + 4, end);
               ++b) {
            const unsigned shift = 8 * static_cast<unsigned>(b & 3);
            next = (next & ~(0xFFu << shift)) | (std::uint32_t{input[b - ptr]} << shift);
          }
          slot = next;
          if (addr - text_base < code_bytes()) [[unlikely]]
            mark_modified(addr);
          rec.syscall_memory_write(addr, prev, next);
        }
        hint_position += len;
      }
      rec.syscall_end(0);
      return EcallOutcome::kContinue;
    }

    case static_cast<std::uint32_t>(abi::Syscall::kCommit): {
      const std::uint32_t index = a0, word = a1;
      if (index >= abi::kDigestWords) return trap(TrapCause::kInvalidSyscallArgument, index);
      const auto bit = static_cast<std::uint8_t>(1u << index);
      // A digest word is committed once; committing it again is only accepted with the same value, so the
      // committed digest never depends on which of two commits the prover would show.
      if ((result.committed_mask & bit) != 0 && result.committed_digest[index] != word) {
        return trap(TrapCause::kInvalidSyscallArgument, index);
      }
      result.committed_digest[index] = word;
      result.committed_mask = static_cast<std::uint8_t>(result.committed_mask | bit);
      rec.syscall_end(0);
      return EcallOutcome::kContinue;
    }

    default:
      return trap(TrapCause::kUnknownSyscall, id);
  }
}

template <class Rec>
void Executor::Machine::run_loop(Rec& rec, std::uint64_t budget) {
  if (result.status != ExitStatus::kRunning) return;
  // Registers live in a local array while running: its address is only given to the syscall handler and the
  // recorder, and the compiler keeps pc and the cycle counter in machine registers.
  std::array<std::uint32_t, 33> x = regs;
  std::uint32_t pc_now = pc;
  std::uint64_t cycle = cycles;
  const std::uint64_t stop_at =
      cycle + std::min(budget, options.max_cycles - std::min(cycle, options.max_cycles));
  const Decoded* const code = text.data();
  const std::uint32_t base = text_base;
  const auto code_size = static_cast<std::uint32_t>(text.size());
  const std::uint32_t code_span = code_bytes();
  PagedMemory& mem = memory;
  TrapCause cause = TrapCause::kIllegalInstruction;
  std::uint32_t trap_value = 0;

  while (cycle < stop_at) {
    const std::uint32_t index = (pc_now - base) >> 2;
    if (index >= code_size) [[unlikely]] {
      // Outside the table: either the zero tail of a code segment (word 0, illegal) or not code at all.
      if (executable_word(pc_now)) {
        cause = TrapCause::kIllegalInstruction;
        trap_value = 0;
      } else {
        cause = TrapCause::kInstructionAccessFault;
        trap_value = pc_now;
      }
      goto trapped;
    }
    {
      const Decoded d = code[index];
      if constexpr (Rec::kEnabled) rec.begin(cycle, pc_now, text_words[index], text_insns[index], x.data());
      const std::uint32_t imm = d.imm;
      switch (d.op) {
        case op(Opcode::kLui):
        case op(Opcode::kAuipc):
          x[d.rd] = imm;
          pc_now += 4;
          break;
        case op(Opcode::kJal):
          if ((imm & 3u) != 0) [[unlikely]] {
            cause = TrapCause::kInstructionAddressMisaligned;
            trap_value = imm;
            goto trapped;
          }
          x[d.rd] = pc_now + 4;
          pc_now = imm;
          break;
        case op(Opcode::kJalr): {
          const std::uint32_t target = (x[d.rs1] + imm) & ~1u;
          if ((target & 3u) != 0) [[unlikely]] {
            cause = TrapCause::kInstructionAddressMisaligned;
            trap_value = target;
            goto trapped;
          }
          x[d.rd] = pc_now + 4;
          pc_now = target;
          break;
        }

#define NEO_RV32_BRANCH(opcode, condition)                \
  case op(opcode):                                        \
    if (condition) {                                      \
      if ((imm & 3u) != 0) [[unlikely]] {                 \
        cause = TrapCause::kInstructionAddressMisaligned; \
        trap_value = imm;                                 \
        goto trapped;                                     \
      }                                                   \
      pc_now = imm;                                       \
    } else {                                              \
      pc_now += 4;                                        \
    }                                                     \
    break;
          NEO_RV32_BRANCH(Opcode::kBeq, x[d.rs1] == x[d.rs2])
          NEO_RV32_BRANCH(Opcode::kBne, x[d.rs1] != x[d.rs2])
          NEO_RV32_BRANCH(Opcode::kBlt,
                          static_cast<std::int32_t>(x[d.rs1]) < static_cast<std::int32_t>(x[d.rs2]))
          NEO_RV32_BRANCH(Opcode::kBge,
                          static_cast<std::int32_t>(x[d.rs1]) >= static_cast<std::int32_t>(x[d.rs2]))
          NEO_RV32_BRANCH(Opcode::kBltu, x[d.rs1] < x[d.rs2])
          NEO_RV32_BRANCH(Opcode::kBgeu, x[d.rs1] >= x[d.rs2])
#undef NEO_RV32_BRANCH

          // Loads: the address must be inside the address space and naturally aligned; the whole aligned word
          // is read (and recorded), then the byte/halfword extracted.
#define NEO_RV32_LOAD(opcode, align_mask, extract)   \
  case op(opcode): {                                 \
    const std::uint32_t addr = x[d.rs1] + imm;       \
    if ((addr & (align_mask)) != 0) [[unlikely]] {   \
      cause = TrapCause::kLoadAddressMisaligned;     \
      trap_value = addr;                             \
      goto trapped;                                  \
    }                                                \
    if (!PagedMemory::in_range(addr)) [[unlikely]] { \
      cause = TrapCause::kLoadAccessFault;           \
      trap_value = addr;                             \
      goto trapped;                                  \
    }                                                \
    const std::uint32_t word = mem.load_word(addr);  \
    rec.memory_read(addr & ~3u, word);               \
    const unsigned shift = 8 * (addr & 3u);          \
    static_cast<void>(shift);                        \
    x[d.rd] = (extract);                             \
    pc_now += 4;                                     \
    break;                                           \
  }
          NEO_RV32_LOAD(
              Opcode::kLb, 0u,
              static_cast<std::uint32_t>(static_cast<std::int32_t>(static_cast<std::int8_t>(word >> shift))))
          NEO_RV32_LOAD(Opcode::kLbu, 0u, (word >> shift) & 0xFFu)
          NEO_RV32_LOAD(
              Opcode::kLh, 1u,
              static_cast<std::uint32_t>(static_cast<std::int32_t>(static_cast<std::int16_t>(word >> shift))))
          NEO_RV32_LOAD(Opcode::kLhu, 1u, (word >> shift) & 0xFFFFu)
          NEO_RV32_LOAD(Opcode::kLw, 3u, word)
#undef NEO_RV32_LOAD

          // Stores: address checks as for loads, then the protection check (code and read-only segments).
#define NEO_RV32_STORE(opcode, align_mask, lane_mask)             \
  case op(opcode): {                                              \
    const std::uint32_t addr = x[d.rs1] + imm;                    \
    if ((addr & (align_mask)) != 0) [[unlikely]] {                \
      cause = TrapCause::kStoreAddressMisaligned;                 \
      trap_value = addr;                                          \
      goto trapped;                                               \
    }                                                             \
    if (!PagedMemory::in_range(addr)) [[unlikely]] {              \
      cause = TrapCause::kStoreAccessFault;                       \
      trap_value = addr;                                          \
      goto trapped;                                               \
    }                                                             \
    if (!mem.writable(addr)) [[unlikely]] {                       \
      cause = TrapCause::kStoreToReadOnly;                        \
      trap_value = addr;                                          \
      goto trapped;                                               \
    }                                                             \
    std::uint32_t& slot = mem.word_for_store(addr);               \
    const std::uint32_t prev = slot;                              \
    const unsigned shift = 8 * (addr & 3u);                       \
    const std::uint32_t mask = std::uint32_t{lane_mask} << shift; \
    slot = (prev & ~mask) | ((x[d.rs2] << shift) & mask);         \
    if (addr - base < code_span) [[unlikely]]                     \
      mark_modified(addr);                                        \
    rec.memory_write(addr & ~3u, prev, slot);                     \
    pc_now += 4;                                                  \
    break;                                                        \
  }
          NEO_RV32_STORE(Opcode::kSb, 0u, 0xFFu)
          NEO_RV32_STORE(Opcode::kSh, 1u, 0xFFFFu)
          NEO_RV32_STORE(Opcode::kSw, 3u, 0xFFFFFFFFu)
#undef NEO_RV32_STORE

#define NEO_RV32_ALU(opcode, expression) \
  case op(opcode):                       \
    x[d.rd] = (expression);              \
    pc_now += 4;                         \
    break;
          NEO_RV32_ALU(Opcode::kAddi, x[d.rs1] + imm)
          NEO_RV32_ALU(Opcode::kSlti,
                       static_cast<std::int32_t>(x[d.rs1]) < static_cast<std::int32_t>(imm) ? 1u : 0u)
          NEO_RV32_ALU(Opcode::kSltiu, x[d.rs1] < imm ? 1u : 0u)
          NEO_RV32_ALU(Opcode::kXori, x[d.rs1] ^ imm)
          NEO_RV32_ALU(Opcode::kOri, x[d.rs1] | imm)
          NEO_RV32_ALU(Opcode::kAndi, x[d.rs1] & imm)
          NEO_RV32_ALU(Opcode::kSlli, x[d.rs1] << (imm & 31u))
          NEO_RV32_ALU(Opcode::kSrli, x[d.rs1] >> (imm & 31u))
          NEO_RV32_ALU(Opcode::kSrai,
                       static_cast<std::uint32_t>(static_cast<std::int32_t>(x[d.rs1]) >> (imm & 31u)))
          NEO_RV32_ALU(Opcode::kAdd, x[d.rs1] + x[d.rs2])
          NEO_RV32_ALU(Opcode::kSub, x[d.rs1] - x[d.rs2])
          NEO_RV32_ALU(Opcode::kSll, x[d.rs1] << (x[d.rs2] & 31u))
          NEO_RV32_ALU(Opcode::kSlt,
                       static_cast<std::int32_t>(x[d.rs1]) < static_cast<std::int32_t>(x[d.rs2]) ? 1u : 0u)
          NEO_RV32_ALU(Opcode::kSltu, x[d.rs1] < x[d.rs2] ? 1u : 0u)
          NEO_RV32_ALU(Opcode::kXor, x[d.rs1] ^ x[d.rs2])
          NEO_RV32_ALU(Opcode::kSrl, x[d.rs1] >> (x[d.rs2] & 31u))
          NEO_RV32_ALU(Opcode::kSra,
                       static_cast<std::uint32_t>(static_cast<std::int32_t>(x[d.rs1]) >> (x[d.rs2] & 31u)))
          NEO_RV32_ALU(Opcode::kOr, x[d.rs1] | x[d.rs2])
          NEO_RV32_ALU(Opcode::kAnd, x[d.rs1] & x[d.rs2])
          NEO_RV32_ALU(Opcode::kMul, x[d.rs1] * x[d.rs2])
          NEO_RV32_ALU(Opcode::kMulh,
                       static_cast<std::uint32_t>((std::int64_t{static_cast<std::int32_t>(x[d.rs1])} *
                                                   std::int64_t{static_cast<std::int32_t>(x[d.rs2])}) >>
                                                  32))
          // |signed × unsigned| < 2^63, so the product fits in int64.
          NEO_RV32_ALU(
              Opcode::kMulhsu,
              static_cast<std::uint32_t>(
                  (std::int64_t{static_cast<std::int32_t>(x[d.rs1])} * std::int64_t{x[d.rs2]}) >> 32))
          NEO_RV32_ALU(Opcode::kMulhu,
                       static_cast<std::uint32_t>((std::uint64_t{x[d.rs1]} * std::uint64_t{x[d.rs2]}) >> 32))
          // Division never traps in RISC-V: x/0 = all ones (quotient) and x (remainder); INT_MIN / -1
          // overflows to INT_MIN with remainder 0.
          NEO_RV32_ALU(Opcode::kDiv, x[d.rs2] == 0 ? 0xFFFFFFFFu
                                     : (x[d.rs1] == 0x80000000u && x[d.rs2] == 0xFFFFFFFFu)
                                         ? 0x80000000u
                                         : static_cast<std::uint32_t>(static_cast<std::int32_t>(x[d.rs1]) /
                                                                      static_cast<std::int32_t>(x[d.rs2])))
          NEO_RV32_ALU(Opcode::kDivu, x[d.rs2] == 0 ? 0xFFFFFFFFu : x[d.rs1] / x[d.rs2])
          NEO_RV32_ALU(Opcode::kRem, x[d.rs2] == 0 ? x[d.rs1]
                                     : (x[d.rs1] == 0x80000000u && x[d.rs2] == 0xFFFFFFFFu)
                                         ? 0u
                                         : static_cast<std::uint32_t>(static_cast<std::int32_t>(x[d.rs1]) %
                                                                      static_cast<std::int32_t>(x[d.rs2])))
          NEO_RV32_ALU(Opcode::kRemu, x[d.rs2] == 0 ? x[d.rs1] : x[d.rs1] % x[d.rs2])
#undef NEO_RV32_ALU

        case op(Opcode::kFence):  // one in-order hart: nothing to order
          pc_now += 4;
          break;
        case op(Opcode::kEcall): {
          const EcallOutcome outcome = ecall(rec, x.data(), cause, trap_value);
          if (outcome == EcallOutcome::kTrap) goto trapped;
          if (outcome == EcallOutcome::kHalt) {
            rec.end(pc_now, x.data());
            ++cycle;
            x[0] = 0;
            std::copy(x.begin(), x.end(), regs.begin());
            pc = pc_now;
            cycles = cycle;
            result.status = ExitStatus::kHalted;
            result.cycles = cycle;
            result.pc = pc_now;
            std::copy_n(x.begin(), 32, result.registers.begin());
            return;
          }
          pc_now += 4;
          break;
        }
        case op(Opcode::kEbreak):
          cause = TrapCause::kBreakpoint;
          trap_value = 0;
          goto trapped;
        case kOpNotExecutable:
          cause = TrapCause::kInstructionAccessFault;
          trap_value = pc_now;
          goto trapped;
        case kOpModified:
          cause = TrapCause::kModifiedCode;
          trap_value = mem.load_word(pc_now);
          goto trapped;
        case op(Opcode::kIllegal):
        default:
          cause = TrapCause::kIllegalInstruction;
          trap_value = text_words[index];
          goto trapped;
      }
      if constexpr (Rec::kEnabled) rec.end(pc_now, x.data());
      ++cycle;
    }
  }
  // Budget exhausted: either the chunk ended or the cycle limit is reached.
  std::copy(x.begin(), x.end(), regs.begin());
  pc = pc_now;
  cycles = cycle;
  result.cycles = cycle;
  result.pc = pc_now;
  std::copy_n(x.begin(), 32, result.registers.begin());
  if (cycle >= options.max_cycles) result.status = ExitStatus::kCycleLimit;
  return;

trapped : {
  rec.abandon();
  std::copy(x.begin(), x.end(), regs.begin());
  pc = pc_now;
  cycles = cycle;
  const std::uint32_t index = (pc_now - base) >> 2;
  const bool fetched = cause != TrapCause::kInstructionAccessFault && index < code_size;
  result.status = ExitStatus::kTrapped;
  result.trap = Trap{cause, pc_now, fetched ? text_words[index] : 0u, trap_value};
  result.cycles = cycle;
  result.pc = pc_now;
  std::copy_n(x.begin(), 32, result.registers.begin());
}
}

// ---- Public API
// ---------------------------------------------------------------------------------------------

Executor::Executor(const ProgramImage& image, ExecutorOptions options)
    : machine_(std::make_unique<Machine>(image, std::move(options))) {}
Executor::~Executor() = default;
Executor::Executor(Executor&&) noexcept = default;
Executor& Executor::operator=(Executor&&) noexcept = default;

const ExecutionResult& Executor::run() {
  machine_->set_mode(Machine::Mode::kExecute);
  NullRecorder recorder;
  machine_->run_loop(recorder, std::numeric_limits<std::uint64_t>::max());
  return machine_->result;
}

bool Executor::run_recording(ExecutionRecord& record, std::uint64_t max_cycles) {
  machine_->set_mode(Machine::Mode::kRecord);
  if (!machine_->timestamps) machine_->timestamps = std::make_unique<TimestampTable>();
  // Reserve for the chunk up front (up to 2^16 events; callers recording big shards can reserve more
  // themselves, and a reused record keeps its capacity) so the event vector grows by copying rarely.
  const Machine& m = *machine_;
  const std::uint64_t left = m.options.max_cycles - std::min(m.cycles, m.options.max_cycles);
  const std::uint64_t expected = std::min({max_cycles, left, std::uint64_t{1} << 16});
  record.cpu.reserve(record.cpu.size() + static_cast<std::size_t>(expected));
  EventRecorder recorder(*machine_->timestamps, record);
  machine_->run_loop(recorder, max_cycles);
  return stopped();
}

void Executor::finalize_record(ExecutionRecord& record) const {
  record.memory_final.clear();
  record.registers_final.clear();
  const TimestampTable* ts = machine_->timestamps.get();
  for (std::uint32_t reg = 0; reg < 32; ++reg) {
    record.registers_final.push_back(
        FinalWord{reg, machine_->regs[reg], ts != nullptr ? ts->registers[reg] : 0});
  }
  if (ts == nullptr) return;
  for (std::uint32_t page = 0; page < PagedMemory::kPageCount; ++page) {
    if (ts->pages[page] == nullptr) continue;
    const auto& stamps = *ts->pages[page];
    for (std::uint32_t i = 0; i < PagedMemory::kWordsPerPage; ++i) {
      if (stamps[i] == 0) continue;
      const std::uint32_t addr = (page << PagedMemory::kPageBits) + 4 * i;
      record.memory_final.push_back(FinalWord{addr, machine_->memory.load_word(addr), stamps[i]});
    }
  }
}

const ExecutionResult& Executor::result() const noexcept { return machine_->result; }

std::uint32_t Executor::peek_word(std::uint32_t addr) const noexcept {
  return machine_->memory.load_word(addr);
}

ExecutionResult execute(const ProgramImage& image, ExecutorOptions options) {
  Executor executor(image, std::move(options));
  return executor.run();
}

RecordedExecution execute_recording(const ProgramImage& image, ExecutorOptions options) {
  Executor executor(image, std::move(options));
  RecordedExecution out;
  executor.run_recording(out.record, std::numeric_limits<std::uint64_t>::max());
  executor.finalize_record(out.record);
  out.result = executor.result();
  return out;
}

std::string_view to_string(TrapCause cause) noexcept {
  switch (cause) {
    case TrapCause::kIllegalInstruction:
      return "illegal instruction";
    case TrapCause::kBreakpoint:
      return "breakpoint (ebreak)";
    case TrapCause::kInstructionAddressMisaligned:
      return "misaligned jump target";
    case TrapCause::kInstructionAccessFault:
      return "instruction fetch outside the executable segments";
    case TrapCause::kLoadAddressMisaligned:
      return "misaligned load";
    case TrapCause::kLoadAccessFault:
      return "load outside the guest address space";
    case TrapCause::kStoreAddressMisaligned:
      return "misaligned store";
    case TrapCause::kStoreAccessFault:
      return "store outside the guest address space";
    case TrapCause::kStoreToReadOnly:
      return "store to a read-only segment";
    case TrapCause::kModifiedCode:
      return "execution of an instruction the guest overwrote";
    case TrapCause::kUnknownSyscall:
      return "unknown syscall";
    case TrapCause::kInvalidSyscallArgument:
      return "invalid syscall argument";
  }
  return "unknown trap";
}

std::string describe(const Trap& trap) {
  std::string text(to_string(trap.cause));
  text += " at pc " + hex(trap.pc);
  if (trap.cause != TrapCause::kInstructionAccessFault)
    text += " (instruction " + hex(trap.instruction) + ")";
  switch (trap.cause) {
    case TrapCause::kIllegalInstruction:
    case TrapCause::kBreakpoint:
    case TrapCause::kInstructionAccessFault:
      break;
    case TrapCause::kInstructionAddressMisaligned:
      text += ": target " + hex(trap.value);
      break;
    case TrapCause::kUnknownSyscall:
      text += ": t0 = " + std::to_string(trap.value);
      break;
    case TrapCause::kModifiedCode:
      text += ": memory now holds " + hex(trap.value);
      break;
    case TrapCause::kInvalidSyscallArgument:
      text += ": argument " + hex(trap.value);
      break;
    default:
      text += ": address " + hex(trap.value);
      break;
  }
  return text;
}

std::array<std::uint32_t, guest::abi::kDigestWords> public_values_digest_words(
    const std::vector<std::uint8_t>& public_values) noexcept {
  const vm::crypto::Sha256Digest digest = vm::crypto::sha256(public_values);
  std::array<std::uint32_t, guest::abi::kDigestWords> words{};
  for (std::size_t i = 0; i < words.size(); ++i) {
    words[i] = std::uint32_t{digest[4 * i]} | (std::uint32_t{digest[4 * i + 1]} << 8) |
               (std::uint32_t{digest[4 * i + 2]} << 16) | (std::uint32_t{digest[4 * i + 3]} << 24);
  }
  return words;
}

bool ExecutionResult::public_values_match_digest() const noexcept {
  return committed_mask == 0xFF && committed_digest == public_values_digest_words(public_values);
}

}  // namespace neo::zkvm::rv32
