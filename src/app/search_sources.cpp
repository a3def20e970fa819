#include "app/search_sources.hpp"

#include <stdexcept>

namespace soom::app {
namespace {

search::Document to_document(const content::IndexableArticle& a) {
  search::Document d;
  d.kind = search::DocKind::kArticle;
  d.id = a.id;
  d.title = a.title;
  d.tags = a.tags;
  d.summary = a.summary;
  d.body = a.body_text;
  d.category = a.category;
  d.published_at_ms = to_unix_ms(a.published_at);
  d.popularity.views = a.view_count;
  return d;
}

search::Document to_document(const community::IndexablePost& p) {
  search::Document d;
  d.kind = search::DocKind::kPost;
  d.id = p.id;
  d.title = p.title.value_or("");
  d.body = p.body;
  d.category = p.category;
  d.published_at_ms = to_unix_ms(p.created_at);
  d.popularity.likes = p.like_count;
  d.popularity.comments = p.comment_count;
  return d;
}

// An infrastructure failure must not look like "the document is gone" (which would remove
// it from the index): throw, so the outbox consumer retries the event later.
template <typename T>
T value_or_throw(Result<T> result, const char* what) {
  if (!result) throw std::runtime_error(std::string(what) + ": " + result.error().internal_message);
  return std::move(*result);
}

class ContextsSource final : public search::DocumentSource {
 public:
  ContextsSource(std::shared_ptr<content::ContentQueries> articles, std::shared_ptr<community::CommunityQueries> posts)
      : articles_(std::move(articles)), posts_(std::move(posts)) {}

  std::optional<search::Document> fetch(search::DocKind kind, const std::string& id) override {
    if (kind == search::DocKind::kArticle) {
      auto a = value_or_throw(articles_->indexable_article(id), "content.indexable_article");
      if (!a) return std::nullopt;
      return to_document(*a);
    }
    auto p = value_or_throw(posts_->indexable_post(id), "community.indexable_post");
    if (!p) return std::nullopt;
    return to_document(*p);
  }

  std::vector<search::Document> page(search::DocKind kind, const std::string& after_id, int limit) override {
    std::vector<search::Document> out;
    if (kind == search::DocKind::kArticle) {
      for (const auto& a : value_or_throw(articles_->indexable_articles(after_id, limit), "content.indexable_articles")) {
        out.push_back(to_document(a));
      }
    } else {
      for (const auto& p : value_or_throw(posts_->indexable_posts(after_id, limit), "community.indexable_posts")) {
        out.push_back(to_document(p));
      }
    }
    return out;
  }

 private:
  std::shared_ptr<content::ContentQueries> articles_;
  std::shared_ptr<community::CommunityQueries> posts_;
};

}  // namespace

std::shared_ptr<search::DocumentSource> make_search_source(std::shared_ptr<content::ContentQueries> articles,
                                                           std::shared_ptr<community::CommunityQueries> posts) {
  return std::make_shared<ContextsSource>(std::move(articles), std::move(posts));
}

}  // namespace soom::app
