// Which peak-flow events become a zone notification.
#include "modules/report/zone_alert.hpp"

#include <gtest/gtest.h>

#include "modules/records/records.hpp"
#include "modules/report/report.hpp"

namespace soom::report {
namespace {

// 2026-11-30T03:00:00Z
const Instant kNow = from_unix_ms(1'796'007'600'000);

events::Event peak_flow_event(const std::string& zone, const std::string& local_date, Instant created) {
  events::Event e;
  e.seq = 1;
  e.id = "ev-1";
  e.type = records::kPeakFlowRecorded;
  e.aggregate_id = "user-1";
  e.payload = R"({"record_id":"rec-9","user_id":"user-1","local_date":")" + local_date + R"(","pef":"200","zone":")" +
              zone + R"(","percent_of_personal_best":"40"})";
  e.created_at = created;
  return e;
}

TEST(ZoneAlert, RedAndYellowReadingsPointAtThePlan) {
  const auto red = zone_alert_for(peak_flow_event("red", "2026-11-30", kNow), kNow);
  ASSERT_TRUE(red.has_value());
  EXPECT_EQ(red->user_id, "user-1");
  EXPECT_EQ(red->kind, "peak_flow_zone");
  EXPECT_EQ(red->dedupe_key, "peak_flow_zone:rec-9");  // one per record, however often delivered
  EXPECT_EQ(red->params.at("zone"), "red");
  EXPECT_EQ(red->params.at("percent"), "40");
  EXPECT_EQ(red->params.at("link"), kActionPlanLink);
  EXPECT_TRUE(zone_alert_for(peak_flow_event("yellow", "2026-11-29", kNow), kNow).has_value());
}

TEST(ZoneAlert, GreenUnknownAndOtherEventsSayNothing) {
  EXPECT_FALSE(zone_alert_for(peak_flow_event("green", "2026-11-30", kNow), kNow).has_value());
  EXPECT_FALSE(zone_alert_for(peak_flow_event("unknown", "2026-11-30", kNow), kNow).has_value());
  auto saved = peak_flow_event("red", "2026-11-30", kNow);
  saved.type = records::kRecordSaved;
  EXPECT_FALSE(zone_alert_for(saved, kNow).has_value());
  auto broken = peak_flow_event("red", "2026-11-30", kNow);
  broken.payload = "not json";
  EXPECT_FALSE(zone_alert_for(broken, kNow).has_value());
}

TEST(ZoneAlert, HistoryIsNotAlertedNow) {
  // A reading back-filled for three days ago (the day before yesterday is too old).
  EXPECT_FALSE(zone_alert_for(peak_flow_event("red", "2026-11-28", kNow), kNow).has_value());
  // An event written more than a day ago (e.g. seen by a newly deployed consumer).
  EXPECT_FALSE(
      zone_alert_for(peak_flow_event("red", "2026-11-30", kNow - std::chrono::hours(25)), kNow).has_value());
}

}  // namespace
}  // namespace soom::report
