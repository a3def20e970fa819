// Peak flow: personal best, % and zones, Nunn & Gregg predicted values, diurnal variability.
#include "modules/report/peak_flow.hpp"

#include <gtest/gtest.h>

#include "modules/report/test_records.hpp"

namespace soom::report {
namespace {

using namespace testing;

TEST(PeakFlowZones, UseTheUnroundedPercentOfPersonalBest) {
  EXPECT_EQ(percent_of_best(400, 500), 80);
  EXPECT_EQ(percent_of_best(399, 500), 80);  // 79.8 rounds to 80 for display …
  EXPECT_EQ(zone_of(399, 500, 80, 50), "yellow");  // … but is not green
  EXPECT_EQ(zone_of(400, 500, 80, 50), "green");
  EXPECT_EQ(zone_of(250, 500, 80, 50), "yellow");
  EXPECT_EQ(zone_of(249, 500, 80, 50), "red");
  // Per-user thresholds.
  EXPECT_EQ(zone_of(400, 500, 85, 60), "yellow");
  EXPECT_EQ(zone_of(290, 500, 85, 60), "red");
}

TEST(PersonalBest, UserEnteredValueWins) {
  const auto days = index_days({peak_flow("2026-11-10", 620)}, {});
  const auto best = choose_personal_best(days, 500, day("2026-11-30"), 182);
  EXPECT_EQ(best.value, 500);
  EXPECT_EQ(best.source, "user_entered");
}

TEST(PersonalBest, HighestReadingOnWellDaysInTheWindow) {
  const std::vector<records::Record> rs{
      peak_flow("2026-11-10", 480),                                                 // well day
      peak_flow("2026-11-11", 520), symptom("2026-11-11", {"wheeze"}, 1),           // symptoms
      peak_flow("2026-11-12", 530), intake("2026-11-12", "rescue", 2),              // reliever
      peak_flow("2026-05-01", 600),                                                 // before the window
      peak_flow("2026-12-01", 610),                                                 // after `to`
  };
  const auto days = index_days(rs, {});
  // Window of 182 days ending 2026-11-30 starts 2026-06-02.
  const auto best = choose_personal_best(days, std::nullopt, day("2026-11-30"), 182);
  EXPECT_EQ(best.value, 480);
  EXPECT_EQ(best.source, "well_controlled_best");
  const auto none = choose_personal_best(index_days({}, {}), std::nullopt, day("2026-11-30"), 182);
  EXPECT_FALSE(none.value.has_value());
  EXPECT_EQ(none.source, "none");
}

TEST(PredictedPef, NunnGregg1989) {
  // Man, 40 y, 175 cm: 0.544·ln 40 − 0.0151·40 − 74.7/175 + 5.48
  //   = 2.00675 − 0.604 − 0.42686 + 5.48 = 6.45589 → e^6.45589 = 636.4 → 636 L/min.
  EXPECT_EQ(predicted_pef_nunn_gregg(40, "male", 175), 636);
  // Man, 25 y, 180 cm: 1.75108 − 0.3775 − 0.415 + 5.48 = 6.43857 → 625.5 → 626.
  EXPECT_EQ(predicted_pef_nunn_gregg(25, "male", 180), 626);
  // Man, 70 y, 170 cm: 2.31123 − 1.057 − 0.43941 + 5.48 = 6.29477 → 541.7 → 542.
  EXPECT_EQ(predicted_pef_nunn_gregg(70, "male", 170), 542);
  // Woman, 40 y, 160 cm: 0.376·ln 40 − 0.012·40 − 58.8/160 + 5.63
  //   = 1.38702 − 0.48 − 0.3675 + 5.63 = 6.16952 → 478.0 → 478.
  EXPECT_EQ(predicted_pef_nunn_gregg(40, "female", 160), 478);
  // Woman, 65 y, 155 cm: 1.56957 − 0.78 − 0.37935 + 5.63 = 6.04021 → 420.0 → 420.
  EXPECT_EQ(predicted_pef_nunn_gregg(65, "female", 155), 420);
  // Outside the equation's population, or without a usable sex: no value (never a guess).
  EXPECT_FALSE(predicted_pef_nunn_gregg(14, "male", 160).has_value());
  EXPECT_FALSE(predicted_pef_nunn_gregg(86, "female", 150).has_value());
  EXPECT_FALSE(predicted_pef_nunn_gregg(40, "other", 170).has_value());
}

TEST(DiurnalVariability, AveragesDaysWithTwoOrMoreReadings) {
  const std::vector<records::Record> rs{
      peak_flow("2026-11-02", 400, 9), peak_flow("2026-11-02", 360, 21),  // 40 / 380 = 10.526 %
      peak_flow("2026-11-03", 300, 9), peak_flow("2026-11-03", 330, 21),  // 30 / 315 = 9.524 %
      peak_flow("2026-11-03", 320, 14),                                   // between: no effect
      peak_flow("2026-11-04", 450, 9),                                    // one reading: not used
  };
  const auto v = diurnal_variability(index_days(rs, {}), day("2026-11-01"), day("2026-11-07"));
  EXPECT_EQ(v.days, 2);
  ASSERT_TRUE(v.mean_percent.has_value());
  EXPECT_DOUBLE_EQ(*v.mean_percent, 10.0);  // (10.526 + 9.524) / 2 = 10.025 → 10.0
  EXPECT_DOUBLE_EQ(variability_threshold_percent(40), 10.0);
  EXPECT_DOUBLE_EQ(variability_threshold_percent(std::nullopt), 10.0);
  EXPECT_DOUBLE_EQ(variability_threshold_percent(9), 13.0);
  EXPECT_FALSE(diurnal_variability(index_days({peak_flow("2026-11-04", 450)}, {}), day("2026-11-01"),
                                   day("2026-11-07"))
                   .mean_percent.has_value());
}

TEST(PeakFlowFigures, ZoneDistributionAndMeanPercent) {
  const std::vector<records::Record> rs{
      peak_flow("2026-11-02", 500, 9),   // 100 % green
      peak_flow("2026-11-02", 400, 21),  // 80 % green (variability 100/450 = 22.2 %)
      peak_flow("2026-11-03", 300),      // 60 % yellow
      peak_flow("2026-11-04", 200),      // 40 % red
      peak_flow("2026-10-30", 100),      // before the period
  };
  const auto days = index_days(rs, {});
  PeakFlowInputs in;
  in.age_years = 40;
  in.sex = "male";
  in.height_cm = 175;
  const auto f = peak_flow_figures(rs, days, day("2026-11-01"), day("2026-11-07"), {500, "user_entered"}, in);
  ASSERT_EQ(f.readings.size(), 4u);
  EXPECT_EQ(f.readings[0].pef, 500);  // ordered by time
  EXPECT_EQ(f.readings[3].zone, "red");
  EXPECT_EQ(f.readings[3].percent_of_personal_best, 40);
  EXPECT_EQ(f.green, 2);
  EXPECT_EQ(f.yellow, 1);
  EXPECT_EQ(f.red, 1);
  EXPECT_DOUBLE_EQ(*f.mean_percent_of_personal_best, 70.0);  // (100 + 80 + 60 + 40) / 4
  EXPECT_EQ(f.predicted_pef, 636);
  EXPECT_DOUBLE_EQ(*f.diurnal_variability_percent, 22.2);
  EXPECT_EQ(f.variability_above_threshold, true);
  // Without a personal best: readings, but no zones (and never zones from the predicted value).
  const auto none = peak_flow_figures(rs, days, day("2026-11-01"), day("2026-11-07"), {}, in);
  EXPECT_EQ(none.readings.size(), 4u);
  EXPECT_FALSE(none.readings[0].zone.has_value());
  EXPECT_EQ(none.green + none.yellow + none.red, 0);
  EXPECT_FALSE(none.mean_percent_of_personal_best.has_value());
  EXPECT_EQ(none.predicted_pef, 636);
}

}  // namespace
}  // namespace soom::report
