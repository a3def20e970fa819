#pragma once
// The user's IANA zone, from identity (Asia/Seoul when identity is not wired or fails:
// the product's home zone, and the identity default).
#include <memory>
#include <string>

namespace soom::identity {
class IdentityService;
}

namespace soom::medication {

inline constexpr const char* kDefaultZone = "Asia/Seoul";
std::string zone_of_user(const std::shared_ptr<identity::IdentityService>& identity, const std::string& user_id);

}  // namespace soom::medication
