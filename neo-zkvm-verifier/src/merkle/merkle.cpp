// Verification of mixed-matrix Merkle openings (definition in neo/zkvm/merkle/merkle.hpp).
#include "neo/zkvm/merkle/merkle.hpp"

namespace neo::zkvm::merkle {

std::string_view error_name(MerkleError error) noexcept {
  switch (error) {
    case MerkleError::kOk:
      return "ok";
    case MerkleError::kBadShape:
      return "bad shape";
    case MerkleError::kIndexOutOfRange:
      return "index out of range";
    case MerkleError::kWrongRowCount:
      return "wrong number of opened rows";
    case MerkleError::kWrongRowWidth:
      return "wrong opened row width";
    case MerkleError::kWrongPathLength:
      return "wrong authentication path length";
    case MerkleError::kRootMismatch:
      return "root mismatch";
  }
  return "unknown";
}

std::optional<Shape> analyze_shape(std::span<const MatrixDims> dims) noexcept {
  if (dims.empty()) return std::nullopt;
  unsigned log_max = 0;
  for (const MatrixDims& d : dims) {
    if (d.width == 0 || d.height == 0 || (d.height & (d.height - 1)) != 0) return std::nullopt;
    if (d.height > (std::uint32_t{1} << kMaxLogHeight)) return std::nullopt;
    unsigned log_h = 0;
    while ((std::uint32_t{1} << log_h) < d.height) ++log_h;
    if (log_h > log_max) log_max = log_h;
  }
  Shape shape;
  shape.log_max_height = log_max;
  shape.width_at_level.assign(log_max + 1, 0);
  for (const MatrixDims& d : dims) {
    unsigned log_h = 0;
    while ((std::uint32_t{1} << log_h) < d.height) ++log_h;
    const std::uint64_t total = std::uint64_t{shape.width_at_level[log_max - log_h]} + d.width;
    if (total > 0xFFFFFFFFu) return std::nullopt;
    shape.width_at_level[log_max - log_h] = static_cast<std::uint32_t>(total);
  }
  return shape;
}

namespace {

// hash(row_h(j)): the opened rows of the matrices at one level, concatenated in matrix order.
Digest hash_level_rows(std::span<const MatrixDims> dims, const BatchOpening& opening, std::uint32_t height,
                       std::uint32_t total_width, std::vector<BabyBear>& scratch) noexcept {
  scratch.clear();
  scratch.reserve(total_width);
  for (std::size_t m = 0; m < dims.size(); ++m) {
    if (dims[m].height != height) continue;
    scratch.insert(scratch.end(), opening.rows[m].begin(), opening.rows[m].end());
  }
  return Hash::hash(std::span<const BabyBear>(scratch));
}

}  // namespace

MerkleError verify_batch(const Digest& root, std::span<const MatrixDims> dims, std::size_t index,
                         const BatchOpening& opening) noexcept {
  const std::optional<Shape> shape = analyze_shape(dims);
  if (!shape) return MerkleError::kBadShape;
  const unsigned levels = shape->log_max_height;
  if (index >= (std::size_t{1} << levels)) return MerkleError::kIndexOutOfRange;
  if (opening.rows.size() != dims.size()) return MerkleError::kWrongRowCount;
  for (std::size_t m = 0; m < dims.size(); ++m) {
    if (opening.rows[m].size() != dims[m].width) return MerkleError::kWrongRowWidth;
  }
  if (opening.siblings.size() != levels) return MerkleError::kWrongPathLength;

  std::vector<BabyBear> scratch;
  const std::uint32_t max_height = std::uint32_t{1} << levels;
  Digest node = hash_level_rows(dims, opening, max_height, shape->width_at_level[0], scratch);
  std::size_t position = index;
  for (unsigned k = 0; k < levels; ++k) {
    const Digest& sibling = opening.siblings[k];
    node = (position & 1) == 0 ? Hash::compress(node, sibling) : Hash::compress(sibling, node);
    position >>= 1;
    if (shape->width_at_level[k + 1] != 0) {
      const Digest injected =
          hash_level_rows(dims, opening, max_height >> (k + 1), shape->width_at_level[k + 1], scratch);
      node = Hash::compress(node, injected);
    }
  }
  return node == root ? MerkleError::kOk : MerkleError::kRootMismatch;
}

void write_opening(codec::ByteWriter& writer, const BatchOpening& opening) {
  writer.u32(static_cast<std::uint32_t>(opening.rows.size()));
  for (const auto& row : opening.rows) {
    writer.u32(static_cast<std::uint32_t>(row.size()));
    for (const BabyBear v : row) writer.element(v);
  }
  writer.u32(static_cast<std::uint32_t>(opening.siblings.size()));
  for (const Digest& d : opening.siblings) writer.elements(d);
}

BatchOpening read_opening(codec::ByteReader& reader) {
  BatchOpening opening;
  const std::uint32_t row_count = reader.count(4);
  opening.rows.resize(row_count);
  for (auto& row : opening.rows) {
    const std::uint32_t width = reader.count(4);
    row.resize(width);
    for (BabyBear& v : row) v = reader.element();
    if (!reader.ok()) return {};
  }
  const std::uint32_t sibling_count = reader.count(4 * std::tuple_size_v<Digest>);
  opening.siblings.resize(sibling_count);
  for (Digest& d : opening.siblings) d = reader.elements<std::tuple_size_v<Digest>>();
  if (!reader.ok()) return {};
  return opening;
}

std::vector<std::uint8_t> encode_opening(const BatchOpening& opening) {
  codec::ByteWriter writer;
  writer.u8(kOpeningEncodingVersion);
  write_opening(writer, opening);
  return writer.take();
}

std::optional<BatchOpening> decode_opening(std::span<const std::uint8_t> bytes) {
  codec::ByteReader reader(bytes);
  if (reader.u8() != kOpeningEncodingVersion) return std::nullopt;
  BatchOpening opening = read_opening(reader);
  if (!reader.finished()) return std::nullopt;
  return opening;
}

}  // namespace neo::zkvm::merkle
