#pragma once
// Route table: method + path template with typed parameters, e.g.
//   "/v1/records/{id:uuid}", "/v1/calendar/day/{day:date}", "/v1/things/{n:int}", "/x/{name}".
// The same table feeds dispatch and the OpenAPI document.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/string_hash.hpp"
#include "http/message.hpp"

namespace soom::http {

using Handler = std::function<Response(Request&)>;

enum class Auth { kNone, kOptional, kRequired };

// Documentation attached to a route; the OpenAPI generator reads it.
struct RouteDoc final {
  std::string summary;
  std::string tag;
  std::string request_schema;            // name of a component schema, empty for none
  std::vector<std::pair<int, std::string>> responses;  // status → schema name ("" for none)
  std::vector<std::string> query_params;  // documented query parameter names
};

struct Route final {
  Method method = Method::kGet;
  std::string pattern;
  Auth auth = Auth::kNone;
  std::vector<std::string> roles;  // allowed roles when non-empty
  Handler handler;
  RouteDoc doc;
  std::size_t body_limit = 0;  // bytes; 0 = the server's default (ServerLimits::body_limit)
  // Only for handlers that never block and need no authentication (health, static documents):
  // they run on the I/O thread, saving two thread hand-offs per request. See RoutePolicy.
  bool runs_inline = false;
  // The handler (and its authentication) only does a few indexed reads. When the router is
  // told that reads are in-process (embedded SQLite, in-process cache), it runs inline too:
  // a ~10 µs read costs less than the two thread hand-offs. Otherwise it goes to the pool.
  bool short_read = false;
};

struct Match final {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
};

struct RouteLookup final {
  std::optional<Match> match;          // set when method and path matched
  std::vector<Method> allowed;         // methods for this path (for 405 / OPTIONS)
  bool path_exists() const { return !allowed.empty(); }
};

class Router final {
 public:
  // inline_short_reads: run `short_read` routes on the I/O thread (see Route::short_read).
  explicit Router(bool inline_short_reads = false) : inline_short_reads_(inline_short_reads) {}
  // Throws std::invalid_argument for a malformed pattern or duplicate route (a bug).
  void add(Route route);
  RouteLookup find(Method method, std::string_view path) const;
  // What the server needs before the handler runs: the route's body limit and whether it
  // runs inline. Defaults when nothing matches (the pipeline then answers 404/405).
  RoutePolicy policy(Method method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  bool inline_short_reads_;
  enum class ParamType { kAny, kUuid, kInt, kDate, kMonth };
  struct Segment {
    std::string literal;  // when not a parameter
    std::string param;    // parameter name
    std::string type;     // "", "uuid", "int", "date", "month"
    ParamType kind = ParamType::kAny;
  };
  using Parts = std::span<const std::string_view>;
  // Routes whose patterns differ only in parameter names share a path ("shape"): one entry
  // per shape, with the route for each method, so a lookup matches each shape once.
  struct Shape {
    std::string text;  // pattern with parameter names erased
    std::vector<Segment> segments;
    std::vector<int> ranks;  // per segment: 0 literal, 1 typed parameter, 2 untyped
    struct Entry {
      Method method;
      std::size_t route;              // index into routes_
      std::vector<Segment> segments;  // this route's own parameter names
    };
    std::vector<Entry> routes;
  };
  static std::vector<Segment> compile(const std::string& pattern);
  static ParamType param_type(std::string_view type);
  // Shapes of one segment count. Most paths are /v1/<resource>/…, so shapes whose second
  // segment is a literal are filed under it: a path is compared only with the shapes that
  // share its second segment, plus the few others.
  struct Bucket {
    std::unordered_map<std::string, std::vector<std::size_t>, StringHash, std::equal_to<>> by_second;
    std::vector<std::size_t> others;
  };
  const Shape* best_shape(Parts parts) const;
  static const Shape::Entry* entry_for(const Shape& shape, Method method);
  static bool matches(const std::vector<Segment>& segs, Parts parts);
  static std::map<std::string, std::string> params_of(const std::vector<Segment>& segs, Parts parts);
  std::vector<Route> routes_;
  std::vector<Shape> shapes_;
  std::vector<Bucket> buckets_;  // by segment count: a path is only compared with shapes of its length
};

}  // namespace soom::http
