#include "core/time.hpp"

#include <date/date.h>

#include <gtest/gtest.h>

namespace soom {
namespace {

TEST(TimeTest, FormatsAndParsesRfc3339) {
  const auto t = from_unix_ms(1'795'988'042'123);
  EXPECT_EQ(format_rfc3339(t), "2026-11-29T21:34:02.123Z");
  EXPECT_EQ(parse_rfc3339("2026-11-29T21:34:02.123Z"), t);
  EXPECT_EQ(parse_rfc3339("2026-11-30T06:34:02.123+09:00"), t);
  EXPECT_EQ(to_unix_ms(*parse_rfc3339("1970-01-01T00:00:00Z")), 0);
  EXPECT_FALSE(parse_rfc3339("2026-11-29 21:34:02Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-13-01T00:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-29T21:34:02").has_value());
  EXPECT_FALSE(parse_rfc3339("garbage").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-29T21:34:02Zjunk").has_value());
}

TEST(TimeTest, KnowsIanaZones) {
  EXPECT_TRUE(is_valid_time_zone("Asia/Seoul"));
  EXPECT_TRUE(is_valid_time_zone("America/New_York"));
  EXPECT_FALSE(is_valid_time_zone("Mars/Olympus"));
  EXPECT_FALSE(is_valid_time_zone(""));
}

TEST(TimeTest, ManualClockMoves) {
  ManualClock clock(from_unix_ms(1000));
  clock.advance(std::chrono::milliseconds(500));
  EXPECT_EQ(to_unix_ms(clock.now()), 1500);
  clock.set(from_unix_ms(7));
  EXPECT_EQ(to_unix_ms(clock.now()), 7);
}

}  // namespace
}  // namespace soom

namespace soom {
namespace {

TEST(TimeTest, FastFormatterMatchesTheReference) {
  for (std::int64_t ms : {0LL, 1LL, 999LL, 86'399'999LL, 951'782'400'000LL /*2000-02-29*/, 1'795'988'042'123LL,
                          253'402'300'799'999LL /*9999-12-31T23:59:59.999*/}) {
    const auto t = from_unix_ms(ms);
    EXPECT_EQ(format_rfc3339(t), date::format("%FT%TZ", t)) << ms;
  }
}

}  // namespace
}  // namespace soom
