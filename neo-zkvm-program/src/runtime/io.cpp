#include "neo/zkvm/runtime/io.hpp"

#include "neo/guest/abi.hpp"
#include "neo/vm/crypto/sha256.hpp"
#include "neo/zkvm/runtime/syscalls.hpp"

namespace neo::zkvm::runtime {
namespace {

using guest::abi::Fd;

// The running digest of the public values, created on first use (the guest is single-threaded).
struct PublicValues {
  vm::crypto::Sha256 hasher;
  bool committed = false;
};
PublicValues& public_values() noexcept {
  static PublicValues state;
  return state;
}

}  // namespace

std::size_t input_remaining() noexcept { return sys::hint_len(); }

std::vector<std::uint8_t> read_input() {
  std::vector<std::uint8_t> bytes(sys::hint_len());
  if (!bytes.empty()) sys::hint_read(bytes.data(), bytes.size());
  return bytes;
}

void read_input_exact(std::span<std::uint8_t> out) noexcept {
  if (sys::hint_len() < out.size()) fail("guest input is shorter than the program expects");
  if (!out.empty()) sys::hint_read(out.data(), out.size());
}

void write_stdout(std::string_view text) noexcept { sys::write(Fd::kStdout, text.data(), text.size()); }
void write_stderr(std::string_view text) noexcept { sys::write(Fd::kStderr, text.data(), text.size()); }

void write_public(std::span<const std::uint8_t> bytes) noexcept {
  PublicValues& pv = public_values();
  if (pv.committed) fail("write_public() after the public values were committed");
  pv.hasher.update(bytes);
  sys::write(Fd::kPublicValues, bytes.data(), bytes.size());
}

void commit_public_values() noexcept {
  PublicValues& pv = public_values();
  if (pv.committed) return;
  pv.committed = true;
  const vm::crypto::Sha256Digest digest = pv.hasher.finish();
  for (std::uint32_t i = 0; i < guest::abi::kDigestWords; ++i) {
    const std::uint32_t word = std::uint32_t{digest[4 * i]} | (std::uint32_t{digest[4 * i + 1]} << 8) |
                               (std::uint32_t{digest[4 * i + 2]} << 16) | (std::uint32_t{digest[4 * i + 3]} << 24);
    sys::commit(i, word);
  }
}

void halt(std::uint32_t exit_code) noexcept { sys::halt(exit_code); }

void fail(std::string_view message) noexcept {
  write_stderr("guest abort: ");
  write_stderr(message);
  write_stderr("\n");
  sys::halt(guest::abi::kExitAbort);
}

std::string_view format_decimal(std::uint64_t value, std::span<char, 20> buffer) noexcept {
  std::size_t pos = buffer.size();
  do {
    buffer[--pos] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  return {buffer.data() + pos, buffer.size() - pos};
}

}  // namespace neo::zkvm::runtime

// Where start.c goes when main() returns: a successful run commits its public values, then the machine halts.
extern "C" [[noreturn]] void neo_zkvm_runtime_exit(int code) {
  if (code == 0) neo::zkvm::runtime::commit_public_values();
  neo::zkvm::runtime::halt(static_cast<std::uint32_t>(code));
}
