#pragma once
// OpenAPI 3.1 document generated from the route tables, the component schemas
// below and the error catalog. Response examples are real responses captured by
// the integration tests (docs/api-examples.json, refreshed by `make api-examples`).
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "http/router.hpp"

namespace soom::app {

struct ApiSurface final {
  const http::Router* router = nullptr;
  std::string server_url;  // e.g. "/" or "http://127.0.0.1:8081"
  std::string listener;    // "api" | "admin"
};

// `examples`: {"<METHOD> <route> <status>": <json body>, …}; may be empty.
boost::json::object build_openapi(const std::vector<ApiSurface>& surfaces, const boost::json::object& examples);
const boost::json::object& component_schemas();
// Examples compiled into the binary from docs/api-examples.json.
boost::json::object embedded_examples();
// "GET /v1/me 200" – the key used for captured examples.
std::string example_key(std::string_view method, std::string_view route, int status);
// Human-readable HTML rendering of the document for /docs (no external assets).
std::string render_docs_html(const boost::json::object& openapi);

// True when a and b have the same shape: same object keys (recursively) and JSON kinds.
bool same_shape(const boost::json::value& a, const boost::json::value& b);

}  // namespace soom::app
