#pragma once
// Public surface of the content context: curated asthma articles (Markdown rendered to
// sanitized HTML), their editor workflow (draft → published → archived, immutable published
// revisions, audit trail), bookmarks, view counts, the seed loader and the queries the
// search indexer uses. Everything else in src/modules/content is private.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace soom::db {
class Database;
}
namespace soom::events {
class Consumer;
}
namespace soom::http {
class Router;
}

namespace soom::content {

struct Category final {
  std::string_view code;  // API code, e.g. "inhalers"
  std::string_view name;  // Korean display name, e.g. "약과 흡입기 사용법"
};
// Every category, in display order.
const std::vector<Category>& categories();
const Category* category_by_code(std::string_view code);
const Category* category_by_name(std::string_view name);

struct Reference final {
  std::string title;
  std::string publisher;
  std::string url;  // http/https only
  int year = 0;
};

// What an editor (or the seed file) provides; validated by the service.
struct ArticleInput final {
  std::string slug;
  std::string title;
  std::string summary;
  std::string body_markdown;
  std::string category;  // code
  std::vector<std::string> tags;
  std::optional<std::string> cover_image;
  std::vector<Reference> references;
};

// A published version as the public sees it.
struct PublishedArticle final {
  std::string id;
  std::string slug;
  std::int64_t revision = 0;
  std::string title;
  std::string summary;
  std::string body_html;  // sanitized
  std::string category;   // code
  std::vector<std::string> tags;
  std::optional<std::string> cover_image;
  std::vector<Reference> references;
  std::optional<std::string> author_id;
  Instant published_at;  // first publication
  Instant updated_at;    // this revision's publication
  std::int64_t view_count = 0;
};

struct ArticleSummary final {
  std::string id;
  std::string slug;
  std::string title;
  std::string summary;
  std::string category;
  std::vector<std::string> tags;
  std::optional<std::string> cover_image;
  Instant published_at;
  std::int64_t view_count = 0;
};

struct ArticlePage final {
  std::vector<ArticleSummary> items;
  std::optional<std::string> next_cursor;
};

struct ListQuery final {
  std::optional<std::string> category;  // code
  std::optional<std::string> tag;
  std::optional<std::string> cursor;
  int limit = 20;  // 1–kMaxPageLimit
};

// The editor's working copy plus its publication state.
struct EditorArticle final {
  std::string id;
  std::string status;  // draft | published | archived
  ArticleInput input;
  std::optional<std::string> author_id;
  std::int64_t version = 1;
  std::optional<std::int64_t> current_revision;
  std::optional<Instant> published_at;
  std::int64_t view_count = 0;
  Instant created_at;
  Instant updated_at;
};

struct Revision final {
  std::int64_t revision = 0;
  std::string title;
  std::string summary;
  std::string body_markdown;
  std::string category;
  std::vector<std::string> tags;
  std::optional<std::string> editor_id;
  Instant published_at;
};

struct AuditEntry final {
  std::string id;
  std::optional<std::string> actor_id;
  std::string action;  // create | update | publish | unpublish | archive
  std::string article_id;
  std::string detail;
  Instant at;
};

// Who is reading: a signed-in user, or an anonymous client fingerprint (for view dedupe).
struct Viewer final {
  std::optional<std::string> user_id;
  std::string client_key;
};

// What the search indexer needs about a published article.
struct IndexableArticle final {
  std::string id;
  std::string slug;
  std::string title;
  std::string summary;
  std::string body_text;  // Markdown stripped
  std::vector<std::string> tags;
  std::string category;       // code
  std::string category_name;  // Korean
  Instant published_at;
  std::int64_t view_count = 0;
};

struct TitleAndTags final {
  std::string id;
  std::string title;
  std::vector<std::string> tags;
};

// Queries for other contexts (the search indexer).
class ContentQueries {
 public:
  virtual ~ContentQueries() = default;
  // nullopt unless the article exists and is published.
  virtual Result<std::optional<IndexableArticle>> indexable_article(const std::string& article_id) = 0;
  // Published articles with id > after_id (empty: from the start), ordered by id.
  virtual Result<std::vector<IndexableArticle>> indexable_articles(const std::string& after_id, int limit) = 0;
  // Titles and tags of every published article (search suggestions).
  virtual Result<std::vector<TitleAndTags>> article_titles_and_tags() = 0;
};

struct SeedReport final {
  int created = 0;
  int revised = 0;
  int unchanged = 0;
};

class ContentService : public ContentQueries {
 public:
  ~ContentService() override = default;
  // Public reads: only published articles exist (drafts and archived are not found).
  virtual Result<ArticlePage> list_published(const ListQuery& query) = 0;
  // `ref` is an article id or slug. Counts one view per viewer per day.
  virtual Result<PublishedArticle> read_published(const std::string& ref, const Viewer& viewer) = 0;
  virtual Result<std::vector<ArticleSummary>> related(const std::string& ref, int limit) = 0;

  virtual Status bookmark(const std::string& user_id, const std::string& article_id) = 0;
  virtual Status remove_bookmark(const std::string& user_id, const std::string& article_id) = 0;
  virtual Result<ArticlePage> bookmarks(const std::string& user_id, const std::optional<std::string>& cursor,
                                        int limit) = 0;

  // Editor workflow. expected_version: If-Match (412 when stale).
  virtual Result<EditorArticle> create_draft(const std::string& editor_id, const ArticleInput& input) = 0;
  virtual Result<EditorArticle> update_draft(const std::string& editor_id, const std::string& id,
                                             const ArticleInput& input,
                                             std::optional<std::int64_t> expected_version) = 0;
  virtual Result<EditorArticle> editor_get(const std::string& id) = 0;
  virtual Result<std::vector<EditorArticle>> editor_list(const std::optional<std::string>& status, int limit) = 0;
  // The working copy rendered as the public would see it, without publishing.
  virtual Result<std::string> preview(const std::string& id) = 0;
  virtual Result<EditorArticle> publish(const std::string& editor_id, const std::string& id,
                                        std::optional<std::int64_t> expected_version) = 0;
  // to_status: draft (unpublish) or archived.
  virtual Result<EditorArticle> unpublish(const std::string& editor_id, const std::string& id,
                                          const std::string& to_status,
                                          std::optional<std::int64_t> expected_version) = 0;
  virtual Result<std::vector<Revision>> revisions(const std::string& id) = 0;
  virtual Result<std::vector<AuditEntry>> audit_trail(const std::string& id) = 0;

  // Upserts by slug and publishes (editor_id empty: the built-in seed loader). Unchanged
  // articles are skipped; changed ones get a new revision.
  virtual Result<SeedReport> seed(const std::vector<ArticleInput>& articles) = 0;

  // Housekeeping for the worker: deletes view-dedupe rows of days that are over (they only
  // stop a second view *today* from counting). At most one batch per call, and at most one
  // call per interval does any work unless the previous batch was full; returns rows deleted.
  virtual Result<int> purge_past_view_rows() = 0;
};

inline constexpr int kMaxPageLimit = 50;
inline constexpr std::size_t kMaxBodyBytes = 100'000;
inline constexpr std::size_t kMaxTags = 12;
inline constexpr std::size_t kMaxReferences = 4;

std::shared_ptr<ContentService> make_content_service(std::shared_ptr<db::Database> db,
                                                     std::shared_ptr<const Clock> clock);

// Reads and validates every content/articles/*.md file under `dir` (file-name order). Any
// invalid file fails the whole load with the file name and the offending key.
Result<std::vector<ArticleInput>> load_article_files(const std::string& dir);

// Markdown → sanitized HTML and → plain text (exposed for tests and previews).
std::string render_markdown_html(std::string_view markdown);
std::string markdown_plain_text(std::string_view markdown);

// Domain events (payload: article_id).
inline constexpr const char* kArticlePublished = "content.article_published";
inline constexpr const char* kArticleUnpublished = "content.article_unpublished";

// Public listener: list/read/related/bookmarks.
void add_content_routes(http::Router& router, std::shared_ptr<ContentService> service);
// Back-office listener: editor workflow (roles content_editor, admin).
void add_content_editor_routes(http::Router& router, std::shared_ptr<ContentService> service);

// identity.user_deleted → deletes the user's bookmarks and view-dedupe rows. Idempotent.
std::shared_ptr<events::Consumer> make_user_erasure_consumer(std::shared_ptr<db::Database> db);

}  // namespace soom::content
