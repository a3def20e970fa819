#include "http/problem.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <boost/json.hpp>

namespace soom::http {
namespace {

constexpr std::string_view kProblemBase = "https://soomcare.kr/problems/";

}  // namespace

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::kValidationFailed:
    case ErrorCode::kMalformedJson: return 400;
    case ErrorCode::kUnsupportedMediaType: return 415;
    case ErrorCode::kPayloadTooLarge: return 413;
    case ErrorCode::kNotFound:
    case ErrorCode::kRouteNotFound: return 404;
    case ErrorCode::kMethodNotAllowed: return 405;
    case ErrorCode::kConflict:
    case ErrorCode::kEmailTaken:
    case ErrorCode::kNicknameTaken: return 409;
    case ErrorCode::kPreconditionFailed: return 412;
    case ErrorCode::kPreconditionRequired: return 428;
    case ErrorCode::kAuthRequired:
    case ErrorCode::kAuthInvalidCredentials:
    case ErrorCode::kAuthTokenInvalid:
    case ErrorCode::kAuthTokenExpired:
    case ErrorCode::kAuthRefreshReused:
    case ErrorCode::kAuthMfaRequired:
    case ErrorCode::kAuthMfaInvalid: return 401;
    case ErrorCode::kForbidden:
    case ErrorCode::kConsentRequired: return 403;
    case ErrorCode::kRateLimited: return 429;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

std::string problem_type_uri(ErrorCode code) {
  std::string uri(kProblemBase);
  for (char c : error_info(code).machine_code) {
    uri += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return uri;
}

Response problem_response(const Error& error, const Request& request) {
  const ErrorInfo& info = error_info(error.code);
  const int status = http_status(error.code);

  boost::json::object body;
  body["type"] = problem_type_uri(error.code);
  body["title"] = info.title;
  body["status"] = status;
  // Only the public text: internal_message is for logs and never leaves the process.
  body["detail"] = error.public_message.empty() ? std::string(info.title) : error.public_message;
  body["instance"] = request.path;
  body["code"] = info.machine_code;
  body["request_id"] = request.request_id;
  if (error.code == ErrorCode::kValidationFailed || !error.fields.empty()) {
    boost::json::array errors;
    for (const auto& f : error.fields) {
      errors.push_back(boost::json::object{{"field", f.field}, {"code", f.code}, {"message", f.message}});
    }
    body["errors"] = std::move(errors);
  }

  Response response = Response::text(status, boost::json::serialize(body), "application/problem+json");
  if (error.code == ErrorCode::kRateLimited) {
    // A 429 without Retry-After invites an immediate retry storm; default to one second.
    response.headers.set("retry-after", std::to_string(std::max(1, error.retry_after_seconds)));
  }
  if (status == 401) {
    // RFC 9110 §15.5.2: a 401 carries a challenge.
    const bool bad_token = error.code == ErrorCode::kAuthTokenInvalid || error.code == ErrorCode::kAuthTokenExpired;
    response.headers.set("www-authenticate", bad_token ? R"(Bearer error="invalid_token")" : "Bearer");
  }
  return response;
}

}  // namespace soom::http
