// Outbox → index through the real dispatcher: publish, replay (idempotent), hide, and a
// publish event for a post that was hidden before the indexer ran.
#include <gtest/gtest.h>

#include "core/time.hpp"
#include "db/migrations.hpp"
#include "db/testing/engine_fixture.hpp"
#include "events/dispatcher.hpp"
#include "events/outbox.hpp"
#include "modules/search/file_source.hpp"
#include "modules/search/search.hpp"

namespace soom::search {
namespace {

class IndexingConsumerTest : public ::testing::TestWithParam<db::Engine> {
 protected:
  void SetUp() override {
    SOOM_REQUIRE_ENGINE(GetParam());
    temp_ = std::make_unique<db::testing::TempDatabase>(GetParam());
    db_ = std::shared_ptr<db::Database>(db::open_database(temp_->options()));
    ASSERT_TRUE(db::Migrator(*db_, db::embedded_migrations(db_->engine())).migrate());
    index_ = std::shared_ptr<SearchIndex>(make_search_index(*db_));
    source_ = std::make_shared<FileDocumentSource>();
    Document post;
    post.kind = DocKind::kPost;
    post.id = "p1";
    post.title = "스페이서 세척 후기";
    post.body = "스페이서를 주방세제로 씻었어요";
    post.category = "치료 후기";
    source_->add(post);
    clock_ = std::make_shared<ManualClock>(Instant{std::chrono::milliseconds{1'700'000'000'000}});
  }
  void TearDown() override {
    dispatcher_.reset();
    index_.reset();
    db_.reset();
    temp_.reset();
  }

  void publish(const std::string& type, const std::string& id) {
    auto tx = db_->begin();
    events::publish(tx, type, id, {{"post_id", id}}, clock_->now());
    tx.commit();
  }
  // One dispatcher per test, as one worker: a second one would wait for the first's lease.
  int dispatch() {
    if (!dispatcher_) {
      dispatcher_ = std::make_unique<events::Dispatcher>(db_, clock_,
                                                         std::vector{make_indexing_consumer(index_, source_)});
    }
    return dispatcher_->run_once();
  }
  std::size_t hits(const std::string& q) {
    Query query;
    query.text = q;
    query.log = false;
    auto r = index_->search(query);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->hits.size() : 0;
  }

  std::unique_ptr<db::testing::TempDatabase> temp_;
  std::shared_ptr<db::Database> db_;
  std::shared_ptr<SearchIndex> index_;
  std::shared_ptr<FileDocumentSource> source_;
  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<events::Dispatcher> dispatcher_;
};

TEST_P(IndexingConsumerTest, PublishIndexesAndHideRemoves) {
  publish("community.post_published", "p1");
  publish("community.post_published", "p1");  // redelivery / duplicate
  EXPECT_EQ(dispatch(), 2);
  EXPECT_EQ(hits("스페이서"), 1u);
  publish("community.post_hidden", "p1");
  publish("community.post_hidden", "p1");
  dispatch();
  EXPECT_EQ(hits("스페이서"), 0u);
}

TEST_P(IndexingConsumerTest, LatePublishOfAHiddenPostDoesNotReviveIt) {
  publish("community.post_published", "p1");
  // Hidden before the indexer ran: the source no longer shows it.
  source_ = std::make_shared<FileDocumentSource>();
  EXPECT_EQ(dispatch(), 1);
  EXPECT_EQ(hits("스페이서"), 0u);
}

TEST_P(IndexingConsumerTest, MalformedPayloadIsSkippedNotBlocking) {
  {
    auto tx = db_->begin();
    events::publish(tx, "community.post_published", "x", {{"other", "1"}}, clock_->now());
    tx.commit();
  }
  publish("community.post_published", "p1");
  EXPECT_EQ(dispatch(), 2);
  EXPECT_EQ(hits("스페이서"), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, IndexingConsumerTest,
                         ::testing::Values(db::Engine::kSqlite, db::Engine::kPostgres),
                         db::testing::engine_param_name);

}  // namespace
}  // namespace soom::search
