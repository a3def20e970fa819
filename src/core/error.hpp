#pragma once
// The one error taxonomy of SoomCare. Services speak in ErrorCode; exactly one
// place (src/http/problem.cpp) maps a code to an HTTP status.
#include <string>
#include <string_view>
#include <vector>

namespace soom {

enum class ErrorCode {
  kValidationFailed,
  kMalformedJson,
  kUnsupportedMediaType,
  kPayloadTooLarge,
  kNotFound,
  kRouteNotFound,
  kMethodNotAllowed,
  kConflict,
  kPreconditionFailed,
  kPreconditionRequired,
  kAuthRequired,
  kAuthInvalidCredentials,
  kAuthTokenInvalid,
  kAuthTokenExpired,
  kAuthRefreshReused,
  kAuthMfaRequired,
  kAuthMfaInvalid,
  kForbidden,
  kConsentRequired,
  kRateLimited,
  kEmailTaken,
  kNicknameTaken,
  kUnavailable,
  kInternal,
};

// A field-level validation failure: `field` is a JSON pointer-ish path ("consents.terms").
struct FieldError final {
  std::string field;
  std::string code;     // machine code, e.g. "required", "too_long", "out_of_range"
  std::string message;  // Korean, user-facing
};

struct ErrorInfo final {
  ErrorCode code;
  std::string_view machine_code;  // stable API identifier, e.g. "VALIDATION_FAILED"
  std::string_view title;         // short Korean title shown to users
};

// The catalog (also published in the OpenAPI document).
const std::vector<ErrorInfo>& error_catalog();
const ErrorInfo& error_info(ErrorCode code);

// Public text goes to clients; internal text only to logs.
struct Error final {
  ErrorCode code = ErrorCode::kInternal;
  std::string public_message;
  std::string internal_message;
  std::vector<FieldError> fields;
  int retry_after_seconds = 0;  // for kRateLimited

  static Error validation(std::vector<FieldError> fields);
  static Error validation(std::string field, std::string code, std::string message);
  static Error not_found(std::string what = {});
  static Error conflict(std::string message);
  static Error internal(std::string internal_message);
  static Error make(ErrorCode code, std::string public_message = {},
                    std::string internal_message = {});
};

}  // namespace soom
