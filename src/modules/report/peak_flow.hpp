#pragma once
// Peak flow figures: personal best, % of personal best and zones per reading, predicted
// PEF (reference only) and diurnal variability. Formulas and citations in docs/report.md.
#include <optional>
#include <string>
#include <vector>

#include "modules/records/records.hpp"
#include "modules/report/day_facts.hpp"
#include "modules/report/report.hpp"

namespace soom::report {

struct PersonalBestChoice final {
  std::optional<int> value;
  std::string source = "none";  // user_entered | well_controlled_best | none
};

// The user's own value when set; else the highest reading over the `window_days` days ending
// at `to`, taken on a day without symptoms and without reliever use.
PersonalBestChoice choose_personal_best(const DayIndex& days, std::optional<int> user_entered, Day to,
                                        int window_days);

// Percent of personal best rounded to the nearest integer.
int percent_of_best(int pef, int personal_best);
// green ≥ green_min, yellow ≥ yellow_min, red below, on the unrounded percentage.
std::string zone_of(int pef, int personal_best, int green_min_percent, int yellow_min_percent);

// Nunn & Gregg 1989, adults 15–85 years; sex "male" or "female"; height in cm.
// Reference only: zones never use it.
std::optional<int> predicted_pef_nunn_gregg(int age_years, const std::string& sex, int height_cm);

struct Variability final {
  std::optional<double> mean_percent;  // none without a day of ≥ 2 readings
  int days = 0;
};
// Daily (max − min) / mean(max, min) × 100 over days with ≥ 2 readings, averaged.
Variability diurnal_variability(const DayIndex& days, Day from, Day to);
// GINA 2024: > 10 % in adults (and when age is unknown), > 13 % in children (under 12).
double variability_threshold_percent(std::optional<int> age_years);

struct PeakFlowInputs final {
  std::optional<int> user_entered_best;
  int green_min_percent = 80;
  int yellow_min_percent = 50;
  int personal_best_window_days = 182;
  std::optional<int> age_years;
  std::optional<std::string> sex;
  std::optional<int> height_cm;
};

// `personal_best`: chosen once for the report so that both periods are measured alike.
PeakFlowFigures peak_flow_figures(const std::vector<records::Record>& records, const DayIndex& days, Day from,
                                  Day to, const PersonalBestChoice& personal_best, const PeakFlowInputs& inputs);

}  // namespace soom::report
