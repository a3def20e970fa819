#pragma once
// The monthly at-a-glance calendar as a pure function of a month's records, so the
// aggregation rules are unit-tested without a database.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "modules/records/records.hpp"

namespace soom::records {

struct PersonalBest final {
  std::optional<int> value;
  std::string source = "none";  // settings | recent_best | none
};

// Percent of personal best, rounded to the nearest integer.
int percent_of(int pef, int personal_best);
// green ≥ green_min_percent, yellow ≥ yellow_min_percent, red below; none without a personal best.
std::optional<std::string> peak_flow_zone(int pef, std::optional<int> personal_best, const RecordsSettings& settings);

// `records` are the month's live records (any order); days outside the month are ignored.
CalendarMonth build_calendar(std::chrono::year_month month, const std::vector<Record>& records,
                             const PersonalBest& personal_best, const RecordsSettings& settings,
                             const std::map<std::string, ControllerDoses>* controller_doses);

}  // namespace soom::records
