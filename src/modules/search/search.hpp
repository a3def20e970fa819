#pragma once
// Public surface of the search context: the analyzer, the SearchIndex seam (SQLite FTS5 and
// PostgreSQL tsvector implementations inside the database in use; an external engine can be
// added behind the same interface), the DocumentSource the composition root implements over
// the content and community public APIs, and the synonym table. Design: docs/search.md.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "modules/search/analyzer.hpp"

namespace soom::db {
class Database;
}
namespace soom::events {
class Consumer;
}
namespace soom::http {
class Router;
}
namespace soom {
class Clock;
}

namespace soom::search {

enum class DocKind { kArticle, kPost };
std::string_view to_string(DocKind kind);
std::optional<DocKind> parse_doc_kind(std::string_view text);

struct Popularity final {
  std::int64_t likes = 0;
  std::int64_t comments = 0;
  std::int64_t views = 0;
};

// What the index knows about one published article or visible post.
struct Document final {
  DocKind kind = DocKind::kArticle;
  std::string id;  // article slug/id or post id
  std::string title;
  std::vector<std::string> tags;
  std::string summary;
  std::string body;  // plain text or Markdown source; never rendered from the index
  std::string category;
  std::int64_t published_at_ms = 0;
  Popularity popularity;
};

enum class Scope { kAll, kArticles, kPosts };
std::optional<Scope> parse_scope(std::string_view text);

inline constexpr int kMaxPageSize = 50;

struct Query final {
  std::string text;  // raw client text; validated and normalized by search()
  Scope scope = Scope::kAll;
  std::optional<std::string> category;
  int offset = 0;  // from the opaque cursor
  int limit = 10;
  std::int64_t now_ms = 0;  // recency tie-break for posts; query-log time
  bool log = true;          // write the query log (the benchmark turns it off)
};

struct Hit final {
  DocKind kind = DocKind::kArticle;
  std::string id;
  std::string title_html;    // HTML-escaped, query terms wrapped in <mark>
  std::string snippet_html;  // idem
  std::string category;
  std::int64_t published_at_ms = 0;
  double score = 0;
};

struct FacetCount final {
  std::string value;
  int count = 0;
};

struct SearchResults final {
  std::vector<Hit> hits;
  int total = 0;  // relevant documents above the floor, after scope/category filters
  std::optional<int> next_offset;
  std::vector<FacetCount> scopes;      // "articles" / "posts" over all relevant documents
  std::vector<FacetCount> categories;  // within the requested scope
  std::optional<std::string> query_id;  // query-log row, for record_click (first page only)
};

struct QueryStat final {
  std::string query;
  std::int64_t searches = 0;
  std::int64_t clicks = 0;
  std::int64_t last_result_count = 0;
};

struct Suggestion final {
  std::string text;
  std::string source;  // "title" | "tag" | "drug" | "query"
};

class DocumentSource {
 public:
  virtual ~DocumentSource() = default;
  // The document if it exists and may be shown (published article, visible post).
  virtual std::optional<Document> fetch(DocKind kind, const std::string& id) = 0;
  // Showable documents with id > after_id in id order (for reindex); empty when done.
  virtual std::vector<Document> page(DocKind kind, const std::string& after_id, int limit) = 0;
};

struct ReindexStats final {
  std::int64_t generation = 0;
  std::int64_t documents = 0;
  double seconds = 0;
};

class SearchIndex {
 public:
  virtual ~SearchIndex() = default;
  // Insert or replace (idempotent). Validation error for invalid UTF-8 or an empty id.
  virtual Status upsert(const Document& document) = 0;
  // Idempotent: removing an absent document is not an error.
  virtual Status remove(DocKind kind, const std::string& id) = 0;
  // Validation error (field "q") for invalid UTF-8, an empty or over-long query.
  virtual Result<SearchResults> search(const Query& query) = 0;
  // Prefix or 초성 matches over titles, tags, extra terms and popular queries.
  virtual Result<std::vector<Suggestion>> suggest(std::string_view prefix, int limit) = 0;
  // Builds a new generation from `source` while search serves the old one, then swaps.
  virtual Result<ReindexStats> reindex(DocumentSource& source) = 0;
  // Terms offered by suggest() besides the index (e.g. drug names from the medication catalog).
  virtual void set_extra_suggestions(std::vector<std::string> terms) = 0;
  // Re-reads the synonym table (after an editor changed it).
  virtual void reload_synonyms() = 0;
  // Records that a result of a logged query was opened. Not found for an unknown query id.
  virtual Status record_click(const std::string& query_id, DocKind kind, const std::string& doc_id) = 0;
  // Most frequent queries since `since_ms`; `zero_results_only` keeps those that found nothing.
  virtual Result<std::vector<QueryStat>> top_queries(std::int64_t since_ms, bool zero_results_only, int limit) = 0;
  // Retention: deletes up to `limit` query-log rows logged before `before_ms`, oldest first,
  // and returns how many (a full `limit` means more may be waiting).
  virtual Result<int> purge_query_log(std::int64_t before_ms, int limit) = 0;
};

// The implementation for db's engine: SQLite FTS5 or PostgreSQL tsvector + GIN.
std::unique_ptr<SearchIndex> make_search_index(db::Database& db);

// Outbox consumer keeping the index in step with content and community:
// content.article_published / community.post_published {"article_id"|"post_id"} → fetch + upsert
// (or remove when the source no longer shows it); content.article_unpublished,
// community.post_hidden, community.post_deleted → remove. Idempotent.
std::shared_ptr<events::Consumer> make_indexing_consumer(std::shared_ptr<SearchIndex> index,
                                                         std::shared_ptr<DocumentSource> source);

// ---- Synonyms (table search_synonyms) ----------------------------------------------------

struct SynonymGroup final {
  std::string id;
  std::vector<std::string> terms;  // first term = preferred display form
};

// content/synonyms.tsv: one group per line, terms separated by tabs.
std::vector<SynonymGroup> parse_synonyms_tsv(std::string_view text);
// Loads the groups when the table is empty (editors own it afterwards). Returns terms written.
Result<int> seed_synonyms_if_empty(db::Database& db, const std::vector<SynonymGroup>& groups);
Result<std::vector<SynonymGroup>> list_synonyms(db::Database& db);
// Adds `term` to group `group_id` (a new group when it does not exist). Conflict if the
// term already belongs to another group.
Status add_synonym(db::Database& db, const std::string& group_id, const std::string& term);
Status remove_synonym(db::Database& db, const std::string& term);

// ---- HTTP ---------------------------------------------------------------------------------

// GET /v1/search, GET /v1/search/suggest, POST /v1/search/clicks (API listener).
void add_search_routes(http::Router& router, std::shared_ptr<SearchIndex> index, std::shared_ptr<const Clock> clock);
// /admin/v1/search/queries and /admin/v1/search/synonyms (back office; content_editor, admin).
void add_search_admin_routes(http::Router& router, std::shared_ptr<SearchIndex> index, std::shared_ptr<db::Database> db,
                             std::shared_ptr<const Clock> clock);

}  // namespace soom::search
