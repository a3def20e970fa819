#include "modules/notification/handlers/event_stream.hpp"

#include <boost/json.hpp>
#include <mutex>
#include <spdlog/spdlog.h>

#include "modules/notification/handlers/notification_json.hpp"

namespace soom::notification::handlers {
namespace {

constexpr int kBatch = 100;
constexpr const char* kRetryHint = "retry: 3000\n\n";

class InboxEventStream final : public http::StreamSource {
 public:
  InboxEventStream(std::shared_ptr<NotificationCenter> service, std::string user_id, std::int64_t after_seq,
                   std::chrono::milliseconds max_lifetime)
      : service_(std::move(service)),
        user_id_(std::move(user_id)),
        last_seq_(after_seq),
        deadline_(std::chrono::steady_clock::now() + max_lifetime) {}

  std::optional<std::string> poll() override {
    if (std::chrono::steady_clock::now() >= deadline_) return std::nullopt;
    std::string out;
    if (!started_) {
      out = kRetryHint;
      started_ = true;
    }
    auto events = service_->stream_after(user_id_, last_seq_, kBatch);
    if (!events) {
      spdlog::warn("notification stream of {}: {}", user_id_, events.error().internal_message);
      return out;
    }
    for (const auto& n : *events) {
      out += "id: " + std::to_string(n.seq) + "\nevent: notification\ndata: " + boost::json::serialize(to_json(n)) +
             "\n\n";
      last_seq_ = n.seq;
    }
    if (static_cast<int>(events->size()) == kBatch) wake();  // more backlog: come back at once
    return out;
  }

  void set_waker(std::function<void()> wake) override {
    {
      std::lock_guard lock(mutex_);
      wake_ = wake;
    }
    subscription_ = service_->hub().subscribe(user_id_, std::move(wake));
  }

 private:
  void wake() {
    std::function<void()> w;
    {
      std::lock_guard lock(mutex_);
      w = wake_;
    }
    if (w) w();
  }

  std::shared_ptr<NotificationCenter> service_;
  std::string user_id_;
  std::int64_t last_seq_;
  std::chrono::steady_clock::time_point deadline_;
  bool started_ = false;
  std::mutex mutex_;
  std::function<void()> wake_;
  std::shared_ptr<void> subscription_;
};

}  // namespace

std::shared_ptr<http::StreamSource> make_event_stream(std::shared_ptr<NotificationCenter> service, std::string user_id,
                                                      std::int64_t after_seq,
                                                      std::chrono::milliseconds max_lifetime) {
  return std::make_shared<InboxEventStream>(std::move(service), std::move(user_id), after_seq, max_lifetime);
}

}  // namespace soom::notification::handlers
