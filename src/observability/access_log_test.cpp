#include "observability/access_log.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <sstream>

namespace soom::observability {
namespace {

class AccessLogTest : public ::testing::Test {
 protected:
  AccessLogTest()
      : logger_(std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::ostream_sink_st>(out_))),
        clock_(std::make_shared<ManualClock>(from_unix_ms(1'795'000'000'123))) {
    logger_->set_pattern("%v");
  }

  std::vector<boost::json::object> lines() const {
    std::vector<boost::json::object> parsed;
    std::istringstream in(out_.str());
    for (std::string line; std::getline(in, line);) parsed.push_back(boost::json::parse(line).as_object());
    return parsed;
  }

  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> logger_;
  std::shared_ptr<ManualClock> clock_;
};

http::RequestRecord sample() {
  http::RequestRecord r;
  r.listener = "api";
  r.request_id = "0190b2a4-7c1d-7abc-8def-0123456789ab";
  r.method = "POST";
  r.route = "/v1/records";
  r.status = 201;
  r.latency = std::chrono::microseconds(12'345);
  r.user_id = "user-1";
  r.remote_ip = "203.0.113.9";
  return r;
}

TEST_F(AccessLogTest, WritesOneJsonLinePerRequest) {
  AccessLog log(logger_, clock_);
  log.on_request(sample());
  auto second = sample();
  second.status = 503;
  second.user_id.clear();
  log.on_request(second);

  const auto parsed = lines();
  ASSERT_EQ(parsed.size(), 2u);
  const auto& first = parsed[0];
  EXPECT_EQ(first.at("time").as_string(), format_rfc3339(clock_->now()));
  EXPECT_EQ(first.at("level").as_string(), "info");
  EXPECT_EQ(first.at("request_id").as_string(), "0190b2a4-7c1d-7abc-8def-0123456789ab");
  EXPECT_EQ(first.at("listener").as_string(), "api");
  EXPECT_EQ(first.at("method").as_string(), "POST");
  EXPECT_EQ(first.at("route").as_string(), "/v1/records");
  EXPECT_EQ(first.at("status").as_int64(), 201);
  EXPECT_EQ(first.at("latency_us").as_int64(), 12345);
  EXPECT_EQ(first.at("user_id").as_string(), "user-1");
  EXPECT_EQ(first.at("remote_ip").as_string(), "203.0.113.9");

  EXPECT_EQ(parsed[1].at("level").as_string(), "error");
  EXPECT_TRUE(parsed[1].at("user_id").is_null());
}

TEST_F(AccessLogTest, EscapesHostileValuesSoEachRecordStaysOneLine) {
  AccessLog log(logger_, clock_);
  auto r = sample();
  r.route = "/v1/\"x\"\n{\"injected\":true}";
  r.remote_ip = "\\\t";
  log.on_request(r);
  const auto parsed = lines();
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0].at("route").as_string(), r.route);
  EXPECT_EQ(parsed[0].at("remote_ip").as_string(), r.remote_ip);
  EXPECT_FALSE(parsed[0].contains("injected"));
}

TEST_F(AccessLogTest, RespectsLoggerLevel) {
  logger_->set_level(spdlog::level::warn);
  AccessLog log(logger_, clock_);
  log.on_request(sample());  // 201 → info: filtered
  auto failed = sample();
  failed.status = 404;
  log.on_request(failed);
  const auto parsed = lines();
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0].at("status").as_int64(), 404);
  EXPECT_EQ(parsed[0].at("level").as_string(), "warning");
}

}  // namespace
}  // namespace soom::observability
