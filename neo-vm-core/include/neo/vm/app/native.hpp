// Neo N3's native contracts as the application layer sees them: a constant table of every native contract
// (name, id, hash from ../shared/neo/native_contracts.tsv) with the methods of those this project implements
// (StdLib and CryptoLib, from native_methods.tsv), and `invoke`, which runs one method's semantics.
//
// Division of work with the caller (System.Contract.Call, CALLT, System.Contract.CallNative in
// application_engine.cpp): the caller finds the method, checks its required call flags and charges
// cpu_fee x exec fee factor (+ storage_fee x storage price); invoke() converts the arguments as the
// reference's InteropParameterDescriptor does and computes the result.
//
// Every hardfork up to HF_Faun is active, so each method has its newest version only (verifyWithECDsa with
// a NamedCurveHash, verifyWithEd25519 throwing on bad sizes, hexEncode / hexDecode present).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "neo/vm/app/application_engine.hpp"
#include "neo/vm/app/manifest.hpp"
#include "neo/vm/environment.hpp"
#include "neo/vm/stack_item.hpp"

namespace neo::vm::app::native {

struct NativeParameter {
  std::string_view name;
  ParameterType type = ParameterType::Any;
};

// One method of a native contract (the reference's ContractMethodMetadata). Methods of a contract are listed
// in the order of its manifest (names ordinal, then parameter count), which is also the order of the
// per-method stubs of its script: method i's stub (PUSH0 SYSCALL System.Contract.CallNative RET, 7 bytes)
// starts at offset 7 * i.
struct NativeMethod {
  std::string_view name;
  std::uint8_t parameter_count = 0;
  bool has_return = true;  // false for Void methods: invoke() leaves result unset
  ParameterType return_type = ParameterType::Void;
  std::uint64_t cpu_fee = 0;      // multiplied by the exec fee factor
  std::uint64_t storage_fee = 0;  // multiplied by the storage price
  std::uint8_t required_call_flags = call_flags::kNone;
  bool safe = true;  // (required_call_flags & ~ReadOnly) == 0, as the reference derives it
  std::span<const NativeParameter> parameters;  // parameter_count entries
  std::uint16_t dispatch = 0;  // internal: which implementation runs (0 = none in this project)
};

struct NativeContract {
  std::string_view name;
  std::int32_t id = 0;
  UInt160 hash{};  // little-endian, as UInt160 is stored ("0x..." strings print it reversed)
  std::span<const NativeMethod> methods;
};

// Limits of StdLib (the reference's constants).
inline constexpr std::uint32_t kMaxInputLength = 1024;  // [MaxLength] of string / byte[] parameters
inline constexpr std::uint32_t kJsonMaxDepth = 10;      // jsonDeserialize's JToken.Parse depth

// NamedCurveHash of CryptoLib.verifyWithECDsa.
enum class NamedCurveHash : std::uint8_t {
  kSecp256k1Sha256 = 22,
  kSecp256r1Sha256 = 23,
  kSecp256k1Keccak256 = 122,
  kSecp256r1Keccak256 = 123,
};

// Every native contract, in id order (-1 ContractManagement first).
std::span<const NativeContract> contracts() noexcept;
const NativeContract* find(const UInt160& hash) noexcept;
const NativeContract* find_by_name(std::string_view name) noexcept;
// The method with this name and parameter count (a negative count matches the first method with the name).
const NativeMethod* find_method(const NativeContract& contract, std::string_view name,
                                std::int32_t parameter_count) noexcept;
// Index of `method` in contract.methods (precondition: it belongs to the contract).
inline std::size_t method_index(const NativeContract& contract, const NativeMethod& method) noexcept {
  return static_cast<std::size_t>(&method - contract.methods.data());
}

// Runs a method. args are in parameter order (args[0] is the first parameter) and must have
// parameter_count items. On success returns true with `result` set (left as is for Void methods). On error
// faults the engine with a reason (Engine::fault) and returns false; methods of contracts other than StdLib
// and CryptoLib fault "<Contract>.<method> is not supported". Compound results (Array, Map) are allocated in
// the engine's arena.
bool invoke(ApplicationEngine& engine, const NativeContract& contract, const NativeMethod& method,
            std::span<const StackItem> args, StackItem& result);

}  // namespace neo::vm::app::native
