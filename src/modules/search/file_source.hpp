#pragma once
// A DocumentSource over the files shipped in the repository: content/articles/*.md (TOML
// front matter between +++ lines, see content/README.md) and a posts TSV (header row
// post_id, category, title, body). Used by tests, the quality benchmark and
// `soomcare search index-files`; the running service uses sources over the content and
// community modules instead.
#include <map>
#include <string>

#include "modules/search/search.hpp"

namespace soom::search {

class FileDocumentSource final : public DocumentSource {
 public:
  // Throws std::runtime_error when a file cannot be read or parsed (operator/test input).
  FileDocumentSource(const std::string& articles_dir, const std::string& posts_tsv);
  // Empty source; fill with add().
  FileDocumentSource() = default;

  void add(Document document);
  std::optional<Document> fetch(DocKind kind, const std::string& id) override;
  std::vector<Document> page(DocKind kind, const std::string& after_id, int limit) override;
  std::vector<Document> all() const;

  static Document parse_article(const std::string& file_text, const std::string& file_name);

 private:
  std::map<std::string, Document> articles_;
  std::map<std::string, Document> posts_;
};

}  // namespace soom::search
