#pragma once
// The whole report as a pure function of the records and the few facts other contexts
// provide (so every figure is unit-tested with hand-worked cases, without a database).
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "modules/records/records.hpp"
#include "modules/report/local_dates.hpp"
#include "modules/report/peak_flow.hpp"
#include "modules/report/report.hpp"

namespace soom::report {

struct ReportInputs final {
  Day from;
  Day to;
  std::string time_zone;
  Instant now;
  // Live records covering the previous period, the period and the personal-best window.
  std::vector<records::Record> records;
  std::set<std::string> ics_formoterol_medication_ids;
  PeakFlowInputs peak_flow;
  ControllerAdherence adherence;
  std::optional<double> previous_adherence_percent;
  std::vector<std::optional<ControllerFigures>> weekly_controller;  // aligned with the weeks; may be empty
};

// The previous period of equal length: [from − n, from − 1].
Period previous_period_of(Day from, Day to);

// Exacerbation records whose start_date lies in [from, to], by start date.
std::vector<ExacerbationItem> exacerbations_in(const std::vector<records::Record>& records, Day from, Day to);

Report build_report(const ReportInputs& inputs);

// Plain-language Korean sentences built from the figures only (no advice).
std::vector<std::string> korean_summary(const Report& report);

}  // namespace soom::report
