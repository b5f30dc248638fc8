#include "neo/zkvm/rv32/assembler.hpp"

#include <stdexcept>

namespace neo::zkvm::rv32 {
namespace {

void put16(std::vector<std::uint8_t>& out, std::size_t at, std::uint32_t value) {
  out[at] = static_cast<std::uint8_t>(value);
  out[at + 1] = static_cast<std::uint8_t>(value >> 8);
}
void put32(std::vector<std::uint8_t>& out, std::size_t at, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

}  // namespace

std::vector<std::uint8_t> build_elf(const std::vector<ElfSegmentSpec>& segments, std::uint32_t entry) {
  constexpr std::uint32_t kAlign = 0x1000;
  const std::size_t headers = ElfLayout::kPhoff + ElfLayout::kPhdrSize * segments.size();
  std::vector<std::uint8_t> out(headers, 0);
  // e_ident
  out[0] = 0x7F;
  out[1] = 'E';
  out[2] = 'L';
  out[3] = 'F';
  out[4] = 1;           // ELFCLASS32
  out[5] = 1;           // ELFDATA2LSB
  out[6] = 1;           // EV_CURRENT
  put16(out, 16, 2);    // ET_EXEC
  put16(out, 18, 243);  // EM_RISCV
  put32(out, 20, 1);    // e_version
  put32(out, 24, entry);
  put32(out, 28, ElfLayout::kPhoff);
  put32(out, 32, 0);  // no section headers
  put32(out, 36, 0);  // e_flags: soft-float, no RVC
  put16(out, 40, 52);
  put16(out, 42, ElfLayout::kPhdrSize);
  put16(out, 44, static_cast<std::uint32_t>(segments.size()));
  put16(out, 46, 40);
  put16(out, 48, 0);
  put16(out, 50, 0);

  for (std::size_t i = 0; i < segments.size(); ++i) {
    const ElfSegmentSpec& seg = segments[i];
    // Place the bytes at the next file offset congruent to vaddr modulo the alignment.
    std::size_t offset = out.size();
    const std::size_t want = seg.vaddr % kAlign;
    offset += (want + kAlign - offset % kAlign) % kAlign;
    out.resize(offset, 0);
    out.insert(out.end(), seg.bytes.begin(), seg.bytes.end());
    const std::size_t ph = ElfLayout::kPhoff + i * ElfLayout::kPhdrSize;
    put32(out, ph + 0, 1);  // PT_LOAD
    put32(out, ph + 4, static_cast<std::uint32_t>(offset));
    put32(out, ph + 8, seg.vaddr);
    put32(out, ph + 12, seg.vaddr);
    put32(out, ph + 16, static_cast<std::uint32_t>(seg.bytes.size()));
    put32(out, ph + 20, seg.mem_size != 0 ? seg.mem_size : static_cast<std::uint32_t>(seg.bytes.size()));
    put32(out, ph + 24, seg.flags);
    put32(out, ph + 28, kAlign);
  }
  return out;
}

Assembler& Assembler::emit(std::uint32_t word) {
  words_.push_back(word);
  return *this;
}

Assembler::Label Assembler::new_label() {
  labels_.push_back(-1);
  return Label{labels_.size() - 1};
}

Assembler& Assembler::bind(Label label) {
  labels_.at(label.id) = static_cast<std::int64_t>(words_.size());
  return *this;
}

Assembler& Assembler::branch(std::uint32_t funct3, Reg rs1, Reg rs2, Label target) {
  fixups_.push_back(Fixup{words_.size(), target.id, false});
  return emit(encode::b_type(0, rs2, rs1, funct3));
}

Assembler& Assembler::jal(Reg rd, Label target) {
  fixups_.push_back(Fixup{words_.size(), target.id, true});
  return emit(encode::jal(rd, 0));
}

Assembler& Assembler::li(Reg rd, std::uint32_t value) {
  const auto signed_value = static_cast<std::int32_t>(value);
  if (signed_value >= -2048 && signed_value < 2048) return emit(encode::addi(rd, reg::zero, signed_value));
  // lui loads the upper 20 bits; addi adds the sign-extended low 12, so round the upper part up when bit 11
  // is set.
  const std::uint32_t upper = (value + 0x800u) >> 12;
  const std::int32_t lower = static_cast<std::int32_t>(value << 20) >> 20;
  emit(encode::lui(rd, upper));
  if (lower != 0) emit(encode::addi(rd, rd, lower));
  return *this;
}

std::vector<std::uint32_t> Assembler::finish() const {
  std::vector<std::uint32_t> words = words_;
  for (const Fixup& fixup : fixups_) {
    const std::int64_t target = labels_.at(fixup.label);
    if (target < 0) throw std::logic_error("Assembler: unbound label");
    const std::int64_t offset = (target - static_cast<std::int64_t>(fixup.word_index)) * 4;
    const std::int64_t limit = fixup.is_jal ? (1 << 20) : (1 << 12);
    if (offset < -limit || offset >= limit) throw std::logic_error("Assembler: branch target out of range");
    const auto off = static_cast<std::int32_t>(offset);
    std::uint32_t& word = words[fixup.word_index];
    if (fixup.is_jal) {
      word = encode::j_type(off, (word >> 7) & 31);
    } else {
      word = encode::b_type(off, (word >> 20) & 31, (word >> 15) & 31, (word >> 12) & 7);
    }
  }
  return words;
}

std::vector<std::uint8_t> Assembler::code_bytes() const {
  std::vector<std::uint8_t> bytes;
  for (std::uint32_t word : finish()) {
    for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<std::uint8_t>(word >> (8 * i)));
  }
  return bytes;
}

std::vector<std::uint8_t> Assembler::elf(const std::vector<ElfSegmentSpec>& extra_segments) const {
  std::vector<ElfSegmentSpec> segments;
  segments.push_back(ElfSegmentSpec{base_, kSegmentRead | kSegmentExecute, code_bytes(), 0});
  segments.insert(segments.end(), extra_segments.begin(), extra_segments.end());
  return build_elf(segments, base_);
}

ProgramImage Assembler::image(const std::vector<ElfSegmentSpec>& extra_segments) const {
  ElfLoadResult loaded = load_elf(elf(extra_segments));
  if (!loaded.ok())
    throw std::logic_error("Assembler: load_elf rejected the program: " + loaded.error().message);
  return std::move(loaded).image();
}

}  // namespace neo::zkvm::rv32
