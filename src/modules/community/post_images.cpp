#include "modules/community/post_images.hpp"

#include <set>

namespace soom::community {

std::string content_type_of_format(const std::string& format) { return "image/" + format; }

PostImage image_view(const image_repo::ImageRow& row) {
  return PostImage{row.id, content_type_of_format(row.format), row.width, row.height, row.byte_size};
}

Result<int> erase_images(db::Database& db, ImageStore& store, const std::vector<image_repo::ImageRow>& rows,
                         bool only_unattached) {
  if (rows.empty()) return 0;
  std::vector<std::string> ids;
  std::set<std::string> keys;
  for (const auto& r : rows) {
    ids.push_back(r.id);
    keys.insert(r.storage_key);
  }
  // Content addressing lets two uploads (even two users') share one file: keep it while
  // another row points at it.
  std::vector<std::string> unused;
  {
    auto tx = db.read();
    for (const auto& key : keys) {
      if (!image_repo::key_in_use(tx, key, ids)) unused.push_back(key);
    }
    tx.commit();
  }
  for (const auto& key : unused) {
    if (auto s = store.remove(key); !s) return std::move(s).error();
  }
  auto tx = db.begin();
  const auto deleted = image_repo::delete_images(tx, ids, only_unattached);
  tx.commit();
  return static_cast<int>(deleted);
}

std::shared_ptr<ImageStore> make_image_store(const std::string& directory) {
  return make_local_image_store(std::filesystem::path(directory));
}

}  // namespace soom::community
