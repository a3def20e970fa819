#include "modules/records/pef_day_best.hpp"

#include <chrono>

#include "modules/records/records_repository.hpp"

namespace soom::records::repo {

namespace sql {
const char* const kLaterReadingOfDay =
    "SELECT 1 FROM records WHERE user_id = $1 AND type = 'lung_function' AND occurred_at > $3 "
    "AND occurred_at <= $4 AND local_date = $2 AND deleted_at IS NULL LIMIT 1";
const char* const kDayBestPef = "SELECT best_pef FROM records_pef_days WHERE user_id = $1 AND local_date = $2";
}  // namespace sql

std::optional<int> best_pef_of_day_at(db::Transaction& tx, const std::string& user_id, const std::string& date,
                                      Instant until) {
  const auto later = tx.query(sql::kLaterReadingOfDay,
                              {user_id, date, to_unix_ms(until), to_unix_ms(until + std::chrono::hours(72))});
  if (!later.empty()) return best_pef_of_day_until(tx, user_id, date, until);
  const auto day = tx.query(sql::kDayBestPef, {user_id, date});
  if (day.empty()) return std::nullopt;
  return static_cast<int>(day.rows[0].get_int(0));
}

}  // namespace soom::records::repo
