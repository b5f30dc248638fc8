#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <string>

#include "neo/vm/storage/storage.hpp"

using namespace neo::vm::storage;

namespace {

std::string hex(const Hash256& h) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (auto b : h) {
    s += d[b >> 4];
    s += d[b & 15];
  }
  return s;
}

StorageKey key(std::int32_t id, std::vector<std::uint8_t> k) { return {id, std::move(k)}; }

}  // namespace

TEST_CASE("the state root follows docs/storage.md byte for byte", "[storage]") {
  // Expected values computed independently (Python hashlib) from the specification.
  const std::vector<StorageEntry> entries = {
      {key(-1, {0x01}), {'a'}}, {key(1, {}), {}}, {key(1, {'a', 'b'}), {0xFF, 0xFF, 0xFF}}};
  CHECK(hex(leaf_hash(entries[0])) == "874d157b96bf566987cf88d850bd00d6a08fdd797807b73c43d82689eb36d496");
  CHECK(hex(state_root(entries)) == "d68c8c2968fc40a68858059c578e2860639c2e91d32c950e8e603265470e65c5");
  CHECK(state_root({}) == Hash256{});
  CHECK(state_root({entries.data(), 1}) == leaf_hash(entries[0]));
}

TEST_CASE("MemoryStorage keeps order and its incremental root equals the root from scratch", "[storage]") {
  std::mt19937 rng(7);
  MemoryStorage storage;
  std::map<std::pair<std::int32_t, std::vector<std::uint8_t>>, std::vector<std::uint8_t>> model;
  for (int step = 0; step < 3000; ++step) {
    const std::int32_t id = static_cast<std::int32_t>(rng() % 3) - 1;
    std::vector<std::uint8_t> k(rng() % 3);
    for (auto& b : k) b = static_cast<std::uint8_t>(rng() % 4);
    if (rng() % 3 == 0) {
      storage.remove(key(id, k));
      model.erase({id, k});
    } else {
      std::vector<std::uint8_t> v(rng() % 4, static_cast<std::uint8_t>(rng()));
      storage.put(key(id, k), v);
      model[{id, k}] = v;
    }
    if (step % 7 == 0) {
      const auto all = storage.entries();
      REQUIRE(all.size() == model.size());
      std::size_t i = 0;
      for (const auto& [mk, mv] : model) {
        REQUIRE(all[i].key == key(mk.first, mk.second));
        REQUIRE(all[i].value == mv);
        ++i;
      }
      REQUIRE(storage.root() == state_root(all));
    }
  }
}

TEST_CASE("find returns one contract's entries with the prefix, in order", "[storage]") {
  MemoryStorage storage({{key(2, {1, 2}), {1}}, {key(1, {1, 3}), {2}}, {key(1, {1}), {3}}, {key(1, {2}), {4}},
                         {key(1, {1, 2}), {5}}});
  const std::vector<std::uint8_t> prefix = {1};
  const auto found = storage.find(1, prefix);
  REQUIRE(found.size() == 3);
  CHECK(found[0].key.key == std::vector<std::uint8_t>{1});
  CHECK(found[1].key.key == std::vector<std::uint8_t>{1, 2});
  CHECK(found[2].key.key == std::vector<std::uint8_t>{1, 3});
  CHECK(storage.find(3, prefix).empty());
}

TEST_CASE("TrackedStorage records net changes, commits and rolls back", "[storage]") {
  MemoryStorage base({{key(1, {1}), {10}}, {key(1, {2}), {20}}, {key(1, {3}), {30}}});
  const Hash256 root_before = base.root();
  TrackedStorage tracked(base);
  tracked.put(key(1, {1}), std::vector<std::uint8_t>{11});  // changed
  tracked.put(key(1, {2}), std::vector<std::uint8_t>{20});  // same value: no change
  tracked.remove(key(1, {3}));                              // deleted
  tracked.put(key(1, {4}), std::vector<std::uint8_t>{40});  // added
  tracked.put(key(1, {5}), std::vector<std::uint8_t>{50});
  tracked.remove(key(1, {5}));  // added then removed: no change

  CHECK(tracked.get(key(1, {1})) == std::vector<std::uint8_t>{11});
  CHECK_FALSE(tracked.contains(key(1, {3})));
  CHECK_FALSE(tracked.get(key(1, {5})).has_value());
  CHECK(base.get(key(1, {1})) == std::vector<std::uint8_t>{10});  // the base is untouched

  const auto changes = tracked.changes();
  REQUIRE(changes.size() == 3);
  CHECK(changes[0] == Change{key(1, {1}), ChangeKind::Changed, {11}});
  CHECK(changes[1] == Change{key(1, {3}), ChangeKind::Deleted, {}});
  CHECK(changes[2] == Change{key(1, {4}), ChangeKind::Added, {40}});

  const std::vector<std::uint8_t> empty_prefix;
  const auto seen = tracked.find(1, empty_prefix);
  REQUIRE(seen.size() == 3);
  CHECK(seen[2].key.key == std::vector<std::uint8_t>{4});
  CHECK(state_root(tracked.entries()) != root_before);

  SECTION("rollback forgets everything") {
    tracked.rollback();
    CHECK(tracked.changes().empty());
    CHECK(base.root() == root_before);
  }
  SECTION("commit writes the changes into the base") {
    const Hash256 expected = state_root(tracked.entries());
    tracked.commit();
    CHECK(tracked.changes().empty());
    CHECK(base.root() == expected);
    CHECK(base.get(key(1, {4})) == std::vector<std::uint8_t>{40});
    CHECK_FALSE(base.contains(key(1, {3})));
  }
}
