#pragma once
// SQL of community_images. Like the rest of the community repository, functions run inside
// the caller's transaction and never commit.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "db/db.hpp"

namespace soom::community::image_repo {

struct ImageRow final {
  std::string id;
  std::string owner_id;
  std::string storage_key;
  std::string format;  // jpeg | png | webp
  int width = 0;
  int height = 0;
  std::int64_t byte_size = 0;
  std::optional<std::string> post_id;
  int position = 0;
  Instant created_at;
};

void insert_image(db::Transaction& tx, const ImageRow& image);
std::optional<ImageRow> find_image(db::Transaction& tx, const std::string& image_id);
// Several ids at once (unknown ids are simply missing from the answer).
std::vector<ImageRow> find_images(db::Transaction& tx, const std::vector<std::string>& image_ids);
std::int64_t count_unattached(db::Transaction& tx, const std::string& owner_id);
// Images of these posts in (post, position) order: one query for a whole feed page.
std::vector<ImageRow> images_of_posts(db::Transaction& tx, const std::vector<std::string>& post_ids);
// Sets (post, position) of an image that is unattached or already on that post.
bool attach(db::Transaction& tx, const std::string& image_id, const std::string& post_id, int position);
// Takes an image off the post (it becomes unattached).
bool detach(db::Transaction& tx, const std::string& image_id, const std::string& post_id);
std::vector<ImageRow> images_of_owner(db::Transaction& tx, const std::string& owner_id);
// Unattached images created before `cutoff`, oldest first.
std::vector<ImageRow> unattached_before(db::Transaction& tx, Instant cutoff, int limit);
// True when a row other than `except_ids` still points at the stored file.
bool key_in_use(db::Transaction& tx, const std::string& storage_key, const std::vector<std::string>& except_ids);
// Deletes these rows; with `only_unattached`, a row that was attached meanwhile stays.
std::int64_t delete_images(db::Transaction& tx, const std::vector<std::string>& image_ids, bool only_unattached);

}  // namespace soom::community::image_repo
