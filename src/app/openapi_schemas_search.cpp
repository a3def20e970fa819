// Component schemas of the search context's API (src/modules/search).
#include "app/openapi_schema_builders.hpp"

namespace soom::app {

void add_search_schemas(boost::json::object& /*schemas*/) {
  // The search context's schemas are added here as its routes land.
}

}  // namespace soom::app
