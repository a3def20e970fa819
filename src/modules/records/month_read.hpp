#pragma once
// The calendar's lean read of a month. build_calendar reads only a few fields of each record,
// so instead of whole records (base row plus a statement per detail table) this reads them
// from record_facts (migrations 0016, 0018): one range of its (user_id, occurred_at, record_id)
// key, rows in (occurred_at, id) order — no probe per record into the detail tables.
#include <string>
#include <vector>

#include "db/db.hpp"
#include "modules/records/records.hpp"

namespace soom::records::repo {

// Live records whose local_date is within [from_date, to_date] (YYYY-MM-DD), in the order of
// on_local_dates (occurred_at, id), filled with what record_facts holds: id, type,
// occurred_at, local_date and of the details symptom severity, symptoms and triggers; intake
// category, medication id, doses, taken; pef; the whole control test (the calendar shows its
// answers); exacerbation kind and dates; status mood and note. Everything else is left default.
std::vector<Record> calendar_facts_on_local_dates(db::Transaction& tx, const std::string& user_id,
                                                  const std::string& from_date, const std::string& to_date);

}  // namespace soom::records::repo
