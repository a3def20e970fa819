#pragma once
// Public surface of the records context: health records (symptom, intake, lung function,
// control test, exacerbation, status), offline-first sync and the monthly calendar.
// Everything else in src/modules/records is private.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace soom::db {
class Database;
}
namespace soom::events {
class Consumer;
}
namespace soom::cache {
class Cache;
}
namespace soom::identity {
class IdentityQueries;
}

namespace soom::records {

// ---- Typed details, one per record type -------------------------------------------------

// Codes: cough, wheeze, chest_tightness, shortness_of_breath, sputum, night_waking, activity_limitation.
// Triggers: cold_air, exercise, fine_dust, pollen, smoke, pets, respiratory_infection, stress,
// weather_change, other (with trigger_other text).
struct SymptomDetail final {
  std::vector<std::string> symptoms;  // sorted, unique
  int severity = 0;                   // 0 none, 1 mild, 2 moderate, 3 severe
  std::vector<std::string> triggers;  // sorted, unique
  std::optional<std::string> trigger_other;
};

struct IntakeDetail final {
  std::optional<std::string> medication_id;    // the medication module's id, once it exists
  std::optional<std::string> medication_name;  // free text until then (one of the two is required)
  std::string category = "other";              // controller | rescue | other
  double doses = 1;                            // doses or puffs
  bool taken = true;                           // false: skipped
  std::optional<std::string> rescue_reason;
};

struct LungFunctionDetail final {
  int pef = 0;                     // L/min, 50–900: the best of `blows` when blows are given
  std::vector<int> blows;          // up to 3 attempts, as measured
  std::optional<double> fev1;      // L, 0.2–8.0
  std::optional<double> fvc;       // L, 0.2–10.0
  std::optional<std::string> timing;  // pre_bronchodilator | post_bronchodilator
  std::optional<std::string> device;  // home_meter | clinic_spirometry
};

// GINA symptom control (4 yes/no items) or ACT-style (5 items, 1–5). Answers by item code;
// score and result are computed by the server.
struct ControlTestDetail final {
  std::string instrument;              // gina | act
  std::map<std::string, int> answers;  // act_1..act_5 → 1..5; gina items → 1 yes / 0 no
  int score = 0;                       // ACT total 5–25; GINA number of "yes" 0–4
  std::string result;                  // well_controlled | partly_controlled | uncontrolled (GINA);
                                       // well_controlled | not_well_controlled | very_poorly_controlled (ACT)
};

struct ExacerbationDetail final {
  std::string kind;  // unscheduled_visit | emergency_room | hospital_admission | oral_steroids
  std::string start_date;  // YYYY-MM-DD
  std::optional<std::string> end_date;
};

struct StatusDetail final {
  int mood = 3;  // 1–5
  std::optional<std::string> note;
};

using RecordDetail =
    std::variant<SymptomDetail, IntakeDetail, LungFunctionDetail, ControlTestDetail, ExacerbationDetail, StatusDetail>;

// "symptom", "intake", "lung_function", "control_test", "exacerbation", "status".
std::string_view type_name(const RecordDetail& detail);
bool is_record_type(std::string_view type);

// What a client (or another module) sends: the same shape for create and replace.
struct RecordInput final {
  Instant occurred_at;
  std::string time_zone;  // IANA zone the user was in; decides the record's day
  std::optional<std::string> memo;
  RecordDetail detail;
};

struct Record final {
  std::string id;
  std::string user_id;
  std::string type;
  Instant occurred_at;
  std::string time_zone;
  std::string local_date;  // YYYY-MM-DD in time_zone
  std::optional<std::string> memo;
  std::optional<RecordDetail> detail;  // empty for tombstones
  Instant created_at;
  Instant updated_at;
  std::int64_t version = 1;
  std::optional<Instant> deleted_at;
  std::int64_t change_seq = 0;
};

// ---- Commands and queries -------------------------------------------------------------

struct PutOptions final {
  std::optional<std::int64_t> expected_version;  // If-Match: 412 when the stored version differs
  bool must_exist = false;                       // PATCH: 404 instead of creating
};

struct PutOutcome final {
  Record record;
  bool created = false;
  bool changed = false;  // false: an idempotent retry of the stored body
};

struct BatchItem final {
  std::string id;
  bool remove = false;  // op "delete"
  std::optional<RecordInput> input;
  std::optional<std::int64_t> expected_version;
  std::optional<Error> invalid;  // the item failed validation before reaching the service
};

struct BatchItemResult final {
  std::string id;
  int status = 200;  // 200 replaced/unchanged, 201 created, 204 deleted, 4xx per item
  std::optional<Record> record;
  std::optional<Error> error;
};

struct ListQuery final {
  std::optional<std::string> type;
  std::optional<Instant> from;  // occurred_at >= from
  std::optional<Instant> to;    // occurred_at < to
  std::optional<std::string> cursor;
  int limit = 50;  // 1–200
};

struct Page final {
  std::vector<Record> items;
  std::optional<std::string> next_cursor;
};

struct SyncPage final {
  std::vector<Record> changes;  // tombstones included, oldest change first
  std::string next_cursor;      // pass as `since` next time
  bool has_more = false;
};

struct RecordsSettings final {
  std::optional<int> personal_best_pef;  // L/min; none: the best PEF of the last 6 months is used
  int green_min_percent = 80;            // zone green at ≥ this % of personal best
  int yellow_min_percent = 50;           // zone yellow at ≥ this %, red below
};

struct PeakFlowSummary final {
  int best_pef = 0;
  std::optional<int> personal_best;
  std::optional<int> percent_of_personal_best;
  std::optional<std::string> zone;  // green | yellow | red; none without any personal best
};

struct ControllerDoses final {
  int taken = 0;
  int scheduled = 0;
};

struct CalendarDay final {
  std::string date;
  int record_count = 0;
  std::optional<int> worst_severity;  // none without a symptom record
  std::vector<std::string> symptom_kinds;
  bool night_waking = false;
  double rescue_doses = 0;
  std::optional<ControllerDoses> controller_doses;  // from a DoseSummaryProvider, when one is wired
  std::optional<PeakFlowSummary> peak_flow;
  std::optional<ControlTestDetail> control_test;  // the last one of the day
  std::vector<std::string> exacerbations;
  std::optional<StatusDetail> status;  // the last one of the day
};

struct CalendarMonth final {
  std::string month;      // YYYY-MM
  std::string time_zone;  // the user's current zone (records keep their own zone for bucketing)
  std::optional<int> personal_best;
  std::string personal_best_source;  // settings | recent_best | none
  std::vector<CalendarDay> days;     // every day of the month
  int days_recorded = 0;
  int symptom_free_days = 0;  // days with a record, no symptom kind and no severity above 0
  int rescue_use_days = 0;
  double rescue_doses = 0;
  int exacerbations = 0;
};

// Extension point for the medication module: controller doses scheduled and taken per local day.
// Until it is wired, calendars report controller_doses as null (never made-up numbers).
class DoseSummaryProvider {
 public:
  virtual ~DoseSummaryProvider() = default;
  // Keyed by YYYY-MM-DD for the days of `month` (YYYY-MM); missing days mean "nothing scheduled".
  virtual Result<std::map<std::string, ControllerDoses>> controller_doses(const std::string& user_id,
                                                                         const std::string& month) = 0;
};

// Queries and commands other modules may use.
class RecordsQueries {
 public:
  virtual ~RecordsQueries() = default;
  // Creates or replaces; a retry with the same body is a no-op (use deterministic_record_id for
  // records derived from another module's fact, e.g. a taken dose).
  virtual Result<PutOutcome> put(const std::string& user_id, const std::string& id, const RecordInput& input,
                                 const PutOptions& options = {}) = 0;
  // Live records with from <= occurred_at < to, oldest first (reports).
  virtual Result<std::vector<Record>> records_between(const std::string& user_id, Instant from, Instant to) = 0;
  // The same records as records_between, cut down to what summaries read (the report): id, type,
  // occurred_at, local_date and of the details only symptom codes / severity / triggers; intake
  // medication_id, category, doses, taken; pef; control-test instrument, score, result (no
  // answers); exacerbation kind and dates; status mood. Everything else is left default (no
  // memo, zone, user_id, versions, free text, blows or spirometry). Read in two statements,
  // so a year of dense records costs a fraction of records_between.
  virtual Result<std::vector<Record>> record_facts_between(const std::string& user_id, Instant from, Instant to) {
    return records_between(user_id, from, to);
  }
  // Drops cached calendars of the month containing `local_date` (e.g. when doses change).
  virtual void invalidate_calendar(const std::string& user_id, const std::string& local_date) = 0;
};

class RecordsService : public RecordsQueries {
 public:
  ~RecordsService() override = default;
  virtual Result<Record> get(const std::string& user_id, const std::string& id) = 0;
  virtual Status remove(const std::string& user_id, const std::string& id,
                        std::optional<std::int64_t> expected_version) = 0;
  virtual Result<std::vector<BatchItemResult>> batch(const std::string& user_id, const std::vector<BatchItem>& items) = 0;
  virtual Result<Page> list(const std::string& user_id, const ListQuery& query) = 0;
  virtual Result<SyncPage> sync(const std::string& user_id, const std::optional<std::string>& since, int limit) = 0;
  virtual Result<CalendarMonth> calendar(const std::string& user_id, const std::string& month) = 0;
  // The calendar as the HTTP adapter serves it (JSON text), cached per user and month and
  // invalidated by every write that touches the month.
  virtual Result<std::string> calendar_document(const std::string& user_id, const std::string& month) = 0;
  virtual Result<std::vector<Record>> day(const std::string& user_id, const std::string& date) = 0;
  virtual Result<RecordsSettings> settings(const std::string& user_id) = 0;
  virtual Result<RecordsSettings> update_settings(const std::string& user_id, const RecordsSettings& settings) = 0;
  // Wires the medication module's dose summaries (optional; may be called once at start-up).
  virtual void set_dose_summary_provider(std::shared_ptr<DoseSummaryProvider> provider) = 0;
};

inline constexpr std::size_t kMaxBatchItems = 500;
inline constexpr int kMaxPageLimit = 200;
inline constexpr std::size_t kMaxMemoChars = 2000;

// A stable record UUID derived from another module's key (name-based, SHA-256, RFC 9562 v8):
// the same (scope, key) always gives the same id, so replays create one record.
std::string deterministic_record_id(std::string_view scope, std::string_view key);

std::shared_ptr<RecordsService> make_records_service(std::shared_ptr<db::Database> db,
                                                     std::shared_ptr<cache::Cache> cache,
                                                     std::shared_ptr<const Clock> clock,
                                                     std::shared_ptr<identity::IdentityQueries> identity);

// Domain events (payload: record_id, user_id, type, local_date; peak flow adds pef and zone).
inline constexpr const char* kRecordSaved = "records.record_saved";
inline constexpr const char* kRecordDeleted = "records.record_deleted";
inline constexpr const char* kPeakFlowRecorded = "records.peak_flow_recorded";

}  // namespace soom::records

namespace soom::http {
class Router;
}

namespace soom::records {

void add_records_routes(http::Router& router, std::shared_ptr<RecordsService> service);


// Erases everything this context holds about a user when identity publishes
// identity.user_deleted (PIPA: deleting an account removes personal data). Idempotent.
std::shared_ptr<events::Consumer> make_user_erasure_consumer(std::shared_ptr<db::Database> db);

}  // namespace soom::records
