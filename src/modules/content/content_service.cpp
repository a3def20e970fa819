// Editor workflow, public reads and the seed loader over the content tables. Publishing is the
// one place that writes revisions and outbox events, so the editor API and the seed behave
// identically for the search indexer.
#include <algorithm>
#include <mutex>
#include <optional>

#include "core/encoding.hpp"
#include "core/random.hpp"
#include "db/db.hpp"
#include "events/outbox.hpp"
#include "modules/content/article_codec.hpp"
#include "modules/content/article_rules.hpp"
#include "modules/content/content.hpp"
#include "modules/content/content_repository.hpp"
#include "modules/content/list_cursor.hpp"
#include "modules/content/markdown.hpp"

namespace soom::content {
namespace {

// Views are bucketed by the Korean calendar day: the service has no per-user zone, and
// Asia/Seoul has no daylight saving time, so a fixed +09:00 offset is exact.
std::string korean_day(Instant at) {
  const auto local = std::chrono::floor<std::chrono::days>(at + std::chrono::hours(9));
  const std::chrono::year_month_day ymd{local};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

bool looks_like_uuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

Error not_found() { return Error::not_found("글을 찾을 수 없습니다"); }

Error stale_version() {
  return Error::make(ErrorCode::kPreconditionFailed, "다른 편집자가 먼저 수정했습니다. 새로 불러온 뒤 다시 시도하세요");
}

int clamp_limit(int limit) { return std::clamp(limit, 1, kMaxPageLimit); }

class ContentServiceImpl final : public ContentService {
 public:
  ContentServiceImpl(std::shared_ptr<db::Database> db, std::shared_ptr<const Clock> clock)
      : db_(std::move(db)), clock_(std::move(clock)) {}

  // ---- public ------------------------------------------------------------------------------

  Result<ArticlePage> list_published(const ListQuery& q) override {
    if (q.limit < 1 || q.limit > kMaxPageLimit) {
      return Error::validation("limit", "out_of_range", "limit은 1~" + std::to_string(kMaxPageLimit) + "이어야 합니다");
    }
    if (q.category && category_by_code(*q.category) == nullptr) {
      return Error::validation("category", "invalid", "알 수 없는 분류입니다");
    }
    if (q.tag && (q.tag->empty() || q.tag->size() > 120 || !is_valid_utf8(*q.tag))) {
      return Error::validation("tag", "invalid", "태그가 올바르지 않습니다");
    }
    std::optional<repo::Position> after;
    if (q.cursor) {
      auto pos = decode_cursor(*q.cursor);
      if (!pos) return Error::validation("cursor", "invalid", "커서가 올바르지 않습니다");
      after = repo::Position{pos->first, pos->second};
    }
    auto tx = db_->read();
    auto items = repo::list_published(tx, q.category, q.tag, after, q.limit + 1);
    ArticlePage page;
    if (static_cast<int>(items.size()) > q.limit) {
      items.resize(static_cast<std::size_t>(q.limit));
      page.next_cursor = encode_cursor(to_unix_ms(items.back().published_at), items.back().id);
    }
    page.items = std::move(items);
    return page;
  }

  Result<PublishedArticle> read_published(const std::string& ref, const Viewer& viewer) override {
    const auto key = viewer.user_id ? "u:" + *viewer.user_id : "c:" + viewer.client_key;
    const auto now = clock_->now();
    const auto day = korean_day(now);
    std::optional<PublishedArticle> article;
    {
      // Most reads are repeat views: answer them from a reader without taking the write lock.
      auto read = db_->read();
      article = repo::find_published(read, ref, looks_like_uuid(ref));
      if (!article) return not_found();
      if (repo::has_view(read, article->id, key, day)) return *article;
    }
    auto tx = db_->begin();
    if (repo::record_view(tx, article->id, key, day, viewer.user_id, now)) ++article->view_count;
    tx.commit();
    return *article;
  }

  Result<std::vector<ArticleSummary>> related(const std::string& ref, int limit) override {
    auto tx = db_->read();
    auto article = repo::find_published(tx, ref, looks_like_uuid(ref));
    if (!article) return not_found();
    return repo::related(tx, article->id, article->category, clamp_limit(limit));
  }

  Status bookmark(const std::string& user_id, const std::string& article_id) override {
    auto tx = db_->begin();
    if (!looks_like_uuid(article_id) || !repo::find_published(tx, article_id, true)) return not_found();
    repo::add_bookmark(tx, user_id, article_id, clock_->now());
    tx.commit();
    return {};
  }

  Status remove_bookmark(const std::string& user_id, const std::string& article_id) override {
    auto tx = db_->begin();
    repo::remove_bookmark(tx, user_id, article_id);  // idempotent: removing twice is fine
    tx.commit();
    return {};
  }

  Result<ArticlePage> bookmarks(const std::string& user_id, const std::optional<std::string>& cursor,
                                int limit) override {
    if (limit < 1 || limit > kMaxPageLimit) {
      return Error::validation("limit", "out_of_range", "limit은 1~" + std::to_string(kMaxPageLimit) + "이어야 합니다");
    }
    std::optional<repo::BookmarkPosition> after;
    if (cursor) {
      auto pos = decode_cursor(*cursor);
      if (!pos) return Error::validation("cursor", "invalid", "커서가 올바르지 않습니다");
      after = repo::BookmarkPosition{pos->first, pos->second};
    }
    auto tx = db_->read();
    auto rows = repo::bookmarks(tx, user_id, after, limit + 1);
    ArticlePage page;
    if (static_cast<int>(rows.size()) > limit) {
      rows.resize(static_cast<std::size_t>(limit));
      page.next_cursor = encode_cursor(rows.back().bookmarked_at_ms, rows.back().article.id);
    }
    for (auto& r : rows) page.items.push_back(std::move(r.article));
    return page;
  }

  // ---- editor ------------------------------------------------------------------------------

  Result<EditorArticle> create_draft(const std::string& editor_id, const ArticleInput& raw) override {
    auto input = normalize_input(raw);
    if (auto errors = validate_article(input); !errors.empty()) return Error::validation(std::move(errors));
    auto tx = db_->begin();
    if (repo::find_by_slug(tx, input.slug)) return Error::conflict("이미 사용 중인 슬러그입니다");
    EditorArticle a;
    a.id = new_uuid_v7();
    a.status = "draft";
    a.input = std::move(input);
    a.author_id = editor_id;
    a.version = 1;
    a.created_at = a.updated_at = clock_->now();
    repo::insert_article(tx, a);
    audit(tx, editor_id, "create", a.id, "slug " + a.input.slug);
    tx.commit();
    return a;
  }

  Result<EditorArticle> update_draft(const std::string& editor_id, const std::string& id, const ArticleInput& raw,
                                     std::optional<std::int64_t> expected_version) override {
    auto input = normalize_input(raw);
    if (auto errors = validate_article(input); !errors.empty()) return Error::validation(std::move(errors));
    auto tx = db_->begin();
    auto a = load(tx, id);
    if (!a) return not_found();
    if (expected_version && *expected_version != a->version) return stale_version();
    if (input.slug != a->input.slug) {
      // Published links and bookmarks use the slug: it is fixed once the article was published.
      if (a->current_revision) return Error::validation("slug", "read_only", "한 번 게시한 글의 슬러그는 바꿀 수 없습니다");
      if (repo::find_by_slug(tx, input.slug)) return Error::conflict("이미 사용 중인 슬러그입니다");
    }
    a->input = std::move(input);
    a->version += 1;
    a->updated_at = clock_->now();
    repo::update_article(tx, *a);
    audit(tx, editor_id, "update", a->id, "version " + std::to_string(a->version));
    tx.commit();
    return *a;
  }

  Result<EditorArticle> editor_get(const std::string& id) override {
    auto tx = db_->read();
    auto a = load(tx, id);
    if (!a) return not_found();
    return *a;
  }

  Result<std::vector<EditorArticle>> editor_list(const std::optional<std::string>& status, int limit) override {
    if (status && *status != "draft" && *status != "published" && *status != "archived") {
      return Error::validation("status", "invalid", "status는 draft, published, archived 중 하나입니다");
    }
    auto tx = db_->read();
    return repo::list_articles(tx, status, std::clamp(limit, 1, 200));
  }

  Result<std::string> preview(const std::string& id) override {
    auto tx = db_->read();
    auto a = load(tx, id);
    if (!a) return not_found();
    return render_html(a->input.body_markdown);
  }

  Result<EditorArticle> publish(const std::string& editor_id, const std::string& id,
                                std::optional<std::int64_t> expected_version) override {
    auto tx = db_->begin();
    auto a = load(tx, id);
    if (!a) return not_found();
    if (expected_version && *expected_version != a->version) return stale_version();
    auto published = publish_in(tx, *a, editor_id.empty() ? std::nullopt : std::optional<std::string>(editor_id));
    if (!published) return published.error();
    tx.commit();
    return *a;
  }

  Result<EditorArticle> unpublish(const std::string& editor_id, const std::string& id, const std::string& to_status,
                                  std::optional<std::int64_t> expected_version) override {
    if (to_status != "draft" && to_status != "archived") return Error::internal("unpublish to " + to_status);
    auto tx = db_->begin();
    auto a = load(tx, id);
    if (!a) return not_found();
    if (expected_version && *expected_version != a->version) return stale_version();
    if (a->status == to_status) return *a;  // a retry of the same request
    const bool was_public = a->status == "published";
    a->status = to_status;
    a->version += 1;
    a->updated_at = clock_->now();
    repo::update_article(tx, *a);
    repo::replace_live_tags(tx, a->id, {});
    audit(tx, editor_id, to_status == "draft" ? "unpublish" : "archive", a->id,
          "version " + std::to_string(a->version));
    if (was_public) events::publish(tx, kArticleUnpublished, a->id, {{"article_id", a->id}}, a->updated_at);
    tx.commit();
    return *a;
  }

  Result<std::vector<Revision>> revisions(const std::string& id) override {
    auto tx = db_->read();
    if (!load(tx, id)) return not_found();
    return repo::revisions(tx, id);
  }

  Result<std::vector<AuditEntry>> audit_trail(const std::string& id) override {
    auto tx = db_->read();
    if (!load(tx, id)) return not_found();
    return repo::audit_trail(tx, id);
  }

  // ---- seed ----------------------------------------------------------------------------------

  Result<SeedReport> seed(const std::vector<ArticleInput>& articles) override {
    SeedReport report;
    // Validate everything before writing anything (content/README.md, step 2).
    std::vector<ArticleInput> inputs;
    for (const auto& raw : articles) {
      auto input = normalize_input(raw);
      if (auto errors = validate_article(input); !errors.empty()) {
        auto e = Error::validation(std::move(errors));
        e.public_message = input.slug + ": " + e.fields.front().field + ": " + e.fields.front().message;
        return e;
      }
      inputs.push_back(std::move(input));
    }
    auto tx = db_->begin();
    const auto now = clock_->now();
    for (auto& input : inputs) {
      auto existing = repo::find_by_slug(tx, input.slug);
      if (!existing) {
        EditorArticle a;
        a.id = new_uuid_v7();
        a.status = "draft";
        a.input = std::move(input);
        a.version = 1;
        a.created_at = a.updated_at = now;
        repo::insert_article(tx, a);
        audit(tx, std::nullopt, "create", a.id, "seed");
        auto published = publish_in(tx, a, std::nullopt);
        if (!published) return published.error();
        ++report.created;
        continue;
      }
      const auto latest = repo::latest_revision(tx, existing->id);
      if (latest && latest->content_hash == content_hash(input)) {
        ++report.unchanged;  // also when an editor unpublished it: the seed never overrides that
        continue;
      }
      existing->input = std::move(input);
      existing->version += 1;
      existing->updated_at = now;
      repo::update_article(tx, *existing);
      audit(tx, std::nullopt, "update", existing->id, "seed");
      auto published = publish_in(tx, *existing, std::nullopt);
      if (!published) return published.error();
      ++report.revised;
    }
    tx.commit();
    return report;
  }

  // ---- indexing ------------------------------------------------------------------------------

  Result<std::optional<IndexableArticle>> indexable_article(const std::string& article_id) override {
    auto tx = db_->read();
    auto rows = repo::published_for_index(tx, article_id, {}, 1);
    if (rows.empty()) return std::optional<IndexableArticle>();
    return std::optional<IndexableArticle>(finish(std::move(rows.front())));
  }

  Result<std::vector<IndexableArticle>> indexable_articles(const std::string& after_id, int limit) override {
    auto tx = db_->read();
    std::vector<IndexableArticle> out;
    for (auto& row : repo::published_for_index(tx, std::nullopt, after_id, std::clamp(limit, 1, 1000))) {
      out.push_back(finish(std::move(row)));
    }
    return out;
  }

  Result<std::vector<TitleAndTags>> article_titles_and_tags() override {
    auto tx = db_->read();
    std::vector<TitleAndTags> out;
    std::string after;
    for (;;) {
      auto rows = repo::published_for_index(tx, std::nullopt, after, 500);
      for (auto& r : rows) out.push_back({r.article.id, r.article.title, r.article.tags});
      if (rows.size() < 500) break;
      after = rows.back().article.id;
    }
    return out;
  }

 private:
  std::optional<EditorArticle> load(db::Transaction& tx, const std::string& id) {
    if (!looks_like_uuid(id)) return std::nullopt;
    return repo::find_article(tx, id);
  }

  // Publishes the working copy: a new immutable revision unless the latest revision already
  // holds exactly this content (republishing after an unpublish reuses it).
  Status publish_in(db::Transaction& tx, EditorArticle& a, const std::optional<std::string>& editor_id) {
    if (auto errors = validate_article(a.input); !errors.empty()) return Error::validation(std::move(errors));
    const auto hash = content_hash(a.input);
    const auto latest = repo::latest_revision(tx, a.id);
    if (a.status == "published" && latest && a.current_revision == latest->revision && latest->content_hash == hash) {
      return {};  // nothing new to publish
    }
    const auto now = clock_->now();
    std::int64_t revision = latest ? latest->revision : 0;
    if (!latest || latest->content_hash != hash) {
      revision += 1;
      repo::insert_revision(tx, a.id, revision, a.input, render_html(a.input.body_markdown), hash, editor_id, now);
    }
    a.status = "published";
    a.current_revision = revision;
    if (!a.published_at) a.published_at = now;
    a.version += 1;
    a.updated_at = now;
    repo::update_article(tx, a);
    repo::replace_live_tags(tx, a.id, a.input.tags);
    audit(tx, editor_id, "publish", a.id, "revision " + std::to_string(revision));
    events::publish(tx, kArticlePublished, a.id, {{"article_id", a.id}}, now);
    return {};
  }

  void audit(db::Transaction& tx, const std::optional<std::string>& actor, const std::string& action,
             const std::string& article_id, const std::string& detail) {
    repo::append_audit(tx, {new_uuid_v7(), actor, action, article_id, detail, clock_->now()});
  }

  Result<int> purge_past_view_rows() override {
    const auto now = clock_->now();
    {
      std::lock_guard lock(purge_mutex_);
      if (last_purge_ && now >= *last_purge_ && now - *last_purge_ < kViewPurgeInterval) return 0;
      last_purge_ = now;
    }
    // Rows written before today's midnight in Korea belong to earlier days (the dedupe day is
    // the Korean calendar day, see korean_day).
    const auto korean_midnight =
        std::chrono::floor<std::chrono::days>(now + std::chrono::hours(9)) - std::chrono::hours(9);
    auto tx = db_->begin();
    const int deleted = repo::delete_views_before(tx, korean_midnight, kViewPurgeBatch);
    tx.commit();
    if (deleted == kViewPurgeBatch) {
      std::lock_guard lock(purge_mutex_);
      last_purge_.reset();  // more waiting: the next pass continues at once
    }
    return deleted;
  }

  static IndexableArticle finish(repo::IndexRow row) {
    row.article.body_text = plain_text(row.body_markdown);
    if (const auto* c = category_by_code(row.article.category)) row.article.category_name = std::string(c->name);
    return std::move(row.article);
  }

  // Short write transactions: a batch, then the next worker pass.
  static constexpr int kViewPurgeBatch = 5000;
  static constexpr std::chrono::minutes kViewPurgeInterval{10};

  std::shared_ptr<db::Database> db_;
  std::shared_ptr<const Clock> clock_;
  std::mutex purge_mutex_;
  std::optional<Instant> last_purge_;
};

}  // namespace

std::shared_ptr<ContentService> make_content_service(std::shared_ptr<db::Database> db,
                                                     std::shared_ptr<const Clock> clock) {
  return std::make_shared<ContentServiceImpl>(std::move(db), std::move(clock));
}

std::string render_markdown_html(std::string_view markdown) { return render_html(markdown); }
std::string markdown_plain_text(std::string_view markdown) { return plain_text(markdown); }

}  // namespace soom::content
