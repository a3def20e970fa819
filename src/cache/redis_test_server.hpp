#pragma once
// Test support, included only by *_test.cpp (header-only so that it stays out of
// the soom_cache library): a throw-away redis-server on a unix socket in a temp
// dir, or the server named by SOOMCARE_TEST_REDIS_URL.
#include <hiredis/hiredis.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

namespace soom::cache::testing {

class RedisTestServer final {
 public:
  RedisTestServer() {
    std::string pattern = (std::filesystem::temp_directory_path() / "soom-redis-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    socket_ = dir_ / "redis.sock";
    start();
  }
  ~RedisTestServer() {
    stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  RedisTestServer(const RedisTestServer&) = delete;
  RedisTestServer& operator=(const RedisTestServer&) = delete;

  std::string url() const { return "unix://" + socket_.string(); }
  const std::filesystem::path& socket_path() const { return socket_; }

  void start() {
    if (pid_ > 0) return;
    const std::string log = (dir_ / "redis.log").string();
    const std::string socket = socket_.string();
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      // Never outlive the test binary, even when it crashes.
      prctl(PR_SET_PDEATHSIG, SIGTERM);
      const char* binary = access("/usr/bin/redis-server", X_OK) == 0 ? "/usr/bin/redis-server" : "redis-server";
      execlp(binary, binary, "--port", "0", "--unixsocket", socket.c_str(), "--save", "", "--appendonly", "no",
             "--daemonize", "no", "--logfile", log.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    pid_ = pid;
    wait_until_ready(log);
  }

  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    std::error_code ignored;
    std::filesystem::remove(socket_, ignored);
  }

 private:
  void wait_until_ready(const std::string& log) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("redis-server exited (is it installed?): " + read_file(log));
      }
      if (std::unique_ptr<redisContext, decltype(&redisFree)> c(redisConnectUnix(socket_.c_str()), &redisFree);
          c && c->err == 0) {
        auto* reply = static_cast<redisReply*>(redisCommand(c.get(), "PING"));
        const bool ok = reply != nullptr && reply->type == REDIS_REPLY_STATUS;
        if (reply != nullptr) freeReplyObject(reply);
        if (ok) return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    stop();
    throw std::runtime_error("redis-server did not answer PING within 10 s: " + read_file(log));
  }

  static std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream out;
    out << in.rdbuf();
    return out.str();
  }

  std::filesystem::path dir_;
  std::filesystem::path socket_;
  pid_t pid_ = -1;
};

inline bool using_external_test_redis() {
  const char* url = std::getenv("SOOMCARE_TEST_REDIS_URL");
  return url != nullptr && *url != '\0';
}

// SOOMCARE_TEST_REDIS_URL if set, else a process-wide server started on first use
// and stopped when the test binary exits.
inline std::string shared_test_redis_url() {
  if (using_external_test_redis()) return std::getenv("SOOMCARE_TEST_REDIS_URL");
  static RedisTestServer server;
  return server.url();
}

}  // namespace soom::cache::testing
