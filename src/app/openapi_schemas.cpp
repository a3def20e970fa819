// Component schemas of the public API. Kept next to each other so a reviewer sees
// the whole contract; response shapes are checked against real responses in tests.
#include <boost/json.hpp>

#include "app/openapi.hpp"
#include "core/error.hpp"

namespace soom::app {
namespace {

boost::json::object str(std::string_view description = {}) {
  boost::json::object o{{"type", "string"}};
  if (!description.empty()) o["description"] = description;
  return o;
}
boost::json::object nullable(std::string_view type) {
  return boost::json::object{{"type", boost::json::array{type, "null"}}};
}
boost::json::object integer(std::int64_t min, std::int64_t max) {
  return boost::json::object{{"type", "integer"}, {"minimum", min}, {"maximum", max}};
}
boost::json::object object(boost::json::object properties, std::initializer_list<std::string_view> required) {
  boost::json::array req;
  for (auto r : required) req.emplace_back(r);
  return boost::json::object{{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(req)}};
}
boost::json::object ref(std::string_view name) {
  return boost::json::object{{"$ref", "#/components/schemas/" + std::string(name)}};
}

boost::json::object build() {
  boost::json::array codes;
  for (const auto& info : error_catalog()) codes.emplace_back(info.machine_code);
  boost::json::object s;
  s["Problem"] = object(
      {{"type", str("문제 유형 URI")},
       {"title", str()},
       {"status", integer(400, 599)},
       {"detail", str()},
       {"instance", str()},
       {"code", boost::json::object{{"type", "string"}, {"enum", codes}}},
       {"request_id", str()},
       {"errors", boost::json::object{{"type", "array"},
                                      {"items", object({{"field", str()}, {"code", str()}, {"message", str()}},
                                                       {"field", "code", "message"})}}}},
      {"type", "title", "status", "code", "request_id"});
  s["SignupRequest"] = object({{"email", str()},
                               {"password", boost::json::object{{"type", "string"}, {"minLength", 8}, {"maxLength", 128}}},
                               {"nickname", boost::json::object{{"type", "string"}, {"minLength", 2}, {"maxLength", 20}}},
                               {"consents", object({{"terms", str("동의한 이용약관 버전")},
                                                    {"health_data", str("동의한 건강정보 처리 동의서 버전 (선택)")}},
                                                   {"terms"})},
                               {"time_zone", str("IANA 시간대, 기본 Asia/Seoul")},
                               {"locale", str("ko-KR | en-US")}},
                              {"email", "password", "nickname", "consents"});
  s["LoginRequest"] = object({{"email", str()}, {"password", str()}, {"totp", str("TOTP 6자리 또는 복구 코드")}},
                             {"email", "password"});
  s["RefreshRequest"] = object({{"refresh_token", str()}}, {"refresh_token"});
  s["LogoutRequest"] = object({{"all", boost::json::object{{"type", "boolean"}}}}, {});
  s["TokenPair"] = object({{"access_token", str()},
                           {"refresh_token", str()},
                           {"token_type", boost::json::object{{"const", "Bearer"}}},
                           {"expires_in", integer(1, 3600)}},
                          {"access_token", "refresh_token", "token_type", "expires_in"});
  s["ConsentDocuments"] = object({{"terms", str()}, {"health_data", str()}, {"marketing", str()}},
                                 {"terms", "health_data", "marketing"});
  s["Notifications"] = object({{"medication_reminders", {{"type", "boolean"}}},
                               {"community", {{"type", "boolean"}}},
                               {"marketing", {{"type", "boolean"}}},
                               {"quiet_hours_start", nullable("string")},
                               {"quiet_hours_end", nullable("string")}},
                              {});
  s["Profile"] = object({{"id", str()},
                         {"email", str()},
                         {"nickname", str()},
                         {"role", boost::json::object{{"enum", {"patient", "moderator", "content_editor", "admin"}}}},
                         {"birth_year", nullable("integer")},
                         {"sex", nullable("string")},
                         {"height_cm", nullable("integer")},
                         {"time_zone", str()},
                         {"locale", str()},
                         {"diagnosis_year", nullable("integer")},
                         {"notifications", ref("Notifications")},
                         {"mfa_enabled", {{"type", "boolean"}}},
                         {"created_at", str("RFC 3339 UTC")},
                         {"updated_at", str("RFC 3339 UTC")}},
                        {"id", "email", "nickname", "role", "time_zone", "locale", "notifications", "created_at"});
  s["ProfilePatch"] = object({{"nickname", str()},
                              {"birth_year", nullable("integer")},
                              {"sex", nullable("string")},
                              {"height_cm", nullable("integer")},
                              {"time_zone", str()},
                              {"locale", str()},
                              {"diagnosis_year", nullable("integer")},
                              {"notifications", ref("Notifications")}},
                             {});
  s["DeleteAccountRequest"] = object({{"password", str()}}, {"password"});
  s["ChangePasswordRequest"] = object({{"current_password", str()}, {"new_password", str()}},
                                      {"current_password", "new_password"});
  auto consent = object({{"granted", {{"type", "boolean"}}},
                         {"version", nullable("string")},
                         {"recorded_at", nullable("string")},
                         {"current_version", str()}},
                        {"granted", "current_version"});
  s["Consent"] = consent;
  s["Consents"] = object({{"terms", ref("Consent")}, {"health_data", ref("Consent")}, {"marketing", ref("Consent")}},
                         {"terms", "health_data", "marketing"});
  auto change = object({{"granted", {{"type", "boolean"}}}, {"version", str()}}, {"granted"});
  s["ConsentsUpdate"] = object({{"health_data", change}, {"marketing", change}}, {});
  s["TotpEnrollment"] = object({{"secret", str("base32")}, {"otpauth_uri", str()}}, {"secret", "otpauth_uri"});
  s["TotpConfirmRequest"] = object({{"code", str()}}, {"code"});
  s["TotpConfirmed"] = object({{"mfa_enabled", {{"type", "boolean"}}},
                               {"recovery_codes", {{"type", "array"}, {"items", str()}}}},
                              {"mfa_enabled", "recovery_codes"});
  s["Health"] = object({{"status", str()}}, {"status"});
  s["Readiness"] = object({{"status", str()}, {"database", str()}, {"schema", str()}}, {"status"});
  return s;
}

}  // namespace

const boost::json::object& component_schemas() {
  static const boost::json::object kSchemas = build();
  return kSchemas;
}

}  // namespace soom::app
