// Document frequencies (search_terms): the pure bookkeeping, and on both engines that the
// table equals a count over the stored documents after every kind of write — upserts, edits,
// removes, a reindex with live writes during the rebuild — and after migration 0019's backfill.
#include "modules/search/term_counts.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "db/migrations.hpp"
#include "db/testing/engine_fixture.hpp"
#include "modules/search/file_source.hpp"
#include "modules/search/search.hpp"

namespace soom::search {
namespace {

TEST(TermCounts, DistinctTokensOfAllFieldsWithoutWordSeparators) {
  const std::string fields[4] = {"흡입기 흡입 입기 | 사용", "", "사용 | 방법", "흡입기"};
  EXPECT_EQ(terms::distinct_tokens(fields), (std::vector<std::string>{"방법", "사용", "입기", "흡입", "흡입기"}));
}

TEST(TermCounts, AChangeCountsOnlyWhatDiffers) {
  terms::Delta delta;
  terms::count_change(delta, {"a", "b", "c"}, {"b", "c", "d"});
  EXPECT_EQ(delta, (terms::Delta{{"a", -1}, {"d", 1}}));
  terms::count_document(delta, {"a", "x"}, +1);
  EXPECT_EQ(delta, (terms::Delta{{"", 1}, {"a", 0}, {"d", 1}, {"x", 1}}));
  EXPECT_EQ(terms::to_json(delta), R"({"":1,"d":1,"x":1})");  // zero changes are left out
}

TEST(TermCounts, HeadingTermsArePrefixed) {
  const std::string fields[4] = {"흡입기", "천식", "", "흡입기 | 세척"};
  EXPECT_EQ(terms::document_terms(fields, false), (std::vector<std::string>{"세척", "천식", "흡입기"}));
  EXPECT_EQ(terms::document_terms(fields, true),
            (std::vector<std::string>{"#천식", "#흡입기", "세척", "천식", "흡입기"}));
}

TEST(TermCounts, JsonEscapesWhatItMust) {
  EXPECT_EQ(terms::to_json({{"a\"b\\c\n", -2}}), R"({"a\"b\\c\u000a":-2})");
}

Document doc(DocKind kind, std::string id, std::string title, std::string body) {
  Document d;
  d.kind = kind;
  d.id = std::move(id);
  d.title = std::move(title);
  d.body = std::move(body);
  d.category = kind == DocKind::kArticle ? "약과 흡입기 사용법" : "질문";
  if (kind == DocKind::kArticle) d.tags = {"흡입기", "천식"};
  return d;
}

class TermCountsTest : public db::testing::MigratedEngineTest {
 protected:
  void SetUp() override {
    MigratedEngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    index_ = make_search_index(db());
  }

  std::int64_t active() {
    auto tx = db().read();
    return tx.query("SELECT active_generation FROM search_state WHERE id = 1").rows.at(0).get_int(0);
  }

  // What the table should say: a count over the active generation's stored tokens.
  std::map<std::string, std::int64_t> counted() {
    auto tx = db().read();
    std::map<std::string, std::int64_t> out;
    const auto rows = tx.query(
        "SELECT title_tokens, tags_tokens, summary_tokens, body_tokens FROM search_documents WHERE generation = $1",
        {active()});
    for (const auto& r : rows.rows) {
      std::set<std::string> tokens;
      for (int f = 0; f < 4; ++f) {
        std::istringstream words(r.get_text(f));
        for (std::string w; words >> w;) {
          if (w != "|") tokens.insert(w);
        }
      }
      for (const auto& t : tokens) ++out[t];
      ++out[""];
      if (engine() == db::Engine::kPostgres) {  // heading tokens, under '#'
        std::set<std::string> heading;
        for (int f = 0; f < 3; ++f) {
          std::istringstream words(r.get_text(f));
          for (std::string w; words >> w;) {
            if (w != "|") heading.insert(w);
          }
        }
        for (const auto& t : heading) ++out["#" + t];
      }
    }
    return out;
  }

  std::map<std::string, std::int64_t> stored() {
    auto tx = db().read();
    std::map<std::string, std::int64_t> out;
    for (const auto& r :
         tx.query("SELECT token, documents FROM search_terms WHERE generation = $1 AND documents <> 0", {active()})
             .rows) {
      out[r.get_text(0)] = r.get_int(1);
    }
    return out;
  }

  std::unique_ptr<SearchIndex> index_;
};

TEST_P(TermCountsTest, FollowUpsertsEditsAndRemoves) {
  ASSERT_TRUE(index_->upsert(doc(DocKind::kArticle, "a1", "흡입기 사용법", "흡입기를 흔들고 숨을 내쉬세요")).ok());
  ASSERT_TRUE(index_->upsert(doc(DocKind::kPost, "p1", "흡입기 질문", "천식 흡입기 어디서 사요")).ok());
  ASSERT_TRUE(index_->upsert(doc(DocKind::kPost, "p2", "미세먼지", "미세먼지 심한 날 산책")).ok());
  EXPECT_EQ(stored(), counted());
  EXPECT_EQ(stored().at("흡입기"), 2);
  ASSERT_TRUE(index_->upsert(doc(DocKind::kPost, "p1", "스페이서 질문", "스페이서 세척 방법")).ok());  // edit
  ASSERT_TRUE(index_->upsert(doc(DocKind::kPost, "p1", "스페이서 질문", "스페이서 세척 방법")).ok());  // same again
  EXPECT_EQ(stored(), counted());
  EXPECT_EQ(stored().at("흡입기"), 1);
  ASSERT_TRUE(index_->remove(DocKind::kPost, "p2").ok());
  ASSERT_TRUE(index_->remove(DocKind::kPost, "p2").ok());        // idempotent
  ASSERT_TRUE(index_->remove(DocKind::kPost, "never").ok());     // unknown
  EXPECT_EQ(stored(), counted());
  EXPECT_FALSE(stored().contains("미세먼지"));
  EXPECT_EQ(stored().at(""), 2);
}

// The rebuild adds the counts of documents new to its generation at the swap; live writes
// during the rebuild apply theirs at once, to both generations, whether the rebuild has
// already written the document or not.
class ProbeBeforePosts final : public DocumentSource {
 public:
  ProbeBeforePosts(FileDocumentSource& inner, std::function<void()> probe) : inner_(inner), probe_(std::move(probe)) {}
  std::optional<Document> fetch(DocKind kind, const std::string& id) override { return inner_.fetch(kind, id); }
  std::vector<Document> page(DocKind kind, const std::string& after_id, int /*limit*/) override {
    if (kind == DocKind::kPost && after_id.empty()) probe_();
    return inner_.page(kind, after_id, 1);  // one document per page: several transactions
  }

 private:
  FileDocumentSource& inner_;
  std::function<void()> probe_;
};

TEST_P(TermCountsTest, AReindexWithLiveWritesEndsExact) {
  ASSERT_TRUE(index_->upsert(doc(DocKind::kPost, "old", "예전 글", "오래된 흡입기 이야기")).ok());
  FileDocumentSource files;
  files.add(doc(DocKind::kArticle, "a1", "흡입기 사용법", "흡입기를 흔들고 숨을 내쉬세요"));
  files.add(doc(DocKind::kArticle, "a2", "천식 기본", "천식은 기도의 만성 염증입니다"));
  files.add(doc(DocKind::kPost, "p1", "스페이서 질문", "스페이서 세척 방법"));
  files.add(doc(DocKind::kPost, "p2", "미세먼지", "미세먼지 심한 날 산책"));
  ProbeBeforePosts source(files, [&] {
    // The rebuild has written a1 and a2 (counts pending), not p1 or p2 yet.
    EXPECT_TRUE(index_->upsert(doc(DocKind::kArticle, "a1", "흡입기 세척", "물로 헹구지 마세요")).ok());
    EXPECT_TRUE(index_->remove(DocKind::kArticle, "a2").ok());
    EXPECT_TRUE(index_->upsert(doc(DocKind::kPost, "p1", "라이브 글", "실시간 작성")).ok());
    EXPECT_TRUE(index_->upsert(doc(DocKind::kPost, "live", "새 글", "흡입기 새 글")).ok());
    EXPECT_EQ(stored(), counted());  // the old generation, still active, follows too
  });
  ASSERT_TRUE(index_->reindex(source).ok());
  EXPECT_EQ(stored(), counted());
  // a1 (edited live), p1 (written live, then by the rebuild), p2, live; a2 was removed live.
  EXPECT_EQ(stored().at(""), 4);
}

// Two indexers (e.g. two worker processes) writing the same documents at once: each write reads
// the stored tokens and applies a difference, so without the index lock both could count a
// document as new.
TEST_P(TermCountsTest, ConcurrentWritersKeepTheCountsExact) {
  auto other = make_search_index(db());
  const auto writer = [&](SearchIndex& index, int seed) {
    for (int i = 0; i < 30; ++i) {
      const std::string id = "p" + std::to_string(i % 5);
      const std::string body = (i + seed) % 2 == 0 ? "흡입기 세척 방법" : "미세먼지 산책 기침";
      if ((i + seed) % 7 == 0) {
        EXPECT_TRUE(index.remove(DocKind::kPost, id).ok());
      } else {
        EXPECT_TRUE(index.upsert(doc(DocKind::kPost, id, "질문 " + std::to_string(seed), body)).ok());
      }
    }
  };
  std::thread a([&] { writer(*index_, 0); });
  std::thread b([&] { writer(*other, 1); });
  a.join();
  b.join();
  EXPECT_EQ(stored(), counted());
}

// Migration 0019 fills the table from what the engines already know (FTS5's per-term row
// counts; PostgreSQL's ts_stat over the tsvectors): run it again over an indexed corpus.
TEST_P(TermCountsTest, MigrationBackfillsTheCounts) {
  FileDocumentSource files(std::string(SOOM_SOURCE_DIR) + "/content/articles",
                           std::string(SOOM_SOURCE_DIR) + "/tests/search/posts.tsv");
  ASSERT_TRUE(index_->reindex(files).ok());
  ASSERT_TRUE(index_->upsert(doc(DocKind::kPost, "extra", "흡입기 질문", "천식 흡입기 어디서 사요")).ok());
  const auto expected = counted();
  ASSERT_GT(expected.size(), 1000u);
  {
    auto tx = db().begin();
    tx.query("DROP TABLE search_terms");
    if (engine() == db::Engine::kPostgres) {
      tx.query("DROP INDEX search_documents_article_tsv");
      tx.query("ALTER TABLE search_documents DROP COLUMN heading_tsv");  // its index goes with it
    }
    tx.query("DELETE FROM schema_migrations WHERE version IN (19, 20)");
    tx.commit();
  }
  ASSERT_TRUE(db::Migrator(db(), db::embedded_migrations(db().engine())).migrate());
  EXPECT_EQ(stored(), expected);
  if (engine() == db::Engine::kPostgres) {
    // heading_tsv was filled from the stored title, tags and summary tokens, as a write fills it.
    auto tx = db().read();
    const auto row = tx.query("SELECT COUNT(*), COUNT(*) FILTER (WHERE heading_tsv = array_to_tsvector(array_remove("
                              "array_remove(string_to_array(concat_ws(' ', title_tokens, tags_tokens, summary_tokens), "
                              "' '), '|'), ''))) FROM search_documents")
                         .rows.at(0);
    EXPECT_EQ(row.get_int(0), row.get_int(1));
  }
}

SOOM_INSTANTIATE_FOR_ENGINES(TermCountsTest);

}  // namespace
}  // namespace soom::search
