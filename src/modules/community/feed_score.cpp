#include "modules/community/feed_score.hpp"

#include <algorithm>
#include <cmath>

namespace soom::community {

std::int64_t popularity_score(std::int64_t likes, std::int64_t comments, Instant created_at) {
  const double engagement = 1.0 + static_cast<double>(std::max<std::int64_t>(likes, 0)) +
                            kScoreCommentWeight * static_cast<double>(std::max<std::int64_t>(comments, 0));
  const double age_bonus = static_cast<double>(to_unix_ms(created_at) / 1000) / kScoreSecondsPerDecade;
  return std::llround((std::log10(engagement) + age_bonus) * 1e6);
}

}  // namespace soom::community
