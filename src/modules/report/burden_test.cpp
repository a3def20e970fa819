// Symptom burden, reliever use and weeks on a hand-worked fortnight (Mon 2026-11-02 – Sun 11-15).
#include "modules/report/burden.hpp"

#include <gtest/gtest.h>

#include "modules/report/test_records.hpp"

namespace soom::report {
namespace {

using namespace testing;

std::vector<records::Record> fortnight() {
  return {
      symptom("2026-11-01", {"cough"}, 2),  // the day before: outside
      symptom("2026-11-02", {"cough"}, 1, {"cold_air", "fine_dust"}),
      symptom("2026-11-03", {"night_waking"}, 2),  // a symptom day, but not a daytime symptom
      status("2026-11-04", 4),                       // recorded, symptom-free
      symptom("2026-11-05", {"activity_limitation", "wheeze"}, 2, {"fine_dust"}),
      intake("2026-11-05", "rescue", 2),
      intake("2026-11-05", "rescue", 1, /*taken=*/false),  // skipped: not a use
      intake("2026-11-09", "rescue", 2, true, "air-1"),    // as-needed ICS-formoterol
      intake("2026-11-09", "controller", 1),
      symptom("2026-11-10", {}, 0),  // "no symptoms today"
      symptom("2026-11-16", {"cough"}, 1),  // the day after: outside
  };
}

TEST(SymptomBurden, CountsDaysInThePeriodOnly) {
  const auto days = index_days(fortnight(), {"air-1"});
  const auto b = symptom_burden(days, day("2026-11-02"), day("2026-11-15"));
  EXPECT_EQ(b.days_in_period, 14);
  EXPECT_EQ(b.days_recorded, 6);         // 02 03 04 05 09 10
  EXPECT_EQ(b.symptom_days, 3);          // 02 03 05
  EXPECT_EQ(b.symptom_free_days, 3);     // 04 09 10 (unrecorded days are not counted as free)
  EXPECT_EQ(b.daytime_symptom_days, 2);  // 02 05 (03 is night waking only)
  EXPECT_EQ(b.night_waking_nights, 1);
  EXPECT_EQ(b.activity_limited_days, 1);
  ASSERT_EQ(b.top_triggers.size(), 2u);
  EXPECT_EQ(b.top_triggers[0].trigger, "fine_dust");
  EXPECT_EQ(b.top_triggers[0].days, 2);
  EXPECT_EQ(b.top_triggers[1].trigger, "cold_air");
  EXPECT_EQ(b.top_triggers[1].days, 1);
}

TEST(SymptomBurden, KeepsTheFiveMostFrequentTriggers) {
  std::vector<records::Record> rs;
  const std::vector<std::string> names{"cold_air", "exercise", "fine_dust", "pets", "pollen", "smoke"};
  // smoke on 6 days, pollen on 5, …, cold_air on 1.
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t d = 0; d <= i; ++d) {
      rs.push_back(symptom("2026-11-0" + std::to_string(d + 1), {"cough"}, 1, {names[i]}));
    }
  }
  const auto b = symptom_burden(index_days(rs, {}), day("2026-11-01"), day("2026-11-07"));
  ASSERT_EQ(b.top_triggers.size(), 5u);
  EXPECT_EQ(b.top_triggers.front().trigger, "smoke");
  EXPECT_EQ(b.top_triggers.front().days, 6);
  EXPECT_EQ(b.top_triggers.back().trigger, "exercise");
  EXPECT_EQ(b.top_triggers.back().days, 2);
}

TEST(RelieverUse, CountsTakenRescueIntakesPerWeek) {
  const auto r = reliever_use(index_days(fortnight(), {"air-1"}), day("2026-11-02"), day("2026-11-15"));
  EXPECT_EQ(r.days, 2);       // 05 and 09
  EXPECT_EQ(r.occasions, 2);  // the skipped one and the controller do not count
  EXPECT_DOUBLE_EQ(r.doses, 4);
  EXPECT_DOUBLE_EQ(r.days_per_week, 1.0);   // 2 days / 2 weeks
  EXPECT_DOUBLE_EQ(r.doses_per_week, 2.0);  // 4 doses / 2 weeks
  EXPECT_EQ(r.ics_formoterol_occasions, 1);
  EXPECT_DOUBLE_EQ(r.ics_formoterol_doses, 2);
}

TEST(RelieverUse, PerWeekRoundsToOneDecimal) {
  // 1 day in 10 days = 0.7 days/week (0.7); 3 doses → 2.1 doses/week.
  const auto r = reliever_use(index_days({intake("2026-11-03", "rescue", 3)}, {}), day("2026-11-01"),
                              day("2026-11-10"));
  EXPECT_DOUBLE_EQ(r.days_per_week, 0.7);
  EXPECT_DOUBLE_EQ(r.doses_per_week, 2.1);
}

TEST(WeeklyBreakdown, SplitsFromTheFirstDayAndKeepsAShortLastWeek) {
  const auto days = index_days(fortnight(), {"air-1"});
  const auto weeks = weekly_breakdown(days, day("2026-11-02"), day("2026-11-16"));
  ASSERT_EQ(weeks.size(), 3u);
  EXPECT_EQ(weeks[0].from, "2026-11-02");
  EXPECT_EQ(weeks[0].to, "2026-11-08");
  EXPECT_EQ(weeks[0].days, 7);
  EXPECT_EQ(weeks[0].days_recorded, 4);
  EXPECT_EQ(weeks[0].symptom_days, 3);
  EXPECT_EQ(weeks[0].symptom_free_days, 1);
  EXPECT_EQ(weeks[0].night_waking_nights, 1);
  EXPECT_EQ(weeks[0].activity_limited_days, 1);
  EXPECT_EQ(weeks[0].reliever_days, 1);
  EXPECT_DOUBLE_EQ(weeks[0].reliever_doses, 2);
  EXPECT_EQ(weeks[1].days_recorded, 2);
  EXPECT_EQ(weeks[1].symptom_days, 0);
  EXPECT_EQ(weeks[1].symptom_free_days, 2);
  EXPECT_EQ(weeks[1].reliever_days, 1);
  EXPECT_EQ(weeks[2].from, "2026-11-16");
  EXPECT_EQ(weeks[2].to, "2026-11-16");
  EXPECT_EQ(weeks[2].days, 1);
  EXPECT_EQ(weeks[2].symptom_days, 1);
}

}  // namespace
}  // namespace soom::report
