#include "app/openapi.hpp"

#include <set>

#include "core/error.hpp"

namespace soom::embedded {
std::vector<std::pair<std::string, std::string>> api_examples();
}

namespace soom::app {
namespace {

// "/v1/records/{id:uuid}" → "/v1/records/{id}" plus the typed parameters.
std::string openapi_path(const std::string& pattern, boost::json::array& parameters) {
  std::string out;
  std::size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] != '{') {
      out.push_back(pattern[i++]);
      continue;
    }
    const auto close = pattern.find('}', i);
    const auto inner = pattern.substr(i + 1, close - i - 1);
    const auto colon = inner.find(':');
    const auto name = inner.substr(0, colon);
    const auto type = colon == std::string::npos ? std::string() : inner.substr(colon + 1);
    boost::json::object schema{{"type", type == "int" ? "integer" : "string"}};
    if (type == "uuid") schema["format"] = "uuid";
    if (type == "date") schema["format"] = "date";
    if (type == "month") schema["pattern"] = "^[0-9]{4}-[0-9]{2}$";
    parameters.push_back(boost::json::object{{"name", name}, {"in", "path"}, {"required", true}, {"schema", schema}});
    out += "{" + name + "}";
    i = close + 1;
  }
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string example_key(std::string_view method, std::string_view route, int status) {
  return std::string(method) + " " + std::string(route) + " " + std::to_string(status);
}

boost::json::object embedded_examples() {
  for (const auto& [name, content] : embedded::api_examples()) {
    if (name != "api-examples.json") continue;
    boost::system::error_code ec;
    auto v = boost::json::parse(content, ec);
    if (!ec && v.is_object()) return v.as_object();
  }
  return {};
}

boost::json::object build_openapi(const std::vector<ApiSurface>& surfaces, const boost::json::object& examples) {
  boost::json::object paths;
  boost::json::array servers;
  for (const auto& surface : surfaces) {
    for (const auto& route : surface.router->routes()) {
      boost::json::array parameters;
      const auto path = openapi_path(route.pattern, parameters);
      for (const auto& q : route.doc.query_params) {
        parameters.push_back(boost::json::object{{"name", q}, {"in", "query"}, {"schema", {{"type", "string"}}}});
      }
      boost::json::object op;
      op["summary"] = route.doc.summary;
      op["operationId"] = lower(http::to_string(route.method)) + path;
      op["tags"] = boost::json::array{route.doc.tag.empty() ? "system" : route.doc.tag};
      if (surface.listener != "api") op["x-listener"] = surface.listener;
      if (!parameters.empty()) op["parameters"] = parameters;
      if (route.auth == http::Auth::kRequired) op["security"] = boost::json::array{{{"bearer", boost::json::array{}}}};
      if (!route.roles.empty()) {
        boost::json::array roles;
        for (const auto& r : route.roles) roles.emplace_back(r);
        op["x-roles"] = roles;
      }
      if (!route.doc.request_schema.empty()) {
        op["requestBody"] = {
            {"required", true},
            {"content",
             {{"application/json",
               {{"schema", {{"$ref", "#/components/schemas/" + route.doc.request_schema}}}}}}}};
      }
      boost::json::object responses;
      for (const auto& [status, schema] : route.doc.responses) {
        boost::json::object response{{"description", status < 300 ? "성공" : "문제 (application/problem+json)"}};
        if (!schema.empty()) {
          const char* media = schema == "Problem" ? "application/problem+json" : "application/json";
          boost::json::object content{{"schema", {{"$ref", "#/components/schemas/" + schema}}}};
          const auto key = example_key(http::to_string(route.method), route.pattern, status);
          if (auto it = examples.find(key); it != examples.end()) content["example"] = it->value();
          response["content"] = {{media, content}};
        }
        responses[std::to_string(status)] = response;
      }
      op["responses"] = responses;
      auto& item = paths[path];
      if (!item.is_object()) item = boost::json::object{};
      item.as_object()[lower(http::to_string(route.method))] = op;
    }
    servers.push_back({{"url", surface.server_url}, {"description", surface.listener}});
  }
  boost::json::array codes;
  for (const auto& info : error_catalog()) {
    codes.push_back({{"code", info.machine_code}, {"title", info.title}});
  }
  boost::json::object doc;
  doc["openapi"] = "3.1.0";
  doc["info"] = {{"title", "SoomCare API (숨케어)"},
                 {"version", PROJECT_VERSION_STRING},
                 {"description",
                  "천식 자가관리 앱 숨케어의 REST API. 오류는 RFC 9457 application/problem+json이며 "
                  "`code` 필드가 안정적인 기계 식별자입니다."}};
  doc["servers"] = servers;
  doc["paths"] = paths;
  doc["components"] = {{"schemas", component_schemas()},
                       {"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}}}}}};
  doc["x-error-codes"] = codes;
  return doc;
}

bool same_shape(const boost::json::value& a, const boost::json::value& b) {
  if (a.kind() != b.kind()) {
    // int64/uint64/double are one JSON kind: number.
    return a.is_number() && b.is_number();
  }
  if (a.is_object()) {
    const auto& x = a.as_object();
    const auto& y = b.as_object();
    if (x.size() != y.size()) return false;
    for (const auto& [k, v] : x) {
      auto it = y.find(k);
      if (it == y.end()) return false;
      // null vs value in optional fields is still the same contract.
      if (v.is_null() || it->value().is_null()) continue;
      if (!same_shape(v, it->value())) return false;
    }
    return true;
  }
  if (a.is_array()) {
    const auto& x = a.as_array();
    const auto& y = b.as_array();
    if (x.empty() || y.empty()) return true;
    return same_shape(x.front(), y.front());
  }
  return true;
}

std::string render_docs_html(const boost::json::object& doc) {
  std::string html =
      "<!doctype html><html lang=\"ko\"><head><meta charset=\"utf-8\"><title>SoomCare API 문서</title>"
      "<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}"
      "code,pre{background:#f4f4f4;padding:2px 4px}pre{padding:8px;overflow:auto}"
      "h3{margin-bottom:.2em}.m{font-weight:bold;display:inline-block;width:5em}"
      "table{border-collapse:collapse}td{border:1px solid #ddd;padding:4px 8px}</style></head><body>";
  html += "<h1>SoomCare API (숨케어)</h1><p>" + html_escape(doc.at("info").at("description").as_string()) +
          "</p><p>기계가 읽는 문서: <a href=\"/v1/openapi.json\">/v1/openapi.json</a> (OpenAPI 3.1)</p>";
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      html += "<h3><span class=\"m\">" + html_escape(std::string(method)) + "</span><code>" +
              html_escape(std::string(path)) + "</code></h3><p>" +
              html_escape(op.at("summary").as_string()) + "</p>";
      if (const auto* rb = op.as_object().if_contains("requestBody")) {
        const auto& ref = rb->at("content").at("application/json").at("schema").at("$ref").as_string();
        html += "<p>요청 본문: <code>" + html_escape(std::string(ref).substr(ref.rfind('/') + 1)) + "</code></p>";
      }
      for (const auto& [status, response] : op.at("responses").as_object()) {
        html += "<div>" + html_escape(std::string(status)) + "</div>";
        if (const auto* content = response.as_object().if_contains("content")) {
          for (const auto& [media, body] : content->as_object()) {
            if (const auto* ex = body.as_object().if_contains("example")) {
              html += "<pre>" + html_escape(boost::json::serialize(*ex)) + "</pre>";
            }
          }
        }
      }
    }
  }
  html += "<h2>오류 코드</h2><table>";
  for (const auto& c : doc.at("x-error-codes").as_array()) {
    html += "<tr><td><code>" + html_escape(c.at("code").as_string()) + "</code></td><td>" +
            html_escape(c.at("title").as_string()) + "</td></tr>";
  }
  html += "</table></body></html>";
  return html;
}

}  // namespace soom::app
