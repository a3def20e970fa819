// Health-information articles over HTTP on the real binary: the seed loader over the shipped
// content, public list/read/related with view dedupe and bookmarks, and the editor workflow on
// the back-office listener (roles, If-Match, revisions, audit, XSS sanitizing).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <set>

#include "support/api_helpers.hpp"
#include "support/content_fixture.hpp"
#include "support/server_process.hpp"

namespace soom::testing {
namespace {

namespace json = boost::json;

constexpr const char* kList = "/v1/articles";
constexpr const char* kArticle = "/v1/articles/{ref}";
constexpr const char* kRelated = "/v1/articles/{ref}/related";
constexpr const char* kBookmark = "/v1/articles/{id:uuid}/bookmark";
constexpr const char* kBookmarks = "/v1/article-bookmarks";
constexpr const char* kCategories = "/v1/article-categories";
constexpr const char* kEditorList = "/admin/v1/content/articles";
constexpr const char* kEditorArticle = "/admin/v1/content/articles/{id:uuid}";
constexpr const char* kEditorPreview = "/admin/v1/content/articles/{id:uuid}/preview";
constexpr const char* kEditorPublish = "/admin/v1/content/articles/{id:uuid}/publish";
constexpr const char* kEditorUnpublish = "/admin/v1/content/articles/{id:uuid}/unpublish";
constexpr const char* kEditorArchive = "/admin/v1/content/articles/{id:uuid}/archive";
constexpr const char* kEditorRevisions = "/admin/v1/content/articles/{id:uuid}/revisions";
constexpr const char* kEditorAudit = "/admin/v1/content/articles/{id:uuid}/audit";

constexpr const char* kXssBody =
    "## 위험한 본문\n\n<script>alert('xss')</script>\n\n<img src=x onerror=alert(1)>\n\n"
    "[눌러 보세요](javascript:alert(1)) ![그림](data:image/png;base64,AAAA) [출처](https://ginasthma.org/reports/)\n";

json::object article_body(const std::string& slug, const std::string& body = kXssBody) {
  return {{"slug", slug},
          {"title", "편집자 테스트 글"},
          {"summary", "편집 흐름을 확인하는 글입니다."},
          {"body", body},
          {"category", "medicines"},
          {"tags", {"흡입기", "테스트"}},
          {"cover_image", "/static/covers/test.svg"},
          {"references",
           {{{"title", "GINA 2024"}, {"publisher", "Global Initiative for Asthma"},
             {"url", "https://ginasthma.org/reports/"}, {"year", 2024}}}}};
}

std::string str(const json::value& v, const char* key) { return std::string(v.at(key).as_string()); }

class ContentApiTest : public SeededContentTest {
 protected:
  static std::string staff_token(const std::string& role) { return SeededContentTest::staff_token(role, "편집"); }
};

TEST_F(ContentApiTest, SeedLoadsEveryShippedArticleOnceAndIsIdempotent) {
  EXPECT_NE(seed_output_.find("47 created"), std::string::npos) << seed_output_;
  std::string out;
  ASSERT_EQ(server_->process().run_command("seed content --dir " + shipped_articles_dir(), &out), 0) << out;
  EXPECT_NE(out.find("0 created, 0 revised, 47 unchanged"), std::string::npos) << out;

  // Every seeded article is reachable through the cursor pages exactly once.
  std::set<std::string> slugs;
  std::optional<std::string> cursor;
  int pages = 0;
  do {
    auto r = api().call("GET", std::string(kList) + "?limit=20" + (cursor ? "&cursor=" + *cursor : ""), {}, {}, kList);
    ASSERT_EQ(r.status, 200) << r.body;
    const auto page = r.json();  // json() returns a copy: keep it alive while borrowing from it
    for (const auto& item : page.at("items").as_array()) EXPECT_TRUE(slugs.insert(str(item, "slug")).second);
    const auto& next = page.at("next_cursor");
    cursor = next.is_string() ? std::optional<std::string>(std::string(next.as_string())) : std::nullopt;
    ++pages;
  } while (cursor && pages < 10);
  EXPECT_GE(slugs.size(), 47u);
  EXPECT_TRUE(slugs.contains("what-is-asthma"));

  auto by_category = api().call("GET", std::string(kList) + "?category=children&limit=50", {}, {}, kList);
  ASSERT_EQ(by_category.status, 200);
  EXPECT_EQ(by_category.json().at("items").as_array().size(), 5u);
  const auto children = by_category.json();
  for (const auto& item : children.at("items").as_array()) EXPECT_EQ(str(item, "category_name"), "소아 천식");
  EXPECT_EQ(api().call("GET", std::string(kList) + "?category=nope", {}, {}, kList).status, 400);
  EXPECT_EQ(api().call("GET", std::string(kList) + "?cursor=bad!", {}, {}, kList).status, 400);
  EXPECT_EQ(api().call("GET", std::string(kList) + "?limit=500", {}, {}, kList).status, 400);
  auto categories = api().call("GET", kCategories, {}, {}, kCategories);
  ASSERT_EQ(categories.status, 200);
  EXPECT_EQ(categories.json().at("items").as_array().size(), 7u);
}

TEST_F(ContentApiTest, ReadBySlugOrIdCountsOneViewPerViewerPerDay) {
  auto first = api().call("GET", "/v1/articles/what-is-asthma", {}, {}, kArticle);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(str(first.json(), "title"), "천식이란 무엇인가요");
  EXPECT_GE(first.json().at("references").as_array().size(), 1u);
  EXPECT_NE(str(first.json(), "body_html").find("<h2>"), std::string::npos);
  const auto id = str(first.json(), "id");
  const auto views = first.json().at("view_count").as_int64();

  // The same anonymous client again, by id this time: not counted twice.
  auto again = api().call("GET", "/v1/articles/" + id, {}, {}, kArticle);
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.json().at("view_count").as_int64(), views);

  auto user = create_user(api());
  auto signed_in = api().call("GET", "/v1/articles/what-is-asthma", {}, user.access_token, kArticle);
  EXPECT_EQ(signed_in.json().at("view_count").as_int64(), views + 1);
  auto signed_in_again = api().call("GET", "/v1/articles/what-is-asthma", {}, user.access_token, kArticle);
  EXPECT_EQ(signed_in_again.json().at("view_count").as_int64(), views + 1);

  EXPECT_EQ(api().call("GET", "/v1/articles/no-such-article", {}, {}, kArticle).status, 404);
  EXPECT_EQ(api().call("GET", "/v1/articles/what-is-asthma", {}, "not-a-token", kArticle).status, 401);

  auto related = api().call("GET", "/v1/articles/what-is-asthma/related?limit=3", {}, {}, kRelated);
  ASSERT_EQ(related.status, 200) << related.body;
  const auto related_body = related.json();
  const auto& items = related_body.at("items").as_array();
  ASSERT_FALSE(items.empty());
  EXPECT_LE(items.size(), 3u);
  for (const auto& item : items) EXPECT_NE(str(item, "id"), id);
}

TEST_F(ContentApiTest, BookmarksAreAuthenticatedIdempotentAndPrivate) {
  auto article = api().call("GET", "/v1/articles/inhaler-mdi-technique", {}, {}, kArticle);
  if (article.status != 200) article = api().call("GET", "/v1/articles/what-is-asthma", {}, {}, kArticle);
  ASSERT_EQ(article.status, 200);
  const auto id = str(article.json(), "id");
  auto alice = create_user(api());
  auto bob = create_user(api());

  EXPECT_EQ(api().call("PUT", "/v1/articles/" + id + "/bookmark", {}, {}, kBookmark).status, 401);
  EXPECT_EQ(api().call("PUT", "/v1/articles/" + id + "/bookmark", {}, alice.access_token, kBookmark).status, 204);
  EXPECT_EQ(api().call("PUT", "/v1/articles/" + id + "/bookmark", {}, alice.access_token, kBookmark).status, 204);
  EXPECT_EQ(api().call("PUT", "/v1/articles/0190a000-0000-7000-8000-000000000000/bookmark", {}, alice.access_token,
                       kBookmark)
                .status,
            404);

  auto mine = api().call("GET", kBookmarks, {}, alice.access_token, kBookmarks);
  ASSERT_EQ(mine.status, 200);
  ASSERT_EQ(mine.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(str(mine.json().at("items").as_array()[0], "id"), id);
  EXPECT_TRUE(api().call("GET", kBookmarks, {}, bob.access_token, kBookmarks).json().at("items").as_array().empty());
  EXPECT_EQ(api().call("GET", kBookmarks, {}, {}, kBookmarks).status, 401);

  EXPECT_EQ(api().call("DELETE", "/v1/articles/" + id + "/bookmark", {}, alice.access_token, kBookmark).status, 204);
  EXPECT_TRUE(api().call("GET", kBookmarks, {}, alice.access_token, kBookmarks).json().at("items").as_array().empty());
}

TEST_F(ContentApiTest, EditorWorkflowOnTheBackOffice) {
  const auto editor = staff_token("content_editor");
  const auto slug = "editor-flow-" + unique_suffix();

  auto created = admin().call("POST", kEditorList, json::serialize(article_body(slug)), editor, kEditorList);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = str(created.json(), "id");
  EXPECT_EQ(str(created.json(), "status"), "draft");
  EXPECT_EQ(created.header("etag"), "\"1\"");
  EXPECT_EQ(admin().call("POST", kEditorList, json::serialize(article_body(slug)), editor, kEditorList).status, 409);
  auto invalid = article_body("Bad Slug");
  invalid["references"] = json::array{};
  EXPECT_EQ(admin().call("POST", kEditorList, json::serialize(invalid), editor, kEditorList).status, 400);

  // A draft is invisible to the public.
  EXPECT_EQ(api().call("GET", "/v1/articles/" + slug, {}, {}, kArticle).status, 404);
  EXPECT_EQ(api().call("GET", "/v1/articles/" + id, {}, {}, kArticle).status, 404);

  auto preview = admin().call("GET", "/admin/v1/content/articles/" + id + "/preview", {}, editor, kEditorPreview);
  ASSERT_EQ(preview.status, 200);
  const auto preview_html = str(preview.json(), "body_html");
  EXPECT_EQ(preview_html.find("<script"), std::string::npos) << preview_html;
  EXPECT_NE(preview_html.find("&lt;script&gt;"), std::string::npos) << preview_html;

  auto published = admin().call("POST", "/admin/v1/content/articles/" + id + "/publish", {}, editor, kEditorPublish,
                                {{"If-Match", "\"1\""}});
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(published.json().at("current_revision").as_int64(), 1);

  // Published: visible, and the XSS payloads come back inert.
  auto read = api().call("GET", "/v1/articles/" + slug, {}, {}, kArticle);
  ASSERT_EQ(read.status, 200) << read.body;
  const auto html = str(read.json(), "body_html");
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("<img"), std::string::npos) << html;
  EXPECT_EQ(html.find("javascript:"), std::string::npos) << html;
  EXPECT_EQ(html.find("data:"), std::string::npos) << html;
  EXPECT_NE(html.find("<a href=\"https://ginasthma.org/reports/\">출처</a>"), std::string::npos) << html;

  // Optimistic concurrency: PUT needs If-Match, and a stale one is refused.
  auto edit = article_body(slug, "## 고친 본문\n\n안전한 내용입니다.\n");
  edit["title"] = "고친 제목";
  EXPECT_EQ(admin().call("PUT", "/admin/v1/content/articles/" + id, json::serialize(edit), editor, kEditorArticle).status, 428);
  EXPECT_EQ(admin()
                .call("PUT", "/admin/v1/content/articles/" + id, json::serialize(edit), editor, kEditorArticle,
                      {{"If-Match", "\"1\""}})
                .status,
            412);
  const auto current = admin().call("GET", "/admin/v1/content/articles/" + id, {}, editor, kEditorArticle);
  ASSERT_EQ(current.status, 200);
  auto updated = admin().call("PUT", "/admin/v1/content/articles/" + id, json::serialize(edit), editor, kEditorArticle,
                              {{"If-Match", current.header("etag")}});
  ASSERT_EQ(updated.status, 200) << updated.body;
  // The public still sees revision 1 until the edit is published.
  EXPECT_EQ(str(api().call("GET", "/v1/articles/" + slug, {}, {}, kArticle).json(), "title"), "편집자 테스트 글");
  ASSERT_EQ(admin().call("POST", "/admin/v1/content/articles/" + id + "/publish", {}, editor, kEditorPublish).status, 200);
  auto v2 = api().call("GET", "/v1/articles/" + slug, {}, {}, kArticle);
  EXPECT_EQ(str(v2.json(), "title"), "고친 제목");
  EXPECT_EQ(v2.json().at("revision").as_int64(), 2);

  // Unpublish: gone from the public (404), revisions kept.
  ASSERT_EQ(admin().call("POST", "/admin/v1/content/articles/" + id + "/unpublish", {}, editor, kEditorUnpublish).status, 200);
  EXPECT_EQ(api().call("GET", "/v1/articles/" + slug, {}, {}, kArticle).status, 404);
  auto revisions = admin().call("GET", "/admin/v1/content/articles/" + id + "/revisions", {}, editor, kEditorRevisions);
  ASSERT_EQ(revisions.status, 200);
  ASSERT_EQ(revisions.json().at("items").as_array().size(), 2u);
  EXPECT_EQ(str(revisions.json().at("items").as_array()[1], "title"), "편집자 테스트 글");
  auto archived = admin().call("POST", "/admin/v1/content/articles/" + id + "/archive", {}, editor, kEditorArchive);
  ASSERT_EQ(archived.status, 200);
  EXPECT_EQ(str(archived.json(), "status"), "archived");
  EXPECT_EQ(api().call("GET", "/v1/articles/" + id, {}, {}, kArticle).status, 404);

  auto audit = admin().call("GET", "/admin/v1/content/articles/" + id + "/audit", {}, editor, kEditorAudit);
  ASSERT_EQ(audit.status, 200);
  std::vector<std::string> actions;
  const auto audit_body = audit.json();
  for (const auto& e : audit_body.at("items").as_array()) actions.push_back(str(e, "action"));
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "publish", "update", "publish", "unpublish", "archive"}));

  auto drafts = admin().call("GET", std::string(kEditorList) + "?status=archived", {}, editor, kEditorList);
  ASSERT_EQ(drafts.status, 200);
  bool listed = false;
  const auto drafts_body = drafts.json();
  for (const auto& a : drafts_body.at("items").as_array()) listed = listed || str(a, "id") == id;
  EXPECT_TRUE(listed);
}

TEST_F(ContentApiTest, EditorRoutesNeedAnEditorRoleAndExistOnlyOnTheBackOffice) {
  auto patient = create_user(api());
  EXPECT_EQ(admin().call("GET", kEditorList, {}, patient.access_token, kEditorList).status, 403);
  EXPECT_EQ(admin()
                .call("POST", kEditorList, json::serialize(article_body("patient-" + unique_suffix())),
                      patient.access_token, kEditorList)
                .status,
            403);
  EXPECT_EQ(admin().call("GET", kEditorList, {}, {}, kEditorList).status, 401);
  // The public listener has no editor routes at all.
  EXPECT_EQ(api().call("GET", kEditorList, {}, patient.access_token).status, 404);
  EXPECT_EQ(api().call("POST", kEditorList, json::serialize(article_body("x")), patient.access_token).status, 404);

  // An admin may edit too.
  const auto admin_token = staff_token("admin");
  EXPECT_EQ(admin().call("GET", kEditorList, {}, admin_token, kEditorList).status, 200);
}

}  // namespace
}  // namespace soom::testing
