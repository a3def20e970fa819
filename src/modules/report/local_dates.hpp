#pragma once
// Local calendar days (YYYY-MM-DD) as std::chrono::sys_days: reports bucket every
// record by the local_date the records context stored for it, and periods are
// inclusive ranges of such days in the user's zone.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace soom::report {

using Day = std::chrono::sys_days;

std::optional<Day> parse_day(std::string_view text);
std::string format_day(Day day);
// The local day of `at` in `time_zone` (IANA). Throws std::runtime_error for an unknown zone.
Day local_day_of(Instant at, std::string_view time_zone);
// Number of days in the inclusive range [from, to].
int days_between_inclusive(Day from, Day to);

}  // namespace soom::report
