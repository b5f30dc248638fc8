// --env FILE: the execution environment as JSON (format in docs/cli.md). Every key is checked: an unknown key,
// a value of the wrong type or size is an error naming the key, never a silent default.
#include "environment_file.hpp"

#include <filesystem>

namespace neo::cli {
namespace {

using Json = nlohmann::json;

struct Reader {
  std::string where;  // "env.json: signers[0].account"
  std::string error;

  bool fail(const std::string& key, const std::string& why) {
    if (error.empty()) error = where + key + ": " + why;
    return false;
  }

  bool unsigned_value(const Json& j, const std::string& key, std::uint64_t max, std::uint64_t& out) {
    if (!j.is_number_unsigned()) return fail(key, "expected a non-negative integer");
    out = j.get<std::uint64_t>();
    if (out > max) return fail(key, std::to_string(out) + " is larger than " + std::to_string(max));
    return true;
  }

  bool signed_value(const Json& j, const std::string& key, std::int32_t& out) {
    if (!j.is_number_integer()) return fail(key, "expected an integer");
    const std::int64_t v = j.get<std::int64_t>();
    if (v < INT32_MIN || v > INT32_MAX) return fail(key, std::to_string(v) + " does not fit in 32 bits");
    out = static_cast<std::int32_t>(v);
    return true;
  }

  bool bytes(const Json& j, const std::string& key, std::vector<std::uint8_t>& out) {
    if (!j.is_string()) return fail(key, "expected a hex string");
    auto parsed = parse_hex(j.get<std::string>(), where + key);
    if (!parsed.ok()) {
      if (error.empty()) error = parsed.error.message;
      return false;
    }
    out = std::move(*parsed.value);
    return true;
  }

  template <std::size_t N>
  bool fixed(const Json& j, const std::string& key, std::array<std::uint8_t, N>& out) {
    std::vector<std::uint8_t> b;
    if (!bytes(j, key, b)) return false;
    if (b.size() != N) return fail(key, "expected " + std::to_string(N) + " bytes, got " + std::to_string(b.size()));
    std::copy(b.begin(), b.end(), out.begin());
    return true;
  }

  // Hashes as Neo prints them: "0x" and the bytes in reverse (big-endian) order.
  template <std::size_t N>
  bool hash(const Json& j, const std::string& key, std::array<std::uint8_t, N>& out) {
    if (!j.is_string() || j.get<std::string>().rfind("0x", 0) != 0) {
      return fail(key, "expected a hash as Neo prints it: \"0x\" and " + std::to_string(2 * N) + " hex digits");
    }
    if (!fixed(j, key, out)) return false;
    std::reverse(out.begin(), out.end());
    return true;
  }

  bool object(const Json& j, const std::string& key, std::initializer_list<const char*> allowed) {
    if (!j.is_object()) return fail(key, "expected an object");
    for (const auto& [name, value] : j.items()) {
      (void)value;
      bool known = false;
      for (const char* a : allowed) known = known || name == a;
      if (!known) return fail(key.empty() ? name : key + "." + name, "unknown key");
    }
    return true;
  }
};

bool parse_scopes(Reader& r, const Json& j, const std::string& key, std::uint8_t& out) {
  if (j.is_number()) {
    std::uint64_t v = 0;
    if (!r.unsigned_value(j, key, 0xFF, v)) return false;
    out = static_cast<std::uint8_t>(v);
    return true;
  }
  if (!j.is_string()) return r.fail(key, "expected scope names (\"CalledByEntry, CustomContracts\") or a number");
  out = 0;
  std::string text = j.get<std::string>();
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string name = text.substr(start, end - start);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    if (name == "None") {
    } else if (name == "CalledByEntry") {
      out |= vm::witness_scope::kCalledByEntry;
    } else if (name == "CustomContracts") {
      out |= vm::witness_scope::kCustomContracts;
    } else if (name == "CustomGroups") {
      out |= vm::witness_scope::kCustomGroups;
    } else if (name == "WitnessRules") {
      out |= vm::witness_scope::kWitnessRules;
    } else if (name == "Global") {
      out |= vm::witness_scope::kGlobal;
    } else {
      return r.fail(key, "unknown witness scope \"" + name + "\"");
    }
    start = end + 1;
  }
  return true;
}

bool parse_trigger(Reader& r, const Json& j, vm::Trigger& out) {
  if (!j.is_string()) return r.fail("trigger", "expected Application, Verification, OnPersist or PostPersist");
  const std::string t = j.get<std::string>();
  if (t == "Application") out = vm::Trigger::Application;
  else if (t == "Verification") out = vm::Trigger::Verification;
  else if (t == "OnPersist") out = vm::Trigger::OnPersist;
  else if (t == "PostPersist") out = vm::Trigger::PostPersist;
  else return r.fail("trigger", "unknown trigger \"" + t + "\"");
  return true;
}

std::string index_key(const char* list, std::size_t i, const char* field) {
  return std::string(list) + "[" + std::to_string(i) + "]" + (field[0] != 0 ? "." : "") + field;
}

}  // namespace

Result<vm::ExecutionEnvironment> load_environment(const std::string& path) {
  auto text = read_file(path);
  if (!text.ok()) return {std::nullopt, text.error};
  const Json j = Json::parse(text.value->begin(), text.value->end(), nullptr, false);
  if (j.is_discarded()) return {std::nullopt, {path + ": not valid JSON"}};
  const std::filesystem::path base = std::filesystem::path(path).parent_path();

  Reader r{path + ": ", {}};
  vm::ExecutionEnvironment env;
  bool ok = r.object(j, "", {"network", "address_version", "trigger", "block_index", "block_time_ms",
                             "exec_fee_factor", "storage_price", "container_hash", "signable_data", "signers",
                             "random_seed", "contracts", "storage"});
  if (!ok) return {std::nullopt, {r.error}};
  std::uint64_t v = 0;
  for (const auto& [key, value] : j.items()) {
    if (!ok) break;
    if (key == "network") {
      ok = r.unsigned_value(value, key, UINT32_MAX, v);
      env.network = static_cast<std::uint32_t>(v);
    } else if (key == "address_version") {
      ok = r.unsigned_value(value, key, 0xFF, v);
      env.address_version = static_cast<std::uint8_t>(v);
    } else if (key == "trigger") {
      ok = parse_trigger(r, value, env.trigger);
    } else if (key == "block_index") {
      ok = r.unsigned_value(value, key, UINT32_MAX, v);
      env.block_index = static_cast<std::uint32_t>(v);
    } else if (key == "block_time_ms") {
      ok = r.unsigned_value(value, key, UINT64_MAX, env.block_time_ms);
    } else if (key == "exec_fee_factor") {
      ok = r.unsigned_value(value, key, UINT32_MAX, v);
      env.exec_fee_factor = static_cast<std::uint32_t>(v);
    } else if (key == "storage_price") {
      ok = r.unsigned_value(value, key, UINT32_MAX, v);
      env.storage_price = static_cast<std::uint32_t>(v);
    } else if (key == "container_hash") {
      ok = r.hash(value, key, env.container_hash);
    } else if (key == "signable_data") {
      ok = r.bytes(value, key, env.signable_data);
    } else if (key == "random_seed") {
      ok = r.fixed(value, key, env.random_seed);
    } else if (key == "signers") {
      if (!value.is_array()) ok = r.fail(key, "expected an array");
      for (std::size_t i = 0; ok && i < value.size(); ++i) {
        const Json& s = value[i];
        vm::Signer signer;
        ok = r.object(s, index_key("signers", i, ""), {"account", "scopes", "allowed_contracts", "allowed_groups"});
        if (ok && !s.contains("account")) ok = r.fail(index_key("signers", i, "account"), "missing");
        if (ok) ok = r.hash(s["account"], index_key("signers", i, "account"), signer.account);
        if (ok && s.contains("scopes")) ok = parse_scopes(r, s["scopes"], index_key("signers", i, "scopes"), signer.scopes);
        if (ok && s.contains("allowed_contracts")) {
          const Json& list = s["allowed_contracts"];
          if (!list.is_array()) ok = r.fail(index_key("signers", i, "allowed_contracts"), "expected an array");
          for (std::size_t k = 0; ok && k < list.size(); ++k) {
            vm::UInt160 h{};
            ok = r.hash(list[k], index_key("signers", i, "allowed_contracts") + "[" + std::to_string(k) + "]", h);
            signer.allowed_contracts.push_back(h);
          }
        }
        if (ok && s.contains("allowed_groups")) {
          const Json& list = s["allowed_groups"];
          if (!list.is_array()) ok = r.fail(index_key("signers", i, "allowed_groups"), "expected an array");
          for (std::size_t k = 0; ok && k < list.size(); ++k) {
            vm::PublicKey key_bytes{};
            ok = r.fixed(list[k], index_key("signers", i, "allowed_groups") + "[" + std::to_string(k) + "]", key_bytes);
            signer.allowed_groups.push_back(key_bytes);
          }
        }
        env.signers.push_back(std::move(signer));
      }
    } else if (key == "contracts") {
      if (!value.is_array()) ok = r.fail(key, "expected an array");
      for (std::size_t i = 0; ok && i < value.size(); ++i) {
        const Json& c = value[i];
        vm::ContractInfo info;
        ok = r.object(c, index_key("contracts", i, ""), {"hash", "id", "nef", "manifest"});
        for (const char* required : {"hash", "id", "nef", "manifest"}) {
          if (ok && !c.contains(required)) ok = r.fail(index_key("contracts", i, required), "missing");
        }
        if (ok) ok = r.hash(c["hash"], index_key("contracts", i, "hash"), info.hash);
        if (ok) ok = r.signed_value(c["id"], index_key("contracts", i, "id"), info.id);
        for (const char* file_key : {"nef", "manifest"}) {
          if (!ok) break;
          if (!c[file_key].is_string()) {
            ok = r.fail(index_key("contracts", i, file_key), "expected a file name (relative to the env file)");
            break;
          }
          auto bytes = read_file((base / c[file_key].get<std::string>()).string());
          if (!bytes.ok()) {
            ok = r.fail(index_key("contracts", i, file_key), bytes.error.message);
            break;
          }
          if (std::string(file_key) == "nef") info.nef = std::move(*bytes.value);
          else info.manifest.assign(bytes.value->begin(), bytes.value->end());
        }
        env.contracts.push_back(std::move(info));
      }
    } else if (key == "storage") {
      if (!value.is_array()) ok = r.fail(key, "expected an array");
      for (std::size_t i = 0; ok && i < value.size(); ++i) {
        const Json& e = value[i];
        vm::StorageEntry entry;
        ok = r.object(e, index_key("storage", i, ""), {"contract_id", "key", "value"});
        for (const char* required : {"contract_id", "key", "value"}) {
          if (ok && !e.contains(required)) ok = r.fail(index_key("storage", i, required), "missing");
        }
        if (ok) ok = r.signed_value(e["contract_id"], index_key("storage", i, "contract_id"), entry.contract_id);
        if (ok) ok = r.bytes(e["key"], index_key("storage", i, "key"), entry.key);
        if (ok) ok = r.bytes(e["value"], index_key("storage", i, "value"), entry.value);
        env.storage.push_back(std::move(entry));
      }
    }
  }
  if (!ok) return {std::nullopt, {r.error}};
  return {std::move(env), {}};
}

std::string hash_text(std::span<const std::uint8_t> little_endian) {
  std::vector<std::uint8_t> reversed(little_endian.rbegin(), little_endian.rend());
  return "0x" + to_hex(reversed);
}

}  // namespace neo::cli
