#include "db/sqlite_writer.hpp"

#include "db/guarded_session.hpp"

namespace soom::db {
namespace {

constexpr std::string_view kSavepoint = "SAVEPOINT soom_tx";
constexpr std::string_view kRelease = "RELEASE soom_tx";
constexpr std::string_view kRollbackToSavepoint = "ROLLBACK TO soom_tx; RELEASE soom_tx";
// How often a transaction waiting for its group checks that someone is still going to commit it.
constexpr std::chrono::milliseconds kTakeoverPoll{5};
// Failed groups remembered for waiters that have not looked yet.
constexpr std::uint64_t kFailureMemory = 4096;

}  // namespace

// One logical write transaction: a savepoint inside the writer's open group.
class SqliteWriter::Control final : public Transaction::Control {
 public:
  explicit Control(SqliteWriter& writer)
      : writer_(writer), session_(std::make_shared<GuardedSession>(*writer.connection_)) {}
  ~Control() override { rollback(); }

  std::shared_ptr<Session> session() const { return session_; }

  void commit() override {
    if (session_->aborted()) {
      throw DbError(DbError::Kind::kOther, "transaction aborted by an earlier error; it was rolled back");
    }
    auto& connection = *writer_.connection_;
    connection.execute_script(kRelease);
    session_->finish();
    if (!connection.in_transaction()) {
      // SQLite rolled the outer transaction back by itself (disk full, I/O error): the
      // whole group is lost, and everybody in it must hear so.
      fail_group("the SQLite transaction was rolled back by the engine");
    }
    const auto epoch = writer_.epoch_;
    holds_writer_ = false;
    std::optional<std::string> failure;
    if (writer_.should_hand_over()) {
      writer_.release_writer();
      failure = writer_.await_group(epoch);
    } else {
      failure = writer_.commit_group();
    }
    if (failure) throw DbError(DbError::Kind::kOther, "COMMIT failed: " + *failure);
  }

  void rollback() noexcept override {
    if (!holds_writer_) return;
    holds_writer_ = false;
    session_->finish();
    auto& connection = *writer_.connection_;
    --writer_.group_size_;  // this transaction leaves the group
    try {
      if (connection.in_transaction()) connection.execute_script(kRollbackToSavepoint);
    } catch (...) {  // NOLINT(bugprone-empty-catch): handled below, the group is lost
    }
    if (!connection.in_transaction()) {
      std::lock_guard g(writer_.group_mutex_);
      writer_.group_open_ = false;
      writer_.finish_group(writer_.epoch_, "the SQLite transaction was rolled back by the engine");
      writer_.group_done_.notify_all();
      writer_.release_writer();
      return;
    }
    if (writer_.group_size_ > 0 && writer_.should_hand_over()) {
      writer_.release_writer();  // the next one commits the group
    } else if (writer_.group_size_ > 0) {
      writer_.commit_group();  // the others' failure, if any, is reported to them
    } else {
      // Alone in the group: nothing to make durable.
      try {
        connection.execute_script("ROLLBACK");
      } catch (...) {  // NOLINT(bugprone-empty-catch): the next BEGIN IMMEDIATE fails loudly
      }
      std::lock_guard g(writer_.group_mutex_);
      writer_.group_open_ = false;
      writer_.finish_group(writer_.epoch_, std::nullopt);
      writer_.release_writer();
    }
  }

 private:
  [[noreturn]] void fail_group(const std::string& why) {
    {
      std::lock_guard g(writer_.group_mutex_);
      writer_.group_open_ = false;
      writer_.finish_group(writer_.epoch_, why);
    }
    writer_.group_done_.notify_all();
    holds_writer_ = false;
    writer_.release_writer();
    throw DbError(DbError::Kind::kOther, why);
  }

  SqliteWriter& writer_;
  std::shared_ptr<GuardedSession> session_;
  bool holds_writer_ = true;
};

SqliteWriter::SqliteWriter(std::unique_ptr<SqliteConnection> connection, std::chrono::milliseconds acquire_timeout,
                           Limits limits)
    : connection_(std::move(connection)), acquire_timeout_(acquire_timeout), limits_(limits) {}

SqliteWriter::~SqliteWriter() {
  // Every Transaction has ended by now; an open group would only hold released savepoints
  // of transactions whose owners are gone, so there is nobody to acknowledge.
  if (group_open_ && connection_->in_transaction()) {
    try {
      connection_->execute_script("COMMIT");
    } catch (...) {  // NOLINT(bugprone-empty-catch): shutting down
    }
  }
}

Transaction SqliteWriter::begin() {
  if (owner_.load() == std::this_thread::get_id()) {
    // Would wait on itself forever (PostgreSQL would hand out a second connection).
    throw DbError(DbError::Kind::kOther, "begin() while this thread already holds the SQLite write transaction");
  }
  ++waiting_;
  const bool locked = writer_mutex_.try_lock_for(acquire_timeout_);
  --waiting_;
  if (!locked) {
    throw DbError(DbError::Kind::kBusy,
                  "the SQLite writer stayed busy for " + std::to_string(acquire_timeout_.count()) + " ms");
  }
  owner_ = std::this_thread::get_id();
  try {
    open_group_if_needed();
    connection_->execute_script(kSavepoint);
  } catch (...) {
    release_writer();
    throw;
  }
  ++group_size_;
  auto control = std::make_unique<Control>(*this);
  auto session = control->session();
  return Transaction(std::move(session), std::move(control));
}

void SqliteWriter::open_group_if_needed() {
  if (group_open_ && !connection_->in_transaction()) {
    std::lock_guard g(group_mutex_);
    group_open_ = false;
    finish_group(epoch_, "the SQLite transaction was rolled back by the engine");
    group_done_.notify_all();
  }
  if (group_open_) return;
  connection_->execute_script("BEGIN IMMEDIATE");
  std::lock_guard g(group_mutex_);
  group_open_ = true;
  group_size_ = 0;
  group_opened_at_ = std::chrono::steady_clock::now();
  ++epoch_;
}

bool SqliteWriter::should_hand_over() const {
  return waiting_.load() > 0 && group_size_ < limits_.max_group_size &&
         std::chrono::steady_clock::now() - group_opened_at_ < limits_.max_group_age;
}

std::optional<std::string> SqliteWriter::commit_group() {
  std::optional<std::string> failure;
  try {
    connection_->execute_script("COMMIT");
  } catch (const std::exception& e) {
    failure = e.what();
    try {
      if (connection_->in_transaction()) connection_->execute_script("ROLLBACK");
    } catch (...) {  // NOLINT(bugprone-empty-catch): the next BEGIN IMMEDIATE fails loudly
    }
  }
  {
    std::lock_guard g(group_mutex_);
    group_open_ = false;
    finish_group(epoch_, failure);
  }
  group_done_.notify_all();
  release_writer();
  return failure;
}

std::optional<std::string> SqliteWriter::await_group(std::uint64_t epoch) {
  std::unique_lock g(group_mutex_);
  while (finished_epoch_ < epoch) {
    if (group_done_.wait_for(g, kTakeoverPoll) == std::cv_status::no_timeout) continue;
    if (finished_epoch_ >= epoch) break;
    // Whoever was handed the writer may have given up before taking it: if nobody is queued,
    // the writer is free and our group still open, commit it ourselves. (With someone queued,
    // they will join the group and finish it; taking the writer in the gap between two of
    // them would only split the group.)
    g.unlock();
    if (waiting_.load() == 0 && writer_mutex_.try_lock()) {
      owner_ = std::this_thread::get_id();
      if (group_open_ && epoch_ == epoch) return commit_group();
      release_writer();
    }
    g.lock();
  }
  if (auto it = failed_epochs_.find(epoch); it != failed_epochs_.end()) return it->second;
  return std::nullopt;
}

void SqliteWriter::finish_group(std::uint64_t epoch, std::optional<std::string> failure) {
  finished_epoch_ = epoch;
  if (failure) failed_epochs_[epoch] = std::move(*failure);
  while (!failed_epochs_.empty() && failed_epochs_.begin()->first + kFailureMemory < epoch) {
    failed_epochs_.erase(failed_epochs_.begin());
  }
}

void SqliteWriter::release_writer() {
  owner_ = std::thread::id();
  writer_mutex_.unlock();
}

}  // namespace soom::db
