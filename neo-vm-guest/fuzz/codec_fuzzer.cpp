// Fuzzes the canonical codec reader: arbitrary bytes drive a sequence of reads. Whatever the input, the
// reader must never read past the end, must keep its first error, and must report an offset inside the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "neo/guest/codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  neo::guest::ByteReader reader({data, size});
  while (reader.ok() && reader.remaining() > 0) {
    switch (reader.u8() % 8) {
      case 0: (void)reader.u16(); break;
      case 1: (void)reader.u32(); break;
      case 2: (void)reader.u64(); break;
      case 3: (void)reader.var_uint(); break;
      case 4: (void)reader.var_uint(1000); break;
      case 5: {
        const auto bytes = reader.var_bytes(4096);
        if (bytes.size() > size) std::abort();
        break;
      }
      case 6: (void)reader.boolean(); break;
      default: reader.expect_end(); break;
    }
    if (reader.offset() > size) std::abort();
  }
  if (!reader.ok() && (reader.error().empty() || reader.error_offset() > size)) std::abort();
  return 0;
}
