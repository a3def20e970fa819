#pragma once
// The calendar's lean read of a month. build_calendar reads only a few fields of each record,
// so instead of whole records (base row plus a statement per detail table) this reads just
// those fields in ONE statement: a UNION ALL branch per type (symptom codes and control-test
// answers LEFT JOINed in theirs), rows in (occurred_at, id) order.
#include <string>
#include <vector>

#include "db/db.hpp"
#include "modules/records/records.hpp"

namespace soom::records::repo {

// Live records whose local_date is within [from_date, to_date] (YYYY-MM-DD), in the order of
// on_local_dates (occurred_at, id), filled with only what build_calendar reads: id, type,
// occurred_at, local_date and of the details symptom severity and symptom codes (no triggers);
// intake category, doses, taken; pef; the whole control test (the calendar shows its answers);
// exacerbation kind; status mood and note. Everything else is left default.
std::vector<Record> calendar_facts_on_local_dates(db::Transaction& tx, const std::string& user_id,
                                                  const std::string& from_date, const std::string& to_date);

namespace sql {
// $1 user, $2..$3 local dates, $4..$5 an occurred_at window (unix ms) that holds every instant
// of those local days in any zone: it lets every branch use the (user_id, type, occurred_at)
// index as a range, which also yields the rows already in time order.
extern const char* const kCalendarFactsOnLocalDates;
}  // namespace sql

}  // namespace soom::records::repo
