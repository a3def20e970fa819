// Community benchmark (issue 6): the feed and the post page at 1M posts / 10M comments must
// take < 10 ms of server time on PostgreSQL.
//
//   community_bench --db POSTGRES_URL [--posts 50000 | --full] [--rounds 200] [--viewer USER_ID]
//                   [--explain] [--wrk-env FILE]
//
// --full (or BENCH_COMMUNITY_FULL=1 in the environment) seeds 1,000,000 posts.
//
// Seeding writes straight into the community tables with server-side INSERT … SELECT over
// generate_series, a few transactions of 20,000 posts each: going through the service would
// take hours at full size. The rows have the shape the service writes — uuid ids ordered by
// time, one level of replies, like_count/comment_count equal to the like and comment rows,
// the stored popularity score of feed_score.cpp, some hidden and deleted posts — and a sample
// is checked against popularity_score() and real counts before anything is timed. One post
// in 50 has exactly 50 comments; the others 0–18 (≈ 10 per post on average). Authors are
// N/10 distinct users over 7 categories; one post a minute, so 1M posts span ≈ 2 years.
// An existing seed of at least N posts is reused (re-run after a code change without
// reseeding).
//
// The viewer (the signed-up user, or --viewer) blocks 20 authors and likes the 20 posts of the
// first feed page through the service. Then each case is called --rounds times through the public CommunityService
// API (one thread; server work only, no HTTP/JSON): p50/p95/p99/max and calls/s. A case whose
// p99 is ≥ 10 ms gets the EXPLAIN (ANALYZE, BUFFERS) of its SQL printed (--explain: always).
// --wrk-env FILE writes paths for bench/community.lua (wrk against `soomcare serve`).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/runtime.hpp"
#include "core/config.hpp"
#include "core/random.hpp"
#include "core/time.hpp"
#include "db/db.hpp"
#include "db/migrations.hpp"
#include "dense_records.hpp"
#include "modules/community/community.hpp"
#include "modules/community/community_repository.hpp"
#include "modules/community/feed_cursor.hpp"
#include "modules/community/feed_score.hpp"
#include "modules/identity/identity.hpp"

namespace {

using namespace soom;  // NOLINT: a benchmark's main file
using namespace soom::community;  // NOLINT
using SteadyClock = std::chrono::steady_clock;
using bench::ms_since;
using bench::percentile;

constexpr double kTargetMs = 10;
constexpr std::int64_t kFullPosts = 1'000'000;
constexpr std::int64_t kChunkPosts = 20'000;
constexpr std::int64_t kPostEveryMs = 60'000;

struct Options {
  std::string db_url;
  std::int64_t posts = 50'000;
  int rounds = 200;
  std::string viewer;
  bool explain = false;
  std::string wrk_env;
};

Options parse(int argc, char** argv) {
  Options o;
  if (const char* full = std::getenv("BENCH_COMMUNITY_FULL"); full && std::string(full) == "1") o.posts = kFullPosts;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    if (k == "--full") {
      o.posts = kFullPosts;
      continue;
    }
    if (k == "--explain") {
      o.explain = true;
      continue;
    }
    if (i + 1 >= argc) throw std::invalid_argument("missing value for " + k);
    const std::string v = argv[++i];
    if (k == "--db") o.db_url = v;
    else if (k == "--posts") o.posts = std::max<std::int64_t>(1000, std::stoll(v));
    else if (k == "--rounds") o.rounds = std::max(10, std::stoi(v));
    else if (k == "--viewer") o.viewer = v;
    else if (k == "--wrk-env") o.wrk_env = v;
    else throw std::invalid_argument("unknown option " + k);
  }
  return o;
}

// ---- seeding (SQL expressions over i = post number, k = comment number, l = like number) ---

// A version-7-shaped uuid: 48-bit ms timestamp, a kind digit (0 post, 1 comment), 48-bit
// sequence. Time-ordered like new_uuid_v7(), and accepted by the {id:uuid} route matcher.
std::string uuid_sql(const std::string& ms, char kind, const std::string& seq) {
  const std::string hex = "lpad(to_hex(" + ms + "), 12, '0')";
  return "(substr(" + hex + ", 1, 8) || '-' || substr(" + hex + ", 9, 4) || '-7" + std::string(1, kind) +
         "00-8000-' || lpad(to_hex(" + seq + "), 12, '0'))";
}
std::string user_sql(const std::string& u) { return "('00000000-0000-7000-9000-' || lpad(to_hex(" + u + "), 12, '0'))"; }
// Created-at of post i ($3 = the first post's time).
const std::string kPostTime = "($3::bigint + i * " + std::to_string(kPostEveryMs) + ")";
const std::string kCommentCount = "(CASE WHEN i % 50 = 0 THEN 50 ELSE (i * 7919) % 19 END)";
const std::string kLikeCount = "((i * 31) % 7)";
const std::string kSeries = "generate_series($1::bigint, $2::bigint) AS g(i)";

std::string posts_sql() {
  return "INSERT INTO community_posts (id, author_id, author_nickname, anonymous, category, title, body, body_hash, "
         "snapshot, client_id, status, hidden_by, like_count, comment_count, view_count, report_count, score, "
         "created_at, updated_at, deleted_at) "
         "SELECT " + uuid_sql("t", '0', "i") + ", " + user_sql("u") + ", '숨쉬는사람' || u, i % 13 = 0, "
         "(ARRAY['daily','question','info','treatment_review','medication','environment','support'])[1 + i % 7], "
         "'벤치 글 ' || i, body, encode(sha256(convert_to(body, 'UTF8')), 'hex'), NULL, NULL, "
         "CASE WHEN i % 401 = 0 THEN 'hidden' WHEN i % 307 = 0 THEN 'deleted' ELSE 'visible' END, "
         "CASE WHEN i % 401 = 0 THEN 'reports' END, lc, cc, (i * 17) % 500, CASE WHEN i % 401 = 0 THEN 3 ELSE 0 END, "
         "round((log((1 + lc + 2 * cc)::float8) + (t / 1000)::float8 / 45000) * 1e6)::bigint, t, t, "
         "CASE WHEN i % 401 <> 0 AND i % 307 = 0 THEN t END "
         "FROM (SELECT i, " + kPostTime + " AS t, (i * 7) % $4::bigint AS u, " + kCommentCount + " AS cc, " +
         kLikeCount + " AS lc, repeat('오늘 미세먼지가 심해서 흡입기를 꼭 챙겼어요. ', 1 + (i % 6)::int) || i AS body "
         "FROM " + kSeries + ") s";
}

std::string comments_sql() {
  // Every 4th comment answers the one before it (a top-level comment): one level of replies.
  return "INSERT INTO community_comments (id, post_id, parent_id, author_id, author_nickname, anonymous, body, "
         "client_id, status, like_count, report_count, created_at, updated_at) "
         "SELECT " + uuid_sql("ct", '1', "i * 64 + k") + ", " + uuid_sql("t", '0', "i") +
         ", CASE WHEN k % 4 = 0 THEN " + uuid_sql("ct - 60000", '1', "i * 64 + k - 1") + " END, " +
         user_sql("u") + ", '숨쉬는사람' || u, (i + k) % 11 = 0, "
         "'댓글 ' || k || ': 저도 그래요. 외출할 때 흡입기 꼭 챙기세요.', NULL, 'visible', 0, 0, ct, ct "
         "FROM (SELECT i, k, " + kPostTime + " AS t, " + kPostTime + " + k * 60000 AS ct, (i * 7 + k * 13) % $4::bigint "
         "AS u FROM " + kSeries + " CROSS JOIN LATERAL generate_series(1, " + kCommentCount + ") AS c(k)) s";
}

std::string likes_sql() {
  return "INSERT INTO community_post_likes (post_id, user_id, created_at) "
         "SELECT " + uuid_sql("t", '0', "i") + ", " + user_sql("(i + l * 101) % $4::bigint") + ", t + l * 1000 "
         "FROM (SELECT i, l, " + kPostTime + " AS t FROM " + kSeries + " CROSS JOIN LATERAL generate_series(1, " +
         kLikeCount + ") AS x(l)) s";
}

std::int64_t scalar(db::Database& db, const std::string& sql) {
  auto tx = db.read();
  const auto r = tx.query(sql);
  tx.commit();
  return r.rows.at(0).get_int(0);
}

void seed(db::Database& db, std::int64_t posts, Instant now) {
  const std::int64_t users = std::max<std::int64_t>(1000, posts / 10);
  const std::int64_t first_ms = to_unix_ms(now) - posts * kPostEveryMs - 86'400'000;
  const auto posts_insert = posts_sql(), comments_insert = comments_sql(), likes_insert = likes_sql();
  const auto start = SteadyClock::now();
  for (std::int64_t lo = 1; lo <= posts; lo += kChunkPosts) {
    const std::int64_t hi = std::min(posts, lo + kChunkPosts - 1);
    const db::Params params{lo, hi, first_ms, users};
    auto tx = db.begin();
    tx.query(posts_insert, params);
    tx.query(comments_insert, params);
    tx.query(likes_insert, params);
    tx.commit();
    std::fprintf(stderr, "\r   seeded %lld/%lld posts (%.0f s)", static_cast<long long>(hi),
                 static_cast<long long>(posts), ms_since(start) / 1000);
  }
  std::fprintf(stderr, "\n");
  auto tx = db.begin();
  for (const char* table : {"community_posts", "community_comments", "community_post_likes"}) {
    tx.query(std::string("ANALYZE ") + table);
  }
  tx.commit();
}

// The seed must look like what the service writes: counters equal to the rows, the stored
// score equal to popularity_score() (± 1 for rounding of the last digit).
void verify_shape(db::Database& db) {
  auto tx = db.read();
  const auto sample = tx.query(
      "SELECT p.id, p.like_count, p.comment_count, p.score, p.created_at, "
      "(SELECT COUNT(*) FROM community_comments c WHERE c.post_id = p.id), "
      "(SELECT COUNT(*) FROM community_post_likes l WHERE l.post_id = p.id), "
      "(SELECT COUNT(*) FROM community_comments c WHERE c.post_id = p.id AND c.parent_id IS NOT NULL AND NOT EXISTS "
      "(SELECT 1 FROM community_comments t WHERE t.id = c.parent_id AND t.parent_id IS NULL)) "
      "FROM community_posts p TABLESAMPLE SYSTEM (1) LIMIT 300");
  tx.commit();
  int checked = 0;
  for (const auto& r : sample.rows) {
    const auto id = r.get_text(0);
    const auto expected = popularity_score(r.get_int(1), r.get_int(2), from_unix_ms(r.get_int(4)));
    if (r.get_int(2) != r.get_int(5) || r.get_int(1) != r.get_int(6)) {
      throw std::runtime_error("seed: counters of " + id + " do not match its rows");
    }
    if (std::llabs(expected - r.get_int(3)) > 1) throw std::runtime_error("seed: score of " + id + " is not the service's");
    if (r.get_int(7) != 0) throw std::runtime_error("seed: " + id + " has a reply to a reply or to nothing");
    ++checked;
  }
  if (checked == 0) throw std::runtime_error("seed: nothing to verify");
  std::printf("seed check: %d sampled posts have counters equal to their rows and the service's score\n", checked);
}

// ---- measuring ---------------------------------------------------------------------------

struct Case {
  std::string name;
  std::function<void(std::size_t)> call;       // call number → one request; throws on a wrong answer
  std::function<repo::Sql(std::size_t)> sql;  // the statement behind it, for EXPLAIN
};

struct Sample {
  std::string created_at;
  std::string id;
  std::int64_t score = 0;
  std::string category;
};

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

bool run_case(const Case& c, int rounds, db::Database& db, bool explain) {
  for (std::size_t i = 0; i < 10; ++i) c.call(i);  // warm the statement cache and the buffers
  std::vector<double> ms;
  ms.reserve(static_cast<std::size_t>(rounds));
  double total = 0;
  for (std::size_t i = 0; i < static_cast<std::size_t>(rounds); ++i) {
    const auto start = SteadyClock::now();
    c.call(i);
    ms.push_back(ms_since(start));
    total += ms.back();
  }
  const double p99 = percentile(ms, 0.99);
  const bool ok = p99 < kTargetMs;
  std::printf("%-38s calls=%d p50=%.2fms p95=%.2fms p99=%.2fms max=%.2fms calls/s=%.0f target p99<%.0fms %s\n",
              c.name.c_str(), rounds, percentile(ms, 0.50), percentile(ms, 0.95), p99, percentile(ms, 1.0),
              rounds / (total / 1000), kTargetMs, ok ? "ok" : "SLOW");
  if ((!ok || explain) && c.sql && db.engine() == db::Engine::kPostgres) {
    const auto sql = c.sql(0);
    auto tx = db.read();
    const auto plan = tx.query("EXPLAIN (ANALYZE, BUFFERS) " + sql.text, sql.params);
    tx.commit();
    for (const auto& row : plan.rows) std::printf("    | %s\n", row.get_text(0).c_str());
  }
  return ok;
}

// Visible posts whose author the viewer has not blocked (the post page would be a 404).
std::vector<Sample> sample_posts(db::Database& db, const std::string& viewer, const std::string& where, int n) {
  auto tx = db.read();
  const auto r = tx.query("SELECT created_at, id, score, category FROM community_posts p WHERE status = 'visible' " +
                              where +
                              " AND NOT EXISTS (SELECT 1 FROM community_blocks b WHERE b.blocker_id = $2 AND "
                              "b.blocked_id = p.author_id) ORDER BY random() LIMIT $1",
                          {static_cast<std::int64_t>(n), viewer});
  tx.commit();
  std::vector<Sample> out;
  for (const auto& row : r.rows) {
    out.push_back(Sample{std::to_string(row.get_int(0)), row.get_text(1), row.get_int(2), row.get_text(3)});
  }
  if (out.empty()) throw std::runtime_error("no posts " + where);
  return out;
}

void expect_page(const Result<FeedPage>& page, const std::set<std::string>& blocked_posts, const char* what) {
  if (!page) throw std::runtime_error(std::string(what) + ": " + page.error().internal_message);
  if (page->items.size() != 20) {
    throw std::runtime_error(std::string(what) + ": " + std::to_string(page->items.size()) + " items, not 20");
  }
  for (const auto& p : page->items) {
    if (blocked_posts.count(p.id) > 0) throw std::runtime_error(std::string(what) + ": a blocked author's post");
  }
}

std::size_t comment_total(const PostDetail& d) {
  std::size_t n = 0;
  for (const auto& c : d.comments) n += 1 + c.replies.size();
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const auto o = parse(argc, argv);
    if (o.db_url.rfind("postgres", 0) != 0) throw std::invalid_argument("--db must be a PostgreSQL URL");
    const auto work = std::filesystem::temp_directory_path() / ("community_bench_" + random_token(6));
    std::filesystem::create_directories(work);
    Config config;
    config.var_dir = work.string();
    config.database.url = o.db_url;
    {
      auto db = db::open_database(db::OpenOptions{config.database.url, 2, 5'000, 10'000});
      if (auto m = db::Migrator(*db, db::embedded_migrations(db->engine())).migrate(); !m) {
        throw std::runtime_error("migrate: " + m.error().internal_message);
      }
    }
    auto rt = app::build_runtime(config);
    auto& db = *rt->db;
    auto& community = *rt->community;

    const auto existing = scalar(db, "SELECT COUNT(*) FROM community_posts");
    auto start = SteadyClock::now();
    if (existing >= o.posts) {
      std::printf("seed: reusing %lld existing posts\n", static_cast<long long>(existing));
    } else if (existing > 0) {
      throw std::runtime_error("the database holds " + std::to_string(existing) + " posts, fewer than --posts");
    } else {
      seed(db, o.posts, rt->clock->now());
    }
    const auto posts = scalar(db, "SELECT COUNT(*) FROM community_posts");
    const auto comments = scalar(db, "SELECT COUNT(*) FROM community_comments");
    std::printf("seed: posts=%lld comments=%lld likes=%lld users=%lld seconds=%.1f\n", static_cast<long long>(posts),
                static_cast<long long>(comments),
                static_cast<long long>(scalar(db, "SELECT COUNT(*) FROM community_post_likes")),
                static_cast<long long>(std::max<std::int64_t>(1000, posts / 10)), ms_since(start) / 1000);
    verify_shape(db);

    std::string viewer = o.viewer;
    if (viewer.empty()) {
      identity::SignupRequest signup;
      signup.email = "bench-" + random_token(6) + "@example.com";
      signup.password = "숨쉬기편한하루2026";
      signup.nickname = "벤치" + random_token(3);
      signup.terms_version = "2026-11-01";
      signup.health_data_version = "2026-11-01";
      signup.time_zone = bench::kBenchZone;
      auto profile = rt->identity->sign_up(signup);
      if (!profile) throw std::runtime_error("sign up: " + profile.error().internal_message);
      viewer = profile->id;
    }
    // The viewer blocks 20 authors and likes the first feed page, through the service.
    std::set<std::string> blocked_authors;
    for (const auto& s : sample_posts(db, viewer, "AND NOT anonymous", 20)) {
      if (auto b = community.block(viewer, s.id, std::nullopt); !b) {
        throw std::runtime_error("block " + s.id + ": " + b.error().public_message + " " + b.error().internal_message);
      }
    }
    {
      auto tx = db.read();
      for (const auto& r : tx.query("SELECT blocked_id FROM community_blocks WHERE blocker_id = $1", {viewer}).rows) {
        blocked_authors.insert(r.get_text(0));
      }
      tx.commit();
    }
    std::set<std::string> blocked_posts;  // their posts among the newest, to check pages against
    {
      auto tx = db.read();
      for (const auto& r :
           tx.query("SELECT id, author_id FROM community_posts ORDER BY created_at DESC LIMIT 50000").rows) {
        if (!r.is_null(1) && blocked_authors.count(r.get_text(1)) > 0) blocked_posts.insert(r.get_text(0));
      }
      tx.commit();
    }
    auto first = community.feed(viewer, FeedQuery{});
    if (!first) throw std::runtime_error("feed: " + first.error().internal_message);
    for (std::size_t i = 0; i < first->items.size(); ++i) {
      if (!first->items[i].liked_by_me) (void)community.like_post(viewer, first->items[i].id, true);
    }

    // Not from the oldest day: every deep page (also of one category) must still hold 20 posts.
    const auto deep =
        sample_posts(db, viewer, "AND created_at > (SELECT MIN(created_at) FROM community_posts) + 86400000", 50);
    const auto fifty = sample_posts(db, viewer, "AND comment_count = 50", 50);
    const auto typical = sample_posts(db, viewer, "AND comment_count BETWEEN 8 AND 12", 50);
    const std::vector<std::string> categories{"daily",      "question",    "info",   "treatment_review",
                                              "medication", "environment", "support"};
    auto query = [](std::optional<std::string> category, std::string sort, std::optional<std::string> cursor) {
      FeedQuery q;
      q.category = std::move(category);
      q.sort = std::move(sort);
      q.cursor = std::move(cursor);
      q.limit = 20;
      return q;
    };
    auto cursor_of = [](const Sample& s, const std::string& sort) {
      return encode_cursor({sort, sort == "popular" ? s.score : std::stoll(s.created_at), s.id});
    };
    auto filter_sql = [&](std::optional<std::string> category, std::string sort, const Sample* after) {
      repo::FeedFilter f;
      f.category = std::move(category);
      f.sort = std::move(sort);
      f.limit = 21;
      if (after) {
        f.after_key = f.sort == "popular" ? after->score : std::stoll(after->created_at);
        f.after_id = after->id;
      }
      return repo::feed_sql(viewer, f);
    };
    auto feed_case = [&](std::string name, std::function<FeedQuery(std::size_t)> make,
                         std::function<repo::Sql(std::size_t)> sql) {
      const auto label = name;
      return Case{std::move(name),
                  [&, make, label](std::size_t i) {
                    expect_page(community.feed(viewer, make(i)), blocked_posts, label.c_str());
                  },
                  std::move(sql)};
    };
    auto detail_case = [&](std::string name, const std::vector<Sample>& targets, std::size_t expected) {
      return Case{std::move(name),
                  [&, expected](std::size_t i) {
                    const auto& s = targets[i % targets.size()];
                    auto d = community.post(viewer, s.id);
                    if (!d) throw std::runtime_error("post " + s.id + ": " + d.error().internal_message);
                    if (expected > 0 && comment_total(*d) != expected) {
                      throw std::runtime_error("post " + s.id + ": " + std::to_string(comment_total(*d)) + " comments");
                    }
                  },
                  [&](std::size_t i) { return repo::comments_sql(viewer, targets[i % targets.size()].id, 1000); }};
    };

    const std::vector<Case> cases{
        feed_case("feed latest, first page", [&](std::size_t) { return query(std::nullopt, "latest", std::nullopt); },
                  [&](std::size_t) { return filter_sql(std::nullopt, "latest", nullptr); }),
        feed_case("feed latest, deep page (cursor)",
                  [&](std::size_t i) { return query(std::nullopt, "latest", cursor_of(deep[i % deep.size()], "latest")); },
                  [&](std::size_t i) { return filter_sql(std::nullopt, "latest", &deep[i % deep.size()]); }),
        feed_case("feed popular, first page", [&](std::size_t) { return query(std::nullopt, "popular", std::nullopt); },
                  [&](std::size_t) { return filter_sql(std::nullopt, "popular", nullptr); }),
        feed_case("feed popular, deep page (cursor)",
                  [&](std::size_t i) {
                    return query(std::nullopt, "popular", cursor_of(deep[i % deep.size()], "popular"));
                  },
                  [&](std::size_t i) { return filter_sql(std::nullopt, "popular", &deep[i % deep.size()]); }),
        feed_case("feed by category, latest",
                  [&](std::size_t i) { return query(categories[i % 7], "latest", std::nullopt); },
                  [&](std::size_t i) { return filter_sql(categories[i % 7], "latest", nullptr); }),
        feed_case("feed by category, deep page",
                  [&](std::size_t i) {
                    const auto& s = deep[i % deep.size()];
                    return query(s.category, "latest", cursor_of(s, "latest"));
                  },
                  [&](std::size_t i) {
                    const auto& s = deep[i % deep.size()];
                    return filter_sql(s.category, "latest", &s);
                  }),
        feed_case("feed by category, popular",
                  [&](std::size_t i) { return query(categories[i % 7], "popular", std::nullopt); },
                  [&](std::size_t i) { return filter_sql(categories[i % 7], "popular", nullptr); }),
        detail_case("post page, 50 comments", fifty, 50),
        detail_case("post page, 8-12 comments", typical, 0),
    };
    std::printf("in-process, 1 thread, viewer with %zu blocks; %d calls per case; load average %s\n",
                blocked_authors.size(), o.rounds, load_average().c_str());
    int slow = 0;
    for (const auto& c : cases) slow += run_case(c, o.rounds, db, o.explain) ? 0 : 1;

    if (!o.wrk_env.empty()) {
      std::ofstream env(o.wrk_env);
      std::string deep_paths, post_paths;
      for (const auto& s : deep) deep_paths += "/v1/community/posts?cursor=" + cursor_of(s, "latest") + " ";
      for (const auto& s : fifty) post_paths += "/v1/community/posts/" + s.id + " ";
      env << "BENCH_COMMUNITY_DEEP='" << deep_paths << "'\nBENCH_COMMUNITY_POSTS='" << post_paths << "'\n";
    }
    rt.reset();
    std::filesystem::remove_all(work);
    std::printf("load average after: %s\n", load_average().c_str());
    std::printf("%s\n", slow == 0 ? "all cases p99 < 10 ms" : "some cases missed p99 < 10 ms (plans above)");
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "community_bench: " << e.what() << "\n";
    return 1;
  }
}
