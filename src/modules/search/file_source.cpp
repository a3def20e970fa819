#include "modules/search/file_source.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/files.hpp"

namespace soom::search {
namespace {

// Markdown markers are noise in snippets; the analyzer ignores them anyway.
std::string strip_markdown(const std::string& markdown) {
  std::string out;
  out.reserve(markdown.size());
  for (const char c : markdown) {
    if (c == '*' || c == '#' || c == '`' || c == '\\' || c == '|') continue;
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = line.find(sep, start);
    out.push_back(line.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

}  // namespace

Document FileDocumentSource::parse_article(const std::string& text, const std::string& file_name) {
  const std::string marker = "+++\n";
  if (text.rfind(marker, 0) != 0) throw std::runtime_error(file_name + ": missing +++ front matter");
  const std::size_t close = text.find("\n+++\n", marker.size() - 1);
  if (close == std::string::npos) throw std::runtime_error(file_name + ": unterminated front matter");
  toml::table front;
  try {
    front = toml::parse(std::string_view(text).substr(marker.size(), close + 1 - marker.size()));
  } catch (const toml::parse_error& e) {
    throw std::runtime_error(file_name + ": " + std::string(e.description()));
  }
  Document d;
  d.kind = DocKind::kArticle;
  d.id = front["slug"].value_or(std::string());
  d.title = front["title"].value_or(std::string());
  d.summary = front["summary"].value_or(std::string());
  d.category = front["category"].value_or(std::string());
  if (const auto* tags = front["tags"].as_array()) {
    for (const auto& t : *tags) d.tags.push_back(t.value_or(std::string()));
  }
  d.body = strip_markdown(text.substr(close + 5));
  if (d.id.empty() || d.title.empty()) throw std::runtime_error(file_name + ": slug and title are required");
  return d;
}

FileDocumentSource::FileDocumentSource(const std::string& articles_dir, const std::string& posts_tsv) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(articles_dir)) {
    if (entry.path().extension() == ".md") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) add(parse_article(read_file(file.string()), file.filename().string()));
  std::istringstream posts(read_file(posts_tsv));
  std::string line;
  bool header = true;
  while (std::getline(posts, line)) {
    if (header) {
      header = false;
      continue;
    }
    if (line.empty()) continue;
    const auto cells = split(line, '\t');
    if (cells.size() != 4) throw std::runtime_error(posts_tsv + ": expected 4 columns in '" + line.substr(0, 40) + "'");
    Document d;
    d.kind = DocKind::kPost;
    d.id = cells[0];
    d.category = cells[1];
    d.title = cells[2];
    d.body = cells[3];
    add(std::move(d));
  }
}

void FileDocumentSource::add(Document document) {
  auto& target = document.kind == DocKind::kArticle ? articles_ : posts_;
  const std::string id = document.id;
  target[id] = std::move(document);
}

std::optional<Document> FileDocumentSource::fetch(DocKind kind, const std::string& id) {
  const auto& source = kind == DocKind::kArticle ? articles_ : posts_;
  const auto it = source.find(id);
  if (it == source.end()) return std::nullopt;
  return it->second;
}

std::vector<Document> FileDocumentSource::page(DocKind kind, const std::string& after_id, int limit) {
  const auto& source = kind == DocKind::kArticle ? articles_ : posts_;
  std::vector<Document> out;
  for (auto it = source.upper_bound(after_id); it != source.end() && static_cast<int>(out.size()) < limit; ++it) {
    out.push_back(it->second);
  }
  return out;
}

std::vector<Document> FileDocumentSource::all() const {
  std::vector<Document> out;
  for (const auto& [id, d] : articles_) out.push_back(d);
  for (const auto& [id, d] : posts_) out.push_back(d);
  return out;
}

}  // namespace soom::search
