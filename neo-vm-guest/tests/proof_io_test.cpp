#include <catch2/catch.hpp>

#include <random>

#include "neo/guest/proof_io.hpp"
#include "neo/guest/public_inputs.hpp"
#include "neo/vm/crypto/sha256.hpp"

using namespace neo::guest;

namespace {

// Random values of every kind, for round-trip properties.
struct Gen {
  std::mt19937_64 rng{0x5EED};
  std::uint64_t u(std::uint64_t n) { return rng() % n; }
  std::vector<std::uint8_t> bytes(std::size_t max) {
    std::vector<std::uint8_t> b(u(max + 1));
    for (auto& x : b) x = static_cast<std::uint8_t>(rng());
    return b;
  }
  template <std::size_t N>
  std::array<std::uint8_t, N> fixed() {
    std::array<std::uint8_t, N> a{};
    for (auto& x : a) x = static_cast<std::uint8_t>(rng());
    return a;
  }
  std::string text(std::size_t max) {
    std::string s(u(max + 1), 'a');
    for (auto& c : s) c = static_cast<char>('a' + u(26));
    return s;
  }
  StackValue primitive() {
    switch (u(3)) {
      case 0: return StackValue::boolean(u(2) == 1);
      case 1: return StackValue::integer(static_cast<std::int64_t>(rng()) >> u(64));
      default: return StackValue::byte_string(bytes(40));
    }
  }
  StackValue value(int depth) {
    switch (depth > 3 ? u(6) : u(9)) {
      case 0: return StackValue::null();
      case 1: return StackValue::boolean(u(2) == 1);
      case 2: return StackValue::integer(static_cast<std::int64_t>(rng()) >> u(64));
      case 3: return StackValue::byte_string(bytes(40));
      case 4: return StackValue::buffer(bytes(40));
      case 5: return {StackItemType::Pointer, {static_cast<std::uint8_t>(u(256)), 1, 0, 0}, {}};
      case 6: {
        std::vector<StackValue> items(u(4));
        for (auto& i : items) i = value(depth + 1);
        return StackValue::array(std::move(items));
      }
      case 7: {
        std::vector<StackValue> items(u(4));
        for (auto& i : items) i = value(depth + 1);
        return StackValue::structure(std::move(items));
      }
      default: {
        std::vector<StackValue> kv;
        for (std::uint64_t i = 0, n = u(4); i < n; ++i) {
          StackValue k = primitive();
          bool dup = false;
          for (std::size_t j = 0; j < kv.size(); j += 2) dup = dup || kv[j] == k;
          if (dup) continue;
          kv.push_back(std::move(k));
          kv.push_back(value(depth + 1));
        }
        return StackValue::map(std::move(kv));
      }
    }
  }
  ProofInput input() {
    ProofInput in;
    in.kind = u(2) == 0 ? ProgramKind::Script : ProgramKind::Contract;
    in.script = bytes(200);
    if (in.kind == ProgramKind::Contract) {
      in.manifest = "{\"name\":\"" + text(10) + "\"}";
      in.method = text(8) + "m";
    }
    for (std::uint64_t i = 0, n = u(5); i < n; ++i) in.arguments.push_back(value(0));
    in.gas_limit = rng();
    auto& env = in.environment;
    env.network = static_cast<std::uint32_t>(rng());
    env.trigger = u(2) == 0 ? neo::vm::Trigger::Application : neo::vm::Trigger::Verification;
    env.block_index = static_cast<std::uint32_t>(rng());
    env.block_time_ms = rng();
    env.container_hash = fixed<32>();
    env.signable_data = bytes(36);
    for (std::uint64_t i = 0, n = u(3); i < n; ++i) {
      neo::vm::Signer s;
      s.account = fixed<20>();
      s.scopes = u(2) == 0 ? neo::vm::witness_scope::kGlobal
                           : static_cast<std::uint8_t>(neo::vm::witness_scope::kCalledByEntry |
                                                       neo::vm::witness_scope::kCustomContracts);
      if (s.scopes != neo::vm::witness_scope::kGlobal) s.allowed_contracts.push_back(fixed<20>());
      env.signers.push_back(s);
    }
    env.random_seed = fixed<16>();
    for (std::uint64_t i = 0, n = u(3); i < n; ++i) {
      env.contracts.push_back({fixed<20>(), static_cast<std::int32_t>(u(100)), bytes(50), text(30)});
    }
    for (std::int32_t id = 1, n = static_cast<std::int32_t>(u(5)); id <= n; ++id) {
      env.storage.push_back({id, bytes(10), bytes(20)});
    }
    return in;
  }
  ProofOutput output() {
    ProofOutput out;
    out.state = u(2) == 0 ? VmState::Halt : VmState::Fault;
    if (out.state == VmState::Fault) out.fault_reason = "fault: " + text(20);
    for (std::uint64_t i = 0, n = u(4); i < n; ++i) out.result_stack.push_back(value(0));
    out.gas_consumed = rng();
    for (std::uint64_t i = 0, n = u(3); i < n; ++i) {
      out.notifications.push_back({fixed<20>(), text(10), StackValue::array({value(1)})});
    }
    for (std::uint64_t i = 0, n = u(3); i < n; ++i) out.logs.push_back({fixed<20>(), text(30)});
    out.storage_root_before = fixed<32>();
    out.storage_root_after = fixed<32>();
    for (std::int32_t id = 1, n = static_cast<std::int32_t>(u(4)); id <= n; ++id) {
      const auto kind = static_cast<StorageChangeKind>(u(3));
      out.storage_changes.push_back(
          {id, bytes(8), kind, kind == StorageChangeKind::Deleted ? std::vector<std::uint8_t>{} : bytes(8)});
    }
    return out;
  }
};

}  // namespace

TEST_CASE("ProofInput and ProofOutput round-trip and their encodings are canonical", "[proof_io]") {
  Gen gen;
  for (int i = 0; i < 500; ++i) {
    const ProofInput in = gen.input();
    const auto bytes = encode(in);
    const auto decoded = decode_proof_input(bytes);
    INFO(decoded.error);
    REQUIRE(decoded.ok());
    REQUIRE(*decoded.value == in);
    REQUIRE(encode(*decoded.value) == bytes);

    const ProofOutput out = gen.output();
    const auto out_bytes = encode(out);
    const auto out_decoded = decode_proof_output(out_bytes);
    INFO(out_decoded.error);
    REQUIRE(out_decoded.ok());
    REQUIRE(*out_decoded.value == out);
  }
}

TEST_CASE("every strict prefix of an encoding is rejected, and so is any trailing byte", "[proof_io]") {
  Gen gen;
  const auto bytes = encode(gen.input());
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    REQUIRE_FALSE(decode_proof_input({bytes.data(), n}).ok());
  }
  auto longer = bytes;
  longer.push_back(0);
  const auto d = decode_proof_input(longer);
  REQUIRE_FALSE(d.ok());
  CHECK(d.error == "end of input: trailing bytes after the encoded value");
  CHECK(d.error_offset == bytes.size());
}

TEST_CASE("decoding errors name the field", "[proof_io]") {
  ProofInput in;
  in.script = {0x11, 0x40};
  auto bytes = encode(in);

  SECTION("unknown version") {
    bytes[0] = 9;
    CHECK(decode_proof_input(bytes).error == "version: unknown ProofInput format version");
  }
  SECTION("unknown program kind") {
    bytes[1] = 7;
    CHECK(decode_proof_input(bytes).error == "kind: unknown program kind");
  }
  SECTION("non-minimal script length") {
    std::vector<std::uint8_t> patched = {bytes[0], bytes[1], 0xFD, 0x02, 0x00};
    patched.insert(patched.end(), bytes.begin() + 3, bytes.end());
    CHECK(decode_proof_input(patched).error == "script: non-minimal var-int encoding");
  }
  SECTION("a raw script with a method") {
    in.method = "main";
    CHECK(decode_proof_input(encode(in)).error == "method: a raw script takes no manifest or method");
  }
  SECTION("zero exec fee factor") {
    in.environment.exec_fee_factor = 0;
    CHECK(decode_proof_input(encode(in)).error == "environment.exec_fee_factor: must be positive");
  }
  SECTION("unsorted storage") {
    in.environment.storage = {{2, {1}, {1}}, {1, {1}, {1}}};
    CHECK(decode_proof_input(encode(in)).error ==
          "environment.storage: entries are not strictly sorted by (contract_id, key)");
  }
  SECTION("Global combined with another scope") {
    neo::vm::Signer s;
    s.scopes = neo::vm::witness_scope::kGlobal | neo::vm::witness_scope::kCalledByEntry;
    in.environment.signers = {s};
    CHECK(decode_proof_input(encode(in)).error ==
          "environment.signers.scopes: Global scope cannot be combined with other scopes");
  }
}

TEST_CASE("stack values: canonical integers, map keys, limits", "[proof_io][stack_value]") {
  auto decode_one = [](const std::vector<std::uint8_t>& b, const StackValueLimits& limits = {}) {
    ByteReader r(b);
    StackValue v;
    decode(r, v, limits);
    r.expect_end();
    return std::string(r.error());
  };
  CHECK(decode_one({0x21, 0x00}) == "");                    // zero is the empty encoding
  CHECK(decode_one({0x21, 0x01, 0x00}) == "integer is not in minimal two's-complement form");
  CHECK(decode_one({0x21, 0x02, 0x80, 0x00}) == "");        // 128 needs the 0x00 sign byte
  CHECK(decode_one({0x21, 0x02, 0x7F, 0x00}) == "integer is not in minimal two's-complement form");
  CHECK(decode_one({0x21, 0x02, 0x7F, 0xFF}) == "");        // -129
  CHECK(decode_one({0x21, 0x02, 0x80, 0xFF}) == "integer is not in minimal two's-complement form");
  CHECK(decode_one({0x21, 0x21}) == "var-int value out of range");  // 33 bytes is too long
  CHECK(decode_one({0x22}) == "unknown stack item type");
  CHECK(decode_one({0x20, 0x02}) == "boolean byte is neither 0 nor 1");
  CHECK(decode_one({0x48, 0x01, 0x40, 0x00, 0x00}) == "map key is not a primitive type");
  CHECK(decode_one({0x48, 0x02, 0x21, 0x01, 0x05, 0x00, 0x21, 0x01, 0x05, 0x00}) == "map has a duplicate key");
  CHECK(decode_one({0x40, 0x05, 0x00}) == "element count runs past the end of the input");

  std::vector<std::uint8_t> deep;
  for (int i = 0; i < 70; ++i) deep.insert(deep.end(), {0x40, 0x01});
  deep.push_back(0x00);
  CHECK(decode_one(deep) == "stack value nested deeper than the limit");
  StackValueLimits small;
  small.max_items = 3;
  CHECK(decode_one({0x40, 0x03, 0x00, 0x00, 0x00}, small) == "stack value has more items than the limit");

  for (std::int64_t v : std::initializer_list<std::int64_t>{0, 1, -1, 127, 128, -128, -129, 255, 256, INT64_MAX,
                                                           INT64_MIN}) {
    CHECK(is_canonical_integer(StackValue::integer(v).bytes));
  }
}

TEST_CASE("public inputs: fixed encoding, strict decoding, hashes of the canonical encodings", "[public_inputs]") {
  Gen gen;
  const ProofInput in = gen.input();
  ProofOutput out = gen.output();
  const PublicInputs p = make_public_inputs(in, out);
  CHECK(p.execution_success == (out.state == VmState::Halt));
  CHECK(p.gas_consumed == out.gas_consumed);
  CHECK(p.input_hash == neo::vm::crypto::sha256(encode(in)));
  const auto bytes = encode(p);
  REQUIRE(bytes.size() == kPublicInputsSize);
  const auto d = decode_public_inputs(bytes);
  REQUIRE(d.ok());
  CHECK(*d.value == p);
  auto bad = bytes;
  bad[1 + 32 * 3 + 8] = 2;
  CHECK(decode_public_inputs(bad).error == "execution_success: boolean byte is neither 0 nor 1");
  // The output hash changes with any change of the output.
  out.gas_consumed ^= 1;
  CHECK(output_hash(out) != p.output_hash);
}
