#pragma once
// JSON renderings of the community structs. Nothing here ever writes an author id or
// e-mail into a public response; only staff_post_json adds the author id (back office).
#include <boost/json.hpp>

#include "modules/community/community.hpp"

namespace soom::community::handlers {

// Where an image is served (GET /v1/community/images/{id}).
std::string image_url(const std::string& image_id);
boost::json::object image_json(const PostImage& image);
boost::json::object post_json(const Post& post);
boost::json::object comment_json(const Comment& comment, bool with_replies);
boost::json::array warnings_json(const std::vector<Warning>& warnings);
boost::json::object feed_json(const FeedPage& page);
boost::json::object block_json(const Block& block);
boost::json::object queue_item_json(const QueueItem& item);
boost::json::object audit_entry_json(const AuditEntry& entry);
boost::json::object staff_post_json(const StaffPost& post);

}  // namespace soom::community::handlers
