#pragma once
// report.share_opened → a notification to the patient that a shared report was opened:
// at most one per share per clock hour (the dedupe key carries the hour), so a clinician
// paging through the report does not flood the patient.
#include <optional>

#include "events/outbox.hpp"
#include "modules/notification/notification.hpp"

namespace soom::report {

inline constexpr const char* kShareOpened = "report.share_opened";

std::optional<notification::NotificationRequest> share_opened_notification(const events::Event& event);

}  // namespace soom::report
