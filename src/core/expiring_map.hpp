#pragma once
// A bounded map of values that expire, for small in-process caches of typed values (verified
// tokens, profiles). Not synchronized: the owner locks around it, so it can check its own
// conditions under the same lock. When full, expired entries go first; when every entry is
// still live, all go — cached values can be derived again, so a reset only costs that.
#include <cstddef>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/string_hash.hpp"
#include "core/time.hpp"

namespace soom {

template <class Value>
class ExpiringMap final {
 public:
  explicit ExpiringMap(std::size_t capacity) : capacity_(capacity) {}

  // The live value under `key`; an expired one is dropped.
  std::optional<Value> find(std::string_view key, Instant now) {
    const auto hit = entries_.find(key);
    if (hit == entries_.end()) return std::nullopt;
    if (now >= hit->second.expires_at) {
      entries_.erase(hit);
      return std::nullopt;
    }
    return hit->second.value;
  }

  // Does nothing with a capacity of 0.
  void put(std::string_view key, Value value, Instant expires_at, Instant now) {
    if (capacity_ == 0) return;
    if (entries_.size() >= capacity_) make_room(now);
    entries_.insert_or_assign(std::string(key), Entry{std::move(value), expires_at});
  }

  void erase(std::string_view key) {
    if (const auto hit = entries_.find(key); hit != entries_.end()) entries_.erase(hit);
  }

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    Value value;
    Instant expires_at;
  };

  void make_room(Instant now) {
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = now >= it->second.expires_at ? entries_.erase(it) : std::next(it);
    }
    if (entries_.size() >= capacity_) entries_.clear();
  }

  const std::size_t capacity_;
  std::unordered_map<std::string, Entry, StringHash, std::equal_to<>> entries_;
};

}  // namespace soom
