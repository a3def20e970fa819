// The service and its SQL on both engines: editor workflow, revisions, public visibility,
// view dedupe, bookmarks, seed idempotency, outbox events and the indexer queries.
#include <gtest/gtest.h>

#include "db/migrations.hpp"
#include "db/testing/engine_fixture.hpp"
#include "events/dispatcher.hpp"
#include "events/outbox.hpp"
#include "modules/content/content.hpp"

namespace soom::content {
namespace {

using std::chrono::hours;

class ContentServiceTest : public db::testing::MigratedEngineTest {
 protected:
  void SetUp() override {
    MigratedEngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    db_ptr_ = std::shared_ptr<db::Database>(&db(), [](db::Database*) {});
    service_ = make_content_service(db_ptr_, clock_);
  }

  static ArticleInput input(const std::string& slug, std::string category = "medicines",
                            std::vector<std::string> tags = {"흡입기"}) {
    ArticleInput in;
    in.slug = slug;
    in.title = "제목 " + slug;
    in.summary = "요약";
    in.body_markdown = "## 소제목\n\n**본문** <script>alert(1)</script> [x](javascript:alert(1))";
    in.category = std::move(category);
    in.tags = std::move(tags);
    in.references = {{"GINA 2024", "GINA", "https://ginasthma.org/reports/", 2024}};
    return in;
  }

  std::vector<events::Event> events_of(const std::string& type) {
    std::vector<events::Event> out;
    for (auto& e : events::read_after(db(), 0, 1000, "content.")) {
      if (e.type == type) out.push_back(std::move(e));
    }
    return out;
  }

  std::string publish_new(const std::string& slug, std::string category = "medicines",
                          std::vector<std::string> tags = {"흡입기"}) {
    auto draft = service_->create_draft(kEditor, input(slug, std::move(category), std::move(tags)));
    EXPECT_TRUE(draft.ok());
    auto published = service_->publish(kEditor, draft->id, draft->version);
    EXPECT_TRUE(published.ok());
    clock_->advance(std::chrono::seconds(1));
    return draft->id;
  }

  static constexpr const char* kEditor = "0190a000-0000-7000-8000-00000000e0e0";
  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>(from_unix_ms(1'790'000'000'000));
  std::shared_ptr<db::Database> db_ptr_;
  std::shared_ptr<ContentService> service_;
};

TEST_P(ContentServiceTest, DraftIsInvisibleUntilPublishedAndRevisionsAreKept) {
  auto draft = service_->create_draft(kEditor, input("spacer"));
  ASSERT_TRUE(draft.ok());
  EXPECT_EQ(draft->status, "draft");
  EXPECT_EQ(service_->read_published("spacer", {std::nullopt, "c1"}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->read_published(draft->id, {std::nullopt, "c1"}).error().code, ErrorCode::kNotFound);

  auto v1 = service_->publish(kEditor, draft->id, draft->version);
  ASSERT_TRUE(v1.ok());
  auto read = service_->read_published("spacer", {std::nullopt, "c1"});
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->revision, 1);
  EXPECT_EQ(read->body_html.find("<script"), std::string::npos);
  EXPECT_NE(read->body_html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(read->body_html.find("javascript:"), std::string::npos);

  // An edit changes the working copy only; the public keeps revision 1 until publish.
  auto edited_input = input("spacer");
  edited_input.title = "고친 제목";
  EXPECT_EQ(service_->update_draft(kEditor, draft->id, edited_input, v1->version - 1).error().code,
            ErrorCode::kPreconditionFailed);
  auto edited = service_->update_draft(kEditor, draft->id, edited_input, v1->version);
  ASSERT_TRUE(edited.ok());
  EXPECT_EQ(service_->read_published("spacer", {std::nullopt, "c1"})->title, "제목 spacer");
  ASSERT_TRUE(service_->publish(kEditor, draft->id, edited->version).ok());
  EXPECT_EQ(service_->read_published("spacer", {std::nullopt, "c1"})->title, "고친 제목");

  auto revs = service_->revisions(draft->id);
  ASSERT_TRUE(revs.ok());
  ASSERT_EQ(revs->size(), 2u);
  EXPECT_EQ((*revs)[0].title, "고친 제목");
  EXPECT_EQ((*revs)[1].title, "제목 spacer");

  auto off = service_->unpublish(kEditor, draft->id, "archived", std::nullopt);
  ASSERT_TRUE(off.ok());
  EXPECT_EQ(service_->read_published("spacer", {std::nullopt, "c1"}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->revisions(draft->id)->size(), 2u);

  EXPECT_EQ(events_of(kArticlePublished).size(), 2u);
  ASSERT_EQ(events_of(kArticleUnpublished).size(), 1u);
  EXPECT_NE(events_of(kArticleUnpublished)[0].payload.find(draft->id), std::string::npos);

  auto trail = service_->audit_trail(draft->id);
  ASSERT_TRUE(trail.ok());
  std::vector<std::string> actions;
  for (const auto& e : *trail) actions.push_back(e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "publish", "update", "publish", "archive"}));
  EXPECT_EQ((*trail)[0].actor_id, std::optional<std::string>(kEditor));
}

TEST_P(ContentServiceTest, SlugsAreUniqueAndInputIsValidated) {
  ASSERT_TRUE(service_->create_draft(kEditor, input("dup")).ok());
  EXPECT_EQ(service_->create_draft(kEditor, input("dup")).error().code, ErrorCode::kConflict);
  auto bad = input("Bad Slug");
  EXPECT_EQ(service_->create_draft(kEditor, bad).error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(count("content_articles"), 1);
}

TEST_P(ContentServiceTest, ViewsCountOncePerViewerPerDay) {
  const auto id = publish_new("views");
  const Viewer alice{std::string("0190a000-0000-7000-8000-0000000a11ce"), "ignored"};
  EXPECT_EQ(service_->read_published(id, alice)->view_count, 1);
  EXPECT_EQ(service_->read_published("views", alice)->view_count, 1);
  EXPECT_EQ(service_->read_published(id, {std::nullopt, "client-1"})->view_count, 2);
  EXPECT_EQ(service_->read_published(id, {std::nullopt, "client-1"})->view_count, 2);
  clock_->advance(hours(24));
  EXPECT_EQ(service_->read_published(id, alice)->view_count, 3);
}

TEST_P(ContentServiceTest, ListsByCategoryAndTagWithCursor) {
  publish_new("a1", "medicines", {"흡입기"});
  publish_new("a2", "environment", {"미세먼지"});
  publish_new("a3", "medicines", {"흡입기", "스페이서"});
  ASSERT_TRUE(service_->create_draft(kEditor, input("hidden-draft")).ok());

  auto first = service_->list_published({std::nullopt, std::nullopt, std::nullopt, 2});
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->items[0].slug, "a3");
  ASSERT_TRUE(first->next_cursor);
  auto second = service_->list_published({std::nullopt, std::nullopt, first->next_cursor, 2});
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].slug, "a1");
  EXPECT_FALSE(second->next_cursor);

  auto medicines = service_->list_published({std::string("medicines"), std::nullopt, std::nullopt, 10});
  EXPECT_EQ(medicines->items.size(), 2u);
  auto spacer = service_->list_published({std::nullopt, std::string("스페이서"), std::nullopt, 10});
  ASSERT_EQ(spacer->items.size(), 1u);
  EXPECT_EQ(spacer->items[0].slug, "a3");
  EXPECT_FALSE(service_->list_published({std::nullopt, std::nullopt, std::string("!!"), 10}).ok());
  EXPECT_FALSE(service_->list_published({std::string("nope"), std::nullopt, std::nullopt, 10}).ok());
  EXPECT_FALSE(service_->list_published({std::nullopt, std::string(121, 'a'), std::nullopt, 10}).ok());
  EXPECT_FALSE(service_->list_published({std::nullopt, std::nullopt, std::nullopt, 0}).ok());

  auto related = service_->related("a1", 5);
  ASSERT_TRUE(related.ok());
  ASSERT_EQ(related->size(), 1u);
  EXPECT_EQ((*related)[0].slug, "a3");
}

TEST_P(ContentServiceTest, BookmarksOnlyOnPublishedArticles) {
  const auto id = publish_new("bm");
  const std::string user = "0190a000-0000-7000-8000-0000000b0b0b";
  ASSERT_TRUE(service_->bookmark(user, id).ok());
  ASSERT_TRUE(service_->bookmark(user, id).ok());  // idempotent
  EXPECT_EQ(service_->bookmarks(user, std::nullopt, 10)->items.size(), 1u);
  EXPECT_EQ(service_->bookmark(user, "0190a000-0000-7000-8000-000000000000").error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(service_->unpublish(kEditor, id, "draft", std::nullopt).ok());
  EXPECT_TRUE(service_->bookmarks(user, std::nullopt, 10)->items.empty());
  ASSERT_TRUE(service_->remove_bookmark(user, id).ok());
  EXPECT_EQ(count("content_bookmarks"), 0);
}

TEST_P(ContentServiceTest, SeedIsIdempotentAndRevisesChangedArticles) {
  std::vector<ArticleInput> files{input("seed-a"), input("seed-b")};
  auto first = service_->seed(files);
  ASSERT_TRUE(first.ok()) << first.error().public_message;
  EXPECT_EQ(first->created, 2);
  auto again = service_->seed(files);
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(count("content_revisions"), 2);
  EXPECT_EQ(events_of(kArticlePublished).size(), 2u);

  files[1].summary = "바뀐 요약";
  auto third = service_->seed(files);
  EXPECT_EQ(third->revised, 1);
  EXPECT_EQ(third->unchanged, 1);
  EXPECT_EQ(service_->read_published("seed-b", {std::nullopt, "c"})->summary, "바뀐 요약");
  EXPECT_EQ(count("content_revisions"), 3);

  // One invalid article fails the whole run and writes nothing.
  files.push_back(input("seed-c"));
  files.back().references.clear();
  EXPECT_FALSE(service_->seed(files).ok());
  EXPECT_EQ(count("content_articles"), 2);
}

TEST_P(ContentServiceTest, IndexerQueriesSeeOnlyPublished) {
  const auto id = publish_new("idx", "environment", {"미세먼지"});
  auto draft = service_->create_draft(kEditor, input("idx-draft"));
  auto one = service_->indexable_article(id);
  ASSERT_TRUE(one.ok());
  ASSERT_TRUE(one->has_value());
  EXPECT_EQ((*one)->category_name, "환경(미세먼지·꽃가루)");
  EXPECT_EQ((*one)->body_text.find("**"), std::string::npos);
  EXPECT_NE((*one)->body_text.find("본문"), std::string::npos);
  EXPECT_FALSE(service_->indexable_article(draft->id)->has_value());
  EXPECT_EQ(service_->indexable_articles("", 10)->size(), 1u);
  EXPECT_TRUE(service_->indexable_articles(id, 10)->empty());
  auto titles = service_->article_titles_and_tags();
  ASSERT_EQ(titles->size(), 1u);
  EXPECT_EQ((*titles)[0].tags, (std::vector<std::string>{"미세먼지"}));
}

TEST_P(ContentServiceTest, UserErasureDeletesBookmarksAndViewRowsOnly) {
  const auto id = publish_new("erase");
  const std::string gone = "0190a000-0000-7000-8000-00000000dead";
  const std::string stays = "0190a000-0000-7000-8000-0000000a11ce";
  for (const auto& user : {gone, stays}) {
    ASSERT_TRUE(service_->bookmark(user, id).ok());
    ASSERT_TRUE(service_->read_published(id, {user, "c"}).ok());
  }
  auto consumer = make_user_erasure_consumer(db_ptr_);
  events::Event deleted;
  deleted.type = "identity.user_deleted";
  deleted.aggregate_id = gone;
  ASSERT_TRUE(consumer->handle(deleted).ok());
  ASSERT_TRUE(consumer->handle(deleted).ok());  // a redelivery changes nothing
  EXPECT_TRUE(service_->bookmarks(gone, std::nullopt, 10)->items.empty());
  EXPECT_EQ(service_->bookmarks(stays, std::nullopt, 10)->items.size(), 1u);
  EXPECT_EQ(count("content_views"), 1);
  // The anonymous total stays.
  EXPECT_EQ(service_->read_published(id, {stays, "c"})->view_count, 2);
}

TEST_P(ContentServiceTest, PastDaysViewRowsArePurgedWithoutChangingCounts) {
  // The clock starts at 2026-09-21 14:13 UTC, 23:13 in Korea.
  const auto id = publish_new("purge");
  ASSERT_TRUE(service_->read_published(id, {std::nullopt, "yesterday"}).ok());
  clock_->advance(hours(20));  // 19:13 the next Korean day
  ASSERT_TRUE(service_->read_published(id, {std::nullopt, "today"}).ok());
  ASSERT_EQ(count("content_views"), 2);

  EXPECT_EQ(service_->purge_past_view_rows().value(), 1);
  EXPECT_EQ(count("content_views"), 1);
  // Today's row still dedupes; the total is untouched by the purge.
  EXPECT_EQ(service_->read_published(id, {std::nullopt, "today"})->view_count, 2);
  // Within the interval nothing runs; afterwards there is nothing left to delete.
  EXPECT_EQ(service_->purge_past_view_rows().value(), 0);
  clock_->advance(std::chrono::minutes(11));
  EXPECT_EQ(service_->purge_past_view_rows().value(), 0);
  EXPECT_EQ(count("content_views"), 1);
}

SOOM_INSTANTIATE_FOR_ENGINES(ContentServiceTest);

}  // namespace
}  // namespace soom::content
