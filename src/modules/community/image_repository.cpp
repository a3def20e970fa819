#include "modules/community/image_repository.hpp"

namespace soom::community::image_repo {
namespace {

constexpr const char* kColumns =
    "id, owner_id, storage_key, format, width, height, byte_size, post_id, position, created_at";

ImageRow image_of(const db::Row& r) {
  ImageRow i;
  i.id = r.get_text(0);
  i.owner_id = r.get_text(1);
  i.storage_key = r.get_text(2);
  i.format = r.get_text(3);
  i.width = static_cast<int>(r.get_int(4));
  i.height = static_cast<int>(r.get_int(5));
  i.byte_size = r.get_int(6);
  i.post_id = r.opt_text(7);
  i.position = static_cast<int>(r.get_int(8));
  i.created_at = from_unix_ms(r.get_int(9));
  return i;
}

std::vector<ImageRow> images_of(const db::QueryResult& result) {
  std::vector<ImageRow> out;
  out.reserve(result.rows.size());
  for (const auto& r : result.rows) out.push_back(image_of(r));
  return out;
}

// "$<first>, $<first+1>, …" for an IN list, appending the values to `params`.
std::string placeholders(const std::vector<std::string>& values, db::Params& params) {
  std::string out;
  for (const auto& v : values) {
    params.emplace_back(v);
    if (!out.empty()) out += ", ";
    out += "$" + std::to_string(params.size());
  }
  return out;
}

}  // namespace

void insert_image(db::Transaction& tx, const ImageRow& i) {
  tx.query(
      "INSERT INTO community_images (id, owner_id, storage_key, format, width, height, byte_size, post_id, "
      "position, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, 0, $8)",
      {i.id, i.owner_id, i.storage_key, i.format, std::int64_t{i.width}, std::int64_t{i.height}, i.byte_size,
       to_unix_ms(i.created_at)});
}

std::optional<ImageRow> find_image(db::Transaction& tx, const std::string& image_id) {
  auto r = tx.query(std::string("SELECT ") + kColumns + " FROM community_images WHERE id = $1", {image_id});
  if (r.rows.empty()) return std::nullopt;
  return image_of(r.rows.front());
}

std::vector<ImageRow> find_images(db::Transaction& tx, const std::vector<std::string>& image_ids) {
  if (image_ids.empty()) return {};
  db::Params params;
  const auto in = placeholders(image_ids, params);
  return images_of(tx.query(std::string("SELECT ") + kColumns + " FROM community_images WHERE id IN (" + in + ")",
                            params));
}

std::int64_t count_unattached(db::Transaction& tx, const std::string& owner_id) {
  return tx.query("SELECT COUNT(*) FROM community_images WHERE owner_id = $1 AND post_id IS NULL", {owner_id})
      .rows.at(0)
      .get_int(0);
}

std::vector<ImageRow> images_of_posts(db::Transaction& tx, const std::vector<std::string>& post_ids) {
  if (post_ids.empty()) return {};
  db::Params params;
  const auto in = placeholders(post_ids, params);
  return images_of(tx.query(std::string("SELECT ") + kColumns + " FROM community_images WHERE post_id IN (" + in +
                                ") ORDER BY post_id, position, id",
                            params));
}

bool attach(db::Transaction& tx, const std::string& image_id, const std::string& post_id, int position) {
  return tx.query(
               "UPDATE community_images SET post_id = $2, position = $3 "
               "WHERE id = $1 AND (post_id IS NULL OR post_id = $2)",
               {image_id, post_id, std::int64_t{position}})
             .affected == 1;
}

bool detach(db::Transaction& tx, const std::string& image_id, const std::string& post_id) {
  return tx.query("UPDATE community_images SET post_id = NULL, position = 0 WHERE id = $1 AND post_id = $2",
                  {image_id, post_id})
             .affected == 1;
}

std::vector<ImageRow> images_of_owner(db::Transaction& tx, const std::string& owner_id) {
  return images_of(
      tx.query(std::string("SELECT ") + kColumns + " FROM community_images WHERE owner_id = $1 ORDER BY id",
               {owner_id}));
}

std::vector<ImageRow> unattached_before(db::Transaction& tx, Instant cutoff, int limit) {
  return images_of(tx.query(std::string("SELECT ") + kColumns +
                                " FROM community_images WHERE post_id IS NULL AND created_at < $1 "
                                "ORDER BY created_at, id LIMIT $2",
                            {to_unix_ms(cutoff), std::int64_t{limit}}));
}

bool key_in_use(db::Transaction& tx, const std::string& storage_key, const std::vector<std::string>& except_ids) {
  db::Params params{storage_key};
  std::string sql = "SELECT EXISTS (SELECT 1 FROM community_images WHERE storage_key = $1";
  if (!except_ids.empty()) sql += " AND id NOT IN (" + placeholders(except_ids, params) + ")";
  return tx.query(sql + ")", params).rows.at(0).get_bool(0);
}

std::int64_t delete_images(db::Transaction& tx, const std::vector<std::string>& image_ids, bool only_unattached) {
  if (image_ids.empty()) return 0;
  db::Params params;
  std::string sql = "DELETE FROM community_images WHERE id IN (" + placeholders(image_ids, params) + ")";
  if (only_unattached) sql += " AND post_id IS NULL";
  return tx.query(sql, params).affected;
}

}  // namespace soom::community::image_repo
