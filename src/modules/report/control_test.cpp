// GINA symptom control per 4-week window and ACT bands/changes, on hand-worked cases.
#include "modules/report/control.hpp"

#include <gtest/gtest.h>

#include "modules/report/test_records.hpp"

namespace soom::report {
namespace {

using namespace testing;

// Day index for 2026-11-02 + offset.
Day nth(int offset) { return day("2026-11-02") + std::chrono::days(offset); }

DayFacts recorded() {
  DayFacts f;
  f.recorded = true;
  return f;
}

TEST(GinaLevel, MapsItemsToLevels) {
  EXPECT_EQ(gina_level(0), "well_controlled");
  EXPECT_EQ(gina_level(1), "partly_controlled");
  EXPECT_EQ(gina_level(2), "partly_controlled");
  EXPECT_EQ(gina_level(3), "uncontrolled");
  EXPECT_EQ(gina_level(4), "uncontrolled");
}

TEST(GinaWindows, MoreThanTwicePerWeekMeansMoreThanEightIn28Days) {
  DayIndex days;
  for (int i = 0; i < 20; ++i) days[nth(i)] = recorded();           // 20 of 28 days recorded
  for (int i = 0; i < 9; ++i) days[nth(i)].daytime_symptom = true;  // 9 > 8: item met
  for (int i = 10; i < 18; ++i) days[nth(i)].reliever_occasions = 1;  // 8 SABA uses: not > 8
  days[nth(19)].reliever_occasions = 1;  // a ninth use, but it is ICS-formoterol: excluded
  days[nth(19)].ics_formoterol_occasions = 1;
  const auto w = gina_windows(days, {}, nth(0), nth(27));
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].days, 28);
  EXPECT_DOUBLE_EQ(w[0].per_week_limit, 8.0);
  EXPECT_EQ(w[0].daytime_symptom_days, 9);
  EXPECT_TRUE(w[0].daytime_symptoms_over_limit);
  EXPECT_EQ(w[0].reliever_occasions, 8);
  EXPECT_FALSE(w[0].reliever_over_limit);
  EXPECT_FALSE(w[0].any_night_waking);
  EXPECT_FALSE(w[0].any_activity_limitation);
  EXPECT_EQ(w[0].items_met, 1);
  EXPECT_EQ(w[0].level, "partly_controlled");
}

TEST(GinaWindows, SparseRecordsAreNotCalledControlled) {
  DayIndex days;
  for (int i = 0; i < 13; ++i) days[nth(i)] = recorded();  // 13 of 28: fewer than half
  const auto sparse = gina_windows(days, {}, nth(0), nth(27));
  EXPECT_EQ(sparse[0].items_met, 0);
  EXPECT_EQ(sparse[0].level, "insufficient_data");
  days[nth(13)] = recorded();  // 14 of 28: half is enough
  EXPECT_EQ(gina_windows(days, {}, nth(0), nth(27))[0].level, "well_controlled");
}

TEST(GinaWindows, ThreeItemsAreUncontrolledHoweverSparse) {
  DayIndex days;
  days[nth(0)] = recorded();
  days[nth(0)].night_waking = true;
  days[nth(1)] = recorded();
  days[nth(1)].activity_limitation = true;
  for (int i = 2; i < 11; ++i) {
    days[nth(i)] = recorded();
    days[nth(i)].daytime_symptom = true;  // 9 days
  }
  const auto w = gina_windows(days, {}, nth(0), nth(27));
  EXPECT_EQ(w[0].days_recorded, 11);
  EXPECT_EQ(w[0].items_met, 3);
  EXPECT_EQ(w[0].level, "uncontrolled");
}

TEST(GinaWindows, ShortLastWindowScalesTheLimit) {
  DayIndex days;
  for (int i = 0; i < 35; ++i) days[nth(i)] = recorded();
  for (int i = 28; i < 31; ++i) days[nth(i)].reliever_occasions = 1;  // 3 uses in 7 days: > 2
  auto records = std::vector<records::Record>{control_test("2026-11-05", "gina", 1, "partly_controlled"),
                                              control_test("2026-11-20", "gina", 0, "well_controlled"),
                                              control_test("2026-12-01", "gina", 2, "partly_controlled")};
  const auto w = gina_windows(days, records, nth(0), nth(34));
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[1].from, "2026-11-30");
  EXPECT_EQ(w[1].to, "2026-12-06");
  EXPECT_EQ(w[1].days, 7);
  EXPECT_DOUBLE_EQ(w[1].per_week_limit, 2.0);
  EXPECT_TRUE(w[1].reliever_over_limit);
  EXPECT_EQ(w[1].level, "partly_controlled");
  EXPECT_EQ(w[0].level, "well_controlled");
  // The patient's own GINA answers: the last one inside each window.
  ASSERT_TRUE(w[0].patient_gina.has_value());
  EXPECT_EQ(w[0].patient_gina->date, "2026-11-20");
  EXPECT_EQ(w[0].patient_gina->score, 0);
  ASSERT_TRUE(w[1].patient_gina.has_value());
  EXPECT_EQ(w[1].patient_gina->result, "partly_controlled");
}

TEST(ActBand, FollowsNathan2004Cutpoints) {
  EXPECT_EQ(act_band(25), "well_controlled");
  EXPECT_EQ(act_band(20), "well_controlled");
  EXPECT_EQ(act_band(19), "not_well_controlled");
  EXPECT_EQ(act_band(16), "not_well_controlled");
  EXPECT_EQ(act_band(15), "very_poorly_controlled");
  EXPECT_EQ(act_band(5), "very_poorly_controlled");
}

TEST(ActSeries, FlagsChangesOfThreePointsAgainstThePreviousTest) {
  const std::vector<records::Record> rs{
      control_test("2026-11-20", "act", 15),
      control_test("2026-10-20", "act", 14),  // before the period: the baseline of the first change
      control_test("2026-11-03", "act", 18),
      control_test("2026-11-10", "act", 20),
      control_test("2026-11-12", "gina", 1),  // another instrument
      control_test("2026-12-05", "act", 25),  // after the period
  };
  const auto series = act_series(rs, day("2026-11-01"), day("2026-11-30"));
  ASSERT_EQ(series.size(), 3u);
  EXPECT_EQ(series[0].date, "2026-11-03");
  EXPECT_EQ(series[0].band, "not_well_controlled");
  EXPECT_EQ(series[0].change, 4);  // 18 − 14
  EXPECT_TRUE(series[0].significant_change);
  EXPECT_EQ(series[1].change, 2);  // 20 − 18
  EXPECT_FALSE(series[1].significant_change);
  EXPECT_EQ(series[1].band, "well_controlled");
  EXPECT_EQ(series[2].change, -5);  // 15 − 20
  EXPECT_TRUE(series[2].significant_change);
  EXPECT_EQ(series[2].band, "very_poorly_controlled");
  // Without an earlier test there is no change to flag.
  const auto alone = act_series({control_test("2026-11-03", "act", 18)}, day("2026-11-01"), day("2026-11-30"));
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_FALSE(alone[0].change.has_value());
  EXPECT_FALSE(alone[0].significant_change);
}

}  // namespace
}  // namespace soom::report
