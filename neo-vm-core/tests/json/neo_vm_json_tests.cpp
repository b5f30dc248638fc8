// neo-vm-json-tests: runs the official neo-vm JSON conformance tests against neo::vm::Engine.
//
// Usage: neo-vm-json-tests <dir-or-file>...   (directories are searched recursively for *.json)
//
// Each test case gets a fresh engine whose only interop services are the reference test engine's: 0x77777777
// pushes an InteropInterface wrapping a plain object, 0xaddeadde throws the catchable exception "error"; any
// other SYSCALL faults. Checks are those of the reference runner (VMJsonTestBase.AssertResult): state, the
// exception message on FAULT when given, the invocation stack (next instruction, instruction pointer,
// evaluation stack when given, arguments, locals, static fields), the result stack when given, and `refs`
// when given. Prints one line per failing case and finally "N passed, M failed"; exit status 1 when any case
// fails.
//
// Host-only test tool: it uses exceptions and nlohmann::json, which the portable core does not.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <regex>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "neo/vm/engine.hpp"
#include "neo/vm/opcode.hpp"

namespace fs = std::filesystem;
using neo::vm::Engine;
using neo::vm::StackItem;
using neo::vm::StackItemType;
using nlohmann::json;

namespace {

struct CheckFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

std::vector<std::uint8_t> from_hex(std::string s) {
  if (s.rfind("0x", 0) == 0 || s.rfind("0X", 0) == 0) s = s.substr(2);
  if (s.size() % 2 != 0) throw std::runtime_error("odd hex length: " + s);
  std::vector<std::uint8_t> out(s.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<std::uint8_t>(std::stoul(s.substr(2 * i, 2), nullptr, 16));
  return out;
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  s.reserve(bytes.size() * 2);
  for (const std::uint8_t b : bytes) {
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return s;
}

// StringExtensions.ToHexString of the reference: "" for empty, else "0x" + lower-case hex.
std::string to_ref_hex(std::span<const std::uint8_t> bytes) {
  return bytes.empty() ? "" : "0x" + to_hex(bytes);
}

std::vector<std::uint8_t> assemble(const json& script) {
  std::vector<std::uint8_t> out;
  for (const auto& token : script) {
    const std::string t = token.get<std::string>();
    if (t.rfind("0x", 0) == 0 || t.rfind("0X", 0) == 0) {
      const auto bytes = from_hex(t);
      out.insert(out.end(), bytes.begin(), bytes.end());
    } else {
      const auto op = neo::vm::opcode_from_name(upper(t));
      if (!op) throw std::runtime_error("unknown opcode in script: " + t);
      out.push_back(static_cast<std::uint8_t>(*op));
    }
  }
  return out;
}

std::string canonical_type(const std::string& t) {
  static const char* names[] = {"Null",    "Pointer", "Boolean", "ByteString", "String", "Buffer",
                                "Interop", "Integer", "Array",   "Struct",     "Map"};
  for (const char* n : names) {
    if (lower(t) == lower(n)) return n;
  }
  throw std::runtime_error("unknown stack item type in test: " + t);
}

// PrepareJsonItem of the reference, with bytes as lower-case hex instead of base64.
json prepare_expected(const json& item) {
  const std::string type = canonical_type(item.at("type").get<std::string>());
  const json value = item.contains("value") ? item.at("value") : json();
  json out;
  if (type == "Null") return json{{"type", "Null"}};
  if (type == "Pointer") {
    const long long p = value.is_string() ? std::stoll(value.get<std::string>()) : value.get<long long>();
    return json{{"type", "Pointer"}, {"value", p}};
  }
  if (type == "String") {
    const std::string s = value.get<std::string>();
    return json{{"type", "ByteString"},
                {"value", to_hex({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()})}};
  }
  if (type == "ByteString" || type == "Buffer") {
    const std::string s = value.is_null() ? "" : value.get<std::string>();
    if (!s.empty() && s.rfind("0x", 0) != 0) throw std::runtime_error("'0x' prefix required for value: " + s);
    return json{{"type", type}, {"value", to_hex(from_hex(s))}};
  }
  if (type == "Integer")
    return json{{"type", "Integer"}, {"value", value.is_string() ? value.get<std::string>() : value.dump()}};
  if (type == "Array" || type == "Struct") {
    json arr = json::array();
    for (const auto& child : value) arr.push_back(prepare_expected(child));
    return json{{"type", type}, {"value", arr}};
  }
  if (type == "Map") {
    json obj = json::object();
    for (auto it = value.begin(); it != value.end(); ++it) obj[it.key()] = prepare_expected(it.value());
    // Insertion order matters to the reference (it compares serialized JSON); keep it in a parallel list.
    json keys = json::array();
    for (auto it = value.begin(); it != value.end(); ++it) keys.push_back(it.key());
    return json{{"type", "Map"}, {"value", obj}, {"keys", keys}};
  }
  if (type == "Boolean") return json{{"type", "Boolean"}, {"value", value}};
  return json{{"type", "Interop"}, {"value", value}};  // Interop
}

json actual_item(const StackItem& item, int depth = 0) {
  if (depth > 64) throw CheckFailure("item nesting too deep to compare (circular reference?)");
  switch (item.type()) {
    case StackItemType::Any:
      return json{{"type", "Null"}};
    case StackItemType::Pointer:
      return json{{"type", "Pointer"}, {"value", static_cast<long long>(item.pointer_position())}};
    case StackItemType::Boolean:
      return json{{"type", "Boolean"}, {"value", item.boolean_value()}};
    case StackItemType::Integer: {
      neo::vm::Integer v;
      neo::vm::get_integer(item, v);
      std::array<char, 80> buf{};
      const std::size_t n = v.to_decimal(std::span<char, 80>(buf));
      return json{{"type", "Integer"}, {"value", std::string(buf.data(), n)}};
    }
    case StackItemType::ByteString:
      return json{{"type", "ByteString"}, {"value", to_hex(item.raw_bytes())}};
    case StackItemType::Buffer:
      return json{{"type", "Buffer"}, {"value", to_hex(item.raw_bytes())}};
    case StackItemType::Array:
    case StackItemType::Struct: {
      json arr = json::array();
      for (const StackItem& child : item.array_object()->items) arr.push_back(actual_item(child, depth + 1));
      return json{{"type", item.type() == StackItemType::Array ? "Array" : "Struct"}, {"value", arr}};
    }
    case StackItemType::Map: {
      json obj = json::object();
      json keys = json::array();
      for (const auto& entry : item.map_object()->entries) {
        neo::vm::ByteScratch scratch;
        std::span<const std::uint8_t> key_bytes;
        neo::vm::get_span(entry.key, scratch, key_bytes);
        const std::string key = to_ref_hex(key_bytes);
        obj[key] = actual_item(entry.value, depth + 1);
        keys.push_back(key);
      }
      return json{{"type", "Map"}, {"value", obj}, {"keys", keys}};
    }
    case StackItemType::InteropInterface:
      return json{{"type", "Interop"}, {"value", item.interop_object()->type_name}};
  }
  return json();
}

void compare_items(const json* expected, std::vector<json> actual, const std::string& what) {
  const std::size_t expected_count = (expected == nullptr || expected->is_null()) ? 0 : expected->size();
  if (expected_count != actual.size())
    throw CheckFailure(what + ": count differs, expected " + std::to_string(expected_count) + ", got " +
                       std::to_string(actual.size()));
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const json e = prepare_expected((*expected)[i]);
    if (e != actual[i])
      throw CheckFailure(what + "[" + std::to_string(i) + "] differs: expected " + e.dump() + ", got " +
                         actual[i].dump());
  }
}

std::vector<json> stack_top_first(const std::vector<StackItem>& stack) {
  std::vector<json> out;
  for (std::size_t i = stack.size(); i-- > 0;) out.push_back(actual_item(stack[i]));
  return out;
}

std::vector<json> slot_items(std::span<const StackItem> slot) {
  std::vector<json> out;
  for (const StackItem& item : slot) out.push_back(actual_item(item));
  return out;
}

const json* find_key(const json& obj, const char* key) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (lower(it.key()) == lower(key)) return &it.value();
  }
  return nullptr;
}

void check_result(const json& result, Engine& engine) {
  const std::string expected_state = lower(result.at("state").get<std::string>());
  const std::string actual_state = lower(neo::vm::vm_state_name(engine.state()));
  if (expected_state != actual_state) {
    std::string msg = "state differs: expected " + upper(expected_state) + ", got " + upper(actual_state);
    if (engine.state() == neo::vm::VMState::Fault) msg += " (" + std::string(engine.fault_reason()) + ")";
    throw CheckFailure(msg);
  }
  if (engine.state() == neo::vm::VMState::Fault) {
    if (const json* message = find_key(result, "exceptionMessage");
        message != nullptr && !message->is_null()) {
      if (message->get<std::string>() != engine.fault_reason())
        throw CheckFailure("exception message differs: expected \"" + message->get<std::string>() +
                           "\", got \"" + std::string(engine.fault_reason()) + "\"");
    }
    return;
  }
  const json* invocation = find_key(result, "invocationStack");
  const std::size_t expected_depth =
      (invocation == nullptr || invocation->is_null()) ? 0 : invocation->size();
  if (expected_depth != engine.invocation_depth())
    throw CheckFailure("invocation stack depth differs: expected " + std::to_string(expected_depth) +
                       ", got " + std::to_string(engine.invocation_depth()));
  for (std::size_t i = 0; i < expected_depth; ++i) {
    const json& ec = (*invocation)[i];
    const auto& ctx = engine.context(i);
    const std::string where = "context " + std::to_string(i);
    const auto bytes = ctx.script().bytes();
    const std::uint32_t ip = ctx.instruction_pointer;
    const std::uint8_t next =
        ip >= bytes.size() ? static_cast<std::uint8_t>(neo::vm::OpCode::RET) : bytes[ip];
    const std::string next_name = std::string(neo::vm::opcode_info(next).name);
    if (const json* n = find_key(ec, "nextInstruction");
        n != nullptr && upper(n->get<std::string>()) != next_name)
      throw CheckFailure(where + ": next instruction differs: expected " + n->get<std::string>() + ", got " +
                         next_name);
    if (const json* p = find_key(ec, "instructionPointer"); p != nullptr && p->get<long long>() != ip)
      throw CheckFailure(where + ": instruction pointer differs: expected " +
                         std::to_string(p->get<long long>()) + ", got " + std::to_string(ip));
    if (const json* es = find_key(ec, "evaluationStack"); es != nullptr && !es->is_null())
      compare_items(es, stack_top_first(ctx.evaluation_stack()), where + " evaluation stack");
    compare_items(find_key(ec, "arguments"), slot_items(engine.arguments(ctx)), where + " arguments");
    compare_items(find_key(ec, "localVariables"), slot_items(engine.locals(ctx)), where + " local variables");
    compare_items(find_key(ec, "staticFields"), slot_items(engine.static_fields(ctx)),
                  where + " static fields");
  }
  if (const json* rs = find_key(result, "resultStack"); rs != nullptr && !rs->is_null())
    compare_items(rs, stack_top_first(engine.result_stack()), "result stack");
  if (const json* refs = find_key(result, "refs"); refs != nullptr && !refs->is_null()) {
    if (refs->get<long long>() != engine.reference_count())
      throw CheckFailure("refs differ: expected " + std::to_string(refs->get<long long>()) + ", got " +
                         std::to_string(engine.reference_count()));
  }
}

// Host objects of the current test case: each SYSCALL 0x77777777 wraps a new plain object (distinct
// identity).
std::vector<std::unique_ptr<neo::vm::InteropObject>> g_host_objects;

bool test_syscall(void*, Engine& engine, std::uint32_t id) {
  if (id == 0x77777777u) {
    g_host_objects.push_back(std::make_unique<neo::vm::InteropObject>());
    engine.push(StackItem::interop(g_host_objects.back().get()));
    return true;
  }
  if (id == 0xaddeaddeu) return engine.throw_exception("error") || true;
  return false;
}

// Integer values may exceed 64 bits: quote every bare number that follows "value" so that no precision is
// lost.
std::string quote_value_numbers(const std::string& text) {
  static const std::regex number_value(R"re(("value"\s*:\s*)(-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?))re");
  return std::regex_replace(text, number_value, "$1\"$2\"");
}

struct Totals {
  std::size_t passed = 0;
  std::size_t failed = 0;
};

void run_file(const fs::path& path, Totals& totals) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  json doc;
  try {
    doc = json::parse(quote_value_numbers(buffer.str()));
  } catch (const std::exception& ex) {
    std::cout << path.string() << ": cannot parse: " << ex.what() << "\n";
    ++totals.failed;
    return;
  }
  const std::string category = doc.value("category", "");
  const std::string name = doc.value("name", "");
  for (const auto& test : doc.at("tests")) {
    const std::string test_name = test.value("name", "<unnamed>");
    std::string step_label;
    try {
      g_host_objects.clear();
      Engine engine;
      engine.set_syscall_handler(&test_syscall, nullptr);
      const auto script = assemble(test.at("script"));
      if (!script.empty()) engine.load_script(script);
      std::size_t step_index = 0;
      for (const auto& step : test.value("steps", json::array())) {
        step_label = " [step " + std::to_string(step_index++) +
                     (step.contains("name") ? " " + step.value("name", "") : "") + "]";
        for (const auto& action : step.value("actions", json::array())) {
          const std::string a = lower(action.get<std::string>());
          if (a == "execute") {
            engine.execute();
          } else if (a == "stepinto") {
            engine.step_into();
          } else if (a == "stepout") {
            engine.step_out();
          } else if (a == "stepover") {
            engine.step_over();
          } else {
            throw std::runtime_error("unknown action " + a);
          }
        }
        check_result(step.at("result"), engine);
      }
      ++totals.passed;
    } catch (const std::exception& ex) {
      ++totals.failed;
      std::cout << "FAIL " << path.string() << ": " << category << "-" << name << "-" << test_name
                << step_label << ": " << ex.what() << "\n";
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: neo-vm-json-tests <dir-or-file>...\n";
    return 2;
  }
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    const fs::path p(argv[i]);
    if (fs::is_directory(p)) {
      for (const auto& entry : fs::recursive_directory_iterator(p)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
      }
    } else if (fs::is_regular_file(p)) {
      files.push_back(p);
    } else {
      std::cerr << "not found: " << p.string() << "\n";
      return 2;
    }
  }
  std::sort(files.begin(), files.end());
  Totals totals;
  for (const auto& f : files) run_file(f, totals);
  std::cout << totals.passed << " passed, " << totals.failed << " failed\n";
  if (totals.passed + totals.failed == 0) {
    std::cerr << "no test cases found\n";
    return 1;
  }
  return totals.failed == 0 ? 0 : 1;
}
