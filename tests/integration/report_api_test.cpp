// Reports on the real binary: records seeded over HTTP give hand-computed report figures;
// the action plan round-trips (and shares personal best/thresholds with the records
// settings); a red peak-flow reading notifies once, pointing at the plan; CSV/FHIR/personal
// data exports; 401 without a token; another user's data never appears.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <thread>

#include "core/random.hpp"
#include "core/time.hpp"
#include "db/db.hpp"
#include "support/api_helpers.hpp"
#include "support/server_process.hpp"

namespace soom::testing {
namespace {

namespace json = boost::json;
using std::chrono::milliseconds;

constexpr const char* kRecord = "/v1/records/{id:uuid}";
constexpr const char* kReports = "/v1/reports";
constexpr const char* kPlan = "/v1/action-plan";
constexpr const char* kCsv = "/v1/export.csv";
constexpr const char* kFhir = "/v1/export/fhir";
constexpr const char* kPersonal = "/v1/export/personal-data";
constexpr const char* kNotifications = "/v1/notifications";

json::object symptom(const std::string& at, json::array codes, int severity, json::array triggers) {
  return {{"type", "symptom"},
          {"occurred_at", at},
          {"time_zone", "Asia/Seoul"},
          {"symptom", {{"severity", severity}, {"symptoms", std::move(codes)}, {"triggers", std::move(triggers)}}}};
}
json::object rescue(const std::string& at, double doses) {
  return {{"type", "intake"},
          {"occurred_at", at},
          {"time_zone", "Asia/Seoul"},
          {"intake", {{"medication_name", "벤톨린 에보할러"}, {"category", "rescue"}, {"doses", doses}}}};
}
json::object pef(const std::string& at, int value) {
  return {{"type", "lung_function"},
          {"occurred_at", at},
          {"time_zone", "Asia/Seoul"},
          {"memo", "=cmd|' /C calc'!A0"},
          {"lung_function", {{"pef", value}, {"device", "home_meter"}}}};
}
json::object act(const std::string& at, int each) {
  return {{"type", "control_test"},
          {"occurred_at", at},
          {"time_zone", "Asia/Seoul"},
          {"control_test",
           {{"instrument", "act"},
            {"answers", {{"act_1", each}, {"act_2", each}, {"act_3", each}, {"act_4", each}, {"act_5", each}}}}}};
}
json::object exacerbation(const std::string& at, const std::string& start) {
  return {{"type", "exacerbation"},
          {"occurred_at", at},
          {"time_zone", "Asia/Seoul"},
          {"exacerbation", {{"kind", "oral_steroids"}, {"start_date", start}}}};
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class ReportApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { SOOM_REQUIRE_ENGINE(engine_under_test()); }
  static HttpClient api() { return server_->api(); }

  static std::string put(const TestUser& u, const json::object& body, std::string id = {}) {
    if (id.empty()) id = new_uuid_v7();
    auto r = api().call("PUT", "/v1/records/" + id, json::serialize(body), u.access_token, kRecord);
    EXPECT_TRUE(r.status == 201 || r.status == 200) << r.body;
    return id;
  }
  static json::object report(const TestUser& u, const std::string& query) {
    auto r = api().call("GET", std::string("/v1/reports") + query, {}, u.access_token, kReports);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json().as_object() : json::object{};
  }
  static const json::object& metric(const json::object& report, const std::string& name) {
    for (const auto& m : report.at("comparison").as_array()) {
      if (m.at("metric").as_string() == name) return m.as_object();
    }
    throw std::runtime_error("no metric " + name);
  }
  // The user's peak_flow_zone notifications for `record_id`.
  static int zone_notifications(const TestUser& u, const std::string& record_id) {
    auto r = api().call("GET", "/v1/notifications?limit=50", {}, u.access_token, kNotifications);
    if (r.status != 200) return -1;
    int n = 0;
    const auto body = r.json();  // keep the document alive while iterating
    for (const auto& item : body.at("items").as_array()) {
      if (item.at("kind").as_string() != "peak_flow_zone") continue;
      const auto& data = item.at("data").as_object();
      if (data.contains("record_id") && data.at("record_id").as_string() == record_id) {
        EXPECT_EQ(data.at("link").as_string(), "soomcare://action-plan");
        EXPECT_EQ(data.at("zone").as_string(), "red");
        ++n;
      }
    }
    return n;
  }

  static TestServer* server_;
};
TestServer* ReportApiTest::server_ = nullptr;

// Period 2026-10-05 (Mon) – 2026-11-01 (Sun), 28 days; the previous period is
// 2026-09-07 – 2026-10-04. Times are UTC; Seoul is UTC+9.
TEST_F(ReportApiTest, FiguresMatchHandComputedValues) {
  const auto alice = create_user(api());
  const auto bob = create_user(api());
  put(alice, symptom("2026-09-10T01:00:00Z", {"cough"}, 1, {}));  // previous period
  put(alice, symptom("2026-10-05T01:00:00Z", {"cough"}, 1, {"fine_dust"}));
  put(alice, symptom("2026-10-06T01:00:00Z", {"night_waking"}, 2, {"fine_dust", "cold_air"}));
  put(alice, rescue("2026-10-07T01:00:00Z", 2));
  put(alice, pef("2026-10-07T23:00:00Z", 500));  // 10-08 08:00 Seoul
  put(alice, pef("2026-10-08T11:00:00Z", 450));  // 10-08 20:00 Seoul
  put(alice, pef("2026-10-09T01:00:00Z", 240));
  put(alice, pef("2026-10-10T01:00:00Z", 350));
  const auto act_id = put(alice, act("2026-10-12T01:00:00Z", 4));  // 20 points
  put(alice, exacerbation("2026-10-13T01:00:00Z", "2026-10-13"));
  put(alice, symptom("2026-11-01T16:00:00Z", {"wheeze"}, 3, {}));  // 11-02 01:00 Seoul: after the period

  const auto r = report(alice, "?from=2026-10-05&to=2026-11-01");
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r.at("period").at("days").as_int64(), 28);
  EXPECT_EQ(r.at("previous_period").at("from").as_string(), "2026-09-07");
  const auto& s = r.at("symptoms");
  EXPECT_EQ(s.at("days_recorded").as_int64(), 8);  // 05 06 07 08 09 10 12 13
  EXPECT_EQ(s.at("symptom_days").as_int64(), 2);
  EXPECT_EQ(s.at("symptom_free_days").as_int64(), 6);
  EXPECT_EQ(s.at("daytime_symptom_days").as_int64(), 1);  // the night waking alone is not daytime
  EXPECT_EQ(s.at("night_waking_nights").as_int64(), 1);
  EXPECT_EQ(s.at("top_triggers").at(0).at("trigger").as_string(), "fine_dust");
  EXPECT_EQ(s.at("top_triggers").at(0).at("days").as_int64(), 2);
  ASSERT_EQ(r.at("weeks").as_array().size(), 4u);
  EXPECT_EQ(r.at("weeks").at(0).at("reliever_days").as_int64(), 1);
  const auto& rel = r.at("reliever");
  EXPECT_EQ(rel.at("days").as_int64(), 1);
  EXPECT_DOUBLE_EQ(rel.at("doses").to_number<double>(), 2.0);
  EXPECT_DOUBLE_EQ(rel.at("days_per_week").to_number<double>(), 0.3);  // 1 day / 4 weeks = 0.25 → 0.3
  // Peak flow: best on a well day = 500; 500 100 %, 450 90 %, 240 48 % (red), 350 70 %.
  const auto& pf = r.at("peak_flow");
  EXPECT_EQ(pf.at("personal_best").as_int64(), 500);
  EXPECT_EQ(pf.at("personal_best_source").as_string(), "well_controlled_best");
  EXPECT_EQ(pf.at("zones").at("green").as_int64(), 2);
  EXPECT_EQ(pf.at("zones").at("yellow").as_int64(), 1);
  EXPECT_EQ(pf.at("zones").at("red").as_int64(), 1);
  EXPECT_DOUBLE_EQ(pf.at("mean_percent_of_personal_best").to_number<double>(), 77.0);
  EXPECT_DOUBLE_EQ(pf.at("diurnal_variability_percent").to_number<double>(), 10.5);  // 50 / 475
  EXPECT_TRUE(pf.at("variability_above_threshold").as_bool());
  EXPECT_TRUE(pf.at("predicted_pef").is_null());  // no age/sex/height in the profile
  // GINA: 1 item (night waking), but 8 of 28 days recorded → not rated.
  const auto& w = r.at("control").at(0);
  EXPECT_EQ(w.at("items_met").as_int64(), 1);
  EXPECT_EQ(w.at("level").as_string(), "insufficient_data");
  EXPECT_EQ(r.at("act").at(0).at("record_id").as_string(), act_id);
  EXPECT_EQ(r.at("act").at(0).at("score").as_int64(), 20);
  EXPECT_EQ(r.at("act").at(0).at("band").as_string(), "well_controlled");
  EXPECT_EQ(r.at("exacerbations").as_array().size(), 1u);
  EXPECT_EQ(metric(r, "symptom_days").at("direction").as_string(), "worse");  // 2 vs 1
  EXPECT_EQ(metric(r, "exacerbations").at("direction").as_string(), "worse");  // 1 vs 0
  EXPECT_EQ(r.at("summary_ko").at(0).as_string(), "2026-10-05~2026-11-01 28일 중 8일 기록했습니다.");

  // Bob asking for the same period sees none of Alice's data.
  const auto other = report(bob, "?from=2026-10-05&to=2026-11-01");
  EXPECT_EQ(other.at("symptoms").at("days_recorded").as_int64(), 0);
  EXPECT_TRUE(other.at("peak_flow").at("readings").as_array().empty());
  // The default period is the 28 days ending today.
  EXPECT_EQ(report(alice, "").at("period").at("days").as_int64(), 28);
}

// As-needed budesonide/formoterol (catalog drug) counts as reliever use but not towards GINA's
// reliever item; a free-text reliever counts as SABA.
TEST_F(ReportApiTest, IcsFormoterolRelieverIsExcludedFromGinaRelieverItem) {
  const auto u = create_user(api());
  json::object med{{"drug_id", "symbicort-turbuhaler"}, {"role", "reliever"}, {"dose", 1},
                   {"dose_unit", "puff"},                {"schedule", {{"kind", "as_needed"}}}};
  auto created = api().call("POST", "/v1/medications", json::serialize(med), u.access_token, "/v1/medications");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string med_id(created.json().at("id").as_string());
  // 7-day period: limit 2; 2 ICS-formoterol uses + 2 SABA uses → 4 reliever uses, 2 for GINA.
  for (const char* at : {"2026-10-05T01:00:00Z", "2026-10-06T01:00:00Z"}) {
    auto body = rescue(at, 1);
    body["intake"].as_object()["medication_id"] = med_id;
    put(u, body);
  }
  put(u, rescue("2026-10-07T01:00:00Z", 2));
  put(u, rescue("2026-10-08T01:00:00Z", 2));
  const auto r = report(u, "?from=2026-10-05&to=2026-10-11");
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r.at("reliever").at("occasions").as_int64(), 4);
  EXPECT_EQ(r.at("reliever").at("ics_formoterol_occasions").as_int64(), 2);
  const auto& w = r.at("control").at(0);
  EXPECT_EQ(w.at("reliever_occasions").as_int64(), 2);
  EXPECT_FALSE(w.at("items").at("reliever_over_limit").as_bool());  // 2 is not more than 2
}

TEST_F(ReportApiTest, BadPeriodsAreRefused) {
  const auto u = create_user(api());
  for (const char* q : {"?from=2026-10-05", "?from=2026-13-01&to=2026-12-01", "?from=2026-11-02&to=2026-11-01",
                        "?from=2025-01-01&to=2026-01-02"}) {
    auto r = api().call("GET", std::string("/v1/reports") + q, {}, u.access_token, kReports);
    EXPECT_EQ(r.status, 400) << q << " " << r.body;
    EXPECT_EQ(r.json().at("code").as_string(), "VALIDATION_FAILED");
  }
  const auto no_consent = create_user(api(), /*health_consent=*/false);
  auto r = api().call("GET", "/v1/reports", {}, no_consent.access_token, kReports);
  EXPECT_EQ(r.status, 403) << r.body;
}

TEST_F(ReportApiTest, ActionPlanRoundTripAndValidation) {
  const auto u = create_user(api());
  auto empty = api().call("GET", "/v1/action-plan", {}, u.access_token, kPlan);
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_TRUE(empty.json().at("updated_at").is_null());
  EXPECT_EQ(empty.json().at("green_min_percent").as_int64(), 80);

  json::object plan{{"personal_best_pef", 480},
                    {"green_min_percent", 85},
                    {"yellow_min_percent", 55},
                    {"zones",
                     {{"green", {{"take", "심비코트 1회 2번 흡입"}, {"do", "평소처럼 생활"}}},
                      {"yellow", {{"take", "심비코트 1회 추가"}, {"do", "쉬면서 20분 뒤 다시 측정"}}},
                      {"red", {{"take", "심비코트 1회 추가"}, {"do", "바로 병원 응급실"}}}}},
                    {"call_doctor_when", "노란 구역이 이틀 넘게 이어질 때"},
                    {"call_119_when", "말하기 힘들거나 입술이 파래질 때"},
                    {"doctor", {{"name", "김숨 선생님"}, {"phone", "02-123-4567"}, {"clinic", "숨편한 내과"}}}};
  auto saved = api().call("PUT", "/v1/action-plan", json::serialize(plan), u.access_token, kPlan);
  ASSERT_EQ(saved.status, 200) << saved.body;
  auto got = api().call("GET", "/v1/action-plan", {}, u.access_token, kPlan);
  ASSERT_EQ(got.status, 200);
  const auto g = got.json().as_object();
  EXPECT_EQ(g.at("personal_best_pef").as_int64(), 480);
  EXPECT_EQ(g.at("zones").at("yellow").at("do").as_string(), "쉬면서 20분 뒤 다시 측정");
  EXPECT_EQ(g.at("doctor").at("phone").as_string(), "02-123-4567");
  EXPECT_FALSE(g.at("updated_at").is_null());
  // One source of truth: the records settings (used by the calendar zones) say the same.
  auto settings = api().call("GET", "/v1/records/settings", {}, u.access_token, "/v1/records/settings");
  ASSERT_EQ(settings.status, 200) << settings.body;
  EXPECT_EQ(settings.json().at("personal_best_pef").as_int64(), 480);
  EXPECT_EQ(settings.json().at("green_min_percent").as_int64(), 85);

  auto bad = plan;
  bad["yellow_min_percent"] = 90;  // not below green
  bad["call_119_when"] = std::string(501, 'x');
  bad["doctor"].as_object()["phone"] = "전화";
  auto refused = api().call("PUT", "/v1/action-plan", json::serialize(bad), u.access_token, kPlan);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.json().at("code").as_string(), "VALIDATION_FAILED");
  EXPECT_EQ(refused.json().at("errors").as_array().size(), 3u) << refused.body;
  // Nothing was written.
  auto after = api().call("GET", "/v1/action-plan", {}, u.access_token, kPlan);
  EXPECT_EQ(after.json().at("yellow_min_percent").as_int64(), 55);
  EXPECT_EQ(after.json().at("call_119_when").as_string(), "말하기 힘들거나 입술이 파래질 때");
  // Another user has their own (empty) plan.
  const auto other = create_user(api());
  auto theirs = api().call("GET", "/v1/action-plan", {}, other.access_token, kPlan);
  EXPECT_TRUE(theirs.json().at("personal_best_pef").is_null());
  EXPECT_EQ(theirs.json().at("doctor").at("name").as_string(), "");
}

TEST_F(ReportApiTest, RedReadingNotifiesOncePointingAtThePlan) {
  const auto u = create_user(api());
  json::object plan{{"personal_best_pef", 500}, {"green_min_percent", 80}, {"yellow_min_percent", 50}};
  ASSERT_EQ(api().call("PUT", "/v1/action-plan", json::serialize(plan), u.access_token, kPlan).status, 200);
  const auto now = now_ms();
  const auto green = put(u, pef(format_rfc3339(from_unix_ms(now - 120'000)), 450));  // 90 %
  const auto red_body = pef(format_rfc3339(from_unix_ms(now - 60'000)), 200);         // 40 %
  const auto red = put(u, red_body);
  int seen = 0;
  for (int i = 0; i < 200 && seen == 0; ++i) {
    seen = zone_notifications(u, red);
    if (seen == 0) std::this_thread::sleep_for(milliseconds(100));
  }
  ASSERT_EQ(seen, 1) << "no zone notification within 20 s";
  // The green reading was delivered first (events are in order) and said nothing.
  EXPECT_EQ(zone_notifications(u, green), 0);
  // Saving the same reading again does not notify twice.
  put(u, red_body, red);
  std::this_thread::sleep_for(milliseconds(1'500));
  EXPECT_EQ(zone_notifications(u, red), 1);
}

TEST_F(ReportApiTest, ExportsHoldOnlyTheUsersData) {
  const auto alice = create_user(api());
  const auto bob = create_user(api());
  const auto pef_id = put(alice, pef("2026-10-08T01:00:00Z", 430));
  const auto act_id = put(alice, act("2026-10-09T01:00:00Z", 3));
  const auto bob_id = put(bob, pef("2026-10-08T01:00:00Z", 380));
  json::object med{{"name", "벤톨린 에보할러"}, {"role", "reliever"}, {"dose", 2}, {"dose_unit", "puff"},
                   {"schedule", {{"kind", "as_needed"}}}};
  ASSERT_EQ(api().call("POST", "/v1/medications", json::serialize(med), alice.access_token, "/v1/medications").status,
            201);

  auto csv = api().call("GET", "/v1/export.csv", {}, alice.access_token, kCsv);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF" "id,type,occurred_at", 0), 0u);
  EXPECT_NE(csv.body.find(pef_id), std::string::npos);
  EXPECT_NE(csv.body.find(act_id), std::string::npos);
  EXPECT_NE(csv.body.find(",'=cmd|' /C calc'!A0,"), std::string::npos);  // neutralized formula
  EXPECT_EQ(csv.body.find(bob_id), std::string::npos);

  auto fhir = api().call("GET", "/v1/export/fhir", {}, alice.access_token, kFhir);
  ASSERT_EQ(fhir.status, 200) << fhir.body;
  EXPECT_EQ(fhir.header("content-type"), "application/fhir+json");
  const auto bundle = fhir.json().as_object();
  EXPECT_EQ(bundle.at("resourceType").as_string(), "Bundle");
  EXPECT_EQ(bundle.at("type").as_string(), "collection");
  EXPECT_NE(fhir.body.find("\"19935-6\""), std::string::npos);
  EXPECT_NE(fhir.body.find("\"82668-5\""), std::string::npos);
  EXPECT_EQ(bundle.at("entry").at(0).at("resource").at("id").as_string(), alice.id);
  EXPECT_EQ(fhir.body.find(bob.id), std::string::npos);
  const auto& entries = bundle.at("entry").as_array();
  const auto& last = entries.back().at("resource");
  EXPECT_EQ(last.at("resourceType").as_string(), "MedicationStatement");
  EXPECT_EQ(last.at("medicationCodeableConcept").at("text").as_string(), "벤톨린 에보할러");
  EXPECT_TRUE(last.at("dosage").at(0).at("asNeededBoolean").as_bool());
  EXPECT_EQ(entries.size(), 4u);  // Patient, PEF, ACT total, the statement

  auto data = api().call("GET", "/v1/export/personal-data", {}, alice.access_token, kPersonal);
  ASSERT_EQ(data.status, 200) << data.body;
  const auto d = data.json().as_object();
  EXPECT_EQ(d.at("profile").at("email").as_string(), alice.email);
  EXPECT_EQ(d.at("records").as_array().size(), 2u);
  EXPECT_EQ(d.at("medications").as_array().size(), 1u);
  EXPECT_TRUE(d.at("doses").is_array());
  EXPECT_EQ(d.at("consents").as_array().size(), 3u);  // terms, health data, marketing
  EXPECT_TRUE(d.at("action_plan").is_object());
  EXPECT_EQ(data.body.find(bob_id), std::string::npos);
}

TEST_F(ReportApiTest, DeletingTheAccountErasesTheActionPlan) {
  const auto leaving = create_user(api());
  const auto staying = create_user(api());
  const auto plan = json::serialize(json::object{{"call_119_when", "숨쉬기 힘들 때"}});
  for (const auto* u : {&leaving, &staying}) {
    ASSERT_EQ(api().call("PUT", "/v1/action-plan", plan, u->access_token, kPlan).status, 200);
  }
  auto database = db::open_database(db::OpenOptions{server_->database_url(), 1, 5000});
  const auto plans_of = [&](const std::string& user_id) {
    auto tx = database->read();
    return tx.query("SELECT COUNT(*) FROM report_action_plans WHERE user_id = $1", {user_id}).rows.at(0).get_int(0);
  };
  ASSERT_EQ(plans_of(leaving.id), 1);
  ASSERT_EQ(api().call("DELETE", "/v1/me", json::serialize(json::object{{"password", leaving.password}}),
                       leaving.access_token)
                .status,
            204);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (plans_of(leaving.id) > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(50));
  }
  EXPECT_EQ(plans_of(leaving.id), 0);
  EXPECT_EQ(plans_of(staying.id), 1);
}

TEST_F(ReportApiTest, EveryRouteNeedsAToken) {
  const std::pair<const char*, const char*> routes[] = {{"GET", "/v1/reports"},     {"GET", "/v1/action-plan"},
                                                        {"PUT", "/v1/action-plan"}, {"GET", "/v1/export.csv"},
                                                        {"GET", "/v1/export/fhir"}, {"GET", "/v1/export/personal-data"}};
  for (const auto& [method, path] : routes) {
    auto r = api().call(method, path, std::string(method) == "PUT" ? "{}" : "", "", path);
    EXPECT_EQ(r.status, 401) << method << " " << path;
  }
}

}  // namespace
}  // namespace soom::testing
