#pragma once
// Background workers of a process: the outbox dispatcher today; reminders and the
// search indexer join it as their modules land. Runs on its own thread.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <string>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "events/dispatcher.hpp"

namespace soom::app {

struct Runtime;

class Workers final {
 public:
  explicit Workers(Runtime& runtime, std::chrono::milliseconds poll_interval = std::chrono::milliseconds(200));
  ~Workers();
  void start();
  void stop();  // idempotent; waits for the current pass to finish

 private:
  void loop();
  std::unique_ptr<events::Dispatcher> dispatcher_;
  std::vector<std::pair<std::string, std::function<int()>>> tasks_;
  std::chrono::milliseconds poll_interval_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

// The outbox consumers of every module, wired in one place.
std::vector<std::shared_ptr<events::Consumer>> build_consumers(Runtime& runtime);
// Periodic work run on every worker pass (name, pass → amount of work done; 0 = idle).
std::vector<std::pair<std::string, std::function<int()>>> build_periodic_tasks(Runtime& runtime);

}  // namespace soom::app
