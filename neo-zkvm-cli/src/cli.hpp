// Shared pieces of the neo-zkvm command line: exit codes, reading inputs, printing values.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "neo/guest/proof_io.hpp"

namespace neo::cli {

// Exit status of every command.
inline constexpr int kExitOk = 0;       // success, HALT, valid proof
inline constexpr int kExitFailed = 1;   // the work says no: FAULT, invalid proof, guest exit code != 0
inline constexpr int kExitUsage = 2;    // bad usage or unreadable input

// An error for the user: what is wrong, naming the file, field or value.
struct UsageError {
  std::string message;
};

template <class T>
struct Result {
  std::optional<T> value;
  UsageError error;
  bool ok() const noexcept { return value.has_value(); }
};

Result<std::vector<std::uint8_t>> read_file(const std::string& path);
bool write_file(const std::string& path, const std::vector<std::uint8_t>& bytes, std::string& error);
Result<std::vector<std::uint8_t>> parse_hex(std::string_view text, std::string_view what);
std::string to_hex(std::span<const std::uint8_t> bytes);

// Arguments from --args: a JSON array whose elements are plain JSON values (integer, string, true/false, null,
// nested arrays) or Neo ContractParameter objects ({"type": "Integer", "value": "123"}, "ByteArray" with hex,
// "String", "Boolean", "Array", "Map" with [{"key":..., "value":...}], "Hash160", "Hash256", "PublicKey",
// "Signature" with hex).
Result<std::vector<guest::StackValue>> parse_arguments(std::string_view json_text);

// Neo's JSON form of a stack value ({"type": ..., "value": ...}); byte strings in hex.
nlohmann::ordered_json to_json(const guest::StackValue& v);
// One line of text: Integer 3, ByteString 0x6869 ("hi"), Array [Integer 1, ...].
std::string to_text(const guest::StackValue& v);

// Datoshi as GAS with 8 decimals ("0.00000300").
std::string format_gas(std::uint64_t datoshi);

// A one-line progress bar on stderr when it is a terminal; silent otherwise (logs, CI).
void draw_progress(std::string_view stage, double fraction);

// "123 bytes", "45.6 KiB", "7.89 MiB".
std::string format_size(std::size_t bytes);

}  // namespace neo::cli
