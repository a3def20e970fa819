#pragma once
// The four report charts — PEF over time with zone bands, symptom calendar, reliever use
// per week, controller adherence per week — each drawn ONCE with cairo calls, so that the
// same code renders the SVG endpoint and the PDF. The scales are plain functions (tested
// without cairo).
#include <optional>
#include <string>
#include <string_view>

#include "modules/report/chart_scales.hpp"
#include "modules/report/report.hpp"

struct _cairo;  // cairo_t, kept out of this header so that tests need no cairo includes

namespace soom::report {

enum class ChartKind { kPef, kSymptoms, kReliever, kAdherence };

inline constexpr double kChartWidth = 640;
inline constexpr double kChartHeight = 300;

// "pef" | "symptoms" | "reliever" | "adherence".
std::optional<ChartKind> chart_kind(std::string_view name);
std::string chart_name(ChartKind kind);
std::string chart_title_ko(ChartKind kind);

// Where values are plotted inside a chart of `width` × `height` (title above, axis labels
// left and below).
struct PlotArea final {
  double left = 0;
  double top = 0;
  double right = 0;
  double bottom = 0;
};
PlotArea plot_area(double width, double height);

// x: day index in the period (0 = from) → the centre of that day's slot.
LinearScale day_x_scale(const Report& report, const PlotArea& area);
// y: PEF in L/min, 0 at the bottom, a nice maximum above the best and every reading.
LinearScale pef_y_scale(const Report& report, const PlotArea& area);
// y: reliever days per week 0–7.
LinearScale reliever_y_scale(const PlotArea& area);
// y: adherence 0–100 %.
LinearScale percent_y_scale(const PlotArea& area);
// x: week index → the left edge of that week's bar slot.
LinearScale week_x_scale(const Report& report, const PlotArea& area);

// False when the chart has nothing to show (it then says "기록 없음").
bool chart_has_data(ChartKind kind, const Report& report);

// One line saying what the chart shows ("기록 없음" without data); the SVG's <desc>.
std::string chart_description_ko(ChartKind kind, const Report& report);

void draw_chart(_cairo* cr, ChartKind kind, const Report& report, double width, double height);
std::string render_chart_svg(ChartKind kind, const Report& report);

inline constexpr const char* kNoDataKo = "기록 없음";

}  // namespace soom::report
