#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "cli.hpp"
#include "neo/vm/integer.hpp"

namespace neo::cli {

Result<std::vector<std::uint8_t>> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {std::nullopt, {"cannot read " + path + ": " + std::strerror(errno)}};
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return {std::nullopt, {"cannot read " + path + ": read error"}};
  return {std::move(bytes), {}};
}

bool write_file(const std::string& path, const std::vector<std::uint8_t>& bytes, std::string& error) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    error = "cannot write " + path + ": " + std::strerror(errno);
    return false;
  }
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    error = "cannot write " + path + ": write error";
    return false;
  }
  return true;
}

Result<std::vector<std::uint8_t>> parse_hex(std::string_view text, std::string_view what) {
  if (text.rfind("0x", 0) == 0 || text.rfind("0X", 0) == 0) text.remove_prefix(2);
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (text.size() % 2 != 0) return {std::nullopt, {std::string(what) + ": odd number of hex digits"}};
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = digit(text[i]), lo = digit(text[i + 1]);
    if (hi < 0 || lo < 0) {
      return {std::nullopt, {std::string(what) + ": '" + std::string(text.substr(hi < 0 ? i : i + 1, 1)) +
                                 "' at position " + std::to_string(hi < 0 ? i : i + 1) + " is not a hex digit"}};
    }
    out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
  }
  return {std::move(out), {}};
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  s.reserve(2 * bytes.size());
  for (auto b : bytes) {
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return s;
}

std::string format_gas(std::uint64_t datoshi) {
  std::string frac = std::to_string(datoshi % 100000000);
  frac.insert(0, 8 - frac.size(), '0');
  return std::to_string(datoshi / 100000000) + "." + frac;
}

void draw_progress(std::string_view stage, double fraction) {
  static const bool tty = isatty(fileno(stderr)) != 0;
  if (!tty) return;
  const int width = 30;
  const int filled = std::clamp(static_cast<int>(fraction * width), 0, width);
  fmt::print(stderr, "\r{:<20} [{}{}] {:3.0f}%", stage, std::string(static_cast<std::size_t>(filled), '#'),
             std::string(static_cast<std::size_t>(width - filled), ' '), fraction * 100);
  if (fraction >= 1.0) fmt::print(stderr, "\n");
}

std::string format_size(std::size_t bytes) {
  if (bytes < 1024) return fmt::format("{} bytes", bytes);
  if (bytes < 1024 * 1024) return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / 1024);
  return fmt::format("{:.2f} MiB", static_cast<double>(bytes) / (1024 * 1024));
}

namespace {

std::string integer_text(const guest::StackValue& v) {
  vm::Integer value;
  vm::Integer::from_le_bytes(v.bytes, value);
  std::array<char, 80> buf{};
  return {buf.data(), value.to_decimal(buf)};
}

bool printable(std::span<const std::uint8_t> b) {
  for (auto c : b) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return !b.empty();
}

const char* type_name(guest::StackItemType t) { return vm::stack_item_type_name(t); }

Result<guest::StackValue> parse_value(const nlohmann::json& j, const std::string& where);

Result<guest::StackValue> parse_integer_text(const std::string& text, const std::string& where) {
  vm::Integer value;
  if (!vm::Integer::from_decimal(text.data(), text.size(), value)) {
    return {std::nullopt, {where + ": \"" + text + "\" is not an integer in the 256-bit range"}};
  }
  std::array<std::uint8_t, vm::Integer::kMaxSize> buf{};
  return {guest::StackValue{guest::StackItemType::Integer, {buf.begin(), buf.begin() + value.to_le_bytes(buf)}, {}},
          {}};
}

Result<guest::StackValue> parse_parameter(const nlohmann::json& j, const std::string& where) {
  const std::string type = j["type"].is_string() ? j["type"].get<std::string>() : "";
  const nlohmann::json value = j.contains("value") ? j["value"] : nlohmann::json();
  static const char* const kKnown[] = {"Any",     "Integer", "Boolean",   "String", "ByteArray", "Hash160",
                                       "Hash256", "PublicKey", "Signature", "Array", "Map"};
  if (std::find(std::begin(kKnown), std::end(kKnown), type) == std::end(kKnown)) {
    return {std::nullopt, {where + ": unknown parameter type \"" + type + "\""}};
  }
  // Neo writes a null parameter value for "no value" of any type.
  if (type == "Any" || value.is_null()) return {guest::StackValue::null(), {}};
  if (type == "Integer") {
    if (value.is_number_integer()) return parse_integer_text(value.dump(), where);
    if (value.is_string()) return parse_integer_text(value.get<std::string>(), where);
    return {std::nullopt, {where + ": an Integer value must be a number or a decimal string"}};
  }
  if (type == "Boolean") {
    if (!value.is_boolean()) return {std::nullopt, {where + ": a Boolean value must be true or false"}};
    return {guest::StackValue::boolean(value.get<bool>()), {}};
  }
  if (type == "String") {
    if (!value.is_string()) return {std::nullopt, {where + ": a String value must be a JSON string"}};
    return {guest::StackValue::byte_string(value.get<std::string>()), {}};
  }
  if (type == "ByteArray" || type == "Hash160" || type == "Hash256" || type == "PublicKey" || type == "Signature") {
    if (!value.is_string()) return {std::nullopt, {where + ": a " + type + " value must be a hex string"}};
    auto bytes = parse_hex(value.get<std::string>(), where);
    if (!bytes.ok()) return {std::nullopt, bytes.error};
    const std::size_t expected = type == "Hash160" ? 20 : type == "Hash256" ? 32 : type == "PublicKey" ? 33
                                 : type == "Signature" ? 64 : 0;
    if (expected != 0 && bytes.value->size() != expected) {
      return {std::nullopt, {where + ": a " + type + " has " + std::to_string(expected) + " bytes, not " +
                                 std::to_string(bytes.value->size())}};
    }
    return {guest::StackValue::byte_string(*bytes.value), {}};
  }
  if (type == "Array") {
    if (!value.is_array()) return {std::nullopt, {where + ": an Array value must be a JSON array"}};
    std::vector<guest::StackValue> items;
    for (std::size_t i = 0; i < value.size(); ++i) {
      auto item = parse_value(value[i], where + "[" + std::to_string(i) + "]");
      if (!item.ok()) return item;
      items.push_back(std::move(*item.value));
    }
    return {guest::StackValue::array(std::move(items)), {}};
  }
  if (type == "Map") {
    if (!value.is_array()) return {std::nullopt, {where + ": a Map value must be a list of {key, value}"}};
    std::vector<guest::StackValue> kv;
    for (std::size_t i = 0; i < value.size(); ++i) {
      const std::string at = where + "[" + std::to_string(i) + "]";
      if (!value[i].is_object() || !value[i].contains("key") || !value[i].contains("value")) {
        return {std::nullopt, {at + ": a Map entry needs \"key\" and \"value\""}};
      }
      auto k = parse_value(value[i]["key"], at + ".key");
      if (!k.ok()) return k;
      if (!k.value->items.empty() || (k.value->type != guest::StackItemType::Integer &&
                                      k.value->type != guest::StackItemType::ByteString &&
                                      k.value->type != guest::StackItemType::Boolean)) {
        return {std::nullopt, {at + ".key: a Map key must be an Integer, Boolean or byte string"}};
      }
      for (std::size_t j = 0; j < kv.size(); j += 2) {
        if (kv[j] == *k.value) return {std::nullopt, {at + ".key: duplicate Map key"}};
      }
      auto v = parse_value(value[i]["value"], at + ".value");
      if (!v.ok()) return v;
      kv.push_back(std::move(*k.value));
      kv.push_back(std::move(*v.value));
    }
    return {guest::StackValue::map(std::move(kv)), {}};
  }
  return {std::nullopt, {where + ": unknown parameter type \"" + type + "\""}};
}

Result<guest::StackValue> parse_value(const nlohmann::json& j, const std::string& where) {
  if (j.is_null()) return {guest::StackValue::null(), {}};
  if (j.is_boolean()) return {guest::StackValue::boolean(j.get<bool>()), {}};
  if (j.is_number_integer()) return parse_integer_text(j.dump(), where);
  if (j.is_number()) return {std::nullopt, {where + ": " + j.dump() + " is not an integer"}};
  if (j.is_string()) return {guest::StackValue::byte_string(j.get<std::string>()), {}};
  if (j.is_array()) return parse_parameter(nlohmann::json{{"type", "Array"}, {"value", j}}, where);
  if (j.is_object() && j.contains("type")) return parse_parameter(j, where);
  return {std::nullopt, {where + ": expected a value or a {\"type\", \"value\"} parameter"}};
}

}  // namespace

Result<std::vector<guest::StackValue>> parse_arguments(std::string_view json_text) {
  const nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_discarded()) return {std::nullopt, {"--args: not valid JSON"}};
  if (!j.is_array()) return {std::nullopt, {"--args: expected a JSON array of arguments"}};
  std::vector<guest::StackValue> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    auto v = parse_value(j[i], "--args[" + std::to_string(i) + "]");
    if (!v.ok()) return {std::nullopt, v.error};
    out.push_back(std::move(*v.value));
  }
  return {std::move(out), {}};
}

nlohmann::ordered_json to_json(const guest::StackValue& v) {
  nlohmann::ordered_json j;
  j["type"] = type_name(v.type);
  switch (v.type) {
    case guest::StackItemType::Any:
      break;
    case guest::StackItemType::Boolean:
      j["value"] = !v.bytes.empty() && v.bytes[0] != 0;
      break;
    case guest::StackItemType::Integer:
      j["value"] = integer_text(v);
      break;
    case guest::StackItemType::ByteString:
    case guest::StackItemType::Buffer:
      j["value"] = "0x" + to_hex(v.bytes);
      break;
    case guest::StackItemType::Pointer: {
      std::uint32_t pos = 0;
      for (std::size_t i = 0; i < v.bytes.size() && i < 4; ++i) pos |= std::uint32_t{v.bytes[i]} << (8 * i);
      j["value"] = pos;
      break;
    }
    case guest::StackItemType::InteropInterface:
      j["value"] = std::string(v.bytes.begin(), v.bytes.end());
      break;
    case guest::StackItemType::Array:
    case guest::StackItemType::Struct: {
      j["value"] = nlohmann::ordered_json::array();
      for (const auto& item : v.items) j["value"].push_back(to_json(item));
      break;
    }
    case guest::StackItemType::Map: {
      j["value"] = nlohmann::ordered_json::array();
      for (std::size_t i = 0; i + 1 < v.items.size(); i += 2) {
        j["value"].push_back({{"key", to_json(v.items[i])}, {"value", to_json(v.items[i + 1])}});
      }
      break;
    }
  }
  return j;
}

std::string to_text(const guest::StackValue& v) {
  switch (v.type) {
    case guest::StackItemType::Any:
      return "Null";
    case guest::StackItemType::Boolean:
      return !v.bytes.empty() && v.bytes[0] != 0 ? "Boolean true" : "Boolean false";
    case guest::StackItemType::Integer:
      return "Integer " + integer_text(v);
    case guest::StackItemType::ByteString:
    case guest::StackItemType::Buffer: {
      std::string s = std::string(type_name(v.type)) + " 0x" + to_hex(v.bytes);
      if (printable(v.bytes)) s += " (\"" + std::string(v.bytes.begin(), v.bytes.end()) + "\")";
      return s;
    }
    case guest::StackItemType::Pointer:
      return "Pointer " + to_json(v)["value"].dump();
    case guest::StackItemType::InteropInterface:
      return "InteropInterface " + std::string(v.bytes.begin(), v.bytes.end());
    case guest::StackItemType::Array:
    case guest::StackItemType::Struct: {
      std::string s = std::string(type_name(v.type)) + " [";
      for (std::size_t i = 0; i < v.items.size(); ++i) s += (i ? ", " : "") + to_text(v.items[i]);
      return s + "]";
    }
    case guest::StackItemType::Map: {
      std::string s = "Map {";
      for (std::size_t i = 0; i + 1 < v.items.size(); i += 2) {
        s += (i ? ", " : "") + to_text(v.items[i]) + ": " + to_text(v.items[i + 1]);
      }
      return s + "}";
    }
  }
  return "?";
}

}  // namespace neo::cli
