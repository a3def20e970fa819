// Deleting an account erases the user's data in every context (identity.user_deleted
// is consumed by the worker inside `serve`), and leaves other users' data alone.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <thread>

#include "core/random.hpp"
#include "support/api_helpers.hpp"
#include "support/server_process.hpp"

namespace soom::testing {
namespace {

namespace json = boost::json;

std::int64_t rows_for(db::Database& db, const std::string& table, const std::string& user_id) {
  auto tx = db.read();
  return tx.query("SELECT COUNT(*) FROM " + table + " WHERE user_id = $1", {user_id}).rows.at(0).get_int(0);
}

std::string symptom_record() {
  return json::serialize(json::object{{"type", "symptom"},
                                      {"occurred_at", "2026-11-20T12:00:00Z"},
                                      {"time_zone", "Asia/Seoul"},
                                      {"symptom", {{"symptoms", json::array{"cough"}}, {"severity", 1}}}});
}

std::string medication_body() {
  return json::serialize(json::object{{"name", "심비코트 터부헬러"},
                                      {"role", "controller"},
                                      {"dose", 1},
                                      {"dose_unit", "puff"},
                                      {"schedule", {{"kind", "daily"}, {"times", json::array{"08:00", "20:00"}}}}});
}

TEST(AccountErasureTest, DeletingAnAccountErasesRecordsMedicationsAndNotifications) {
  SOOM_REQUIRE_ENGINE(engine_under_test());
  TestServer server;
  auto api = server.api();
  auto leaving = create_user(api);
  auto staying = create_user(api);
  for (const auto* user : {&leaving, &staying}) {
    ASSERT_EQ(api.call("PUT", "/v1/records/" + new_uuid_v7(), symptom_record(), user->access_token).status, 201);
    ASSERT_EQ(api.call("POST", "/v1/me/notifications/test", "{}", user->access_token).status / 100, 2);
    auto med = api.call("POST", "/v1/medications", medication_body(), user->access_token);
    ASSERT_EQ(med.status, 201) << med.body;
  }
  auto database = db::open_database(db::OpenOptions{server.database_url(), 1, 5000});
  ASSERT_EQ(rows_for(*database, "records", leaving.id), 1);
  ASSERT_EQ(api.call("DELETE", "/v1/me", json::serialize(json::object{{"password", leaving.password}}),
                     leaving.access_token)
                .status,
            204);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while ((rows_for(*database, "records", leaving.id) > 0 || rows_for(*database, "notifications", leaving.id) > 0 ||
          rows_for(*database, "medications", leaving.id) > 0) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(rows_for(*database, "records", leaving.id), 0);
  EXPECT_EQ(rows_for(*database, "notifications", leaving.id), 0);
  EXPECT_EQ(rows_for(*database, "medications", leaving.id), 0);
  EXPECT_EQ(rows_for(*database, "dose_slots", leaving.id), 0);
  EXPECT_EQ(rows_for(*database, "records", staying.id), 1);
  EXPECT_EQ(rows_for(*database, "medications", staying.id), 1);
  EXPECT_EQ(rows_for(*database, "notifications", staying.id), 1);
}

}  // namespace
}  // namespace soom::testing
