// The community service: posts, comments, likes, bookmarks, blocks, reports and
// moderation. Every write is one transaction, with its outbox event inside it.
#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <spdlog/spdlog.h>

#include "cache/rate_limiter.hpp"
#include "core/encoding.hpp"
#include "core/random.hpp"
#include "events/outbox.hpp"
#include "modules/community/categories.hpp"
#include "modules/community/community.hpp"
#include "modules/community/community_repository.hpp"
#include "modules/community/feed_cursor.hpp"
#include "modules/community/feed_score.hpp"
#include "modules/community/image_codec.hpp"
#include "modules/community/image_repository.hpp"
#include "modules/community/post_images.hpp"
#include "modules/community/pii.hpp"
#include "modules/community/snapshot.hpp"
#include "modules/community/text_rules.hpp"
#include "modules/community/view_buffer.hpp"
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
// An unattached image may be put on a post until an hour before the purge could take it:
// the purge removes the file before the row, so the two must never race for one image.
constexpr std::chrono::seconds kClaimMargin{3600};
constexpr int kPurgeBatch = 100;
constexpr std::chrono::seconds kPurgeInterval{60};

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

// The images of these posts by post id, one query.
std::map<std::string, std::vector<PostImage>> images_by_post(db::Transaction& tx, const std::vector<std::string>& ids) {
  std::map<std::string, std::vector<PostImage>> out;
  for (const auto& row : image_repo::images_of_posts(tx, ids)) out[*row.post_id].push_back(image_view(row));
  return out;
}

std::vector<PostImage> images_of(db::Transaction& tx, const std::string& post_id) {
  auto all = images_by_post(tx, {post_id});
  return all.empty() ? std::vector<PostImage>() : std::move(all.begin()->second);
}

std::vector<Warning> warnings_for(const std::string& text) {
  std::vector<Warning> out;
  for (const auto& code : detect_personal_data(text)) out.push_back(Warning{code, personal_data_message(code)});
  return out;
}

Error forbidden(std::string message) { return Error::make(ErrorCode::kForbidden, std::move(message)); }

// Longer than a day: the key names its day, so a late expiry costs memory, never a miscount.
constexpr std::chrono::hours kViewedTtl{25};

class Service final : public CommunityService {
 public:
  explicit Service(Dependencies deps)
      : deps_(std::move(deps)),
        limiter_(deps_.cache, "community:rate", std::chrono::seconds(deps_.settings.rate_window_s),
                 "너무 자주 작성하고 있습니다. 잠시 후 다시 시도해 주세요.") {}

  // ---- Posts ---------------------------------------------------------------------------

  Result<PostResult> create_post(const std::string& user_id, const PostInput& input) override {
    if (auto s = check_post_input(input); !s) return std::move(s).error();
    if (auto s = check_not_suspended(user_id); !s) return std::move(s).error();
    const auto now = deps_.clock->now();
    if (input.client_id) {
      auto tx = deps_.db->read();
      if (auto existing = repo::find_post_by_client_id(tx, user_id, *input.client_id)) {
        auto view = post_view(*existing, user_id);
        view.images = images_of(tx, existing->id);
        return PostResult{std::move(view), warnings_for(existing->body), false};
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
      if (input.image_ids) {
        if (auto s = claim_images(tx, user_id, p.id, *input.image_ids, now); !s) return std::move(s).error();
      }
      events::publish(tx, kPostPublished, p.id, {{"post_id", p.id}}, now);
      auto row = repo::find_post(tx, user_id, p.id);
      auto view = post_view(row.value(), user_id);
      view.images = images_of(tx, p.id);
      tx.commit();
      return PostResult{std::move(view), warnings_for(p.body), true};
    } catch (const db::DbError& e) {
      // A concurrent retry with the same client id won the insert: answer with its post.
      if (e.kind() != db::DbError::Kind::kUniqueViolation || !input.client_id) throw;
      auto tx = deps_.db->read();
      auto existing = repo::find_post_by_client_id(tx, user_id, *input.client_id);
      if (!existing) throw;
      auto view = post_view(*existing, user_id);
      view.images = images_of(tx, existing->id);
      return PostResult{std::move(view), warnings_for(existing->body), false};
    }
  }

  Result<PostResult> edit_post(const std::string& user_id, const std::string& post_id,
                               const PostInput& input) override {
    if (auto s = check_post_input(input); !s) return std::move(s).error();
    if (auto s = check_not_suspended(user_id); !s) return std::move(s).error();
    std::vector<image_repo::ImageRow> dropped;
    auto result = edit_post_in_transaction(user_id, post_id, input, dropped);
    // After the transaction has ended (SQLite has one writer). Images taken off the post go
    // now; if that fails they are unattached and the purge takes them later.
    if (result) erase_quietly(dropped, true);
    return result;
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

  // A reader counts once per post and Korean calendar day, as article views do: reloading a page
  // does not inflate the count (popularity feeds ranking). Kept on the shared cache, so with Redis
  // several processes agree; the in-process cache forgets at a restart (a few extra views).
  bool first_view_today(const std::string& viewer_id, const std::string& post_id, Instant now) {
    if (viewer_id.empty() || !deps_.cache) return true;
    const auto korean_day = std::chrono::floor<std::chrono::days>(now + std::chrono::hours(9));
    const auto key = "community:viewed:" + post_id + ":" + viewer_id + ":" +
                     std::to_string(korean_day.time_since_epoch().count());
    return deps_.cache->increment(key, kViewedTtl).count == 1;
  }

  Result<PostDetail> post(const std::string& viewer_id, const std::string& post_id) override {
    auto tx = deps_.db->read();
    auto row = readable_post(tx, viewer_id, post_id);
    if (!row) return std::move(row).error();
    const auto blocked = blocked_set(tx, viewer_id);
    const auto rows = repo::comments_of(tx, viewer_id, post_id, kMaxCommentsPerPost);
    auto images = images_of(tx, post_id);
    tx.commit();
    PostDetail detail;
    detail.post = post_view(*row, viewer_id);
    detail.post.images = std::move(images);
    // This view (once per reader and day) and the ones this process has not written yet.
    const auto now = deps_.clock->now();
    detail.post.view_count += first_view_today(viewer_id, post_id, now) ? views_.add(post_id, now)
                                                                         : views_.waiting(post_id);
    if (views_.due(now)) {
      try {
        (void)flush_views();
      } catch (const std::exception& e) {  // kept in the buffer; the read itself succeeded
        spdlog::warn("post views not written yet: {}", e.what());
      }
    }
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
    std::vector<std::string> ids;
    for (const auto& r : rows) ids.push_back(r.id);
    auto images = images_by_post(tx, ids);
    tx.commit();
    FeedPage page;
    const auto limit = static_cast<std::size_t>(filter.limit - 1);
    for (std::size_t i = 0; i < rows.size() && i < limit; ++i) {
      auto p = post_view(rows[i], viewer_id);
      p.body = excerpt(p.body, kExcerptChars);
      if (auto it = images.find(p.id); it != images.end()) p.images = std::move(it->second);
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
    std::vector<std::string> ids;
    for (const auto& r : rows) ids.push_back(r.first.id);
    auto images = images_by_post(tx, ids);
    tx.commit();
    FeedPage page;
    for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(n); ++i) {
      auto p = post_view(rows[i].first, user_id);
      p.body = excerpt(p.body, kExcerptChars);
      if (auto it = images.find(p.id); it != images.end()) p.images = std::move(it->second);
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

  // ---- Images --------------------------------------------------------------------------

  Result<PostImage> upload_image(const std::string& user_id, const std::string& bytes,
                                 const std::string& content_type) override {
    if (!deps_.images) return Error::internal("community: no image store configured");
    if (auto s = check_not_suspended(user_id); !s) return std::move(s).error();
    if (auto s = limiter_.check("image", user_id, deps_.settings.images_per_window); !s) return std::move(s).error();
    {
      auto tx = deps_.db->read();
      const auto pending = image_repo::count_unattached(tx, user_id);
      tx.commit();
      if (deps_.settings.max_unattached_images > 0 && pending >= deps_.settings.max_unattached_images) {
        return Error::conflict("글에 첨부하지 않은 이미지가 너무 많습니다. 글을 올리거나 잠시 후 다시 시도해 주세요.");
      }
    }
    ImageLimits limits;
    limits.max_bytes = kMaxImageBytes;
    auto clean = sanitize_image(bytes, content_type, limits);
    if (!clean) return std::move(clean).error();
    image_repo::ImageRow row;
    row.id = new_uuid_v7();
    row.owner_id = user_id;
    row.storage_key = image_key(clean->bytes);
    row.format = std::string(image_content_type(clean->format).substr(6));  // "image/png" → "png"
    row.width = clean->width;
    row.height = clean->height;
    row.byte_size = static_cast<std::int64_t>(clean->bytes.size());
    row.created_at = deps_.clock->now();
    // File before row: a row never points at nothing (a failed insert leaves a file that
    // the next upload of the same bytes reuses).
    if (auto s = deps_.images->put(row.storage_key, clean->bytes); !s) return std::move(s).error();
    auto tx = deps_.db->begin();
    image_repo::insert_image(tx, row);
    tx.commit();
    return image_view(row);
  }

  Result<ImageContent> image(const std::string& viewer_id, const std::string& image_id) override {
    if (!deps_.images) return Error::not_found("image");
    std::optional<image_repo::ImageRow> row;
    {
      auto tx = deps_.db->read();
      row = image_repo::find_image(tx, image_id);
      if (!row) return Error::not_found("image");
      if (!row->post_id) {
        if (row->owner_id != viewer_id) return Error::not_found("image");
      } else if (auto post = readable_post(tx, viewer_id, *row->post_id); !post) {
        return Error::not_found("image");
      }
      tx.commit();
    }
    auto bytes = deps_.images->get(row->storage_key);
    if (!bytes) return std::move(bytes).error();
    if (!*bytes) return Error::not_found("image");  // erased meanwhile
    return ImageContent{content_type_of_format(row->format), row->storage_key, std::move(**bytes)};
  }

  Result<int> flush_views() override {
    auto counts = views_.take();
    if (counts.empty()) return 0;
    try {
      auto tx = deps_.db->begin();
      for (const auto& [post_id, views] : counts) repo::add_views(tx, post_id, views);  // key order: no deadlocks
      tx.commit();
    } catch (const std::exception&) {
      views_.restore(counts, deps_.clock->now());
      throw;
    }
    return static_cast<int>(counts.size());
  }

  Result<int> purge_unattached_images() override {
    if (!deps_.images) return 0;
    const auto now = deps_.clock->now();
    {
      std::lock_guard lock(purge_mutex_);
      if (last_purge_ && now - *last_purge_ < kPurgeInterval && now >= *last_purge_) return 0;
      last_purge_ = now;
    }
    std::vector<image_repo::ImageRow> rows;
    {
      auto tx = deps_.db->read();
      rows = image_repo::unattached_before(tx, now - std::chrono::seconds(deps_.settings.image_ttl_s), kPurgeBatch);
      tx.commit();
    }
    auto erased = erase_images(*deps_.db, *deps_.images, rows, /*only_unattached=*/true);
    if (erased && rows.size() == static_cast<std::size_t>(kPurgeBatch)) {
      std::lock_guard lock(purge_mutex_);
      last_purge_.reset();  // more waiting: the next pass continues at once
    }
    return erased;
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
    auto images = row ? images_of(tx, post_id) : std::vector<PostImage>();
    tx.commit();
    if (!row) return Error::not_found("post");
    StaffPost staff{post_view(*row, ""), row->author_id, row->report_count};
    staff.post.images = std::move(images);
    return staff;
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
  // The edit itself; `dropped` receives the images it took off the post (still to erase).
  Result<PostResult> edit_post_in_transaction(const std::string& user_id, const std::string& post_id,
                                              const PostInput& input, std::vector<image_repo::ImageRow>& dropped) {
    const auto now = deps_.clock->now();
    auto tx = deps_.db->begin();
    auto row = repo::find_post(tx, user_id, post_id);
    if (!row || row->author_id != user_id || row->status == "deleted") return Error::not_found("post");
    if (input.image_ids) {
      for (const auto& img : image_repo::images_of_posts(tx, {post_id})) {
        if (std::find(input.image_ids->begin(), input.image_ids->end(), img.id) == input.image_ids->end()) {
          image_repo::detach(tx, img.id, post_id);
          dropped.push_back(img);
        }
      }
      if (auto s = claim_images(tx, user_id, post_id, *input.image_ids, now); !s) return std::move(s).error();
    }
    repo::update_post(tx, post_id, input.title, input.body, hex_encode(sha256(normalize_body(input.body))),
                      input.category, input.anonymous, now);
    if (row->status == "visible") events::publish(tx, kPostPublished, post_id, {{"post_id", post_id}}, now);
    auto updated = repo::find_post(tx, user_id, post_id);
    auto view = post_view(updated.value(), user_id);
    view.images = images_of(tx, post_id);
    tx.commit();
    return PostResult{std::move(view), warnings_for(input.body), false};
  }

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
    if (input.image_ids) {
      const auto& ids = *input.image_ids;
      if (ids.size() > kMaxImagesPerPost) {
        errors.push_back({"image_ids", "too_many", "이미지는 글 하나에 4장까지 올릴 수 있습니다"});
      }
      for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto field = "image_ids[" + std::to_string(i) + "]";
        if (!is_uuid(ids[i])) {
          errors.push_back({field, "invalid", "이미지 id가 올바르지 않습니다"});
        } else if (std::find(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(i), ids[i]) !=
                   ids.begin() + static_cast<std::ptrdiff_t>(i)) {
          errors.push_back({field, "duplicate", "같은 이미지를 두 번 넣을 수 없습니다"});
        }
      }
    }
    if (!errors.empty()) return Error::validation(std::move(errors));
    return {};
  }

  // Puts `ids` on the post in this order. Each must be the author's, and unattached (fresh
  // enough that the purge cannot take it meanwhile) or already on this post.
  Status claim_images(db::Transaction& tx, const std::string& user_id, const std::string& post_id,
                      const std::vector<std::string>& ids, Instant now) {
    const auto rows = image_repo::find_images(tx, ids);
    const auto claimable_after =
        now - std::chrono::seconds(deps_.settings.image_ttl_s) + kClaimMargin;
    std::vector<FieldError> errors;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const auto it = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.id == ids[i]; });
      const bool ok = it != rows.end() && it->owner_id == user_id &&
                      (it->post_id == post_id || (!it->post_id && it->created_at > claimable_after));
      if (!ok || !image_repo::attach(tx, ids[i], post_id, static_cast<int>(i))) {
        errors.push_back({"image_ids[" + std::to_string(i) + "]", "unavailable",
                          "첨부할 수 없는 이미지입니다. 다시 올려 주세요."});
      }
    }
    if (!errors.empty()) return Error::validation(std::move(errors));
    return {};
  }

  // After a commit: a failure only delays the removal (the purge or a retry finishes it).
  void erase_quietly(const std::vector<image_repo::ImageRow>& rows, bool only_unattached) {
    if (rows.empty() || !deps_.images) return;
    try {
      if (auto r = erase_images(*deps_.db, *deps_.images, rows, only_unattached); !r) {
        spdlog::warn("community: image erase failed: {}", r.error().internal_message);
      }
    } catch (const std::exception& e) {
      spdlog::warn("community: image erase failed: {}", e.what());
    }
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
  cache::RateLimiter limiter_;
  std::mutex purge_mutex_;
  std::optional<Instant> last_purge_;  // guarded by purge_mutex_
  ViewBuffer views_;
};

}  // namespace

std::shared_ptr<CommunityService> make_community_service(const Dependencies& deps) {
  return std::make_shared<Service>(deps);
}

}  // namespace soom::community
