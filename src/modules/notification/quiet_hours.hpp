#pragma once
// Quiet hours: a daily local-time window ("22:00"–"07:00" may wrap midnight) in the
// user's IANA zone during which non-reminder notifications wait.
#include <optional>
#include <string>

#include "core/time.hpp"

namespace soom::notification {

// When `now` falls inside the window, the instant it ends (the next local `end`; on a
// DST gap the end maps to the moment the clocks jump, on an overlap to the earlier
// instant); otherwise nullopt. Malformed times, an unknown zone or start == end: nullopt.
std::optional<Instant> quiet_hours_end(Instant now, const std::string& time_zone, const std::string& start,
                                       const std::string& end);

// "HH:MM" → minutes after midnight.
std::optional<int> parse_hh_mm(const std::string& text);

}  // namespace soom::notification
