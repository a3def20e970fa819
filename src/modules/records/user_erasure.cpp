// identity.user_deleted → erase the user's records (detail tables cascade; the record_facts
// read model is deleted first, by its key, rather than row by row through the cascade), sync
// counter, settings and per-day peak-flow summary. Health data is not kept after an account is deleted.
#include "events/statement_consumer.hpp"
#include "modules/identity/identity.hpp"
#include "modules/records/records.hpp"

namespace soom::records {

std::shared_ptr<events::Consumer> make_user_erasure_consumer(std::shared_ptr<db::Database> db) {
  return events::make_statement_consumer("records.user_erasure", identity::kUserDeleted, std::move(db),
                                         {"DELETE FROM record_facts WHERE user_id = $1",
                                          "DELETE FROM records WHERE user_id = $1",
                                          "DELETE FROM records_user_seq WHERE user_id = $1",
                                          "DELETE FROM records_settings WHERE user_id = $1",
                                          "DELETE FROM records_pef_days WHERE user_id = $1"});
}

}  // namespace soom::records
