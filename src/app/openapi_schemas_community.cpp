// Component schemas of the community context's API (src/modules/community).
#include "app/openapi_schema_builders.hpp"

namespace soom::app {

void add_community_schemas(boost::json::object& /*schemas*/) {
  // The community context's schemas are added here as its routes land.
}

}  // namespace soom::app
