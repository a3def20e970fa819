// Community safety over HTTP: the report threshold hides content, the moderation API
// lives only on the back-office listener and only for moderators/admins, every action
// lands in the read-only audit log, and a suspended user cannot write.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/api_helpers.hpp"
#include "support/server_process.hpp"

namespace soom::testing {
namespace {

namespace json = boost::json;

constexpr const char* kPosts = "/v1/community/posts";
constexpr const char* kPost = "/v1/community/posts/{id:uuid}";
constexpr const char* kReports = "/v1/community/reports";
constexpr const char* kQueue = "/admin/v1/community/reports";
constexpr const char* kStaffPost = "/admin/v1/community/posts/{id:uuid}";
constexpr const char* kModeratePost = "/admin/v1/community/posts/{id:uuid}/moderation";
constexpr const char* kModerateComment = "/admin/v1/community/comments/{id:uuid}/moderation";
constexpr const char* kSuspend = "/admin/v1/community/users/{id:uuid}/suspension";
constexpr const char* kAudit = "/admin/v1/community/audit-log";

class CommunityModerationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    moderator_ = new TestUser(staff("moderator"));
  }
  static void TearDownTestSuite() {
    delete moderator_;
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { SOOM_REQUIRE_ENGINE(engine_under_test()); }
  static HttpClient api() { return server_->api(); }
  static HttpClient admin() { return server_->admin(); }

  // A staff account made the way operators do it (CLI), then logged in.
  static TestUser staff(const std::string& role) {
    TestUser u;
    u.email = role + unique_suffix() + "@soomcare.kr";
    u.password = "관리자비밀번호2026!";
    std::string out;
    if (server_->process().run_command("user create-admin --email " + u.email + " --password " + u.password +
                                           " --role " + role + " --nickname " + role + unique_suffix(),
                                       &out) != 0) {
      ADD_FAILURE() << out;
      return u;
    }
    auto login = api().call("POST", "/v1/auth/login",
                            json::serialize(json::object{{"email", u.email}, {"password", u.password}}));
    EXPECT_EQ(login.status, 200) << login.body;
    u.access_token = std::string(login.json().at("access_token").as_string());
    auto me = api().call("GET", "/v1/me", {}, u.access_token);
    u.id = std::string(me.json().at("id").as_string());
    return u;
  }
  static std::string create_post(const TestUser& u, const std::string& body) {
    auto r = api().call("POST", kPosts, json::serialize(json::object{{"body", body}, {"category", "info"}}),
                        u.access_token, kPosts);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(r.json().at("id").as_string());
  }
  static HttpResponse report(const TestUser& u, const std::string& key, const std::string& id,
                             const std::string& about = "content") {
    return api().call("POST", kReports,
                      json::serialize(json::object{{key, id}, {"reason", "spam"}, {"about", about}}), u.access_token,
                      kReports);
  }
  static HttpResponse moderate(const std::string& kind, const std::string& id, const std::string& action,
                               const std::string& token, const char* route) {
    return admin().call("POST", "/admin/v1/community/" + kind + "/" + id + "/moderation",
                        json::serialize(json::object{{"action", action}, {"reason", "운영정책 검토"}}), token, route);
  }
  static bool in_feed(const TestUser& u, const std::string& id) {
    auto r = api().call("GET", std::string(kPosts) + "?category=info&limit=50", {}, u.access_token, kPosts);
    EXPECT_EQ(r.status, 200) << r.body;
    const auto r_json = r.json();
    for (const auto& item : r_json.at("items").as_array()) {
      if (item.at("id").as_string() == id) return true;
    }
    return false;
  }

  static TestServer* server_;
  static TestUser* moderator_;
};
TestServer* CommunityModerationTest::server_ = nullptr;
TestUser* CommunityModerationTest::moderator_ = nullptr;

TEST_F(CommunityModerationTest, DistinctReportsHideUntilAModeratorDecides) {
  const auto author = create_user(api());
  const auto reader = create_user(api());
  const auto id = create_post(author, "광고성 글입니다 지금 구매하세요");
  const auto r1 = create_user(api());
  const auto r2 = create_user(api());
  const auto r3 = create_user(api());
  ASSERT_EQ(report(r1, "post_id", id).status, 204);
  // The same reporter twice counts once.
  ASSERT_EQ(report(r1, "post_id", id).status, 204);
  ASSERT_EQ(report(r2, "post_id", id).status, 204);
  EXPECT_TRUE(in_feed(reader, id));
  ASSERT_EQ(report(r3, "post_id", id).status, 204);
  EXPECT_FALSE(in_feed(reader, id));
  EXPECT_EQ(api().call("GET", "/v1/community/posts/" + id, {}, reader.access_token, kPost).status, 404);
  // The author still sees it, marked hidden.
  auto own = api().call("GET", "/v1/community/posts/" + id, {}, author.access_token, kPost);
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.json().at("status").as_string(), "hidden");

  // The queue shows it with its author (staff only).
  auto queue = admin().call("GET", kQueue, {}, moderator_->access_token, kQueue);
  ASSERT_EQ(queue.status, 200) << queue.body;
  bool found = false;
  const auto queue_json = queue.json();
  for (const auto& item : queue_json.at("items").as_array()) {
    if (item.at("target_id").as_string() != id) continue;
    found = true;
    EXPECT_EQ(item.at("open_reports").as_int64(), 3);
    EXPECT_EQ(item.at("status").as_string(), "hidden");
    EXPECT_EQ(item.at("author_id").as_string(), author.id);
  }
  EXPECT_TRUE(found);
  auto staff_view = admin().call("GET", "/admin/v1/community/posts/" + id, {}, moderator_->access_token, kStaffPost);
  ASSERT_EQ(staff_view.status, 200) << staff_view.body;
  EXPECT_EQ(staff_view.json().at("author_id").as_string(), author.id);

  ASSERT_EQ(moderate("posts", id, "unhide", moderator_->access_token, kModeratePost).status, 204);
  EXPECT_TRUE(in_feed(reader, id));
  EXPECT_EQ(moderate("posts", id, "unhide", moderator_->access_token, kModeratePost).status, 409);
  ASSERT_EQ(moderate("posts", id, "delete", moderator_->access_token, kModeratePost).status, 204);
  EXPECT_FALSE(in_feed(reader, id));

  auto audit = admin().call("GET", kAudit, {}, moderator_->access_token, kAudit);
  ASSERT_EQ(audit.status, 200) << audit.body;
  std::vector<std::string> actions;
  const auto audit_json = audit.json();
  for (const auto& e : audit_json.at("items").as_array()) {
    if (e.at("target_id").as_string() == id) {
      actions.emplace_back(e.at("action").as_string());
      EXPECT_EQ(e.at("actor_id").as_string(), moderator_->id);
      EXPECT_EQ(e.at("reason").as_string(), "운영정책 검토");
    }
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"delete", "unhide"}));  // newest first

  // Search indexing hears about every change, ids only.
  auto database = db::open_database(db::OpenOptions{server_->database_url(), 1, 5000});
  auto tx = database->read();
  std::vector<std::string> types;
  for (const auto& row : tx.query("SELECT type, payload FROM outbox_events WHERE aggregate_id = $1 ORDER BY seq", {id})
                             .rows) {
    types.push_back(row.get_text(0));
    EXPECT_EQ(row.get_text(1), "{\"post_id\":\"" + id + "\"}");
  }
  tx.commit();
  EXPECT_EQ(types, (std::vector<std::string>{"community.post_published", "community.post_hidden",
                                             "community.post_published", "community.post_deleted"}));
}

TEST_F(CommunityModerationTest, ReportedCommentsAreHiddenButKeepTheirPlace) {
  const auto author = create_user(api());
  const auto id = create_post(author, "댓글 신고 테스트 글");
  const auto troll = create_user(api());
  auto c = api().call("POST", "/v1/community/posts/" + id + "/comments",
                      json::serialize(json::object{{"body", "욕설 댓글"}}), troll.access_token,
                      "/v1/community/posts/{id:uuid}/comments");
  ASSERT_EQ(c.status, 201) << c.body;
  const std::string comment_id(c.json().at("id").as_string());
  for (int i = 0; i < 3; ++i) ASSERT_EQ(report(create_user(api()), "comment_id", comment_id).status, 204);
  auto detail = api().call("GET", "/v1/community/posts/" + id, {}, author.access_token, kPost);
  ASSERT_EQ(detail.status, 200);
  const auto shown = detail.json().at("comments").at(0);
  EXPECT_EQ(shown.at("status").as_string(), "hidden");
  EXPECT_EQ(shown.at("body").as_string().find("욕설"), std::string::npos);
  ASSERT_EQ(moderate("comments", comment_id, "unhide", moderator_->access_token, kModerateComment).status, 204);
  detail = api().call("GET", "/v1/community/posts/" + id, {}, author.access_token, kPost);
  EXPECT_EQ(detail.json().at("comments").at(0).at("body").as_string(), "욕설 댓글");
}

TEST_F(CommunityModerationTest, ModerationIsStaffOnlyAndNotOnThePublicListener) {
  const auto patient = create_user(api());
  const auto id = create_post(patient, "권한 테스트");
  EXPECT_EQ(admin().call("GET", kQueue, {}, patient.access_token, kQueue).status, 403);
  EXPECT_EQ(moderate("posts", id, "hide", patient.access_token, kModeratePost).status, 403);
  EXPECT_EQ(admin().call("GET", kAudit, {}, patient.access_token, kAudit).status, 403);
  EXPECT_EQ(admin().call("POST", "/admin/v1/community/users/" + patient.id + "/suspension",
                         json::serialize(json::object{{"days", 3}, {"reason", "x"}}), patient.access_token, kSuspend)
                .status,
            403);
  EXPECT_EQ(admin().call("GET", kQueue).status, 401);
  // The public listener does not serve these routes at all, even for staff.
  EXPECT_EQ(api().call("GET", kQueue, {}, moderator_->access_token).status, 404);
  EXPECT_EQ(api().call("GET", kAudit, {}, moderator_->access_token).status, 404);
  EXPECT_EQ(api().call("POST", "/admin/v1/community/posts/" + id + "/moderation",
                       json::serialize(json::object{{"action", "hide"}, {"reason", "x"}}), moderator_->access_token)
                .status,
            404);
  // The audit log has no write routes.
  EXPECT_EQ(admin().call("DELETE", kAudit, {}, moderator_->access_token).status, 405);
  // Admins may moderate too; bad input is refused and logs nothing.
  const auto admin_user = staff("admin");
  auto before = admin().call("GET", kAudit, {}, admin_user.access_token, kAudit).json().at("items").as_array().size();
  EXPECT_EQ(admin().call("POST", "/admin/v1/community/posts/" + id + "/moderation",
                         json::serialize(json::object{{"action", "explode"}, {"reason", "x"}}), admin_user.access_token,
                         kModeratePost)
                .status,
            400);
  EXPECT_EQ(admin().call("GET", kAudit, {}, admin_user.access_token, kAudit).json().at("items").as_array().size(),
            before);
  EXPECT_EQ(moderate("posts", id, "hide", admin_user.access_token, kModeratePost).status, 204);
}

TEST_F(CommunityModerationTest, SuspendedUsersCannotWrite) {
  const auto user = create_user(api());
  const auto id = create_post(user, "정지 전 글");
  auto bad = admin().call("POST", "/admin/v1/community/users/" + user.id + "/suspension",
                          json::serialize(json::object{{"days", 0}, {"reason", "도배"}}), moderator_->access_token,
                          kSuspend);
  EXPECT_EQ(bad.status, 400) << bad.body;
  auto s = admin().call("POST", "/admin/v1/community/users/" + user.id + "/suspension",
                        json::serialize(json::object{{"days", 7}, {"reason", "도배"}}), moderator_->access_token,
                        kSuspend);
  ASSERT_EQ(s.status, 201) << s.body;
  auto refused = api().call("POST", kPosts, json::serialize(json::object{{"body", "정지 중 글"}, {"category", "info"}}),
                            user.access_token, kPosts);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(api().call("POST", "/v1/community/posts/" + id + "/comments",
                       json::serialize(json::object{{"body", "정지 중 댓글"}}), user.access_token)
                .status,
            403);
  // Reading still works.
  EXPECT_EQ(api().call("GET", "/v1/community/posts/" + id, {}, user.access_token, kPost).status, 200);
  auto audit = admin().call("GET", kAudit, {}, moderator_->access_token, kAudit);
  bool logged = false;
  const auto audit_json = audit.json();
  for (const auto& e : audit_json.at("items").as_array()) {
    if (e.at("target_id").as_string() == user.id && e.at("action").as_string() == "suspend") logged = true;
  }
  EXPECT_TRUE(logged);
}

}  // namespace
}  // namespace soom::testing
