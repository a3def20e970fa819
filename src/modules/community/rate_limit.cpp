#include "modules/community/rate_limit.hpp"

#include <algorithm>

namespace soom::community {

Status RateLimiter::check(const std::string& action, const std::string& user_id, int limit) {
  if (limit <= 0) return {};
  const auto counter = cache_->increment("community:rate:" + action + ":" + user_id, std::chrono::seconds(window_s_));
  if (counter.count <= limit) return {};
  auto error = Error::make(ErrorCode::kRateLimited, "너무 자주 작성하고 있습니다. 잠시 후 다시 시도해 주세요.",
                           "community rate limit: " + action);
  const auto ms = counter.remaining.count();
  error.retry_after_seconds = static_cast<int>(std::max<std::int64_t>(1, (ms + 999) / 1000));
  return error;
}

}  // namespace soom::community
