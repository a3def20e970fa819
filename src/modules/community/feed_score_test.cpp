#include "modules/community/feed_score.hpp"

#include <gtest/gtest.h>

namespace soom::community {
namespace {

using std::chrono::hours;

const Instant kT0 = from_unix_ms(1'764'000'000'000);

TEST(PopularityScore, GrowsWithLikesAndCommentsCountDouble) {
  EXPECT_LT(popularity_score(0, 0, kT0), popularity_score(1, 0, kT0));
  EXPECT_EQ(popularity_score(2, 0, kT0), popularity_score(0, 1, kT0));
  EXPECT_LT(popularity_score(5, 0, kT0), popularity_score(5, 1, kT0));
}

TEST(PopularityScore, TenTimesTheEngagementIsWorthTwelveAndAHalfHoursOfAge) {
  // 9 likes → engagement 10 (one decade), the same as being 45 000 s newer.
  const auto older_popular = popularity_score(9, 0, kT0);
  const auto newer_quiet = popularity_score(0, 0, kT0 + std::chrono::seconds(45'000));
  EXPECT_NEAR(static_cast<double>(older_popular), static_cast<double>(newer_quiet), 1.0);
  // A day-old post needs more than 10× the engagement to beat a new one.
  EXPECT_LT(popularity_score(20, 0, kT0), popularity_score(0, 0, kT0 + hours(24)));
  EXPECT_GT(popularity_score(200, 0, kT0), popularity_score(0, 0, kT0 + hours(24)));
}

TEST(PopularityScore, NegativeCountsAreTreatedAsZero) {
  EXPECT_EQ(popularity_score(-3, -1, kT0), popularity_score(0, 0, kT0));
}

}  // namespace
}  // namespace soom::community
