// Charts: the scales as plain functions (hand-computed pixels), every chart renders to a
// well-formed SVG whose root is <svg>, and an empty report gives "기록 없음" charts.
#include "modules/report/charts.hpp"

#include <gtest/gtest.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

#include <sstream>

#include "modules/report/report_builder.hpp"
#include "modules/report/test_records.hpp"

namespace soom::report {
namespace {

Report four_weeks() {
  Report r;
  r.period = {"2026-10-05", "2026-11-01", 28};
  for (int i = 0; i < 28; ++i) {
    const int day = 5 + i;
    const std::string date = day <= 31 ? "2026-10-" + std::string(day < 10 ? "0" : "") + std::to_string(day)
                                       : "2026-11-0" + std::to_string(day - 31);
    r.calendar.push_back({date, i % 3 != 0, i % 5 == 0, i % 4});
  }
  for (int w = 0; w < 4; ++w) {
    WeekFigures week;
    week.days = 7;
    week.reliever_days = w;
    ControllerFigures c;
    c.scheduled = 14;
    c.taken = 10 + w;
    c.taken_percent = 100.0 * c.taken / 14;
    week.controller = c;
    r.weeks.push_back(week);
  }
  r.peak_flow.personal_best = 500;
  r.peak_flow.readings.push_back({"a", "2026-10-08", {}, 480, 96, "green"});
  r.peak_flow.readings.push_back({"b", "2026-10-09", {}, 240, 48, "red"});
  return r;
}

// Parses `svg` as XML and returns the name of the root element ("" when it does not parse).
std::string xml_root(const std::string& svg) {
  std::istringstream in(svg);
  boost::property_tree::ptree tree;
  try {
    boost::property_tree::read_xml(in, tree);
  } catch (const std::exception&) {
    return "";
  }
  for (const auto& [name, child] : tree) {
    if (name != "<xmlcomment>") return name;
  }
  return "";
}

TEST(ChartScales, LinearScaleMapsEndsAndMiddleAndMayInvert) {
  const LinearScale y{0, 600, 270, 32};  // a y axis: 0 at the bottom
  EXPECT_DOUBLE_EQ(y(0), 270);
  EXPECT_DOUBLE_EQ(y(600), 32);
  EXPECT_DOUBLE_EQ(y(300), 151);
  const LinearScale degenerate{5, 5, 10, 20};
  EXPECT_DOUBLE_EQ(degenerate(5), 15);
}

TEST(ChartScales, NiceAxisMaximum) {
  EXPECT_DOUBLE_EQ(nice_axis_max(550), 600);
  EXPECT_DOUBLE_EQ(nice_axis_max(500), 500);
  EXPECT_DOUBLE_EQ(nice_axis_max(101), 150);
  EXPECT_DOUBLE_EQ(nice_axis_max(7), 8);
  EXPECT_DOUBLE_EQ(nice_axis_max(0), 1);
  EXPECT_DOUBLE_EQ(nice_axis_max(-3), 1);
}

TEST(ChartScales, ZoneBandsComeFromPersonalBestAndThresholds) {
  const auto bands = pef_zone_bands(500, 80, 50, 600);
  ASSERT_EQ(bands.size(), 3u);
  EXPECT_EQ(bands[0].zone, "red");
  EXPECT_DOUBLE_EQ(bands[0].low, 0);
  EXPECT_DOUBLE_EQ(bands[0].high, 250);
  EXPECT_EQ(bands[1].zone, "yellow");
  EXPECT_DOUBLE_EQ(bands[1].high, 400);
  EXPECT_EQ(bands[2].zone, "green");
  EXPECT_DOUBLE_EQ(bands[2].low, 400);
  EXPECT_DOUBLE_EQ(bands[2].high, 600);
  // The user's own thresholds.
  EXPECT_DOUBLE_EQ(pef_zone_bands(400, 70, 40, 500)[1].low, 160);
  EXPECT_TRUE(pef_zone_bands(std::nullopt, 80, 50, 600).empty());  // no best → no zones
}

TEST(ChartScales, CalendarSteps) {
  EXPECT_EQ(calendar_step(false, false, 0), 0);
  EXPECT_EQ(calendar_step(true, false, 0), 1);
  EXPECT_EQ(calendar_step(true, true, 0), 2);  // codes without a severity count as mild
  EXPECT_EQ(calendar_step(true, true, 1), 2);
  EXPECT_EQ(calendar_step(true, true, 3), 4);
}

TEST(ChartScales, PefValuesLandInThePlotArea) {
  const auto report = four_weeks();
  const auto area = plot_area(kChartWidth, kChartHeight);
  EXPECT_DOUBLE_EQ(area.left, 52);
  EXPECT_DOUBLE_EQ(area.bottom, 270);
  const auto y = pef_y_scale(report, area);
  EXPECT_DOUBLE_EQ(y.domain_max, 600);  // best 500 + 10 % → 550 → 600
  EXPECT_DOUBLE_EQ(y(0), 270);
  EXPECT_DOUBLE_EQ(y(600), area.top);
  EXPECT_DOUBLE_EQ(y(240), 270 - 240.0 / 600 * (270 - 32));
  const auto x = day_x_scale(report, area);
  const double slot = (area.right - area.left) / 28;
  EXPECT_DOUBLE_EQ(x(0), area.left + slot / 2);
  EXPECT_DOUBLE_EQ(x(27), area.right - slot / 2);
  const auto weeks = week_x_scale(report, area);
  EXPECT_DOUBLE_EQ(weeks(0), area.left);
  EXPECT_DOUBLE_EQ(weeks(4), area.right);
  EXPECT_DOUBLE_EQ(percent_y_scale(area)(50), (270 + 32) / 2.0);
  EXPECT_DOUBLE_EQ(reliever_y_scale(area)(7), area.top);
}

// The calendar the heat map is drawn from: every day of the period, with the day's worst
// severity (two records on 11-03: mild then severe → severe).
TEST(ChartData, CalendarHasEveryDayWithTheWorstSeverity) {
  ReportInputs in;
  in.from = testing::day("2026-11-02");
  in.to = testing::day("2026-11-08");
  in.time_zone = "Asia/Seoul";
  in.records = {testing::symptom("2026-11-03", {"cough"}, 1), testing::symptom("2026-11-03", {"wheeze"}, 3),
                testing::peak_flow("2026-11-04", 480), testing::symptom("2026-11-05", {"cough"}, 0),
                testing::symptom("2026-11-09", {"cough"}, 2)};  // after the period
  const auto r = build_report(in);
  ASSERT_EQ(r.calendar.size(), 7u);
  EXPECT_EQ(r.calendar.front().date, "2026-11-02");
  EXPECT_EQ(r.calendar.back().date, "2026-11-08");
  EXPECT_EQ(calendar_step(r.calendar[0].recorded, r.calendar[0].symptom, r.calendar[0].worst_severity), 0);
  EXPECT_EQ(r.calendar[1].worst_severity, 3);
  EXPECT_EQ(calendar_step(r.calendar[1].recorded, r.calendar[1].symptom, r.calendar[1].worst_severity), 4);
  EXPECT_EQ(calendar_step(r.calendar[2].recorded, r.calendar[2].symptom, r.calendar[2].worst_severity), 1);
  EXPECT_EQ(calendar_step(r.calendar[3].recorded, r.calendar[3].symptom, r.calendar[3].worst_severity), 2);
  EXPECT_TRUE(chart_has_data(ChartKind::kSymptoms, r));
}

TEST(Charts, NamesRoundTrip) {
  for (auto kind : {ChartKind::kPef, ChartKind::kSymptoms, ChartKind::kReliever, ChartKind::kAdherence}) {
    EXPECT_EQ(chart_kind(chart_name(kind)), kind);
  }
  EXPECT_FALSE(chart_kind("pie").has_value());
}

TEST(Charts, EveryChartIsWellFormedSvg) {
  const auto report = four_weeks();
  for (auto kind : {ChartKind::kPef, ChartKind::kSymptoms, ChartKind::kReliever, ChartKind::kAdherence}) {
    const auto svg = render_chart_svg(kind, report);
    EXPECT_EQ(xml_root(svg), "svg") << chart_name(kind);
    EXPECT_TRUE(chart_has_data(kind, report));
    EXPECT_NE(svg.find("<title>" + chart_title_ko(kind) + "</title>"), std::string::npos);
    EXPECT_EQ(svg.find(std::string("<desc>") + kNoDataKo), std::string::npos);
    EXPECT_GT(svg.size(), 1000u);  // glyphs and shapes, not an empty canvas
  }
  EXPECT_NE(render_chart_svg(ChartKind::kPef, report).find("측정 2회"), std::string::npos);
}

TEST(Charts, EmptyReportSaysNoRecords) {
  Report empty;
  empty.period = {"2026-10-05", "2026-10-05", 1};
  empty.calendar.push_back({"2026-10-05", false, false, 0});
  for (auto kind : {ChartKind::kPef, ChartKind::kSymptoms, ChartKind::kReliever, ChartKind::kAdherence}) {
    EXPECT_FALSE(chart_has_data(kind, empty));
    const auto svg = render_chart_svg(kind, empty);
    EXPECT_EQ(xml_root(svg), "svg") << chart_name(kind);
    EXPECT_NE(svg.find(std::string("<desc>") + kNoDataKo + "</desc>"), std::string::npos) << chart_name(kind);
  }
  Report nothing;  // not even a period: still a chart, not a crash
  EXPECT_EQ(xml_root(render_chart_svg(ChartKind::kReliever, nothing)), "svg");
}

}  // namespace
}  // namespace soom::report
