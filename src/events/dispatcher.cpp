#include "events/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "core/random.hpp"

namespace soom::events {

Dispatcher::Dispatcher(std::shared_ptr<db::Database> db, std::shared_ptr<const Clock> clock,
                       std::vector<std::shared_ptr<Consumer>> consumers, DispatcherOptions options)
    : db_(std::move(db)), clock_(std::move(clock)), consumers_(std::move(consumers)), options_(std::move(options)) {
  if (options_.owner.empty()) options_.owner = new_uuid_v7();
}

std::int64_t Dispatcher::position(const std::string& consumer) {
  auto tx = db_->read();
  auto r = tx.query("SELECT last_seq FROM outbox_consumers WHERE consumer = $1", {consumer});
  tx.commit();
  return r.rows.empty() ? 0 : r.rows.front().get_int(0);
}

bool Dispatcher::has_news(const std::string& consumer) {
  auto tx = db_->read();
  auto r = tx.query(
      "SELECT COALESCE((SELECT MAX(seq) FROM outbox_events), 0), "
      "COALESCE((SELECT last_seq FROM outbox_consumers WHERE consumer = $1), 0)",
      {consumer});
  tx.commit();
  return r.rows.at(0).get_int(0) > r.rows.at(0).get_int(1);
}

bool Dispatcher::acquire(const std::string& consumer, Instant now) {
  const auto until = to_unix_ms(now + options_.lease);
  auto tx = db_->begin();
  tx.query(
      "INSERT INTO outbox_consumers (consumer, last_seq, updated_at) VALUES ($1, 0, $2) "
      "ON CONFLICT (consumer) DO NOTHING",
      {consumer, to_unix_ms(now)});
  // Take the lease when it is free, expired, or already ours.
  auto r = tx.query(
      "UPDATE outbox_consumers SET lease_owner = $2, lease_until = $3 "
      "WHERE consumer = $1 AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until < $4)",
      {consumer, options_.owner, until, to_unix_ms(now)});
  tx.commit();
  return r.affected == 1;
}

void Dispatcher::advance(const std::string& consumer, std::int64_t seq, Instant now) {
  auto tx = db_->begin();
  tx.query(
      "UPDATE outbox_consumers SET last_seq = $2, updated_at = $3, failures = 0, last_error = NULL, lease_until = $5 "
      "WHERE consumer = $1 AND lease_owner = $4",
      {consumer, seq, to_unix_ms(now), options_.owner, to_unix_ms(now + options_.lease)});
  tx.commit();
}

void Dispatcher::record_failure(const std::string& consumer, const std::string& error) {
  auto tx = db_->begin();
  tx.query("UPDATE outbox_consumers SET failures = failures + 1, last_error = $2 WHERE consumer = $1",
           {consumer, error.substr(0, 500)});
  tx.commit();
}

int Dispatcher::drain(Consumer& consumer) {
  const auto name = consumer.name();
  if (!has_news(name)) return 0;
  const auto now = clock_->now();
  if (!acquire(name, now)) return 0;
  std::int64_t last = position(name);
  std::int64_t stored = last;
  auto events = read_after(*db_, last, options_.batch_size, {});
  int handled = 0;
  int unsaved = 0;
  auto saved_at = std::chrono::steady_clock::now();
  auto save = [&] {
    advance(name, last, clock_->now());
    stored = last;
    unsaved = 0;
    saved_at = std::chrono::steady_clock::now();
  };
  std::int64_t expected = last + 1;
  const auto prefix = consumer.type_prefix();
  for (const auto& event : events) {
    if (event.seq != expected && event.created_at > now - options_.gap_timeout) {
      break;  // a lower seq may still commit: wait for it
    }
    expected = event.seq + 1;
    if (event.type.compare(0, prefix.size(), prefix) != 0) {
      last = event.seq;
      continue;
    }
    Status status = Error::internal("consumer threw");
    try {
      status = consumer.handle(event);
    } catch (const std::exception& e) {
      status = Error::internal(e.what());
    }
    if (!status) {
      spdlog::warn("outbox consumer {} failed on event {} ({}): {}", name, event.seq, event.type,
                   status.error().internal_message);
      if (last != stored) save();  // keep what succeeded; advancing would clear the failure below
      record_failure(name, status.error().internal_message);
      return handled;
    }
    ++handled;
    last = event.seq;
    if (++unsaved >= options_.advance_every ||
        std::chrono::steady_clock::now() - saved_at >= options_.advance_after) {
      save();
    }
  }
  if (last != stored) save();
  return handled;
}

int Dispatcher::run_once() {
  int total = 0;
  for (const auto& c : consumers_) total += drain(*c);
  return total;
}

}  // namespace soom::events
