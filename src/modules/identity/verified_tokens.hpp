#pragma once
// A client presents the same access token on every request for its 15 minutes. Checking
// its signature and parsing its claims once per process, instead of once per request,
// saves most of an authenticated request's identity work (HMAC + base64url + JSON).
// Only tokens that verified are kept, keyed by their exact text; a hit is re-checked
// against its expiry, and revocation is still checked per request by the caller.
#include <cstddef>
#include <mutex>
#include <optional>
#include <string_view>

#include "core/expiring_map.hpp"
#include "core/time.hpp"
#include "modules/identity/jwt.hpp"

namespace soom::identity {

class VerifiedTokens final {
 public:
  static constexpr std::size_t kDefaultCapacity = 16384;

  explicit VerifiedTokens(std::size_t capacity = kDefaultCapacity) : claims_(capacity) {}

  // The claims of a token remembered earlier that has not expired at `now`.
  std::optional<AccessClaims> find(std::string_view token, Instant now);
  // Kept until the token's own expiry. When full of live tokens, all are dropped: their
  // clients pay one verification each again.
  void remember(std::string_view token, const AccessClaims& claims, Instant now);
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  ExpiringMap<AccessClaims> claims_;  // guarded by mutex_
};

}  // namespace soom::identity
