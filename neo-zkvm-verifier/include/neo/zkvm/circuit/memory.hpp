// Memory chips of the offline memory check. Memory and MemoryImage have real rows in one shard only, the
// last (public value `finalizes` = 1 there and 0 elsewhere, which the machine verifier checks): every touched
// address is initialised and finalised once in the whole proof, and accesses in any shard balance against
// those rows through the global MEMORY bus (docs/circuit.md §5).
//
// Memory: one row per address the execution touched, plus every address of the initial image (the 32
// registers and the ELF's initial words), in strictly increasing address order (each address < 2^29 by a
// range check on its limbs, each step's gap - 1 < 2^29): sends (addr, init, 0) and receives (addr, final,
// final_ts) on MEMORY. An image address sends (addr, init) on IMAGE; any other address starts at 0. Since
// MemoryImage receives every image tuple exactly once and the addresses here are distinct, an image address
// cannot be initialised with anything but its image value.
//
// Read-only memory: a word's read-only byte mask travels with it on the MEMORY bus (buses.hpp), fixed by the
// image (every word that a segment without PF_W touches is an image word, zero or not, so its only Memory row
// is the image one) and unchanged by every access; MemoryInstr and SyscallMemory prove that a store or
// HINT_READ writes none of its bytes. Programs with a writable executable segment are not provable (setup
// refuses them: executing overwritten code is a trap the circuit does not see), so code is read-only too.
//
// MemoryImage: the preprocessed image (registers: x2 = the stack top, others 0; the ELF's initial words);
// its one main column is the multiplicity of its IMAGE receive, pinned to 1 on real rows (the framework needs
// a main column; the pin makes it carry no freedom).
//
// Portable (verifier).
#pragma once

#include <cstddef>
#include <string_view>

#include "neo/zkvm/air/builder.hpp"

namespace neo::zkvm::circuit {

struct MemoryPublicValues {
  static constexpr std::size_t kFinalizes = 0;  // this shard initialises and finalises memory
  static constexpr std::size_t kCount = 1;
};

struct MemoryCols {
  static constexpr std::size_t kIsReal = 0;
  static constexpr std::size_t kIsImage = 1;
  static constexpr std::size_t kAddr = 2;
  static constexpr std::size_t kAddrLo = 3;  // addr = lo + 2^16 hi, lo < 2^16, hi < 2^13
  static constexpr std::size_t kAddrHi = 4;
  static constexpr std::size_t kInit = 5;   // 4 bytes
  static constexpr std::size_t kFinal = 9;  // 4 bytes
  static constexpr std::size_t kFinalTs = 13;
  static constexpr std::size_t kGapLo = 14;  // next addr - addr - 1 = lo + 2^16 hi
  static constexpr std::size_t kGapHi = 15;
  static constexpr std::size_t kReadOnly = 16;    // the word's read-only byte mask (image words only)
  static constexpr std::size_t kIsHintCell = 17;  // the private-input cell: its initial value is a witness
  static constexpr std::size_t kWidth = 18;
};
struct MemoryChip {
  std::string_view name() const noexcept { return "Memory"; }
  std::size_t main_width() const noexcept { return MemoryCols::kWidth; }
  std::size_t num_public_values() const noexcept { return MemoryPublicValues::kCount; }
  void eval(air::AirBuilder& b) const;
};

struct MemoryImagePreprocessedCols {
  static constexpr std::size_t kIsReal = 0;
  static constexpr std::size_t kAddr = 1;
  static constexpr std::size_t kValue = 2;     // 4 bytes
  static constexpr std::size_t kReadOnly = 6;  // bit j: byte j lies in a segment without PF_W
  static constexpr std::size_t kWidth = 7;
};
struct MemoryImageCols {
  static constexpr std::size_t kMultiplicity = 0;
  static constexpr std::size_t kWidth = 1;
};
struct MemoryImageChip {
  std::string_view name() const noexcept { return "MemoryImage"; }
  std::size_t preprocessed_width() const noexcept { return MemoryImagePreprocessedCols::kWidth; }
  std::size_t main_width() const noexcept { return MemoryImageCols::kWidth; }
  std::size_t num_public_values() const noexcept { return MemoryPublicValues::kCount; }
  void eval(air::AirBuilder& b) const;
};

// MemoryInstr: one row per load/store. The effective address (alu_out of the CPU, 4 bytes) must lie in
// [2^16, 2^31) (the guest address space) and be naturally aligned; its word (index addr / 4) is accessed at
// ts + 2. Loads keep the word and extract the byte/half with sign or zero extension; stores replace the
// selected byte/half with the low bytes of the data.
struct MemoryInstrCols {
  static constexpr std::size_t kIsLb = 0;  // 8 op selectors in MemOp order (lb lh lw lbu lhu sb sh sw)
  static constexpr std::size_t kOpCount = 8;
  static constexpr std::size_t kAddr = 8;          // 4 bytes
  static constexpr std::size_t kData = 12;         // 4 bytes: rs2 (stores)
  static constexpr std::size_t kResult = 16;       // 4 bytes: the loaded value (loads)
  static constexpr std::size_t kTs = 20;           // the instruction's ts (the access is at ts + 2)
  static constexpr std::size_t kOffset0 = 21;      // addr bit 0
  static constexpr std::size_t kOffset1 = 22;      // addr bit 1
  static constexpr std::size_t kAddrQuarter = 23;  // (addr[0] - offset) / 4
  static constexpr std::size_t kByteSel = 24;      // 4: one-hot byte offset
  static constexpr std::size_t kPrev = 28;         // 4: the word before
  static constexpr std::size_t kNext = 32;         // 4: the word after
  static constexpr std::size_t kAccess = 36;       // AccessCols
  static constexpr std::size_t kValueLo = 39;      // the selected byte, or the low byte of the selected half
  static constexpr std::size_t kValueHi = 40;      // the high byte of the selected half
  static constexpr std::size_t kSignSource = 41;   // the byte whose msb is the sign (LB: lo, LH: hi)
  static constexpr std::size_t kSign = 42;
  static constexpr std::size_t kReadOnly = 43;  // 4: the word's read-only byte mask, bit by bit
  static constexpr std::size_t kWidth = 47;
};
struct MemoryInstrChip {
  std::string_view name() const noexcept { return "MemoryInstr"; }
  std::size_t main_width() const noexcept { return MemoryInstrCols::kWidth; }
  void eval(air::AirBuilder& b) const;
};

}  // namespace neo::zkvm::circuit
