#pragma once
// GET /v1/notifications/stream: the user's notifications as Server-Sent Events.
#include <cstdint>
#include <memory>
#include <string>

#include "http/message.hpp"
#include "modules/notification/notification.hpp"

namespace soom::notification::handlers {

// Replays notifications after `after_seq` from the inbox, then follows live ones (woken
// by the hub in this process, polled every second for other processes). Ends after
// `max_lifetime` so that a stream never outlives its access token by much; clients
// reconnect with Last-Event-ID and lose nothing.
std::shared_ptr<http::StreamSource> make_event_stream(std::shared_ptr<NotificationCenter> service, std::string user_id,
                                                      std::int64_t after_seq,
                                                      std::chrono::milliseconds max_lifetime);

}  // namespace soom::notification::handlers
