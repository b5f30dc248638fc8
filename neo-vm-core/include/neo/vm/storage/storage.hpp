// Contract storage: keys, the backend interface, an in-memory backend, a change-tracking overlay, and the
// deterministic state root over all entries (docs/storage.md specifies it byte for byte).
//
// Order: entries are ordered by (contract id as a signed 32-bit integer, key bytes lexicographically). The
// same order is used by Find, by the change set in ProofOutput and by the state root.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace neo::vm::storage {

using Bytes = std::vector<std::uint8_t>;
using Hash256 = std::array<std::uint8_t, 32>;

struct StorageKey {
  std::int32_t contract_id = 0;
  Bytes key;
  friend bool operator==(const StorageKey&, const StorageKey&) = default;
  friend std::strong_ordering operator<=>(const StorageKey& a, const StorageKey& b) noexcept;
};

struct StorageEntry {
  StorageKey key;
  Bytes value;
  friend bool operator==(const StorageEntry&, const StorageEntry&) = default;
};

// What a storage holds, seen through one interface so hosts can bring their own (a database, a remote state
// with proofs...). Iteration is ordered; implementations need not be thread-safe.
class StorageBackend {
 public:
  virtual ~StorageBackend() = default;
  // The value stored under key, or nothing.
  virtual std::optional<Bytes> get(const StorageKey& key) const = 0;
  virtual bool contains(const StorageKey& key) const = 0;
  virtual void put(const StorageKey& key, std::span<const std::uint8_t> value) = 0;
  // Removes the entry; removing an absent key does nothing.
  virtual void remove(const StorageKey& key) = 0;
  // Every entry of contract_id whose key starts with prefix, in order.
  virtual std::vector<StorageEntry> find(std::int32_t contract_id, std::span<const std::uint8_t> prefix) const = 0;
  // Every entry, in order.
  virtual std::vector<StorageEntry> entries() const = 0;
};

// The state root of a sorted, duplicate-free list of entries (see docs/storage.md). Empty storage has the
// all-zero root.
Hash256 state_root(std::span<const StorageEntry> sorted_entries);
Hash256 leaf_hash(const StorageEntry& entry);

// A sorted in-memory storage that keeps its state root up to date incrementally: leaf hashes are cached and
// only the tree nodes above changed positions are recomputed when the root is asked for.
class MemoryStorage final : public StorageBackend {
 public:
  MemoryStorage() = default;
  // Loads entries in any order; a later duplicate key replaces an earlier one.
  explicit MemoryStorage(std::vector<StorageEntry> entries);

  std::optional<Bytes> get(const StorageKey& key) const override;
  bool contains(const StorageKey& key) const override;
  void put(const StorageKey& key, std::span<const std::uint8_t> value) override;
  void remove(const StorageKey& key) override;
  std::vector<StorageEntry> find(std::int32_t contract_id, std::span<const std::uint8_t> prefix) const override;
  std::vector<StorageEntry> entries() const override { return entries_; }

  std::size_t size() const noexcept { return entries_.size(); }
  Hash256 root() const;

 private:
  std::size_t lower_bound(const StorageKey& key) const noexcept;
  void mark_dirty(std::size_t position) noexcept;

  std::vector<StorageEntry> entries_;
  // Merkle levels: levels_[0] are the leaf hashes, the last level holds the root. Valid below dirty_from_.
  mutable std::vector<std::vector<Hash256>> levels_;
  mutable std::size_t dirty_from_ = 0;
};

enum class ChangeKind : std::uint8_t { Added = 0, Changed = 1, Deleted = 2 };

struct Change {
  StorageKey key;
  ChangeKind kind = ChangeKind::Added;
  Bytes value;  // the new value; empty for Deleted
  friend bool operator==(const Change&, const Change&) = default;
};

// An overlay over a base storage that records writes without touching the base until commit(). Reads see the
// overlay first. The change set compares with the base: a write of the value already there is no change, and
// a key added then removed is no change either.
class TrackedStorage final : public StorageBackend {
 public:
  explicit TrackedStorage(StorageBackend& base) noexcept : base_(base) {}

  std::optional<Bytes> get(const StorageKey& key) const override;
  bool contains(const StorageKey& key) const override;
  void put(const StorageKey& key, std::span<const std::uint8_t> value) override;
  void remove(const StorageKey& key) override;
  std::vector<StorageEntry> find(std::int32_t contract_id, std::span<const std::uint8_t> prefix) const override;
  std::vector<StorageEntry> entries() const override;

  // The net changes against the base, in key order.
  std::vector<Change> changes() const;
  // Writes the changes into the base and clears the overlay.
  void commit();
  // Forgets every change since the last commit.
  void rollback() noexcept { overlay_.clear(); }

 private:
  struct Pending {
    StorageKey key;
    std::optional<Bytes> value;  // nothing = deleted
  };
  std::size_t lower_bound(const StorageKey& key) const noexcept;
  std::vector<StorageEntry> merge(std::vector<StorageEntry> base, std::int32_t contract_id,
                                  std::span<const std::uint8_t> prefix, bool whole) const;

  StorageBackend& base_;
  std::vector<Pending> overlay_;  // sorted by key
};

}  // namespace neo::vm::storage
