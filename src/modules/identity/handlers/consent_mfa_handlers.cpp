// GET/PUT /v1/me/consents, POST /v1/me/mfa/totp and /v1/me/mfa/totp/confirm.
#include "modules/identity/handlers/auth_handlers.hpp"
#include "modules/identity/handlers/identity_json.hpp"

namespace soom::identity::handlers {

http::Response get_consents(IdentityService& service, http::Request& request) {
  return http::respond(request, service.consents(caller(request).user_id), 200,
                       [](const std::vector<ConsentState>& c) { return to_json(c); });
}

// Body: {"health_data": {"granted": false}, "marketing": {"granted": true, "version": "2026-11-01"}}
http::Response put_consents(IdentityService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  std::vector<ConsentChange> changes;
  for (const auto& [key, value] : *body) {
    const std::string kind(key);
    if (kind != "terms" && kind != "health_data" && kind != "marketing") {
      in.add_error(kind, "unknown_kind", "terms, health_data, marketing 중 하나여야 합니다");
      continue;
    }
    if (const auto* obj = in.object(kind, true)) {
      http::FieldReader c(*obj, kind);
      auto granted = c.boolean("granted", true);
      auto version = c.text("version", false, 1, 32);
      if (granted && *granted && !version) c.add_error("version", "required", "동의하는 문서의 버전이 필요합니다");
      if (c.ok()) changes.push_back(ConsentChange{kind, *granted, version.value_or("")});
      in.absorb(c);
    }
  }
  if (changes.empty() && in.ok()) in.add_error("health_data", "required", "변경할 동의 항목이 필요합니다");
  if (!in.ok()) return http::problem_response(in.error(), request);
  return http::respond(request, service.change_consents(caller(request).user_id, changes), 200,
                       [](const std::vector<ConsentState>& c) { return to_json(c); });
}

http::Response begin_totp(IdentityService& service, http::Request& request) {
  return http::respond(request, service.begin_totp(caller(request).user_id), 201, [](const TotpEnrollment& e) {
    return boost::json::object{{"secret", e.secret}, {"otpauth_uri", e.otpauth_uri}};
  });
}

http::Response confirm_totp(IdentityService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  auto code = in.text("code", true, 6, 6);
  if (!in.ok()) return http::problem_response(in.error(), request);
  return http::respond(request, service.confirm_totp(caller(request).user_id, *code), 200,
                       [](const std::vector<std::string>& codes) {
                         boost::json::array arr;
                         for (const auto& c : codes) arr.emplace_back(c);
                         return boost::json::object{{"mfa_enabled", true}, {"recovery_codes", std::move(arr)}};
                       });
}

}  // namespace soom::identity::handlers
