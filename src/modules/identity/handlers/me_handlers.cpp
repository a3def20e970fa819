// GET/PATCH/DELETE /v1/me and PUT /v1/me/password.
#include "modules/identity/handlers/auth_handlers.hpp"
#include "modules/identity/handlers/identity_json.hpp"

namespace soom::identity::handlers {
namespace {

// Reads an optional nullable integer field for PATCH: absent → leave, null → clear.
void read_nullable_int(http::FieldReader& in, std::string_view name, std::int64_t min, std::int64_t max,
                       std::optional<int>& value, bool& clear) {
  if (in.is_null(name)) {
    clear = true;
  } else if (auto v = in.integer(name, false, min, max)) {
    value = static_cast<int>(*v);
  }
}

}  // namespace

http::Response get_me(IdentityService& service, http::Request& request) {
  return http::respond(request, service.profile(caller(request).user_id), 200,
                       profile_json);
}

http::Response patch_me(IdentityService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  const auto who = caller(request);
  auto current = service.profile(who.user_id);
  if (!current) return http::problem_response(current.error(), request);
  http::FieldReader in(*body);
  ProfilePatch patch;
  patch.nickname = in.text("nickname", false, 1, 64);
  read_nullable_int(in, "birth_year", 0, 9999, patch.birth_year, patch.clear_birth_year);
  read_nullable_int(in, "height_cm", 0, 999, patch.height_cm, patch.clear_height_cm);
  read_nullable_int(in, "diagnosis_year", 0, 9999, patch.diagnosis_year, patch.clear_diagnosis_year);
  if (in.is_null("sex")) patch.clear_sex = true;
  else patch.sex = in.text("sex", false, 1, 16);
  patch.time_zone = in.text("time_zone", false, 1, 64);
  patch.locale = in.text("locale", false, 1, 16);
  patch.notifications = read_notifications(in, current->notifications);
  for (const char* immutable : {"email", "role", "id"}) {
    if (in.has(immutable)) in.add_error(immutable, "read_only", "변경할 수 없는 항목입니다");
  }
  if (!in.ok()) return http::problem_response(in.error(), request);
  return http::respond(request, service.update_profile(who.user_id, patch), 200,
                       profile_json);
}

http::Response delete_me(IdentityService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  auto password = in.text("password", true, 1, 1024);
  if (!in.ok()) return http::problem_response(in.error(), request);
  return http::respond_no_content(request, service.delete_account(caller(request).user_id, *password));
}

http::Response change_password(IdentityService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  auto current = in.text("current_password", true, 1, 1024);
  auto next = in.text("new_password", true, 1, 1024);
  if (!in.ok()) return http::problem_response(in.error(), request);
  return http::respond_no_content(request, service.change_password(caller(request), *current, *next));
}

}  // namespace soom::identity::handlers
