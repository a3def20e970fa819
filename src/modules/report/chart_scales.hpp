#pragma once
// The arithmetic of the charts, kept apart from cairo so that it is tested as plain
// functions: value → pixel scales, "nice" axis maxima, the PEF zone bands (from the
// personal best and the user's thresholds; never from the predicted value) and the
// colour step of a day in the symptom calendar.
#include <optional>
#include <string>
#include <vector>

namespace soom::report {

// Maps [domain_min, domain_max] linearly onto [range_min, range_max]. The range may be
// inverted (a y axis grows downwards in device space). A degenerate domain maps every
// value to the middle of the range.
struct LinearScale final {
  double domain_min = 0;
  double domain_max = 1;
  double range_min = 0;
  double range_max = 1;

  double operator()(double value) const;
};

// The smallest "nice" axis maximum (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k) at or above `value`; 1 for
// values ≤ 0, so an empty chart still has an axis.
double nice_axis_max(double value);

// Horizontal band of the PEF chart, in L/min.
struct ZoneBand final {
  std::string zone;  // green | yellow | red
  double low = 0;
  double high = 0;
};

// Zone bands over [0, axis_max]: red below yellow_min% of the best, yellow up to
// green_min%, green above. No personal best → no bands (zones need a best).
std::vector<ZoneBand> pef_zone_bands(std::optional<int> personal_best, int green_min_percent,
                                     int yellow_min_percent, double axis_max);

// Colour step of a calendar day: 0 no record, 1 recorded without symptom, 2–4 symptom of
// severity mild (or codes without a severity), moderate, severe.
int calendar_step(bool recorded, bool symptom, int worst_severity);

}  // namespace soom::report
