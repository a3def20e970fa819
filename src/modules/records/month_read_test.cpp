// The calendar reads a month through the lean calendar_facts_on_local_dates; on both engines a
// varied month written through the real service (every type and symptom kind, edits, deletes,
// ties, records of the boundary days in zones far from UTC) must give the very same calendar
// JSON from the lean read as from the full on_local_dates read, and the lean SQL must search
// indexes only.
#include "modules/records/month_read.hpp"
#include "modules/records/record_facts.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <random>

#include "cache/cache.hpp"
#include "core/random.hpp"
#include "db/testing/engine_fixture.hpp"
#include "modules/identity/identity.hpp"
#include "modules/records/calendar.hpp"
#include "modules/records/day_bucket.hpp"
#include "modules/records/record_json.hpp"
#include "modules/records/record_rules.hpp"
#include "modules/records/records_repository.hpp"

namespace soom::records {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr const char* kUserZone = "America/New_York";  // DST starts on 2026-03-08

class NewYorkIdentity final : public identity::IdentityQueries {
 public:
  Result<bool> has_health_data_consent(const std::string&) override { return true; }
  Result<std::string> time_zone_of(const std::string&) override { return std::string(kUserZone); }
  Result<std::optional<std::string>> user_id_by_email(const std::string&) override {
    return std::optional<std::string>{};
  }
};

Instant at(const char* rfc3339) { return parse_rfc3339(rfc3339).value(); }

template <typename T>
const T& pick(const std::vector<T>& list, std::mt19937_64& rng) {
  return list[rng() % list.size()];
}

// Every type with every field set now and then, so a field the lean read forgets shows up.
RecordDetail varied_detail(std::mt19937_64& rng) {
  const int kind = static_cast<int>(rng() % 100);
  if (kind < 25) {
    SymptomDetail d;
    for (const auto& code : symptom_codes()) {
      if (rng() % 3 == 0) d.symptoms.push_back(code);
    }
    d.severity = static_cast<int>(rng() % 4);
    for (const auto& code : trigger_codes()) {
      if (code != "other" && rng() % 4 == 0) d.triggers.push_back(code);
    }
    if (rng() % 5 == 0) d.trigger_other = "황사";
    return d;
  }
  if (kind < 50) {
    IntakeDetail d;
    d.category = pick(std::vector<std::string>{"controller", "rescue", "rescue", "other"}, rng);
    if (rng() % 2) d.medication_id = "med-" + std::to_string(rng() % 3);
    else d.medication_name = "벤토린";
    d.doses = 0.5 * static_cast<double>(1 + rng() % 6);
    d.taken = rng() % 5 != 0;
    if (d.category == "rescue" && rng() % 2) d.rescue_reason = "계단 오른 뒤 숨참";
    return d;
  }
  if (kind < 72) {
    LungFunctionDetail d;
    if (rng() % 3 == 0) {
      d.blows = {250 + static_cast<int>(rng() % 300), 250 + static_cast<int>(rng() % 300)};
    } else {
      d.pef = 200 + static_cast<int>(rng() % 400);
    }
    if (rng() % 4 == 0) {
      d.fev1 = 2.5;
      d.fvc = 3.4;
      d.timing = "post_bronchodilator";
      d.device = "clinic_spirometry";
    }
    return d;
  }
  if (kind < 80) {
    ControlTestDetail d;
    d.instrument = rng() % 2 ? "act" : "gina";
    const auto& items = d.instrument == "act" ? act_item_codes() : gina_item_codes();
    for (const auto& item : items) {
      d.answers[item] = d.instrument == "act" ? 1 + static_cast<int>(rng() % 5) : static_cast<int>(rng() % 2);
    }
    return d;
  }
  if (kind < 86) {
    ExacerbationDetail d;
    d.kind = pick(std::vector<std::string>{"unscheduled_visit", "emergency_room", "hospital_admission",
                                           "oral_steroids"},
                  rng);
    d.start_date = "2026-03-0" + std::to_string(1 + rng() % 9);
    if (rng() % 2) d.end_date = "2026-03-2" + std::to_string(rng() % 9);
    return d;
  }
  StatusDetail d;
  d.mood = 1 + static_cast<int>(rng() % 5);
  if (rng() % 3) d.note = "오늘은 " + std::to_string(rng() % 100) + "점";
  return d;
}

RecordInput input(Instant when, const std::string& zone, RecordDetail detail) {
  RecordInput in;
  in.occurred_at = when;
  in.time_zone = zone;
  in.memo = "메모";
  in.detail = std::move(detail);
  return in;
}

class MonthReadTest : public db::testing::MigratedEngineTest {
 protected:
  void SetUp() override {
    MigratedEngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    clock_ = std::make_shared<ManualClock>(at("2026-04-10T00:00:00Z"));
    std::shared_ptr<db::Database> borrowed(&db(), [](db::Database*) {});  // the fixture owns it
    service_ = make_records_service(borrowed, cache::make_memory_cache(clock_), clock_,
                                    std::make_shared<NewYorkIdentity>());
  }
  void TearDown() override {
    service_.reset();
    EngineTest::TearDown();
  }

  void write(const std::string& user, std::vector<BatchItem>& items) {
    auto written = service_->batch(user, items);
    ASSERT_TRUE(written.ok());
    for (const auto& r : *written) ASSERT_LT(r.status, 300) << (r.error ? r.error->internal_message : "");
    items.clear();
  }

  // The month's calendar as served (JSON text) from the given records.
  static std::string calendar_text(const std::string& month, const std::vector<Record>& rows,
                                   const PersonalBest& best, const RecordsSettings& settings) {
    auto out = build_calendar(*parse_month(month), rows, best, settings, nullptr);
    out.time_zone = kUserZone;
    return boost::json::serialize(calendar_json(out));
  }


  std::shared_ptr<ManualClock> clock_;
  std::shared_ptr<RecordsService> service_;
};

TEST_P(MonthReadTest, LeanReadGivesTheFullReadsCalendar) {
  const std::string user = new_uuid_v7();
  std::mt19937_64 rng(2026);
  // Mostly the user's own zone, and zones 14 hours ahead of and 11 behind UTC, whose local
  // March begins in UTC February and ends in UTC April.
  const std::vector<std::string> zones{kUserZone, kUserZone, "Asia/Seoul", "Pacific/Kiritimati", "Pacific/Pago_Pago"};
  const auto start = at("2026-02-26T00:00:00Z");
  std::vector<BatchItem> items;
  std::vector<std::pair<std::string, RecordInput>> written;
  for (int i = 0; i < 700; ++i) {
    BatchItem item;
    item.id = new_uuid_v7();
    // Every seventh record shares the previous one's instant (ties are ordered by id).
    const int slot = i - (i % 7 == 0 && i > 0 ? 1 : 0);
    item.input = input(start + minutes(slot * 73), pick(zones, rng), varied_detail(rng));
    written.emplace_back(item.id, *item.input);
    items.push_back(std::move(item));
    if (items.size() == 350) write(user, items);
  }
  // Two statuses and two control tests at one instant, 23:59:30 on 15 March in New York: "the
  // last one of the day" is the one with the greater id, in both reads.
  for (int i = 0; i < 2; ++i) {
    BatchItem status;
    status.id = new_uuid_v7();
    status.input = input(at("2026-03-16T03:59:30Z"), kUserZone, StatusDetail{2 + i, "같은 시각 " + std::to_string(i)});
    items.push_back(std::move(status));
    BatchItem test;
    test.id = new_uuid_v7();
    ControlTestDetail act;
    act.instrument = "act";
    for (const auto& item : act_item_codes()) act.answers[item] = 2 + 2 * i;
    test.input = input(at("2026-03-16T03:59:30Z"), kUserZone, act);
    items.push_back(std::move(test));
  }
  write(user, items);
  // Edits (some change the type, some move the record across the month's edge) and deletes.
  for (std::size_t i = 0; i < written.size(); ++i) {
    const auto& [id, before] = written[i];
    if (i % 11 == 0) {
      PutOptions replace;
      replace.expected_version = 1;
      auto moved = input(before.occurred_at + hours(i % 2 ? 30 : -30), before.time_zone, varied_detail(rng));
      ASSERT_TRUE(service_->put(user, id, moved, replace).ok());
    } else if (i % 13 == 0) {
      ASSERT_TRUE(service_->remove(user, id, std::nullopt).ok());
    }
  }
  // Another user's March must not leak into this one's.
  for (int i = 0; i < 40; ++i) {
    BatchItem other;
    other.id = new_uuid_v7();
    other.input = input(at("2026-03-02T12:00:00Z") + hours(17 * i), kUserZone, varied_detail(rng));
    items.push_back(std::move(other));
  }
  write(new_uuid_v7(), items);

  RecordsSettings custom;
  custom.green_min_percent = 85;
  custom.yellow_min_percent = 60;
  for (const char* month : {"2026-02", "2026-03", "2026-04"}) {
    SCOPED_TRACE(month);
    const auto days = days_of_month(*parse_month(month));
    auto tx = db().read();
    const auto full = repo::on_local_dates(tx, user, days.front(), days.back());
    const auto lean = repo::calendar_facts_on_local_dates(tx, user, days.front(), days.back());
    tx.commit();
    ASSERT_EQ(lean.size(), full.size());
    for (std::size_t i = 0; i < full.size(); ++i) ASSERT_EQ(lean[i].id, full[i].id) << i;
    for (const auto& best : {PersonalBest{}, PersonalBest{480, "settings"}, PersonalBest{410, "recent_best"}}) {
      for (const auto& settings : {RecordsSettings{}, custom}) {
        EXPECT_EQ(calendar_text(month, lean, best, settings), calendar_text(month, full, best, settings));
      }
    }
    if (std::string(month) != "2026-03") continue;
    // The comparison is not vacuous: March is full of everything the calendar shows ...
    ASSERT_GT(full.size(), 400u);
    const auto expected = calendar_text(month, full, PersonalBest{480, "settings"}, custom);
    EXPECT_NE(calendar_text(month, {}, PersonalBest{480, "settings"}, custom), expected);
    for (const char* shown : {"\"night_waking\":true", "activity_limitation", "sputum", "\"zone\":\"red\"",
                              "emergency_room", "\"instrument\":\"gina\"", "\"act_5\"", "\"note\":\"오늘은", "같은 시각"}) {
      EXPECT_NE(expected.find(shown), std::string::npos) << shown;
    }
    // ... including records of its first and last local days that happened in UTC February / April.
    bool early = false;
    bool late = false;
    for (const auto& r : full) {
      early = early || (r.local_date == days.front() && r.occurred_at < at("2026-03-01T00:00:00Z"));
      late = late || (r.local_date == days.back() && r.occurred_at >= at("2026-04-01T00:00:00Z"));
    }
    EXPECT_TRUE(early);
    EXPECT_TRUE(late);
    // The service's calendar (now built from the lean read) is the full read's.
    auto served = service_->calendar_document(user, month);
    ASSERT_TRUE(served.ok());
    auto read = db().read();
    // The service's fallback: the best PEF of the 183 local days before the month's last one.
    const std::chrono::sys_days last{*parse_local_date(days.back())};
    const auto recent = repo::best_pef_on_days(read, user, format_date(last - std::chrono::days(183)), days.back());
    read.commit();
    ASSERT_TRUE(recent.has_value());
    EXPECT_EQ(*served, calendar_text(month, full, PersonalBest{recent, "recent_best"}, RecordsSettings{}));
  }
}

TEST_P(MonthReadTest, LeanMonthReadSearchesIndexesOnly) {
  // 60 users × 100 records of every type over months, read before and after statistics:
  // SQLite in production runs without ANALYZE, so the plan must not depend on them.
  std::mt19937_64 rng(7);
  std::vector<BatchItem> items;
  for (int u = 0; u < 60; ++u) {
    for (int i = 0; i < 100; ++i) {
      BatchItem item;
      item.id = new_uuid_v7();
      item.input = input(at("2025-12-01T00:00:00Z") + hours(29 * i + u), kUserZone, varied_detail(rng));
      items.push_back(std::move(item));
    }
    write("user-" + std::to_string(u), items);
  }
  const db::Params params{std::string("user-7"), to_unix_ms(at("2025-12-30T00:00:00Z")),
                          to_unix_ms(at("2026-02-03T00:00:00Z")), std::string("2026-01-01"), std::string("2026-01-31")};
  for (bool analyzed : {false, true}) {
    SCOPED_TRACE(analyzed ? "with statistics" : "without statistics");
    if (analyzed) exec(engine() == db::Engine::kSqlite ? "ANALYZE" : "ANALYZE record_facts");
    const auto text = query_plan(facts::sql::kOnLocalDates, params);
    if (engine() == db::Engine::kSqlite) {
      // The month is one range of record_facts' primary key, already in time order.
      EXPECT_EQ(text.find("SCAN "), std::string::npos) << text;
      EXPECT_NE(text.find("SEARCH record_facts USING PRIMARY KEY (user_id=? AND occurred_at>? AND occurred_at<?)"),
                std::string::npos)
          << text;
      EXPECT_EQ(text.find("TEMP B-TREE"), std::string::npos) << text;
    } else {
      EXPECT_EQ(text.find("Seq Scan"), std::string::npos) << text;
      EXPECT_NE(text.find("record_facts_pkey"), std::string::npos) << text;
    }
  }
  auto tx = db().read();
  const auto january = repo::calendar_facts_on_local_dates(tx, "user-7", "2026-01-01", "2026-01-31");
  ASSERT_FALSE(january.empty());
  for (const auto& r : january) EXPECT_EQ(r.local_date.substr(0, 7), "2026-01");
}

SOOM_INSTANTIATE_FOR_ENGINES(MonthReadTest);

}  // namespace
}  // namespace soom::records
