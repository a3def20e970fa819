#include "modules/community/pii.hpp"

#include <gtest/gtest.h>

namespace soom::community {
namespace {

using Codes = std::vector<std::string>;

TEST(PersonalData, FindsKoreanMobileNumbersInEveryCommonForm) {
  EXPECT_EQ(detect_personal_data("연락주세요 010-1234-5678 입니다"), Codes{"phone_number"});
  EXPECT_EQ(detect_personal_data("번호는01012345678이에요"), Codes{"phone_number"});
  EXPECT_EQ(detect_personal_data("+82 10-1234-5678"), Codes{"phone_number"});
  EXPECT_EQ(detect_personal_data("+821012345678"), Codes{"phone_number"});
  EXPECT_EQ(detect_personal_data("010 1234 5678"), Codes{"phone_number"});
  EXPECT_EQ(detect_personal_data("병원 02-123-4567로 전화"), Codes{"phone_number"});
}

TEST(PersonalData, FindsResidentRegistrationNumbers) {
  EXPECT_EQ(detect_personal_data("제 번호 900101-1234567"), Codes{"resident_registration_number"});
  EXPECT_EQ(detect_personal_data("9001012234567"), Codes{"resident_registration_number"});
  // Month 13 is not a date: not a registration number.
  EXPECT_TRUE(detect_personal_data("901301-1234567").empty());
}

TEST(PersonalData, FindsEmailAddresses) {
  EXPECT_EQ(detect_personal_data("메일 me.kim+asthma@example.co.kr 로"), Codes{"email"});
  EXPECT_TRUE(detect_personal_data("골뱅이 @ 만 있는 글").empty());
}

TEST(PersonalData, ReportsEachKindOnceAndIgnoresOrdinaryNumbers) {
  EXPECT_EQ(detect_personal_data("010-1111-2222 a@b.io 010-3333-4444"), (Codes{"phone_number", "email"}));
  EXPECT_TRUE(detect_personal_data("PEF 450 L/min, 2026-11-29 아침 7시, 흡입 2회").empty());
  EXPECT_TRUE(detect_personal_data("").empty());
  EXPECT_FALSE(personal_data_message("email").empty());
}

}  // namespace
}  // namespace soom::community
