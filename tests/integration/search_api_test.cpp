// Search over HTTP on the real binary (serve mode runs the outbox workers that keep the index in
// step): the shipped articles become searchable after `soomcare seed content`, ranking and
// <mark> snippets over the real corpus, HTML escaping, posts appearing and disappearing with
// their author's actions, suggest with 초성, click feedback, the editors' back-office routes
// and `soomcare search reindex` next to a live server.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <set>
#include <thread>

#include "support/api_helpers.hpp"
#include "support/content_fixture.hpp"
#include "support/server_process.hpp"

namespace soom::testing {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kSearch = "/v1/search";
constexpr const char* kSuggest = "/v1/search/suggest";
constexpr const char* kClicks = "/v1/search/clicks";
constexpr const char* kQueries = "/admin/v1/search/queries";
constexpr const char* kSynonyms = "/admin/v1/search/synonyms";
constexpr auto kIndexDeadline = std::chrono::seconds(30);

std::string url_encode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string str(const json::value& v, const char* key) { return std::string(v.at(key).as_string()); }

// Polls until `done` holds or the deadline passes; returns the time it took (nullopt on timeout).
std::optional<double> wait_until(const std::function<bool()>& done) {
  const auto start = Clock::now();
  while (Clock::now() - start < kIndexDeadline) {
    if (done()) return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return std::nullopt;
}

class SearchApiTest : public SeededContentTest {
 protected:
  void SetUp() override {
    SeededContentTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // The seeded articles reach the index through the outbox; later tests rely on them.
    static bool seeded_indexed = false;
    // Every seeded article must become findable by its own title.
    if (!seeded_indexed) {
      auto list = api().call("GET", "/v1/articles?limit=50");
      ASSERT_EQ(list.status, 200) << list.body;
      const auto articles = list.json();
      ASSERT_GE(articles.at("items").as_array().size(), 47u);
      const auto start = Clock::now();
      for (const auto& a : articles.at("items").as_array()) {
        const auto query = "q=" + url_encode(str(a, "title")) + "&scope=articles&limit=50";
        ASSERT_TRUE(wait_until([&] { return has(ids_for(query), str(a, "id")); }))
            << "seeded article not found by its title: " << str(a, "title");
      }
      std::printf("[search] all %zu seeded articles findable by title %.0f ms after `seed content` returned\n",
                  articles.at("items").as_array().size(),
                  std::chrono::duration<double, std::milli>(Clock::now() - start).count());
      seeded_indexed = true;
    }
  }
  static HttpResponse search(const std::string& query, const std::string& token = {}) {
    return api().call("GET", std::string(kSearch) + "?" + query, {}, token, kSearch);
  }
  static std::vector<std::string> ids_for(const std::string& query) {
    std::vector<std::string> ids;
    auto r = search(query);
    if (r.status != 200) return ids;
    const auto body = r.json();
    for (const auto& h : body.at("items").as_array()) ids.push_back(str(h, "id"));
    return ids;
  }
  static bool has(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }

  static std::string staff_token(const std::string& role) { return SeededContentTest::staff_token(role, "검색"); }
};

TEST_F(SearchApiTest, RanksTheShippedCorpusAndMarksMatches) {
  std::set<std::string> technique_ids;
  for (const char* slug : {"inhaler-mdi-technique", "inhaler-turbuhaler-technique", "inhaler-diskus-technique",
                           "inhaler-ellipta-technique", "inhaler-breezhaler-technique", "inhaler-respimat-technique"}) {
    auto a = api().call("GET", std::string("/v1/articles/") + slug);
    ASSERT_EQ(a.status, 200) << slug;
    technique_ids.insert(str(a.json(), "id"));
  }
  auto r = search("q=" + url_encode("흡입기를") + "&limit=3");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = r.json();
  const auto& items = body.at("items").as_array();
  ASSERT_EQ(items.size(), 3u) << r.body;
  bool technique_in_top3 = false;
  for (const auto& h : items) {
    technique_in_top3 = technique_in_top3 || technique_ids.contains(str(h, "id"));
    EXPECT_EQ(str(h, "kind"), "article");
  }
  EXPECT_TRUE(technique_in_top3) << r.body;
  EXPECT_NE(str(items[0], "title_html").find("<mark>"), std::string::npos) << r.body;
  EXPECT_GT(body.at("total").as_int64(), 3);
  EXPECT_TRUE(body.at("next_cursor").is_string());
  EXPECT_TRUE(body.at("query_id").is_string());
  EXPECT_FALSE(body.at("facets").at("scopes").as_array().empty());

  // The opaque cursor continues the ranking without repeating a hit.
  auto next = search("q=" + url_encode("흡입기를") + "&limit=3&cursor=" + str(body, "next_cursor"));
  ASSERT_EQ(next.status, 200) << next.body;
  const auto next_body = next.json();
  for (const auto& h : next_body.at("items").as_array()) {
    for (const auto& first : items) EXPECT_NE(str(h, "id"), str(first, "id"));
  }

  // A question without an answer in the corpus returns nothing rather than partial matches.
  auto none = search("q=" + url_encode("주식 투자 방법"));
  ASSERT_EQ(none.status, 200);
  EXPECT_EQ(none.json().at("total").as_int64(), 0) << none.body;
}

TEST_F(SearchApiTest, BadQueriesAreProblems) {
  for (const std::string& q : std::vector<std::string>{"q=%FF%FE", "q=", "", "q=" + std::string(150, 'a') + "%20" + std::string(150, 'b'),
                              "q=" + url_encode("천식") + "&scope=everything",
                              "q=" + url_encode("천식") + "&limit=500",
                              "q=" + url_encode("천식") + "&cursor=bad!"}) {
    auto r = search(q);
    EXPECT_EQ(r.status, 400) << q << " → " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << q;
  }
}

TEST_F(SearchApiTest, EditorPublishedArticleIsFoundQuicklyAndEscaped) {
  const auto editor = staff_token("content_editor");
  const json::object input{{"slug", "search-xss-" + unique_suffix()},
                           {"title", "<script>alert(1)</script> 뭉게구름 호흡 안내"},
                           {"summary", "뭉게구름처럼 천천히 숨쉬는 연습을 소개합니다."},
                           {"body", "## 연습\n\n뭉게구름을 떠올리며 천천히 숨을 내쉬어 보세요.\n"},
                           {"category", "daily_life"},
                           {"tags", {"호흡"}},
                           {"references",
                            {{{"title", "GINA 2024"}, {"publisher", "Global Initiative for Asthma"},
                              {"url", "https://ginasthma.org/reports/"}, {"year", 2024}}}}};
  auto created = admin().call("POST", "/admin/v1/content/articles", json::serialize(input), editor);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = str(created.json(), "id");
  auto published = admin().call("POST", "/admin/v1/content/articles/" + id + "/publish", {}, editor);
  ASSERT_EQ(published.status, 200) << published.body;

  const auto query = "q=" + url_encode("뭉게구름") + "&scope=articles";
  const auto lag = wait_until([&] { return has(ids_for(query), id); });
  ASSERT_TRUE(lag) << "published article not searchable within the deadline";
  std::printf("[search] index lag after publish: %.0f ms (poll every 50 ms)\n", *lag);

  auto r = search(query);
  const auto body = r.json();
  const auto& hit = body.at("items").as_array().at(0);
  EXPECT_EQ(str(hit, "id"), id);
  const auto title = str(hit, "title_html");
  EXPECT_EQ(title.find("<script>"), std::string::npos) << title;
  EXPECT_NE(title.find("&lt;script&gt;"), std::string::npos) << title;
  EXPECT_NE(title.find("<mark>"), std::string::npos) << title;
  EXPECT_NE(str(hit, "snippet_html").find("<mark>"), std::string::npos) << r.body;

  // Unpublishing takes it out of the results again.
  auto unpublished = admin().call("POST", "/admin/v1/content/articles/" + id + "/unpublish", {}, editor);
  ASSERT_EQ(unpublished.status, 200) << unpublished.body;
  EXPECT_TRUE(wait_until([&] { return !has(ids_for(query), id); })) << "unpublished article still found";
}

TEST_F(SearchApiTest, CommunityPostAppearsInPostsScopeAndLeavesWhenDeleted) {
  auto author = create_user(api());
  const json::object post{{"title", "솜사탕공원 산책"},
                          {"body", "오늘 솜사탕공원을 천천히 걸었는데 숨이 편했어요. 공기가 맑았어요."},
                          {"category", "daily"}};
  auto created = api().call("POST", "/v1/community/posts", json::serialize(post), author.access_token);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = str(created.json(), "id");

  const auto posts = "q=" + url_encode("솜사탕공원") + "&scope=posts";
  const auto lag = wait_until([&] { return has(ids_for(posts), id); });
  ASSERT_TRUE(lag) << "post not searchable within the deadline";
  std::printf("[search] index lag after posting: %.0f ms\n", *lag);
  auto r = search(posts);
  EXPECT_EQ(str(r.json().at("items").as_array().at(0), "kind"), "post");
  EXPECT_FALSE(has(ids_for("q=" + url_encode("솜사탕공원") + "&scope=articles"), id));

  ASSERT_EQ(api().call("DELETE", "/v1/community/posts/" + id, {}, author.access_token).status, 204);
  EXPECT_TRUE(wait_until([&] { return !has(ids_for(posts), id); })) << "deleted post still found";
}

TEST_F(SearchApiTest, SuggestUnderstandsChoseongAndPrefixes) {
  auto r = api().call("GET", std::string(kSuggest) + "?q=" + url_encode("ㅎㅇㄱ"), {}, {}, kSuggest);
  ASSERT_EQ(r.status, 200) << r.body;
  bool inhaler = false;
  const auto body = r.json();
  for (const auto& s : body.at("items").as_array()) inhaler = inhaler || str(s, "text").rfind("흡입기", 0) == 0;
  EXPECT_TRUE(inhaler) << r.body;
  EXPECT_EQ(api().call("GET", kSuggest, {}, {}, kSuggest).status, 400);
  EXPECT_EQ(api().call("GET", std::string(kSuggest) + "?q=%FF", {}, {}, kSuggest).status, 400);
}

TEST_F(SearchApiTest, ClicksAreRecordedForKnownQueriesOnly) {
  auto r = search("q=" + url_encode("천식 증상"));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = r.json();
  ASSERT_FALSE(body.at("items").as_array().empty());
  const auto& hit = body.at("items").as_array()[0];
  const json::object click{{"query_id", str(body, "query_id")}, {"kind", str(hit, "kind")}, {"id", str(hit, "id")}};
  EXPECT_EQ(api().call("POST", kClicks, json::serialize(click), {}, kClicks).status, 204);
  json::object unknown = click;
  unknown["query_id"] = "987654321";
  EXPECT_EQ(api().call("POST", kClicks, json::serialize(unknown), {}, kClicks).status, 404);
  json::object bad = click;
  bad["kind"] = "video";
  EXPECT_EQ(api().call("POST", kClicks, json::serialize(bad), {}, kClicks).status, 400);

  const auto editor = staff_token("content_editor");
  auto stats = admin().call("GET", kQueries, {}, editor, kQueries);
  ASSERT_EQ(stats.status, 200) << stats.body;
  bool clicked = false;
  const auto stats_body = stats.json();
  for (const auto& s : stats_body.at("items").as_array()) {
    if (str(s, "query").find("천식") != std::string::npos && s.at("clicks").as_int64() >= 1) clicked = true;
  }
  EXPECT_TRUE(clicked) << stats.body;
}

TEST_F(SearchApiTest, BackOfficeRoutesAreForEditorsOnTheAdminListenerOnly) {
  auto patient = create_user(api());
  EXPECT_EQ(admin().call("GET", kQueries, {}, patient.access_token, kQueries).status, 403);
  EXPECT_EQ(admin().call("GET", kSynonyms, {}, patient.access_token, kSynonyms).status, 403);
  EXPECT_EQ(admin().call("GET", kQueries, {}, {}, kQueries).status, 401);
  const auto editor = staff_token("content_editor");
  EXPECT_EQ(api().call("GET", kQueries, {}, editor).status, 404);
  EXPECT_EQ(api().call("GET", kSynonyms, {}, editor).status, 404);

  // A query without results shows up in the zero-results view.
  ASSERT_EQ(search("q=" + url_encode("주식 투자 방법")).status, 200);
  auto zero = admin().call("GET", std::string(kQueries) + "?zero_results=true", {}, editor, kQueries);
  ASSERT_EQ(zero.status, 200) << zero.body;
  bool listed = false;
  const auto zero_body = zero.json();
  for (const auto& s : zero_body.at("items").as_array()) {
    listed = listed || str(s, "query").find("주식") != std::string::npos;
    EXPECT_EQ(s.at("last_result_count").as_int64(), 0) << zero.body;
  }
  EXPECT_TRUE(listed) << zero.body;
  EXPECT_EQ(admin().call("GET", std::string(kQueries) + "?since=yesterday", {}, editor, kQueries).status, 400);

  // Synonyms: seeded from content/synonyms.tsv, edited by editors, and used by search at once.
  auto list = admin().call("GET", kSynonyms, {}, editor, kSynonyms);
  ASSERT_EQ(list.status, 200) << list.body;
  std::string inhaler_group;
  const auto groups = list.json();
  for (const auto& g : groups.at("items").as_array()) {
    for (const auto& t : g.at("terms").as_array()) {
      if (t.as_string() == "흡입기") inhaler_group = str(g, "id");
    }
  }
  ASSERT_FALSE(inhaler_group.empty()) << list.body;
  const auto made_up = "q=" + url_encode("솜구름숨") + "&scope=articles";
  EXPECT_EQ(search(made_up).json().at("total").as_int64(), 0);
  const json::object add{{"group_id", inhaler_group}, {"term", "솜구름숨"}};
  EXPECT_EQ(admin().call("POST", kSynonyms, json::serialize(add), editor, kSynonyms).status, 204);
  EXPECT_GT(search(made_up).json().at("total").as_int64(), 0) << "a new synonym is used at once";
  const json::object elsewhere{{"group_id", "test-other"}, {"term", "솜구름숨"}};
  auto conflict = admin().call("POST", kSynonyms, json::serialize(elsewhere), editor, kSynonyms);
  EXPECT_EQ(conflict.status, 409) << conflict.body;
  EXPECT_EQ(admin().call("POST", kSynonyms, json::serialize(json::object{{"term", "x"}}), editor, kSynonyms).status,
            400);
  EXPECT_EQ(admin().call("DELETE", std::string(kSynonyms) + "?term=" + url_encode("솜구름숨"), {}, editor, kSynonyms)
                .status,
            204);
  EXPECT_EQ(search(made_up).json().at("total").as_int64(), 0);
  EXPECT_EQ(admin().call("DELETE", kSynonyms, {}, editor, kSynonyms).status, 400);
}

TEST_F(SearchApiTest, ReindexCommandRebuildsWhileTheServerKeepsAnswering) {
  std::string out;
  ASSERT_EQ(server_->process().run_command("search reindex", &out), 0) << out;
  EXPECT_NE(out.find("docs/s"), std::string::npos) << out;
  std::printf("[search] %s", out.c_str());
  auto r = search("q=" + url_encode("흡입기를"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_GE(r.json().at("total").as_int64(), 3) << r.body;
}

}  // namespace
}  // namespace soom::testing
