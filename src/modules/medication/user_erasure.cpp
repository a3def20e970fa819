// identity.user_deleted → erase the user's medications, dose slots and care-partner
// links (as patient and as partner).
#include "modules/medication/user_erasure.hpp"

#include "db/db.hpp"
#include "modules/identity/identity.hpp"

namespace soom::medication {
namespace {

class UserErasure final : public events::Consumer {
 public:
  explicit UserErasure(std::shared_ptr<db::Database> db) : db_(std::move(db)) {}
  std::string name() const override { return "medication.user_erasure"; }
  std::string type_prefix() const override { return identity::kUserDeleted; }
  Status handle(const events::Event& event) override {
    const auto& user = event.aggregate_id;
    auto tx = db_->begin();
    tx.query("DELETE FROM dose_slots WHERE user_id = $1", {user});
    tx.query("DELETE FROM medications WHERE user_id = $1", {user});
    tx.query("DELETE FROM care_partners WHERE patient_id = $1 OR partner_id = $1", {user});
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

}  // namespace soom::medication
