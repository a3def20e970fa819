#include "modules/records/calendar.hpp"

#include <gtest/gtest.h>

#include "modules/records/day_bucket.hpp"

namespace soom::records {
namespace {

Record make(const char* at, const char* zone, RecordDetail detail) {
  Record r;
  r.id = at;
  r.occurred_at = parse_rfc3339(at).value();
  r.time_zone = zone;
  r.local_date = local_date_of(r.occurred_at, zone);
  r.type = std::string(type_name(detail));
  r.detail = std::move(detail);
  return r;
}

LungFunctionDetail pef(int value) {
  LungFunctionDetail d;
  d.pef = value;
  return d;
}

IntakeDetail rescue(double doses, bool taken = true) {
  IntakeDetail d;
  d.medication_name = "벤토린";
  d.category = "rescue";
  d.doses = doses;
  d.taken = taken;
  return d;
}

TEST(PeakFlowZone, DefaultAndCustomThresholds) {
  RecordsSettings s;
  EXPECT_EQ(peak_flow_zone(400, 500, s), "green");   // 80 %
  EXPECT_EQ(peak_flow_zone(399, 500, s), "yellow");  // 79.8 %: not rounded up into green
  EXPECT_EQ(peak_flow_zone(250, 500, s), "yellow");  // 50 %
  EXPECT_EQ(peak_flow_zone(249, 500, s), "red");
  EXPECT_EQ(peak_flow_zone(400, std::nullopt, s), std::nullopt);
  s.green_min_percent = 90;
  s.yellow_min_percent = 60;
  EXPECT_EQ(peak_flow_zone(400, 500, s), "yellow");
  EXPECT_EQ(peak_flow_zone(290, 500, s), "red");
  EXPECT_EQ(percent_of(399, 500), 80);
}

TEST(Calendar, AggregatesEveryFieldOfADay) {
  ControlTestDetail act;
  act.instrument = "act";
  act.score = 18;
  act.result = "not_well_controlled";
  std::vector<Record> records{
      make("2026-11-23T00:10:00Z", "Asia/Seoul", SymptomDetail{{"cough"}, 1, {}, std::nullopt}),
      make("2026-11-23T12:00:00Z", "Asia/Seoul", SymptomDetail{{"night_waking", "wheeze"}, 3, {"cold_air"}, std::nullopt}),
      make("2026-11-23T01:00:00Z", "Asia/Seoul", rescue(2)),
      make("2026-11-23T02:00:00Z", "Asia/Seoul", rescue(1)),
      make("2026-11-23T03:00:00Z", "Asia/Seoul", rescue(5, false)),  // skipped: not a dose
      make("2026-11-23T04:00:00Z", "Asia/Seoul", pef(300)),
      make("2026-11-23T05:00:00Z", "Asia/Seoul", pef(360)),
      make("2026-11-23T06:00:00Z", "Asia/Seoul", act),
      make("2026-11-23T07:00:00Z", "Asia/Seoul", ExacerbationDetail{"oral_steroids", "2026-11-23", std::nullopt}),
      make("2026-11-23T08:00:00Z", "Asia/Seoul", StatusDetail{2, std::string("피곤")}),
      make("2026-11-23T09:00:00Z", "Asia/Seoul", StatusDetail{4, std::string("나아짐")}),
      make("2026-11-24T01:00:00Z", "Asia/Seoul", StatusDetail{5, std::nullopt}),
  };
  const auto month = build_calendar(*parse_month("2026-11"), records, {500, "settings"}, RecordsSettings{}, nullptr);
  ASSERT_EQ(month.days.size(), 30u);
  const auto& d = month.days[22];
  EXPECT_EQ(d.date, "2026-11-23");
  EXPECT_EQ(d.record_count, 11);
  EXPECT_EQ(d.worst_severity, 3);
  EXPECT_EQ(d.symptom_kinds, (std::vector<std::string>{"cough", "night_waking", "wheeze"}));
  EXPECT_TRUE(d.night_waking);
  EXPECT_DOUBLE_EQ(d.rescue_doses, 3);
  ASSERT_TRUE(d.peak_flow);
  EXPECT_EQ(d.peak_flow->best_pef, 360);
  EXPECT_EQ(d.peak_flow->percent_of_personal_best, 72);
  EXPECT_EQ(d.peak_flow->zone, "yellow");
  ASSERT_TRUE(d.control_test);
  EXPECT_EQ(d.control_test->score, 18);
  EXPECT_EQ(d.exacerbations, (std::vector<std::string>{"oral_steroids"}));
  ASSERT_TRUE(d.status);
  EXPECT_EQ(d.status->mood, 4);  // the latest of the day
  EXPECT_FALSE(d.controller_doses);  // no provider wired: null, not zero
  EXPECT_EQ(month.days_recorded, 2);
  EXPECT_EQ(month.symptom_free_days, 1);
  EXPECT_EQ(month.rescue_use_days, 1);
  EXPECT_EQ(month.exacerbations, 1);
}

TEST(Calendar, RecordsKeepTheirOwnZoneAcrossDst) {
  // Two New York evenings around the spring-forward change and one Seoul morning: each lands on
  // the day of the zone it was recorded in, not on a day of the user's current zone.
  std::vector<Record> records{
      make("2026-03-09T03:30:00Z", "America/New_York", StatusDetail{3, std::nullopt}),  // 23:30 EDT, 8th
      make("2026-03-09T04:30:00Z", "America/New_York", StatusDetail{3, std::nullopt}),  // 00:30 EDT, 9th
      make("2026-03-08T16:00:00Z", "Asia/Seoul", StatusDetail{3, std::nullopt}),        // 01:00 KST, 9th
  };
  const auto month = build_calendar(*parse_month("2026-03"), records, {}, RecordsSettings{}, nullptr);
  EXPECT_EQ(month.days[7].record_count, 1);
  EXPECT_EQ(month.days[8].record_count, 2);
  EXPECT_EQ(month.personal_best_source, "none");
}

TEST(Calendar, ControllerDosesComeOnlyFromAProvider) {
  std::map<std::string, ControllerDoses> doses{{"2026-11-02", {1, 2}}};
  const auto month = build_calendar(*parse_month("2026-11"), {}, {}, RecordsSettings{}, &doses);
  ASSERT_TRUE(month.days[1].controller_doses);
  EXPECT_EQ(month.days[1].controller_doses->taken, 1);
  EXPECT_EQ(month.days[1].controller_doses->scheduled, 2);
  ASSERT_TRUE(month.days[0].controller_doses);
  EXPECT_EQ(month.days[0].controller_doses->scheduled, 0);
}

}  // namespace
}  // namespace soom::records
