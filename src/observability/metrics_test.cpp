#include "observability/metrics.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>
#include <vector>

namespace soom::observability {
namespace {

http::RequestRecord record(std::string route, int status, std::chrono::microseconds latency) {
  http::RequestRecord r;
  r.listener = "api";
  r.method = "GET";
  r.route = std::move(route);
  r.status = status;
  r.latency = latency;
  r.request_id = "req";
  return r;
}

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

TEST(Metrics, CountsRequestsByRouteTemplateAndStatus) {
  Metrics metrics("1.2.3");
  metrics.on_request(record("/v1/records/{id:uuid}", 200, std::chrono::milliseconds(3)));
  metrics.on_request(record("/v1/records/{id:uuid}", 200, std::chrono::milliseconds(30)));
  metrics.on_request(record("unmatched", 404, std::chrono::microseconds(50)));
  const std::string text = metrics.render();
  EXPECT_TRUE(contains(text, "# TYPE http_requests_total counter")) << text;
  EXPECT_TRUE(contains(text, R"(http_requests_total{listener="api",method="GET",route="/v1/records/{id:uuid}",status="200"} 2)"))
      << text;
  EXPECT_TRUE(contains(text, R"(http_requests_total{listener="api",method="GET",route="unmatched",status="404"} 1)"))
      << text;
}

TEST(Metrics, SeriesAreCountedPerInstanceAndFromManyThreads) {
  // Each combination is resolved once and cached: two instances must not share counters,
  // and concurrent first requests must not lose increments.
  Metrics first("1");
  Metrics second("1");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 250; ++i) first.on_request(record("/v1/me", 200 + (i % 2), std::chrono::milliseconds(1)));
    });
  }
  for (auto& thread : threads) thread.join();
  second.on_request(record("/v1/me", 200, std::chrono::milliseconds(1)));
  const std::string text = first.render();
  EXPECT_TRUE(contains(text, R"(http_requests_total{listener="api",method="GET",route="/v1/me",status="200"} 500)"))
      << text;
  EXPECT_TRUE(contains(text, R"(http_requests_total{listener="api",method="GET",route="/v1/me",status="201"} 500)"))
      << text;
  EXPECT_TRUE(contains(text, R"(http_request_duration_seconds_count{listener="api",method="GET",route="/v1/me"} 1000)"))
      << text;
  EXPECT_TRUE(contains(second.render(),
                       R"(http_requests_total{listener="api",method="GET",route="/v1/me",status="200"} 1)"));
}

TEST(Metrics, RecordsLatencyHistogramInSeconds) {
  Metrics metrics("1.2.3");
  metrics.on_request(record("/v1/me", 200, std::chrono::milliseconds(3)));
  metrics.on_request(record("/v1/me", 200, std::chrono::milliseconds(300)));
  const std::string text = metrics.render();
  EXPECT_TRUE(contains(text, "# TYPE http_request_duration_seconds histogram")) << text;
  EXPECT_TRUE(contains(text, R"(http_request_duration_seconds_count{listener="api",method="GET",route="/v1/me"} 2)"))
      << text;
  EXPECT_TRUE(
      contains(text, R"(http_request_duration_seconds_bucket{listener="api",method="GET",route="/v1/me",le="0.005"} 1)"))
      << text;
  EXPECT_TRUE(
      contains(text, R"(http_request_duration_seconds_bucket{listener="api",method="GET",route="/v1/me",le="0.5"} 2)"))
      << text;
  EXPECT_TRUE(contains(text, R"(http_request_duration_seconds_sum{listener="api",method="GET",route="/v1/me"} 0.303)"))
      << text;
}

TEST(Metrics, PoolGaugesAreSampledOnEveryScrape) {
  int in_use = 1;
  Metrics metrics("1.2.3", [&] { return std::pair{in_use, 8}; });
  EXPECT_TRUE(contains(metrics.render(), R"(db_pool_connections{state="in_use"} 1)"));
  in_use = 5;
  const std::string text = metrics.render();
  EXPECT_TRUE(contains(text, R"(db_pool_connections{state="in_use"} 5)")) << text;
  EXPECT_TRUE(contains(text, R"(db_pool_connections{state="size"} 8)")) << text;
}

TEST(Metrics, FailingPoolCallbackDoesNotBreakTheScrape) {
  bool fail = false;
  Metrics metrics("1.2.3", [&]() -> std::pair<int, int> {
    if (fail) throw std::runtime_error("pool gone");
    return {2, 4};
  });
  metrics.render();
  fail = true;
  const std::string text = metrics.render();
  EXPECT_TRUE(contains(text, R"(db_pool_connections{state="in_use"} 2)")) << text;
}

TEST(Metrics, ExposesBuildInfo) {
  Metrics metrics("0.1.0");
  EXPECT_TRUE(contains(metrics.render(), R"(soomcare_build_info{version="0.1.0"} 1)"));
}

}  // namespace
}  // namespace soom::observability
