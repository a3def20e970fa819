#include "modules/report/peak_flow.hpp"

#include <algorithm>
#include <cmath>

#include "modules/report/burden.hpp"

namespace soom::report {

PersonalBestChoice choose_personal_best(const DayIndex& days, std::optional<int> user_entered, Day to,
                                        int window_days) {
  if (user_entered && *user_entered > 0) return {user_entered, "user_entered"};
  const Day from = to - std::chrono::days(window_days - 1);
  std::optional<int> best;
  for (auto it = days.lower_bound(from); it != days.end() && it->first <= to; ++it) {
    if (!is_well_day(it->second)) continue;
    for (int pef : it->second.pef) best = std::max(best.value_or(0), pef);
  }
  if (!best) return {};
  return {best, "well_controlled_best"};
}

int percent_of_best(int pef, int personal_best) {
  if (personal_best <= 0) return 0;
  return static_cast<int>(std::lround(100.0 * pef / personal_best));
}

std::string zone_of(int pef, int personal_best, int green_min_percent, int yellow_min_percent) {
  const double percent = 100.0 * pef / personal_best;
  if (percent >= green_min_percent) return "green";
  if (percent >= yellow_min_percent) return "yellow";
  return "red";
}

// Nunn AJ, Gregg I. New regression equations for predicting peak expiratory flow in adults.
// BMJ 1989;298:1068–70 (healthy adults 15–85 years, Wright peak flow meter). In the
// exponential form in which it is usually reproduced, with age in years and height in cm:
//   men:   PEF = exp(0.544·ln(age) − 0.0151·age − 74.7/height + 5.48)   L/min
//   women: PEF = exp(0.376·ln(age) − 0.0120·age − 58.8/height + 5.63)   L/min
std::optional<int> predicted_pef_nunn_gregg(int age, const std::string& sex, int height_cm) {
  if (age < 15 || age > 85 || height_cm < 100 || height_cm > 250) return std::nullopt;
  const double a = age;
  const double h = height_cm;
  double exponent = 0;
  if (sex == "male") {
    exponent = 0.544 * std::log(a) - 0.0151 * a - 74.7 / h + 5.48;
  } else if (sex == "female") {
    exponent = 0.376 * std::log(a) - 0.0120 * a - 58.8 / h + 5.63;
  } else {
    return std::nullopt;
  }
  return static_cast<int>(std::lround(std::exp(exponent)));
}

Variability diurnal_variability(const DayIndex& days, Day from, Day to) {
  Variability out;
  double sum = 0;
  for (auto it = days.lower_bound(from); it != days.end() && it->first <= to; ++it) {
    const auto& pef = it->second.pef;
    if (pef.size() < 2) continue;
    const auto [lo, hi] = std::minmax_element(pef.begin(), pef.end());
    const double mean = (*hi + *lo) / 2.0;
    sum += 100.0 * (*hi - *lo) / mean;
    ++out.days;
  }
  if (out.days > 0) out.mean_percent = round1(sum / out.days);
  return out;
}

double variability_threshold_percent(std::optional<int> age_years) {
  return age_years && *age_years < 12 ? 13.0 : 10.0;
}

PeakFlowFigures peak_flow_figures(const std::vector<records::Record>& records, const DayIndex& days, Day from,
                                  Day to, const PersonalBestChoice& best, const PeakFlowInputs& in) {
  PeakFlowFigures out;
  out.personal_best = best.value;
  out.personal_best_source = best.source;
  out.personal_best_window_days = in.personal_best_window_days;
  out.green_min_percent = in.green_min_percent;
  out.yellow_min_percent = in.yellow_min_percent;
  const auto from_text = format_day(from);
  const auto to_text = format_day(to);
  double percent_sum = 0;
  for (const auto& r : records) {
    if (r.deleted_at || !r.detail || r.local_date < from_text || r.local_date > to_text) continue;
    const auto* lung = std::get_if<records::LungFunctionDetail>(&*r.detail);
    if (!lung || lung->pef <= 0) continue;
    PeakFlowReading reading{r.id, r.local_date, r.occurred_at, lung->pef, std::nullopt, std::nullopt};
    if (best.value) {
      reading.percent_of_personal_best = percent_of_best(lung->pef, *best.value);
      reading.zone = zone_of(lung->pef, *best.value, in.green_min_percent, in.yellow_min_percent);
      percent_sum += 100.0 * lung->pef / *best.value;
      if (*reading.zone == "green") ++out.green;
      if (*reading.zone == "yellow") ++out.yellow;
      if (*reading.zone == "red") ++out.red;
    }
    out.readings.push_back(std::move(reading));
  }
  std::stable_sort(out.readings.begin(), out.readings.end(),
                   [](const PeakFlowReading& a, const PeakFlowReading& b) { return a.occurred_at < b.occurred_at; });
  if (best.value && !out.readings.empty()) out.mean_percent_of_personal_best = round1(percent_sum / out.readings.size());
  if (in.age_years && in.sex && in.height_cm) {
    out.predicted_pef = predicted_pef_nunn_gregg(*in.age_years, *in.sex, *in.height_cm);
  }
  out.predicted_note = out.predicted_pef
                           ? "참고용 예측치(Nunn & Gregg 1989)이며 구역은 개인 최고치로만 판단합니다"
                           : "나이(15~85세)·성별·키가 있어야 예측치를 계산합니다";
  const auto variability = diurnal_variability(days, from, to);
  out.diurnal_variability_percent = variability.mean_percent;
  out.variability_days = variability.days;
  out.variability_threshold_percent = variability_threshold_percent(in.age_years);
  if (variability.mean_percent) {
    out.variability_above_threshold = *variability.mean_percent > out.variability_threshold_percent;
  }
  return out;
}

}  // namespace soom::report
