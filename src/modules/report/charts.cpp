#include "modules/report/charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "modules/report/canvas.hpp"
#include "modules/report/local_dates.hpp"

namespace soom::report {
namespace {

using canvas::Align;
using canvas::Rgb;

constexpr Rgb kGreen{0.80, 0.93, 0.80};
constexpr Rgb kYellow{1.00, 0.94, 0.70};
constexpr Rgb kRed{0.98, 0.78, 0.76};
constexpr Rgb kLine{0.10, 0.35, 0.65};
constexpr Rgb kAxis{0.45, 0.45, 0.45};
constexpr Rgb kGrid{0.88, 0.88, 0.88};
constexpr Rgb kBar{0.25, 0.50, 0.78};
constexpr Rgb kThreshold{0.80, 0.20, 0.20};
// Calendar steps: no record, recorded without symptom, mild, moderate, severe.
constexpr Rgb kCalendar[] = {{0.93, 0.93, 0.93}, {0.78, 0.90, 0.78}, {1.0, 0.88, 0.55}, {0.98, 0.62, 0.35},
                             {0.85, 0.25, 0.22}};

std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

int day_index(const Report& report, const std::string& date) {
  const auto from = parse_day(report.period.from);
  const auto day = parse_day(date);
  if (!from || !day) return 0;
  return static_cast<int>((*day - *from).count());
}

void background(cairo_t* cr, double width, double height) {
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, 0, 0, width, height);
  cairo_fill(cr);
}

void frame(cairo_t* cr, const PlotArea& a) {
  canvas::set_colour(cr, kAxis);
  cairo_set_line_width(cr, 1);
  cairo_move_to(cr, a.left, a.top);
  cairo_line_to(cr, a.left, a.bottom);
  cairo_line_to(cr, a.right, a.bottom);
  cairo_stroke(cr);
}

void y_ticks(cairo_t* cr, const PlotArea& a, const LinearScale& y, double max, int steps, const char* unit) {
  for (int i = 0; i <= steps; ++i) {
    const double v = max * i / steps;
    const double py = y(v);
    canvas::set_colour(cr, kGrid);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, a.left, py);
    cairo_line_to(cr, a.right, py);
    cairo_stroke(cr);
    canvas::text(cr, fmt::format("{:g}{}", v, unit), a.left - 4, py - 6, 9, Align::kRight, false, 0, kAxis);
  }
}

// Period start and end under the x axis (every date would not fit a year).
void date_labels(cairo_t* cr, const Report& report, const PlotArea& a) {
  canvas::text(cr, report.period.from, a.left, a.bottom + 4, 9, Align::kLeft, false, 0, kAxis);
  canvas::text(cr, report.period.to, a.right, a.bottom + 4, 9, Align::kRight, false, 0, kAxis);
}

void no_data(cairo_t* cr, const PlotArea& a) {
  canvas::text(cr, kNoDataKo, (a.left + a.right) / 2, (a.top + a.bottom) / 2 - 8, 14, Align::kCenter, true, 0,
               kAxis);
}

void draw_pef(cairo_t* cr, const Report& report, const PlotArea& a) {
  const auto& pf = report.peak_flow;
  const auto y = pef_y_scale(report, a);
  const double max = y.domain_max;
  for (const auto& band : pef_zone_bands(pf.personal_best, pf.green_min_percent, pf.yellow_min_percent, max)) {
    canvas::set_colour(cr, band.zone == "green" ? kGreen : band.zone == "yellow" ? kYellow : kRed);
    cairo_rectangle(cr, a.left, y(band.high), a.right - a.left, y(band.low) - y(band.high));
    cairo_fill(cr);
  }
  y_ticks(cr, a, y, max, 4, "");
  frame(cr, a);
  date_labels(cr, report, a);
  if (pf.readings.empty()) return no_data(cr, a);
  const auto x = day_x_scale(report, a);
  const double slot = (a.right - a.left) / std::max(1, report.period.days);
  // Readings of one day spread across the day's slot in their (time) order, so that a
  // morning and an evening reading do not stack on one vertical line.
  std::vector<double> xs(pf.readings.size());
  for (std::size_t i = 0; i < pf.readings.size();) {
    std::size_t j = i;
    while (j < pf.readings.size() && pf.readings[j].local_date == pf.readings[i].local_date) ++j;
    const double centre = x(day_index(report, pf.readings[i].local_date));
    for (std::size_t k = i; k < j; ++k) {
      xs[k] = centre - slot / 2 + slot * (static_cast<double>(k - i) + 0.5) / static_cast<double>(j - i);
    }
    i = j;
  }
  auto point = [&](std::size_t i) { return std::pair{xs[i], y(pf.readings[i].pef)}; };
  canvas::set_colour(cr, kLine);
  cairo_set_line_width(cr, 1.5);
  for (std::size_t i = 0; i < pf.readings.size(); ++i) {
    const auto [px, py] = point(i);
    i == 0 ? cairo_move_to(cr, px, py) : cairo_line_to(cr, px, py);
  }
  cairo_stroke(cr);
  for (std::size_t i = 0; i < pf.readings.size(); ++i) {
    const auto [px, py] = point(i);
    cairo_arc(cr, px, py, 2.5, 0, 2 * std::numbers::pi);
    cairo_fill(cr);
  }
  const std::string legend = pf.personal_best
                                 ? fmt::format("개인 최고치 {} L/min · 초록 ≥ {}% · 노랑 ≥ {}%", *pf.personal_best,
                                               pf.green_min_percent, pf.yellow_min_percent)
                                 : std::string("개인 최고치 없음 (구역 없음)");
  canvas::text(cr, legend, a.right, 8, 9, Align::kRight, false, 0, kAxis);
}

void draw_symptoms(cairo_t* cr, const Report& report, const PlotArea& a) {
  // Columns are 7-day weeks counted from `from`, rows the day within that week.
  const int weeks = std::max(1, static_cast<int>((report.calendar.size() + 6) / 7));
  const double cell = std::min((a.right - a.left) / weeks, (a.bottom - a.top) / 7);
  for (std::size_t i = 0; i < report.calendar.size(); ++i) {
    const auto& d = report.calendar[i];
    const double cx = a.left + static_cast<double>(i / 7) * cell;
    const double cy = a.top + static_cast<double>(i % 7) * cell;
    canvas::set_colour(cr, kCalendar[calendar_step(d.recorded, d.symptom, d.worst_severity)]);
    cairo_rectangle(cr, cx + 1, cy + 1, cell - 2, cell - 2);
    cairo_fill(cr);
  }
  const char* labels[] = {"기록 없음", "증상 없음", "가벼움", "중간", "심함"};
  double lx = a.left;
  for (int step = 0; step < 5; ++step) {
    canvas::set_colour(cr, kCalendar[step]);
    cairo_rectangle(cr, lx, a.bottom + 8, 10, 10);
    cairo_fill(cr);
    canvas::text(cr, labels[step], lx + 14, a.bottom + 6, 9, Align::kLeft, false, 0, kAxis);
    lx += 80;
  }
  canvas::text(cr, report.period.from + " ~ " + report.period.to, a.right, 8, 9, Align::kRight, false, 0, kAxis);
  if (!chart_has_data(ChartKind::kSymptoms, report)) no_data(cr, a);
}

// Weekly bars: `value` of each week (nullopt → no bar), on the y scale.
template <class Value>
void weekly_bars(cairo_t* cr, const Report& report, const PlotArea& a, const LinearScale& y, Value value) {
  const auto x = week_x_scale(report, a);
  const double slot = report.weeks.empty() ? 0 : (a.right - a.left) / static_cast<double>(report.weeks.size());
  canvas::set_colour(cr, kBar);
  for (std::size_t i = 0; i < report.weeks.size(); ++i) {
    const std::optional<double> v = value(report.weeks[i]);
    if (!v) continue;
    const double left = x(static_cast<double>(i)) + slot * 0.15;
    cairo_rectangle(cr, left, y(*v), slot * 0.7, y(0) - y(*v));
    cairo_fill(cr);
  }
}

void draw_reliever(cairo_t* cr, const Report& report, const PlotArea& a) {
  const auto y = reliever_y_scale(a);
  y_ticks(cr, a, y, 7, 7, "일");
  weekly_bars(cr, report, a, y, [](const WeekFigures& w) { return std::optional<double>(w.reliever_days); });
  // GINA: reliever needed more than twice a week.
  canvas::set_colour(cr, kThreshold);
  const double dashes[] = {4, 3};
  cairo_set_dash(cr, dashes, 2, 0);
  cairo_move_to(cr, a.left, y(2));
  cairo_line_to(cr, a.right, y(2));
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
  frame(cr, a);
  date_labels(cr, report, a);
  canvas::text(cr, "주별 증상 완화제 사용일 (점선: 주 2일)", a.right, 8, 9, Align::kRight, false, 0, kAxis);
  if (!chart_has_data(ChartKind::kReliever, report)) no_data(cr, a);
}

void draw_adherence(cairo_t* cr, const Report& report, const PlotArea& a) {
  const auto y = percent_y_scale(a);
  y_ticks(cr, a, y, 100, 4, "%");
  weekly_bars(cr, report, a, y, [](const WeekFigures& w) {
    return w.controller ? w.controller->taken_percent : std::optional<double>();
  });
  frame(cr, a);
  date_labels(cr, report, a);
  canvas::text(cr, "주별 조절제 복용률 (예정된 복용 중 복용)", a.right, 8, 9, Align::kRight, false, 0, kAxis);
  if (!chart_has_data(ChartKind::kAdherence, report)) no_data(cr, a);
}

}  // namespace

std::optional<ChartKind> chart_kind(std::string_view name) {
  if (name == "pef") return ChartKind::kPef;
  if (name == "symptoms") return ChartKind::kSymptoms;
  if (name == "reliever") return ChartKind::kReliever;
  if (name == "adherence") return ChartKind::kAdherence;
  return std::nullopt;
}

std::string chart_name(ChartKind kind) {
  switch (kind) {
    case ChartKind::kPef: return "pef";
    case ChartKind::kSymptoms: return "symptoms";
    case ChartKind::kReliever: return "reliever";
    case ChartKind::kAdherence: return "adherence";
  }
  return {};
}

std::string chart_title_ko(ChartKind kind) {
  switch (kind) {
    case ChartKind::kPef: return "최대호기유량(PEF) 추이";
    case ChartKind::kSymptoms: return "증상 달력";
    case ChartKind::kReliever: return "증상 완화제 사용 (주별)";
    case ChartKind::kAdherence: return "조절제 복용 순응도 (주별)";
  }
  return {};
}

PlotArea plot_area(double width, double height) { return {52, 32, width - 16, height - 30}; }

LinearScale day_x_scale(const Report& report, const PlotArea& area) {
  const double slot = (area.right - area.left) / std::max(1, report.period.days);
  return {0, static_cast<double>(std::max(1, report.period.days) - 1), area.left + slot / 2, area.right - slot / 2};
}

LinearScale pef_y_scale(const Report& report, const PlotArea& area) {
  double top = report.peak_flow.personal_best.value_or(0);
  for (const auto& r : report.peak_flow.readings) top = std::max(top, static_cast<double>(r.pef));
  // A tenth of headroom so that the best's band edge and the highest point are not on the frame.
  return {0, nice_axis_max(top * 1.1), area.bottom, area.top};
}

LinearScale reliever_y_scale(const PlotArea& area) { return {0, 7, area.bottom, area.top}; }

LinearScale percent_y_scale(const PlotArea& area) { return {0, 100, area.bottom, area.top}; }

LinearScale week_x_scale(const Report& report, const PlotArea& area) {
  const double n = std::max<double>(1, static_cast<double>(report.weeks.size()));
  return {0, n, area.left, area.right};
}

bool chart_has_data(ChartKind kind, const Report& report) {
  switch (kind) {
    case ChartKind::kPef: return !report.peak_flow.readings.empty();
    case ChartKind::kSymptoms:
    case ChartKind::kReliever:
      return std::any_of(report.calendar.begin(), report.calendar.end(),
                         [](const CalendarDay& d) { return d.recorded; });
    case ChartKind::kAdherence:
      return std::any_of(report.weeks.begin(), report.weeks.end(), [](const WeekFigures& w) {
        return w.controller && w.controller->taken_percent.has_value();
      });
  }
  return false;
}

void draw_chart(_cairo* cr, ChartKind kind, const Report& report, double width, double height) {
  cairo_save(cr);
  background(cr, width, height);
  canvas::text(cr, chart_title_ko(kind), 8, 6, 13, Align::kLeft, true);
  const auto area = plot_area(width, height);
  switch (kind) {
    case ChartKind::kPef: draw_pef(cr, report, area); break;
    case ChartKind::kSymptoms: draw_symptoms(cr, report, area); break;
    case ChartKind::kReliever: draw_reliever(cr, report, area); break;
    case ChartKind::kAdherence: draw_adherence(cr, report, area); break;
  }
  cairo_restore(cr);
}

std::string chart_description_ko(ChartKind kind, const Report& report) {
  if (!chart_has_data(kind, report)) return kNoDataKo;
  const auto& pf = report.peak_flow;
  switch (kind) {
    case ChartKind::kPef:
      return fmt::format("{} ~ {} 측정 {}회, 초록 {} · 노랑 {} · 빨강 {}", report.period.from, report.period.to,
                         pf.readings.size(), pf.green, pf.yellow, pf.red);
    case ChartKind::kSymptoms:
      return fmt::format("{} ~ {} 기록한 날 {}일, 증상 있는 날 {}일", report.period.from, report.period.to,
                         report.symptoms.days_recorded, report.symptoms.symptom_days);
    case ChartKind::kReliever:
      return fmt::format("{} ~ {} 증상 완화제 사용 {}일, {:g}회분", report.period.from, report.period.to,
                         report.reliever.days, report.reliever.doses);
    case ChartKind::kAdherence:
      return fmt::format("{} ~ {} 주별 조절제 복용률", report.period.from, report.period.to);
  }
  return {};
}

std::string render_chart_svg(ChartKind kind, const Report& report) {
  std::string out;
  cairo_surface_t* surface = canvas::svg_surface(out, kChartWidth, kChartHeight);
  cairo_t* cr = cairo_create(surface);
  draw_chart(cr, kind, report, kChartWidth, kChartHeight);
  cairo_destroy(cr);
  canvas::finish(surface);
  // cairo draws text as glyph outlines; a <title>/<desc> keeps the chart readable by
  // screen readers and searchable.
  const auto root = out.find("<svg");
  const auto root_end = root == std::string::npos ? root : out.find('>', root);
  if (root_end != std::string::npos) {
    out.insert(root_end + 1, "\n<title>" + xml_escape(chart_title_ko(kind)) + "</title><desc>" +
                                 xml_escape(chart_description_ko(kind, report)) + "</desc>");
  }
  return out;
}

}  // namespace soom::report
