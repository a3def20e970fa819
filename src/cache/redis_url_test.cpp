#include "cache/redis_url.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace soom::cache {
namespace {

TEST(RedisUrl, ParsesTcpForms) {
  auto e = parse_redis_url("redis://cache.internal:6380/2");
  EXPECT_EQ(e.host, "cache.internal");
  EXPECT_EQ(e.port, 6380);
  EXPECT_EQ(e.db, 2);
  EXPECT_TRUE(e.socket_path.empty());

  e = parse_redis_url("redis://localhost");
  EXPECT_EQ(e.host, "localhost");
  EXPECT_EQ(e.port, 6379);
  EXPECT_EQ(e.db, 0);

  e = parse_redis_url("redis://127.0.0.1:7000/");
  EXPECT_EQ(e.port, 7000);
  EXPECT_EQ(e.db, 0);

  e = parse_redis_url("redis://[::1]:6390/1");
  EXPECT_EQ(e.host, "::1");
  EXPECT_EQ(e.port, 6390);
  EXPECT_EQ(e.db, 1);
}

TEST(RedisUrl, ParsesCredentials) {
  auto e = parse_redis_url("redis://:s3cret@h:1/0");
  EXPECT_EQ(e.username, "");
  EXPECT_EQ(e.password, "s3cret");
  e = parse_redis_url("redis://app:p@ss@h");
  EXPECT_EQ(e.username, "app");
  EXPECT_EQ(e.password, "p@ss");
  EXPECT_EQ(e.host, "h");
}

TEST(RedisUrl, ParsesUnixSockets) {
  auto e = parse_redis_url("unix:///run/redis/redis.sock");
  EXPECT_EQ(e.socket_path, "/run/redis/redis.sock");
  EXPECT_EQ(e.db, 0);
  e = parse_redis_url("unix:///tmp/r.sock?db=5");
  EXPECT_EQ(e.socket_path, "/tmp/r.sock");
  EXPECT_EQ(e.db, 5);
}

TEST(RedisUrl, RejectsMalformedUrlsWithAClearMessage) {
  for (const char* bad : {"", "localhost:6379", "http://h:1", "redis://", "redis://:6379", "redis://h:0",
                          "redis://h:70000", "redis://h:abc", "redis://h:", "redis://h/x", "redis://h/-1",
                          "redis://user@h", "redis://[::1", "unix://", "unix://relative.sock",
                          "unix:///tmp/r.sock?db=x", "unix:///tmp/r.sock?timeout=1"}) {
    try {
      (void)parse_redis_url(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("cache.redis_url"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace soom::cache
