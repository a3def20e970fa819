#pragma once
// Calendar arithmetic: a record's day is its local date in the zone it was recorded in
// (IANA, DST-aware via date/tz), and months are lists of YYYY-MM-DD days.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace soom::records {

// YYYY-MM-DD of `at` in `time_zone`. Throws std::runtime_error for an unknown zone (validate first).
std::string local_date_of(Instant at, std::string_view time_zone);

std::optional<std::chrono::year_month_day> parse_local_date(std::string_view date);
std::optional<std::chrono::year_month> parse_month(std::string_view month);
std::string format_date(std::chrono::year_month_day day);
std::string format_month(std::chrono::year_month month);

// Every day of a YYYY-MM month, in order.
std::vector<std::string> days_of_month(std::chrono::year_month month);
// "2026-11-23" → "2026-11".
std::string month_of_date(std::string_view date);
// The month `count` months after `month` (negative goes back).
std::chrono::year_month add_months(std::chrono::year_month month, int count);

}  // namespace soom::records
