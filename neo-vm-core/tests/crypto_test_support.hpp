// Helpers shared by the crypto_*_test.cpp files (host-only test code).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace neo::vm::crypto::test {

using Bytes = std::vector<std::uint8_t>;

inline Bytes from_hex(const std::string& hex) {
  Bytes out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

template <typename Container>
std::string to_hex(const Container& data) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (const std::uint8_t b : data) {
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return s;
}

inline std::span<const std::uint8_t> as_bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

inline Bytes random_bytes(std::mt19937_64& rng, std::size_t n) {
  Bytes out(n);
  for (auto& b : out) b = static_cast<std::uint8_t>(rng());
  return out;
}

// $NEO_SHARED_DIR, else ../shared relative to the repository root (found from this file's path, then from
// the working directory); nullopt when absent, and the tests then skip with a message.
inline std::optional<std::filesystem::path> shared_dir() {
  if (const char* env = std::getenv("NEO_SHARED_DIR"); env != nullptr && *env != '\0') {
    if (std::filesystem::is_directory(env)) return std::filesystem::path(env);
    return std::nullopt;
  }
  const std::filesystem::path repo_root = std::filesystem::path(__FILE__).parent_path() / ".." / "..";
  for (const auto& candidate : {repo_root / ".." / "shared", std::filesystem::path("../shared")}) {
    if (std::filesystem::is_directory(candidate)) return candidate;
  }
  return std::nullopt;
}

}  // namespace neo::vm::crypto::test
