#pragma once
// JSON shapes of the identity API (snake_case; the mobile clients depend on them).
#include <boost/json.hpp>
#include <optional>
#include <vector>

#include "http/json.hpp"
#include "http/message.hpp"
#include "modules/identity/identity.hpp"

namespace soom::identity::handlers {

std::string profile_json(const Profile& profile);  // the Profile schema's JSON text
boost::json::object to_json(const TokenPair& tokens);
boost::json::object to_json(const std::vector<ConsentState>& consents);
std::optional<NotificationPreferences> read_notifications(http::FieldReader& reader, const NotificationPreferences& base);
AuthenticatedUser caller(const http::Request& request);
ClientInfo client_info(const http::Request& request);

}  // namespace soom::identity::handlers
