#include "modules/notification/templates.hpp"

#include <gtest/gtest.h>

#include "modules/notification/quiet_hours.hpp"

namespace soom::notification {
namespace {

const std::map<std::string, std::string> kDose{{"medication_name", "심비코트 터부헬러"},
                                               {"dose_text", "1회 2흡입"},
                                               {"scheduled_local_time", "08:00"}};

TEST(Templates, ReminderHidesTheMedicineFromLockScreensByDefault) {
  auto text = render("dose_reminder", kDose, "ko-KR", false);
  ASSERT_TRUE(text);
  EXPECT_EQ(text->title, "복약 알림");
  EXPECT_EQ(text->body, "심비코트 터부헬러 1회 2흡입 복용 시간입니다 (08:00)");
  EXPECT_EQ(text->public_body, "복약 시간입니다");
  EXPECT_EQ(text->public_title.find("심비코트"), std::string::npos);
  EXPECT_EQ(text->public_body.find("심비코트"), std::string::npos);
}

TEST(Templates, DetailsOnlyWhenTheUserAllowedThem) {
  auto text = render("dose_reminder", kDose, "ko-KR", true);
  ASSERT_TRUE(text);
  EXPECT_EQ(text->public_body, text->body);
}

TEST(Templates, EnglishForEnglishLocalesKoreanOtherwise) {
  auto en = render("refill_needed", {{"medication_name", "Ventolin"}, {"doses_remaining", "20"}}, "en-US", false);
  ASSERT_TRUE(en);
  EXPECT_EQ(en->title, "Refill reminder");
  EXPECT_EQ(en->body, "Ventolin: 20 doses left");
  EXPECT_EQ(en->public_body, "Your medicine is running low");
  auto fallback = render("refill_needed", {{"medication_name", "벤토린"}, {"doses_remaining", "20"}}, "ja-JP", false);
  ASSERT_TRUE(fallback);
  EXPECT_EQ(fallback->title, "약 보충 알림");
}

TEST(Templates, LateRemindersAreMarked) {
  auto params = kDose;
  params["late"] = "true";
  auto text = render("dose_reminder", params, "ko-KR", false);
  ASSERT_TRUE(text);
  EXPECT_EQ(text->public_body, "(지연) 복약 시간입니다");
}

TEST(Templates, UnknownKindIsRefused) {
  EXPECT_FALSE(render("launch_missiles", {}, "ko-KR", false));
  EXPECT_TRUE(is_known_kind("test"));
  EXPECT_TRUE(is_reminder_kind("dose_reminder"));
  EXPECT_FALSE(is_reminder_kind("refill_needed"));
}

Instant at(const char* rfc3339) { return parse_rfc3339(rfc3339).value(); }

TEST(QuietHours, WindowAcrossMidnightInSeoul) {
  // 23:30 KST → ends 07:00 KST the next morning (22:00 UTC).
  EXPECT_EQ(quiet_hours_end(at("2026-11-23T14:30:00Z"), "Asia/Seoul", "22:00", "07:00"), at("2026-11-23T22:00:00Z"));
  // 06:00 KST → 07:00 KST the same morning.
  EXPECT_EQ(quiet_hours_end(at("2026-11-23T21:00:00Z"), "Asia/Seoul", "22:00", "07:00"), at("2026-11-23T22:00:00Z"));
  // 07:00 KST sharp is outside; noon is outside.
  EXPECT_FALSE(quiet_hours_end(at("2026-11-23T22:00:00Z"), "Asia/Seoul", "22:00", "07:00"));
  EXPECT_FALSE(quiet_hours_end(at("2026-11-24T03:00:00Z"), "Asia/Seoul", "22:00", "07:00"));
}

TEST(QuietHours, WindowWithinADay) {
  EXPECT_EQ(quiet_hours_end(at("2026-11-24T04:30:00Z"), "Asia/Seoul", "13:00", "14:00"), at("2026-11-24T05:00:00Z"));
  EXPECT_FALSE(quiet_hours_end(at("2026-11-24T05:30:00Z"), "Asia/Seoul", "13:00", "14:00"));
}

TEST(QuietHours, EndInADstGapIsTheMomentTheClocksJump) {
  // New York, 2026-03-08: 02:00 EST jumps to 03:00 EDT (07:00 UTC); 02:30 does not exist.
  EXPECT_EQ(quiet_hours_end(at("2026-03-08T06:00:00Z"), "America/New_York", "23:00", "02:30"),
            at("2026-03-08T07:00:00Z"));
}

TEST(QuietHours, EndInADstOverlapIsTheEarlierInstant) {
  // New York, 2026-11-01: 01:30 happens twice (EDT 05:30 UTC, then EST 06:30 UTC).
  EXPECT_EQ(quiet_hours_end(at("2026-11-01T04:00:00Z"), "America/New_York", "23:00", "01:30"),
            at("2026-11-01T05:30:00Z"));
}

TEST(QuietHours, DisabledOrMalformedMeansNoWindow) {
  const auto now = at("2026-11-23T14:30:00Z");
  EXPECT_FALSE(quiet_hours_end(now, "Asia/Seoul", "22:00", "22:00"));
  EXPECT_FALSE(quiet_hours_end(now, "Asia/Seoul", "25:00", "07:00"));
  EXPECT_FALSE(quiet_hours_end(now, "Asia/Seoul", "2200", "07:00"));
  EXPECT_FALSE(quiet_hours_end(now, "Mars/Olympus", "22:00", "07:00"));
  EXPECT_EQ(parse_hh_mm("07:05"), 425);
}

}  // namespace
}  // namespace soom::notification
