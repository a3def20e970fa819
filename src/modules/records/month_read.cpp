#include "modules/records/month_read.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "modules/records/day_bucket.hpp"

namespace soom::records::repo {

namespace sql {
// Shared columns keep each value's own SQL type on both engines: 0 id, 1 type, 2 occurred_at,
// 3 local_date, 4 an INTEGER (severity | pef | score | mood), 5 TEXT (category | instrument |
// kind | note), 6 TEXT (control-test result), 7 doses, 8 taken, 9 an item's code (symptom code |
// answer item code), 10 an answer's value. A symptom or control test with items comes as one
// row per item (the record's columns repeated), one row with NULL items when it has none.
// PostgreSQL types the union pairwise from the left, and a position that is NULL in the first
// branches would become TEXT before the answers' INTEGER arrives: hence the one CAST.
#define SOOM_MONTH_FROM(table) " FROM records r JOIN " table " d ON d.record_id = r.id"
#define SOOM_MONTH_WHERE(type)                                                                           \
  " WHERE r.user_id = $1 AND r.type = '" type "' AND r.occurred_at >= $4 AND r.occurred_at < $5"        \
  " AND r.local_date >= $2 AND r.local_date <= $3 AND r.deleted_at IS NULL"
const char* const kCalendarFactsOnLocalDates =
    "SELECT r.id, r.type, r.occurred_at, r.local_date, d.severity, NULL, NULL, NULL, NULL, i.code, "
    "CAST(NULL AS INTEGER)"
    SOOM_MONTH_FROM("record_symptom")
    " LEFT JOIN record_symptom_items i ON i.record_id = r.id AND i.kind = 'symptom'" SOOM_MONTH_WHERE("symptom")
    " UNION ALL SELECT r.id, r.type, r.occurred_at, r.local_date, NULL, d.category, NULL, d.doses, d.taken, NULL, "
    "NULL" SOOM_MONTH_FROM("record_intake") SOOM_MONTH_WHERE("intake")
    " UNION ALL SELECT r.id, r.type, r.occurred_at, r.local_date, d.pef, NULL, NULL, NULL, NULL, NULL, NULL"
    SOOM_MONTH_FROM("record_lung_function") SOOM_MONTH_WHERE("lung_function")
    " UNION ALL SELECT r.id, r.type, r.occurred_at, r.local_date, d.score, d.instrument, d.result, NULL, NULL, "
    "a.item_code, a.value" SOOM_MONTH_FROM("record_control_test")
    " LEFT JOIN record_control_answers a ON a.record_id = r.id" SOOM_MONTH_WHERE("control_test")
    " UNION ALL SELECT r.id, r.type, r.occurred_at, r.local_date, NULL, d.kind, NULL, NULL, NULL, NULL, NULL"
    SOOM_MONTH_FROM("record_exacerbation") SOOM_MONTH_WHERE("exacerbation")
    " UNION ALL SELECT r.id, r.type, r.occurred_at, r.local_date, d.mood, d.note, NULL, NULL, NULL, NULL, NULL"
    SOOM_MONTH_FROM("record_status") SOOM_MONTH_WHERE("status")
    // Rows of one record share (occurred_at, id), so they stay next to each other.
    " ORDER BY 3, 1";
#undef SOOM_MONTH_FROM
#undef SOOM_MONTH_WHERE
}  // namespace sql

namespace {

// No zone is more than 16 hours off UTC (historic local mean times included), so two days on
// either side of the dates' UTC midnights hold every instant of those local days.
constexpr auto kZoneMargin = std::chrono::days(2);

Instant utc_midnight(const std::string& date) {
  const auto day = parse_local_date(date);
  if (!day) throw std::invalid_argument("calendar_facts_on_local_dates: bad date " + date);
  return std::chrono::sys_days(*day);
}

RecordDetail detail_of(const std::string& type, const db::Row& row) {
  if (type == "symptom") {
    SymptomDetail d;
    d.severity = static_cast<int>(row.get_int(4));
    return d;
  }
  if (type == "intake") {
    IntakeDetail d;
    d.category = row.get_text(5);
    d.doses = row.get_double(7);
    d.taken = row.get_bool(8);
    return d;
  }
  if (type == "lung_function") {
    LungFunctionDetail d;
    d.pef = static_cast<int>(row.get_int(4));
    return d;
  }
  if (type == "control_test") {
    ControlTestDetail d;
    d.score = static_cast<int>(row.get_int(4));
    d.instrument = row.get_text(5);
    d.result = row.get_text(6);
    return d;
  }
  if (type == "exacerbation") {
    ExacerbationDetail d;
    d.kind = row.get_text(5);
    return d;
  }
  StatusDetail d;
  d.mood = static_cast<int>(row.get_int(4));
  d.note = row.opt_text(5);
  return d;
}

// The row's item (a symptom code or a control-test answer), when it carries one.
void add_item(Record& record, const db::Row& row) {
  if (row.is_null(9)) return;
  if (auto* symptom = std::get_if<SymptomDetail>(&*record.detail)) {
    symptom->symptoms.push_back(row.get_text(9));
  } else if (auto* test = std::get_if<ControlTestDetail>(&*record.detail)) {
    test->answers[row.get_text(9)] = static_cast<int>(row.get_int(10));
  }
}

}  // namespace

std::vector<Record> calendar_facts_on_local_dates(db::Transaction& tx, const std::string& user_id,
                                                  const std::string& from_date, const std::string& to_date) {
  const auto window_start = utc_midnight(from_date) - kZoneMargin;
  const auto window_end = utc_midnight(to_date) + std::chrono::days(1) + kZoneMargin;
  auto result = tx.query(sql::kCalendarFactsOnLocalDates,
                         {user_id, from_date, to_date, to_unix_ms(window_start), to_unix_ms(window_end)});
  std::vector<Record> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) {
    if (!out.empty() && out.back().id == row.get_text(0)) {  // the record's next item
      add_item(out.back(), row);
      continue;
    }
    Record r;
    r.id = row.get_text(0);
    r.type = row.get_text(1);
    r.occurred_at = from_unix_ms(row.get_int(2));
    r.local_date = row.get_text(3);
    r.detail = detail_of(r.type, row);
    add_item(r, row);
    out.push_back(std::move(r));
  }
  for (auto& r : out) {
    if (auto* d = std::get_if<SymptomDetail>(&*r.detail)) std::sort(d->symptoms.begin(), d->symptoms.end());
  }
  return out;
}

}  // namespace soom::records::repo
