#pragma once
// The decision behind the zone alert consumer, as a pure function: which
// records.peak_flow_recorded events become a peak_flow_zone notification, and with what.
#include <optional>

#include "core/time.hpp"
#include "events/outbox.hpp"
#include "modules/notification/notification.hpp"

namespace soom::report {

// An event older than this when the consumer first sees it is history (e.g. the consumer
// was just deployed), not something to alert about now.
inline constexpr auto kAlertMaxAge = std::chrono::hours(24);

// Yellow or red readings of today or yesterday (UTC, one day of slack for any zone) give a
// notification with a deep link to the action plan, keyed by the record (idempotent).
std::optional<notification::NotificationRequest> zone_alert_for(const events::Event& event, Instant now);

}  // namespace soom::report
