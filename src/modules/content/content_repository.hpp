#pragma once
// SQL for the content tables. Every function runs inside the caller's transaction so the
// service decides the unit of work (and publishes outbox events in it).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "db/db.hpp"
#include "modules/content/content.hpp"

namespace soom::content::repo {

// ---- Working copy (editors) ---------------------------------------------------------------
void insert_article(db::Transaction& tx, const EditorArticle& article);
// Writes the working copy and status fields of `article` (by id).
void update_article(db::Transaction& tx, const EditorArticle& article);
std::optional<EditorArticle> find_article(db::Transaction& tx, const std::string& id);
std::optional<EditorArticle> find_by_slug(db::Transaction& tx, const std::string& slug);
// Newest first; status filter optional.
std::vector<EditorArticle> list_articles(db::Transaction& tx, const std::optional<std::string>& status, int limit);

// ---- Revisions ------------------------------------------------------------------------------
struct RevisionHead final {
  std::int64_t revision = 0;
  std::string content_hash;
};
std::optional<RevisionHead> latest_revision(db::Transaction& tx, const std::string& article_id);
void insert_revision(db::Transaction& tx, const std::string& article_id, std::int64_t revision,
                     const ArticleInput& input, const std::string& body_html, const std::string& content_hash,
                     const std::optional<std::string>& editor_id, Instant at);
std::vector<Revision> revisions(db::Transaction& tx, const std::string& article_id);
// Replaces the live tags (tag filter, related articles) of an article; empty clears them.
void replace_live_tags(db::Transaction& tx, const std::string& article_id, const std::vector<std::string>& tags);

// ---- Public reads (published only) -----------------------------------------------------
std::optional<PublishedArticle> find_published(db::Transaction& tx, const std::string& id_or_slug, bool by_id);
struct Position final {
  std::int64_t published_at_ms = 0;
  std::string id;
};
std::vector<ArticleSummary> list_published(db::Transaction& tx, const std::optional<std::string>& category,
                                           const std::optional<std::string>& tag,
                                           const std::optional<Position>& after, int limit);
std::vector<ArticleSummary> related(db::Transaction& tx, const std::string& article_id, const std::string& category,
                                    int limit);
bool has_view(db::Transaction& tx, const std::string& article_id, const std::string& viewer_key,
              const std::string& day);
// Inserts the (article, viewer, day) row; true (and view_count + 1) when it was new.
bool record_view(db::Transaction& tx, const std::string& article_id, const std::string& viewer_key,
                 const std::string& day, const std::optional<std::string>& user_id, Instant at);
// Deletes up to `limit` view rows created before `before` (through the created_at index).
int delete_views_before(db::Transaction& tx, Instant before, int limit);

// ---- Bookmarks --------------------------------------------------------------------------
void add_bookmark(db::Transaction& tx, const std::string& user_id, const std::string& article_id, Instant at);
bool remove_bookmark(db::Transaction& tx, const std::string& user_id, const std::string& article_id);
struct BookmarkPosition final {
  std::int64_t created_at_ms = 0;
  std::string article_id;
};
struct BookmarkedArticle final {
  ArticleSummary article;
  std::int64_t bookmarked_at_ms = 0;
};
// Newest bookmark first; bookmarks of articles that are no longer published are skipped.
std::vector<BookmarkedArticle> bookmarks(db::Transaction& tx, const std::string& user_id,
                                         const std::optional<BookmarkPosition>& after, int limit);

// ---- Audit ------------------------------------------------------------------------------
void append_audit(db::Transaction& tx, const AuditEntry& entry);
std::vector<AuditEntry> audit_trail(db::Transaction& tx, const std::string& article_id);

// ---- Indexing -------------------------------------------------------------------------------
struct IndexRow final {
  IndexableArticle article;
  std::string body_markdown;
};
std::vector<IndexRow> published_for_index(db::Transaction& tx, const std::optional<std::string>& id,
                                          const std::string& after_id, int limit);

}  // namespace soom::content::repo
