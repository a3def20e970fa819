#include "modules/records/day_bucket.hpp"

#include <gtest/gtest.h>

namespace soom::records {
namespace {

Instant at(const char* rfc3339) { return parse_rfc3339(rfc3339).value(); }

TEST(DayBucket, SeoulIsUtcPlusNineWithoutDst) {
  EXPECT_EQ(local_date_of(at("2026-11-23T14:59:59Z"), "Asia/Seoul"), "2026-11-23");
  EXPECT_EQ(local_date_of(at("2026-11-23T15:00:00Z"), "Asia/Seoul"), "2026-11-24");
  // A summer instant: Korea has no DST, still +9.
  EXPECT_EQ(local_date_of(at("2026-07-01T15:00:00Z"), "Asia/Seoul"), "2026-07-02");
}

TEST(DayBucket, NewYorkSpringForward) {
  // DST starts 2026-03-08 at 02:00 EST (07:00Z). Before it the offset is -5, after it -4.
  EXPECT_EQ(local_date_of(at("2026-03-08T04:30:00Z"), "America/New_York"), "2026-03-07");  // 23:30 EST
  EXPECT_EQ(local_date_of(at("2026-03-08T06:30:00Z"), "America/New_York"), "2026-03-08");  // 01:30 EST
  // 00:30 EDT on the 9th; a fixed -5 offset would wrongly say 23:30 on the 8th.
  EXPECT_EQ(local_date_of(at("2026-03-09T04:30:00Z"), "America/New_York"), "2026-03-09");
}

TEST(DayBucket, NewYorkFallBack) {
  // DST ends 2026-11-01 at 02:00 EDT (06:00Z). 23:30 EST on the 1st is 04:30Z on the 2nd;
  // a fixed -4 offset would wrongly say 00:30 on the 2nd.
  EXPECT_EQ(local_date_of(at("2026-11-02T04:30:00Z"), "America/New_York"), "2026-11-01");
  EXPECT_EQ(local_date_of(at("2026-11-01T03:30:00Z"), "America/New_York"), "2026-10-31");  // 23:30 EDT
  // The repeated hour 01:00–02:00 is one day either way.
  EXPECT_EQ(local_date_of(at("2026-11-01T05:30:00Z"), "America/New_York"), "2026-11-01");
  EXPECT_EQ(local_date_of(at("2026-11-01T06:30:00Z"), "America/New_York"), "2026-11-01");
}

TEST(DayBucket, SameInstantDifferentZones) {
  const auto t = at("2026-11-23T21:30:00Z");
  EXPECT_EQ(local_date_of(t, "Asia/Seoul"), "2026-11-24");
  EXPECT_EQ(local_date_of(t, "America/New_York"), "2026-11-23");
}

TEST(DayBucket, MonthsAndDates) {
  EXPECT_EQ(days_of_month(*parse_month("2026-02")).size(), 28u);
  EXPECT_EQ(days_of_month(*parse_month("2028-02")).size(), 29u);
  const auto nov = days_of_month(*parse_month("2026-11"));
  ASSERT_EQ(nov.size(), 30u);
  EXPECT_EQ(nov.front(), "2026-11-01");
  EXPECT_EQ(nov.back(), "2026-11-30");
  EXPECT_FALSE(parse_month("2026-13"));
  EXPECT_FALSE(parse_month("2026-1"));
  EXPECT_FALSE(parse_local_date("2026-02-29"));
  EXPECT_TRUE(parse_local_date("2028-02-29"));
  EXPECT_EQ(format_month(add_months(*parse_month("2026-11"), 3)), "2027-02");
  EXPECT_EQ(format_month(add_months(*parse_month("2026-01"), -1)), "2025-12");
  EXPECT_EQ(month_of_date("2026-11-23"), "2026-11");
}

}  // namespace
}  // namespace soom::records
