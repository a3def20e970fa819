#pragma once
// RFC 9457 problem+json. The single place where ErrorCode becomes an HTTP status.
#include "core/error.hpp"
#include "http/message.hpp"

namespace soom::http {

int http_status(ErrorCode code);
// Builds the problem response: type (https://soomcare.kr/problems/<code-lower>),
// title, status, detail (public message only), instance (request path), code,
// request_id, and `errors` for validation failures. Sets Retry-After when relevant.
Response problem_response(const Error& error, const Request& request);
// The URI used in `type` for a code.
std::string problem_type_uri(ErrorCode code);

}  // namespace soom::http
