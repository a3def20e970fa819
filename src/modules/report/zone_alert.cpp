#include "modules/report/zone_alert.hpp"

#include <boost/json.hpp>

#include "modules/records/records.hpp"
#include "modules/report/local_dates.hpp"
#include "modules/report/report.hpp"

namespace soom::report {
namespace {

namespace json = boost::json;

std::string field(const json::object& o, const char* name) {
  const auto* v = o.if_contains(name);
  if (!v) return {};
  if (v->is_string()) return std::string(v->as_string());
  return json::serialize(*v);
}

}  // namespace

std::optional<notification::NotificationRequest> zone_alert_for(const events::Event& event, Instant now) {
  if (event.type != records::kPeakFlowRecorded) return std::nullopt;
  if (now - event.created_at > kAlertMaxAge) return std::nullopt;
  boost::system::error_code ec;
  const auto parsed = json::parse(event.payload, ec);
  if (ec || !parsed.is_object()) return std::nullopt;
  const auto& payload = parsed.as_object();
  // Back-filled readings of past days are not alerted "now".
  const auto day = parse_day(field(payload, "local_date"));
  if (!day || *day < local_day_of(now, "UTC") - std::chrono::days(1)) return std::nullopt;
  const auto zone = field(payload, "zone");
  if (zone != "yellow" && zone != "red") return std::nullopt;
  const auto record_id = field(payload, "record_id");
  notification::NotificationRequest r;
  r.user_id = field(payload, "user_id");
  r.kind = "peak_flow_zone";
  r.params = {{"zone", zone},
              {"percent", field(payload, "percent_of_personal_best")},
              {"pef", field(payload, "pef")},
              {"record_id", record_id},
              {"link", kActionPlanLink}};
  r.dedupe_key = "peak_flow_zone:" + record_id;
  return r;
}

}  // namespace soom::report
