// Signature verification throughput of the two crypto backends: ECDSA verifications per second on
// secp256r1 and secp256k1, secp256k1 key recoveries per second and Ed25519 verifications per second, each for
// the portable backend (the code the rv32im guest runs) and the host backend (Crypto++ / libsecp256k1).
// Rates are per CPU second of the benchmark thread.
#include <benchmark/benchmark.h>

#include <cryptopp/eccrypto.h>
#include <cryptopp/oids.h>
#include <cryptopp/osrng.h>
#include <cryptopp/sha.h>
#include <cryptopp/xed25519.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <array>
#include <cstdint>
#include <vector>

#include "neo/vm/crypto/host.hpp"
#include "neo/vm/crypto/portable.hpp"

namespace {

using neo::vm::crypto::CryptoBackend;
using neo::vm::crypto::EcCurve;
using Bytes = std::vector<std::uint8_t>;

struct EcdsaFixture {
  Bytes digest, public_key, signature, recoverable;  // recoverable = r || s || v (secp256k1 only)
};

const Bytes kMessage = {'n', 'e', 'o', '-', 'z', 'k', 'v', 'm'};

EcdsaFixture make_r1() {
  CryptoPP::AutoSeededRandomPool pool;
  CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::SHA256>::PrivateKey secret;
  secret.Initialize(pool, CryptoPP::ASN1::secp256r1());
  CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::SHA256>::PublicKey key;
  secret.MakePublicKey(key);
  EcdsaFixture f;
  f.public_key.assign(33, 0);
  f.public_key[0] = key.GetPublicElement().y.IsOdd() ? 0x03 : 0x02;
  key.GetPublicElement().x.Encode(f.public_key.data() + 1, 32);
  f.signature.resize(64);
  CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::SHA256>::Signer signer(secret);
  signer.SignMessage(pool, kMessage.data(), kMessage.size(), f.signature.data());
  const auto digest = neo::vm::crypto::host_backend().sha256(kMessage);
  f.digest.assign(digest.begin(), digest.end());
  return f;
}

EcdsaFixture make_k1() {
  secp256k1_context* context = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  const std::array<std::uint8_t, 32> secret = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                                               12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                                               23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
  EcdsaFixture f;
  const auto digest = neo::vm::crypto::host_backend().sha256(kMessage);
  f.digest.assign(digest.begin(), digest.end());
  secp256k1_pubkey key;
  secp256k1_ecdsa_recoverable_signature signature;
  // A failure leaves the fixture empty, which the benchmarks report as "fixture invalid".
  if (secp256k1_ec_pubkey_create(context, &key, secret.data()) != 1 ||
      secp256k1_ecdsa_sign_recoverable(context, &signature, digest.data(), secret.data(), nullptr, nullptr) !=
          1) {
    secp256k1_context_destroy(context);
    return f;
  }
  f.public_key.resize(33);
  std::size_t length = 33;
  secp256k1_ec_pubkey_serialize(context, f.public_key.data(), &length, &key, SECP256K1_EC_COMPRESSED);
  f.recoverable.resize(65);
  int recovery_id = 0;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(context, f.recoverable.data(), &recovery_id,
                                                          &signature);
  f.recoverable[64] = static_cast<std::uint8_t>(recovery_id);
  f.signature.assign(f.recoverable.begin(), f.recoverable.begin() + 64);
  secp256k1_context_destroy(context);
  return f;
}

const CryptoBackend& backend(int index) {
  return index == 0 ? neo::vm::crypto::portable_backend() : neo::vm::crypto::host_backend();
}

void BM_EcdsaVerify(benchmark::State& state) {
  const CryptoBackend& b = backend(static_cast<int>(state.range(0)));
  const EcCurve curve = state.range(1) == 0 ? EcCurve::kSecp256r1 : EcCurve::kSecp256k1;
  const EcdsaFixture f = curve == EcCurve::kSecp256r1 ? make_r1() : make_k1();
  if (!b.verify_ecdsa_digest(curve, f.digest, f.public_key, f.signature))
    state.SkipWithError("fixture invalid");
  for (auto _ : state) {
    benchmark::DoNotOptimize(b.verify_ecdsa_digest(curve, f.digest, f.public_key, f.signature));
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::string(b.name()) + (curve == EcCurve::kSecp256r1 ? " secp256r1" : " secp256k1"));
}
BENCHMARK(BM_EcdsaVerify)
    ->ArgsProduct({{0, 1}, {0, 1}})
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMicrosecond);

void BM_RecoverSecp256k1(benchmark::State& state) {
  const CryptoBackend& b = backend(static_cast<int>(state.range(0)));
  const EcdsaFixture f = make_k1();
  const auto recovered = b.recover_secp256k1(f.digest, f.recoverable);
  if (!recovered || Bytes(recovered->begin(), recovered->end()) != f.public_key)
    state.SkipWithError("fixture invalid");
  for (auto _ : state) benchmark::DoNotOptimize(b.recover_secp256k1(f.digest, f.recoverable));
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::string(b.name()));
}
BENCHMARK(BM_RecoverSecp256k1)->Arg(0)->Arg(1)->MeasureProcessCPUTime()->Unit(benchmark::kMicrosecond);

void BM_Ed25519Verify(benchmark::State& state) {
  const CryptoBackend& b = backend(static_cast<int>(state.range(0)));
  CryptoPP::AutoSeededRandomPool pool;
  CryptoPP::ed25519Signer signer;
  signer.AccessPrivateKey().GenerateRandom(pool, CryptoPP::g_nullNameValuePairs);
  const CryptoPP::ed25519Verifier verifier(signer);
  const auto& key = static_cast<const CryptoPP::ed25519PublicKey&>(verifier.GetPublicKey());
  const Bytes public_key(key.GetPublicKeyBytePtr(), key.GetPublicKeyBytePtr() + 32);
  Bytes signature(64);
  signer.SignMessage(pool, kMessage.data(), kMessage.size(), signature.data());
  if (!b.verify_ed25519(kMessage, public_key, signature)) state.SkipWithError("fixture invalid");
  for (auto _ : state) benchmark::DoNotOptimize(b.verify_ed25519(kMessage, public_key, signature));
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::string(b.name()));
}
BENCHMARK(BM_Ed25519Verify)->Arg(0)->Arg(1)->MeasureProcessCPUTime()->Unit(benchmark::kMicrosecond);

void BM_Hash1KiB(benchmark::State& state) {
  const CryptoBackend& b = backend(static_cast<int>(state.range(0)));
  const Bytes data(1024, 0x5a);
  for (auto _ : state) {
    switch (state.range(1)) {
      case 0:
        benchmark::DoNotOptimize(b.sha256(data));
        break;
      case 1:
        benchmark::DoNotOptimize(b.ripemd160(data));
        break;
      default:
        benchmark::DoNotOptimize(b.keccak256(data));
        break;
    }
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(data.size()));
  static const char* const kNames[] = {" sha256", " ripemd160", " keccak256"};
  state.SetLabel(std::string(b.name()) + kNames[state.range(1)]);
}
BENCHMARK(BM_Hash1KiB)->ArgsProduct({{0, 1}, {0, 1, 2}})->MeasureProcessCPUTime();

}  // namespace
