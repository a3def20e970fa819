#include "modules/identity/validation.hpp"

#include <gtest/gtest.h>

#include <set>

namespace soom::identity {
namespace {

TEST(IdentityValidationTest, NormalizesEmails) {
  EXPECT_EQ(normalize_email("Kim.Soom@Example.COM"), "kim.soom@example.com");
  EXPECT_FALSE(normalize_email("no-at-sign.com"));
  EXPECT_FALSE(normalize_email("a@b"));
  EXPECT_FALSE(normalize_email("a@@b.com"));
  EXPECT_FALSE(normalize_email("a b@c.com"));
  EXPECT_FALSE(normalize_email("김@example.com"));
  EXPECT_FALSE(normalize_email("a@-bad.com"));
  EXPECT_FALSE(normalize_email("a@bad..com"));
  EXPECT_FALSE(normalize_email(std::string(65, 'a') + "@example.com"));
}

TEST(IdentityValidationTest, Nicknames) {
  EXPECT_TRUE(is_valid_nickname("숨케어"));
  EXPECT_TRUE(is_valid_nickname("kim_99"));
  EXPECT_TRUE(is_valid_nickname("ㅋㅋ천식"));
  EXPECT_FALSE(is_valid_nickname("a"));
  EXPECT_FALSE(is_valid_nickname("가나다라마바사아자차카타파하가나다라마바사"));  // 21
  EXPECT_FALSE(is_valid_nickname("space here"));
  EXPECT_FALSE(is_valid_nickname(".dot"));
  EXPECT_FALSE(is_valid_nickname("<script>"));
  EXPECT_FALSE(is_valid_nickname("\xC3\x28x"));
  EXPECT_EQ(nickname_key("KimSoom"), "kimsoom");
}

TEST(IdentityValidationTest, ProfilePatchRules) {
  ProfilePatch p;
  p.birth_year = 1800;
  p.height_cm = 300;
  p.sex = "unknown";
  p.time_zone = "Nowhere/City";
  p.locale = "fr-FR";
  p.notifications = NotificationPreferences{};
  p.notifications->quiet_hours_start = "25:00";
  auto errors = validate_profile_patch(p, 2026);
  std::set<std::string> fields;
  for (const auto& e : errors) fields.insert(e.field);
  for (const char* f : {"birth_year", "height_cm", "sex", "time_zone", "locale", "notifications.quiet_hours_start",
                        "notifications.quiet_hours_end"}) {
    EXPECT_TRUE(fields.count(f)) << f;
  }
  ProfilePatch ok;
  ok.birth_year = 1990;
  ok.diagnosis_year = 2000;
  ok.time_zone = "Asia/Seoul";
  EXPECT_TRUE(validate_profile_patch(ok, 2026).empty());
  ok.diagnosis_year = 1980;
  EXPECT_FALSE(validate_profile_patch(ok, 2026).empty());
  EXPECT_TRUE(is_valid_hhmm("23:59"));
  EXPECT_FALSE(is_valid_hhmm("24:00"));
}

}  // namespace
}  // namespace soom::identity
