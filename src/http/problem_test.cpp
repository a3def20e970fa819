#include "http/problem.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace soom::http {
namespace {

Request request_for(std::string path) {
  Request r;
  r.path = std::move(path);
  r.request_id = "req-123";
  return r;
}

boost::json::object body_of(const Response& r) { return boost::json::parse(r.body).as_object(); }

TEST(Problem, EveryCatalogCodeHasAStatusAndKebabTypeUri) {
  for (const auto& info : error_catalog()) {
    const int status = http_status(info.code);
    EXPECT_GE(status, 400);
    EXPECT_LT(status, 600);
    const std::string uri = problem_type_uri(info.code);
    EXPECT_EQ(uri.rfind("https://soomcare.kr/problems/", 0), 0u);
    EXPECT_EQ(uri.find('_'), std::string::npos) << uri;
  }
  EXPECT_EQ(problem_type_uri(ErrorCode::kValidationFailed), "https://soomcare.kr/problems/validation-failed");
  EXPECT_EQ(problem_type_uri(ErrorCode::kUnavailable), "https://soomcare.kr/problems/service-unavailable");
}

TEST(Problem, StatusMapping) {
  EXPECT_EQ(http_status(ErrorCode::kValidationFailed), 400);
  EXPECT_EQ(http_status(ErrorCode::kMalformedJson), 400);
  EXPECT_EQ(http_status(ErrorCode::kUnsupportedMediaType), 415);
  EXPECT_EQ(http_status(ErrorCode::kPayloadTooLarge), 413);
  EXPECT_EQ(http_status(ErrorCode::kNotFound), 404);
  EXPECT_EQ(http_status(ErrorCode::kRouteNotFound), 404);
  EXPECT_EQ(http_status(ErrorCode::kMethodNotAllowed), 405);
  EXPECT_EQ(http_status(ErrorCode::kConflict), 409);
  EXPECT_EQ(http_status(ErrorCode::kEmailTaken), 409);
  EXPECT_EQ(http_status(ErrorCode::kNicknameTaken), 409);
  EXPECT_EQ(http_status(ErrorCode::kPreconditionFailed), 412);
  EXPECT_EQ(http_status(ErrorCode::kPreconditionRequired), 428);
  for (ErrorCode c : {ErrorCode::kAuthRequired, ErrorCode::kAuthInvalidCredentials, ErrorCode::kAuthTokenInvalid,
                      ErrorCode::kAuthTokenExpired, ErrorCode::kAuthRefreshReused, ErrorCode::kAuthMfaRequired,
                      ErrorCode::kAuthMfaInvalid}) {
    EXPECT_EQ(http_status(c), 401);
  }
  EXPECT_EQ(http_status(ErrorCode::kForbidden), 403);
  EXPECT_EQ(http_status(ErrorCode::kConsentRequired), 403);
  EXPECT_EQ(http_status(ErrorCode::kRateLimited), 429);
  EXPECT_EQ(http_status(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(http_status(ErrorCode::kInternal), 500);
}

TEST(Problem, RendersRfc9457FieldsWithoutInternalMessage) {
  const Error error = Error::make(ErrorCode::kConflict, "이미 처리된 요청입니다", "row 42 version mismatch in db");
  const Response r = problem_response(error, request_for("/v1/records/abc"));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.headers.get("content-type"), "application/problem+json");
  EXPECT_EQ(r.body.find("row 42"), std::string::npos);
  const auto body = body_of(r);
  EXPECT_EQ(body.at("type").as_string(), "https://soomcare.kr/problems/conflict");
  EXPECT_EQ(body.at("title").as_string(), error_info(ErrorCode::kConflict).title);
  EXPECT_EQ(body.at("status").as_int64(), 409);
  EXPECT_EQ(body.at("detail").as_string(), "이미 처리된 요청입니다");
  EXPECT_EQ(body.at("instance").as_string(), "/v1/records/abc");
  EXPECT_EQ(body.at("code").as_string(), "CONFLICT");
  EXPECT_EQ(body.at("request_id").as_string(), "req-123");
  EXPECT_FALSE(body.contains("errors"));
  EXPECT_FALSE(r.headers.has("retry-after"));
}

TEST(Problem, InternalErrorShowsOnlyTheGenericTitle) {
  const Response r = problem_response(Error::internal("pq: connection refused at 10.0.0.5"), request_for("/x"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("10.0.0.5"), std::string::npos);
  EXPECT_EQ(body_of(r).at("detail").as_string(), error_info(ErrorCode::kInternal).title);
}

TEST(Problem, ValidationListsFieldErrors) {
  const Error error = Error::validation({{"email", "required", "이메일을 입력해 주세요"},
                                         {"consents.terms", "must_be_true", "약관에 동의해 주세요"}});
  const Response r = problem_response(error, request_for("/v1/auth/signup"));
  EXPECT_EQ(r.status, 400);
  const auto errors = body_of(r).at("errors").as_array();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].at("field").as_string(), "email");
  EXPECT_EQ(errors[0].at("code").as_string(), "required");
  EXPECT_EQ(errors[1].at("field").as_string(), "consents.terms");
  EXPECT_EQ(errors[1].at("message").as_string(), "약관에 동의해 주세요");
}

TEST(Problem, RateLimitedCarriesRetryAfter) {
  Error error = Error::make(ErrorCode::kRateLimited);
  error.retry_after_seconds = 30;
  const Response r = problem_response(error, request_for("/v1/auth/login"));
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.headers.get("retry-after"), "30");
  EXPECT_EQ(problem_response(Error::make(ErrorCode::kRateLimited), request_for("/")).headers.get("retry-after"), "1");
}

TEST(Problem, UnauthorizedCarriesBearerChallenge) {
  EXPECT_EQ(problem_response(Error::make(ErrorCode::kAuthRequired), request_for("/")).headers.get("www-authenticate"),
            "Bearer");
  EXPECT_EQ(
      problem_response(Error::make(ErrorCode::kAuthTokenExpired), request_for("/")).headers.get("www-authenticate"),
      R"(Bearer error="invalid_token")");
  EXPECT_FALSE(problem_response(Error::make(ErrorCode::kForbidden), request_for("/")).headers.has("www-authenticate"));
}

TEST(Problem, EscapesUntrustedTextIntoValidJson) {
  const Response r = problem_response(Error::make(ErrorCode::kNotFound, "quote \" and \\ and \n"),
                                      request_for("/v1/\"weird\""));
  const auto body = body_of(r);  // throws if the escaping were broken
  EXPECT_EQ(body.at("detail").as_string(), "quote \" and \\ and \n");
  EXPECT_EQ(body.at("instance").as_string(), "/v1/\"weird\"");
}

}  // namespace
}  // namespace soom::http
