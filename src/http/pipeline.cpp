#include "http/pipeline.hpp"

#include <algorithm>
#include <spdlog/spdlog.h>

#include "core/random.hpp"
#include "http/problem.hpp"

namespace soom::http {
namespace {

constexpr std::size_t kMaxRequestIdLength = 128;
constexpr std::string_view kCorsAllowHeaders = "Authorization, Content-Type, If-Match, Idempotency-Key, X-Request-Id";
constexpr std::string_view kCorsExposeHeaders = "ETag, Location, Retry-After, X-Request-Id";
constexpr std::string_view kCorsMaxAgeSeconds = "600";

bool is_acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
  });
}

std::string join_methods(const std::vector<Method>& methods) {
  std::string out;
  for (Method m : methods) {
    if (!out.empty()) out += ", ";
    out += to_string(m);
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// "Bearer <token>" (scheme is case-insensitive, RFC 9110 §11.1); empty when absent or malformed.
std::string_view bearer_token(const Request& request) {
  const auto header = request.headers.get("authorization");
  if (!header) return {};
  std::string_view value = *header;
  constexpr std::string_view kScheme = "Bearer ";
  if (value.size() <= kScheme.size() || !iequals(value.substr(0, kScheme.size()), kScheme)) return {};
  value.remove_prefix(kScheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  return value;
}

Response internal_error(const Request& request) { return problem_response(Error::internal({}), request); }

}  // namespace

Pipeline::Pipeline(PipelineOptions options, std::shared_ptr<const Router> router,
                   std::shared_ptr<TokenVerifier> verifier, std::vector<std::shared_ptr<RequestObserver>> observers)
    : options_(std::move(options)),
      router_(std::move(router)),
      verifier_(std::move(verifier)),
      observers_(std::move(observers)) {}

Response Pipeline::handle(Request& request) const {
  const auto started = std::chrono::steady_clock::now();
  Response response;
  try {
    const auto incoming = request.headers.get("x-request-id");
    request.request_id = incoming && is_acceptable_request_id(*incoming) ? std::string(*incoming) : new_uuid_v7();
    response = dispatch(request);
    if (request.method == Method::kHead) {
      // HEAD reports the GET representation's length but sends no body.
      response.headers.set("content-length", std::to_string(response.body.size()));
      response.body.clear();
    }
    apply_common_headers(request, response);
  } catch (const std::exception& e) {
    spdlog::error("request_id={} pipeline failure: {}", request.request_id, e.what());
    response = Response::text(500, R"({"status":500,"code":"INTERNAL_ERROR"})", "application/problem+json");
  }

  RequestRecord record;
  record.listener = options_.listener_name;
  record.request_id = request.request_id;
  record.method = std::string(to_string(request.method));  // bounded set: keeps metrics cardinality low
  record.route = request.route_template.empty() ? "unmatched" : request.route_template;
  record.status = response.status;
  record.latency = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
  if (request.principal) record.user_id = request.principal->user_id;
  record.remote_ip = request.remote_ip;
  for (const auto& observer : observers_) {
    try {
      observer->on_request(record);
    } catch (const std::exception& e) {
      spdlog::warn("request_id={} request observer failed: {}", request.request_id, e.what());
    }
  }
  return response;
}

Response Pipeline::dispatch(Request& request) const {
  RouteLookup lookup = router_->find(request.method, request.path);
  if (!lookup.path_exists()) return problem_response(Error::make(ErrorCode::kRouteNotFound), request);

  if (request.method == Method::kOptions && !lookup.match) {
    Response response = Response::no_content();
    const std::string allow = join_methods(lookup.allowed);
    response.headers.set("allow", allow);
    const auto origin = request.headers.get("origin");
    const bool preflight = origin && request.headers.has("access-control-request-method");
    if (preflight && !options_.cors_origins.empty()) {
      // The Allow-Origin itself is added by apply_common_headers, only for configured origins.
      response.headers.set("access-control-allow-methods", allow);
      response.headers.set("access-control-allow-headers", std::string(kCorsAllowHeaders));
      response.headers.set("access-control-max-age", std::string(kCorsMaxAgeSeconds));
    }
    return response;
  }
  if (!lookup.match) {
    Response response = problem_response(Error::make(ErrorCode::kMethodNotAllowed), request);
    response.headers.set("allow", join_methods(lookup.allowed));
    return response;
  }

  const Route& route = *lookup.match->route;
  request.path_params = std::move(lookup.match->params);
  request.route_template = route.pattern;

  if (route.auth != Auth::kNone) {
    const std::string_view token = bearer_token(request);
    const bool has_authorization = request.headers.has("authorization");
    if (route.auth == Auth::kRequired && token.empty()) {
      return problem_response(Error::make(ErrorCode::kAuthRequired), request);
    }
    // An optional-auth route still rejects a token that is present but bad:
    // silently treating the caller as anonymous would hide client bugs.
    if (!token.empty() || has_authorization) {
      if (token.empty()) return problem_response(Error::make(ErrorCode::kAuthTokenInvalid), request);
      if (!verifier_) throw std::logic_error("route " + route.pattern + " needs auth but no TokenVerifier is set");
      auto principal = verifier_->verify(token);
      if (!principal) return problem_response(principal.error(), request);
      request.principal = std::move(principal).value();
    }
  }
  if (!route.roles.empty()) {
    if (!request.principal) return problem_response(Error::make(ErrorCode::kAuthRequired), request);
    if (std::find(route.roles.begin(), route.roles.end(), request.principal->role) == route.roles.end()) {
      return problem_response(Error::make(ErrorCode::kForbidden), request);
    }
  }

  try {
    return route.handler(request);
  } catch (const std::exception& e) {
    spdlog::error("request_id={} route=\"{} {}\" handler threw: {}", request.request_id, to_string(route.method),
                  route.pattern, e.what());
  } catch (...) {
    spdlog::error("request_id={} route=\"{} {}\" handler threw a non-standard exception", request.request_id,
                  to_string(route.method), route.pattern);
  }
  return internal_error(request);
}

void Pipeline::apply_common_headers(const Request& request, Response& response) const {
  Headers& h = response.headers;
  h.set("x-request-id", request.request_id);
  h.set("x-content-type-options", "nosniff");
  h.set("referrer-policy", "no-referrer");
  h.set("x-frame-options", "DENY");
  if (!h.has("cache-control")) h.set("cache-control", "no-store");
  if (!h.has("content-security-policy")) h.set("content-security-policy", "default-src 'none'; frame-ancestors 'none'");

  if (options_.cors_origins.empty()) return;
  // The answer depends on Origin whenever CORS is on, so caches must key on it.
  h.add("vary", "Origin");
  const auto origin = request.headers.get("origin");
  if (!origin) return;
  const auto& allowed = options_.cors_origins;
  const bool any = std::find(allowed.begin(), allowed.end(), "*") != allowed.end();
  if (!any && std::find(allowed.begin(), allowed.end(), *origin) == allowed.end()) return;
  h.set("access-control-allow-origin", std::string(*origin));
  h.set("access-control-expose-headers", std::string(kCorsExposeHeaders));
}

}  // namespace soom::http
