// Redis-backed Cache (hiredis, blocking): shared by every `api` process so that
// session revocations and rate-limit windows hold across the fleet.
#include <hiredis/hiredis.h>
#include <signal.h>
#include <sys/time.h>
#include <time.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <type_traits>
#include <string>
#include <vector>

#include "cache/cache.hpp"
#include "cache/redis_url.hpp"

namespace soom::cache {
namespace {

using std::chrono::milliseconds;

constexpr std::string_view kKeyPrefix = "soom:";
constexpr timeval kConnectTimeout{2, 0};
// A hung Redis must not hang request handlers forever.
constexpr timeval kCommandTimeout{2, 0};
constexpr std::size_t kMaxIdleConnections = 8;

// INCR and start the window only on the first hit, atomically. A key that somehow
// has no expiry (written by SET without PX, say) gets one instead of living forever.
constexpr std::string_view kIncrementScript = R"lua(
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
)lua";

struct ContextDeleter {
  void operator()(redisContext* c) const { redisFree(c); }
};
using ContextPtr = std::unique_ptr<redisContext, ContextDeleter>;

struct ReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

// The connection itself failed (I/O, timeout, protocol): it must not be reused.
class ConnectionError final : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// hiredis writes with plain write(): on a socket the server has closed that raises
// SIGPIPE, whose default action kills the whole process. Block it on this thread
// for the duration of a command and swallow any instance we caused, instead of
// changing the process-wide disposition behind the application's back.
class SigpipeGuard final {
 public:
  SigpipeGuard() {
    sigemptyset(&sigpipe_);
    sigaddset(&sigpipe_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &sigpipe_, &previous_);
  }
  ~SigpipeGuard() {
    sigset_t pending;
    sigpending(&pending);
    if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) {
      const timespec no_wait{0, 0};
      while (sigtimedwait(&sigpipe_, nullptr, &no_wait) == SIGPIPE) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t sigpipe_{};
  sigset_t previous_{};
  bool was_pending_ = false;
};

ReplyPtr command(redisContext* c, std::initializer_list<std::string_view> args) {
  const SigpipeGuard guard;
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (auto arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  void* raw = redisCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lengths.data());
  if (raw == nullptr) throw ConnectionError(std::string("redis connection failed: ") + c->errstr);
  ReplyPtr reply(static_cast<redisReply*>(raw));
  if (reply->type == REDIS_REPLY_ERROR) {
    throw std::runtime_error("redis error: " + std::string(reply->str, reply->len));
  }
  return reply;
}

std::runtime_error unexpected_reply(std::string_view what) {
  return std::runtime_error("redis: unexpected reply to " + std::string(what));
}

std::string describe(const RedisEndpoint& e) {
  if (!e.socket_path.empty()) return "unix://" + e.socket_path + "?db=" + std::to_string(e.db);
  return "redis://" + e.host + ":" + std::to_string(e.port) + "/" + std::to_string(e.db);
}

class RedisCache final : public Cache {
 public:
  explicit RedisCache(const std::string& url) : endpoint_(parse_redis_url(url)), description_(describe(endpoint_)) {
    // Fail at start-up, not on the first request.
    try {
      auto connection = connect();
      const auto reply = command(connection.get(), {"PING"});
      idle_.push_back(std::move(connection));
    } catch (const std::exception& e) {
      throw std::runtime_error("redis cache: cannot use " + description_ + ": " + e.what());
    }
  }

  std::optional<std::string> get(std::string_view key) override {
    return run(true, [&](redisContext* c) -> std::optional<std::string> {
      const auto reply = command(c, {"GET", prefixed(key)});
      if (reply->type == REDIS_REPLY_NIL) return std::nullopt;
      if (reply->type != REDIS_REPLY_STRING) throw unexpected_reply("GET");
      return std::string(reply->str, reply->len);
    });
  }

  void set(std::string_view key, std::string_view value, milliseconds ttl) override {
    if (ttl <= milliseconds::zero()) throw std::invalid_argument("cache ttl must be positive");
    run(true, [&](redisContext* c) {
      const auto reply = command(c, {"SET", prefixed(key), value, "PX", std::to_string(ttl.count())});
      if (reply->type != REDIS_REPLY_STATUS) throw unexpected_reply("SET");
      return 0;
    });
  }

  void erase(std::string_view key) override {
    run(true, [&](redisContext* c) {
      command(c, {"DEL", prefixed(key)});
      return 0;
    });
  }

  Counter increment(std::string_view key, milliseconds ttl) override {
    if (ttl <= milliseconds::zero()) throw std::invalid_argument("cache ttl must be positive");
    // Not retried: after a broken connection we cannot know whether INCR ran.
    return run(false, [&](redisContext* c) {
      const auto reply = command(c, {"EVAL", kIncrementScript, "1", prefixed(key), std::to_string(ttl.count())});
      if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2 ||
          reply->element[0]->type != REDIS_REPLY_INTEGER || reply->element[1]->type != REDIS_REPLY_INTEGER) {
        throw unexpected_reply("increment script");
      }
      return Counter{reply->element[0]->integer, milliseconds{reply->element[1]->integer}};
    });
  }

  bool ping() override {
    try {
      return run(true, [](redisContext* c) {
        const auto reply = command(c, {"PING"});
        return reply->type == REDIS_REPLY_STATUS && std::string_view(reply->str, reply->len) == "PONG";
      });
    } catch (const std::exception&) {
      return false;
    }
  }

  std::string_view kind() const override { return "redis"; }

 private:
  static std::string prefixed(std::string_view key) {
    std::string out(kKeyPrefix);
    out += key;
    return out;
  }

  ContextPtr connect() const {
    ContextPtr c(endpoint_.socket_path.empty()
                     ? redisConnectWithTimeout(endpoint_.host.c_str(), endpoint_.port, kConnectTimeout)
                     : redisConnectUnixWithTimeout(endpoint_.socket_path.c_str(), kConnectTimeout));
    if (!c) throw ConnectionError("cannot allocate redis context");
    if (c->err != 0) throw ConnectionError(c->errstr);
    if (redisSetTimeout(c.get(), kCommandTimeout) != REDIS_OK) throw ConnectionError("cannot set timeout");
    if (!endpoint_.password.empty()) {
      if (endpoint_.username.empty()) {
        command(c.get(), {"AUTH", endpoint_.password});
      } else {
        command(c.get(), {"AUTH", endpoint_.username, endpoint_.password});
      }
    }
    if (endpoint_.db != 0) command(c.get(), {"SELECT", std::to_string(endpoint_.db)});
    return c;
  }

  // Runs `fn` on a pooled connection. A connection that failed at the I/O level
  // is discarded; an idempotent command that failed on a *pooled* connection
  // (perhaps closed by a Redis restart) is retried once on a fresh one.
  template <typename Fn>
  std::invoke_result_t<Fn&, redisContext*> run(bool idempotent, Fn&& fn) {
    for (int attempt = 0;; ++attempt) {
      ContextPtr connection;
      bool pooled = false;
      {
        std::scoped_lock lock(mutex_);
        if (!idle_.empty()) {
          connection = std::move(idle_.back());
          idle_.pop_back();
          pooled = true;
        }
      }
      try {
        if (!connection) connection = connect();
        auto result = fn(connection.get());
        release(std::move(connection));
        return result;
      } catch (const ConnectionError& e) {
        if (!idempotent || !pooled || attempt > 0) {
          throw std::runtime_error("redis cache (" + description_ + "): " + e.what());
        }
      } catch (...) {
        if (connection && connection->err == 0) release(std::move(connection));
        throw;
      }
    }
  }

  void release(ContextPtr connection) {
    std::scoped_lock lock(mutex_);
    if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(connection));
  }

  RedisEndpoint endpoint_;
  std::string description_;
  std::mutex mutex_;
  std::vector<ContextPtr> idle_;
};

}  // namespace

std::shared_ptr<Cache> make_redis_cache(const std::string& url) { return std::make_shared<RedisCache>(url); }

}  // namespace soom::cache
