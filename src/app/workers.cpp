#include "app/workers.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <optional>
#include <stdexcept>

#include "app/runtime.hpp"

namespace soom::app {

std::vector<std::shared_ptr<events::Consumer>> build_consumers(Runtime& runtime) {
  std::vector<std::shared_ptr<events::Consumer>> consumers;
  // identity.user_deleted: every context erases what it holds about the user.
  consumers.push_back(records::make_user_erasure_consumer(runtime.db));
  consumers.push_back(content::make_user_erasure_consumer(runtime.db));
  consumers.push_back(notification::make_user_erasure_consumer(runtime.db));
  for (auto& c : medication::make_medication_consumers(runtime.medication_deps)) consumers.push_back(std::move(c));
  for (auto& c : report::make_report_consumers(runtime.report_deps)) consumers.push_back(std::move(c));
  for (auto& c : community::make_community_consumers(runtime.community_deps)) consumers.push_back(std::move(c));
  consumers.push_back(search::make_indexing_consumer(runtime.search, runtime.search_source));
  return consumers;
}

namespace {

// A periodic task from a service call that returns how much it did; a failed call becomes the
// exception the worker loop logs.
template <class Service>
std::function<int()> counted(std::shared_ptr<Service> service, Result<int> (Service::*call)()) {
  return [service = std::move(service), call] {
    auto done = ((*service).*call)();
    if (!done) throw std::runtime_error(done.error().internal_message);
    return *done;
  };
}

// The search query log keeps config.search.query_log_days (its text is whatever people typed):
// looked at every ten minutes, then deleted in short batches on consecutive passes while more
// is waiting.
constexpr int kQueryLogBatch = 5000;
constexpr std::chrono::minutes kQueryLogInterval{10};

std::function<int()> query_log_retention(const Runtime& runtime) {
  return [index = runtime.search, clock = runtime.clock, keep = std::chrono::days(runtime.config.search.query_log_days),
          next = std::optional<Instant>()]() mutable {
    const Instant now = clock->now();
    if (next && now < *next) return 0;
    auto deleted = index->purge_query_log(to_unix_ms(now - keep), kQueryLogBatch);
    if (!deleted) throw std::runtime_error(deleted.error().internal_message);
    next = *deleted == kQueryLogBatch ? std::nullopt : std::optional<Instant>(now + kQueryLogInterval);
    return *deleted;
  };
}

}  // namespace

std::vector<std::pair<std::string, std::function<int()>>> build_periodic_tasks(Runtime& runtime) {
  std::vector<std::pair<std::string, std::function<int()>>> tasks;
  tasks.emplace_back("notification delivery", [service = runtime.notifications] { return service->run_delivery_pass(); });
  tasks.emplace_back("medication reminders", [scheduler = runtime.reminders] { return scheduler->run_once(); });
  tasks.emplace_back("content view-row purge", counted(runtime.content, &content::ContentService::purge_past_view_rows));
  // Secrets stored before data.key existed: sealed in batches, then nothing (once per process).
  tasks.emplace_back("identity secret sealing",
                     counted(runtime.identity, &identity::IdentityService::seal_legacy_secrets));
  tasks.emplace_back("notification secret sealing",
                     counted(runtime.notifications, &notification::NotificationCenter::seal_legacy_secrets));
  tasks.emplace_back("community view counts", counted(runtime.community, &community::CommunityService::flush_views));
  tasks.emplace_back("community image purge",
                     counted(runtime.community, &community::CommunityService::purge_unattached_images));
  tasks.emplace_back("search query-log retention", query_log_retention(runtime));
  return tasks;
}

Workers::Workers(Runtime& runtime, std::chrono::milliseconds poll_interval)
    : dispatcher_(std::make_unique<events::Dispatcher>(runtime.db, runtime.clock, build_consumers(runtime))),
      tasks_(build_periodic_tasks(runtime)),
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
    for (const auto& [name, task] : tasks_) {
      try {
        handled += task();
      } catch (const std::exception& e) {
        spdlog::error("{} pass failed: {}", name, e.what());
      }
    }
    lock.lock();
    // Busy queues are drained back to back; an idle one is polled.
    if (handled == 0) wake_.wait_for(lock, poll_interval_, [this] { return stopping_; });
  }
}

}  // namespace soom::app
