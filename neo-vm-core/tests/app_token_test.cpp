// The sample contract examples/contracts/token.neoasm + token.manifest.json, run from a NEF + manifest given
// in the execution environment: method invocation by name, storage, Notify, CheckWitness, and StdLib /
// CryptoLib through CALLT method tokens, with the expected notifications, storage changes and state root.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
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

std::string read_example(const char* name) {
  // The examples live at the repository root; this file is <root>/neo-vm-core/tests/.
  std::string path = __FILE__;
  path = path.substr(0, path.rfind('/')) + "/../../examples/contracts/" + name;
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Text text(std::string_view s) { return Text(s.begin(), s.end()); }

UInt160 hash_of(const char* display) {
  // "0x..." big-endian display -> little-endian storage order.
  const std::vector<std::uint8_t> be = from_hex(std::string_view(display).substr(2));
  UInt160 h{};
  for (std::size_t i = 0; i < 20; ++i) h[i] = be[19 - i];
  return h;
}

const UInt160 kOwner = [] {
  UInt160 h{};
  for (std::size_t i = 0; i < h.size(); ++i) h[i] = static_cast<std::uint8_t>(i + 1);
  return h;
}();
const UInt160 kAlice = make_hash(0xA0);
const UInt160 kBob = make_hash(0xB0);
constexpr std::int32_t kTokenId = 1;

struct Token {
  std::string source = read_example("token.neoasm");
  std::string manifest_json = read_example("token.manifest.json");
  assembly::AssembleResult assembled = assembly::assemble(source);
  NefFile nef;
  std::vector<std::uint8_t> nef_bytes;
  UInt160 hash{};

  Token() {
    nef.compiler = text("neo-zkvm assembler");
    nef.source = text("examples/contracts/token.neoasm");
    nef.tokens = assembled.tokens;  // the source's .token lines
    nef.script = assembled.script;
    nef_bytes = write_nef(nef);
    nef.checksum = nef_checksum(nef);
    // Helper.GetContractHash(sender, nef checksum, name): the hash of ABORT, PUSH sender, PUSH checksum,
    // PUSH name.
    ScriptBuilder sb;
    sb.emit(OpCode::ABORT);
    sb.emit_push_bytes(kOwner);
    sb.emit_push(static_cast<std::int64_t>(nef.checksum));
    sb.emit_push_string("ZkToken");
    hash = hash160(sb.bytes());
  }

  // The tokens the source must declare, built by hand: StdLib.itoa and CryptoLib.sha256.
  static std::vector<MethodToken> expected_tokens() {
    MethodToken itoa;
    itoa.hash = hash_of("0xacce6fd80d44e1796aa0c2c625e9e4e0ce39efc0");
    itoa.method = text("itoa");
    itoa.parameters_count = 1;
    itoa.has_return_value = true;
    itoa.call_flags = call_flags::kAll;
    MethodToken sha256;
    sha256.hash = hash_of("0x726cb6e0cd8628a1350a611384688911ab75f51b");
    sha256.method = text("sha256");
    sha256.parameters_count = 1;
    sha256.has_return_value = true;
    sha256.call_flags = call_flags::kAll;
    return {itoa, sha256};
  }

  ExecutionEnvironment env(std::vector<Signer> signers, std::vector<StorageEntry> storage = {}) const {
    ExecutionEnvironment e = test_env();
    ContractInfo info;
    info.hash = hash;
    info.id = kTokenId;
    info.nef = nef_bytes;
    info.manifest = manifest_json;
    e.contracts = {info};
    e.signers = std::move(signers);
    e.storage = std::move(storage);
    return e;
  }
};

Signer signer(const UInt160& account) {
  Signer s;
  s.account = account;
  s.scopes = witness_scope::kCalledByEntry;
  return s;
}

std::vector<std::uint8_t> balance_key(const UInt160& account) {
  std::vector<std::uint8_t> k = {0x01};
  k.insert(k.end(), account.begin(), account.end());
  return k;
}

struct Invocation {
  std::unique_ptr<ApplicationEngine> app;
  VMState state = VMState::None;
  std::string reason() const { return std::string(app->engine().fault_reason()); }
};

Invocation invoke(const ExecutionEnvironment& env, const UInt160& hash, std::string_view method,
                  std::vector<ContractArgument> args) {
  Invocation r;
  r.app = std::make_unique<ApplicationEngine>(env);
  if (!r.app->load_method(hash, method, args)) {
    r.state = r.app->state();
    return r;
  }
  r.state = r.app->execute();
  return r;
}

std::vector<std::uint8_t> item_bytes(const StackItem& item) {
  ByteScratch scratch;
  std::span<const std::uint8_t> bytes;
  if (!get_span(item, scratch, bytes)) return {};
  return {bytes.begin(), bytes.end()};
}

}  // namespace

TEST_CASE("token: the manifest's offsets are the source's labels", "[app][token]") {
  const Token token;
  INFO((token.assembled.errors.empty() ? std::string() : token.assembled.errors[0].to_string()));
  REQUIRE(token.assembled.ok());
  ContractManifest manifest;
  ManifestError error;
  REQUIRE(parse_manifest(token.manifest_json, manifest, error));
  for (const ContractMethodDescriptor& m : manifest.methods) {
    const std::string label = std::string(m.name.begin(), m.name.end()) + ":";
    const std::size_t at = token.source.find("\n" + label);
    REQUIRE(at != std::string::npos);
    const auto line = static_cast<std::uint32_t>(
        std::count(token.source.begin(), token.source.begin() + static_cast<std::ptrdiff_t>(at) + 1, '\n') +
        1);
    std::int32_t offset = -1;
    for (const assembly::SourceMapEntry& e : token.assembled.source_map) {
      if (e.line >= line) {
        offset = static_cast<std::int32_t>(e.offset);
        break;
      }
    }
    INFO(label);
    CHECK(m.offset == offset);
  }
  CHECK(token.assembled.tokens == Token::expected_tokens());
  CHECK(token.assembled.token_names == std::vector<std::string>{"itoa", "sha256"});
  NefFile back;
  NefParseError nef_error;
  REQUIRE(parse_nef(token.nef_bytes, back, nef_error));
  CHECK(back == token.nef);
}

TEST_CASE("token: mint, transfer, refusals and reads", "[app][token]") {
  const Token token;
  REQUIRE(token.assembled.ok());

  // mint(alice, 100), signed by the owner.
  Invocation mint =
      invoke(token.env({signer(kOwner)}), token.hash, "mint",
             {ContractArgument::from_hash160(kAlice), ContractArgument::from_integer(Integer(100))});
  INFO(mint.reason());
  REQUIRE(mint.state == VMState::Halt);
  CHECK(mint.app->engine().result_stack().empty());  // Void
  REQUIRE(mint.app->notifications().size() == 1);
  {
    const Notification& n = mint.app->notifications()[0];
    CHECK(n.script_hash == token.hash);
    CHECK(std::string(n.event_name.begin(), n.event_name.end()) == "Transfer");
    const auto& state = n.state.array_object()->items;
    REQUIRE(state.size() == 3);
    CHECK(state[0].is_null());
    CHECK(item_bytes(state[1]) == std::vector<std::uint8_t>(kAlice.begin(), kAlice.end()));
    Integer amount;
    REQUIRE(get_integer(state[2], amount));
    CHECK(amount.to_int64() == 100);
  }
  const std::vector<storage::Change> mint_changes = mint.app->storage_changes();
  REQUIRE(mint_changes.size() == 1);
  CHECK(mint_changes[0].kind == storage::ChangeKind::Added);
  CHECK(mint_changes[0].key == storage::StorageKey{kTokenId, balance_key(kAlice)});
  CHECK(mint_changes[0].value == std::vector<std::uint8_t>{100});

  SECTION("mint without the owner's witness") {
    Invocation r =
        invoke(token.env({signer(kAlice)}), token.hash, "mint",
               {ContractArgument::from_hash160(kAlice), ContractArgument::from_integer(Integer(5))});
    CHECK(r.state == VMState::Fault);
    CHECK_THAT(r.reason(), Catch::Contains("only the owner can mint"));
    CHECK(r.app->storage_changes().empty());
  }

  // The ledger after the mint.
  std::vector<StorageEntry> ledger;
  for (const storage::StorageEntry& e : mint.app->storage_entries())
    ledger.push_back(StorageEntry{e.key.contract_id, e.key.key, e.value});

  SECTION("transfer(alice, bob, 30) signed by alice") {
    Invocation r = invoke(token.env({signer(kAlice)}, ledger), token.hash, "transfer",
                          {ContractArgument::from_hash160(kAlice), ContractArgument::from_hash160(kBob),
                           ContractArgument::from_integer(Integer(30))});
    INFO(r.reason());
    REQUIRE(r.state == VMState::Halt);
    bool ok = false;
    REQUIRE(get_boolean(r.app->engine().result_stack().back(), ok));
    CHECK(ok);
    REQUIRE(r.app->notifications().size() == 1);
    const auto& state = r.app->notifications()[0].state.array_object()->items;
    CHECK(item_bytes(state[0]) == std::vector<std::uint8_t>(kAlice.begin(), kAlice.end()));
    CHECK(item_bytes(state[1]) == std::vector<std::uint8_t>(kBob.begin(), kBob.end()));

    // "last" = SHA-256(alice ++ bob ++ "30"), computed here without the VM.
    std::vector<std::uint8_t> preimage(kAlice.begin(), kAlice.end());
    preimage.insert(preimage.end(), kBob.begin(), kBob.end());
    preimage.push_back('3');
    preimage.push_back('0');
    const auto digest = crypto::sha256(preimage);
    const std::vector<std::uint8_t> last_key = {'l', 'a', 's', 't'};

    const std::vector<storage::Change> expected_changes = {
        {storage::StorageKey{kTokenId, balance_key(kAlice)}, storage::ChangeKind::Changed, {70}},
        {storage::StorageKey{kTokenId, balance_key(kBob)}, storage::ChangeKind::Added, {30}},
        {storage::StorageKey{kTokenId, last_key}, storage::ChangeKind::Added, {digest.begin(), digest.end()}},
    };
    std::vector<storage::Change> changes = r.app->storage_changes();
    std::sort(changes.begin(), changes.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    std::vector<storage::Change> expected = expected_changes;
    std::sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    CHECK(changes == expected);

    // The state root over every entry, recomputed from the expected entries alone.
    const storage::MemoryStorage after({
        {storage::StorageKey{kTokenId, balance_key(kAlice)}, {70}},
        {storage::StorageKey{kTokenId, balance_key(kBob)}, {30}},
        {storage::StorageKey{kTokenId, last_key}, {digest.begin(), digest.end()}},
    });
    CHECK(r.app->state_root() == after.root());
    CHECK(r.app->initial_state_root() ==
          storage::MemoryStorage({{storage::StorageKey{kTokenId, balance_key(kAlice)}, {100}}}).root());

    // Gas: the natives' CPU fees are part of it (itoa 1 << 12, sha256 1 << 15, times the exec fee factor).
    const std::uint64_t factor = test_env().exec_fee_factor;
    CHECK(r.app->gas_consumed() > ((1u << 12) + (1u << 15)) * factor);
  }

  SECTION("transfer refused without the sender's witness") {
    Invocation r = invoke(token.env({signer(kBob)}, ledger), token.hash, "transfer",
                          {ContractArgument::from_hash160(kAlice), ContractArgument::from_hash160(kBob),
                           ContractArgument::from_integer(Integer(30))});
    REQUIRE(r.state == VMState::Halt);
    bool ok = true;
    REQUIRE(get_boolean(r.app->engine().result_stack().back(), ok));
    CHECK_FALSE(ok);
    CHECK(r.app->notifications().empty());
    CHECK(r.app->storage_changes().empty());
  }

  SECTION("transfer refused above the balance") {
    Invocation r = invoke(token.env({signer(kAlice)}, ledger), token.hash, "transfer",
                          {ContractArgument::from_hash160(kAlice), ContractArgument::from_hash160(kBob),
                           ContractArgument::from_integer(Integer(101))});
    REQUIRE(r.state == VMState::Halt);
    bool ok = true;
    REQUIRE(get_boolean(r.app->engine().result_stack().back(), ok));
    CHECK_FALSE(ok);
  }

  SECTION("balanceOf and symbol (through _initialize)") {
    Invocation b =
        invoke(token.env({}, ledger), token.hash, "balanceOf", {ContractArgument::from_hash160(kAlice)});
    REQUIRE(b.state == VMState::Halt);
    Integer balance;
    REQUIRE(get_integer(b.app->engine().result_stack().back(), balance));
    CHECK(balance.to_int64() == 100);
    Invocation s = invoke(token.env({}), token.hash, "symbol", {});
    REQUIRE(s.state == VMState::Halt);
    CHECK(item_bytes(s.app->engine().result_stack().back()) == std::vector<std::uint8_t>{'Z', 'K', 'T'});
  }

  SECTION("called from a transaction script with System.Contract.Call") {
    ScriptBuilder sb;
    sb.emit_push_bytes(kAlice);
    sb.emit_push(1);
    sb.emit(OpCode::PACK);
    sb.emit_push(call_flags::kAll);
    sb.emit_push_string("balanceOf");
    sb.emit_push_bytes(token.hash);
    sb.emit_syscall(sid("System.Contract.Call"));
    AppRun r = run_entry(token.env({}, ledger), sb.bytes());
    INFO(r.reason());
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.top_int() == 100);
  }
}

TEST_CASE("token: an environment contract with a broken NEF or manifest cannot be called", "[app][token]") {
  const Token token;
  ExecutionEnvironment env = token.env({signer(kOwner)});
  SECTION("NEF checksum") { env.contracts[0].nef.back() ^= 1; }
  SECTION("manifest JSON") { env.contracts[0].manifest = "{"; }
  ApplicationEngine app(env);
  CHECK_FALSE(app.load_method(token.hash, "symbol", {}));
  CHECK_THAT(std::string(app.engine().fault_reason()), Catch::Contains("Called Contract Does Not Exist"));
  CHECK(app.find_contract(token.hash) != nullptr);  // still visible for storage and events
}
