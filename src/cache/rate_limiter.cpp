#include "cache/rate_limiter.hpp"

#include <algorithm>

namespace soom::cache {

Status RateLimiter::check(std::string_view action, std::string_view subject, int limit) {
  if (limit <= 0) return {};
  std::string key = prefix_;
  key.append(":").append(action).append(":").append(subject);
  const auto counter = cache_->increment(key, window_);
  if (counter.count <= limit) return {};
  return rate_limited(message_, counter.remaining, "rate limit: " + prefix_ + ":" + std::string(action));
}

Error rate_limited(std::string message, std::chrono::milliseconds remaining, std::string internal) {
  auto error = Error::make(ErrorCode::kRateLimited, std::move(message), std::move(internal));
  error.retry_after_seconds = static_cast<int>(std::max<std::int64_t>(1, (remaining.count() + 999) / 1000));
  return error;
}

}  // namespace soom::cache
