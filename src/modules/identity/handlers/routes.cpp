// The identity context's routes (wired by the composition root in src/app).
#include "http/pipeline.hpp"
#include "http/router.hpp"
#include "modules/identity/handlers/auth_handlers.hpp"
#include "modules/identity/identity.hpp"

namespace soom::identity {
namespace {

using http::Auth;
using http::Method;

using HandlerFn = http::Response (*)(IdentityService&, http::Request&);

http::Route route(Method method, std::string pattern, Auth auth, HandlerFn fn, std::shared_ptr<IdentityService> service,
                  http::RouteDoc doc) {
  http::Route r;
  r.method = method;
  r.pattern = std::move(pattern);
  r.auth = auth;
  r.handler = [fn, service = std::move(service)](http::Request& request) { return fn(*service, request); };
  doc.tag = doc.tag.empty() ? "identity" : doc.tag;
  r.doc = std::move(doc);
  return r;
}

// One primary-key read (plus the session check on a cache miss): see http::Route::short_read.
http::Route short_read(http::Route r) {
  r.short_read = true;
  return r;
}

class IdentityTokenVerifier final : public http::TokenVerifier {
 public:
  explicit IdentityTokenVerifier(std::shared_ptr<IdentityService> service) : service_(std::move(service)) {}
  Result<http::Principal> verify(std::string_view bearer_token) override {
    auto who = service_->authenticate(std::string(bearer_token));
    if (!who) return who.error();
    return http::Principal{who->user_id, who->session_id, who->role};
  }

 private:
  std::shared_ptr<IdentityService> service_;
};

}  // namespace

void add_identity_routes(http::Router& router, std::shared_ptr<IdentityService> s) {
  namespace h = handlers;
  router.add(route(Method::kPost, "/v1/auth/signup", Auth::kNone, h::signup, s,
                   {"회원 가입 (이메일, 비밀번호, 닉네임, 약관·건강정보 동의)", "auth", "SignupRequest",
                    {{201, "Profile"}, {400, "Problem"}, {409, "Problem"}, {415, "Problem"}}, {}}));
  router.add(route(Method::kPost, "/v1/auth/login", Auth::kNone, h::login, s,
                   {"로그인: 액세스 토큰(15분)과 갱신 토큰(30일) 발급", "auth", "LoginRequest",
                    {{200, "TokenPair"}, {400, "Problem"}, {401, "Problem"}, {429, "Problem"}}, {}}));
  router.add(route(Method::kPost, "/v1/auth/refresh", Auth::kNone, h::refresh, s,
                   {"토큰 갱신 (갱신 토큰은 1회용; 재사용 시 세션 전체 폐기)", "auth", "RefreshRequest",
                    {{200, "TokenPair"}, {401, "Problem"}}, {}}));
  router.add(route(Method::kPost, "/v1/auth/logout", Auth::kRequired, h::logout, s,
                   {"로그아웃 ({\"all\":true}이면 모든 기기)", "auth", "LogoutRequest", {{204, ""}, {401, "Problem"}}, {}}));
  router.add(route(Method::kGet, "/v1/auth/consent-documents", Auth::kNone, h::consent_documents, s,
                   {"현재 약관·동의서 버전", "auth", "", {{200, "ConsentDocuments"}}, {}}));
  router.add(short_read(route(Method::kGet, "/v1/me", Auth::kRequired, h::get_me, s,
                              {"내 프로필", "me", "", {{200, "Profile"}, {401, "Problem"}}, {}})));
  router.add(route(Method::kPatch, "/v1/me", Auth::kRequired, h::patch_me, s,
                   {"프로필 수정 (null은 값 삭제)", "me", "ProfilePatch",
                    {{200, "Profile"}, {400, "Problem"}, {401, "Problem"}, {409, "Problem"}}, {}}));
  router.add(route(Method::kDelete, "/v1/me", Auth::kRequired, h::delete_me, s,
                   {"회원 탈퇴 (비밀번호 확인, 개인정보 삭제)", "me", "DeleteAccountRequest",
                    {{204, ""}, {400, "Problem"}, {401, "Problem"}}, {}}));
  router.add(route(Method::kPut, "/v1/me/password", Auth::kRequired, h::change_password, s,
                   {"비밀번호 변경 (다른 기기 세션 폐기)", "me", "ChangePasswordRequest",
                    {{204, ""}, {400, "Problem"}, {401, "Problem"}}, {}}));
  router.add(short_read(route(Method::kGet, "/v1/me/consents", Auth::kRequired, h::get_consents, s,
                              {"동의 현황", "me", "", {{200, "Consents"}, {401, "Problem"}}, {}})));
  router.add(route(Method::kPut, "/v1/me/consents", Auth::kRequired, h::put_consents, s,
                   {"동의 변경·철회 (건강정보, 마케팅)", "me", "ConsentsUpdate",
                    {{200, "Consents"}, {400, "Problem"}, {401, "Problem"}}, {}}));
  router.add(route(Method::kPost, "/v1/me/mfa/totp", Auth::kRequired, h::begin_totp, s,
                   {"2단계 인증(TOTP) 등록 시작", "me", "", {{201, "TotpEnrollment"}, {401, "Problem"}, {409, "Problem"}}, {}}));
  router.add(route(Method::kPost, "/v1/me/mfa/totp/confirm", Auth::kRequired, h::confirm_totp, s,
                   {"2단계 인증 확인, 복구 코드 발급", "me", "TotpConfirmRequest",
                    {{200, "TotpConfirmed"}, {400, "Problem"}, {401, "Problem"}, {409, "Problem"}}, {}}));
}

std::shared_ptr<http::TokenVerifier> make_token_verifier(std::shared_ptr<IdentityService> service) {
  return std::make_shared<IdentityTokenVerifier>(std::move(service));
}

}  // namespace soom::identity
