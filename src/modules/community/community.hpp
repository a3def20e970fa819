#pragma once
// Public surface of the community context: posts (with an optional frozen snapshot of the
// author's own records), comments with one level of replies, likes, bookmarks, blocks,
// reports, moderation and the queries the search indexer uses. Everything else in
// src/modules/community is private. Behaviour is documented in docs/community.md.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace soom::db {
class Database;
}
namespace soom::cache {
class Cache;
}
namespace soom::identity {
class IdentityService;
}
namespace soom::records {
class RecordsService;
}
namespace soom::notification {
class NotificationService;
}
namespace soom::events {
class Consumer;
}

namespace soom::community {

// ---- Posts -------------------------------------------------------------------------------

inline constexpr std::size_t kMaxTitleChars = 100;
inline constexpr std::size_t kMaxBodyChars = 5000;
inline constexpr std::size_t kMaxCommentChars = 1000;
inline constexpr int kMaxPageLimit = 50;

// What the caller sees as the author. Never an e-mail; never an id of somebody else.
struct AuthorView final {
  std::string display_name;  // nickname, "익명" or "탈퇴한 사용자"
  bool is_mine = false;
};

// The author's own figures, copied at share time (never a live link into records).
struct SnapshotRequest final {
  std::string kind;  // day | month
  std::string period;  // YYYY-MM-DD for day, YYYY-MM for month
};

struct PostInput final {
  std::optional<std::string> title;
  std::string body;
  std::string category;
  bool anonymous = false;
  std::optional<SnapshotRequest> snapshot;  // create only; an edit keeps the frozen copy
  std::optional<std::string> client_id;     // idempotent create (or the Idempotency-Key header)
  // Uploaded image ids in display order (≤ kMaxImagesPerPost). Create: nullopt = none;
  // edit: nullopt keeps the current images, a list replaces them (dropped ones are deleted).
  std::optional<std::vector<std::string>> image_ids;
};

struct Warning final {
  std::string code;  // phone_number | resident_registration_number | email
  std::string message;
};

// ---- Images -------------------------------------------------------------------------------

inline constexpr std::size_t kMaxImagesPerPost = 4;
inline constexpr std::size_t kMaxImageBytes = 5 * 1024 * 1024;
// The upload route's body limit: a little above the image limit so that a slightly larger
// file still gets the image rules' own answer (413 with a Korean message).
inline constexpr std::size_t kImageUploadBodyLimit = kMaxImageBytes + 64 * 1024;

// A re-encoded, metadata-free image (its bytes are served by GET /v1/community/images/{id}).
struct PostImage final {
  std::string id;
  std::string content_type;  // image/jpeg | image/png | image/webp
  int width = 0;
  int height = 0;
  std::int64_t bytes = 0;
};

struct ImageContent final {
  std::string content_type;
  std::string etag;  // the storage key (content address)
  std::string bytes;
};

struct Post final {
  std::string id;
  AuthorView author;
  bool anonymous = false;
  std::string category;
  std::optional<std::string> title;
  std::string body;
  std::optional<std::string> snapshot_json;  // frozen JSON object
  std::string status;                        // visible | hidden | deleted
  std::int64_t like_count = 0;
  std::int64_t comment_count = 0;
  std::int64_t view_count = 0;
  bool liked_by_me = false;
  bool bookmarked_by_me = false;
  Instant created_at;
  Instant updated_at;
  std::vector<PostImage> images;  // in display order
};

struct PostResult final {
  Post post;
  std::vector<Warning> warnings;
  bool created = false;  // false: an idempotent replay
};

struct Comment final {
  std::string id;
  std::string post_id;
  std::optional<std::string> parent_id;
  AuthorView author;
  std::string body;  // "삭제된 댓글입니다" etc. for removed comments
  std::string status;
  std::int64_t like_count = 0;
  bool liked_by_me = false;
  Instant created_at;
  Instant updated_at;
  std::vector<Comment> replies;  // one level only
};

struct CommentInput final {
  std::string body;
  std::optional<std::string> parent_id;
  bool anonymous = false;
  std::optional<std::string> client_id;
};

struct CommentResult final {
  Comment comment;
  std::vector<Warning> warnings;
  bool created = false;
};

struct PostDetail final {
  Post post;
  std::vector<Comment> comments;  // top level, oldest first, replies nested
};

struct FeedQuery final {
  std::optional<std::string> category;
  std::string sort = "latest";  // latest | popular
  std::optional<std::string> cursor;
  int limit = 20;
};

struct FeedPage final {
  std::vector<Post> items;  // body cut to an excerpt
  std::optional<std::string> next_cursor;
};

struct LikeState final {
  bool liked = false;
  std::int64_t like_count = 0;
};

// ---- Safety ------------------------------------------------------------------------------

struct ReportInput final {
  std::optional<std::string> post_id;
  std::optional<std::string> comment_id;
  std::string about = "content";  // content | author
  std::string reason;             // spam | abuse | privacy | misinformation | sexual | other
  std::optional<std::string> detail;
};

struct Block final {
  std::string id;
  std::string label;  // what the blocker saw: nickname or 익명
  Instant created_at;
};

// ---- Moderation (back office) ------------------------------------------------------------

struct Actor final {
  std::string user_id;
  std::string role;
};

struct QueueItem final {
  std::string target_type;  // post | comment | user
  std::string target_id;
  std::optional<std::string> author_id;  // staff only
  std::string status;                    // visible | hidden | deleted (users: active | suspended)
  std::string excerpt;
  std::int64_t open_reports = 0;
  std::vector<std::string> reasons;
  Instant last_reported_at;
};

struct ModerationAction final {
  std::string target_type;  // post | comment
  std::string target_id;
  std::string action;  // hide | unhide | delete
  std::string reason;
};

struct AuditEntry final {
  std::int64_t seq = 0;
  std::string id;
  std::string actor_id;
  std::string actor_role;
  std::string action;
  std::string target_type;
  std::string target_id;
  std::string reason;
  std::optional<std::string> detail;
  Instant created_at;
};

struct AuditPage final {
  std::vector<AuditEntry> items;
  std::optional<std::string> next_cursor;
};

struct Suspension final {
  std::string id;
  std::string user_id;
  Instant until;
  std::string reason;
};

// What moderators see of a post: its author too.
struct StaffPost final {
  Post post;
  std::optional<std::string> author_id;
  std::int64_t report_count = 0;
};

// ---- Search indexer ----------------------------------------------------------------------

struct IndexablePost final {
  std::string id;
  std::optional<std::string> title;
  std::string body;
  std::string category;
  Instant created_at;
  std::int64_t like_count = 0;
  std::int64_t comment_count = 0;
};

class CommunityQueries {
 public:
  virtual ~CommunityQueries() = default;
  // nullopt when the post is hidden, deleted or unknown.
  virtual Result<std::optional<IndexablePost>> indexable_post(const std::string& post_id) = 0;
  // Visible posts with id > after_id in id order (full reindex).
  virtual Result<std::vector<IndexablePost>> indexable_posts(const std::string& after_id, int limit) = 0;
};

class CommunityService : public CommunityQueries {
 public:
  ~CommunityService() override = default;

  virtual Result<PostResult> create_post(const std::string& user_id, const PostInput& input) = 0;
  virtual Result<PostResult> edit_post(const std::string& user_id, const std::string& post_id,
                                       const PostInput& input) = 0;
  virtual Status delete_post(const std::string& user_id, const std::string& post_id) = 0;
  // Counts a view.
  virtual Result<PostDetail> post(const std::string& viewer_id, const std::string& post_id) = 0;
  virtual Result<FeedPage> feed(const std::string& viewer_id, const FeedQuery& query) = 0;
  virtual Result<FeedPage> bookmarks(const std::string& user_id, const std::optional<std::string>& cursor,
                                     int limit) = 0;

  virtual Result<CommentResult> add_comment(const std::string& user_id, const std::string& post_id,
                                            const CommentInput& input) = 0;
  virtual Result<Comment> edit_comment(const std::string& user_id, const std::string& comment_id,
                                       const std::string& body) = 0;
  virtual Status delete_comment(const std::string& user_id, const std::string& comment_id) = 0;

  virtual Result<LikeState> like_post(const std::string& user_id, const std::string& post_id, bool like) = 0;
  virtual Result<LikeState> like_comment(const std::string& user_id, const std::string& comment_id, bool like) = 0;
  virtual Status bookmark(const std::string& user_id, const std::string& post_id, bool on) = 0;

  // Blocks the author of a post or comment (exactly one of the two ids).
  virtual Result<Block> block(const std::string& user_id, const std::optional<std::string>& post_id,
                              const std::optional<std::string>& comment_id) = 0;
  virtual Status unblock(const std::string& user_id, const std::string& block_id) = 0;
  virtual Result<std::vector<Block>> blocks(const std::string& user_id) = 0;

  virtual Status report(const std::string& user_id, const ReportInput& input) = 0;

  // Validates, re-encodes (drops EXIF/GPS) and stores an image; it stays the uploader's
  // alone until a post of theirs claims it (image_ids), and is purged after 24 h otherwise.
  virtual Result<PostImage> upload_image(const std::string& user_id, const std::string& bytes,
                                         const std::string& content_type) = 0;
  // The bytes, for whoever may see the post it belongs to (before that: its uploader only).
  virtual Result<ImageContent> image(const std::string& viewer_id, const std::string& image_id) = 0;
  // Removes unattached images older than image_ttl_s (rows and files); returns how many.
  // Cheap when there is nothing to do, so the worker may call it on every pass.
  virtual Result<int> purge_unattached_images() = 0;
  // Writes the post views counted in memory since the last call (opening a post writes
  // nothing itself; the buffer is also written by the next view once it is 5 s old); returns
  // how many posts were updated. The worker calls it on every pass, servers at shutdown.
  virtual Result<int> flush_views() = 0;

  // Back office (moderator / admin).
  virtual Result<std::vector<QueueItem>> moderation_queue(int limit) = 0;
  virtual Result<StaffPost> staff_post(const std::string& post_id) = 0;
  virtual Status moderate(const Actor& actor, const ModerationAction& action) = 0;
  virtual Result<Suspension> suspend(const Actor& actor, const std::string& user_id, int days,
                                     const std::string& reason) = 0;
  virtual Result<AuditPage> audit_log(const std::optional<std::string>& cursor, int limit) = 0;
};

struct CommunitySettings final {
  int auto_hide_reports = 3;       // distinct reporters that hide an item pending review
  int rate_window_s = 600;         // rate-limit window
  int posts_per_window = 5;
  int comments_per_window = 30;
  int likes_per_window = 120;
  int duplicate_window_s = 600;    // same author + same normalized body within this → 409
  int images_per_window = 20;      // uploads per user and rate window
  int max_unattached_images = 20;  // uploaded but not yet on a post, per user
  int image_ttl_s = 86'400;        // unattached images older than this are purged
};

// Where image bytes live (content-addressed; see image_store.hpp).
class ImageStore;
// Files under `directory` (created on first write).
std::shared_ptr<ImageStore> make_image_store(const std::string& directory);

struct Dependencies final {
  std::shared_ptr<db::Database> db;
  std::shared_ptr<cache::Cache> cache;
  std::shared_ptr<const Clock> clock;
  std::shared_ptr<identity::IdentityService> identity;
  std::shared_ptr<records::RecordsService> records;
  std::shared_ptr<notification::NotificationService> notifications;
  CommunitySettings settings;
  std::shared_ptr<ImageStore> images;  // required by image uploads and their cleanup
};

std::shared_ptr<CommunityService> make_community_service(const Dependencies& deps);
// community.comment_added → notify the post author / parent comment author;
// identity.user_deleted → anonymize the user's posts and comments, erase their images;
// community.post_deleted → erase the post's images.
std::vector<std::shared_ptr<events::Consumer>> make_community_consumers(const Dependencies& deps);

// Domain events (payload: ids only).
inline constexpr const char* kPostPublished = "community.post_published";
inline constexpr const char* kPostHidden = "community.post_hidden";
inline constexpr const char* kPostDeleted = "community.post_deleted";
inline constexpr const char* kCommentAdded = "community.comment_added";

}  // namespace soom::community

namespace soom::http {
class Router;
}

namespace soom::community {
// Public API routes (/v1/community/…).
void add_community_routes(http::Router& router, std::shared_ptr<CommunityService> service);
// Back-office routes (/admin/v1/community/…), moderator and admin only.
void add_community_admin_routes(http::Router& router, std::shared_ptr<CommunityService> service);
}  // namespace soom::community
