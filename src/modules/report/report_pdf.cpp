#include "modules/report/report_pdf.hpp"

#include <cairo-pdf.h>
#include <fmt/format.h>

#include <cmath>
#include <utility>
#include <vector>

#include "modules/report/canvas.hpp"
#include "modules/report/charts.hpp"

namespace soom::report {
namespace {

using canvas::Align;

constexpr double kPageWidth = 595.28;  // A4 in points
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 48;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kLabelWidth = 170;

std::string number(double v) {
  if (std::abs(v - std::round(v)) < 1e-9) return fmt::format("{}", static_cast<long long>(std::llround(v)));
  return fmt::format("{:.1f}", v);
}

std::string level_ko(const std::string& level) {
  if (level == "well_controlled") return "잘 조절됨";
  if (level == "partly_controlled") return "부분적으로 조절됨";
  if (level == "uncontrolled") return "조절되지 않음";
  return "기록 부족";
}

std::string act_band_ko(const std::string& band) {
  if (band == "well_controlled") return "잘 조절됨";
  if (band == "not_well_controlled") return "잘 조절되지 않음";
  return "매우 조절되지 않음";
}

std::string or_dash(const std::string& text) { return text.empty() ? "—" : text; }

// A top-to-bottom flow of blocks over as many A4 pages as needed.
class Flow final {
 public:
  explicit Flow(cairo_t* cr) : cr_(cr) {}

  // Starts a new page unless `height` still fits below the cursor.
  void need(double height) {
    if (y_ + height > kPageHeight - kMargin) new_page();
  }
  void new_page() {
    cairo_show_page(cr_);
    y_ = kMargin;
  }
  void heading(const std::string& text) {
    need(60);
    y_ += 10;
    y_ += canvas::text(cr_, text, kMargin, y_, 15, Align::kLeft, true, kContentWidth, {0.10, 0.30, 0.55});
    cairo_set_source_rgb(cr_, 0.10, 0.30, 0.55);
    cairo_set_line_width(cr_, 0.8);
    cairo_move_to(cr_, kMargin, y_ + 2);
    cairo_line_to(cr_, kMargin + kContentWidth, y_ + 2);
    cairo_stroke(cr_);
    y_ += 8;
  }
  void paragraph(const std::string& text, double size = 10.5, bool bold = false) {
    need(size * 3);
    y_ += canvas::text(cr_, text, kMargin, y_, size, Align::kLeft, bold, kContentWidth) + 3;
  }
  void row(const std::string& label, const std::string& value) {
    need(18);
    const double h1 = canvas::text(cr_, label, kMargin, y_, 10.5, Align::kLeft, true, kLabelWidth - 8);
    const double h2 = canvas::text(cr_, value, kMargin + kLabelWidth, y_, 10.5, Align::kLeft, false,
                                   kContentWidth - kLabelWidth);
    y_ += std::max(h1, h2) + 4;
  }
  void chart(ChartKind kind, const Report& report) {
    const double scale = kContentWidth / kChartWidth;
    const double height = kChartHeight * scale;
    need(height + 10);
    cairo_save(cr_);
    cairo_translate(cr_, kMargin, y_);
    cairo_scale(cr_, scale, scale);
    draw_chart(cr_, kind, report, kChartWidth, kChartHeight);
    cairo_restore(cr_);
    y_ += height + 10;
  }
  void gap(double h) { y_ += h; }

 private:
  cairo_t* cr_;
  double y_ = kMargin;
};

void figures(Flow& f, const Report& r) {
  const auto& s = r.symptoms;
  f.row("기록한 날", fmt::format("{}일 / {}일", s.days_recorded, s.days_in_period));
  f.row("증상 있는 날", fmt::format("{}일 (낮 증상 {}일)", s.symptom_days, s.daytime_symptom_days));
  f.row("증상 없는 날", fmt::format("{}일 (기록한 날 중)", s.symptom_free_days));
  f.row("밤에 깬 날 · 활동 제한", fmt::format("{}일 · {}일", s.night_waking_nights, s.activity_limited_days));
  const auto& rel = r.reliever;
  f.row("증상 완화제", fmt::format("{}일 사용 (주 {}일), {}회분 (주 {}회분)", rel.days, number(rel.days_per_week),
                                   number(rel.doses), number(rel.doses_per_week)));
  if (r.adherence.available && r.adherence.overall.taken_percent) {
    f.row("조절제 복약률", fmt::format("{}% (예정 {}회 중 {}회 복용)", number(*r.adherence.overall.taken_percent),
                                       r.adherence.overall.scheduled, r.adherence.overall.taken));
  } else {
    f.row("조절제 복약률", "정보 없음");
  }
  if (!r.control.empty()) {
    const auto& w = r.control.back();
    f.row("GINA 조절 수준", fmt::format("{} ({} ~ {}, 4개 항목 중 {}개)", level_ko(w.level), w.from, w.to, w.items_met));
  }
  if (!r.act.empty()) {
    const auto& a = r.act.back();
    f.row("ACT (최근)", fmt::format("{}점, {} ({})", a.score, act_band_ko(a.band), a.date));
  }
  const auto& pf = r.peak_flow;
  f.row("개인 최고치", pf.personal_best ? fmt::format("{} L/min", *pf.personal_best) : std::string("없음"));
  f.row("최대호기유량 구역", fmt::format("초록 {} · 노랑 {} · 빨강 {} (측정 {}회)", pf.green, pf.yellow, pf.red,
                                         pf.readings.size()));
  if (pf.mean_percent_of_personal_best) {
    f.row("평균 (개인 최고치 대비)", fmt::format("{}%", number(*pf.mean_percent_of_personal_best)));
  }
  if (pf.diurnal_variability_percent) {
    f.row("일중 변동률", fmt::format("{}% (기준 {}%, {}일)", number(*pf.diurnal_variability_percent),
                                     number(pf.variability_threshold_percent), pf.variability_days));
  }
  if (pf.predicted_pef) f.row("예측 PEF (참고용)", fmt::format("{} L/min — 구역 판정에는 쓰지 않음", *pf.predicted_pef));
  f.row("악화", fmt::format("{}회", r.exacerbations.size()));
}

void action_plan(Flow& f, const ActionPlan& p) {
  const std::pair<const char*, const ZoneActions*> zones[] = {
      {"초록 구역 (좋음)", &p.green}, {"노랑 구역 (주의)", &p.yellow}, {"빨강 구역 (위험)", &p.red}};
  f.row("개인 최고치", p.personal_best_pef ? fmt::format("{} L/min", *p.personal_best_pef) : std::string("없음"));
  f.row("구역 기준", fmt::format("초록 ≥ {}% · 노랑 ≥ {}% · 빨강 < {}%", p.green_min_percent, p.yellow_min_percent,
                                 p.yellow_min_percent));
  for (const auto& [name, zone] : zones) {
    f.row(std::string(name) + " — 약", or_dash(zone->take));
    f.row(std::string(name) + " — 행동", or_dash(zone->act));
  }
  f.row("진료가 필요할 때", or_dash(p.call_doctor_when));
  f.row("119에 연락할 때", or_dash(p.call_119_when));
  f.row("담당 의사", or_dash(p.doctor_name) + " · " + or_dash(p.clinic_name) + " · " + or_dash(p.doctor_phone));
}

}  // namespace

std::string render_report_pdf(const Report& report, const ActionPlan& plan, const std::string& nickname) {
  std::string out;
  cairo_surface_t* surface = canvas::pdf_surface(out, kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, kPdfTitleKo);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "SoomCare");
  cairo_t* cr = cairo_create(surface);
  Flow f(cr);
  f.paragraph(kPdfTitleKo, 22, true);
  f.paragraph(fmt::format("기간: {} ~ {} ({}일) · 환자: {} · 생성: {} ({})", report.period.from, report.period.to,
                          report.period.days, or_dash(nickname), format_rfc3339(report.generated_at).substr(0, 10),
                          report.time_zone),
              10);
  f.paragraph("기록에서 계산한 수치입니다. 방법과 근거는 숨케어 문서(docs/report.md)에 있습니다.", 9);
  f.heading(kPdfFiguresKo);
  figures(f, report);
  f.heading(kPdfSummaryKo);
  for (const auto& sentence : report.summary_ko) f.paragraph("• " + sentence);
  f.new_page();
  f.heading(kPdfChartsKo);
  for (auto kind : {ChartKind::kPef, ChartKind::kSymptoms, ChartKind::kReliever, ChartKind::kAdherence}) {
    f.chart(kind, report);
  }
  f.new_page();
  f.heading(kPdfPlanKo);
  action_plan(f, plan);
  cairo_destroy(cr);
  canvas::finish(surface);
  return out;
}

}  // namespace soom::report
