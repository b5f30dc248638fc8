// System.Storage.*, System.Storage.Local.* and System.Iterator.* services: results, storage fees, change
// sets and state roots, call flags and fault paths.
#include <catch2/catch.hpp>

#include "app_test_util.hpp"
#include "neo/vm/app/binary_serializer.hpp"

using namespace neo::vm;
using namespace neo::vm::app;
using namespace neo::vm::app::test;

namespace {

constexpr std::int32_t kId = 7;

std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

// Struct [7, "x"] in the binary format.
std::vector<std::uint8_t> serialized_pair() { return from_hex("4102210107280178"); }

std::string text_of(const StackItem& item) {
  ByteScratch scratch;
  std::span<const std::uint8_t> b;
  if (!get_span(item, scratch, b)) return "<not bytes>";
  return std::string(b.begin(), b.end());
}

// context on the stack: SYSCALL GetContext
ScriptBuilder& ctx(ScriptBuilder& sb) { return sb.emit_syscall(sid("System.Storage.GetContext")); }

ScriptBuilder& put(ScriptBuilder& sb, std::string_view key, std::span<const std::uint8_t> value) {
  sb.emit_push_bytes(value).emit_push_string(key);
  ctx(sb);
  return sb.emit_syscall(sid("System.Storage.Put"));
}

ScriptBuilder& get(ScriptBuilder& sb, std::string_view key) {
  sb.emit_push_string(key);
  ctx(sb);
  return sb.emit_syscall(sid("System.Storage.Get"));
}

ExecutionEnvironment env_with_storage() {
  ExecutionEnvironment env = test_env();
  env.storage.push_back(StorageEntry{kId, bytes("a1"), bytes("v1")});
  env.storage.push_back(StorageEntry{kId, bytes("a2"), serialized_pair()});
  env.storage.push_back(StorageEntry{kId, bytes("b1"), bytes("v3")});
  env.storage.push_back(StorageEntry{kId + 1, bytes("a3"), bytes("other contract")});
  return env;
}

}  // namespace

TEST_CASE("app storage: contexts need a deployed contract and ReadStates", "[app][storage]") {
  const ExecutionEnvironment env = test_env();
  ScriptBuilder sb;
  ctx(sb);
  AppRun dynamic = run_entry(env, sb.bytes());
  CHECK(dynamic.state == VMState::Fault);
  CHECK(dynamic.reason().find("deployed contract") != std::string::npos);

  AppRun ok = run_contract(env, test_contract(kId), sb.bytes());
  REQUIRE(ok.state == VMState::Halt);
  REQUIRE(ok.result().back().type() == StackItemType::InteropInterface);
  CHECK(ok.gas() == 16 * 30);

  AppRun no_read = run_contract(env, test_contract(kId), sb.bytes(), call_flags::kWriteStates);
  CHECK(no_read.state == VMState::Fault);
  CHECK(no_read.reason().find("Cannot call this SYSCALL with the flag 0x02") != std::string::npos);
}

TEST_CASE("app storage: Put then Get, fees, change set and state root", "[app][storage]") {
  const ExecutionEnvironment env = test_env();
  ScriptBuilder sb;
  put(sb, "key", bytes("value"));
  get(sb, "key");
  get(sb, "missing");
  AppRun r = run_contract(env, test_contract(kId), sb.bytes());
  REQUIRE(r.state == VMState::Halt);
  REQUIRE(r.result().size() == 2);
  CHECK(text_of(r.result()[0]) == "value");
  CHECK(r.result()[1].is_null());
  // Opcodes + 3 GetContext + Put + 2 Get + (3 + 5) new bytes at the storage price.
  CHECK(r.gas() == opcode_fees(r.script, 30) + 3 * 16 * 30 + 3 * 32768 * 30 + 8 * 100000);

  const auto changes = r.app->storage_changes();
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].kind == storage::ChangeKind::Added);
  CHECK(changes[0].key.contract_id == kId);
  CHECK(changes[0].key.key == bytes("key"));
  CHECK(changes[0].value == bytes("value"));

  const storage::StorageEntry expected{storage::StorageKey{kId, bytes("key")}, bytes("value")};
  CHECK(r.app->state_root() == storage::state_root(std::span<const storage::StorageEntry>(&expected, 1)));
  CHECK(r.app->initial_state_root() == storage::Hash256{});
  CHECK_FALSE(r.app->state_root() == r.app->initial_state_root());
}

TEST_CASE("app storage: Put charges rewritten bytes at a quarter", "[app][storage]") {
  ExecutionEnvironment env = test_env();
  env.storage.push_back(StorageEntry{kId, bytes("k"), std::vector<std::uint8_t>(10, 1)});
  struct Case {
    std::size_t new_size;
    std::uint64_t chargeable;
  };
  // value <= old: (n - 1) / 4 + 1; value > old: (old - 1) / 4 + 1 + (n - old); empty: 0.
  for (const Case& c : {Case{5, 2}, Case{10, 3}, Case{12, 5}, Case{0, 0}}) {
    ScriptBuilder sb;
    put(sb, "k", std::vector<std::uint8_t>(c.new_size, 2));
    AppRun r = run_contract(env, test_contract(kId), sb.bytes());
    INFO(c.new_size);
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.gas() == opcode_fees(r.script, 30) + 16 * 30 + 32768 * 30 + c.chargeable * 100000);
    const auto changes = r.app->storage_changes();
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].kind == storage::ChangeKind::Changed);
  }
}

TEST_CASE("app storage: Put limits, read-only contexts and WriteStates", "[app][storage]") {
  const ExecutionEnvironment env = test_env();
  SECTION("key of 65 bytes") {
    ScriptBuilder sb;
    put(sb, std::string(65, 'k'), bytes("v"));
    AppRun r = run_contract(env, test_contract(kId), sb.bytes());
    CHECK(r.state == VMState::Fault);
    CHECK(r.reason().find("Key length 65") != std::string::npos);
    ScriptBuilder ok;
    put(ok, std::string(64, 'k'), bytes("v"));
    CHECK(run_contract(env, test_contract(kId), ok.bytes()).state == VMState::Halt);
  }
  SECTION("value of 65536 bytes") {
    ScriptBuilder sb;
    put(sb, "k", std::vector<std::uint8_t>(65536, 0));
    AppRun r = run_contract(env, test_contract(kId), sb.bytes());
    CHECK(r.state == VMState::Fault);
    CHECK(r.reason().find("Value length 65536") != std::string::npos);
  }
  SECTION("read-only contexts refuse Put and Delete") {
    ScriptBuilder ro;
    ro.emit_push_string("v")
        .emit_push_string("k")
        .emit_syscall(sid("System.Storage.GetReadOnlyContext"))
        .emit_syscall(sid("System.Storage.Put"));
    AppRun r1 = run_contract(env, test_contract(kId), ro.bytes());
    CHECK(r1.state == VMState::Fault);
    CHECK(r1.reason().find("read-only") != std::string::npos);

    ScriptBuilder as_ro;
    as_ro.emit_push_string("k");
    ctx(as_ro).emit_syscall(sid("System.Storage.AsReadOnly")).emit_syscall(sid("System.Storage.Delete"));
    AppRun r2 = run_contract(env, test_contract(kId), as_ro.bytes());
    CHECK(r2.state == VMState::Fault);
    CHECK(r2.reason().find("read-only") != std::string::npos);
  }
  SECTION("Put needs WriteStates") {
    ScriptBuilder sb;
    put(sb, "k", bytes("v"));
    AppRun r = run_contract(env, test_contract(kId), sb.bytes(), call_flags::kReadOnly);
    CHECK(r.state == VMState::Fault);
    CHECK(r.reason().find("Cannot call this SYSCALL") != std::string::npos);
    CHECK(r.app->storage_changes().empty());
  }
  SECTION("a wrong interop argument faults") {
    ScriptBuilder sb;
    sb.emit_push_string("v").emit_push_string("k").emit_push(5).emit_syscall(sid("System.Storage.Put"));
    CHECK(run_contract(env, test_contract(kId), sb.bytes()).state == VMState::Fault);
  }
}

TEST_CASE("app storage: Delete, initial storage and isolation between contracts", "[app][storage]") {
  ExecutionEnvironment env = test_env();
  env.storage.push_back(StorageEntry{kId, bytes("gone"), bytes("x")});
  env.storage.push_back(StorageEntry{kId + 1, bytes("gone"), bytes("kept")});
  ScriptBuilder sb;
  get(sb, "gone");
  sb.emit_push_string("gone");
  ctx(sb).emit_syscall(sid("System.Storage.Delete"));
  get(sb, "gone");
  AppRun r = run_contract(env, test_contract(kId), sb.bytes());
  REQUIRE(r.state == VMState::Halt);
  REQUIRE(r.result().size() == 2);
  CHECK(text_of(r.result()[0]) == "x");
  CHECK(r.result()[1].is_null());
  CHECK(r.gas() == opcode_fees(r.script, 30) + 3 * 16 * 30 + 3 * 32768 * 30);
  const auto changes = r.app->storage_changes();
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].kind == storage::ChangeKind::Deleted);
  CHECK(changes[0].key.contract_id == kId);
  const storage::StorageEntry kept{storage::StorageKey{kId + 1, bytes("gone")}, bytes("kept")};
  CHECK(r.app->state_root() == storage::state_root(std::span<const storage::StorageEntry>(&kept, 1)));
  CHECK_FALSE(r.app->initial_state_root() == r.app->state_root());
}

TEST_CASE("app storage: a FAULT rolls storage changes back", "[app][storage]") {
  ScriptBuilder sb;
  put(sb, "k", bytes("v"));
  sb.emit(OpCode::ABORT);
  AppRun r = run_contract(test_env(), test_contract(kId), sb.bytes());
  CHECK(r.state == VMState::Fault);
  CHECK(r.app->storage_changes().empty());
  CHECK(r.app->state_root() == r.app->initial_state_root());
}

namespace {

// Find(prefix, options), then Next/Value until Next returns false; leaves (bool, value)* on the stack.
std::vector<std::uint8_t> find_script(std::string_view prefix, int options, int expected,
                                      bool local = false) {
  ScriptBuilder sb;
  sb.emit_push(options).emit_push_string(prefix);
  if (local) {
    sb.emit_syscall(sid("System.Storage.Local.Find"));
  } else {
    ctx(sb).emit_syscall(sid("System.Storage.Find"));
  }
  for (int i = 0; i < expected; ++i) {
    sb.emit(OpCode::DUP).emit_syscall(sid("System.Iterator.Next")).emit(OpCode::DROP);
    sb.emit(OpCode::DUP).emit_syscall(sid("System.Iterator.Value")).emit(OpCode::SWAP);
  }
  sb.emit_syscall(sid("System.Iterator.Next"));
  return sb.bytes();
}

}  // namespace

TEST_CASE("app storage: Find and the iterator", "[app][storage][find]") {
  const ExecutionEnvironment env = env_with_storage();
  const ContractDescriptor contract = test_contract(kId);

  SECTION("default: Struct [key, value] in key order; ends with false") {
    AppRun r = run_contract(env, contract, find_script("a", find_options::kNone, 2));
    REQUIRE(r.state == VMState::Halt);
    REQUIRE(r.result().size() == 3);
    const auto& first = r.result()[0];
    REQUIRE(first.type() == StackItemType::Struct);
    CHECK(text_of(first.array_object()->items[0]) == "a1");
    CHECK(text_of(first.array_object()->items[1]) == "v1");
    CHECK(text_of(r.result()[1].array_object()->items[0]) == "a2");
    bool more = true;
    REQUIRE(get_boolean(r.result()[2], more));
    CHECK_FALSE(more);
    // Find + GetContext + 3 Next + 2 Value.
    CHECK(r.gas() == opcode_fees(r.script, 30) + (32768 + 16 + 3 * 32768 + 2 * 16) * 30);
  }
  SECTION("KeysOnly | RemovePrefix | Backwards") {
    AppRun r = run_contract(
        env, contract,
        find_script("a", find_options::kKeysOnly | find_options::kRemovePrefix | find_options::kBackwards,
                    2));
    REQUIRE(r.state == VMState::Halt);
    REQUIRE(r.result().size() == 3);
    CHECK(text_of(r.result()[0]) == "2");
    CHECK(text_of(r.result()[1]) == "1");
  }
  SECTION("ValuesOnly sees pending writes") {
    ScriptBuilder sb;
    put(sb, "a0", bytes("new"));
    std::vector<std::uint8_t> script = sb.bytes();
    const auto find = find_script("a", find_options::kValuesOnly, 3);
    script.insert(script.end(), find.begin(), find.end());
    AppRun r = run_contract(env, contract, script);
    REQUIRE(r.state == VMState::Halt);
    REQUIRE(r.result().size() == 4);
    CHECK(text_of(r.result()[0]) == "new");
    CHECK(text_of(r.result()[1]) == "v1");
  }
  SECTION("DeserializeValues | PickField1") {
    AppRun r = run_contract(
        env, contract,
        find_script("a2",
                    find_options::kValuesOnly | find_options::kDeserializeValues | find_options::kPickField1,
                    1));
    REQUIRE(r.state == VMState::Halt);
    REQUIRE(r.result().size() == 2);
    CHECK(text_of(r.result()[0]) == "x");
    AppRun whole = run_contract(
        env, contract, find_script("a2", find_options::kValuesOnly | find_options::kDeserializeValues, 1));
    REQUIRE(whole.state == VMState::Halt);
    CHECK(whole.result()[0].type() == StackItemType::Struct);
    // "v1" is not a serialized item: deserializing it faults.
    AppRun bad = run_contract(
        env, contract, find_script("a1", find_options::kValuesOnly | find_options::kDeserializeValues, 1));
    CHECK(bad.state == VMState::Fault);
  }
  SECTION("another contract's entries are invisible") {
    AppRun r = run_contract(env, contract, find_script("a3", find_options::kNone, 0));
    REQUIRE(r.state == VMState::Halt);
    REQUIRE(r.result().size() == 1);
    bool more = true;
    REQUIRE(get_boolean(r.result()[0], more));
    CHECK_FALSE(more);
  }
  SECTION("invalid option combinations fault") {
    using namespace find_options;
    for (const int options : {kKeysOnly | kValuesOnly, kValuesOnly | kRemovePrefix,
                              kPickField0 | kPickField1 | kDeserializeValues, int{kPickField0}, 0x40,
                              kKeysOnly | kDeserializeValues, 256}) {
      INFO(options);
      AppRun r = run_contract(env, contract, find_script("a", options, 0));
      CHECK(r.state == VMState::Fault);
    }
  }
  SECTION("Value without a current entry faults") {
    ScriptBuilder sb;
    sb.emit_push(0).emit_push_string("a");
    ctx(sb).emit_syscall(sid("System.Storage.Find")).emit_syscall(sid("System.Iterator.Value"));
    AppRun r = run_contract(env, contract, sb.bytes());
    CHECK(r.state == VMState::Fault);
    CHECK(r.reason().find("no current value") != std::string::npos);
  }
  SECTION("Local.Find uses the executing contract's storage") {
    AppRun r = run_contract(env, contract, find_script("b", find_options::kValuesOnly, 1, true));
    REQUIRE(r.state == VMState::Halt);
    CHECK(text_of(r.result()[0]) == "v3");
  }
}

TEST_CASE("app storage: Local.Get, Local.Put, Local.Delete", "[app][storage][local]") {
  const ExecutionEnvironment env = env_with_storage();
  ScriptBuilder sb;
  sb.emit_push_string("new").emit_push_string("k").emit_syscall(sid("System.Storage.Local.Put"));
  sb.emit_push_string("k").emit_syscall(sid("System.Storage.Local.Get"));
  sb.emit_push_string("a1").emit_syscall(sid("System.Storage.Local.Delete"));
  sb.emit_push_string("a1").emit_syscall(sid("System.Storage.Local.Get"));
  AppRun r = run_contract(env, test_contract(kId), sb.bytes());
  REQUIRE(r.state == VMState::Halt);
  REQUIRE(r.result().size() == 2);
  CHECK(text_of(r.result()[0]) == "new");
  CHECK(r.result()[1].is_null());
  CHECK(r.gas() == opcode_fees(r.script, 30) + 4 * 32768 * 30 + 4 * 100000);
  const auto changes = r.app->storage_changes();
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].kind == storage::ChangeKind::Deleted);
  CHECK(changes[1].kind == storage::ChangeKind::Added);

  AppRun dynamic = run_entry(env, sb.bytes());
  CHECK(dynamic.state == VMState::Fault);
  AppRun read_only = run_contract(env, test_contract(kId), sb.bytes(), call_flags::kReadOnly);
  CHECK(read_only.state == VMState::Fault);
}

TEST_CASE("app: binary serializer round trip and limits", "[app][serializer]") {
  Engine engine;
  ArrayObject* array = engine.new_array(StackItemType::Struct);
  array->items.push_back(StackItem::integer(7));
  array->items.push_back(StackItem::byte_string(bytes("x")));
  std::vector<std::uint8_t> out;
  REQUIRE(serialize(StackItem::compound(array), 1024, 16, out) == SerializeStatus::Ok);
  CHECK(to_hex(out) == to_hex(serialized_pair()));

  StackItem back;
  REQUIRE(deserialize(engine, out, 1024, 16, back));
  REQUIRE(back.type() == StackItemType::Struct);
  CHECK(back.array_object()->items.size() == 2);

  std::vector<std::uint8_t> tmp;
  CHECK(serialize(StackItem::compound(array), 1024, 2, tmp) == SerializeStatus::TooManyItems);
  tmp.clear();
  CHECK(serialize(StackItem::compound(array), 6, 16, tmp) == SerializeStatus::TooLarge);
  array->items.push_back(StackItem::compound(array));  // a cycle
  tmp.clear();
  CHECK(serialize(StackItem::compound(array), 1024, 16, tmp) == SerializeStatus::NotSupported);
  array->items.pop_back();

  MapObject* map = engine.new_map();
  map->insert(StackItem::integer(1), StackItem::boolean(true));
  tmp.clear();
  REQUIRE(serialize(StackItem::compound(map), 1024, 16, tmp) == SerializeStatus::Ok);
  CHECK(to_hex(tmp) == "48012101012001");
  REQUIRE(deserialize(engine, tmp, 1024, 16, back));
  REQUIRE(back.type() == StackItemType::Map);
  CHECK(back.map_object()->entries.size() == 1);

  for (const char* bad : {"", "ff", "2002", "2821", "4002", "480140002001", "2801"}) {
    INFO(bad);
    CHECK_FALSE(deserialize(engine, from_hex(bad), 1024, 16, back));
  }
  CHECK_FALSE(deserialize(engine, from_hex("4003000000"), 1024, 2, back));  // too many items
}

TEST_CASE("app storage: contracts of the environment have storage contexts", "[app][storage]") {
  ExecutionEnvironment env = test_env();
  ContractInfo info;
  info.hash = make_hash(0x40);
  info.id = 3;
  env.contracts.push_back(info);
  env.storage.push_back(StorageEntry{3, bytes("k"), bytes("from env")});
  ApplicationEngine app(env);
  const ContractDescriptor* c = app.find_contract(info.hash);
  REQUIRE(c != nullptr);
  CHECK(c->id == 3);
  ScriptBuilder sb;
  get(sb, "k");
  REQUIRE(app.load_contract_script(*c, sb.bytes(), 0, call_flags::kAll));
  REQUIRE(app.execute() == VMState::Halt);
  CHECK(text_of(app.engine().result_stack().back()) == "from env");
  // Registering the same hash again updates the descriptor in place.
  ContractDescriptor updated = *c;
  updated.events.push_back(EventDescriptor{make_text("E"), {}});
  CHECK(&app.add_contract(updated) == c);
  CHECK(c->events.size() == 1);
}

TEST_CASE("app: deserializing random bytes never breaks, and what it accepts serializes again",
          "[app][serializer]") {
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  const std::uint8_t types[] = {0x00, 0x20, 0x21, 0x28, 0x30, 0x40, 0x41, 0x48};
  int accepted = 0;
  for (int round = 0; round < 20000; ++round) {
    Engine engine;
    std::vector<std::uint8_t> data(next() % 24);
    for (std::uint8_t& b : data) {
      const std::uint64_t r = next();
      // Mostly type bytes and small counts, so that nested items are common.
      b = (r & 3) == 0 ? types[(r >> 2) % 8] : static_cast<std::uint8_t>((r >> 8) % ((r & 4) ? 256 : 4));
    }
    StackItem item;
    if (!deserialize(engine, data, 1024, 64, item)) continue;
    ++accepted;
    std::vector<std::uint8_t> out;
    CHECK(serialize(item, 1 << 20, 1 << 20, out) == SerializeStatus::Ok);
  }
  CHECK(accepted > 100);
}
