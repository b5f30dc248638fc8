// Manifest JSON reading (ContractManifest.Parse / FromJson of the reference) over the portable JSON parser.
//
// Deliberate narrowing: where the reference calls JToken.GetString / GetBoolean / GetInt32, which also
// convert other JSON types (a number where a string is expected...), this reader requires the natural JSON
// type. Group keys are checked for their encoding (33-byte compressed or 65-byte uncompressed), not for being
// on the curve (the crypto backend exposes no point decoder).
#include <algorithm>

#include "neo/vm/app/manifest.hpp"
#include "neo/vm/json.hpp"

namespace neo::vm::app {
namespace {

std::string_view view(const Text& t) noexcept { return {t.data(), t.size()}; }

// Builds field paths ("abi.methods[2].parameters[0].type") and fills ManifestError.
class Path {
 public:
  explicit Path(ManifestError& error) : error_(error) {}

  void push(std::string_view name) {
    marks_.push_back(path_.size());
    if (!path_.empty() && name[0] != '[') path_.push_back('.');
    path_.insert(path_.end(), name.begin(), name.end());
  }
  void push_index(std::size_t i) {
    char digits[24];
    std::size_t n = 0;
    digits[n++] = ']';
    do {
      digits[n++] = static_cast<char>('0' + i % 10);
      i /= 10;
    } while (i != 0);
    digits[n++] = '[';
    marks_.push_back(path_.size());
    while (n > 0) path_.push_back(digits[--n]);
  }
  void pop() {
    path_.resize(marks_.back());
    marks_.pop_back();
  }

  bool fail(std::string_view message) {
    error_.field = path_;
    error_.message.assign(message.begin(), message.end());
    return false;
  }
  // The failure of a member of the current object.
  bool fail_member(std::string_view name, std::string_view message) {
    push(name);
    fail(message);
    pop();
    return false;
  }

 private:
  ManifestError& error_;
  Text path_;
  std::vector<std::size_t> marks_;
};

struct Scope {
  Path& path;
  Scope(Path& p, std::string_view name) : path(p) { path.push(name); }
  Scope(Path& p, std::size_t index) : path(p) { path.push_index(index); }
  ~Scope() { path.pop(); }
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;
};

const json::Value* member(const json::Value& object, std::string_view name, json::Type type, Path& path,
                          const char* expected) {
  const json::Value* v = object.find(name);
  if (v == nullptr) {
    path.fail_member(name, "missing");
    return nullptr;
  }
  if (v->type != type) {
    path.fail_member(name, expected);
    return nullptr;
  }
  return v;
}

bool string_member(const json::Value& object, std::string_view name, Text& out, Path& path) {
  const json::Value* v = member(object, name, json::Type::String, path, "must be a string");
  if (v == nullptr) return false;
  out = v->text;
  return true;
}

int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool decode_hex(std::string_view s, std::vector<std::uint8_t>& out) {
  if (s.size() % 2 != 0) return false;
  out.clear();
  for (std::size_t i = 0; i < s.size(); i += 2) {
    const int hi = hex_digit(s[i]);
    const int lo = hex_digit(s[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
  }
  return true;
}

// A secp256r1 point from hex (ECPoint.Parse): compressed 02/03 || X, or uncompressed 04 || X || Y.
bool parse_public_key(std::string_view hex, PublicKey& out) {
  std::vector<std::uint8_t> bytes;
  if (!decode_hex(hex, bytes)) return false;
  if (bytes.size() == 33 && (bytes[0] == 0x02 || bytes[0] == 0x03)) {
    std::copy(bytes.begin(), bytes.end(), out.begin());
    return true;
  }
  if (bytes.size() == 65 && bytes[0] == 0x04) {
    out[0] = static_cast<std::uint8_t>(0x02 | (bytes[64] & 1));
    std::copy(bytes.begin() + 1, bytes.begin() + 33, out.begin() + 1);
    return true;
  }
  return false;
}

// Standard base64 with padding (Convert.FromBase64String without its whitespace tolerance).
bool decode_base64(std::string_view s, std::vector<std::uint8_t>& out) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  if (s.size() % 4 != 0) return false;
  out.clear();
  for (std::size_t i = 0; i < s.size(); i += 4) {
    const bool last = i + 4 == s.size();
    const std::size_t pad = last ? (s[i + 3] == '=' ? (s[i + 2] == '=' ? 2 : 1) : 0) : 0;
    std::uint32_t acc = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      int v = 0;
      if (k >= 4 - pad) {
        if (s[i + k] != '=') return false;
      } else {
        v = value(s[i + k]);
        if (v < 0) return false;
      }
      acc = acc << 6 | static_cast<std::uint32_t>(v);
    }
    out.push_back(static_cast<std::uint8_t>(acc >> 16));
    if (pad < 2) out.push_back(static_cast<std::uint8_t>(acc >> 8));
    if (pad < 1) out.push_back(static_cast<std::uint8_t>(acc));
  }
  return true;
}

// ContractPermissionDescriptor.FromJson: "*", "0x" + 40 hex digits (a hash, big-endian as displayed) or 66
// hex digits (a group key).
bool parse_descriptor(std::string_view s, ContractPermissionDescriptor& out) {
  out = ContractPermissionDescriptor{};
  if (s == "*") return true;
  if (s.size() == 42) {
    if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) return false;
    std::vector<std::uint8_t> bytes;
    if (!decode_hex(s.substr(2), bytes)) return false;
    out.kind = ContractPermissionDescriptor::Kind::Hash;
    for (std::size_t i = 0; i < 20; ++i) out.hash[i] = bytes[19 - i];
    return true;
  }
  if (s.size() == 66) {
    out.kind = ContractPermissionDescriptor::Kind::Group;
    return parse_public_key(s, out.group);
  }
  return false;
}

bool parse_parameters(const json::Value& object, std::vector<ContractParameterDefinition>& out, Path& path) {
  const json::Value* params = member(object, "parameters", json::Type::Array, path, "must be an array");
  if (params == nullptr) return false;
  Scope scope(path, "parameters");
  for (std::size_t i = 0; i < params->items.size(); ++i) {
    Scope item(path, i);
    const json::Value& p = params->items[i];
    if (!p.is_object()) return path.fail("must be an object");
    ContractParameterDefinition def;
    if (!string_member(p, "name", def.name, path)) return false;
    if (def.name.empty()) return path.fail_member("name", "must not be empty");
    Text type;
    if (!string_member(p, "type", type, path)) return false;
    const std::optional<ParameterType> t = parse_parameter_type(view(type));
    if (!t) return path.fail_member("type", "is not a ContractParameterType name");
    if (*t == ParameterType::Void) return path.fail_member("type", "a parameter cannot be Void");
    def.type = *t;
    for (const ContractParameterDefinition& earlier : out) {
      if (earlier.name == def.name) return path.fail_member("name", "duplicate parameter name");
    }
    out.push_back(std::move(def));
  }
  return true;
}

bool parse_method(const json::Value& m, ContractMethodDescriptor& out, Path& path) {
  if (!m.is_object()) return path.fail("must be an object");
  if (!string_member(m, "name", out.name, path)) return false;
  if (out.name.empty()) return path.fail_member("name", "must not be empty");
  if (!parse_parameters(m, out.parameters, path)) return false;
  Text type;
  if (!string_member(m, "returntype", type, path)) return false;
  const std::optional<ParameterType> t = parse_parameter_type(view(type));
  if (!t) return path.fail_member("returntype", "is not a ContractParameterType name");
  out.return_type = *t;
  const json::Value* offset = member(m, "offset", json::Type::Number, path, "must be a number");
  if (offset == nullptr) return false;
  const std::optional<std::int64_t> o = offset->as_int64();
  if (!o || *o > INT32_MAX || *o < INT32_MIN) return path.fail_member("offset", "must be a 32-bit integer");
  if (*o < 0) return path.fail_member("offset", "must not be negative");
  out.offset = static_cast<std::int32_t>(*o);
  const json::Value* safe = member(m, "safe", json::Type::Boolean, path, "must be a boolean");
  if (safe == nullptr) return false;
  out.safe = safe->boolean;
  return true;
}

bool parse_event(const json::Value& e, ContractEventDescriptor& out, Path& path) {
  if (!e.is_object()) return path.fail("must be an object");
  if (!string_member(e, "name", out.name, path)) return false;
  if (out.name.empty()) return path.fail_member("name", "must not be empty");
  return parse_parameters(e, out.parameters, path);
}

bool parse_abi(const json::Value& root, ContractManifest& out, Path& path) {
  const json::Value* abi = member(root, "abi", json::Type::Object, path, "must be an object");
  if (abi == nullptr) return false;
  Scope scope(path, "abi");
  const json::Value* methods = member(*abi, "methods", json::Type::Array, path, "must be an array");
  if (methods == nullptr) return false;
  {
    Scope m(path, "methods");
    if (methods->items.empty()) return path.fail("an ABI needs at least one method");
    out.methods.resize(methods->items.size());
    for (std::size_t i = 0; i < methods->items.size(); ++i) {
      Scope item(path, i);
      if (!parse_method(methods->items[i], out.methods[i], path)) return false;
    }
  }
  const json::Value* events = member(*abi, "events", json::Type::Array, path, "must be an array");
  if (events == nullptr) return false;
  Scope e(path, "events");
  out.events.resize(events->items.size());
  for (std::size_t i = 0; i < events->items.size(); ++i) {
    Scope item(path, i);
    if (!parse_event(events->items[i], out.events[i], path)) return false;
  }
  return true;
}

bool parse_groups(const json::Value& root, ContractManifest& out, Path& path) {
  const json::Value* groups = member(root, "groups", json::Type::Array, path, "must be an array");
  if (groups == nullptr) return false;
  Scope scope(path, "groups");
  for (std::size_t i = 0; i < groups->items.size(); ++i) {
    Scope item(path, i);
    const json::Value& g = groups->items[i];
    if (!g.is_object()) return path.fail("must be an object");
    ContractGroup group;
    Text key;
    if (!string_member(g, "pubkey", key, path)) return false;
    if (!parse_public_key(view(key), group.public_key))
      return path.fail_member("pubkey", "is not a hex-encoded secp256r1 public key");
    Text signature;
    if (!string_member(g, "signature", signature, path)) return false;
    std::vector<std::uint8_t> sig;
    if (!decode_base64(view(signature), sig)) return path.fail_member("signature", "is not base64");
    if (sig.size() != 64) return path.fail_member("signature", "must be 64 bytes");
    std::copy(sig.begin(), sig.end(), group.signature.begin());
    for (const ContractGroup& earlier : out.groups) {
      if (earlier.public_key == group.public_key) return path.fail_member("pubkey", "duplicate group key");
    }
    out.groups.push_back(group);
  }
  return true;
}

bool parse_permissions(const json::Value& root, ContractManifest& out, Path& path) {
  const json::Value* permissions = member(root, "permissions", json::Type::Array, path, "must be an array");
  if (permissions == nullptr) return false;
  Scope scope(path, "permissions");
  for (std::size_t i = 0; i < permissions->items.size(); ++i) {
    Scope item(path, i);
    const json::Value& p = permissions->items[i];
    if (!p.is_object()) return path.fail("must be an object");
    ContractPermission permission;
    Text contract;
    if (!string_member(p, "contract", contract, path)) return false;
    if (!parse_descriptor(view(contract), permission.contract))
      return path.fail_member("contract", "must be \"*\", a 0x-prefixed contract hash or a group public key");
    const json::Value* methods = p.find("methods");
    if (methods == nullptr) return path.fail_member("methods", "missing");
    if (methods->is_string() && methods->string() == "*") {
      permission.any_method = true;
    } else if (methods->is_array()) {
      Scope ms(path, "methods");
      for (std::size_t k = 0; k < methods->items.size(); ++k) {
        Scope mi(path, k);
        const json::Value& name = methods->items[k];
        if (!name.is_string()) return path.fail("must be a string");
        if (name.text.empty()) return path.fail("must not be empty");
        for (const Text& earlier : permission.methods) {
          if (earlier == name.text) return path.fail("duplicate method");
        }
        permission.methods.push_back(name.text);
      }
    } else {
      return path.fail_member("methods", "must be \"*\" or an array");
    }
    for (const ContractPermission& earlier : out.permissions) {
      if (earlier.contract == permission.contract) return path.fail_member("contract", "duplicate contract");
    }
    out.permissions.push_back(std::move(permission));
  }
  return true;
}

bool parse_trusts(const json::Value& root, ContractManifest& out, Path& path) {
  const json::Value* trusts = root.find("trusts");
  if (trusts == nullptr) return path.fail_member("trusts", "missing");
  if (trusts->is_string() && trusts->string() == "*") {
    out.trusts_any = true;
    return true;
  }
  if (!trusts->is_array()) return path.fail_member("trusts", "must be \"*\" or an array");
  Scope scope(path, "trusts");
  for (std::size_t i = 0; i < trusts->items.size(); ++i) {
    Scope item(path, i);
    const json::Value& t = trusts->items[i];
    if (!t.is_string()) return path.fail("must be a string");
    ContractPermissionDescriptor d;
    if (!parse_descriptor(t.string(), d))
      return path.fail("must be \"*\", a 0x-prefixed contract hash or a group public key");
    if (std::find(out.trusts.begin(), out.trusts.end(), d) != out.trusts.end())
      return path.fail("duplicate trust");
    out.trusts.push_back(d);
  }
  return true;
}

}  // namespace

bool parse_manifest(std::string_view text, ContractManifest& out, ManifestError& error) {
  error = ManifestError{};
  out = ContractManifest{};
  Path path(error);
  if (text.size() > kMaxManifestLength) return path.fail("the manifest is longer than 65535 bytes");
  json::Value root;
  json::Error json_error;
  if (!json::parse(text, root, json_error)) {
    // "invalid JSON: <what> at offset N"
    Text message = {'i', 'n', 'v', 'a', 'l', 'i', 'd', ' ', 'J', 'S', 'O', 'N', ':', ' '};
    const std::string_view what = json_error.message();
    message.insert(message.end(), what.begin(), what.end());
    const std::string_view at = " at offset ";
    message.insert(message.end(), at.begin(), at.end());
    char digits[24];
    std::size_t n = 0;
    std::size_t offset = json_error.offset;
    do {
      digits[n++] = static_cast<char>('0' + offset % 10);
      offset /= 10;
    } while (offset != 0);
    while (n > 0) message.push_back(digits[--n]);
    return path.fail(view(message));
  }
  if (!root.is_object()) return path.fail("the manifest must be a JSON object");

  if (!string_member(root, "name", out.name, path)) return false;
  if (out.name.empty()) return path.fail_member("name", "must not be empty");
  if (!parse_groups(root, out, path)) return false;
  const json::Value* features = member(root, "features", json::Type::Object, path, "must be an object");
  if (features == nullptr) return false;
  if (!features->members.empty()) return path.fail_member("features", "must be empty");
  const json::Value* standards =
      member(root, "supportedstandards", json::Type::Array, path, "must be an array");
  if (standards == nullptr) return false;
  {
    Scope scope(path, "supportedstandards");
    for (std::size_t i = 0; i < standards->items.size(); ++i) {
      Scope item(path, i);
      const json::Value& s = standards->items[i];
      if (!s.is_string()) return path.fail("must be a string");
      if (s.text.empty()) return path.fail("must not be empty");
      for (const Text& earlier : out.supported_standards) {
        if (earlier == s.text) return path.fail("duplicate standard");
      }
      out.supported_standards.push_back(s.text);
    }
  }
  if (!parse_abi(root, out, path)) return false;
  if (!parse_permissions(root, out, path)) return false;
  if (!parse_trusts(root, out, path)) return false;
  const json::Value* extra = root.find("extra");
  if (extra == nullptr || extra->is_null()) {
    out.extra = {'n', 'u', 'l', 'l'};
  } else if (extra->is_object()) {
    out.extra = json::write(*extra);
  } else {
    return path.fail_member("extra", "must be an object or null");
  }
  return true;
}

}  // namespace neo::vm::app
