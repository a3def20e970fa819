#include "core/encoding.hpp"

#include <gtest/gtest.h>

#include "core/random.hpp"

namespace soom {
namespace {

TEST(EncodingTest, Base64UrlRoundTripsAndRejectsGarbage) {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\xfe\x00\x01"}) {
    auto decoded = base64url_decode(base64url_encode(s));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, s);
  }
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_FALSE(base64url_decode("ab+c").has_value());
  EXPECT_FALSE(base64url_decode("a").has_value());
  EXPECT_FALSE(base64url_decode("Zh").has_value());  // non-canonical trailing bits
}

TEST(EncodingTest, Base64AndHexAndBase32) {
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(hex_encode("\x01\xab"), "01ab");
  EXPECT_EQ(base32_encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(*base32_decode("mzxw6ytboi"), "foobar");
  EXPECT_FALSE(base32_decode("1").has_value());
}

TEST(EncodingTest, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8("숨케어 ok"));
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));  // emoji
  EXPECT_FALSE(is_valid_utf8("\xC3\x28"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));          // truncated
  EXPECT_EQ(utf8_length("숨케어"), 3u);
  EXPECT_EQ(utf8_length("a😀"), 2u);
}

TEST(EncodingTest, HashesMatchKnownVectors) {
  EXPECT_EQ(hex_encode(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2.
  EXPECT_EQ(hex_encode(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_TRUE(constant_time_equals("abc", "abc"));
  EXPECT_FALSE(constant_time_equals("abc", "abd"));
  EXPECT_FALSE(constant_time_equals("abc", "ab"));
}

TEST(RandomTest, UuidV7IsWellFormedOrderedAndUnique) {
  std::string previous;
  for (int i = 0; i < 100; ++i) {
    auto id = new_uuid_v7();
    ASSERT_TRUE(is_uuid(id));
    EXPECT_EQ(id[14], '7');
    EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b');
    EXPECT_NE(id, previous);
    EXPECT_GE(id.substr(0, 13), previous.substr(0, std::min<std::size_t>(13, previous.size())));
    previous = id;
  }
  EXPECT_FALSE(is_uuid("not-a-uuid"));
  EXPECT_FALSE(is_uuid("0190d2f0-1234-7abc-8def-0123456789gz"));
  EXPECT_EQ(normalize_uuid("ABCDEF00-0000-4000-8000-000000000000"), "abcdef00-0000-4000-8000-000000000000");
  EXPECT_EQ(random_token(32).size(), 43u);
  EXPECT_NE(random_token(), random_token());
}

}  // namespace
}  // namespace soom
