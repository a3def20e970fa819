#pragma once
// JSON for the report context's responses and the action plan request body.
#include <boost/json.hpp>

#include "http/json.hpp"
#include "modules/report/report.hpp"

namespace soom::report::handlers {

boost::json::object report_json(const Report& report);
// Reads a PUT /v1/action-plan body (PUT replaces: omitted fields take their defaults).
ActionPlan read_action_plan(http::FieldReader& in);

}  // namespace soom::report::handlers
