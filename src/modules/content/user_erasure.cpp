// identity.user_deleted → erase the user's bookmarks and view-dedupe rows. View counts stay:
// they are anonymous totals, not personal data.
#include "events/statement_consumer.hpp"
#include "modules/content/content.hpp"
#include "modules/identity/identity.hpp"

namespace soom::content {

std::shared_ptr<events::Consumer> make_user_erasure_consumer(std::shared_ptr<db::Database> db) {
  return events::make_statement_consumer("content.user_erasure", identity::kUserDeleted, std::move(db),
                                         {"DELETE FROM content_bookmarks WHERE user_id = $1",
                                          "DELETE FROM content_views WHERE user_id = $1"});
}

}  // namespace soom::content
