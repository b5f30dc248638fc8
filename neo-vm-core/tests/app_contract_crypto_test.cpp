// System.Contract.GetCallFlags / CreateStandardAccount / CreateMultisigAccount and System.Crypto.CheckSig /
// CheckMultisig: results, fees and fault paths. Signatures are made with Crypto++ over the environment's
// signable data.
#include <catch2/catch.hpp>

#include <cryptopp/eccrypto.h>
#include <cryptopp/oids.h>
#include <cryptopp/osrng.h>
#include <cryptopp/sha.h>

#include <algorithm>

#include "app_test_util.hpp"

using namespace neo::vm;
using namespace neo::vm::app;
using namespace neo::vm::app::test;

namespace {

struct KeyPair {
  CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::SHA256>::PrivateKey secret;
  std::vector<std::uint8_t> compressed;
  std::vector<std::uint8_t> uncompressed;
};

KeyPair make_key(CryptoPP::AutoSeededRandomPool& pool) {
  KeyPair k;
  k.secret.Initialize(pool, CryptoPP::ASN1::secp256r1());
  CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::SHA256>::PublicKey pub;
  k.secret.MakePublicKey(pub);
  const auto& q = pub.GetPublicElement();
  k.uncompressed.assign(65, 0x04);
  q.x.Encode(k.uncompressed.data() + 1, 32);
  q.y.Encode(k.uncompressed.data() + 33, 32);
  k.compressed.assign(k.uncompressed.begin(), k.uncompressed.begin() + 33);
  k.compressed[0] = q.y.IsOdd() ? 0x03 : 0x02;
  return k;
}

std::vector<std::uint8_t> sign(CryptoPP::AutoSeededRandomPool& pool, const KeyPair& k,
                               const std::vector<std::uint8_t>& message) {
  CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::SHA256>::Signer signer(k.secret);
  std::vector<std::uint8_t> sig(64);
  signer.SignMessage(pool, message.data(), message.size(), sig.data());
  return sig;
}

ExecutionEnvironment signing_env() {
  ExecutionEnvironment env = test_env();
  env.signable_data = from_hex(
      "4e454f33"
      "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
  return env;
}

std::vector<std::uint8_t> bytes_of(const StackItem& item) {
  ByteScratch scratch;
  std::span<const std::uint8_t> b;
  if (!get_span(item, scratch, b)) return {};
  return {b.begin(), b.end()};
}

// PUSH each item of `items` (last first) and PACK them into an array, so that array[0] = items[0].
ScriptBuilder& push_array(ScriptBuilder& sb, const std::vector<std::vector<std::uint8_t>>& items) {
  for (std::size_t i = items.size(); i-- > 0;) sb.emit_push_bytes(items[i]);
  return sb.emit_push(static_cast<std::int64_t>(items.size())).emit(OpCode::PACK);
}

const char* const kKeys[] = {
    "03b209fd4f53a7170ea4444e0cb0a6bb6a53c2bd016926989cf85f9b0fba17a70c",
    "02df48f60e8f3e01c48ff40b9b7f1310d7a8b2a193188befe1c2e3df740e895093",
    "03b8d9d5771d8f513aa0869b9cc8d50986403b78c6da36890638c3d46a5adce04a",
};

std::vector<std::uint8_t> standard_script(const std::vector<std::uint8_t>& key) {
  std::vector<std::uint8_t> s = from_hex("0c21");
  s.insert(s.end(), key.begin(), key.end());
  const auto tail = from_hex("4156e7b327");  // SYSCALL System.Crypto.CheckSig
  s.insert(s.end(), tail.begin(), tail.end());
  return s;
}

}  // namespace

TEST_CASE("app contract: GetCallFlags reports the context's flags", "[app][contract]") {
  ScriptBuilder sb;
  sb.emit_syscall(sid("System.Contract.GetCallFlags"));
  AppRun entry = run_entry(test_env(), sb.bytes());
  REQUIRE(entry.state == VMState::Halt);
  CHECK(entry.top_int() == call_flags::kAll);
  CHECK(entry.gas() == 1024 * 30);
  AppRun restricted = run_contract(test_env(), test_contract(), sb.bytes(), call_flags::kReadOnly);
  REQUIRE(restricted.state == VMState::Halt);
  CHECK(restricted.top_int() == call_flags::kReadOnly);
}

TEST_CASE("app contract: CreateStandardAccount", "[app][contract]") {
  const auto key = from_hex(kKeys[0]);
  ScriptBuilder sb;
  sb.emit_push_bytes(key).emit_syscall(sid("System.Contract.CreateStandardAccount"));
  AppRun r = run_entry(test_env(), sb.bytes());
  REQUIRE(r.state == VMState::Halt);
  CHECK(to_hex(r.top_bytes()) == to_hex(hash160(standard_script(key))));
  CHECK(r.gas() == opcode_fees(r.script, 30) + 32768 * 30);

  // An uncompressed key names the same account.
  CryptoPP::AutoSeededRandomPool pool;
  const KeyPair k = make_key(pool);
  ScriptBuilder c, u;
  c.emit_push_bytes(k.compressed).emit_syscall(sid("System.Contract.CreateStandardAccount"));
  u.emit_push_bytes(k.uncompressed).emit_syscall(sid("System.Contract.CreateStandardAccount"));
  AppRun rc = run_entry(test_env(), c.bytes());
  AppRun ru = run_entry(test_env(), u.bytes());
  REQUIRE(rc.state == VMState::Halt);
  REQUIRE(ru.state == VMState::Halt);
  CHECK(to_hex(rc.top_bytes()) == to_hex(ru.top_bytes()));

  ScriptBuilder bad;
  bad.emit_push_bytes(from_hex("0401")).emit_syscall(sid("System.Contract.CreateStandardAccount"));
  CHECK(run_entry(test_env(), bad.bytes()).state == VMState::Fault);
}

TEST_CASE("app contract: CreateMultisigAccount", "[app][contract]") {
  std::vector<std::vector<std::uint8_t>> keys;
  for (const char* k : kKeys) keys.push_back(from_hex(k));
  // Expected: PUSH2, the keys sorted by X, PUSH3, SYSCALL System.Crypto.CheckMultisig.
  std::vector<std::vector<std::uint8_t>> sorted = keys;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return std::lexicographical_compare(a.begin() + 1, a.end(), b.begin() + 1, b.end());
  });
  std::vector<std::uint8_t> expected_script = {static_cast<std::uint8_t>(OpCode::PUSH2)};
  for (const auto& k : sorted) {
    expected_script.push_back(0x0c);
    expected_script.push_back(33);
    expected_script.insert(expected_script.end(), k.begin(), k.end());
  }
  expected_script.push_back(static_cast<std::uint8_t>(OpCode::PUSH3));
  const auto tail = from_hex("419ed0dc3a");
  expected_script.insert(expected_script.end(), tail.begin(), tail.end());

  ScriptBuilder sb;
  push_array(sb, keys).emit_push(2).emit_syscall(sid("System.Contract.CreateMultisigAccount"));
  AppRun r = run_entry(test_env(), sb.bytes());
  REQUIRE(r.state == VMState::Halt);
  CHECK(to_hex(r.top_bytes()) == to_hex(hash160(expected_script)));
  CHECK(r.gas() == opcode_fees(r.script, 30) + 3 * 32768 * 30);

  // The count-then-items form of an array parameter gives the same account.
  ScriptBuilder counted;
  for (std::size_t i = keys.size(); i-- > 0;) counted.emit_push_bytes(keys[i]);
  counted.emit_push(3).emit_push(2).emit_syscall(sid("System.Contract.CreateMultisigAccount"));
  AppRun rc = run_entry(test_env(), counted.bytes());
  REQUIRE(rc.state == VMState::Halt);
  CHECK(to_hex(rc.top_bytes()) == to_hex(hash160(expected_script)));

  for (const int m : {0, 4, -1}) {
    ScriptBuilder bad;
    push_array(bad, keys).emit_push(m).emit_syscall(sid("System.Contract.CreateMultisigAccount"));
    INFO(m);
    CHECK(run_entry(test_env(), bad.bytes()).state == VMState::Fault);
  }
}

TEST_CASE("app crypto: CheckSig verifies against the signable data", "[app][crypto]") {
  CryptoPP::AutoSeededRandomPool pool;
  const ExecutionEnvironment env = signing_env();
  const KeyPair k = make_key(pool);
  const auto sig = sign(pool, k, env.signable_data);
  auto run = [&](const std::vector<std::uint8_t>& s, const std::vector<std::uint8_t>& key) {
    ScriptBuilder sb;
    sb.emit_push_bytes(s).emit_push_bytes(key).emit_syscall(sid("System.Crypto.CheckSig"));
    return run_entry(env, sb.bytes());
  };
  AppRun good = run(sig, k.compressed);
  REQUIRE(good.state == VMState::Halt);
  CHECK(good.top_bool());
  CHECK(good.gas() == opcode_fees(good.script, 30) + 32768 * 30);
  AppRun uncompressed = run(sig, k.uncompressed);
  REQUIRE(uncompressed.state == VMState::Halt);
  CHECK(uncompressed.top_bool());

  auto tampered = sig;
  tampered[10] ^= 1;
  AppRun bad = run(tampered, k.compressed);
  REQUIRE(bad.state == VMState::Halt);
  CHECK_FALSE(bad.top_bool());
  AppRun short_sig = run(std::vector<std::uint8_t>(sig.begin(), sig.end() - 1), k.compressed);
  REQUIRE(short_sig.state == VMState::Halt);
  CHECK_FALSE(short_sig.top_bool());
  AppRun bad_key = run(sig, from_hex("0102"));
  REQUIRE(bad_key.state == VMState::Halt);
  CHECK_FALSE(bad_key.top_bool());

  // Another container's data: the same signature no longer verifies.
  ExecutionEnvironment other = env;
  other.signable_data.back() ^= 1;
  ScriptBuilder sb;
  sb.emit_push_bytes(sig).emit_push_bytes(k.compressed).emit_syscall(sid("System.Crypto.CheckSig"));
  AppRun moved = run_entry(other, sb.bytes());
  REQUIRE(moved.state == VMState::Halt);
  CHECK_FALSE(moved.top_bool());
}

TEST_CASE("app crypto: CheckMultisig", "[app][crypto]") {
  CryptoPP::AutoSeededRandomPool pool;
  const ExecutionEnvironment env = signing_env();
  std::vector<KeyPair> keys;
  for (int i = 0; i < 3; ++i) keys.push_back(make_key(pool));
  std::vector<std::vector<std::uint8_t>> pubs, sigs;
  for (const KeyPair& k : keys) {
    pubs.push_back(k.compressed);
    sigs.push_back(sign(pool, k, env.signable_data));
  }
  auto run = [&](const std::vector<std::vector<std::uint8_t>>& s,
                 const std::vector<std::vector<std::uint8_t>>& p) {
    ScriptBuilder sb;
    push_array(sb, s);
    push_array(sb, p).emit_syscall(sid("System.Crypto.CheckMultisig"));
    return run_entry(env, sb.bytes());
  };
  SECTION("signatures in key order verify; fee per key") {
    AppRun r = run({sigs[0], sigs[2]}, pubs);
    REQUIRE(r.state == VMState::Halt);
    CHECK(r.top_bool());
    CHECK(r.gas() == opcode_fees(r.script, 30) + 3 * 32768 * 30);
    AppRun all = run(sigs, pubs);
    REQUIRE(all.state == VMState::Halt);
    CHECK(all.top_bool());
  }
  SECTION("out of order or foreign signatures fail") {
    AppRun swapped = run({sigs[2], sigs[0]}, pubs);
    REQUIRE(swapped.state == VMState::Halt);
    CHECK_FALSE(swapped.top_bool());
    auto bad = sigs[1];
    bad[5] ^= 0x80;
    AppRun tampered = run({sigs[0], bad}, {pubs[0], pubs[1]});
    REQUIRE(tampered.state == VMState::Halt);
    CHECK_FALSE(tampered.top_bool());
  }
  SECTION("empty key list, no signatures, or more signatures than keys fault") {
    CHECK(run({sigs[0]}, {}).state == VMState::Fault);
    CHECK(run({}, pubs).state == VMState::Fault);
    CHECK(run(sigs, {pubs[0], pubs[1]}).state == VMState::Fault);
  }
}
