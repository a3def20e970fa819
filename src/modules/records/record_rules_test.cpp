#include "modules/records/record_rules.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace soom::records {
namespace {

using std::chrono::minutes;

const Instant kNow = from_unix_ms(1'795'000'000'000);

RecordInput with(RecordDetail detail) {
  RecordInput in;
  in.occurred_at = kNow - minutes(30);
  in.time_zone = "Asia/Seoul";
  in.detail = std::move(detail);
  return in;
}

bool has_error(const std::vector<FieldError>& errors, const std::string& field, const std::string& code) {
  return std::any_of(errors.begin(), errors.end(),
                     [&](const FieldError& e) { return e.field == field && e.code == code; });
}

TEST(RecordRules, AcceptsAValidSymptomAndNormalizesCodes) {
  auto in = with(SymptomDetail{{"wheeze", "cough", "wheeze"}, 2, {"pollen", "fine_dust"}, std::nullopt});
  EXPECT_TRUE(validate_and_normalize(in, kNow).empty());
  const auto& d = std::get<SymptomDetail>(in.detail);
  EXPECT_EQ(d.symptoms, (std::vector<std::string>{"cough", "wheeze"}));
  EXPECT_EQ(d.triggers, (std::vector<std::string>{"fine_dust", "pollen"}));
}

TEST(RecordRules, SeverityAndCodesAreChecked) {
  auto in = with(SymptomDetail{{"sneezing"}, 4, {"moon"}, std::nullopt});
  const auto errors = validate_and_normalize(in, kNow);
  EXPECT_TRUE(has_error(errors, "symptom.severity", "out_of_range"));
  EXPECT_TRUE(has_error(errors, "symptom.symptoms[0]", "unknown_code"));
  EXPECT_TRUE(has_error(errors, "symptom.triggers[0]", "unknown_code"));
}

TEST(RecordRules, OccurredAtAtMostFiveMinutesAhead) {
  auto ok = with(StatusDetail{3, std::nullopt});
  ok.occurred_at = kNow + minutes(5);
  EXPECT_TRUE(validate_and_normalize(ok, kNow).empty());
  auto late = ok;
  late.occurred_at = kNow + minutes(5) + std::chrono::milliseconds(1);
  EXPECT_TRUE(has_error(validate_and_normalize(late, kNow), "occurred_at", "in_future"));
}

TEST(RecordRules, MemoUpTo2000CodePointsAndZoneMustBeKnown) {
  auto in = with(StatusDetail{3, std::nullopt});
  std::string memo;
  for (int i = 0; i < 2000; ++i) memo += "숨";
  in.memo = memo;
  EXPECT_TRUE(validate_and_normalize(in, kNow).empty());
  in.memo = memo + "a";
  in.time_zone = "Mars/Olympus";
  const auto errors = validate_and_normalize(in, kNow);
  EXPECT_TRUE(has_error(errors, "memo", "too_long"));
  EXPECT_TRUE(has_error(errors, "time_zone", "invalid"));
}

TEST(RecordRules, LungFunctionRangesAndBestOfThreeBlows) {
  LungFunctionDetail d;
  d.blows = {410, 455, 430};
  d.fev1 = 2.5;
  d.fvc = 3.4;
  auto in = with(d);
  EXPECT_TRUE(validate_and_normalize(in, kNow).empty());
  EXPECT_EQ(std::get<LungFunctionDetail>(in.detail).pef, 455);

  LungFunctionDetail bad;
  bad.pef = 49;
  bad.fev1 = 0.1;
  bad.fvc = 10.5;
  bad.timing = "during";
  auto errors = validate_and_normalize(in = with(bad), kNow);
  EXPECT_TRUE(has_error(errors, "lung_function.pef", "out_of_range"));
  EXPECT_TRUE(has_error(errors, "lung_function.fev1", "out_of_range"));
  EXPECT_TRUE(has_error(errors, "lung_function.fvc", "out_of_range"));
  EXPECT_TRUE(has_error(errors, "lung_function.timing", "unknown_code"));

  LungFunctionDetail edges;
  edges.pef = 900;
  edges.fev1 = 8.0;
  edges.fvc = 0.2;
  in = with(edges);
  EXPECT_TRUE(validate_and_normalize(in, kNow).empty());

  LungFunctionDetail four;
  four.blows = {300, 310, 320, 330};
  in = with(four);
  EXPECT_TRUE(has_error(validate_and_normalize(in, kNow), "lung_function.blows", "too_many"));

  LungFunctionDetail mismatch;
  mismatch.pef = 300;
  mismatch.blows = {300, 350};
  in = with(mismatch);
  EXPECT_TRUE(has_error(validate_and_normalize(in, kNow), "lung_function.pef", "not_best_blow"));
}

TEST(RecordRules, ActTotalIsComputedServerSide) {
  ControlTestDetail d;
  d.instrument = "act";
  d.answers = {{"act_1", 4}, {"act_2", 4}, {"act_3", 4}, {"act_4", 4}, {"act_5", 4}};
  d.score = 99;  // a client's number is ignored
  auto in = with(d);
  EXPECT_TRUE(validate_and_normalize(in, kNow).empty());
  EXPECT_EQ(std::get<ControlTestDetail>(in.detail).score, 20);
  EXPECT_EQ(std::get<ControlTestDetail>(in.detail).result, "well_controlled");

  EXPECT_EQ(score_act(25).result, "well_controlled");
  EXPECT_EQ(score_act(19).result, "not_well_controlled");
  EXPECT_EQ(score_act(16).result, "not_well_controlled");
  EXPECT_EQ(score_act(15).result, "very_poorly_controlled");
  EXPECT_EQ(score_act(5).score, 5);

  d.answers = {{"act_1", 6}, {"act_2", 0}, {"act_3", 4}, {"act_4", 4}};
  in = with(d);
  const auto errors = validate_and_normalize(in, kNow);
  EXPECT_TRUE(has_error(errors, "control_test.answers.act_1", "out_of_range"));
  EXPECT_TRUE(has_error(errors, "control_test.answers.act_2", "out_of_range"));
  EXPECT_TRUE(has_error(errors, "control_test.answers.act_5", "required"));
}

TEST(RecordRules, GinaCountsYesAnswers) {
  ControlTestDetail d;
  d.instrument = "gina";
  d.answers = {{"daytime_symptoms", 1}, {"night_waking", 0}, {"reliever_use", 1}, {"activity_limitation", 0}};
  auto in = with(d);
  EXPECT_TRUE(validate_and_normalize(in, kNow).empty());
  EXPECT_EQ(std::get<ControlTestDetail>(in.detail).score, 2);
  EXPECT_EQ(std::get<ControlTestDetail>(in.detail).result, "partly_controlled");
  EXPECT_EQ(score_gina(0).result, "well_controlled");
  EXPECT_EQ(score_gina(1).result, "partly_controlled");
  EXPECT_EQ(score_gina(3).result, "uncontrolled");
  EXPECT_EQ(score_gina(4).result, "uncontrolled");

  d.answers.erase("night_waking");
  d.answers["reliever_use"] = 3;
  in = with(d);
  const auto errors = validate_and_normalize(in, kNow);
  EXPECT_TRUE(has_error(errors, "control_test.answers.night_waking", "required"));
  EXPECT_TRUE(has_error(errors, "control_test.answers.reliever_use", "type"));
}

TEST(RecordRules, IntakeExacerbationAndStatus) {
  IntakeDetail intake;
  intake.category = "rescue";
  intake.doses = 2;
  auto in = with(intake);
  EXPECT_TRUE(has_error(validate_and_normalize(in, kNow), "intake.medication_name", "required"));
  intake.medication_name = "벤토린";
  in = with(intake);
  EXPECT_TRUE(validate_and_normalize(in, kNow).empty());

  in = with(ExacerbationDetail{"emergency_room", "2026-11-20", "2026-11-19"});
  EXPECT_TRUE(has_error(validate_and_normalize(in, kNow), "exacerbation.end_date", "before_start"));
  in = with(ExacerbationDetail{"hospital_admission", "2026-02-30", std::nullopt});
  EXPECT_TRUE(has_error(validate_and_normalize(in, kNow), "exacerbation.start_date", "invalid"));

  in = with(StatusDetail{6, std::nullopt});
  EXPECT_TRUE(has_error(validate_and_normalize(in, kNow), "status.mood", "out_of_range"));
}

}  // namespace
}  // namespace soom::records
