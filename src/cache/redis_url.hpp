#pragma once
// Parsing of cache.redis_url, split out of redis_cache.cpp so it can be tested
// without a server.
#include <string>

namespace soom::cache {

struct RedisEndpoint {
  std::string host;         // empty for a unix socket
  int port = 6379;
  std::string socket_path;  // empty for TCP
  int db = 0;
  std::string username;     // Redis 6 ACL user; empty for the legacy AUTH <password>
  std::string password;     // never logged
};

// Accepts redis://[[user]:password@]host[:port][/db] (host may be [ipv6]) and
// unix:///path/to/redis.sock[?db=N]. Throws std::runtime_error naming the problem.
RedisEndpoint parse_redis_url(const std::string& url);

}  // namespace soom::cache
