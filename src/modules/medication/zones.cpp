#include "modules/medication/zones.hpp"

#include "core/time.hpp"
#include "modules/identity/identity.hpp"

namespace soom::medication {

std::string zone_of_user(const std::shared_ptr<identity::IdentityService>& identity, const std::string& user_id) {
  if (!identity) return kDefaultZone;
  auto zone = identity->time_zone_of(user_id);
  if (!zone || !is_valid_time_zone(*zone)) return kDefaultZone;
  return *zone;
}

}  // namespace soom::medication
