// kill -9 in the middle of a 500-record batch leaves either the whole batch or none of it,
// and replaying the batch afterwards converges on exactly one copy.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "core/random.hpp"
#include "db/db.hpp"
#include "support/api_helpers.hpp"
#include "support/server_process.hpp"

namespace soom::testing {
namespace {

namespace json = boost::json;

class RecordsDurabilityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SOOM_REQUIRE_ENGINE(engine_under_test());
    database_ = std::make_unique<db::testing::TempDatabase>(engine_under_test());
  }
  std::int64_t count_records(const std::string& user_id, const std::vector<std::string>& ids) {
    auto db = db::open_database(database_->options(1));
    auto tx = db->read();
    std::int64_t n = 0;
    for (const auto& id : ids) {
      n += tx.query("SELECT COUNT(*) FROM records WHERE user_id = $1 AND id = $2", {user_id, id})
               .rows.at(0)
               .get_int(0);
    }
    return n;
  }
  std::unique_ptr<db::testing::TempDatabase> database_;
};

TEST_F(RecordsDurabilityTest, KillNineDuringABatchLeavesAllOrNothing) {
  ServerProcess server(database_->url(), {});
  server.start();
  const auto user = create_user(server.api());
  for (const int delay_ms : {2, 25, 80}) {
    json::array records;
    std::vector<std::string> ids;
    for (int i = 0; i < 500; ++i) {
      ids.push_back(new_uuid_v7());
      records.push_back(json::object{
          {"id", ids.back()},
          {"type", "symptom"},
          {"occurred_at", "2026-10-" + std::string(i % 28 + 1 < 10 ? "0" : "") + std::to_string(i % 28 + 1) +
                              "T0" + std::to_string(i % 10) + ":00:00Z"},
          {"time_zone", "Asia/Seoul"},
          {"memo", "오프라인 " + std::to_string(i)},
          {"symptom", {{"severity", i % 4}, {"symptoms", {"cough", "night_waking"}}, {"triggers", {"pollen"}}}}});
    }
    const auto body = json::serialize(json::object{{"records", records}});
    const int fd = connect_tcp(server.api_port());
    ASSERT_GE(fd, 0);
    const std::string wire = "POST /v1/records:batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                             "Authorization: Bearer " + user.access_token + "\r\nContent-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n" + body;
    ASSERT_TRUE(write_all(fd, wire));
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    server.kill9();
    ::close(fd);

    const auto survived = count_records(user.id, ids);
    EXPECT_TRUE(survived == 0 || survived == 500) << "delay " << delay_ms << "ms left " << survived << " of 500";
    std::cout << "kill -9 after " << delay_ms << " ms: " << survived << " of 500 records committed\n";

    // The client never saw an answer, so it replays: exactly one copy afterwards.
    server.start();
    auto replay = server.api().call("POST", "/v1/records:batch", body, user.access_token, "/v1/records:batch");
    ASSERT_EQ(replay.status, 200) << replay.body;
    const auto replayed = replay.json();
    for (const auto& item : replayed.at("results").as_array()) {
      EXPECT_EQ(item.at("status").as_int64(), survived == 500 ? 200 : 201);
    }
    EXPECT_EQ(count_records(user.id, ids), 500);
  }
}

}  // namespace
}  // namespace soom::testing
