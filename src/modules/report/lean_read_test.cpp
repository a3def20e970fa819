// The report reads records through the lean records_facts_between; on both engines, 120 days of
// varied records written through the real records service must give the very same report
// (every figure, as JSON) from the lean read as from the full records_between.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <random>

#include "cache/cache.hpp"
#include "core/random.hpp"
#include "db/migrations.hpp"
#include "db/testing/engine_fixture.hpp"
#include "modules/identity/identity.hpp"
#include "modules/records/records.hpp"
#include "modules/report/handlers/report_json.hpp"
#include "modules/report/report_builder.hpp"

namespace soom::report {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

constexpr const char* kZone = "Asia/Seoul";

// The identity context's answers the records service needs (consent given, Seoul profile).
class ConsentingIdentity final : public identity::IdentityQueries {
 public:
  Result<bool> has_health_data_consent(const std::string&) override { return true; }
  Result<std::string> time_zone_of(const std::string&) override { return std::string(kZone); }
  Result<std::optional<std::string>> user_id_by_email(const std::string&) override {
    return std::optional<std::string>{};
  }
};

// Every type and the fields the figures read, with ties, zones other than the user's and
// ICS-formoterol relievers (medication "ics-1").
records::RecordDetail varied_detail(std::mt19937_64& rng) {
  static const std::vector<std::string> kSymptoms{"activity_limitation", "chest_tightness", "cough", "night_waking",
                                                  "shortness_of_breath", "wheeze"};
  static const std::vector<std::string> kTriggers{"cold_air", "exercise", "fine_dust", "pollen", "stress"};
  const int kind = static_cast<int>(rng() % 100);
  if (kind < 25) {
    records::SymptomDetail d;
    for (const auto& code : kSymptoms) {
      if (rng() % 4 == 0) d.symptoms.push_back(code);
    }
    d.severity = static_cast<int>(rng() % 4);
    if (rng() % 2) d.triggers = {kTriggers[rng() % kTriggers.size()], kTriggers[rng() % kTriggers.size()]};
    if (rng() % 5 == 0) d.trigger_other = "황사";
    return d;
  }
  if (kind < 55) {
    records::IntakeDetail d;
    const int which = static_cast<int>(rng() % 4);
    d.category = which == 0 ? "controller" : which == 3 ? "other" : "rescue";
    if (which == 1) d.medication_id = "ics-1";
    else if (which == 0) d.medication_id = "ctl-1";
    else d.medication_name = "벤토린";
    d.doses = 0.5 * static_cast<double>(1 + rng() % 4);
    d.taken = rng() % 6 != 0;
    return d;
  }
  if (kind < 80) {
    records::LungFunctionDetail d;
    d.pef = 250 + static_cast<int>(rng() % 300);
    return d;
  }
  if (kind < 88) {
    records::ControlTestDetail d;
    d.instrument = rng() % 2 ? "act" : "gina";
    if (d.instrument == "act") {
      for (int i = 1; i <= 5; ++i) d.answers["act_" + std::to_string(i)] = 1 + static_cast<int>(rng() % 5);
    } else {
      for (const char* item : {"daytime_symptoms", "night_waking", "reliever_use", "activity_limitation"}) {
        d.answers[item] = static_cast<int>(rng() % 2);
      }
    }
    return d;
  }
  if (kind < 91) {
    records::ExacerbationDetail d;
    d.kind = rng() % 2 ? "emergency_room" : "oral_steroids";
    d.start_date = "2026-0" + std::to_string(8 + rng() % 2) + "-1" + std::to_string(rng() % 10);
    if (rng() % 2) d.end_date = "2026-10-2" + std::to_string(rng() % 10);
    return d;
  }
  records::StatusDetail d;
  d.mood = 1 + static_cast<int>(rng() % 5);
  d.note = "보통";
  return d;
}

class LeanReadTest : public db::testing::MigratedEngineTest {
 protected:
  void SetUp() override {
    MigratedEngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    clock_ = std::make_shared<ManualClock>(parse_rfc3339("2026-11-30T00:00:00Z").value());
    std::shared_ptr<db::Database> borrowed(&db(), [](db::Database*) {});  // the fixture owns it
    records_ = records::make_records_service(borrowed, cache::make_memory_cache(clock_), clock_,
                                             std::make_shared<ConsentingIdentity>());
  }
  void TearDown() override {
    records_.reset();
    EngineTest::TearDown();
  }

  std::shared_ptr<ManualClock> clock_;
  std::shared_ptr<records::RecordsService> records_;
};

std::string report_text(const std::vector<records::Record>& rows, Instant now) {
  ReportInputs in;
  in.from = *parse_day("2026-09-01");
  in.to = *parse_day("2026-11-29");
  in.time_zone = kZone;
  in.now = now;
  in.records = rows;
  in.ics_formoterol_medication_ids = {"ics-1"};
  return boost::json::serialize(handlers::report_json(build_report(in)));
}

TEST_P(LeanReadTest, LeanAndFullReadsGiveTheSameReport) {
  const std::string user = new_uuid_v7();
  std::mt19937_64 rng(2026);
  const auto start = parse_rfc3339("2026-07-01T00:00:00Z").value();  // 1,400 × 150 min: to 2026-11-23
  std::vector<records::BatchItem> items;
  for (int i = 0; i < 1'400; ++i) {
    records::BatchItem item;
    item.id = new_uuid_v7();
    records::RecordInput in;
    // Every fifth record shares the previous one's instant (ties are ordered by id).
    in.occurred_at = start + minutes(static_cast<int>(i - (i % 5 == 0 ? 1 : 0)) * 150);
    in.time_zone = rng() % 7 == 0 ? "America/New_York" : kZone;
    in.memo = "메모";
    in.detail = varied_detail(rng);
    item.input = std::move(in);
    items.push_back(std::move(item));
    if (items.size() == 350) {
      auto written = records_->batch(user, items);
      ASSERT_TRUE(written.ok());
      for (const auto& r : *written) ASSERT_LT(r.status, 300) << (r.error ? r.error->internal_message : "");
      items.clear();
    }
  }
  // Deleted and replaced records are part of real data too.
  auto page = records_->list(user, records::ListQuery{std::nullopt, std::nullopt, std::nullopt, std::nullopt, 60});
  ASSERT_TRUE(page.ok());
  for (std::size_t i = 0; i < page->items.size(); i += 3) {
    ASSERT_TRUE(records_->remove(user, page->items[i].id, std::nullopt).ok());
  }
  const auto from = start - days(1);
  const auto to = clock_->now() + days(2);
  auto full = records_->records_between(user, from, to);
  auto lean = records_->record_facts_between(user, from, to);
  ASSERT_TRUE(full.ok());
  ASSERT_TRUE(lean.ok());
  ASSERT_EQ(full->size(), lean->size());
  ASSERT_GT(full->size(), 1'300u);
  const auto expected = report_text(*full, clock_->now());
  EXPECT_EQ(report_text(*lean, clock_->now()), expected);
  // The comparison is not vacuous: the report does see the records.
  EXPECT_NE(report_text({}, clock_->now()), expected);
}

SOOM_INSTANTIATE_FOR_ENGINES(LeanReadTest);

}  // namespace
}  // namespace soom::report
