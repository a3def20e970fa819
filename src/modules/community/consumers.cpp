// Outbox consumers of the community context:
//  - community.comment_added → notify the post author (comment_on_post) and, for a reply,
//    the parent comment's author (reply_to_comment). Never for one's own comment, never
//    across a block; the notification module applies the user's community preference.
//  - identity.user_deleted → anonymize the user's posts and comments, delete their likes,
//    bookmarks, blocks and suspensions (docs/community.md explains the choice).
//  - identity.user_deleted → erase every image the user uploaded (rows and files);
//    community.post_deleted → erase the post's images.
#include "events/statement_consumer.hpp"
#include "modules/community/community.hpp"
#include "modules/community/community_repository.hpp"
#include "modules/community/image_repository.hpp"
#include "modules/community/post_images.hpp"
#include "modules/identity/identity.hpp"
#include "modules/notification/notification.hpp"

namespace soom::community {
namespace {

class CommentNotifier final : public events::Consumer {
 public:
  explicit CommentNotifier(Dependencies deps) : deps_(std::move(deps)) {}
  std::string name() const override { return "community.comment_notifier"; }
  std::string type_prefix() const override { return kCommentAdded; }

  Status handle(const events::Event& event) override {
    if (!deps_.notifications) return {};
    std::optional<repo::CommentRow> comment;
    std::optional<repo::CommentRow> parent;
    std::optional<repo::PostRow> post;
    bool post_author_blocks = false;
    bool parent_author_blocks = false;
    {
      auto tx = deps_.db->read();
      comment = repo::find_comment(tx, "", event.aggregate_id);
      if (comment && comment->status == "visible" && comment->author_id) {
        post = repo::find_post(tx, "", comment->post_id);
        if (comment->parent_id) parent = repo::find_comment(tx, "", *comment->parent_id);
        if (post && post->author_id) post_author_blocks = repo::is_blocked(tx, *post->author_id, *comment->author_id);
        if (parent && parent->author_id) {
          parent_author_blocks = repo::is_blocked(tx, *parent->author_id, *comment->author_id);
        }
      }
      tx.commit();
    }
    if (!comment || comment->status != "visible" || !comment->author_id || !post || post->status != "visible") {
      return {};
    }
    const auto& commenter = *comment->author_id;
    const std::string commenter_name = comment->anonymous ? "익명" : comment->author_nickname.value_or("익명");
    std::optional<std::string> reply_to;
    if (parent && parent->author_id && *parent->author_id != commenter && !parent_author_blocks) {
      reply_to = parent->author_id;
      if (auto s = send(*reply_to, "reply_to_comment", *comment, commenter_name); !s) return s;
    }
    // The post author hears once: a reply to their own comment already told them.
    if (post->author_id && *post->author_id != commenter && !post_author_blocks && post->author_id != reply_to) {
      if (auto s = send(*post->author_id, "comment_on_post", *comment, commenter_name); !s) return s;
    }
    return {};
  }

 private:
  Status send(const std::string& user_id, const std::string& kind, const repo::CommentRow& comment,
              const std::string& commenter) {
    notification::NotificationRequest request;
    request.user_id = user_id;
    request.kind = kind;
    request.params = {{"post_id", comment.post_id}, {"comment_id", comment.id}, {"commenter", commenter}};
    request.dedupe_key = kind + ":" + comment.id;
    auto r = deps_.notifications->notify(request);
    // A recipient who deleted the account meanwhile has nobody to tell.
    if (!r && r.error().code != ErrorCode::kNotFound) return std::move(r).error();
    return {};
  }

  Dependencies deps_;
};

// Idempotent: erase_images removes files before rows, so a rerun after a crash finds the
// same rows again and finishes; a rerun after success finds nothing.
class ImageEraser final : public events::Consumer {
 public:
  enum class Scope { kPost, kOwner };
  ImageEraser(Dependencies deps, Scope scope) : deps_(std::move(deps)), scope_(scope) {}
  std::string name() const override {
    return scope_ == Scope::kPost ? "community.post_image_erasure" : "community.user_image_erasure";
  }
  std::string type_prefix() const override { return scope_ == Scope::kPost ? kPostDeleted : identity::kUserDeleted; }

  Status handle(const events::Event& event) override {
    if (!deps_.images) return {};
    std::vector<image_repo::ImageRow> rows;
    {
      auto tx = deps_.db->read();
      rows = scope_ == Scope::kPost ? image_repo::images_of_posts(tx, {event.aggregate_id})
                                    : image_repo::images_of_owner(tx, event.aggregate_id);
      tx.commit();
    }
    auto erased = erase_images(*deps_.db, *deps_.images, rows, /*only_unattached=*/false);
    if (!erased) return std::move(erased).error();
    return {};
  }

 private:
  Dependencies deps_;
  Scope scope_;
};

}  // namespace

std::vector<std::shared_ptr<events::Consumer>> make_community_consumers(const Dependencies& deps) {
  std::vector<std::shared_ptr<events::Consumer>> out;
  out.push_back(std::make_shared<CommentNotifier>(deps));
  out.push_back(std::make_shared<ImageEraser>(deps, ImageEraser::Scope::kPost));
  out.push_back(std::make_shared<ImageEraser>(deps, ImageEraser::Scope::kOwner));
  out.push_back(events::make_statement_consumer(
      "community.user_erasure", identity::kUserDeleted, deps.db,
      {"UPDATE community_posts SET like_count = like_count - 1 WHERE id IN "
       "(SELECT post_id FROM community_post_likes WHERE user_id = $1)",
       "DELETE FROM community_post_likes WHERE user_id = $1",
       "UPDATE community_comments SET like_count = like_count - 1 WHERE id IN "
       "(SELECT comment_id FROM community_comment_likes WHERE user_id = $1)",
       "DELETE FROM community_comment_likes WHERE user_id = $1",
       "DELETE FROM community_bookmarks WHERE user_id = $1",
       "DELETE FROM community_blocks WHERE blocker_id = $1 OR blocked_id = $1",
       "DELETE FROM community_suspensions WHERE user_id = $1",
       "UPDATE community_flags SET reporter_id = NULL WHERE reporter_id = $1",
       "UPDATE community_posts SET author_id = NULL, author_nickname = NULL, client_id = NULL WHERE author_id = $1",
       "UPDATE community_comments SET author_id = NULL, author_nickname = NULL, client_id = NULL "
       "WHERE author_id = $1"}));
  return out;
}

}  // namespace soom::community
