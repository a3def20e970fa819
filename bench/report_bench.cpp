// Report benchmark (issue 5): one patient with a year of dense data, then the report as the
// API serves it — JSON figures (ReportService::report) and the A4 PDF (report_pdf) — through
// the real composition root (app::build_runtime) on SQLite or PostgreSQL.
//
//   report_bench [--db URL] [--days 365] [--per-day 15] [--rounds 20]
//
// Seeding follows bench/records_bench.cpp: plausible records (PEF, controller and reliever
// intakes, symptoms, status, now and then an ACT) written through RecordsService::batch, the
// code path of POST /v1/records:batch. Then each round times report() for the whole year
// (targets: p50 < 50 ms) and report_pdf() for the whole year (p50 < 500 ms). Prints
// p50/p99/max ms. Only server work is timed (no HTTP, no JSON serialization of the figures).
#include <algorithm>
#include <chrono>
#include <cstdio>
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
    else throw std::invalid_argument("unknown option " + k);
  }
  return o;
}

void print_latencies(const char* label, const std::vector<double>& ms, double target) {
  const double p50 = percentile(ms, 0.50);
  std::printf("%-12s calls=%zu p50=%.2fms p99=%.2fms max=%.2fms target<%.0fms %s\n", label, ms.size(), p50,
              percentile(ms, 0.99), percentile(ms, 1.0), target, p50 < target ? "ok" : "SLOW");
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

    identity::SignupRequest signup;
    signup.email = "bench-" + random_token(6) + "@example.com";
    signup.password = "숨쉬기편한하루2026";
    signup.nickname = "벤치";
    signup.terms_version = "2026-11-01";
    signup.health_data_version = "2026-11-01";
    signup.time_zone = kZone;
    auto profile = rt->identity->sign_up(signup);
    if (!profile) throw std::runtime_error("sign up: " + profile.error().internal_message);
    const auto user = profile->id;

    const auto now = rt->clock->now();
    const auto count = static_cast<std::int64_t>(o.per_day) * o.days;
    auto start = SteadyClock::now();
    std::mt19937_64 rng(7);
    bench::write_records(*rt->records, user, now - std::chrono::hours(24 * o.days), now, count, 500, rng);
    std::printf("seed: records=%lld days=%d seconds=%.1f\n", static_cast<long long>(count), o.days,
                ms_since(start) / 1000.0);

    // The period: the year of local days ending today (the default report tells "today").
    auto today = rt->report->report(user, std::nullopt, std::nullopt);
    if (!today) throw std::runtime_error("report: " + today.error().internal_message);
    const auto to = today->period.to;
    const auto from = std::to_string(std::stoi(to.substr(0, 4)) - 1) + to.substr(4);
    std::vector<double> json_ms, pdf_ms;
    std::size_t pdf_bytes = 0;
    for (int round = 0; round < o.rounds; ++round) {
      start = SteadyClock::now();
      auto year = rt->report->report(user, from, to);
      json_ms.push_back(ms_since(start));
      if (!year) throw std::runtime_error("report: " + year.error().internal_message);
      start = SteadyClock::now();
      auto pdf = rt->report->report_pdf(user, from, to);
      pdf_ms.push_back(ms_since(start));
      if (!pdf) throw std::runtime_error("pdf: " + pdf.error().internal_message);
      pdf_bytes = pdf->body.size();
    }
    std::printf("report period=1 year rounds=%d pdf_bytes=%zu\n", o.rounds, pdf_bytes);
    print_latencies("report json", json_ms, 50);
    print_latencies("report pdf", pdf_ms, 500);
    rt.reset();
    std::filesystem::remove_all(work);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "report_bench: " << e.what() << "\n";
    return 1;
  }
}
