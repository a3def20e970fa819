#pragma once
// Seed article files (content/README.md): TOML front matter between two `+++` lines, then the
// Markdown body. The front matter names the category by its Korean name.
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "modules/content/content.hpp"

namespace soom::content {

// Parses and validates one file. `file_name` is `NN-slug.md`; the slug must match it. Errors
// name the file and the offending key in public_message.
Result<ArticleInput> parse_article_file(std::string_view file_name, std::string_view text);

}  // namespace soom::content
