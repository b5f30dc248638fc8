// Mixed-matrix Merkle trees: the prover's tree against a direct evaluation of the definition, and batched
// openings that verify for every index and fail for any change.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <vector>

#include "neo/zkvm/merkle/merkle.hpp"
#include "neo/zkvm/merkle/tree.hpp"

using neo::zkvm::field::BabyBear;
namespace merkle = neo::zkvm::merkle;
using merkle::Hash;

namespace {

merkle::RowMajorMatrix random_matrix(std::mt19937_64& rng, std::size_t height, std::size_t width) {
  merkle::RowMajorMatrix m;
  m.width = width;
  m.values.resize(height * width);
  for (auto& v : m.values)
    v = BabyBear::from_canonical(static_cast<std::uint32_t>(rng() % BabyBear::kModulus));
  return m;
}

// The root by the definition in merkle.hpp, one node at a time with the scalar hash.
merkle::Digest reference_root(const std::vector<merkle::RowMajorMatrix>& matrices) {
  std::size_t max_height = 0;
  for (const auto& m : matrices) max_height = std::max(max_height, m.height());
  const auto row_hash = [&](std::size_t height, std::size_t j, bool& present) {
    std::vector<BabyBear> row;
    present = false;
    for (const auto& m : matrices) {
      if (m.height() != height) continue;
      present = true;
      const auto r = m.row(j);
      row.insert(row.end(), r.begin(), r.end());
    }
    return Hash::hash(row);
  };
  std::vector<merkle::Digest> level(max_height);
  bool present = false;
  for (std::size_t i = 0; i < max_height; ++i) level[i] = row_hash(max_height, i, present);
  for (std::size_t height = max_height / 2; height >= 1; height /= 2) {
    std::vector<merkle::Digest> next(height);
    for (std::size_t j = 0; j < height; ++j) {
      next[j] = Hash::compress(level[2 * j], level[2 * j + 1]);
      const merkle::Digest injected = row_hash(height, j, present);
      if (present) next[j] = Hash::compress(next[j], injected);
    }
    level = std::move(next);
  }
  return level.front();
}

std::vector<merkle::RowMajorMatrix> mixed_matrices(std::mt19937_64& rng) {
  std::vector<merkle::RowMajorMatrix> ms;
  ms.push_back(random_matrix(rng, 16, 3));
  ms.push_back(random_matrix(rng, 4, 9));   // injected two levels up
  ms.push_back(random_matrix(rng, 16, 1));  // a second tallest matrix: shares the leaves
  ms.push_back(random_matrix(rng, 1, 2));   // injected at the root
  ms.push_back(random_matrix(rng, 4, 16));  // a second matrix of height 4
  ms.push_back(random_matrix(rng, 8, 8));
  return ms;
}

}  // namespace

TEST_CASE("merkle tree root follows the definition", "[merkle]") {
  std::mt19937_64 rng(11);
  for (int variant = 0; variant < 4; ++variant) {
    std::vector<merkle::RowMajorMatrix> ms;
    switch (variant) {
      case 0:
        ms = mixed_matrices(rng);
        break;
      case 1:
        ms.push_back(random_matrix(rng, 1, 5));
        break;  // a single leaf: the root is the row hash
      case 2:
        ms.push_back(random_matrix(rng, 2048, 16));
        break;  // several parallel tasks per level
      default:  // tall, several tallest matrices and injections, across task boundaries
        ms.push_back(random_matrix(rng, 4096, 2));
        ms.push_back(random_matrix(rng, 4096, 7));
        ms.push_back(random_matrix(rng, 1024, 3));
        ms.push_back(random_matrix(rng, 1024, 1));
        ms.push_back(random_matrix(rng, 2, 4));
    }
    const merkle::Digest expected = reference_root(ms);
    const merkle::MerkleTree tree(ms);
    CHECK(tree.root() == expected);
  }
}

TEST_CASE("merkle batched openings verify at every index", "[merkle]") {
  std::mt19937_64 rng(12);
  const auto ms = mixed_matrices(rng);
  const merkle::MerkleTree tree(ms);
  REQUIRE(tree.log_max_height() == 4);
  for (std::size_t index = 0; index < 16; ++index) {
    const merkle::BatchOpening opening = tree.open(index);
    REQUIRE(opening.rows.size() == ms.size());
    // Each matrix's row at the index shifted to its height.
    for (std::size_t m = 0; m < ms.size(); ++m) {
      const std::size_t row = index / (16 / ms[m].height());
      const auto expected = ms[m].row(row);
      CHECK(std::vector<BabyBear>(expected.begin(), expected.end()) == opening.rows[m]);
    }
    CHECK(merkle::verify_batch(tree.root(), tree.dims(), index, opening) == merkle::MerkleError::kOk);
    // The standalone encoding round-trips.
    const auto decoded = merkle::decode_opening(merkle::encode_opening(opening));
    REQUIRE(decoded);
    CHECK(*decoded == opening);
  }
}

TEST_CASE("merkle openings fail for any changed value, sibling, index, shape or root", "[merkle]") {
  std::mt19937_64 rng(13);
  const auto ms = mixed_matrices(rng);
  const merkle::MerkleTree tree(ms);
  const BabyBear one = BabyBear::one();
  for (std::size_t index = 0; index < 16; ++index) {
    const merkle::BatchOpening opening = tree.open(index);
    for (std::size_t m = 0; m < opening.rows.size(); ++m) {
      for (std::size_t c = 0; c < opening.rows[m].size(); ++c) {
        merkle::BatchOpening bad = opening;
        bad.rows[m][c] += one;
        CHECK(merkle::verify_batch(tree.root(), tree.dims(), index, bad) ==
              merkle::MerkleError::kRootMismatch);
      }
    }
    for (std::size_t s = 0; s < opening.siblings.size(); ++s) {
      for (std::size_t e = 0; e < 8; ++e) {
        merkle::BatchOpening bad = opening;
        bad.siblings[s][e] += one;
        CHECK(merkle::verify_batch(tree.root(), tree.dims(), index, bad) ==
              merkle::MerkleError::kRootMismatch);
      }
    }
    for (std::size_t other = 0; other < 16; ++other) {
      if (other == index) continue;
      CHECK(merkle::verify_batch(tree.root(), tree.dims(), other, opening) != merkle::MerkleError::kOk);
    }
    CHECK(merkle::verify_batch(tree.root(), tree.dims(), 16, opening) ==
          merkle::MerkleError::kIndexOutOfRange);
    merkle::Digest root = tree.root();
    root[index % 8] += one;
    CHECK(merkle::verify_batch(root, tree.dims(), index, opening) == merkle::MerkleError::kRootMismatch);

    // Structural changes.
    merkle::BatchOpening fewer_rows = opening;
    fewer_rows.rows.pop_back();
    CHECK(merkle::verify_batch(tree.root(), tree.dims(), index, fewer_rows) ==
          merkle::MerkleError::kWrongRowCount);
    merkle::BatchOpening wide = opening;
    wide.rows[1].push_back(one);
    CHECK(merkle::verify_batch(tree.root(), tree.dims(), index, wide) == merkle::MerkleError::kWrongRowWidth);
    merkle::BatchOpening short_path = opening;
    short_path.siblings.pop_back();
    CHECK(merkle::verify_batch(tree.root(), tree.dims(), index, short_path) ==
          merkle::MerkleError::kWrongPathLength);
    // Swapping the two matrices of height 4 (widths 9 and 16) in the claimed shape breaks the widths;
    // swapping the order of the opened rows too keeps the widths but changes the concatenation, so the root
    // differs.
    std::vector<merkle::MatrixDims> swapped = tree.dims();
    std::swap(swapped[1], swapped[4]);
    merkle::BatchOpening swapped_rows = opening;
    std::swap(swapped_rows.rows[1], swapped_rows.rows[4]);
    CHECK(merkle::verify_batch(tree.root(), swapped, index, swapped_rows) ==
          merkle::MerkleError::kRootMismatch);
  }
}
