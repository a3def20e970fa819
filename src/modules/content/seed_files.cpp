// Reads content/articles/*.md for `soomcare seed content` (contract: content/README.md).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "modules/content/content.hpp"
#include "modules/content/front_matter.hpp"

namespace soom::content {
namespace {

// The message names the file: the CLI prints public_message to the operator.
Error load_error(const std::string& field, const std::string& code, const std::string& message) {
  auto error = Error::validation(field, code, message);
  error.public_message = message;
  return error;
}

}  // namespace

Result<std::vector<ArticleInput>> load_article_files(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return load_error("dir", "not_found", dir + ": 디렉터리가 없습니다");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".md") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());  // NN- prefixes give a stable load order
  std::vector<ArticleInput> out;
  std::set<std::string> slugs;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return load_error("file", "unreadable", path.string() + ": 읽을 수 없습니다");
    auto article = parse_article_file(path.filename().string(), text.str());
    if (!article) return article.error();
    if (!slugs.insert(article->slug).second) {
      return load_error("slug", "duplicate", path.filename().string() + ": slug: 중복된 슬러그입니다");
    }
    out.push_back(std::move(article).value());
  }
  return out;
}

}  // namespace soom::content
