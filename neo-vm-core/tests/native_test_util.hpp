// Helpers of the native contract tests (native_*_test.cpp): invoke a method directly on a fresh
// ApplicationEngine and read the result.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app_test_util.hpp"
#include "neo/vm/app/native.hpp"

namespace neo::vm::app::native::test {

struct Invocation {
  std::unique_ptr<ApplicationEngine> app;  // declared first: the result's compounds live in its arena
  StackItem result;
  bool ok = false;
  std::string reason;

  Engine& engine() { return app->engine(); }

  std::string text() const {
    ByteScratch scratch;
    std::span<const std::uint8_t> bytes;
    if (!get_span(result, scratch, bytes)) return "<not bytes>";
    return std::string(bytes.begin(), bytes.end());
  }
  std::vector<std::uint8_t> bytes() const {
    ByteScratch scratch;
    std::span<const std::uint8_t> b;
    if (!get_span(result, scratch, b)) return {};
    return {b.begin(), b.end()};
  }
  std::int64_t integer() const {
    Integer v;
    if (!get_integer(result, v) || !v.fits_int64()) return INT64_MIN;
    return v.to_int64();
  }
};

inline std::unique_ptr<ApplicationEngine> new_engine(const crypto::CryptoBackend* backend = nullptr) {
  return std::make_unique<ApplicationEngine>(app::test::test_env(), kTestModeGas, backend);
}

inline StackItem str(std::string_view s) {
  return StackItem::byte_string({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
}
inline StackItem bytes(const std::vector<std::uint8_t>& b) { return StackItem::byte_string(b); }
inline StackItem num(std::int64_t v) { return StackItem::integer(v); }

// Invokes contract.method with args on `inv.app` (created when absent); the method is found by name and
// argument count.
inline Invocation& run(Invocation& inv, std::string_view contract, std::string_view method,
                       const std::vector<StackItem>& args) {
  if (!inv.app) inv.app = new_engine();
  const NativeContract* c = find_by_name(contract);
  REQUIRE(c != nullptr);
  const NativeMethod* m = find_method(*c, method, static_cast<std::int32_t>(args.size()));
  INFO(contract << "." << method << "/" << args.size());
  REQUIRE(m != nullptr);
  inv.ok = invoke(*inv.app, *c, *m, args, inv.result);
  inv.reason = std::string(inv.app->engine().fault_reason());
  // A failed call faults the engine; a successful one leaves it untouched.
  CHECK(inv.ok == (inv.app->engine().state() != VMState::Fault));
  if (!inv.ok) CHECK_FALSE(inv.reason.empty());
  return inv;
}

inline Invocation call(std::string_view contract, std::string_view method, const std::vector<StackItem>& args,
                       const crypto::CryptoBackend* backend = nullptr) {
  Invocation inv;
  inv.app = new_engine(backend);
  run(inv, contract, method, args);
  return inv;
}

inline Invocation stdlib(std::string_view method, const std::vector<StackItem>& args) {
  return call("StdLib", method, args);
}

}  // namespace neo::vm::app::native::test
