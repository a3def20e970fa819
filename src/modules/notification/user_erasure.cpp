// identity.user_deleted → erase the user's inbox, deliveries, channels and preferences.
#include "events/statement_consumer.hpp"
#include "modules/identity/identity.hpp"
#include "modules/notification/notification.hpp"

namespace soom::notification {

std::shared_ptr<events::Consumer> make_user_erasure_consumer(std::shared_ptr<db::Database> db) {
  return events::make_statement_consumer("notification.user_erasure", identity::kUserDeleted, std::move(db),
                                         {"DELETE FROM notification_deliveries WHERE user_id = $1",
                                          "DELETE FROM notifications WHERE user_id = $1",
                                          "DELETE FROM notification_user_seq WHERE user_id = $1",
                                          "DELETE FROM notification_preferences WHERE user_id = $1",
                                          "DELETE FROM notification_webhooks WHERE user_id = $1",
                                          "DELETE FROM notification_push_subscriptions WHERE user_id = $1"});
}

}  // namespace soom::notification
