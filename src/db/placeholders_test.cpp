#include <gtest/gtest.h>

#include "db/db.hpp"

namespace soom::db {
namespace {

TEST(RewritePlaceholders, RewritesNumberedPlaceholders) {
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT * FROM t WHERE a = $1 AND b = $2"),
            "SELECT * FROM t WHERE a = ?1 AND b = ?2");
  EXPECT_EQ(rewrite_placeholders_for_sqlite("VALUES ($10,$11)"), "VALUES (?10,?11)");
  EXPECT_EQ(rewrite_placeholders_for_sqlite("$1"), "?1");
  EXPECT_EQ(placeholder_list(3, 2), "$3, $4");
  EXPECT_EQ(placeholder_list(1, 0), "");
}

TEST(RewritePlaceholders, KeepsRepeatedNumbers) {
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT $1 + $1, $2"), "SELECT ?1 + ?1, ?2");
}

TEST(RewritePlaceholders, LeavesStringLiteralsAlone) {
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT '$1', $1"), "SELECT '$1', ?1");
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT 'it''s $2', $1"), "SELECT 'it''s $2', ?1");
}

TEST(RewritePlaceholders, LeavesQuotedIdentifiersAlone) {
  EXPECT_EQ(rewrite_placeholders_for_sqlite(R"(SELECT "col$1" FROM "a""$2" WHERE x = $1)"),
            R"(SELECT "col$1" FROM "a""$2" WHERE x = ?1)");
}

TEST(RewritePlaceholders, LeavesCommentsAlone) {
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT $1 -- costs $2\nFROM t WHERE y = $2"),
            "SELECT ?1 -- costs $2\nFROM t WHERE y = ?2");
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT /* $1 */ $1"), "SELECT /* $1 */ ?1");
}

TEST(RewritePlaceholders, LeavesNonPlaceholderDollarsAlone) {
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT price$1, $ , $a FROM t"), "SELECT price$1, $ , $a FROM t");
}

TEST(RewritePlaceholders, UnterminatedConstructsDoNotCrashOrRewrite) {
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT 'open $1"), "SELECT 'open $1");
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT /* open $1"), "SELECT /* open $1");
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT 1 -- $1"), "SELECT 1 -- $1");
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT $"), "SELECT $");
  EXPECT_EQ(rewrite_placeholders_for_sqlite(""), "");
}

TEST(RewritePlaceholders, KeepsUtf8Text) {
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT '천식 $1', $1 -- 흡입기 $2"), "SELECT '천식 $1', ?1 -- 흡입기 $2");
}

}  // namespace
}  // namespace soom::db
