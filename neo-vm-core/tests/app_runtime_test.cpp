// System.Runtime.* services of the application engine: results, fees, call flags and fault paths.
#include <catch2/catch.hpp>

#include "app_test_util.hpp"

using namespace neo::vm;
using namespace neo::vm::app;
using namespace neo::vm::app::test;

namespace {

std::vector<std::uint8_t> call(std::string_view name) {
  ScriptBuilder sb;
  sb.emit_syscall(sid(name));
  return sb.bytes();
}

std::uint64_t service_fee(std::string_view name, std::uint32_t factor = 30) {
  return static_cast<std::uint64_t>(service(name).price) * factor;
}

std::string text_of(const StackItem& item) {
  ByteScratch scratch;
  std::span<const std::uint8_t> bytes;
  if (!get_span(item, scratch, bytes)) return "<not bytes>";
  return std::string(bytes.begin(), bytes.end());
}

std::vector<std::uint8_t> bytes_of(const StackItem& item) {
  ByteScratch scratch;
  std::span<const std::uint8_t> bytes;
  if (!get_span(item, scratch, bytes)) return {};
  return {bytes.begin(), bytes.end()};
}

}  // namespace

TEST_CASE("app: the service table matches the shared syscalls.tsv ids", "[app][runtime]") {
  CHECK(sid("System.Runtime.Platform") == 0xf6fc79b2u);
  CHECK(sid("System.Storage.Put") == 0x84183fe6u);
  CHECK(service("System.Runtime.Log").call_flags == call_flags::kAllowNotify);
}

TEST_CASE("app: Platform, GetNetwork, GetAddressVersion, GetTrigger, GetTime", "[app][runtime]") {
  const ExecutionEnvironment env = test_env();
  struct Case {
    const char* name;
    std::int64_t expected;
  };
  for (const Case& c :
       {Case{"System.Runtime.GetNetwork", 894710606}, Case{"System.Runtime.GetAddressVersion", 0x35},
        Case{"System.Runtime.GetTrigger", 0x40}, Case{"System.Runtime.GetTime", 1700000000123}}) {
    INFO(c.name);
    AppRun r = run_entry(env, call(c.name));
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.top_int() == c.expected);
    CHECK(r.gas() == opcode_fees(r.script, 30) + service_fee(c.name));
  }
  AppRun p = run_entry(env, call("System.Runtime.Platform"));
  REQUIRE(p.state == VMState::Halt);
  CHECK(text_of(p.result().back()) == "NEO");
  CHECK(p.gas() == 8 * 30);

  // The exec fee factor of the environment scales every service price.
  ExecutionEnvironment cheap = env;
  cheap.exec_fee_factor = 1;
  CHECK(run_entry(cheap, call("System.Runtime.GetNetwork")).gas() == 8);
}

TEST_CASE("app: GetTime faults without a persisting block (verification trigger)", "[app][runtime]") {
  ExecutionEnvironment env = test_env();
  env.trigger = Trigger::Verification;
  AppRun r = run_entry(env, call("System.Runtime.GetTime"));
  CHECK(r.state == VMState::Fault);
  CHECK(r.reason().find("GetTime") != std::string::npos);
}

TEST_CASE("app: GetScriptContainer exposes the container hash as item 0", "[app][runtime]") {
  const ExecutionEnvironment env = test_env();
  ScriptBuilder sb;
  sb.emit_syscall(sid("System.Runtime.GetScriptContainer")).emit(OpCode::PUSH0).emit(OpCode::PICKITEM);
  AppRun r = run_entry(env, sb.bytes());
  REQUIRE(r.state == VMState::Halt);
  CHECK(to_hex(r.top_bytes()) == to_hex(env.container_hash));
  CHECK(r.gas() == opcode_fees(r.script, 30) + 8 * 30);
}

TEST_CASE("app: executing, calling and entry script hashes", "[app][runtime]") {
  const ExecutionEnvironment env = test_env();
  ScriptBuilder sb;
  sb.emit_syscall(sid("System.Runtime.GetExecutingScriptHash"))
      .emit_syscall(sid("System.Runtime.GetCallingScriptHash"))
      .emit_syscall(sid("System.Runtime.GetEntryScriptHash"));
  AppRun r = run_entry(env, sb.bytes());
  REQUIRE(r.state == VMState::Halt);
  REQUIRE(r.result().size() == 3);
  const std::string own = to_hex(hash160(sb.bytes()));
  CHECK(to_hex(bytes_of(r.result()[0])) == own);
  CHECK(r.result()[1].is_null());
  CHECK(to_hex(bytes_of(r.result()[2])) == own);
  CHECK(r.gas() == 3 * 16 * 30);

  // A contract loaded on top of the entry script is called by it.
  ApplicationEngine app(env);
  const std::vector<std::uint8_t> entry = {static_cast<std::uint8_t>(OpCode::RET)};
  REQUIRE(app.load_entry_script(entry));
  const ContractDescriptor& c = app.add_contract(test_contract());
  REQUIRE(app.load_contract_script(c, sb.bytes(), 0, call_flags::kAll));
  REQUIRE(app.execute() == VMState::Halt);
  const auto& res = app.engine().result_stack();
  REQUIRE(res.size() == 3);
  CHECK(to_hex(bytes_of(res[0])) == to_hex(c.hash));
  CHECK(to_hex(bytes_of(res[1])) == to_hex(hash160(entry)));
  CHECK(to_hex(bytes_of(res[2])) == to_hex(hash160(entry)));
}

TEST_CASE("app: script hash is RIPEMD160(SHA256(script))", "[app][runtime]") {
  // HASH160 of the empty string, a well-known constant.
  CHECK(to_hex(script_hash(crypto::portable_backend(), {})) == "b472a266d0bd89c13706a4132ccfb16f7c3b9fcb");
}

namespace {

const char* const kKeyHex = "02a7bc55fe8684e0119768d104ba30795bdcc86619e864add26156723ed185cd62";

std::vector<std::uint8_t> check_witness_script(std::span<const std::uint8_t> hash_or_key) {
  ScriptBuilder sb;
  sb.emit_push_bytes(hash_or_key).emit_syscall(sid("System.Runtime.CheckWitness"));
  return sb.bytes();
}

// Wraps `inner` in `depth` levels of System.Runtime.LoadScript (each level a dynamic call).
std::vector<std::uint8_t> nest(std::vector<std::uint8_t> inner, int depth) {
  for (int i = 0; i < depth; ++i) {
    ScriptBuilder sb;
    sb.emit(OpCode::NEWARRAY0)
        .emit_push(call_flags::kAll)
        .emit_push_bytes(inner)
        .emit_syscall(sid("System.Runtime.LoadScript"));
    inner = sb.bytes();
  }
  return inner;
}

}  // namespace

TEST_CASE("app: CheckWitness with signer scopes", "[app][runtime][witness]") {
  ExecutionEnvironment env = test_env();
  const UInt160 account = make_hash(0x50);
  env.signers.push_back(Signer{account, witness_scope::kCalledByEntry, {}, {}});
  const std::vector<std::uint8_t> account_bytes(account.begin(), account.end());

  SECTION("CalledByEntry from the entry script, fee") {
    AppRun r = run_entry(env, check_witness_script(account_bytes));
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.top_bool());
    CHECK(r.gas() == opcode_fees(r.script, 30) + 1024 * 30);
  }
  SECTION("an account that did not sign") {
    const UInt160 other = make_hash(0x51);
    AppRun r = run_entry(env, check_witness_script(std::vector<std::uint8_t>(other.begin(), other.end())));
    REQUIRE(r.state == VMState::Halt);
    CHECK_FALSE(r.top_bool());
  }
  SECTION("CalledByEntry holds one call deep and fails two calls deep") {
    AppRun one = run_entry(env, nest(check_witness_script(account_bytes), 1));
    REQUIRE(one.state == VMState::Halt);
    CHECK(one.top_bool());
    AppRun two = run_entry(env, nest(check_witness_script(account_bytes), 2));
    REQUIRE(two.state == VMState::Halt);
    CHECK_FALSE(two.top_bool());
  }
  SECTION("Global holds at any depth") {
    env.signers[0].scopes = witness_scope::kGlobal;
    AppRun r = run_entry(env, nest(check_witness_script(account_bytes), 3));
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.top_bool());
  }
  SECTION("scope None never holds") {
    env.signers[0].scopes = witness_scope::kNone;
    AppRun r = run_entry(env, check_witness_script(account_bytes));
    REQUIRE(r.state == VMState::Halt);
    CHECK_FALSE(r.top_bool());
  }
  SECTION("CustomContracts holds only inside an allowed contract") {
    env.signers[0].scopes = witness_scope::kCustomContracts;
    const ContractDescriptor contract = test_contract();
    env.signers[0].allowed_contracts = {contract.hash};
    AppRun inside = run_contract(env, contract, check_witness_script(account_bytes));
    REQUIRE(inside.state == VMState::Halt);
    CHECK(inside.top_bool());
    AppRun entry = run_entry(env, check_witness_script(account_bytes));
    REQUIRE(entry.state == VMState::Halt);
    CHECK_FALSE(entry.top_bool());
  }
  SECTION("CustomGroups holds inside a contract of an allowed group and needs ReadStates") {
    env.signers[0].scopes = witness_scope::kCustomGroups;
    PublicKey group{};
    const auto key = from_hex(kKeyHex);
    std::copy(key.begin(), key.end(), group.begin());
    env.signers[0].allowed_groups = {group};
    ContractDescriptor member = test_contract();
    member.groups = {group};
    AppRun in_group = run_contract(env, member, check_witness_script(account_bytes));
    REQUIRE(in_group.state == VMState::Halt);
    CHECK(in_group.top_bool());
    AppRun outside = run_contract(env, test_contract(), check_witness_script(account_bytes));
    REQUIRE(outside.state == VMState::Halt);
    CHECK_FALSE(outside.top_bool());
    AppRun no_read = run_contract(env, member, check_witness_script(account_bytes), call_flags::kAllowCall);
    CHECK(no_read.state == VMState::Fault);
    CHECK(no_read.reason().find("Cannot call this SYSCALL") != std::string::npos);
  }
  SECTION("WitnessRules are not supported") {
    env.signers[0].scopes = witness_scope::kWitnessRules;
    AppRun r = run_entry(env, check_witness_script(account_bytes));
    CHECK(r.state == VMState::Fault);
    CHECK(r.reason().find("WitnessRules") != std::string::npos);
  }
  SECTION("a public key stands for its standard account") {
    const auto key = from_hex(kKeyHex);
    std::vector<std::uint8_t> redeem = from_hex("0c21");
    redeem.insert(redeem.end(), key.begin(), key.end());
    const auto tail = from_hex("4156e7b327");
    redeem.insert(redeem.end(), tail.begin(), tail.end());
    env.signers[0].account = hash160(redeem);
    AppRun r = run_entry(env, check_witness_script(key));
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.top_bool());
  }
  SECTION("the calling contract is always a witness") {
    ApplicationEngine app(env);
    const std::vector<std::uint8_t> entry = {static_cast<std::uint8_t>(OpCode::RET)};
    REQUIRE(app.load_entry_script(entry));
    const UInt160 caller = hash160(entry);
    const ContractDescriptor& c = app.add_contract(test_contract());
    const auto script = check_witness_script(std::vector<std::uint8_t>(caller.begin(), caller.end()));
    REQUIRE(app.load_contract_script(c, script, 0, call_flags::kAll));
    REQUIRE(app.execute() == VMState::Halt);
    bool b = false;
    REQUIRE(get_boolean(app.engine().result_stack().back(), b));
    CHECK(b);
  }
  SECTION("other lengths fault") {
    AppRun r = run_entry(env, check_witness_script(from_hex("0102")));
    CHECK(r.state == VMState::Fault);
    CHECK(r.reason().find("Invalid hashOrPubkey length") != std::string::npos);
    AppRun bad_key = run_entry(env, check_witness_script(from_hex(std::string("05") + (kKeyHex + 2))));
    CHECK(bad_key.state == VMState::Fault);
  }
}

TEST_CASE("app: GetInvocationCounter", "[app][runtime]") {
  AppRun r = run_entry(test_env(), call("System.Runtime.GetInvocationCounter"));
  REQUIRE(r.state == VMState::Halt);
  CHECK(r.top_int() == 1);
  CHECK(r.gas() == 16 * 30);
}

TEST_CASE("app: Murmur128 matches known vectors", "[app][runtime][random]") {
  auto m = [](std::string_view s, std::uint32_t seed) {
    return to_hex(murmur128({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}, seed));
  };
  CHECK(m("", 0) == "00000000000000000000000000000000");
  CHECK(m("The quick brown fox jumps over the lazy dog", 0) == "6c1b07bc7bbc4be347939ac4a93c437a");
  // Neo's own Murmur128 unit test vectors (seed 123).
  CHECK(m("hello", 123) == "0bc59d0ad25fde2982ed65af61227a0e");
  CHECK(m("world", 123) == "3d3810fed480472bd214a14023bb407f");
  CHECK(m("hello world", 123) == "e0a0632d4f51302c55e3b3e48d28795d");
}

TEST_CASE("app: GetRandom derives from the seed, the network and a call counter", "[app][runtime][random]") {
  const ExecutionEnvironment env = test_env();
  ScriptBuilder sb;
  sb.emit_syscall(sid("System.Runtime.GetRandom")).emit_syscall(sid("System.Runtime.GetRandom"));
  AppRun r = run_entry(env, sb.bytes());
  REQUIRE(r.state == VMState::Halt);
  REQUIRE(r.result().size() == 2);
  for (std::uint32_t i = 0; i < 2; ++i) {
    std::vector<std::uint8_t> expected_le(17, 0);
    const auto h = murmur128(env.random_seed, env.network + i);
    std::copy(h.begin(), h.end(), expected_le.begin());
    Integer expected;
    REQUIRE(Integer::from_le_bytes(expected_le, expected));
    Integer got;
    REQUIRE(get_integer(r.result()[i], got));
    CHECK(got == expected);
    CHECK_FALSE(got.is_negative());
  }
  CHECK(r.gas() == 2 * (1 << 13) * 30);
  // Same environment, same numbers; another seed, other numbers.
  AppRun again = run_entry(env, sb.bytes());
  Integer a, b;
  REQUIRE(get_integer(again.result()[0], a));
  REQUIRE(get_integer(r.result()[0], b));
  CHECK(a == b);
  ExecutionEnvironment other = env;
  other.random_seed[0] ^= 1;
  AppRun different = run_entry(other, sb.bytes());
  REQUIRE(get_integer(different.result()[0], a));
  CHECK_FALSE(a == b);
}

TEST_CASE("app: Log", "[app][runtime][log]") {
  const ExecutionEnvironment env = test_env();
  SECTION("records the message and the script hash") {
    ScriptBuilder sb;
    sb.emit_push_string("hello, neo").emit_syscall(sid("System.Runtime.Log"));
    AppRun r = run_entry(env, sb.bytes());
    REQUIRE(r.state == VMState::Halt);
    REQUIRE(r.app->logs().size() == 1);
    CHECK(std::string(text_view(r.app->logs()[0].message)) == "hello, neo");
    CHECK(to_hex(r.app->logs()[0].script_hash) == to_hex(hash160(sb.bytes())));
    CHECK(r.gas() == opcode_fees(r.script, 30) + 32768 * 30);
  }
  SECTION("more than 1024 bytes fault") {
    ScriptBuilder sb;
    sb.emit_push_bytes(std::vector<std::uint8_t>(1025, 'a')).emit_syscall(sid("System.Runtime.Log"));
    AppRun r = run_entry(env, sb.bytes());
    CHECK(r.state == VMState::Fault);
    CHECK(r.app->logs().empty());
    ScriptBuilder ok;
    ok.emit_push_bytes(std::vector<std::uint8_t>(1024, 'a')).emit_syscall(sid("System.Runtime.Log"));
    CHECK(run_entry(env, ok.bytes()).state == VMState::Halt);
  }
  SECTION("invalid UTF-8 faults") {
    for (const char* bad : {"c0af", "eda080", "f4908080", "e282"}) {
      ScriptBuilder sb;
      sb.emit_push_bytes(from_hex(bad)).emit_syscall(sid("System.Runtime.Log"));
      AppRun r = run_entry(env, sb.bytes());
      INFO(bad);
      CHECK(r.state == VMState::Fault);
      CHECK(r.reason().find("UTF-8") != std::string::npos);
    }
  }
  SECTION("needs AllowNotify") {
    ScriptBuilder sb;
    sb.emit_push_string("x").emit_syscall(sid("System.Runtime.Log"));
    AppRun r =
        run_contract(test_env(), test_contract(), sb.bytes(), call_flags::kStates | call_flags::kAllowCall);
    CHECK(r.state == VMState::Fault);
    CHECK(r.reason().find("Cannot call this SYSCALL with the flag 0x07") != std::string::npos);
  }
}

namespace {

ContractDescriptor notifying_contract() {
  ContractDescriptor c = test_contract();
  c.events.push_back(EventDescriptor{
      make_text("Transfer"), {ParameterType::Hash160, ParameterType::Integer, ParameterType::String}});
  c.events.push_back(EventDescriptor{make_text("Any"), {ParameterType::Any}});
  return c;
}

// PUSH args (in order), PACK, PUSH name, SYSCALL Notify.
ScriptBuilder& emit_notify(ScriptBuilder& sb, std::string_view name, std::size_t argc) {
  sb.emit_push(static_cast<std::int64_t>(argc))
      .emit(OpCode::PACK)
      .emit_push_string(name)
      .emit_syscall(sid("System.Runtime.Notify"));
  return sb;
}

}  // namespace

TEST_CASE("app: Notify", "[app][runtime][notify]") {
  const ExecutionEnvironment env = test_env();
  const ContractDescriptor contract = notifying_contract();
  const UInt160 to = make_hash(0x70);

  SECTION("records an immutable copy of the state") {
    ScriptBuilder sb;
    sb.emit_push_string("memo").emit_push(1000).emit_push_bytes(to);
    emit_notify(sb, "Transfer", 3);
    AppRun r = run_contract(env, contract, sb.bytes());
    REQUIRE(r.state == VMState::Halt);
    REQUIRE(r.app->notifications().size() == 1);
    const Notification& n = r.app->notifications()[0];
    CHECK(std::string(text_view(n.event_name)) == "Transfer");
    CHECK(to_hex(n.script_hash) == to_hex(contract.hash));
    REQUIRE(n.state.type() == StackItemType::Array);
    CHECK(n.state.compound_object()->read_only);
    const auto& items = n.state.array_object()->items;
    REQUIRE(items.size() == 3);
    CHECK(to_hex(bytes_of(items[0])) == to_hex(to));
    CHECK(text_of(items[2]) == "memo");
    CHECK(r.gas() == opcode_fees(r.script, 30) + 32768 * 30);
  }
  SECTION("not from dynamic scripts") {
    ScriptBuilder sb;
    sb.emit_push(1);
    emit_notify(sb, "Any", 1);
    AppRun r = run_entry(env, sb.bytes());
    CHECK(r.state == VMState::Fault);
    CHECK(r.reason().find("dynamic scripts") != std::string::npos);
  }
  SECTION("the event must exist in the ABI with matching arguments") {
    ScriptBuilder unknown;
    unknown.emit_push(1);
    emit_notify(unknown, "Mint", 1);
    AppRun r1 = run_contract(env, contract, unknown.bytes());
    CHECK(r1.state == VMState::Fault);
    CHECK(r1.reason().find("does not exist") != std::string::npos);

    ScriptBuilder count;
    count.emit_push(1).emit_push(2);
    emit_notify(count, "Any", 2);
    AppRun r2 = run_contract(env, contract, count.bytes());
    CHECK(r2.state == VMState::Fault);
    CHECK(r2.reason().find("number of the arguments") != std::string::npos);

    ScriptBuilder type;  // an Integer where a Hash160 is declared
    type.emit_push_string("memo").emit_push(1000).emit_push(5);
    emit_notify(type, "Transfer", 3);
    AppRun r3 = run_contract(env, contract, type.bytes());
    CHECK(r3.state == VMState::Fault);
    CHECK(r3.reason().find("does not match") != std::string::npos);
  }
  SECTION("limits: name length and serialized size") {
    ContractDescriptor long_name = contract;
    const std::string name33(33, 'e');
    long_name.events.push_back(EventDescriptor{make_text(name33), {}});
    ScriptBuilder sb;
    emit_notify(sb, name33, 0);
    AppRun r = run_contract(env, long_name, sb.bytes());
    CHECK(r.state == VMState::Fault);
    CHECK(r.reason().find("Event name size 33") != std::string::npos);

    // 1 (array) + 1 (count) + 1 (type) + 3 (var size) + n bytes: n = 1018 fits 1024 exactly, 1019 does not.
    for (const std::size_t n : {std::size_t{1018}, std::size_t{1019}}) {
      ScriptBuilder big;
      big.emit_push_bytes(std::vector<std::uint8_t>(n, 1));
      emit_notify(big, "Any", 1);
      AppRun rb = run_contract(env, contract, big.bytes());
      INFO(n);
      CHECK(rb.state == (n == 1018 ? VMState::Halt : VMState::Fault));
    }
  }
  SECTION("at most 512 notifications per application run") {
    for (const int count : {512, 513}) {
      ScriptBuilder sb;
      sb.emit_push(count);
      const std::uint32_t loop = sb.position();
      sb.emit(OpCode::DUP).emit(OpCode::PUSH1);
      emit_notify(sb, "Any", 1);
      sb.emit(OpCode::DEC).emit(OpCode::DUP);
      const std::uint32_t jump = sb.position();
      sb.emit_jump(OpCode::JMPIF, loop);
      sb.patch_jump(jump, loop);
      AppRun r = run_contract(env, contract, sb.bytes());
      INFO(count);
      if (count == 512) {
        CHECK(r.state == VMState::Halt);
        CHECK(r.app->notifications().size() == 512);
      } else {
        CHECK(r.state == VMState::Fault);
        CHECK(r.reason().find("512") != std::string::npos);
        CHECK(r.app->notifications().empty());  // a FAULT drops them all
      }
    }
  }
  SECTION("needs AllowNotify") {
    ScriptBuilder sb;
    sb.emit_push(1);
    emit_notify(sb, "Any", 1);
    AppRun r = run_contract(env, contract, sb.bytes(), call_flags::kReadOnly);
    CHECK(r.state == VMState::Fault);
    CHECK(r.reason().find("Cannot call this SYSCALL") != std::string::npos);
  }
}

TEST_CASE("app: GetNotifications", "[app][runtime][notify]") {
  const ExecutionEnvironment env = test_env();
  const ContractDescriptor contract = notifying_contract();
  ScriptBuilder sb;
  sb.emit_push(42);
  emit_notify(sb, "Any", 1);
  sb.emit(OpCode::PUSHNULL).emit_syscall(sid("System.Runtime.GetNotifications"));
  const UInt160 other = make_hash(0x99);
  sb.emit_push_bytes(other).emit_syscall(sid("System.Runtime.GetNotifications"));
  sb.emit_push_bytes(contract.hash).emit_syscall(sid("System.Runtime.GetNotifications"));
  AppRun r = run_contract(env, contract, sb.bytes());
  REQUIRE(r.state == VMState::Halt);
  REQUIRE(r.result().size() == 3);
  const StackItem& all = r.result()[0];
  REQUIRE(all.type() == StackItemType::Array);
  REQUIRE(all.array_object()->items.size() == 1);
  const StackItem& entry = all.array_object()->items[0];
  REQUIRE(entry.array_object()->items.size() == 3);
  CHECK(to_hex(bytes_of(entry.array_object()->items[0])) == to_hex(contract.hash));
  CHECK(text_of(entry.array_object()->items[1]) == "Any");
  CHECK(entry.array_object()->items[2].array_object()->items.size() == 1);
  CHECK(r.result()[1].array_object()->items.empty());
  CHECK(r.result()[2].array_object()->items.size() == 1);
  CHECK(r.gas() == opcode_fees(r.script, 30) + 32768 * 30 + 3 * 4096 * 30);

  ScriptBuilder bad;
  bad.emit_push_bytes(from_hex("0102")).emit_syscall(sid("System.Runtime.GetNotifications"));
  CHECK(run_entry(env, bad.bytes()).state == VMState::Fault);
}

TEST_CASE("app: GasLeft and BurnGas", "[app][runtime][gas]") {
  const ExecutionEnvironment env = test_env();
  AppRun left = run_entry(env, call("System.Runtime.GasLeft"), 1'000'000);
  REQUIRE(left.state == VMState::Halt);
  CHECK(left.top_int() == 1'000'000 - 16 * 30);

  ScriptBuilder burn;
  burn.emit_push(1000).emit_syscall(sid("System.Runtime.BurnGas"));
  AppRun b = run_entry(env, burn.bytes(), 1'000'000);
  REQUIRE(b.state == VMState::Halt);
  CHECK(b.gas() == opcode_fees(b.script, 30) + 16 * 30 + 1000);

  for (const std::int64_t bad : {std::int64_t{0}, std::int64_t{-5}}) {
    ScriptBuilder sb;
    sb.emit_push(bad).emit_syscall(sid("System.Runtime.BurnGas"));
    AppRun r = run_entry(env, sb.bytes());
    CHECK(r.state == VMState::Fault);
    CHECK(r.reason().find("GAS must be positive") != std::string::npos);
  }
  ScriptBuilder too_much;
  too_much.emit_push(2'000'000).emit_syscall(sid("System.Runtime.BurnGas"));
  AppRun over = run_entry(env, too_much.bytes(), 1'000'000);
  CHECK(over.state == VMState::Fault);
  CHECK(over.reason().find("Insufficient GAS") != std::string::npos);
}

TEST_CASE("app: a service price past the gas limit faults", "[app][runtime][gas]") {
  AppRun r = run_entry(test_env(), call("System.Runtime.Log"), 1000);
  CHECK(r.state == VMState::Fault);
  CHECK(r.reason().find("Insufficient GAS") != std::string::npos);
}

TEST_CASE("app: CurrentSigners", "[app][runtime]") {
  ExecutionEnvironment env = test_env();
  Signer s{make_hash(0x10),
           witness_scope::kCalledByEntry | witness_scope::kCustomContracts,
           {make_hash(0x20)},
           {}};
  env.signers = {s, Signer{make_hash(0x11), witness_scope::kGlobal, {}, {}}};
  AppRun r = run_entry(env, call("System.Runtime.CurrentSigners"));
  REQUIRE(r.state == VMState::Halt);
  const auto& signers = r.result().back().array_object()->items;
  REQUIRE(signers.size() == 2);
  const auto& first = signers[0].array_object()->items;
  REQUIRE(first.size() == 5);
  CHECK(to_hex(bytes_of(first[0])) == to_hex(make_hash(0x10)));
  Integer scopes;
  REQUIRE(get_integer(first[1], scopes));
  CHECK(scopes == Integer(0x11));
  REQUIRE(first[2].array_object()->items.size() == 1);
  CHECK(to_hex(bytes_of(first[2].array_object()->items[0])) == to_hex(make_hash(0x20)));
  CHECK(first[3].array_object()->items.empty());
  CHECK(r.gas() == 16 * 30);
}

TEST_CASE("app: LoadScript runs a dynamic script with restricted flags and arguments", "[app][runtime]") {
  const ExecutionEnvironment env = test_env();
  // The inner script subtracts its two arguments (pushed last to first, so args[0] is on top) and reports
  // its call flags and caller.
  // A dynamic call returns one value at most (ContextUnloaded), so the three results come packed:
  // [calling script hash, flags, difference].
  ScriptBuilder inner;
  inner.emit(OpCode::SUB)
      .emit_syscall(sid("System.Contract.GetCallFlags"))
      .emit_syscall(sid("System.Runtime.GetCallingScriptHash"))
      .emit_push(3)
      .emit(OpCode::PACK);
  ScriptBuilder outer;
  outer.emit_push(3).emit_push(10).emit_push(2).emit(OpCode::PACK);  // args = [10, 3]
  outer.emit_push(call_flags::kAll)
      .emit_push_bytes(inner.bytes())
      .emit_syscall(sid("System.Runtime.LoadScript"));
  AppRun r = run_entry(env, outer.bytes());
  REQUIRE(r.state == VMState::Halt);
  REQUIRE(r.result().size() == 1);
  const std::vector<StackItem>& results = r.result()[0].array_object()->items;
  REQUIRE(results.size() == 3);
  CHECK(test::to_hex(bytes_of(results[0])) == to_hex(hash160(outer.bytes())));
  Integer flags;
  REQUIRE(get_integer(results[1], flags));
  CHECK(flags == Integer(call_flags::kReadOnly));  // All & caller's All & ReadOnly
  Integer diff;
  REQUIRE(get_integer(results[2], diff));
  CHECK(diff == Integer(-7));  // args[0] = 10 ends on top: SUB computes args[1] - args[0] = 3 - 10

  // A loaded script that returns nothing gives Null; one that returns several values faults.
  ScriptBuilder nothing;
  nothing.emit(OpCode::NEWARRAY0)
      .emit_push(call_flags::kAll)
      .emit_push_bytes(std::vector<std::uint8_t>{0x21});
  nothing.emit_syscall(sid("System.Runtime.LoadScript"));
  AppRun n = run_entry(env, nothing.bytes());
  REQUIRE(n.state == VMState::Halt);
  REQUIRE(n.result().size() == 1);
  CHECK(n.result()[0].is_null());
  ScriptBuilder two;
  two.emit(OpCode::NEWARRAY0)
      .emit_push(call_flags::kAll)
      .emit_push_bytes(std::vector<std::uint8_t>{0x11, 0x12});
  two.emit_syscall(sid("System.Runtime.LoadScript"));
  AppRun t = run_entry(env, two.bytes());
  CHECK(t.state == VMState::Fault);
  CHECK(t.reason().find("Multiple return values") != std::string::npos);

  ScriptBuilder bad_flags;
  bad_flags.emit(OpCode::NEWARRAY0)
      .emit_push(0x10)
      .emit_push_bytes(inner.bytes())
      .emit_syscall(sid("System.Runtime.LoadScript"));
  AppRun bf = run_entry(env, bad_flags.bytes());
  CHECK(bf.state == VMState::Fault);
  CHECK(bf.reason().find("Invalid call flags") != std::string::npos);

  // Needs AllowCall.
  AppRun no_call = run_contract(env, test_contract(), outer.bytes(), call_flags::kStates);
  CHECK(no_call.state == VMState::Fault);
  CHECK(no_call.reason().find("Cannot call this SYSCALL") != std::string::npos);
}

TEST_CASE("app: unknown and unsupported services fault naming them", "[app][runtime]") {
  ScriptBuilder sb;
  sb.emit_syscall(0x12345678u);
  AppRun r = run_entry(test_env(), sb.bytes());
  CHECK(r.state == VMState::Fault);
  CHECK(r.reason().find("Syscall not found: 305419896") != std::string::npos);

  AppRun on_persist = run_entry(test_env(), call("System.Contract.NativeOnPersist"));
  CHECK(on_persist.state == VMState::Fault);
  CHECK(on_persist.reason().find("System.Contract.NativeOnPersist is not supported") != std::string::npos);
}

TEST_CASE("app: argument conversion faults", "[app][runtime]") {
  ScriptBuilder null_arg;
  null_arg.emit(OpCode::PUSHNULL).emit_syscall(sid("System.Runtime.Log"));
  AppRun r1 = run_entry(test_env(), null_arg.bytes());
  CHECK(r1.state == VMState::Fault);
  CHECK(r1.reason().find("can't be null") != std::string::npos);

  ScriptBuilder array_arg;
  array_arg.emit(OpCode::NEWARRAY0).emit_syscall(sid("System.Runtime.Log"));
  CHECK(run_entry(test_env(), array_arg.bytes()).state == VMState::Fault);

  AppRun empty = run_entry(test_env(), call("System.Runtime.Log"));
  CHECK(empty.state == VMState::Fault);
}

TEST_CASE("app: strict script check (LoadScript)", "[app][runtime]") {
  auto ops = [](std::initializer_list<int> bytes) {
    std::vector<std::uint8_t> v;
    for (const int b : bytes) v.push_back(static_cast<std::uint8_t>(b));
    return v;
  };
  const int jmp = static_cast<int>(OpCode::JMP), nop = static_cast<int>(OpCode::NOP);
  const int push1 = static_cast<int>(OpCode::PUSH1), pushint16 = static_cast<int>(OpCode::PUSHINT16);
  const int try_op = static_cast<int>(OpCode::TRY), convert = static_cast<int>(OpCode::CONVERT);
  const int newarray_t = static_cast<int>(OpCode::NEWARRAY_T);
  CHECK(is_strict_valid_script({}));
  CHECK(is_strict_valid_script(ops({jmp, 2, nop})));        // lands on NOP
  CHECK_FALSE(is_strict_valid_script(ops({jmp, 3, nop})));  // the end of the script is no instruction
  CHECK_FALSE(is_strict_valid_script(ops({jmp, 3, pushint16, 1, 0})));  // into an operand
  CHECK_FALSE(is_strict_valid_script(ops({jmp, -1})));
  CHECK(is_strict_valid_script(ops({try_op, 0, 3, nop})));
  CHECK_FALSE(is_strict_valid_script(ops({try_op, 0, 9, nop})));
  CHECK(is_strict_valid_script(ops({push1, convert, 0x21})));
  CHECK_FALSE(is_strict_valid_script(ops({push1, convert, 0x00})));  // CONVERT to Any
  CHECK_FALSE(is_strict_valid_script(ops({push1, convert, 0x22})));  // undefined type
  CHECK(is_strict_valid_script(ops({push1, newarray_t, 0x00})));
  CHECK_FALSE(is_strict_valid_script(ops({0xFF})));
  CHECK_FALSE(is_strict_valid_script(ops({pushint16, 1})));

  // LoadScript refuses a script that fails the check even if the bad part would never run.
  const std::vector<std::uint8_t> inner = ops({static_cast<int>(OpCode::RET), jmp, 7});
  ScriptBuilder sb;
  sb.emit(OpCode::NEWARRAY0)
      .emit_push(call_flags::kAll)
      .emit_push_bytes(inner)
      .emit_syscall(sid("System.Runtime.LoadScript"));
  AppRun r = run_entry(test_env(), sb.bytes());
  CHECK(r.state == VMState::Fault);
  CHECK(r.reason().find("strict") != std::string::npos);
}

TEST_CASE("app: a script loaded behind the ApplicationEngine's back cannot call services", "[app][runtime]") {
  ApplicationEngine app(test_env());
  const auto script = call("System.Runtime.Platform");
  REQUIRE(app.engine().load_script(script));
  CHECK(app.execute() == VMState::Fault);
  CHECK(std::string(app.engine().fault_reason()).find("not loaded through the ApplicationEngine") !=
        std::string::npos);
}
