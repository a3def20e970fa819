// best_pef_of_day_at on both engines: the same answer as reading the day's readings
// (best_pef_of_day_until) whatever order readings are entered or deleted in, taken from the
// per-day summary when no reading of the day is later, and through indexes only.
#include "modules/records/pef_day_best.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "core/random.hpp"
#include "db/testing/engine_fixture.hpp"
#include "modules/records/day_bucket.hpp"
#include "modules/records/records_repository.hpp"

namespace soom::records {
namespace {

using std::chrono::minutes;

constexpr const char* kZone = "America/New_York";
constexpr const char* kDay = "2026-03-08";  // 23 hours long: DST starts at 2:00

Instant at(const char* rfc3339) { return parse_rfc3339(rfc3339).value(); }

class PefDayBestTest : public db::testing::MigratedEngineTest {
 protected:
  Record reading(Instant when, int pef) {
    Record r;
    r.id = new_uuid_v7();
    r.user_id = user_;
    r.type = "lung_function";
    r.occurred_at = when;
    r.time_zone = kZone;
    r.local_date = local_date_of(when, kZone);
    LungFunctionDetail d;
    d.pef = pef;
    r.detail = d;
    r.created_at = r.updated_at = when;
    return r;
  }

  void insert(db::Transaction& tx, Record r) {
    r.change_seq = repo::next_change_seq(tx, user_);
    repo::insert_record(tx, r, "hash");
  }

  std::string user_ = new_uuid_v7();
};

TEST_P(PefDayBestTest, SameAnswerAsTheDaysReadingsInAnyOrder) {
  // The day's local midnight to midnight (05:00Z to 04:00Z next day), plus readings of the days
  // around it, entered in random order; every reading's answer is checked right after it is
  // written (as the zone event reads it, in the writer's transaction) and after deletes.
  std::mt19937_64 rng(3);
  std::vector<Record> readings;
  const auto first = at("2026-03-07T20:00:00Z");
  for (int i = 0; i < 80; ++i) {
    readings.push_back(reading(first + minutes(23 * i), 150 + static_cast<int>(rng() % 600)));
  }
  readings.push_back(reading(readings[10].occurred_at, 880));  // a tie in time with a better value
  std::shuffle(readings.begin(), readings.end(), rng);
  ASSERT_GT(std::count_if(readings.begin(), readings.end(), [](const Record& r) { return r.local_date == kDay; }), 50);
  auto tx = db().begin();
  for (const auto& r : readings) {
    insert(tx, r);
    EXPECT_EQ(repo::best_pef_of_day_at(tx, user_, r.local_date, r.occurred_at),
              repo::best_pef_of_day_until(tx, user_, r.local_date, r.occurred_at))
        << r.local_date << " " << format_rfc3339(r.occurred_at);
  }
  for (std::size_t i = 0; i < readings.size(); i += 4) {
    repo::tombstone(tx, readings[i].id, "lung_function", 2, readings[i].occurred_at, repo::next_change_seq(tx, user_));
  }
  for (const auto& r : readings) {
    for (const auto when : {r.occurred_at, r.occurred_at - minutes(1), r.occurred_at + minutes(1)}) {
      EXPECT_EQ(repo::best_pef_of_day_at(tx, user_, r.local_date, when),
                repo::best_pef_of_day_until(tx, user_, r.local_date, when))
          << r.local_date << " " << format_rfc3339(when);
    }
  }
  // A day without readings, and the instant before the day's first reading.
  EXPECT_EQ(repo::best_pef_of_day_at(tx, user_, "2026-03-20", at("2026-03-20T12:00:00Z")), std::nullopt);
  EXPECT_EQ(repo::best_pef_of_day_at(tx, user_, kDay, at("2026-03-08T05:00:00Z")),
            repo::best_pef_of_day_until(tx, user_, kDay, at("2026-03-08T05:00:00Z")));
  tx.commit();
}

TEST_P(PefDayBestTest, TheLatestReadingIsAnsweredFromTheDaySummary) {
  auto tx = db().begin();
  insert(tx, reading(at("2026-03-08T12:00:00Z"), 400));
  insert(tx, reading(at("2026-03-08T13:00:00Z"), 300));
  // Made-up summary value: seen only if the summary row is what answers.
  tx.query("UPDATE records_pef_days SET best_pef = 777 WHERE user_id = $1 AND local_date = $2", {user_, kDay});
  EXPECT_EQ(repo::best_pef_of_day_at(tx, user_, kDay, at("2026-03-08T13:00:00Z")), 777);
  EXPECT_EQ(repo::best_pef_of_day_at(tx, user_, kDay, at("2026-03-08T14:00:00Z")), 777);
  // With a later reading of the day the readings themselves are read.
  EXPECT_EQ(repo::best_pef_of_day_at(tx, user_, kDay, at("2026-03-08T12:30:00Z")), 400);
  tx.commit();
}

TEST_P(PefDayBestTest, ProbesUseIndexes) {
  {
    auto tx = db().begin();
    for (int i = 0; i < 300; ++i) {
      user_ = "user-" + std::to_string(i % 30);
      insert(tx, reading(at("2026-01-01T00:00:00Z") + minutes(331 * i), 300 + i));
    }
    tx.commit();
  }
  const auto t = to_unix_ms(at("2026-01-20T12:00:00Z"));
  for (bool analyzed : {false, true}) {
    SCOPED_TRACE(analyzed ? "with statistics" : "without statistics");
    if (analyzed) exec(engine() == db::Engine::kSqlite ? "ANALYZE" : "ANALYZE");
    const auto later = query_plan(repo::sql::kLaterReadingOfDay,
                                  {std::string("user-7"), std::string("2026-01-20"), t, t + 259'200'000});
    const auto summary = query_plan(repo::sql::kDayBestPef, {std::string("user-7"), std::string("2026-01-20")});
    if (engine() == db::Engine::kSqlite) {
      const std::string range =
          "USING COVERING INDEX records_user_type_occurred (user_id=? AND type=? AND occurred_at>? AND occurred_at<?)";
      EXPECT_NE(later.find(range), std::string::npos) << later;
      EXPECT_EQ(summary.find("SCAN"), std::string::npos) << summary;
    } else {
      // The summary read is a primary-key lookup; PostgreSQL rightly seq-scans the few pages
      // this test's summary table has, so only the records probe is checked here.
      EXPECT_EQ(later.find("Seq Scan"), std::string::npos) << later;
    }
  }
}

SOOM_INSTANTIATE_FOR_ENGINES(PefDayBestTest);

}  // namespace
}  // namespace soom::records
