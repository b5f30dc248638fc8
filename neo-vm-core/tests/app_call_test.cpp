// System.Contract.Call, CALLT and ApplicationEngine::load_method: method lookup, permissions, call flags,
// return values, _initialize, invocation counters, and what an exception leaving a callee undoes.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "app_test_util.hpp"
#include "neo/vm/app/manifest.hpp"
#include "neo/vm/app/native.hpp"
#include "neo/vm/app/nef.hpp"
#include "neo/vm/assembly/assembler.hpp"

namespace {

using namespace neo::vm;
using namespace neo::vm::app;
using namespace neo::vm::app::test;

Text text(std::string_view s) { return Text(s.begin(), s.end()); }

struct Assembled {
  std::string source;
  assembly::AssembleResult result;

  // The offset of the instruction a label names (the first instruction on or after the label's line).
  std::int32_t offset_of(std::string_view label) const {
    const std::string needle = std::string(label) + ":";
    std::uint32_t line = 1;
    std::size_t pos = 0;
    while (pos < source.size()) {
      const std::size_t end = source.find('\n', pos);
      std::string_view l(source.data() + pos, (end == std::string::npos ? source.size() : end) - pos);
      while (!l.empty() && (l.front() == ' ' || l.front() == '\t')) l.remove_prefix(1);
      if (l.substr(0, needle.size()) == needle) break;
      ++line;
      pos = end == std::string::npos ? source.size() : end + 1;
    }
    for (const assembly::SourceMapEntry& e : result.source_map) {
      if (e.line >= line) return static_cast<std::int32_t>(e.offset);
    }
    return -1;
  }
};

Assembled assemble_ok(std::string source) {
  Assembled a{std::move(source), {}};
  a.result = assembly::assemble(a.source);
  INFO((a.result.errors.empty() ? std::string() : a.result.errors[0].to_string()));
  REQUIRE(a.result.ok());
  return a;
}

ContractMethodDescriptor method(std::string_view name, std::vector<ParameterType> params, ParameterType ret,
                                std::int32_t offset, bool safe = false) {
  ContractMethodDescriptor m;
  m.name = text(name);
  for (std::size_t i = 0; i < params.size(); ++i) {
    const std::string pname = "p" + std::to_string(i);
    m.parameters.push_back({text(pname), params[i]});
  }
  m.return_type = ret;
  m.offset = offset;
  m.safe = safe;
  return m;
}

ContractPermission allow(const UInt160& hash, std::vector<std::string_view> methods) {
  ContractPermission p;
  p.contract.kind = ContractPermissionDescriptor::Kind::Hash;
  p.contract.hash = hash;
  if (methods.empty()) p.any_method = true;
  for (std::string_view m : methods) p.methods.push_back(text(m));
  return p;
}

NefFile nef_of(const std::vector<std::uint8_t>& script, std::vector<MethodToken> tokens = {}) {
  NefFile nef;
  nef.compiler = text("neo-zkvm tests");
  nef.script = script;
  nef.tokens = std::move(tokens);
  return nef;
}

const UInt160 kCallee = make_hash(0x50);
const UInt160 kCaller = make_hash(0x70);

// The callee (contract B) used by most tests.
const char* const kCalleeSource = R"(
get_flags:
        SYSCALL System.Contract.GetCallFlags
        RET
sub:
        INITSLOT 0, 2
        LDARG0
        LDARG1
        SUB
        RET
noop:
        RET
caller:
        SYSCALL System.Runtime.GetCallingScriptHash
        RET
counter:
        SYSCALL System.Runtime.GetInvocationCounter
        RET
write:
        INITSLOT 0, 1
        LDARG0
        PUSHDATA1 "k"
        SYSCALL System.Storage.GetContext
        SYSCALL System.Storage.Put
        LDARG0
        PUSH1
        PACK
        PUSHDATA1 "Written"
        SYSCALL System.Runtime.Notify
        RET
write_throw:
        INITSLOT 0, 1
        LDARG0
        PUSHDATA1 "k"
        SYSCALL System.Storage.GetContext
        SYSCALL System.Storage.Put
        LDARG0
        PUSH1
        PACK
        PUSHDATA1 "Written"
        SYSCALL System.Runtime.Notify
        PUSHDATA1 "boom"
        THROW
two:
        PUSH1
        PUSH2
        RET
)";

struct Callee {
  Assembled code = assemble_ok(kCalleeSource);
  ContractManifest manifest;
  Callee() {
    using P = ParameterType;
    manifest.name = text("Callee");
    manifest.methods = {
        method("get_flags", {}, P::Integer, code.offset_of("get_flags")),
        method("get_flags_safe", {}, P::Integer, code.offset_of("get_flags"), true),
        method("sub", {P::Integer, P::Integer}, P::Integer, code.offset_of("sub")),
        method("noop", {}, P::Void, code.offset_of("noop")),
        method("caller", {}, P::Hash160, code.offset_of("caller")),
        method("counter", {}, P::Integer, code.offset_of("counter")),
        method("write", {P::Any}, P::Void, code.offset_of("write")),
        method("write_throw", {P::Any}, P::Void, code.offset_of("write_throw")),
        method("two", {}, P::Integer, code.offset_of("two")),
        method("two_void", {}, P::Void, code.offset_of("two")),
    };
    ContractEventDescriptor written;
    written.name = text("Written");
    written.parameters.push_back({text("value"), P::Any});
    manifest.events.push_back(written);
  }
};

void register_callee(ApplicationEngine& app, std::int32_t id = 2) {
  const Callee callee;
  ManifestError error;
  const ContractDescriptor* d =
      app.add_contract(kCallee, id, nef_of(callee.code.result.script), callee.manifest, error);
  INFO(std::string(error.field.begin(), error.field.end())
       << ": " << std::string(error.message.begin(), error.message.end()));
  REQUIRE(d != nullptr);
}

// An entry script: System.Contract.Call(hash, method, flags, [args...]) with integer args.
std::string call_source(const UInt160& hash, std::string_view method, int flags, std::vector<int> args = {}) {
  std::string s;
  for (std::size_t i = args.size(); i-- > 0;) s += "PUSHINT " + std::to_string(args[i]) + "\n";
  s += "PUSHINT " + std::to_string(args.size()) + "\nPACK\n";
  s += "PUSHINT " + std::to_string(flags) + "\n";
  s += "PUSHDATA1 \"" + std::string(method) + "\"\n";
  s += "PUSHDATA1 0x" + to_hex(hash) + "\n";
  s += "SYSCALL System.Contract.Call\n";
  return s;
}

AppRun run_entry_with_callee(const std::string& source, const ExecutionEnvironment& env = test_env()) {
  AppRun r;
  r.app = std::make_unique<ApplicationEngine>(env);
  register_callee(*r.app);
  r.script = assemble_ok(source).result.script;
  r.app->load_entry_script(r.script);
  r.state = r.app->execute();
  return r;
}

}  // namespace

TEST_CASE("Contract.Call passes arguments in order and returns the value", "[app][call]") {
  AppRun r = run_entry_with_callee(call_source(kCallee, "sub", call_flags::kAll, {10, 3}));
  INFO(r.reason());
  REQUIRE(r.state == VMState::Halt);
  REQUIRE(r.result().size() == 1);
  CHECK(r.top_int() == 7);
}

TEST_CASE("Contract.Call to a Void method pushes Null", "[app][call]") {
  AppRun r = run_entry_with_callee(call_source(kCallee, "noop", call_flags::kAll));
  REQUIRE(r.state == VMState::Halt);
  REQUIRE(r.result().size() == 1);
  CHECK(r.result().back().is_null());
}

TEST_CASE("Contract.Call charges its price, the callee's instructions and nothing else", "[app][call]") {
  const std::string source = call_source(kCallee, "noop", call_flags::kAll);
  AppRun r = run_entry_with_callee(source);
  REQUIRE(r.state == VMState::Halt);
  const std::uint32_t factor = test_env().exec_fee_factor;
  // The entry's instructions (and its RET), the service price, the callee's RET.
  const std::uint64_t expected = opcode_fees(r.script, factor) +
                                 service("System.Contract.Call").price * factor +
                                 kOpCodeTable[static_cast<std::uint8_t>(OpCode::RET)].price * factor;
  CHECK(r.gas() == expected);
}

TEST_CASE("Contract.Call flags: requested & caller's, and safe methods lose WriteStates and AllowNotify",
          "[app][call]") {
  SECTION("All from the entry") {
    AppRun r = run_entry_with_callee(call_source(kCallee, "get_flags", call_flags::kAll));
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.top_int() == call_flags::kAll);
  }
  SECTION("requested subset") {
    AppRun r = run_entry_with_callee(call_source(kCallee, "get_flags", call_flags::kReadOnly));
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.top_int() == call_flags::kReadOnly);
  }
  SECTION("safe method") {
    AppRun r = run_entry_with_callee(call_source(kCallee, "get_flags_safe", call_flags::kAll));
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.top_int() == (call_flags::kReadStates | call_flags::kAllowCall));
  }
}

TEST_CASE("Contract.Call faults", "[app][call]") {
  std::string source;
  std::string reason;
  SECTION("method starting with '_'") {
    source = call_source(kCallee, "_initialize", call_flags::kAll);
    reason = "Invalid Method Name";
  }
  SECTION("unknown method") {
    source = call_source(kCallee, "nothing", call_flags::kAll);
    reason = "doesn't exist";
  }
  SECTION("wrong parameter count") {
    source = call_source(kCallee, "sub", call_flags::kAll, {1});
    reason = "doesn't exist";
  }
  SECTION("unknown contract") {
    source = call_source(make_hash(0x01), "sub", call_flags::kAll, {1, 2});
    reason = "Called Contract Does Not Exist";
  }
  SECTION("call flags outside All") {
    source = call_source(kCallee, "noop", 0x10);
    reason = "Invalid call flags";
  }
  SECTION("caller without AllowCall") {
    source = "PUSHINT 0\nPUSHINT 0\nPUSHDATA1 \"x\"\nPUSHDATA1 0x00\nPUSHINT 0\nPUSHDATA1 0x" +
             to_hex(kCallee) + "\nSYSCALL System.Runtime.LoadScript\n";
    // LoadScript with flags None: the loaded script (PUSHDATA1 "x"...) cannot call; built below instead.
    const std::string inner = call_source(kCallee, "noop", call_flags::kAll);
    const std::vector<std::uint8_t> inner_script = assemble_ok(inner).result.script;
    source = "PUSHINT 0\nPACK\nPUSHINT 0\nPUSHDATA1 0x" + to_hex(inner_script) +
             "\nSYSCALL System.Runtime.LoadScript\n";
    reason = "Cannot call this SYSCALL with the flag";
  }
  SECTION("a non-void callee leaving two values") {
    source = call_source(kCallee, "two", call_flags::kAll);
    reason = "Return value count mismatch";
  }
  AppRun r = run_entry_with_callee(source);
  CHECK(r.state == VMState::Fault);
  CHECK_THAT(r.reason(), Catch::Contains(reason));
}

TEST_CASE("Contract.Call: the callee sees the caller, and invocation counters count calls", "[app][call]") {
  SECTION("calling script hash") {
    AppRun r = run_entry_with_callee(call_source(kCallee, "caller", call_flags::kAll));
    REQUIRE(r.state == VMState::Halt);
    const UInt160 entry = hash160(r.script);
    CHECK(r.top_bytes() == std::vector<std::uint8_t>(entry.begin(), entry.end()));
  }
  SECTION("counter") {
    AppRun r = run_entry_with_callee(call_source(kCallee, "counter", call_flags::kAll) +
                                     call_source(kCallee, "counter", call_flags::kAll));
    REQUIRE(r.state == VMState::Halt);
    REQUIRE(r.result().size() == 2);
    Integer first;
    REQUIRE(get_integer(r.result()[0], first));
    CHECK(first.to_int64() == 1);
    CHECK(r.top_int() == 2);
  }
}

TEST_CASE("Contract.Call: storage and notifications of a callee", "[app][call]") {
  SECTION("kept when it returns") {
    AppRun r = run_entry_with_callee(call_source(kCallee, "write", call_flags::kAll, {6}));
    INFO(r.reason());
    REQUIRE(r.state == VMState::Halt);
    REQUIRE(r.app->notifications().size() == 1);
    CHECK(r.app->notifications()[0].script_hash == kCallee);
    const auto changes = r.app->storage_changes();
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].key.contract_id == 2);
  }
  SECTION("dropped when an exception leaves it, even when the caller catches it") {
    const std::string source = "TRY catch, 0\n" + call_source(kCallee, "write_throw", call_flags::kAll, {6}) +
                               "ENDTRY done\ncatch: DROP\nENDTRY done\ndone: PUSHINT 42\n";
    AppRun r = run_entry_with_callee(source);
    INFO(r.reason());
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.top_int() == 42);
    CHECK(r.app->notifications().empty());
    CHECK(r.app->storage_changes().empty());
  }
  SECTION("a call that throws does not undo an earlier call's effects") {
    const std::string source = call_source(kCallee, "write", call_flags::kAll, {5}) + "DROP\nTRY catch, 0\n" +
                               call_source(kCallee, "write_throw", call_flags::kAll, {6}) +
                               "ENDTRY done\ncatch: DROP\nENDTRY done\ndone: NOP\n";
    AppRun r = run_entry_with_callee(source);
    INFO(r.reason());
    REQUIRE(r.state == VMState::Halt);
    REQUIRE(r.app->notifications().size() == 1);
    const auto changes = r.app->storage_changes();
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].value == std::vector<std::uint8_t>{5});
  }
}

TEST_CASE("Contract.Call from a contract needs a permission for unsafe methods", "[app][call]") {
  // The caller contract A forwards to B.sub(10, 3) and to B.get_flags_safe.
  const std::string source = "call_sub:\n" + call_source(kCallee, "sub", call_flags::kAll, {10, 3}) +
                             "RET\n" + "call_safe:\n" +
                             call_source(kCallee, "get_flags_safe", call_flags::kAll) + "RET\n";
  const Assembled a = assemble_ok(source);
  auto run = [&](std::vector<ContractPermission> permissions, std::string_view entry) {
    AppRun r;
    r.app = std::make_unique<ApplicationEngine>(test_env());
    register_callee(*r.app);
    ContractManifest m;
    m.name = text("Caller");
    m.methods = {method("call_sub", {}, ParameterType::Integer, a.offset_of("call_sub")),
                 method("call_safe", {}, ParameterType::Integer, a.offset_of("call_safe"))};
    m.permissions = std::move(permissions);
    ManifestError error;
    REQUIRE(r.app->add_contract(kCaller, 3, nef_of(a.result.script), m, error) != nullptr);
    REQUIRE(r.app->load_method(kCaller, entry, {}));
    r.state = r.app->execute();
    return r;
  };
  SECTION("no permission: unsafe call faults") {
    AppRun r = run({}, "call_sub");
    CHECK(r.state == VMState::Fault);
    CHECK_THAT(r.reason(), Catch::Contains("Cannot Call Method sub"));
  }
  SECTION("no permission: safe call allowed") {
    AppRun r = run({}, "call_safe");
    CHECK(r.state == VMState::Halt);
  }
  SECTION("permission for another method") {
    AppRun r = run({allow(kCallee, {"noop"})}, "call_sub");
    CHECK(r.state == VMState::Fault);
  }
  SECTION("permission for the method") {
    AppRun r = run({allow(kCallee, {"sub"})}, "call_sub");
    INFO(r.reason());
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.top_int() == 7);
  }
  SECTION("wildcard permission") {
    ContractPermission any;
    any.any_method = true;
    AppRun r = run({any}, "call_sub");
    CHECK(r.state == VMState::Halt);
  }
  SECTION("permission for another contract") {
    AppRun r = run({allow(make_hash(0x01), {})}, "call_sub");
    CHECK(r.state == VMState::Fault);
  }
}

TEST_CASE("CALLT calls through the NEF's method tokens", "[app][call][callt]") {
  const Assembled a = assemble_ok(R"(
via_callt:
        PUSH3
        PUSH10
        CALLT 0
        RET
bad_index:
        CALLT 7
        RET
void_mismatch:
        PUSH3
        PUSH10
        CALLT 1
        RET
flags:
        CALLT 2
        RET
)");
  MethodToken sub;
  sub.hash = kCallee;
  sub.method = text("sub");
  sub.parameters_count = 2;
  sub.has_return_value = true;
  sub.call_flags = call_flags::kAll;
  MethodToken sub_void = sub;
  sub_void.has_return_value = false;
  MethodToken flags;
  flags.hash = kCallee;
  flags.method = text("get_flags");
  flags.has_return_value = true;
  flags.call_flags = call_flags::kReadStates | call_flags::kAllowCall;
  auto run = [&](std::string_view entry, std::uint8_t call_flags = call_flags::kAll) {
    AppRun r;
    r.app = std::make_unique<ApplicationEngine>(test_env());
    register_callee(*r.app);
    ContractManifest m;
    m.name = text("Caller");
    m.methods = {method("via_callt", {}, ParameterType::Integer, a.offset_of("via_callt")),
                 method("bad_index", {}, ParameterType::Integer, a.offset_of("bad_index")),
                 method("void_mismatch", {}, ParameterType::Integer, a.offset_of("void_mismatch")),
                 method("flags", {}, ParameterType::Integer, a.offset_of("flags"))};
    ContractPermission any;
    any.any_method = true;
    m.permissions = {any};
    ManifestError error;
    REQUIRE(r.app->add_contract(kCaller, 3, nef_of(a.result.script, {sub, sub_void, flags}), m, error) !=
            nullptr);
    REQUIRE(r.app->load_method(kCaller, entry, {}, call_flags));
    r.state = r.app->execute();
    return r;
  };
  SECTION("arguments: the first popped is the first parameter") {
    AppRun r = run("via_callt");
    INFO(r.reason());
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.top_int() == 7);
    // CALLT's own price, no Contract.Call price.
    const std::uint32_t f = test_env().exec_fee_factor;
    const auto price = [](OpCode op) {
      return static_cast<std::uint64_t>(kOpCodeTable[static_cast<std::uint8_t>(op)].price);
    };
    const std::uint64_t expected = (price(OpCode::PUSH3) + price(OpCode::PUSH10) + price(OpCode::CALLT) +
                                    price(OpCode::RET) + price(OpCode::INITSLOT) + price(OpCode::LDARG0) +
                                    price(OpCode::LDARG1) + price(OpCode::SUB) + price(OpCode::RET)) *
                                   f;
    CHECK(r.gas() == expected);
  }
  SECTION("token index out of range") {
    AppRun r = run("bad_index");
    CHECK(r.state == VMState::Fault);
    CHECK_THAT(r.reason(), Catch::Contains("Token not found"));
  }
  SECTION("token's return flag differs from the method's") {
    AppRun r = run("void_mismatch");
    CHECK(r.state == VMState::Fault);
    CHECK_THAT(r.reason(), Catch::Contains("return value type does not match"));
  }
  SECTION("token flags & caller flags") {
    AppRun r = run("flags");
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.top_int() == (call_flags::kReadStates | call_flags::kAllowCall));
  }
  SECTION("caller without AllowCall") {
    AppRun r = run("via_callt", call_flags::kReadStates);
    CHECK(r.state == VMState::Fault);
    CHECK_THAT(r.reason(), Catch::Contains("Cannot call this SYSCALL with the flag"));
  }
  SECTION("CALLT in a dynamic script") {
    AppRun d = run_entry(test_env(), {static_cast<std::uint8_t>(OpCode::CALLT), 0, 0});
    CHECK(d.state == VMState::Fault);
    CHECK_THAT(d.reason(), Catch::Contains("Token not found"));
  }
}

TEST_CASE("load_method runs _initialize first and checks typed arguments", "[app][call]") {
  const Assembled a = assemble_ok(R"(
_initialize:
        INITSSLOT 1
        PUSHDATA1 "init"
        STSFLD0
        RET
read:
        LDSFLD0
        RET
concat:
        INITSLOT 0, 2
        LDARG0
        LDARG1
        CAT
        RET
)");
  ContractManifest m;
  m.name = text("Init");
  m.methods = {method("_initialize", {}, ParameterType::Void, a.offset_of("_initialize")),
               method("read", {}, ParameterType::String, a.offset_of("read"), true),
               method("concat", {ParameterType::String, ParameterType::ByteArray}, ParameterType::ByteArray,
                      a.offset_of("concat"))};
  ApplicationEngine app(test_env());
  ManifestError error;
  REQUIRE(app.add_contract(kCaller, 3, nef_of(a.result.script), m, error) != nullptr);
  SECTION("_initialize") {
    REQUIRE(app.load_method(kCaller, "read", {}));
    REQUIRE(app.execute() == VMState::Halt);
    ByteScratch scratch;
    std::span<const std::uint8_t> bytes;
    REQUIRE(get_span(app.engine().result_stack().back(), scratch, bytes));
    CHECK(std::string(bytes.begin(), bytes.end()) == "init");
  }
  SECTION("typed arguments, first argument first") {
    const std::vector<ContractArgument> args = {ContractArgument::from_string("ab"),
                                                ContractArgument::from_bytes(std::vector<std::uint8_t>{'c'})};
    REQUIRE(app.load_method(kCaller, "concat", args));
    REQUIRE(app.execute() == VMState::Halt);
    ByteScratch scratch;
    std::span<const std::uint8_t> bytes;
    REQUIRE(get_span(app.engine().result_stack().back(), scratch, bytes));
    CHECK(std::string(bytes.begin(), bytes.end()) == "abc");
  }
  SECTION("wrong argument type") {
    const std::vector<ContractArgument> args = {ContractArgument::from_integer(Integer(1)),
                                                ContractArgument::from_bytes(std::vector<std::uint8_t>{'c'})};
    CHECK_FALSE(app.load_method(kCaller, "concat", args));
    CHECK(app.state() == VMState::Fault);
    CHECK_THAT(std::string(app.engine().fault_reason()), Catch::Contains("declares String"));
  }
  SECTION("invalid UTF-8 String") {
    ContractArgument bad = ContractArgument::from_string("\xFF");
    const std::vector<ContractArgument> args = {bad,
                                                ContractArgument::from_bytes(std::vector<std::uint8_t>{})};
    CHECK_FALSE(app.load_method(kCaller, "concat", args));
  }
  SECTION("unknown method") {
    CHECK_FALSE(app.load_method(kCaller, "concat", {}));
    CHECK_THAT(std::string(app.engine().fault_reason()), Catch::Contains("doesn't exist"));
  }
}

TEST_CASE("Contracts are checked as deployment does", "[app][call]") {
  const Assembled a = assemble_ok("PUSH1\nPUSHDATA1 \"abc\"\nRET\n");
  ContractManifest m;
  m.name = text("Bad");
  ApplicationEngine app(test_env());
  ManifestError error;
  SECTION("offset inside an instruction") {
    m.methods = {method("f", {}, ParameterType::Any, 2)};
    CHECK(app.add_contract(kCaller, 3, nef_of(a.result.script), m, error) == nullptr);
    CHECK(std::string(error.field.begin(), error.field.end()) == "abi.methods[0].offset");
  }
  SECTION("offset past the end") {
    m.methods = {method("f", {}, ParameterType::Any, 100)};
    CHECK(app.add_contract(kCaller, 3, nef_of(a.result.script), m, error) == nullptr);
  }
  SECTION("duplicate name and parameter count") {
    m.methods = {method("f", {}, ParameterType::Any, 0), method("f", {}, ParameterType::Any, 1)};
    CHECK(app.add_contract(kCaller, 3, nef_of(a.result.script), m, error) == nullptr);
    CHECK(std::string(error.field.begin(), error.field.end()) == "abi.methods[1]");
  }
  SECTION("same name, different parameter count is fine") {
    m.methods = {method("f", {}, ParameterType::Any, 0),
                 method("f", {ParameterType::Any}, ParameterType::Any, 1)};
    CHECK(app.add_contract(kCaller, 3, nef_of(a.result.script), m, error) != nullptr);
  }
  SECTION("script failing the strict check") {
    m.methods = {method("f", {}, ParameterType::Any, 0)};
    CHECK(app.add_contract(kCaller, 3, nef_of({static_cast<std::uint8_t>(OpCode::JMP), 0x7F}), m, error) ==
          nullptr);
    CHECK(std::string(error.field.begin(), error.field.end()) == "nef.script");
  }
  SECTION("group whose signature does not verify") {
    m.methods = {method("f", {}, ParameterType::Any, 0)};
    ContractGroup g;
    g.public_key[0] = 0x02;
    g.public_key[1] = 0x01;
    m.groups = {g};
    CHECK(app.add_contract(kCaller, 3, nef_of(a.result.script), m, error) == nullptr);
    CHECK(std::string(error.field.begin(), error.field.end()) == "groups[0]");
  }
}

TEST_CASE("System.Contract.CallNative cannot be called directly", "[app][call]") {
  ScriptBuilder sb;
  sb.emit_push(0);
  sb.emit_syscall(sid("System.Contract.CallNative"));
  AppRun r = run_entry(test_env(), sb.bytes());
  CHECK(r.state == VMState::Fault);
  CHECK_THAT(r.reason(), Catch::Contains("System.Contract.CallNative"));
}

TEST_CASE("Contract.Call and CALLT reach native contracts and charge their fees", "[app][call][native]") {
  const native::NativeContract* stdlib = native::find_by_name("StdLib");
  REQUIRE(stdlib != nullptr);
  const native::NativeMethod* itoa = native::find_method(*stdlib, "itoa", 1);
  REQUIRE(itoa != nullptr);
  REQUIRE(itoa->cpu_fee == (1u << 12));  // native_methods.tsv
  const std::uint32_t f = test_env().exec_fee_factor;
  const auto price = [](OpCode op) {
    return static_cast<std::uint64_t>(kOpCodeTable[static_cast<std::uint8_t>(op)].price);
  };
  // The native's stub: PUSH0 (its version), SYSCALL System.Contract.CallNative (price 0), RET.
  const std::uint64_t stub = (price(OpCode::PUSH0) + price(OpCode::SYSCALL) + price(OpCode::RET)) * f +
                             service("System.Contract.CallNative").price * f;

  SECTION("Contract.Call from a transaction script") {
    const std::vector<std::uint8_t> script =
        assemble_ok(call_source(stdlib->hash, "itoa", call_flags::kAll, {42})).result.script;
    AppRun r = run_entry(test_env(), script);
    INFO(r.reason());
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.top_bytes() == std::vector<std::uint8_t>{'4', '2'});
    CHECK(r.gas() ==
          opcode_fees(script, f) + service("System.Contract.Call").price * f + stub + itoa->cpu_fee * f);
  }
  SECTION("CALLT from a contract") {
    const Assembled a = assemble_ok("PUSHINT 16\nPUSHINT 255\nCALLT 0\nRET\n");
    MethodToken token;
    token.hash = stdlib->hash;
    token.method = text("itoa");
    token.parameters_count = 2;
    token.has_return_value = true;
    token.call_flags = call_flags::kAll;
    ContractManifest m;
    m.name = text("Hex");
    m.methods = {method("hex", {}, ParameterType::String, 0)};
    ApplicationEngine app(test_env());
    ManifestError error;
    REQUIRE(app.add_contract(kCaller, 3, nef_of(a.result.script, {token}), m, error) != nullptr);
    REQUIRE(app.load_method(kCaller, "hex", {}));
    REQUIRE(app.execute() == VMState::Halt);
    ByteScratch scratch;
    std::span<const std::uint8_t> bytes;
    REQUIRE(get_span(app.engine().result_stack().back(), scratch, bytes));
    CHECK(std::string(bytes.begin(), bytes.end()) == "0ff");  // itoa(255, 16): the first popped is the value
    const native::NativeMethod* itoa2 = native::find_method(*stdlib, "itoa", 2);
    REQUIRE(itoa2 != nullptr);
    // opcode_fees counts the script's own instructions, CALLT's price included.
    CHECK(app.gas_consumed() == opcode_fees(a.result.script, f) + stub + itoa2->cpu_fee * f);
  }
  SECTION("native method errors fault the engine") {
    const std::vector<std::uint8_t> script =
        assemble_ok(call_source(stdlib->hash, "atoi", call_flags::kAll, {1, 99})).result.script;
    AppRun r = run_entry(test_env(), script);
    CHECK(r.state == VMState::Fault);
  }
  SECTION("a native contract without the method") {
    AppRun r = run_entry(test_env(),
                         assemble_ok(call_source(stdlib->hash, "nothing", call_flags::kAll)).result.script);
    CHECK(r.state == VMState::Fault);
    CHECK_THAT(r.reason(), Catch::Contains("doesn't exist"));
  }
}

TEST_CASE("A callee sees its caller's uncommitted storage writes (storage layers chain)", "[app][call]") {
  // Contract A writes "k" = 7, then calls its own safe method `read`, which reads "k" through a new layer.
  const std::string source =
      "write_then_read:\nPUSH7\nPUSHDATA1 \"k\"\nSYSCALL System.Storage.GetContext\n"
      "SYSCALL System.Storage.Put\n" +
      call_source(kCaller, "read", call_flags::kAll) +
      "RET\nread:\nPUSHDATA1 \"k\"\nSYSCALL System.Storage.GetContext\n"
      "SYSCALL System.Storage.Get\nRET\n";
  const Assembled a = assemble_ok(source);
  ContractManifest m;
  m.name = text("SelfCall");
  m.methods = {method("write_then_read", {}, ParameterType::ByteArray, a.offset_of("write_then_read")),
               method("read", {}, ParameterType::ByteArray, a.offset_of("read"), true)};
  ApplicationEngine app(test_env());
  ManifestError error;
  REQUIRE(app.add_contract(kCaller, 3, nef_of(a.result.script), m, error) != nullptr);
  REQUIRE(app.load_method(kCaller, "write_then_read", {}));
  REQUIRE(app.execute() == VMState::Halt);
  ByteScratch scratch;
  std::span<const std::uint8_t> bytes;
  REQUIRE(get_span(app.engine().result_stack().back(), scratch, bytes));
  CHECK(std::vector<std::uint8_t>(bytes.begin(), bytes.end()) == std::vector<std::uint8_t>{7});
  REQUIRE(app.storage_changes().size() == 1);
}
