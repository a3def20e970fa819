#include "modules/identity/password_hash.hpp"

#include <gtest/gtest.h>

#include <string>

namespace soom::identity {
namespace {

TEST(PasswordHash, HashesWithArgon2idAtCurrentParameters) {
  const auto encoded = hash_password("correct horse battery staple");
  EXPECT_EQ(encoded.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << encoded;
  EXPECT_FALSE(needs_rehash(encoded));
}

TEST(PasswordHash, VerifiesOnlyTheRightPassword) {
  const auto encoded = hash_password("비밀번호-안전하게-123");
  EXPECT_TRUE(verify_password("비밀번호-안전하게-123", encoded));
  EXPECT_FALSE(verify_password("비밀번호-안전하게-124", encoded));
  EXPECT_FALSE(verify_password("", encoded));
}

TEST(PasswordHash, TreatsEmbeddedNulAsPartOfThePassword) {
  const std::string with_nul("abc\0def", 7);
  const auto encoded = hash_password(with_nul);
  EXPECT_TRUE(verify_password(with_nul, encoded));
  EXPECT_FALSE(verify_password("abc", encoded));
}

TEST(PasswordHash, UsesAFreshSaltEachTime) {
  const auto a = hash_password("same password");
  const auto b = hash_password("same password");
  EXPECT_NE(a, b);
  EXPECT_TRUE(verify_password("same password", a));
  EXPECT_TRUE(verify_password("same password", b));
}

TEST(PasswordHash, MalformedEncodingsNeverVerify) {
  for (std::string_view bad : {"", "plaintext", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA",
                               "$argon2id$v=19$m=19456,t=2,p=1$", "$argon2id$v=19$garbage$x$y"}) {
    EXPECT_FALSE(verify_password("x", bad)) << bad;
    EXPECT_TRUE(needs_rehash(bad)) << bad;
  }
}

TEST(PasswordHash, FlagsWeakerParametersForRehash) {
  const auto current = hash_password("pw");
  auto replace = [&](std::string_view from, std::string_view to) {
    std::string s = current;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  EXPECT_TRUE(needs_rehash(replace("m=19456", "m=4096")));
  EXPECT_TRUE(needs_rehash(replace("t=2", "t=1")));
  EXPECT_TRUE(needs_rehash(replace("v=19", "v=16")));
  EXPECT_FALSE(needs_rehash(replace("m=19456", "m=65536")));
  EXPECT_FALSE(needs_rehash(replace("t=2", "t=3")));
  // A shorter digest (16 bytes → 22 base64 characters) is weaker too.
  EXPECT_TRUE(needs_rehash(current.substr(0, current.size() - 21)));
}

TEST(PasswordHash, DummyHashCostsTheSameAndMatchesNothing) {
  EXPECT_FALSE(needs_rehash(detail::dummy_password_hash()));
  EXPECT_EQ(detail::dummy_password_hash().rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u);
  EXPECT_FALSE(verify_against_dummy(""));
  EXPECT_FALSE(verify_against_dummy("password"));
}

}  // namespace
}  // namespace soom::identity
