// The ELF loader: what it produces for valid files, and a clear rejection for every malformed or unsupported
// header field, program header and segment layout.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "rv32_test_util.hpp"

using namespace neo::zkvm::rv32;
using namespace neo::zkvm::rv32::reg;
using namespace neo::zkvm::rv32::test;

namespace {

constexpr std::uint32_t kCode = abi::kMemoryStart;

void put16(std::vector<std::uint8_t>& f, std::size_t at, std::uint32_t v) {
  f[at] = static_cast<std::uint8_t>(v);
  f[at + 1] = static_cast<std::uint8_t>(v >> 8);
}
void put32(std::vector<std::uint8_t>& f, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) f[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}
std::size_t phdr(std::size_t index, std::size_t field) {
  return ElfLayout::kPhoff + index * ElfLayout::kPhdrSize + field;
}
// Program header field offsets.
constexpr std::size_t kType = 0, kOffset = 4, kVaddr = 8, kFilesz = 16, kMemsz = 20, kFlags = 24, kAlign = 28;

std::vector<std::uint8_t> code_bytes() {
  Assembler a;
  a.li(a0, 7).halt(0);
  return a.code_bytes();
}

// A valid two-segment ELF: R+X code at kCode, R+W data at kDataBase (8 file bytes, 64 bytes in memory).
std::vector<std::uint8_t> valid_elf() {
  return build_elf({ElfSegmentSpec{kCode, kSegmentRead | kSegmentExecute, code_bytes(), 0},
                    ElfSegmentSpec{kDataBase, kSegmentRead | kSegmentWrite, {1, 2, 3, 4, 5, 6, 7, 8}, 64}},
                   kCode);
}

void require_error(const std::vector<std::uint8_t>& file, ElfErrorCode code, const std::string& mentions) {
  const ElfLoadResult result = load_elf(file);
  REQUIRE_FALSE(result.ok());
  INFO(result.error().message);
  CHECK(result.error().code == code);
  CHECK(result.error().message.find(mentions) != std::string::npos);
}

}  // namespace

TEST_CASE("rv32 ELF: a valid file loads into segments and initial words", "[rv32][elf]") {
  const ElfLoadResult result = load_elf(valid_elf());
  REQUIRE(result.ok());
  const ProgramImage& image = result.image();
  CHECK(image.entry == kCode);
  REQUIRE(image.segments.size() == 2);
  CHECK(image.segments[0].vaddr == kCode);
  CHECK(image.segments[0].executable());
  CHECK_FALSE(image.segments[0].writable());
  CHECK(image.segments[1].vaddr == kDataBase);
  CHECK(image.segments[1].file_size == 8u);
  CHECK(image.segments[1].mem_size == 64u);
  CHECK(image.segments[1].writable());
  const std::vector<std::uint8_t> code = code_bytes();
  REQUIRE(image.initial_words.size() == code.size() / 4 + 2);  // .bss-like tail not listed
  CHECK(image.initial_words[0] == MemoryWord{kCode, enc::addi(a0, zero, 7)});
  CHECK(image.initial_words[code.size() / 4] == MemoryWord{kDataBase, 0x04030201});
  CHECK(image.initial_words.back() == MemoryWord{kDataBase + 4, 0x08070605});
  CHECK(image.executable_span() == std::pair<std::uint32_t, std::uint32_t>{kCode, kCode + code.size()});
  CHECK(image.is_executable(kCode));
  CHECK_FALSE(image.is_executable(kDataBase));
  // And it runs.
  const ExecutionResult r = execute(image, {});
  CHECK(r.success());
}

TEST_CASE("rv32 ELF: segments are sorted, and unaligned neighbours share a word", "[rv32][elf]") {
  // Given out of order; the two data segments are adjacent and meet inside the word at 0x20000.
  const std::vector<std::uint8_t> file =
      build_elf({ElfSegmentSpec{0x20002, kSegmentRead, {0xCC, 0xDD, 0xEE}, 0},
                 ElfSegmentSpec{kCode, kSegmentRead | kSegmentExecute, code_bytes(), 0},
                 ElfSegmentSpec{0x20000, kSegmentRead | kSegmentWrite, {0xAA, 0xBB}, 0}},
                kCode);
  const ElfLoadResult result = load_elf(file);
  REQUIRE(result.ok());
  const ProgramImage& image = result.image();
  REQUIRE(image.segments.size() == 3);
  CHECK(image.segments[1].vaddr == 0x20000u);
  CHECK(image.segments[2].vaddr == 0x20002u);
  CHECK(image.initial_words[image.initial_words.size() - 2] == MemoryWord{0x20000, 0xDDCCBBAA});
  CHECK(image.initial_words.back() == MemoryWord{0x20004, 0x000000EE});
  for (std::size_t i = 1; i < image.initial_words.size(); ++i) {
    CHECK(image.initial_words[i - 1].addr < image.initial_words[i].addr);
  }
}

TEST_CASE("rv32 ELF: non-ELF and truncated files", "[rv32][elf]") {
  require_error({}, ElfErrorCode::kTruncated, "shorter than the ELF magic");
  require_error({0x7F, 'E'}, ElfErrorCode::kTruncated, "shorter than the ELF magic");
  require_error({'M', 'Z', 0, 0, 0, 0, 0, 0}, ElfErrorCode::kBadMagic, "not an ELF");
  require_error({0x7F, 'E', 'L', 'F', 1}, ElfErrorCode::kTruncated, "e_ident");
  std::vector<std::uint8_t> file = valid_elf();
  require_error(std::vector<std::uint8_t>(file.begin(), file.begin() + 51), ElfErrorCode::kTruncated,
                "52-byte");
  // Cut inside the program header table.
  require_error(std::vector<std::uint8_t>(file.begin(), file.begin() + 80), ElfErrorCode::kTruncated,
                "program header table");
  // Cut inside the last segment's bytes.
  require_error(std::vector<std::uint8_t>(file.begin(), file.end() - 1), ElfErrorCode::kSegmentOutsideFile,
                "program header 1");
}

TEST_CASE("rv32 ELF: identification and header fields", "[rv32][elf]") {
  auto with = [](auto&& edit) {
    std::vector<std::uint8_t> f = valid_elf();
    edit(f);
    return f;
  };
  require_error(with([](auto& f) { f[4] = 2; }), ElfErrorCode::kNot32Bit, "ELFCLASS64");
  require_error(with([](auto& f) { f[4] = 0; }), ElfErrorCode::kNot32Bit, "unknown ELF class");
  require_error(with([](auto& f) { f[5] = 2; }), ElfErrorCode::kNotLittleEndian, "big-endian");
  require_error(with([](auto& f) { f[5] = 9; }), ElfErrorCode::kNotLittleEndian, "data encoding");
  require_error(with([](auto& f) { f[6] = 0; }), ElfErrorCode::kBadVersion, "EI_VERSION");
  require_error(with([](auto& f) { put16(f, 16, 3); }), ElfErrorCode::kNotExecutable, "e_type is 3");
  require_error(with([](auto& f) { put16(f, 16, 1); }), ElfErrorCode::kNotExecutable, "e_type is 1");
  require_error(with([](auto& f) { put16(f, 18, 62); }), ElfErrorCode::kWrongMachine, "e_machine is 62");
  require_error(with([](auto& f) { put16(f, 18, 0xF3 << 8); }), ElfErrorCode::kWrongMachine, "EM_RISCV");
  require_error(with([](auto& f) { put32(f, 20, 2); }), ElfErrorCode::kBadVersion, "e_version");
  require_error(with([](auto& f) { put32(f, 36, 0x1); }), ElfErrorCode::kUnsupportedFlags, "C extension");
  require_error(with([](auto& f) { put32(f, 36, 0x2); }), ElfErrorCode::kUnsupportedFlags, "floating-point");
  require_error(with([](auto& f) { put32(f, 36, 0x4); }), ElfErrorCode::kUnsupportedFlags, "floating-point");
  require_error(with([](auto& f) { put32(f, 36, 0x8); }), ElfErrorCode::kUnsupportedFlags, "RV32E");
  require_error(with([](auto& f) { put16(f, 40, 64); }), ElfErrorCode::kBadHeader, "e_ehsize");
  require_error(with([](auto& f) { put16(f, 42, 56); }), ElfErrorCode::kBadHeader, "e_phentsize");
  require_error(with([](auto& f) { put16(f, 44, 0); }), ElfErrorCode::kNoSegments, "e_phnum is 0");
  require_error(with([](auto& f) { put16(f, 44, 0xFFFF); }), ElfErrorCode::kBadHeader, "PN_XNUM");
  require_error(with([](auto& f) { put16(f, 44, 1000); }), ElfErrorCode::kTruncated, "program header table");
  require_error(with([](auto& f) { put32(f, 28, 0xFFFFFFF0); }), ElfErrorCode::kTruncated,
                "program header table");
  require_error(with([](auto& f) { put32(f, 28, 16); }), ElfErrorCode::kBadHeader, "e_phoff");
  // A declared section header table must be well formed.
  require_error(with([](auto& f) {
                  put32(f, 32, 0x100);
                  put16(f, 48, 1);
                  put16(f, 46, 0);
                }),
                ElfErrorCode::kBadHeader, "e_shentsize");
  require_error(with([](auto& f) {
                  put32(f, 32, 0xFFFFFF00);
                  put16(f, 48, 10);
                }),
                ElfErrorCode::kTruncated, "section header table");
  require_error(with([](auto& f) {
                  put32(f, 32, 8);
                  put16(f, 48, 1);
                }),
                ElfErrorCode::kBadHeader, "e_shoff");
  require_error(with([](auto& f) {
                  put32(f, 32, 0x40);
                  put16(f, 48, 1);
                  put16(f, 50, 3);
                }),
                ElfErrorCode::kBadHeader, "e_shstrndx");
  require_error(with([](auto& f) { put16(f, 50, 3); }), ElfErrorCode::kBadHeader, "e_shstrndx");
}

TEST_CASE("rv32 ELF: program headers and segments", "[rv32][elf]") {
  auto with = [](auto&& edit) {
    std::vector<std::uint8_t> f = valid_elf();
    edit(f);
    return f;
  };
  require_error(with([](auto& f) { put32(f, phdr(1, kType), 3); }), ElfErrorCode::kDynamic,
                "statically linked");
  require_error(with([](auto& f) { put32(f, phdr(1, kType), 2); }), ElfErrorCode::kDynamic, "PT_DYNAMIC");
  require_error(with([](auto& f) { put32(f, phdr(1, kFilesz), 65); }), ElfErrorCode::kSegmentOutsideFile,
                "past the end of the file");
  require_error(with([](auto& f) { put32(f, phdr(1, kOffset), 0xFFFFFFF0); }),
                ElfErrorCode::kSegmentOutsideFile, "program header 1");
  require_error(with([](auto& f) { put32(f, phdr(1, kMemsz), 4); }), ElfErrorCode::kSegmentSize,
                "larger than p_memsz");
  require_error(with([](auto& f) { put32(f, phdr(1, kAlign), 0x1800); }), ElfErrorCode::kSegmentAlignment,
                "power of two");
  require_error(with([](auto& f) { put32(f, phdr(1, kVaddr), kDataBase + 4); }),
                ElfErrorCode::kSegmentAlignment, "congruent");
  // Segments outside [kMemoryStart, kMemoryEnd), including a size that wraps past 2^32.
  require_error(with([](auto& f) { put32(f, phdr(1, kVaddr), 0x0); }), ElfErrorCode::kSegmentOutsideMemory,
                "guest address space");
  require_error(with([](auto& f) {
                  put32(f, phdr(1, kVaddr), 0x7FFFF000);
                  put32(f, phdr(1, kMemsz), 0x2000);
                }),
                ElfErrorCode::kSegmentOutsideMemory, "0x80001000");
  require_error(with([](auto& f) { put32(f, phdr(1, kVaddr), 0x80000000); }),
                ElfErrorCode::kSegmentOutsideMemory, "program header 1");
  require_error(with([](auto& f) {
                  put32(f, phdr(1, kVaddr), 0x7FFFF000);
                  put32(f, phdr(1, kMemsz), 0xFFFFF000);
                }),
                ElfErrorCode::kSegmentOutsideMemory, "program header 1");
  // Overlap: the data segment moved onto the code.
  require_error(with([](auto& f) {
                  put32(f, phdr(1, kVaddr), kCode + 4);
                  put32(f, phdr(1, kAlign), 4);
                }),
                ElfErrorCode::kSegmentOverlap, "overlap");
  // No executable segment, entry problems.
  require_error(with([](auto& f) { put32(f, phdr(0, kFlags), kSegmentRead); }),
                ElfErrorCode::kNoExecutableSegment, "PF_X");
  require_error(with([](auto& f) { put32(f, 24, kCode + 2); }), ElfErrorCode::kBadEntry, "aligned");
  require_error(with([](auto& f) { put32(f, 24, kDataBase); }), ElfErrorCode::kBadEntry,
                "executable segment");
  require_error(with([](auto& f) { put32(f, 24, 0x0); }), ElfErrorCode::kBadEntry, "executable segment");
  // Only empty loadable segments.
  require_error(with([](auto& f) {
                  for (std::size_t i = 0; i < 2; ++i) {
                    put32(f, phdr(i, kFilesz), 0);
                    put32(f, phdr(i, kMemsz), 0);
                  }
                }),
                ElfErrorCode::kNoSegments, "PT_LOAD");
  // Code spread over more than kMaxExecutableSpan.
  const std::vector<std::uint8_t> spread =
      build_elf({ElfSegmentSpec{kCode, kSegmentRead | kSegmentExecute, code_bytes(), 0},
                 ElfSegmentSpec{0x10000000, kSegmentRead | kSegmentExecute, code_bytes(), 0}},
                kCode);
  require_error(spread, ElfErrorCode::kExecutableTooLarge, "more than");
}

TEST_CASE("rv32 ELF: ignorable program headers and empty segments are accepted", "[rv32][elf]") {
  std::vector<std::uint8_t> f = valid_elf();
  // Turn the data segment into PT_GNU_STACK-like metadata (nothing to load) and add an empty PT_LOAD.
  put32(f, phdr(1, kType), 0x6474e551);
  REQUIRE(load_elf(f).ok());
  CHECK(load_elf(f).image().segments.size() == 1);
  put32(f, phdr(1, kType), 1);
  put32(f, phdr(1, kFilesz), 0);
  put32(f, phdr(1, kMemsz), 0);
  put32(f, phdr(1, kVaddr), 0);  // an empty segment occupies no memory, wherever it claims to be
  put32(f, phdr(1, kOffset), 0);
  REQUIRE(load_elf(f).ok());
  CHECK(load_elf(f).image().segments.size() == 1);
}

TEST_CASE("rv32 ELF: load_elf_file reports unreadable files", "[rv32][elf]") {
  const ElfLoadResult missing = load_elf_file("/nonexistent/neo-zkvm/guest.elf");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ElfErrorCode::kUnreadable);
  CHECK(missing.error().message.find("/nonexistent/neo-zkvm/guest.elf") != std::string::npos);

  const std::vector<std::uint8_t> file = valid_elf();
  const std::string path = "rv32_elf_test_valid.elf";
  std::FILE* out = std::fopen(path.c_str(), "wb");
  REQUIRE(out != nullptr);
  REQUIRE(std::fwrite(file.data(), 1, file.size(), out) == file.size());
  std::fclose(out);
  const ElfLoadResult loaded = load_elf_file(path);
  std::remove(path.c_str());
  REQUIRE(loaded.ok());
  CHECK(loaded.image().entry == kCode);
}

TEST_CASE("rv32 ELF: random corruption never crashes and never yields an inconsistent image", "[rv32][elf]") {
  const std::vector<std::uint8_t> base = valid_elf();
  std::uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  int accepted = 0;
  for (int round = 0; round < 20000; ++round) {
    std::vector<std::uint8_t> f = base;
    const int flips = 1 + static_cast<int>(next() % 4);
    for (int i = 0; i < flips; ++i) {
      // Mostly hit the headers, where the interesting fields are.
      const std::size_t at =
          (next() % 4 != 0) ? next() % (ElfLayout::kPhoff + 2 * ElfLayout::kPhdrSize) : next() % f.size();
      f[at] = static_cast<std::uint8_t>(next());
    }
    if (next() % 8 == 0) f.resize(next() % f.size());
    const ElfLoadResult result = load_elf(f);
    if (!result.ok()) {
      CHECK_FALSE(result.error().message.empty());
      continue;
    }
    ++accepted;
    const ProgramImage& image = result.image();
    // What the loader promises: sorted disjoint segments inside the address space, entry in code.
    for (std::size_t i = 0; i < image.segments.size(); ++i) {
      REQUIRE(image.segments[i].vaddr >= abi::kMemoryStart);
      REQUIRE(image.segments[i].end() <= abi::kMemoryEnd);
      REQUIRE(image.segments[i].file_size <= image.segments[i].mem_size);
      if (i > 0) REQUIRE(image.segments[i - 1].end() <= image.segments[i].vaddr);
    }
    REQUIRE(image.is_executable(image.entry));
    REQUIRE(image.entry % 4 == 0);
    // And whatever the code became, running it a little never crashes.
    ExecutorOptions options;
    options.max_cycles = 1000;
    const ExecutionResult r = execute(image, options);
    REQUIRE(r.status != ExitStatus::kRunning);
  }
  CHECK(accepted > 0);
}
