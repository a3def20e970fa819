#pragma once
// The fixture of the content and search integration tests: one server per test suite with the
// shipped articles loaded by `soomcare seed content`, and staff accounts made the way operators
// make them.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/api_helpers.hpp"
#include "support/server_process.hpp"

namespace soom::testing {

// The repository's content/articles, found by walking up from the test's working directory
// (the build directory lives inside the checkout).
inline std::string shipped_articles_dir() {
  if (const char* env = std::getenv("SOOMCARE_SOURCE_DIR")) return std::string(env) + "/content/articles";
  for (auto dir = std::filesystem::current_path(); !dir.empty(); dir = dir.parent_path()) {
    if (std::filesystem::is_directory(dir / "content" / "articles")) return (dir / "content" / "articles").string();
    if (dir == dir.parent_path()) break;
  }
  return "content/articles";
}

class SeededContentTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    std::string out;
    seed_rc_ = server_->process().run_command("seed content --dir " + shipped_articles_dir(), &out);
    seed_output_ = out;
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    SOOM_REQUIRE_ENGINE(engine_under_test());
    ASSERT_EQ(seed_rc_, 0) << seed_output_;
  }
  static HttpClient api() { return server_->api(); }
  static HttpClient admin() { return server_->admin(); }

  // A staff account made the way operators make one (`soomcare user create-admin --role …`);
  // returns its access token.
  static std::string staff_token(const std::string& role, const std::string& nickname_prefix) {
    namespace json = boost::json;
    const auto suffix = unique_suffix();
    const auto email = role + suffix + "@soomcare.kr";
    const std::string password = "편집자비밀번호2026!";
    std::string out;
    EXPECT_EQ(server_->process().run_command("user create-admin --email " + email + " --password " + password +
                                                 " --role " + role + " --nickname " + nickname_prefix + suffix,
                                             &out),
              0)
        << out;
    auto login = api().call("POST", "/v1/auth/login",
                            json::serialize(json::object{{"email", email}, {"password", password}}));
    EXPECT_EQ(login.status, 200) << login.body;
    return std::string(login.json().at("access_token").as_string());
  }

  static inline TestServer* server_ = nullptr;
  static inline int seed_rc_ = -1;
  static inline std::string seed_output_;
};

}  // namespace soom::testing
