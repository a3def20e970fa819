// Redis-only behaviour: key prefix, db selection, fail-fast start-up, reconnects.
#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <memory>

#include "cache/cache.hpp"
#include "cache/redis_test_server.hpp"
#include "cache/redis_url.hpp"
#include "core/random.hpp"

namespace soom::cache {
namespace {

using std::chrono::seconds;

// A raw connection that bypasses RedisCache, to see what it really stored.
class RawRedis final {
 public:
  explicit RawRedis(const std::string& url) {
    const auto e = parse_redis_url(url);
    context_.reset(e.socket_path.empty() ? redisConnect(e.host.c_str(), e.port) : redisConnectUnix(e.socket_path.c_str()));
    if (!context_ || context_->err != 0) throw std::runtime_error("raw redis connect failed");
    if (!e.password.empty()) reply("AUTH " + e.password);
    if (e.db != 0) reply("SELECT " + std::to_string(e.db));
  }
  long long integer(const std::string& cmd) {
    auto r = reply(cmd);
    EXPECT_EQ(r->type, REDIS_REPLY_INTEGER) << cmd;
    return r->integer;
  }

 private:
  std::unique_ptr<redisReply, decltype(&freeReplyObject)> reply(const std::string& cmd) {
    std::unique_ptr<redisReply, decltype(&freeReplyObject)> r(
        static_cast<redisReply*>(redisCommand(context_.get(), cmd.c_str())), &freeReplyObject);
    if (!r) throw std::runtime_error("raw redis command failed");
    return r;
  }
  std::unique_ptr<redisContext, decltype(&redisFree)> context_{nullptr, &redisFree};
};

TEST(RedisCache, PrefixesEveryKeyWithSoom) {
  const auto url = testing::shared_test_redis_url();
  auto cache = make_redis_cache(url);
  const std::string key = "prefix-test:" + random_token(9);
  cache->set(key, "v", seconds(60));
  cache->increment(key + ":n", seconds(60));
  RawRedis raw(url);
  EXPECT_EQ(raw.integer("EXISTS soom:" + key), 1);
  EXPECT_EQ(raw.integer("EXISTS " + key), 0);
  EXPECT_EQ(raw.integer("EXISTS soom:" + key + ":n"), 1);
  const auto pttl = raw.integer("PTTL soom:" + key + ":n");
  EXPECT_GT(pttl, 0);
  EXPECT_LE(pttl, 60'000);
}

TEST(RedisCache, SelectsTheDatabaseFromTheUrl) {
  if (testing::using_external_test_redis()) GTEST_SKIP() << "needs a server of its own";
  testing::RedisTestServer server;
  auto cache = make_redis_cache(server.url() + "?db=3");
  cache->set("in-db-3", "v", seconds(60));
  RawRedis db3(server.url() + "?db=3");
  RawRedis db0(server.url());
  EXPECT_EQ(db3.integer("EXISTS soom:in-db-3"), 1);
  EXPECT_EQ(db0.integer("EXISTS soom:in-db-3"), 0);
}

TEST(RedisCache, FailsFastWhenTheServerIsUnreachable) {
  for (const std::string url : {"redis://127.0.0.1:1/0", "unix:///nonexistent/soom/redis.sock"}) {
    try {
      (void)make_redis_cache(url);
      ADD_FAILURE() << "connected to " << url;
    } catch (const std::runtime_error& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find("redis cache: cannot use"), std::string::npos) << message;
      EXPECT_NE(message.find(url.substr(0, 12)), std::string::npos) << message;
    }
  }
  EXPECT_THROW((void)make_redis_cache("redis://"), std::runtime_error);
}

TEST(RedisCache, DoesNotPutThePasswordInErrors) {
  try {
    (void)make_redis_cache("redis://:hunter2-secret@127.0.0.1:1/0");
    ADD_FAILURE() << "connected";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()).find("hunter2-secret"), std::string::npos) << e.what();
  }
}

TEST(RedisCache, ReconnectsAfterTheServerRestartsAndReportsOutages) {
  if (testing::using_external_test_redis()) GTEST_SKIP() << "needs a server of its own";
  testing::RedisTestServer server;
  auto cache = make_redis_cache(server.url());
  cache->set("k", "v", seconds(60));
  EXPECT_EQ(cache->get("k"), "v");

  server.stop();
  EXPECT_FALSE(cache->ping());
  EXPECT_THROW(cache->get("k"), std::runtime_error);
  EXPECT_THROW(cache->increment("n", seconds(60)), std::runtime_error);

  server.start();  // fresh, empty server on the same socket
  EXPECT_TRUE(cache->ping());
  EXPECT_EQ(cache->get("k"), std::nullopt);
  cache->set("k", "again", seconds(60));
  EXPECT_EQ(cache->get("k"), "again");
  EXPECT_EQ(cache->increment("n", seconds(60)).count, 1);
}

TEST(RedisCache, ReusesPooledConnectionsAcrossARestartForIncrementsToo) {
  if (testing::using_external_test_redis()) GTEST_SKIP() << "needs a server of its own";
  testing::RedisTestServer server;
  auto cache = make_redis_cache(server.url());
  EXPECT_EQ(cache->increment("n", seconds(60)).count, 1);
  server.stop();
  server.start();
  // The pooled connection is dead; an increment is not retried (it may have run),
  // so it fails once, and the next one gets a fresh connection.
  EXPECT_THROW(cache->increment("n", seconds(60)), std::runtime_error);
  EXPECT_EQ(cache->increment("n", seconds(60)).count, 1);
}

}  // namespace
}  // namespace soom::cache
