#pragma once
// Delivers outbox events to consumers, at least once and in order per consumer.
//
// Each consumer keeps its position (last seq) in outbox_consumers and is advanced
// by one worker at a time, guarded by a lease that expires when a worker dies.
// Gaps: on PostgreSQL an identity value can become visible after a larger one (a
// slower transaction commits later), or never (rollback). The dispatcher does not
// step over a gap until the event after it is older than `gap_timeout`, so a late
// commit is never skipped.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "db/db.hpp"
#include "events/outbox.hpp"

namespace soom::events {

class Consumer {
 public:
  virtual ~Consumer() = default;
  virtual std::string name() const = 0;         // stable: it keys the stored position
  virtual std::string type_prefix() const = 0;  // e.g. "identity." or "" for all
  // Must be idempotent. An error stops this consumer at this event; it is retried later.
  virtual Status handle(const Event& event) = 0;
};

struct DispatcherOptions final {
  int batch_size = 200;
  std::chrono::milliseconds lease{30'000};
  std::chrono::milliseconds gap_timeout{10'000};
  std::string owner;  // unique per process (defaults to a random id)
  // The stored position is advanced after this many handled events or this much time, and at
  // the end of each batch: every advance is a committed write (an fsync on SQLite), and one
  // per event made a backlog drain at ~30 events/s. A crash repeats at most that many events,
  // which at-least-once delivery to idempotent consumers already allows.
  int advance_every = 64;
  std::chrono::milliseconds advance_after{250};
};

class Dispatcher final {
 public:
  Dispatcher(std::shared_ptr<db::Database> db, std::shared_ptr<const Clock> clock,
             std::vector<std::shared_ptr<Consumer>> consumers, DispatcherOptions options = {});
  // One pass over every consumer; returns how many events were handled.
  int run_once();
  // Position of a consumer (0 when it never ran).
  std::int64_t position(const std::string& consumer);

 private:
  // True when the outbox holds an event after the consumer's position: an idle pass then
  // costs one read instead of a write transaction per consumer.
  bool has_news(const std::string& consumer);
  bool acquire(const std::string& consumer, Instant now);
  void advance(const std::string& consumer, std::int64_t seq, Instant now);
  void record_failure(const std::string& consumer, const std::string& error);
  int drain(Consumer& consumer);

  std::shared_ptr<db::Database> db_;
  std::shared_ptr<const Clock> clock_;
  std::vector<std::shared_ptr<Consumer>> consumers_;
  DispatcherOptions options_;
};

}  // namespace soom::events
