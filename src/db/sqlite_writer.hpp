#pragma once
// The single SQLite writer, with group commit.
//
// With synchronous=FULL every COMMIT waits for an fsync of the WAL (milliseconds on real
// disks), so one write transaction per fsync caps the whole service at a few hundred writes
// per second however many cores it has. Group commit shares the fsync: each logical
// transaction runs as a SAVEPOINT inside one outer BEGIN IMMEDIATE; when it commits while
// other transactions are queued for the writer, it releases its savepoint and hands the
// writer on, then waits until the outer transaction is durable. The last one in the queue
// (or the one that finds the group full or old) COMMITs for everybody and wakes them.
//
// Guarantees are those of one transaction per commit: commit() returns only once the
// transaction's changes are durable; a failed logical transaction is rolled back to its
// savepoint without touching the others; if the shared COMMIT fails, every transaction of
// the group gets the error (none was acknowledged). Logical transactions of one group see
// each other's changes, which is what serial execution would show them too.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "db/db.hpp"
#include "db/sqlite_connection.hpp"

namespace soom::db {

class SqliteWriter final {
 public:
  struct Limits {
    int max_group_size = 64;                 // logical transactions per COMMIT
    std::chrono::milliseconds max_group_age{10};  // a group older than this commits at once
  };

  SqliteWriter(std::unique_ptr<SqliteConnection> connection, std::chrono::milliseconds acquire_timeout,
               Limits limits);
  ~SqliteWriter();

  // A write transaction. Throws DbError kBusy when the writer stays taken for acquire_timeout.
  Transaction begin();
  bool busy() const { return owner_.load() != std::thread::id(); }
  // For tests and metrics: threads queued for the writer, and groups begun so far.
  int queued() const { return waiting_.load(); }
  std::uint64_t groups() const {
    std::lock_guard g(group_mutex_);
    return epoch_;
  }

 private:
  class Control;

  void open_group_if_needed();             // writer held
  bool should_hand_over() const;           // writer held
  // Writer held on entry, released on return. Returns the error text when COMMIT failed.
  std::optional<std::string> commit_group();
  // Waits until group `epoch` is durable or failed; takes the writer over (and commits the
  // group itself) when the transaction it was handed to went away without committing.
  std::optional<std::string> await_group(std::uint64_t epoch);
  void finish_group(std::uint64_t epoch, std::optional<std::string> failure);  // group mutex held
  void release_writer();

  std::unique_ptr<SqliteConnection> connection_;
  std::chrono::milliseconds acquire_timeout_;
  Limits limits_;
  std::timed_mutex writer_mutex_;                  // held by the logical transaction running now
  std::atomic<std::thread::id> owner_{};           // who holds writer_mutex_
  std::atomic<int> waiting_{0};                    // threads queued for writer_mutex_

  // Group state, only changed while holding writer_mutex_; read under group_mutex_ by waiters.
  bool group_open_ = false;
  int group_size_ = 0;
  std::chrono::steady_clock::time_point group_opened_at_;
  std::uint64_t epoch_ = 0;  // number of the open (or last) group

  mutable std::mutex group_mutex_;
  std::condition_variable group_done_;
  std::uint64_t finished_epoch_ = 0;                       // groups ≤ this one are finished
  std::map<std::uint64_t, std::string> failed_epochs_;     // finished groups whose COMMIT failed
};

}  // namespace soom::db
