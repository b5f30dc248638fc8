// What a guest program uses to talk to the host: its private input, stdout/stderr, and its public values.
//
// Public values: every byte passed to write_public() goes to fd 3 and into a running SHA-256. When main()
// returns 0 the runtime commits that digest (8 words, word i = bytes 4i..4i+3 of the digest read as a
// little-endian u32) and halts, so every successful run of every guest binds its public values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace neo::zkvm::runtime {

// The whole remaining private input stream.
std::vector<std::uint8_t> read_input();
// Exactly out.size() bytes of the private input stream; halts with kExitAbort if fewer remain.
void read_input_exact(std::span<std::uint8_t> out) noexcept;
std::size_t input_remaining() noexcept;

void write_stdout(std::string_view text) noexcept;
void write_stderr(std::string_view text) noexcept;

void write_public(std::span<const std::uint8_t> bytes) noexcept;
// Commits the SHA-256 of the public values written so far. Called by the runtime when main() returns 0;
// a guest may call it earlier, after which write_public() aborts (the digest is final).
void commit_public_values() noexcept;

// Stops the machine. A non-zero code marks a failed run, which cannot be proven.
[[noreturn]] void halt(std::uint32_t exit_code) noexcept;
// Writes a message to stderr and halts with kExitAbort.
[[noreturn]] void fail(std::string_view message) noexcept;

// Decimal text of an unsigned integer, for guests that print numbers without a C library printf.
std::string_view format_decimal(std::uint64_t value, std::span<char, 20> buffer) noexcept;

}  // namespace neo::zkvm::runtime
