// Search at scale (issue 7): N synthetic Korean community posts (default 10K; --posts 100000 for the
// issue's target) plus the shipped articles and posts, on SQLite or PostgreSQL. Reports
//   * reindex docs/s (the seeding is a full reindex through SearchIndex::reindex),
//   * search p50/p95/p99 over the judged queries (tests/search/judgments.tsv, 3 rounds) and over a
//     random query mix (1–3 consecutive words of random generated posts, each query once),
//   * suggest latency,
//   * index lag: --lag-changes N content/community changes (posts created, edited and deleted through
//     CommunityService, articles published through ContentService) with the worker loop
//     (app::Workers: outbox dispatcher + search indexing consumer, 200 ms idle poll) running as in
//     `soomcare serve`; the lag is the time from the service call's return (its transaction, outbox
//     row included, has committed) to the first search that reflects the change (polled every 5 ms).
//
//   search_bench [--db URL] [--posts N] [--lag-changes N] [--random-queries N] [--keep]
//
// Synthetic text: a word-bigram Markov chain over the shipped posts and article bodies, so the
// vocabulary, particles and word frequencies are those of real Korean asthma texts; body lengths are
// log-normal (median ≈ 45 words, 8–600), titles 3–9 words. Only server work is timed (no HTTP).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <time.h>
#include <unordered_map>
#include <vector>

#include "app/runtime.hpp"
#include "app/workers.hpp"
#include "core/config.hpp"
#include "core/files.hpp"
#include "core/random.hpp"
#include "db/db.hpp"
#include "db/migrations.hpp"
#include "dense_records.hpp"
#include "modules/community/community.hpp"
#include "modules/identity/identity.hpp"
#include "modules/search/file_source.hpp"
#include "modules/search/search.hpp"

namespace {

using namespace soom;  // NOLINT: a benchmark's main file
using bench::ms_since;
using bench::percentile;
using SteadyClock = std::chrono::steady_clock;

struct Options {
  std::string db_url;
  long posts = 10'000;
  int lag_changes = 200;
  int random_queries = 300;
  bool keep = false;
  bool reuse = false;  // --reuse: search the index already in --db (no seeding, no reindex)
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    if (k == "--keep" || k == "--reuse") {
      (k == "--keep" ? o.keep : o.reuse) = true;
      continue;
    }
    if (i + 1 >= argc) throw std::invalid_argument("missing value for " + k);
    const std::string v = argv[++i];
    if (k == "--db") o.db_url = v;
    else if (k == "--posts") o.posts = std::max(0L, std::stol(v));
    else if (k == "--lag-changes") o.lag_changes = std::max(0, std::stoi(v));
    else if (k == "--random-queries") o.random_queries = std::max(1, std::stoi(v));
    else throw std::invalid_argument("unknown option " + k);
  }
  return o;
}

std::vector<std::string> judged_queries(const std::string& path) {
  std::istringstream in(read_file(path));
  std::string line;
  std::getline(in, line);
  std::vector<std::string> out;
  while (std::getline(in, line)) {
    const auto a = line.find('\t');
    const auto b = a == std::string::npos ? a : line.find('\t', a + 1);
    if (b == std::string::npos) continue;
    const std::string q = line.substr(a + 1, b - a - 1);
    if (out.empty() || out.back() != q) out.push_back(q);
  }
  return out;
}

// Word-bigram chain over real texts.
class TextGenerator final {
 public:
  explicit TextGenerator(const std::vector<std::string>& texts) {
    for (const auto& text : texts) {
      std::istringstream words(text);
      std::string prev = "";
      for (std::string w; words >> w;) {
        if (w.find_first_of("#*|[]()<>`_=") != std::string::npos) continue;  // Markdown, links
        next_[prev].push_back(w);
        const char last = w.back();
        prev = last == '.' || last == '?' || last == '!' ? "" : w;
      }
    }
    for (const auto& [w, _] : next_) vocabulary_.push_back(w);
  }

  std::string words(std::mt19937_64& rng, int count) const {
    std::string out;
    std::string prev;
    for (int i = 0; i < count; ++i) {
      auto it = next_.find(prev);
      if (it == next_.end() || it->second.empty()) it = next_.find("");
      const auto& options = it->second;
      const std::string& w = options[rng() % options.size()];
      out += (out.empty() ? "" : " ") + w;
      const char last = w.back();
      prev = last == '.' || last == '?' || last == '!' ? "" : w;
    }
    return out;
  }

 private:
  std::unordered_map<std::string, std::vector<std::string>> next_;
  std::vector<std::string> vocabulary_;
};

const char* const kCategories[] = {"질문", "치료 후기", "일상", "정보", "응원"};

search::Document synthetic_post(const TextGenerator& gen, long i, std::int64_t now_ms) {
  std::mt19937_64 rng(static_cast<std::uint64_t>(i) * 2654435761ULL + 11);
  std::lognormal_distribution<double> length(std::log(45.0), 0.8);
  search::Document d;
  d.kind = search::DocKind::kPost;
  char id[32];
  std::snprintf(id, sizeof id, "syn%08ld", i);
  d.id = id;
  d.category = kCategories[rng() % 5];
  d.title = gen.words(rng, 3 + static_cast<int>(rng() % 7));
  d.body = gen.words(rng, std::clamp(static_cast<int>(length(rng)), 8, 600));
  d.published_at_ms = now_ms - static_cast<std::int64_t>(rng() % (730ULL * 86'400'000ULL));
  d.popularity = {static_cast<std::int64_t>(rng() % 20), static_cast<std::int64_t>(rng() % 8),
                  static_cast<std::int64_t>(rng() % 400)};
  return d;
}

void print_latencies(const char* label, const std::vector<double>& ms) {
  std::printf("%-28s n=%-5zu p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  max %6.2f ms\n", label, ms.size(),
              percentile(ms, 0.50), percentile(ms, 0.95), percentile(ms, 0.99), percentile(ms, 1.0));
}

double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// Wall-clock latencies; `cpu` gets this thread's CPU time per query (on SQLite that is all of
// the work — the engine runs in-process —, on PostgreSQL only the client side). On a loaded
// 2-core machine wall time includes waiting for a core; CPU time does not.
std::vector<double> time_queries(search::SearchIndex& index, const std::vector<std::string>& queries, int rounds,
                                 std::int64_t now_ms, long& with_results, std::vector<double>& cpu) {
  std::vector<double> ms;
  with_results = 0;
  for (int r = 0; r < rounds; ++r) {
    for (const auto& text : queries) {
      search::Query q;
      q.text = text;
      q.log = false;
      q.now_ms = now_ms;
      const auto start = SteadyClock::now();
      const double cpu_start = thread_cpu_ms();
      auto result = index.search(q);
      ms.push_back(ms_since(start));
      cpu.push_back(thread_cpu_ms() - cpu_start);
      if (result && !result->hits.empty()) ++with_results;
    }
  }
  return ms;
}

bool found(search::SearchIndex& index, const std::string& marker, const std::string& doc_id) {
  search::Query q;
  q.text = marker;
  q.log = false;
  auto r = index.search(q);
  if (!r) return false;
  return std::any_of(r->hits.begin(), r->hits.end(), [&](const search::Hit& h) { return h.id == doc_id; });
}

// Polls until `want` holds (the change is visible); returns ms since `since`, or -1 after 30 s.
template <typename F>
double wait_until(SteadyClock::time_point since, F want) {
  while (ms_since(since) < 30'000) {
    if (want()) return ms_since(since);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return -1;
}

// A word no other document has (letters and digits only: one analyzer token).
std::string marker_word(std::mt19937_64& rng) {
  char out[32];
  std::snprintf(out, sizeof out, "lagmark%016llx", static_cast<unsigned long long>(rng()));
  return out;
}

std::string describe(const Error& e) {
  std::string out = e.public_message + " " + e.internal_message;
  for (const auto& f : e.fields) out += " [" + f.field + ": " + f.message + "]";
  return out;
}

void measure_lag(const Config& config, const TextGenerator& gen, int changes) {
  auto rt = app::build_runtime(config);
  app::Workers workers(*rt);
  workers.start();
  identity::SignupRequest signup;
  signup.email = "search-bench-" + random_token(6) + "@example.com";
  signup.password = "숨쉬기편한하루2026";
  signup.nickname = "검색벤치" + std::to_string(std::random_device{}() % 100000);
  signup.terms_version = "2026-11-01";
  signup.health_data_version = "2026-11-01";
  signup.time_zone = "Asia/Seoul";
  auto profile = rt->identity->sign_up(signup);
  if (!profile) throw std::runtime_error("sign up: " + profile.error().internal_message);
  const std::string user = profile->id;

  std::mt19937_64 rng(99);
  std::vector<double> created_ms, edited_ms, deleted_ms;
  int failures = 0;
  std::vector<std::pair<std::string, std::string>> live;  // post id, marker
  for (int i = 0; i < changes; ++i) {
    // Changes arrive at random moments relative to the worker's poll cycle.
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 250));
    const int kind = live.size() < 5 ? 0 : static_cast<int>(rng() % 10);
    if (kind < 7) {
      const std::string marker = marker_word(rng);
      community::PostInput in;
      in.title = gen.words(rng, 5);
      in.body = gen.words(rng, 40) + " " + marker;
      in.category = "daily";
      const auto start = SteadyClock::now();
      auto post = rt->community->create_post(user, in);
      if (!post) throw std::runtime_error("create_post: " + describe(post.error()));
      const std::string id = post->post.id;
      const double lag = wait_until(start, [&] { return found(*rt->search, marker, id); });
      lag < 0 ? ++failures : (created_ms.push_back(lag), 0);
      live.emplace_back(id, marker);
    } else if (kind < 9) {
      auto& [id, marker] = live[rng() % live.size()];
      const std::string fresh = marker_word(rng);
      community::PostInput in;
      in.title = gen.words(rng, 5);
      in.body = gen.words(rng, 40) + " " + fresh;
      in.category = "daily";
      const auto start = SteadyClock::now();
      auto post = rt->community->edit_post(user, id, in);
      if (!post) throw std::runtime_error("edit_post: " + describe(post.error()));
      const double lag = wait_until(start, [&, &post_id = id] { return found(*rt->search, fresh, post_id); });
      lag < 0 ? ++failures : (edited_ms.push_back(lag), 0);
      marker = fresh;
    } else {
      const auto at = rng() % live.size();
      const auto [id, marker] = live[at];
      live.erase(live.begin() + static_cast<long>(at));
      const auto start = SteadyClock::now();
      if (auto s = rt->community->delete_post(user, id); !s) throw std::runtime_error("delete_post");
      const double lag = wait_until(start, [&, &post_id = id, &m = marker] { return !found(*rt->search, m, post_id); });
      lag < 0 ? ++failures : (deleted_ms.push_back(lag), 0);
    }
  }
  workers.stop();
  std::vector<double> all = created_ms;
  all.insert(all.end(), edited_ms.begin(), edited_ms.end());
  all.insert(all.end(), deleted_ms.begin(), deleted_ms.end());
  std::printf("index lag (commit → searchable, worker idle poll 200 ms, search polled every 5 ms):\n");
  print_latencies("  post created", created_ms);
  print_latencies("  post edited", edited_ms);
  print_latencies("  post deleted", deleted_ms);
  print_latencies("  all changes", all);
  std::printf("  changes not visible within 30 s: %d\n", failures);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const auto o = parse(argc, argv);
    spdlog::set_level(spdlog::level::warn);
    const std::string root = SOOM_SOURCE_DIR;
    const auto work = std::filesystem::temp_directory_path() / ("search_bench_" + random_token(6));
    std::filesystem::create_directories(work);
    Config config;
    config.var_dir = work.string();
    config.database.url = o.db_url.empty() ? "sqlite:" + (work / "bench.db").string() : o.db_url;
    config.community.posts_per_window = 0;
    config.log.level = "warn";
    auto db = db::open_database(db::OpenOptions{config.database.url, 4, 5'000, 10'000});
    if (auto m = db::Migrator(*db, db::embedded_migrations(db->engine())).migrate(); !m) {
      throw std::runtime_error("migrate: " + m.error().internal_message);
    }
    const bool postgres = db->engine() == db::Engine::kPostgres;
    (void)search::seed_synonyms_if_empty(*db, search::parse_synonyms_tsv(read_file(root + "/content/synonyms.tsv")));

    search::FileDocumentSource source(root + "/content/articles", root + "/tests/search/posts.tsv");
    std::vector<std::string> texts;
    for (const auto& d : source.all()) {
      texts.push_back(d.body);
      texts.push_back(d.title);
    }
    const TextGenerator gen(texts);
    const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    for (long i = 0; i < (o.reuse ? 0 : o.posts); ++i) source.add(synthetic_post(gen, i, now_ms));
    const auto docs = source.all();
    double body_words = 0;
    for (const auto& d : docs) body_words += static_cast<double>(std::count(d.body.begin(), d.body.end(), ' ') + 1);
    std::printf("engine %s, %zu documents (%ld synthetic posts), mean body %.0f words\n",
                postgres ? "postgresql" : "sqlite", docs.size(), o.posts, body_words / static_cast<double>(docs.size()));

    auto index = search::make_search_index(*db);
    if (!o.reuse) {
      const auto built = index->reindex(source);
      if (!built) throw std::runtime_error("reindex: " + built.error().internal_message);
      std::printf("reindex: %lld docs in %.1f s = %.0f docs/s\n", static_cast<long long>(built->documents),
                  built->seconds, static_cast<double>(built->documents) / built->seconds);
    }
    if (postgres && !o.reuse) {
      // What autovacuum does after a bulk load (VACUUM cannot run inside a transaction, which
      // is all db::Database offers): statistics for the planner and the visibility map, which
      // lets GIN counts skip the heap.
      const std::string cmd = "psql -q '" + config.database.url + "' -c 'VACUUM ANALYZE search_documents'";
      if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "VACUUM ANALYZE failed\n");
    }

    long hits = 0;
    const auto judged = judged_queries(root + "/tests/search/judgments.tsv");
    std::printf("load average before queries: %s", read_file("/proc/loadavg").c_str());
    std::vector<double> judged_cpu, mix_cpu;
    const auto judged_ms = time_queries(*index, judged, 3, now_ms, hits, judged_cpu);
    print_latencies("search, judged queries ×3", judged_ms);
    print_latencies("  (thread CPU)", judged_cpu);
    std::mt19937_64 rng(5);
    std::vector<std::string> mix;
    for (int i = 0; i < o.random_queries; ++i) {
      const auto d = o.posts > 0 ? synthetic_post(gen, static_cast<long>(rng() % static_cast<std::uint64_t>(o.posts)), now_ms)
                                 : docs[rng() % docs.size()];
      std::istringstream words(d.body);
      std::vector<std::string> w;
      for (std::string x; words >> x;) w.push_back(x);
      const std::size_t n = 1 + rng() % 3;
      if (w.size() < n) continue;
      const std::size_t at = rng() % (w.size() - n + 1);
      std::string q;
      for (std::size_t k = at; k < at + n; ++k) q += (q.empty() ? "" : " ") + w[k];
      mix.push_back(q);
    }
    const auto mix_ms = time_queries(*index, mix, 1, now_ms, hits, mix_cpu);
    print_latencies("search, random mix ×1", mix_ms);
    print_latencies("  (thread CPU)", mix_cpu);
    std::printf("  random queries with results: %ld/%zu\n", hits, mix.size());
    std::vector<double> suggest_ms;
    for (const char* p : {"흡", "ㅎㅇㄱ", "스페", "ㅁㅅㅁㅈ", "벤토", "천식", "ㅊㅅ", "알레", "기침", "ㅅㅂㅋㅌ"}) {
      for (int r = 0; r < 5; ++r) {
        const auto start = SteadyClock::now();
        (void)index->suggest(p, 10);
        suggest_ms.push_back(ms_since(start));
      }
    }
    print_latencies("suggest", suggest_ms);
    index.reset();
    db.reset();

    if (o.lag_changes > 0) measure_lag(config, gen, o.lag_changes);
    if (!o.keep) std::filesystem::remove_all(work);
    else std::printf("kept %s\n", work.string().c_str());
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "search_bench: " << e.what() << "\n";
    return 1;
  }
}
