#include "modules/report/burden.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace soom::report {
namespace {

const DayFacts* facts_of(const DayIndex& days, Day day) {
  const auto it = days.find(day);
  return it == days.end() ? nullptr : &it->second;
}

}  // namespace

double round1(double value) { return std::round(value * 10.0) / 10.0; }

SymptomBurden symptom_burden(const DayIndex& days, Day from, Day to) {
  SymptomBurden out;
  out.days_in_period = days_between_inclusive(from, to);
  std::map<std::string, int> triggers;
  for (auto it = days.lower_bound(from); it != days.end() && it->first <= to; ++it) {
    const auto& d = it->second;
    if (!d.recorded) continue;
    ++out.days_recorded;
    if (d.symptom) {
      ++out.symptom_days;
    } else {
      ++out.symptom_free_days;
    }
    if (d.daytime_symptom) ++out.daytime_symptom_days;
    if (d.night_waking) ++out.night_waking_nights;
    if (d.activity_limitation) ++out.activity_limited_days;
    for (const auto& t : d.triggers) ++triggers[t];
  }
  for (const auto& [trigger, count] : triggers) out.top_triggers.push_back({trigger, count});
  // Most days first; ties alphabetically so the order is stable.
  std::sort(out.top_triggers.begin(), out.top_triggers.end(), [](const TriggerCount& a, const TriggerCount& b) {
    return a.days != b.days ? a.days > b.days : a.trigger < b.trigger;
  });
  if (out.top_triggers.size() > kTopTriggers) out.top_triggers.resize(kTopTriggers);
  return out;
}

RelieverUse reliever_use(const DayIndex& days, Day from, Day to) {
  RelieverUse out;
  for (auto it = days.lower_bound(from); it != days.end() && it->first <= to; ++it) {
    const auto& d = it->second;
    if (d.reliever_occasions > 0) ++out.days;
    out.occasions += d.reliever_occasions;
    out.doses += d.reliever_doses;
    out.ics_formoterol_occasions += d.ics_formoterol_occasions;
    out.ics_formoterol_doses += d.ics_formoterol_doses;
  }
  const double weeks = days_between_inclusive(from, to) / 7.0;
  out.days_per_week = round1(out.days / weeks);
  out.doses_per_week = round1(out.doses / weeks);
  return out;
}

std::vector<WeekFigures> weekly_breakdown(const DayIndex& days, Day from, Day to) {
  std::vector<WeekFigures> weeks;
  for (Day start = from; start <= to; start += std::chrono::days(7)) {
    const Day end = std::min(to, start + std::chrono::days(6));
    WeekFigures w;
    w.from = format_day(start);
    w.to = format_day(end);
    w.days = days_between_inclusive(start, end);
    const auto burden = symptom_burden(days, start, end);
    w.days_recorded = burden.days_recorded;
    w.symptom_days = burden.symptom_days;
    w.symptom_free_days = burden.symptom_free_days;
    w.night_waking_nights = burden.night_waking_nights;
    w.activity_limited_days = burden.activity_limited_days;
    for (Day d = start; d <= end; d += std::chrono::days(1)) {
      if (const auto* f = facts_of(days, d); f && f->reliever_occasions > 0) {
        ++w.reliever_days;
        w.reliever_doses += f->reliever_doses;
      }
    }
    weeks.push_back(std::move(w));
  }
  return weeks;
}

}  // namespace soom::report
