// Mixed-matrix Merkle tree, prover side: builds the tree of neo/zkvm/merkle/merkle.hpp (whose definition it
// follows exactly) over matrices it owns, and produces batched openings. Hashing runs in parallel over rows
// (oneTBB) with the batched Poseidon2 (hash_rows / compress_pairs, vectorised).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "neo/zkvm/merkle/merkle.hpp"

namespace neo::zkvm::merkle {

// A row-major matrix of BabyBear elements: row r is values[r * width, (r + 1) * width).
struct RowMajorMatrix {
  std::vector<BabyBear> values;
  std::size_t width = 0;
  std::size_t height() const noexcept { return width == 0 ? 0 : values.size() / width; }
  std::span<const BabyBear> row(std::size_t r) const noexcept {
    return std::span<const BabyBear>(values).subspan(r * width, width);
  }
};

class MerkleTree {
 public:
  // Commits to `matrices` (moved in; kept for openings). A shape that breaks the rules of merkle.hpp (or a
  // matrix whose size is not a multiple of its width) is a caller bug and traps.
  explicit MerkleTree(std::vector<RowMajorMatrix> matrices);

  const Digest& root() const noexcept { return levels_.back().front(); }
  const std::vector<MatrixDims>& dims() const noexcept { return dims_; }
  const std::vector<RowMajorMatrix>& matrices() const noexcept { return matrices_; }
  unsigned log_max_height() const noexcept { return log_max_height_; }

  // The batched opening at `index` < the largest height (a larger index traps).
  BatchOpening open(std::size_t index) const;

 private:
  std::vector<RowMajorMatrix> matrices_;
  std::vector<MatrixDims> dims_;
  unsigned log_max_height_ = 0;
  // levels_[k] = the H / 2^k digests of level k; levels_.back() holds the root.
  std::vector<std::vector<Digest>> levels_;
};

}  // namespace neo::zkvm::merkle
