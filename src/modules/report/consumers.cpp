// Outbox consumers of the report context (run by the worker's dispatcher; delivery is at
// least once, so each notification carries a dedupe key):
//  - records.peak_flow_recorded in the yellow or red zone → peak_flow_zone notification
//    with a deep link to the action plan, once per record (a corrected record that is
//    still out of the green zone does not notify again);
//  - report.share_opened → report_share_opened notification, at most one per share per hour;
//  - identity.user_deleted → erase the action plan, the shares and their access logs.
#include "events/dispatcher.hpp"
#include "events/statement_consumer.hpp"
#include "modules/identity/identity.hpp"
#include "modules/notification/notification.hpp"
#include "modules/records/records.hpp"
#include "modules/report/report.hpp"
#include "modules/report/share_opened.hpp"
#include "modules/report/zone_alert.hpp"

namespace soom::report {
namespace {

class ZoneAlertConsumer final : public events::Consumer {
 public:
  explicit ZoneAlertConsumer(Dependencies deps) : deps_(std::move(deps)) {}
  std::string name() const override { return "report.zone_alerts"; }
  std::string type_prefix() const override { return "records."; }

  Status handle(const events::Event& event) override {
    if (!deps_.notifications || !deps_.clock) return {};
    const auto request = zone_alert_for(event, deps_.clock->now());
    if (!request) return {};
    auto sent = deps_.notifications->notify(*request);
    if (!sent) return sent.error();
    return {};
  }

 private:
  Dependencies deps_;
};

// report.share_opened → tell the patient (deduplicated per share and hour).
class ShareOpenedConsumer final : public events::Consumer {
 public:
  explicit ShareOpenedConsumer(Dependencies deps) : deps_(std::move(deps)) {}
  std::string name() const override { return "report.share_notifications"; }
  std::string type_prefix() const override { return "report."; }

  Status handle(const events::Event& event) override {
    if (!deps_.notifications) return {};
    const auto request = share_opened_notification(event);
    if (!request) return {};
    auto sent = deps_.notifications->notify(*request);
    if (!sent) return sent.error();
    return {};
  }

 private:
  Dependencies deps_;
};

}  // namespace

std::vector<std::shared_ptr<events::Consumer>> make_report_consumers(const Dependencies& deps) {
  return {std::make_shared<ZoneAlertConsumer>(deps), std::make_shared<ShareOpenedConsumer>(deps),
          events::make_statement_consumer("report.user_erasure", identity::kUserDeleted, deps.db,
                                          {"DELETE FROM report_action_plans WHERE user_id = $1",
                                           "DELETE FROM report_share_accesses WHERE user_id = $1",
                                           "DELETE FROM report_shares WHERE user_id = $1"})};
}

}  // namespace soom::report
