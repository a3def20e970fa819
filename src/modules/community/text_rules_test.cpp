#include "modules/community/text_rules.hpp"

#include <gtest/gtest.h>

namespace soom::community {
namespace {

TEST(TextRules, NormalizedBodiesIgnoreSpacingAndAsciiCase) {
  EXPECT_EQ(normalize_body("  오늘  숨쉬기\n\n편해요 PEF OK  "), "오늘 숨쉬기 편해요 pef ok");
  EXPECT_EQ(normalize_body("a b"), normalize_body("A\t\tB\n"));
  EXPECT_NE(normalize_body("ab"), normalize_body("a b"));
}

TEST(TextRules, ExcerptCutsAtCodePoints) {
  EXPECT_EQ(excerpt("가나다라", 2), "가나…");
  EXPECT_EQ(excerpt("가나", 2), "가나");
  EXPECT_EQ(excerpt("abc", 10), "abc");
}

TEST(TextRules, ClientIds) {
  EXPECT_TRUE(is_valid_client_id("post-1_A"));
  EXPECT_FALSE(is_valid_client_id(""));
  EXPECT_FALSE(is_valid_client_id("a b"));
  EXPECT_FALSE(is_valid_client_id(std::string(65, 'a')));
}

}  // namespace
}  // namespace soom::community
