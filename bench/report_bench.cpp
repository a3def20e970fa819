// Report benchmark (issue 5): one patient with a year of dense data, then the report as the
// API serves it — JSON figures (ReportService::report) and the A4 PDF (report_pdf) — through
// the real composition root (app::build_runtime) on SQLite or PostgreSQL.
//
//   report_bench [--db URL] [--days 365] [--per-day 15] [--rounds 20] [--others 0]
//
// --others N adds N more patients with the same diary density, written month by month in turn
// with the measured one (their rows interleave in the tables as a live service's would): the
// planner then faces detail tables N+1 times larger than one user's share, as in production.
// On PostgreSQL the seeded tables are ANALYZEd before timing — a deployed database has
// statistics (autovacuum); without them the plans are ones no deployment would run, and
// autovacuum's analyze landing in the middle of the rounds mixed two plans into one p50.
//
// Seeding follows bench/records_bench.cpp: plausible records (PEF, controller and reliever
// intakes, symptoms, status, now and then an ACT) written through RecordsService::batch, the
// code path of POST /v1/records:batch. Then each round times report() for the whole year
// (targets: p50 < 50 ms) and report_pdf() for the whole year (p50 < 500 ms). Prints
// p50/p99/max ms. Only server work is timed (no HTTP, no JSON serialization of the figures).
// Then the records read alone: records_between (full records) against record_facts_between
// (the report's lean read), over the two years a one-year report reads.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/runtime.hpp"
#include "dense_records.hpp"
#include "core/config.hpp"
#include "core/random.hpp"
#include "core/time.hpp"
#include "db/db.hpp"
#include "db/migrations.hpp"
#include "modules/identity/identity.hpp"
#include "modules/records/records.hpp"
#include "modules/report/report.hpp"

namespace {

using namespace soom;  // NOLINT: a benchmark's main file
using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

constexpr const char* kZone = bench::kBenchZone;
using bench::ms_since;
using bench::percentile;

struct Options {
  std::string db_url;
  int days = 365;
  int per_day = 15;
  int rounds = 20;
  int others = 0;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    if (i + 1 >= argc) throw std::invalid_argument("missing value for " + k);
    const std::string v = argv[++i];
    if (k == "--db") o.db_url = v;
    else if (k == "--days") o.days = std::max(1, std::stoi(v));
    else if (k == "--per-day") o.per_day = std::max(1, std::stoi(v));
    else if (k == "--rounds") o.rounds = std::max(1, std::stoi(v));
    else if (k == "--others") o.others = std::max(0, std::stoi(v));
    else throw std::invalid_argument("unknown option " + k);
  }
  return o;
}

void print_latencies(const char* label, const std::vector<double>& ms, double target) {
  const double p50 = percentile(ms, 0.50);
  std::printf("%-12s calls=%zu p50=%.2fms p99=%.2fms max=%.2fms", label, ms.size(), p50, percentile(ms, 0.99),
              percentile(ms, 1.0));
  if (target > 0) std::printf(" target<%.0fms %s", target, p50 < target ? "ok" : "SLOW");
  std::printf("\n");
}

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const auto o = parse(argc, argv);
    const auto work = std::filesystem::temp_directory_path() / ("report_bench_" + random_token(6));
    std::filesystem::create_directories(work);
    Config config;
    config.var_dir = work.string();
    config.database.url = o.db_url.empty() ? "sqlite:" + (work / "bench.db").string() : o.db_url;
    {
      auto db = db::open_database(db::OpenOptions{config.database.url, 2, 5'000, 10'000});
      if (auto m = db::Migrator(*db, db::embedded_migrations(db->engine())).migrate(); !m) {
        throw std::runtime_error("migrate: " + m.error().internal_message);
      }
    }
    auto rt = app::build_runtime(config);
    std::printf("database: %s\n", rt->db->engine() == db::Engine::kSqlite ? "sqlite" : "postgresql");

    auto sign_up = [&rt](int n) {
      identity::SignupRequest signup;
      signup.email = "bench-" + random_token(6) + "@example.com";
      signup.password = "숨쉬기편한하루2026";
      signup.nickname = "벤치" + std::to_string(n);  // nicknames are unique
      signup.terms_version = "2026-11-01";
      signup.health_data_version = "2026-11-01";
      signup.time_zone = kZone;
      auto profile = rt->identity->sign_up(signup);
      if (!profile) throw std::runtime_error("sign up: " + profile.error().internal_message);
      return profile->id;
    };
    const auto user = sign_up(0);
    std::vector<std::string> patients{user};
    for (int i = 1; i <= o.others; ++i) patients.push_back(sign_up(i));

    const auto now = rt->clock->now();
    const auto count = static_cast<std::int64_t>(o.per_day) * o.days;
    auto start = SteadyClock::now();
    std::mt19937_64 rng(7);
    // Month by month, every patient in turn: the measured patient's rows are spread over the
    // tables among the others' instead of sitting in one block.
    constexpr int kSliceDays = 30;
    for (int done = 0; done < o.days; done += kSliceDays) {
      const int slice = std::min(kSliceDays, o.days - done);
      const auto slice_from = now - std::chrono::hours(24 * (o.days - done));
      const auto slice_to = slice_from + std::chrono::hours(24 * slice);
      for (const auto& patient : patients) {
        bench::write_records(*rt->records, patient, slice_from, slice_to, static_cast<std::int64_t>(o.per_day) * slice,
                             500, rng);
      }
    }
    if (rt->db->engine() == db::Engine::kPostgres) {
      auto tx = rt->db->begin();
      tx.query("ANALYZE");
      tx.commit();
    }
    std::printf("seed: records=%lld days=%d other_patients=%d seconds=%.1f\n", static_cast<long long>(count), o.days,
                o.others, ms_since(start) / 1000.0);

    // The period: the year of local days ending today (the default report tells "today").
    auto today = rt->report->report(user, std::nullopt, std::nullopt);
    if (!today) throw std::runtime_error("report: " + today.error().internal_message);
    const auto to = today->period.to;
    const auto from = std::to_string(std::stoi(to.substr(0, 4)) - 1) + to.substr(4);
    std::vector<double> json_ms, json_cpu_ms, pdf_ms;
    std::size_t pdf_bytes = 0;
    for (int round = 0; round < o.rounds; ++round) {
      const double cpu_start = thread_cpu_ms();
      start = SteadyClock::now();
      auto year = rt->report->report(user, from, to);
      json_ms.push_back(ms_since(start));
      json_cpu_ms.push_back(thread_cpu_ms() - cpu_start);
      if (!year) throw std::runtime_error("report: " + year.error().internal_message);
      start = SteadyClock::now();
      auto pdf = rt->report->report_pdf(user, from, to);
      pdf_ms.push_back(ms_since(start));
      if (!pdf) throw std::runtime_error("pdf: " + pdf.error().internal_message);
      pdf_bytes = pdf->body.size();
    }
    // The records read alone, over the span report() reads (two years back, for the previous
    // period): the full records_between against the report's lean record_facts_between.
    std::vector<double> full_ms, lean_ms;
    std::size_t read_count = 0;
    const auto span_from = now - std::chrono::hours(24 * (2 * o.days + 3));
    const auto span_to = now + std::chrono::hours(48);
    for (int round = 0; round < o.rounds; ++round) {
      start = SteadyClock::now();
      auto full = rt->records->records_between(user, span_from, span_to);
      full_ms.push_back(ms_since(start));
      start = SteadyClock::now();
      auto lean = rt->records->record_facts_between(user, span_from, span_to);
      lean_ms.push_back(ms_since(start));
      if (!full || !lean || full->size() != lean->size()) throw std::runtime_error("records read mismatch");
      read_count = lean->size();
    }
    std::printf("report period=1 year rounds=%d pdf_bytes=%zu records_read=%zu\n", o.rounds, pdf_bytes, read_count);
    print_latencies("report json", json_ms, 50);
    // Wall time on a shared machine includes waiting for a core; SQLite runs on this thread.
    print_latencies("json (CPU)", json_cpu_ms, 50);
    print_latencies("report pdf", pdf_ms, 500);
    print_latencies("read full", full_ms, 0);
    print_latencies("read lean", lean_ms, 0);
    rt.reset();
    std::filesystem::remove_all(work);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "report_bench: " << e.what() << "\n";
    return 1;
  }
}
