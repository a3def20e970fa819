// Health records over HTTP on the real binary: idempotent PUT, ETags, merge-patch, tombstones,
// offline batch replay, sync, calendar across DST, consent and IDOR.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <future>
#include <set>

#include "core/random.hpp"
#include "support/api_helpers.hpp"
#include "support/server_process.hpp"

namespace soom::testing {
namespace {

namespace json = boost::json;

constexpr const char* kRecord = "/v1/records/{id:uuid}";
constexpr const char* kBatch = "/v1/records:batch";
constexpr const char* kList = "/v1/records";
constexpr const char* kSync = "/v1/sync";
constexpr const char* kCalendar = "/v1/calendar";
constexpr const char* kDay = "/v1/calendar/day/{day:date}";
constexpr const char* kSettings = "/v1/records/settings";

json::object symptom(const std::string& at, int severity, const std::string& zone = "Asia/Seoul") {
  return {{"type", "symptom"},
          {"occurred_at", at},
          {"time_zone", zone},
          {"memo", "기침이 심했음"},
          {"symptom", {{"severity", severity}, {"symptoms", {"cough", "wheeze"}}, {"triggers", {"fine_dust"}}}}};
}

json::object peak_flow(const std::string& at, json::array blows, const std::string& zone = "Asia/Seoul") {
  return {{"type", "lung_function"},
          {"occurred_at", at},
          {"time_zone", zone},
          {"lung_function", {{"blows", std::move(blows)}, {"device", "home_meter"}}}};
}

json::object status_record(const std::string& at, int mood, const std::string& zone) {
  return {{"type", "status"}, {"occurred_at", at}, {"time_zone", zone}, {"status", {{"mood", mood}, {"note", "오늘"}}}};
}

class RecordsApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { SOOM_REQUIRE_ENGINE(engine_under_test()); }
  static HttpClient api() { return server_->api(); }

  static HttpResponse put(const TestUser& u, const std::string& id, const json::object& body,
                          std::vector<std::pair<std::string, std::string>> headers = {}) {
    return api().call("PUT", "/v1/records/" + id, json::serialize(body), u.access_token, kRecord, std::move(headers));
  }
  static HttpResponse get(const TestUser& u, const std::string& id) {
    return api().call("GET", "/v1/records/" + id, {}, u.access_token, kRecord);
  }
  static json::object sync(const TestUser& u, const std::string& since) {
    auto r = api().call("GET", "/v1/sync" + (since.empty() ? std::string() : "?since=" + since), {}, u.access_token,
                        kSync);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }
  static std::vector<std::string> list_all_ids(const TestUser& u, int page_size) {
    std::vector<std::string> ids;
    std::string cursor;
    for (int guard = 0; guard < 100; ++guard) {
      auto r = api().call("GET", "/v1/records?limit=" + std::to_string(page_size) +
                                     (cursor.empty() ? "" : "&cursor=" + cursor),
                          {}, u.access_token, kList);
      EXPECT_EQ(r.status, 200) << r.body;
      const auto body = r.json().as_object();
      for (const auto& item : body.at("items").as_array()) ids.emplace_back(item.at("id").as_string());
      if (body.at("next_cursor").is_null()) break;
      cursor = std::string(body.at("next_cursor").as_string());
    }
    return ids;
  }
  static void expect_problem(const HttpResponse& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << r.body;
    if (r.header("content-type") == "application/problem+json") {
      EXPECT_EQ(r.json().at("code").as_string(), code) << r.body;
    }
  }
  static bool has_field_error(const HttpResponse& r, const std::string& field) {
    const auto body = r.json().as_object();
    if (!body.contains("errors")) return false;
    for (const auto& e : body.at("errors").as_array()) {
      if (e.at("field").as_string() == field) return true;
    }
    return false;
  }

  static TestServer* server_;
};
TestServer* RecordsApiTest::server_ = nullptr;

TEST_F(RecordsApiTest, PutIsIdempotentAndVersioned) {
  const auto user = create_user(api());
  const auto id = new_uuid_v7();
  const auto body = symptom("2026-11-23T12:30:00Z", 2);
  auto created = put(user, id, body);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("etag"), "\"v1\"");
  const auto record = created.json().as_object();
  EXPECT_EQ(record.at("local_date").as_string(), "2026-11-23");  // 21:30 in Seoul
  EXPECT_EQ(record.at("version").as_int64(), 1);

  // A retry of the same body is a no-op that returns the same record.
  auto retry = put(user, id, body);
  ASSERT_EQ(retry.status, 200) << retry.body;
  EXPECT_EQ(retry.json(), created.json());

  // Same id, different body, no If-Match: a conflict, nothing changes.
  auto changed = body;
  changed["symptom"].as_object()["severity"] = 3;
  expect_problem(put(user, id, changed), 409, "CONFLICT");
  // With the current ETag (weak form accepted) it replaces; a stale ETag is refused.
  auto replaced = put(user, id, changed, {{"If-Match", "W/\"v1\""}});
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_EQ(replaced.json().at("version").as_int64(), 2);
  EXPECT_EQ(replaced.header("etag"), "\"v2\"");
  changed["memo"] = "다시";
  expect_problem(put(user, id, changed, {{"If-Match", "\"v1\""}}), 412, "PRECONDITION_FAILED");

  auto fetched = get(user, id);
  ASSERT_EQ(fetched.status, 200);
  EXPECT_EQ(fetched.header("etag"), "\"v2\"");
  EXPECT_EQ(fetched.json().at("symptom").at("severity").as_int64(), 3);
  expect_problem(get(user, new_uuid_v7()), 404, "NOT_FOUND");
}

TEST_F(RecordsApiTest, ValidationReportsEveryField) {
  const auto user = create_user(api());
  auto body = peak_flow("2026-11-23T12:30:00Z", {});
  body["lung_function"] = json::object{{"pef", 1000}, {"fev1", 9.0}, {"fvc", 0.1}};
  body["memo"] = std::string(2001, 'a');
  body["occurred_at"] = "2099-01-01T00:00:00Z";
  auto r = put(user, new_uuid_v7(), body);
  expect_problem(r, 400, "VALIDATION_FAILED");
  for (const char* field : {"lung_function.pef", "lung_function.fev1", "lung_function.fvc", "memo", "occurred_at"}) {
    EXPECT_TRUE(has_field_error(r, field)) << field << " in " << r.body;
  }
  json::object act{{"type", "control_test"},
                   {"occurred_at", "2026-11-23T12:30:00Z"},
                   {"control_test", {{"instrument", "act"}, {"answers", {{"act_1", 5}, {"act_2", 4}, {"act_3", 4}, {"act_4", 3}, {"act_5", 6}}}}}};
  r = put(user, new_uuid_v7(), act);
  expect_problem(r, 400, "VALIDATION_FAILED");
  EXPECT_TRUE(has_field_error(r, "control_test.answers.act_5")) << r.body;
  act["control_test"].as_object()["answers"].as_object()["act_5"] = 5;
  r = put(user, new_uuid_v7(), act);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("control_test").at("score").as_int64(), 21);
  EXPECT_EQ(r.json().at("control_test").at("result").as_string(), "well_controlled");
  EXPECT_EQ(r.json().at("time_zone").as_string(), "Asia/Seoul");  // defaulted from the profile
  // Best of up to three blows.
  r = put(user, new_uuid_v7(), peak_flow("2026-11-23T12:30:00Z", {380, 420, 405}));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("lung_function").at("pef").as_int64(), 420);
}

TEST_F(RecordsApiTest, ConcurrentPatchWithOneEtagGivesOneWinner) {
  const auto user = create_user(api());
  expect_problem(api().call("PATCH", "/v1/records/" + new_uuid_v7(), R"({"memo":"x"})", user.access_token,
                            kRecord),
                 428, "PRECONDITION_REQUIRED");
  for (int round = 0; round < 5; ++round) {
    const auto id = new_uuid_v7();
    ASSERT_EQ(put(user, id, symptom("2026-11-20T01:00:00Z", 1)).status, 201);
    auto patch = [&](int severity) {
      return api().call("PATCH", "/v1/records/" + id,
                        json::serialize(json::object{{"symptom", {{"severity", severity}, {"triggers", nullptr}}}}),
                        user.access_token, kRecord, {{"If-Match", "\"v1\""}});
    };
    auto a = std::async(std::launch::async, patch, 2);
    auto b = std::async(std::launch::async, patch, 3);
    const auto ra = a.get();
    const auto rb = b.get();
    std::multiset<int> statuses{ra.status, rb.status};
    EXPECT_EQ(statuses, (std::multiset<int>{200, 412})) << ra.body << rb.body;
    auto current = get(user, id).json();
    EXPECT_EQ(current.at("version").as_int64(), 2);
    EXPECT_TRUE(current.at("symptom").at("triggers").as_array().empty());  // null removed the member
    EXPECT_EQ(current.at("symptom").at("symptoms").as_array().size(), 2u);  // untouched members stay
    EXPECT_EQ(current.at("memo").as_string(), "기침이 심했음");
  }
  // Merge-patch null clears the memo; the type is read-only.
  const auto id = new_uuid_v7();
  ASSERT_EQ(put(user, id, symptom("2026-11-20T01:00:00Z", 1)).status, 201);
  auto cleared = api().call("PATCH", "/v1/records/" + id, R"({"memo":null})", user.access_token, kRecord,
                            {{"If-Match", "\"v1\""}});
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(cleared.json().at("memo").is_null());
  expect_problem(api().call("PATCH", "/v1/records/" + id, R"({"type":"status"})", user.access_token, kRecord,
                            {{"If-Match", "\"v2\""}}),
                 400, "VALIDATION_FAILED");
}

TEST_F(RecordsApiTest, OfflineReplayOfABatchThreeTimesKeepsOneCopy) {
  const auto user = create_user(api());
  json::array records;
  for (int i = 0; i < 30; ++i) {
    const auto at = "2026-11-" + std::string(i % 28 + 1 < 10 ? "0" : "") + std::to_string(i % 28 + 1) + "T03:00:00Z";
    auto body = i % 3 == 0 ? symptom(at, i % 4) : i % 3 == 1 ? peak_flow(at, {300 + i}) : status_record(at, 3, "Asia/Seoul");
    body["id"] = new_uuid_v7();
    records.push_back(body);
  }
  const auto batch = json::serialize(json::object{{"records", records}});
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto r = api().call("POST", "/v1/records:batch", batch, user.access_token, kBatch);
    ASSERT_EQ(r.status, 200) << r.body;
    const auto parsed = r.json();
    const auto& results = parsed.at("results").as_array();
    ASSERT_EQ(results.size(), 30u);
    for (const auto& item : results) {
      EXPECT_EQ(item.at("status").as_int64(), attempt == 0 ? 201 : 200) << json::serialize(item);
      EXPECT_EQ(item.at("record").at("version").as_int64(), 1);
    }
  }
  const auto ids = list_all_ids(user, 7);  // five pages through the cursor
  EXPECT_EQ(ids.size(), 30u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 30u);
  auto changes = sync(user, "");
  EXPECT_EQ(changes.at("changes").as_array().size(), 30u);
  EXPECT_FALSE(changes.at("has_more").as_bool());

  // Per-item results: a bad item and a conflicting item do not sink the good one.
  json::array mixed{json::object{{"id", new_uuid_v7()}, {"type", "status"}, {"occurred_at", "2026-11-02T00:00:00Z"},
                                 {"status", {{"mood", 9}}}},
                    records[0], json::object{{"id", new_uuid_v7()}, {"type", "status"},
                                             {"occurred_at", "2026-11-02T00:00:00Z"}, {"status", {{"mood", 2}}}}};
  mixed[1].as_object()["memo"] = "바뀐 메모";
  auto r = api().call("POST", "/v1/records:batch", json::serialize(json::object{{"records", mixed}}),
                      user.access_token, kBatch);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto parsed = r.json();
  const auto& results = parsed.at("results").as_array();
  EXPECT_EQ(results[0].at("status").as_int64(), 400);
  EXPECT_EQ(results[1].at("status").as_int64(), 409);
  EXPECT_EQ(results[2].at("status").as_int64(), 201);
  EXPECT_EQ(list_all_ids(user, 200).size(), 31u);
  json::array too_many;
  for (int i = 0; i < 501; ++i) too_many.push_back(json::object{{"id", new_uuid_v7()}});
  expect_problem(api().call("POST", "/v1/records:batch", json::serialize(json::object{{"records", too_many}}),
                            user.access_token, kBatch),
                 400, "VALIDATION_FAILED");
  expect_problem(api().call("GET", "/v1/records?limit=201", {}, user.access_token, kList), 400, "VALIDATION_FAILED");
  expect_problem(api().call("GET", "/v1/records?cursor=bogus", {}, user.access_token, kList), 400,
                 "VALIDATION_FAILED");
}

TEST_F(RecordsApiTest, SyncAfterDeleteReturnsTheTombstone) {
  const auto user = create_user(api());
  const auto keep = new_uuid_v7();
  const auto doomed = new_uuid_v7();
  ASSERT_EQ(put(user, keep, symptom("2026-11-10T01:00:00Z", 1)).status, 201);
  ASSERT_EQ(put(user, doomed, symptom("2026-11-11T01:00:00Z", 2)).status, 201);
  const auto first = sync(user, "");
  ASSERT_EQ(first.at("changes").as_array().size(), 2u);
  const std::string cursor(first.at("next_cursor").as_string());
  EXPECT_TRUE(sync(user, cursor).at("changes").as_array().empty());

  expect_problem(api().call("DELETE", "/v1/records/" + doomed, {}, user.access_token, kRecord,
                            {{"If-Match", "\"v7\""}}),
                 412, "PRECONDITION_FAILED");
  EXPECT_EQ(api().call("DELETE", "/v1/records/" + doomed, {}, user.access_token, kRecord).status, 204);
  EXPECT_EQ(api().call("DELETE", "/v1/records/" + doomed, {}, user.access_token, kRecord).status, 204);  // idempotent
  const auto after = sync(user, cursor);
  const auto& changes = after.at("changes").as_array();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].at("id").as_string(), doomed);
  EXPECT_TRUE(changes[0].at("deleted").as_bool());
  EXPECT_FALSE(changes[0].at("deleted_at").is_null());
  EXPECT_FALSE(changes[0].as_object().contains("symptom"));  // a tombstone carries no health details
  EXPECT_TRUE(sync(user, std::string(after.at("next_cursor").as_string())).at("changes").as_array().empty());
  expect_problem(get(user, doomed), 404, "NOT_FOUND");
  // An offline client replaying its old create must not resurrect it.
  expect_problem(put(user, doomed, symptom("2026-11-11T01:00:00Z", 2)), 409, "CONFLICT");
  expect_problem(api().call("GET", "/v1/sync?since=nonsense", {}, user.access_token, kSync), 400,
                 "VALIDATION_FAILED");
}

TEST_F(RecordsApiTest, CalendarAcrossDstWithZonesAndCacheInvalidation) {
  const auto user = create_user(api());
  auto settings = api().call("PUT", "/v1/records/settings", R"({"personal_best_pef":500})", user.access_token,
                             kSettings);
  ASSERT_EQ(settings.status, 200) << settings.body;
  EXPECT_EQ(settings.json().at("green_min_percent").as_int64(), 80);
  expect_problem(api().call("PUT", "/v1/records/settings", R"({"personal_best_pef":20,"yellow_min_percent":90})",
                            user.access_token, kSettings),
                 400, "VALIDATION_FAILED");
  EXPECT_EQ(api().call("GET", "/v1/records/settings", {}, user.access_token, kSettings).status, 200);
  const std::string ny = "America/New_York";
  // Spring forward on 2026-03-08: 23:30 EDT on the 8th and 00:30 EDT on the 9th.
  ASSERT_EQ(put(user, new_uuid_v7(), status_record("2026-03-09T03:30:00Z", 4, ny)).status, 201);
  ASSERT_EQ(put(user, new_uuid_v7(), peak_flow("2026-03-09T04:30:00Z", {350, 390}, ny)).status, 201);
  // The same user back in Seoul: 01:00 KST on the 9th (still the 8th in New York).
  ASSERT_EQ(put(user, new_uuid_v7(), symptom("2026-03-08T16:00:00Z", 2)).status, 201);

  auto month = api().call("GET", "/v1/calendar?month=2026-03", {}, user.access_token, kCalendar);
  ASSERT_EQ(month.status, 200) << month.body;
  auto cal = month.json().as_object();
  const auto& days = cal.at("days").as_array();
  ASSERT_EQ(days.size(), 31u);
  EXPECT_EQ(days[7].at("record_count").as_int64(), 1);  // 8th: the NY evening
  EXPECT_EQ(days[7].at("status").at("mood").as_int64(), 4);
  EXPECT_EQ(days[8].at("record_count").as_int64(), 2);  // 9th: NY after midnight + Seoul
  EXPECT_EQ(days[8].at("worst_severity").as_int64(), 2);
  EXPECT_EQ(days[8].at("peak_flow").at("best_pef").as_int64(), 390);
  EXPECT_EQ(days[8].at("peak_flow").at("zone").as_string(), "yellow");  // 78 % of 500
  // Controller doses come from the medication module when it is wired; a user without
  // medications has nothing scheduled (never invented numbers).
  if (const auto& doses = days[8].at("controller_doses"); !doses.is_null()) {
    EXPECT_EQ(doses.at("scheduled").as_int64(), 0);
    EXPECT_EQ(doses.at("taken").as_int64(), 0);
  }
  EXPECT_EQ(cal.at("personal_best_source").as_string(), "settings");
  EXPECT_EQ(cal.at("totals").at("days_recorded").as_int64(), 2);
  EXPECT_EQ(cal.at("totals").at("symptom_free_days").as_int64(), 1);

  // A write into the month invalidates the cached calendar.
  ASSERT_EQ(put(user, new_uuid_v7(), peak_flow("2026-03-20T01:00:00Z", {450})).status, 201);
  cal = api().call("GET", "/v1/calendar?month=2026-03", {}, user.access_token, kCalendar).json().as_object();
  EXPECT_EQ(cal.at("days").as_array()[19].at("peak_flow").at("zone").as_string(), "green");
  EXPECT_EQ(cal.at("totals").at("days_recorded").as_int64(), 3);
  // Without a personal best the best PEF of the last six months is used (and the thresholds apply).
  ASSERT_EQ(api().call("PUT", "/v1/records/settings", R"({"personal_best_pef":null})", user.access_token, kSettings)
                .status,
            200);
  cal = api().call("GET", "/v1/calendar?month=2026-03", {}, user.access_token, kCalendar).json().as_object();
  EXPECT_EQ(cal.at("personal_best_source").as_string(), "recent_best");
  EXPECT_EQ(cal.at("personal_best").as_int64(), 450);
  EXPECT_EQ(cal.at("days").as_array()[8].at("peak_flow").at("zone").as_string(), "green");  // 87 % of 450

  auto day = api().call("GET", "/v1/calendar/day/2026-03-09", {}, user.access_token, kDay);
  ASSERT_EQ(day.status, 200);
  EXPECT_EQ(day.json().at("items").as_array().size(), 2u);
  expect_problem(api().call("GET", "/v1/calendar?month=2026-13", {}, user.access_token, kCalendar), 400,
                 "VALIDATION_FAILED");
}

TEST_F(RecordsApiTest, AnotherUsersRecordIsNotFoundOnEveryRoute) {
  const auto owner = create_user(api());
  const auto intruder = create_user(api());
  const auto id = new_uuid_v7();
  const auto body = symptom("2026-11-15T01:00:00Z", 2);
  ASSERT_EQ(put(owner, id, body).status, 201);

  expect_problem(get(intruder, id), 404, "NOT_FOUND");
  expect_problem(put(intruder, id, body), 404, "NOT_FOUND");
  expect_problem(put(intruder, id, body, {{"If-Match", "\"v1\""}}), 404, "NOT_FOUND");
  expect_problem(api().call("PATCH", "/v1/records/" + id, R"({"memo":"hacked"})", intruder.access_token, kRecord,
                            {{"If-Match", "\"v1\""}}),
                 404, "NOT_FOUND");
  expect_problem(api().call("DELETE", "/v1/records/" + id, {}, intruder.access_token, kRecord), 404, "NOT_FOUND");
  auto batch_body = body;
  batch_body["id"] = id;
  for (const auto& item : {json::value(batch_body), json::value(json::object{{"id", id}, {"op", "delete"}})}) {
    auto batch = api().call("POST", "/v1/records:batch", json::serialize(json::object{{"records", json::array{item}}}),
                            intruder.access_token, kBatch);
    ASSERT_EQ(batch.status, 200);
    EXPECT_EQ(batch.json().at("results").at(0).at("status").as_int64(), 404) << batch.body;
  }
  EXPECT_TRUE(list_all_ids(intruder, 50).empty());
  EXPECT_TRUE(sync(intruder, "").at("changes").as_array().empty());
  auto day = api().call("GET", "/v1/calendar/day/2026-11-15", {}, intruder.access_token, kDay);
  EXPECT_TRUE(day.json().at("items").as_array().empty());
  auto cal = api().call("GET", "/v1/calendar?month=2026-11", {}, intruder.access_token, kCalendar);
  EXPECT_EQ(cal.json().at("totals").at("days_recorded").as_int64(), 0);
  // The owner's record is untouched.
  auto mine = get(owner, id);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json().at("version").as_int64(), 1);
  EXPECT_EQ(mine.json().at("memo").as_string(), "기침이 심했음");
}

TEST_F(RecordsApiTest, HealthDataConsentAndAuthenticationAreRequired) {
  const auto user = create_user(api(), /*health_consent=*/false);
  expect_problem(put(user, new_uuid_v7(), symptom("2026-11-15T01:00:00Z", 2)), 403, "CONSENT_REQUIRED");
  expect_problem(api().call("GET", "/v1/calendar?month=2026-11", {}, user.access_token, kCalendar), 403,
                 "CONSENT_REQUIRED");
  expect_problem(api().call("GET", "/v1/sync", {}, user.access_token, kSync), 403, "CONSENT_REQUIRED");
  expect_problem(api().call("GET", "/v1/records", {}, {}, kList), 401, "AUTH_REQUIRED");
}

}  // namespace
}  // namespace soom::testing
