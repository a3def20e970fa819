#include "modules/report/report_builder.hpp"

#include <algorithm>

#include "modules/report/burden.hpp"
#include "modules/report/comparison.hpp"
#include "modules/report/control.hpp"
#include "modules/report/day_facts.hpp"

namespace soom::report {

Period previous_period_of(Day from, Day to) {
  const int n = days_between_inclusive(from, to);
  return {format_day(from - std::chrono::days(n)), format_day(from - std::chrono::days(1)), n};
}

std::vector<ExacerbationItem> exacerbations_in(const std::vector<records::Record>& records, Day from, Day to) {
  const auto first = format_day(from);
  const auto last = format_day(to);
  std::vector<ExacerbationItem> out;
  for (const auto& r : records) {
    if (r.deleted_at || !r.detail) continue;
    const auto* e = std::get_if<records::ExacerbationDetail>(&*r.detail);
    if (!e || e->start_date < first || e->start_date > last) continue;
    out.push_back({r.id, e->kind, e->start_date, e->end_date});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const ExacerbationItem& a, const ExacerbationItem& b) { return a.start_date < b.start_date; });
  return out;
}

Report build_report(const ReportInputs& in) {
  Report report;
  const int n = days_between_inclusive(in.from, in.to);
  report.period = {format_day(in.from), format_day(in.to), n};
  report.previous_period = previous_period_of(in.from, in.to);
  report.time_zone = in.time_zone;
  report.generated_at = in.now;
  const auto days = index_days(in.records, in.ics_formoterol_medication_ids);
  const Day prev_from = in.from - std::chrono::days(n);
  const Day prev_to = in.from - std::chrono::days(1);

  report.symptoms = symptom_burden(days, in.from, in.to);
  report.reliever = reliever_use(days, in.from, in.to);
  report.weeks = weekly_breakdown(days, in.from, in.to);
  for (std::size_t i = 0; i < report.weeks.size() && i < in.weekly_controller.size(); ++i) {
    report.weeks[i].controller = in.weekly_controller[i];
  }
  for (Day d = in.from; d <= in.to; d += std::chrono::days(1)) {
    CalendarDay cell{format_day(d), false, false, 0};
    if (auto it = days.find(d); it != days.end()) {
      cell = {cell.date, it->second.recorded, it->second.symptom, it->second.worst_severity};
    }
    report.calendar.push_back(std::move(cell));
  }
  report.adherence = in.adherence;
  report.control = gina_windows(days, in.records, in.from, in.to);
  report.act = act_series(in.records, in.from, in.to);
  // One personal best for both periods, so that their percentages are comparable.
  const auto best = choose_personal_best(days, in.peak_flow.user_entered_best, in.to,
                                         in.peak_flow.personal_best_window_days);
  report.peak_flow = peak_flow_figures(in.records, days, in.from, in.to, best, in.peak_flow);
  report.exacerbations = exacerbations_in(in.records, in.from, in.to);

  PeriodFigures current{report.symptoms, report.reliever, report.peak_flow,
                        static_cast<int>(report.exacerbations.size()),
                        in.adherence.available ? in.adherence.overall.taken_percent : std::nullopt};
  PeriodFigures previous{symptom_burden(days, prev_from, prev_to), reliever_use(days, prev_from, prev_to),
                         peak_flow_figures(in.records, days, prev_from, prev_to, best, in.peak_flow),
                         static_cast<int>(exacerbations_in(in.records, prev_from, prev_to).size()),
                         in.previous_adherence_percent};
  report.comparison = compare_periods(current, previous);
  report.summary_ko = korean_summary(report);
  return report;
}

}  // namespace soom::report
