#include "modules/identity/totp.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/encoding.hpp"

namespace soom::identity {
namespace {

using std::chrono::seconds;

Instant at_unix(std::int64_t s) { return Instant{seconds{s}}; }

const std::string kRfcSecret = base32_encode("12345678901234567890");

TEST(Totp, MatchesRfc4226HotpVectors) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (int counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(detail::hotp("12345678901234567890", counter, 6), expected[counter]) << counter;
  }
}

TEST(Totp, MatchesRfc6238Sha1Vectors) {
  struct Vector {
    std::int64_t time;
    const char* code;
  };
  for (const auto& v : {Vector{59, "94287082"}, Vector{1111111109, "07081804"}, Vector{1111111111, "14050471"},
                        Vector{1234567890, "89005924"}, Vector{2000000000, "69279037"}}) {
    EXPECT_EQ(detail::totp_code(kRfcSecret, at_unix(v.time), 8), v.code) << v.time;
    // The 6-digit code is the same truncation modulo 10^6.
    EXPECT_EQ(totp_code(kRfcSecret, at_unix(v.time)), std::string(v.code).substr(2)) << v.time;
  }
}

TEST(Totp, SecretsAreTwentyRandomBytesInBase32) {
  const auto a = new_totp_secret();
  const auto b = new_totp_secret();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
  ASSERT_TRUE(base32_decode(a).has_value());
  EXPECT_EQ(base32_decode(a)->size(), kTotpSecretBytes);
  EXPECT_THROW(totp_code("not base32!", at_unix(0)), std::invalid_argument);
}

TEST(Totp, VerifiesWithinTheWindowAndReportsTheStep) {
  const auto now = at_unix(1'800'000'015);  // step 60'000'000, 15 s in
  const std::int64_t step = 60'000'000;
  std::int64_t matched = -1;
  EXPECT_TRUE(verify_totp(kRfcSecret, totp_code(kRfcSecret, now), now, 1, &matched));
  EXPECT_EQ(matched, step);
  EXPECT_TRUE(verify_totp(kRfcSecret, totp_code(kRfcSecret, now - seconds(30)), now, 1, &matched));
  EXPECT_EQ(matched, step - 1);
  EXPECT_TRUE(verify_totp(kRfcSecret, totp_code(kRfcSecret, now + seconds(30)), now, 1, &matched));
  EXPECT_EQ(matched, step + 1);
  matched = -1;
  EXPECT_FALSE(verify_totp(kRfcSecret, totp_code(kRfcSecret, now - seconds(60)), now, 1, &matched));
  EXPECT_EQ(matched, -1);
  EXPECT_FALSE(verify_totp(kRfcSecret, totp_code(kRfcSecret, now - seconds(30)), now, 0));
  EXPECT_TRUE(verify_totp(kRfcSecret, totp_code(kRfcSecret, now - seconds(60)), now, 2));
  EXPECT_THROW(verify_totp(kRfcSecret, "000000", now, -1), std::invalid_argument);
  EXPECT_THROW(verify_totp(kRfcSecret, "000000", now, 11), std::invalid_argument);
}

TEST(Totp, RejectsMalformedCodesAndSecrets) {
  const auto now = at_unix(1'800'000'000);
  const auto code = totp_code(kRfcSecret, now);
  EXPECT_FALSE(verify_totp(kRfcSecret, code + "0", now));
  EXPECT_FALSE(verify_totp(kRfcSecret, code.substr(1), now));
  EXPECT_FALSE(verify_totp(kRfcSecret, " " + code.substr(1), now));
  EXPECT_FALSE(verify_totp(kRfcSecret, "", now));
  EXPECT_FALSE(verify_totp("!!!!", code, now));
  const auto other_secret = base32_encode("another secret of 20b");
  EXPECT_NE(totp_code(other_secret, now), code);
  EXPECT_FALSE(verify_totp(other_secret, code, now, 0));
}

TEST(Totp, BuildsOtpauthUri) {
  EXPECT_EQ(otpauth_uri("JBSWY3DPEHPK3PXP", "minsu@example.com"),
            "otpauth://totp/SoomCare:minsu%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=SoomCare"
            "&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(otpauth_uri("AAAA", "a b", "숨 케어"),
            "otpauth://totp/%EC%88%A8%20%EC%BC%80%EC%96%B4:a%20b?secret=AAAA&issuer=%EC%88%A8%20%EC%BC%80%EC%96%B4"
            "&algorithm=SHA1&digits=6&period=30");
}

TEST(RecoveryCodes, HaveTheDocumentedShapeAndAreUnique) {
  const auto codes = new_recovery_codes();
  ASSERT_EQ(codes.size(), 10u);
  std::set<std::string> unique(codes.begin(), codes.end());
  EXPECT_EQ(unique.size(), codes.size());
  for (const auto& code : codes) {
    ASSERT_EQ(code.size(), 9u) << code;
    EXPECT_EQ(code[4], '-');
    for (std::size_t i = 0; i < code.size(); ++i) {
      if (i == 4) continue;
      EXPECT_NE(std::string_view("23456789abcdefghjkmnpqrstuvwxyz").find(code[i]), std::string_view::npos) << code;
    }
  }
  EXPECT_EQ(new_recovery_codes(3).size(), 3u);
  EXPECT_TRUE(new_recovery_codes(0).empty());
}

TEST(RecoveryCodes, AlphabetIsFullyUsed) {
  std::set<char> seen;
  for (const auto& code : new_recovery_codes(200)) {
    for (char c : code) {
      if (c != '-') seen.insert(c);
    }
  }
  EXPECT_EQ(seen.size(), 31u);  // 1600 draws over 31 letters; none missing by chance ≈ 31·e^-52
}

TEST(RecoveryCodes, HashIsNormalisedSha256Hex) {
  const auto h = hash_recovery_code("abcd-efgh");
  EXPECT_EQ(h, hex_encode(sha256("abcdefgh")));
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(hash_recovery_code("ABCD EFGH"), h);
  EXPECT_EQ(hash_recovery_code("abcdefgh"), h);
  EXPECT_NE(hash_recovery_code("abcd-efgj"), h);
}

}  // namespace
}  // namespace soom::identity
