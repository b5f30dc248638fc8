// Parallel construction of mixed-matrix Merkle trees.
#include "neo/zkvm/merkle/tree.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <optional>

namespace neo::zkvm::merkle {
namespace {

// Rows per task: large enough to amortise scheduling, small enough to balance two or more cores.
constexpr std::size_t kRowsPerTask = 512;

// digests[j] = hash(row_h(j)) for the matrices `members` (all of height digests.size()).
void hash_level_rows(const std::vector<RowMajorMatrix>& matrices, const std::vector<std::size_t>& members,
                     std::size_t total_width, std::span<Digest> digests) {
  const std::size_t height = digests.size();
  if (members.size() == 1) {
    const RowMajorMatrix& m = matrices[members.front()];
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, height, kRowsPerTask),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        Hash::hash_rows(std::span<const BabyBear>(m.values).subspan(r.begin() * m.width,
                                                                                    r.size() * m.width),
                                        m.width, digests.subspan(r.begin(), r.size()));
                      });
    return;
  }
  // Several matrices of this height: concatenate their rows chunk by chunk, then hash the chunk.
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, height, kRowsPerTask),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      std::vector<BabyBear> chunk(r.size() * total_width);
                      for (std::size_t j = r.begin(); j < r.end(); ++j) {
                        BabyBear* out = chunk.data() + (j - r.begin()) * total_width;
                        for (const std::size_t idx : members) {
                          const auto row = matrices[idx].row(j);
                          out = std::copy(row.begin(), row.end(), out);
                        }
                      }
                      Hash::hash_rows(chunk, total_width, digests.subspan(r.begin(), r.size()));
                    });
}

}  // namespace

MerkleTree::MerkleTree(std::vector<RowMajorMatrix> matrices) : matrices_(std::move(matrices)) {
  dims_.reserve(matrices_.size());
  for (const RowMajorMatrix& m : matrices_) {
    if (m.width == 0 || m.values.size() % m.width != 0) __builtin_trap();
    dims_.push_back(MatrixDims{static_cast<std::uint32_t>(m.height()), static_cast<std::uint32_t>(m.width)});
  }
  const std::optional<Shape> shape = analyze_shape(dims_);
  if (!shape) __builtin_trap();
  log_max_height_ = shape->log_max_height;

  // members[k]: the matrices of height H / 2^k, in matrix order.
  std::vector<std::vector<std::size_t>> members(log_max_height_ + 1);
  for (std::size_t i = 0; i < dims_.size(); ++i) {
    unsigned log_h = 0;
    while ((std::uint32_t{1} << log_h) < dims_[i].height) ++log_h;
    members[log_max_height_ - log_h].push_back(i);
  }

  levels_.resize(log_max_height_ + 1);
  const std::size_t max_height = std::size_t{1} << log_max_height_;
  levels_[0].resize(max_height);
  hash_level_rows(matrices_, members[0], shape->width_at_level[0], levels_[0]);
  for (unsigned k = 1; k <= log_max_height_; ++k) {
    const std::size_t count = max_height >> k;
    std::vector<Digest>& level = levels_[k];
    level.resize(count);
    const std::vector<Digest>& below = levels_[k - 1];
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, kRowsPerTask),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        Hash::compress_pairs(
                            std::span<const Digest>(below).subspan(2 * r.begin(), 2 * r.size()),
                            std::span<Digest>(level).subspan(r.begin(), r.size()));
                      });
    if (members[k].empty()) continue;
    std::vector<Digest> injected(count);
    hash_level_rows(matrices_, members[k], shape->width_at_level[k], injected);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, kRowsPerTask),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        std::vector<Digest> pairs(2 * r.size());
                        for (std::size_t j = r.begin(); j < r.end(); ++j) {
                          pairs[2 * (j - r.begin())] = level[j];
                          pairs[2 * (j - r.begin()) + 1] = injected[j];
                        }
                        Hash::compress_pairs(pairs, std::span<Digest>(level).subspan(r.begin(), r.size()));
                      });
  }
}

BatchOpening MerkleTree::open(std::size_t index) const {
  if (index >= (std::size_t{1} << log_max_height_)) __builtin_trap();
  BatchOpening opening;
  opening.rows.reserve(matrices_.size());
  for (std::size_t i = 0; i < matrices_.size(); ++i) {
    unsigned log_h = 0;
    while ((std::uint32_t{1} << log_h) < dims_[i].height) ++log_h;
    const auto row = matrices_[i].row(index >> (log_max_height_ - log_h));
    opening.rows.emplace_back(row.begin(), row.end());
  }
  opening.siblings.reserve(log_max_height_);
  for (unsigned k = 0; k < log_max_height_; ++k) opening.siblings.push_back(levels_[k][(index >> k) ^ 1]);
  return opening;
}

}  // namespace neo::zkvm::merkle
