// Outbox consumers of the medication context (run by the worker's dispatcher; delivery is
// at least once, so every notification carries a dedupe key):
//  - medication events: a missed controller dose → each active care partner
//    (dose_missed_partner); a refill crossing → refill_needed;
//  - records events: reliever intakes → rescue_overuse when reliever use in the calendar
//    week (Monday–Sunday, user's zone) exceeds the configured days or doses.
#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <set>

#include "db/db.hpp"
#include "events/dispatcher.hpp"
#include "modules/identity/identity.hpp"
#include "modules/medication/medication.hpp"
#include "modules/medication/user_erasure.hpp"
#include "modules/medication/medication_repository.hpp"
#include "modules/medication/slot_times.hpp"
#include "modules/medication/zones.hpp"
#include "modules/notification/notification.hpp"
#include "modules/records/records.hpp"

namespace soom::medication {
namespace {

namespace json = boost::json;

std::string field(const json::object& o, const char* name) {
  const auto* v = o.if_contains(name);
  if (!v) return {};
  if (v->is_string()) return std::string(v->as_string());
  return json::serialize(*v);
}

Status notify(const Dependencies& deps, notification::NotificationRequest request) {
  if (!deps.notifications) return {};  // not wired in this process: nothing to deliver to
  auto sent = deps.notifications->notify(request);
  if (!sent) return sent.error();
  return {};
}

class MedicationEventsConsumer final : public events::Consumer {
 public:
  explicit MedicationEventsConsumer(Dependencies deps) : deps_(std::move(deps)) {}
  std::string name() const override { return "medication.alerts"; }
  std::string type_prefix() const override { return "medication."; }

  Status handle(const events::Event& event) override {
    if (event.type != kDoseMissed && event.type != kRefillNeeded) return {};
    const auto payload = json::parse(event.payload).as_object();
    const auto user_id = field(payload, "user_id");
    const auto medication_id = field(payload, "medication_id");
    std::optional<repo::StoredMedication> med;
    std::vector<std::string> partners;
    {
      auto tx = deps_.db->read();
      med = repo::find_medication(tx, user_id, medication_id);
      if (event.type == kDoseMissed) partners = repo::active_partners_of(tx, user_id);
    }
    if (!med) return {};  // deleted since: nothing to say
    if (event.type == kRefillNeeded) {
      notification::NotificationRequest r;
      r.user_id = user_id;
      r.kind = "refill_needed";
      r.params = {{"medication_name", med->medication.name}, {"doses_remaining", field(payload, "doses_remaining")}};
      r.dedupe_key = "refill:" + event.id;
      return notify(deps_, std::move(r));
    }
    std::string nickname;
    if (deps_.identity) {
      if (auto profile = deps_.identity->profile(user_id)) nickname = profile->nickname;
    }
    const auto local_time = field(payload, "local_time");
    for (const auto& partner : partners) {
      notification::NotificationRequest r;
      r.user_id = partner;
      r.kind = "dose_missed_partner";
      r.params = {{"patient_nickname", nickname},
                  {"medication_name", med->medication.name},
                  {"scheduled_local_time", local_time.size() > 11 ? local_time.substr(11) : local_time}};
      r.dedupe_key = "missed:" + field(payload, "slot_id");
      if (auto s = notify(deps_, std::move(r)); !s) return s;
    }
    return {};
  }

 private:
  Dependencies deps_;
};

class RescueUseConsumer final : public events::Consumer {
 public:
  explicit RescueUseConsumer(Dependencies deps) : deps_(std::move(deps)) {}
  std::string name() const override { return "medication.rescue_use"; }
  std::string type_prefix() const override { return "records."; }

  Status handle(const events::Event& event) override {
    if (event.type != records::kRecordSaved || !deps_.records) return {};
    const auto payload = json::parse(event.payload).as_object();
    if (field(payload, "type") != "intake") return {};
    const auto user_id = field(payload, "user_id");
    const auto day = parse_date(field(payload, "local_date"));
    if (!day) return {};
    // The calendar week (Monday first) that contains the record's day.
    const auto sys_day = std::chrono::sys_days{*day};
    const auto monday = sys_day - std::chrono::days(std::chrono::weekday{sys_day}.iso_encoding() - 1);
    const auto first = format_date(std::chrono::year_month_day{monday});
    const auto last = format_date(std::chrono::year_month_day{monday + std::chrono::days(6)});
    // Records keep their own zone for their day; fetch a margin wide enough for any offset.
    const auto found = deps_.records->records_between(user_id, Instant(monday - std::chrono::days(2)),
                                                      Instant(monday + std::chrono::days(9)));
    if (!found) {
      if (found.error().code == ErrorCode::kConsentRequired) return {};
      return found.error();
    }
    std::set<std::string> days;
    double doses = 0;
    for (const auto& r : *found) {
      if (r.local_date < first || r.local_date > last || !r.detail) continue;
      const auto* intake = std::get_if<records::IntakeDetail>(&*r.detail);
      if (!intake || intake->category != "rescue" || !intake->taken) continue;
      days.insert(r.local_date);
      doses += intake->doses;
    }
    const bool too_many_days = static_cast<int>(days.size()) > deps_.settings.rescue_days_per_week;
    const bool too_many_doses = deps_.settings.rescue_doses_per_week > 0 && doses > deps_.settings.rescue_doses_per_week;
    if (!too_many_days && !too_many_doses) return {};
    notification::NotificationRequest r;
    r.user_id = user_id;
    r.kind = "rescue_overuse";
    r.params = {{"days_in_week", std::to_string(days.size())},
                {"doses_in_week", std::to_string(static_cast<long long>(doses))}};
    r.dedupe_key = "rescue_overuse:" + first;  // once per week
    return notify(deps_, std::move(r));
  }

 private:
  Dependencies deps_;
};

class DoseSummary final : public records::DoseSummaryProvider {
 public:
  explicit DoseSummary(Dependencies deps) : deps_(std::move(deps)) {}
  Result<std::map<std::string, records::ControllerDoses>> controller_doses(const std::string& user_id,
                                                                          const std::string& month) override {
    if (month.size() != 7) return Error::validation("month", "invalid", "YYYY-MM");
    std::map<std::string, records::ControllerDoses> out;
    auto tx = deps_.db->read();
    for (const auto& s : repo::controller_slots_by_date(tx, user_id, month + "-01", month + "-31")) {
      auto& day = out[s.local_date];
      ++day.scheduled;
      if (s.status == "taken") ++day.taken;
    }
    return out;
  }

 private:
  Dependencies deps_;
};

}  // namespace

std::vector<std::shared_ptr<events::Consumer>> make_medication_consumers(const Dependencies& deps) {
  return {std::make_shared<MedicationEventsConsumer>(deps), std::make_shared<RescueUseConsumer>(deps),
          make_user_erasure_consumer(deps.db)};
}

std::shared_ptr<records::DoseSummaryProvider> make_dose_summary_provider(const Dependencies& deps) {
  return std::make_shared<DoseSummary>(deps);
}

}  // namespace soom::medication
