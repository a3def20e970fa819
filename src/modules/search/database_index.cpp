// SearchIndex inside the database in use. Stage 1 (the engine): SQLite FTS5 MATCH ordered
// by bm25() with column weights, or PostgreSQL tsvector @@ tsquery over a GIN index ordered
// by ts_rank with setweight A–D — both over the analyzer's pre-made tokens, so neither engine
// tokenizes or stems. Stage 2 (ranking.cpp): the same BM25F + minimum-should-match +
// proximity ranker for both engines over the top candidates.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <unordered_set>

#include "db/db.hpp"
#include "modules/search/candidates.hpp"
#include "modules/search/ranking.hpp"
#include "modules/search/search.hpp"
#include "modules/search/search_sql.hpp"
#include "modules/search/snippet.hpp"
#include "modules/search/suggestions.hpp"
#include "modules/search/term_counts.hpp"

namespace soom::search {
namespace {

// Results scoring below this share of the best hit are weak partial matches, not answers.
constexpr double kRelativeFloor = 0.05;
// A word in at most this many documents may still be a typo (the corpus has typos too).
constexpr double kRareDocuments = 2;
// Average field lengths are cached this long. With a large corpus one document more or less
// moves them by a negligible amount; small corpora (tests, a fresh install) are refreshed on
// every local change instead (kSmallCorpus). N and document frequencies are read exactly.
constexpr auto kStatsTtl = std::chrono::seconds(60);
constexpr double kSmallCorpus = 2000;
// Suggestions: how long a process reuses its list, and what "popular" means.
constexpr auto kSuggestionsTtl = std::chrono::seconds(60);
constexpr std::int64_t kPopularWindow = 20'000;  // the most recent searches that found something
constexpr std::int64_t kPopularQueries = 200;

struct StoredDoc final {
  std::int64_t rowid = 0;
  DocKind kind = DocKind::kArticle;
  std::string doc_id, category;
  std::int64_t published_at_ms = 0;
  double popularity = 0;
  std::string tokens[4];
};

StoredDoc read_doc(const db::Row& r) {
  StoredDoc d;
  d.rowid = r.get_int(0);
  d.kind = r.get_text(1) == "post" ? DocKind::kPost : DocKind::kArticle;
  d.doc_id = r.get_text(2);
  d.category = r.get_text(3);
  d.published_at_ms = r.get_int(4);
  d.popularity = r.get_double(5);
  for (int f = 0; f < 4; ++f) d.tokens[f] = r.get_text(6 + f);
  return d;
}

// What corpus_stats() caches per generation.
struct CachedStats final {
  CorpusStats stats;           // N (all rows) and average field lengths
  std::int64_t first_id = 0;   // PostgreSQL: the generation's id span, for stage 1's id window
  std::int64_t last_id = 0;    // (during a reindex: below the rebuilt generation's first id)
  std::int64_t top_id = 0;     // PostgreSQL: the largest id of any generation
};

struct ShownText final {
  std::string title, summary, body;
};

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i > 0 ? sep : "") + items[i];
  return out;
}

std::int64_t word_count(const std::string& tokens) {
  if (tokens.empty()) return 0;
  std::int64_t n = 1;
  for (std::size_t at = tokens.find(" | "); at != std::string::npos; at = tokens.find(" | ", at + 3)) ++n;
  return n;
}

std::int64_t system_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class DatabaseSearchIndex final : public SearchIndex {
 public:
  // Touches no table: the composition root also builds an index over databases that are not
  // migrated (`soomcare openapi`, a server about to refuse to start). Synonyms are loaded by
  // the first search (search_state.synonyms_version).
  explicit DatabaseSearchIndex(db::Database& db) : db_(db), postgres_(db.engine() == db::Engine::kPostgres) {}

  Status upsert(const Document& doc) override {
    if (doc.id.empty() || doc.id.size() > 200) return Error::validation("id", "invalid", "문서 id가 올바르지 않습니다.");
    Prepared p;
    if (auto status = prepare(doc, p); !status) return status;
    auto tx = db_.begin();
    for (const std::int64_t generation : writable_generations(tx)) write(tx, generation, doc, p);
    tx.commit();
    invalidate(doc.kind);
    return {};
  }

  Status remove(DocKind kind, const std::string& id) override {
    auto tx = db_.begin();
    for (const std::int64_t generation : writable_generations(tx)) erase(tx, generation, kind, id);
    tx.commit();
    invalidate(kind);
    return {};
  }

  Result<SearchResults> search(const Query& query) override {
    auto normalized = validate_query(query.text);
    if (!normalized) return std::move(normalized).error();
    if (query.limit < 1 || query.limit > kMaxPageSize) {
      return Error::validation("limit", "out_of_range", "limit은 1~50 사이여야 합니다.");
    }
    if (query.offset < 0) return Error::validation("cursor", "invalid", "cursor가 올바르지 않습니다.");
    auto tx = db_.read();
    const State state = read_state(tx);
    const std::int64_t generation = state.active;
    const auto synonyms = current_synonyms(tx, state.synonyms_version);
    const CachedStats cached = corpus_stats(tx, generation, state.building);
    CorpusStats stats = cached.stats;
    std::unordered_set<std::string> looked_up;

    // Which words does the index know? (Unknown words get typo corrections.)
    const QueryPlan first = plan_query(analyzer_, *synonyms, *normalized, [](const std::string&) { return true; },
                                       [](const std::string&) { return std::vector<std::string>{}; });
    add_frequencies(tx, generation, first.all_tokens(), stats, looked_up);
    const auto vocabulary = typo_vocabulary(tx, generation, *synonyms);
    const QueryPlan plan = plan_query(
        analyzer_, *synonyms, *normalized,
        [&](const std::string& t) {
          const auto it = stats.document_frequency.find(t);
          return it != stats.document_frequency.end() && it->second > kRareDocuments;
        },
        [&](const std::string& stem) {
          std::vector<std::string> out;
          const std::size_t n = codepoint_count(stem);
          for (const auto& term : *vocabulary) {
            const std::size_t m = codepoint_count(term);
            if (m + 1 >= n && m <= n + 1 && within_one_jamo_edit(stem, term)) out.push_back(term);
            if (out.size() >= 3) break;
          }
          return out;
        });
    add_frequencies(tx, generation, plan.all_tokens(), stats, looked_up);

    // Stage 1 asks the engine only for the rarest groups a relevant document must match (see
    // required_groups()): a common word no longer drags most of the corpus into the candidates.
    stage1::Request request;
    request.generation = generation;
    request.rebuilding = state.building.has_value();
    request.first_id = cached.first_id;
    request.last_id = cached.last_id;
    request.top_id = cached.top_id;
    for (const std::size_t i : required_groups(plan, stats)) {
      for (const auto* list : {&plan.groups[i].exact, &plan.groups[i].bigrams}) {
        for (const auto& t : *list) {
          if (std::find(request.tokens.begin(), request.tokens.end(), t) != request.tokens.end()) continue;
          request.tokens.push_back(t);
          if (list == &plan.groups[i].exact) request.exact.push_back(t);
        }
      }
    }
    if (postgres_) {
      std::vector<std::string> headings;
      for (const auto& t : request.exact) headings.push_back(std::string(terms::kHeadingPrefix) + t);
      add_frequencies(tx, generation, headings, stats, looked_up);
    }
    const auto df = [&](const std::string& t) {
      const auto it = stats.document_frequency.find(t);
      return it == stats.document_frequency.end() ? 0.0 : it->second;
    };
    for (const auto& t : request.tokens) request.matches += df(t);
    for (const auto& t : request.exact) {
      request.exact_matches += df(t);
      request.widest = std::max(request.widest, df(t));
      request.heading_matches += df(std::string(terms::kHeadingPrefix) + t);
    }
    std::vector<std::pair<Ranked, StoredDoc>> relevant;
    if (!request.tokens.empty()) {
      const TokenSet wanted(plan);
      for (auto& doc : candidates(tx, request)) {
        Candidate c;
        for (int f = 0; f < 4; ++f) c.fields[f] = doc.tokens[f];
        c.is_post = doc.kind == DocKind::kPost;
        c.published_at_ms = doc.published_at_ms;
        c.popularity = doc.popularity;
        const Ranked r = rank(plan, wanted, c, stats, query.now_ms);
        if (r.score > 0 && r.coverage >= kMinimumShouldMatch) relevant.emplace_back(r, std::move(doc));
      }
    }
    std::sort(relevant.begin(), relevant.end(), [](const auto& a, const auto& b) {
      return a.first.score != b.first.score ? a.first.score > b.first.score : a.second.doc_id < b.second.doc_id;
    });
    if (!relevant.empty()) {
      const double floor = relevant.front().first.score * kRelativeFloor;
      std::erase_if(relevant, [&](const auto& x) { return x.first.score < floor; });
    }

    SearchResults out;
    std::map<std::string, int> scope_counts;
    std::map<std::string, int> category_counts;
    std::vector<const std::pair<Ranked, StoredDoc>*> filtered;
    for (const auto& item : relevant) {
      const auto& d = item.second;
      ++scope_counts[d.kind == DocKind::kArticle ? "articles" : "posts"];
      const bool in_scope = query.scope == Scope::kAll || (query.scope == Scope::kArticles) == (d.kind == DocKind::kArticle);
      if (!in_scope) continue;
      ++category_counts[d.category];
      if (query.category && *query.category != d.category) continue;
      filtered.push_back(&item);
    }
    for (const auto& [k, v] : scope_counts) out.scopes.push_back({k, v});
    for (const auto& [k, v] : category_counts) out.categories.push_back({k, v});
    out.total = static_cast<int>(filtered.size());
    const int end = std::min<int>(out.total, query.offset + query.limit);
    std::vector<std::int64_t> shown;
    for (int i = query.offset; i < end; ++i) shown.push_back(filtered[static_cast<std::size_t>(i)]->second.rowid);
    const auto texts = shown_texts(tx, shown);
    for (int i = query.offset; i < end; ++i) {
      const auto& [ranked, d] = *filtered[static_cast<std::size_t>(i)];
      const auto text = texts.find(d.rowid);
      if (text == texts.end()) continue;
      const ShownText& t = text->second;
      Hit hit;
      hit.kind = d.kind;
      hit.id = d.doc_id;
      hit.title_html = highlight(t.title, plan.highlight);
      const bool summary_matches = t.summary.empty() ? false : highlight(t.summary, plan.highlight).find("<mark>") != std::string::npos;
      hit.snippet_html = snippet(summary_matches || t.body.empty() ? t.summary : t.body, plan.highlight);
      hit.category = d.category;
      hit.published_at_ms = d.published_at_ms;
      hit.score = ranked.score;
      out.hits.push_back(std::move(hit));
    }
    if (query.offset + query.limit < out.total) out.next_offset = query.offset + query.limit;
    tx.commit();
    if (query.log && query.offset == 0) out.query_id = log_query(*normalized, out.total, query.now_ms);
    return out;
  }

  Result<std::vector<Suggestion>> suggest(std::string_view prefix, int limit) override {
    auto normalized = validate_query(prefix);
    if (!normalized) return std::move(normalized).error();
    return suggestion_list()->match(*normalized, std::clamp(limit, 1, 20));
  }

  Result<ReindexStats> reindex(DocumentSource& source) override {
    const auto started = std::chrono::steady_clock::now();
    std::int64_t building = 0;
    {
      auto tx = db_.begin();
      const auto row = tx.query("SELECT active_generation FROM search_state WHERE id = 1").rows.at(0);
      building = row.get_int(0) + 1;
      // Leftovers of an interrupted reindex.
      delete_generation(tx, building);
      tx.query("UPDATE search_state SET building_generation = $1 WHERE id = 1", {building});
      tx.commit();
    }
    std::int64_t count = 0;
    // Document frequencies of the documents new to `building`, added at the swap (a write per
    // document and token would multiply the rebuild's writes); live writes meanwhile apply theirs.
    terms::Delta pending;
    for (const DocKind kind : {DocKind::kArticle, DocKind::kPost}) {
      std::string after;
      for (;;) {
        const auto page = source.page(kind, after, 200);
        if (page.empty()) break;
        // One transaction per page: per-document commits made SQLite fsync-bound.
        auto tx = db_.begin();
        lock_index(tx);
        // Usually none: only live writes during the rebuild put documents there before it.
        const auto stored = stored_ids(tx, building, kind, page);
        for (const auto& doc : page) {
          Prepared p;
          if (auto s = prepare(doc, p); !s) continue;  // an unindexable document must not stop a rebuild
          write(tx, building, doc, p, &pending, stored.contains(doc.id));
          ++count;
        }
        tx.commit();
        after = page.back().id;
      }
    }
    {
      auto tx = db_.begin();
      lock_index(tx);
      const std::int64_t old = tx.query("SELECT active_generation FROM search_state WHERE id = 1").rows.at(0).get_int(0);
      terms::apply(tx, postgres_, building, pending);
      tx.query("UPDATE search_state SET active_generation = $1, building_generation = NULL WHERE id = 1", {building});
      delete_generation(tx, old);
      tx.commit();
    }
    {
      std::lock_guard lock(mutex_);
      stats_.reset();
      vocabulary_.reset();
      suggestions_.reset();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return ReindexStats{building, count, seconds};
  }

  void set_extra_suggestions(std::vector<std::string> terms) override {
    std::lock_guard lock(mutex_);
    extra_suggestions_ = std::move(terms);
    suggestions_.reset();
  }

  // Marks the synonyms stale; the next search reloads them. Other processes notice an
  // editor's change through search_state.synonyms_version, which the same search reads anyway.
  void reload_synonyms() override {
    std::lock_guard lock(mutex_);
    synonyms_version_.reset();
  }

  Status record_click(const std::string& query_id, DocKind kind, const std::string& doc_id) override {
    std::int64_t id = 0;
    try {
      std::size_t used = 0;
      id = std::stoll(query_id, &used);
      if (used != query_id.size()) return Error::not_found("query");
    } catch (const std::exception&) {
      return Error::not_found("query");
    }
    auto tx = db_.begin();
    const auto r = tx.query("UPDATE search_queries SET clicked_kind = $1, clicked_id = $2 WHERE id = $3",
                            {std::string(to_string(kind)), doc_id, id});
    tx.commit();
    if (r.affected == 0) return Error::not_found("query");
    return {};
  }

  Result<std::vector<QueryStat>> top_queries(std::int64_t since_ms, bool zero_results_only, int limit) override {
    auto tx = db_.read();
    const auto rows = tx.query(std::string("SELECT query_text, COUNT(*), COUNT(clicked_id), MAX(result_count) "
                                           "FROM search_queries WHERE created_at >= $1 ") +
                                   (zero_results_only ? "AND result_count = 0 " : "") +
                                   "GROUP BY query_text ORDER BY COUNT(*) DESC, query_text LIMIT $2",
                               {since_ms, static_cast<std::int64_t>(std::clamp(limit, 1, 200))});
    std::vector<QueryStat> out;
    for (const auto& r : rows.rows) out.push_back({r.get_text(0), r.get_int(1), r.get_int(2), r.get_int(3)});
    return out;
  }

  Result<int> purge_query_log(std::int64_t before_ms, int limit) override {
    auto tx = db_.begin();
    const auto deleted = tx.query("DELETE FROM search_queries WHERE id IN (SELECT id FROM search_queries "
                                  "WHERE created_at < $1 ORDER BY created_at, id LIMIT $2)",
                                  {before_ms, static_cast<std::int64_t>(std::max(1, limit))});
    tx.commit();
    return static_cast<int>(deleted.affected);
  }

 private:
  struct Prepared final {
    std::string tags;
    std::string tokens[4];
    double popularity = 0;
  };

  static std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size() && !text.empty()) {
      const std::size_t end = std::min(text.find('\n', start), text.size());
      if (end > start) out.push_back(text.substr(start, end - start));
      start = end + 1;
    }
    return out;
  }

  Status prepare(const Document& doc, Prepared& p) {
    for (const auto* field : {&doc.title, &doc.summary, &doc.body, &doc.category}) {
      if (!is_valid_utf8(*field)) return Error::validation("document", "invalid_encoding", "UTF-8이 아닌 문서입니다.");
    }
    p.tags = join(doc.tags, "\n");
    const std::string* sources[4] = {&doc.title, &p.tags, &doc.summary, &doc.body};
    for (int f = 0; f < 4; ++f) {
      if (!is_valid_utf8(*sources[f])) return Error::validation("tags", "invalid_encoding", "UTF-8이 아닌 태그입니다.");
      auto normalized = normalize(*sources[f]);
      if (!normalized) return std::move(normalized).error();
      p.tokens[f] = analyzer_.index_text(f == 1 ? join(split_lines(*normalized), " , ") : *normalized);
    }
    p.popularity = static_cast<double>(doc.popularity.likes) + 2.0 * static_cast<double>(doc.popularity.comments) +
                   static_cast<double>(doc.popularity.views) / 20.0;
    return {};
  }

  Result<std::string> validate_query(std::string_view text) {
    auto normalized = normalize(text);
    if (!normalized) return std::move(normalized).error();
    std::string q = *normalized;
    const auto first = q.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return Error::validation("q", "required", "검색어를 입력하세요.");
    q = q.substr(first, q.find_last_not_of(" \t\r\n") - first + 1);
    if (codepoint_count(q) > kMaxQueryCodepoints) {
      return Error::validation("q", "too_long", "검색어는 100자 이하로 입력하세요.");
    }
    return q;
  }

  // Index writes take the search_state row first (PostgreSQL: FOR UPDATE; SQLite has one writer
  // anyway), so they run one at a time: a write reads the document's stored tokens and applies
  // the difference to search_terms, and two at once (two indexers, or a live write and a rebuild
  // page) could both count the same document as new.
  void lock_index(db::Transaction& tx) {
    if (postgres_) tx.query("SELECT 1 FROM search_state WHERE id = 1 FOR UPDATE");
  }

  std::vector<std::int64_t> writable_generations(db::Transaction& tx) {
    lock_index(tx);
    const auto row = tx.query("SELECT active_generation, building_generation FROM search_state WHERE id = 1").rows.at(0);
    std::vector<std::int64_t> out{row.get_int(0)};
    if (const auto building = row.opt_int(1)) out.push_back(*building);
    return out;
  }

  std::int64_t active_generation(db::Transaction& tx) {
    return tx.query("SELECT active_generation FROM search_state WHERE id = 1").rows.at(0).get_int(0);
  }

  // The stored tokens of (generation, kind, id), if the document is there.
  struct StoredTokens final {
    std::int64_t rowid = 0;
    std::vector<std::string> tokens;  // terms::document_terms()
  };
  std::optional<StoredTokens> stored_tokens(db::Transaction& tx, std::int64_t generation, const std::string& kind,
                                            const std::string& id) {
    const auto rows = tx.query(
        "SELECT id, title_tokens, tags_tokens, summary_tokens, body_tokens FROM search_documents "
        "WHERE generation = $1 AND kind = $2 AND doc_id = $3",
        {generation, kind, id});
    if (rows.empty()) return std::nullopt;
    const auto& r = rows.rows[0];
    const std::string fields[4] = {r.get_text(1), r.get_text(2), r.get_text(3), r.get_text(4)};
    return StoredTokens{r.get_int(0), terms::document_terms(fields, postgres_)};
  }

  // Which of `page`'s documents `generation` already holds.
  std::set<std::string> stored_ids(db::Transaction& tx, std::int64_t generation, DocKind kind,
                                   const std::vector<Document>& page) {
    db::Params params{generation, std::string(to_string(kind))};
    for (const auto& doc : page) params.emplace_back(doc.id);
    std::set<std::string> out;
    for (const auto& r : tx.query("SELECT doc_id FROM search_documents WHERE generation = $1 AND kind = $2 AND doc_id IN (" +
                                      db::placeholder_list(3, page.size()) + ")",
                                  params)
                             .rows) {
      out.insert(r.get_text(0));
    }
    return out;
  }

  // `pending` (a reindex): document frequencies of documents new to the generation are added
  // there instead of being written now. `maybe_stored` false: the caller knows the generation
  // does not hold the document (saves a read per document of a rebuild).
  void write(db::Transaction& tx, std::int64_t generation, const Document& doc, const Prepared& p,
             terms::Delta* pending = nullptr, bool maybe_stored = true) {
    const std::string kind(to_string(doc.kind));
    const auto before = maybe_stored ? stored_tokens(tx, generation, kind, doc.id) : std::nullopt;
    const auto after = terms::document_terms(p.tokens, postgres_);
    if (before) {
      terms::Delta delta;
      terms::count_change(delta, before->tokens, after);
      terms::apply(tx, postgres_, generation, delta);
    } else if (pending != nullptr) {
      terms::count_document(*pending, after, +1);
    } else {
      terms::Delta delta;
      terms::count_document(delta, after, +1);
      terms::apply(tx, postgres_, generation, delta);
    }
    db::Params params{generation, kind, doc.id, doc.title, p.tags, doc.summary, doc.body, doc.category,
                      doc.published_at_ms, p.popularity, p.tokens[0], p.tokens[1], p.tokens[2], p.tokens[3],
                      word_count(p.tokens[0]), word_count(p.tokens[1]), word_count(p.tokens[2]),
                      word_count(p.tokens[3])};
    const std::string columns =
        "generation, kind, doc_id, title, tags, summary, body, category, published_at, popularity, "
        "title_tokens, tags_tokens, summary_tokens, body_tokens, title_words, tags_words, summary_words, body_words";
    const std::string values = "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18";
    const std::string updates =
        "title = excluded.title, tags = excluded.tags, summary = excluded.summary, body = excluded.body, "
        "category = excluded.category, published_at = excluded.published_at, popularity = excluded.popularity, "
        "title_tokens = excluded.title_tokens, tags_tokens = excluded.tags_tokens, "
        "summary_tokens = excluded.summary_tokens, body_tokens = excluded.body_tokens, "
        "title_words = excluded.title_words, tags_words = excluded.tags_words, "
        "summary_words = excluded.summary_words, body_words = excluded.body_words";
    if (postgres_) {
      // The analyzer's tokens as lexemes ('|' separates words; empty fields leave ''). Without
      // positions PostgreSQL keeps no weights, so the heading fields get their own tsvector.
      const auto lexemes = [](const char* fields) {
        return std::string("array_to_tsvector(array_remove(array_remove(string_to_array(concat_ws(' ', ") + fields +
               "), ' '), '|'), ''))";
      };
      tx.query("INSERT INTO search_documents (" + columns + ", tsv, heading_tsv) VALUES (" + values + ", " +
                   lexemes("$11::text, $12::text, $13::text, $14::text") + ", " + lexemes("$11::text, $12::text, $13::text") +
                   ") ON CONFLICT (generation, kind, doc_id) DO UPDATE SET " + updates +
                   ", tsv = excluded.tsv, heading_tsv = excluded.heading_tsv",
               params);
      return;
    }
    if (before) tx.query("DELETE FROM search_fts WHERE rowid = $1", {before->rowid});
    const auto id = tx.query("INSERT INTO search_documents (" + columns + ") VALUES (" + values +
                                 ") ON CONFLICT (generation, kind, doc_id) DO UPDATE SET " + updates + " RETURNING id",
                             params)
                        .rows.at(0)
                        .get_int(0);
    const std::string fts_tags =
        doc.kind == DocKind::kArticle ? p.tokens[1] + (p.tokens[1].empty() ? "" : " ") + std::string(stage1::kArticleMarker)
                                      : p.tokens[1];
    tx.query("INSERT INTO search_fts (rowid, title, tags, summary, body) VALUES ($1, $2, $3, $4, $5)",
             {id, p.tokens[0], fts_tags, p.tokens[2], p.tokens[3]});
  }

  void erase(db::Transaction& tx, std::int64_t generation, DocKind kind, const std::string& id) {
    const auto before = stored_tokens(tx, generation, std::string(to_string(kind)), id);
    if (!before) return;
    terms::Delta delta;
    terms::count_document(delta, before->tokens, -1);
    terms::apply(tx, postgres_, generation, delta);
    if (!postgres_) tx.query("DELETE FROM search_fts WHERE rowid = $1", {before->rowid});
    tx.query("DELETE FROM search_documents WHERE id = $1", {before->rowid});
  }

  void delete_generation(db::Transaction& tx, std::int64_t generation) {
    if (!postgres_) {
      tx.query("DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_documents WHERE generation = $1)",
               {generation});
    }
    tx.query("DELETE FROM search_documents WHERE generation = $1", {generation});
    tx.query("DELETE FROM search_terms WHERE generation = $1", {generation});
  }

  struct State final {
    std::int64_t active = 0;
    std::optional<std::int64_t> building;
    std::int64_t synonyms_version = 0;
  };

  State read_state(db::Transaction& tx) {
    const auto row =
        tx.query("SELECT active_generation, building_generation, synonyms_version FROM search_state WHERE id = 1")
            .rows.at(0);
    return State{row.get_int(0), row.opt_int(1), row.get_int(2)};
  }

  // Stage 1 (candidates.cpp) finds the ids; then the ranking columns of those rows only.
  std::vector<StoredDoc> candidates(db::Transaction& tx, const stage1::Request& request) {
    const auto ids = postgres_ ? stage1::postgres_ids(tx, request) : stage1::sqlite_ids(tx, request);
    std::vector<StoredDoc> out;
    if (ids.empty()) return out;
    db::Params params{request.generation};
    for (const auto id : ids) params.emplace_back(id);
    const auto rows = tx.query(sql::rank_rows(ids.size()), params);
    for (const auto& r : rows.rows) out.push_back(read_doc(r));
    return out;
  }

  std::map<std::int64_t, ShownText> shown_texts(db::Transaction& tx, const std::vector<std::int64_t>& ids) {
    std::map<std::int64_t, ShownText> out;
    if (ids.empty()) return out;
    db::Params params;
    for (const auto id : ids) params.emplace_back(id);
    const auto rows = tx.query(sql::shown_texts(ids.size()), params);
    for (const auto& r : rows.rows) out[r.get_int(0)] = ShownText{r.get_text(1), r.get_text(2), r.get_text(3)};
    return out;
  }

  // Average field lengths (BM25's length normalisation), read through search_documents_lengths,
  // a covering index, so the wide rows are not scanned; over all generations (a second one
  // only exists during a reindex, and has the same documents). N comes with the document
  // frequencies (add_frequencies). On PostgreSQL also the generation's id span (stage 1's id
  // windows; newer rows only widen a window a little). During a reindex the generation being
  // built holds the ids after the serving one's, and live writes to the serving one land after
  // those: the span then ends below the rebuilt generation, so that a window sized for the
  // serving generation's density is not spent on the other's ids, and top_id lets windows still
  // reach the live writes.
  CachedStats corpus_stats(db::Transaction& tx, std::int64_t generation, std::optional<std::int64_t> building) {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (!stats_ || stats_generation_ != generation || stats_building_ != building || now - stats_at_ > kStatsTtl) {
      const auto row =
          tx.query("SELECT COUNT(*), AVG(title_words), AVG(tags_words), AVG(summary_words), AVG(body_words) "
                   "FROM search_documents")
              .rows.at(0);
      CachedStats s;
      s.stats.documents = static_cast<double>(std::max<std::int64_t>(1, row.get_int(0)));
      for (int f = 0; f < 4; ++f) s.stats.average_words[f] = row.opt_double(1 + f).value_or(1.0);
      if (postgres_) {
        std::int64_t below = std::numeric_limits<std::int64_t>::max();
        if (building) {
          below = tx.query("SELECT MIN(id) FROM search_documents WHERE generation = $1", {*building})
                      .rows.at(0)
                      .opt_int(0)
                      .value_or(below);
        }
        const auto span = tx.query("SELECT MIN(id), MAX(id) FROM search_documents WHERE generation = $1 AND id < $2",
                                   {generation, below})
                              .rows.at(0);
        s.first_id = span.opt_int(0).value_or(0);
        s.last_id = span.opt_int(1).value_or(0);
        s.top_id = tx.query("SELECT MAX(id) FROM search_documents").rows.at(0).opt_int(0).value_or(0);
      }
      stats_ = s;
      stats_at_ = now;
      stats_generation_ = generation;
      stats_building_ = building;
    }
    return *stats_;
  }

  // Document frequencies of `tokens` not looked up yet into stats, and N on the first call:
  // one primary-key read of search_terms (exact, kept by every write; migration 0019).
  void add_frequencies(db::Transaction& tx, std::int64_t generation, const std::vector<std::string>& tokens,
                       CorpusStats& stats, std::unordered_set<std::string>& looked_up) {
    std::vector<std::string> missing;
    // N (the kDocuments row) comes with the first lookup; analyzer tokens are never empty.
    if (looked_up.insert(std::string(terms::kDocuments)).second) missing.emplace_back(terms::kDocuments);
    for (const auto& t : tokens) {
      if (looked_up.insert(t).second) missing.push_back(t);
    }
    if (missing.empty()) return;
    for (auto& [token, df] : terms::read(tx, generation, missing)) {
      if (token == terms::kDocuments) {
        stats.documents = std::max(1.0, df);
      } else {
        stats.document_frequency[token] = df;
      }
    }
  }

  // Words a typo can be corrected to: synonym terms, article titles and tags.
  std::shared_ptr<const std::vector<std::string>> typo_vocabulary(db::Transaction& tx, std::int64_t generation,
                                                                  const SynonymIndex& synonyms) {
    {
      std::lock_guard lock(mutex_);
      if (vocabulary_ && vocabulary_generation_ == generation) return vocabulary_;
    }
    std::set<std::string> words;
    const auto add_text = [&](const std::string& text) {
      auto n = normalize(text);
      if (!n) return;
      for (const auto& w : analyzer_.words(*n)) {
        if (w.hangul && codepoint_count(w.stem) >= 2) words.insert(w.stem);
      }
    };
    for (const auto& term : synonyms.all_terms()) add_text(term);
    for (const auto& r : tx.query("SELECT title, tags FROM search_documents WHERE generation = $1 AND kind = 'article'",
                                  {generation})
                             .rows) {
      add_text(r.get_text(0));
      for (const auto& tag : split_lines(r.get_text(1))) add_text(tag);
    }
    auto out = std::make_shared<const std::vector<std::string>>(words.begin(), words.end());
    std::lock_guard lock(mutex_);
    vocabulary_ = out;
    vocabulary_generation_ = generation;
    return out;
  }

  // What suggest() matches against, rebuilt at most every kSuggestionsTtl (and after a local
  // article change): popular queries first (what people actually look for), then article
  // titles and tags, then drug names. "Popular" counts the last kPopularWindow searches that
  // found something — the query log grows without bound, and grouping all of it cost 0.9 s at
  // 2M rows on every keystroke.
  std::shared_ptr<const SuggestionList> suggestion_list() {
    const auto now = std::chrono::steady_clock::now();
    {
      std::lock_guard lock(mutex_);
      if (suggestions_ && now - suggestions_at_ < kSuggestionsTtl) return suggestions_;
    }
    auto list = std::make_shared<SuggestionList>();
    {
      auto tx = db_.read();
      const std::int64_t generation = active_generation(tx);
      for (const auto& r : tx.query("SELECT query_text FROM (SELECT query_text FROM search_queries WHERE result_count > 0 "
                                    "ORDER BY id DESC LIMIT $1) recent GROUP BY query_text "
                                    "ORDER BY COUNT(*) DESC, query_text LIMIT $2",
                                    {kPopularWindow, kPopularQueries})
                               .rows) {
        list->add(r.get_text(0), "query");
      }
      const auto articles = tx.query(
          "SELECT title, tags FROM search_documents WHERE generation = $1 AND kind = 'article' ORDER BY title",
          {generation});
      for (const auto& r : articles.rows) list->add(r.get_text(0), "title");
      for (const auto& r : articles.rows) {
        for (const auto& tag : split_lines(r.get_text(1))) list->add(tag, "tag");
      }
      tx.commit();
    }
    std::lock_guard lock(mutex_);
    for (const auto& term : extra_suggestions_) list->add(term, "drug");
    suggestions_ = std::move(list);
    suggestions_at_ = now;
    return suggestions_;
  }

  std::optional<std::string> log_query(const std::string& normalized, int total, std::int64_t now_ms) {
    auto tx = db_.begin();
    const auto id = tx.query("INSERT INTO search_queries (query_text, result_count, created_at) VALUES ($1, $2, $3) "
                             "RETURNING id",
                             {normalized, static_cast<std::int64_t>(total), now_ms > 0 ? now_ms : system_now_ms()})
                        .rows.at(0)
                        .get_int(0);
    tx.commit();
    return std::to_string(id);
  }

  // The synonym index for `version` (search_state.synonyms_version, bumped by every edit in
  // any process): reloaded in this read transaction when an editor changed the table.
  std::shared_ptr<const SynonymIndex> current_synonyms(db::Transaction& tx, std::int64_t version) {
    {
      std::lock_guard lock(mutex_);
      if (synonyms_ && synonyms_version_ == version) return synonyms_;
    }
    auto index = std::make_shared<SynonymIndex>();
    std::vector<std::string> terms;
    std::string group;
    for (const auto& r : tx.query("SELECT group_id, term FROM search_synonyms ORDER BY group_id, position, term").rows) {
      if (r.get_text(0) != group && !terms.empty()) {
        index->add_group(terms);
        terms.clear();
      }
      group = r.get_text(0);
      terms.push_back(r.get_text(1));
    }
    if (!terms.empty()) index->add_group(terms);
    std::lock_guard lock(mutex_);
    synonyms_ = std::move(index);
    synonyms_version_ = version;
    vocabulary_.reset();  // typo corrections include synonym terms
    return synonyms_;
  }

  // After a local write. Large corpora rely on the TTL (one document hardly moves the average
  // lengths); small ones are refreshed at once.
  void invalidate(DocKind kind) {
    std::lock_guard lock(mutex_);
    if (!stats_ || stats_->stats.documents < kSmallCorpus) stats_.reset();
    if (kind == DocKind::kArticle) {
      vocabulary_.reset();
      suggestions_.reset();
    }
  }

  db::Database& db_;
  const bool postgres_;
  Analyzer analyzer_;
  std::mutex mutex_;
  std::shared_ptr<const SynonymIndex> synonyms_;
  std::optional<std::int64_t> synonyms_version_;
  std::vector<std::string> extra_suggestions_;
  std::optional<CachedStats> stats_;  // average lengths, row count, id span; document_frequency unused
  std::chrono::steady_clock::time_point stats_at_;
  std::int64_t stats_generation_ = 0;
  std::optional<std::int64_t> stats_building_;
  std::shared_ptr<const std::vector<std::string>> vocabulary_;
  std::int64_t vocabulary_generation_ = 0;
  std::shared_ptr<const SuggestionList> suggestions_;
  std::chrono::steady_clock::time_point suggestions_at_;
};

}  // namespace

std::string_view to_string(DocKind kind) { return kind == DocKind::kArticle ? "article" : "post"; }

std::optional<DocKind> parse_doc_kind(std::string_view text) {
  if (text == "article") return DocKind::kArticle;
  if (text == "post") return DocKind::kPost;
  return std::nullopt;
}

std::optional<Scope> parse_scope(std::string_view text) {
  if (text.empty() || text == "all") return Scope::kAll;
  if (text == "articles") return Scope::kArticles;
  if (text == "posts") return Scope::kPosts;
  return std::nullopt;
}

std::unique_ptr<SearchIndex> make_search_index(db::Database& db) { return std::make_unique<DatabaseSearchIndex>(db); }

}  // namespace soom::search
