#include "modules/records/calendar.hpp"

#include <algorithm>
#include <cmath>

#include "modules/records/day_bucket.hpp"

namespace soom::records {
namespace {

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

struct DayFolder final {
  CalendarDay& day;
  const PersonalBest& personal_best;
  const RecordsSettings& settings;

  void operator()(const SymptomDetail& d) {
    day.worst_severity = std::max(day.worst_severity.value_or(0), d.severity);
    for (const auto& s : d.symptoms) {
      add_unique(day.symptom_kinds, s);
      if (s == "night_waking") day.night_waking = true;
    }
  }
  void operator()(const IntakeDetail& d) {
    if (d.taken && d.category == "rescue") day.rescue_doses += d.doses;
  }
  void operator()(const LungFunctionDetail& d) {
    if (day.peak_flow && day.peak_flow->best_pef >= d.pef) return;
    PeakFlowSummary summary;
    summary.best_pef = d.pef;
    summary.personal_best = personal_best.value;
    if (personal_best.value) summary.percent_of_personal_best = percent_of(d.pef, *personal_best.value);
    summary.zone = peak_flow_zone(d.pef, personal_best.value, settings);
    day.peak_flow = summary;
  }
  void operator()(const ControlTestDetail& d) { day.control_test = d; }
  void operator()(const ExacerbationDetail& d) { add_unique(day.exacerbations, d.kind); }
  void operator()(const StatusDetail& d) { day.status = d; }
};

}  // namespace

int percent_of(int pef, int personal_best) {
  if (personal_best <= 0) return 0;
  return static_cast<int>(std::lround(100.0 * pef / personal_best));
}

std::optional<std::string> peak_flow_zone(int pef, std::optional<int> personal_best, const RecordsSettings& settings) {
  if (!personal_best || *personal_best <= 0) return std::nullopt;
  // Compare exact ratios, not the rounded percent, so 79.6 % stays yellow.
  const double percent = 100.0 * pef / *personal_best;
  if (percent >= settings.green_min_percent) return "green";
  if (percent >= settings.yellow_min_percent) return "yellow";
  return "red";
}

CalendarMonth build_calendar(std::chrono::year_month month, const std::vector<Record>& records,
                             const PersonalBest& personal_best, const RecordsSettings& settings,
                             const std::map<std::string, ControllerDoses>* controller_doses) {
  CalendarMonth out;
  out.month = format_month(month);
  out.personal_best = personal_best.value;
  out.personal_best_source = personal_best.source;
  std::map<std::string, std::size_t> index;
  for (const auto& date : days_of_month(month)) {
    index[date] = out.days.size();
    CalendarDay day;
    day.date = date;
    if (controller_doses) {
      auto it = controller_doses->find(date);
      day.controller_doses = it == controller_doses->end() ? ControllerDoses{} : it->second;
    }
    out.days.push_back(std::move(day));
  }
  // Oldest first so that "the last one of the day" (status, control test) is the latest.
  std::vector<const Record*> ordered;
  for (const auto& r : records) ordered.push_back(&r);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const Record* a, const Record* b) { return a->occurred_at < b->occurred_at; });
  for (const auto* r : ordered) {
    auto it = index.find(r->local_date);
    if (it == index.end() || r->deleted_at || !r->detail) continue;
    auto& day = out.days[it->second];
    ++day.record_count;
    std::visit(DayFolder{day, personal_best, settings}, *r->detail);
  }
  for (auto& day : out.days) {
    std::sort(day.symptom_kinds.begin(), day.symptom_kinds.end());
    if (day.record_count == 0) continue;
    ++out.days_recorded;
    if (day.worst_severity.value_or(0) == 0 && day.symptom_kinds.empty()) ++out.symptom_free_days;
    if (day.rescue_doses > 0) ++out.rescue_use_days;
    out.rescue_doses += day.rescue_doses;
    out.exacerbations += static_cast<int>(day.exacerbations.size());
  }
  return out;
}

}  // namespace soom::records
