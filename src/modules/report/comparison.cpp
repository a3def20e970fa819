#include "modules/report/comparison.hpp"

#include <cmath>

namespace soom::report {

MetricComparison compare_metric(std::string metric, std::optional<double> current, std::optional<double> previous,
                                Preferred preferred, double tolerance) {
  MetricComparison out{std::move(metric), current, previous, "not_comparable"};
  if (!current || !previous) return out;
  const double delta = *current - *previous;
  if (delta == 0 || std::abs(delta) < tolerance) {
    out.direction = "same";
  } else if ((delta < 0) == (preferred == Preferred::kLower)) {
    out.direction = "better";
  } else {
    out.direction = "worse";
  }
  return out;
}

std::vector<MetricComparison> compare_periods(const PeriodFigures& cur, const PeriodFigures& prev) {
  constexpr double kPercentPoints = 5.0;     // PEF % of best, adherence %
  constexpr double kVariabilityPoints = 2.0;  // diurnal variability %
  const auto red = [](const PeriodFigures& p) -> std::optional<double> {
    if (!p.peak_flow.personal_best || p.peak_flow.readings.empty()) return std::nullopt;
    return p.peak_flow.red;
  };
  // Counts of a period without a single record say nothing (zero is not "no symptoms").
  const auto count = [](const PeriodFigures& p, double value) -> std::optional<double> {
    if (p.symptoms.days_recorded == 0) return std::nullopt;
    return value;
  };
  using P = Preferred;
  return {
      compare_metric("symptom_days", count(cur, cur.symptoms.symptom_days), count(prev, prev.symptoms.symptom_days),
                     P::kLower, 0),
      compare_metric("symptom_free_days", count(cur, cur.symptoms.symptom_free_days),
                     count(prev, prev.symptoms.symptom_free_days), P::kHigher, 0),
      compare_metric("night_waking_nights", count(cur, cur.symptoms.night_waking_nights),
                     count(prev, prev.symptoms.night_waking_nights), P::kLower, 0),
      compare_metric("activity_limited_days", count(cur, cur.symptoms.activity_limited_days),
                     count(prev, prev.symptoms.activity_limited_days), P::kLower, 0),
      compare_metric("reliever_days", count(cur, cur.reliever.days), count(prev, prev.reliever.days), P::kLower, 0),
      compare_metric("reliever_doses", count(cur, cur.reliever.doses), count(prev, prev.reliever.doses), P::kLower,
                     0),
      compare_metric("exacerbations", count(cur, cur.exacerbations), count(prev, prev.exacerbations), P::kLower, 0),
      compare_metric("peak_flow_mean_percent", cur.peak_flow.mean_percent_of_personal_best,
                     prev.peak_flow.mean_percent_of_personal_best, P::kHigher, kPercentPoints),
      compare_metric("red_zone_readings", red(cur), red(prev), P::kLower, 0),
      compare_metric("diurnal_variability_percent", cur.peak_flow.diurnal_variability_percent,
                     prev.peak_flow.diurnal_variability_percent, P::kLower, kVariabilityPoints),
      compare_metric("controller_adherence_percent", cur.adherence_percent, prev.adherence_percent, P::kHigher,
                     kPercentPoints),
  };
}

}  // namespace soom::report
