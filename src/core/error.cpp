#include "core/error.hpp"

#include <stdexcept>

namespace soom {

const std::vector<ErrorInfo>& error_catalog() {
  static const std::vector<ErrorInfo> kCatalog = {
      {ErrorCode::kValidationFailed, "VALIDATION_FAILED", "입력값이 올바르지 않습니다"},
      {ErrorCode::kMalformedJson, "MALFORMED_JSON", "요청 본문이 올바른 JSON이 아닙니다"},
      {ErrorCode::kUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "지원하지 않는 콘텐츠 형식입니다"},
      {ErrorCode::kPayloadTooLarge, "PAYLOAD_TOO_LARGE", "요청 본문이 너무 큽니다"},
      {ErrorCode::kNotFound, "NOT_FOUND", "찾을 수 없습니다"},
      {ErrorCode::kRouteNotFound, "ROUTE_NOT_FOUND", "존재하지 않는 경로입니다"},
      {ErrorCode::kMethodNotAllowed, "METHOD_NOT_ALLOWED", "허용되지 않는 메서드입니다"},
      {ErrorCode::kConflict, "CONFLICT", "요청이 현재 상태와 충돌합니다"},
      {ErrorCode::kPreconditionFailed, "PRECONDITION_FAILED", "다른 곳에서 먼저 변경되었습니다"},
      {ErrorCode::kPreconditionRequired, "PRECONDITION_REQUIRED", "If-Match 헤더가 필요합니다"},
      {ErrorCode::kAuthRequired, "AUTH_REQUIRED", "로그인이 필요합니다"},
      {ErrorCode::kAuthInvalidCredentials, "AUTH_INVALID_CREDENTIALS", "이메일 또는 비밀번호가 올바르지 않습니다"},
      {ErrorCode::kAuthTokenInvalid, "AUTH_TOKEN_INVALID", "인증 토큰이 유효하지 않습니다"},
      {ErrorCode::kAuthTokenExpired, "AUTH_TOKEN_EXPIRED", "인증 토큰이 만료되었습니다"},
      {ErrorCode::kAuthRefreshReused, "AUTH_REFRESH_REUSED", "이미 사용된 갱신 토큰입니다. 다시 로그인해 주세요"},
      {ErrorCode::kAuthMfaRequired, "AUTH_MFA_REQUIRED", "2단계 인증 코드가 필요합니다"},
      {ErrorCode::kAuthMfaInvalid, "AUTH_MFA_INVALID", "2단계 인증 코드가 올바르지 않습니다"},
      {ErrorCode::kForbidden, "FORBIDDEN", "권한이 없습니다"},
      {ErrorCode::kConsentRequired, "CONSENT_REQUIRED", "건강정보 처리 동의가 필요합니다"},
      {ErrorCode::kRateLimited, "RATE_LIMITED", "요청이 너무 많습니다. 잠시 후 다시 시도해 주세요"},
      {ErrorCode::kEmailTaken, "EMAIL_TAKEN", "이미 가입된 이메일입니다"},
      {ErrorCode::kNicknameTaken, "NICKNAME_TAKEN", "이미 사용 중인 닉네임입니다"},
      {ErrorCode::kUnavailable, "SERVICE_UNAVAILABLE", "잠시 서비스를 이용할 수 없습니다"},
      {ErrorCode::kInternal, "INTERNAL_ERROR", "서버 오류가 발생했습니다"},
  };
  return kCatalog;
}

const ErrorInfo& error_info(ErrorCode code) {
  for (const auto& info : error_catalog()) {
    if (info.code == code) return info;
  }
  throw std::logic_error("error code missing from catalog");
}

Error Error::validation(std::vector<FieldError> fields) {
  Error e;
  e.code = ErrorCode::kValidationFailed;
  e.public_message = "입력값을 확인해 주세요";
  e.fields = std::move(fields);
  return e;
}

Error Error::validation(std::string field, std::string code, std::string message) {
  return validation({FieldError{std::move(field), std::move(code), std::move(message)}});
}

Error Error::not_found(std::string what) {
  return make(ErrorCode::kNotFound, what.empty() ? "요청한 항목을 찾을 수 없습니다" : std::move(what));
}

Error Error::conflict(std::string message) { return make(ErrorCode::kConflict, std::move(message)); }

Error Error::internal(std::string internal_message) {
  return make(ErrorCode::kInternal, {}, std::move(internal_message));
}

Error Error::make(ErrorCode code, std::string public_message, std::string internal_message) {
  Error e;
  e.code = code;
  e.public_message = public_message.empty() ? std::string(error_info(code).title) : std::move(public_message);
  e.internal_message = std::move(internal_message);
  return e;
}

}  // namespace soom
