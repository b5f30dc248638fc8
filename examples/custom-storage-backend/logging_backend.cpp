// A custom StorageBackend: entries in a sorted vector, every write logged to stdout. Anything that can answer
// these six calls — a database, a key-value service, a state fetched with proofs — can back the Neo VM.
#include <algorithm>
#include <cstdio>

#include "neo/vm/storage/storage.hpp"

using namespace neo::vm::storage;

class LoggingBackend final : public StorageBackend {
 public:
  std::optional<Bytes> get(const StorageKey& key) const override {
    const auto it = position(key);
    if (it != entries_.end() && it->key == key) return it->value;
    return std::nullopt;
  }
  bool contains(const StorageKey& key) const override { return get(key).has_value(); }
  void put(const StorageKey& key, std::span<const std::uint8_t> value) override {
    std::printf("put    contract %d, key of %zu bytes, value of %zu bytes\n", key.contract_id, key.key.size(),
                value.size());
    auto it = position(key);
    if (it != entries_.end() && it->key == key) {
      it->value.assign(value.begin(), value.end());
    } else {
      entries_.insert(it, StorageEntry{key, Bytes(value.begin(), value.end())});
    }
  }
  void remove(const StorageKey& key) override {
    std::printf("remove contract %d, key of %zu bytes\n", key.contract_id, key.key.size());
    auto it = position(key);
    if (it != entries_.end() && it->key == key) entries_.erase(it);
  }
  std::vector<StorageEntry> find(std::int32_t contract_id, std::span<const std::uint8_t> prefix) const override {
    std::vector<StorageEntry> out;
    for (const auto& e : entries_) {
      if (e.key.contract_id == contract_id && e.key.key.size() >= prefix.size() &&
          std::equal(prefix.begin(), prefix.end(), e.key.key.begin())) {
        out.push_back(e);
      }
    }
    return out;
  }
  std::vector<StorageEntry> entries() const override { return entries_; }

 private:
  std::vector<StorageEntry>::iterator position(const StorageKey& key) {
    return std::lower_bound(entries_.begin(), entries_.end(), key,
                            [](const StorageEntry& e, const StorageKey& k) { return e.key < k; });
  }
  std::vector<StorageEntry>::const_iterator position(const StorageKey& key) const {
    return std::lower_bound(entries_.begin(), entries_.end(), key,
                            [](const StorageEntry& e, const StorageKey& k) { return e.key < k; });
  }
  std::vector<StorageEntry> entries_;
};

int main() {
  LoggingBackend backend;
  backend.put({1, {'c', 'o', 'u', 'n', 't'}}, Bytes{1});
  TrackedStorage tracked(backend);
  tracked.put({1, {'c', 'o', 'u', 'n', 't'}}, Bytes{2});
  tracked.put({1, {'o', 'w', 'n', 'e', 'r'}}, Bytes(20, 0xAB));
  for (const Change& c : tracked.changes()) {
    const char* kind = c.kind == ChangeKind::Added ? "added" : c.kind == ChangeKind::Changed ? "changed" : "deleted";
    std::printf("change %s: contract %d, key of %zu bytes\n", kind, c.key.contract_id, c.key.key.size());
  }
  tracked.commit();
  const Hash256 root = state_root(backend.entries());
  std::printf("state root: ");
  for (auto b : root) std::printf("%02x", b);
  std::printf("\n");
  return backend.entries().size() == 2 ? 0 : 1;
}
