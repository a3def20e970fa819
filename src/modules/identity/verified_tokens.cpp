#include "modules/identity/verified_tokens.hpp"

#include <iterator>

namespace soom::identity {

std::optional<AccessClaims> VerifiedTokens::find(std::string_view token, Instant now) {
  std::lock_guard lock(mutex_);
  const auto hit = claims_.find(token);
  if (hit == claims_.end()) return std::nullopt;
  if (now >= hit->second.expires_at) {
    claims_.erase(hit);  // the caller verifies again and reports the expiry
    return std::nullopt;
  }
  return hit->second;
}

void VerifiedTokens::remember(std::string_view token, const AccessClaims& claims, Instant now) {
  if (capacity_ == 0) return;
  std::lock_guard lock(mutex_);
  if (claims_.size() >= capacity_) make_room(now);
  claims_.insert_or_assign(std::string(token), claims);
}

std::size_t VerifiedTokens::size() const {
  std::lock_guard lock(mutex_);
  return claims_.size();
}

// Expired tokens go first; when every token is still live (more concurrent clients than
// the capacity), everything goes: those clients pay one verification each again.
void VerifiedTokens::make_room(Instant now) {
  for (auto it = claims_.begin(); it != claims_.end();) {
    it = now >= it->second.expires_at ? claims_.erase(it) : std::next(it);
  }
  if (claims_.size() >= capacity_) claims_.clear();
}

}  // namespace soom::identity
