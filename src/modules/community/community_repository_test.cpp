// Community SQL on both engines: keyset feed pages (ties broken by id, blocks excluded,
// popular by stored score), the search indexer's queries (hidden/deleted excluded) and
// batched post views.
#include "modules/community/community_repository.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "cache/cache.hpp"
#include "core/random.hpp"
#include "db/migrations.hpp"
#include "db/testing/engine_fixture.hpp"
#include "modules/community/feed_score.hpp"

namespace soom::community {
namespace {

const Instant kT0 = from_unix_ms(1'764'000'000'000);

class CommunityRepositoryTest : public db::testing::MigratedEngineTest {
 protected:
  void SetUp() override {
    MigratedEngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
  }
  std::string add(const std::string& author, Instant at, const std::string& category = "daily") {
    repo::NewPost p;
    p.id = new_uuid_v7();
    p.author_id = author;
    p.author_nickname = "닉" + author;
    p.category = category;
    p.body = "본문 " + p.id;
    p.body_hash = p.id;
    p.score = popularity_score(0, 0, at);
    p.now = at;
    auto tx = db().begin();
    repo::insert_post(tx, p);
    tx.commit();
    return p.id;
  }
  std::vector<std::string> walk(const std::string& viewer, const std::string& sort, int page) {
    std::vector<std::string> out;
    repo::FeedFilter f;
    f.sort = sort;
    f.limit = page;
    for (int guard = 0; guard < 100; ++guard) {
      auto tx = db().read();
      auto rows = repo::feed(tx, viewer, f);
      tx.commit();
      for (const auto& r : rows) out.push_back(r.id);
      if (static_cast<int>(rows.size()) < page) break;
      f.after_key = sort == "popular" ? rows.back().score : to_unix_ms(rows.back().created_at);
      f.after_id = rows.back().id;
    }
    return out;
  }
};

TEST_P(CommunityRepositoryTest, LatestPagesBreakTiesByIdAndNeverRepeat) {
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) ids.push_back(add("a", kT0));  // identical created_at
  ids.push_back(add("b", kT0 + std::chrono::seconds(1)));
  const auto seen = walk("viewer", "latest", 3);
  ASSERT_EQ(seen.size(), ids.size());
  EXPECT_EQ(seen.front(), ids.back());
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size());
}

// Keyset pages compare (key, id) as a row value; a page that ends inside a run of equal keys
// must continue with the rest of that run, also within one category and for bookmarks.
TEST_P(CommunityRepositoryTest, CategoryAndBookmarkPagesContinueInsideTies) {
  std::vector<std::string> daily;
  for (int i = 0; i < 5; ++i) daily.push_back(add("a", kT0));
  for (int i = 0; i < 3; ++i) add("a", kT0, "question");
  repo::FeedFilter f;
  f.category = "daily";
  f.limit = 2;
  std::vector<std::string> seen;
  for (int guard = 0; guard < 10; ++guard) {
    auto tx = db().read();
    const auto rows = repo::feed(tx, "viewer", f);
    tx.commit();
    for (const auto& r : rows) seen.push_back(r.id);
    if (rows.size() < 2) break;
    f.after_key = to_unix_ms(rows.back().created_at);
    f.after_id = rows.back().id;
  }
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), std::set<std::string>(daily.begin(), daily.end()));
  EXPECT_EQ(seen.size(), daily.size());

  {
    auto tx = db().begin();
    for (const auto& id : daily) repo::set_bookmark(tx, id, "reader", true, kT0);  // identical bookmark times
    tx.commit();
  }
  std::vector<std::string> marked;
  std::optional<std::int64_t> key;
  std::optional<std::string> after;
  for (int guard = 0; guard < 10; ++guard) {
    auto tx = db().read();
    const auto rows = repo::bookmarked(tx, "reader", key, after, 2);
    tx.commit();
    for (const auto& [row, at] : rows) marked.push_back(row.id);
    if (rows.size() < 2) break;
    key = rows.back().second;
    after = rows.back().first.id;
  }
  EXPECT_EQ(marked.size(), daily.size());
  EXPECT_EQ(std::set<std::string>(marked.begin(), marked.end()), std::set<std::string>(daily.begin(), daily.end()));
  EXPECT_TRUE(std::is_sorted(marked.rbegin(), marked.rend()));  // ties by post id, descending
}

TEST_P(CommunityRepositoryTest, PopularFollowsTheStoredScoreAndBlocksAreExcluded) {
  const auto old_post = add("a", kT0);
  const auto new_post = add("b", kT0 + std::chrono::hours(1));
  const auto blocked = add("troll", kT0 + std::chrono::hours(2));
  {
    auto tx = db().begin();
    for (int i = 0; i < 5; ++i) repo::bump_post_counts(tx, old_post, 1, 1);
    repo::insert_block(tx, "viewer", "troll", "닉troll", kT0);
    tx.commit();
  }
  EXPECT_EQ(walk("viewer", "popular", 2), (std::vector<std::string>{old_post, new_post}));
  EXPECT_EQ(walk("viewer", "latest", 2), (std::vector<std::string>{new_post, old_post}));
  EXPECT_EQ(walk("someone", "latest", 2), (std::vector<std::string>{blocked, new_post, old_post}));
  auto tx = db().read();
  const auto row = repo::find_post(tx, "viewer", old_post);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->like_count, 5);
  EXPECT_EQ(row->comment_count, 5);
  EXPECT_EQ(row->score, popularity_score(5, 5, kT0));
}

TEST_P(CommunityRepositoryTest, IndexerSeesOnlyVisiblePosts) {
  auto shared = std::shared_ptr<db::Database>(db::open_database(temp().options()));
  Dependencies deps;
  deps.db = shared;
  deps.clock = std::make_shared<ManualClock>(kT0);
  deps.cache = cache::make_memory_cache(deps.clock);
  auto service = make_community_service(deps);
  const auto visible = add("a", kT0);
  const auto hidden = add("a", kT0);
  const auto deleted = add("a", kT0);
  {
    auto tx = db().begin();
    ASSERT_TRUE(repo::set_post_status(tx, hidden, "visible", "hidden", std::string("reports"), kT0));
    ASSERT_TRUE(repo::set_post_status(tx, deleted, "visible", "deleted", std::nullopt, kT0));
    repo::bump_post_counts(tx, visible, 2, 1);
    tx.commit();
  }
  auto one = service->indexable_post(visible);
  ASSERT_TRUE(one.ok());
  ASSERT_TRUE(one->has_value());
  EXPECT_EQ((*one)->like_count, 2);
  EXPECT_EQ((*one)->comment_count, 1);
  EXPECT_EQ((*one)->category, "daily");
  EXPECT_FALSE(service->indexable_post(hidden)->has_value());
  EXPECT_FALSE(service->indexable_post(deleted)->has_value());
  EXPECT_FALSE(service->indexable_post(new_uuid_v7())->has_value());
  const auto second_visible = add("b", kT0);
  auto page1 = service->indexable_posts("", 1);
  ASSERT_TRUE(page1.ok());
  ASSERT_EQ(page1->size(), 1u);
  auto page2 = service->indexable_posts(page1->back().id, 10);
  ASSERT_TRUE(page2.ok());
  ASSERT_EQ(page2->size(), 1u);
  EXPECT_EQ(std::set<std::string>({page1->front().id, page2->front().id}),
            std::set<std::string>({visible, second_visible}));
}

// Opening a post writes nothing: views are counted in memory and written in one transaction by
// the worker's pass, at shutdown, or by the next view once the oldest waiting one is 5 s old.
TEST_P(CommunityRepositoryTest, ViewsAreWrittenInBatches) {
  auto shared = std::shared_ptr<db::Database>(db::open_database(temp().options()));
  Dependencies deps;
  deps.db = shared;
  auto clock = std::make_shared<ManualClock>(kT0);
  deps.clock = clock;
  deps.cache = cache::make_memory_cache(deps.clock);
  auto service = make_community_service(deps);
  const auto id = add("a", kT0);
  const auto stored = [&] {
    auto tx = db().read();
    return tx.query("SELECT view_count FROM community_posts WHERE id = $1", {id}).rows.at(0).get_int(0);
  };
  for (int i = 1; i <= 3; ++i) {
    auto detail = service->post("reader-" + std::to_string(i), id);
    ASSERT_TRUE(detail.ok());
    EXPECT_EQ(detail->post.view_count, i);  // what this process has counted so far
  }
  EXPECT_EQ(stored(), 0);
  EXPECT_EQ(*service->flush_views(), 1);
  EXPECT_EQ(*service->flush_views(), 0);
  EXPECT_EQ(stored(), 3);
  EXPECT_EQ(service->post("reader-4", id)->post.view_count, 4);
  clock->advance(std::chrono::seconds(6));
  EXPECT_EQ(service->post("reader-5", id)->post.view_count, 5);  // this one also wrote both
  EXPECT_EQ(stored(), 5);
  EXPECT_FALSE(service->post("reader-6", new_uuid_v7()).ok());  // an unknown post counts nothing
  EXPECT_EQ(*service->flush_views(), 0);
}

// Reloading a post does not inflate its count: one view per reader, post and Korean day.
TEST_P(CommunityRepositoryTest, AReaderCountsOncePerPostAndKoreanDay) {
  Dependencies deps;
  deps.db = std::shared_ptr<db::Database>(db::open_database(temp().options()));
  auto clock = std::make_shared<ManualClock>(parse_rfc3339("2026-03-02T14:00:00Z").value());  // 23:00 KST
  deps.clock = clock;
  deps.cache = cache::make_memory_cache(deps.clock);
  auto service = make_community_service(deps);
  const auto id = add("a", kT0);
  const auto other = add("b", kT0);
  EXPECT_EQ(service->post("reader", id)->post.view_count, 1);
  EXPECT_EQ(service->post("reader", id)->post.view_count, 1);  // a reload
  EXPECT_EQ(service->post("reader", other)->post.view_count, 1);  // another post counts
  EXPECT_EQ(service->post("someone", id)->post.view_count, 2);   // another reader counts
  ASSERT_EQ(*service->flush_views(), 2);
  EXPECT_EQ(service->post("reader", id)->post.view_count, 2);  // still the same day: nothing waiting
  clock->advance(std::chrono::hours(1));                       // 00:00 KST: a new day
  EXPECT_EQ(service->post("reader", id)->post.view_count, 3);
}

SOOM_INSTANTIATE_FOR_ENGINES(CommunityRepositoryTest);

}  // namespace
}  // namespace soom::community
