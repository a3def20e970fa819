#include "http/router.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <set>
#include <stdexcept>

#include "core/random.hpp"

namespace soom::http {
namespace {

constexpr std::size_t kMaxIntDigits = 18;  // fits in int64 without overflow checks

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

// YYYY-MM: the caller checks the rest of a date.
bool is_month(std::string_view s) {
  if (s.size() != 7 || s[4] != '-' || !is_digits(s.substr(0, 4)) || !is_digits(s.substr(5, 2))) return false;
  const int month = to_int(s.substr(5, 2));
  return month >= 1 && month <= 12;
}

bool is_date(std::string_view s) {
  if (s.size() != 10 || s[7] != '-' || !is_month(s.substr(0, 7)) || !is_digits(s.substr(8, 2))) return false;
  const std::chrono::year_month_day ymd{std::chrono::year{to_int(s.substr(0, 4))},
                                        std::chrono::month{static_cast<unsigned>(to_int(s.substr(5, 2)))},
                                        std::chrono::day{static_cast<unsigned>(to_int(s.substr(8, 2)))}};
  return ymd.ok();
}

bool is_identifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

bool is_known_type(std::string_view t) {
  return t.empty() || t == "uuid" || t == "int" || t == "date" || t == "month";
}

// Characters allowed in a literal segment: RFC 3986 pchar minus percent-escapes,
// which keeps "records:batch" (a custom method) legal and rejects stray braces.
bool is_literal_char(char c) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  return std::string_view("-._~!$&'()*+,;=:@").find(c) != std::string_view::npos;
}

// Path segments, on the stack for any path a route can match; longer paths spill to the heap.
class PathParts final {
 public:
  explicit PathParts(std::string_view path) {
    if (path.empty() || path.front() != '/') return;
    path.remove_prefix(1);
    if (path.empty()) return;  // "/" has no segments
    while (true) {
      const auto slash = path.find('/');
      push(path.substr(0, slash));
      if (slash == std::string_view::npos) break;
      path.remove_prefix(slash + 1);
    }
  }
  std::span<const std::string_view> view() const {
    return spilled_.empty() ? std::span<const std::string_view>(inline_.data(), size_)
                            : std::span<const std::string_view>(spilled_);
  }

 private:
  static constexpr std::size_t kInline = 12;
  void push(std::string_view part) {
    if (size_ < kInline && spilled_.empty()) {
      inline_[size_++] = part;
      return;
    }
    if (spilled_.empty()) spilled_.assign(inline_.begin(), inline_.begin() + static_cast<std::ptrdiff_t>(size_));
    spilled_.push_back(part);
  }
  std::array<std::string_view, kInline> inline_{};
  std::size_t size_ = 0;
  std::vector<std::string_view> spilled_;
};

// Lower ranks are more specific; a path resolves to the matching shape whose
// per-segment ranks compare smallest, so literals beat typed beats untyped params.
int rank(const std::string& literal, const std::string& type) {
  if (!literal.empty()) return 0;
  return type.empty() ? 2 : 1;
}

}  // namespace

Router::ParamType Router::param_type(std::string_view type) {
  if (type == "uuid") return ParamType::kUuid;
  if (type == "int") return ParamType::kInt;
  if (type == "date") return ParamType::kDate;
  if (type == "month") return ParamType::kMonth;
  return ParamType::kAny;
}

std::vector<Router::Segment> Router::compile(const std::string& pattern) {
  auto fail = [&](const std::string& why) { throw std::invalid_argument("route pattern '" + pattern + "': " + why); };
  if (pattern.empty() || pattern.front() != '/') fail("must start with '/'");
  std::vector<Segment> segments;
  std::set<std::string> names;
  const PathParts parts(pattern);
  for (std::string_view part : parts.view()) {
    if (part.empty()) fail("empty segment");
    Segment seg;
    if (part.front() == '{') {
      if (part.back() != '}') fail("parameter must fill the whole segment");
      std::string_view inner = part.substr(1, part.size() - 2);
      const auto colon = inner.find(':');
      const std::string_view name = inner.substr(0, colon);
      const std::string_view type = colon == std::string_view::npos ? std::string_view{} : inner.substr(colon + 1);
      if (!is_identifier(name)) fail("bad parameter name");
      if (colon != std::string_view::npos && type.empty()) fail("empty parameter type");
      if (!is_known_type(type)) fail("unknown parameter type '" + std::string(type) + "'");
      if (!names.emplace(name).second) fail("duplicate parameter name");
      seg.param = std::string(name);
      seg.type = std::string(type);
      seg.kind = param_type(type);
    } else {
      if (!std::all_of(part.begin(), part.end(), is_literal_char)) fail("bad character in literal segment");
      seg.literal = std::string(part);
    }
    segments.push_back(std::move(seg));
  }
  return segments;
}

bool Router::matches(const std::vector<Segment>& segs, Parts parts) {
  if (segs.size() != parts.size()) return false;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const Segment& seg = segs[i];
    const std::string_view part = parts[i];
    if (!seg.literal.empty()) {
      if (part != seg.literal) return false;
      continue;
    }
    if (part.empty()) return false;
    switch (seg.kind) {
      case ParamType::kAny:
        break;
      case ParamType::kUuid:
        if (!is_uuid(part)) return false;
        break;
      case ParamType::kInt:
        if (!is_digits(part) || part.size() > kMaxIntDigits) return false;
        break;
      case ParamType::kDate:
        if (!is_date(part)) return false;
        break;
      case ParamType::kMonth:
        if (!is_month(part)) return false;
        break;
    }
  }
  return true;
}

std::map<std::string, std::string> Router::params_of(const std::vector<Segment>& segs, Parts parts) {
  std::map<std::string, std::string> params;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const Segment& seg = segs[i];
    if (!seg.literal.empty()) continue;
    params.emplace(seg.param, seg.kind == ParamType::kUuid ? normalize_uuid(parts[i]) : std::string(parts[i]));
  }
  return params;
}

void Router::add(Route route) {
  if (route.method == Method::kOther) throw std::invalid_argument("route method must be a known method");
  if (!route.handler) throw std::invalid_argument("route " + route.pattern + " has no handler");
  if (route.runs_inline && route.auth != Auth::kNone) {
    // Authentication may read the database: that must not happen on an I/O thread.
    throw std::invalid_argument("route " + route.pattern + " runs inline but needs authentication");
  }
  auto segments = compile(route.pattern);
  std::string text;
  for (const auto& seg : segments) {
    text += '/';
    text += seg.literal.empty() ? "{:" + seg.type + "}" : seg.literal;
  }
  auto shape = std::find_if(shapes_.begin(), shapes_.end(), [&](const Shape& s) { return s.text == text; });
  if (shape == shapes_.end()) {
    Shape fresh{text, segments, {}, {}};
    for (const auto& seg : fresh.segments) fresh.ranks.push_back(rank(seg.literal, seg.type));
    const std::size_t length = fresh.segments.size();
    if (buckets_.size() <= length) buckets_.resize(length + 1);
    Bucket& bucket = buckets_[length];
    if (length >= 2 && !fresh.segments[1].literal.empty()) {
      bucket.by_second[fresh.segments[1].literal].push_back(shapes_.size());
    } else {
      bucket.others.push_back(shapes_.size());
    }
    shapes_.push_back(std::move(fresh));
    shape = std::prev(shapes_.end());
  }
  for (const auto& entry : shape->routes) {
    if (entry.method == route.method) {
      throw std::invalid_argument("duplicate route " + std::string(to_string(route.method)) + " " + route.pattern);
    }
  }
  shape->routes.push_back({route.method, routes_.size(), std::move(segments)});
  routes_.push_back(std::move(route));
}

const Router::Shape* Router::best_shape(Parts parts) const {
  if (parts.size() >= buckets_.size()) return nullptr;
  const Bucket& bucket = buckets_[parts.size()];
  // The most specific shape that matches the whole path.
  const Shape* best = nullptr;
  auto consider = [&](const std::vector<std::size_t>& candidates) {
    for (std::size_t index : candidates) {
      const Shape& shape = shapes_[index];
      if (!matches(shape.segments, parts)) continue;
      if (best == nullptr || shape.ranks < best->ranks) best = &shape;
    }
  };
  if (parts.size() >= 2) {
    if (auto filed = bucket.by_second.find(parts[1]); filed != bucket.by_second.end()) consider(filed->second);
  }
  consider(bucket.others);
  return best;
}

const Router::Shape::Entry* Router::entry_for(const Shape& shape, Method method) {
  const Shape::Entry* get = nullptr;
  for (const auto& entry : shape.routes) {
    if (entry.method == method) return &entry;
    if (entry.method == Method::kGet) get = &entry;
  }
  return method == Method::kHead ? get : nullptr;  // HEAD runs the GET handler
}

RouteLookup Router::find(Method method, std::string_view path) const {
  RouteLookup lookup;
  if (path.empty() || path.front() != '/') return lookup;
  const PathParts split(path);
  const Parts parts = split.view();
  const Shape* best = best_shape(parts);
  if (best == nullptr) return lookup;

  // A bit per Method, listed in enum order (GET, HEAD, POST, …) for the Allow header.
  unsigned allowed = 1u << static_cast<unsigned>(Method::kOptions);
  for (const auto& entry : best->routes) {
    allowed |= 1u << static_cast<unsigned>(entry.method);
    if (entry.method == Method::kGet) allowed |= 1u << static_cast<unsigned>(Method::kHead);
  }
  for (unsigned m = 0; m <= static_cast<unsigned>(Method::kOther); ++m) {
    if ((allowed & (1u << m)) != 0) lookup.allowed.push_back(static_cast<Method>(m));
  }
  if (const Shape::Entry* exact = entry_for(*best, method)) {
    Match match;
    match.route = &routes_[exact->route];
    match.params = params_of(exact->segments, parts);
    lookup.match = std::move(match);
  }
  return lookup;
}

// Asked by the server for every request before the pipeline's own find(): the route only,
// without parameters or the Allow list.
RoutePolicy Router::policy(Method method, std::string_view path) const {
  if (path.empty() || path.front() != '/') return {};
  const PathParts parts(path);
  const Shape* best = best_shape(parts.view());
  if (best == nullptr) return {};
  const Shape::Entry* entry = entry_for(*best, method);
  if (entry == nullptr) return {};
  const Route& route = routes_[entry->route];
  return RoutePolicy{route.body_limit, route.runs_inline || (route.short_read && inline_short_reads_)};
}

}  // namespace soom::http
