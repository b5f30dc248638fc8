// The native contract table (hashes and ids of ../shared/neo/native_contracts.tsv, methods and fees of
// native_methods.tsv) and the dispatch of invoke().
#include <algorithm>
#include <array>
#include <cstring>

#include "native_internal.hpp"
#include "neo/vm/app/native.hpp"

namespace neo::vm::app::native {

namespace {

using detail::Dispatch;
using PT = ParameterType;

// Parameter lists, shared between methods with the same parameters (names as in the reference's C#).
constexpr NativeParameter kItem[] = {{"item", PT::Any}};
constexpr NativeParameter kData[] = {{"data", PT::ByteArray}};
constexpr NativeParameter kDataString[] = {{"data", PT::String}};
constexpr NativeParameter kJson[] = {{"json", PT::ByteArray}};
constexpr NativeParameter kS[] = {{"s", PT::String}};
constexpr NativeParameter kValueInt[] = {{"value", PT::Integer}, {"base", PT::Integer}};
constexpr NativeParameter kValueString[] = {{"value", PT::String}, {"base", PT::Integer}};
constexpr NativeParameter kBytes[] = {{"bytes", PT::ByteArray}};
constexpr NativeParameter kStr[] = {{"str", PT::String}};
constexpr NativeParameter kMemoryCompare[] = {{"str1", PT::ByteArray}, {"str2", PT::ByteArray}};
constexpr NativeParameter kMemorySearch[] = {
    {"mem", PT::ByteArray}, {"value", PT::ByteArray}, {"start", PT::Integer}, {"backward", PT::Boolean}};
constexpr NativeParameter kStringSplit[] = {
    {"str", PT::String}, {"separator", PT::String}, {"removeEmptyEntries", PT::Boolean}};
constexpr NativeParameter kMurmur32[] = {{"data", PT::ByteArray}, {"seed", PT::Integer}};
constexpr NativeParameter kRecover[] = {{"messageHash", PT::ByteArray}, {"signature", PT::ByteArray}};
constexpr NativeParameter kVerifyEcdsa[] = {{"message", PT::ByteArray},
                                            {"pubkey", PT::ByteArray},
                                            {"signature", PT::ByteArray},
                                            {"curveHash", PT::Integer}};
constexpr NativeParameter kVerifyEd25519[] = {
    {"message", PT::ByteArray}, {"pubkey", PT::ByteArray}, {"signature", PT::ByteArray}};
constexpr NativeParameter kBlsG[] = {{"g", PT::InteropInterface}};
constexpr NativeParameter kBlsXY[] = {{"x", PT::InteropInterface}, {"y", PT::InteropInterface}};
constexpr NativeParameter kBlsMul[] = {
    {"x", PT::InteropInterface}, {"mul", PT::ByteArray}, {"neg", PT::Boolean}};
constexpr NativeParameter kBlsPairing[] = {{"g1", PT::InteropInterface}, {"g2", PT::InteropInterface}};

constexpr NativeMethod method(std::string_view name, std::span<const NativeParameter> params,
                              std::uint8_t count, PT returns, std::uint64_t cpu_fee, std::uint16_t dispatch) {
  NativeMethod m;
  m.name = name;
  m.parameter_count = count;
  m.has_return = returns != PT::Void;
  m.return_type = returns;
  m.cpu_fee = cpu_fee;
  m.storage_fee = 0;
  m.required_call_flags = call_flags::kNone;
  m.safe = true;
  m.parameters = params.first(count);
  m.dispatch = dispatch;
  return m;
}

// In manifest order: names compared ordinally, then parameter count (NativeContract's OrderBy / ThenBy).
constexpr NativeMethod kStdLibMethods[] = {
    method("atoi", kValueString, 1, PT::Integer, 1 << 6, detail::kAtoi),
    method("atoi", kValueString, 2, PT::Integer, 1 << 6, detail::kAtoi),
    method("base58CheckDecode", kS, 1, PT::ByteArray, 1 << 16, detail::kBase58CheckDecode),
    method("base58CheckEncode", kData, 1, PT::String, 1 << 16, detail::kBase58CheckEncode),
    method("base58Decode", kS, 1, PT::ByteArray, 1 << 10, detail::kBase58Decode),
    method("base58Encode", kData, 1, PT::String, 1 << 13, detail::kBase58Encode),
    method("base64Decode", kS, 1, PT::ByteArray, 1 << 5, detail::kBase64Decode),
    method("base64Encode", kData, 1, PT::String, 1 << 5, detail::kBase64Encode),
    method("base64UrlDecode", kS, 1, PT::String, 1 << 5, detail::kBase64UrlDecode),
    method("base64UrlEncode", kDataString, 1, PT::String, 1 << 5, detail::kBase64UrlEncode),
    method("deserialize", kData, 1, PT::Any, 1 << 14, detail::kDeserialize),
    method("hexDecode", kStr, 1, PT::ByteArray, 1 << 5, detail::kHexDecode),
    method("hexEncode", kBytes, 1, PT::String, 1 << 5, detail::kHexEncode),
    method("itoa", kValueInt, 1, PT::String, 1 << 12, detail::kItoa),
    method("itoa", kValueInt, 2, PT::String, 1 << 12, detail::kItoa),
    method("jsonDeserialize", kJson, 1, PT::Any, 1 << 14, detail::kJsonDeserialize),
    method("jsonSerialize", kItem, 1, PT::ByteArray, 1 << 12, detail::kJsonSerialize),
    method("memoryCompare", kMemoryCompare, 2, PT::Integer, 1 << 5, detail::kMemoryCompare),
    method("memorySearch", kMemorySearch, 2, PT::Integer, 1 << 6, detail::kMemorySearch),
    method("memorySearch", kMemorySearch, 3, PT::Integer, 1 << 6, detail::kMemorySearch),
    method("memorySearch", kMemorySearch, 4, PT::Integer, 1 << 6, detail::kMemorySearch),
    method("serialize", kItem, 1, PT::ByteArray, 1 << 12, detail::kSerialize),
    method("strLen", kStr, 1, PT::Integer, 1 << 8, detail::kStrLen),
    method("stringSplit", kStringSplit, 2, PT::Array, 1 << 8, detail::kStringSplit),
    method("stringSplit", kStringSplit, 3, PT::Array, 1 << 8, detail::kStringSplit),
};

constexpr NativeMethod kCryptoLibMethods[] = {
    method("bls12381Add", kBlsXY, 2, PT::InteropInterface, 1 << 19, detail::kUnsupported),
    method("bls12381Deserialize", kData, 1, PT::InteropInterface, 1 << 19, detail::kUnsupported),
    method("bls12381Equal", kBlsXY, 2, PT::Boolean, 1 << 5, detail::kUnsupported),
    method("bls12381Mul", kBlsMul, 3, PT::InteropInterface, 1 << 21, detail::kUnsupported),
    method("bls12381Pairing", kBlsPairing, 2, PT::InteropInterface, 1 << 23, detail::kUnsupported),
    method("bls12381Serialize", kBlsG, 1, PT::ByteArray, 1 << 19, detail::kUnsupported),
    method("keccak256", kData, 1, PT::ByteArray, 1 << 15, detail::kKeccak256),
    method("murmur32", kMurmur32, 2, PT::ByteArray, 1 << 13, detail::kMurmur32),
    method("recoverSecp256K1", kRecover, 2, PT::ByteArray, 1 << 15, detail::kRecoverSecp256K1),
    method("ripemd160", kData, 1, PT::ByteArray, 1 << 15, detail::kRipemd160),
    method("sha256", kData, 1, PT::ByteArray, 1 << 15, detail::kSha256),
    method("verifyWithECDsa", kVerifyEcdsa, 4, PT::Boolean, 1 << 15, detail::kVerifyWithECDsa),
    method("verifyWithEd25519", kVerifyEd25519, 3, PT::Boolean, 1 << 15, detail::kVerifyWithEd25519),
};

constexpr NativeContract contract(std::string_view name, std::int32_t id, UInt160 hash,
                                  std::span<const NativeMethod> methods = {}) {
  NativeContract c;
  c.name = name;
  c.id = id;
  c.hash = hash;
  c.methods = methods;
  return c;
}

// Hashes are little-endian (the reverse of the "0x..." form of the TSV); each is GetContractHash(zero
// sender, checksum 0, name), which the tests recompute.
constexpr NativeContract kContracts[] = {
    contract("ContractManagement", -1, {0xfd, 0xa3, 0xfa, 0x43, 0x46, 0xea, 0x53, 0x2a, 0x25, 0x8f,
                                        0xc4, 0x97, 0xdd, 0xad, 0xdb, 0x64, 0x37, 0xc9, 0xfd, 0xff}),
    contract("StdLib", -2, {0xc0, 0xef, 0x39, 0xce, 0xe0, 0xe4, 0xe9, 0x25, 0xc6, 0xc2,
                            0xa0, 0x6a, 0x79, 0xe1, 0x44, 0x0d, 0xd8, 0x6f, 0xce, 0xac},
             kStdLibMethods),
    contract("CryptoLib", -3, {0x1b, 0xf5, 0x75, 0xab, 0x11, 0x89, 0x68, 0x84, 0x13, 0x61,
                               0x0a, 0x35, 0xa1, 0x28, 0x86, 0xcd, 0xe0, 0xb6, 0x6c, 0x72},
             kCryptoLibMethods),
    contract("LedgerContract", -4, {0xbe, 0xf2, 0x04, 0x31, 0x40, 0x36, 0x2a, 0x77, 0xc1, 0x50,
                                    0x99, 0xc7, 0xe6, 0x4c, 0x12, 0xf7, 0x00, 0xb6, 0x65, 0xda}),
    contract("NeoToken", -5, {0xf5, 0x63, 0xea, 0x40, 0xbc, 0x28, 0x3d, 0x4d, 0x0e, 0x05,
                              0xc4, 0x8e, 0xa3, 0x05, 0xb3, 0xf2, 0xa0, 0x73, 0x40, 0xef}),
    contract("GasToken", -6, {0xcf, 0x76, 0xe2, 0x8b, 0xd0, 0x06, 0x2c, 0x4a, 0x47, 0x8e,
                              0xe3, 0x55, 0x61, 0x01, 0x13, 0x19, 0xf3, 0xcf, 0xa4, 0xd2}),
    contract("PolicyContract", -7, {0x7b, 0xc6, 0x81, 0xc0, 0xa1, 0xf7, 0x1d, 0x54, 0x34, 0x57,
                                    0xb6, 0x8b, 0xba, 0x8d, 0x5f, 0x9f, 0xdd, 0x4e, 0x5e, 0xcc}),
    contract("RoleManagement", -8, {0xe2, 0x95, 0xe3, 0x91, 0x54, 0x4c, 0x17, 0x8a, 0xd9, 0x4f,
                                    0x03, 0xec, 0x4d, 0xcd, 0xff, 0x78, 0x53, 0x4e, 0xcf, 0x49}),
    contract("OracleContract", -9, {0x58, 0x87, 0x17, 0x11, 0x7e, 0x0a, 0xa8, 0x10, 0x72, 0xaf,
                                    0xab, 0x71, 0xd2, 0xdd, 0x89, 0xfe, 0x7c, 0x4b, 0x92, 0xfe}),
    contract("Notary", -10, {0x3b, 0xec, 0x35, 0x31, 0x11, 0x9b, 0xba, 0xd7, 0x6d, 0xd0,
                             0x44, 0x92, 0x0b, 0x0d, 0xe6, 0xc3, 0x19, 0x4f, 0xe1, 0xc1}),
    contract("Treasury", -11, {0xc1, 0x3a, 0x56, 0xc9, 0x83, 0x53, 0xa7, 0xea, 0x6a, 0x32,
                               0x4d, 0x9a, 0x83, 0x5d, 0x1b, 0x5b, 0xf2, 0x26, 0x63, 0x15}),
};

}  // namespace

std::span<const NativeContract> contracts() noexcept { return kContracts; }

const NativeContract* find(const UInt160& hash) noexcept {
  for (const NativeContract& c : kContracts)
    if (c.hash == hash) return &c;
  return nullptr;
}

const NativeContract* find_by_name(std::string_view name) noexcept {
  for (const NativeContract& c : kContracts)
    if (c.name == name) return &c;
  return nullptr;
}

const NativeMethod* find_method(const NativeContract& contract, std::string_view name,
                                std::int32_t parameter_count) noexcept {
  for (const NativeMethod& m : contract.methods)
    if (m.name == name && (parameter_count < 0 || m.parameter_count == parameter_count)) return &m;
  return nullptr;
}

bool invoke(ApplicationEngine& engine, const NativeContract& contract, const NativeMethod& method,
            std::span<const StackItem> args, StackItem& result) {
  const detail::Call call{engine, contract, method, args};
  if (args.size() != method.parameter_count) {
    detail::Reason r(contract, method);
    r << ": expects " << static_cast<std::int64_t>(method.parameter_count) << " arguments, got "
      << static_cast<std::int64_t>(args.size());
    return engine.engine().fault(r.view());
  }
  if (method.dispatch != detail::kUnsupported) {
    if (contract.id == -2) return detail::invoke_stdlib(call, result);
    if (contract.id == -3) return detail::invoke_cryptolib(call, result);
  }
  detail::Reason r(contract, method);
  r << " is not supported";
  return engine.engine().fault(r.view());
}

}  // namespace neo::vm::app::native
