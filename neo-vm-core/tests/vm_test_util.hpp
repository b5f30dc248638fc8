// Helpers shared by the VM unit tests: build a script, run it, look at the outcome.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "neo/vm/engine.hpp"
#include "neo/vm/script_builder.hpp"

namespace neo::vm::test {

struct Run {
  std::unique_ptr<Engine> engine = std::make_unique<Engine>();
  VMState state = VMState::None;

  const std::vector<StackItem>& result() const { return engine->result_stack(); }
  std::string reason() const { return std::string(engine->fault_reason()); }
  std::int64_t top_int() const {
    Integer v;
    if (result().empty() || !get_integer(result().back(), v) || !v.fits_int64()) return INT64_MIN;
    return v.to_int64();
  }
  bool top_bool() const {
    bool b = false;
    return !result().empty() && get_boolean(result().back(), b) && b;
  }
};

inline Run run(const std::vector<std::uint8_t>& script, const ExecutionEngineLimits& limits = {}) {
  Run r;
  r.engine = std::make_unique<Engine>(limits);
  r.engine->load_script(script);
  r.state = r.engine->execute();
  return r;
}

inline Run run(const ScriptBuilder& sb, const ExecutionEngineLimits& limits = {}) {
  return run(sb.bytes(), limits);
}

inline std::string integer_text(const StackItem& item) {
  Integer v;
  if (!get_integer(item, v)) return "<not an integer>";
  std::array<char, 80> buf{};
  const std::size_t n = v.to_decimal(std::span<char, 80>(buf));
  return std::string(buf.data(), n);
}

}  // namespace neo::vm::test
