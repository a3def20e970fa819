#pragma once
// Asthma control: GINA symptom control per 4-week window from the records (GINA 2024,
// Box 2-2) and the ACT series with bands (Nathan 2004; Schatz 2006) and ≥ 3-point change
// flags (minimal important difference, Schatz 2009). Formulas in docs/report.md.
#include <string>
#include <vector>

#include "modules/records/records.hpp"
#include "modules/report/day_facts.hpp"
#include "modules/report/report.hpp"

namespace soom::report {

inline constexpr int kGinaWindowDays = 28;
inline constexpr int kActMinimalImportantDifference = 3;

// Windows of 28 days counted from `from`; the last may be shorter (its limits scale).
std::vector<GinaWindow> gina_windows(const DayIndex& days, const std::vector<records::Record>& records, Day from,
                                     Day to);
// 0 items → well_controlled, 1–2 → partly_controlled, 3–4 → uncontrolled.
std::string gina_level(int items_met);

// well_controlled (20–25) | not_well_controlled (16–19) | very_poorly_controlled (≤ 15).
std::string act_band(int score);
// ACT results in [from, to], oldest first; the change is against the previous ACT, which
// may lie before `from` (so pass records from before the period too).
std::vector<ActEntry> act_series(const std::vector<records::Record>& records, Day from, Day to);

}  // namespace soom::report
