// The share-opened notification: ids only from the event, one per share per clock hour.
#include "modules/report/share_opened.hpp"

#include <gtest/gtest.h>

namespace soom::report {
namespace {

events::Event opened(const std::string& share_id, Instant at) {
  events::Event e;
  e.type = kShareOpened;
  e.aggregate_id = "user-1";
  e.payload = R"({"share_id":")" + share_id + R"(","access_id":"a1"})";
  e.created_at = at;
  return e;
}

TEST(ShareOpenedNotification, OnePerSharePerHour) {
  const Instant t = from_unix_ms(1'790'000'000'000 - 1'790'000'000'000 % 3'600'000);  // on the hour
  const auto first = share_opened_notification(opened("s1", t));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->user_id, "user-1");
  EXPECT_EQ(first->kind, "report_share_opened");
  EXPECT_EQ(first->params.at("share_id"), "s1");
  // Same hour → same key (deduplicated); next hour or another share → a new one.
  EXPECT_EQ(share_opened_notification(opened("s1", t + std::chrono::minutes(59)))->dedupe_key, first->dedupe_key);
  EXPECT_NE(share_opened_notification(opened("s1", t + std::chrono::minutes(60)))->dedupe_key, first->dedupe_key);
  EXPECT_NE(share_opened_notification(opened("s2", t))->dedupe_key, first->dedupe_key);
}

TEST(ShareOpenedNotification, IgnoresOtherEventsAndBadPayloads) {
  auto other = opened("s1", from_unix_ms(0));
  other.type = "report.something_else";
  EXPECT_FALSE(share_opened_notification(other).has_value());
  auto bad = opened("s1", from_unix_ms(0));
  bad.payload = "not json";
  EXPECT_FALSE(share_opened_notification(bad).has_value());
  bad.payload = R"({"share_id":5})";
  EXPECT_FALSE(share_opened_notification(bad).has_value());
}

}  // namespace
}  // namespace soom::report
