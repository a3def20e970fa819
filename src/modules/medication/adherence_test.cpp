#include "modules/medication/adherence.hpp"

#include <gtest/gtest.h>

namespace soom::medication {
namespace {

Instant at(const char* text) { return parse_rfc3339(text).value(); }

SlotFact slot(std::string id, const char* when, std::string date, std::string status = "pending",
              std::optional<Instant> taken = std::nullopt) {
  return SlotFact{std::move(id), "m1", at(when), std::move(date), std::move(status), taken};
}

TEST(Adherence, EveningDoseAfterMidnightMatchesTheEveningSlot) {
  // Seoul: 08:00 = 23:00Z the day before, 21:00 = 12:00Z.
  std::vector<SlotFact> slots{slot("eve", "2026-03-02T12:00:00Z", "2026-03-02"),
                              slot("morning", "2026-03-02T23:00:00Z", "2026-03-03")};
  // Taken 00:30 local on 03-03 = 15:30Z on 03-02: 3.5 h after the evening slot, 7.5 h before the morning one.
  const auto matched = match_intakes(slots, {{"m1", at("2026-03-02T15:30:00Z")}}, std::chrono::hours(6));
  ASSERT_EQ(matched.size(), 1u);
  EXPECT_EQ(matched.begin()->first, "eve");
}

TEST(Adherence, NearestSlotWinsAndEachIntakeCountsOnce) {
  std::vector<SlotFact> slots{slot("a", "2026-03-02T00:00:00Z", "2026-03-02"),
                              slot("b", "2026-03-02T04:00:00Z", "2026-03-02")};
  // Two intakes near b: one goes to b, the other to a (still within the window).
  const auto matched = match_intakes(slots, {{"m1", at("2026-03-02T03:50:00Z")}, {"m1", at("2026-03-02T04:05:00Z")}},
                                     std::chrono::hours(6));
  ASSERT_EQ(matched.size(), 2u);
  EXPECT_EQ(matched.at("b"), at("2026-03-02T04:05:00Z"));
  EXPECT_EQ(matched.at("a"), at("2026-03-02T03:50:00Z"));
  // Outside the window: no match; other medications never match.
  EXPECT_TRUE(match_intakes(slots, {{"m1", at("2026-03-02T12:00:00Z")}}, std::chrono::hours(6)).empty());
  EXPECT_TRUE(match_intakes(slots, {{"m2", at("2026-03-02T04:00:00Z")}}, std::chrono::hours(6)).empty());
}

TEST(Adherence, CountsOnTimeMissedSkippedOpenAndStreak) {
  const auto now = at("2026-03-05T01:00:00Z");
  std::vector<SlotFact> slots{
      slot("d1", "2026-03-01T00:00:00Z", "2026-03-01", "skipped"),
      slot("d2", "2026-03-02T00:00:00Z", "2026-03-02", "taken", at("2026-03-02T00:10:00Z")),
      slot("d3", "2026-03-03T00:00:00Z", "2026-03-03", "taken", at("2026-03-03T02:30:00Z")),  // late
      slot("d4", "2026-03-04T00:00:00Z", "2026-03-04"),                                        // matched by an intake
      slot("d5", "2026-03-05T00:30:00Z", "2026-03-05"),                                        // open (30 min ago)
      slot("d6", "2026-03-06T00:00:00Z", "2026-03-06"),                                        // future: not counted
  };
  const auto f = compute_adherence(slots, {{"m1", at("2026-03-04T00:20:00Z")}}, now, AdherenceWindows{});
  EXPECT_EQ(f.scheduled, 5);
  EXPECT_EQ(f.taken, 3);
  EXPECT_EQ(f.on_time, 2);
  EXPECT_EQ(f.skipped, 1);
  EXPECT_EQ(f.open, 1);
  EXPECT_EQ(f.missed, 0);
  EXPECT_DOUBLE_EQ(f.taken_percent.value(), 60.0);
  EXPECT_DOUBLE_EQ(f.on_time_percent.value(), 40.0);
  EXPECT_EQ(f.streak_days, 3);  // 03-02..03-04; 03-05 is open (neutral); 03-01 skipped ends it

  // A pending slot older than the missed window counts as missed and breaks the streak.
  const auto later = compute_adherence(slots, {}, at("2026-03-05T05:00:00Z"), AdherenceWindows{});
  EXPECT_EQ(later.missed, 2);  // d4 (no intake given) and d5
  EXPECT_EQ(later.streak_days, 0);
}

TEST(Adherence, NothingScheduledHasNoPercentages) {
  const auto f = compute_adherence({}, {}, at("2026-03-05T01:00:00Z"), AdherenceWindows{});
  EXPECT_EQ(f.scheduled, 0);
  EXPECT_FALSE(f.taken_percent);
  EXPECT_EQ(f.streak_days, 0);
}

}  // namespace
}  // namespace soom::medication
