#pragma once
// Per-subject limits on the shared cache (posts per user, care-partner invites per patient, …):
// a fixed window per subject and action, so several `api` processes share one count when
// Redis is configured.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "cache/cache.hpp"
#include "core/result.hpp"

namespace soom::cache {

class RateLimiter final {
 public:
  // `prefix` namespaces the counters ("community:rate"); `message` is the user-facing text of
  // the RATE_LIMITED problem.
  RateLimiter(std::shared_ptr<Cache> cache, std::string prefix, std::chrono::seconds window, std::string message)
      : cache_(std::move(cache)), prefix_(std::move(prefix)), window_(window), message_(std::move(message)) {}

  // Counts one `action` of `subject`; RATE_LIMITED with retry_after_seconds once more than
  // `limit` happened in the current window. limit <= 0 turns the check off.
  Status check(std::string_view action, std::string_view subject, int limit);

 private:
  std::shared_ptr<Cache> cache_;
  std::string prefix_;
  std::chrono::seconds window_;
  std::string message_;
};

// RATE_LIMITED with Retry-After rounded up to whole seconds (at least 1).
Error rate_limited(std::string message, std::chrono::milliseconds remaining, std::string internal = {});

}  // namespace soom::cache
