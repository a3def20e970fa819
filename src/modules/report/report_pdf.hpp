#pragma once
// The printable report: A4 PDF drawn with cairo + pango (Korean text in NanumGothic) with
// the figures, the Korean summary, the four charts (the same drawing code as the SVG
// endpoint) and the action plan.
#include <string>

#include "modules/report/report.hpp"

namespace soom::report {

std::string render_report_pdf(const Report& report, const ActionPlan& plan, const std::string& nickname);

// Headings the PDF always carries (tests look for them in the extracted text).
inline constexpr const char* kPdfTitleKo = "천식 진료 리포트";
inline constexpr const char* kPdfFiguresKo = "주요 수치";
inline constexpr const char* kPdfSummaryKo = "요약";
inline constexpr const char* kPdfChartsKo = "차트";
inline constexpr const char* kPdfPlanKo = "천식 행동 계획";

}  // namespace soom::report
