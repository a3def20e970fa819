// identity.user_deleted → erase the user's inbox, deliveries, channels and preferences.
#include "db/db.hpp"
#include "events/dispatcher.hpp"
#include "modules/identity/identity.hpp"
#include "modules/notification/notification.hpp"

namespace soom::notification {
namespace {

class UserErasure final : public events::Consumer {
 public:
  explicit UserErasure(std::shared_ptr<db::Database> db) : db_(std::move(db)) {}
  std::string name() const override { return "notification.user_erasure"; }
  std::string type_prefix() const override { return identity::kUserDeleted; }
  Status handle(const events::Event& event) override {
    const auto& user = event.aggregate_id;
    auto tx = db_->begin();
    tx.query("DELETE FROM notification_deliveries WHERE user_id = $1", {user});
    tx.query("DELETE FROM notifications WHERE user_id = $1", {user});
    tx.query("DELETE FROM notification_user_seq WHERE user_id = $1", {user});
    tx.query("DELETE FROM notification_preferences WHERE user_id = $1", {user});
    tx.query("DELETE FROM notification_webhooks WHERE user_id = $1", {user});
    tx.query("DELETE FROM notification_push_subscriptions WHERE user_id = $1", {user});
    tx.commit();
    return {};
  }

 private:
  std::shared_ptr<db::Database> db_;
};

}  // namespace

std::shared_ptr<events::Consumer> make_user_erasure_consumer(std::shared_ptr<db::Database> db) {
  return std::make_shared<UserErasure>(std::move(db));
}

}  // namespace soom::notification
