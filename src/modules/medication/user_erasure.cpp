// identity.user_deleted → erase the user's medications, dose slots and care-partner
// links (as patient and as partner).
#include "modules/medication/user_erasure.hpp"

#include "events/statement_consumer.hpp"
#include "modules/identity/identity.hpp"

namespace soom::medication {

std::shared_ptr<events::Consumer> make_user_erasure_consumer(std::shared_ptr<db::Database> db) {
  return events::make_statement_consumer("medication.user_erasure", identity::kUserDeleted, std::move(db),
                                         {"DELETE FROM dose_slots WHERE user_id = $1",
                                          "DELETE FROM medications WHERE user_id = $1",
                                          "DELETE FROM care_partners WHERE patient_id = $1 OR partner_id = $1"});
}

}  // namespace soom::medication
