// The PDF renderer: a well-formed multi-page PDF (header, trailer, one page per part) for a
// report with data and for an empty one. Its text and raster are checked end-to-end with
// poppler in tests/integration/report_render_test.cpp.
#include "modules/report/report_pdf.hpp"

#include <gtest/gtest.h>

#include <iterator>
#include <regex>

namespace soom::report {
namespace {

// Page objects ("/Type /Page", not the "/Type /Pages" tree node).
long pages(const std::string& pdf) {
  static const std::regex page(R"(/Type\s*/Page[^s])");
  return std::distance(std::sregex_iterator(pdf.begin(), pdf.end(), page), std::sregex_iterator());
}

TEST(ReportPdf, ReportWithDataIsAMultiPagePdf) {
  Report r;
  r.period = {"2026-10-05", "2026-11-01", 28};
  r.calendar.push_back({"2026-10-05", true, true, 2});
  r.symptoms.days_in_period = 28;
  r.symptoms.days_recorded = 1;
  r.peak_flow.personal_best = 500;
  r.peak_flow.readings.push_back({"a", "2026-10-05", {}, 420, 84, "green"});
  r.summary_ko = {"28일 중 1일 기록했습니다.", "증상 있는 날은 1일입니다."};
  ActionPlan plan;
  plan.red.take = "벤톨린 4회";
  const auto pdf = render_report_pdf(r, plan, "숨쉬는곰");
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_NE(pdf.find("%%EOF"), std::string::npos);
  // Figures + summary, charts (two pages at two per page), action plan.
  EXPECT_EQ(pages(pdf), 4);
}

TEST(ReportPdf, EmptyReportStillRenders) {
  const auto pdf = render_report_pdf(Report{}, ActionPlan{}, "");
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_NE(pdf.find("%%EOF"), std::string::npos);
  EXPECT_EQ(pages(pdf), 4);
}

}  // namespace
}  // namespace soom::report
