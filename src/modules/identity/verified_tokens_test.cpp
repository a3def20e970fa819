#include "modules/identity/verified_tokens.hpp"

#include <gtest/gtest.h>

#include <string>

namespace soom::identity {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const Instant kNow = from_unix_ms(1'800'000'000'000);

AccessClaims claims_for(const std::string& user, Instant expires_at = kNow + minutes(15)) {
  return AccessClaims{user, "session-" + user, "patient", kNow, expires_at, "jti-" + user};
}

TEST(VerifiedTokens, ReturnsTheClaimsOfARememberedToken) {
  VerifiedTokens tokens;
  tokens.remember("token-a", claims_for("a"), kNow);
  const auto hit = tokens.find("token-a", kNow + minutes(1));
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->subject, "a");
  EXPECT_EQ(hit->session_id, "session-a");
  EXPECT_EQ(hit->role, "patient");
}

TEST(VerifiedTokens, MatchesOnlyTheExactTokenText) {
  VerifiedTokens tokens;
  tokens.remember("token-a", claims_for("a"), kNow);
  EXPECT_FALSE(tokens.find("token-A", kNow).has_value());
  EXPECT_FALSE(tokens.find("token-a ", kNow).has_value());
  EXPECT_FALSE(tokens.find("token-", kNow).has_value());
  EXPECT_FALSE(tokens.find("", kNow).has_value());
}

TEST(VerifiedTokens, ForgetsATokenOnceItExpires) {
  VerifiedTokens tokens;
  tokens.remember("token-a", claims_for("a", kNow + seconds(10)), kNow);
  EXPECT_TRUE(tokens.find("token-a", kNow + seconds(9)).has_value());
  EXPECT_FALSE(tokens.find("token-a", kNow + seconds(10)).has_value());  // exp is exclusive, as in verify()
  EXPECT_EQ(tokens.size(), 0u);
}

TEST(VerifiedTokens, StaysWithinItsCapacityDroppingExpiredTokensFirst) {
  VerifiedTokens tokens(3);
  tokens.remember("old", claims_for("old", kNow + seconds(1)), kNow);
  tokens.remember("b", claims_for("b"), kNow);
  tokens.remember("c", claims_for("c"), kNow);
  tokens.remember("d", claims_for("d"), kNow + seconds(2));  // full: "old" has expired and makes room
  EXPECT_EQ(tokens.size(), 3u);
  EXPECT_TRUE(tokens.find("b", kNow + seconds(2)).has_value());
  EXPECT_TRUE(tokens.find("d", kNow + seconds(2)).has_value());

  tokens.remember("e", claims_for("e"), kNow + seconds(2));  // full of live tokens: starts over
  EXPECT_LE(tokens.size(), 3u);
  EXPECT_TRUE(tokens.find("e", kNow + seconds(2)).has_value());
}

TEST(VerifiedTokens, ZeroCapacityRemembersNothing) {
  VerifiedTokens tokens(0);
  tokens.remember("token-a", claims_for("a"), kNow);
  EXPECT_FALSE(tokens.find("token-a", kNow).has_value());
}

}  // namespace
}  // namespace soom::identity
