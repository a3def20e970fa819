#include "modules/content/content_repository.hpp"

#include "modules/content/article_codec.hpp"

namespace soom::content::repo {
namespace {

using db::Value;

Value opt(const std::optional<std::string>& v) { return v ? Value(*v) : Value(db::Null{}); }
Value opt(const std::optional<std::int64_t>& v) { return v ? Value(*v) : Value(db::Null{}); }
Value ms(Instant t) { return Value(to_unix_ms(t)); }

constexpr const char* kArticleColumns =
    "id, slug, status, title, summary, body_md, category, tags, cover_image, refs, author_id, version, "
    "current_revision, published_at, view_count, created_at, updated_at";

EditorArticle article_from(const db::Row& r) {
  EditorArticle a;
  a.id = r.get_text(0);
  a.input.slug = r.get_text(1);
  a.status = r.get_text(2);
  a.input.title = r.get_text(3);
  a.input.summary = r.get_text(4);
  a.input.body_markdown = r.get_text(5);
  a.input.category = r.get_text(6);
  a.input.tags = tags_from_json(r.get_text(7));
  a.input.cover_image = r.opt_text(8);
  a.input.references = references_from_json(r.get_text(9));
  a.author_id = r.opt_text(10);
  a.version = r.get_int(11);
  a.current_revision = r.opt_int(12);
  if (auto p = r.opt_int(13)) a.published_at = from_unix_ms(*p);
  a.view_count = r.get_int(14);
  a.created_at = from_unix_ms(r.get_int(15));
  a.updated_at = from_unix_ms(r.get_int(16));
  return a;
}

// The live revision joined to its article: what the public sees.
constexpr const char* kPublishedFrom =
    " FROM content_articles a JOIN content_revisions r ON r.article_id = a.id AND r.revision = a.current_revision"
    " WHERE a.status = 'published'";
constexpr const char* kSummaryColumns =
    "a.id, a.slug, r.title, r.summary, r.category, r.tags, r.cover_image, a.published_at, a.view_count";

ArticleSummary summary_from(const db::Row& r) {
  ArticleSummary s;
  s.id = r.get_text(0);
  s.slug = r.get_text(1);
  s.title = r.get_text(2);
  s.summary = r.get_text(3);
  s.category = r.get_text(4);
  s.tags = tags_from_json(r.get_text(5));
  s.cover_image = r.opt_text(6);
  s.published_at = from_unix_ms(r.get_int(7));
  s.view_count = r.get_int(8);
  return s;
}

}  // namespace

void insert_article(db::Transaction& tx, const EditorArticle& a) {
  tx.query(std::string("INSERT INTO content_articles (") + kArticleColumns +
               ", live_category) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
               "NULL)",
           {a.id, a.input.slug, a.status, a.input.title, a.input.summary, a.input.body_markdown, a.input.category,
            tags_to_json(a.input.tags), opt(a.input.cover_image), references_to_json(a.input.references),
            opt(a.author_id), a.version, opt(a.current_revision),
            a.published_at ? ms(*a.published_at) : Value(db::Null{}), a.view_count, ms(a.created_at),
            ms(a.updated_at)});
}

void update_article(db::Transaction& tx, const EditorArticle& a) {
  tx.query(
      "UPDATE content_articles SET slug = $2, status = $3, title = $4, summary = $5, body_md = $6, category = $7, "
      "tags = $8, cover_image = $9, refs = $10, version = $11, current_revision = $12, published_at = $13, "
      "updated_at = $14, live_category = (SELECT r.category FROM content_revisions r WHERE r.article_id = $1 AND "
      "r.revision = $12) WHERE id = $1",
      {a.id, a.input.slug, a.status, a.input.title, a.input.summary, a.input.body_markdown, a.input.category,
       tags_to_json(a.input.tags), opt(a.input.cover_image), references_to_json(a.input.references), a.version,
       opt(a.current_revision), a.published_at ? ms(*a.published_at) : Value(db::Null{}), ms(a.updated_at)});
}

std::optional<EditorArticle> find_article(db::Transaction& tx, const std::string& id) {
  auto r = tx.query(std::string("SELECT ") + kArticleColumns + " FROM content_articles WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  return article_from(r.rows.at(0));
}

std::optional<EditorArticle> find_by_slug(db::Transaction& tx, const std::string& slug) {
  auto r = tx.query(std::string("SELECT ") + kArticleColumns + " FROM content_articles WHERE slug = $1", {slug});
  if (r.empty()) return std::nullopt;
  return article_from(r.rows.at(0));
}

std::vector<EditorArticle> list_articles(db::Transaction& tx, const std::optional<std::string>& status, int limit) {
  auto r = status ? tx.query(std::string("SELECT ") + kArticleColumns +
                                 " FROM content_articles WHERE status = $1 ORDER BY updated_at DESC, id DESC LIMIT $2",
                             {*status, static_cast<std::int64_t>(limit)})
                  : tx.query(std::string("SELECT ") + kArticleColumns +
                                 " FROM content_articles ORDER BY updated_at DESC, id DESC LIMIT $1",
                             {static_cast<std::int64_t>(limit)});
  std::vector<EditorArticle> out;
  for (const auto& row : r.rows) out.push_back(article_from(row));
  return out;
}

std::optional<RevisionHead> latest_revision(db::Transaction& tx, const std::string& article_id) {
  auto r = tx.query(
      "SELECT revision, content_hash FROM content_revisions WHERE article_id = $1 ORDER BY revision DESC LIMIT 1",
      {article_id});
  if (r.empty()) return std::nullopt;
  return RevisionHead{r.rows[0].get_int(0), r.rows[0].get_text(1)};
}

void insert_revision(db::Transaction& tx, const std::string& article_id, std::int64_t revision,
                     const ArticleInput& in, const std::string& body_html, const std::string& hash,
                     const std::optional<std::string>& editor_id, Instant at) {
  tx.query(
      "INSERT INTO content_revisions (article_id, revision, title, summary, body_md, body_html, category, tags, "
      "cover_image, refs, content_hash, editor_id, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
      "$11, $12, $13)",
      {article_id, revision, in.title, in.summary, in.body_markdown, body_html, in.category, tags_to_json(in.tags),
       opt(in.cover_image), references_to_json(in.references), hash, opt(editor_id), ms(at)});
}

std::vector<Revision> revisions(db::Transaction& tx, const std::string& article_id) {
  auto r = tx.query(
      "SELECT revision, title, summary, body_md, category, tags, editor_id, published_at FROM content_revisions "
      "WHERE article_id = $1 ORDER BY revision DESC",
      {article_id});
  std::vector<Revision> out;
  for (const auto& row : r.rows) {
    out.push_back({row.get_int(0), row.get_text(1), row.get_text(2), row.get_text(3), row.get_text(4),
                   tags_from_json(row.get_text(5)), row.opt_text(6), from_unix_ms(row.get_int(7))});
  }
  return out;
}

void replace_live_tags(db::Transaction& tx, const std::string& article_id, const std::vector<std::string>& tags) {
  tx.query("DELETE FROM content_article_tags WHERE article_id = $1", {article_id});
  for (const auto& tag : tags) {
    tx.query("INSERT INTO content_article_tags (article_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING",
             {article_id, tag});
  }
}

std::optional<PublishedArticle> find_published(db::Transaction& tx, const std::string& ref, bool by_id) {
  auto r = tx.query(std::string("SELECT a.id, a.slug, r.revision, r.title, r.summary, r.body_html, r.category, "
                                "r.tags, r.cover_image, r.refs, a.author_id, a.published_at, r.published_at, "
                                "a.view_count") +
                        kPublishedFrom + (by_id ? " AND a.id = $1" : " AND a.slug = $1"),
                    {ref});
  if (r.empty()) return std::nullopt;
  const auto& row = r.rows[0];
  PublishedArticle p;
  p.id = row.get_text(0);
  p.slug = row.get_text(1);
  p.revision = row.get_int(2);
  p.title = row.get_text(3);
  p.summary = row.get_text(4);
  p.body_html = row.get_text(5);
  p.category = row.get_text(6);
  p.tags = tags_from_json(row.get_text(7));
  p.cover_image = row.opt_text(8);
  p.references = references_from_json(row.get_text(9));
  p.author_id = row.opt_text(10);
  p.published_at = from_unix_ms(row.get_int(11));
  p.updated_at = from_unix_ms(row.get_int(12));
  p.view_count = row.get_int(13);
  return p;
}

std::vector<ArticleSummary> list_published(db::Transaction& tx, const std::optional<std::string>& category,
                                           const std::optional<std::string>& tag,
                                           const std::optional<Position>& after, int limit) {
  std::string sql = std::string("SELECT ") + kSummaryColumns + kPublishedFrom;
  db::Params params;
  auto next = [&params](Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  if (category) sql += " AND a.live_category = " + next(*category);
  if (tag) sql += " AND a.id IN (SELECT t.article_id FROM content_article_tags t WHERE t.tag = " + next(*tag) + ")";
  if (after) {
    const auto at = next(after->published_at_ms);
    const auto id = next(after->id);
    sql += " AND (a.published_at < " + at + " OR (a.published_at = " + at + " AND a.id < " + id + "))";
  }
  sql += " ORDER BY a.published_at DESC, a.id DESC LIMIT " + next(static_cast<std::int64_t>(limit));
  std::vector<ArticleSummary> out;
  for (const auto& row : tx.query(sql, params).rows) out.push_back(summary_from(row));
  return out;
}

std::vector<ArticleSummary> related(db::Transaction& tx, const std::string& article_id, const std::string& category,
                                    int limit) {
  // Shared live tags weigh twice a shared category; ties go to the newer article.
  const std::string sql =
      std::string("SELECT * FROM (SELECT ") + kSummaryColumns +
      ", (SELECT COUNT(*) FROM content_article_tags t WHERE t.article_id = a.id AND t.tag IN "
      "(SELECT s.tag FROM content_article_tags s WHERE s.article_id = $1)) AS shared, "
      "CASE WHEN a.live_category = $2 THEN 1 ELSE 0 END AS same_category" +
      kPublishedFrom +
      " AND a.id <> $1) c WHERE c.shared > 0 OR c.same_category = 1 "
      "ORDER BY c.shared * 2 + c.same_category DESC, c.published_at DESC, c.id DESC LIMIT $3";
  std::vector<ArticleSummary> out;
  for (const auto& row : tx.query(sql, {article_id, category, static_cast<std::int64_t>(limit)}).rows) {
    out.push_back(summary_from(row));
  }
  return out;
}

bool has_view(db::Transaction& tx, const std::string& article_id, const std::string& viewer_key,
              const std::string& day) {
  return !tx.query("SELECT 1 FROM content_views WHERE article_id = $1 AND viewer_key = $2 AND day = $3",
                   {article_id, viewer_key, day})
              .empty();
}

bool record_view(db::Transaction& tx, const std::string& article_id, const std::string& viewer_key,
                 const std::string& day, const std::optional<std::string>& user_id, Instant at) {
  auto inserted = tx.query(
      "INSERT INTO content_views (article_id, viewer_key, day, user_id, created_at) VALUES ($1, $2, $3, $4, $5) "
      "ON CONFLICT DO NOTHING",
      {article_id, viewer_key, day, opt(user_id), ms(at)});
  if (inserted.affected == 0) return false;
  tx.query("UPDATE content_articles SET view_count = view_count + 1 WHERE id = $1", {article_id});
  return true;
}

int delete_views_before(db::Transaction& tx, Instant before, int limit) {
  // Row values instead of rowid: the same statement on both engines.
  auto deleted = tx.query(
      "DELETE FROM content_views WHERE (article_id, viewer_key, day) IN (SELECT article_id, viewer_key, day "
      "FROM content_views WHERE created_at < $1 ORDER BY created_at LIMIT $2)",
      {ms(before), static_cast<std::int64_t>(limit)});
  return static_cast<int>(deleted.affected);
}

void add_bookmark(db::Transaction& tx, const std::string& user_id, const std::string& article_id, Instant at) {
  tx.query(
      "INSERT INTO content_bookmarks (user_id, article_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
      {user_id, article_id, ms(at)});
}

bool remove_bookmark(db::Transaction& tx, const std::string& user_id, const std::string& article_id) {
  return tx.query("DELETE FROM content_bookmarks WHERE user_id = $1 AND article_id = $2", {user_id, article_id})
             .affected > 0;
}

std::vector<BookmarkedArticle> bookmarks(db::Transaction& tx, const std::string& user_id,
                                         const std::optional<BookmarkPosition>& after, int limit) {
  std::string sql = std::string("SELECT ") + kSummaryColumns +
                    ", b.created_at FROM content_bookmarks b JOIN content_articles a ON a.id = b.article_id "
                    "JOIN content_revisions r ON r.article_id = a.id AND r.revision = a.current_revision "
                    "WHERE b.user_id = $1 AND a.status = 'published'";
  db::Params params{user_id};
  if (after) {
    sql += " AND (b.created_at < $2 OR (b.created_at = $2 AND b.article_id < $3))";
    params.emplace_back(after->created_at_ms);
    params.emplace_back(after->article_id);
  }
  sql += " ORDER BY b.created_at DESC, b.article_id DESC LIMIT $" + std::to_string(params.size() + 1);
  params.emplace_back(static_cast<std::int64_t>(limit));
  std::vector<BookmarkedArticle> out;
  for (const auto& row : tx.query(sql, params).rows) out.push_back({summary_from(row), row.get_int(9)});
  return out;
}

void append_audit(db::Transaction& tx, const AuditEntry& e) {
  tx.query("INSERT INTO content_audit (id, actor_id, action, article_id, detail, at) VALUES ($1, $2, $3, $4, $5, $6)",
           {e.id, opt(e.actor_id), e.action, e.article_id, e.detail, ms(e.at)});
}

std::vector<AuditEntry> audit_trail(db::Transaction& tx, const std::string& article_id) {
  auto r = tx.query(
      "SELECT id, actor_id, action, article_id, detail, at FROM content_audit WHERE article_id = $1 "
      "ORDER BY at, id",
      {article_id});
  std::vector<AuditEntry> out;
  for (const auto& row : r.rows) {
    out.push_back({row.get_text(0), row.opt_text(1), row.get_text(2), row.get_text(3), row.get_text(4),
                   from_unix_ms(row.get_int(5))});
  }
  return out;
}

std::vector<IndexRow> published_for_index(db::Transaction& tx, const std::optional<std::string>& id,
                                          const std::string& after_id, int limit) {
  std::string sql =
      std::string("SELECT a.id, a.slug, r.title, r.summary, r.body_md, r.tags, r.category, a.published_at, "
                  "a.view_count") +
      kPublishedFrom;
  db::Params params;
  if (id) {
    sql += " AND a.id = $1";
    params.emplace_back(*id);
  } else {
    sql += " AND a.id > $1 ORDER BY a.id LIMIT $2";
    params.emplace_back(after_id);
    params.emplace_back(static_cast<std::int64_t>(limit));
  }
  std::vector<IndexRow> out;
  for (const auto& row : tx.query(sql, params).rows) {
    IndexRow ir;
    ir.article.id = row.get_text(0);
    ir.article.slug = row.get_text(1);
    ir.article.title = row.get_text(2);
    ir.article.summary = row.get_text(3);
    ir.body_markdown = row.get_text(4);
    ir.article.tags = tags_from_json(row.get_text(5));
    ir.article.category = row.get_text(6);
    ir.article.published_at = from_unix_ms(row.get_int(7));
    ir.article.view_count = row.get_int(8);
    out.push_back(std::move(ir));
  }
  return out;
}

}  // namespace soom::content::repo
