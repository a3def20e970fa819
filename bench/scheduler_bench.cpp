// Reminder scheduler benchmark (issue 4): N users × 3 reminders a day, compressed with a
// simulated clock, through the real ReminderScheduler on SQLite or PostgreSQL.
//
//   scheduler_bench [--db URL] [--users 100000] [--hours 24] [--speed 720]
//                   [--workers 1] [--kill-after-s 0]
//
// The simulated clock runs `speed` times faster than the wall clock from a shared start, so
// several worker processes (fork) agree on "now". Every user gets a daily controller
// medication with 3 random whole-minute times inside the simulated window; slots for the
// window are materialized up front (they are the ground truth). Workers run
// ReminderScheduler::run_once() in a loop; the notifier records every notify() call
// (PostgreSQL/SQLite table bench_notifications, no unique key, so re-sends are counted).
// With --workers > 1 and --kill-after-s S, one worker is SIGKILLed after S real seconds;
// its claimed reminders fire after the lease expires.
//
// Printed: reminders due, fired (distinct), duplicates (notify calls beyond one per
// reminder, i.e. what the notification dedupe key would have to absorb), lost (due but
// never notified), expired, and p50/p99/max lateness in real milliseconds
// ((notified_at - due_at) / speed).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/random.hpp"
#include "core/time.hpp"
#include "db/db.hpp"
#include "db/migrations.hpp"
#include "modules/medication/medication.hpp"
#include "modules/medication/medication_repository.hpp"
#include "modules/medication/slot_writer.hpp"
#include "modules/notification/notification.hpp"

namespace {

using namespace soom;  // NOLINT: a benchmark's main file
using std::chrono::milliseconds;

struct Options {
  std::string db_url;
  int users = 100'000;
  int hours = 24;
  double speed = 720;  // 24 simulated hours in 2 real minutes
  int workers = 1;
  int kill_after_s = 0;
};

std::int64_t wall_ms() {
  return std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// sim = sim_start + (wall - wall_start) · speed, shared by every process.
class ScaledClock final : public Clock {
 public:
  ScaledClock(Instant sim_start, std::int64_t wall_start, double speed)
      : sim_start_(sim_start), wall_start_(wall_start), speed_(speed) {}
  Instant now() const override {
    return sim_start_ + milliseconds(static_cast<std::int64_t>(static_cast<double>(wall_ms() - wall_start_) * speed_));
  }

 private:
  Instant sim_start_;
  std::int64_t wall_start_;
  double speed_;
};

class RecordingNotifier final : public notification::NotificationService {
 public:
  RecordingNotifier(std::shared_ptr<db::Database> db, std::shared_ptr<const Clock> clock, int worker)
      : db_(std::move(db)), clock_(std::move(clock)), worker_(worker) {}
  Result<notification::NotificationId> notify(const notification::NotificationRequest& request) override {
    auto tx = db_->begin();
    tx.query("INSERT INTO bench_notifications (dedupe_key, notified_at, worker) VALUES ($1, $2, $3)",
             {request.dedupe_key, to_unix_ms(clock_->now()), static_cast<std::int64_t>(worker_)});
    tx.commit();
    return notification::NotificationId{request.dedupe_key, true};
  }

 private:
  std::shared_ptr<db::Database> db_;
  std::shared_ptr<const Clock> clock_;
  int worker_;
};

// In-process runs (one worker): keep calls in memory, written to the table once at the end,
// so that SQLite's one-fsync-per-commit does not dominate what is measured.
class BufferedNotifier final : public notification::NotificationService {
 public:
  explicit BufferedNotifier(std::shared_ptr<const Clock> clock) : clock_(std::move(clock)) {}
  Result<notification::NotificationId> notify(const notification::NotificationRequest& request) override {
    calls.emplace_back(request.dedupe_key, to_unix_ms(clock_->now()));
    return notification::NotificationId{request.dedupe_key, true};
  }
  void flush(db::Database& db) {
    auto tx = db.begin();
    for (const auto& [key, at] : calls) {
      tx.query("INSERT INTO bench_notifications (dedupe_key, notified_at, worker) VALUES ($1, $2, 0)", {key, at});
    }
    tx.commit();
  }
  std::vector<std::pair<std::string, std::int64_t>> calls;

 private:
  std::shared_ptr<const Clock> clock_;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--db") o.db_url = v;
    else if (k == "--users") o.users = std::stoi(v);
    else if (k == "--hours") o.hours = std::stoi(v);
    else if (k == "--speed") o.speed = std::stod(v);
    else if (k == "--workers") o.workers = std::stoi(v);
    else if (k == "--kill-after-s") o.kill_after_s = std::stoi(v);
    else throw std::runtime_error("unknown option " + k);
  }
  if (o.hours < 1 || o.hours > 24) throw std::runtime_error("--hours must be 1..24");
  return o;
}

std::string hhmm(int minute_of_day) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute_of_day / 60, minute_of_day % 60);
  return buf;
}

// Users, medications and the window's slots, in large transactions.
std::int64_t seed(db::Database& db, const Options& o, Instant sim_start, Instant sim_end) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> minute(1, o.hours * 60 - 1);
  std::int64_t slots = 0;
  const int chunk = 5'000;
  for (int base = 0; base < o.users; base += chunk) {
    auto tx = db.begin();
    for (int u = base; u < std::min(o.users, base + chunk); ++u) {
      medication::Medication m;
      m.id = new_uuid_v7();
      m.user_id = "bench-user-" + std::to_string(u);
      m.name = "심비코트 터부헬러";
      m.role = "controller";
      m.dose = 1;
      m.dose_unit = "puff";
      m.schedule.kind = "weekly";
      std::vector<std::string> times;
      while (times.size() < 3) {
        // Minutes after 00:00 KST of the start day (the window starts at local midnight).
        auto t = hhmm(minute(rng));
        if (std::find(times.begin(), times.end(), t) == times.end()) times.push_back(t);
      }
      std::sort(times.begin(), times.end());
      m.schedule.weekly.fill(times);
      m.start_date = "2026-03-02";
      m.created_at = m.updated_at = sim_start;
      // Slots for the whole window exist up front; the horizon is beyond the run.
      medication::repo::insert_medication(tx, m, sim_end + std::chrono::hours(48));
      slots += medication::write_slots(tx, m, "Asia/Seoul", sim_start, sim_end, sim_start);
    }
    tx.commit();
  }
  return slots;
}

void run_worker(const Options& o, int index, Instant sim_start, std::int64_t wall_start, Instant sim_end,
                bool in_process) {
  auto db = std::shared_ptr<db::Database>(db::open_database(db::OpenOptions{o.db_url, 4, 5'000, 10'000}));
  auto clock = std::make_shared<ScaledClock>(sim_start, wall_start, o.speed);
  medication::Dependencies deps;
  deps.db = db;
  deps.clock = clock;
  auto buffered = in_process ? std::make_shared<BufferedNotifier>(clock) : nullptr;
  if (buffered) {
    deps.notifications = buffered;
  } else {
    deps.notifications = std::make_shared<RecordingNotifier>(db, clock, index);
  }
  // Leases are in simulated time: 2 real seconds.
  deps.settings.lease_ms = static_cast<int>(2'000 * o.speed);
  deps.settings.stale_after_s = 7 * 24 * 3600;  // nothing is too old within a run
  deps.settings.missed_after_s = 3 * 3600;
  deps.settings.batch_size = 500;
  auto scheduler = medication::make_reminder_scheduler(deps, "bench-worker-" + std::to_string(index));
  // Run until the window is over and the queue is drained (bounded by 10 real minutes more).
  const auto hard_stop = wall_ms() + static_cast<std::int64_t>((to_unix_ms(sim_end) - to_unix_ms(sim_start)) / o.speed) +
                         600'000;
  while (wall_ms() < hard_stop) {
    int work = 0;
    try {
      work = scheduler->fire_due();
      if (clock->now() >= sim_end && work == 0) {
        auto tx = db->read();
        const auto left = tx.query("SELECT COUNT(*) FROM dose_slots WHERE reminder_state = 'due' AND due_at < $1",
                                   {to_unix_ms(sim_end)});
        if (left.rows.at(0).get_int(0) == 0) break;
      }
      work += scheduler->sweep_missed();
    } catch (const std::exception& e) {
      std::cerr << "worker " << index << ": " << e.what() << "\n";
    }
    if (work == 0) std::this_thread::sleep_for(milliseconds(1));
  }
  if (buffered) buffered->flush(*db);
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

}  // namespace

int main(int argc, char** argv) {
  try {
    auto o = parse(argc, argv);
    std::string temp_dir;
    if (o.db_url.empty()) {
      temp_dir = std::filesystem::temp_directory_path() / ("scheduler-bench-" + random_token(6));
      std::filesystem::create_directories(temp_dir);
      o.db_url = "sqlite:" + temp_dir + "/bench.db";
    }
    auto db = std::shared_ptr<db::Database>(db::open_database(db::OpenOptions{o.db_url, 4, 5'000, 10'000}));
    if (auto m = db::Migrator(*db, db::embedded_migrations(db->engine())).migrate(); !m) {
      throw std::runtime_error("migrate: " + m.error().internal_message);
    }
    {
      auto tx = db->begin();
      tx.query("CREATE TABLE IF NOT EXISTS bench_notifications (dedupe_key TEXT NOT NULL, notified_at BIGINT NOT NULL, "
               "worker INTEGER NOT NULL)");
      tx.commit();
    }
    const auto sim_start = parse_rfc3339("2026-03-01T15:00:00Z").value();  // 2026-03-02 00:00 KST
    const auto sim_end = sim_start + std::chrono::hours(o.hours);
    const auto seed_start = wall_ms();
    const auto due = seed(*db, o, sim_start, sim_end);
    std::cout << "engine=" << (db->engine() == db::Engine::kPostgres ? "postgres" : "sqlite") << " users=" << o.users
              << " reminders_due=" << due << " window_h=" << o.hours << " speed=" << o.speed << "x workers=" << o.workers
              << " seeded_in_s=" << (wall_ms() - seed_start) / 1000.0 << std::endl;

    const auto wall_start = wall_ms() + 200;
    std::vector<pid_t> children;
    if (o.workers == 1) {
      db.reset();
      run_worker(o, 0, sim_start, wall_start, sim_end, true);
    }
    for (int w = 0; o.workers > 1 && w < o.workers; ++w) {
      const pid_t pid = ::fork();
      if (pid == 0) {
        run_worker(o, w, sim_start, wall_start, sim_end, false);
        std::_Exit(0);
      }
      children.push_back(pid);
    }
    db.reset();  // no connection shared across fork
    if (o.kill_after_s > 0 && o.workers > 1) {
      std::this_thread::sleep_for(std::chrono::seconds(o.kill_after_s));
      ::kill(children.front(), SIGKILL);
      std::cout << "killed worker 0 (pid " << children.front() << ") after " << o.kill_after_s << " s" << std::endl;
    }
    for (auto pid : children) ::waitpid(pid, nullptr, 0);
    const double run_s = (wall_ms() - wall_start) / 1000.0;

    db = std::shared_ptr<db::Database>(db::open_database(db::OpenOptions{o.db_url, 4, 5'000, 10'000}));
    std::int64_t lost = 0, total_calls = 0, distinct = 0;
    {
    auto tx = db->read();
    const auto calls = tx.query("SELECT COUNT(*), COUNT(DISTINCT dedupe_key) FROM bench_notifications");
    total_calls = calls.rows.at(0).get_int(0);
    distinct = calls.rows.at(0).get_int(1);
    // Lateness of the first notification of each reminder.
    const auto firsts = tx.query(
        "SELECT s.due_at, MIN(n.notified_at) FROM dose_slots s JOIN bench_notifications n "
        "ON n.dedupe_key = 'dose:' || s.id || ':0' GROUP BY s.id, s.due_at");
    std::vector<double> lateness;
    lateness.reserve(firsts.rows.size());
    for (const auto& r : firsts.rows) {
      lateness.push_back(static_cast<double>(r.get_int(1) - r.get_int(0)) / o.speed);
    }
    const auto states = tx.query("SELECT reminder_state, COUNT(*) FROM dose_slots GROUP BY reminder_state");
    std::map<std::string, std::int64_t> by_state;
    for (const auto& r : states.rows) by_state[r.get_text(0)] = r.get_int(1);
    lost = due - static_cast<std::int64_t>(firsts.rows.size());
    std::printf("reminders_fired=%lld duplicates=%lld lost=%lld expired=%lld notify_calls=%lld run_s=%.1f "
                "throughput_per_s=%.0f\n",
                static_cast<long long>(distinct), static_cast<long long>(total_calls - distinct),
                static_cast<long long>(lost), static_cast<long long>(by_state["expired"]),
                static_cast<long long>(total_calls), run_s, static_cast<double>(distinct) / run_s);
    std::printf("lateness_real_ms p50=%.1f p99=%.1f max=%.1f\n", percentile(lateness, 0.50),
                percentile(lateness, 0.99), percentile(lateness, 1.0));
    }
    db.reset();
    if (!temp_dir.empty()) std::filesystem::remove_all(temp_dir);
    // After a SIGKILL between notify and mark a reminder may be sent twice (the notification
    // dedupe key absorbs it); without a kill every reminder must be sent exactly once.
    const bool killed = o.kill_after_s > 0 && o.workers > 1;
    return lost == 0 && (killed || total_calls == distinct) ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "scheduler_bench: " << e.what() << "\n";
    return 2;
  }
}
