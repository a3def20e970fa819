#include "modules/community/feed_cursor.hpp"

#include <gtest/gtest.h>

#include "core/encoding.hpp"

namespace soom::community {
namespace {

TEST(FeedCursor, RoundTripsKeyAndId) {
  const FeedCursor c{"popular", -1234567890123, "0190f3a2-1b2c-7d4e-8f00-123456789abc"};
  const auto decoded = decode_cursor(encode_cursor(c), "popular");
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->key, c.key);
  EXPECT_EQ(decoded->id, c.id);
  EXPECT_EQ(decoded->sort, "popular");
}

TEST(FeedCursor, RefusesACursorOfAnotherSort) {
  const auto text = encode_cursor({"latest", 1, "abc"});
  EXPECT_FALSE(decode_cursor(text, "popular").has_value());
  EXPECT_TRUE(decode_cursor(text, "latest").has_value());
}

TEST(FeedCursor, RefusesGarbage) {
  EXPECT_FALSE(decode_cursor("", "latest").has_value());
  EXPECT_FALSE(decode_cursor("!!!", "latest").has_value());
  EXPECT_FALSE(decode_cursor(base64url_encode("latest|12x|abc"), "latest").has_value());
  EXPECT_FALSE(decode_cursor(base64url_encode("latest|12"), "latest").has_value());
  EXPECT_FALSE(decode_cursor(base64url_encode("latest|12|"), "latest").has_value());
  EXPECT_FALSE(decode_cursor(base64url_encode("latest|12|a'b"), "latest").has_value());
  EXPECT_FALSE(decode_cursor(std::string(300, 'A'), "latest").has_value());
}

}  // namespace
}  // namespace soom::community
