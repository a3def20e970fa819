#pragma once
// Transport-neutral request/response. Only src/http/server.cpp knows Beast; handlers
// and everything above them see these plain structs.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace soom::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };
std::string_view to_string(Method m);
Method parse_method(std::string_view m);

// Case-insensitive header map (names stored lower-case).
// How the server treats a request before its handler runs; asked once the head is read.
struct RoutePolicy final {
  std::size_t body_limit = 0;  // bytes; 0 = ServerLimits::body_limit
  // The handler never blocks (no database, no file or network I/O, no authentication):
  // the server runs it on the I/O thread instead of handing it to the worker pool and back.
  bool runs_inline = false;
};

class Headers final {
 public:
  void set(std::string_view name, std::string value);
  void add(std::string_view name, std::string value);
  std::optional<std::string_view> get(std::string_view name) const;
  bool has(std::string_view name) const { return get(name).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& all() const { return items_; }

 private:
  // Every response carries ~10 fields (security headers, request id, …): one allocation
  // up front instead of growing (and moving every string) four times.
  static constexpr std::size_t kTypicalCount = 12;
  std::vector<std::pair<std::string, std::string>> items_;
};

// Who is calling, filled by the authentication middleware.
struct Principal final {
  std::string user_id;
  std::string session_id;
  std::string role;  // patient | moderator | content_editor | admin
};

struct Request final {
  Method method = Method::kGet;
  std::string method_text;
  std::string target;  // raw target as received
  std::string path;    // decoded path, no query
  std::multimap<std::string, std::string> query;  // decoded query parameters
  Headers headers;
  std::string body;
  std::string request_id;
  std::string remote_ip;
  std::map<std::string, std::string> path_params;  // filled by the router
  std::string route_template;                      // e.g. "/v1/records/{uuid}"
  std::optional<Principal> principal;              // set when authenticated

  std::optional<std::string> query_param(const std::string& name) const;
  const std::string& path_param(const std::string& name) const { return path_params.at(name); }
};

// A long-lived response body (Server-Sent Events). The server sends the head, then
// alternates between poll() on the handler pool and an asynchronous wait on its I/O
// thread, so an open stream holds no thread while idle. It writes a heartbeat comment
// when nothing was sent for a while and ends the stream on shutdown or write failure.
class StreamSource {
 public:
  virtual ~StreamSource() = default;
  // Bytes to send now ("" for none), or nullopt to end the stream. Must not block long.
  virtual std::optional<std::string> poll() = 0;
  // Called once before the first poll: `wake` (thread-safe) makes the server poll soon.
  virtual void set_waker(std::function<void()> wake) = 0;
  // Longest wait between polls when nobody wakes the stream.
  virtual std::chrono::milliseconds poll_interval() const { return std::chrono::seconds(1); }
};

struct Response final {
  int status = 200;
  Headers headers;
  std::string body;
  // When set, `body` is ignored and the connection streams until the source ends.
  std::shared_ptr<StreamSource> stream;

  static Response json(int status, std::string body);
  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  static Response no_content();
  // 200 text/event-stream driven by `source`.
  static Response event_stream(std::shared_ptr<StreamSource> source);
};

}  // namespace soom::http
