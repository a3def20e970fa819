#include "modules/identity/handlers/identity_json.hpp"

#include "http/json_writer.hpp"

namespace soom::identity::handlers {
namespace {

template <typename T>
boost::json::value nullable(const std::optional<T>& v) {
  if (!v) return nullptr;
  return boost::json::value_from(*v);
}

}  // namespace

// Written directly (http::JsonWriter): this is the body of the hottest authenticated read.
std::string profile_json(const Profile& p) {
  http::JsonWriter w;
  w.begin_object()
      .field("id", p.id)
      .field("email", p.email)
      .field("nickname", p.nickname)
      .field("role", p.role)
      .field("birth_year", p.birth_year)
      .field("sex", p.sex)
      .field("height_cm", p.height_cm)
      .field("time_zone", p.time_zone)
      .field("locale", p.locale)
      .field("diagnosis_year", p.diagnosis_year)
      .key("notifications")
      .begin_object()
      .field("medication_reminders", p.notifications.medication_reminders)
      .field("community", p.notifications.community)
      .field("marketing", p.notifications.marketing)
      .field("quiet_hours_start", p.notifications.quiet_hours_start)
      .field("quiet_hours_end", p.notifications.quiet_hours_end)
      .end_object()
      .field("mfa_enabled", p.mfa_enabled)
      .field("created_at", format_rfc3339(p.created_at))
      .field("updated_at", format_rfc3339(p.updated_at))
      .end_object();
  return w.take();
}

boost::json::object to_json(const TokenPair& t) {
  return boost::json::object{{"access_token", t.access_token},
                             {"refresh_token", t.refresh_token},
                             {"token_type", "Bearer"},
                             {"expires_in", t.expires_in}};
}

boost::json::object to_json(const std::vector<ConsentState>& consents) {
  boost::json::object out;
  for (const auto& c : consents) {
    out[c.kind] = boost::json::object{
        {"granted", c.granted},
        {"version", nullable(c.version)},
        {"recorded_at", c.recorded_at ? boost::json::value(format_rfc3339(*c.recorded_at)) : nullptr},
        {"current_version", c.current_version},
    };
  }
  return out;
}

std::optional<NotificationPreferences> read_notifications(http::FieldReader& reader,
                                                          const NotificationPreferences& base) {
  const auto* obj = reader.object("notifications", false);
  if (obj == nullptr) return std::nullopt;
  http::FieldReader nested(*obj, reader.path("notifications"));
  NotificationPreferences n = base;
  if (auto v = nested.boolean("medication_reminders", false)) n.medication_reminders = *v;
  if (auto v = nested.boolean("community", false)) n.community = *v;
  if (auto v = nested.boolean("marketing", false)) n.marketing = *v;
  if (nested.is_null("quiet_hours_start")) n.quiet_hours_start.reset();
  else if (auto v = nested.text("quiet_hours_start", false, 5, 5)) n.quiet_hours_start = *v;
  if (nested.is_null("quiet_hours_end")) n.quiet_hours_end.reset();
  else if (auto v = nested.text("quiet_hours_end", false, 5, 5)) n.quiet_hours_end = *v;
  reader.absorb(nested);
  return n;
}

AuthenticatedUser caller(const http::Request& request) {
  const auto& p = request.principal.value();  // routes with Auth::kRequired always have one
  return AuthenticatedUser{p.user_id, p.session_id, p.role};
}

ClientInfo client_info(const http::Request& request) {
  ClientInfo c;
  c.ip = request.remote_ip;
  if (auto ua = request.headers.get("user-agent")) c.user_agent = std::string(*ua);
  return c;
}

}  // namespace soom::identity::handlers
