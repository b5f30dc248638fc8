#include "modular.hpp"

namespace neo::vm::crypto::detail {

U256 mont_mul_runtime(const U256& a, const U256& b, const Modulus& mod) noexcept {
  return mont_mul_inline(a, b, mod);
}

U256 mont_sqr_runtime(const U256& a, const Modulus& mod) noexcept { return mont_sqr_inline(a, mod); }

}  // namespace neo::vm::crypto::detail
