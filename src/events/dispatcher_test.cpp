#include "events/dispatcher.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "db/migrations.hpp"
#include "db/testing/temp_database.hpp"

namespace soom::events {
namespace {

using db::Engine;

class RecordingConsumer final : public Consumer {
 public:
  explicit RecordingConsumer(std::string prefix = "") : prefix_(std::move(prefix)) {}
  std::string name() const override { return "test.recorder"; }
  std::string type_prefix() const override { return prefix_; }
  Status handle(const Event& event) override {
    if (fail_on_ == event.aggregate_id) return Error::internal("simulated failure");
    if (on_handle) on_handle();
    seen.push_back(event.aggregate_id);
    return {};
  }
  std::vector<std::string> seen;
  std::string fail_on_;
  std::function<void()> on_handle;

 private:
  std::string prefix_;
};

class DispatcherTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    SOOM_REQUIRE_ENGINE(GetParam());
    temp_ = std::make_unique<db::testing::TempDatabase>(GetParam());
    db_ = db::open_database(temp_->options());
    ASSERT_TRUE(db::Migrator(*db_, db::embedded_migrations(db_->engine())).migrate());
    clock_ = std::make_shared<ManualClock>(from_unix_ms(1'800'000'000'000));
  }
  void TearDown() override {
    db_.reset();
    temp_.reset();
  }
  void publish_event(const std::string& type, const std::string& id) {
    auto tx = db_->begin();
    publish(tx, type, id, {{"user_id", id}}, clock_->now());
    tx.commit();
  }
  std::unique_ptr<db::testing::TempDatabase> temp_;
  std::shared_ptr<db::Database> db_;
  std::shared_ptr<ManualClock> clock_;
};

TEST_P(DispatcherTest, DeliversInOrderOnceAndRemembersPosition) {
  auto consumer = std::make_shared<RecordingConsumer>("identity.");
  Dispatcher dispatcher(db_, clock_, {consumer});
  publish_event("identity.user_registered", "a");
  publish_event("records.record_saved", "ignored");
  publish_event("identity.user_deleted", "b");
  EXPECT_EQ(dispatcher.run_once(), 2);
  EXPECT_EQ(consumer->seen, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(dispatcher.run_once(), 0);  // nothing new
  EXPECT_EQ(dispatcher.position("test.recorder"), 3);
  publish_event("identity.user_registered", "c");
  EXPECT_EQ(dispatcher.run_once(), 1);
  EXPECT_EQ(consumer->seen.back(), "c");
}

TEST_P(DispatcherTest, FailureStopsAndRetriesTheSameEvent) {
  auto consumer = std::make_shared<RecordingConsumer>();
  consumer->fail_on_ = "b";
  Dispatcher dispatcher(db_, clock_, {consumer});
  publish_event("x.e", "a");
  publish_event("x.e", "b");
  publish_event("x.e", "c");
  EXPECT_EQ(dispatcher.run_once(), 1);
  EXPECT_EQ(consumer->seen, (std::vector<std::string>{"a"}));
  consumer->fail_on_.clear();
  EXPECT_EQ(dispatcher.run_once(), 2);
  EXPECT_EQ(consumer->seen, (std::vector<std::string>{"a", "b", "c"}));
}

TEST_P(DispatcherTest, AnIdlePassWritesNothing) {
  auto consumer = std::make_shared<RecordingConsumer>();
  Dispatcher dispatcher(db_, clock_, {consumer});
  EXPECT_EQ(dispatcher.run_once(), 0);
  // No lease taken, no consumer row created: nothing was written.
  EXPECT_EQ(db_->read().query("SELECT COUNT(*) FROM outbox_consumers").rows.at(0).get_int(0), 0);
  publish_event("x.e", "a");
  EXPECT_EQ(dispatcher.run_once(), 1);
  auto lease_of = [&] {
    return db_->read().query("SELECT lease_until FROM outbox_consumers").rows.at(0).get_int(0);
  };
  const auto lease = lease_of();
  clock_->advance(std::chrono::seconds(5));
  EXPECT_EQ(dispatcher.run_once(), 0);
  EXPECT_EQ(lease_of(), lease);  // caught up: the lease was not even renewed
}

TEST_P(DispatcherTest, PositionIsSavedInBatchesAndBeforeAFailure) {
  auto consumer = std::make_shared<RecordingConsumer>();
  DispatcherOptions options;
  options.advance_every = 2;
  options.advance_after = std::chrono::hours(1);
  Dispatcher dispatcher(db_, clock_, {consumer}, options);
  std::vector<std::int64_t> stored_while_handling;
  consumer->on_handle = [&] { stored_while_handling.push_back(dispatcher.position("test.recorder")); };
  for (const char* id : {"a", "b", "c", "d", "e"}) publish_event("x.e", id);
  consumer->fail_on_ = "e";
  EXPECT_EQ(dispatcher.run_once(), 4);
  // Saved after b and after d, not after every event.
  EXPECT_EQ(stored_while_handling, (std::vector<std::int64_t>{0, 0, 2, 2}));
  EXPECT_EQ(dispatcher.position("test.recorder"), 4);
  auto failures = db_->read().query("SELECT failures, last_error FROM outbox_consumers").rows.at(0);
  EXPECT_EQ(failures.get_int(0), 1);  // the failure survives the save that preceded it
  EXPECT_FALSE(failures.is_null(1));
  consumer->fail_on_.clear();
  EXPECT_EQ(dispatcher.run_once(), 1);
  EXPECT_EQ(consumer->seen, (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  EXPECT_EQ(dispatcher.position("test.recorder"), 5);
}

TEST_P(DispatcherTest, LeaseKeepsASecondWorkerOutUntilItExpires) {
  auto first = std::make_shared<RecordingConsumer>();
  auto second = std::make_shared<RecordingConsumer>();
  Dispatcher one(db_, clock_, {first}, DispatcherOptions{200, std::chrono::milliseconds(30'000), {}, "one"});
  Dispatcher two(db_, clock_, {second}, DispatcherOptions{200, std::chrono::milliseconds(30'000), {}, "two"});
  publish_event("x.e", "a");
  EXPECT_EQ(one.run_once(), 1);
  publish_event("x.e", "b");
  EXPECT_EQ(two.run_once(), 0);  // lease held by "one"
  clock_->advance(std::chrono::milliseconds(31'000));
  EXPECT_EQ(two.run_once(), 1);  // "one" died: lease expired
  EXPECT_EQ(second->seen, (std::vector<std::string>{"b"}));
}

TEST(DispatcherGapTest, WaitsForALowerSeqThatMayStillCommit) {
  // SQLite lets a test write an explicit seq, which simulates PostgreSQL's late commit.
  db::testing::TempDatabase temp(Engine::kSqlite);
  std::shared_ptr<db::Database> db = db::open_database(temp.options());
  ASSERT_TRUE(db::Migrator(*db, db::embedded_migrations(db->engine())).migrate());
  auto clock = std::make_shared<ManualClock>(from_unix_ms(1'800'000'000'000));
  auto insert = [&](std::int64_t seq, const std::string& id) {
    auto tx = db->begin();
    tx.query("INSERT INTO outbox_events (seq, event_id, type, aggregate_id, payload, created_at) "
             "VALUES ($1, $2, 'x.e', $3, '{}', $4)",
             {seq, "evt-" + id, id, to_unix_ms(clock->now())});
    tx.commit();
  };
  auto consumer = std::make_shared<RecordingConsumer>();
  Dispatcher dispatcher(db, clock, {consumer});
  insert(1, "a");
  insert(3, "c");  // 2 is "still in flight"
  EXPECT_EQ(dispatcher.run_once(), 1);
  insert(2, "b");  // the slow transaction commits
  EXPECT_EQ(dispatcher.run_once(), 2);
  EXPECT_EQ(consumer->seen, (std::vector<std::string>{"a", "b", "c"}));
  insert(5, "e");  // 4 rolled back and will never appear
  EXPECT_EQ(dispatcher.run_once(), 0);
  clock->advance(std::chrono::milliseconds(11'000));
  EXPECT_EQ(dispatcher.run_once(), 1);
  EXPECT_EQ(consumer->seen.back(), "e");
}

INSTANTIATE_TEST_SUITE_P(Engines, DispatcherTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return db::testing::engine_name(info.param); });

}  // namespace
}  // namespace soom::events
