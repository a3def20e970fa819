#pragma once
// Image rules shared by the service and the outbox consumers: the public view of a row and
// the one way images are erased (files first, then rows — see erase_images).
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"
#include "modules/community/community.hpp"
#include "modules/community/image_repository.hpp"
#include "modules/community/image_store.hpp"

namespace soom::community {

PostImage image_view(const image_repo::ImageRow& row);
std::string content_type_of_format(const std::string& format);

// Removes the stored files of `rows` that no other row uses, then the rows (with
// `only_unattached`, rows attached meanwhile stay). Files go first: a crash in between
// leaves rows that a retry finds again, never a file that nothing points to. Idempotent.
Result<int> erase_images(db::Database& db, ImageStore& store, const std::vector<image_repo::ImageRow>& rows,
                         bool only_unattached);

}  // namespace soom::community
