#include "modules/identity/password_policy.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace soom::identity {
namespace {

std::vector<std::string> codes(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) {
    EXPECT_EQ(e.field, "password");
    EXPECT_FALSE(e.message.empty());
    out.push_back(e.code);
  }
  return out;
}

std::vector<std::string> check(std::string_view password, std::string_view email = "someone@example.com",
                               std::string_view nickname = "숨쉬기") {
  return codes(check_password_policy(password, email, nickname));
}

using Codes = std::vector<std::string>;

TEST(PasswordPolicy, AcceptsLongUncommonPasswordsWithoutCompositionRules) {
  EXPECT_EQ(check("correct horse battery staple"), Codes{});
  EXPECT_EQ(check("alllowercaseletters"), Codes{});
  EXPECT_EQ(check("천식관리잘하자"  "!"), Codes{});
}

TEST(PasswordPolicy, CountsCodePointsNotBytes) {
  EXPECT_EQ(check("가나다라마바사아"), Codes{});             // 8 code points, 24 bytes
  EXPECT_EQ(check("가나다라마바사"), Codes{"too_short"});    // 7 code points, 21 bytes
  EXPECT_EQ(check("abc1234"), Codes{"too_short"});
  EXPECT_EQ(check(""), Codes{"too_short"});
  EXPECT_EQ(check(std::string(128, 'x')), Codes{});
  EXPECT_EQ(check(std::string(129, 'x')), Codes{"too_long"});
  std::string hangul_128;
  for (int i = 0; i < 128; ++i) hangul_128 += "숨";
  EXPECT_EQ(check(hangul_128), Codes{});
  EXPECT_EQ(check(hangul_128 + "숨"), Codes{"too_long"});
}

TEST(PasswordPolicy, RejectsInvalidUtf8Only) {
  EXPECT_EQ(check("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8"), Codes{"invalid_encoding"});
  EXPECT_EQ(check("abcdefgh\xc0\xaf"), Codes{"invalid_encoding"});  // overlong '/'
  EXPECT_EQ(check("abcdefgh\xed\xa0\x80"), Codes{"invalid_encoding"});  // surrogate
}

TEST(PasswordPolicy, RejectsCommonPasswordsCaseInsensitively) {
  for (std::string_view pw : {"password", "PassWord", "12345678", "iloveyou", "qwerty123", "qwer1234", "1q2w3e4r",
                              "asdf1234", "q1w2e3r4", "zxcv1234", "1qaz2wsx", "love1004", "tkfkdgo1004",
                              "QLALFQJSGH", "saranghae"}) {
    EXPECT_EQ(check(pw), Codes{"too_common"}) << pw;
    EXPECT_TRUE(is_common_password(pw)) << pw;
  }
  EXPECT_FALSE(is_common_password("correct horse battery staple"));
}

TEST(PasswordPolicy, ShortListEntriesOnlyReportTheLengthError) {
  ASSERT_TRUE(is_common_password("123456"));
  EXPECT_EQ(check("123456"), Codes{"too_short"});
}

TEST(PasswordPolicy, ListIsEmbeddedAndSubstantial) {
  EXPECT_GE(common_password_count(), 1000u);
  EXPECT_FALSE(is_common_password(""));
  EXPECT_FALSE(is_common_password("# Common passwords rejected at sign-up and password change (NIST SP 800-63B §5.1.1.2)."));
}

TEST(PasswordPolicy, RejectsPasswordsRevealingEmailOrNickname) {
  EXPECT_EQ(check("minsu.kim", "minsu.kim@example.com", "nick"), Codes{"contains_personal_info"});
  EXPECT_EQ(check("MINSU.KIM2024!", "minsu.kim@example.com", "nick"), Codes{"contains_personal_info"});
  EXPECT_EQ(check("숨쉬는하루2024", "a@example.com", "숨쉬는하루"), Codes{"contains_personal_info"});
  EXPECT_EQ(check("my-Breezy-days!", "a@example.com", "breezy"), Codes{"contains_personal_info"});
  // Pieces of the local part count too.
  EXPECT_EQ(check("kimminsu-loves-spring", "minsu.kimm+asthma@example.com", "nick"),
            Codes{"contains_personal_info"});
  EXPECT_EQ(check("asthma-diary-2024", "minsu.kimm+asthma@example.com", "nick"), Codes{"contains_personal_info"});
  // So does the service's own name.
  EXPECT_EQ(check("MySoomCare-2024", "a@example.com", "nick"), Codes{"contains_personal_info"});
  EXPECT_EQ(check("숨케어비밀번호입니다", "a@example.com", "nick"), Codes{"contains_personal_info"});
  // The domain alone is not personal.
  EXPECT_EQ(check("example.com-rocks", "minsu@example.com", "nick"), Codes{});
}

TEST(PasswordPolicy, ShortPersonalTokensDoNotBlockUnrelatedPasswords) {
  EXPECT_EQ(check("mojo-rising-42", "jo@example.com", "mo"), Codes{});
  EXPECT_EQ(check("mojo-rising-42", "", ""), Codes{});
}

TEST(PasswordPolicy, ReportsEveryApplicableProblem) {
  EXPECT_EQ(check("kimm", "kimm@example.com", "x"), (Codes{"too_short", "contains_personal_info"}));
}

}  // namespace
}  // namespace soom::identity
