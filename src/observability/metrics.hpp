#pragma once
// Prometheus metrics for the /metrics endpoint. Observes every finished request
// (RequestObserver) and exposes the registry so other modules can add their own.
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "http/pipeline.hpp"

namespace prometheus {
class Registry;
}  // namespace prometheus

namespace soom::observability {

class Metrics final : public http::RequestObserver {
 public:
  // (in_use, size) of the database connection pool, sampled on every scrape.
  using PoolStats = std::function<std::pair<int, int>()>;

  explicit Metrics(std::string version, PoolStats pool_stats = {});
  ~Metrics() override;
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  void on_request(const http::RequestRecord& record) override;
  // Prometheus text exposition format (version 0.0.4).
  std::string render() const;
  prometheus::Registry& registry();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace soom::observability
