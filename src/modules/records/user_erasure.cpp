// identity.user_deleted → erase the user's records (detail tables cascade), sync
// counter and settings. Health data is not kept after an account is deleted.
#include "db/db.hpp"
#include "events/dispatcher.hpp"
#include "modules/identity/identity.hpp"
#include "modules/records/records.hpp"

namespace soom::records {
namespace {

class UserErasure final : public events::Consumer {
 public:
  explicit UserErasure(std::shared_ptr<db::Database> db) : db_(std::move(db)) {}
  std::string name() const override { return "records.user_erasure"; }
  std::string type_prefix() const override { return identity::kUserDeleted; }
  Status handle(const events::Event& event) override {
    auto tx = db_->begin();
    tx.query("DELETE FROM records WHERE user_id = $1", {event.aggregate_id});
    tx.query("DELETE FROM records_user_seq WHERE user_id = $1", {event.aggregate_id});
    tx.query("DELETE FROM records_settings WHERE user_id = $1", {event.aggregate_id});
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

}  // namespace soom::records
