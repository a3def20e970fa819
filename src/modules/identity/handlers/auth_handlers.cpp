// POST /v1/auth/{signup,login,refresh,logout}, GET /v1/auth/consent-documents.
#include "modules/identity/handlers/auth_handlers.hpp"

#include "modules/identity/handlers/identity_json.hpp"

namespace soom::identity::handlers {

http::Response signup(IdentityService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  SignupRequest r;
  auto email = in.text("email", true, 1, 254);
  auto password = in.text("password", true, 1, 1024);  // policy (8–128) is checked by the service
  auto nickname = in.text("nickname", true, 1, 64);
  if (const auto* consents = in.object("consents", true)) {
    http::FieldReader c(*consents, "consents");
    if (auto terms = c.text("terms", true, 1, 32)) r.terms_version = *terms;
    r.health_data_version = c.text("health_data", false, 1, 32);
    in.absorb(c);
  }
  r.time_zone = in.text("time_zone", false, 1, 64);
  r.locale = in.text("locale", false, 1, 16);
  if (!in.ok()) return http::problem_response(in.error(), request);
  r.email = *email;
  r.password = *password;
  r.nickname = *nickname;
  auto result = service.sign_up(r);
  auto response = http::respond(request, result, 201, profile_json);
  if (result) response.headers.set("Location", "/v1/me");
  return response;
}

http::Response login(IdentityService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  auto email = in.text("email", true, 1, 254);
  auto password = in.text("password", true, 1, 1024);
  auto totp = in.text("totp", false, 1, 32);
  if (!in.ok()) return http::problem_response(in.error(), request);
  auto result = service.log_in(LoginRequest{*email, *password, totp}, client_info(request));
  return http::respond(request, result, 200, [](const TokenPair& t) { return to_json(t); });
}

http::Response refresh(IdentityService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  auto token = in.text("refresh_token", true, 1, 256);
  if (!in.ok()) return http::problem_response(in.error(), request);
  auto result = service.refresh(*token, client_info(request));
  return http::respond(request, result, 200, [](const TokenPair& t) { return to_json(t); });
}

http::Response logout(IdentityService& service, http::Request& request) {
  auto body = http::parse_optional_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  const bool all = in.boolean("all", false).value_or(false);
  if (!in.ok()) return http::problem_response(in.error(), request);
  return http::respond_no_content(request, service.log_out(caller(request), all));
}

http::Response consent_documents(IdentityService& service, http::Request&) {
  const auto& d = service.consent_documents();
  return http::json_response(
      200, boost::json::object{{"terms", d.terms}, {"health_data", d.health_data}, {"marketing", d.marketing}});
}

}  // namespace soom::identity::handlers
