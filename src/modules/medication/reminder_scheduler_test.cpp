// The scheduler on both engines with a ManualClock: exactly-once firing, two workers,
// lease expiry after a crash, late and expired reminders, missed doses, snooze, take.
#include <gtest/gtest.h>

#include <map>
#include <mutex>

#include "db/migrations.hpp"
#include "db/testing/temp_database.hpp"
#include "events/outbox.hpp"
#include "modules/medication/medication.hpp"
#include "modules/notification/notification.hpp"

namespace soom::medication {
namespace {

using db::Engine;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// Records what the scheduler asked the notification context to send. Dedupes by key like
// the real service does, and counts raw calls so that re-sends are visible to the tests.
class RecordingNotifications final : public notification::NotificationService {
 public:
  Result<notification::NotificationId> notify(const notification::NotificationRequest& request) override {
    std::lock_guard lock(mutex_);
    if (fail) return Error::make(ErrorCode::kUnavailable, "", "simulated outage");
    ++calls;
    const auto key = request.user_id + "|" + request.dedupe_key;
    const bool created = !sent.count(key);
    if (created) sent[key] = request;
    return notification::NotificationId{key, created};
  }
  std::vector<notification::NotificationRequest> of_kind(const std::string& kind) {
    std::vector<notification::NotificationRequest> out;
    for (const auto& [k, r] : sent) {
      if (r.kind == kind) out.push_back(r);
    }
    return out;
  }
  std::map<std::string, notification::NotificationRequest> sent;
  int calls = 0;
  bool fail = false;

 private:
  std::mutex mutex_;
};

class SchedulerTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    SOOM_REQUIRE_ENGINE(GetParam());
    temp_ = std::make_unique<db::testing::TempDatabase>(GetParam());
    db_ = db::open_database(temp_->options());
    ASSERT_TRUE(db::Migrator(*db_, db::embedded_migrations(db_->engine())).migrate());
    // 2026-03-02 07:00 KST (Monday).
    clock_ = std::make_shared<ManualClock>(parse_rfc3339("2026-03-01T22:00:00Z").value());
    notifications_ = std::make_shared<RecordingNotifications>();
    deps_.db = db_;
    deps_.clock = clock_;
    deps_.notifications = notifications_;
    deps_.settings.lease_ms = 5'000;
    service_ = make_medication_service(deps_);
  }
  void TearDown() override {
    service_.reset();
    deps_ = {};
    db_.reset();
    temp_.reset();
  }

  Medication add(const std::string& user, std::vector<std::string> times, std::string role = "controller",
                 Inventory inventory = {}) {
    MedicationInput in;
    in.name = "심비코트 터부헬러";
    in.role = std::move(role);
    in.dose = 1;
    in.dose_unit = "puff";
    in.schedule.kind = "weekly";
    for (auto& d : in.schedule.weekly) d = times;
    in.inventory = inventory;
    auto m = service_->create(user, in);
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().public_message);
    return m.value();
  }
  std::vector<DoseSlot> slots(const std::string& user) {
    return service_->doses(user, clock_->now() - hours(24 * 7), clock_->now() + hours(72)).value();
  }
  void at(const char* rfc3339) { clock_->set(parse_rfc3339(rfc3339).value()); }

  std::unique_ptr<db::testing::TempDatabase> temp_;
  std::shared_ptr<db::Database> db_;
  std::shared_ptr<ManualClock> clock_;
  std::shared_ptr<RecordingNotifications> notifications_;
  Dependencies deps_;
  std::shared_ptr<MedicationService> service_;
};

TEST_P(SchedulerTest, MaterializesAheadAndFiresExactlyOnceOnTime) {
  add("u1", {"08:00", "20:00"});
  const auto created = slots("u1");
  ASSERT_EQ(created.size(), 4u);  // 48 h ahead from 07:00: today 08/20, tomorrow 08/20
  EXPECT_EQ(created[0].local_time, "2026-03-02T08:00");
  auto scheduler = make_reminder_scheduler(deps_, "w1");

  at("2026-03-01T22:59:59.900Z");
  EXPECT_EQ(scheduler->fire_due(), 0);
  at("2026-03-01T23:00:00.400Z");  // 08:00:00.4 KST
  EXPECT_EQ(scheduler->fire_due(), 1);
  EXPECT_EQ(scheduler->fire_due(), 0);
  auto reminders = notifications_->of_kind("dose_reminder");
  ASSERT_EQ(reminders.size(), 1u);
  EXPECT_EQ(notifications_->calls, 1);
  EXPECT_EQ(reminders[0].params.at("late"), "false");
  EXPECT_EQ(reminders[0].params.at("scheduled_local_time"), "08:00");
  EXPECT_EQ(reminders[0].params.at("dose_text"), "1회 흡입");
  EXPECT_TRUE(reminders[0].bypass_quiet_hours);
  const auto fired = service_->dose("u1", created[0].id).value();
  EXPECT_EQ(fired.reminder_state, "fired");
  EXPECT_EQ(fired.fired_late, false);

  // Rolling horizon: a day later the next day's slots appear.
  at("2026-03-02T23:30:00Z");
  EXPECT_GT(scheduler->materialize(), 0);
  EXPECT_EQ(scheduler->materialize(), 0);
  EXPECT_EQ(slots("u1").size(), 7u);  // + 03-04 08:00, 20:00 and 03-05 08:00
}

TEST_P(SchedulerTest, TwoWorkersShareABurstWithoutDuplicatesOrLosses) {
  for (int u = 0; u < 40; ++u) add("user" + std::to_string(u), {"08:00"});
  auto a = make_reminder_scheduler(deps_, "worker-a");
  auto b = make_reminder_scheduler(deps_, "worker-b");
  deps_.settings.batch_size = 7;
  auto small_a = make_reminder_scheduler(deps_, "worker-a");
  auto small_b = make_reminder_scheduler(deps_, "worker-b");
  at("2026-03-01T23:00:00.200Z");
  int handled = 0;
  for (int i = 0; i < 20; ++i) handled += small_a->fire_due() + small_b->fire_due();
  EXPECT_EQ(handled, 40);
  EXPECT_EQ(notifications_->calls, 40);  // not one re-send
  EXPECT_EQ(notifications_->of_kind("dose_reminder").size(), 40u);
  EXPECT_EQ(a->fire_due() + b->fire_due(), 0);
}

TEST_P(SchedulerTest, CrashedWorkersLeaseExpiresAndAnotherFiresLate) {
  add("u1", {"08:00"});
  auto crashed = make_reminder_scheduler(deps_, "crashed");
  auto survivor = make_reminder_scheduler(deps_, "survivor");
  at("2026-03-01T23:00:00Z");
  notifications_->fail = true;  // the first worker claims, then cannot deliver (as if it died)
  EXPECT_EQ(crashed->fire_due(), 1);
  notifications_->fail = false;
  clock_->advance(seconds(1));
  EXPECT_EQ(survivor->fire_due(), 0);  // still leased
  clock_->advance(seconds(5));
  EXPECT_EQ(survivor->fire_due(), 1);
  const auto reminders = notifications_->of_kind("dose_reminder");
  ASSERT_EQ(reminders.size(), 1u);
  EXPECT_EQ(reminders[0].params.at("late"), "false");  // 6 s: within the late threshold
  EXPECT_EQ(survivor->fire_due() + crashed->fire_due(), 0);
}

TEST_P(SchedulerTest, RemindersMissedWhileDownFireLateOrExpireAndDosesBecomeMissed) {
  add("u1", {"08:00", "09:00"});
  auto scheduler = make_reminder_scheduler(deps_, "w1");
  // Down from 07:00 to 11:30 KST: 08:00 is 3.5 h old (> stale window 3 h), 09:00 is 2.5 h old.
  at("2026-03-02T02:30:00Z");
  EXPECT_EQ(scheduler->fire_due(), 2);
  const auto all = slots("u1");
  EXPECT_EQ(all[0].reminder_state, "expired");
  EXPECT_EQ(all[0].fired_late, true);
  EXPECT_EQ(all[1].reminder_state, "fired");
  EXPECT_EQ(all[1].fired_late, true);
  const auto reminders = notifications_->of_kind("dose_reminder");
  ASSERT_EQ(reminders.size(), 1u);
  EXPECT_EQ(reminders[0].params.at("late"), "true");
  EXPECT_EQ(reminders[0].params.at("scheduled_local_time"), "09:00");

  // 08:00 is unanswered for more than the missed window → missed, with an outbox event.
  EXPECT_EQ(scheduler->sweep_missed(), 1);
  EXPECT_EQ(slots("u1")[0].status, "missed");
  const auto events = events::read_after(*db_, 0, 100, kDoseMissed);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].payload.find(all[0].id), std::string::npos);
  clock_->advance(seconds(2));
  EXPECT_EQ(scheduler->sweep_missed(), 0);
}

TEST_P(SchedulerTest, SnoozeFiresAgainAndAnsweredDosesAreNotReminded) {
  add("u1", {"08:00", "20:00"});
  auto scheduler = make_reminder_scheduler(deps_, "w1");
  const auto first = slots("u1")[0];
  const auto second = slots("u1")[1];
  at("2026-03-01T23:00:00Z");
  EXPECT_EQ(scheduler->fire_due(), 1);
  EXPECT_FALSE(service_->snooze("u1", first.id, 4).ok());
  EXPECT_FALSE(service_->snooze("u1", first.id, 61).ok());
  auto snoozed = service_->snooze("u1", first.id, 10);
  ASSERT_TRUE(snoozed.ok());
  EXPECT_EQ(snoozed->reminder_state, "due");
  EXPECT_EQ(format_rfc3339(snoozed->due_at), "2026-03-01T23:10:00.000Z");
  clock_->advance(minutes(9));
  EXPECT_EQ(scheduler->fire_due(), 0);
  clock_->advance(minutes(1));
  EXPECT_EQ(scheduler->fire_due(), 1);
  EXPECT_EQ(notifications_->of_kind("dose_reminder").size(), 2u);  // "dose:<id>:0" and ":1"

  // Taken before its time: the 20:00 reminder never fires, and the slot cannot be snoozed.
  ASSERT_TRUE(service_->take("u1", second.id, {}).ok());
  EXPECT_FALSE(service_->snooze("u1", second.id, 10).ok());
  at("2026-03-02T11:00:01Z");
  EXPECT_EQ(scheduler->fire_due(), 0);
  EXPECT_EQ(service_->dose("u1", second.id)->reminder_state, "cancelled");
}

TEST_P(SchedulerTest, TakeIsIdempotentDecrementsInventoryAndSignalsRefillOnce) {
  Inventory inv;
  inv.remaining = 3;
  inv.refill_threshold = 2;
  add("u1", {"08:00", "20:00"}, "controller", inv);
  const auto all = slots("u1");
  at("2026-03-01T23:01:00Z");
  ASSERT_TRUE(service_->take("u1", all[0].id, {}).ok());
  auto retried = service_->take("u1", all[0].id, {});
  ASSERT_TRUE(retried.ok());
  EXPECT_EQ(retried->status, "taken");
  EXPECT_EQ(format_rfc3339(*retried->taken_at), "2026-03-01T23:01:00.000Z");
  EXPECT_EQ(service_->list("u1")->at(0).inventory.remaining, 2.0);
  EXPECT_EQ(events::read_after(*db_, 0, 100, kRefillNeeded).size(), 1u);
  EXPECT_EQ(events::read_after(*db_, 0, 100, kDoseTaken).size(), 1u);
  ASSERT_TRUE(service_->take("u1", all[1].id, {}).ok());
  EXPECT_EQ(service_->list("u1")->at(0).inventory.remaining, 1.0);
  EXPECT_EQ(events::read_after(*db_, 0, 100, kRefillNeeded).size(), 1u);  // once per crossing
  // Another user's slot is not found (no IDOR), and skipping a taken dose conflicts.
  EXPECT_EQ(service_->take("u2", all[0].id, {}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->skip("u1", all[0].id).error().code, ErrorCode::kConflict);
}

TEST_P(SchedulerTest, ScheduleChangesRebuildFutureSlotsAndDeleteCancelsReminders) {
  auto m = add("u1", {"08:00"});
  EXPECT_EQ(slots("u1").size(), 2u);
  MedicationInput in;
  in.name = m.name;
  in.role = m.role;
  in.dose = 2;
  in.dose_unit = "puff";
  in.schedule.kind = "weekly";
  for (auto& d : in.schedule.weekly) d = {"09:00", "21:00"};
  in.start_date = m.start_date;
  ASSERT_TRUE(service_->replace("u1", m.id, in).ok());
  auto now_slots = slots("u1");
  ASSERT_EQ(now_slots.size(), 4u);
  EXPECT_EQ(now_slots[0].local_time, "2026-03-02T09:00");
  ASSERT_TRUE(service_->remove("u1", m.id).ok());
  EXPECT_TRUE(slots("u1").empty());
  auto scheduler = make_reminder_scheduler(deps_, "w1");
  at("2026-03-02T12:00:00Z");
  EXPECT_EQ(scheduler->run_once(), 0);
  EXPECT_TRUE(notifications_->sent.empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, SchedulerTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return db::testing::engine_name(info.param); });
}  // namespace
}  // namespace soom::medication
