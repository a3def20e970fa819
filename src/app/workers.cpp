#include "app/workers.hpp"

#include <spdlog/spdlog.h>

#include "app/runtime.hpp"

namespace soom::app {

std::vector<std::shared_ptr<events::Consumer>> build_consumers(Runtime& runtime) {
  std::vector<std::shared_ptr<events::Consumer>> consumers;
  (void)runtime;  // modules add their consumers here as they land
  return consumers;
}

Workers::Workers(Runtime& runtime, std::chrono::milliseconds poll_interval)
    : dispatcher_(std::make_unique<events::Dispatcher>(runtime.db, runtime.clock, build_consumers(runtime))),
      poll_interval_(poll_interval) {}

Workers::~Workers() { stop(); }

void Workers::start() {
  thread_ = std::thread([this] { loop(); });
}

void Workers::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Workers::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    int handled = 0;
    try {
      handled = dispatcher_->run_once();
    } catch (const std::exception& e) {
      spdlog::error("outbox dispatcher pass failed: {}", e.what());
    }
    lock.lock();
    // Busy queues are drained back to back; an idle one is polled.
    if (handled == 0) wake_.wait_for(lock, poll_interval_, [this] { return stopping_; });
  }
}

}  // namespace soom::app
