// libFuzzer harness: arbitrary bytes through the portable JSON parser and writer (neo/vm/json.hpp).
//
// Built by neo_add_fuzzer (cmake/NeoFuzzing.cmake): a libFuzzer binary in the `fuzz` preset, a corpus replay
// test (json_fuzzer-replay) in every other build.
//
// Invariants checked on every input, with the default options and with a depth limit of 10 and comments
// rejected (the first input byte picks which):
// - parse returns (never crashes or recurses past the depth limit); a failure has an error code and an offset
//   inside the text;
// - a success writes text that parses again to a value written identically (write is a fixed point), whose
//   numbers keep their literal text, whose strings are valid UTF-8, whose containers respect the depth limit
//   and whose objects have unique member names.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>
#include <vector>

#include "neo/vm/json.hpp"

namespace json = neo::vm::json;

namespace {

void check_value(const json::Value& v, std::uint32_t depth, std::uint32_t max_depth) {
  switch (v.type) {
    case json::Type::String: {
      const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(v.text.data()),
                                                v.text.size());
      if (!json::is_valid_utf8(bytes)) std::abort();
      break;
    }
    case json::Type::Number: {
      json::Value copy;
      if (!json::Value::from_number_text(v.number_text(), copy)) std::abort();
      // An integral value that fits reads back the same through both integer accessors.
      const auto small = v.as_int64();
      if (small && !v.is_integral()) std::abort();
      break;
    }
    case json::Type::Array:
    case json::Type::Object:
      if (depth >= max_depth) std::abort();
      for (const json::Value& item : v.items) check_value(item, depth + 1, max_depth);
      for (std::size_t i = 0; i < v.members.size(); ++i) {
        check_value(v.members[i].value, depth + 1, max_depth);
        for (std::size_t j = 0; j < i; ++j)
          if (v.members[j].name_view() == v.members[i].name_view()) std::abort();  // duplicates rejected
      }
      break;
    default:
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || size > 64 * 1024) return 0;
  json::ParseOptions options;
  if ((data[0] & 1) != 0) {
    options.max_depth = 10;
    options.skip_comments = false;
  }
  const std::span<const std::uint8_t> text(data + 1, size - 1);
  json::Value value;
  json::Error error;
  if (!json::parse(text, value, error, options)) {
    if (error.code == json::ErrorCode::None || error.offset > text.size()) std::abort();
    if (error.message().empty()) std::abort();
    return 0;
  }
  if (error.code != json::ErrorCode::None) std::abort();
  check_value(value, 0, options.max_depth);

  const std::vector<char> written = json::write(value);
  json::Value again;
  json::Error again_error;
  if (!json::parse(std::string_view(written.data(), written.size()), again, again_error, options))
    std::abort();
  const std::vector<char> rewritten = json::write(again);
  if (rewritten != written) std::abort();
  return 0;
}
