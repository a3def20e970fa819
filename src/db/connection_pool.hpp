#pragma once
// A bounded pool of engine connections, created lazily up to a capacity.
// acquire() blocks up to a timeout and then reports kBusy, so a stuck database
// turns into fast 503s instead of an ever-growing queue of waiting requests.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "db/db.hpp"

namespace soom::db {

template <typename Connection>
class ConnectionPool final {
 public:
  using Factory = std::function<std::unique_ptr<Connection>()>;

  ConnectionPool(int capacity, Factory factory) : capacity_(capacity < 1 ? 1 : capacity), factory_(std::move(factory)) {}

  // Adds an already-open connection (e.g. the one that validated the URL).
  void adopt(std::unique_ptr<Connection> connection) {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
    ++open_;
  }

  std::unique_ptr<Connection> acquire(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    const bool ready = available_.wait_for(lock, timeout, [&] { return !idle_.empty() || open_ < capacity_; });
    if (!ready) {
      throw DbError(DbError::Kind::kBusy, "no database connection became free within " +
                                              std::to_string(timeout.count()) + " ms");
    }
    ++in_use_;
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
    ++open_;  // reserve the slot, then connect without holding the lock
    lock.unlock();
    try {
      return factory_();
    } catch (...) {
      lock.lock();
      --open_;
      --in_use_;
      available_.notify_one();
      throw;
    }
  }

  // Returns a connection; a broken one (nullptr or !healthy) is closed instead,
  // which frees its slot for a fresh connection.
  void release(std::unique_ptr<Connection> connection, bool healthy) {
    std::unique_ptr<Connection> doomed;
    {
      std::lock_guard lock(mutex_);
      --in_use_;
      if (connection && healthy) {
        idle_.push_back(std::move(connection));
      } else {
        doomed = std::move(connection);
        --open_;
      }
    }
    available_.notify_one();
  }

  int capacity() const { return capacity_; }
  int in_use() const {
    std::lock_guard lock(mutex_);
    return in_use_;
  }

 private:
  const int capacity_;
  Factory factory_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;    // idle + in use (+ being connected)
  int in_use_ = 0;
};

}  // namespace soom::db
