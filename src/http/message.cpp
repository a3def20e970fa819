#include "http/message.hpp"

#include <algorithm>

namespace soom::http {
namespace {

// Header names are ASCII tokens (RFC 9110 §5.1): no locale-dependent std::tolower.
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
  return out;
}

// `stored` is already lower-case; compares without building a lower-cased copy of `name`.
bool is_name(std::string_view stored, std::string_view name) {
  return stored.size() == name.size() &&
         std::equal(stored.begin(), stored.end(), name.begin(), [](char s, char n) { return s == ascii_lower(n); });
}

}  // namespace

std::string_view to_string(Method m) {
  switch (m) {
    case Method::kGet: return "GET";
    case Method::kHead: return "HEAD";
    case Method::kPost: return "POST";
    case Method::kPut: return "PUT";
    case Method::kPatch: return "PATCH";
    case Method::kDelete: return "DELETE";
    case Method::kOptions: return "OPTIONS";
    case Method::kOther: return "OTHER";
  }
  return "OTHER";
}

// Method names are case-sensitive (RFC 9110 §9.1): "get" is not GET.
Method parse_method(std::string_view m) {
  if (m == "GET") return Method::kGet;
  if (m == "HEAD") return Method::kHead;
  if (m == "POST") return Method::kPost;
  if (m == "PUT") return Method::kPut;
  if (m == "PATCH") return Method::kPatch;
  if (m == "DELETE") return Method::kDelete;
  if (m == "OPTIONS") return Method::kOptions;
  return Method::kOther;
}

void Headers::set(std::string_view name, std::string value) {
  std::string key = lower(name);
  auto first = std::find_if(items_.begin(), items_.end(), [&](const auto& item) { return item.first == key; });
  if (first == items_.end()) {
    if (items_.empty()) items_.reserve(kTypicalCount);
    items_.emplace_back(std::move(key), std::move(value));
    return;
  }
  first->second = std::move(value);
  // Drop any further values so that `set` really means "exactly this one".
  items_.erase(std::remove_if(std::next(first), items_.end(), [&](const auto& item) { return item.first == key; }),
               items_.end());
}

void Headers::add(std::string_view name, std::string value) {
  if (items_.empty()) items_.reserve(kTypicalCount);
  items_.emplace_back(lower(name), std::move(value));
}

std::optional<std::string_view> Headers::get(std::string_view name) const {
  for (const auto& [k, v] : items_) {
    if (is_name(k, name)) return std::string_view(v);
  }
  return std::nullopt;
}

std::optional<std::string> Request::query_param(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

Response Response::json(int status, std::string body) {
  return text(status, std::move(body), "application/json");
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.set("content-type", std::move(content_type));
  return r;
}

Response Response::event_stream(std::shared_ptr<StreamSource> source) {
  Response r;
  r.status = 200;
  r.headers.set("content-type", "text/event-stream; charset=utf-8");
  r.headers.set("cache-control", "no-cache");
  r.headers.set("x-accel-buffering", "no");  // reverse proxies must not buffer the stream
  r.stream = std::move(source);
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  return r;
}

}  // namespace soom::http
