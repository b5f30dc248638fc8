// The execution environment from a JSON file (`--env FILE`; format in docs/cli.md).
#pragma once

#include <span>
#include <string>

#include "cli.hpp"
#include "neo/vm/environment.hpp"

namespace neo::cli {

Result<vm::ExecutionEnvironment> load_environment(const std::string& path);

// A UInt160/UInt256 as Neo prints it: "0x" and the little-endian bytes reversed.
std::string hash_text(std::span<const std::uint8_t> little_endian);

}  // namespace neo::cli
