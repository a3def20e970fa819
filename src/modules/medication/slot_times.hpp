#pragma once
// Turning a schedule into concrete dose times in the user's IANA zone.
//
// DST rules (docs/medication.md):
//  - a local time that does not exist (spring forward gap) is shifted forward by the
//    length of the gap: 02:30 on a New York spring-forward day fires at 03:30 EDT;
//  - a local time that occurs twice (fall back) fires once, at its first occurrence
//    (the earlier, daylight-time instant).
// Each slot is keyed by its local wall time, so one local dose is one slot whatever the offset.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "modules/medication/medication.hpp"

namespace soom::medication {

struct SlotTime final {
  Instant at;              // UTC instant the dose is due
  std::string local_time;  // "YYYY-MM-DDTHH:MM" as scheduled (wall clock, before any DST shift)
  std::string local_date;  // "YYYY-MM-DD"
};

std::optional<std::chrono::year_month_day> parse_date(std::string_view text);
std::string format_date(std::chrono::year_month_day day);
// "HH:MM" → minutes after midnight.
std::optional<int> parse_time_of_day(std::string_view text);
// Local date of an instant in `zone`.
std::string local_date_in(Instant at, std::string_view zone);
// The instant of a local wall time in `zone`, applying the DST rules above.
Instant resolve_local(std::chrono::local_days day, int minute_of_day, std::string_view zone);
// Start of a local day (00:00, or the first instant after a gap) in `zone`.
Instant start_of_local_day(std::chrono::year_month_day day, std::string_view zone);

// Every slot of `medication` with from <= at < to (active days only: start/end dates,
// weekdays or every-N-days). Paused and as-needed medications have none.
std::vector<SlotTime> slots_between(const Medication& medication, std::string_view zone, Instant from, Instant to);

}  // namespace soom::medication
