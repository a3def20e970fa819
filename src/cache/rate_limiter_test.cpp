#include "cache/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace soom::cache {
namespace {

class RateLimitTest : public ::testing::Test {
 protected:
  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>(from_unix_ms(1'764'000'000'000));
  RateLimiter limiter_{make_memory_cache(clock_), "test:rate", std::chrono::seconds(60), "잠시 후 다시 시도해 주세요"};
};

TEST_F(RateLimitTest, AllowsTheLimitThenRefusesWithRetryAfter) {
  EXPECT_TRUE(limiter_.check("post", "u1", 2).ok());
  EXPECT_TRUE(limiter_.check("post", "u1", 2).ok());
  clock_->advance(std::chrono::seconds(20));
  const auto third = limiter_.check("post", "u1", 2);
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(third.error().retry_after_seconds, 40);
  EXPECT_EQ(third.error().public_message, "잠시 후 다시 시도해 주세요");
}

TEST(RateLimited, RoundsRetryAfterUpToWholeSecondsAndAtLeastOne) {
  EXPECT_EQ(rate_limited("m", std::chrono::milliseconds(1001)).retry_after_seconds, 2);
  EXPECT_EQ(rate_limited("m", std::chrono::milliseconds(1000)).retry_after_seconds, 1);
  EXPECT_EQ(rate_limited("m", std::chrono::milliseconds(0)).retry_after_seconds, 1);
}

TEST_F(RateLimitTest, CountsUsersAndActionsSeparately) {
  EXPECT_TRUE(limiter_.check("post", "u1", 1).ok());
  EXPECT_FALSE(limiter_.check("post", "u1", 1).ok());
  EXPECT_TRUE(limiter_.check("post", "u2", 1).ok());
  EXPECT_TRUE(limiter_.check("like", "u1", 1).ok());
}

TEST_F(RateLimitTest, ANewWindowStartsAfterTheOldOneEnds) {
  EXPECT_TRUE(limiter_.check("comment", "u1", 1).ok());
  EXPECT_FALSE(limiter_.check("comment", "u1", 1).ok());
  clock_->advance(std::chrono::seconds(61));
  EXPECT_TRUE(limiter_.check("comment", "u1", 1).ok());
}

TEST_F(RateLimitTest, ZeroTurnsTheLimitOff) {
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter_.check("like", "u1", 0).ok());
}

}  // namespace
}  // namespace soom::cache
