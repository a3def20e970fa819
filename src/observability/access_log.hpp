#pragma once
// One JSON line per finished request. Never logs bodies, headers or tokens: the
// RequestRecord does not carry them.
#include <memory>

#include "core/time.hpp"
#include "http/pipeline.hpp"

namespace spdlog {
class logger;
}  // namespace spdlog

namespace soom::observability {

class AccessLog final : public http::RequestObserver {
 public:
  // The logger should use the pattern "%v": the line is already complete JSON.
  explicit AccessLog(std::shared_ptr<spdlog::logger> logger,
                     std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>());
  void on_request(const http::RequestRecord& record) override;

 private:
  std::shared_ptr<spdlog::logger> logger_;
  std::shared_ptr<const Clock> clock_;
};

}  // namespace soom::observability
