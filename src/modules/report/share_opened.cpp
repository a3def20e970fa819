#include "modules/report/share_opened.hpp"

#include <boost/json.hpp>

namespace soom::report {

std::optional<notification::NotificationRequest> share_opened_notification(const events::Event& event) {
  if (event.type != kShareOpened) return std::nullopt;
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(event.payload, ec);
  if (ec || !parsed.is_object()) return std::nullopt;
  const auto* share_id = parsed.as_object().if_contains("share_id");
  if (share_id == nullptr || !share_id->is_string() || event.aggregate_id.empty()) return std::nullopt;
  const auto hour = to_unix_ms(event.created_at) / 3'600'000;
  notification::NotificationRequest r;
  r.user_id = event.aggregate_id;
  r.kind = "report_share_opened";
  r.params = {{"share_id", std::string(share_id->as_string())}, {"link", "soomcare://report-shares"}};
  r.dedupe_key = "report_share_opened:" + std::string(share_id->as_string()) + ":" + std::to_string(hour);
  return r;
}

}  // namespace soom::report
