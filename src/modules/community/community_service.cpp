// The community service: posts, comments, likes, bookmarks, blocks, reports and
// moderation. Every write is one transaction, with its outbox event inside it.
#include <algorithm>
#include <set>

#include "core/encoding.hpp"
#include "core/random.hpp"
#include "events/outbox.hpp"
#include "modules/community/categories.hpp"
#include "modules/community/community.hpp"
#include "modules/community/community_repository.hpp"
#include "modules/community/feed_cursor.hpp"
#include "modules/community/feed_score.hpp"
#include "modules/community/pii.hpp"
#include "modules/community/rate_limit.hpp"
#include "modules/community/snapshot.hpp"
#include "modules/community/text_rules.hpp"
#include "modules/identity/identity.hpp"

namespace soom::community {
namespace {

constexpr const char* kAnonymousName = "익명";
constexpr const char* kDeletedUserName = "탈퇴한 사용자";
constexpr const char* kDeletedComment = "삭제된 댓글입니다";
constexpr const char* kHiddenComment = "신고가 접수되어 숨겨진 댓글입니다";
constexpr const char* kBlockedComment = "차단한 사용자의 댓글입니다";
constexpr std::size_t kExcerptChars = 200;
constexpr int kMaxCommentsPerPost = 1000;

AuthorView author_view(const std::optional<std::string>& author_id, const std::optional<std::string>& nickname,
                       bool anonymous, const std::string& viewer_id) {
  AuthorView v;
  if (!author_id) {
    v.display_name = kDeletedUserName;
    return v;
  }
  v.is_mine = *author_id == viewer_id;
  v.display_name = anonymous ? kAnonymousName : nickname.value_or(kAnonymousName);
  return v;
}

Post post_view(const repo::PostRow& r, const std::string& viewer_id) {
  Post p;
  p.id = r.id;
  p.author = author_view(r.author_id, r.author_nickname, r.anonymous, viewer_id);
  p.anonymous = r.anonymous;
  p.category = r.category;
  p.title = r.title;
  p.body = r.body;
  p.snapshot_json = r.snapshot;
  p.status = r.status;
  p.like_count = r.like_count;
  p.comment_count = r.comment_count;
  p.view_count = r.view_count;
  p.liked_by_me = r.liked;
  p.bookmarked_by_me = r.bookmarked;
  p.created_at = r.created_at;
  p.updated_at = r.updated_at;
  return p;
}

Comment comment_view(const repo::CommentRow& r, const std::string& viewer_id, bool blocked_author) {
  Comment c;
  c.id = r.id;
  c.post_id = r.post_id;
  c.parent_id = r.parent_id;
  c.status = r.status;
  c.created_at = r.created_at;
  c.updated_at = r.updated_at;
  if (r.status != "visible" || blocked_author) {
    // The thread keeps its shape; nothing of the removed comment is shown.
    c.body = r.status == "deleted" ? kDeletedComment : (r.status == "hidden" ? kHiddenComment : kBlockedComment);
    c.author.display_name = "";
    return c;
  }
  c.author = author_view(r.author_id, r.author_nickname, r.anonymous, viewer_id);
  c.body = r.body;
  c.like_count = r.like_count;
  c.liked_by_me = r.liked;
  return c;
}

std::vector<Warning> warnings_for(const std::string& text) {
  std::vector<Warning> out;
  for (const auto& code : detect_personal_data(text)) out.push_back(Warning{code, personal_data_message(code)});
  return out;
}

Error forbidden(std::string message) { return Error::make(ErrorCode::kForbidden, std::move(message)); }

class Service final : public CommunityService {
 public:
  explicit Service(Dependencies deps) : deps_(std::move(deps)), limiter_(deps_.cache, deps_.settings.rate_window_s) {}

  // ---- Posts ---------------------------------------------------------------------------

  Result<PostResult> create_post(const std::string& user_id, const PostInput& input) override {
    if (auto s = check_post_input(input); !s) return std::move(s).error();
    if (auto s = check_not_suspended(user_id); !s) return std::move(s).error();
    const auto now = deps_.clock->now();
    if (input.client_id) {
      auto tx = deps_.db->read();
      if (auto existing = repo::find_post_by_client_id(tx, user_id, *input.client_id)) {
        return PostResult{post_view(*existing, user_id), warnings_for(existing->body), false};
      }
    }
    if (auto s = limiter_.check("post", user_id, deps_.settings.posts_per_window); !s) return std::move(s).error();
    auto nickname = nickname_of(user_id);
    if (!nickname) return std::move(nickname).error();
    std::optional<std::string> snapshot;
    if (input.snapshot) {
      auto taken = take_snapshot(*deps_.records, user_id, *input.snapshot, now);
      if (!taken) return std::move(taken).error();
      snapshot = std::move(taken).value();
    }
    repo::NewPost p;
    p.id = new_uuid_v7();
    p.author_id = user_id;
    p.author_nickname = *nickname;
    p.anonymous = input.anonymous;
    p.category = input.category;
    p.title = input.title;
    p.body = input.body;
    p.body_hash = hex_encode(sha256(normalize_body(input.body)));
    p.snapshot = std::move(snapshot);
    p.client_id = input.client_id;
    p.score = popularity_score(0, 0, now);
    p.now = now;
    try {
      auto tx = deps_.db->begin();
      if (repo::recent_duplicate(tx, user_id, p.body_hash, now - std::chrono::seconds(deps_.settings.duplicate_window_s))) {
        return Error::conflict("같은 내용의 글을 방금 올렸습니다. 잠시 후 다시 시도해 주세요.");
      }
      repo::insert_post(tx, p);
      events::publish(tx, kPostPublished, p.id, {{"post_id", p.id}}, now);
      auto row = repo::find_post(tx, user_id, p.id);
      tx.commit();
      return PostResult{post_view(row.value(), user_id), warnings_for(p.body), true};
    } catch (const db::DbError& e) {
      // A concurrent retry with the same client id won the insert: answer with its post.
      if (e.kind() != db::DbError::Kind::kUniqueViolation || !input.client_id) throw;
      auto tx = deps_.db->read();
      auto existing = repo::find_post_by_client_id(tx, user_id, *input.client_id);
      if (!existing) throw;
      return PostResult{post_view(*existing, user_id), warnings_for(existing->body), false};
    }
  }

  Result<PostResult> edit_post(const std::string& user_id, const std::string& post_id,
                               const PostInput& input) override {
    if (auto s = check_post_input(input); !s) return std::move(s).error();
    if (auto s = check_not_suspended(user_id); !s) return std::move(s).error();
    const auto now = deps_.clock->now();
    auto tx = deps_.db->begin();
    auto row = repo::find_post(tx, user_id, post_id);
    if (!row || row->author_id != user_id || row->status == "deleted") return Error::not_found("post");
    repo::update_post(tx, post_id, input.title, input.body, hex_encode(sha256(normalize_body(input.body))),
                      input.category, input.anonymous, now);
    if (row->status == "visible") events::publish(tx, kPostPublished, post_id, {{"post_id", post_id}}, now);
    auto updated = repo::find_post(tx, user_id, post_id);
    tx.commit();
    return PostResult{post_view(updated.value(), user_id), warnings_for(input.body), false};
  }

  Status delete_post(const std::string& user_id, const std::string& post_id) override {
    const auto now = deps_.clock->now();
    auto tx = deps_.db->begin();
    auto row = repo::find_post(tx, user_id, post_id);
    if (!row || row->author_id != user_id || row->status == "deleted") return Error::not_found("post");
    repo::set_post_status(tx, post_id, row->status, "deleted", std::nullopt, now);
    events::publish(tx, kPostDeleted, post_id, {{"post_id", post_id}}, now);
    tx.commit();
    return {};
  }

  Result<PostDetail> post(const std::string& viewer_id, const std::string& post_id) override {
    auto tx = deps_.db->begin();
    auto row = readable_post(tx, viewer_id, post_id);
    if (!row) return std::move(row).error();
    repo::add_view(tx, post_id);
    const auto blocked = blocked_set(tx, viewer_id);
    const auto rows = repo::comments_of(tx, viewer_id, post_id, kMaxCommentsPerPost);
    tx.commit();
    PostDetail detail;
    detail.post = post_view(*row, viewer_id);
    detail.post.view_count += 1;
    for (const auto& r : rows) {
      if (r.parent_id) continue;
      detail.comments.push_back(comment_view(r, viewer_id, r.author_id && blocked.count(*r.author_id) > 0));
    }
    for (const auto& r : rows) {
      if (!r.parent_id) continue;
      for (auto& top : detail.comments) {
        if (top.id == *r.parent_id) {
          top.replies.push_back(comment_view(r, viewer_id, r.author_id && blocked.count(*r.author_id) > 0));
        }
      }
    }
    return detail;
  }

  Result<FeedPage> feed(const std::string& viewer_id, const FeedQuery& query) override {
    if (query.sort != "latest" && query.sort != "popular") {
      return Error::validation("sort", "invalid", "정렬은 latest 또는 popular 입니다");
    }
    if (query.category && !category_label(*query.category)) {
      return Error::validation("category", "invalid", "알 수 없는 카테고리입니다");
    }
    repo::FeedFilter filter;
    filter.category = query.category;
    filter.sort = query.sort;
    filter.limit = std::clamp(query.limit, 1, kMaxPageLimit) + 1;
    if (query.cursor) {
      auto c = decode_cursor(*query.cursor, query.sort);
      if (!c) return Error::validation("cursor", "invalid", "잘못된 커서입니다");
      filter.after_key = c->key;
      filter.after_id = c->id;
    }
    auto tx = deps_.db->read();
    auto rows = repo::feed(tx, viewer_id, filter);
    tx.commit();
    FeedPage page;
    const auto limit = static_cast<std::size_t>(filter.limit - 1);
    for (std::size_t i = 0; i < rows.size() && i < limit; ++i) {
      auto p = post_view(rows[i], viewer_id);
      p.body = excerpt(p.body, kExcerptChars);
      page.items.push_back(std::move(p));
    }
    if (rows.size() > limit) {
      const auto& last = rows[limit - 1];
      page.next_cursor = encode_cursor(
          {query.sort, query.sort == "popular" ? last.score : to_unix_ms(last.created_at), last.id});
    }
    return page;
  }

  Result<FeedPage> bookmarks(const std::string& user_id, const std::optional<std::string>& cursor,
                             int limit) override {
    std::optional<std::int64_t> key;
    std::optional<std::string> id;
    if (cursor) {
      auto c = decode_cursor(*cursor, "bookmarks");
      if (!c) return Error::validation("cursor", "invalid", "잘못된 커서입니다");
      key = c->key;
      id = c->id;
    }
    const int n = std::clamp(limit, 1, kMaxPageLimit);
    auto tx = deps_.db->read();
    auto rows = repo::bookmarked(tx, user_id, key, id, n + 1);
    tx.commit();
    FeedPage page;
    for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(n); ++i) {
      auto p = post_view(rows[i].first, user_id);
      p.body = excerpt(p.body, kExcerptChars);
      page.items.push_back(std::move(p));
    }
    if (rows.size() > static_cast<std::size_t>(n)) {
      const auto& last = rows[static_cast<std::size_t>(n) - 1];
      page.next_cursor = encode_cursor({"bookmarks", last.second, last.first.id});
    }
    return page;
  }

  // ---- Comments ------------------------------------------------------------------------

  Result<CommentResult> add_comment(const std::string& user_id, const std::string& post_id,
                                    const CommentInput& input) override {
    if (auto s = check_comment_body(input.body); !s) return std::move(s).error();
    if (input.client_id && !is_valid_client_id(*input.client_id)) {
      return Error::validation("client_id", "invalid", "client_id는 영문·숫자·-·_ 1–64자입니다");
    }
    if (auto s = check_not_suspended(user_id); !s) return std::move(s).error();
    if (input.client_id) {
      auto tx = deps_.db->read();
      if (auto existing = repo::find_comment_by_client_id(tx, user_id, *input.client_id)) {
        return CommentResult{comment_view(*existing, user_id, false), warnings_for(existing->body), false};
      }
    }
    const auto now = deps_.clock->now();
    auto tx = deps_.db->begin();
    auto post = readable_post(tx, user_id, post_id);
    if (!post) return std::move(post).error();
    if (post->status != "visible") return Error::not_found("post");
    if (post->author_id && repo::is_blocked(tx, *post->author_id, user_id)) {
      return forbidden("글쓴이가 댓글을 받지 않는 사용자입니다");
    }
    if (input.parent_id) {
      auto parent = repo::find_comment(tx, user_id, *input.parent_id);
      if (!parent || parent->post_id != post_id || parent->status != "visible") return Error::not_found("comment");
      if (parent->parent_id) {
        return Error::validation("parent_id", "too_deep", "답글에는 다시 답글을 달 수 없습니다");
      }
      if (parent->author_id && repo::is_blocked(tx, *parent->author_id, user_id)) {
        return forbidden("이 댓글에는 답글을 달 수 없습니다");
      }
    }
    if (auto s = limiter_.check("comment", user_id, deps_.settings.comments_per_window); !s) {
      return std::move(s).error();
    }
    auto nickname = nickname_of(user_id);
    if (!nickname) return std::move(nickname).error();
    repo::NewComment c{new_uuid_v7(), post_id, input.parent_id, user_id, *nickname, input.anonymous,
                       input.body, input.client_id, now};
    repo::insert_comment(tx, c);
    repo::bump_post_counts(tx, post_id, 0, 1);
    events::publish(tx, kCommentAdded, c.id, {{"comment_id", c.id}, {"post_id", post_id}}, now);
    auto row = repo::find_comment(tx, user_id, c.id);
    tx.commit();
    return CommentResult{comment_view(row.value(), user_id, false), warnings_for(input.body), true};
  }

  Result<Comment> edit_comment(const std::string& user_id, const std::string& comment_id,
                               const std::string& body) override {
    if (auto s = check_comment_body(body); !s) return std::move(s).error();
    if (auto s = check_not_suspended(user_id); !s) return std::move(s).error();
    auto tx = deps_.db->begin();
    auto row = repo::find_comment(tx, user_id, comment_id);
    if (!row || row->author_id != user_id || row->status != "visible") return Error::not_found("comment");
    repo::update_comment_body(tx, comment_id, body, deps_.clock->now());
    auto updated = repo::find_comment(tx, user_id, comment_id);
    tx.commit();
    return comment_view(updated.value(), user_id, false);
  }

  Status delete_comment(const std::string& user_id, const std::string& comment_id) override {
    auto tx = deps_.db->begin();
    auto row = repo::find_comment(tx, user_id, comment_id);
    if (!row || row->author_id != user_id || row->status == "deleted") return Error::not_found("comment");
    repo::set_comment_status(tx, comment_id, row->status, "deleted", std::nullopt, deps_.clock->now());
    repo::bump_post_counts(tx, row->post_id, 0, -1);
    tx.commit();
    return {};
  }

  // ---- Likes and bookmarks -------------------------------------------------------------

  Result<LikeState> like_post(const std::string& user_id, const std::string& post_id, bool like) override {
    if (auto s = check_not_suspended(user_id); !s) return std::move(s).error();
    if (like) {
      if (auto s = limiter_.check("like", user_id, deps_.settings.likes_per_window); !s) return std::move(s).error();
    }
    auto tx = deps_.db->begin();
    auto post = readable_post(tx, user_id, post_id);
    if (!post) return std::move(post).error();
    if (repo::set_post_like(tx, post_id, user_id, like, deps_.clock->now())) {
      repo::bump_post_counts(tx, post_id, like ? 1 : -1, 0);
    }
    auto after = repo::find_post(tx, user_id, post_id);
    tx.commit();
    return LikeState{after->liked, after->like_count};
  }

  Result<LikeState> like_comment(const std::string& user_id, const std::string& comment_id, bool like) override {
    if (auto s = check_not_suspended(user_id); !s) return std::move(s).error();
    if (like) {
      if (auto s = limiter_.check("like", user_id, deps_.settings.likes_per_window); !s) return std::move(s).error();
    }
    auto tx = deps_.db->begin();
    auto comment = repo::find_comment(tx, user_id, comment_id);
    if (!comment || comment->status != "visible") return Error::not_found("comment");
    if (auto post = readable_post(tx, user_id, comment->post_id); !post) return std::move(post).error();
    if (comment->author_id && repo::is_blocked(tx, user_id, *comment->author_id)) return Error::not_found("comment");
    repo::set_comment_like(tx, comment_id, user_id, like, deps_.clock->now());
    const auto count = repo::comment_like_count(tx, comment_id);
    tx.commit();
    return LikeState{like, count};
  }

  Status bookmark(const std::string& user_id, const std::string& post_id, bool on) override {
    auto tx = deps_.db->begin();
    if (on) {
      auto post = readable_post(tx, user_id, post_id);
      if (!post) return std::move(post).error();
    }
    repo::set_bookmark(tx, post_id, user_id, on, deps_.clock->now());
    tx.commit();
    return {};
  }

  // ---- Blocks and reports --------------------------------------------------------------

  Result<Block> block(const std::string& user_id, const std::optional<std::string>& post_id,
                      const std::optional<std::string>& comment_id) override {
    auto tx = deps_.db->begin();
    auto target = author_of(tx, user_id, post_id, comment_id);
    if (!target) return std::move(target).error();
    if (target->first == user_id) return Error::validation("post_id", "self", "자기 자신은 차단할 수 없습니다");
    auto b = repo::insert_block(tx, user_id, target->first, target->second, deps_.clock->now());
    tx.commit();
    return b;
  }

  Status unblock(const std::string& user_id, const std::string& block_id) override {
    auto tx = deps_.db->begin();
    if (!repo::delete_block(tx, user_id, block_id)) return Error::not_found("block");
    tx.commit();
    return {};
  }

  Result<std::vector<Block>> blocks(const std::string& user_id) override {
    auto tx = deps_.db->read();
    auto out = repo::list_blocks(tx, user_id);
    tx.commit();
    return out;
  }

  Status report(const std::string& user_id, const ReportInput& input) override {
    const auto now = deps_.clock->now();
    auto tx = deps_.db->begin();
    auto target = author_of(tx, user_id, input.post_id, input.comment_id);
    if (!target) return std::move(target).error();
    if (target->first == user_id) return Error::validation("post_id", "self", "자신의 글은 신고할 수 없습니다");
    std::string type = input.post_id ? "post" : "comment";
    std::string id = input.post_id ? *input.post_id : *input.comment_id;
    if (input.about == "author") {
      type = "user";
      id = target->first;
    }
    if (repo::insert_flag(tx, type, id, user_id, input.reason, input.detail, now)) {
      const auto count = repo::open_flag_count(tx, type, id);
      repo::set_report_count(tx, type, id, count);
      if (count >= deps_.settings.auto_hide_reports) {
        if (type == "post" && repo::set_post_status(tx, id, "visible", "hidden", std::string("reports"), now)) {
          events::publish(tx, kPostHidden, id, {{"post_id", id}}, now);
        } else if (type == "comment") {
          repo::set_comment_status(tx, id, "visible", "hidden", std::string("reports"), now);
        }
      }
    }
    tx.commit();
    return {};
  }

  // ---- Moderation ----------------------------------------------------------------------

  Result<std::vector<QueueItem>> moderation_queue(int limit) override {
    auto tx = deps_.db->read();
    const auto now = deps_.clock->now();
    std::vector<QueueItem> out;
    for (const auto& t : repo::open_targets(tx, std::clamp(limit, 1, 200))) {
      QueueItem q;
      q.target_type = t.target_type;
      q.target_id = t.target_id;
      q.open_reports = t.open_reports;
      q.last_reported_at = t.last_reported_at;
      std::string rest = t.reasons;
      for (std::size_t pos; (pos = rest.find(',')) != std::string::npos; rest = rest.substr(pos + 1)) {
        q.reasons.push_back(rest.substr(0, pos));
      }
      if (!rest.empty()) q.reasons.push_back(rest);
      if (t.target_type == "post") {
        if (auto p = repo::find_post(tx, "", t.target_id)) {
          q.author_id = p->author_id;
          q.status = p->status;
          q.excerpt = excerpt(p->title ? *p->title + " — " + p->body : p->body, 200);
        }
      } else if (t.target_type == "comment") {
        if (auto c = repo::find_comment(tx, "", t.target_id)) {
          q.author_id = c->author_id;
          q.status = c->status;
          q.excerpt = excerpt(c->body, 200);
        }
      } else {
        q.author_id = t.target_id;
        q.status = repo::suspended_until(tx, t.target_id, now) ? "suspended" : "active";
      }
      out.push_back(std::move(q));
    }
    tx.commit();
    return out;
  }

  Result<StaffPost> staff_post(const std::string& post_id) override {
    auto tx = deps_.db->read();
    auto row = repo::find_post(tx, "", post_id);
    tx.commit();
    if (!row) return Error::not_found("post");
    return StaffPost{post_view(*row, ""), row->author_id, row->report_count};
  }

  Status moderate(const Actor& actor, const ModerationAction& a) override {
    const auto now = deps_.clock->now();
    auto tx = deps_.db->begin();
    std::string status;
    if (a.target_type == "post") {
      auto row = repo::find_post(tx, "", a.target_id);
      if (!row) return Error::not_found("post");
      status = row->status;
    } else {
      auto row = repo::find_comment(tx, "", a.target_id);
      if (!row) return Error::not_found("comment");
      status = row->status;
    }
    const bool is_post = a.target_type == "post";
    auto set_status = [&](const std::string& from, const std::string& to, std::optional<std::string> by) {
      return is_post ? repo::set_post_status(tx, a.target_id, from, to, by, now)
                     : repo::set_comment_status(tx, a.target_id, from, to, by, now);
    };
    if (a.action == "hide") {
      if (!set_status("visible", "hidden", std::string("moderator"))) return Error::conflict("이미 숨겨졌거나 삭제된 항목입니다");
      if (is_post) events::publish(tx, kPostHidden, a.target_id, {{"post_id", a.target_id}}, now);
    } else if (a.action == "unhide") {
      if (!set_status("hidden", "visible", std::nullopt)) return Error::conflict("숨겨진 항목이 아닙니다");
      if (is_post) events::publish(tx, kPostPublished, a.target_id, {{"post_id", a.target_id}}, now);
      repo::resolve_flags(tx, a.target_type, a.target_id, now);
    } else if (a.action == "delete") {
      if (status == "deleted" || !set_status(status, "deleted", std::string("moderator"))) {
        return Error::conflict("이미 삭제된 항목입니다");
      }
      if (is_post) {
        events::publish(tx, kPostDeleted, a.target_id, {{"post_id", a.target_id}}, now);
      } else {
        auto row = repo::find_comment(tx, "", a.target_id);
        repo::bump_post_counts(tx, row->post_id, 0, -1);
      }
      repo::resolve_flags(tx, a.target_type, a.target_id, now);
    } else {  // dismiss: the reports were unfounded
      repo::resolve_flags(tx, a.target_type, a.target_id, now);
    }
    repo::append_audit(tx, actor, a.action, a.target_type, a.target_id, a.reason, std::nullopt, now);
    tx.commit();
    return {};
  }

  Result<Suspension> suspend(const Actor& actor, const std::string& user_id, int days,
                             const std::string& reason) override {
    if (auto profile = deps_.identity->profile(user_id); !profile) return std::move(profile).error();
    const auto now = deps_.clock->now();
    Suspension s{new_uuid_v7(), user_id, now + std::chrono::hours(24 * days), reason};
    auto tx = deps_.db->begin();
    repo::insert_suspension(tx, s, actor.user_id, now);
    repo::resolve_flags(tx, "user", user_id, now);
    repo::append_audit(tx, actor, "suspend", "user", user_id, reason, "until " + format_rfc3339(s.until), now);
    tx.commit();
    return s;
  }

  Result<AuditPage> audit_log(const std::optional<std::string>& cursor, int limit) override {
    std::optional<std::int64_t> before;
    if (cursor) {
      auto c = decode_cursor(*cursor, "audit");
      if (!c) return Error::validation("cursor", "invalid", "잘못된 커서입니다");
      before = c->key;
    }
    const int n = std::clamp(limit, 1, 200);
    auto tx = deps_.db->read();
    auto rows = repo::audit_entries(tx, before, n + 1);
    tx.commit();
    AuditPage page;
    for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(n); ++i) page.items.push_back(rows[i]);
    if (rows.size() > static_cast<std::size_t>(n)) {
      page.next_cursor = encode_cursor({"audit", page.items.back().seq, page.items.back().id});
    }
    return page;
  }

  // ---- Search --------------------------------------------------------------------------

  Result<std::optional<IndexablePost>> indexable_post(const std::string& post_id) override {
    auto tx = deps_.db->read();
    auto rows = repo::indexable(tx, post_id, "", 1);
    tx.commit();
    if (rows.empty()) return std::optional<IndexablePost>();
    return std::optional<IndexablePost>(std::move(rows.front()));
  }

  Result<std::vector<IndexablePost>> indexable_posts(const std::string& after_id, int limit) override {
    auto tx = deps_.db->read();
    auto rows = repo::indexable(tx, std::nullopt, after_id, std::clamp(limit, 1, 1000));
    tx.commit();
    return rows;
  }

 private:
  Status check_post_input(const PostInput& input) const {
    std::vector<FieldError> errors;
    if (!category_label(input.category)) errors.push_back({"category", "invalid", "알 수 없는 카테고리입니다"});
    if (normalize_body(input.body).empty()) errors.push_back({"body", "required", "본문을 입력해 주세요"});
    if (utf8_length(input.body) > kMaxBodyChars) errors.push_back({"body", "too_long", "본문은 5,000자 이하입니다"});
    if (input.title && utf8_length(*input.title) > kMaxTitleChars) {
      errors.push_back({"title", "too_long", "제목은 100자 이하입니다"});
    }
    if (input.client_id && !is_valid_client_id(*input.client_id)) {
      errors.push_back({"client_id", "invalid", "client_id는 영문·숫자·-·_ 1–64자입니다"});
    }
    if (!errors.empty()) return Error::validation(std::move(errors));
    return {};
  }

  static Status check_comment_body(const std::string& body) {
    if (normalize_body(body).empty()) return Error::validation("body", "required", "댓글을 입력해 주세요");
    if (utf8_length(body) > kMaxCommentChars) return Error::validation("body", "too_long", "댓글은 1,000자 이하입니다");
    return {};
  }

  Status check_not_suspended(const std::string& user_id) {
    auto tx = deps_.db->read();
    const auto until = repo::suspended_until(tx, user_id, deps_.clock->now());
    tx.commit();
    if (until) return forbidden("커뮤니티 이용이 " + format_rfc3339(*until) + "까지 정지되었습니다");
    return {};
  }

  Result<std::string> nickname_of(const std::string& user_id) {
    auto profile = deps_.identity->profile(user_id);
    if (!profile) return std::move(profile).error();
    return profile->nickname;
  }

  // A post the viewer may see: visible (or the author's own hidden post), author not blocked.
  Result<repo::PostRow> readable_post(db::Transaction& tx, const std::string& viewer_id, const std::string& post_id) {
    auto row = repo::find_post(tx, viewer_id, post_id);
    if (!row || row->status == "deleted") return Error::not_found("post");
    const bool mine = row->author_id == viewer_id;
    if (row->status != "visible" && !mine) return Error::not_found("post");
    if (row->author_id && !mine && repo::is_blocked(tx, viewer_id, *row->author_id)) return Error::not_found("post");
    return std::move(*row);
  }

  std::set<std::string> blocked_set(db::Transaction& tx, const std::string& viewer_id) {
    const auto ids = repo::blocked_ids(tx, viewer_id);
    return {ids.begin(), ids.end()};
  }

  // (author id, label the caller saw) of a visible post or comment.
  Result<std::pair<std::string, std::string>> author_of(db::Transaction& tx, const std::string& viewer_id,
                                                         const std::optional<std::string>& post_id,
                                                         const std::optional<std::string>& comment_id) {
    std::optional<std::string> author;
    std::optional<std::string> nickname;
    bool anonymous = false;
    if (post_id) {
      auto row = readable_post(tx, viewer_id, *post_id);
      if (!row) return std::move(row).error();
      author = row->author_id;
      nickname = row->author_nickname;
      anonymous = row->anonymous;
    } else {
      auto row = repo::find_comment(tx, viewer_id, comment_id.value());
      if (!row || row->status != "visible") return Error::not_found("comment");
      if (auto p = readable_post(tx, viewer_id, row->post_id); !p) return std::move(p).error();
      author = row->author_id;
      nickname = row->author_nickname;
      anonymous = row->anonymous;
    }
    if (!author) return Error::not_found("author");
    return std::make_pair(*author, anonymous ? std::string(kAnonymousName) : nickname.value_or(kAnonymousName));
  }

  Dependencies deps_;
  RateLimiter limiter_;
};

}  // namespace

std::shared_ptr<CommunityService> make_community_service(const Dependencies& deps) {
  return std::make_shared<Service>(deps);
}

}  // namespace soom::community
