#pragma once
// Validation of an article's fields (editor API and seed files share it).
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "modules/content/content.hpp"

namespace soom::content {

// lower-kebab ASCII: [a-z0-9]+(-[a-z0-9]+)*, at most 80 characters.
bool is_valid_slug(std::string_view slug);

// Every violated rule, with field names as the API spells them; empty when valid. Tags are
// trimmed and deduplicated by normalize_input() before this runs.
std::vector<FieldError> validate_article(const ArticleInput& input);

// Trims text fields and tags, drops duplicate and empty tags (order kept).
ArticleInput normalize_input(ArticleInput input);

}  // namespace soom::content
