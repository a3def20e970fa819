#pragma once
// Shared by the records module's service-level tests (not part of the library).
#include <optional>
#include <string>

#include "core/result.hpp"
#include "core/time.hpp"
#include "modules/identity/identity.hpp"

namespace soom::records::testing {

// The identity context's answers the records service needs (consent given, Seoul profile).
class ConsentingIdentity final : public identity::IdentityQueries {
 public:
  Result<bool> has_health_data_consent(const std::string&) override { return true; }
  Result<std::string> time_zone_of(const std::string&) override { return std::string("Asia/Seoul"); }
  Result<std::optional<std::string>> user_id_by_email(const std::string&) override {
    return std::optional<std::string>{};
  }
};

inline Instant at(const char* rfc3339) { return parse_rfc3339(rfc3339).value(); }

}  // namespace soom::records::testing
