// Identity end to end against the real binary: sign-up → login → me → refresh →
// reuse detection → logout, consents, profile, password change, deletion, TOTP.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <openssl/hmac.h>

#include <chrono>

#include "core/encoding.hpp"
#include "db/db.hpp"
#include "support/api_helpers.hpp"
#include "support/server_process.hpp"

namespace soom::testing {
namespace {

namespace json = boost::json;

class AuthTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { SOOM_REQUIRE_ENGINE(engine_under_test()); }
  HttpClient api() const { return server_->api(); }
  static TestServer* server_;
};
TestServer* AuthTest::server_ = nullptr;

std::string login_body(const std::string& email, const std::string& password) {
  return json::serialize(json::object{{"email", email}, {"password", password}});
}

TEST_F(AuthTest, SignupLoginMeRefreshReuseLogout) {
  auto api = this->api();
  const auto suffix = unique_suffix();
  const std::string email = "Flow" + suffix + "@Example.com";
  auto signup = api.call("POST", "/v1/auth/signup", signup_body(email, kGoodPassword, "흐름" + suffix), {},
                         "/v1/auth/signup");
  ASSERT_EQ(signup.status, 201) << signup.body;
  EXPECT_EQ(signup.header("location"), "/v1/me");
  const auto profile = signup.json().as_object();
  EXPECT_EQ(profile.at("email").as_string(), "flow" + suffix + "@example.com");  // normalized
  EXPECT_EQ(profile.at("role").as_string(), "patient");
  EXPECT_EQ(profile.at("time_zone").as_string(), "Asia/Seoul");
  EXPECT_EQ(profile.at("locale").as_string(), "ko-KR");
  EXPECT_FALSE(profile.contains("password"));

  auto login = api.call("POST", "/v1/auth/login", login_body(email, kGoodPassword), {}, "/v1/auth/login");
  ASSERT_EQ(login.status, 200) << login.body;
  auto tokens = login.json().as_object();
  EXPECT_EQ(tokens.at("token_type").as_string(), "Bearer");
  EXPECT_EQ(tokens.at("expires_in").as_int64(), 900);
  const std::string access(tokens.at("access_token").as_string());
  const std::string refresh(tokens.at("refresh_token").as_string());

  auto me = api.call("GET", "/v1/me", {}, access, "/v1/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json().at("id"), profile.at("id"));

  auto refreshed = api.call("POST", "/v1/auth/refresh", json::serialize(json::object{{"refresh_token", refresh}}), {},
                            "/v1/auth/refresh");
  ASSERT_EQ(refreshed.status, 200) << refreshed.body;
  const std::string access2(refreshed.json().at("access_token").as_string());
  const std::string refresh2(refreshed.json().at("refresh_token").as_string());
  EXPECT_NE(refresh2, refresh);
  EXPECT_EQ(api.call("GET", "/v1/me", {}, access2).status, 200);

  // Presenting the already-rotated token again revokes the whole family.
  auto reuse = api.call("POST", "/v1/auth/refresh", json::serialize(json::object{{"refresh_token", refresh}}), {},
                        "/v1/auth/refresh");
  EXPECT_EQ(reuse.status, 401);
  EXPECT_EQ(reuse.json().at("code").as_string(), "AUTH_REFRESH_REUSED");
  auto after_reuse = api.call("POST", "/v1/auth/refresh", json::serialize(json::object{{"refresh_token", refresh2}}));
  EXPECT_EQ(after_reuse.status, 401);
  auto me_after_reuse = api.call("GET", "/v1/me", {}, access2);
  EXPECT_EQ(me_after_reuse.status, 401);
  EXPECT_EQ(me_after_reuse.json().at("code").as_string(), "AUTH_TOKEN_INVALID");

  // A fresh login works, and logout revokes that session's access token at once.
  auto again = api.call("POST", "/v1/auth/login", login_body(email, kGoodPassword));
  ASSERT_EQ(again.status, 200);
  const std::string access3(again.json().at("access_token").as_string());
  auto logout = api.call("POST", "/v1/auth/logout", "{}", access3, "/v1/auth/logout");
  EXPECT_EQ(logout.status, 204);
  EXPECT_EQ(api.call("GET", "/v1/me", {}, access3).status, 401);
}

TEST_F(AuthTest, LogoutEverywhereRevokesEverySession) {
  auto api = this->api();
  auto user = create_user(api);
  auto second = api.call("POST", "/v1/auth/login", login_body(user.email, user.password));
  ASSERT_EQ(second.status, 200);
  const std::string other(second.json().at("access_token").as_string());
  ASSERT_EQ(api.call("POST", "/v1/auth/logout", R"({"all":true})", user.access_token).status, 204);
  EXPECT_EQ(api.call("GET", "/v1/me", {}, user.access_token).status, 401);
  EXPECT_EQ(api.call("GET", "/v1/me", {}, other).status, 401);
  EXPECT_EQ(api.call("POST", "/v1/auth/refresh", json::serialize(json::object{{"refresh_token", user.refresh_token}}))
                .status,
            401);
}

TEST_F(AuthTest, WrongPasswordAndUnknownEmailLookTheSame) {
  auto api = this->api();
  auto user = create_user(api);
  auto wrong = api.call("POST", "/v1/auth/login", login_body(user.email, "not-the-password-1"), {}, "/v1/auth/login");
  auto unknown = api.call("POST", "/v1/auth/login", login_body("nobody" + unique_suffix() + "@example.com", "whatever-123"));
  ASSERT_EQ(wrong.status, 401);
  ASSERT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.json().at("code"), unknown.json().at("code"));
  EXPECT_EQ(wrong.json().at("detail"), unknown.json().at("detail"));
  EXPECT_EQ(wrong.json().at("code").as_string(), "AUTH_INVALID_CREDENTIALS");
}

TEST_F(AuthTest, AccountIsThrottledAfterRepeatedFailures) {
  auto api = this->api();
  auto user = create_user(api);
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(api.call("POST", "/v1/auth/login", login_body(user.email, "wrong-password-" + std::to_string(i))).status,
              401);
  }
  auto limited = api.call("POST", "/v1/auth/login", login_body(user.email, user.password), {}, "/v1/auth/login");
  ASSERT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(limited.json().at("code").as_string(), "RATE_LIMITED");
  EXPECT_GT(std::stoi(limited.header("retry-after")), 0);
}

TEST_F(AuthTest, DuplicateEmailAndNicknameAreConflicts) {
  auto api = this->api();
  auto user = create_user(api);
  auto dup_email = api.call("POST", "/v1/auth/signup",
                            signup_body(user.email, kGoodPassword, "다른" + unique_suffix()), {}, "/v1/auth/signup");
  EXPECT_EQ(dup_email.status, 409);
  EXPECT_EQ(dup_email.json().at("code").as_string(), "EMAIL_TAKEN");
  auto dup_nick = api.call("POST", "/v1/auth/signup",
                           signup_body("other" + unique_suffix() + "@example.com", kGoodPassword, user.nickname));
  EXPECT_EQ(dup_nick.status, 409);
  EXPECT_EQ(dup_nick.json().at("code").as_string(), "NICKNAME_TAKEN");
}

TEST_F(AuthTest, SignupValidationListsEveryField) {
  auto api = this->api();
  auto r = api.call("POST", "/v1/auth/signup",
                    R"({"email":"not-an-email","password":"password","nickname":"x","consents":{"terms":"1999-01-01"}})",
                    {}, "/v1/auth/signup");
  ASSERT_EQ(r.status, 400) << r.body;
  auto body = r.json().as_object();
  EXPECT_EQ(body.at("code").as_string(), "VALIDATION_FAILED");
  std::set<std::string> fields;
  for (const auto& e : body.at("errors").as_array()) fields.insert(std::string(e.at("field").as_string()));
  EXPECT_TRUE(fields.count("email"));
  EXPECT_TRUE(fields.count("password"));
  EXPECT_TRUE(fields.count("nickname"));
  EXPECT_TRUE(fields.count("consents.terms"));
  // Nothing was written: the same e-mail can't log in.
  EXPECT_EQ(api.call("POST", "/v1/auth/login", login_body("not-an-email", "password")).status, 401);
}

TEST_F(AuthTest, ProfilePatchAndNullClears) {
  auto api = this->api();
  auto user = create_user(api);
  // Read first: the answer may be kept in memory, and the PATCH below must replace it.
  ASSERT_EQ(api.call("GET", "/v1/me", {}, user.access_token).json().at("time_zone").as_string(), "Asia/Seoul");
  auto patched = api.call("PATCH", "/v1/me",
                          R"({"birth_year":1988,"sex":"female","height_cm":163,"time_zone":"America/New_York",)"
                          R"("diagnosis_year":2010,"notifications":{"marketing":true,"quiet_hours_start":"22:00","quiet_hours_end":"07:00"}})",
                          user.access_token, "/v1/me");
  ASSERT_EQ(patched.status, 200) << patched.body;
  auto p = patched.json().as_object();
  EXPECT_EQ(p.at("birth_year").as_int64(), 1988);
  EXPECT_EQ(p.at("time_zone").as_string(), "America/New_York");
  EXPECT_EQ(p.at("notifications").at("quiet_hours_start").as_string(), "22:00");
  EXPECT_TRUE(p.at("notifications").at("marketing").as_bool());
  auto cleared = api.call("PATCH", "/v1/me", R"({"height_cm":null})", user.access_token);
  ASSERT_EQ(cleared.status, 200);
  EXPECT_TRUE(cleared.json().at("height_cm").is_null());
  EXPECT_EQ(cleared.json().at("birth_year").as_int64(), 1988);

  auto bad = api.call("PATCH", "/v1/me", R"({"time_zone":"Mars/Olympus","birth_year":1800})", user.access_token,
                      "/v1/me");
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json().at("errors").as_array().size(), 2u);
  auto read_only = api.call("PATCH", "/v1/me", R"({"email":"x@y.z"})", user.access_token);
  ASSERT_EQ(read_only.status, 400);
  EXPECT_EQ(read_only.json().at("errors").at(0).at("code").as_string(), "read_only");
  EXPECT_EQ(api.call("GET", "/v1/me", {}, user.access_token).json().at("time_zone").as_string(), "America/New_York");
}

TEST_F(AuthTest, ConsentsCanBeWithdrawnAndRegranted) {
  auto api = this->api();
  auto user = create_user(api);
  auto c = api.call("GET", "/v1/me/consents", {}, user.access_token, "/v1/me/consents");
  ASSERT_EQ(c.status, 200);
  EXPECT_TRUE(c.json().at("health_data").at("granted").as_bool());
  EXPECT_TRUE(c.json().at("terms").at("granted").as_bool());
  auto withdrawn = api.call("PUT", "/v1/me/consents", R"({"health_data":{"granted":false}})", user.access_token,
                            "/v1/me/consents");
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  EXPECT_FALSE(withdrawn.json().at("health_data").at("granted").as_bool());
  auto terms = api.call("PUT", "/v1/me/consents", R"({"terms":{"granted":false}})", user.access_token,
                        "/v1/me/consents");
  EXPECT_EQ(terms.status, 400);
  auto outdated = api.call("PUT", "/v1/me/consents", R"({"health_data":{"granted":true,"version":"2020-01-01"}})",
                           user.access_token);
  EXPECT_EQ(outdated.status, 400);
  auto regranted = api.call("PUT", "/v1/me/consents",
                            R"({"health_data":{"granted":true,"version":"2026-11-01"}})", user.access_token);
  ASSERT_EQ(regranted.status, 200);
  EXPECT_TRUE(regranted.json().at("health_data").at("granted").as_bool());
}

TEST_F(AuthTest, ChangePasswordRevokesOtherSessions) {
  auto api = this->api();
  auto user = create_user(api);
  auto other = api.call("POST", "/v1/auth/login", login_body(user.email, user.password));
  const std::string other_token(other.json().at("access_token").as_string());
  auto wrong = api.call("PUT", "/v1/me/password",
                        R"({"current_password":"nope-nope-nope","new_password":"새비밀번호는길게2026"})",
                        user.access_token, "/v1/me/password");
  EXPECT_EQ(wrong.status, 400);
  auto common = api.call("PUT", "/v1/me/password",
                         json::serialize(json::object{{"current_password", user.password}, {"new_password", "password123"}}),
                         user.access_token);
  EXPECT_EQ(common.status, 400);
  auto ok = api.call("PUT", "/v1/me/password",
                     json::serialize(json::object{{"current_password", user.password},
                                                  {"new_password", "새비밀번호는길게2026"}}),
                     user.access_token, "/v1/me/password");
  ASSERT_EQ(ok.status, 204) << ok.body;
  EXPECT_EQ(api.call("GET", "/v1/me", {}, user.access_token).status, 200);
  EXPECT_EQ(api.call("GET", "/v1/me", {}, other_token).status, 401);
  EXPECT_EQ(api.call("POST", "/v1/auth/login", login_body(user.email, user.password)).status, 401);
  EXPECT_EQ(api.call("POST", "/v1/auth/login", login_body(user.email, "새비밀번호는길게2026")).status, 200);
}

TEST_F(AuthTest, DeleteAccountRemovesUser) {
  auto api = this->api();
  auto user = create_user(api);
  EXPECT_EQ(api.call("DELETE", "/v1/me", R"({"password":"wrong-password"})", user.access_token, "/v1/me").status, 400);
  auto deleted = api.call("DELETE", "/v1/me", json::serialize(json::object{{"password", user.password}}),
                          user.access_token, "/v1/me");
  ASSERT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_EQ(api.call("GET", "/v1/me", {}, user.access_token).status, 401);
  EXPECT_EQ(api.call("POST", "/v1/auth/login", login_body(user.email, user.password)).status, 401);
  // The e-mail is free again.
  EXPECT_EQ(api.call("POST", "/v1/auth/signup", signup_body(user.email, kGoodPassword, user.nickname)).status, 201);
}

// RFC 6238 TOTP computed independently of the server's implementation.
std::string totp_now(const std::string& base32_secret, std::int64_t offset_steps = 0) {
  const auto key = *base32_decode(base32_secret);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  std::uint64_t counter = static_cast<std::uint64_t>(now / 30 + offset_steps);
  unsigned char msg[8];
  for (int i = 7; i >= 0; --i) {
    msg[i] = static_cast<unsigned char>(counter & 0xFF);
    counter >>= 8;
  }
  unsigned int len = 0;
  unsigned char digest[EVP_MAX_MD_SIZE];
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), msg, 8, digest, &len);
  const int offset = digest[len - 1] & 0x0F;
  const std::uint32_t bin = ((digest[offset] & 0x7F) << 24) | (digest[offset + 1] << 16) | (digest[offset + 2] << 8) |
                            digest[offset + 3];
  char code[7];
  std::snprintf(code, sizeof(code), "%06u", bin % 1000000);
  return code;
}

TEST_F(AuthTest, TotpEnrolConfirmAndLogin) {
  auto api = this->api();
  auto user = create_user(api);
  auto enrol = api.call("POST", "/v1/me/mfa/totp", {}, user.access_token, "/v1/me/mfa/totp");
  ASSERT_EQ(enrol.status, 201) << enrol.body;
  const std::string secret(enrol.json().at("secret").as_string());
  {  // stored sealed under <var_dir>/data.key (core/secret_box.hpp), never as the seed itself
    auto db = db::open_database({server_->process().database_url(), 1, 1000, 1000});
    auto tx = db->read();
    const auto stored = tx.query("SELECT m.secret FROM mfa_totp m JOIN users u ON u.id = m.user_id WHERE u.email = $1",
                                 {user.email})
                            .rows.at(0)
                            .get_text(0);
    EXPECT_EQ(stored.rfind("sb1.", 0), 0u);
    EXPECT_EQ(stored.find(secret), std::string::npos);
  }
  EXPECT_NE(std::string(enrol.json().at("otpauth_uri").as_string()).find("otpauth://totp/"), std::string::npos);
  auto bad = api.call("POST", "/v1/me/mfa/totp/confirm", R"({"code":"000000"})", user.access_token);
  EXPECT_EQ(bad.status, 401);
  EXPECT_FALSE(api.call("GET", "/v1/me", {}, user.access_token).json().at("mfa_enabled").as_bool());
  auto confirmed = api.call("POST", "/v1/me/mfa/totp/confirm",
                            json::serialize(json::object{{"code", totp_now(secret)}}), user.access_token,
                            "/v1/me/mfa/totp/confirm");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  const auto codes = confirmed.json().at("recovery_codes").as_array();
  ASSERT_EQ(codes.size(), 10u);
  EXPECT_TRUE(api.call("GET", "/v1/me", {}, user.access_token).json().at("mfa_enabled").as_bool());

  auto without = api.call("POST", "/v1/auth/login", login_body(user.email, user.password), {}, "/v1/auth/login");
  EXPECT_EQ(without.status, 401);
  EXPECT_EQ(without.json().at("code").as_string(), "AUTH_MFA_REQUIRED");
  // The confirm step consumed the current code; the next step's code is fresh.
  auto with_code = api.call("POST", "/v1/auth/login",
                            json::serialize(json::object{{"email", user.email},
                                                         {"password", user.password},
                                                         {"totp", totp_now(secret, 1)}}));
  EXPECT_EQ(with_code.status, 200) << with_code.body;
  const std::string recovery(codes.front().as_string());
  auto with_recovery = api.call("POST", "/v1/auth/login",
                                json::serialize(json::object{{"email", user.email},
                                                             {"password", user.password},
                                                             {"totp", recovery}}));
  EXPECT_EQ(with_recovery.status, 200) << with_recovery.body;
  auto recovery_again = api.call("POST", "/v1/auth/login",
                                 json::serialize(json::object{{"email", user.email},
                                                              {"password", user.password},
                                                              {"totp", recovery}}));
  EXPECT_EQ(recovery_again.status, 401);
  EXPECT_EQ(recovery_again.json().at("code").as_string(), "AUTH_MFA_INVALID");
}

}  // namespace
}  // namespace soom::testing
