#pragma once
// Per-user write limits (posts, comments, likes) on the shared cache: a fixed window per
// user and action, so several `api` processes share one count when Redis is configured.
#include <memory>
#include <string>

#include "cache/cache.hpp"
#include "core/result.hpp"

namespace soom::community {

class RateLimiter final {
 public:
  RateLimiter(std::shared_ptr<cache::Cache> cache, int window_s) : cache_(std::move(cache)), window_s_(window_s) {}
  // Counts one `action` of the user; RATE_LIMITED with retry_after_seconds once more than
  // `limit` happened in the current window. limit <= 0 turns the check off.
  Status check(const std::string& action, const std::string& user_id, int limit);

 private:
  std::shared_ptr<cache::Cache> cache_;
  int window_s_;
};

}  // namespace soom::community
