#pragma once
// JSON shapes of the notification API.
#include <boost/json.hpp>

#include "modules/notification/notification.hpp"

namespace soom::notification::handlers {

boost::json::object to_json(const Notification& n);
boost::json::object to_json(const Webhook& w);
boost::json::object to_json(const PushSubscription& s);
boost::json::object to_json(const Delivery& d);

}  // namespace soom::notification::handlers
