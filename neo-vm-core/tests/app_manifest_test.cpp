// Manifest JSON reading: every field, the reference's validation rules, and errors that name the field.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "neo/vm/app/manifest.hpp"

namespace {

using namespace neo::vm;
using namespace neo::vm::app;

std::string str(const Text& t) { return std::string(t.begin(), t.end()); }

// A complete manifest; tests replace one part with `replace`.
const std::string kManifest = R"({
  "name": "Sample",
  "groups": [{"pubkey": "03b209fd4f53a7170ea4444e0cb0a6bb6a53c2bd016926989cf85f9b0fba17a70c",
              "signature": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw=="}],
  "features": {},
  "supportedstandards": ["NEP-17"],
  "abi": {
    "methods": [
      {"name": "transfer", "parameters": [{"name": "from", "type": "Hash160"}, {"name": "to", "type": "Hash160"},
        {"name": "amount", "type": "Integer"}, {"name": "data", "type": "Any"}], "returntype": "Boolean",
        "offset": 12, "safe": false},
      {"name": "symbol", "parameters": [], "returntype": "String", "offset": 0, "safe": true}
    ],
    "events": [{"name": "Transfer", "parameters": [{"name": "from", "type": "Hash160"}]}]
  },
  "permissions": [
    {"contract": "0xacce6fd80d44e1796aa0c2c625e9e4e0ce39efc0", "methods": ["itoa", "atoi"]},
    {"contract": "02b209fd4f53a7170ea4444e0cb0a6bb6a53c2bd016926989cf85f9b0fba17a70c", "methods": "*"},
    {"contract": "*", "methods": ["onNEP17Payment"]}
  ],
  "trusts": ["0x726cb6e0cd8628a1350a611384688911ab75f51b"],
  "extra": {"Author": "neo-zkvm", "n": [1, 2]}
})";

std::string replace(std::string_view from, std::string_view to) {
  std::string s = kManifest;
  const std::size_t at = s.find(from);
  REQUIRE(at != std::string::npos);
  s.replace(at, from.size(), to);
  return s;
}

ManifestError fails(const std::string& json) {
  ContractManifest m;
  ManifestError e;
  CHECK_FALSE(parse_manifest(json, m, e));
  CHECK_FALSE(e.message.empty());
  return e;
}

}  // namespace

TEST_CASE("manifest: every field is read", "[app][manifest]") {
  ContractManifest m;
  ManifestError e;
  REQUIRE(parse_manifest(kManifest, m, e));
  CHECK(str(m.name) == "Sample");
  REQUIRE(m.groups.size() == 1);
  CHECK(m.groups[0].public_key[0] == 0x03);
  CHECK(m.groups[0].public_key[32] == 0x0c);
  for (std::size_t i = 0; i < 64; ++i) CHECK(m.groups[0].signature[i] == i);
  REQUIRE(m.supported_standards.size() == 1);
  CHECK(str(m.supported_standards[0]) == "NEP-17");
  REQUIRE(m.methods.size() == 2);
  const ContractMethodDescriptor& t = m.methods[0];
  CHECK(str(t.name) == "transfer");
  REQUIRE(t.parameters.size() == 4);
  CHECK(str(t.parameters[2].name) == "amount");
  CHECK(t.parameters[2].type == ParameterType::Integer);
  CHECK(t.parameters[3].type == ParameterType::Any);
  CHECK(t.return_type == ParameterType::Boolean);
  CHECK(t.offset == 12);
  CHECK_FALSE(t.safe);
  CHECK(m.methods[1].safe);
  REQUIRE(m.events.size() == 1);
  CHECK(str(m.events[0].name) == "Transfer");
  REQUIRE(m.permissions.size() == 3);
  CHECK(m.permissions[0].contract.kind == ContractPermissionDescriptor::Kind::Hash);
  CHECK(m.permissions[0].contract.hash[0] == 0xc0);  // little-endian: the display's last byte first
  CHECK(m.permissions[0].contract.hash[19] == 0xac);
  CHECK(m.permissions[0].methods.size() == 2);
  CHECK(m.permissions[1].contract.kind == ContractPermissionDescriptor::Kind::Group);
  CHECK(m.permissions[1].any_method);
  CHECK(m.permissions[2].contract.kind == ContractPermissionDescriptor::Kind::Wildcard);
  REQUIRE(m.trusts.size() == 1);
  CHECK_FALSE(m.trusts_any);
  CHECK(m.trusts[0].hash[0] == 0x1b);
  CHECK(str(m.extra) == R"({"Author":"neo-zkvm","n":[1,2]})");

  CHECK(m.find_method("transfer", 4) == &m.methods[0]);
  CHECK(m.find_method("transfer", 3) == nullptr);
  CHECK(m.find_method("symbol", -1) == &m.methods[1]);
  CHECK(m.find_event("Transfer") == &m.events[0]);
  CHECK(m.find_event("Mint") == nullptr);
}

TEST_CASE("manifest: wildcards, null extra and type names", "[app][manifest]") {
  ContractManifest m;
  ManifestError e;
  REQUIRE(parse_manifest(replace(R"(["0x726cb6e0cd8628a1350a611384688911ab75f51b"])", R"("*")"), m, e));
  CHECK(m.trusts_any);
  REQUIRE(parse_manifest(replace(R"({"Author": "neo-zkvm", "n": [1, 2]})", "null"), m, e));
  CHECK(str(m.extra) == "null");
  for (const char* name : {"Any", "Boolean", "Integer", "ByteArray", "String", "Hash160", "Hash256",
                           "PublicKey", "Signature", "Array", "Map", "InteropInterface", "Void"}) {
    const auto t = parse_parameter_type(name);
    REQUIRE(t.has_value());
    CHECK(parameter_type_name(*t) == name);
  }
  CHECK_FALSE(parse_parameter_type("integer").has_value());  // names are case-sensitive
  CHECK_FALSE(parse_parameter_type("Hash512").has_value());
}

TEST_CASE("manifest: malformed fields are named", "[app][manifest]") {
  std::string json;
  std::string field;
  SECTION("not JSON") { json = "{\"name\": ", field = ""; }
  SECTION("not an object") { json = "[]", field = ""; }
  SECTION("too long") { json = kManifest + std::string(65536, ' '), field = ""; }
  SECTION("missing name") { json = replace(R"("name": "Sample",)", ""), field = "name"; }
  SECTION("empty name") { json = replace(R"("name": "Sample")", R"("name": "")"), field = "name"; }
  SECTION("name not a string") { json = replace(R"("name": "Sample")", R"("name": 5)"), field = "name"; }
  SECTION("group key") {
    json = replace("03b209fd4f53a7170ea4444e0cb0a6bb6a53c2bd016926989cf85f9b0fba17a70c", "05b2"),
    field = "groups[0].pubkey";
  }
  SECTION("group signature length") { json = replace("PD0+Pw==", "PD0+"), field = "groups[0].signature"; }
  SECTION("group signature base64") { json = replace("PD0+Pw==", "PD0+P$=="), field = "groups[0].signature"; }
  SECTION("features not empty") {
    json = replace(R"("features": {})", R"("features": {"x": 1})"), field = "features";
  }
  SECTION("features missing") { json = replace(R"("features": {},)", ""), field = "features"; }
  SECTION("empty standard") { json = replace(R"(["NEP-17"])", R"([""])"), field = "supportedstandards[0]"; }
  SECTION("duplicate standard") {
    json = replace(R"(["NEP-17"])", R"(["NEP-17", "NEP-17"])"), field = "supportedstandards[1]";
  }
  SECTION("no methods") {
    json = R"({"name":"a","groups":[],"features":{},"supportedstandards":[],"abi":{"methods":[],"events":[]},
              "permissions":[],"trusts":[],"extra":null})",
    field = "abi.methods";
  }
  SECTION("unknown parameter type") {
    json = replace(R"("type": "Integer")", R"("type": "Int")"), field = "abi.methods[0].parameters[2].type";
  }
  SECTION("Void parameter") {
    json = replace(R"("type": "Integer")", R"("type": "Void")"), field = "abi.methods[0].parameters[2].type";
  }
  SECTION("duplicate parameter name") {
    json = replace(R"("name": "to")", R"("name": "from")"), field = "abi.methods[0].parameters[1].name";
  }
  SECTION("empty parameter name") {
    json = replace(R"("name": "to")", R"("name": "")"), field = "abi.methods[0].parameters[1].name";
  }
  SECTION("unknown return type") {
    json = replace(R"("returntype": "Boolean")", R"("returntype": "Bool")"),
    field = "abi.methods[0].returntype";
  }
  SECTION("negative offset") {
    json = replace(R"("offset": 12)", R"("offset": -1)"), field = "abi.methods[0].offset";
  }
  SECTION("fractional offset") {
    json = replace(R"("offset": 12)", R"("offset": 1.5)"), field = "abi.methods[0].offset";
  }
  SECTION("offset above int32") {
    json = replace(R"("offset": 12)", R"("offset": 2147483648)"), field = "abi.methods[0].offset";
  }
  SECTION("safe not a boolean") {
    json = replace(R"("safe": false)", R"("safe": 0)"), field = "abi.methods[0].safe";
  }
  SECTION("empty method name") {
    json = replace(R"("name": "symbol")", R"("name": "")"), field = "abi.methods[1].name";
  }
  SECTION("event without parameters") {
    json = replace(R"("name": "Transfer", "parameters": [{"name": "from", "type": "Hash160"}]})",
                   R"("name": "Transfer"})"),
    field = "abi.events[0].parameters";
  }
  SECTION("permission contract") {
    json = replace("0xacce6fd80d44e1796aa0c2c625e9e4e0ce39efc0", "acce6fd80d44e1796aa0c2c625e9e4e0ce39efc0"),
    field = "permissions[0].contract";
  }
  SECTION("permission hash digits") {
    json =
        replace("0xacce6fd80d44e1796aa0c2c625e9e4e0ce39efc0", "0xacce6fd80d44e1796aa0c2c625e9e4e0ce39efcg"),
    field = "permissions[0].contract";
  }
  SECTION("permission methods") {
    json = replace(R"("methods": "*")", R"("methods": "all")"), field = "permissions[1].methods";
  }
  SECTION("empty permission method") {
    json = replace(R"(["itoa", "atoi"])", R"(["itoa", ""])"), field = "permissions[0].methods[1]";
  }
  SECTION("duplicate permission method") {
    json = replace(R"(["itoa", "atoi"])", R"(["itoa", "itoa"])"), field = "permissions[0].methods[1]";
  }
  SECTION("duplicate permission contract") {
    json = replace(R"({"contract": "*", "methods": ["onNEP17Payment"]})",
                   R"({"contract": "0xacce6fd80d44e1796aa0c2c625e9e4e0ce39efc0", "methods": "*"})"),
    field = "permissions[2].contract";
  }
  SECTION("trusts") {
    json = replace(R"(["0x726cb6e0cd8628a1350a611384688911ab75f51b"])", R"("all")"), field = "trusts";
  }
  SECTION("duplicate trust") {
    json = replace(
        R"(["0x726cb6e0cd8628a1350a611384688911ab75f51b"])",
        R"(["0x726cb6e0cd8628a1350a611384688911ab75f51b", "0x726CB6E0CD8628A1350A611384688911AB75F51B"])"),
    field = "trusts[1]";
  }
  SECTION("extra not an object") {
    json = replace(R"({"Author": "neo-zkvm", "n": [1, 2]})", "[]"), field = "extra";
  }
  SECTION("duplicate JSON key") {
    json = replace(R"("name": "Sample",)", R"("name": "Sample", "name": "B",)"), field = "";
  }
  const ManifestError e = fails(json);
  CHECK(str(e.field) == field);
}

TEST_CASE("manifest: permissions decide which calls are allowed", "[app][manifest]") {
  ContractManifest m;
  ManifestError e;
  REQUIRE(parse_manifest(kManifest, m, e));
  UInt160 stdlib = m.permissions[0].contract.hash;
  UInt160 other{};
  other[0] = 1;
  PublicKey group = m.permissions[1].contract.group;
  CHECK(manifest_can_call(m, stdlib, {}, "itoa"));
  CHECK_FALSE(manifest_can_call(m, stdlib, {}, "base64Encode"));
  CHECK(manifest_can_call(m, other, {}, "onNEP17Payment"));  // the wildcard contract entry
  CHECK_FALSE(manifest_can_call(m, other, {}, "transfer"));
  const PublicKey groups[] = {group};
  CHECK(manifest_can_call(m, other, groups, "transfer"));  // the group entry allows every method
  ContractManifest none;
  CHECK_FALSE(manifest_can_call(none, stdlib, {}, "itoa"));
}
