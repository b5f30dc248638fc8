// Helpers shared by the application-layer tests (app_*_test.cpp): environments, scripts that call services,
// fee arithmetic, hex.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "neo/vm/app/application_engine.hpp"
#include "neo/vm/assembly/syscalls.hpp"
#include "neo/vm/crypto/hashes.hpp"
#include "neo/vm/crypto/portable.hpp"
#include "neo/vm/crypto/sha256.hpp"
#include "neo/vm/opcode.hpp"
#include "neo/vm/script_builder.hpp"

namespace neo::vm::app::test {

inline std::vector<std::uint8_t> from_hex(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
  };
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
  return out;
}

template <class Bytes>
std::string to_hex(const Bytes& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (const std::uint8_t b : bytes) {
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return s;
}

inline std::uint32_t sid(std::string_view name) { return assembly::syscall_id(name); }

inline const assembly::SyscallDescriptor& service(std::string_view name) {
  return *assembly::find_syscall(name);
}

// RIPEMD160(SHA256(bytes)) computed with the free hash functions (independently of the engine's backend
// path).
inline UInt160 hash160(std::span<const std::uint8_t> bytes) {
  const auto inner = crypto::sha256(bytes);
  return crypto::ripemd160(inner);
}

inline UInt160 make_hash(std::uint8_t fill) {
  UInt160 h{};
  for (std::size_t i = 0; i < h.size(); ++i) h[i] = static_cast<std::uint8_t>(fill + i);
  return h;
}

inline ExecutionEnvironment test_env() {
  ExecutionEnvironment env;
  env.network = 894710606;  // N3 TestNet magic
  env.address_version = 0x35;
  env.block_time_ms = 1700000000123ULL;
  env.exec_fee_factor = 30;
  env.storage_price = 100000;
  for (std::size_t i = 0; i < env.container_hash.size(); ++i)
    env.container_hash[i] = static_cast<std::uint8_t>(0xA0 + i);
  for (std::size_t i = 0; i < env.random_seed.size(); ++i)
    env.random_seed[i] = static_cast<std::uint8_t>(i * 7 + 1);
  return env;
}

// Sum of the opcode fees of a straight-line script (every instruction runs once, then the implicit RET).
inline std::uint64_t opcode_fees(std::span<const std::uint8_t> script, std::uint32_t factor) {
  std::uint64_t total = 0;
  std::uint32_t pos = 0;
  while (pos < script.size()) {
    Instruction ins;
    if (decode_instruction(script, pos, ins) != DecodeStatus::Ok) return UINT64_MAX;
    total += static_cast<std::uint64_t>(kOpCodeTable[static_cast<std::uint8_t>(ins.opcode)].price) * factor;
    pos += ins.size;
  }
  return total +
         static_cast<std::uint64_t>(kOpCodeTable[static_cast<std::uint8_t>(OpCode::RET)].price) * factor;
}

struct AppRun {
  std::unique_ptr<ApplicationEngine> app;
  VMState state = VMState::None;
  std::vector<std::uint8_t> script;

  Engine& engine() { return app->engine(); }
  const std::vector<StackItem>& result() { return app->engine().result_stack(); }
  std::string reason() { return std::string(app->engine().fault_reason()); }
  std::uint64_t gas() { return app->gas_consumed(); }
  std::int64_t top_int() {
    Integer v;
    if (result().empty() || !get_integer(result().back(), v) || !v.fits_int64()) return INT64_MIN;
    return v.to_int64();
  }
  bool top_bool() {
    bool b = false;
    return !result().empty() && get_boolean(result().back(), b) && b;
  }
  std::vector<std::uint8_t> top_bytes() {
    if (result().empty()) return {};
    ByteScratch scratch;
    std::span<const std::uint8_t> bytes;
    if (!get_span(result().back(), scratch, bytes)) return {};
    return {bytes.begin(), bytes.end()};
  }
};

// Runs `script` as the entry (dynamic) script.
inline AppRun run_entry(const ExecutionEnvironment& env, const std::vector<std::uint8_t>& script,
                        std::uint64_t gas_limit = kTestModeGas) {
  AppRun r;
  r.app = std::make_unique<ApplicationEngine>(env, gas_limit);
  r.script = script;
  r.app->load_entry_script(script);
  r.state = r.app->execute();
  return r;
}

inline ContractDescriptor test_contract(std::int32_t id = 7) {
  ContractDescriptor c;
  c.hash = make_hash(0x30);
  c.id = id;
  return c;
}

// Runs `script` as a contract's code (offset 0) with the given call flags; `setup` may adjust the engine
// (register more contracts) before the contract is loaded.
template <class Setup>
AppRun run_contract(const ExecutionEnvironment& env, const ContractDescriptor& contract,
                    const std::vector<std::uint8_t>& script, std::uint8_t flags, Setup setup) {
  AppRun r;
  r.app = std::make_unique<ApplicationEngine>(env);
  r.script = script;
  setup(*r.app);
  const ContractDescriptor& c = r.app->add_contract(contract);
  r.app->load_contract_script(c, script, 0, flags);
  r.state = r.app->execute();
  return r;
}

inline AppRun run_contract(const ExecutionEnvironment& env, const ContractDescriptor& contract,
                           const std::vector<std::uint8_t>& script, std::uint8_t flags = call_flags::kAll) {
  return run_contract(env, contract, script, flags, [](ApplicationEngine&) {});
}

}  // namespace neo::vm::app::test
