#pragma once
// A small LRU map from SQL text to an engine's prepared statement. Both engines
// keep one per connection so hot queries are parsed and planned once.
#include <cstddef>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace soom::db {

template <typename Statement>
class StatementCache final {
 public:
  static constexpr std::size_t kDefaultCapacity = 128;

  explicit StatementCache(std::size_t capacity = kDefaultCapacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // The cached statement for `sql` (marked most recently used), or nullptr.
  Statement* find(const std::string& sql) {
    const auto it = index_.find(sql);
    if (it == index_.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, it->second);
    return &it->second->second;
  }

  // Caches a statement and returns the least recently used entry it pushed out,
  // so the caller can release engine-side resources (PostgreSQL DEALLOCATE).
  std::optional<std::pair<std::string, Statement>> insert(const std::string& sql, Statement statement) {
    if (auto* existing = find(sql)) {
      *existing = std::move(statement);
      return std::nullopt;
    }
    entries_.emplace_front(sql, std::move(statement));
    index_.emplace(entries_.front().first, entries_.begin());
    if (entries_.size() <= capacity_) return std::nullopt;
    auto evicted = std::move(entries_.back());
    index_.erase(evicted.first);
    entries_.pop_back();
    return evicted;
  }

  void clear() {
    index_.clear();
    entries_.clear();
  }
  std::size_t size() const { return entries_.size(); }

 private:
  using Entry = std::pair<std::string, Statement>;
  std::size_t capacity_;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string, typename std::list<Entry>::iterator> index_;
};

}  // namespace soom::db
