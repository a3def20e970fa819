#include "db/statement_cache.hpp"

#include <gtest/gtest.h>

#include "db/engines.hpp"

namespace soom::db {
namespace {

TEST(StatementCache, EvictsLeastRecentlyUsed) {
  StatementCache<int> cache(2);
  EXPECT_FALSE(cache.insert("a", 1));
  EXPECT_FALSE(cache.insert("b", 2));
  ASSERT_NE(cache.find("a"), nullptr);  // "a" is now the most recent
  const auto evicted = cache.insert("c", 3);
  ASSERT_TRUE(evicted);
  EXPECT_EQ(evicted->first, "b");
  EXPECT_EQ(evicted->second, 2);
  EXPECT_EQ(cache.find("b"), nullptr);
  EXPECT_EQ(*cache.find("a"), 1);
  EXPECT_EQ(*cache.find("c"), 3);
  EXPECT_EQ(cache.size(), 2u);
}

TEST(StatementCache, ReinsertReplacesWithoutEviction) {
  StatementCache<int> cache(1);
  EXPECT_FALSE(cache.insert("a", 1));
  EXPECT_FALSE(cache.insert("a", 5));
  EXPECT_EQ(*cache.find("a"), 5);
  cache.clear();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.find("a"), nullptr);
}

TEST(RedactUrl, HidesPasswords) {
  EXPECT_EQ(redact_url("postgresql://soom:s3cr%40t@db:5432/soom"), "postgresql://soom:***@db:5432/soom");
  EXPECT_EQ(redact_url("postgres://db/soom?user=a&password=hunter2&sslmode=require"),
            "postgres://db/soom?user=a&password=***&sslmode=require");
  EXPECT_EQ(redact_url("postgresql:///postgres?host=/tmp/x&user=postgres"),
            "postgresql:///postgres?host=/tmp/x&user=postgres");
  EXPECT_EQ(redact_url("postgresql://soom@db/soom"), "postgresql://soom@db/soom");
}

}  // namespace
}  // namespace soom::db
