#include "modules/records/month_read.hpp"

#include <chrono>
#include <stdexcept>

#include "modules/records/day_bucket.hpp"
#include "modules/records/record_facts.hpp"

namespace soom::records::repo {
namespace {

// No zone is more than 16 hours off UTC (historic local mean times included), so two days on
// either side of the dates' UTC midnights hold every instant of those local days.
constexpr auto kZoneMargin = std::chrono::days(2);

Instant utc_midnight(const std::string& date) {
  const auto day = parse_local_date(date);
  if (!day) throw std::invalid_argument("calendar_facts_on_local_dates: bad date " + date);
  return std::chrono::sys_days(*day);
}

}  // namespace

std::vector<Record> calendar_facts_on_local_dates(db::Transaction& tx, const std::string& user_id,
                                                  const std::string& from_date, const std::string& to_date) {
  const auto window_start = utc_midnight(from_date) - kZoneMargin;
  const auto window_end = utc_midnight(to_date) + std::chrono::days(1) + kZoneMargin;
  return facts::on_local_dates(tx, user_id, window_start, window_end, from_date, to_date);
}

}  // namespace soom::records::repo
