// Outbox consumers: a missed controller dose reaches active care partners (once), refill
// crossings notify the patient, and reliever use on more than 2 days in a week signals
// rescue overuse once per week.
#include <gtest/gtest.h>

#include <map>

#include "db/migrations.hpp"
#include "db/testing/temp_database.hpp"
#include "events/dispatcher.hpp"
#include "events/outbox.hpp"
#include "modules/medication/medication.hpp"
#include "modules/notification/notification.hpp"
#include "modules/records/records.hpp"

namespace soom::medication {
namespace {

using std::chrono::hours;

class Notifications final : public notification::NotificationService {
 public:
  Result<notification::NotificationId> notify(const notification::NotificationRequest& r) override {
    const auto key = r.user_id + "|" + r.dedupe_key;
    const bool created = !sent.count(key);
    if (created) sent[key] = r;
    return notification::NotificationId{key, created};
  }
  std::vector<notification::NotificationRequest> of_kind(const std::string& kind) const {
    std::vector<notification::NotificationRequest> out;
    for (const auto& [k, r] : sent) {
      if (r.kind == kind) out.push_back(r);
    }
    return out;
  }
  std::map<std::string, notification::NotificationRequest> sent;
};

// Records as the rescue-use consumer reads them (the records module has its own tests).
class Records final : public records::RecordsQueries {
 public:
  Result<records::PutOutcome> put(const std::string& user_id, const std::string& id, const records::RecordInput& in,
                                  const records::PutOptions&) override {
    records::Record r;
    r.id = id;
    r.user_id = user_id;
    r.type = "intake";
    r.occurred_at = in.occurred_at;
    r.detail = in.detail;
    stored.push_back(r);
    return records::PutOutcome{r, true, true};
  }
  Result<std::vector<records::Record>> records_between(const std::string& user_id, Instant from, Instant to) override {
    std::vector<records::Record> out;
    for (const auto& r : stored) {
      if (r.user_id == user_id && r.occurred_at >= from && r.occurred_at < to) out.push_back(r);
    }
    return out;
  }
  void invalidate_calendar(const std::string&, const std::string&) override {}
  void add_rescue(const std::string& user, const char* at, const std::string& local_date) {
    records::Record r;
    r.id = "r" + std::to_string(stored.size());
    r.user_id = user;
    r.type = "intake";
    r.occurred_at = parse_rfc3339(at).value();
    r.local_date = local_date;
    records::IntakeDetail d;
    d.medication_name = "벤토린 에보할러";
    d.category = "rescue";
    d.doses = 2;
    r.detail = d;
    stored.push_back(r);
  }
  std::vector<records::Record> stored;
};

class ConsumersTest : public ::testing::TestWithParam<db::Engine> {
 protected:
  void SetUp() override {
    SOOM_REQUIRE_ENGINE(GetParam());
    temp_ = std::make_unique<db::testing::TempDatabase>(GetParam());
    db_ = db::open_database(temp_->options());
    ASSERT_TRUE(db::Migrator(*db_, db::embedded_migrations(db_->engine())).migrate());
    clock_ = std::make_shared<ManualClock>(parse_rfc3339("2026-03-01T22:00:00Z").value());
    notifications_ = std::make_shared<Notifications>();
    records_ = std::make_shared<Records>();
    deps_.db = db_;
    deps_.clock = clock_;
    deps_.notifications = notifications_;
    deps_.records = records_;
    deps_.email_of = [](const std::string& user_id) -> Result<std::string> { return user_id + "@example.com"; };
    service_ = make_medication_service(deps_);
  }
  void TearDown() override {
    dispatcher_.reset();
    service_.reset();
    deps_ = {};
    db_.reset();
    temp_.reset();
  }
  int dispatch() {
    if (!dispatcher_) {
      events::DispatcherOptions options;
      options.owner = "test-worker";
      dispatcher_ = std::make_unique<events::Dispatcher>(db_, clock_, make_medication_consumers(deps_), options);
    }
    return dispatcher_->run_once();
  }
  std::unique_ptr<events::Dispatcher> dispatcher_;
  void record_saved(const std::string& user, const std::string& local_date) {
    auto tx = db_->begin();
    events::publish(tx, records::kRecordSaved, user,
                    {{"record_id", "x"}, {"user_id", user}, {"type", "intake"}, {"local_date", local_date}},
                    clock_->now());
    tx.commit();
  }

  std::unique_ptr<db::testing::TempDatabase> temp_;
  std::shared_ptr<db::Database> db_;
  std::shared_ptr<ManualClock> clock_;
  std::shared_ptr<Notifications> notifications_;
  std::shared_ptr<Records> records_;
  Dependencies deps_;
  std::shared_ptr<MedicationService> service_;
};

TEST_P(ConsumersTest, MissedControllerDoseNotifiesActivePartnersOnce) {
  MedicationInput in;
  in.name = "렐바 엘립타";
  in.role = "controller";
  in.schedule.kind = "weekly";
  for (auto& d : in.schedule.weekly) d = {"08:00"};
  ASSERT_TRUE(service_->create("patient", in).ok());
  auto link = service_->invite_partner("patient", "partner@example.com", true);
  ASSERT_TRUE(link.ok());
  auto scheduler = make_reminder_scheduler(deps_, "w");
  // Not accepted yet at the first missed dose: nobody is told.
  clock_->set(parse_rfc3339("2026-03-02T02:30:00Z").value());  // 11:30 KST, 08:00 missed
  EXPECT_EQ(scheduler->sweep_missed(), 1);
  dispatch();
  EXPECT_TRUE(notifications_->of_kind("dose_missed_partner").empty());

  ASSERT_TRUE(service_->accept_partner("partner", link->id).ok());
  clock_->set(parse_rfc3339("2026-03-03T02:30:00Z").value());
  EXPECT_EQ(scheduler->sweep_missed(), 1);
  dispatch();
  dispatch();
  auto sent = notifications_->of_kind("dose_missed_partner");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].user_id, "partner");
  EXPECT_EQ(sent[0].params.at("medication_name"), "렐바 엘립타");
  EXPECT_EQ(sent[0].params.at("scheduled_local_time"), "08:00");

  // Revoked: the next missed dose is not shared.
  ASSERT_TRUE(service_->revoke_partner("patient", link->id).ok());
  clock_->set(parse_rfc3339("2026-03-04T02:30:00Z").value());
  scheduler->materialize();
  clock_->set(parse_rfc3339("2026-03-04T02:31:00Z").value());
  scheduler->sweep_missed();
  dispatch();
  EXPECT_EQ(notifications_->of_kind("dose_missed_partner").size(), 1u);
}

TEST_P(ConsumersTest, RefillCrossingNotifiesThePatient) {
  MedicationInput in;
  in.name = "심비코트 터부헬러";
  in.schedule.kind = "weekly";
  for (auto& d : in.schedule.weekly) d = {"08:00"};
  in.inventory.remaining = 1;
  in.inventory.refill_threshold = 0;
  ASSERT_TRUE(service_->create("patient", in).ok());
  const auto slots = service_->doses("patient", clock_->now(), clock_->now() + hours(48)).value();
  ASSERT_TRUE(service_->take("patient", slots[0].id, {}).ok());
  dispatch();
  auto sent = notifications_->of_kind("refill_needed");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].user_id, "patient");
  EXPECT_EQ(sent[0].params.at("doses_remaining"), "0");
}

TEST_P(ConsumersTest, RelieverOnMoreThanTwoDaysAWeekSignalsOncePerWeek) {
  // Week of Monday 2026-03-02 (KST).
  records_->add_rescue("p", "2026-03-02T01:00:00Z", "2026-03-02");
  records_->add_rescue("p", "2026-03-03T01:00:00Z", "2026-03-03");
  records_->add_rescue("p", "2026-03-03T05:00:00Z", "2026-03-03");
  record_saved("p", "2026-03-03");
  dispatch();
  EXPECT_TRUE(notifications_->of_kind("rescue_overuse").empty());  // 2 days: not more than 2

  records_->add_rescue("p", "2026-03-05T01:00:00Z", "2026-03-05");
  record_saved("p", "2026-03-05");
  dispatch();
  auto sent = notifications_->of_kind("rescue_overuse");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].params.at("days_in_week"), "3");
  EXPECT_EQ(sent[0].params.at("doses_in_week"), "8");
  EXPECT_EQ(sent[0].dedupe_key, "rescue_overuse:2026-03-02");
  // A fourth day in the same week: still one signal that week.
  records_->add_rescue("p", "2026-03-06T01:00:00Z", "2026-03-06");
  record_saved("p", "2026-03-06");
  dispatch();
  EXPECT_EQ(notifications_->of_kind("rescue_overuse").size(), 1u);

  // The previous week's uses do not count for the next week.
  records_->add_rescue("p", "2026-03-09T01:00:00Z", "2026-03-09");
  record_saved("p", "2026-03-09");
  dispatch();
  EXPECT_EQ(notifications_->of_kind("rescue_overuse").size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, ConsumersTest, ::testing::Values(db::Engine::kSqlite, db::Engine::kPostgres),
                         [](const auto& info) { return db::testing::engine_name(info.param); });

}  // namespace
}  // namespace soom::medication
