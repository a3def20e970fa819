#include "modules/notification/handlers/notification_json.hpp"

namespace soom::notification::handlers {

namespace json = boost::json;

json::object to_json(const Notification& n) {
  json::object data;
  for (const auto& [k, v] : n.data) data[k] = v;
  return json::object{{"id", n.id},
                      {"seq", n.seq},
                      {"kind", n.kind},
                      {"title", n.title},
                      {"body", n.body},
                      {"data", std::move(data)},
                      {"created_at", format_rfc3339(n.created_at)},
                      {"delivered_at", format_rfc3339(n.visible_at)},
                      {"read", n.read_at.has_value()},
                      {"read_at", n.read_at ? json::value(format_rfc3339(*n.read_at)) : json::value(nullptr)}};
}

json::object to_json(const Webhook& w) {
  json::object o{{"id", w.id}, {"url", w.url}, {"active", w.active}, {"created_at", format_rfc3339(w.created_at)}};
  if (w.secret) o["secret"] = *w.secret;
  return o;
}

json::object to_json(const PushSubscription& s) {
  return json::object{{"id", s.id}, {"endpoint", s.endpoint}, {"created_at", format_rfc3339(s.created_at)}};
}

json::object to_json(const Delivery& d) {
  return json::object{
      {"id", d.id},
      {"notification_id", d.notification_id},
      {"channel", d.channel},
      {"target_id", d.target_id},
      {"status", d.status},
      {"attempts", d.attempts},
      {"next_attempt_at", d.next_attempt_at ? json::value(format_rfc3339(*d.next_attempt_at)) : json::value(nullptr)},
      {"last_error", d.last_error ? json::value(*d.last_error) : json::value(nullptr)},
      {"last_status", d.last_status ? json::value(*d.last_status) : json::value(nullptr)},
      {"created_at", format_rfc3339(d.created_at)},
      {"updated_at", format_rfc3339(d.updated_at)}};
}

}  // namespace soom::notification::handlers
