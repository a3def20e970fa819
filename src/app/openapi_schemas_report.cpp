// Component schemas of the report context's API (src/modules/report).
#include "app/openapi_schema_builders.hpp"

namespace soom::app {

void add_report_schemas(boost::json::object& /*schemas*/) {
  // The report context's schemas are added here as its routes land.
}

}  // namespace soom::app
