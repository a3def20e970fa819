#pragma once
// Shared cache seam: in-process by default, Redis (hiredis) when cache.redis_url is
// set so that several `api` processes share revocations, rate limits and caches.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace soom::cache {

class Cache {
 public:
  virtual ~Cache() = default;
  virtual std::optional<std::string> get(std::string_view key) = 0;
  virtual void set(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) = 0;
  virtual void erase(std::string_view key) = 0;
  // Atomically increments a counter, starting a fresh window of `ttl` when the key
  // is new. Returns the new count and the remaining window.
  struct Counter {
    std::int64_t count = 0;
    std::chrono::milliseconds remaining{0};
  };
  virtual Counter increment(std::string_view key, std::chrono::milliseconds ttl) = 0;
  virtual bool ping() = 0;
  virtual std::string_view kind() const = 0;  // "memory" | "redis"
};

// Thread-safe in-process cache with lazy expiry and a size bound.
std::shared_ptr<Cache> make_memory_cache(std::shared_ptr<const Clock> clock, std::size_t max_entries = 1'000'000);
// Redis cache: "redis://host:port/db" or "unix:///path/to/redis.sock". Throws
// std::runtime_error when the server cannot be reached at start.
std::shared_ptr<Cache> make_redis_cache(const std::string& url);

}  // namespace soom::cache
