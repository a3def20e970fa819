#pragma once
// Small builders for OpenAPI component schemas, and one `add_<context>_schemas` per
// bounded context (each in its own openapi_schemas_<context>.cpp) so that contexts
// can grow their contract without editing each other's files.
#include <boost/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace soom::app::schema {

inline boost::json::object str(std::string_view description = {}) {
  boost::json::object o{{"type", "string"}};
  if (!description.empty()) o["description"] = description;
  return o;
}
inline boost::json::object nullable(std::string_view type) {
  return boost::json::object{{"type", boost::json::array{type, "null"}}};
}
inline boost::json::object integer(std::int64_t min, std::int64_t max) {
  return boost::json::object{{"type", "integer"}, {"minimum", min}, {"maximum", max}};
}
inline boost::json::object number() { return boost::json::object{{"type", "number"}}; }
inline boost::json::object boolean() { return boost::json::object{{"type", "boolean"}}; }
inline boost::json::object object(boost::json::object properties, std::initializer_list<std::string_view> required) {
  boost::json::array req;
  for (auto r : required) req.emplace_back(r);
  return boost::json::object{{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(req)}};
}
inline boost::json::object ref(std::string_view name) {
  return boost::json::object{{"$ref", "#/components/schemas/" + std::string(name)}};
}
inline boost::json::object array_of(std::string_view schema_name) {
  return boost::json::object{{"type", "array"}, {"items", ref(schema_name)}};
}
inline boost::json::object one_of(std::initializer_list<std::string_view> values) {
  boost::json::array a;
  for (auto v : values) a.emplace_back(v);
  return boost::json::object{{"type", "string"}, {"enum", std::move(a)}};
}

}  // namespace soom::app::schema

namespace soom::app {

// Defined in openapi_schemas_<context>.cpp.
void add_report_schemas(boost::json::object& schemas);
void add_community_schemas(boost::json::object& schemas);
void add_content_schemas(boost::json::object& schemas);
void add_search_schemas(boost::json::object& schemas);

}  // namespace soom::app
