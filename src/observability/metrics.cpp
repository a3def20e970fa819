#include "observability/metrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>
#include <shared_mutex>
#include <spdlog/spdlog.h>
#include <unordered_map>

namespace soom::observability {

struct Metrics::Impl {
  explicit Impl(PoolStats stats)
      : registry(std::make_shared<prometheus::Registry>()),
        requests(prometheus::BuildCounter()
                     .Name("http_requests_total")
                     .Help("HTTP requests by listener, method, route template and status")
                     .Register(*registry)),
        durations(prometheus::BuildHistogram()
                      .Name("http_request_duration_seconds")
                      .Help("HTTP request latency inside the pipeline")
                      .Register(*registry)),
        pool(prometheus::BuildGauge()
                 .Name("db_pool_connections")
                 .Help("Database pool connections (state=in_use|size)")
                 .Register(*registry)),
        pool_in_use(pool.Add({{"state", "in_use"}})),
        pool_size(pool.Add({{"state", "size"}})),
        build_info(prometheus::BuildGauge()
                       .Name("soomcare_build_info")
                       .Help("Build information; the value is always 1")
                       .Register(*registry)),
        pool_stats(std::move(stats)) {}

  std::shared_ptr<prometheus::Registry> registry;
  prometheus::Family<prometheus::Counter>& requests;
  prometheus::Family<prometheus::Histogram>& durations;
  prometheus::Family<prometheus::Gauge>& pool;
  prometheus::Gauge& pool_in_use;
  prometheus::Gauge& pool_size;
  prometheus::Family<prometheus::Gauge>& build_info;
  PoolStats pool_stats;

  // The series one (listener, method, route, status) updates. Family::Add builds a label map,
  // hashes it and locks the family on every call; the pointers it returns stay valid for the
  // family's life, so each combination is resolved once and then only read under a shared lock.
  struct Series {
    prometheus::Counter* requests;
    prometheus::Histogram* durations;
  };
  std::shared_mutex series_mutex;
  std::unordered_map<std::string, Series> series;
};

namespace {

// Latency buckets in seconds: dense where an API should live (5 ms … 1 s).
const prometheus::Histogram::BucketBoundaries& latency_buckets() {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                                   0.5,   1.0,  2.5,   5.0,  10.0};
  return kBuckets;
}

}  // namespace

Metrics::Metrics(std::string version, PoolStats pool_stats) : impl_(std::make_unique<Impl>(std::move(pool_stats))) {
  impl_->build_info.Add({{"version", std::move(version)}}).Set(1);
}

Metrics::~Metrics() = default;

void Metrics::on_request(const http::RequestRecord& record) {
  // Labels use the route template, never the raw path, to keep cardinality bounded.
  thread_local std::string key;
  key.assign(record.listener).append(1, '\x1f').append(record.method).append(1, '\x1f');
  key.append(record.route).append(1, '\x1f').append(std::to_string(record.status));
  Impl::Series series{};
  {
    std::shared_lock lock(impl_->series_mutex);
    if (auto it = impl_->series.find(key); it != impl_->series.end()) series = it->second;
  }
  if (series.requests == nullptr) {
    std::unique_lock lock(impl_->series_mutex);
    series.requests = &impl_->requests.Add({{"listener", record.listener},
                                            {"method", record.method},
                                            {"route", record.route},
                                            {"status", std::to_string(record.status)}});
    series.durations = &impl_->durations.Add(
        {{"listener", record.listener}, {"method", record.method}, {"route", record.route}}, latency_buckets());
    impl_->series.emplace(key, series);
  }
  series.requests->Increment();
  series.durations->Observe(std::chrono::duration<double>(record.latency).count());
}

std::string Metrics::render() const {
  if (impl_->pool_stats) {
    try {
      const auto [in_use, size] = impl_->pool_stats();
      impl_->pool_in_use.Set(in_use);
      impl_->pool_size.Set(size);
    } catch (const std::exception& e) {
      // A scrape must still succeed; the gauges keep their last values.
      spdlog::warn("metrics: database pool stats unavailable: {}", e.what());
    }
  }
  return prometheus::TextSerializer().Serialize(impl_->registry->Collect());
}

prometheus::Registry& Metrics::registry() { return *impl_->registry; }

}  // namespace soom::observability
