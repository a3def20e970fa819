#include "modules/report/control.hpp"

#include <algorithm>
#include <cstdlib>

namespace soom::report {
namespace {

std::vector<const records::Record*> control_tests(const std::vector<records::Record>& records,
                                                  const std::string& instrument) {
  std::vector<const records::Record*> out;
  for (const auto& r : records) {
    if (r.deleted_at || !r.detail) continue;
    const auto* test = std::get_if<records::ControlTestDetail>(&*r.detail);
    if (test && test->instrument == instrument) out.push_back(&r);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const records::Record* a, const records::Record* b) { return a->occurred_at < b->occurred_at; });
  return out;
}

}  // namespace

std::string gina_level(int items_met) {
  if (items_met == 0) return "well_controlled";
  if (items_met <= 2) return "partly_controlled";
  return "uncontrolled";
}

std::vector<GinaWindow> gina_windows(const DayIndex& days, const std::vector<records::Record>& records, Day from,
                                     Day to) {
  const auto gina_tests = control_tests(records, "gina");
  std::vector<GinaWindow> windows;
  for (Day start = from; start <= to; start += std::chrono::days(kGinaWindowDays)) {
    const Day end = std::min(to, start + std::chrono::days(kGinaWindowDays - 1));
    GinaWindow w;
    w.from = format_day(start);
    w.to = format_day(end);
    w.days = days_between_inclusive(start, end);
    w.per_week_limit = 2.0 * w.days / 7.0;
    for (auto it = days.lower_bound(start); it != days.end() && it->first <= end; ++it) {
      const auto& d = it->second;
      if (d.recorded) ++w.days_recorded;
      if (d.daytime_symptom) ++w.daytime_symptom_days;
      if (d.night_waking) w.any_night_waking = true;
      if (d.activity_limitation) w.any_activity_limitation = true;
      w.reliever_occasions += d.reliever_occasions - d.ics_formoterol_occasions;
    }
    w.daytime_symptoms_over_limit = w.daytime_symptom_days > w.per_week_limit;
    w.reliever_over_limit = w.reliever_occasions > w.per_week_limit;
    w.items_met = int(w.daytime_symptoms_over_limit) + int(w.any_night_waking) + int(w.reliever_over_limit) +
                  int(w.any_activity_limitation);
    // Items that are met are facts; "well" or "partly" controlled also rests on the absence of
    // events, which is only credible when at least half of the window's days were recorded.
    if (w.items_met >= 3) {
      w.level = gina_level(w.items_met);
    } else if (w.days_recorded * 2 < w.days) {
      w.level = "insufficient_data";
    } else {
      w.level = gina_level(w.items_met);
    }
    for (const auto* r : gina_tests) {
      if (r->local_date < w.from || r->local_date > w.to) continue;
      const auto& test = std::get<records::ControlTestDetail>(*r->detail);
      w.patient_gina = SelfAssessment{r->id, r->local_date, test.instrument, test.score, test.result};
    }
    windows.push_back(std::move(w));
  }
  return windows;
}

std::string act_band(int score) {
  if (score >= 20) return "well_controlled";
  if (score >= 16) return "not_well_controlled";
  return "very_poorly_controlled";
}

std::vector<ActEntry> act_series(const std::vector<records::Record>& records, Day from, Day to) {
  const auto from_text = format_day(from);
  const auto to_text = format_day(to);
  std::vector<ActEntry> out;
  std::optional<int> previous;
  for (const auto* r : control_tests(records, "act")) {
    if (r->local_date > to_text) continue;
    const int score = std::get<records::ControlTestDetail>(*r->detail).score;
    if (r->local_date >= from_text) {
      ActEntry e;
      e.record_id = r->id;
      e.date = r->local_date;
      e.score = score;
      e.band = act_band(score);
      if (previous) {
        e.change = score - *previous;
        e.significant_change = std::abs(*e.change) >= kActMinimalImportantDifference;
      }
      out.push_back(std::move(e));
    }
    previous = score;
  }
  return out;
}

}  // namespace soom::report
