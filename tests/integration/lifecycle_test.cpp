// Process lifecycle: migrations gate startup, graceful shutdown finishes in-flight
// work, kill -9 right after an acknowledged write loses nothing, CLI commands.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <signal.h>

#include <chrono>
#include <future>
#include <thread>

#include "support/api_helpers.hpp"
#include "support/server_process.hpp"

namespace soom::testing {
namespace {

namespace json = boost::json;

class LifecycleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SOOM_REQUIRE_ENGINE(engine_under_test());
    database_ = std::make_unique<db::testing::TempDatabase>(engine_under_test());
  }
  std::unique_ptr<db::testing::TempDatabase> database_;
};

TEST_F(LifecycleTest, RefusesToStartWhenSchemaIsBehind) {
  ServerProcess::Options options;
  options.migrate = false;
  ServerProcess server(database_->url(), options);
  std::string out;
  EXPECT_EQ(server.run_command("migrate --status", &out), 3) << out;
  EXPECT_NE(out.find("pending"), std::string::npos);
  EXPECT_THROW(server.start(), std::runtime_error);
  EXPECT_NE(server.log().find("migrate"), std::string::npos);
  EXPECT_EQ(server.run_command("migrate", &out), 0) << out;
  EXPECT_EQ(server.run_command("migrate --status", &out), 0) << out;
  EXPECT_EQ(out.find("pending"), std::string::npos);
  server.start();
  EXPECT_EQ(server.api().call("GET", "/readyz").status, 200);
}

TEST_F(LifecycleTest, KillNineRightAfterSignupLosesNothing) {
  ServerProcess server(database_->url(), {});
  server.start();
  const auto email = "durable" + unique_suffix() + "@example.com";
  auto signup = server.api().call("POST", "/v1/auth/signup", signup_body(email, kGoodPassword, "튼튼" + unique_suffix()));
  ASSERT_EQ(signup.status, 201);
  server.kill9();
  ServerProcess restarted(database_->url(), {});
  restarted.start();
  auto login = restarted.api().call("POST", "/v1/auth/login",
                                    json::serialize(json::object{{"email", email}, {"password", kGoodPassword}}));
  EXPECT_EQ(login.status, 200) << login.body;
}

TEST_F(LifecycleTest, GracefulShutdownFinishesInFlightRequest) {
  ServerProcess server(database_->url(), {});
  server.start();
  auto user = create_user(server.api());
  // Login is deliberately slow (argon2id); send it and SIGTERM while it runs.
  const int fd = connect_tcp(server.api_port());
  ASSERT_GE(fd, 0);
  const auto body = json::serialize(json::object{{"email", user.email}, {"password", user.password}});
  const std::string wire = "POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\n\r\n" + body;
  ASSERT_TRUE(write_all(fd, wire));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto exit_code = std::async(std::launch::async, [&] { return server.terminate_and_wait(); });
  auto response = read_response(fd, 10'000);
  ::close(fd);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(exit_code.get(), 0);
  // New connections are refused after shutdown.
  EXPECT_LT(connect_tcp(server.api_port()), 0);
}

// Post views are counted in memory and written in batches (the worker's pass, the next view
// after 5 s, shutdown): a graceful shutdown loses none.
TEST_F(LifecycleTest, GracefulShutdownWritesWaitingPostViews) {
  ServerProcess server(database_->url(), {});
  server.start();
  auto user = create_user(server.api());
  const auto created = server.api().call(
      "POST", "/v1/community/posts", json::serialize(json::object{{"category", "daily"}, {"body", "조회수 테스트 글입니다"}}),
      user.access_token);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string path = "/v1/community/posts/" + std::string(created.json().at("id").as_string());
  for (int i = 1; i <= 2; ++i) {
    const auto reader = create_user(server.api());  // one view per reader and day
    const auto seen = server.api().call("GET", path, {}, reader.access_token);
    ASSERT_EQ(seen.status, 200) << seen.body;
    EXPECT_EQ(seen.json().at("view_count").as_int64(), i);
  }
  EXPECT_EQ(server.terminate_and_wait(), 0);
  ServerProcess restarted(database_->url(), {});
  restarted.start();
  const auto login = restarted.api().call(  // a new process with a new signing key: sign in again
      "POST", "/v1/auth/login", json::serialize(json::object{{"email", user.email}, {"password", user.password}}));
  ASSERT_EQ(login.status, 200) << login.body;
  const auto after =
      restarted.api().call("GET", path, {}, std::string(login.json().at("access_token").as_string()));
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(after.json().at("view_count").as_int64(), 3);  // two written at shutdown, and this one
}

TEST_F(LifecycleTest, CreateAdminCommand) {
  ServerProcess server(database_->url(), {});
  server.start();
  std::string out;
  const auto email = "admin" + unique_suffix() + "@soomcare.kr";
  ASSERT_EQ(server.run_command("user create-admin --email " + email + " --password 관리자비밀번호2026!", &out), 0) << out;
  auto login = server.api().call("POST", "/v1/auth/login",
                                 json::serialize(json::object{{"email", email}, {"password", "관리자비밀번호2026!"}}));
  ASSERT_EQ(login.status, 200);
  auto me = server.api().call("GET", "/v1/me", {}, std::string(login.json().at("access_token").as_string()));
  EXPECT_EQ(me.json().at("role").as_string(), "admin");
  const auto other = "weak" + unique_suffix() + "@soomcare.kr";
  EXPECT_NE(server.run_command("user create-admin --email " + other + " --password short", &out), 0);
  EXPECT_NE(out.find("password"), std::string::npos) << out;
}

TEST_F(LifecycleTest, PerIpLoginThrottle) {
  ServerProcess::Options options;
  options.env["SOOMCARE_AUTH_LOGIN_IP_MAX"] = "3";
  ServerProcess server(database_->url(), options);
  server.start();
  const auto body = json::serialize(json::object{{"email", "who@example.com"}, {"password", "whatever-pass"}});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(server.api().call("POST", "/v1/auth/login", body).status, 401);
  auto limited = server.api().call("POST", "/v1/auth/login", body);
  EXPECT_EQ(limited.status, 429);
  EXPECT_FALSE(limited.header("retry-after").empty());
}

TEST_F(LifecycleTest, SharedRedisCacheRevokesAcrossProcesses) {
  const char* redis = std::getenv("SOOMCARE_TEST_REDIS_URL");
  if (redis == nullptr) GTEST_SKIP() << "SOOMCARE_TEST_REDIS_URL not set";
  ServerProcess::Options options;
  options.env["SOOMCARE_CACHE_REDIS_URL"] = redis;
  ServerProcess a(database_->url(), options);
  a.start();
  ServerProcess::Options options_b = options;
  options_b.migrate = false;
  options_b.env["SOOMCARE_AUTH_JWT_SECRET_FILE"] = a.var_dir() + "/jwt.key";
  ServerProcess b(database_->url(), options_b);
  b.start();
  auto user = create_user(a.api());
  EXPECT_EQ(b.api().call("GET", "/v1/me", {}, user.access_token).status, 200);  // caches "ok" in b
  ASSERT_EQ(a.api().call("POST", "/v1/auth/logout", "{}", user.access_token).status, 204);
  EXPECT_EQ(b.api().call("GET", "/v1/me", {}, user.access_token).status, 401);
}

}  // namespace
}  // namespace soom::testing
