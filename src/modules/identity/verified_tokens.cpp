#include "modules/identity/verified_tokens.hpp"

namespace soom::identity {

std::optional<AccessClaims> VerifiedTokens::find(std::string_view token, Instant now) {
  std::lock_guard lock(mutex_);
  return claims_.find(token, now);  // an expired token: the caller verifies again and reports it
}

void VerifiedTokens::remember(std::string_view token, const AccessClaims& claims, Instant now) {
  std::lock_guard lock(mutex_);
  claims_.put(token, claims, claims.expires_at, now);
}

std::size_t VerifiedTokens::size() const {
  std::lock_guard lock(mutex_);
  return claims_.size();
}

}  // namespace soom::identity
