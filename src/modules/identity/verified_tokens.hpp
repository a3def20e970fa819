#pragma once
// A client presents the same access token on every request for its 15 minutes. Checking
// its signature and parsing its claims once per process, instead of once per request,
// saves most of an authenticated request's identity work (HMAC + base64url + JSON).
// Only tokens that verified are kept, keyed by their exact text; a hit is re-checked
// against its expiry, and revocation is still checked per request by the caller.
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/time.hpp"
#include "modules/identity/jwt.hpp"

namespace soom::identity {

class VerifiedTokens final {
 public:
  static constexpr std::size_t kDefaultCapacity = 16384;

  explicit VerifiedTokens(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}

  // The claims of a token remembered earlier that has not expired at `now`.
  std::optional<AccessClaims> find(std::string_view token, Instant now);
  void remember(std::string_view token, const AccessClaims& claims, Instant now);
  std::size_t size() const;

 private:
  void make_room(Instant now);  // mutex_ held

  // Lets find() look up a string_view without building a std::string.
  struct TokenHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view token) const noexcept { return std::hash<std::string_view>{}(token); }
  };

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, AccessClaims, TokenHash, std::equal_to<>> claims_;  // guarded by mutex_
};

}  // namespace soom::identity
