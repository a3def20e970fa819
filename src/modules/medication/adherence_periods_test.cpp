// adherence_for_periods on both engines: three weeks of a twice-daily schedule with taken,
// late, skipped, missed doses and free intake records; the batch must give exactly what one
// adherence() call per period gives, with one records read (none when the caller's records
// cover the span).
#include <gtest/gtest.h>

#include <algorithm>

#include "db/migrations.hpp"
#include "db/testing/temp_database.hpp"
#include "modules/medication/medication.hpp"
#include "modules/records/records.hpp"

namespace soom::medication {
namespace {

using db::Engine;
using std::chrono::hours;
using std::chrono::minutes;

// The records context as medication sees it, in memory: keeps what is put, counts reads.
class InMemoryRecords final : public records::RecordsQueries {
 public:
  Result<records::PutOutcome> put(const std::string& user_id, const std::string& id, const records::RecordInput& input,
                                  const records::PutOptions&) override {
    add(user_id, id, input.occurred_at, input.detail);
    return records::PutOutcome{all.back(), true, true};
  }
  Result<std::vector<records::Record>> records_between(const std::string& user_id, Instant from, Instant to) override {
    ++reads;
    std::vector<records::Record> out;
    for (const auto& r : all) {
      if (r.user_id == user_id && r.occurred_at >= from && r.occurred_at < to) out.push_back(r);
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.occurred_at < b.occurred_at; });
    return out;
  }
  void invalidate_calendar(const std::string&, const std::string&) override {}

  void add(const std::string& user_id, const std::string& id, Instant at, std::optional<records::RecordDetail> detail) {
    records::Record r;
    r.id = id;
    r.user_id = user_id;
    r.type = "intake";
    r.occurred_at = at;
    r.time_zone = "Asia/Seoul";
    r.detail = std::move(detail);
    all.push_back(std::move(r));
  }

  std::vector<records::Record> all;
  int reads = 0;
};

void expect_same(const AdherenceFigures& a, const AdherenceFigures& b, const std::string& what) {
  EXPECT_EQ(a.scheduled, b.scheduled) << what;
  EXPECT_EQ(a.taken, b.taken) << what;
  EXPECT_EQ(a.on_time, b.on_time) << what;
  EXPECT_EQ(a.missed, b.missed) << what;
  EXPECT_EQ(a.skipped, b.skipped) << what;
  EXPECT_EQ(a.open, b.open) << what;
  EXPECT_EQ(a.taken_percent, b.taken_percent) << what;
  EXPECT_EQ(a.on_time_percent, b.on_time_percent) << what;
  EXPECT_EQ(a.streak_days, b.streak_days) << what;
}

class AdherencePeriodsTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    SOOM_REQUIRE_ENGINE(GetParam());
    temp_ = std::make_unique<db::testing::TempDatabase>(GetParam());
    db_ = db::open_database(temp_->options());
    ASSERT_TRUE(db::Migrator(*db_, db::embedded_migrations(db_->engine())).migrate());
    // 2026-03-02 07:00 KST (Monday).
    clock_ = std::make_shared<ManualClock>(parse_rfc3339("2026-03-01T22:00:00Z").value());
    records_ = std::make_shared<InMemoryRecords>();
    deps_.db = db_;
    deps_.clock = clock_;
    deps_.records = records_;
    service_ = make_medication_service(deps_);
  }
  void TearDown() override {
    service_.reset();
    deps_ = {};
    db_.reset();
    temp_.reset();
  }

  // Three weeks (03-02 … 03-22) of 08:00 and 20:00 doses, answered in a fixed pattern.
  Medication three_weeks() {
    MedicationInput in;
    in.name = "심비코트 터부헬러";
    in.role = "controller";
    in.dose = 1;
    in.dose_unit = "puff";
    in.schedule.kind = "weekly";
    for (auto& d : in.schedule.weekly) d = {"08:00", "20:00"};
    auto med = service_->create("u1", in);
    EXPECT_TRUE(med.ok());
    auto scheduler = make_reminder_scheduler(deps_, "w1");
    int index = 0;
    for (int day = 0; day < 21; ++day) {
      // 22:00 KST of day `day`: both of its doses are due.
      clock_->set(parse_rfc3339("2026-03-02T13:00:00Z").value() + hours(24 * day));
      scheduler->materialize();
      auto due = service_->doses("u1", clock_->now() - hours(24), clock_->now()).value();
      for (const auto& slot : due) {
        if (slot.status != "pending") continue;
        switch (index++ % 5) {
          case 0:
            EXPECT_TRUE(service_->skip("u1", slot.id).ok());
            ++skipped_;
            break;
          case 1:
            EXPECT_TRUE(service_->take("u1", slot.id, {slot.scheduled_at + minutes(20), std::nullopt}).ok());
            ++taken_;
            break;
          case 2:  // late: taken, not on time
            EXPECT_TRUE(service_->take("u1", slot.id, {slot.scheduled_at + hours(2), std::nullopt}).ok());
            ++taken_;
            break;
          case 3: {  // logged on the records screen, not through the slot
            records::IntakeDetail d;
            d.medication_id = med->id;
            d.category = "controller";
            records_->add("u1", "free-" + slot.id, slot.scheduled_at + minutes(90), d);
            ++taken_;
            break;
          }
          default:
            ++missed_;  // left unanswered
        }
      }
    }
    return *med;
  }

  std::unique_ptr<db::testing::TempDatabase> temp_;
  std::shared_ptr<db::Database> db_;
  std::shared_ptr<ManualClock> clock_;
  std::shared_ptr<InMemoryRecords> records_;
  Dependencies deps_;
  std::shared_ptr<MedicationService> service_;
  int taken_ = 0, skipped_ = 0, missed_ = 0;
};

const std::vector<DatePeriod> kPeriods{{"2026-03-02", "2026-03-22"}, {"2026-02-09", "2026-03-01"},
                                       {"2026-03-02", "2026-03-08"}, {"2026-03-09", "2026-03-15"},
                                       {"2026-03-16", "2026-03-22"}, {"2026-03-09", "2026-03-09"}};

TEST_P(AdherencePeriodsTest, ManyPeriodsInOnePassEqualOneCallEach) {
  const auto med = three_weeks();
  records_->reads = 0;
  auto batch = service_->adherence_for_periods("u1", kPeriods, nullptr);
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(records_->reads, 1);
  ASSERT_EQ(batch->size(), kPeriods.size());
  for (std::size_t i = 0; i < kPeriods.size(); ++i) {
    const auto one = service_->adherence("u1", kPeriods[i].from, kPeriods[i].to).value();
    const auto& got = (*batch)[i];
    const auto what = kPeriods[i].from + ".." + kPeriods[i].to;
    EXPECT_EQ(got.from, kPeriods[i].from);
    EXPECT_EQ(got.to, kPeriods[i].to);
    expect_same(got.overall, one.overall, what);
    ASSERT_EQ(got.medications.size(), 1u);
    EXPECT_EQ(got.medications[0].medication_id, med.id);
    expect_same(got.medications[0].figures, one.medications[0].figures, what + " " + med.name);
  }
  // The whole span against the pattern the doses were answered in.
  const auto& all = batch->front().overall;
  EXPECT_EQ(all.scheduled, 42);
  EXPECT_EQ(all.taken, taken_);
  EXPECT_EQ(all.skipped, skipped_);
  EXPECT_EQ(all.missed, missed_);
  EXPECT_GT(all.on_time, 0);
  EXPECT_LT(all.on_time, all.taken);
  EXPECT_EQ((*batch)[1].overall.scheduled, 0);  // before the medication existed
  EXPECT_EQ((*batch)[5].overall.scheduled, 2);
}

TEST_P(AdherencePeriodsTest, UsesTheCallersRecordsWhenTheyCoverTheSpan) {
  three_weeks();
  const auto read = records_->records_between("u1", Instant{}, clock_->now() + hours(48)).value();
  records_->reads = 0;
  const LoadedRecords covering{Instant{}, clock_->now() + hours(48), &read};
  auto reused = service_->adherence_for_periods("u1", kPeriods, &covering);
  ASSERT_TRUE(reused.ok());
  EXPECT_EQ(records_->reads, 0);
  auto fresh = service_->adherence_for_periods("u1", kPeriods, nullptr);
  ASSERT_TRUE(fresh.ok());
  for (std::size_t i = 0; i < kPeriods.size(); ++i) {
    expect_same((*reused)[i].overall, (*fresh)[i].overall, kPeriods[i].from);
  }
  // Records that stop short of the span are not trusted: adherence reads its own.
  records_->reads = 0;
  const LoadedRecords short_of{parse_rfc3339("2026-03-05T00:00:00Z").value(), clock_->now() + hours(48), &read};
  auto reread = service_->adherence_for_periods("u1", kPeriods, &short_of);
  ASSERT_TRUE(reread.ok());
  EXPECT_EQ(records_->reads, 1);
  expect_same(reread->front().overall, fresh->front().overall, "reread");
}

TEST_P(AdherencePeriodsTest, OneInvalidPeriodRejectsTheCall) {
  auto bad = service_->adherence_for_periods("u1", {{"2026-03-02", "2026-03-08"}, {"2026-03-09", "2026-03-01"}},
                                             nullptr);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kValidationFailed);
  auto none = service_->adherence_for_periods("u1", {}, nullptr);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, AdherencePeriodsTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return db::testing::engine_name(info.param); });
}  // namespace
}  // namespace soom::medication
