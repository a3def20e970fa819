#pragma once
// record_facts (migrations 0016, 0018): a read model with one row per live record, holding only
// what the report and the monthly calendar read, clustered by (user_id, occurred_at, record_id).
// The report's year and the calendar's month are then one range read instead of a primary-key
// probe per record into the detail tables. The repository keeps it in the caller's transaction: `insert` wherever details are
// inserted, `erase` wherever they are deleted; user erasure deletes the user's rows.
#include <string>
#include <vector>

#include "core/time.hpp"
#include "db/db.hpp"
#include "modules/records/records.hpp"

namespace soom::records::facts {

// Writes the row of a live record (its detail must be set).
void insert(db::Transaction& tx, const Record& record);
// Drops the row of a record (none: nothing happens).
void erase(db::Transaction& tx, const std::string& record_id);

// The user's live records with from <= occurred_at < to, ordered by (occurred_at, id), with
// only id, type, occurred_at, local_date and the detail fields summaries read (see
// RecordsQueries::record_facts_between). One statement.
std::vector<Record> between(db::Transaction& tx, const std::string& user_id, Instant from, Instant to);
// The same rows restricted to from_date <= local_date <= to_date (each record's own day) within
// the instants [from, to), which the caller makes wide enough to hold those local days.
std::vector<Record> on_local_dates(db::Transaction& tx, const std::string& user_id, Instant from, Instant to,
                                   const std::string& from_date, const std::string& to_date);

// A symptom's codes in one column: "<symptoms>|<triggers>", each list sorted and
// comma-separated (codes are validated lowercase identifiers). Exposed for tests.
std::string encode_codes(const SymptomDetail& detail);
void decode_codes(const std::string& codes, SymptomDetail& detail);
// A control test's answers in one column: "item=value,…" sorted by item code.
std::string encode_answers(const ControlTestDetail& detail);
void decode_answers(const std::string& answers, ControlTestDetail& detail);

namespace sql {
// $1 user, $2 <= occurred_at < $3.
extern const char* const kBetween;
// … and $4 <= local_date <= $5.
extern const char* const kOnLocalDates;
}  // namespace sql

}  // namespace soom::records::facts
