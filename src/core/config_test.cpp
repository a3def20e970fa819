#include "core/config.hpp"

#include <gtest/gtest.h>

namespace soom {
namespace {

TEST(ConfigTest, DefaultsAreSensible) {
  Config c;
  EXPECT_EQ(c.server.api_port, 8080);
  EXPECT_EQ(c.server.admin_host, "127.0.0.1");
  EXPECT_EQ(c.database.url, "sqlite:./var/soomcare.db");
  EXPECT_EQ(c.server.body_limit, 1 << 20);
  EXPECT_EQ(c.auth.access_ttl_s, 900);
}

TEST(ConfigTest, PrecedenceIsDefaultsThenTomlThenEnvThenFlags) {
  ConfigLoader loader;
  Config c;
  ASSERT_TRUE(loader.apply_toml(c, "[server]\napi_port = 9000\nadmin_port = 9001\n[log]\nlevel = \"debug\"\n"));
  EXPECT_EQ(c.server.api_port, 9000);
  ASSERT_TRUE(loader.apply_env(c, {{"SOOMCARE_SERVER_API_PORT", "9100"}, {"UNRELATED", "x"}}));
  EXPECT_EQ(c.server.api_port, 9100);
  EXPECT_EQ(c.server.admin_port, 9001);  // untouched by env
  ASSERT_TRUE(loader.apply(c, "server.api_port", "9200"));
  EXPECT_EQ(c.server.api_port, 9200);
  EXPECT_EQ(c.log.level, "debug");
}

TEST(ConfigTest, RejectsUnknownKeysAndBadValues) {
  ConfigLoader loader;
  Config c;
  EXPECT_FALSE(loader.apply(c, "server.nope", "1"));
  EXPECT_FALSE(loader.apply(c, "server.api_port", "80x"));
  EXPECT_FALSE(loader.apply(c, "server.api_port", "70000"));
  EXPECT_FALSE(loader.apply(c, "log.access_log", "maybe"));
  EXPECT_FALSE(loader.apply_toml(c, "[server\napi_port = 1"));
  EXPECT_FALSE(loader.apply_toml(c, "[server]\nunknown = 1\n"));
  EXPECT_FALSE(loader.apply_env(c, {{"SOOMCARE_SERVER_API_PORT", "-1"}}));
  EXPECT_EQ(c.server.api_port, 8080);
}

TEST(ConfigTest, BooleansAndStrings) {
  ConfigLoader loader;
  Config c;
  ASSERT_TRUE(loader.apply_toml(c, "[log]\naccess_log = false\n[cache]\nredis_url = \"redis://h:1/0\"\n"));
  EXPECT_FALSE(c.log.access_log);
  EXPECT_EQ(c.cache.redis_url, "redis://h:1/0");
}

TEST(ConfigTest, EveryKeyHasAnEnvNameAndHelp) {
  ConfigLoader loader;
  ASSERT_FALSE(loader.settings().empty());
  for (const auto& s : loader.settings()) {
    EXPECT_FALSE(s.help.empty()) << s.key;
    EXPECT_EQ(s.env_name().rfind("SOOMCARE_", 0), 0u);
  }
  SettingInfo info{"server.api_port", "", ""};
  EXPECT_EQ(info.env_name(), "SOOMCARE_SERVER_API_PORT");
  EXPECT_NE(loader.describe().find("database.url"), std::string::npos);
}

}  // namespace
}  // namespace soom
