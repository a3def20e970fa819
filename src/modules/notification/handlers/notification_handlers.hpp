#pragma once
// HTTP handlers of the notification context: JSON ⇄ structs, then the service.
#include "http/message.hpp"
#include "modules/notification/notification.hpp"

namespace soom::notification::handlers {

using Service = std::shared_ptr<NotificationCenter>;

http::Response list(const Service& s, http::Request& request);
http::Response unread_count(const Service& s, http::Request& request);
http::Response mark_read(const Service& s, http::Request& request);
http::Response mark_all_read(const Service& s, http::Request& request);
http::Response stream(const Service& s, http::Request& request);
http::Response send_test(const Service& s, http::Request& request);
http::Response get_preferences(const Service& s, http::Request& request);
http::Response put_preferences(const Service& s, http::Request& request);
http::Response create_webhook(const Service& s, http::Request& request);
http::Response list_webhooks(const Service& s, http::Request& request);
http::Response delete_webhook(const Service& s, http::Request& request);
http::Response subscribe_push(const Service& s, http::Request& request);
http::Response list_push(const Service& s, http::Request& request);
http::Response delete_push(const Service& s, http::Request& request);
http::Response vapid_public_key(const Service& s, http::Request& request);
http::Response list_deliveries(const Service& s, http::Request& request);
http::Response retry_delivery(const Service& s, http::Request& request);

}  // namespace soom::notification::handlers
