// The community over HTTP on the real binary: posts with frozen record snapshots,
// anonymous display, comments and replies, likes, bookmarks, cursors, blocks, IDOR,
// personal-data warnings, rate limits and the duplicate guard, account erasure.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "core/random.hpp"
#include "support/api_helpers.hpp"
#include "support/server_process.hpp"

namespace soom::testing {
namespace {

namespace json = boost::json;

constexpr const char* kPosts = "/v1/community/posts";
constexpr const char* kPost = "/v1/community/posts/{id:uuid}";
constexpr const char* kComments = "/v1/community/posts/{id:uuid}/comments";
constexpr const char* kComment = "/v1/community/comments/{id:uuid}";
constexpr const char* kPostLike = "/v1/community/posts/{id:uuid}/like";
constexpr const char* kCommentLike = "/v1/community/comments/{id:uuid}/like";
constexpr const char* kBookmark = "/v1/community/posts/{id:uuid}/bookmark";
constexpr const char* kBookmarks = "/v1/community/bookmarks";
constexpr const char* kBlocks = "/v1/community/blocks";
constexpr const char* kReports = "/v1/community/reports";

json::object post_body(const std::string& body, const std::string& category = "daily") {
  return {{"title", "오늘의 숨"}, {"body", body}, {"category", category}};
}

// Every string anywhere in a JSON value.
void collect_strings(const json::value& v, std::vector<std::string>& out) {
  if (v.is_string()) out.emplace_back(v.as_string());
  if (v.is_array()) {
    for (const auto& x : v.as_array()) collect_strings(x, out);
  }
  if (v.is_object()) {
    for (const auto& [k, x] : v.as_object()) {
      out.emplace_back(k);
      collect_strings(x, out);
    }
  }
}

class CommunityApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ServerProcess::Options options;
    options.env["SOOMCARE_COMMUNITY_POSTS_PER_WINDOW"] = "6";
    options.env["SOOMCARE_COMMUNITY_COMMENTS_PER_WINDOW"] = "8";
    server_ = new TestServer(options);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { SOOM_REQUIRE_ENGINE(engine_under_test()); }
  static HttpClient api() { return server_->api(); }

  static HttpResponse create(const TestUser& u, const json::object& body,
                             std::vector<std::pair<std::string, std::string>> headers = {}) {
    return api().call("POST", kPosts, json::serialize(body), u.access_token, kPosts, std::move(headers));
  }
  static std::string create_id(const TestUser& u, const json::object& body) {
    auto r = create(u, body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? std::string(r.json().at("id").as_string()) : std::string();
  }
  static HttpResponse get(const TestUser& u, const std::string& id) {
    return api().call("GET", "/v1/community/posts/" + id, {}, u.access_token, kPost);
  }
  static HttpResponse comment(const TestUser& u, const std::string& post_id, const json::object& body) {
    return api().call("POST", "/v1/community/posts/" + post_id + "/comments", json::serialize(body), u.access_token,
                      kComments);
  }
  static std::vector<std::string> feed_ids(const TestUser& u, const std::string& query = "") {
    std::vector<std::string> ids;
    std::string cursor;
    for (int guard = 0; guard < 200; ++guard) {
      auto r = api().call("GET", std::string(kPosts) + "?limit=50" + query + (cursor.empty() ? "" : "&cursor=" + cursor),
                          {}, u.access_token, kPosts);
      EXPECT_EQ(r.status, 200) << r.body;
      if (r.status != 200) break;
      const auto body = r.json().as_object();
      for (const auto& item : body.at("items").as_array()) ids.emplace_back(item.at("id").as_string());
      if (body.at("next_cursor").is_null()) break;
      cursor = std::string(body.at("next_cursor").as_string());
    }
    return ids;
  }
  static bool contains(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }
  static void expect_problem(const HttpResponse& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    if (r.header("content-type") == "application/problem+json") {
      EXPECT_EQ(r.json().at("code").as_string(), code) << r.body;
    }
  }

  static TestServer* server_;
};
TestServer* CommunityApiTest::server_ = nullptr;

TEST_F(CommunityApiTest, CreateIsIdempotentAndBadInputWritesNothing) {
  const auto author = create_user(api());
  const auto body = post_body("천식 3년차입니다. 요즘 아침 기침이 줄었어요.");
  auto first = create(author, body, {{"Idempotency-Key", "post-" + unique_suffix()}});
  ASSERT_EQ(first.status, 201) << first.body;
  const auto post = first.json().as_object();
  EXPECT_EQ(post.at("category_label").as_string(), "일상");
  EXPECT_EQ(post.at("author").at("display_name").as_string(), author.nickname);
  EXPECT_TRUE(post.at("author").at("is_mine").as_bool());
  EXPECT_TRUE(post.at("warnings").as_array().empty());
  // The retry answers with the same post instead of a second one.
  const auto key = "retry-" + unique_suffix();
  auto a = create(author, post_body("같은 요청을 두 번 보냅니다"), {{"Idempotency-Key", key}});
  auto b = create(author, post_body("같은 요청을 두 번 보냅니다"), {{"Idempotency-Key", key}});
  ASSERT_EQ(a.status, 201) << a.body;
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(a.json().at("id"), b.json().at("id"));

  const auto before = feed_ids(author);
  json::object too_long = post_body(std::string(5001, 'a'));
  auto r = create(author, too_long);
  expect_problem(r, 400, "VALIDATION_FAILED");
  expect_problem(create(author, {{"body", "카테고리 없음"}}), 400, "VALIDATION_FAILED");
  expect_problem(create(author, post_body("없는 카테고리", "nope")), 400, "VALIDATION_FAILED");
  expect_problem(create(author, {{"body", "   \n  "}, {"category", "daily"}}), 400, "VALIDATION_FAILED");
  json::object long_title = post_body("제목이 너무 김");
  long_title["title"] = std::string(101, 'x');
  expect_problem(create(author, long_title), 400, "VALIDATION_FAILED");
  EXPECT_EQ(feed_ids(author), before);
}

TEST_F(CommunityApiTest, PersonalDataIsWarnedNotBlockedAndDuplicatesAreRefused) {
  const auto author = create_user(api());
  auto r = create(author, post_body("연락 주세요 010-1234-5678, 메일 me@example.com, 900101-1234567"));
  ASSERT_EQ(r.status, 201) << r.body;
  std::set<std::string> codes;
  const auto r_json = r.json();
  for (const auto& w : r_json.at("warnings").as_array()) codes.emplace(w.at("code").as_string());
  EXPECT_EQ(codes, (std::set<std::string>{"phone_number", "email", "resident_registration_number"}));
  // Same author, same body apart from spacing and case: refused within the window.
  expect_problem(create(author, post_body("연락  주세요 010-1234-5678,\n메일 ME@example.com, 900101-1234567")), 409,
                 "CONFLICT");
  // Another author may write the same words.
  const auto other = create_user(api());
  EXPECT_EQ(create(other, post_body("연락 주세요 010-1234-5678, 메일 me@example.com, 900101-1234567")).status, 201);
}

TEST_F(CommunityApiTest, AnonymousPostsNeverRevealTheAuthorToOthers) {
  const auto author = create_user(api());
  const auto reader = create_user(api());
  auto body = post_body("익명으로 질문드려요. 흡입기 사용법이 헷갈립니다.", "question");
  body["anonymous"] = true;
  const auto id = create_id(author, body);
  auto own = comment(author, id, {{"body", "글쓴이 댓글입니다"}, {"anonymous", true}});
  ASSERT_EQ(own.status, 201) << own.body;
  ASSERT_EQ(comment(reader, id, {{"body", "저도 궁금해요"}}).status, 201);
  ASSERT_EQ(api().call("PUT", "/v1/community/posts/" + id + "/like", {}, reader.access_token, kPostLike).status, 200);

  std::vector<HttpResponse> seen;
  seen.push_back(get(reader, id));
  seen.push_back(api().call("GET", std::string(kPosts) + "?category=question&limit=50", {}, reader.access_token, kPosts));
  seen.push_back(api().call("GET", std::string(kPosts) + "?sort=popular&limit=50", {}, reader.access_token, kPosts));
  seen.push_back(api().call("PUT", "/v1/community/posts/" + id + "/bookmark", {}, reader.access_token, kBookmark));
  seen.push_back(api().call("GET", kBookmarks, {}, reader.access_token, kBookmarks));
  seen.push_back(api().call("POST", kBlocks, json::serialize(json::object{{"post_id", id}}), reader.access_token,
                            kBlocks));
  seen.push_back(api().call("GET", kBlocks, {}, reader.access_token, kBlocks));
  bool saw_post = false;
  for (const auto& r : seen) {
    ASSERT_LT(r.status, 300) << r.body;
    std::vector<std::string> strings;
    if (!r.body.empty()) collect_strings(r.json(), strings);
    for (const auto& s : strings) {
      EXPECT_EQ(s.find(author.id), std::string::npos) << r.body;
      EXPECT_EQ(s.find(author.email), std::string::npos) << r.body;
      EXPECT_EQ(s.find(author.nickname), std::string::npos) << r.body;
      if (s == id) saw_post = true;
    }
  }
  EXPECT_TRUE(saw_post);
  const auto detail = seen.front().json().as_object();
  EXPECT_EQ(detail.at("author").at("display_name").as_string(), "익명");
  EXPECT_FALSE(detail.at("author").at("is_mine").as_bool());
  EXPECT_EQ(detail.at("comments").at(0).at("author").at("display_name").as_string(), "익명");
  // The author still recognizes their own post.
  auto mine = get(author, id);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_TRUE(mine.json().at("author").at("is_mine").as_bool());
  EXPECT_EQ(mine.json().at("author").at("display_name").as_string(), "익명");
}

TEST_F(CommunityApiTest, SnapshotIsAFrozenCopyOfTheRecords) {
  const auto author = create_user(api());
  const auto record_id = new_uuid_v7();
  json::object record{{"type", "status"},
                      {"occurred_at", "2026-11-20T03:00:00Z"},
                      {"time_zone", "Asia/Seoul"},
                      {"status", {{"mood", 2}}}};
  ASSERT_EQ(api().call("PUT", "/v1/records/" + record_id, json::serialize(record), author.access_token).status, 201);
  auto body = post_body("이번 주 상태 공유합니다", "treatment_review");
  body["snapshot"] = {{"kind", "day"}, {"date", "2026-11-20"}};
  const auto id = create_id(author, body);
  ASSERT_FALSE(id.empty());
  auto before = get(author, id);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(before.json().at("snapshot").at("mood").as_int64(), 2);
  EXPECT_EQ(before.json().at("snapshot").at("date").as_string(), "2026-11-20");

  // The source record changes; the post keeps what was shared.
  record["status"] = {{"mood", 5}};
  auto changed = api().call("PUT", "/v1/records/" + record_id, json::serialize(record), author.access_token,
                            {}, {{"If-Match", "\"v1\""}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  auto day = api().call("GET", "/v1/calendar/day/2026-11-20", {}, author.access_token);
  ASSERT_NE(day.body.find("\"mood\":5"), std::string::npos) << day.body;
  const auto other = create_user(api());
  auto after = get(other, id);
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(after.json().at("snapshot"), before.json().at("snapshot"));
  // Editing the post cannot replace the snapshot.
  auto edit = post_body("수정", "treatment_review");
  edit["snapshot"] = {{"kind", "day"}, {"date", "2026-11-20"}};
  expect_problem(api().call("PUT", "/v1/community/posts/" + id, json::serialize(edit), author.access_token, kPost), 400,
                 "VALIDATION_FAILED");
  // A day without records cannot be shared, and writes nothing.
  auto empty = post_body("빈 날", "daily");
  empty["snapshot"] = {{"kind", "day"}, {"date", "2026-10-01"}};
  expect_problem(create(author, empty), 400, "VALIDATION_FAILED");
}

TEST_F(CommunityApiTest, CommentsRepliesAndSoftDeleteKeepTheThreadShape) {
  const auto author = create_user(api());
  const auto a = create_user(api());
  const auto b = create_user(api());
  const auto id = create_id(author, post_body("댓글 스레드 테스트"));
  auto top = comment(a, id, {{"body", "첫 댓글"}});
  ASSERT_EQ(top.status, 201) << top.body;
  const std::string top_id(top.json().at("id").as_string());
  auto reply = comment(b, id, {{"body", "답글입니다"}, {"parent_id", top_id}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  const std::string reply_id(reply.json().at("id").as_string());
  // Only one level of replies.
  expect_problem(comment(a, id, {{"body", "답글의 답글"}, {"parent_id", reply_id}}), 400, "VALIDATION_FAILED");
  expect_problem(comment(a, id, {{"body", ""}}), 400, "VALIDATION_FAILED");
  // Edit own comment; someone else's is not found.
  auto edited = api().call("PATCH", "/v1/community/comments/" + top_id, json::serialize(json::object{{"body", "고친 댓글"}}),
                           a.access_token, kComment);
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json().at("body").as_string(), "고친 댓글");
  expect_problem(api().call("PATCH", "/v1/community/comments/" + top_id, json::serialize(json::object{{"body", "남의 것"}}),
                            b.access_token, kComment),
                 404, "NOT_FOUND");
  expect_problem(api().call("DELETE", "/v1/community/comments/" + top_id, {}, b.access_token, kComment), 404,
                 "NOT_FOUND");
  // Comment likes are one per user.
  for (int i = 0; i < 2; ++i) {
    auto like = api().call("PUT", "/v1/community/comments/" + reply_id + "/like", {}, a.access_token, kCommentLike);
    ASSERT_EQ(like.status, 200) << like.body;
    EXPECT_EQ(like.json().at("like_count").as_int64(), 1);
  }
  ASSERT_EQ(api().call("DELETE", "/v1/community/comments/" + top_id, {}, a.access_token, kComment).status, 204);
  auto detail = get(author, id);
  ASSERT_EQ(detail.status, 200) << detail.body;
  const auto comments = detail.json().at("comments").as_array();
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_EQ(comments[0].at("body").as_string(), "삭제된 댓글입니다");
  EXPECT_EQ(comments[0].at("status").as_string(), "deleted");
  EXPECT_EQ(comments[0].at("author").at("display_name").as_string(), "");
  ASSERT_EQ(comments[0].at("replies").as_array().size(), 1u);
  EXPECT_EQ(comments[0].at("replies").at(0).at("body").as_string(), "답글입니다");
  EXPECT_EQ(comments[0].at("replies").at(0).at("like_count").as_int64(), 1);
  EXPECT_EQ(detail.json().at("comment_count").as_int64(), 1);
}

TEST_F(CommunityApiTest, LikesAndBookmarksAreIdempotentAndCountedOnce) {
  const auto author = create_user(api());
  const auto fan = create_user(api());
  const auto id = create_id(author, post_body("좋아요 테스트"));
  for (int i = 0; i < 2; ++i) {
    auto r = api().call("PUT", "/v1/community/posts/" + id + "/like", {}, fan.access_token, kPostLike);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(r.json().at("liked").as_bool());
    EXPECT_EQ(r.json().at("like_count").as_int64(), 1);
  }
  auto seen = get(fan, id);
  EXPECT_TRUE(seen.json().at("liked_by_me").as_bool());
  EXPECT_EQ(seen.json().at("view_count").as_int64(), 1);
  for (int i = 0; i < 2; ++i) {
    auto r = api().call("DELETE", "/v1/community/posts/" + id + "/like", {}, fan.access_token, kPostLike);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json().at("like_count").as_int64(), 0);
  }
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(api().call("PUT", "/v1/community/posts/" + id + "/bookmark", {}, fan.access_token, kBookmark).status, 204);
  }
  auto list = api().call("GET", kBookmarks, {}, fan.access_token, kBookmarks);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json().at("items").as_array().size(), 1u);
  EXPECT_TRUE(list.json().at("items").at(0).at("bookmarked_by_me").as_bool());
  EXPECT_EQ(api().call("DELETE", "/v1/community/posts/" + id + "/bookmark", {}, fan.access_token, kBookmark).status,
            204);
  EXPECT_TRUE(api().call("GET", kBookmarks, {}, fan.access_token, kBookmarks).json().at("items").as_array().empty());
  expect_problem(api().call("PUT", "/v1/community/posts/" + new_uuid_v7() + "/like", {}, fan.access_token, kPostLike),
                 404, "NOT_FOUND");
}

TEST_F(CommunityApiTest, CursorPagesAreStableUnderConcurrentInserts) {
  const auto author = create_user(api());
  const auto reader = create_user(api());
  std::vector<std::string> mine;
  for (int i = 0; i < 5; ++i) mine.push_back(create_id(author, post_body("환경 글 " + std::to_string(i), "environment")));
  std::vector<std::string> seen;
  std::string cursor;
  bool inserted = false;
  for (int guard = 0; guard < 100; ++guard) {
    auto r = api().call("GET", std::string(kPosts) + "?category=environment&limit=2" +
                                   (cursor.empty() ? "" : "&cursor=" + cursor),
                        {}, reader.access_token, kPosts);
    ASSERT_EQ(r.status, 200) << r.body;
    const auto r_json = r.json();
    for (const auto& item : r_json.at("items").as_array()) seen.emplace_back(item.at("id").as_string());
    if (!inserted) {  // a new post lands while the reader pages: it is newer, so not in this walk
      mine.push_back(create_id(author, post_body("중간에 새 글", "environment")));
      inserted = true;
    }
    if (r.json().at("next_cursor").is_null()) break;
    cursor = std::string(r.json().at("next_cursor").as_string());
  }
  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size());
  for (std::size_t i = 0; i < 5; ++i) EXPECT_TRUE(contains(seen, mine[i])) << i;
  EXPECT_FALSE(contains(seen, mine[5]));
  // Newest first: the five appear in reverse creation order.
  std::vector<std::string> order;
  for (const auto& id : seen) {
    if (std::find(mine.begin(), mine.begin() + 5, id) != mine.begin() + 5) order.push_back(id);
  }
  EXPECT_EQ(order, std::vector<std::string>(mine.rbegin() + 1, mine.rend()));
  expect_problem(api().call("GET", std::string(kPosts) + "?cursor=garbage", {}, reader.access_token, kPosts), 400,
                 "VALIDATION_FAILED");
  expect_problem(api().call("GET", std::string(kPosts) + "?sort=best", {}, reader.access_token, kPosts), 400,
                 "VALIDATION_FAILED");
  expect_problem(api().call("GET", std::string(kPosts) + "?limit=51", {}, reader.access_token, kPosts), 400,
                 "VALIDATION_FAILED");
}

TEST_F(CommunityApiTest, PopularOrdersByLikesAndComments) {
  const auto author = create_user(api());
  const auto quiet = create_id(author, post_body("조용한 글", "support"));
  const auto loud = create_id(author, post_body("인기 글", "support"));
  std::string loud_first = loud;
  for (int i = 0; i < 3; ++i) {
    const auto fan = create_user(api());
    ASSERT_EQ(api().call("PUT", "/v1/community/posts/" + quiet + "/like", {}, fan.access_token, kPostLike).status, 200);
    ASSERT_EQ(comment(fan, quiet, {{"body", "응원합니다"}}).status, 201);
  }
  const auto reader = create_user(api());
  const auto latest = feed_ids(reader, "&category=support");
  const auto popular = feed_ids(reader, "&category=support&sort=popular");
  auto pos = [](const std::vector<std::string>& v, const std::string& id) {
    return std::find(v.begin(), v.end(), id) - v.begin();
  };
  EXPECT_LT(pos(latest, loud), pos(latest, quiet));
  EXPECT_LT(pos(popular, quiet), pos(popular, loud));
  EXPECT_EQ(get(reader, quiet).json().at("comment_count").as_int64(), 3);
}

TEST_F(CommunityApiTest, OnlyTheAuthorEditsOrDeletes) {
  const auto author = create_user(api());
  const auto other = create_user(api());
  const auto id = create_id(author, post_body("내 글"));
  const auto path = "/v1/community/posts/" + id;
  expect_problem(api().call("PUT", path, json::serialize(post_body("남이 고침")), other.access_token, kPost), 404,
                 "NOT_FOUND");
  expect_problem(api().call("DELETE", path, {}, other.access_token, kPost), 404, "NOT_FOUND");
  EXPECT_EQ(get(other, id).json().at("body").as_string(), "내 글");
  auto edited = api().call("PUT", path, json::serialize(post_body("고친 글, 연락 010-2222-3333")), author.access_token,
                           kPost);
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json().at("body").as_string(), "고친 글, 연락 010-2222-3333");
  EXPECT_EQ(edited.json().at("warnings").at(0).at("code").as_string(), "phone_number");
  expect_problem(api().call("PUT", path, json::serialize(post_body(std::string(5001, 'b'))), author.access_token, kPost),
                 400, "VALIDATION_FAILED");
  EXPECT_EQ(get(other, id).json().at("body").as_string(), "고친 글, 연락 010-2222-3333");
  ASSERT_EQ(api().call("DELETE", path, {}, author.access_token, kPost).status, 204);
  expect_problem(get(other, id), 404, "NOT_FOUND");
  expect_problem(api().call("DELETE", path, {}, author.access_token, kPost), 404, "NOT_FOUND");
  EXPECT_FALSE(contains(feed_ids(other), id));
}

TEST_F(CommunityApiTest, BlocksHideContentAndStopReplies) {
  const auto me = create_user(api());
  const auto troll = create_user(api());
  const auto third = create_user(api());
  const auto troll_post = create_id(troll, post_body("차단될 사람의 글"));
  const auto my_post = create_id(me, post_body("내 글에는 댓글 금지"));
  const auto third_post = create_id(third, post_body("다른 사람 글"));
  auto troll_comment = comment(troll, third_post, {{"body", "차단될 사람의 댓글"}});
  ASSERT_EQ(troll_comment.status, 201);
  auto my_comment = comment(me, third_post, {{"body", "내 댓글"}});
  ASSERT_EQ(my_comment.status, 201);

  auto block = api().call("POST", kBlocks, json::serialize(json::object{{"post_id", troll_post}}), me.access_token,
                          kBlocks);
  ASSERT_EQ(block.status, 201) << block.body;
  EXPECT_EQ(block.json().at("label").as_string(), troll.nickname);
  // I no longer see their posts or comments.
  EXPECT_FALSE(contains(feed_ids(me), troll_post));
  expect_problem(get(me, troll_post), 404, "NOT_FOUND");
  auto thread = get(me, third_post).json().at("comments").as_array();
  ASSERT_EQ(thread.size(), 2u);
  EXPECT_EQ(thread[0].at("body").as_string(), "차단한 사용자의 댓글입니다");
  // They cannot comment on my posts or reply to my comments.
  expect_problem(comment(troll, my_post, {{"body", "그래도 댓글"}}), 403, "FORBIDDEN");
  expect_problem(comment(troll, third_post, {{"body", "답글"}, {"parent_id", my_comment.json().at("id")}}), 403,
                 "FORBIDDEN");
  // Others are unaffected.
  EXPECT_TRUE(contains(feed_ids(third), troll_post));
  EXPECT_EQ(comment(third, my_post, {{"body", "괜찮아요"}}).status, 201);
  // Unblocking restores the view.
  const std::string block_id(block.json().at("id").as_string());
  EXPECT_EQ(api().call("DELETE", "/v1/community/blocks/" + block_id, {}, me.access_token, "/v1/community/blocks/{id:uuid}")
                .status,
            204);
  EXPECT_EQ(get(me, troll_post).status, 200);
  EXPECT_EQ(comment(troll, my_post, {{"body", "이제 댓글"}}).status, 201);
}

TEST_F(CommunityApiTest, RateLimitsAnswer429WithRetryAfter) {
  const auto user = create_user(api());
  for (int i = 0; i < 6; ++i) {
    ASSERT_EQ(create(user, post_body("연속 글 " + std::to_string(i))).status, 201) << i;
  }
  auto limited = create(user, post_body("한도 초과"));
  expect_problem(limited, 429, "RATE_LIMITED");
  const auto retry_after = std::stoi(limited.header("retry-after"));
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 600);
  // Other users are not affected.
  const auto other = create_user(api());
  const auto post = create_id(other, post_body("다른 사람은 괜찮음"));
  for (int i = 0; i < 8; ++i) ASSERT_EQ(comment(user, post, {{"body", "댓글 " + std::to_string(i)}}).status, 201) << i;
  expect_problem(comment(user, post, {{"body", "한도 초과 댓글"}}), 429, "RATE_LIMITED");
}

TEST_F(CommunityApiTest, ReportsValidateAndDeletedAccountsAreAnonymized) {
  const auto leaving = create_user(api());
  const auto staying = create_user(api());
  const auto id = create_id(leaving, post_body("곧 탈퇴할 사람의 글"));
  ASSERT_EQ(comment(leaving, id, {{"body", "탈퇴할 사람의 댓글"}}).status, 201);
  expect_problem(api().call("POST", kReports, json::serialize(json::object{{"post_id", id}, {"reason", "weird"}}),
                            staying.access_token, kReports),
                 400, "VALIDATION_FAILED");
  expect_problem(api().call("POST", kReports, json::serialize(json::object{{"reason", "spam"}}), staying.access_token,
                            kReports),
                 400, "VALIDATION_FAILED");
  ASSERT_EQ(api().call("POST", kReports, json::serialize(json::object{{"post_id", id}, {"reason", "spam"}}),
                       staying.access_token, kReports)
                .status,
            204);
  ASSERT_EQ(api().call("PUT", "/v1/community/posts/" + id + "/like", {}, leaving.access_token, kPostLike).status, 200);
  ASSERT_EQ(api().call("DELETE", "/v1/me", json::serialize(json::object{{"password", leaving.password}}),
                       leaving.access_token)
                .status,
            204);
  json::value detail;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = get(staying, id);
    ASSERT_EQ(r.status, 200) << r.body;
    detail = r.json();
    if (detail.at("author").at("display_name").as_string() == "탈퇴한 사용자") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(detail.at("author").at("display_name").as_string(), "탈퇴한 사용자");
  EXPECT_EQ(detail.at("comments").at(0).at("author").at("display_name").as_string(), "탈퇴한 사용자");
  EXPECT_EQ(detail.at("comments").at(0).at("body").as_string(), "탈퇴할 사람의 댓글");
  EXPECT_EQ(detail.at("like_count").as_int64(), 0);
}

TEST_F(CommunityApiTest, CommentsAndRepliesNotifyTheOtherPersonOnly) {
  const auto author = create_user(api());
  const auto commenter = create_user(api());
  const auto id = create_id(author, post_body("알림 테스트 글"));
  auto first = comment(commenter, id, {{"body", "좋은 글이네요"}});
  ASSERT_EQ(first.status, 201) << first.body;
  const std::string first_id(first.json().at("id").as_string());
  auto reply = comment(author, id, {{"body", "감사합니다"}, {"parent_id", first_id}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  ASSERT_EQ(comment(author, id, {{"body", "내 글에 내 댓글"}}).status, 201);
  auto inbox = [](const TestUser& u) {
    std::vector<std::pair<std::string, std::string>> out;  // (kind, comment_id)
    auto r = api().call("GET", "/v1/notifications", {}, u.access_token);
    EXPECT_EQ(r.status, 200) << r.body;
    const auto body = r.json();
    for (const auto& n : body.at("items").as_array()) {
      const auto& data = n.at("data").as_object();
      out.emplace_back(std::string(n.at("kind").as_string()),
                       data.contains("comment_id") ? std::string(data.at("comment_id").as_string()) : "");
    }
    return out;
  };
  std::vector<std::pair<std::string, std::string>> to_commenter;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    to_commenter = inbox(commenter);
    if (!to_commenter.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const std::string reply_id(reply.json().at("id").as_string());
  EXPECT_EQ(to_commenter, (std::vector<std::pair<std::string, std::string>>{{"reply_to_comment", reply_id}}));
  // The author heard about the commenter's comment, not about their own two.
  EXPECT_EQ(inbox(author), (std::vector<std::pair<std::string, std::string>>{{"comment_on_post", first_id}}));
}

}  // namespace
}  // namespace soom::testing
