#include "modules/report/chart_scales.hpp"

#include <algorithm>
#include <cmath>

namespace soom::report {

double LinearScale::operator()(double value) const {
  if (domain_max == domain_min) return (range_min + range_max) / 2;
  return range_min + (value - domain_min) / (domain_max - domain_min) * (range_max - range_min);
}

double nice_axis_max(double value) {
  if (!(value > 0)) return 1;
  const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
  for (double step : {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0}) {
    // A little tolerance so that 500 stays 500 despite floating-point noise.
    if (step * magnitude >= value * (1 - 1e-9)) return step * magnitude;
  }
  return 10 * magnitude;
}

std::vector<ZoneBand> pef_zone_bands(std::optional<int> personal_best, int green_min_percent,
                                     int yellow_min_percent, double axis_max) {
  if (!personal_best || *personal_best <= 0) return {};
  const double best = *personal_best;
  const double yellow_low = std::min(axis_max, best * yellow_min_percent / 100.0);
  const double green_low = std::min(axis_max, best * green_min_percent / 100.0);
  return {{"red", 0, yellow_low}, {"yellow", yellow_low, green_low}, {"green", green_low, axis_max}};
}

int calendar_step(bool recorded, bool symptom, int worst_severity) {
  if (!recorded) return 0;
  if (!symptom) return 1;
  return 1 + std::clamp(worst_severity, 1, 3);
}

}  // namespace soom::report
