// Clinician share links on the real binary: create → the public page opens without a token
// (escaped, no-store, noindex, strict CSP, inline SVG charts) and the PDF too → each opening
// is logged and visible to the patient → revoke → 404 like an unknown token; another user's
// share id is 404 on every owner route; owner routes need a token; bad input is 400;
// account deletion erases the shares.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <thread>

#include "core/random.hpp"
#include "db/db.hpp"
#include "support/api_helpers.hpp"
#include "support/server_process.hpp"

namespace soom::testing {
namespace {

namespace json = boost::json;

constexpr const char* kShares = "/v1/report-shares";
constexpr const char* kShare = "/v1/report-shares/{id:uuid}";
constexpr const char* kAccesses = "/v1/report-shares/{id:uuid}/accesses";
constexpr const char* kPublic = "/v1/shared-reports/{token}";
constexpr const char* kPublicPdf = "/v1/shared-reports/{token}/report.pdf";

class ReportShareTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { SOOM_REQUIRE_ENGINE(engine_under_test()); }
  static HttpClient api() { return server_->api(); }

  static json::object create(const TestUser& u, const json::object& body) {
    auto r = api().call("POST", kShares, json::serialize(body), u.access_token, kShares);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().as_object() : json::object{};
  }
  static json::array accesses(const TestUser& u, const std::string& id) {
    auto r = api().call("GET", std::string(kShares) + "/" + id + "/accesses", {}, u.access_token, kAccesses);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json().at("items").as_array() : json::array{};
  }

  static TestServer* server_;
};
TestServer* ReportShareTest::server_ = nullptr;

TEST_F(ReportShareTest, PublicPageOpensWithoutLoginIsLoggedAndRevocable) {
  const auto alice = create_user(api());
  auto rec = api().call("PUT", "/v1/records/" + new_uuid_v7(),
                        json::serialize(json::object{{"type", "symptom"},
                                                     {"occurred_at", "2026-10-06T01:00:00Z"},
                                                     {"time_zone", "Asia/Seoul"},
                                                     {"symptom", {{"severity", 2}, {"symptoms", {"cough"}}}},
                                                     {"memo", "<script>alert(1)</script>"}}),
                        alice.access_token, "/v1/records/{id:uuid}");
  ASSERT_EQ(rec.status, 201) << rec.body;
  auto plan = api().call("PUT", "/v1/action-plan",
                         json::serialize(json::object{{"zones", {{"red", {{"take", "<b>벤톨린</b> 4회"}, {"do", "119"}}}}}}),
                         alice.access_token, "/v1/action-plan");
  ASSERT_EQ(plan.status, 200) << plan.body;

  const auto created = create(alice, {{"from", "2026-10-05"}, {"to", "2026-11-01"}, {"note", "김 선생님"}});
  ASSERT_FALSE(created.empty());
  const std::string id(created.at("id").as_string());
  const std::string token(created.at("token").as_string());
  EXPECT_GE(token.size(), 43u);  // 32 bytes of base64url: 256 bits
  EXPECT_EQ(created.at("status").as_string(), "active");
  EXPECT_EQ(created.at("url").as_string(), "/v1/shared-reports/" + token);

  const auto hour_before = std::chrono::duration_cast<std::chrono::hours>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  // No token at all: the link is the credential.
  const auto page = api().call("GET", "/v1/shared-reports/" + token, {}, {}, kPublic,
                               {{"User-Agent", "ClinicBrowser/1.0"}});
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(page.header("cache-control"), "no-store");
  EXPECT_EQ(page.header("x-robots-tag"), "noindex, nofollow");
  EXPECT_NE(page.header("content-security-policy").find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(page.header("content-security-policy").find("script-src"), std::string::npos);
  EXPECT_NE(page.body.find("천식 진료 리포트"), std::string::npos);
  EXPECT_NE(page.body.find("2026-10-05 ~ 2026-11-01"), std::string::npos);
  EXPECT_NE(page.body.find("&lt;b&gt;벤톨린&lt;/b&gt; 4회"), std::string::npos);  // escaped
  EXPECT_EQ(page.body.find("<b>벤톨린"), std::string::npos);
  EXPECT_EQ(page.body.find("<script"), std::string::npos);
  EXPECT_EQ(page.body.find("<?xml"), std::string::npos);
  EXPECT_NE(page.body.find("<svg"), std::string::npos);
  EXPECT_NE(page.body.find("id=\"pef-"), std::string::npos);  // chart ids made unique

  const auto pdf = api().call("GET", "/v1/shared-reports/" + token + "/report.pdf", {}, {}, kPublicPdf);
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.header("content-type"), "application/pdf");
  EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);

  const auto hour_after = std::chrono::duration_cast<std::chrono::hours>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
  // The patient hears about it (outbox → notification), once per share and hour.
  int notified = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (notified == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto n = api().call("GET", "/v1/notifications?limit=50", {}, alice.access_token, "/v1/notifications");
    ASSERT_EQ(n.status, 200) << n.body;
    const auto body = n.json();
    for (const auto& item : body.at("items").as_array()) {
      if (item.at("kind").as_string() == "report_share_opened") {
        EXPECT_EQ(item.at("data").at("share_id").as_string(), id);
        ++notified;
      }
    }
  }
  if (hour_before == hour_after) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // a second event would have been delivered
    auto n = api().call("GET", "/v1/notifications?limit=50", {}, alice.access_token, "/v1/notifications");
    int again = 0;
    const auto body = n.json();
    for (const auto& item : body.at("items").as_array()) again += item.at("kind").as_string() == "report_share_opened";
    EXPECT_EQ(again, 1);
  } else {
    EXPECT_GE(notified, 1);
  }

  const auto log = accesses(alice, id);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log.at(0).at("resource").as_string(), "pdf");  // newest first
  EXPECT_EQ(log.at(1).at("resource").as_string(), "html");
  EXPECT_EQ(log.at(1).at("user_agent").as_string(), "ClinicBrowser/1.0");
  auto list = api().call("GET", kShares, {}, alice.access_token, kShares);
  ASSERT_EQ(list.status, 200) << list.body;
  const auto items = list.json().at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items.at(0).at("access_count").as_int64(), 2);
  EXPECT_EQ(items.at(0).at("note").as_string(), "김 선생님");
  EXPECT_FALSE(items.at(0).as_object().contains("token"));  // shown once only

  // Revoked, unknown and malformed tokens: the same 404.
  EXPECT_EQ(api().call("DELETE", std::string(kShares) + "/" + id, {}, alice.access_token, kShare).status, 204);
  const auto revoked = api().call("GET", "/v1/shared-reports/" + token, {}, {}, kPublic);
  const auto unknown = api().call("GET", "/v1/shared-reports/" + random_token(32), {}, {}, kPublic);
  const auto junk = api().call("GET", "/v1/shared-reports/x", {}, {}, kPublic);
  EXPECT_EQ(revoked.status, 404);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(junk.status, 404);
  EXPECT_EQ(api().call("GET", "/v1/shared-reports/" + token + "/report.pdf", {}, {}, kPublicPdf).status, 404);
  auto after = api().call("GET", kShares, {}, alice.access_token, kShares);
  EXPECT_EQ(after.json().at("items").at(0).at("status").as_string(), "revoked");
  EXPECT_EQ(accesses(alice, id).size(), 2u);  // failed openings are not accesses
}

TEST_F(ReportShareTest, AnotherUsersShareIsNotFoundAndOwnerRoutesNeedAToken) {
  const auto alice = create_user(api());
  const auto bob = create_user(api());
  const auto created = create(alice, {});
  ASSERT_FALSE(created.empty());
  const std::string id(created.at("id").as_string());
  EXPECT_EQ(created.at("expires_at").as_string() > created.at("created_at").as_string(), true);
  EXPECT_EQ(api().call("DELETE", std::string(kShares) + "/" + id, {}, bob.access_token, kShare).status, 404);
  EXPECT_EQ(api().call("GET", std::string(kShares) + "/" + id + "/accesses", {}, bob.access_token, kAccesses).status,
            404);
  auto bobs = api().call("GET", kShares, {}, bob.access_token, kShares);
  EXPECT_TRUE(bobs.json().at("items").as_array().empty());
  EXPECT_EQ(api().call("GET", kShares, {}, {}, kShares).status, 401);
  EXPECT_EQ(api().call("POST", kShares, "{}", {}, kShares).status, 401);
  EXPECT_EQ(api().call("DELETE", std::string(kShares) + "/" + id, {}, {}, kShare).status, 401);
  EXPECT_EQ(api().call("GET", std::string(kShares) + "/" + id + "/accesses", {}, {}, kAccesses).status, 401);
  // Still active for alice.
  auto list = api().call("GET", kShares, {}, alice.access_token, kShares);
  EXPECT_EQ(list.json().at("items").at(0).at("status").as_string(), "active");
}

TEST_F(ReportShareTest, BadInputWritesNothing) {
  const auto alice = create_user(api());
  for (const auto& body : {json::object{{"expires_in_days", 31}}, json::object{{"expires_in_days", 0}},
                           json::object{{"from", "2026-11-01"}, {"to", "2026-10-01"}},
                           json::object{{"note", "한\n줄"}}}) {
    auto r = api().call("POST", kShares, json::serialize(body), alice.access_token, kShares);
    EXPECT_EQ(r.status, 400) << json::serialize(body) << r.body;
  }
  auto list = api().call("GET", kShares, {}, alice.access_token, kShares);
  EXPECT_TRUE(list.json().at("items").as_array().empty());
  const auto no_consent = create_user(api(), /*health_consent=*/false);
  EXPECT_EQ(api().call("POST", kShares, "{}", no_consent.access_token, kShares).status, 403);
}

TEST_F(ReportShareTest, DeletingTheAccountErasesSharesAndTheirLog) {
  const auto leaving = create_user(api());
  const auto staying = create_user(api());
  std::string leaving_token;
  for (const auto* u : {&leaving, &staying}) {
    const auto created = create(*u, {});
    ASSERT_FALSE(created.empty());
    const std::string token(created.at("token").as_string());
    ASSERT_EQ(api().call("GET", "/v1/shared-reports/" + token, {}, {}, kPublic).status, 200);
    if (u == &leaving) leaving_token = token;
  }
  auto database = db::open_database(db::OpenOptions{server_->database_url(), 1, 5000});
  const auto rows_of = [&](const std::string& user_id) {
    auto tx = database->read();
    return tx.query("SELECT COUNT(*) FROM report_shares WHERE user_id = $1", {user_id}).rows.at(0).get_int(0) +
           tx.query("SELECT COUNT(*) FROM report_share_accesses WHERE user_id = $1", {user_id}).rows.at(0).get_int(0);
  };
  ASSERT_EQ(rows_of(leaving.id), 2);
  ASSERT_EQ(api().call("DELETE", "/v1/me", json::serialize(json::object{{"password", leaving.password}}),
                       leaving.access_token)
                .status,
            204);
  EXPECT_EQ(api().call("GET", "/v1/shared-reports/" + leaving_token, {}, {}, kPublic).status, 404);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (rows_of(leaving.id) > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(rows_of(leaving.id), 0);
  EXPECT_EQ(rows_of(staying.id), 2);
}

// Its own server: the per-client limit counts every request from 127.0.0.1.
class ReportShareRateLimitTest : public ReportShareTest {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
};

TEST_F(ReportShareRateLimitTest, PerTokenThenPerClientWithRetryAfter) {
  const auto alice = create_user(api());
  const auto created = create(alice, {});
  ASSERT_FALSE(created.empty());
  const std::string path = "/v1/shared-reports/" + std::string(created.at("token").as_string());
  for (int i = 0; i < 30; ++i) ASSERT_EQ(api().call("GET", path, {}, {}, kPublic).status, 200) << i;
  const auto limited = api().call("GET", path, {}, {}, kPublic);
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_GE(std::stoi(limited.header("retry-after")), 1);
  EXPECT_EQ(accesses(alice, std::string(created.at("id").as_string())).size(), 30u);
  // Guessing other tokens from the same client: 404 until the client's 60 requests are used.
  for (int i = 31; i < 60; ++i) {
    ASSERT_EQ(api().call("GET", "/v1/shared-reports/" + random_token(32), {}, {}, kPublic).status, 404) << i;
  }
  EXPECT_EQ(api().call("GET", "/v1/shared-reports/" + random_token(32), {}, {}, kPublic).status, 429);
}

}  // namespace
}  // namespace soom::testing
