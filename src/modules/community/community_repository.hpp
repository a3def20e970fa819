#pragma once
// SQL of the community context. Functions run inside the caller's transaction and never
// commit. Post and comment reads take the viewer's id to compute liked/bookmarked in the
// same query (no N+1).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "modules/community/community.hpp"

namespace soom::community::repo {

struct PostRow final {
  std::string id;
  std::optional<std::string> author_id;
  std::optional<std::string> author_nickname;
  bool anonymous = false;
  std::string category;
  std::optional<std::string> title;
  std::string body;
  std::optional<std::string> snapshot;
  std::string status;
  std::int64_t like_count = 0;
  std::int64_t comment_count = 0;
  std::int64_t view_count = 0;
  std::int64_t report_count = 0;
  std::int64_t score = 0;
  Instant created_at;
  Instant updated_at;
  bool liked = false;
  bool bookmarked = false;
};

struct NewPost final {
  std::string id;
  std::string author_id;
  std::string author_nickname;
  bool anonymous = false;
  std::string category;
  std::optional<std::string> title;
  std::string body;
  std::string body_hash;
  std::optional<std::string> snapshot;
  std::optional<std::string> client_id;
  std::int64_t score = 0;
  Instant now;
};

void insert_post(db::Transaction& tx, const NewPost& post);
std::optional<PostRow> find_post(db::Transaction& tx, const std::string& viewer_id, const std::string& post_id);
std::optional<PostRow> find_post_by_client_id(db::Transaction& tx, const std::string& author_id,
                                              const std::string& client_id);
bool recent_duplicate(db::Transaction& tx, const std::string& author_id, const std::string& body_hash, Instant since);
bool update_post(db::Transaction& tx, const std::string& post_id, const std::optional<std::string>& title,
                 const std::string& body, const std::string& body_hash, const std::string& category, bool anonymous,
                 Instant now);
bool set_post_status(db::Transaction& tx, const std::string& post_id, const std::string& from_status,
                     const std::string& to_status, const std::optional<std::string>& hidden_by, Instant now);
void add_views(db::Transaction& tx, const std::string& post_id, std::int64_t views);
// Adds to the like/comment counters and recomputes the stored score.
void bump_post_counts(db::Transaction& tx, const std::string& post_id, int like_delta, int comment_delta);

struct FeedFilter final {
  std::optional<std::string> category;
  std::string sort = "latest";
  std::optional<std::int64_t> after_key;
  std::optional<std::string> after_id;
  int limit = 20;
};
// Visible posts, newest (or highest score) first, without authors the viewer blocked.
std::vector<PostRow> feed(db::Transaction& tx, const std::string& viewer_id, const FeedFilter& filter);
// A statement and its parameters: what feed() and comments_of() run (bench/community_bench
// prints their EXPLAIN ANALYZE).
struct Sql final {
  std::string text;
  db::Params params;
};
Sql feed_sql(const std::string& viewer_id, const FeedFilter& filter);
// Bookmarked visible posts, most recently bookmarked first; key = bookmark time.
std::vector<std::pair<PostRow, std::int64_t>> bookmarked(db::Transaction& tx, const std::string& user_id,
                                                         std::optional<std::int64_t> after_key,
                                                         const std::optional<std::string>& after_id, int limit);

struct CommentRow final {
  std::string id;
  std::string post_id;
  std::optional<std::string> parent_id;
  std::optional<std::string> author_id;
  std::optional<std::string> author_nickname;
  bool anonymous = false;
  std::string body;
  std::string status;
  std::int64_t like_count = 0;
  std::int64_t report_count = 0;
  Instant created_at;
  Instant updated_at;
  bool liked = false;
};

struct NewComment final {
  std::string id;
  std::string post_id;
  std::optional<std::string> parent_id;
  std::string author_id;
  std::string author_nickname;
  bool anonymous = false;
  std::string body;
  std::optional<std::string> client_id;
  Instant now;
};

void insert_comment(db::Transaction& tx, const NewComment& comment);
std::optional<CommentRow> find_comment(db::Transaction& tx, const std::string& viewer_id, const std::string& comment_id);
std::optional<CommentRow> find_comment_by_client_id(db::Transaction& tx, const std::string& author_id,
                                                    const std::string& client_id);
std::vector<CommentRow> comments_of(db::Transaction& tx, const std::string& viewer_id, const std::string& post_id,
                                    int limit);
Sql comments_sql(const std::string& viewer_id, const std::string& post_id, int limit);
bool update_comment_body(db::Transaction& tx, const std::string& comment_id, const std::string& body, Instant now);
bool set_comment_status(db::Transaction& tx, const std::string& comment_id, const std::string& from_status,
                        const std::string& to_status, const std::optional<std::string>& hidden_by, Instant now);

// Idempotent; true when the state changed.
bool set_post_like(db::Transaction& tx, const std::string& post_id, const std::string& user_id, bool on, Instant now);
bool set_comment_like(db::Transaction& tx, const std::string& comment_id, const std::string& user_id, bool on,
                      Instant now);
std::int64_t comment_like_count(db::Transaction& tx, const std::string& comment_id);
void set_bookmark(db::Transaction& tx, const std::string& post_id, const std::string& user_id, bool on, Instant now);

// ---- Blocks ---------------------------------------------------------------------------------
bool is_blocked(db::Transaction& tx, const std::string& blocker_id, const std::string& blocked_id);
std::vector<std::string> blocked_ids(db::Transaction& tx, const std::string& blocker_id);
// Returns the existing block when the pair is already blocked.
Block insert_block(db::Transaction& tx, const std::string& blocker_id, const std::string& blocked_id,
                   const std::string& label, Instant now);
bool delete_block(db::Transaction& tx, const std::string& blocker_id, const std::string& block_id);
std::vector<Block> list_blocks(db::Transaction& tx, const std::string& blocker_id);

// ---- Reports, suspensions, audit ------------------------------------------------------------
// false when this reporter already reported the target.
bool insert_flag(db::Transaction& tx, const std::string& target_type, const std::string& target_id,
                 const std::string& reporter_id, const std::string& reason, const std::optional<std::string>& detail,
                 Instant now);
std::int64_t open_flag_count(db::Transaction& tx, const std::string& target_type, const std::string& target_id);
void set_report_count(db::Transaction& tx, const std::string& target_type, const std::string& target_id,
                      std::int64_t count);
void resolve_flags(db::Transaction& tx, const std::string& target_type, const std::string& target_id, Instant now);

struct OpenTarget final {
  std::string target_type;
  std::string target_id;
  std::int64_t open_reports = 0;
  std::string reasons;  // comma-separated, distinct
  Instant last_reported_at;
};
std::vector<OpenTarget> open_targets(db::Transaction& tx, int limit);

std::optional<Instant> suspended_until(db::Transaction& tx, const std::string& user_id, Instant now);
void insert_suspension(db::Transaction& tx, const Suspension& s, const std::string& actor_id, Instant now);

void append_audit(db::Transaction& tx, const Actor& actor, const std::string& action, const std::string& target_type,
                  const std::string& target_id, const std::string& reason, const std::optional<std::string>& detail,
                  Instant now);
std::vector<AuditEntry> audit_entries(db::Transaction& tx, std::optional<std::int64_t> before_seq, int limit);

// ---- Search ---------------------------------------------------------------------------------
std::vector<IndexablePost> indexable(db::Transaction& tx, const std::optional<std::string>& post_id,
                                     const std::string& after_id, int limit);

}  // namespace soom::community::repo
