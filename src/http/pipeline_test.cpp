#include "http/pipeline.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <sstream>
#include <stdexcept>

namespace soom::http {
namespace {

class FakeVerifier final : public TokenVerifier {
 public:
  Result<Principal> verify(std::string_view token) override {
    last_token = std::string(token);
    if (token == "patient-token") return Principal{"user-1", "session-1", "patient"};
    if (token == "admin-token") return Principal{"admin-1", "session-2", "admin"};
    if (token == "expired-token") return Error::make(ErrorCode::kAuthTokenExpired);
    return Error::make(ErrorCode::kAuthTokenInvalid);
  }
  std::string last_token;
};

class RecordingObserver final : public RequestObserver {
 public:
  void on_request(const RequestRecord& record) override { records.push_back(record); }
  std::vector<RequestRecord> records;
};

// Swaps the default spdlog logger for one writing into a string for the test's lifetime.
class CapturedLog final {
 public:
  CapturedLog() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("captured", sink));
  }
  ~CapturedLog() { spdlog::set_default_logger(previous_); }
  std::string text() const { return stream_.str(); }

 private:
  std::ostringstream stream_;
  std::shared_ptr<spdlog::logger> previous_;
};

Request make_request(Method method, std::string path) {
  Request r;
  r.method = method;
  r.method_text = std::string(to_string(method));
  r.path = std::move(path);
  r.target = r.path;
  r.remote_ip = "203.0.113.9";
  return r;
}

boost::json::object json_of(const Response& r) { return boost::json::parse(r.body).as_object(); }

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest() {
    auto router = std::make_shared<Router>();
    Route hello;
    hello.pattern = "/v1/hello/{name}";
    hello.handler = [](Request& r) { return Response::json(200, R"({"hello":")" + r.path_param("name") + "\"}"); };
    router->add(hello);

    Route create = hello;
    create.method = Method::kPost;
    create.handler = [](Request&) { return Response::json(201, "{}"); };
    router->add(create);

    Route me;
    me.pattern = "/v1/me";
    me.auth = Auth::kRequired;
    me.handler = [](Request& r) { return Response::json(200, R"({"user":")" + r.principal->user_id + "\"}"); };
    router->add(me);

    Route admin;
    admin.pattern = "/v1/admin/stats";
    admin.auth = Auth::kRequired;
    admin.roles = {"admin", "moderator"};
    admin.handler = [](Request&) { return Response::json(200, "{}"); };
    router->add(admin);

    Route feed;
    feed.pattern = "/v1/feed";
    feed.auth = Auth::kOptional;
    feed.handler = [](Request& r) {
      return Response::json(200, r.principal ? R"({"who":"user"})" : R"({"who":"anonymous"})");
    };
    router->add(feed);

    Route boom;
    boom.pattern = "/v1/boom";
    boom.handler = [](Request&) -> Response { throw std::runtime_error("secret db password=hunter2"); };
    router->add(boom);

    Route docs;
    docs.pattern = "/docs";
    docs.handler = [](Request&) {
      Response r = Response::text(200, "<html></html>", "text/html; charset=utf-8");
      r.headers.set("Content-Security-Policy", "default-src 'self'");
      r.headers.set("Cache-Control", "public, max-age=300");
      return r;
    };
    router->add(docs);

    router_ = router;
    verifier_ = std::make_shared<FakeVerifier>();
    observer_ = std::make_shared<RecordingObserver>();
  }

  Pipeline pipeline(std::vector<std::string> cors = {}) const {
    PipelineOptions options;
    options.listener_name = "api";
    options.cors_origins = std::move(cors);
    return Pipeline(options, router_, verifier_, {observer_});
  }

  std::shared_ptr<Router> router_;
  std::shared_ptr<FakeVerifier> verifier_;
  std::shared_ptr<RecordingObserver> observer_;
};

TEST_F(PipelineTest, RoutesToHandlerWithParamsAndSecurityHeaders) {
  auto request = make_request(Method::kGet, "/v1/hello/soom");
  const Response r = pipeline().handle(request);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json_of(r).at("hello").as_string(), "soom");
  EXPECT_EQ(r.headers.get("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.headers.get("referrer-policy"), "no-referrer");
  EXPECT_EQ(r.headers.get("x-frame-options"), "DENY");
  EXPECT_EQ(r.headers.get("cache-control"), "no-store");
  EXPECT_EQ(r.headers.get("content-security-policy"), "default-src 'none'; frame-ancestors 'none'");
  EXPECT_FALSE(r.headers.has("access-control-allow-origin"));
  EXPECT_FALSE(r.headers.has("vary"));
}

TEST_F(PipelineTest, HandlerChosenCacheControlAndCspAreKept) {
  auto request = make_request(Method::kGet, "/docs");
  const Response r = pipeline().handle(request);
  EXPECT_EQ(r.headers.get("content-security-policy"), "default-src 'self'");
  EXPECT_EQ(r.headers.get("cache-control"), "public, max-age=300");
  EXPECT_EQ(r.headers.get("x-frame-options"), "DENY");
}

TEST_F(PipelineTest, GeneratesRequestIdUnlessAValidOneArrives) {
  auto plain = make_request(Method::kGet, "/v1/hello/a");
  const Response generated = pipeline().handle(plain);
  EXPECT_EQ(generated.headers.get("x-request-id"), plain.request_id);
  EXPECT_EQ(plain.request_id.size(), 36u);
  EXPECT_EQ(plain.request_id[14], '7');  // UUID version 7

  auto supplied = make_request(Method::kGet, "/v1/hello/a");
  supplied.headers.set("X-Request-Id", "client.trace_01-AB");
  EXPECT_EQ(pipeline().handle(supplied).headers.get("x-request-id"), "client.trace_01-AB");

  for (const std::string& bad : {std::string("has space"), std::string("new\nline"), std::string(129, 'a'),
                                 std::string("")}) {
    auto request = make_request(Method::kGet, "/v1/hello/a");
    request.headers.set("X-Request-Id", bad);
    const Response r = pipeline().handle(request);
    EXPECT_NE(r.headers.get("x-request-id"), bad);
    EXPECT_EQ(r.headers.get("x-request-id")->size(), 36u);
  }
}

TEST_F(PipelineTest, UnknownPathIsRouteNotFoundProblem) {
  auto request = make_request(Method::kGet, "/v1/nope");
  const Response r = pipeline().handle(request);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.headers.get("content-type"), "application/problem+json");
  const auto body = json_of(r);
  EXPECT_EQ(body.at("code").as_string(), "ROUTE_NOT_FOUND");
  EXPECT_EQ(body.at("instance").as_string(), "/v1/nope");
  EXPECT_EQ(body.at("request_id").as_string(), request.request_id);
  ASSERT_EQ(observer_->records.size(), 1u);
  EXPECT_EQ(observer_->records[0].route, "unmatched");
  EXPECT_EQ(observer_->records[0].status, 404);
}

TEST_F(PipelineTest, WrongMethodIs405WithAllow) {
  auto request = make_request(Method::kDelete, "/v1/hello/a");
  const Response r = pipeline().handle(request);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers.get("allow"), "GET, HEAD, POST, OPTIONS");
  EXPECT_EQ(json_of(r).at("code").as_string(), "METHOD_NOT_ALLOWED");
}

TEST_F(PipelineTest, PlainOptionsListsAllowedMethods) {
  auto request = make_request(Method::kOptions, "/v1/hello/a");
  const Response r = pipeline().handle(request);
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(r.headers.get("allow"), "GET, HEAD, POST, OPTIONS");
  EXPECT_FALSE(r.headers.has("access-control-allow-methods"));
}

TEST_F(PipelineTest, HeadRunsGetAndDropsBodyButKeepsLength) {
  auto get = make_request(Method::kGet, "/v1/hello/world");
  const Response full = pipeline().handle(get);
  auto head = make_request(Method::kHead, "/v1/hello/world");
  const Response r = pipeline().handle(head);
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(r.headers.get("content-length"), std::to_string(full.body.size()));
  EXPECT_EQ(r.headers.get("content-type"), "application/json");
}

TEST_F(PipelineTest, CorsPreflightForConfiguredOrigin) {
  auto request = make_request(Method::kOptions, "/v1/hello/a");
  request.headers.set("Origin", "https://app.soomcare.kr");
  request.headers.set("Access-Control-Request-Method", "POST");
  const Response r = pipeline({"https://app.soomcare.kr"}).handle(request);
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.headers.get("access-control-allow-origin"), "https://app.soomcare.kr");
  EXPECT_EQ(r.headers.get("access-control-allow-methods"), "GET, HEAD, POST, OPTIONS");
  EXPECT_EQ(r.headers.get("access-control-allow-headers"),
            "Authorization, Content-Type, If-Match, Idempotency-Key, X-Request-Id");
  EXPECT_TRUE(r.headers.has("access-control-max-age"));
  EXPECT_EQ(r.headers.get("vary"), "Origin");
}

TEST_F(PipelineTest, CorsIgnoresUnknownOriginsButStillVaries) {
  auto request = make_request(Method::kGet, "/v1/hello/a");
  request.headers.set("Origin", "https://evil.example");
  const Response r = pipeline({"https://app.soomcare.kr"}).handle(request);
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.headers.has("access-control-allow-origin"));
  EXPECT_EQ(r.headers.get("vary"), "Origin");

  auto allowed = make_request(Method::kGet, "/v1/hello/a");
  allowed.headers.set("Origin", "https://evil.example");
  EXPECT_EQ(pipeline({"*"}).handle(allowed).headers.get("access-control-allow-origin"), "https://evil.example");
}

TEST_F(PipelineTest, RequiredAuthWithoutBearerIs401WithChallenge) {
  for (const char* header : {"", "Basic dXNlcjpwYXNz", "Bearer", "Bearer   "}) {
    auto request = make_request(Method::kGet, "/v1/me");
    if (*header) request.headers.set("Authorization", header);
    const Response r = pipeline().handle(request);
    EXPECT_EQ(r.status, 401) << header;
    EXPECT_EQ(r.headers.get("www-authenticate"), "Bearer");
    EXPECT_EQ(json_of(r).at("code").as_string(), "AUTH_REQUIRED");
  }
}

TEST_F(PipelineTest, ValidBearerSetsPrincipalAndUserIdInRecord) {
  auto request = make_request(Method::kGet, "/v1/me");
  request.headers.set("Authorization", "bearer patient-token");
  const Response r = pipeline().handle(request);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(verifier_->last_token, "patient-token");
  EXPECT_EQ(json_of(r).at("user").as_string(), "user-1");
  ASSERT_EQ(observer_->records.size(), 1u);
  const RequestRecord& record = observer_->records[0];
  EXPECT_EQ(record.user_id, "user-1");
  EXPECT_EQ(record.route, "/v1/me");
  EXPECT_EQ(record.method, "GET");
  EXPECT_EQ(record.listener, "api");
  EXPECT_EQ(record.remote_ip, "203.0.113.9");
  EXPECT_EQ(record.request_id, request.request_id);
}

TEST_F(PipelineTest, VerifierErrorsPassThrough) {
  auto request = make_request(Method::kGet, "/v1/me");
  request.headers.set("Authorization", "Bearer expired-token");
  const Response r = pipeline().handle(request);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(json_of(r).at("code").as_string(), "AUTH_TOKEN_EXPIRED");
}

TEST_F(PipelineTest, OptionalAuthAllowsAnonymousButRejectsBadTokens) {
  auto anonymous = make_request(Method::kGet, "/v1/feed");
  EXPECT_EQ(json_of(pipeline().handle(anonymous)).at("who").as_string(), "anonymous");
  auto user = make_request(Method::kGet, "/v1/feed");
  user.headers.set("Authorization", "Bearer patient-token");
  EXPECT_EQ(json_of(pipeline().handle(user)).at("who").as_string(), "user");
  auto bad = make_request(Method::kGet, "/v1/feed");
  bad.headers.set("Authorization", "Bearer forged");
  EXPECT_EQ(pipeline().handle(bad).status, 401);
}

TEST_F(PipelineTest, RolesAreEnforced) {
  auto patient = make_request(Method::kGet, "/v1/admin/stats");
  patient.headers.set("Authorization", "Bearer patient-token");
  const Response denied = pipeline().handle(patient);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(json_of(denied).at("code").as_string(), "FORBIDDEN");

  auto admin = make_request(Method::kGet, "/v1/admin/stats");
  admin.headers.set("Authorization", "Bearer admin-token");
  EXPECT_EQ(pipeline().handle(admin).status, 200);
}

TEST_F(PipelineTest, HandlerExceptionBecomesGeneric500AndIsLoggedWithRequestId) {
  CapturedLog log;
  auto request = make_request(Method::kGet, "/v1/boom");
  request.headers.set("Authorization", "Bearer patient-token");
  const Response r = pipeline().handle(request);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("hunter2"), std::string::npos);
  const auto body = json_of(r);
  EXPECT_EQ(body.at("code").as_string(), "INTERNAL_ERROR");
  EXPECT_EQ(body.at("request_id").as_string(), request.request_id);
  EXPECT_NE(log.text().find("hunter2"), std::string::npos);
  EXPECT_NE(log.text().find(request.request_id), std::string::npos);
  EXPECT_EQ(log.text().find("patient-token"), std::string::npos);
  ASSERT_EQ(observer_->records.size(), 1u);
  EXPECT_EQ(observer_->records[0].status, 500);
  EXPECT_EQ(observer_->records[0].route, "/v1/boom");
}

TEST_F(PipelineTest, ObserverFailureDoesNotBreakTheResponse) {
  class Throwing final : public RequestObserver {
   public:
    void on_request(const RequestRecord&) override { throw std::runtime_error("observer down"); }
  };
  CapturedLog log;
  PipelineOptions options;
  Pipeline p(options, router_, verifier_, {std::make_shared<Throwing>(), observer_});
  auto request = make_request(Method::kGet, "/v1/hello/x");
  EXPECT_EQ(p.handle(request).status, 200);
  EXPECT_EQ(observer_->records.size(), 1u);  // later observers still run
  EXPECT_NE(log.text().find("observer down"), std::string::npos);
}

}  // namespace
}  // namespace soom::http
