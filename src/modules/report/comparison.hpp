#pragma once
// Comparison of a period with the previous period of equal length, metric by metric:
// better / worse / same, or not_comparable when either side has no value.
#include <optional>
#include <string>
#include <vector>

#include "modules/report/report.hpp"

namespace soom::report {

struct PeriodFigures final {
  SymptomBurden symptoms;
  RelieverUse reliever;
  PeakFlowFigures peak_flow;
  int exacerbations = 0;
  std::optional<double> adherence_percent;
};

enum class Preferred { kLower, kHigher };

// A difference smaller than `tolerance` (or none at all) is "same"; percentages get a
// tolerance so that measurement noise is not read as change.
MetricComparison compare_metric(std::string metric, std::optional<double> current, std::optional<double> previous,
                                Preferred preferred, double tolerance);

std::vector<MetricComparison> compare_periods(const PeriodFigures& current, const PeriodFigures& previous);

}  // namespace soom::report
