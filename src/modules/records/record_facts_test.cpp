// The record_facts read model on both engines, through the real service and the erasure
// consumer: after every write path (create, replace — the type changed too —, patch, delete,
// batch, user erasure) and after the migration's backfill, its rows are exactly what the
// detail tables give through the former report read (the UNION ALL below, kept as the oracle).
#include "modules/records/record_facts.hpp"

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

namespace soom::records {
namespace {

// The report read before record_facts: one row per live record from records and its
// detail table, then the symptom items. $1 user, $2 <= occurred_at < $3.
#define FACTS_FROM(table, type)                                                                      \
  " FROM records r JOIN " table " d ON d.record_id = r.id WHERE r.user_id = $1 AND r.type = '" type \
  "' AND r.occurred_at >= $2 AND r.occurred_at < $3 AND r.deleted_at IS NULL"
constexpr const char* kOracleFacts =
    "SELECT r.id, r.type, r.occurred_at, r.local_date, d.severity, NULL, NULL, NULL, NULL, NULL"
    FACTS_FROM("record_symptom", "symptom")
    " UNION ALL SELECT r.id, r.type, r.occurred_at, r.local_date, NULL, d.category, d.medication_id, NULL, d.doses, "
    "d.taken" FACTS_FROM("record_intake", "intake")
    " UNION ALL SELECT r.id, r.type, r.occurred_at, r.local_date, d.pef, NULL, NULL, NULL, NULL, NULL"
    FACTS_FROM("record_lung_function", "lung_function")
    " UNION ALL SELECT r.id, r.type, r.occurred_at, r.local_date, d.score, d.instrument, d.result, NULL, NULL, NULL"
    FACTS_FROM("record_control_test", "control_test")
    " UNION ALL SELECT r.id, r.type, r.occurred_at, r.local_date, NULL, d.kind, d.start_date, d.end_date, NULL, NULL"
    FACTS_FROM("record_exacerbation", "exacerbation")
    " UNION ALL SELECT r.id, r.type, r.occurred_at, r.local_date, d.mood, NULL, NULL, NULL, NULL, NULL"
    FACTS_FROM("record_status", "status")
    " ORDER BY 3, 1";
constexpr const char* kOracleItems =
    "SELECT d.record_id, d.kind, d.code" FACTS_FROM("record_symptom_items", "symptom") " ORDER BY r.occurred_at, r.id";
#undef FACTS_FROM

constexpr std::int64_t kEver = std::int64_t{1} << 52;  // occurred_at bounds wider than any record

using records::testing::at;
using records::testing::ConsentingIdentity;

RecordInput input(const char* when, RecordDetail detail, const char* zone = "Asia/Seoul") {
  RecordInput in;
  in.occurred_at = at(when);
  in.time_zone = zone;
  in.detail = std::move(detail);
  return in;
}

SymptomDetail symptom(int severity, std::vector<std::string> symptoms, std::vector<std::string> triggers) {
  SymptomDetail d;
  d.severity = severity;
  d.symptoms = std::move(symptoms);
  d.triggers = std::move(triggers);
  return d;
}

IntakeDetail intake(const char* category, std::optional<std::string> medication_id, double doses, bool taken) {
  IntakeDetail d;
  d.category = category;
  d.medication_id = std::move(medication_id);
  if (!d.medication_id) d.medication_name = "벤토린";
  d.doses = doses;
  d.taken = taken;
  return d;
}

LungFunctionDetail lung(int pef) {
  LungFunctionDetail d;
  d.pef = pef;
  return d;
}

ControlTestDetail act(int each) {
  ControlTestDetail d;
  d.instrument = "act";
  for (int i = 1; i <= 5; ++i) d.answers["act_" + std::to_string(i)] = each;
  return d;
}

ExacerbationDetail exacerbation(const char* start, std::optional<std::string> end) {
  ExacerbationDetail d;
  d.kind = "oral_steroids";
  d.start_date = start;
  d.end_date = std::move(end);
  return d;
}

StatusDetail status(int mood) {
  StatusDetail d;
  d.mood = mood;
  d.note = "보통";
  return d;
}

std::string cell(const db::Row& row, std::size_t i) { return row.is_null(i) ? "∅" : row.get_text(i); }
std::string number_cell(const db::Row& row, std::size_t i) {
  return row.is_null(i) ? "∅" : std::to_string(row.get_double(i));
}
std::string bool_cell(const db::Row& row, std::size_t i) {
  return row.is_null(i) ? "∅" : (row.get_bool(i) ? "true" : "false");
}

// One record's facts as text: id, type, occurred_at, local_date, n1, t1, t2, t3, doses, taken
// (columns 0–9 of both the table and the oracle), then the symptom codes.
std::string line(const db::Row& row, const std::string& codes) {
  return cell(row, 0) + " " + cell(row, 1) + " " + cell(row, 2) + " " + cell(row, 3) + " n1=" + cell(row, 4) +
         " t1=" + cell(row, 5) + " t2=" + cell(row, 6) + " t3=" + cell(row, 7) + " doses=" + number_cell(row, 8) +
         " taken=" + bool_cell(row, 9) + " codes=" + codes;
}

class RecordFactsTest : public db::testing::MigratedEngineTest {
 protected:
  void SetUp() override {
    MigratedEngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    clock_ = std::make_shared<ManualClock>(at("2026-11-30T00:00:00Z"));
    std::shared_ptr<db::Database> borrowed(&db(), [](db::Database*) {});  // the fixture owns it
    service_ = make_records_service(borrowed, cache::make_memory_cache(clock_), clock_,
                                    std::make_shared<ConsentingIdentity>());
  }
  void TearDown() override {
    service_.reset();
    EngineTest::TearDown();
  }

  Record put(const std::string& user, const std::string& id, const RecordInput& in, PutOptions options = {}) {
    auto out = service_->put(user, id, in, options);
    EXPECT_TRUE(out.ok()) << (out.ok() ? "" : out.error().internal_message);
    return out.ok() ? out->record : Record{};
  }
  PutOptions replacing(std::int64_t version) {
    PutOptions o;
    o.expected_version = version;
    return o;
  }

  // The user's record_facts rows (codes read back through the decoder, which sorts them).
  std::vector<std::string> stored(const std::string& user) {
    auto tx = db().read();
    auto rows = tx.query(
        "SELECT record_id, type, occurred_at, local_date, n1, t1, t2, t3, doses, taken, codes, user_id "
        "FROM record_facts WHERE user_id = $1 ORDER BY occurred_at, record_id",
        {user});
    std::vector<std::string> out;
    for (const auto& row : rows.rows) {
      std::string codes = "∅";
      if (!row.is_null(10)) {
        SymptomDetail d;
        facts::decode_codes(row.get_text(10), d);
        codes = facts::encode_codes(d);
      }
      EXPECT_EQ(row.get_text(11), user);
      out.push_back(line(row, codes));
    }
    return out;
  }

  // What they must be: computed from records and the detail tables.
  std::vector<std::string> oracle(const std::string& user) {
    auto tx = db().read();
    const db::Params params{user, -kEver, kEver};
    std::map<std::string, SymptomDetail> items;
    for (const auto& row : tx.query(kOracleItems, params).rows) {
      auto& d = items[row.get_text(0)];
      (row.get_text(1) == "symptom" ? d.symptoms : d.triggers).push_back(row.get_text(2));
    }
    std::vector<std::string> out;
    for (const auto& row : tx.query(kOracleFacts, params).rows) {
      const bool is_symptom = row.get_text(1) == "symptom";
      out.push_back(line(row, is_symptom ? facts::encode_codes(items[row.get_text(0)]) : "∅"));
    }
    return out;
  }

  std::int64_t live_records(const std::string& user) {
    auto tx = db().read();
    return tx.query("SELECT COUNT(*) FROM records WHERE user_id = $1 AND deleted_at IS NULL", {user})
        .rows.at(0)
        .get_int(0);
  }

  void expect_exact(const std::string& user, std::size_t live) {
    const auto rows = stored(user);
    EXPECT_EQ(rows, oracle(user));
    EXPECT_EQ(rows.size(), live);
    EXPECT_EQ(static_cast<std::int64_t>(rows.size()), live_records(user));
  }

  // One of each type (symptoms with and without items, intakes with and without a medication
  // id, exacerbations open and closed); returns the ids.
  std::vector<std::string> seed(const std::string& user) {
    std::vector<std::string> ids;
    auto add = [&](const char* when, RecordDetail detail) {
      ids.push_back(new_uuid_v7());
      put(user, ids.back(), input(when, std::move(detail)));
    };
    add("2026-05-10T00:30:00Z", symptom(2, {"wheeze", "cough"}, {"pollen", "cold_air"}));
    add("2026-05-10T01:30:00Z", symptom(0, {}, {}));
    add("2026-05-10T02:30:00Z", intake("controller", "ctl-1", 2, true));
    add("2026-05-10T03:30:00Z", intake("rescue", std::nullopt, 0.5, false));
    add("2026-05-10T04:30:00Z", lung(420));
    add("2026-05-10T04:30:00Z", lung(410));  // the same instant: ordered by id
    add("2026-05-11T00:30:00Z", act(4));
    add("2026-05-11T01:30:00Z", exacerbation("2026-05-01", std::string("2026-05-08")));
    add("2026-05-11T02:30:00Z", exacerbation("2026-05-09", std::nullopt));
    add("2026-05-11T23:30:00Z", status(3));
    return ids;
  }

  void erase_user(const std::string& user) {
    std::shared_ptr<db::Database> borrowed(&db(), [](db::Database*) {});
    auto consumer = make_user_erasure_consumer(borrowed);
    events::Event deleted;
    deleted.type = std::string(identity::kUserDeleted);
    deleted.aggregate_id = user;
    ASSERT_TRUE(consumer->handle(deleted).ok());
    ASSERT_TRUE(consumer->handle(deleted).ok());  // a redelivery changes nothing
  }

  std::string user_ = new_uuid_v7();
  std::shared_ptr<ManualClock> clock_;
  std::shared_ptr<RecordsService> service_;
};

TEST(RecordFactsCodes, RoundTripThroughTheirColumn) {
  const auto d = symptom(1, {"wheeze", "cough"}, {"pollen"});
  EXPECT_EQ(facts::encode_codes(d), "cough,wheeze|pollen");
  EXPECT_EQ(facts::encode_codes(symptom(0, {}, {})), "|");
  EXPECT_EQ(facts::encode_codes(symptom(0, {}, {"smoke"})), "|smoke");
  SymptomDetail back;
  facts::decode_codes("cough,wheeze|cold_air,pollen", back);
  EXPECT_EQ(back.symptoms, (std::vector<std::string>{"cough", "wheeze"}));
  EXPECT_EQ(back.triggers, (std::vector<std::string>{"cold_air", "pollen"}));
  SymptomDetail none;
  facts::decode_codes("|", none);
  EXPECT_TRUE(none.symptoms.empty());
  EXPECT_TRUE(none.triggers.empty());
}

TEST_P(RecordFactsTest, CreateReplacePatchAndDeleteKeepTheFactsExact) {
  const auto ids = seed(user_);
  expect_exact(user_, 10);

  // Replace within the type: new values, another instant and day, another zone.
  put(user_, ids[0], input("2026-05-12T10:00:00Z", symptom(3, {"night_waking"}, {}), "America/New_York"),
      replacing(1));
  put(user_, ids[2], input("2026-05-10T02:30:00Z", intake("controller", "ctl-2", 1, false)), replacing(1));
  put(user_, ids[8], input("2026-05-11T02:30:00Z", exacerbation("2026-05-09", std::string("2026-05-20"))),
      replacing(1));
  expect_exact(user_, 10);

  // Replace that changes the type, both ways between a typed-column shape and another.
  put(user_, ids[4], input("2026-05-10T04:30:00Z", symptom(1, {"cough"}, {"exercise"})), replacing(1));
  put(user_, ids[1], input("2026-05-10T01:30:00Z", lung(380)), replacing(1));
  put(user_, ids[6], input("2026-05-09T00:00:00Z", status(5)), replacing(1));
  expect_exact(user_, 10);

  // PATCH (must exist): the service merges and replaces.
  PutOptions patch;
  patch.must_exist = true;
  put(user_, ids[3], input("2026-05-10T03:45:00Z", intake("rescue", "ics-1", 1.5, true)), patch);
  put(user_, ids[9], input("2026-05-11T23:30:00Z", status(1)), patch);
  expect_exact(user_, 10);

  // An idempotent retry of the stored body changes nothing.
  put(user_, ids[9], input("2026-05-11T23:30:00Z", status(1)));
  expect_exact(user_, 10);

  // Delete: tombstones have no row.
  ASSERT_TRUE(service_->remove(user_, ids[0], std::nullopt).ok());
  ASSERT_TRUE(service_->remove(user_, ids[5], std::nullopt).ok());
  expect_exact(user_, 8);
}

TEST_P(RecordFactsTest, BatchCreatesReplacesAndDeletes) {
  const auto ids = seed(user_);
  std::vector<BatchItem> items(5);
  items[0].id = new_uuid_v7();
  items[0].input = input("2026-06-01T05:00:00Z", symptom(2, {"chest_tightness", "sputum"}, {"fine_dust"}));
  items[1].id = ids[4];  // lung_function → intake
  items[1].input = input("2026-06-01T06:00:00Z", intake("other", std::nullopt, 3, true));
  items[1].expected_version = 1;
  items[2].id = ids[0];  // symptom, other items
  items[2].input = input("2026-05-10T00:30:00Z", symptom(1, {"cough"}, {"smoke", "stress"}));
  items[3].id = ids[7];
  items[3].remove = true;
  items[4].id = new_uuid_v7();
  items[4].input = input("2026-06-02T00:00:00Z", lung(250));
  auto results = service_->batch(user_, items);
  ASSERT_TRUE(results.ok());
  for (const auto& r : *results) EXPECT_LT(r.status, 300) << r.id;
  expect_exact(user_, 11);
}

TEST_P(RecordFactsTest, UserErasureRemovesOnlyThatUsersFacts) {
  const auto other = new_uuid_v7();
  seed(user_);
  seed(other);
  erase_user(user_);
  EXPECT_TRUE(stored(user_).empty());
  expect_exact(other, 10);
  EXPECT_EQ(count("record_facts"), 10);
}

TEST_P(RecordFactsTest, FactsBetweenIsTheRangeInOrder) {
  const auto ids = seed(user_);
  auto tx = db().read();
  const auto rows = facts::between(tx, user_, at("2026-05-10T01:30:00Z"), at("2026-05-11T00:30:00Z"));
  tx.commit();
  ASSERT_EQ(rows.size(), 5u);  // [01:30 on the 10th, 00:30 on the 11th): the ACT is excluded
  EXPECT_EQ(rows[0].id, ids[1]);
  EXPECT_EQ(rows[0].type, "symptom");
  EXPECT_EQ(rows[0].local_date, "2026-05-10");
  EXPECT_TRUE(std::get<SymptomDetail>(*rows[0].detail).symptoms.empty());
  const auto& controller = std::get<IntakeDetail>(*rows[1].detail);
  EXPECT_EQ(controller.category, "controller");
  EXPECT_EQ(controller.medication_id, std::optional<std::string>("ctl-1"));
  EXPECT_EQ(controller.doses, 2.0);
  EXPECT_TRUE(controller.taken);
  const auto& rescue = std::get<IntakeDetail>(*rows[2].detail);
  EXPECT_FALSE(rescue.medication_id);
  EXPECT_FALSE(rescue.taken);
  EXPECT_EQ(rescue.doses, 0.5);
  EXPECT_LT(rows[3].id, rows[4].id);  // the same instant: by id
  EXPECT_EQ(rows[3].occurred_at, rows[4].occurred_at);
}

TEST_P(RecordFactsTest, MigrationBackfillsAfterALaterMigrationWasApplied) {
  // Records written while 0016 existed; then the table is dropped and 0016 and 0018 (its
  // calendar columns) forgotten, so they are pending again while 0017 stays applied: the
  // runner must apply them and backfill.
  const auto ids = seed(user_);
  put(user_, ids[4], input("2026-05-10T04:30:00Z", symptom(1, {"wheeze"}, {})), replacing(1));
  ASSERT_TRUE(service_->remove(user_, ids[9], std::nullopt).ok());
  const auto other = new_uuid_v7();
  seed(other);
  exec("DROP TABLE record_facts");
  exec("DELETE FROM schema_migrations WHERE version IN (16, 18)");
  db::Migrator migrator(db(), db::embedded_migrations(engine()));
  EXPECT_EQ(migrator.status().pending, (std::vector<int>{16, 18}));
  auto applied = migrator.migrate();
  ASSERT_TRUE(applied.ok()) << applied.error().internal_message;
  EXPECT_EQ(*applied, (std::vector<int>{16, 18}));
  expect_exact(user_, 9);
  EXPECT_EQ(count("record_facts"), 19);
  // 0018's columns: the control tests' answers and the status notes read back as written.
  int checked = 0;
  for (const auto& user : {user_, other}) {
    auto tx = db().read();
    const auto rows = facts::between(tx, user, from_unix_ms(-kEver), from_unix_ms(kEver));
    tx.commit();
    for (const auto& r : rows) {
      const auto full = service_->get(user, r.id);
      ASSERT_TRUE(full.ok());
      if (r.type == "control_test") {
        EXPECT_EQ(std::get<ControlTestDetail>(*r.detail).answers, std::get<ControlTestDetail>(*full->detail).answers);
        EXPECT_FALSE(std::get<ControlTestDetail>(*r.detail).answers.empty());
        ++checked;
      } else if (r.type == "status") {
        EXPECT_EQ(std::get<StatusDetail>(*r.detail).note, std::optional<std::string>("보통"));
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 3);  // two control tests, the other user's status
}

TEST_P(RecordFactsTest, TheReadIsOneRangeOfThePrimaryKey) {
  seed(user_);
  const auto plan = query_plan(facts::sql::kBetween, {user_, std::int64_t{0}, kEver});
  if (engine() == db::Engine::kSqlite) {
    EXPECT_NE(plan.find("SEARCH record_facts USING PRIMARY KEY"), std::string::npos) << plan;
    EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;  // already in order: no sort
  } else {
    EXPECT_EQ(plan.find("Seq Scan"), std::string::npos) << plan;
    EXPECT_NE(plan.find("record_facts_pkey"), std::string::npos) << plan;
  }
}

SOOM_INSTANTIATE_FOR_ENGINES(RecordFactsTest);

}  // namespace
}  // namespace soom::records
