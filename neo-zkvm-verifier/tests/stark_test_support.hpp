// Helpers shared by the field/hash tests: locating ../shared and drawing random field elements.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>

#include "neo/zkvm/field/babybear.hpp"
#include "neo/zkvm/field/extension.hpp"

namespace neo::zkvm::test_support {

// NEO_SHARED_DIR if set; else ../shared beside the repository root, found from this file's path
// (<repo>/<package>/tests/...) or by walking up from the working directory (tests run inside
// <repo>/build/...).
inline std::optional<std::filesystem::path> shared_dir() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("NEO_SHARED_DIR"); env != nullptr && *env != '\0') {
    fs::path dir(env);
    if (fs::is_directory(dir)) return dir;
  }
  const fs::path repo = fs::path(__FILE__).parent_path().parent_path().parent_path();
  if (repo.is_absolute() && fs::is_directory(repo.parent_path() / "shared" / "conformance")) {
    return repo.parent_path() / "shared";
  }
  std::error_code ec;
  for (fs::path dir = fs::current_path(ec); !ec && !dir.empty(); dir = dir.parent_path()) {
    if (fs::is_directory(dir / "shared" / "conformance")) return dir / "shared";
    if (dir == dir.parent_path()) break;
  }
  return std::nullopt;
}

inline std::optional<std::filesystem::path> shared_file(const char* relative) {
  const auto dir = shared_dir();
  if (!dir) return std::nullopt;
  std::filesystem::path file = *dir / relative;
  if (!std::filesystem::is_regular_file(file)) return std::nullopt;
  return file;
}

class FieldRng {
 public:
  explicit FieldRng(std::uint64_t seed) : engine_(seed) {}
  std::uint32_t canonical() { return static_cast<std::uint32_t>(engine_() % field::BabyBear::kModulus); }
  field::BabyBear element() { return field::BabyBear::from_canonical(canonical()); }
  field::BabyBear4 ext() { return field::BabyBear4(element(), element(), element(), element()); }
  std::uint64_t u64() { return engine_(); }

 private:
  std::mt19937_64 engine_;
};

}  // namespace neo::zkvm::test_support
