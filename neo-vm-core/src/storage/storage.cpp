#include "neo/vm/storage/storage.hpp"

#include <algorithm>

#include "neo/vm/crypto/sha256.hpp"

namespace neo::vm::storage {
namespace {

bool has_prefix(const StorageKey& k, std::int32_t contract_id, std::span<const std::uint8_t> prefix) noexcept {
  return k.contract_id == contract_id && k.key.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), k.key.begin());
}

void put_var_uint(crypto::Sha256& h, std::uint64_t v) {
  std::uint8_t buf[9];
  std::size_t n = 0;
  if (v < 0xFD) {
    buf[n++] = static_cast<std::uint8_t>(v);
  } else {
    const int width = v <= 0xFFFF ? 2 : v <= 0xFFFFFFFF ? 4 : 8;
    buf[n++] = width == 2 ? 0xFD : width == 4 ? 0xFE : 0xFF;
    for (int i = 0; i < width; ++i) buf[n++] = static_cast<std::uint8_t>(v >> (8 * i));
  }
  h.update({buf, n});
}

Hash256 node_hash(const Hash256& left, const Hash256& right) {
  crypto::Sha256 h;
  const std::uint8_t tag = 0x01;
  h.update({&tag, 1});
  h.update(left);
  h.update(right);
  return h.finish();
}

// Fills levels[1..] from levels[0], recomputing only nodes at or after index `from` of the leaf level.
void build_levels(std::vector<std::vector<Hash256>>& levels, std::size_t from) {
  std::size_t level = 0;
  while (levels[level].size() > 1) {
    if (levels.size() <= level + 1) levels.emplace_back();  // before taking references: it may reallocate
    const auto& below = levels[level];
    const std::size_t width = (below.size() + 1) / 2;
    auto& above = levels[level + 1];
    above.resize(width);
    from /= 2;
    for (std::size_t i = from; i < width; ++i) {
      const std::size_t l = 2 * i;
      // An odd node out is promoted unchanged: no duplicated leaves, so no two entry lists share a root.
      above[i] = l + 1 < below.size() ? node_hash(below[l], below[l + 1]) : below[l];
    }
    ++level;
  }
  levels.resize(level + 1);
}

}  // namespace

std::strong_ordering operator<=>(const StorageKey& a, const StorageKey& b) noexcept {
  if (auto c = a.contract_id <=> b.contract_id; c != 0) return c;
  return std::lexicographical_compare_three_way(a.key.begin(), a.key.end(), b.key.begin(), b.key.end());
}

Hash256 leaf_hash(const StorageEntry& entry) {
  crypto::Sha256 h;
  const auto id = static_cast<std::uint32_t>(entry.key.contract_id);
  const std::uint8_t head[5] = {0x00, static_cast<std::uint8_t>(id), static_cast<std::uint8_t>(id >> 8),
                                static_cast<std::uint8_t>(id >> 16), static_cast<std::uint8_t>(id >> 24)};
  h.update(head);
  put_var_uint(h, entry.key.key.size());
  h.update(entry.key.key);
  put_var_uint(h, entry.value.size());
  h.update(entry.value);
  return h.finish();
}

Hash256 state_root(std::span<const StorageEntry> sorted_entries) {
  if (sorted_entries.empty()) return Hash256{};
  std::vector<std::vector<Hash256>> levels(1);
  levels[0].reserve(sorted_entries.size());
  for (const StorageEntry& e : sorted_entries) levels[0].push_back(leaf_hash(e));
  build_levels(levels, 0);
  return levels.back()[0];
}

// ---- MemoryStorage ---------------------------------------------------------------------------------------------

MemoryStorage::MemoryStorage(std::vector<StorageEntry> entries) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const StorageEntry& a, const StorageEntry& b) { return a.key < b.key; });
  for (auto& e : entries) {
    if (!entries_.empty() && entries_.back().key == e.key) {
      entries_.back().value = std::move(e.value);
    } else {
      entries_.push_back(std::move(e));
    }
  }
  levels_.assign(1, {});
  for (const auto& e : entries_) levels_[0].push_back(leaf_hash(e));
  dirty_from_ = 0;
}

std::size_t MemoryStorage::lower_bound(const StorageKey& key) const noexcept {
  return static_cast<std::size_t>(
      std::lower_bound(entries_.begin(), entries_.end(), key,
                       [](const StorageEntry& e, const StorageKey& k) { return e.key < k; }) -
      entries_.begin());
}

void MemoryStorage::mark_dirty(std::size_t position) noexcept { dirty_from_ = std::min(dirty_from_, position); }

std::optional<Bytes> MemoryStorage::get(const StorageKey& key) const {
  const std::size_t i = lower_bound(key);
  if (i < entries_.size() && entries_[i].key == key) return entries_[i].value;
  return std::nullopt;
}

bool MemoryStorage::contains(const StorageKey& key) const {
  const std::size_t i = lower_bound(key);
  return i < entries_.size() && entries_[i].key == key;
}

void MemoryStorage::put(const StorageKey& key, std::span<const std::uint8_t> value) {
  if (levels_.empty()) levels_.assign(1, {});
  const std::size_t i = lower_bound(key);
  if (i < entries_.size() && entries_[i].key == key) {
    entries_[i].value.assign(value.begin(), value.end());
    levels_[0][i] = leaf_hash(entries_[i]);
  } else {
    entries_.insert(entries_.begin() + static_cast<std::ptrdiff_t>(i), StorageEntry{key, {value.begin(), value.end()}});
    levels_[0].insert(levels_[0].begin() + static_cast<std::ptrdiff_t>(i), leaf_hash(entries_[i]));
  }
  mark_dirty(i);
}

void MemoryStorage::remove(const StorageKey& key) {
  const std::size_t i = lower_bound(key);
  if (i >= entries_.size() || !(entries_[i].key == key)) return;
  entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
  levels_[0].erase(levels_[0].begin() + static_cast<std::ptrdiff_t>(i));
  mark_dirty(i);
}

std::vector<StorageEntry> MemoryStorage::find(std::int32_t contract_id, std::span<const std::uint8_t> prefix) const {
  std::vector<StorageEntry> out;
  for (std::size_t i = lower_bound(StorageKey{contract_id, {prefix.begin(), prefix.end()}});
       i < entries_.size() && has_prefix(entries_[i].key, contract_id, prefix); ++i) {
    out.push_back(entries_[i]);
  }
  return out;
}

Hash256 MemoryStorage::root() const {
  if (entries_.empty()) return Hash256{};
  if (dirty_from_ < entries_.size() || levels_.size() == 1) build_levels(levels_, dirty_from_);
  dirty_from_ = entries_.size();
  return levels_.back()[0];
}

// ---- TrackedStorage --------------------------------------------------------------------------------------------

std::size_t TrackedStorage::lower_bound(const StorageKey& key) const noexcept {
  return static_cast<std::size_t>(
      std::lower_bound(overlay_.begin(), overlay_.end(), key,
                       [](const Pending& p, const StorageKey& k) { return p.key < k; }) -
      overlay_.begin());
}

std::optional<Bytes> TrackedStorage::get(const StorageKey& key) const {
  const std::size_t i = lower_bound(key);
  if (i < overlay_.size() && overlay_[i].key == key) return overlay_[i].value;
  return base_.get(key);
}

bool TrackedStorage::contains(const StorageKey& key) const {
  const std::size_t i = lower_bound(key);
  if (i < overlay_.size() && overlay_[i].key == key) return overlay_[i].value.has_value();
  return base_.contains(key);
}

void TrackedStorage::put(const StorageKey& key, std::span<const std::uint8_t> value) {
  const std::size_t i = lower_bound(key);
  if (i < overlay_.size() && overlay_[i].key == key) {
    overlay_[i].value = Bytes(value.begin(), value.end());
  } else {
    overlay_.insert(overlay_.begin() + static_cast<std::ptrdiff_t>(i), Pending{key, Bytes(value.begin(), value.end())});
  }
}

void TrackedStorage::remove(const StorageKey& key) {
  const std::size_t i = lower_bound(key);
  if (i < overlay_.size() && overlay_[i].key == key) {
    overlay_[i].value.reset();
  } else {
    overlay_.insert(overlay_.begin() + static_cast<std::ptrdiff_t>(i), Pending{key, std::nullopt});
  }
}

std::vector<StorageEntry> TrackedStorage::merge(std::vector<StorageEntry> base, std::int32_t contract_id,
                                                std::span<const std::uint8_t> prefix, bool whole) const {
  std::vector<StorageEntry> out;
  out.reserve(base.size());
  std::size_t b = 0;
  for (const Pending& p : overlay_) {
    if (!whole && !has_prefix(p.key, contract_id, prefix)) continue;
    while (b < base.size() && base[b].key < p.key) out.push_back(std::move(base[b++]));
    if (b < base.size() && base[b].key == p.key) ++b;  // overridden by the overlay
    if (p.value) out.push_back(StorageEntry{p.key, *p.value});
  }
  while (b < base.size()) out.push_back(std::move(base[b++]));
  return out;
}

std::vector<StorageEntry> TrackedStorage::find(std::int32_t contract_id, std::span<const std::uint8_t> prefix) const {
  return merge(base_.find(contract_id, prefix), contract_id, prefix, false);
}

std::vector<StorageEntry> TrackedStorage::entries() const { return merge(base_.entries(), 0, {}, true); }

std::vector<Change> TrackedStorage::changes() const {
  std::vector<Change> out;
  for (const Pending& p : overlay_) {
    const std::optional<Bytes> before = base_.get(p.key);
    if (p.value) {
      if (!before) {
        out.push_back({p.key, ChangeKind::Added, *p.value});
      } else if (*before != *p.value) {
        out.push_back({p.key, ChangeKind::Changed, *p.value});
      }
    } else if (before) {
      out.push_back({p.key, ChangeKind::Deleted, {}});
    }
  }
  return out;
}

void TrackedStorage::commit() {
  for (const Pending& p : overlay_) {
    if (p.value) {
      base_.put(p.key, *p.value);
    } else {
      base_.remove(p.key);
    }
  }
  overlay_.clear();
}

}  // namespace neo::vm::storage
