#pragma once
// SQL for the records tables. Every function runs inside the caller's transaction so the
// service decides the unit of work (and publishes events in it). Queries always filter by
// user_id: another user's record is simply not found.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "db/db.hpp"
#include "modules/records/cursor.hpp"
#include "modules/records/records.hpp"

namespace soom::records::repo {

// Bumps the user's change counter and returns the new value. Must be the first write of a
// transaction: the row lock it takes serializes writers of one user (PostgreSQL), so change
// numbers commit in order and a sync cursor never skips a change committed later.
std::int64_t next_change_seq(db::Transaction& tx, const std::string& user_id);
// The user's last change number (0 when none).
std::int64_t last_change_seq(db::Transaction& tx, const std::string& user_id);

struct Head final {
  std::string user_id;
  std::string type;
  std::string local_date;
  std::int64_t version = 0;
  std::optional<Instant> deleted_at;
  std::string body_hash;
  Instant created_at;
};
// Looks a record up by id alone (the caller compares user_id: ids are client-generated).
std::optional<Head> find_head(db::Transaction& tx, const std::string& id);

void insert_record(db::Transaction& tx, const Record& record, const std::string& body_hash);
// Replaces base columns and details; `previous` (the stored head) names the detail rows to drop
// and the day whose best PEF may change.
void replace_record(db::Transaction& tx, const Record& record, const std::string& body_hash, const Head& previous);
// Marks deleted, drops details and memo (a tombstone keeps only what sync needs).
// insert_record, replace_record and tombstone keep records_pef_days (the best PEF of each
// local day) in step, in the caller's transaction.
void tombstone(db::Transaction& tx, const std::string& id, const std::string& type, std::int64_t version,
               Instant at, std::int64_t change_seq);

std::optional<Record> find(db::Transaction& tx, const std::string& user_id, const std::string& id);

struct ListFilter final {
  std::optional<std::string> type;
  std::optional<Instant> from;
  std::optional<Instant> to;
  std::optional<ListPosition> after;
  int limit = 50;
};
std::vector<Record> list(db::Transaction& tx, const std::string& user_id, const ListFilter& filter);
// Changes (tombstones included) with change_seq > after, oldest first.
std::vector<Record> changes_after(db::Transaction& tx, const std::string& user_id, std::int64_t after, int limit);
// Live records whose local_date is within [from_date, to_date].
std::vector<Record> on_local_dates(db::Transaction& tx, const std::string& user_id, const std::string& from_date,
                                   const std::string& to_date);
std::vector<Record> occurred_between(db::Transaction& tx, const std::string& user_id, Instant from, Instant to);
// The same live records, oldest first, with only what summaries read (see
// RecordsQueries::record_facts_between): one range read of record_facts (record_facts.hpp).
std::vector<Record> facts_between(db::Transaction& tx, const std::string& user_id, Instant from, Instant to);
// Best live PEF on the user's local days from_date..to_date (inclusive), from the per-day summary.
std::optional<int> best_pef_on_days(db::Transaction& tx, const std::string& user_id, const std::string& from_date,
                                    const std::string& to_date);
// Best live PEF of one local day among the readings with occurred_at <= until (from the records).
std::optional<int> best_pef_of_day_until(db::Transaction& tx, const std::string& user_id, const std::string& date,
                                         Instant until);

struct StoredSettings final {
  RecordsSettings settings;
  std::int64_t updated_at_ms = 0;  // 0: defaults, never saved
};
StoredSettings load_settings(db::Transaction& tx, const std::string& user_id);
void save_settings(db::Transaction& tx, const std::string& user_id, const RecordsSettings& settings, Instant at);

// The SQL of the hot read paths, exposed so a test can EXPLAIN it on both engines.
namespace sql {
extern const char* const kOnLocalDates;
extern const char* const kChangesAfter;
extern const char* const kBestPefOnDays;
extern const char* const kBestPefOfDayUntil;
// Recomputes one day's row of records_pef_days from the records ($1 user, $2 local date).
extern const char* const kRecomputeDayBest;
// Appended to "SELECT record_id, … FROM <detail table>": the details of the user's live records
// with $2 <= occurred_at < $3 ($1 = user_id).
extern const char* const kDetailsOccurredBetween;
// Joined to a detail table: the detail rows of the user's records on local dates $2..$3.
extern const char* const kDetailsOnLocalDates;
std::string list(const ListFilter& filter);
}  // namespace sql

}  // namespace soom::records::repo
