#pragma once
// The asthma action plan: validation (pure) and storage of the texts this context owns.
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "db/db.hpp"
#include "modules/report/report.hpp"

namespace soom::report {

// Every problem at once (field names as in the JSON body). Thresholds follow the records
// context's rules (1 ≤ yellow < green ≤ 100; personal best 50–900 L/min) so that a plan it
// would refuse is refused here before anything is written.
std::vector<FieldError> validate_action_plan(const ActionPlan& plan);

// Unicode code points of UTF-8 text.
std::size_t code_points(const std::string& text);

namespace repo {

// The texts of the stored plan (thresholds are not stored here), if any.
std::optional<ActionPlan> load_plan(db::Transaction& tx, const std::string& user_id);
void save_plan(db::Transaction& tx, const std::string& user_id, const ActionPlan& plan, Instant now);

}  // namespace repo
}  // namespace soom::report
