// Action plan validation and storage (both engines).
#include "modules/report/action_plan.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "db/migrations.hpp"
#include "db/testing/engine_fixture.hpp"

namespace soom::report {
namespace {

bool has_error(const std::vector<FieldError>& errors, const std::string& field) {
  return std::any_of(errors.begin(), errors.end(), [&](const FieldError& e) { return e.field == field; });
}

TEST(ActionPlanValidation, AcceptsAFullPlan) {
  ActionPlan p;
  p.personal_best_pef = 480;
  p.green = {"심비코트 1회 2번", "평소처럼 지내기"};
  p.red = {"벤톨린 4회", "119에 전화"};
  p.call_119_when = "말하기 힘들 때\n입술이 파래질 때";
  p.doctor_name = "김숨 선생님";
  p.doctor_phone = "02-123-4567";
  EXPECT_TRUE(validate_action_plan(p).empty());
}

TEST(ActionPlanValidation, ReportsEveryProblem) {
  ActionPlan p;
  p.personal_best_pef = 40;
  p.green_min_percent = 70;
  p.yellow_min_percent = 70;
  p.yellow.take = std::string(501, 'a');
  p.red.act = std::string(500, 'a');  // exactly the limit: fine
  p.doctor_name = "이름\n줄바꿈";
  p.doctor_phone = "전화해";
  const auto errors = validate_action_plan(p);
  EXPECT_EQ(errors.size(), 5u);
  for (const char* f : {"personal_best_pef", "yellow_min_percent", "zones.yellow.take", "doctor.name", "doctor.phone"}) {
    EXPECT_TRUE(has_error(errors, f)) << f;
  }
}

TEST(ActionPlanValidation, CountsCodePointsNotBytes) {
  EXPECT_EQ(code_points("숨케어"), 3u);
  ActionPlan p;
  p.call_doctor_when = "";
  for (int i = 0; i < 500; ++i) p.call_doctor_when += "숨";  // 1500 bytes, 500 characters
  EXPECT_TRUE(validate_action_plan(p).empty());
  p.call_doctor_when += "숨";
  EXPECT_TRUE(has_error(validate_action_plan(p), "call_doctor_when"));
}

class ActionPlanRepositoryTest : public db::testing::MigratedEngineTest {
 protected:
  void SetUp() override {
    MigratedEngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
  }
};

TEST_P(ActionPlanRepositoryTest, SavesAndReplacesTheTexts) {
  ActionPlan p;
  p.yellow = {"벤톨린 2회", "쉬기"};
  p.doctor_phone = "010-0000-0000";
  const Instant t1 = from_unix_ms(1'790'000'000'000);
  {
    auto tx = db().begin();
    EXPECT_FALSE(repo::load_plan(tx, "u1").has_value());
    repo::save_plan(tx, "u1", p, t1);
    tx.commit();
  }
  p.yellow.act = "앉아서 쉬기";
  {
    auto tx = db().begin();
    repo::save_plan(tx, "u1", p, t1 + std::chrono::seconds(5));
    tx.commit();
  }
  auto tx = db().read();
  const auto loaded = repo::load_plan(tx, "u1");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->yellow.take, "벤톨린 2회");
  EXPECT_EQ(loaded->yellow.act, "앉아서 쉬기");
  EXPECT_EQ(loaded->doctor_phone, "010-0000-0000");
  EXPECT_EQ(loaded->updated_at, t1 + std::chrono::seconds(5));
  EXPECT_FALSE(repo::load_plan(tx, "u2").has_value());
  EXPECT_EQ(count("report_action_plans"), 1);
}

SOOM_INSTANTIATE_FOR_ENGINES(ActionPlanRepositoryTest);

}  // namespace
}  // namespace soom::report
