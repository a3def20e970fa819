// Every bad-input class gets the documented problem+json 4xx and writes nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "core/encoding.hpp"
#include "support/api_helpers.hpp"
#include "support/server_process.hpp"

namespace soom::testing {
namespace {

namespace json = boost::json;

class HttpContractTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ServerProcess::Options options;
    options.env["SOOMCARE_SERVER_CORS_ORIGINS"] = "https://app.soomcare.kr";
    server_ = new TestServer(options);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { SOOM_REQUIRE_ENGINE(engine_under_test()); }
  HttpClient api() const { return server_->api(); }
  static TestServer* server_;

  static void expect_problem(const HttpResponse& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << r.body;
    auto body = json::parse(r.body).as_object();
    EXPECT_EQ(body.at("status").as_int64(), status);
    EXPECT_EQ(body.at("code").as_string(), code);
    EXPECT_TRUE(body.contains("type"));
    EXPECT_TRUE(body.contains("title"));
    EXPECT_FALSE(std::string(body.at("request_id").as_string()).empty());
    // No internals: SQL, file paths, exception text.
    for (const char* leak : {"SELECT", "sqlite", "libpq", "/work/", ".cpp", "what()", "boost::"}) {
      EXPECT_EQ(r.body.find(leak), std::string::npos) << "leaks " << leak << ": " << r.body;
    }
  }
};
TestServer* HttpContractTest::server_ = nullptr;

int count_users_with_email(const HttpClient& api, const std::string& email) {
  // Observable through the API: a login with the right password works only if the user exists.
  return api.call("POST", "/v1/auth/login",
                  json::serialize(json::object{{"email", email}, {"password", kGoodPassword}}))
                     .status == 200
             ? 1
             : 0;
}

TEST_F(HttpContractTest, MalformedJsonIs400AndWritesNothing) {
  const std::string email = "bad" + unique_suffix() + "@example.com";
  auto body = signup_body(email, kGoodPassword, "잘못" + unique_suffix());
  body.pop_back();  // truncate the JSON
  auto r = api().call("POST", "/v1/auth/signup", body, {}, "/v1/auth/signup");
  expect_problem(r, 400, "MALFORMED_JSON");
  EXPECT_EQ(count_users_with_email(api(), email), 0);
}

TEST_F(HttpContractTest, WrongTypesAndMissingFieldsAreValidationErrors) {
  auto r = api().call("POST", "/v1/auth/signup", R"({"email":42,"password":true,"consents":"yes"})", {},
                      "/v1/auth/signup");
  expect_problem(r, 400, "VALIDATION_FAILED");
  auto errors = r.json().at("errors").as_array();
  std::map<std::string, std::string> by_field;
  for (const auto& e : errors) by_field[std::string(e.at("field").as_string())] = e.at("code").as_string();
  EXPECT_EQ(by_field["email"], "type");
  EXPECT_EQ(by_field["password"], "type");
  EXPECT_EQ(by_field["nickname"], "required");
  EXPECT_EQ(by_field["consents"], "type");
}

TEST_F(HttpContractTest, NonObjectBodyAndWrongContentType) {
  expect_problem(api().call("POST", "/v1/auth/login", "[1,2,3]"), 400, "MALFORMED_JSON");
  HttpRequest req;
  req.method = "POST";
  req.target = "/v1/auth/login";
  req.body = R"({"email":"a@b.co","password":"x"})";
  req.headers = {{"Content-Type", "text/plain"}};
  expect_problem(api().send(req), 415, "UNSUPPORTED_MEDIA_TYPE");
}

TEST_F(HttpContractTest, InvalidUtf8IsRejected) {
  const std::string email = "utf" + unique_suffix() + "@example.com";
  std::string body = R"({"email":")" + email + R"(","password":")" + std::string(kGoodPassword) +
                     R"(","nickname":"bad\xC3\x28name","consents":{"terms":"2026-11-01"}})";
  auto r = api().call("POST", "/v1/auth/signup", body);
  expect_problem(r, 400, "MALFORMED_JSON");
  // Lone surrogate escapes are valid JSON syntax but not valid text.
  std::string surrogate = R"({"email":")" + email + R"(","password":")" + std::string(kGoodPassword) +
                          R"(","nickname":"ab\ud800cd","consents":{"terms":"2026-11-01"}})";
  auto s = api().call("POST", "/v1/auth/signup", surrogate);
  EXPECT_EQ(s.status, 400) << s.body;
  EXPECT_EQ(count_users_with_email(api(), email), 0);
}

TEST_F(HttpContractTest, OversizedBodyIs413) {
  std::string huge = R"({"email":"x@example.com","password":")" + std::string(2 << 20, 'a') + R"("})";
  auto r = api().call("POST", "/v1/auth/login", huge);
  expect_problem(r, 413, "PAYLOAD_TOO_LARGE");
}

TEST_F(HttpContractTest, UnknownRouteAndWrongMethod) {
  auto unknown = api().call("GET", "/v1/does-not-exist");
  expect_problem(unknown, 404, "ROUTE_NOT_FOUND");
  auto wrong = api().call("DELETE", "/v1/auth/login");
  expect_problem(wrong, 405, "METHOD_NOT_ALLOWED");
  EXPECT_NE(wrong.header("allow").find("POST"), std::string::npos);
}

TEST_F(HttpContractTest, MissingTamperedAndExpiredTokens) {
  auto missing = api().call("GET", "/v1/me", {}, {}, "/v1/me");
  expect_problem(missing, 401, "AUTH_REQUIRED");
  EXPECT_EQ(missing.header("www-authenticate").rfind("Bearer", 0), 0u);

  auto user = create_user(api());
  std::string tampered = user.access_token;
  const auto dot = tampered.find('.');
  tampered[dot + 5] = tampered[dot + 5] == 'A' ? 'B' : 'A';
  expect_problem(api().call("GET", "/v1/me", {}, tampered), 401, "AUTH_TOKEN_INVALID");
  expect_problem(api().call("GET", "/v1/me", {}, "not.a.jwt"), 401, "AUTH_TOKEN_INVALID");

  // alg:none with the real claims must not pass.
  const auto payload = user.access_token.substr(dot + 1, user.access_token.rfind('.') - dot - 1);
  const auto none = base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." + payload + ".";
  expect_problem(api().call("GET", "/v1/me", {}, none), 401, "AUTH_TOKEN_INVALID");

  // An expired token correctly signed with the server's own key.
  std::ifstream key_file(server_->process().var_dir() + "/jwt.key");
  std::string key;
  std::getline(key_file, key);
  auto claims = json::parse(*base64url_decode(payload)).as_object();
  claims["iat"] = claims["iat"].as_int64() - 7200;
  claims["exp"] = claims["iat"].as_int64() + 900;
  const auto header = base64url_encode(R"({"alg":"HS256","typ":"JWT"})");
  const auto body = base64url_encode(json::serialize(claims));
  const auto signature = base64url_encode(hmac_sha256(key, header + "." + body));
  expect_problem(api().call("GET", "/v1/me", {}, header + "." + body + "." + signature), 401, "AUTH_TOKEN_EXPIRED");
}

TEST_F(HttpContractTest, SecretFilesArePrivate) {
  for (const char* name : {"/jwt.key", "/data.key"}) {
    struct stat st {};
    ASSERT_EQ(::stat((server_->process().var_dir() + name).c_str(), &st), 0) << name;
    EXPECT_EQ(st.st_mode & 0777, 0600) << name;
  }
}

TEST_F(HttpContractTest, RequestIdIsEchoedOrGenerated) {
  auto given = api().call("GET", "/healthz", {}, {}, {}, {{"X-Request-Id", "abc-123_x.y"}});
  EXPECT_EQ(given.header("x-request-id"), "abc-123_x.y");
  auto generated = api().call("GET", "/healthz", {}, {}, "/healthz");
  EXPECT_EQ(generated.header("x-request-id").size(), 36u);
  auto hostile = api().call("GET", "/healthz", {}, {}, {}, {{"X-Request-Id", "<script>alert(1)</script>"}});
  EXPECT_NE(hostile.header("x-request-id"), "<script>alert(1)</script>");
}

TEST_F(HttpContractTest, SecurityHeadersHeadAndOptions) {
  auto r = api().call("GET", "/healthz");
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.header("x-frame-options"), "DENY");
  EXPECT_FALSE(r.header("content-security-policy").empty());
  auto head = api().call("HEAD", "/healthz");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  auto options = api().call("OPTIONS", "/v1/me");
  EXPECT_EQ(options.status, 204);
  EXPECT_NE(options.header("allow").find("PATCH"), std::string::npos);
}

TEST_F(HttpContractTest, CorsAllowsOnlyConfiguredOrigins) {
  auto pre = api().call("OPTIONS", "/v1/me", {}, {}, {},
                        {{"Origin", "https://app.soomcare.kr"}, {"Access-Control-Request-Method", "PATCH"}});
  EXPECT_EQ(pre.status, 204);
  EXPECT_EQ(pre.header("access-control-allow-origin"), "https://app.soomcare.kr");
  auto evil = api().call("GET", "/healthz", {}, {}, {}, {{"Origin", "https://evil.example"}});
  EXPECT_TRUE(evil.header("access-control-allow-origin").empty());
}

TEST_F(HttpContractTest, ReadinessOpenApiAndDocs) {
  auto ready = api().call("GET", "/readyz", {}, {}, "/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  auto doc = api().call("GET", "/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  auto openapi = doc.json().as_object();
  EXPECT_EQ(openapi.at("openapi").as_string(), "3.1.0");
  EXPECT_TRUE(openapi.at("paths").as_object().contains("/v1/auth/signup"));
  EXPECT_TRUE(openapi.at("paths").as_object().contains("/v1/me"));
  auto docs = api().call("GET", "/docs");
  EXPECT_EQ(docs.status, 200);
  EXPECT_NE(docs.body.find("/v1/auth/login"), std::string::npos);
  EXPECT_NE(docs.body.find("AUTH_INVALID_CREDENTIALS"), std::string::npos);
}

TEST_F(HttpContractTest, MetricsLiveOnTheBackOfficeListenerOnly) {
  api().call("GET", "/healthz");
  auto metrics = server_->admin().call("GET", "/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("http_requests_total"), std::string::npos);
  EXPECT_NE(metrics.body.find("soomcare_build_info"), std::string::npos);
  EXPECT_EQ(api().call("GET", "/metrics").status, 404);
}

}  // namespace
}  // namespace soom::testing
