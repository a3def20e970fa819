// Search quality and speed on the shipped corpus (content/articles + tests/search/posts.tsv)
// against tests/search/judgments.tsv. Prints NDCG@10 and MRR for our index and, in the same
// run, two baselines: naive LIKE '%q%' and a MySQL-ngram-style ranker (2-grams, tf·idf², as
// InnoDB's ngram parser + natural-language mode). Also: what each returns for the queries
// that have no relevant document, p95 search latency and full-reindex throughput.
//
//   search_quality [SOURCE_DIR]      (default: the source tree this was built from)
// Environment: BENCH_SEARCH_EXTRA_POSTS=N adds N synthetic posts (recombined sentences of
// the corpus posts) before measuring latency, e.g. 100000 for the 100K-post target.
// Uses SQLite in a temporary directory.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unistd.h>
#include <vector>

#include "core/files.hpp"
#include "db/db.hpp"
#include "db/migrations.hpp"
#include "modules/search/file_source.hpp"
#include "modules/search/search.hpp"

namespace {

using soom::read_file;
using soom::search::Document;

struct Judged final {
  std::string id;
  std::string query;
  std::map<std::string, int> grades;  // doc id → grade (absent = 0)
};

std::vector<Judged> load_judgments(const std::string& path) {
  std::istringstream in(read_file(path));
  std::string line;
  std::getline(in, line);  // header: query_id, query, doc_id, grade
  std::vector<Judged> out;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream row(line);
    for (std::string cell; std::getline(row, cell, '\t');) cells.push_back(cell);
    if (cells.size() != 4) throw std::runtime_error("bad judgment row: " + line);
    if (out.empty() || out.back().id != cells[0]) out.push_back({cells[0], cells[1], {}});
    if (cells[2] != "-") out.back().grades[cells[2]] = std::stoi(cells[3]);
  }
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::string all_text(const Document& d) {
  std::string tags;
  for (const auto& t : d.tags) tags += t + " ";
  return lower(d.title + " " + tags + " " + d.summary + " " + d.body);
}

// Baseline 1: WHERE title||tags||summary||body LIKE '%q%', in load order (LIKE has no ranking).
std::vector<std::string> like_search(const std::vector<Document>& docs, const std::vector<std::string>& texts,
                                     const std::string& q) {
  std::vector<std::string> out;
  const std::string needle = lower(q);
  for (std::size_t i = 0; i < docs.size() && out.size() < 10; ++i) {
    if (texts[i].find(needle) != std::string::npos) out.push_back(docs[i].id);
  }
  return out;
}

// Baseline 2: MySQL ngram parser (ngram_token_size=2): words split on spaces/punctuation,
// every 2-character window of a word is a token; relevance Σ tf · idf², idf = log10(N/df).
class NgramRanker final {
 public:
  static std::vector<std::string> tokens(const std::string& text) {
    std::vector<std::u32string> words(1);
    for (std::size_t i = 0; i < text.size();) {
      const auto b = static_cast<unsigned char>(text[i]);
      const int len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
      char32_t c = len == 1 ? b : b & (0x3F >> (len - 1));
      for (int k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
      i += len;
      const bool word_char = c >= 0x80 ? (c >= 0xAC00 && c <= 0xD7A3) || c >= 0x4E00 : std::isalnum(static_cast<int>(c));
      if (word_char) {
        words.back() += c;
      } else if (!words.back().empty()) {
        words.emplace_back();
      }
    }
    std::vector<std::string> out;
    for (const auto& w : words) {
      for (std::size_t i = 0; i + 1 < w.size(); ++i) {
        std::string token;
        for (const char32_t c : w.substr(i, 2)) {
          if (c < 0x80) {
            token += static_cast<char>(c);
          } else {
            token += static_cast<char>(0xE0 | (c >> 12));
            token += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            token += static_cast<char>(0x80 | (c & 0x3F));
          }
        }
        out.push_back(token);
      }
    }
    return out;
  }

  explicit NgramRanker(const std::vector<std::string>& texts) {
    for (const auto& text : texts) {
      std::unordered_map<std::string, int> tf;
      for (const auto& t : tokens(text)) ++tf[t];
      for (const auto& [t, n] : tf) ++df_[t];
      tf_.push_back(std::move(tf));
    }
  }

  std::vector<std::size_t> search(const std::string& q) const {
    const auto query = tokens(lower(q));
    std::vector<std::pair<double, std::size_t>> scored;
    for (std::size_t d = 0; d < tf_.size(); ++d) {
      double s = 0;
      for (const auto& t : query) {
        const auto it = tf_[d].find(t);
        if (it == tf_[d].end()) continue;
        const double idf = std::log10(static_cast<double>(tf_.size()) / df_.at(t));
        s += it->second * idf * idf;
      }
      if (s > 0) scored.emplace_back(s, d);
    }
    std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < scored.size() && i < 10; ++i) out.push_back(scored[i].second);
    return out;
  }

 private:
  std::vector<std::unordered_map<std::string, int>> tf_;
  std::unordered_map<std::string, int> df_;
};

struct Scores final {
  double ndcg = 0;
  double mrr = 0;
  int judged = 0;
  int no_answer_queries = 0;
  int no_answer_with_results = 0;
  int no_answer_results = 0;
};

void add(Scores& s, const Judged& j, const std::vector<std::string>& ranked) {
  if (j.grades.empty()) {
    ++s.no_answer_queries;
    s.no_answer_with_results += ranked.empty() ? 0 : 1;
    s.no_answer_results += static_cast<int>(ranked.size());
    return;
  }
  double dcg = 0;
  double rr = 0;
  for (std::size_t i = 0; i < ranked.size() && i < 10; ++i) {
    const auto it = j.grades.find(ranked[i]);
    const int g = it == j.grades.end() ? 0 : it->second;
    dcg += (std::pow(2.0, g) - 1) / std::log2(static_cast<double>(i) + 2);
    if (g > 0 && rr == 0) rr = 1.0 / static_cast<double>(i + 1);
  }
  std::vector<int> ideal;
  for (const auto& [id, g] : j.grades) ideal.push_back(g);
  std::sort(ideal.rbegin(), ideal.rend());
  double idcg = 0;
  for (std::size_t i = 0; i < ideal.size() && i < 10; ++i) {
    idcg += (std::pow(2.0, ideal[i]) - 1) / std::log2(static_cast<double>(i) + 2);
  }
  s.ndcg += idcg > 0 ? dcg / idcg : 0;
  s.mrr += rr;
  ++s.judged;
}

void print(const char* name, const Scores& s) {
  std::printf("%-22s NDCG@10 %.3f  MRR %.3f  | no-answer queries with results: %d/%d (%d results)\n", name,
              s.ndcg / s.judged, s.mrr / s.judged, s.no_answer_with_results, s.no_answer_queries, s.no_answer_results);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string root = argc > 1 ? argv[1] : SOOM_SOURCE_DIR;
  const bool verbose = std::getenv("BENCH_SEARCH_VERBOSE") != nullptr;
  const long extra_posts = std::getenv("BENCH_SEARCH_EXTRA_POSTS") ? std::atol(std::getenv("BENCH_SEARCH_EXTRA_POSTS")) : 0;

  soom::search::FileDocumentSource source(root + "/content/articles", root + "/tests/search/posts.tsv");
  const auto docs = source.all();
  const auto judgments = load_judgments(root + "/tests/search/judgments.tsv");

  const auto dir = std::filesystem::temp_directory_path() / ("search_quality_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  int rc = 0;
  {
    auto db = soom::db::open_database({"sqlite:" + (dir / "bench.db").string(), 4, 5000, 10'000});
    if (!soom::db::Migrator(*db, soom::db::embedded_migrations(db->engine())).migrate()) {
      std::fprintf(stderr, "migration failed\n");
      return 1;
    }
    if (!soom::search::seed_synonyms_if_empty(*db, soom::search::parse_synonyms_tsv(read_file(root + "/content/synonyms.tsv"))).ok()) {
      std::fprintf(stderr, "synonym seed failed\n");
      return 1;
    }
    auto index = soom::search::make_search_index(*db);
    const auto built = index->reindex(source);
    if (!built.ok()) return 1;
    std::printf("corpus: %zu documents, %zu judged queries; reindex %.0f docs/s (%.2f s)\n", docs.size(),
                judgments.size(), static_cast<double>(built->documents) / built->seconds, built->seconds);

    std::vector<std::string> texts;
    for (const auto& d : docs) texts.push_back(all_text(d));
    const NgramRanker ngram(texts);
    Scores ours, like, gram;
    for (const auto& j : judgments) {
      soom::search::Query q;
      q.text = j.query;
      q.log = false;
      auto r = index->search(q);
      std::vector<std::string> ranked;
      if (r.ok()) {
        for (const auto& h : r->hits) ranked.push_back(h.id);
      }
      add(ours, j, ranked);
      add(like, j, like_search(docs, texts, j.query));
      std::vector<std::string> g;
      for (const auto i : ngram.search(j.query)) g.push_back(docs[i].id);
      add(gram, j, g);
      if (verbose) {
        Scores one;
        add(one, j, ranked);
        Scores other;
        add(other, j, g);
        std::printf("%s %-28s ours %.2f ngram %.2f  top: %s\n", j.id.c_str(), j.query.c_str(),
                    one.judged ? one.ndcg : -static_cast<double>(ranked.size()),
                    other.judged ? other.ndcg : -static_cast<double>(g.size()),
                    ranked.empty() ? "-" : ranked[0].c_str());
        if (std::getenv("BENCH_SEARCH_SHOW") && j.id == std::getenv("BENCH_SEARCH_SHOW")) {
          for (const auto& h : r->hits) {
            const auto it = j.grades.find(h.id);
            std::printf("   %-36s grade %d score %.3f\n", h.id.c_str(), it == j.grades.end() ? 0 : it->second, h.score);
          }
        }
      }
    }
    print("ours (FTS5 + BM25F)", ours);
    print("LIKE '%q%'", like);
    print("MySQL ngram tf-idf", gram);
    const double margin = ours.ndcg / ours.judged - gram.ndcg / gram.judged;
    std::printf("margin over n-gram: %+.3f NDCG@10 (target ≥ +0.05)\n", margin);
    if (margin < 0.05 || ours.no_answer_with_results > 0) rc = 2;

    if (extra_posts > 0) {
      std::vector<std::string> sentences;
      for (const auto& d : docs) {
        if (d.kind == soom::search::DocKind::kPost) sentences.push_back(d.body);
      }
      std::mt19937 rng(7);
      const auto started = std::chrono::steady_clock::now();
      for (long i = 0; i < extra_posts; ++i) {
        Document d;
        d.kind = soom::search::DocKind::kPost;
        d.id = "synthetic" + std::to_string(100000000 + i);
        d.category = "일상";
        d.title = "synthetic " + std::to_string(i);
        d.body = sentences[rng() % sentences.size()] + " " + sentences[rng() % sentences.size()];
        (void)index->upsert(d);
      }
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::printf("added %ld synthetic posts: %.0f docs/s (one transaction per document)\n", extra_posts,
                  static_cast<double>(extra_posts) / s);
    }
    std::vector<double> latencies;
    for (int round = 0; round < 5; ++round) {
      for (const auto& j : judgments) {
        soom::search::Query q;
        q.text = j.query;
        q.log = false;
        const auto t0 = std::chrono::steady_clock::now();
        (void)index->search(q);
        latencies.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      }
    }
    std::sort(latencies.begin(), latencies.end());
    std::printf("search latency over %zu queries: p50 %.2f ms, p95 %.2f ms, max %.2f ms\n", latencies.size(),
                latencies[latencies.size() / 2], latencies[latencies.size() * 95 / 100], latencies.back());
    std::vector<double> suggest;
    for (const char* p : {"흡", "ㅎㅇㄱ", "스페", "ㅁㅅㅁㅈ", "벤토", "천식"}) {
      const auto t0 = std::chrono::steady_clock::now();
      (void)index->suggest(p, 10);
      suggest.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(suggest.begin(), suggest.end());
    std::printf("suggest latency: max %.2f ms over %zu prefixes\n", suggest.back(), suggest.size());
  }
  std::filesystem::remove_all(dir);
  return rc;
}
