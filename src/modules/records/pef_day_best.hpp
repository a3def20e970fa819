#pragma once
// The best PEF of a reading's own local day up to that reading, for the zone of a new reading.
// Readings are almost always entered as they happen, so usually no reading of that day is later
// than the new one and the answer is the day's row of records_pef_days (kept in the same
// transaction, the new reading included). Only when a later reading exists (a back-filled or
// out-of-order entry) are the day's readings read — a read that grows with the day's readings.
#include <optional>
#include <string>

#include "core/time.hpp"
#include "db/db.hpp"

namespace soom::records::repo {

// Best live PEF of local day `date` among the user's readings with occurred_at <= until; the
// same answer as best_pef_of_day_until, in two primary-key / index probes in the usual case.
std::optional<int> best_pef_of_day_at(db::Transaction& tx, const std::string& user_id, const std::string& date,
                                      Instant until);

namespace sql {
// Is there a live reading of local day $2 with $3 < occurred_at <= $4 ($4 = $3 + 3 days: no
// reading of one local day lies further apart)? Through the (user_id, type, occurred_at) index.
extern const char* const kLaterReadingOfDay;
extern const char* const kDayBestPef;
}  // namespace sql

}  // namespace soom::records::repo
