#include "neo/guest/proof_io.hpp"

#include <algorithm>

namespace neo::guest {
namespace {

template <std::size_t N>
void put_fixed(ByteWriter& w, const std::array<std::uint8_t, N>& a) {
  w.raw(a);
}

template <std::size_t N>
std::array<std::uint8_t, N> get_fixed(ByteReader& r) {
  std::array<std::uint8_t, N> a{};
  const auto b = r.raw(N);
  if (r.ok()) std::copy(b.begin(), b.end(), a.begin());
  return a;
}

void put_string(ByteWriter& w, std::string_view s) {
  w.var_bytes({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
}

std::string get_string(ByteReader& r, std::size_t max) {
  const auto b = r.var_bytes(max);
  return {b.begin(), b.end()};
}

std::vector<std::uint8_t> get_bytes(ByteReader& r, std::size_t max) {
  const auto b = r.var_bytes(max);
  return {b.begin(), b.end()};
}

// A var-int count that cannot exceed the limit nor the bytes left (each element takes at least one byte).
std::size_t get_count(ByteReader& r, std::size_t max) {
  const std::uint64_t n = r.var_uint(max);
  if (r.ok() && n > r.remaining()) r.fail("element count runs past the end of the input");
  return r.ok() ? static_cast<std::size_t>(n) : 0;
}

void put_i32(ByteWriter& w, std::int32_t v) { w.u32(static_cast<std::uint32_t>(v)); }
std::int32_t get_i32(ByteReader& r) { return static_cast<std::int32_t>(r.u32()); }

bool valid_trigger(std::uint8_t t) { return t == 0x01 || t == 0x02 || t == 0x20 || t == 0x40; }

void decode_environment(ByteReader& r, vm::ExecutionEnvironment& env, const ProofIoLimits& limits) {
  r.set_field("environment.network");
  env.network = r.u32();
  r.set_field("environment.address_version");
  env.address_version = r.u8();
  r.set_field("environment.trigger");
  const std::uint8_t trigger = r.u8();
  if (r.ok() && !valid_trigger(trigger)) r.fail("not a Neo trigger type");
  env.trigger = static_cast<vm::Trigger>(trigger);
  r.set_field("environment.block_index");
  env.block_index = r.u32();
  r.set_field("environment.block_time_ms");
  env.block_time_ms = r.u64();
  r.set_field("environment.exec_fee_factor");
  env.exec_fee_factor = r.u32();
  if (r.ok() && env.exec_fee_factor == 0) r.fail("must be positive");
  r.set_field("environment.storage_price");
  env.storage_price = r.u32();
  r.set_field("environment.container_hash");
  env.container_hash = get_fixed<32>(r);
  r.set_field("environment.signable_data");
  env.signable_data = get_bytes(r, 1024);

  r.set_field("environment.signers");
  env.signers.resize(get_count(r, 16));
  for (vm::Signer& s : env.signers) {
    r.set_field("environment.signers.account");
    s.account = get_fixed<20>(r);
    r.set_field("environment.signers.scopes");
    s.scopes = r.u8();
    constexpr std::uint8_t kKnownScopes = vm::witness_scope::kCalledByEntry | vm::witness_scope::kCustomContracts |
                                          vm::witness_scope::kCustomGroups | vm::witness_scope::kWitnessRules |
                                          vm::witness_scope::kGlobal;
    if (r.ok() && (s.scopes & ~kKnownScopes) != 0) r.fail("unknown witness scope flag");
    if (r.ok() && (s.scopes & vm::witness_scope::kGlobal) != 0 && s.scopes != vm::witness_scope::kGlobal) {
      r.fail("Global scope cannot be combined with other scopes");
    }
    r.set_field("environment.signers.allowed_contracts");
    s.allowed_contracts.resize(get_count(r, 16));
    for (auto& c : s.allowed_contracts) c = get_fixed<20>(r);
    r.set_field("environment.signers.allowed_groups");
    s.allowed_groups.resize(get_count(r, 16));
    for (auto& g : s.allowed_groups) g = get_fixed<33>(r);
  }
  r.set_field("environment.random_seed");
  env.random_seed = get_fixed<16>(r);

  r.set_field("environment.contracts");
  env.contracts.resize(get_count(r, limits.max_list));
  for (vm::ContractInfo& c : env.contracts) {
    r.set_field("environment.contracts.hash");
    c.hash = get_fixed<20>(r);
    r.set_field("environment.contracts.id");
    c.id = get_i32(r);
    r.set_field("environment.contracts.nef");
    c.nef = get_bytes(r, limits.max_script);
    r.set_field("environment.contracts.manifest");
    c.manifest = get_string(r, limits.max_manifest);
  }

  r.set_field("environment.storage");
  env.storage.resize(get_count(r, limits.max_list));
  for (std::size_t i = 0; i < env.storage.size(); ++i) {
    vm::StorageEntry& e = env.storage[i];
    r.set_field("environment.storage.contract_id");
    e.contract_id = get_i32(r);
    r.set_field("environment.storage.key");
    e.key = get_bytes(r, limits.max_storage_key);
    r.set_field("environment.storage.value");
    e.value = get_bytes(r, limits.max_storage_value);
    // Canonical order, no duplicates: one encoding per storage state.
    if (r.ok() && i > 0) {
      const vm::StorageEntry& prev = env.storage[i - 1];
      if (!(prev.contract_id < e.contract_id || (prev.contract_id == e.contract_id && prev.key < e.key))) {
        r.set_field("environment.storage");
        r.fail("entries are not strictly sorted by (contract_id, key)");
      }
    }
  }
}

template <class T>
Decoded<T> finish(ByteReader& r, T&& value) {
  r.set_field("end of input");
  r.expect_end();
  Decoded<T> out;
  if (r.ok()) {
    out.value = std::move(value);
  } else {
    out.error = std::string(r.error_field()) + ": " + std::string(r.error());
    out.error_offset = r.error_offset();
  }
  return out;
}

}  // namespace

void encode(ByteWriter& w, const vm::ExecutionEnvironment& env) {
  w.u32(env.network);
  w.u8(env.address_version);
  w.u8(static_cast<std::uint8_t>(env.trigger));
  w.u32(env.block_index);
  w.u64(env.block_time_ms);
  w.u32(env.exec_fee_factor);
  w.u32(env.storage_price);
  put_fixed(w, env.container_hash);
  w.var_bytes(env.signable_data);
  w.var_uint(env.signers.size());
  for (const vm::Signer& s : env.signers) {
    put_fixed(w, s.account);
    w.u8(s.scopes);
    w.var_uint(s.allowed_contracts.size());
    for (const auto& c : s.allowed_contracts) put_fixed(w, c);
    w.var_uint(s.allowed_groups.size());
    for (const auto& g : s.allowed_groups) put_fixed(w, g);
  }
  put_fixed(w, env.random_seed);
  w.var_uint(env.contracts.size());
  for (const vm::ContractInfo& c : env.contracts) {
    put_fixed(w, c.hash);
    put_i32(w, c.id);
    w.var_bytes(c.nef);
    put_string(w, c.manifest);
  }
  w.var_uint(env.storage.size());
  for (const vm::StorageEntry& e : env.storage) {
    put_i32(w, e.contract_id);
    w.var_bytes(e.key);
    w.var_bytes(e.value);
  }
}

std::vector<std::uint8_t> encode(const ProofInput& input) {
  ByteWriter w;
  w.u8(kProofInputVersion);
  w.u8(static_cast<std::uint8_t>(input.kind));
  w.var_bytes(input.script);
  put_string(w, input.manifest);
  put_string(w, input.method);
  w.var_uint(input.arguments.size());
  for (const StackValue& a : input.arguments) encode(w, a);
  w.u64(input.gas_limit);
  encode(w, input.environment);
  return w.take();
}

Decoded<ProofInput> decode_proof_input(std::span<const std::uint8_t> bytes, const ProofIoLimits& limits) {
  ByteReader r(bytes);
  ProofInput in;
  r.set_field("version");
  if (r.u8() != kProofInputVersion && r.ok()) r.fail("unknown ProofInput format version");
  r.set_field("kind");
  const std::uint8_t kind = r.u8();
  if (r.ok() && kind > 1) r.fail("unknown program kind");
  in.kind = static_cast<ProgramKind>(kind);
  r.set_field("script");
  in.script = get_bytes(r, limits.max_script);
  r.set_field("manifest");
  in.manifest = get_string(r, limits.max_manifest);
  r.set_field("method");
  in.method = get_string(r, limits.max_name);
  if (r.ok() && in.kind == ProgramKind::Script && (!in.manifest.empty() || !in.method.empty())) {
    r.fail("a raw script takes no manifest or method");
  }
  if (r.ok() && in.kind == ProgramKind::Contract && in.method.empty()) r.fail("a contract call needs a method");
  r.set_field("arguments");
  in.arguments.resize(get_count(r, limits.max_list));
  for (StackValue& a : in.arguments) {
    if (!decode(r, a, limits.values)) break;
  }
  r.set_field("gas_limit");
  in.gas_limit = r.u64();
  decode_environment(r, in.environment, limits);
  return finish(r, std::move(in));
}

std::vector<std::uint8_t> encode(const ProofOutput& out) {
  ByteWriter w;
  w.u8(kProofOutputVersion);
  w.u8(static_cast<std::uint8_t>(out.state));
  put_string(w, out.fault_reason);
  w.var_uint(out.result_stack.size());
  for (const StackValue& v : out.result_stack) encode(w, v);
  w.u64(out.gas_consumed);
  w.var_uint(out.notifications.size());
  for (const Notification& n : out.notifications) {
    put_fixed(w, n.script_hash);
    put_string(w, n.event_name);
    encode(w, n.state);
  }
  w.var_uint(out.logs.size());
  for (const LogEntry& l : out.logs) {
    put_fixed(w, l.script_hash);
    put_string(w, l.message);
  }
  put_fixed(w, out.storage_root_before);
  put_fixed(w, out.storage_root_after);
  w.var_uint(out.storage_changes.size());
  for (const StorageChange& c : out.storage_changes) {
    put_i32(w, c.contract_id);
    w.var_bytes(c.key);
    w.u8(static_cast<std::uint8_t>(c.kind));
    w.var_bytes(c.value);
  }
  return w.take();
}

Decoded<ProofOutput> decode_proof_output(std::span<const std::uint8_t> bytes, const ProofIoLimits& limits) {
  ByteReader r(bytes);
  ProofOutput out;
  r.set_field("version");
  if (r.u8() != kProofOutputVersion && r.ok()) r.fail("unknown ProofOutput format version");
  r.set_field("state");
  const std::uint8_t state = r.u8();
  if (r.ok() && state != 1 && state != 2) r.fail("VM state is neither HALT nor FAULT");
  out.state = static_cast<VmState>(state);
  r.set_field("fault_reason");
  out.fault_reason = get_string(r, limits.max_message);
  if (r.ok() && (out.state == VmState::Halt) != out.fault_reason.empty()) {
    r.fail("a fault reason is given exactly when the state is FAULT");
  }
  r.set_field("result_stack");
  out.result_stack.resize(get_count(r, limits.max_list));
  for (StackValue& v : out.result_stack) {
    if (!decode(r, v, limits.values)) break;
  }
  r.set_field("gas_consumed");
  out.gas_consumed = r.u64();
  r.set_field("notifications");
  out.notifications.resize(get_count(r, limits.max_list));
  for (Notification& n : out.notifications) {
    r.set_field("notifications.script_hash");
    n.script_hash = get_fixed<20>(r);
    r.set_field("notifications.event_name");
    n.event_name = get_string(r, limits.max_name);
    r.set_field("notifications.state");
    if (!decode(r, n.state, limits.values)) break;
    if (n.state.type != StackItemType::Array) r.fail("notification state is not an Array");
  }
  r.set_field("logs");
  out.logs.resize(get_count(r, limits.max_list));
  for (LogEntry& l : out.logs) {
    r.set_field("logs.script_hash");
    l.script_hash = get_fixed<20>(r);
    r.set_field("logs.message");
    l.message = get_string(r, limits.max_message);
  }
  r.set_field("storage_root_before");
  out.storage_root_before = get_fixed<32>(r);
  r.set_field("storage_root_after");
  out.storage_root_after = get_fixed<32>(r);
  r.set_field("storage_changes");
  out.storage_changes.resize(get_count(r, limits.max_list));
  for (std::size_t i = 0; i < out.storage_changes.size() && r.ok(); ++i) {
    StorageChange& c = out.storage_changes[i];
    r.set_field("storage_changes.contract_id");
    c.contract_id = get_i32(r);
    r.set_field("storage_changes.key");
    c.key = get_bytes(r, limits.max_storage_key);
    r.set_field("storage_changes.kind");
    const std::uint8_t kind = r.u8();
    if (r.ok() && kind > 2) r.fail("unknown storage change kind");
    c.kind = static_cast<StorageChangeKind>(kind);
    r.set_field("storage_changes.value");
    c.value = get_bytes(r, limits.max_storage_value);
    if (r.ok() && c.kind == StorageChangeKind::Deleted && !c.value.empty()) r.fail("a deletion carries no value");
    if (r.ok() && i > 0) {
      const StorageChange& prev = out.storage_changes[i - 1];
      if (!(prev.contract_id < c.contract_id || (prev.contract_id == c.contract_id && prev.key < c.key))) {
        r.set_field("storage_changes");
        r.fail("changes are not strictly sorted by (contract_id, key)");
      }
    }
  }
  return finish(r, std::move(out));
}

}  // namespace neo::guest
