// Period comparison and the whole report on a hand-worked pair of weeks, including the
// Korean summary (built from the figures only).
#include "modules/report/report_builder.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "modules/report/comparison.hpp"
#include "modules/report/test_records.hpp"

namespace soom::report {
namespace {

using namespace testing;

TEST(CompareMetric, DirectionDependsOnWhichWayIsBetter) {
  EXPECT_EQ(compare_metric("m", 2, 5, Preferred::kLower, 0).direction, "better");
  EXPECT_EQ(compare_metric("m", 5, 2, Preferred::kLower, 0).direction, "worse");
  EXPECT_EQ(compare_metric("m", 3, 3, Preferred::kLower, 0).direction, "same");
  EXPECT_EQ(compare_metric("m", 80, 70, Preferred::kHigher, 5).direction, "better");
  EXPECT_EQ(compare_metric("m", 74, 70, Preferred::kHigher, 5).direction, "same");  // within tolerance
  EXPECT_EQ(compare_metric("m", 65, 70, Preferred::kHigher, 5).direction, "worse");   // 5 points is a change
  EXPECT_EQ(compare_metric("m", std::nullopt, 70, Preferred::kHigher, 5).direction, "not_comparable");
}

const MetricComparison& metric(const Report& r, const std::string& name) {
  const auto it = std::find_if(r.comparison.begin(), r.comparison.end(),
                               [&](const MetricComparison& m) { return m.metric == name; });
  if (it == r.comparison.end()) throw std::runtime_error("no metric " + name);
  return *it;
}

// Previous week 10-26..11-01 and the week 11-02..11-08.
ReportInputs two_weeks() {
  ReportInputs in;
  in.from = day("2026-11-02");
  in.to = day("2026-11-08");
  in.time_zone = "Asia/Seoul";
  in.records = {
      // previous week: 3 symptom days, 2 reliever days (3 doses), one exacerbation
      symptom("2026-10-27", {"cough"}, 1), symptom("2026-10-28", {"night_waking"}, 2),
      symptom("2026-10-29", {"wheeze"}, 1), intake("2026-10-28", "rescue", 2), intake("2026-10-29", "rescue", 1),
      exacerbation("2026-10-30", "oral_steroids", "2026-10-30"), peak_flow("2026-10-30", 250),
      // this week: 1 symptom day, 1 reliever day (2 doses), readings 480 (well day) and 300
      symptom("2026-11-03", {"cough"}, 1, {"fine_dust"}), intake("2026-11-03", "rescue", 2),
      peak_flow("2026-11-04", 480), peak_flow("2026-11-05", 300), status("2026-11-06", 4),
      control_test("2026-11-07", "act", 21), control_test("2026-10-31", "act", 17)};
  in.adherence.available = true;
  in.adherence.overall.scheduled = 14;
  in.adherence.overall.taken = 12;
  in.adherence.overall.taken_percent = 85.7;
  in.previous_adherence_percent = 64.3;
  return in;
}

TEST(BuildReport, HandWorkedWeek) {
  const auto r = build_report(two_weeks());
  EXPECT_EQ(r.period.from, "2026-11-02");
  EXPECT_EQ(r.period.days, 7);
  EXPECT_EQ(r.previous_period.from, "2026-10-26");
  EXPECT_EQ(r.previous_period.to, "2026-11-01");
  EXPECT_EQ(r.symptoms.days_recorded, 5);  // 03 04 05 06 07
  EXPECT_EQ(r.symptoms.symptom_days, 1);
  EXPECT_EQ(r.symptoms.symptom_free_days, 4);
  EXPECT_EQ(r.reliever.days, 1);
  EXPECT_DOUBLE_EQ(r.reliever.doses, 2);
  ASSERT_EQ(r.weeks.size(), 1u);
  // Personal best: no user value; 480 on 11-04 (a well day) is the best of the window
  // (300 on 11-05 is lower; 250 on 10-30 is lower).
  EXPECT_EQ(r.peak_flow.personal_best, 480);
  EXPECT_EQ(r.peak_flow.personal_best_source, "well_controlled_best");
  EXPECT_EQ(r.peak_flow.green, 1);   // 100 %
  EXPECT_EQ(r.peak_flow.yellow, 1);  // 300 / 480 = 62.5 %
  EXPECT_DOUBLE_EQ(*r.peak_flow.mean_percent_of_personal_best, 81.3);  // (100 + 62.5) / 2 = 81.25
  ASSERT_EQ(r.act.size(), 1u);
  EXPECT_EQ(r.act[0].change, 4);  // 21 − 17 (the earlier test lies in the previous week)
  ASSERT_EQ(r.control.size(), 1u);
  EXPECT_EQ(r.control[0].level, "well_controlled");  // 5 of 7 days recorded, no item met
  EXPECT_TRUE(r.exacerbations.empty());

  EXPECT_EQ(metric(r, "symptom_days").direction, "better");  // 1 vs 3
  EXPECT_EQ(metric(r, "night_waking_nights").direction, "better");  // 0 vs 1
  EXPECT_EQ(metric(r, "activity_limited_days").direction, "same");  // 0 vs 0
  EXPECT_EQ(metric(r, "reliever_doses").direction, "better");       // 2 vs 3
  EXPECT_EQ(metric(r, "exacerbations").direction, "better");        // 0 vs 1
  // Previous week: 250 / 480 = 52.1 % (yellow) against 81.3 % now.
  EXPECT_EQ(metric(r, "peak_flow_mean_percent").direction, "better");
  EXPECT_DOUBLE_EQ(*metric(r, "peak_flow_mean_percent").previous, 52.1);
  EXPECT_EQ(metric(r, "red_zone_readings").direction, "same");  // 0 vs 0
  EXPECT_EQ(metric(r, "diurnal_variability_percent").direction, "not_comparable");
  EXPECT_EQ(metric(r, "controller_adherence_percent").direction, "better");  // 85.7 vs 64.3
}

TEST(BuildReport, PeriodsWithoutRecordsAreNotCompared) {
  auto in = two_weeks();
  in.records.erase(std::remove_if(in.records.begin(), in.records.end(),
                                  [](const records::Record& r) { return r.local_date < "2026-11-02"; }),
                   in.records.end());
  const auto r = build_report(in);
  EXPECT_EQ(metric(r, "symptom_days").direction, "not_comparable");
  EXPECT_EQ(metric(r, "exacerbations").direction, "not_comparable");
}

TEST(KoreanSummary, StatesTheFiguresOnly) {
  const auto r = build_report(two_weeks());
  const auto& s = r.summary_ko;
  ASSERT_GE(s.size(), 6u);
  EXPECT_EQ(s[0], "2026-11-02~2026-11-08 7일 중 5일 기록했습니다.");
  EXPECT_EQ(s[1], "증상이 있었던 날은 1일, 증상 없이 지낸 날은 4일입니다. 밤에 깬 날은 0일, 활동에 제한이 있었던 날은 0일입니다.");
  EXPECT_EQ(s[2], "자주 기록된 악화 요인: 미세먼지(1일).");
  EXPECT_EQ(s[3], "증상 완화제를 1일, 1번(2회분) 사용했습니다(주 평균 1일).");
  EXPECT_EQ(s[4], "조절제는 예정된 14회 중 12회 복용했습니다(85.7%).");
  EXPECT_EQ(s[5], "GINA 기준 2026-11-02~2026-11-08 천식 조절 수준은 '잘 조절됨'입니다(4개 항목 중 0개 해당).");
  EXPECT_EQ(s[6], "최근 천식조절검사(ACT) 점수는 21점(잘 조절됨)입니다. 이전 검사보다 4점 올랐습니다.");
  EXPECT_NE(std::find(s.begin(), s.end(),
                      "최대호기유량을 2번 측정했고, 개인 최고치 480 L/min 대비 평균 81.3%입니다(초록 1번, 노랑 1번, 빨강 0번)."),
            s.end());
  const auto& last = s.back();
  EXPECT_EQ(last.rfind("이전 같은 기간보다 나아진 항목: 증상 있는 날, ", 0), 0u) << last;
}

}  // namespace
}  // namespace soom::report
