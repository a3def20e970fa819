// The per-day best-PEF summary (records_pef_days) on both engines, through the real service:
// every write path keeps it equal to a fresh GROUP BY over the live records, the day is the
// reading's own local day, and the calendar / zone-event personal best read it.
#include <gtest/gtest.h>

#include <map>

#include "cache/cache.hpp"
#include "core/random.hpp"
#include "db/migrations.hpp"
#include "db/testing/engine_fixture.hpp"
#include "events/dispatcher.hpp"
#include "events/outbox.hpp"
#include "modules/identity/identity.hpp"
#include "modules/records/records.hpp"
#include "modules/records/records_test_support.hpp"
#include "modules/records/records_repository.hpp"

namespace soom::records {
namespace {

using std::chrono::hours;

using records::testing::at;
using records::testing::ConsentingIdentity;

RecordInput lung(const char* when, int pef, const char* zone = "Asia/Seoul") {
  RecordInput in;
  in.occurred_at = at(when);
  in.time_zone = zone;
  LungFunctionDetail d;
  d.pef = pef;
  in.detail = d;
  return in;
}

RecordInput symptom(const char* when) {
  RecordInput in;
  in.occurred_at = at(when);
  in.time_zone = "Asia/Seoul";
  in.detail = SymptomDetail{{"cough"}, 1, {}, std::nullopt};
  return in;
}

class PefDaysTest : public db::testing::MigratedEngineTest {
 protected:
  void SetUp() override {
    MigratedEngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    clock_ = std::make_shared<ManualClock>(at("2026-11-30T00:00:00Z"));
    // The fixture owns the database; the service only borrows it for the test's lifetime.
    std::shared_ptr<db::Database> borrowed(&db(), [](db::Database*) {});
    service_ = make_records_service(borrowed, cache::make_memory_cache(clock_), clock_,
                                    std::make_shared<ConsentingIdentity>());
  }
  void TearDown() override {
    service_.reset();
    EngineTest::TearDown();
  }

  Record put(const std::string& id, const RecordInput& in, PutOptions options = {}) {
    auto out = service_->put(user_, id, in, options);
    EXPECT_TRUE(out.ok()) << (out.ok() ? "" : out.error().internal_message);
    return out.ok() ? out->record : Record{};
  }

  std::map<std::string, int> stored() {
    auto tx = db().read();
    auto rows = tx.query("SELECT local_date, best_pef FROM records_pef_days WHERE user_id = $1 ORDER BY local_date",
                         {user_});
    std::map<std::string, int> out;
    for (const auto& row : rows.rows) out[row.get_text(0)] = static_cast<int>(row.get_int(1));
    return out;
  }

  // What the summary must be: the best live reading per local day, recomputed from scratch.
  std::map<std::string, int> recomputed() {
    auto tx = db().read();
    auto rows = tx.query(
        "SELECT r.local_date, MAX(l.pef) FROM records r JOIN record_lung_function l ON l.record_id = r.id "
        "WHERE r.user_id = $1 AND r.deleted_at IS NULL GROUP BY r.local_date ORDER BY r.local_date",
        {user_});
    std::map<std::string, int> out;
    for (const auto& row : rows.rows) out[row.get_text(0)] = static_cast<int>(row.get_int(1));
    return out;
  }

  // The zone event published for `record_id` (its payload's field), "" when none.
  std::string zone_event_field(const std::string& record_id, const std::string& field) {
    auto tx = db().read();
    auto rows = tx.query("SELECT payload FROM outbox_events WHERE type = $1 ORDER BY seq", {kPeakFlowRecorded});
    std::string found;
    for (const auto& row : rows.rows) {
      const auto& payload = row.get_text(0);
      if (payload.find(record_id) == std::string::npos) continue;
      const auto key = "\"" + field + "\":\"";
      const auto start = payload.find(key);
      if (start == std::string::npos) continue;
      const auto from = start + key.size();
      found = payload.substr(from, payload.find('"', from) - from);
    }
    return found;
  }

  std::string user_ = new_uuid_v7();
  std::shared_ptr<ManualClock> clock_;
  std::shared_ptr<RecordsService> service_;
};

TEST_P(PefDaysTest, CreateRaisesReplacePatchAndDeleteRecomputeTheDay) {
  const auto a = new_uuid_v7();
  const auto b = new_uuid_v7();
  put(a, lung("2026-05-10T00:30:00Z", 400));  // 09:30 KST on the 10th
  put(b, lung("2026-05-10T09:00:00Z", 450));  // 18:00 KST
  EXPECT_EQ(stored(), (std::map<std::string, int>{{"2026-05-10", 450}}));

  PutOptions replace;
  replace.expected_version = 1;
  put(b, lung("2026-05-10T09:00:00Z", 300), replace);  // the best reading corrected downwards
  EXPECT_EQ(stored(), (std::map<std::string, int>{{"2026-05-10", 400}}));

  PutOptions patch;
  patch.must_exist = true;
  put(a, lung("2026-05-10T00:30:00Z", 380), patch);
  EXPECT_EQ(stored(), (std::map<std::string, int>{{"2026-05-10", 380}}));

  ASSERT_TRUE(service_->remove(user_, a, std::nullopt).ok());
  EXPECT_EQ(stored(), (std::map<std::string, int>{{"2026-05-10", 300}}));
  ASSERT_TRUE(service_->remove(user_, b, std::nullopt).ok());
  EXPECT_TRUE(stored().empty());  // a day without readings has no row
  EXPECT_EQ(stored(), recomputed());
}

TEST_P(PefDaysTest, AccountErasureRemovesTheSummaryWithTheReadings) {
  put(new_uuid_v7(), lung("2026-05-10T00:30:00Z", 400));
  put(new_uuid_v7(), lung("2026-05-11T00:30:00Z", 420));
  ASSERT_EQ(stored().size(), 2u);
  std::shared_ptr<db::Database> borrowed(&db(), [](db::Database*) {});
  auto consumer = make_user_erasure_consumer(borrowed);
  events::Event deleted;
  deleted.type = std::string(identity::kUserDeleted);
  deleted.aggregate_id = user_;
  ASSERT_TRUE(consumer->handle(deleted).ok());
  ASSERT_TRUE(consumer->handle(deleted).ok());  // a redelivery changes nothing
  EXPECT_TRUE(stored().empty());
  EXPECT_EQ(count("records_pef_days"), 0);
}

TEST_P(PefDaysTest, ReplaceThatMovesTheDayOrChangesTheTypeFixesBothDays) {
  const auto a = new_uuid_v7();
  const auto b = new_uuid_v7();
  put(a, lung("2026-05-10T00:30:00Z", 500));
  put(b, lung("2026-05-10T01:30:00Z", 350));
  PutOptions replace;
  replace.expected_version = 1;
  put(a, lung("2026-05-12T00:30:00Z", 500), replace);  // entered on the wrong day, moved
  EXPECT_EQ(stored(), (std::map<std::string, int>{{"2026-05-10", 350}, {"2026-05-12", 500}}));

  replace.expected_version = 2;
  put(a, symptom("2026-05-12T00:30:00Z"), replace);  // no longer a reading
  EXPECT_EQ(stored(), (std::map<std::string, int>{{"2026-05-10", 350}}));

  replace.expected_version = 3;
  put(a, lung("2026-05-10T03:00:00Z", 420), replace);  // a reading again, on the 10th
  EXPECT_EQ(stored(), (std::map<std::string, int>{{"2026-05-10", 420}}));

  // An idempotent retry of the stored body changes nothing.
  put(a, lung("2026-05-10T03:00:00Z", 420));
  EXPECT_EQ(stored(), recomputed());
}

TEST_P(PefDaysTest, TheDayIsTheReadingsOwnLocalDay) {
  // The same instant is the 11th in Seoul and still the 10th in New York.
  put(new_uuid_v7(), lung("2026-05-10T20:00:00Z", 410));
  put(new_uuid_v7(), lung("2026-05-10T20:00:00Z", 390, "America/New_York"));
  // 23:30 on the 10th in Auckland is 11:30 UTC on the 10th.
  put(new_uuid_v7(), lung("2026-05-10T11:30:00Z", 370, "Pacific/Auckland"));
  EXPECT_EQ(stored(), (std::map<std::string, int>{{"2026-05-10", 390}, {"2026-05-11", 410}}));
  EXPECT_EQ(stored(), recomputed());
}

TEST_P(PefDaysTest, BatchCreatesReplacesAndDeletesInOneTransaction) {
  const auto keep = new_uuid_v7();
  const auto doomed = new_uuid_v7();
  put(keep, lung("2026-06-01T00:00:00Z", 300));
  put(doomed, lung("2026-06-02T00:00:00Z", 480));
  std::vector<BatchItem> items(4);
  items[0].id = new_uuid_v7();
  items[0].input = lung("2026-06-01T05:00:00Z", 330);
  items[1].id = keep;
  items[1].input = lung("2026-06-01T00:00:00Z", 280);
  items[1].expected_version = 1;
  items[2].id = doomed;
  items[2].remove = true;
  items[3].id = new_uuid_v7();
  items[3].input = lung("2026-06-03T00:00:00Z", 250);
  auto results = service_->batch(user_, items);
  ASSERT_TRUE(results.ok());
  for (const auto& r : *results) EXPECT_LT(r.status, 300) << r.id;
  EXPECT_EQ(stored(), (std::map<std::string, int>{{"2026-06-01", 330}, {"2026-06-03", 250}}));
  EXPECT_EQ(stored(), recomputed());
}

TEST_P(PefDaysTest, CalendarPersonalBestIsTheBestOfTheSixMonthsEndingWithTheMonth) {
  put(new_uuid_v7(), lung("2026-03-10T00:00:00Z", 520));  // more than 183 days before 2026-09-30
  put(new_uuid_v7(), lung("2026-04-01T00:00:00Z", 470));  // within: 2026-03-31 is the first day
  const auto best = new_uuid_v7();
  put(best, lung("2026-07-15T00:00:00Z", 490));
  put(new_uuid_v7(), lung("2026-10-01T00:00:00Z", 600));  // after the month: does not count
  auto month = service_->calendar(user_, "2026-09");
  ASSERT_TRUE(month.ok());
  EXPECT_EQ(month->personal_best_source, "recent_best");
  EXPECT_EQ(month->personal_best, 490);
  ASSERT_TRUE(service_->remove(user_, best, std::nullopt).ok());
  month = service_->calendar(user_, "2026-09");
  ASSERT_TRUE(month.ok());
  EXPECT_EQ(month->personal_best, 470);
  month = service_->calendar(user_, "2025-01");
  ASSERT_TRUE(month.ok());
  EXPECT_EQ(month->personal_best_source, "none");
}

TEST_P(PefDaysTest, ZoneEventComparesWithTheBestUpToTheReading) {
  put(new_uuid_v7(), lung("2026-05-09T00:00:00Z", 500));
  // The evening reading is written first; the morning one is compared only with what came before it.
  const auto evening = new_uuid_v7();
  put(evening, lung("2026-05-10T10:00:00Z", 600));
  const auto morning = new_uuid_v7();
  put(morning, lung("2026-05-10T00:00:00Z", 350));
  EXPECT_EQ(zone_event_field(evening, "percent_of_personal_best"), "100");
  EXPECT_EQ(zone_event_field(morning, "percent_of_personal_best"), "70");  // of 500, not of 600
  EXPECT_EQ(zone_event_field(morning, "zone"), "yellow");
  // The window is the reading's day and the 183 days before it: on 2026-11-09 the 600 of
  // 2026-05-10 is its first day (the 500 has left), a day later it has left too.
  const auto later = new_uuid_v7();
  put(later, lung("2026-11-09T00:00:00Z", 300));
  EXPECT_EQ(zone_event_field(later, "percent_of_personal_best"), "50");
  const auto next_day = new_uuid_v7();
  put(next_day, lung("2026-11-10T00:00:00Z", 240));
  EXPECT_EQ(zone_event_field(next_day, "percent_of_personal_best"), "80");  // of the 300
  EXPECT_EQ(zone_event_field(next_day, "zone"), "green");
}

TEST_P(PefDaysTest, MigrationBackfillsExistingReadings) {
  // A fresh database at the version before 0014, with readings written as 0003 stores them.
  db::testing::TempDatabase fresh(engine());
  auto other = db::open_database(fresh.options());
  int before = 0;
  for (const auto& m : db::embedded_migrations(engine())) {
    if (m.version < 14) before = m.version;
  }
  db::Migrator migrator(*other, db::embedded_migrations(engine()));
  ASSERT_TRUE(migrator.migrate(before).ok());
  {
    auto tx = other->begin();
    std::int64_t seq = 0;
    const auto insert = [&](const std::string& id, const char* date, int pef, bool deleted) {
      tx.query(
          "INSERT INTO records (id, user_id, type, occurred_at, local_date, time_zone, created_at, updated_at, "
          "version, deleted_at, change_seq, body_hash) VALUES ($1, 'u1', 'lung_function', 0, $2, 'Asia/Seoul', 0, 0, "
          "1, $3, $4, 'h')",
          {id, std::string(date), deleted ? db::Value(std::int64_t{1}) : db::Value(db::Null{}),
           ++seq});
      tx.query("INSERT INTO record_lung_function (record_id, pef) VALUES ($1, $2)",
               {id, static_cast<std::int64_t>(pef)});
    };
    insert(new_uuid_v7(), "2026-05-01", 400, false);
    insert(new_uuid_v7(), "2026-05-01", 430, false);
    insert(new_uuid_v7(), "2026-05-02", 800, true);  // a tombstone's reading does not count
    insert(new_uuid_v7(), "2026-05-02", 350, false);
    tx.commit();
  }
  ASSERT_TRUE(migrator.migrate().ok());
  auto tx = other->read();
  auto rows = tx.query("SELECT local_date, best_pef FROM records_pef_days WHERE user_id = 'u1' ORDER BY local_date");
  ASSERT_EQ(rows.rows.size(), 2u);
  EXPECT_EQ(rows.rows[0].get_text(0), "2026-05-01");
  EXPECT_EQ(rows.rows[0].get_int(1), 430);
  EXPECT_EQ(rows.rows[1].get_text(0), "2026-05-02");
  EXPECT_EQ(rows.rows[1].get_int(1), 350);
}

SOOM_INSTANTIATE_FOR_ENGINES(PefDaysTest);

}  // namespace
}  // namespace soom::records
