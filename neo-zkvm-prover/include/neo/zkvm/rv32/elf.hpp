// ELF loader for rv32im guest programs. Accepts exactly the executables the guest ABI allows (ELF32,
// little endian, EM_RISCV, ET_EXEC, no C extension, soft-float ABI, loadable segments inside the guest
// address space of neo/guest/abi.hpp) and turns them into a ProgramImage: the entry pc, the segments and the
// initial memory words. Any other input is rejected with an ElfError naming what is wrong; no input crashes
// it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace neo::zkvm::rv32 {

// Segment permission bits, as in the ELF p_flags field.
inline constexpr std::uint32_t kSegmentExecute = 0x1;
inline constexpr std::uint32_t kSegmentWrite = 0x2;
inline constexpr std::uint32_t kSegmentRead = 0x4;

// Largest span (lowest to highest byte) of the executable segments: the executor pre-decodes that span, so it
// is bounded. 64 MiB of code is far above any guest this project builds.
inline constexpr std::uint32_t kMaxExecutableSpan = 64u << 20;

// One PT_LOAD segment: [vaddr, vaddr + mem_size) in guest memory, the first file_size bytes from the file and
// the rest zero.
struct Segment {
  std::uint32_t vaddr = 0;
  std::uint32_t mem_size = 0;
  std::uint32_t file_size = 0;
  std::uint32_t flags = 0;  // kSegmentRead | kSegmentWrite | kSegmentExecute

  bool executable() const noexcept { return (flags & kSegmentExecute) != 0; }
  bool writable() const noexcept { return (flags & kSegmentWrite) != 0; }
  std::uint64_t end() const noexcept { return std::uint64_t{vaddr} + mem_size; }
};

// One 4-byte-aligned word of initial memory (little endian, as the guest reads it with LW).
struct MemoryWord {
  std::uint32_t addr = 0;
  std::uint32_t value = 0;

  friend bool operator==(const MemoryWord&, const MemoryWord&) = default;
};

// A loaded guest program.
struct ProgramImage {
  std::uint32_t entry = 0;
  // Segments with mem_size > 0, sorted by vaddr, pairwise disjoint.
  std::vector<Segment> segments;
  // The words covered by the file-backed bytes of the segments, sorted by address, no address twice. A word
  // only partly covered holds zeros in its other bytes. Every other word of the address space is initially 0
  // (this includes the zero-filled tail of a segment, e.g. .bss).
  std::vector<MemoryWord> initial_words;

  // [begin, end) of the executable segments' span, and whether an address is inside an executable segment.
  std::pair<std::uint32_t, std::uint32_t> executable_span() const noexcept;
  bool is_executable(std::uint32_t addr) const noexcept;
};

enum class ElfErrorCode : std::uint8_t {
  kUnreadable,            // load_elf_file could not read the file
  kTruncated,             // the file ends before a header or table it declares
  kBadMagic,              // not an ELF file
  kNot32Bit,              // ELFCLASS64 or an unknown class
  kNotLittleEndian,       // ELFDATA2MSB or an unknown data encoding
  kBadVersion,            // e_ident[EI_VERSION] or e_version is not 1
  kNotExecutable,         // e_type is not ET_EXEC (relocatable, shared/PIE, core)
  kWrongMachine,          // e_machine is not EM_RISCV
  kUnsupportedFlags,      // e_flags asks for the C extension, RVE or a hardware floating-point ABI
  kBadHeader,             // e_ehsize / e_phentsize / e_shentsize / table geometry inconsistent
  kNoSegments,            // no PT_LOAD segment with a nonzero size
  kDynamic,               // PT_INTERP or PT_DYNAMIC: a dynamically linked program
  kSegmentOutsideFile,    // a program header's p_offset + p_filesz is past the end of the file
  kSegmentSize,           // p_filesz > p_memsz
  kSegmentAlignment,      // p_align is not 0 or a power of two, or p_vaddr and p_offset disagree modulo it
  kSegmentOutsideMemory,  // a loadable segment is not inside [abi::kMemoryStart, abi::kMemoryEnd)
  kSegmentOverlap,        // two loadable segments share an address
  kNoExecutableSegment,   // no loadable segment has PF_X
  kExecutableTooLarge,    // the executable segments span more than kMaxExecutableSpan bytes
  kBadEntry,              // e_entry is not 4-aligned or not inside an executable segment
};

struct ElfError {
  ElfErrorCode code = ElfErrorCode::kUnreadable;
  std::string message;  // names the header field or segment and the offending values
};

// Either the loaded program or why it was rejected.
class ElfLoadResult {
 public:
  ElfLoadResult(ProgramImage image) : value_(std::move(image)) {}  // NOLINT(google-explicit-constructor)
  ElfLoadResult(ElfError error) : value_(std::move(error)) {}      // NOLINT(google-explicit-constructor)

  bool ok() const noexcept { return value_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  // Precondition: ok().
  const ProgramImage& image() const& { return std::get<ProgramImage>(value_); }
  ProgramImage image() && { return std::get<ProgramImage>(std::move(value_)); }  // by value: no dangling
  // Precondition: !ok().
  const ElfError& error() const& { return std::get<ElfError>(value_); }

 private:
  std::variant<ProgramImage, ElfError> value_;
};

// Parses and validates an ELF file held in memory.
ElfLoadResult load_elf(std::span<const std::uint8_t> file);

// Reads the file at `path` and loads it; a file that cannot be read gives kUnreadable with the OS reason.
ElfLoadResult load_elf_file(const std::string& path);

}  // namespace neo::zkvm::rv32
