#include "modules/community/community_repository.hpp"

#include "core/random.hpp"
#include "modules/community/feed_score.hpp"

namespace soom::community::repo {
namespace {

db::Value opt(const std::optional<std::string>& v) { return v ? db::Value(*v) : db::Value(db::Null{}); }

// $1 is always the viewer.
constexpr const char* kPostColumns =
    "p.id, p.author_id, p.author_nickname, p.anonymous, p.category, p.title, p.body, p.snapshot, p.status, "
    "p.like_count, p.comment_count, p.view_count, p.report_count, p.score, p.created_at, p.updated_at, "
    "EXISTS (SELECT 1 FROM community_post_likes l WHERE l.post_id = p.id AND l.user_id = $1), "
    "EXISTS (SELECT 1 FROM community_bookmarks b WHERE b.post_id = p.id AND b.user_id = $1)";

PostRow post_of(const db::Row& r) {
  PostRow p;
  p.id = r.get_text(0);
  p.author_id = r.opt_text(1);
  p.author_nickname = r.opt_text(2);
  p.anonymous = r.get_bool(3);
  p.category = r.get_text(4);
  p.title = r.opt_text(5);
  p.body = r.get_text(6);
  p.snapshot = r.opt_text(7);
  p.status = r.get_text(8);
  p.like_count = r.get_int(9);
  p.comment_count = r.get_int(10);
  p.view_count = r.get_int(11);
  p.report_count = r.get_int(12);
  p.score = r.get_int(13);
  p.created_at = from_unix_ms(r.get_int(14));
  p.updated_at = from_unix_ms(r.get_int(15));
  p.liked = r.get_bool(16);
  p.bookmarked = r.get_bool(17);
  return p;
}

constexpr const char* kCommentColumns =
    "c.id, c.post_id, c.parent_id, c.author_id, c.author_nickname, c.anonymous, c.body, c.status, c.like_count, "
    "c.report_count, c.created_at, c.updated_at, "
    "EXISTS (SELECT 1 FROM community_comment_likes l WHERE l.comment_id = c.id AND l.user_id = $1)";

CommentRow comment_of(const db::Row& r) {
  CommentRow c;
  c.id = r.get_text(0);
  c.post_id = r.get_text(1);
  c.parent_id = r.opt_text(2);
  c.author_id = r.opt_text(3);
  c.author_nickname = r.opt_text(4);
  c.anonymous = r.get_bool(5);
  c.body = r.get_text(6);
  c.status = r.get_text(7);
  c.like_count = r.get_int(8);
  c.report_count = r.get_int(9);
  c.created_at = from_unix_ms(r.get_int(10));
  c.updated_at = from_unix_ms(r.get_int(11));
  c.liked = r.get_bool(12);
  return c;
}

}  // namespace

void insert_post(db::Transaction& tx, const NewPost& p) {
  tx.query(
      "INSERT INTO community_posts (id, author_id, author_nickname, anonymous, category, title, body, body_hash, "
      "snapshot, client_id, status, score, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'visible', $11, $12, $12)",
      {p.id, p.author_id, p.author_nickname, p.anonymous, p.category, opt(p.title), p.body, p.body_hash,
       opt(p.snapshot), opt(p.client_id), p.score, to_unix_ms(p.now)});
}

std::optional<PostRow> find_post(db::Transaction& tx, const std::string& viewer_id, const std::string& post_id) {
  const auto r =
      tx.query(std::string("SELECT ") + kPostColumns + " FROM community_posts p WHERE p.id = $2", {viewer_id, post_id});
  if (r.empty()) return std::nullopt;
  return post_of(r.rows.front());
}

std::optional<PostRow> find_post_by_client_id(db::Transaction& tx, const std::string& author_id,
                                              const std::string& client_id) {
  const auto r = tx.query(std::string("SELECT ") + kPostColumns +
                              " FROM community_posts p WHERE p.author_id = $1 AND p.client_id = $2",
                          {author_id, client_id});
  if (r.empty()) return std::nullopt;
  return post_of(r.rows.front());
}

bool recent_duplicate(db::Transaction& tx, const std::string& author_id, const std::string& body_hash, Instant since) {
  return !tx.query("SELECT 1 FROM community_posts WHERE author_id = $1 AND body_hash = $2 AND created_at >= $3 "
                   "AND status <> 'deleted' LIMIT 1",
                   {author_id, body_hash, to_unix_ms(since)})
              .empty();
}

bool update_post(db::Transaction& tx, const std::string& post_id, const std::optional<std::string>& title,
                 const std::string& body, const std::string& body_hash, const std::string& category, bool anonymous,
                 Instant now) {
  return tx.query("UPDATE community_posts SET title = $2, body = $3, body_hash = $4, category = $5, anonymous = $6, "
                  "updated_at = $7 WHERE id = $1 AND status <> 'deleted'",
                  {post_id, opt(title), body, body_hash, category, anonymous, to_unix_ms(now)})
             .affected == 1;
}

bool set_post_status(db::Transaction& tx, const std::string& post_id, const std::string& from_status,
                     const std::string& to_status, const std::optional<std::string>& hidden_by, Instant now) {
  const bool deleting = to_status == "deleted";
  return tx.query("UPDATE community_posts SET status = $3, hidden_by = $4, updated_at = $5, "
                  "deleted_at = CASE WHEN $6 THEN $5 ELSE deleted_at END WHERE id = $1 AND status = $2",
                  {post_id, from_status, to_status, opt(hidden_by), to_unix_ms(now), deleting})
             .affected == 1;
}

void add_views(db::Transaction& tx, const std::string& post_id, std::int64_t views) {
  tx.query("UPDATE community_posts SET view_count = view_count + $2 WHERE id = $1", {post_id, views});
}

void bump_post_counts(db::Transaction& tx, const std::string& post_id, int like_delta, int comment_delta) {
  const auto r = tx.query(
      "UPDATE community_posts SET like_count = like_count + $2, comment_count = comment_count + $3 WHERE id = $1 "
      "RETURNING like_count, comment_count, created_at",
      {post_id, static_cast<std::int64_t>(like_delta), static_cast<std::int64_t>(comment_delta)});
  if (r.empty()) return;
  const auto& row = r.rows.front();
  const auto score = popularity_score(row.get_int(0), row.get_int(1), from_unix_ms(row.get_int(2)));
  tx.query("UPDATE community_posts SET score = $2 WHERE id = $1", {post_id, score});
}

Sql feed_sql(const std::string& viewer_id, const FeedFilter& f) {
  const std::string key = f.sort == "popular" ? "p.score" : "p.created_at";
  std::string sql = std::string("SELECT ") + kPostColumns + " FROM community_posts p WHERE p.status = 'visible'";
  db::Params params{viewer_id};
  if (f.category) {
    params.push_back(*f.category);
    sql += " AND p.category = $" + std::to_string(params.size());
  }
  if (f.after_key && f.after_id) {
    params.push_back(*f.after_key);
    const auto k = std::to_string(params.size());
    params.push_back(*f.after_id);
    const auto i = std::to_string(params.size());
    // A row-value comparison, not `key < k OR (key = k AND id < i)`: both engines turn it into
    // a range on the (status, [category,] key, id) index, so a deep page reads only its rows.
    sql += " AND (" + key + ", p.id) < ($" + k + ", $" + i + ")";
  }
  sql += " AND NOT EXISTS (SELECT 1 FROM community_blocks x WHERE x.blocker_id = $1 AND x.blocked_id = p.author_id)";
  params.push_back(static_cast<std::int64_t>(f.limit));
  sql += " ORDER BY " + key + " DESC, p.id DESC LIMIT $" + std::to_string(params.size());
  return Sql{std::move(sql), std::move(params)};
}

std::vector<PostRow> feed(db::Transaction& tx, const std::string& viewer_id, const FeedFilter& f) {
  const auto sql = feed_sql(viewer_id, f);
  std::vector<PostRow> out;
  for (const auto& row : tx.query(sql.text, sql.params).rows) out.push_back(post_of(row));
  return out;
}

std::vector<std::pair<PostRow, std::int64_t>> bookmarked(db::Transaction& tx, const std::string& user_id,
                                                         std::optional<std::int64_t> after_key,
                                                         const std::optional<std::string>& after_id, int limit) {
  std::string sql = std::string("SELECT ") + kPostColumns +
                    ", bm.created_at FROM community_bookmarks bm JOIN community_posts p ON p.id = bm.post_id "
                    "WHERE bm.user_id = $1 AND p.status = 'visible'";
  db::Params params{user_id};
  if (after_key && after_id) {
    params.push_back(*after_key);
    params.push_back(*after_id);
    sql += " AND (bm.created_at, bm.post_id) < ($2, $3)";
  }
  params.push_back(static_cast<std::int64_t>(limit));
  // bm.post_id (= p.id) so that the community_bookmarks_recent index serves the order.
  sql += " ORDER BY bm.created_at DESC, bm.post_id DESC LIMIT $" + std::to_string(params.size());
  std::vector<std::pair<PostRow, std::int64_t>> out;
  for (const auto& row : tx.query(sql, params).rows) out.emplace_back(post_of(row), row.get_int(18));
  return out;
}

void insert_comment(db::Transaction& tx, const NewComment& c) {
  tx.query(
      "INSERT INTO community_comments (id, post_id, parent_id, author_id, author_nickname, anonymous, body, client_id, "
      "status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'visible', $9, $9)",
      {c.id, c.post_id, opt(c.parent_id), c.author_id, c.author_nickname, c.anonymous, c.body, opt(c.client_id),
       to_unix_ms(c.now)});
}

std::optional<CommentRow> find_comment(db::Transaction& tx, const std::string& viewer_id,
                                       const std::string& comment_id) {
  const auto r = tx.query(std::string("SELECT ") + kCommentColumns + " FROM community_comments c WHERE c.id = $2",
                          {viewer_id, comment_id});
  if (r.empty()) return std::nullopt;
  return comment_of(r.rows.front());
}

std::optional<CommentRow> find_comment_by_client_id(db::Transaction& tx, const std::string& author_id,
                                                    const std::string& client_id) {
  const auto r = tx.query(std::string("SELECT ") + kCommentColumns +
                              " FROM community_comments c WHERE c.author_id = $1 AND c.client_id = $2",
                          {author_id, client_id});
  if (r.empty()) return std::nullopt;
  return comment_of(r.rows.front());
}

Sql comments_sql(const std::string& viewer_id, const std::string& post_id, int limit) {
  return Sql{std::string("SELECT ") + kCommentColumns +
                 " FROM community_comments c WHERE c.post_id = $2 ORDER BY c.created_at, c.id LIMIT $3",
             {viewer_id, post_id, static_cast<std::int64_t>(limit)}};
}

std::vector<CommentRow> comments_of(db::Transaction& tx, const std::string& viewer_id, const std::string& post_id,
                                    int limit) {
  const auto sql = comments_sql(viewer_id, post_id, limit);
  const auto r = tx.query(sql.text, sql.params);
  std::vector<CommentRow> out;
  for (const auto& row : r.rows) out.push_back(comment_of(row));
  return out;
}

bool update_comment_body(db::Transaction& tx, const std::string& comment_id, const std::string& body, Instant now) {
  return tx.query("UPDATE community_comments SET body = $2, updated_at = $3 WHERE id = $1 AND status = 'visible'",
                  {comment_id, body, to_unix_ms(now)})
             .affected == 1;
}

bool set_comment_status(db::Transaction& tx, const std::string& comment_id, const std::string& from_status,
                        const std::string& to_status, const std::optional<std::string>& hidden_by, Instant now) {
  const bool deleting = to_status == "deleted";
  return tx.query("UPDATE community_comments SET status = $3, hidden_by = $4, updated_at = $5, "
                  "deleted_at = CASE WHEN $6 THEN $5 ELSE deleted_at END WHERE id = $1 AND status = $2",
                  {comment_id, from_status, to_status, opt(hidden_by), to_unix_ms(now), deleting})
             .affected == 1;
}

bool set_post_like(db::Transaction& tx, const std::string& post_id, const std::string& user_id, bool on, Instant now) {
  if (on) {
    return tx.query("INSERT INTO community_post_likes (post_id, user_id, created_at) VALUES ($1, $2, $3) "
                    "ON CONFLICT DO NOTHING",
                    {post_id, user_id, to_unix_ms(now)})
               .affected == 1;
  }
  return tx.query("DELETE FROM community_post_likes WHERE post_id = $1 AND user_id = $2", {post_id, user_id})
             .affected == 1;
}

bool set_comment_like(db::Transaction& tx, const std::string& comment_id, const std::string& user_id, bool on,
                      Instant now) {
  bool changed = false;
  if (on) {
    changed = tx.query("INSERT INTO community_comment_likes (comment_id, user_id, created_at) VALUES ($1, $2, $3) "
                       "ON CONFLICT DO NOTHING",
                       {comment_id, user_id, to_unix_ms(now)})
                  .affected == 1;
  } else {
    changed = tx.query("DELETE FROM community_comment_likes WHERE comment_id = $1 AND user_id = $2",
                       {comment_id, user_id})
                  .affected == 1;
  }
  if (changed) {
    tx.query("UPDATE community_comments SET like_count = like_count + $2 WHERE id = $1",
             {comment_id, static_cast<std::int64_t>(on ? 1 : -1)});
  }
  return changed;
}

std::int64_t comment_like_count(db::Transaction& tx, const std::string& comment_id) {
  const auto r = tx.query("SELECT like_count FROM community_comments WHERE id = $1", {comment_id});
  return r.empty() ? 0 : r.rows.front().get_int(0);
}

void set_bookmark(db::Transaction& tx, const std::string& post_id, const std::string& user_id, bool on, Instant now) {
  if (on) {
    tx.query("INSERT INTO community_bookmarks (user_id, post_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
             {user_id, post_id, to_unix_ms(now)});
  } else {
    tx.query("DELETE FROM community_bookmarks WHERE user_id = $1 AND post_id = $2", {user_id, post_id});
  }
}

bool is_blocked(db::Transaction& tx, const std::string& blocker_id, const std::string& blocked_id) {
  return !tx.query("SELECT 1 FROM community_blocks WHERE blocker_id = $1 AND blocked_id = $2",
                   {blocker_id, blocked_id})
              .empty();
}

std::vector<std::string> blocked_ids(db::Transaction& tx, const std::string& blocker_id) {
  std::vector<std::string> out;
  for (const auto& row : tx.query("SELECT blocked_id FROM community_blocks WHERE blocker_id = $1", {blocker_id}).rows) {
    out.push_back(row.get_text(0));
  }
  return out;
}

Block insert_block(db::Transaction& tx, const std::string& blocker_id, const std::string& blocked_id,
                   const std::string& label, Instant now) {
  tx.query("INSERT INTO community_blocks (id, blocker_id, blocked_id, blocked_label, created_at) "
           "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
           {new_uuid_v7(), blocker_id, blocked_id, label, to_unix_ms(now)});
  const auto r = tx.query("SELECT id, blocked_label, created_at FROM community_blocks WHERE blocker_id = $1 AND "
                          "blocked_id = $2",
                          {blocker_id, blocked_id});
  const auto& row = r.rows.at(0);
  return Block{row.get_text(0), row.get_text(1), from_unix_ms(row.get_int(2))};
}

bool delete_block(db::Transaction& tx, const std::string& blocker_id, const std::string& block_id) {
  return tx.query("DELETE FROM community_blocks WHERE id = $1 AND blocker_id = $2", {block_id, blocker_id}).affected ==
         1;
}

std::vector<Block> list_blocks(db::Transaction& tx, const std::string& blocker_id) {
  std::vector<Block> out;
  for (const auto& row : tx.query("SELECT id, blocked_label, created_at FROM community_blocks WHERE blocker_id = $1 "
                                  "ORDER BY created_at DESC, id DESC LIMIT 500",
                                  {blocker_id})
                             .rows) {
    out.push_back(Block{row.get_text(0), row.get_text(1), from_unix_ms(row.get_int(2))});
  }
  return out;
}

bool insert_flag(db::Transaction& tx, const std::string& target_type, const std::string& target_id,
                 const std::string& reporter_id, const std::string& reason, const std::optional<std::string>& detail,
                 Instant now) {
  return tx.query("INSERT INTO community_flags (id, target_type, target_id, reporter_id, reason, detail, created_at) "
                  "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
                  {new_uuid_v7(), target_type, target_id, reporter_id, reason, opt(detail), to_unix_ms(now)})
             .affected == 1;
}

std::int64_t open_flag_count(db::Transaction& tx, const std::string& target_type, const std::string& target_id) {
  return tx
      .query("SELECT COUNT(DISTINCT reporter_id) FROM community_flags WHERE target_type = $1 AND target_id = $2 AND "
             "resolved_at IS NULL",
             {target_type, target_id})
      .rows.at(0)
      .get_int(0);
}

void set_report_count(db::Transaction& tx, const std::string& target_type, const std::string& target_id,
                      std::int64_t count) {
  if (target_type == "post") {
    tx.query("UPDATE community_posts SET report_count = $2 WHERE id = $1", {target_id, count});
  } else if (target_type == "comment") {
    tx.query("UPDATE community_comments SET report_count = $2 WHERE id = $1", {target_id, count});
  }
}

void resolve_flags(db::Transaction& tx, const std::string& target_type, const std::string& target_id, Instant now) {
  tx.query("UPDATE community_flags SET resolved_at = $3 WHERE target_type = $1 AND target_id = $2 AND "
           "resolved_at IS NULL",
           {target_type, target_id, to_unix_ms(now)});
  set_report_count(tx, target_type, target_id, 0);
}

std::vector<OpenTarget> open_targets(db::Transaction& tx, int limit) {
  const auto r = tx.query(
      "SELECT target_type, target_id, COUNT(*), MAX(created_at) FROM community_flags WHERE resolved_at IS NULL "
      "GROUP BY target_type, target_id ORDER BY COUNT(*) DESC, MAX(created_at) DESC LIMIT $1",
      {static_cast<std::int64_t>(limit)});
  std::vector<OpenTarget> out;
  for (const auto& row : r.rows) {
    OpenTarget t;
    t.target_type = row.get_text(0);
    t.target_id = row.get_text(1);
    t.open_reports = row.get_int(2);
    t.last_reported_at = from_unix_ms(row.get_int(3));
    const auto reasons = tx.query(
        "SELECT DISTINCT reason FROM community_flags WHERE target_type = $1 AND target_id = $2 AND resolved_at IS NULL "
        "ORDER BY reason",
        {t.target_type, t.target_id});
    for (const auto& rr : reasons.rows) t.reasons += (t.reasons.empty() ? "" : ",") + rr.get_text(0);
    out.push_back(std::move(t));
  }
  return out;
}

std::optional<Instant> suspended_until(db::Transaction& tx, const std::string& user_id, Instant now) {
  const auto r = tx.query("SELECT MAX(until_at) FROM community_suspensions WHERE user_id = $1 AND until_at > $2",
                          {user_id, to_unix_ms(now)});
  if (r.empty() || r.rows.front().is_null(0)) return std::nullopt;
  return from_unix_ms(r.rows.front().get_int(0));
}

void insert_suspension(db::Transaction& tx, const Suspension& s, const std::string& actor_id, Instant now) {
  tx.query("INSERT INTO community_suspensions (id, user_id, until_at, reason, actor_id, created_at) "
           "VALUES ($1, $2, $3, $4, $5, $6)",
           {s.id, s.user_id, to_unix_ms(s.until), s.reason, actor_id, to_unix_ms(now)});
}

void append_audit(db::Transaction& tx, const Actor& actor, const std::string& action, const std::string& target_type,
                  const std::string& target_id, const std::string& reason, const std::optional<std::string>& detail,
                  Instant now) {
  tx.query("INSERT INTO community_audit_log (id, actor_id, actor_role, action, target_type, target_id, reason, detail, "
           "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
           {new_uuid_v7(), actor.user_id, actor.role, action, target_type, target_id, reason, opt(detail),
            to_unix_ms(now)});
}

std::vector<AuditEntry> audit_entries(db::Transaction& tx, std::optional<std::int64_t> before_seq, int limit) {
  const auto r = tx.query(
      "SELECT seq, id, actor_id, actor_role, action, target_type, target_id, reason, detail, created_at "
      "FROM community_audit_log WHERE seq < $1 ORDER BY seq DESC LIMIT $2",
      {before_seq.value_or(INT64_MAX), static_cast<std::int64_t>(limit)});
  std::vector<AuditEntry> out;
  for (const auto& row : r.rows) {
    out.push_back(AuditEntry{row.get_int(0), row.get_text(1), row.get_text(2), row.get_text(3), row.get_text(4),
                             row.get_text(5), row.get_text(6), row.get_text(7), row.opt_text(8),
                             from_unix_ms(row.get_int(9))});
  }
  return out;
}

std::vector<IndexablePost> indexable(db::Transaction& tx, const std::optional<std::string>& post_id,
                                     const std::string& after_id, int limit) {
  const std::string columns = "SELECT id, title, body, category, created_at, like_count, comment_count "
                              "FROM community_posts WHERE status = 'visible' ";
  const auto r = post_id ? tx.query(columns + "AND id = $1", {*post_id})
                         : tx.query(columns + "AND id > $1 ORDER BY id LIMIT $2",
                                    {after_id, static_cast<std::int64_t>(limit)});
  std::vector<IndexablePost> out;
  for (const auto& row : r.rows) {
    out.push_back(IndexablePost{row.get_text(0), row.opt_text(1), row.get_text(2), row.get_text(3),
                                from_unix_ms(row.get_int(4)), row.get_int(5), row.get_int(6)});
  }
  return out;
}

}  // namespace soom::community::repo
