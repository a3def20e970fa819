// Component schemas of the content context's API (src/modules/content).
#include "app/openapi_schema_builders.hpp"

namespace soom::app {

void add_content_schemas(boost::json::object& /*schemas*/) {
  // The content context's schemas are added here as its routes land.
}

}  // namespace soom::app
