#include "modules/community/snapshot.hpp"

#include <boost/json.hpp>

#include "modules/records/records.hpp"

namespace soom::community {
namespace {

namespace json = boost::json;

json::object day_json(const records::CalendarDay& d) {
  json::object o{{"kind", "day"},
                 {"date", d.date},
                 {"record_count", d.record_count},
                 {"night_waking", d.night_waking},
                 {"rescue_doses", d.rescue_doses}};
  if (d.worst_severity) o["worst_severity"] = *d.worst_severity;
  json::array kinds;
  for (const auto& k : d.symptom_kinds) kinds.emplace_back(k);
  o["symptom_kinds"] = std::move(kinds);
  if (d.peak_flow) {
    o["peak_flow"] = {{"best_pef", d.peak_flow->best_pef}};
    if (d.peak_flow->zone) o["peak_flow"].as_object()["zone"] = *d.peak_flow->zone;
    if (d.peak_flow->percent_of_personal_best) {
      o["peak_flow"].as_object()["percent_of_personal_best"] = *d.peak_flow->percent_of_personal_best;
    }
  }
  if (d.status) o["mood"] = d.status->mood;
  if (d.control_test) {
    o["control_test"] = {{"instrument", d.control_test->instrument},
                         {"score", d.control_test->score},
                         {"result", d.control_test->result}};
  }
  return o;
}

}  // namespace

Result<std::string> take_snapshot(records::RecordsService& records, const std::string& user_id,
                                  const SnapshotRequest& request, Instant now) {
  const std::string month = request.kind == "day" ? request.period.substr(0, 7) : request.period;
  auto calendar = records.calendar(user_id, month);
  if (!calendar) return std::move(calendar).error();
  json::object out;
  if (request.kind == "day") {
    const records::CalendarDay* day = nullptr;
    for (const auto& d : calendar->days) {
      if (d.date == request.period) day = &d;
    }
    if (day == nullptr || day->record_count == 0) {
      return Error::validation("snapshot.date", "no_records", "그날의 기록이 없어 공유할 수 없습니다");
    }
    out = day_json(*day);
  } else {
    if (calendar->days_recorded == 0) {
      return Error::validation("snapshot.month", "no_records", "그달의 기록이 없어 공유할 수 없습니다");
    }
    out = {{"kind", "month"},
           {"month", calendar->month},
           {"days_recorded", calendar->days_recorded},
           {"symptom_free_days", calendar->symptom_free_days},
           {"rescue_use_days", calendar->rescue_use_days},
           {"rescue_doses", calendar->rescue_doses},
           {"exacerbations", calendar->exacerbations}};
  }
  out["taken_at"] = format_rfc3339(now);
  return json::serialize(out);
}

}  // namespace soom::community
