#pragma once
// Symptom burden, reliever use and the per-week breakdown of a period (pure functions of
// the day index; formulas in docs/report.md).
#include <vector>

#include "modules/report/day_facts.hpp"
#include "modules/report/report.hpp"

namespace soom::report {

inline constexpr std::size_t kTopTriggers = 5;

// Over the inclusive local-day range [from, to].
SymptomBurden symptom_burden(const DayIndex& days, Day from, Day to);
RelieverUse reliever_use(const DayIndex& days, Day from, Day to);
// Weeks of 7 days counted from `from`; the last one may be shorter. Controller figures are
// left empty (the medication module fills them).
std::vector<WeekFigures> weekly_breakdown(const DayIndex& days, Day from, Day to);

// Rounds to one decimal (figures shown to people).
double round1(double value);

}  // namespace soom::report
