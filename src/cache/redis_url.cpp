#include "cache/redis_url.hpp"

#include <charconv>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace soom::cache {
namespace {

[[noreturn]] void fail(std::string_view why) {
  throw std::runtime_error("invalid cache.redis_url: " + std::string(why));
}

int parse_int(std::string_view text, int min, int max, std::string_view what) {
  int value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end || value < min || value > max) {
    fail(std::string(what) + " must be a number in " + std::to_string(min) + ".." + std::to_string(max));
  }
  return value;
}

constexpr int kMaxDb = 1 << 16;

}  // namespace

RedisEndpoint parse_redis_url(const std::string& url) {
  constexpr std::string_view kTcp = "redis://";
  constexpr std::string_view kUnix = "unix://";
  std::string_view rest(url);
  RedisEndpoint endpoint;

  if (rest.starts_with(kUnix)) {
    rest.remove_prefix(kUnix.size());
    const auto query = rest.find('?');
    endpoint.socket_path = std::string(rest.substr(0, query));
    if (endpoint.socket_path.empty() || endpoint.socket_path.front() != '/') {
      fail("unix:// needs an absolute socket path, e.g. unix:///run/redis/redis.sock");
    }
    if (query != std::string_view::npos) {
      const auto params = rest.substr(query + 1);
      if (!params.starts_with("db=")) fail("the only unix:// parameter is db=N");
      endpoint.db = parse_int(params.substr(3), 0, kMaxDb, "db");
    }
    return endpoint;
  }
  if (!rest.starts_with(kTcp)) fail("expected redis://host:port/db or unix:///path");
  rest.remove_prefix(kTcp.size());

  const auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos && slash + 1 < rest.size()) {
    endpoint.db = parse_int(rest.substr(slash + 1), 0, kMaxDb, "db");
  }
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    const auto userinfo = authority.substr(0, at);
    authority.remove_prefix(at + 1);
    const auto colon = userinfo.find(':');
    if (colon == std::string_view::npos) fail("credentials must be written user:password@ or :password@");
    endpoint.username = std::string(userinfo.substr(0, colon));
    endpoint.password = std::string(userinfo.substr(colon + 1));
  }
  std::optional<std::string_view> port;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) fail("unterminated [ipv6] host");
    endpoint.host = std::string(authority.substr(1, close - 1));
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (!after.starts_with(':')) fail("unexpected text after ]");
      port = after.substr(1);
    }
  } else {
    const auto colon = authority.find(':');
    endpoint.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (endpoint.host.empty()) fail("missing host");
  if (port) endpoint.port = parse_int(*port, 1, 65535, "port");
  return endpoint;
}

}  // namespace soom::cache
