#pragma once
// Short-lived access tokens: compact JWS, HS256 only. The algorithm is pinned on
// verification (never taken from the token) so `alg: none` and algorithm-confusion
// attacks cannot apply.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/time.hpp"

namespace soom::identity {

struct AccessClaims {
  std::string subject;     // user id
  std::string session_id;  // lets a revoked session invalidate its access tokens
  std::string role;
  Instant issued_at;
  Instant expires_at;
  std::string jti;
};

class JwtSigner final {
 public:
  // Clock skew tolerated for `iat` in the future (another node's clock may run ahead).
  static constexpr std::chrono::seconds kIssuedAtLeeway{60};
  static constexpr std::size_t kMinSecretBytes = 32;

  // Throws std::invalid_argument when the secret is shorter than kMinSecretBytes.
  explicit JwtSigner(std::string secret, std::string issuer = "soomcare");

  // Times are truncated to whole seconds (JWT NumericDate).
  std::string sign(const AccessClaims& claims) const;
  // kAuthTokenExpired when `now` ≥ exp; kAuthTokenInvalid for every other defect.
  Result<AccessClaims> verify(std::string_view token, Instant now) const;

 private:
  std::string secret_;
  std::string issuer_;
};

}  // namespace soom::identity
