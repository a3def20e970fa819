#include "observability/access_log.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

namespace soom::observability {
namespace {

spdlog::level::level_enum level_for(int status) {
  if (status >= 500) return spdlog::level::err;
  if (status >= 400) return spdlog::level::warn;
  return spdlog::level::info;
}

}  // namespace

AccessLog::AccessLog(std::shared_ptr<spdlog::logger> logger, std::shared_ptr<const Clock> clock)
    : logger_(std::move(logger)), clock_(std::move(clock)) {}

void AccessLog::on_request(const http::RequestRecord& record) {
  const auto level = level_for(record.status);
  if (!logger_->should_log(level)) return;
  boost::json::object line;
  line["time"] = format_rfc3339(clock_->now());
  line["level"] = std::string(spdlog::level::to_string_view(level).data(), spdlog::level::to_string_view(level).size());
  line["request_id"] = record.request_id;
  line["listener"] = record.listener;
  line["method"] = record.method;
  line["route"] = record.route;
  line["status"] = record.status;
  // Integer microseconds: exact, and Boost.JSON prints doubles in exponent form (1.8E2).
  line["latency_us"] = static_cast<std::int64_t>(record.latency.count());
  if (record.user_id.empty()) {
    line["user_id"] = nullptr;
  } else {
    line["user_id"] = record.user_id;
  }
  line["remote_ip"] = record.remote_ip;
  // serialize() escapes quotes, control characters and newlines: one record, one line.
  logger_->log(level, "{}", boost::json::serialize(line));
}

}  // namespace soom::observability
