// Shared set-up of the multi-table STARK tests: building chips, a proving key, proving and verifying.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "air_test_chips.hpp"
#include "neo/zkvm/stark/prover.hpp"
#include "neo/zkvm/stark/verifier.hpp"

namespace neo::zkvm::stark_test {

template <typename C>
air::ConstraintSystem built(const C& chip) {
  air::BuildResult r = air::build(chip);
  REQUIRE(r.ok());
  return std::move(r.system);
}

inline stark::ProvingKey make_key(const fri::FriParams& params, std::vector<air::ConstraintSystem> systems,
                                  std::vector<merkle::RowMajorMatrix> preprocessed) {
  stark::SetupResult r = stark::setup(params, std::move(systems), std::move(preprocessed));
  INFO(r.error);
  REQUIRE(r.key.has_value());
  return std::move(*r.key);
}

// Small, fast parameters (never for real proofs).
inline fri::FriParams test_params() { return fri::FriParams::insecure_for_tests(); }

}  // namespace neo::zkvm::stark_test
