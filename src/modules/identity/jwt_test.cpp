#include "modules/identity/jwt.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "core/encoding.hpp"

namespace soom::identity {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

const std::string kSecret = "0123456789abcdef0123456789abcdef-test-secret";
const Instant kNow = from_unix_ms(1'800'000'000'000);

AccessClaims sample_claims() {
  return AccessClaims{"user-1", "session-1", "user", kNow, kNow + minutes(15), "jti-1"};
}

// Builds a token with arbitrary header/payload JSON, correctly HMAC-signed with
// `secret`, so that tests reach the checks behind the signature.
std::string forge(std::string_view header_json, std::string_view payload_json,
                  std::string_view secret = kSecret) {
  std::string input = base64url_encode(header_json) + "." + base64url_encode(payload_json);
  return input + "." + base64url_encode(hmac_sha256(secret, input));
}

constexpr std::string_view kGoodHeader = R"({"alg":"HS256","typ":"JWT"})";
constexpr std::string_view kGoodPayload =
    R"({"iss":"soomcare","sub":"u","sid":"s","role":"user","iat":1800000000,"exp":1800000900,"jti":"j"})";

// kInternal (never produced by verify) when the token was wrongly accepted.
ErrorCode code_of(const Result<AccessClaims>& r) { return r.ok() ? ErrorCode::kInternal : r.error().code; }

TEST(JwtSigner, RoundTripsClaims) {
  JwtSigner signer(kSecret);
  const auto token = signer.sign(sample_claims());
  const auto claims = signer.verify(token, kNow + seconds(1));
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->subject, "user-1");
  EXPECT_EQ(claims->session_id, "session-1");
  EXPECT_EQ(claims->role, "user");
  EXPECT_EQ(claims->jti, "jti-1");
  EXPECT_EQ(claims->issued_at, kNow);
  EXPECT_EQ(claims->expires_at, kNow + minutes(15));
}

TEST(JwtSigner, ForgedHelperMatchesRealTokensSoNegativeTestsAreMeaningful) {
  JwtSigner signer(kSecret);
  EXPECT_TRUE(signer.verify(forge(kGoodHeader, kGoodPayload), kNow).ok());
}

TEST(JwtSigner, TruncatesTimesToWholeSeconds) {
  JwtSigner signer(kSecret);
  auto c = sample_claims();
  c.issued_at = kNow + milliseconds(999);
  c.expires_at = kNow + minutes(1) + milliseconds(500);
  const auto claims = signer.verify(signer.sign(c), kNow);
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->issued_at, kNow);
  EXPECT_EQ(claims->expires_at, kNow + minutes(1));
}

TEST(JwtSigner, RejectsShortSecret) {
  EXPECT_THROW(JwtSigner(std::string(31, 'x')), std::invalid_argument);
  EXPECT_NO_THROW(JwtSigner(std::string(32, 'x')));
}

TEST(JwtSigner, RejectsAlgNone) {
  JwtSigner signer(kSecret);
  const std::string unsigned_token =
      base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." + base64url_encode(kGoodPayload) + ".";
  EXPECT_EQ(code_of(signer.verify(unsigned_token, kNow)), ErrorCode::kAuthTokenInvalid);
  // Even with a valid HMAC over the input, a non-pinned header is refused.
  EXPECT_EQ(code_of(signer.verify(forge(R"({"alg":"none","typ":"JWT"})", kGoodPayload), kNow)),
            ErrorCode::kAuthTokenInvalid);
}

TEST(JwtSigner, RejectsOtherAlgorithmsAndHeaderVariants) {
  JwtSigner signer(kSecret);
  for (std::string_view header :
       {R"({"alg":"HS512","typ":"JWT"})", R"({"alg":"RS256","typ":"JWT"})", R"({"alg":"hs256","typ":"JWT"})",
        R"({"alg":"HS256"})", R"({"alg":"HS256","typ":"JWT","kid":"x"})", R"({"alg":"HS256","typ":"JWS"})",
        R"(["HS256"])", "not json"}) {
    EXPECT_EQ(code_of(signer.verify(forge(header, kGoodPayload), kNow)), ErrorCode::kAuthTokenInvalid)
        << header;
  }
}

TEST(JwtSigner, RejectsWrongSegmentCount) {
  JwtSigner signer(kSecret);
  const auto token = signer.sign(sample_claims());
  const auto last_dot = token.rfind('.');
  EXPECT_FALSE(signer.verify("", kNow).ok());
  EXPECT_FALSE(signer.verify("abc", kNow).ok());
  EXPECT_FALSE(signer.verify(token.substr(0, last_dot), kNow).ok());
  EXPECT_EQ(code_of(signer.verify(token + ".extra", kNow)), ErrorCode::kAuthTokenInvalid);
  EXPECT_EQ(code_of(signer.verify(token + ".", kNow)), ErrorCode::kAuthTokenInvalid);
}

TEST(JwtSigner, RejectsBadBase64url) {
  JwtSigner signer(kSecret);
  const auto token = signer.sign(sample_claims());
  const auto first_dot = token.find('.');
  const auto last_dot = token.rfind('.');
  EXPECT_FALSE(signer.verify(token.substr(0, last_dot + 1) + "@@@@", kNow).ok());
  std::string bad_payload = token;
  bad_payload[first_dot + 1] = '+';  // standard base64, not base64url
  EXPECT_FALSE(signer.verify(bad_payload, kNow).ok());
  std::string padded = token + "=";
  EXPECT_FALSE(signer.verify(padded, kNow).ok());
}

TEST(JwtSigner, RejectsTamperedPayload) {
  JwtSigner signer(kSecret);
  const auto token = signer.sign(sample_claims());
  const auto first_dot = token.find('.');
  const auto last_dot = token.rfind('.');
  auto payload = *base64url_decode(token.substr(first_dot + 1, last_dot - first_dot - 1));
  const auto pos = payload.find("\"user\"");
  ASSERT_NE(pos, std::string::npos);
  payload.replace(pos, 6, "\"admin\"");
  const std::string tampered =
      token.substr(0, first_dot + 1) + base64url_encode(payload) + token.substr(last_dot);
  EXPECT_EQ(code_of(signer.verify(tampered, kNow)), ErrorCode::kAuthTokenInvalid);
}

TEST(JwtSigner, RejectsTamperedSignatureAndForeignSecret) {
  JwtSigner signer(kSecret);
  auto token = signer.sign(sample_claims());
  const auto sig_start = token.rfind('.') + 1;
  token[sig_start + 3] = token[sig_start + 3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(code_of(signer.verify(token, kNow)), ErrorCode::kAuthTokenInvalid);

  JwtSigner other(std::string(40, 'z'));
  EXPECT_EQ(code_of(signer.verify(other.sign(sample_claims()), kNow)), ErrorCode::kAuthTokenInvalid);
}

TEST(JwtSigner, RejectsWrongIssuer) {
  JwtSigner signer(kSecret);
  JwtSigner foreign(kSecret, "someone-else");
  EXPECT_EQ(code_of(signer.verify(foreign.sign(sample_claims()), kNow)), ErrorCode::kAuthTokenInvalid);
}

TEST(JwtSigner, ExpiryIsItsOwnError) {
  JwtSigner signer(kSecret);
  const auto token = signer.sign(sample_claims());
  EXPECT_TRUE(signer.verify(token, kNow + minutes(15) - milliseconds(1)).ok());
  EXPECT_EQ(code_of(signer.verify(token, kNow + minutes(15))), ErrorCode::kAuthTokenExpired);
  EXPECT_EQ(code_of(signer.verify(token, kNow + minutes(60))), ErrorCode::kAuthTokenExpired);
}

TEST(JwtSigner, ToleratesSixtySecondsOfClockSkewOnly) {
  JwtSigner signer(kSecret);
  const auto token = signer.sign(sample_claims());
  EXPECT_TRUE(signer.verify(token, kNow - seconds(60)).ok());
  EXPECT_EQ(code_of(signer.verify(token, kNow - seconds(61))), ErrorCode::kAuthTokenInvalid);
}

TEST(JwtSigner, RejectsNonJsonOrMalformedClaims) {
  JwtSigner signer(kSecret);
  for (std::string_view payload : {
           std::string_view("not json"),
           std::string_view(R"(["array"])"),
           std::string_view(R"({"iss":"soomcare","sub":"u","sid":"s","role":"user","iat":1800000000,"jti":"j"})"),
           std::string_view(R"({"iss":"soomcare","sub":"u","sid":"s","role":"user","iat":"1800000000","exp":1800000900,"jti":"j"})"),
           std::string_view(R"({"iss":"soomcare","sub":"u","sid":"s","role":"user","iat":1800000000.5,"exp":1800000900,"jti":"j"})"),
           std::string_view(R"({"iss":"soomcare","sub":"","sid":"s","role":"user","iat":1800000000,"exp":1800000900,"jti":"j"})"),
           std::string_view(R"({"iss":"soomcare","sub":"u","sid":"s","role":7,"iat":1800000000,"exp":1800000900,"jti":"j"})"),
           std::string_view(R"({"iss":"soomcare","sub":"u","sid":"s","role":"user","iat":1800000000,"exp":1800000000,"jti":"j"})"),
           std::string_view(R"({"iss":"soomcare","sub":"u","sid":"s","role":"user","iat":1800000000,"exp":99999999999999999,"jti":"j"})"),
       }) {
    EXPECT_EQ(code_of(signer.verify(forge(kGoodHeader, payload), kNow)), ErrorCode::kAuthTokenInvalid)
        << payload;
  }
}

}  // namespace
}  // namespace soom::identity
