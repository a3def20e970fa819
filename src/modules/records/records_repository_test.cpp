// Repository SQL on both engines: typed details round-trip, and the hot read paths
// (calendar, list, sync, fallback personal best) use an index, never a full scan of records.
#include "modules/records/records_repository.hpp"

#include <gtest/gtest.h>

#include "core/random.hpp"
#include "db/migrations.hpp"
#include "db/testing/engine_fixture.hpp"
#include "modules/records/day_bucket.hpp"
#include "modules/records/record_json.hpp"

namespace soom::records {
namespace {

using std::chrono::hours;

class RecordsRepositoryTest : public db::testing::MigratedEngineTest {
 protected:
  void SetUp() override {
    MigratedEngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
  }

  Record make(const std::string& user, Instant at, RecordDetail detail, std::int64_t seq) {
    Record r;
    r.id = new_uuid_v7();
    r.user_id = user;
    r.type = std::string(type_name(detail));
    r.occurred_at = at;
    r.time_zone = "Asia/Seoul";
    r.local_date = local_date_of(at, r.time_zone);
    r.detail = std::move(detail);
    r.created_at = r.updated_at = at;
    r.change_seq = seq;
    return r;
  }


  void expect_index_only(const std::string& text) {
    if (engine() == db::Engine::kSqlite) {
      EXPECT_EQ(text.find("SCAN records"), std::string::npos) << text;
      // "USING INDEX" or, where the index holds every column the query reads, "USING COVERING INDEX".
      EXPECT_NE(text.find("INDEX records_user_"), std::string::npos) << text;
    } else {
      EXPECT_EQ(text.find("Seq Scan on records"), std::string::npos) << text;
      EXPECT_NE(text.find("records_user_"), std::string::npos) << text;
    }
  }
};

TEST_P(RecordsRepositoryTest, EveryDetailTypeRoundTrips) {
  const auto at = parse_rfc3339("2026-11-23T12:00:00Z").value();
  LungFunctionDetail lung;
  lung.pef = 455;
  lung.blows = {410, 455, 430};
  lung.fev1 = 2.75;
  lung.timing = "post_bronchodilator";
  ControlTestDetail act;
  act.instrument = "act";
  act.answers = {{"act_1", 4}, {"act_2", 3}, {"act_3", 5}, {"act_4", 2}, {"act_5", 4}};
  act.score = 18;
  act.result = "not_well_controlled";
  IntakeDetail intake;
  intake.medication_name = "심비코트";
  intake.category = "controller";
  intake.doses = 2;
  intake.taken = false;
  std::vector<RecordDetail> details{SymptomDetail{{"cough", "wheeze"}, 2, {"fine_dust", "other"}, std::string("황사")},
                                    intake,
                                    lung,
                                    act,
                                    ExacerbationDetail{"emergency_room", "2026-11-20", std::string("2026-11-21")},
                                    StatusDetail{4, std::string("괜찮음")}};
  auto tx = db().begin();
  std::vector<Record> written;
  for (auto& d : details) {
    auto r = make("user-a", at, d, repo::next_change_seq(tx, "user-a"));
    r.memo = "메모";
    repo::insert_record(tx, r, "hash");
    written.push_back(r);
  }
  tx.commit();
  auto read = db().read();
  for (const auto& w : written) {
    auto r = repo::find(read, "user-a", w.id);
    ASSERT_TRUE(r) << w.type;
    EXPECT_EQ(boost::json::serialize(record_json(*r)), boost::json::serialize(record_json(w))) << w.type;
    EXPECT_FALSE(repo::find(read, "user-b", w.id)) << "another user's record must not be found";
  }
  EXPECT_EQ(repo::last_change_seq(read, "user-a"), 6);
  EXPECT_EQ(repo::changes_after(read, "user-a", 4, 10).size(), 2u);
}

TEST_P(RecordsRepositoryTest, TombstoneKeepsOnlyWhatSyncNeeds) {
  const auto at = parse_rfc3339("2026-11-23T12:00:00Z").value();
  auto tx = db().begin();
  auto r = make("user-a", at, SymptomDetail{{"cough"}, 1, {}, std::nullopt}, repo::next_change_seq(tx, "user-a"));
  r.memo = "지울 메모";
  repo::insert_record(tx, r, "hash");
  repo::tombstone(tx, r.id, r.type, 2, at + hours(1), repo::next_change_seq(tx, "user-a"));
  tx.commit();
  auto read = db().read();
  auto changes = repo::changes_after(read, "user-a", 0, 10);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_TRUE(changes[0].deleted_at);
  EXPECT_FALSE(changes[0].memo);
  EXPECT_FALSE(changes[0].detail);
  EXPECT_EQ(changes[0].version, 2);
  EXPECT_EQ(changes[0].change_seq, 2);
  EXPECT_TRUE(repo::on_local_dates(read, "user-a", "2026-11-01", "2026-11-30").empty());
  EXPECT_EQ(read.query("SELECT COUNT(*) FROM record_symptom_items").rows[0].get_int(0), 0);
}

TEST_P(RecordsRepositoryTest, OccurredBetweenReadsTheRangesLiveRecordsWithTheirDetails) {
  const auto from = parse_rfc3339("2026-11-01T00:00:00Z").value();
  const auto to = from + hours(24 * 10);
  LungFunctionDetail lung;
  lung.pef = 455;
  lung.blows = {410, 455, 430};
  ControlTestDetail act;
  act.instrument = "act";
  act.answers = {{"act_1", 4}, {"act_2", 3}, {"act_3", 5}, {"act_4", 2}, {"act_5", 4}};
  act.score = 18;
  act.result = "not_well_controlled";
  IntakeDetail intake;
  intake.medication_id = "med-1";
  intake.category = "controller";
  const SymptomDetail symptom{{"cough", "wheeze"}, 2, {"fine_dust", "other"}, std::string("황사")};
  std::vector<RecordDetail> details{symptom,
                                    intake,
                                    lung,
                                    act,
                                    ExacerbationDetail{"emergency_room", "2026-11-02", std::nullopt},
                                    StatusDetail{4, std::string("괜찮음")}};
  std::vector<Record> inside;
  {
    auto tx = db().begin();
    int i = 0;
    for (auto& d : details) {
      auto r = make("user-a", from + hours(24 * i++), d, repo::next_change_seq(tx, "user-a"));
      repo::insert_record(tx, r, "hash");
      inside.push_back(r);
    }
    // Not in the answer: just before `from`, exactly at `to`, another user's, a deleted one.
    for (auto at : {from - hours(1), to}) {
      repo::insert_record(tx, make("user-a", at, symptom, repo::next_change_seq(tx, "user-a")), "hash");
    }
    repo::insert_record(tx, make("user-b", from + hours(2), act, repo::next_change_seq(tx, "user-b")), "hash");
    auto gone = make("user-a", from + hours(3), symptom, repo::next_change_seq(tx, "user-a"));
    repo::insert_record(tx, gone, "hash");
    repo::tombstone(tx, gone.id, gone.type, 2, from + hours(4), repo::next_change_seq(tx, "user-a"));
    tx.commit();
  }
  auto read = db().read();
  const auto got = repo::occurred_between(read, "user-a", from, to);
  ASSERT_EQ(got.size(), inside.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(boost::json::serialize(record_json(got[i])), boost::json::serialize(record_json(inside[i])))
        << inside[i].type;
  }
  EXPECT_TRUE(repo::occurred_between(read, "user-c", from, to).empty());
}

// The report's lean read: the same records in the same order as occurred_between, with the
// fields it keeps equal and the rest left default.
TEST_P(RecordsRepositoryTest, FactsBetweenKeepsWhatSummariesReadInTheFullReadsOrder) {
  const auto from = parse_rfc3339("2026-11-01T00:00:00Z").value();
  const auto to = from + hours(24 * 10);
  LungFunctionDetail lung;
  lung.pef = 455;
  lung.blows = {410, 455, 430};
  lung.fev1 = 2.75;
  ControlTestDetail act;
  act.instrument = "act";
  act.answers = {{"act_1", 4}, {"act_2", 3}, {"act_3", 5}, {"act_4", 2}, {"act_5", 4}};
  act.score = 18;
  act.result = "not_well_controlled";
  IntakeDetail controller;
  controller.medication_id = "med-1";
  controller.medication_name = "심비코트";
  controller.category = "controller";
  controller.doses = 2;
  IntakeDetail reliever;
  reliever.medication_name = "벤토린";
  reliever.category = "rescue";
  reliever.doses = 0.5;
  reliever.taken = false;
  reliever.rescue_reason = "계단";
  std::vector<RecordDetail> details{SymptomDetail{{"wheeze", "cough", "night_waking"}, 2, {"pollen", "fine_dust"},
                                                  std::string("황사")},
                                    controller,
                                    reliever,
                                    lung,
                                    act,
                                    ExacerbationDetail{"emergency_room", "2026-11-02", std::string("2026-11-03")},
                                    ExacerbationDetail{"oral_steroids", "2026-11-04", std::nullopt},
                                    StatusDetail{4, std::string("괜찮음")},
                                    SymptomDetail{{}, 0, {}, std::nullopt}};
  {
    auto tx = db().begin();
    int i = 0;
    for (auto& d : details) {
      // Pairs share an instant: ties are ordered by id in both reads.
      auto r = make("user-a", from + hours(24 * (i++ / 2)), d, repo::next_change_seq(tx, "user-a"));
      r.memo = "메모";
      repo::insert_record(tx, r, "hash");
    }
    repo::insert_record(tx, make("user-a", to, details[0], repo::next_change_seq(tx, "user-a")), "hash");
    repo::insert_record(tx, make("user-b", from, details[0], repo::next_change_seq(tx, "user-b")), "hash");
    auto gone = make("user-a", from + hours(3), details[0], repo::next_change_seq(tx, "user-a"));
    repo::insert_record(tx, gone, "hash");
    repo::tombstone(tx, gone.id, gone.type, 2, from + hours(4), repo::next_change_seq(tx, "user-a"));
    tx.commit();
  }
  auto read = db().read();
  const auto full = repo::occurred_between(read, "user-a", from, to);
  const auto lean = repo::facts_between(read, "user-a", from, to);
  ASSERT_EQ(full.size(), details.size());
  ASSERT_EQ(lean.size(), full.size());
  for (std::size_t i = 0; i < full.size(); ++i) {
    const auto& f = full[i];
    const auto& l = lean[i];
    SCOPED_TRACE(f.type + " " + f.id);
    EXPECT_EQ(l.id, f.id);
    EXPECT_EQ(l.type, f.type);
    EXPECT_EQ(l.occurred_at, f.occurred_at);
    EXPECT_EQ(l.local_date, f.local_date);
    EXPECT_FALSE(l.memo);
    EXPECT_FALSE(l.deleted_at);
    ASSERT_TRUE(l.detail && f.detail);
    ASSERT_EQ(l.detail->index(), f.detail->index());
    if (const auto* s = std::get_if<SymptomDetail>(&*f.detail)) {
      const auto& ls = std::get<SymptomDetail>(*l.detail);
      EXPECT_EQ(ls.symptoms, s->symptoms);
      EXPECT_EQ(ls.severity, s->severity);
      EXPECT_EQ(ls.triggers, s->triggers);
      EXPECT_FALSE(ls.trigger_other);
    } else if (const auto* in = std::get_if<IntakeDetail>(&*f.detail)) {
      const auto& li = std::get<IntakeDetail>(*l.detail);
      EXPECT_EQ(li.medication_id, in->medication_id);
      EXPECT_EQ(li.category, in->category);
      EXPECT_EQ(li.doses, in->doses);
      EXPECT_EQ(li.taken, in->taken);
      EXPECT_FALSE(li.medication_name);
    } else if (const auto* p = std::get_if<LungFunctionDetail>(&*f.detail)) {
      const auto& lp = std::get<LungFunctionDetail>(*l.detail);
      EXPECT_EQ(lp.pef, p->pef);
      EXPECT_TRUE(lp.blows.empty());
    } else if (const auto* c = std::get_if<ControlTestDetail>(&*f.detail)) {
      const auto& lc = std::get<ControlTestDetail>(*l.detail);
      EXPECT_EQ(lc.instrument, c->instrument);
      EXPECT_EQ(lc.score, c->score);
      EXPECT_EQ(lc.result, c->result);
    } else if (const auto* e = std::get_if<ExacerbationDetail>(&*f.detail)) {
      const auto& le = std::get<ExacerbationDetail>(*l.detail);
      EXPECT_EQ(le.kind, e->kind);
      EXPECT_EQ(le.start_date, e->start_date);
      EXPECT_EQ(le.end_date, e->end_date);
    } else {
      EXPECT_EQ(std::get<StatusDetail>(*l.detail).mood, std::get<StatusDetail>(*f.detail).mood);
    }
  }
  EXPECT_TRUE(repo::facts_between(read, "user-c", from, to).empty());
}

TEST_P(RecordsRepositoryTest, HotQueriesUseIndexes) {
  // 60 users × 100 records spread over months, then statistics, so the planner faces a
  // realistic choice between an index and a scan.
  const auto start = parse_rfc3339("2026-06-01T00:00:00Z").value();
  {
    auto tx = db().begin();
    for (int u = 0; u < 60; ++u) {
      const auto user = "user-" + std::to_string(u);
      for (int i = 0; i < 100; ++i) {
        const auto at = start + hours(37 * i + u);
        RecordDetail detail = i % 2 == 0 ? RecordDetail(StatusDetail{3, std::nullopt}) : RecordDetail([&] {
          LungFunctionDetail d;
          d.pef = 300 + i;
          return d;
        }());
        repo::insert_record(tx, make(user, at, detail, repo::next_change_seq(tx, user)), "hash");
      }
    }
    tx.commit();
  }
  exec(engine() == db::Engine::kSqlite ? "ANALYZE" : "ANALYZE records");
  const auto t0 = to_unix_ms(start);
  const auto t1 = to_unix_ms(start + hours(24 * 60));
  expect_index_only(query_plan(repo::sql::kOnLocalDates, {"user-7", "2026-07-01", "2026-07-31"}));
  expect_index_only(query_plan(repo::sql::kChangesAfter, {"user-7", std::int64_t{10}, std::int64_t{201}}));
  expect_index_only(query_plan(repo::sql::kBestPefOfDayUntil, {"user-7", "2026-07-01", t1, t1 - 3 * 86'400'000}));
  // The 6-month personal best reads the per-day summary by its primary key.
  const auto days_plan = query_plan(repo::sql::kBestPefOnDays, {"user-7", "2026-01-01", "2026-07-01"});
  if (engine() == db::Engine::kSqlite) {
    EXPECT_EQ(days_plan.find("SCAN records_pef_days"), std::string::npos) << days_plan;
  } else {
    EXPECT_EQ(days_plan.find("Seq Scan on records_pef_days"), std::string::npos) << days_plan;
  }
  expect_index_only(query_plan(std::string("SELECT record_id, pef FROM record_lung_function") +
                             repo::sql::kDetailsOccurredBetween,
                         {"user-7", t0, t1}));
  expect_index_only(query_plan(std::string("SELECT record_id, pef FROM record_lung_function") +
                             repo::sql::kDetailsOnLocalDates,
                         {"user-7", "2026-07-01", "2026-07-31"}));
  repo::ListFilter all;
  expect_index_only(query_plan(repo::sql::list(all), {"user-7", std::int64_t{51}}));
  repo::ListFilter typed;
  typed.type = "lung_function";
  typed.from = start;
  typed.to = start + hours(24 * 30);
  typed.after = ListPosition{t1, "0190a3b4-1c2d-7e8f-9a0b-1c2d3e4f5a6b"};
  expect_index_only(query_plan(repo::sql::list(typed), {"user-7", std::string("lung_function"), t0, t1, t1,
                                                  std::string("0190a3b4-1c2d-7e8f-9a0b-1c2d3e4f5a6b"),
                                                  std::int64_t{51}}));
  // And the answers are right: user-7's July is there, in time order.
  auto read = db().read();
  auto july = repo::on_local_dates(read, "user-7", "2026-07-01", "2026-07-31");
  ASSERT_FALSE(july.empty());
  for (const auto& r : july) {
    EXPECT_EQ(r.user_id, "user-7");
    EXPECT_EQ(r.local_date.substr(0, 7), "2026-07");
  }
}

SOOM_INSTANTIATE_FOR_ENGINES(RecordsRepositoryTest);

}  // namespace
}  // namespace soom::records
