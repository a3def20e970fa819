// Records benchmarks (issue 3), through the real RecordsService on SQLite or PostgreSQL.
//
//   records_bench import   [--db URL] [--users 10000] [--per-user 100] [--batch 500] [--threads 4]
//   records_bench calendar [--db URL] [--user ID] [--years 3] [--per-day 15] [--rounds 5] [--no-seed]
//   records_bench put      --db URL --user ID [--rounds 5]
//
// import: every user gets `per-user` records spread over the last year, written as
//   RecordsService::batch calls of `batch` items — the code path of POST /v1/records:batch
//   minus HTTP and JSON. Prints records/s.
// calendar: seeds one user with `years` of dense data (≈ per-day records every day: PEF
//   readings, controller and reliever intakes, symptoms, a status, now and then a control test),
//   then times calendar_document() for every month of the period: cold (the cached calendar
//   dropped before each call, so each call runs the queries and builds the document) and warm.
//   Prints p50/p99/max ms and calls/s, and the calling thread's CPU time (SQLite runs
//   in-process; on a shared machine wall time includes waiting for a core). With --user the
//   data goes to that (existing) account, so that bench/run.sh can measure the same data over
//   HTTP afterwards.
// put: 40 × rounds single PEF writes for an already seeded user (--user), each a transaction
//   of its own (the path of PUT /v1/records/{id} minus HTTP): wall and CPU p50/p99.
//
// The identity context is replaced by a fixed answer (consent given, zone Asia/Seoul): users are
// not created, only their records (the records tables have no foreign key into identity's).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "dense_records.hpp"
#include "cache/cache.hpp"
#include "core/random.hpp"
#include "core/time.hpp"
#include "db/db.hpp"
#include "db/migrations.hpp"
#include "modules/identity/identity.hpp"
#include "modules/records/records.hpp"

namespace {

using namespace soom;  // NOLINT: a benchmark's main file
using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

constexpr const char* kZone = bench::kBenchZone;
using bench::ms_since;
using bench::percentile;
using bench::write_records;

struct Options {
  std::string mode;
  std::string db_url;
  std::string user;
  int users = 10'000;
  int per_user = 100;
  int batch = 500;
  int years = 3;
  int per_day = 15;
  int rounds = 5;
  int threads = 4;
  bool seed = true;
};

// Every user has consented and lives in Seoul: the benchmark measures records, not identity.
class FixedIdentity final : public identity::IdentityQueries {
 public:
  Result<bool> has_health_data_consent(const std::string&) override { return true; }
  Result<std::string> time_zone_of(const std::string&) override { return std::string(kZone); }
  Result<std::optional<std::string>> user_id_by_email(const std::string&) override {
    return std::optional<std::string>{};
  }
};

Options parse(int argc, char** argv) {
  if (argc < 2) throw std::invalid_argument("usage: records_bench import|calendar [options]");
  Options o;
  o.mode = argv[1];
  for (int i = 2; i < argc; ++i) {
    const std::string k = argv[i];
    if (k == "--no-seed") {
      o.seed = false;
      continue;
    }
    if (i + 1 >= argc) throw std::invalid_argument("missing value for " + k);
    const std::string v = argv[++i];
    if (k == "--db") o.db_url = v;
    else if (k == "--user") o.user = v;
    else if (k == "--users") o.users = std::stoi(v);
    else if (k == "--per-user") o.per_user = std::stoi(v);
    else if (k == "--batch") o.batch = std::stoi(v);
    else if (k == "--years") o.years = std::stoi(v);
    else if (k == "--per-day") o.per_day = std::stoi(v);
    else if (k == "--rounds") o.rounds = std::stoi(v);
    else if (k == "--threads") o.threads = std::max(1, std::stoi(v));
    else throw std::invalid_argument("unknown option " + k);
  }
  if (o.db_url.empty()) o.db_url = "sqlite:/tmp/records_bench_" + random_token(6) + ".db";
  return o;
}

void print_latencies(const char* label, const std::vector<double>& ms) {
  double total = 0;
  for (double x : ms) total += x;
  std::printf("%-22s calls=%zu p50=%.2fms p99=%.2fms max=%.2fms calls/s=%.0f\n", label, ms.size(),
              percentile(ms, 0.50), percentile(ms, 0.99), percentile(ms, 1.0),
              total > 0 ? static_cast<double>(ms.size()) * 1000.0 / total : 0.0);
}

// `threads` clients import concurrently, each its own share of the users (as phones coming
// back online would), so the engine's write concurrency (group commit, PG connections) counts.
void run_import(records::RecordsService& service, const Options& o, Instant now) {
  const auto start = SteadyClock::now();
  std::atomic<std::int64_t> written{0};
  std::atomic<int> users_done{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < o.threads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937_64 rng(42 + t);
      try {
        for (int u = t; u < o.users; u += o.threads) {
          written += write_records(service, new_uuid_v7(), now - std::chrono::hours(24 * 365), now, o.per_user,
                                   o.batch, rng);
          if (const int done = ++users_done; done % 1000 == 0) {
            std::fprintf(stderr, "  %d users, %lld records, %.0f records/s\n", done,
                         static_cast<long long>(written.load()),
                         static_cast<double>(written.load()) * 1000.0 / ms_since(start));
          }
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "import thread %d: %s\n", t, e.what());
        failed = true;
      }
    });
  }
  for (auto& th : threads) th.join();
  if (failed) throw std::runtime_error("import failed");
  const double elapsed = ms_since(start);
  std::printf("import: users=%d records=%lld batch=%d threads=%d seconds=%.1f records/s=%.0f\n", o.users,
              static_cast<long long>(written.load()), o.batch, o.threads, elapsed / 1000.0,
              static_cast<double>(written.load()) * 1000.0 / elapsed);
}

// CPU time of the calling thread (the calendar runs on it: SQLite is in-process).
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1e6;
}

std::string month_of(Instant t) { return format_rfc3339(t).substr(0, 7); }

void run_calendar(records::RecordsService& service, const Options& o, Instant now) {
  const std::string user = o.user.empty() ? new_uuid_v7() : o.user;
  const auto from = now - std::chrono::hours(24 * 365 * o.years);
  if (o.seed) {
    std::mt19937_64 rng(7);
    const auto start = SteadyClock::now();
    const auto count = static_cast<std::int64_t>(o.per_day) * 365 * o.years;
    const auto written = write_records(service, user, from, now, count, 500, rng);
    std::printf("seed: user=%s records=%lld seconds=%.1f\n", user.c_str(), static_cast<long long>(written),
                ms_since(start) / 1000.0);
  }
  std::vector<std::string> months;
  for (auto t = from; t < now; t += std::chrono::hours(24 * 28)) {
    if (months.empty() || months.back() != month_of(t)) months.push_back(month_of(t));
  }
  std::vector<double> cold, cold_cpu, warm;
  for (int round = 0; round < o.rounds; ++round) {
    for (const auto& m : months) {
      service.invalidate_calendar(user, m + "-15");
      const double cpu_start = thread_cpu_ms();
      auto start = SteadyClock::now();
      auto doc = service.calendar_document(user, m);
      cold.push_back(ms_since(start));
      cold_cpu.push_back(thread_cpu_ms() - cpu_start);
      if (!doc) throw std::runtime_error("calendar: " + doc.error().internal_message);
      start = SteadyClock::now();
      doc = service.calendar_document(user, m);
      warm.push_back(ms_since(start));
    }
  }
  std::printf("calendar months=%zu rounds=%d\n", months.size(), o.rounds);
  print_latencies("calendar cold", cold);
  // On a shared machine wall time includes waiting for a core; CPU time is the work itself.
  print_latencies("calendar cold (CPU)", cold_cpu);
  print_latencies("calendar warm (cache)", warm);
}

// Single PEF writes (PUT /v1/records/{id} minus HTTP) for the seeded user: each computes the
// zone against the 6-month personal best, publishes its events and erases 7 cached months.
void run_put(records::RecordsService& service, const Options& o, Instant now) {
  if (o.user.empty()) throw std::invalid_argument("put needs --user (seed one with `calendar` first)");
  std::mt19937_64 rng(11);
  std::vector<double> wall, cpu;
  const int count = o.rounds * 40;
  for (int i = 0; i < count; ++i) {
    records::RecordInput in;
    in.occurred_at = now - std::chrono::minutes(count - i);
    in.time_zone = kZone;
    records::LungFunctionDetail d;
    d.pef = 300 + static_cast<int>(rng() % 250);
    in.detail = d;
    const double cpu_start = thread_cpu_ms();
    const auto start = SteadyClock::now();
    auto out = service.put(o.user, new_uuid_v7(), in);
    wall.push_back(ms_since(start));
    cpu.push_back(thread_cpu_ms() - cpu_start);
    if (!out) throw std::runtime_error("put: " + out.error().internal_message);
  }
  print_latencies("put PEF", wall);
  print_latencies("put PEF (CPU)", cpu);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const auto o = parse(argc, argv);
    auto db = std::shared_ptr<db::Database>(db::open_database(db::OpenOptions{o.db_url, 4, 5'000, 10'000}));
    if (auto m = db::Migrator(*db, db::embedded_migrations(db->engine())).migrate(); !m) {
      throw std::runtime_error("migrate: " + m.error().internal_message);
    }
    auto clock = std::make_shared<SystemClock>();
    auto service = records::make_records_service(db, cache::make_memory_cache(clock), clock,
                                                 std::make_shared<FixedIdentity>());
    std::printf("database: %s\n", db->engine() == db::Engine::kSqlite ? "sqlite" : "postgresql");
    if (o.mode == "import") {
      run_import(*service, o, clock->now());
    } else if (o.mode == "calendar") {
      run_calendar(*service, o, clock->now());
    } else if (o.mode == "put") {
      run_put(*service, o, clock->now());
    } else {
      throw std::invalid_argument("unknown mode " + o.mode);
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "records_bench: " << e.what() << "\n";
    return 1;
  }
}
