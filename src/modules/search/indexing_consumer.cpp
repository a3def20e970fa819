// The indexer: outbox events from content and community → SearchIndex. Events carry only
// ids; the document is fetched through the DocumentSource at handling time, so a replayed
// or late event indexes the *current* state (a post hidden since is removed, not revived).
#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "events/dispatcher.hpp"
#include "modules/search/search.hpp"

namespace soom::search {
namespace {

namespace json = boost::json;

struct Route final {
  std::string_view type;
  DocKind kind;
  std::string_view id_field;
  bool publish;
};

constexpr Route kRoutes[] = {
    {"content.article_published", DocKind::kArticle, "article_id", true},
    {"content.article_unpublished", DocKind::kArticle, "article_id", false},
    {"community.post_published", DocKind::kPost, "post_id", true},
    {"community.post_hidden", DocKind::kPost, "post_id", false},
    {"community.post_deleted", DocKind::kPost, "post_id", false},
};

std::optional<std::string> id_from(const std::string& payload, std::string_view field) {
  boost::system::error_code ec;
  const json::value v = json::parse(payload, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto* id = v.as_object().if_contains(field);
  if (id == nullptr || !id->is_string() || id->as_string().empty()) return std::nullopt;
  return std::string(id->as_string());
}

class IndexingConsumer final : public events::Consumer {
 public:
  IndexingConsumer(std::shared_ptr<SearchIndex> index, std::shared_ptr<DocumentSource> source)
      : index_(std::move(index)), source_(std::move(source)) {}
  std::string name() const override { return "search.indexer"; }
  std::string type_prefix() const override { return ""; }  // two publishers: filtered below

  Status handle(const events::Event& event) override {
    for (const Route& route : kRoutes) {
      if (event.type != route.type) continue;
      const auto id = id_from(event.payload, route.id_field);
      if (!id) {
        // Retrying cannot fix a malformed payload; blocking the indexer would stop all search updates.
        spdlog::warn("search indexer: skipping {} #{} without {}", event.type, event.seq, route.id_field);
        return {};
      }
      if (!route.publish) return index_->remove(route.kind, *id);
      const auto doc = source_->fetch(route.kind, *id);
      if (!doc) return index_->remove(route.kind, *id);  // not showable (any more)
      if (auto status = index_->upsert(*doc); !status) {
        if (status.error().code != ErrorCode::kValidationFailed) return status;
        spdlog::warn("search indexer: {} {} is not indexable: {}", to_string(route.kind), *id,
                     status.error().public_message);
      }
      return {};
    }
    return {};
  }

 private:
  std::shared_ptr<SearchIndex> index_;
  std::shared_ptr<DocumentSource> source_;
};

}  // namespace

std::shared_ptr<events::Consumer> make_indexing_consumer(std::shared_ptr<SearchIndex> index,
                                                         std::shared_ptr<DocumentSource> source) {
  return std::make_shared<IndexingConsumer>(std::move(index), std::move(source));
}

}  // namespace soom::search
