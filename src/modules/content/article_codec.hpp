#pragma once
// JSON text for the list-valued columns (tags, references) and the content hash that tells
// the seed loader whether a file changed since its last published revision.
#include <string>
#include <vector>

#include "modules/content/content.hpp"

namespace soom::content {

std::string tags_to_json(const std::vector<std::string>& tags);
std::vector<std::string> tags_from_json(const std::string& text);
std::string references_to_json(const std::vector<Reference>& references);
std::vector<Reference> references_from_json(const std::string& text);

// SHA-256 (hex) over every published field of the input, in a fixed order.
std::string content_hash(const ArticleInput& input);

}  // namespace soom::content
