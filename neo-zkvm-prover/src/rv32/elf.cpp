#include "neo/zkvm/rv32/elf.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "neo/guest/abi.hpp"

namespace neo::zkvm::rv32 {
namespace {

namespace abi = neo::guest::abi;

// ELF constants (System V gABI and the RISC-V psABI).
constexpr std::size_t kEhdrSize = 52;  // Elf32_Ehdr
constexpr std::size_t kPhdrSize = 32;  // Elf32_Phdr
constexpr std::size_t kShdrSize = 40;  // Elf32_Shdr
constexpr std::uint8_t kElfClass32 = 1, kElfClass64 = 2;
constexpr std::uint8_t kElfData2Lsb = 1, kElfData2Msb = 2;
constexpr std::uint16_t kEtExec = 2;
constexpr std::uint16_t kEmRiscv = 243;
constexpr std::uint32_t kPtLoad = 1, kPtDynamic = 2, kPtInterp = 3;
constexpr std::uint16_t kPnXnum = 0xFFFF;
constexpr std::uint32_t kEfRiscvRvc = 0x1, kEfRiscvFloatAbi = 0x6, kEfRiscvRve = 0x8;

std::string hex(std::uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
  return buffer;
}

ElfError fail(ElfErrorCode code, std::string message) { return ElfError{code, std::move(message)}; }

// Little-endian field readers; the caller has checked the bounds.
std::uint16_t u16(std::span<const std::uint8_t> f, std::size_t at) noexcept {
  return static_cast<std::uint16_t>(f[at] | (f[at + 1] << 8));
}
std::uint32_t u32(std::span<const std::uint8_t> f, std::size_t at) noexcept {
  return std::uint32_t{f[at]} | (std::uint32_t{f[at + 1]} << 8) | (std::uint32_t{f[at + 2]} << 16) |
         (std::uint32_t{f[at + 3]} << 24);
}

struct ProgramHeader {
  std::uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

ProgramHeader read_phdr(std::span<const std::uint8_t> f, std::size_t at) noexcept {
  return {u32(f, at),      u32(f, at + 4),  u32(f, at + 8),  u32(f, at + 12),
          u32(f, at + 16), u32(f, at + 20), u32(f, at + 24), u32(f, at + 28)};
}

std::string segment_name(std::size_t index) { return "program header " + std::to_string(index); }

}  // namespace

std::pair<std::uint32_t, std::uint32_t> ProgramImage::executable_span() const noexcept {
  std::uint32_t begin = 0, end = 0;
  bool any = false;
  for (const Segment& s : segments) {
    if (!s.executable()) continue;
    if (!any) begin = s.vaddr;
    end = static_cast<std::uint32_t>(s.end());  // sorted and inside the address space: no overflow
    any = true;
  }
  return {begin, end};
}

bool ProgramImage::is_executable(std::uint32_t addr) const noexcept {
  return std::any_of(segments.begin(), segments.end(), [addr](const Segment& s) {
    return s.executable() && addr >= s.vaddr && std::uint64_t{addr} < s.end();
  });
}

ElfLoadResult load_elf(std::span<const std::uint8_t> f) {
  static constexpr std::uint8_t kMagic[4] = {0x7F, 'E', 'L', 'F'};
  if (f.size() < 4 || std::memcmp(f.data(), kMagic, 4) != 0) {
    const bool prefix_matches = std::equal(f.begin(), f.begin() + std::min<std::size_t>(f.size(), 4), kMagic);
    if (f.size() < 4 && prefix_matches) {
      return fail(ElfErrorCode::kTruncated,
                  "file is " + std::to_string(f.size()) + " bytes, shorter than the ELF magic");
    }
    return fail(ElfErrorCode::kBadMagic, "not an ELF file (bad magic number)");
  }
  if (f.size() < 7) {
    return fail(ElfErrorCode::kTruncated,
                "file is " + std::to_string(f.size()) + " bytes, shorter than e_ident");
  }
  if (f[4] == kElfClass64)
    return fail(ElfErrorCode::kNot32Bit, "ELFCLASS64 file: the guest must be a 32-bit ELF");
  if (f[4] != kElfClass32) {
    return fail(ElfErrorCode::kNot32Bit,
                "unknown ELF class " + std::to_string(f[4]) + " (expected ELFCLASS32)");
  }
  if (f[5] == kElfData2Msb)
    return fail(ElfErrorCode::kNotLittleEndian, "big-endian ELF: rv32im is little endian");
  if (f[5] != kElfData2Lsb) {
    return fail(ElfErrorCode::kNotLittleEndian,
                "unknown ELF data encoding " + std::to_string(f[5]) + " (expected ELFDATA2LSB)");
  }
  if (f[6] != 1) {
    return fail(ElfErrorCode::kBadVersion,
                "e_ident[EI_VERSION] is " + std::to_string(f[6]) + " (expected 1)");
  }
  if (f.size() < kEhdrSize) {
    return fail(ElfErrorCode::kTruncated,
                "file is " + std::to_string(f.size()) + " bytes, shorter than the 52-byte ELF32 header");
  }

  const std::uint16_t e_type = u16(f, 16);
  const std::uint16_t e_machine = u16(f, 18);
  const std::uint32_t e_version = u32(f, 20);
  const std::uint32_t e_entry = u32(f, 24);
  const std::uint32_t e_phoff = u32(f, 28);
  const std::uint32_t e_shoff = u32(f, 32);
  const std::uint32_t e_flags = u32(f, 36);
  const std::uint16_t e_ehsize = u16(f, 40);
  const std::uint16_t e_phentsize = u16(f, 42);
  const std::uint16_t e_phnum = u16(f, 44);
  const std::uint16_t e_shentsize = u16(f, 46);
  const std::uint16_t e_shnum = u16(f, 48);
  const std::uint16_t e_shstrndx = u16(f, 50);

  if (e_type != kEtExec) {
    return fail(
        ElfErrorCode::kNotExecutable,
        "e_type is " + std::to_string(e_type) +
            " (expected ET_EXEC = 2; relocatable objects and position-independent executables are not "
            "loadable)");
  }
  if (e_machine != kEmRiscv) {
    return fail(ElfErrorCode::kWrongMachine,
                "e_machine is " + std::to_string(e_machine) + " (expected EM_RISCV = 243)");
  }
  if (e_version != 1) {
    return fail(ElfErrorCode::kBadVersion, "e_version is " + std::to_string(e_version) + " (expected 1)");
  }
  if ((e_flags & kEfRiscvRvc) != 0) {
    return fail(ElfErrorCode::kUnsupportedFlags,
                "e_flags " + hex(e_flags) + " marks compressed (C extension) code; the machine is rv32im");
  }
  if ((e_flags & kEfRiscvFloatAbi) != 0) {
    return fail(ElfErrorCode::kUnsupportedFlags,
                "e_flags " + hex(e_flags) + " selects a hardware floating-point ABI; the guest ABI is ilp32");
  }
  if ((e_flags & kEfRiscvRve) != 0) {
    return fail(ElfErrorCode::kUnsupportedFlags, "e_flags " + hex(e_flags) + " marks an RV32E program");
  }
  if (e_ehsize != kEhdrSize) {
    return fail(ElfErrorCode::kBadHeader, "e_ehsize is " + std::to_string(e_ehsize) + " (expected 52)");
  }
  if (e_phnum == 0) return fail(ElfErrorCode::kNoSegments, "e_phnum is 0: the file has no program headers");
  if (e_phnum == kPnXnum) {
    return fail(ElfErrorCode::kBadHeader, "e_phnum is PN_XNUM (extended numbering is not supported)");
  }
  if (e_phentsize != kPhdrSize) {
    return fail(ElfErrorCode::kBadHeader, "e_phentsize is " + std::to_string(e_phentsize) + " (expected 32)");
  }
  const std::uint64_t ph_end = std::uint64_t{e_phoff} + std::uint64_t{e_phnum} * kPhdrSize;
  if (ph_end > f.size()) {
    return fail(ElfErrorCode::kTruncated, "program header table [" + hex(e_phoff) + ", " + hex(ph_end) +
                                              ") extends past the end of the file (" + hex(f.size()) +
                                              " bytes)");
  }
  if (e_phoff < kEhdrSize) {
    return fail(ElfErrorCode::kBadHeader, "e_phoff " + hex(e_phoff) + " overlaps the ELF header");
  }
  // Section headers are not needed to load the program, but a table that is declared must be well formed.
  if (e_shoff != 0 || e_shnum != 0) {
    if (e_shentsize != kShdrSize) {
      return fail(ElfErrorCode::kBadHeader,
                  "e_shentsize is " + std::to_string(e_shentsize) + " (expected 40)");
    }
    const std::uint64_t sh_end = std::uint64_t{e_shoff} + std::uint64_t{e_shnum} * kShdrSize;
    if (e_shoff < kEhdrSize) {
      return fail(ElfErrorCode::kBadHeader, "e_shoff " + hex(e_shoff) + " overlaps the ELF header");
    }
    if (sh_end > f.size()) {
      return fail(ElfErrorCode::kTruncated, "section header table [" + hex(e_shoff) + ", " + hex(sh_end) +
                                                ") extends past the end of the file (" + hex(f.size()) +
                                                " bytes)");
    }
    if (e_shnum != 0 && e_shstrndx >= e_shnum && e_shstrndx != 0xFFFF) {
      return fail(ElfErrorCode::kBadHeader, "e_shstrndx " + std::to_string(e_shstrndx) +
                                                " is not below e_shnum " + std::to_string(e_shnum));
    }
  } else if (e_shstrndx != 0) {
    return fail(ElfErrorCode::kBadHeader,
                "e_shstrndx is " + std::to_string(e_shstrndx) + " without sections");
  }

  ProgramImage image;
  image.entry = e_entry;
  std::vector<std::size_t> load_offsets;  // p_offset of each kept segment, parallel to image.segments
  for (std::size_t i = 0; i < e_phnum; ++i) {
    const ProgramHeader ph = read_phdr(f, e_phoff + i * kPhdrSize);
    if (ph.type == kPtInterp || ph.type == kPtDynamic) {
      return fail(ElfErrorCode::kDynamic, segment_name(i) +
                                              " is PT_INTERP/PT_DYNAMIC: the guest must be "
                                              "statically linked");
    }
    const std::uint64_t file_end = std::uint64_t{ph.offset} + ph.filesz;
    if (file_end > f.size()) {
      return fail(ElfErrorCode::kSegmentOutsideFile,
                  segment_name(i) + ": p_offset + p_filesz = " + hex(file_end) +
                      " is past the end of the file (" + hex(f.size()) + " bytes)");
    }
    if (ph.align > 1 && (ph.align & (ph.align - 1)) != 0) {
      return fail(ElfErrorCode::kSegmentAlignment,
                  segment_name(i) + ": p_align " + hex(ph.align) + " is not a power of two");
    }
    if (ph.type != kPtLoad) continue;  // PT_NOTE, PT_GNU_STACK, PT_RISCV_ATTRIBUTES, ...: nothing to load
    if (ph.filesz > ph.memsz) {
      return fail(ElfErrorCode::kSegmentSize, segment_name(i) + ": p_filesz " + hex(ph.filesz) +
                                                  " is larger than p_memsz " + hex(ph.memsz));
    }
    if (ph.align > 1 && (ph.vaddr & (ph.align - 1)) != (ph.offset & (ph.align - 1))) {
      return fail(ElfErrorCode::kSegmentAlignment, segment_name(i) + ": p_vaddr " + hex(ph.vaddr) +
                                                       " and p_offset " + hex(ph.offset) +
                                                       " are not congruent modulo p_align " + hex(ph.align));
    }
    if (ph.memsz == 0) continue;  // an empty PT_LOAD occupies no memory
    const std::uint64_t mem_end = std::uint64_t{ph.vaddr} + ph.memsz;
    if (ph.vaddr < abi::kMemoryStart || mem_end > abi::kMemoryEnd) {
      return fail(ElfErrorCode::kSegmentOutsideMemory,
                  segment_name(i) + ": [" + hex(ph.vaddr) + ", " + hex(mem_end) +
                      ") is not inside the guest address space [" + hex(abi::kMemoryStart) + ", " +
                      hex(abi::kMemoryEnd) + ")");
    }
    image.segments.push_back(Segment{ph.vaddr, ph.memsz, ph.filesz, ph.flags});
    load_offsets.push_back(ph.offset);
  }
  if (image.segments.empty()) {
    return fail(ElfErrorCode::kNoSegments, "no PT_LOAD segment with a nonzero p_memsz");
  }

  // Sort by address (carrying the file offsets along) and reject overlaps.
  std::vector<std::size_t> order(image.segments.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return image.segments[a].vaddr < image.segments[b].vaddr; });
  std::vector<Segment> sorted;
  std::vector<std::size_t> sorted_offsets;
  for (std::size_t index : order) {
    sorted.push_back(image.segments[index]);
    sorted_offsets.push_back(load_offsets[index]);
  }
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i].vaddr < sorted[i - 1].end()) {
      return fail(ElfErrorCode::kSegmentOverlap,
                  "loadable segments [" + hex(sorted[i - 1].vaddr) + ", " + hex(sorted[i - 1].end()) +
                      ") and [" + hex(sorted[i].vaddr) + ", " + hex(sorted[i].end()) + ") overlap");
    }
  }
  image.segments = std::move(sorted);

  if (std::none_of(image.segments.begin(), image.segments.end(),
                   [](const Segment& s) { return s.executable(); })) {
    return fail(ElfErrorCode::kNoExecutableSegment, "no loadable segment is executable (PF_X)");
  }
  const auto [exec_begin, exec_end] = image.executable_span();
  if (exec_end - exec_begin > kMaxExecutableSpan) {
    return fail(ElfErrorCode::kExecutableTooLarge, "executable segments span [" + hex(exec_begin) + ", " +
                                                       hex(exec_end) + "), more than " +
                                                       hex(kMaxExecutableSpan) + " bytes");
  }
  if ((e_entry & 3u) != 0) {
    return fail(ElfErrorCode::kBadEntry, "e_entry " + hex(e_entry) + " is not 4-byte aligned");
  }
  if (!image.is_executable(e_entry)) {
    return fail(ElfErrorCode::kBadEntry, "e_entry " + hex(e_entry) + " is not inside an executable segment");
  }

  // Initial memory words from the file-backed bytes, in address order. Segments are disjoint but need not be
  // word aligned, so the last word of one segment may be the first word of the next: merge those.
  for (std::size_t s = 0; s < image.segments.size(); ++s) {
    const Segment& seg = image.segments[s];
    const std::uint8_t* bytes = f.data() + sorted_offsets[s];
    for (std::uint32_t i = 0; i < seg.file_size;) {
      const std::uint32_t addr = seg.vaddr + i;
      const std::uint32_t word_addr = addr & ~3u;
      std::uint32_t value = 0;
      std::uint32_t byte = addr & 3u;
      for (; byte < 4 && i < seg.file_size; ++byte, ++i) value |= std::uint32_t{bytes[i]} << (8 * byte);
      if (!image.initial_words.empty() && image.initial_words.back().addr == word_addr) {
        image.initial_words.back().value |= value;
      } else {
        image.initial_words.push_back(MemoryWord{word_addr, value});
      }
    }
  }
  return image;
}

ElfLoadResult load_elf_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(ElfErrorCode::kUnreadable, "cannot open '" + path + "': " + std::strerror(errno));
  }
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return fail(ElfErrorCode::kUnreadable, "error while reading '" + path + "'");
  return load_elf(bytes);
}

}  // namespace neo::zkvm::rv32
