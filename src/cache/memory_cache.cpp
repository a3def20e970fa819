// In-process Cache: the default when no Redis is configured (a single `api`
// process). Sharded so that rate-limit counters on hot paths rarely contend.
#include <algorithm>
#include <charconv>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "cache/cache.hpp"

namespace soom::cache {
namespace {

using std::chrono::milliseconds;

void require_positive(milliseconds ttl) {
  if (ttl <= milliseconds::zero()) throw std::invalid_argument("cache ttl must be positive");
}

// One shard: a map plus two indexes, both updated in O(log n) per write —
// `by_expiry` so expired entries can be evicted first, `by_age` (least recently
// written first) for when nothing has expired yet.
class Shard final {
 public:
  explicit Shard(std::size_t capacity) : capacity_(capacity) {}

  std::optional<std::string> get(std::string_view key, Instant now) {
    std::scoped_lock lock(mutex_);
    auto it = find_live(key, now);
    if (it == entries_.end()) return std::nullopt;
    return it->second.value;
  }

  void set(std::string_view key, std::string_view value, Instant expires_at, Instant now) {
    std::scoped_lock lock(mutex_);
    put(std::string(key), std::string(value), expires_at, now);
  }

  void erase(std::string_view key) {
    std::scoped_lock lock(mutex_);
    if (auto it = entries_.find(std::string(key)); it != entries_.end()) remove(it);
  }

  Cache::Counter increment(std::string_view key, milliseconds ttl, Instant now) {
    std::scoped_lock lock(mutex_);
    auto it = find_live(key, now);
    if (it == entries_.end()) {
      put(std::string(key), "1", now + ttl, now);
      return {1, ttl};
    }
    std::int64_t count = 0;
    const auto& value = it->second.value;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), count);
    if (ec != std::errc{} || ptr != value.data() + value.size()) {
      throw std::runtime_error("cache value is not an integer");  // same as Redis INCR
    }
    it->second.value = std::to_string(++count);
    return {count, std::chrono::duration_cast<milliseconds>(it->second.expires_at - now)};
  }

 private:
  struct Entry {
    std::string value;
    Instant expires_at;
    // The indexes point at the map's own key: unordered_map nodes never move.
    std::multimap<Instant, const std::string*>::iterator expiry_pos;
    std::list<const std::string*>::iterator age_pos;
  };
  using Entries = std::unordered_map<std::string, Entry>;

  Entries::iterator find_live(std::string_view key, Instant now) {
    auto it = entries_.find(std::string(key));
    if (it == entries_.end()) return it;
    if (it->second.expires_at <= now) {  // lazy expiry
      remove(it);
      return entries_.end();
    }
    return it;
  }

  void put(std::string key, std::string value, Instant expires_at, Instant now) {
    if (auto it = entries_.find(key); it != entries_.end()) remove(it);
    make_room(now);
    auto it = entries_.emplace(std::move(key), Entry{std::move(value), expires_at, {}, {}}).first;
    const std::string* stored_key = &it->first;
    it->second.expiry_pos = by_expiry_.emplace(expires_at, stored_key);
    by_age_.push_back(stored_key);
    it->second.age_pos = std::prev(by_age_.end());
  }

  void make_room(Instant now) {
    while (entries_.size() >= capacity_ && !by_expiry_.empty() && by_expiry_.begin()->first <= now) {
      remove(entries_.find(*by_expiry_.begin()->second));
    }
    while (entries_.size() >= capacity_ && !by_age_.empty()) {
      remove(entries_.find(*by_age_.front()));
    }
  }

  void remove(Entries::iterator it) {
    by_expiry_.erase(it->second.expiry_pos);
    by_age_.erase(it->second.age_pos);
    entries_.erase(it);
  }

  std::mutex mutex_;
  std::size_t capacity_;
  Entries entries_;
  std::multimap<Instant, const std::string*> by_expiry_;
  std::list<const std::string*> by_age_;
};

class MemoryCache final : public Cache {
 public:
  MemoryCache(std::shared_ptr<const Clock> clock, std::size_t max_entries) : clock_(std::move(clock)) {
    if (!clock_) throw std::invalid_argument("memory cache needs a clock");
    if (max_entries == 0) throw std::invalid_argument("memory cache needs max_entries > 0");
    // Small caches get one shard so that the size bound is exact; large ones
    // spread keys over up to kMaxShards locks.
    const std::size_t shard_count = std::clamp<std::size_t>(max_entries / kMinEntriesPerShard, 1, kMaxShards);
    const std::size_t per_shard = max_entries / shard_count;  // rounds down: never above the bound
    shards_.reserve(shard_count);
    for (std::size_t i = 0; i < shard_count; ++i) shards_.push_back(std::make_unique<Shard>(per_shard));
  }

  std::optional<std::string> get(std::string_view key) override { return shard(key).get(key, clock_->now()); }

  void set(std::string_view key, std::string_view value, milliseconds ttl) override {
    require_positive(ttl);
    const auto now = clock_->now();
    shard(key).set(key, value, now + ttl, now);
  }

  void erase(std::string_view key) override { shard(key).erase(key); }

  Counter increment(std::string_view key, milliseconds ttl) override {
    require_positive(ttl);
    return shard(key).increment(key, ttl, clock_->now());
  }

  bool ping() override { return true; }
  std::string_view kind() const override { return "memory"; }

 private:
  static constexpr std::size_t kMaxShards = 16;
  static constexpr std::size_t kMinEntriesPerShard = 4096;

  Shard& shard(std::string_view key) { return *shards_[std::hash<std::string_view>{}(key) % shards_.size()]; }

  std::shared_ptr<const Clock> clock_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace

std::shared_ptr<Cache> make_memory_cache(std::shared_ptr<const Clock> clock, std::size_t max_entries) {
  return std::make_shared<MemoryCache>(std::move(clock), max_entries);
}

}  // namespace soom::cache
