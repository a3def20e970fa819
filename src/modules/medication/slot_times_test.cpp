#include "modules/medication/slot_times.hpp"

#include <gtest/gtest.h>

namespace soom::medication {
namespace {

Instant at(const char* rfc3339) { return parse_rfc3339(rfc3339).value(); }

Medication daily(std::vector<std::string> times, std::string start = "2026-01-01") {
  Medication m;
  m.id = "m";
  m.schedule.kind = "weekly";
  for (auto& day : m.schedule.weekly) day = times;
  m.start_date = std::move(start);
  return m;
}

TEST(SlotTimes, SeoulHasNoDstAndUsesLocalDates) {
  const auto slots = slots_between(daily({"08:00", "21:00"}), "Asia/Seoul", at("2026-03-01T15:00:00Z"),
                                   at("2026-03-02T15:00:00Z"));
  ASSERT_EQ(slots.size(), 2u);
  EXPECT_EQ(format_rfc3339(slots[0].at), "2026-03-01T23:00:00.000Z");  // 08:00 KST on 03-02
  EXPECT_EQ(slots[0].local_time, "2026-03-02T08:00");
  EXPECT_EQ(slots[0].local_date, "2026-03-02");
  EXPECT_EQ(format_rfc3339(slots[1].at), "2026-03-02T12:00:00.000Z");
}

TEST(SlotTimes, SpringForwardGapShiftsForwardByTheGap) {
  // 2026-03-08: New York clocks jump 02:00 EST → 03:00 EDT. 02:30 does not exist.
  const auto slots = slots_between(daily({"02:30"}), "America/New_York", at("2026-03-07T00:00:00Z"),
                                   at("2026-03-10T00:00:00Z"));
  ASSERT_EQ(slots.size(), 3u);
  EXPECT_EQ(format_rfc3339(slots[0].at), "2026-03-07T07:30:00.000Z");  // 02:30 EST
  EXPECT_EQ(slots[1].local_time, "2026-03-08T02:30");
  EXPECT_EQ(format_rfc3339(slots[1].at), "2026-03-08T07:30:00.000Z");  // = 03:30 EDT
  EXPECT_EQ(format_rfc3339(slots[2].at), "2026-03-09T06:30:00.000Z");  // 02:30 EDT
}

TEST(SlotTimes, FallBackOverlapFiresOnceAtTheFirstOccurrence) {
  // 2026-11-01: New York clocks go 02:00 EDT → 01:00 EST; 01:30 happens twice.
  const auto slots = slots_between(daily({"01:30"}), "America/New_York", at("2026-10-31T00:00:00Z"),
                                   at("2026-11-03T00:00:00Z"));
  ASSERT_EQ(slots.size(), 3u);
  EXPECT_EQ(format_rfc3339(slots[0].at), "2026-10-31T05:30:00.000Z");  // EDT
  EXPECT_EQ(slots[1].local_time, "2026-11-01T01:30");
  EXPECT_EQ(format_rfc3339(slots[1].at), "2026-11-01T05:30:00.000Z");  // first 01:30 (EDT), not 06:30
  EXPECT_EQ(format_rfc3339(slots[2].at), "2026-11-02T06:30:00.000Z");  // EST
}

TEST(SlotTimes, UnaffectedTimesOnDstDaysKeepTheirWallClock) {
  const auto slots = slots_between(daily({"08:00", "20:00"}), "America/New_York", at("2026-03-08T05:00:00Z"),
                                   at("2026-03-09T05:00:00Z"));
  ASSERT_EQ(slots.size(), 2u);
  EXPECT_EQ(format_rfc3339(slots[0].at), "2026-03-08T12:00:00.000Z");  // 08:00 EDT
  EXPECT_EQ(format_rfc3339(slots[1].at), "2026-03-09T00:00:00.000Z");  // 20:00 EDT
}

TEST(SlotTimes, WeekdaysIntervalsAndDateBounds) {
  Medication m;
  m.schedule.kind = "weekly";
  m.schedule.weekly[0] = {"09:00"};  // Mondays only
  m.start_date = "2026-03-01";
  // 2026-03-02 and 2026-03-09 are Mondays.
  auto slots = slots_between(m, "Asia/Seoul", at("2026-03-01T00:00:00Z"), at("2026-03-15T00:00:00Z"));
  ASSERT_EQ(slots.size(), 2u);
  EXPECT_EQ(slots[0].local_date, "2026-03-02");
  EXPECT_EQ(slots[1].local_date, "2026-03-09");

  m.schedule.kind = "interval";
  m.schedule.every_days = 3;
  m.schedule.times = {"07:00"};
  m.end_date = "2026-03-07";
  slots = slots_between(m, "Asia/Seoul", at("2026-02-20T00:00:00Z"), at("2026-03-31T00:00:00Z"));
  ASSERT_EQ(slots.size(), 3u);  // 03-01, 03-04, 03-07
  EXPECT_EQ(slots[0].local_date, "2026-03-01");
  EXPECT_EQ(slots[2].local_date, "2026-03-07");

  m.paused = true;
  EXPECT_TRUE(slots_between(m, "Asia/Seoul", at("2026-02-20T00:00:00Z"), at("2026-03-31T00:00:00Z")).empty());
  m.paused = false;
  m.schedule.kind = "as_needed";
  EXPECT_TRUE(slots_between(m, "Asia/Seoul", at("2026-02-20T00:00:00Z"), at("2026-03-31T00:00:00Z")).empty());
}

TEST(SlotTimes, ParsesTimesAndDates) {
  EXPECT_EQ(parse_time_of_day("08:05"), 485);
  EXPECT_FALSE(parse_time_of_day("24:00"));
  EXPECT_FALSE(parse_time_of_day("8:00"));
  EXPECT_TRUE(parse_date("2028-02-29"));
  EXPECT_FALSE(parse_date("2026-02-29"));
  EXPECT_EQ(local_date_in(at("2026-03-01T15:30:00Z"), "Asia/Seoul"), "2026-03-02");
}

}  // namespace
}  // namespace soom::medication
