// Reminders on the real binary: a reminder due while the server was down fires late
// (marked late) after a restart; with two server processes on one database every reminder
// fires once, within a second of its time; taking a dose from the reminder twice (once
// through each process) creates one intake record.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <future>
#include <thread>

#include "core/time.hpp"
#include "support/api_helpers.hpp"
#include "support/server_process.hpp"

namespace soom::testing {
namespace {

namespace json = boost::json;
using std::chrono::milliseconds;

constexpr const char* kMeds = "/v1/medications";
constexpr const char* kDoses = "/v1/doses";
constexpr const char* kTake = "/v1/doses/{id:uuid}/take";
constexpr std::int64_t kKst = 9 * 3600 * 1000;  // users default to Asia/Seoul (no DST)

std::int64_t now_ms() { return to_unix_ms(Instant(std::chrono::duration_cast<milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch()))); }

// "HH:MM" in Seoul of a UTC instant on a whole minute.
std::string hhmm_of(std::int64_t utc_ms) {
  const auto of_day = ((utc_ms + kKst) / 60'000) % 1440;
  char hhmm[8];
  std::snprintf(hhmm, sizeof hhmm, "%02lld:%02lld", static_cast<long long>(of_day / 60),
                static_cast<long long>(of_day % 60));
  return hhmm;
}

// The next whole minute at least `lead_ms` away (UTC unix ms).
std::int64_t next_minute(std::int64_t lead_ms) {
  const auto now = now_ms();
  auto minute = (now / 60'000 + 1) * 60'000;
  if (minute - now < lead_ms) minute += 60'000;
  return minute;
}

void sleep_until_ms(std::int64_t unix_ms) {
  const auto wait = unix_ms - now_ms();
  if (wait > 0) std::this_thread::sleep_for(milliseconds(wait));
}

std::string add_daily(const HttpClient& api, const std::string& token, const std::string& hhmm) {
  json::object body{{"name", "렐바 엘립타"}, {"role", "controller"}, {"dose", 1}, {"dose_unit", "puff"},
                    {"schedule", {{"kind", "daily"}, {"times", {hhmm}}}}};
  auto r = api.call("POST", "/v1/medications", json::serialize(body), token, kMeds);
  if (r.status != 201) throw std::runtime_error("create failed: " + r.body);
  return std::string(r.json().at("id").as_string());
}

// The slot of `medication` due at `due_ms`, once its reminder left the queue (or nullopt on timeout).
std::optional<json::object> wait_fired(const HttpClient& api, const std::string& token, const std::string& medication,
                                       std::int64_t due_ms, int timeout_ms) {
  const auto deadline = now_ms() + timeout_ms;
  const auto window = "?from=" + format_rfc3339(from_unix_ms(due_ms - 60'000)) +
                      "&to=" + format_rfc3339(from_unix_ms(due_ms + 60'000));
  while (now_ms() < deadline) {
    auto r = api.call("GET", "/v1/doses" + window, {}, token, kDoses);
    if (r.status == 200) {
      const auto body = r.json();
      for (const auto& item : body.at("items").as_array()) {
        const auto& slot = item.as_object();
        if (slot.at("medication_id").as_string() != medication) continue;
        if (slot.at("reminder").at("state").as_string() != "due") return slot;
      }
    }
    std::this_thread::sleep_for(milliseconds(100));
  }
  return std::nullopt;
}

std::int64_t ms_of(const json::value& v) { return to_unix_ms(parse_rfc3339(std::string(v.as_string())).value()); }

int reminders_in_inbox(const HttpClient& api, const std::string& token) {
  auto r = api.call("GET", "/v1/notifications", {}, token);
  if (r.status != 200) return -1;
  int n = 0;
  const auto body = r.json();
  for (const auto& item : body.at("items").as_array()) {
    if (item.at("kind").as_string() == "dose_reminder") ++n;
  }
  return n;
}

TEST(MedicationReminders, LateAfterRestartOnceAcrossTwoProcessesAndOneIntakeRecord) {
  SOOM_REQUIRE_ENGINE(engine_under_test());
  db::testing::TempDatabase database(engine_under_test());
  ServerProcess::Options options;
  options.env["SOOMCARE_AUTH_JWT_SECRET"] = std::string(48, 'k');  // tokens valid in every process
  options.env["SOOMCARE_MEDICATION_LATE_AFTER_S"] = "1";
  // The killed process leaves its queue lease behind (SQLite: one queue owner); a short
  // lease lets the restarted workers take over within the test's wait, not after 30 s.
  options.env["SOOMCARE_MEDICATION_LEASE_MS"] = "2000";
  auto first = std::make_unique<ServerProcess>(database.url(), options);
  first->start();
  const auto alice = create_user(first->api());
  const auto bob = create_user(first->api());
  const auto down_due = next_minute(8'000);
  const auto up_due = down_due + 60'000;
  const auto alice_med = add_daily(first->api(), alice.access_token, hhmm_of(down_due));
  const auto bob_med = add_daily(first->api(), bob.access_token, hhmm_of(up_due));

  // The server dies before Alice's dose is due and comes back 3 s after it, as two processes.
  first->kill9();
  sleep_until_ms(down_due + 3'000);
  ServerProcess second(database.url(), options);
  ServerProcess third(database.url(), options);
  second.start();
  third.start();

  auto late = wait_fired(second.api(), alice.access_token, alice_med, down_due, 20'000);
  ASSERT_TRUE(late.has_value()) << second.log();
  EXPECT_EQ(late->at("reminder").at("state").as_string(), "fired");
  EXPECT_TRUE(late->at("reminder").at("late").as_bool());
  EXPECT_GE(ms_of(late->at("reminder").at("fired_at")) - down_due, 3'000);

  // Bob's dose comes due while both processes run: fired once, on time (within 1 s).
  auto on_time = wait_fired(third.api(), bob.access_token, bob_med, up_due, 75'000);
  ASSERT_TRUE(on_time.has_value()) << third.log();
  EXPECT_EQ(on_time->at("reminder").at("state").as_string(), "fired");
  EXPECT_FALSE(on_time->at("reminder").at("late").as_bool());
  const auto lateness = ms_of(on_time->at("reminder").at("fired_at")) - up_due;
  EXPECT_GE(lateness, 0);
  EXPECT_LT(lateness, 1'000);

  // One reminder in each inbox, however many processes ran the queue.
  std::this_thread::sleep_for(milliseconds(1'500));
  EXPECT_EQ(reminders_in_inbox(second.api(), bob.access_token), 1);
  EXPECT_EQ(reminders_in_inbox(third.api(), alice.access_token), 1);

  // "Taken" from the reminder, sent twice at once through both processes: one intake record.
  const auto slot = std::string(on_time->at("id").as_string());
  auto via_second = std::async(std::launch::async, [&] {
    return second.api().call("POST", "/v1/doses/" + slot + "/take", {}, bob.access_token, kTake);
  });
  auto via_third = third.api().call("POST", "/v1/doses/" + slot + "/take", {}, bob.access_token, kTake);
  auto other = via_second.get();
  EXPECT_EQ(via_third.status, 200) << via_third.body;
  EXPECT_EQ(other.status, 200) << other.body;
  auto records = second.api().call("GET", "/v1/records?type=intake", {}, bob.access_token);
  ASSERT_EQ(records.status, 200) << records.body;
  ASSERT_EQ(records.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(records.json().at("items").as_array()[0].at("intake").at("medication_id").as_string(), bob_med);
}

}  // namespace
}  // namespace soom::testing
